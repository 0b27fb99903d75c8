"""The fair release in <booking-calendar>, in real Chromium against the real local server: enter a
ballot and see it won (uk), join a waiting list and accept the seat a cancellation frees (pl), by
keyboard alone, on a 320-pixel phone, with axe-core clean at each step.

Each test has its own service at an office no other browser test books (Siedlce, Ostrołęka), made
through the admin API, so the seats it counts are its own.
"""

import email
import email.policy
import json
import re
import secrets
import urllib.request
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context
from tests.conftest import RunningServer, free_port, start_dev_server, stop

pytestmark = pytest.mark.browser

NAMES = {
    "en": "Fair release test",
    "pl": "Test sprawiedliwego przydziału",
    "uk": "Тест чесного розподілу",
    "ru": "Тест честного распределения",
    "vi": "Thử phân bổ công bằng",
}
# The dev servers' clock starts on Monday 7 December 2026, 09:00 in Warsaw (OFFICE_MORNING).
BALLOT = {
    "id": "fr-widget-ballot",
    "site": "sie",
    "service": "fr-widget-ballot",
    "first_day": "2026-12-17",
    "last_day": "2026-12-17",
    "entries_open": "2026-12-07T07:00:00Z",
    "entries_close": "2026-12-07T18:00:00Z",
    "draw_at": "2026-12-07T19:00:00Z",
}
AFTER_THE_DRAW = "2026-12-07T19:05:00+00:00 ticking"


