"""The calendar through its HTTP API, on the local store, with time under the test's control."""

import email
import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from chalicelib.appointments import services
from chalicelib.mail import get_mailer
from chalicelib.security import keyed_hash
from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body

SLOT = "2026-12-14T08:00:00Z"  # Monday a week later, 09:00 in Warsaw
PERSON = {
    "site": "waw",
    "service": "fingerprints",
    "start": SLOT,
    "name": "Nguyễn Thị Lan",
    "email": "lan@example.org",
    "document": "AB 1234567",
    "language": "vi",
    "consent": True,
    "identifiers": {"mos": "MOS-2026-0001"},
}
JSON = {"Content-Type": "application/json"}


def emails(folder: Path) -> list[email.message.Message]:
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def hold(client, person: dict = PERSON, headers: dict | None = None):
    return client.http.post(
        "/bookings", headers={**JSON, **(headers or {})}, body=json.dumps(person).encode()
    )


def confirm_link(message) -> tuple[str, str]:
    found = re.search(r"#confirm=([A-Z0-9-]+)&token=([A-Za-z0-9_-]+)", text_of(message))
    return found.group(1), found.group(2)


def book(client, outbox, person: dict = PERSON) -> dict:
    assert hold(client, person).status_code == 202
    code, token = confirm_link(emails(outbox)[-1])
    response = client.http.post(
        "/bookings/confirm", headers=JSON, body=json.dumps({"code": code, "token": token}).encode()
    )
    assert response.status_code == 200, response.body
    return body(response)


def free_at(client, start: str = SLOT, service: str = "fingerprints") -> int:
    day = start[:10]
    response = client.http.get(f"/availability?site=waw&service={service}&from={day}&to={day}")
    slots = [s for d in body(response)["days"] for s in d["slots"]]
    return next((s["free"] for s in slots if s["start"] == start), 0)


def manage(code: str, token: str) -> dict:
    return {**JSON, "X-Manage-Token": token}


def test_services_of_an_office_are_listed(client, outbox):
    listed = body(client.http.get("/services?site=rad"))

    assert [s["id"] for s in listed] == ["collect-card", "fingerprints"]
    assert_problem(client.http.get("/services?site=xyz"), 404, "site-not-found")
    assert_problem(client.http.get("/services"), 422, "validation-failed")


def test_availability_lists_free_slots_and_is_cacheable(client, outbox, clock):
    query = "site=waw&service=fingerprints&from=2026-12-14&to=2026-12-27"

    response = client.http.get(f"/availability?{query}")

    days = body(response)["days"]
    assert response.headers["Cache-Control"] == "public, max-age=15"
    # 24–26 December are public holidays, 19–20 and 26–27 a weekend
    assert [d["date"] for d in days] == [
        "2026-12-14",
        "2026-12-15",
        "2026-12-16",
        "2026-12-17",
        "2026-12-18",
        "2026-12-21",
        "2026-12-22",
        "2026-12-23",
    ]
    assert days[0]["slots"][0] == {"start": "2026-12-14T07:00:00Z", "free": 3}
    again = client.http.get(
        f"/availability?{query}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("site=waw&service=fingerprints&from=2026-12-01&to=2027-02-15", "range-too-long"),
        ("site=waw&service=fingerprints&from=2026-13-01&to=2026-12-02", "validation-failed"),
        ("site=waw&service=fingerprints&from=2026-12-01", "validation-failed"),
        ("site=waw&service=fingerprints&from=2026-12-01&to=2026-12-02&x=1", "validation-failed"),
        ("site=waw&service=nothing&from=2026-12-01&to=2026-12-02", "service-not-found"),
    ],
)
def test_bad_availability_questions_get_a_clear_problem(client, outbox, clock, query, code):
    response = client.http.get(f"/availability?{query}")

    assert body(response)["code"] == code


def test_a_hold_takes_a_seat_and_emails_a_link_in_the_applicants_language(client, outbox, clock):
    response = hold(client)

    assert response.status_code == 202
    assert body(response)["state"] == "held"
    assert body(response)["hold_expires_at"] == "2026-12-07T07:15:00Z"
    [message] = emails(outbox)
    assert message["To"] == "lan@example.org"
    assert message["Subject"] == "Hãy xác nhận lịch hẹn trong vòng 15 phút"
    assert "http://blizej.test/vi/book/#confirm=WAW-" in text_of(message)
    assert "Thứ Hai, 14.12.2026, 09:00 (giờ Ba Lan)" in text_of(message)
    assert free_at(client) == 2


