"""The queue in real Chromium: a booked person checks in at the kiosk, a counter calls them from the
staff console by keyboard, the board shows it and the ticket page updates by itself."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

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


def no_violations(page: Page, element: str) -> None:
    results = Axe().run(page, context=element)
    assert results.violations_count == 0, results.generate_report()


def press(page: Page, element: str, name: str) -> None:
    page.locator(element).get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


@pytest.fixture
def screens(browser):
    """Several devices at once: closed after the test, so nothing keeps polling the server."""
    contexts = []

    def open_screen(width: int, height: int) -> Page:
        contexts.append(new_context(browser, viewport={"width": width, "height": height}))
        return contexts[-1].new_page()

    yield open_screen
    for context in contexts:
        context.close()


def test_check_in_call_board_and_ticket_work_together(screens, dev_server):
    # Booked on Friday for 09:30; the office's clock says it is a little after nine on Monday.
    code, document = dev_server.booked_on_friday["code"], dev_server.booked_on_friday["document"]
    kiosk = screens(800, 1000)
    kiosk.goto(dev_server.url + "uk/kiosk/")
    no_violations(kiosk, "queue-kiosk")

    press(kiosk, "queue-kiosk", "Українська")
    press(kiosk, "queue-kiosk", "У мене є запис")
    kiosk.locator("#bz-code").focus()
    kiosk.keyboard.type(code)
    kiosk.locator("#bz-document").focus()
    kiosk.keyboard.type(document)
    press(kiosk, "queue-kiosk", "Зареєструватися")
    number = kiosk.locator(".bz-queue__number")
    expect(number).to_have_text(re.compile(r"X\d{3}"))
    ticket_number = number.inner_text()
    no_violations(kiosk, "queue-kiosk")
    ticket_link = kiosk.locator("queue-kiosk .bz-slip__qr").get_attribute("data-address")

    phone = screens(320, 640)
    phone.goto(ticket_link)
    expect(phone.locator(".bz-ticket__message")).to_contain_text("Будь ласка, зачекайте")
    no_violations(phone, "queue-ticket")

    board = screens(1280, 720)
    board.goto(dev_server.url + "pl/board/")
    expect(board.locator(".bz-board__waiting")).to_be_visible()
    no_violations(board, "queue-board")

    console = screens(1000, 900)
    console.goto(dev_server.url + "staff-console/")
    console.locator("#bz-token").focus()
    console.keyboard.type((dev_server.data_dir / "staff-token").read_text().strip())
    console.keyboard.press("Enter")
    console.locator("#bz-counter").fill("")
    console.locator("#bz-counter").focus()
    console.keyboard.type("7")
    press(console, "staff-console", "Open the counter")
    expect(console.locator(".bz-widget__heading")).to_have_text("Counter console — 7")
    no_violations(console, "staff-console")
    console.locator(".bz-widget__heading").focus()
    console.keyboard.press("n")
    expect(console.locator(".bz-console__current .bz-queue__number")).to_have_text(ticket_number)

    expect(board.locator(".bz-board__calls")).to_contain_text(ticket_number, timeout=15_000)
    expect(board.locator(".bz-board__calls")).to_contain_text("7")
    expect(phone.locator(".bz-ticket__message--called")).to_contain_text(
        "віконця 7", timeout=20_000
    )
    no_violations(phone, "queue-ticket")

    console.locator(".bz-widget__heading").focus()
    console.keyboard.press("s")
    expect(console.locator(".bz-console__current")).to_have_count(0)
    expect(phone.locator(".bz-ticket__message")).to_contain_text("Вас обслужено", timeout=20_000)
    assert urlsplit(ticket_link).fragment.startswith("id=waw.")


def test_a_walk_in_takes_a_ticket_for_a_service_without_booking(page: Page, dev_server):
    page.goto(dev_server.url + "vi/kiosk/")

    press(page, "queue-kiosk", "Tiếng Việt")
    press(page, "queue-kiosk", "Tôi chưa đặt lịch")
    page.locator("queue-kiosk").get_by_role("button", name="Quầy thông tin").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".bz-queue__number")).to_have_text(re.compile(r"I\d{3}"))
    no_violations(page, "queue-kiosk")


def test_the_board_keeps_the_last_state_when_the_api_is_away(page: Page, dev_server):
    page.goto(dev_server.url + "board/")
    updated = page.locator(".bz-board__updated")
    expect(updated).to_contain_text("(Polish time)")

    page.route("**/api/**", lambda route: route.abort())

    alert = page.locator("queue-board [role=alert]")
    expect(alert).to_contain_text("No connection. Showing the state at", timeout=12_000)
    expect(page.locator(".bz-board__waiting")).to_be_visible()
    no_violations(page, "queue-board")
