"""The permit finder in real Chromium: paths walked by keyboard alone, Back and Start again, the
page without JavaScript, a 320 px phone and axe."""

import re

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from hooks.finder import PAGE, Flow, parse
from hooks.widget_texts import texts
from tests.browser.conftest import new_context
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

STRINGS = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
HEADING = "#permit-finder-heading"
# Each path: the steps the reader's answers lead to, and the guide its result links to.
PATHS = {
    "work": (
        ["have-permit", "in-poland", "purpose", "work-length", "single-permit"],
        "guides/work-and-residence/",
    ),
    "ukraine": (["ukraine"], "guides/citizens-of-ukraine/"),
    "marriage": (
        ["have-permit", "in-poland", "purpose", "long-stay", "marriage", "permanent-residence"],
        "guides/permanent-residence/",
    ),
}


def url(server, language: str, fragment: str = "") -> str:
    return server.url + ("" if language == "en" else f"{language}/") + "which-permit/" + fragment


def flow_of(language: str) -> Flow:
    text = (ROOT / "docs" / language / PAGE).read_text(encoding="utf-8")
    return parse(text, STRINGS["finder_source"][language])


def words(language: str, key: str) -> str:
    return texts(language)["permit-finder"][key]


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_by_keyboard(page: Page, position: int) -> None:
    """Tab into the answers, pick the one at `position` with the arrow keys, press Next."""
    tab_to(page, "permit-finder input[type=radio]")
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    tab_to(page, "permit-finder button[type=submit]")
    page.keyboard.press("Enter")


def open_finder(page: Page, server, language: str, fragment: str = "") -> None:
    page.goto(url(server, language, fragment))
    expect(page.locator("permit-finder.bz-finder--ready")).to_be_attached()


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("name", list(PATHS))
def test_a_reader_walks_to_the_guide_that_fits_by_keyboard_alone(page, dev_server, language, name):
    steps, guide = PATHS[name]
    flow = flow_of(language)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else None)
    open_finder(page, dev_server, language)
    heading = page.locator(HEADING)
    expect(heading).to_contain_text(flow.steps[flow.start].title)

    here = flow.start
    for number, step in enumerate(steps, start=2):
        targets = [answer.target for answer in flow.steps[here].answers]
        answer_by_keyboard(page, targets.index(step))

        expect(heading).to_be_focused()
        expect(heading).to_contain_text(flow.steps[step].title)
        if flow.steps[step].is_question:
            caption = words(language, "question").format(number=number)
            expect(heading.locator(".bz-finder__caption")).to_contain_text(caption)
        here = step

    expect(heading.locator(".bz-finder__caption")).to_contain_text(words(language, "result"))
    assert page.url.endswith("#" + "/".join(steps))
    expect(page.locator(f'permit-finder a[href$="{guide}"]').first).to_be_visible()
    assert violations == []


def test_back_shows_the_previous_question_with_its_answer_and_start_again_forgets(
    phone, dev_server
):
    flow = flow_of("pl")
    open_finder(phone, dev_server, "pl")
    heading = phone.locator(HEADING)
    answer_by_keyboard(phone, 2)  # another country
    answer_by_keyboard(phone, 0)  # no permit yet: apply
    expect(heading).to_contain_text(flow.steps["in-poland"].title)

    tab_to(phone, "permit-finder .bz-finder__back")
    phone.keyboard.press("Enter")

    expect(heading).to_be_focused()
    expect(heading).to_contain_text(flow.steps["have-permit"].title)
    expect(phone.locator("permit-finder input[type=radio]").nth(0)).to_be_checked()
    assert phone.url.endswith("#have-permit")

    tab_to(phone, "permit-finder .bz-finder__restart")
    phone.keyboard.press("Enter")

    expect(heading).to_be_focused()
    expect(heading).to_contain_text(flow.steps["citizenship"].title)
    expect(phone.locator("permit-finder input:checked")).to_have_count(0)
    expect(phone.locator("permit-finder .bz-finder__back")).to_have_count(0)
    assert "#" not in phone.url