def test_confirming_gives_a_code_a_manage_token_and_an_email_with_a_calendar_file(
    client, outbox, clock
):
    confirmed = book(client, outbox)

    assert re.fullmatch(r"WAW-[A-Z0-9]{4}-[A-Z0-9]{2}", confirmed["code"])
    assert confirmed["state"] == "confirmed"
    assert len(confirmed["manage_token"]) >= 20
    message = emails(outbox)[-1]
    assert confirmed["code"] in message["Subject"]
    assert f"#manage={confirmed['code']}&token={confirmed['manage_token']}" in text_of(message)
    [attachment] = list(message.iter_attachments())
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Warsaw"
    clock.advance(hours=1)
    assert free_at(client) == 2, "a confirmed seat stays taken after the hold time"


def test_a_wrong_token_or_a_lapsed_hold_cannot_be_confirmed(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])

    wrong = client.http.post(
        "/bookings/confirm",
        headers=JSON,
        body=json.dumps({"code": code, "token": "x" * 32}).encode(),
    )
    clock.advance(minutes=15)
    late = client.http.post(
        "/bookings/confirm", headers=JSON, body=json.dumps({"code": code, "token": token}).encode()
    )

    assert_problem(wrong, 404, "booking-not-found")
    assert_problem(late, 410, "hold-expired")
    assert free_at(client) == 3, "the lapsed hold frees its seat at once"


def confirm(client, code: str, token: str):
    payload = json.dumps({"code": code, "token": token}).encode()
    return client.http.post("/bookings/confirm", headers=JSON, body=payload)


def test_the_same_confirmation_link_again_answers_with_the_booking_and_sends_no_email(
    client, outbox, clock
):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    first = confirm(client, code, token)
    clock.advance(hours=2)

    second = confirm(client, code, token)

    assert first.status_code == second.status_code == 200
    assert body(second) == body(first)
    assert body(second)["state"] == "confirmed"
    assert len(emails(outbox)) == 2, "the hold's email and one confirmation"
    shown = client.http.get(f"/bookings/{code}", headers=manage(code, body(second)["manage_token"]))
    assert body(shown)["state"] == "confirmed"
    assert_problem(hold(client, {**PERSON, "start": "2026-12-14T08:15:00Z"}), 409, "already-booked")


