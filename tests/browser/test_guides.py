"""Guides in real Chromium: the path, checklists and self-checks by keyboard, print, axe."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

JOURNEY = "guides/temporary-residence/"
CHECKLIST = JOURNEY + "gather-documents/"
SELF_CHECK = JOURNEY + "collect-your-card/"


def url(server, language: str, path: str) -> str:
    return server.url + ("" if language == "en" else f"{language}/") + path


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def could_carry_data(request, server) -> bool:
    """Whether a request could take something away: anything but a plain GET of the theme's files.

    The theme's search loads its scripts and its language's index when opened; those requests are
    the same on every page of a language, with no query, and carry nothing the reader did.
    """
    parts = urlsplit(request.url)
    theme_file = parts.path.startswith("/assets/javascripts/") or (
        "/search/search_index." in parts.path and parts.path.endswith(".json")
    )
    same_site = f"{parts.scheme}://{parts.netloc}/" == server.url
    return not (request.method == "GET" and same_site and not parts.query and theme_file)


def test_a_step_shows_the_whole_path_with_the_current_step_marked(page, dev_server):
    page.goto(url(dev_server, "uk", CHECKLIST))

    path = page.get_by_role("navigation", name="Кроки в цьому порадникові")
    expect(path.get_by_role("listitem")).to_have_count(8)
    current = path.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "./")
    expect(page.locator(".bz-path__where")).to_have_text("Крок 2 з 8")

    page.locator(".bz-moves a").last.click()
    expect(page.locator(".bz-path__where")).to_have_text("Крок 3 з 8")


def test_a_checklist_is_ticked_by_keyboard_and_kept_on_the_device_only(phone, dev_server):
    phone.goto(url(dev_server, "pl", CHECKLIST))
    status = phone.locator(".bz-checklist__status")
    expect(status).to_have_text("Zaznaczono: 0 z 6")
    phone.wait_for_load_state("networkidle")
    sent: list[str] = []
    phone.on(
        "request",
        lambda request: could_carry_data(request, dev_server) and sent.append(request.url),
    )

    tab_to(phone, ".checklist input[type=checkbox]")
    phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Space")

    expect(status).to_have_text("Zaznaczono: 2 z 6")
    phone.wait_for_load_state("networkidle")
    assert sent == [], "ticking sends nothing anywhere"
    phone.reload()
    boxes = phone.locator(".checklist input[type=checkbox]")
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).not_to_be_checked()
    expect(boxes.nth(2)).to_be_checked()
    expect(status).to_have_text("Zaznaczono: 2 z 6")

    tab_to(phone, ".bz-checklist__actions button:first-child")
    phone.keyboard.press("Enter")
    expect(status).to_have_text("Zaznaczono: 0 z 6")
    phone.reload()
    expect(phone.locator(".checklist input:checked")).to_have_count(0)


def test_a_checklist_prints_without_navigation_or_buttons(page, dev_server):
    page.goto(url(dev_server, "ru", CHECKLIST))
    page.locator(".checklist input[type=checkbox]").first.check()

    page.emulate_media(media="print")

    expect(page.locator(".checklist input[type=checkbox]").first).to_be_visible()
    expect(page.locator(".bz-checklist__actions")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()


def test_a_self_check_is_answered_by_keyboard_with_explanations(phone, dev_server):
    phone.goto(url(dev_server, "vi", SELF_CHECK))
    questions = phone.locator(".bz-self-check__question")
    expect(questions).to_have_count(4)
    first = questions.nth(0)

    tab_to(phone, ".bz-self-check__question input[type=radio]")
    phone.keyboard.press("Space")  # the first answer, which is wrong
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")

    feedback = first.locator(".bz-self-check__feedback")
    expect(feedback).to_contain_text("Chưa đúng. Câu trả lời đúng là:")
    expect(first.locator(".bz-self-check__explanation")).to_be_visible()

    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("ArrowDown")  # arrows move within the radio group to the right answer
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(feedback).to_have_text("Đúng rồi.")

    second = questions.nth(1)
    tab_to(phone, ".bz-self-check__question:nth-of-type(2) button")
    phone.keyboard.press("Enter")
    expect(second.locator(".bz-self-check__feedback")).to_have_text(
        "Vui lòng chọn một câu trả lời trước."
    )
    expect(phone.locator(".bz-self-check__score")).to_have_text("")


def test_a_self_check_counts_the_right_answers_when_all_are_answered(page, dev_server):
    page.goto(url(dev_server, "en", SELF_CHECK))
    questions = page.locator(".bz-self-check__question")

    for index in range(questions.count()):
        question = questions.nth(index)
        question.locator("input[type=radio]").first.check()
        question.get_by_role("button").click()

    right = page.locator(".bz-self-check__feedback.is-right").count()
    assert 0 < right < 4, "the first answers are right in some questions, not in all"
    expect(page.locator(".bz-self-check__score")).to_have_text(f"Correct answers: {right} of 4")


SAMPLE = ["guides/", JOURNEY, CHECKLIST, SELF_CHECK, "guides/after-you-apply/deadlines/"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", SAMPLE)
def test_axe_finds_no_violations_on_guide_pages(page, dev_server, language, path):
    page.goto(url(dev_server, language, path))
    if path == SELF_CHECK:
        question = page.locator(".bz-self-check__question").first
        question.locator("input[type=radio]").first.check()
        question.get_by_role("button").click()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
