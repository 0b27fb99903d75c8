"""<booking-calendar> in real Chromium against the real local server: book, confirm from the email,
reschedule and cancel, by keyboard alone, on a 320-pixel phone, with axe-core clean at each step."""

import email
import email.policy
import re
import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TEXTS = {
    "en": {
        "path": "book/",
        "choose": "Book an appointment",
        "show": "Show free times",
        "month": "Choose a day",
        "times": "Choose a time",
        "form": "Your details",
        "book": "Book this time",
        "check": "Check your email",
        "confirmed": "Your appointment is booked",
        "change": "Change the time",
        "manage": "Your appointment",
        "cancel": "Cancel the appointment",
        "yes": "Yes, cancel it",
        "cancelled": "Your appointment is cancelled",
        "required": "Fill in this field.",
    },
    "uk": {
        "path": "uk/book/",
        "choose": "Записатися на візит",
        "show": "Показати вільний час",
        "month": "Виберіть день",
        "times": "Виберіть час",
        "form": "Ваші дані",
        "book": "Записатися на цей час",
        "check": "Перевірте електронну пошту",
        "confirmed": "Ви записані на візит",
        "change": "Змінити час",
        "manage": "Ваш візит",
        "cancel": "Скасувати візит",
        "yes": "Так, скасувати",
        "cancelled": "Ваш візит скасовано",
        "required": "Заповніть це поле.",
    },
}


def press(page: Page, name: str) -> None:
    """Reaches a button by keyboard focus and presses Enter: no mouse anywhere."""
    button = page.locator("booking-calendar").get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")


def type_into(page: Page, label: str, text: str) -> None:
    field = page.locator("booking-calendar").get_by_label(label, exact=True)
    field.focus()
    page.keyboard.type(text)


def heading_is(page: Page, text: str) -> None:
    heading = page.locator(".bz-booking__heading")
    expect(heading).to_have_text(text)
    expect(heading).to_be_focused()


def no_violations(page: Page) -> None:
    results = Axe().run(page, context="booking-calendar")
    assert results.violations_count == 0, results.generate_report()


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def pick_day(page: Page, day: str) -> None:
    """The day's button in the month shown, reached by keyboard (the clock says 7 December)."""
    button = page.locator(f"button.bz-booking__day[data-day='{day}']")
    button.focus()
    page.keyboard.press("Enter")


def newest_email(server, after: int):
    folder = server.data_dir / "outbox"
    files = sorted(folder.glob("*.eml"))
    assert len(files) > after, "no new email in the outbox"
    return email.message_from_bytes(files[-1].read_bytes(), policy=email.policy.default)


def outbox_size(server) -> int:
    folder = server.data_dir / "outbox"
    return len(list(folder.glob("*.eml"))) if folder.exists() else 0


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_person_books_confirms_reschedules_and_cancels_by_keyboard_on_a_phone(
    phone: Page, dev_server, language
):
    texts = TEXTS[language]
    page = phone
    page.goto(dev_server.url + texts["path"])
    expect(page.locator(".bz-booking__heading")).to_have_text(texts["choose"])
    no_violations(page)

    page.locator("#bz-site").select_option("waw")
    expect(page.locator("#bz-service option[value=permanent]")).to_have_count(1)  # Warsaw's list
    page.locator("#bz-service").select_option("fingerprints")
    press(page, texts["show"])
    heading_is(page, texts["month"])
    no_violations(page)
    no_sideways_scroll(page)

    expect(page.locator("button.bz-booking__day").first).to_have_attribute("data-day", "2026-12-07")
    pick_day(page, "2026-12-09")  # Wednesday: far enough ahead to change it online later
    heading_is(page, texts["times"])
    no_violations(page)
    first_time = page.locator("button.bz-booking__time").first
    chosen_start = first_time.get_attribute("data-start")
    first_time.focus()
    page.keyboard.press("Enter")
    heading_is(page, texts["form"])
    no_violations(page)

    press(page, texts["book"])
    name = page.locator("#bz-name")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#bz-name-error")).to_have_text(texts["required"])
    no_violations(page)

    sent_before = outbox_size(dev_server)
    document = f"T{secrets.token_hex(4).upper()}"
    page.locator("#bz-name").focus()
    page.keyboard.type("Olena Kovalenko")
    page.locator("#bz-email").focus()
    page.keyboard.type("olena@example.org")
    page.locator("#bz-document").focus()
    page.keyboard.type(document)
    page.locator("#bz-mos").focus()
    page.keyboard.type("MOS-2026-0042")
    page.locator("#bz-consent").focus()
    page.keyboard.press("Space")
    press(page, texts["book"])
    heading_is(page, texts["check"])
    expect(page.locator(".bz-booking__lead")).to_contain_text("olena@example.org")
    no_violations(page)

    message = newest_email(dev_server, sent_before)
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"(http\S+#confirm=\S+)", body).group(1)
    assert message["Content-Language"] == language
    page.goto(link)
    heading_is(page, texts["confirmed"])
    code = page.locator(".bz-booking__code").inner_text()
    assert re.fullmatch(r"WAW-[A-Z0-9]{4}-[A-Z0-9]{2}", code)
    assert "#manage=" in page.url, "the spent confirmation link is replaced by the manage link"
    no_violations(page)
    no_sideways_scroll(page)

    page.goto("about:blank")
    page.goto(link)  # the link in the email, opened a second time
    heading_is(page, texts["confirmed"])
    expect(page.locator(".bz-booking__code")).to_have_text(code)
    assert outbox_size(dev_server) == sent_before + 2, "no second confirmation email"

    press(page, texts["change"])
    heading_is(page, texts["month"])
    pick_day(page, "2026-12-10")
    heading_is(page, texts["times"])
    other = page.locator(f"button.bz-booking__time:not([data-start='{chosen_start}'])").first
    new_start = other.get_attribute("data-start")
    other.focus()
    page.keyboard.press("Enter")
    heading_is(page, texts["manage"])
    expect(page.locator("[role=status]")).not_to_be_empty()
    no_violations(page)

    page.reload()
    heading_is(page, texts["manage"])
    shown = page.locator(".bz-booking__details dd").nth(2).inner_text()
    assert new_start != chosen_start and shown

    press(page, texts["cancel"])
    heading_is(page, texts["cancel"])
    press(page, texts["yes"])
    heading_is(page, texts["cancelled"])
    no_violations(page)
    cancelled_email = newest_email(dev_server, outbox_size(dev_server) - 1)
    assert code in cancelled_email["Subject"]


def test_the_widget_shows_the_problem_in_the_readers_language_when_the_link_is_spent(
    page: Page, dev_server
):
    page.goto(dev_server.url + "pl/book/#confirm=WAW-AAAA-AA&token=" + "x" * 32)

    alert = page.locator("booking-calendar [role=alert]")

    expect(alert).to_contain_text("Nie znaleźliśmy tej rezerwacji")
    no_violations(page)


def test_without_javascript_the_page_still_says_how_to_book(browser, dev_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(dev_server.url + "vi/book/")

    expect(page.locator("booking-calendar a[href*='gov.pl']")).to_be_visible()
    context.close()