def test_after_a_confirmation_a_wrong_token_still_finds_nothing(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    confirm(client, code, token)

    wrong = confirm(client, code, token[:-4] + "AAAA")

    assert_problem(wrong, 404, "booking-not-found")
    assert len(emails(outbox)) == 2


def test_the_confirmation_link_after_a_reschedule_shows_the_new_time(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    confirmed = body(confirm(client, code, token))
    later = "2026-12-15T09:00:00Z"
    client.http.post(
        f"/bookings/{code}/reschedule",
        headers=manage(code, confirmed["manage_token"]),
        body=json.dumps({"start": later}).encode(),
    )

    again = confirm(client, code, token)

    assert again.status_code == 200
    assert body(again)["start"] == later
    assert body(again)["manage_token"] == confirmed["manage_token"]


def test_a_cancelled_bookings_confirmation_link_answers_as_a_lapsed_hold(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    confirmed = body(confirm(client, code, token))
    client.http.post(f"/bookings/{code}/cancel", headers=manage(code, confirmed["manage_token"]))

    again = confirm(client, code, token)

    assert_problem(again, 410, "hold-expired")
    assert get_store().bookings.get_booking(code).state == "cancelled"


class SeesTheHoldFirst:
    """The store as a second click saw it: still a hold, though the first click confirmed it."""

    def __init__(self, store, stale) -> None:
        self.store, self.stale = store, stale

    def get_booking(self, code: str):
        stale, self.stale = self.stale, None
        return stale or self.store.bookings.get_booking(code)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def test_two_clicks_at_once_confirm_once_and_both_get_the_booking(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    store = get_store()
    seen_by_the_second_click = store.bookings.get_booking(code)
    first = confirm(client, code, token)

    booking, manage_token = services.confirm_booking(
        code, token, SeesTheHoldFirst(store, seen_by_the_second_click), get_mailer(), clock()
    )

    assert booking.state == "confirmed"
    assert manage_token == body(first)["manage_token"]
    assert len(emails(outbox)) == 2


def test_a_booking_confirmed_before_links_could_repeat_points_to_its_email(client, outbox, clock):
    hold(client)
    code, token = confirm_link(emails(outbox)[-1])
    get_store().bookings.confirm(
        code, keyed_hash("manage", "drawn-at-random-before-the-change"), clock()
    )
    before = get_store().bookings.get_booking(code)

    again = confirm(client, code, token)

    assert_problem(again, 409, "already-confirmed")
    assert get_store().bookings.get_booking(code) == before
    assert len(emails(outbox)) == 1


def test_one_person_gets_one_active_booking_per_service(client, outbox, clock):
    book(client, outbox)
    other_time = {**PERSON, "start": "2026-12-14T08:15:00Z", "document": "ab-1234567"}

    response = hold(client, other_time)

    assert_problem(response, 409, "already-booked")
    assert free_at(client, "2026-12-14T08:15:00Z") == 3


def test_a_full_slot_refuses_the_next_person(client, outbox, clock):
    for number in range(3):
        assert hold(client, {**PERSON, "document": f"DOC{number}0000"}).status_code == 202

    response = hold(client, {**PERSON, "document": "DOC90000"})

    assert_problem(response, 409, "slot-full")
    assert len(emails(outbox)) == 3


@pytest.mark.parametrize(
    ("start", "why"),
    [
        ("2026-12-07T06:00:00Z", "in the past"),
        ("2026-12-07T07:30:00Z", "sooner than the minimum notice"),
        ("2026-12-25T08:00:00Z", "Christmas Day"),
        ("2026-12-19T08:00:00Z", "a Saturday"),
        ("2026-12-14T08:05:00Z", "not the start of a slot"),
        ("2027-03-01T08:00:00Z", "not yet released"),
    ],
)
def test_a_time_that_is_not_a_slot_cannot_be_held(client, outbox, clock, start, why):
    response = hold(client, {**PERSON, "start": start})

    assert_problem(response, 422, "slot-not-bookable")
    assert emails(outbox) == []


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "wrong-format"),
        ({"consent": False}, "consent", "not-allowed-value"),
        ({"language": "de"}, "language", "not-allowed-value"),
        ({"referrer": "bot"}, "referrer", "unknown-field"),
        ({"name": " "}, "name", "too-short"),
        ({"identifiers": {}}, "identifiers.mos", "required"),
    ],
)
def test_bad_applicant_data_is_refused_field_by_field(client, outbox, clock, change, field, code):
    response = hold(client, {**PERSON, **change})

    problem = assert_problem(response, 422, "validation-failed")
    assert {"field": field, "code": code} in problem["errors"]
    assert free_at(client) == 3


def test_an_oversized_hold_request_is_refused(client, outbox, clock):
    response = hold(client, {**PERSON, "name": "x" * 20_000})

    assert_problem(response, 413, "payload-too-large")


def test_an_idempotency_key_makes_a_retry_safe(client, outbox, clock):
    key = {"Idempotency-Key": "retry-0001"}

    first = hold(client, headers=key)
    again = hold(client, headers=key)
    other = hold(client, {**PERSON, "start": "2026-12-14T08:15:00Z"}, headers=key)

    assert first.status_code == again.status_code == 202
    assert body(first) == body(again)
    assert len(emails(outbox)) == 1
    assert free_at(client) == 2
    assert_problem(other, 422, "idempotency-key-reused")


def test_too_many_holds_from_one_client_are_refused(client, outbox, clock, monkeypatch):
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "2")
    for number in range(2):
        hold(client, {**PERSON, "document": f"DOC{number}0000"})

    response = hold(client, {**PERSON, "document": "DOC90000"})

    assert_problem(response, 429, "too-many-requests")
    assert int(response.headers["Retry-After"]) == 3600


def test_the_manage_token_shows_the_booking_and_nothing_else_does(client, outbox, clock):
    booked = book(client, outbox)
    path = f"/bookings/{booked['code']}"

    shown = client.http.get(path, headers=manage(booked["code"], booked["manage_token"]))

    assert body(shown)["state"] == "confirmed"
    assert "document" not in json.dumps(body(shown))
    assert_problem(client.http.get(path), 404, "booking-not-found")
    assert_problem(client.http.get(path, headers=manage("", "y" * 32)), 404, "booking-not-found")