def test_the_browsers_back_and_a_reload_keep_the_readers_place(page, dev_server):
    flow = flow_of("en")
    open_finder(page, dev_server, "en")
    heading = page.locator(HEADING)
    answer_by_keyboard(page, 2)
    answer_by_keyboard(page, 0)

    page.go_back()

    expect(heading).to_be_focused()
    expect(heading).to_contain_text(flow.steps["have-permit"].title)

    page.go_forward()
    expect(heading).to_contain_text(flow.steps["in-poland"].title)
    page.reload()
    expect(heading).to_contain_text(flow.steps["in-poland"].title)
    expect(heading).to_be_focused()
    expect(page.locator("permit-finder .bz-finder__back")).to_be_visible()


def test_a_fragment_that_skips_a_step_is_followed_only_as_far_as_it_holds(page, dev_server):
    flow = flow_of("en")

    open_finder(page, dev_server, "en", "#have-permit/studies/ukraine")

    expect(page.locator(HEADING)).to_contain_text(flow.steps["have-permit"].title)
    assert flow.steps["have-permit"].is_question


def test_next_without_an_answer_says_so_in_the_question_and_aloud(page, dev_server):
    open_finder(page, dev_server, "vi")

    tab_to(page, "permit-finder button[type=submit]")
    page.keyboard.press("Enter")

    error = page.locator("#permit-finder-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(words("vi", "choose"))
    expect(page.locator("permit-finder input[type=radio]").first).to_be_focused()
    fieldset = page.locator("permit-finder fieldset")
    expect(fieldset).to_have_attribute("aria-describedby", re.compile("permit-finder-error"))
    expect(page.locator("permit-finder [role=status]")).to_have_text(
        f"{words('vi', 'error')}: {words('vi', 'choose')}"
    )


def test_without_javascript_the_steps_are_a_page_of_links_to_follow(browser, dev_server):
    flow = flow_of("en")
    phone_size = {"width": 320, "height": 640}
    context = new_context(browser, java_script_enabled=False, viewport=phone_size)
    page = context.new_page()
    try:
        page.goto(url(dev_server, "en"))

        steps = page.locator("permit-finder section[data-step]")
        expect(steps).to_have_count(len(flow.steps))
        expect(page.locator("permit-finder input")).to_have_count(0)
        walk = [
            ("Another country", "have-permit"),
            ("No, I want", "in-poland"),
            ("Yes, and my visa", "purpose"),
            ("Full-time studies", "studies"),
        ]
        for answer, step in walk:
            page.locator("permit-finder .bz-finder__answers a", has_text=answer).click()
            assert page.url.endswith(f"#{step}")
        page.go_back()
        assert page.url.endswith("#purpose")
        for result in (step for step in flow.steps.values() if not step.is_question):
            guide = page.locator(f'section[data-step="{result.id}"] a:not([href^="#"])')
            expect(guide.first).to_be_attached()
        page.locator('section[data-step="studies"] a[href$="guides/studies/"]').first.click()

        expect(page).to_have_url(re.compile(r"/guides/studies/$"))
    finally:
        context.close()


@pytest.mark.parametrize("fragment", ["", "#have-permit/in-poland/purpose/family", "#ukraine"])
def test_the_finder_fits_a_320_pixel_phone_without_sideways_scrolling(phone, dev_server, fragment):
    open_finder(phone, dev_server, "uk", fragment)

    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("state", ["question", "error", "result"])
def test_axe_finds_no_violations_on_the_finder(page, dev_server, language, state):
    open_finder(page, dev_server, language, "#ukraine" if state == "result" else "")
    if state == "error":
        page.locator("permit-finder button[type=submit]").click()
        expect(page.locator("#permit-finder-error")).to_be_visible()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
