"""The manage page states the booking rules before the person acts, and the form starts with the
head office or the office chosen last on this device."""

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_booking_widget import newest_email, no_violations, outbox_size

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/booking")
PAGE_NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # the server's pinned Monday, 09:00 Warsaw


def booked(page: Page, server, day: str, earliest: str) -> str:
    """Books and confirms through the API; returns the manage link from the email."""
    api = server.url + "api/"
    query = f"site=waw&service=fingerprints&from={day}&to={day}"
    slots = page.request.get(api + f"availability?{query}").json()["days"][0]["slots"]
    start = next(s["start"] for s in slots if s["start"] >= earliest)
    sent = outbox_size(server)
    hold = page.request.post(
        api + "bookings",
        data={
            "site": "waw",
            "service": "fingerprints",
            "start": start,
            "name": "Anna Test",
            "email": "anna@example.org",
            "document": f"R{secrets.token_hex(4).upper()}",
            "language": "pl",
            "consent": True,
            "identifiers": {"mos": "MOS-2026-0077"},
        },
    )
    assert hold.status == 202, hold.text()
    text = newest_email(server, sent).get_body(preferencelist=("plain",)).get_content()
    code, token = re.search(r"#confirm=([A-Z0-9-]+)&token=([A-Za-z0-9_-]+)", text).groups()
    confirmed = page.request.post(api + "bookings/confirm", data={"code": code, "token": token})
    return f"{server.url}pl/book/#manage={code}&token={confirmed.json()['manage_token']}"


def test_two_hours_before_the_manage_page_offers_no_change_says_why_and_still_cancels(
    page: Page, dev_server
):
    link = booked(page, dev_server, "2026-12-07", "2026-12-07T10:00:00Z")
    page.clock.install(time=PAGE_NOW)

    page.goto(link)

    widget = page.locator("booking-calendar")
    expect(widget.locator(".bz-booking__code")).to_be_visible()
    expect(widget.get_by_role("button", name="Zmień termin")).to_have_count(0)
    expect(widget.locator("#bz-too-late")).to_contain_text("nie można już zmienić")
    expect(widget.locator(".bz-booking__contact")).to_contain_text("Marszałkowska 3/5")
    no_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "manage-2h-pl.png", full_page=True)
    widget.get_by_role("button", name="Odwołaj wizytę").click()
    widget.get_by_role("button", name="Tak, odwołaj").click()
    expect(page.locator(".bz-booking__heading")).to_have_text("Twoja wizyta została odwołana")


def test_three_days_before_the_manage_page_offers_both_and_states_the_cutoff(
    page: Page, dev_server
):
    link = booked(page, dev_server, "2026-12-10", "2026-12-10T08:00:00Z")
    page.clock.install(time=PAGE_NOW)

    page.goto(link)

    widget = page.locator("booking-calendar")
    expect(widget.get_by_role("button", name="Zmień termin")).to_be_visible()
    expect(widget.get_by_role("button", name="Odwołaj wizytę")).to_be_visible()
    expect(widget.locator(".bz-booking__rules")).to_contain_text("9 grudnia 2026")
    expect(widget.locator(".bz-booking__rules")).to_contain_text("aż do jej rozpoczęcia")
    no_violations(page)
    page.screenshot(path=SHOTS / "manage-3d-pl.png", full_page=True)


def test_the_form_starts_with_the_head_office_and_remembers_the_last_choice_after_reload(
    page: Page, dev_server
):
    page.goto(dev_server.url + "book/")
    site = page.locator("#bz-site")
    expect(site).to_have_value("waw")

    site.select_option("rad")
    page.reload()

    expect(page.locator("#bz-site")).to_have_value("rad")