def test_cancelling_frees_the_seat_after_a_short_random_delay(client, outbox, clock):
    booked = book(client, outbox)

    response = client.http.post(
        f"/bookings/{booked['code']}/cancel", headers=manage(booked["code"], booked["manage_token"])
    )

    assert body(response)["state"] == "cancelled"
    assert emails(outbox)[-1]["Subject"] == f"Lịch hẹn của bạn đã bị hủy: {booked['code']}"
    assert free_at(client) == 2
    clock.advance(seconds=121)
    assert free_at(client) == 3
    assert hold(client).status_code == 202, "the person may book again"


def test_rescheduling_moves_the_booking_and_keeps_it_when_the_new_slot_is_full(
    client, outbox, clock
):
    booked = book(client, outbox)
    headers = manage(booked["code"], booked["manage_token"])
    later = "2026-12-15T09:00:00Z"
    for number in range(3):
        hold(client, {**PERSON, "start": "2026-12-15T09:15:00Z", "document": f"DOC{number}0000"})

    moved = client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=headers,
        body=json.dumps({"start": later}).encode(),
    )
    refused = client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=headers,
        body=json.dumps({"start": "2026-12-15T09:15:00Z"}).encode(),
    )

    assert body(moved)["start"] == later
    assert_problem(refused, 409, "slot-full")
    assert body(client.http.get(f"/bookings/{booked['code']}", headers=headers))["start"] == later
    assert free_at(client, later) == 2
    clock.advance(seconds=121)
    assert free_at(client) == 3


def seats_at_slot(at: datetime) -> dict:
    start = datetime(2026, 12, 14, 8, tzinfo=UTC)
    return get_store().bookings.seats_taken(
        "waw", "fingerprints", start, start + timedelta(seconds=1), at
    )


def test_a_booking_can_be_cancelled_one_minute_before_it_starts_and_its_seat_goes_back(
    client, outbox, clock
):
    booked = book(client, outbox)
    clock.current = datetime(2026, 12, 14, 7, 59, tzinfo=UTC)

    response = client.http.post(
        f"/bookings/{booked['code']}/cancel", headers=manage(booked["code"], booked["manage_token"])
    )

    assert body(response)["state"] == "cancelled"
    assert sum(seats_at_slot(clock.current).values()) == 1  # held back for the random delay
    assert seats_at_slot(clock.current + timedelta(seconds=121)) == {}  # delay is 60-120 s here


@pytest.mark.parametrize(
    "instant",
    [datetime(2026, 12, 14, 8, 0, tzinfo=UTC), datetime(2026, 12, 14, 8, 1, tzinfo=UTC)],
    ids=["at-the-start", "a-minute-after"],
)
def test_a_booking_cannot_be_cancelled_online_once_it_has_started(client, outbox, clock, instant):
    booked = book(client, outbox)
    headers = manage(booked["code"], booked["manage_token"])
    sent = len(emails(outbox))
    clock.current = instant

    response = client.http.post(f"/bookings/{booked['code']}/cancel", headers=headers)

    assert_problem(response, 409, "appointment-started")
    assert body(client.http.get(f"/bookings/{booked['code']}", headers=headers))["state"] == (
        "confirmed"
    )
    assert len(emails(outbox)) == sent


def test_a_booking_cannot_be_moved_online_two_hours_before_it_starts(client, outbox, clock):
    booked = book(client, outbox)
    headers = manage(booked["code"], booked["manage_token"])
    clock.current = datetime(2026, 12, 14, 6, 0, tzinfo=UTC)

    response = client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=headers,
        body=json.dumps({"start": "2026-12-15T09:00:00Z"}).encode(),
    )

    assert_problem(response, 409, "too-late-to-change")
    assert body(client.http.get(f"/bookings/{booked['code']}", headers=headers))["start"] == SLOT
    assert free_at(client, "2026-12-15T09:00:00Z") == 3


def test_the_manage_view_says_until_when_the_booking_can_be_changed_and_cancelled(
    client, outbox, clock
):
    booked = book(client, outbox)

    shown = body(
        client.http.get(
            f"/bookings/{booked['code']}", headers=manage(booked["code"], booked["manage_token"])
        )
    )

    assert (booked["change_until"], booked["cancel_until"]) == (
        "2026-12-13T08:00:00Z",
        SLOT,
    )
    assert (shown["change_until"], shown["cancel_until"]) == ("2026-12-13T08:00:00Z", SLOT)