def api(server: RunningServer, method: str, path: str, payload=None, headers=None):
    token = (server.data_dir / "staff-token").read_text().strip()
    request = urllib.request.Request(
        server.url + "api" + path,
        method=method,
        data=json.dumps(payload).encode() if payload is not None else b"",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def own_service(server: RunningServer, site: str, service: str, weekly: dict, days: int) -> None:
    api(
        server,
        "PUT",
        f"/admin/services/{service}",
        {"name": NAMES, "duration_minutes": 30, "letter": "F", "identifiers": []},
    )
    api(
        server,
        "PUT",
        f"/admin/sites/{site}/schedules/{service}",
        {"weekly": weekly, "counters": 1, "window_days": days},
    )


def outbox(server: RunningServer) -> list:
    folder = server.data_dir / "outbox"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def link_in_newest_email(server: RunningServer, before: int, fragment: str) -> str:
    sent = outbox(server)
    assert len(sent) > before, "no new email in the outbox"
    body = sent[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"(http\S+#{fragment}=\S+)", body).group(1)


def press(page: Page, name: str) -> None:
    """Reaches a button by keyboard focus and presses Enter: no mouse anywhere."""
    button = page.locator("booking-calendar").get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def tick(page: Page, selector: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Space")


def heading_is(page: Page, text: str) -> None:
    heading = page.locator(".bz-booking__heading")
    expect(heading).to_have_text(text)
    expect(heading).to_be_focused()


def clean(page: Page) -> None:
    results = Axe().run(page, context="booking-calendar")
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def fill_person(page: Page, document: str) -> None:
    type_into(page, "#bz-name", "Olena Kovalenko")
    type_into(page, "#bz-email", "olena@example.org")
    type_into(page, "#bz-document", document)
    tick(page, "#bz-consent")


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A dev server of this module's own, so that it can be stopped and started again later on
    the same data (the draw needs a clock past `draw_at`)."""
    tmp = tmp_path_factory.mktemp("fair-release")
    running = {"tmp": tmp, "server": start_dev_server(tmp, free_port())}
    urllib.request.urlopen(running["server"].url, timeout=120)
    yield running
    stop(running["server"])


@pytest.fixture
def uk_phone(browser) -> Iterator[Page]:
    context = new_context(browser, viewport={"width": 320, "height": 640}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_a_person_enters_a_ballot_confirms_from_the_email_and_sees_the_seat_won_in_ukrainian(
    uk_phone: Page, own_server
):
    server = own_server["server"]
    own_service(server, "sie", BALLOT["service"], {"3": [["08:00", "09:00"]]}, 28)
    api(server, "PUT", f"/admin/release-policies/sie/{BALLOT['service']}", {"mode": "ballot"})
    api(server, "POST", "/admin/ballots", BALLOT)
    page = uk_phone
    page.goto(server.url + "uk/book/")
    page.locator("#bz-site").select_option("sie")
    expect(page.locator(f"#bz-service option[value={BALLOT['service']}]")).to_have_count(1)
    page.locator("#bz-service").select_option(BALLOT["service"])
    expect(page.locator("#bz-service-mode")).to_contain_text("Подайте заявку на жеребкування до")
    clean(page)

    press(page, "Показати вільний час")
    heading_is(page, "Візити за жеребкуванням")
    clean(page)
    press(page, "Подати заявку на жеребкування")
    heading_is(page, "Заявка на жеребкування")
    press(page, "Надіслати заявку")
    expect(page.locator("#bz-name")).to_be_focused()
    expect(page.locator("#bz-name-error")).to_have_text("Заповніть це поле.")
    clean(page)
    sent_before = len(outbox(server))
    fill_person(page, f"U{secrets.token_hex(4).upper()}")
    tick(page, "#bz-day-3")  # Thursday
    tick(page, "#bz-part-morning")
    press(page, "Надіслати заявку")
    heading_is(page, "Перевірте електронну пошту")
    clean(page)

    link = link_in_newest_email(server, sent_before, "entry")
    page.goto(link)
    heading_is(page, "Ваша заявка на жеребкування")
    expect(page.locator("[data-state=entered]")).to_be_visible()
    clean(page)

    stop(server)
    server = start_dev_server(
        own_server["tmp"], free_port(), settings={"BLIZEJ_NOW": AFTER_THE_DRAW}
    )
    own_server["server"] = server
    api(server, "POST", f"/admin/ballots/{BALLOT['id']}/draw")
    page.goto("about:blank")
    page.goto(link.replace(link.split("uk/book/")[0], server.url))
    heading_is(page, "Ви записані на візит")
    expect(page.locator("[data-state=won]")).to_be_visible()
    assert re.fullmatch(
        r"[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{2}", page.locator(".bz-booking__code").inner_text()
    )
    clean(page)


def test_a_person_joins_the_waiting_list_and_accepts_the_seat_a_cancellation_frees_in_polish(
    phone: Page, dev_server
):
    service = "fr-widget-waiting"
    # One seat only: Wednesday 9 December, 08:00–08:30, the booking window three days long.
    own_service(dev_server, "ost", service, {"2": [["08:00", "08:30"]]}, 3)
    sent_before = len(outbox(dev_server))
    held = api(
        dev_server,
        "POST",
        "/bookings",
        {
            "site": "ost",
            "service": service,
            "start": "2026-12-09T07:00:00Z",
            "name": "Ivan Petrenko",
            "email": "ivan@example.org",
            "document": f"W{secrets.token_hex(4).upper()}",
            "language": "pl",
            "consent": True,
        },
    )
    confirm = link_in_newest_email(dev_server, sent_before, "confirm")
    token = re.search(r"token=([^&\s]+)", confirm).group(1)
    booked = api(dev_server, "POST", "/bookings/confirm", {"code": held["code"], "token": token})
    page = phone
    page.goto(dev_server.url + "pl/book/")
    page.locator("#bz-site").select_option("ost")
    expect(page.locator(f"#bz-service option[value={service}]")).to_have_count(1)
    page.locator("#bz-service").select_option(service)

    press(page, "Pokaż wolne terminy")
    heading_is(page, "Wybierz dzień")
    expect(page.locator("button.bz-booking__day")).to_have_count(0)
    press(page, "Zapisz się na listę oczekujących")
    heading_is(page, "Zapis na listę oczekujących")
    clean(page)
    sent_before = len(outbox(dev_server))
    fill_person(page, f"P{secrets.token_hex(4).upper()}")
    press(page, "Zapisz się na listę oczekujących")
    heading_is(page, "Jesteś na liście oczekujących")
    expect(page.locator(".bz-booking__lead")).to_contain_text("Twoje miejsce na liście: 1.")
    clean(page)
    link = link_in_newest_email(dev_server, sent_before, "waiting")

    api(
        dev_server,
        "POST",
        f"/bookings/{held['code']}/cancel",
        None,
        {"X-Manage-Token": booked["manage_token"]},
    )
    page.goto("about:blank")
    page.goto(link)
    heading_is(page, "Termin dla Ciebie")
    expect(page.locator(".bz-booking__lead[data-start]")).to_have_attribute(
        "data-start", "2026-12-09T07:00:00Z"
    )
    clean(page)
    press(page, "Przyjmij ten termin")
    heading_is(page, "Twoja wizyta została umówiona")
    assert re.fullmatch(
        r"[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{2}", page.locator(".bz-booking__code").inner_text()
    )
    assert "#manage=" in page.url, "the spent offer link is replaced by the manage link"
    expect(page.locator("[role=status]")).not_to_be_empty()
    clean(page)
