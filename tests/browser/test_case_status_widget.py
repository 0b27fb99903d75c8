"""<case-status> in real Chromium against the real local server and its signed demo cases."""

import time
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser) -> Iterator[Page]:
    # page.route misses requests the offline service worker takes (Playwright's docs),
    # and it takes them once it controls the page: no worker where requests are routed.
    context = new_context(browser, viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context.new_page()
    context.close()


TEXTS = {
    "en": {
        "path": "case-status/",
        "submit": "Check my case",
        "now": "What you must do now",
        "waiting": "The office is waiting for something from you",
        "subscribe": "Send me emails",
        "subscribed": "We will email you when there is news in your case.",
        "not_found": "We could not find a case with this number and access code",
        "left": "days left",
    },
    "vi": {
        "path": "vi/case-status/",
        "submit": "Tra cứu hồ sơ của tôi",
        "now": "Việc bạn cần làm ngay",
        "subscribe": "Gửi email cho tôi",
        "subscribed": "Chúng tôi sẽ gửi email cho bạn khi hồ sơ có thông tin mới.",
        "not_found": "Không tìm thấy hồ sơ",
        "left": "Còn",
    },
}


def demo_case(server, line: int = 1) -> tuple[str, str]:
    listing = server.data_dir / "demo-cases.txt"
    for _ in range(100):
        if listing.exists():
            break
        time.sleep(0.2)
    case, code = listing.read_text(encoding="utf-8").splitlines()[line].split()
    return case, code


def no_violations(page: Page) -> None:
    results = Axe().run(page, context="case-status")
    assert results.violations_count == 0, results.generate_report()


def fill_by_keyboard(page: Page, case: str, code: str, submit: str) -> None:
    page.locator("#bz-case").focus()
    page.keyboard.type(case)
    page.keyboard.press("Tab")
    expect(page.locator("#bz-code")).to_be_focused()
    page.keyboard.type(code)
    page.locator("case-status").get_by_role("button", name=submit).focus()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_applicant_sees_what_to_do_and_by_when_and_turns_on_email_news(
    phone: Page, dev_server, language
):
    texts = TEXTS[language]
    case, code = demo_case(dev_server)
    phone.goto(dev_server.url + texts["path"])
    no_violations(phone)

    fill_by_keyboard(phone, case, code, texts["submit"])

    heading = phone.locator("case-status .bz-widget__heading")
    expect(heading).to_be_focused()
    now = phone.locator(".bz-case__now")
    expect(now).to_contain_text(texts["now"])
    expect(now.locator(".bz-case__deadline")).to_contain_text(texts["left"])
    if language == "en":
        expect(heading).to_have_text(texts["waiting"])
    expect(phone.locator(".bz-case__timeline li")).to_have_count(3)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    no_violations(phone)

    phone.locator("#bz-email").focus()
    phone.keyboard.type("news@example.org")
    phone.locator("case-status").get_by_role("button", name=texts["subscribe"]).focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(".bz-case__updates-done")).to_have_text(texts["subscribed"])
    assert code not in phone.url and case not in phone.url


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_wrong_code_gets_a_clear_message_in_the_readers_language(
    page: Page, dev_server, language
):
    texts = TEXTS[language]
    case, _ = demo_case(dev_server, line=4)
    page.goto(dev_server.url + texts["path"])

    fill_by_keyboard(page, case, "AAAA-AAAA-AAAA-AAAA", texts["submit"])

    alert = page.locator("case-status [role=alert]")
    expect(alert).to_contain_text(texts["not_found"])
    expect(alert).to_be_focused()
    no_violations(page)


def test_a_malformed_case_number_is_marked_on_its_field(page: Page, dev_server):
    page.goto(dev_server.url + "case-status/")

    fill_by_keyboard(page, "12345", "", "Check my case")

    expect(page.locator("#bz-case")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#bz-case")).to_be_focused()
    expect(page.locator("#bz-code-error")).to_have_text("Fill in this field.")
    no_violations(page)


def test_a_rate_limit_from_the_firewall_is_explained_in_the_readers_language(
    page: Page, dev_server
):
    """API Gateway and WAF answer in English only (no Content-Language); the widget says it in
    the reader's language. They do not run here, so their answer is played back to the browser."""
    gateway_problem = (
        '{"type": "urn:blizej:problem:too-many-requests", "status": 429,'
        ' "code": "too-many-requests", "title": "Too many requests. Please wait a moment."}'
    )
    page.route(
        "**/api/cases/lookup",
        lambda route: route.fulfill(
            status=429, content_type="application/problem+json", body=gateway_problem
        ),
    )
    case, _ = demo_case(dev_server, line=4)
    page.goto(dev_server.url + "uk/case-status/")

    fill_by_keyboard(page, case, "AAAA-AAAA-AAAA-AAAA", "Перевірити мою справу")

    alert = page.locator("case-status [role=alert]")
    expect(alert).to_contain_text("Забагато людей намагаються одночасно")
    expect(alert).not_to_contain_text("Too many requests")