def test_the_confirmation_email_carries_the_booking_code_as_a_qr_code_image(
    client, outbox, clock, tmp_path
):
    booked = book(client, outbox)

    message = emails(outbox)[-1]

    related = next(p for p in message.walk() if p.get_content_type() == "multipart/related")
    html_part, image = related.iter_parts()
    assert html_part.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    content_id = image["Content-ID"].strip("<>")
    markup = html_part.get_content()
    assert f'src="cid:{content_id}"' in markup
    assert f'alt="Mã QR chứa mã đặt lịch {booked["code"]} của bạn"' in markup
    png = tmp_path / "code.png"
    png.write_bytes(image.get_content())
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == booked["code"]
    assert booked["code"] in text_of(message)  # the plain text still says everything


def test_the_calendar_file_is_served_to_the_manage_token_holder(client, outbox, clock):
    booked = book(client, outbox)

    response = client.http.get(
        f"/bookings/{booked['code']}/ics", headers=manage(booked["code"], booked["manage_token"])
    )

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    event = icalendar.Calendar.from_ical(response.body).walk("VEVENT")[0]
    assert event["UID"] == f"{booked['code']}@blizej"
    assert "Lấy dấu vân tay" in str(event["SUMMARY"])


def calendar_of(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, calendar.walk("VEVENT")[0]


def attached_calendar(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    return calendar_of(attachment.get_content())


def test_a_reschedule_sends_the_same_event_with_a_higher_sequence_and_the_new_time(
    client, outbox, clock
):
    booked = book(client, outbox)
    headers = manage(booked["code"], booked["manage_token"])
    _, first = attached_calendar(emails(outbox)[-1])
    later = "2026-12-15T09:00:00Z"

    client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=headers,
        body=json.dumps({"start": later}).encode(),
    )

    mailed, event = attached_calendar(emails(outbox)[-1])
    served, served_event = calendar_of(
        client.http.get(f"/bookings/{booked['code']}/ics", headers=headers).body
    )
    assert first["UID"] == event["UID"] == served_event["UID"] == f"{booked['code']}@blizej"
    assert first["SEQUENCE"] == 0
    assert event["SEQUENCE"] == served_event["SEQUENCE"] == 1
    assert mailed["METHOD"] == served["METHOD"] == "PUBLISH"
    assert event.decoded("DTSTART") == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)
    assert served_event.decoded("DTSTART") == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)


def test_the_cancellation_email_carries_a_calendar_file_that_cancels_the_event(
    client, outbox, clock
):
    booked = book(client, outbox)
    headers = manage(booked["code"], booked["manage_token"])
    later = "2026-12-15T09:00:00Z"
    client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=headers,
        body=json.dumps({"start": later}).encode(),
    )
    _, moved = attached_calendar(emails(outbox)[-1])

    client.http.post(f"/bookings/{booked['code']}/cancel", headers=headers)

    message = emails(outbox)[-1]
    mailed, event = attached_calendar(message)
    served, served_event = calendar_of(
        client.http.get(f"/bookings/{booked['code']}/ics", headers=headers).body
    )
    assert message["Subject"] == f"Lịch hẹn của bạn đã bị hủy: {booked['code']}"
    assert mailed["METHOD"] == served["METHOD"] == "CANCEL"
    assert event["STATUS"] == served_event["STATUS"] == "CANCELLED"
    assert event["UID"] == served_event["UID"] == moved["UID"]
    assert event["SEQUENCE"] == served_event["SEQUENCE"] == moved["SEQUENCE"] + 1 == 2
    assert event.decoded("DTSTART") == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)


def test_reminders_go_out_once_the_day_before(client, outbox, clock):
    book(client, outbox)
    sent_before = len(emails(outbox))

    first = services.send_reminders(
        get_store(), get_mailer(), datetime(2026, 12, 13, 15, tzinfo=UTC)
    )
    second = services.send_reminders(
        get_store(), get_mailer(), datetime(2026, 12, 13, 16, tzinfo=UTC)
    )

    assert (first, second) == (1, 0)
    assert len(emails(outbox)) == sent_before + 1
    assert emails(outbox)[-1]["Subject"].startswith("Nhắc lịch")


def test_the_document_number_is_never_stored_in_clear(client, outbox, clock, tmp_path):
    book(client, outbox)

    stored = (tmp_path / "api.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("api.sqlite3*")
    )

    assert b"1234567" not in stored
