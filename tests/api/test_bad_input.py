"""Bad input anywhere gets a clear 422 naming the field, and never reaches the store.

Dates outside 2000–2100 or that do not exist, and text with control characters or lone
surrogates, used to crash endpoints (500) or be stored and e-mailed. Each test sends one such
input and checks the status, the problem code, the field error, and that the store (every table
of the SQLite file) and the outbox are exactly as they were.
"""

import json
import os
import sqlite3

import pytest

from tests.api.conftest import STAFF_TOKEN, assert_problem, body
from tests.api.test_appointments import JSON, PERSON, book, emails, hold, manage
from tests.api.test_cases import (  # noqa: F401  (ingest_env is a fixture)
    events_of_a_case,
    ingest_env,
    later_event,
    post_events,
    register,
)

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", **JSON}
FAR_DAYS = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2026-02-30", "2027-02-29"]
FAR_INSTANTS = [
    "0001-01-01T08:00:00Z",
    "9999-12-31T08:00:00Z",
    "1999-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "2026-02-30T08:00:00Z",
]
BAD_TEXT = {
    "a NUL": "Ola\x00Nowak",
    "a line break": "Ola\nNowak",
    "a carriage return": "Ola\r\nBcc: x@example.org",
    "a tab": "Ola\tNowak",
    "an escape sequence": "\x1b[31mOla",
    "DEL": "Ola\x7f",
    "a C1 control": "Ola\x85Nowak",
    "a lone high surrogate": "Ola\ud800",
    "a lone low surrogate": "\udc00Ola",
}


def store_snapshot(
    ignore: tuple[str, ...] = ("rate_limits", "seen_once"),
) -> dict[str, list[tuple]]:
    """Every row of every table but those that only count requests; sorted, to compare."""
    with sqlite3.connect(os.environ["BLIZEJ_SQLITE_PATH"]) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in ignore
        ]
        return {name: sorted(db.execute(f"SELECT * FROM {name}").fetchall()) for name in tables}


def raw_json(value: dict) -> bytes:
    """JSON as a client may send it: json.dumps writes a lone surrogate as the escape \\ud800."""
    return json.dumps(value).encode()


def field_errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in body(response)["errors"]]


# Dates and instants


@pytest.mark.parametrize("day", FAR_DAYS)
def test_availability_from_a_day_out_of_range_or_unreal_is_refused(client, outbox, clock, day):
    before = store_snapshot()

    response = client.http.get(f"/availability?site=waw&service=fingerprints&from={day}&to={day}")

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("from", "wrong-format"), ("to", "wrong-format")]
    assert store_snapshot() == before


@pytest.mark.parametrize("start", FAR_INSTANTS)
def test_a_hold_for_an_instant_out_of_range_or_unreal_is_refused(client, outbox, clock, start):
    before = store_snapshot()

    response = hold(client, {**PERSON, "start": start})

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("start", "wrong-format")]
    assert store_snapshot() == before
    assert emails(outbox) == []


@pytest.mark.parametrize("start", FAR_INSTANTS)
def test_rescheduling_to_an_instant_out_of_range_or_unreal_keeps_the_booking(
    client, outbox, clock, start
):
    booked = book(client, outbox)
    before, sent = store_snapshot(), len(emails(outbox))

    response = client.http.post(
        f"/bookings/{booked['code']}/reschedule",
        headers=manage(booked["code"], booked["manage_token"]),
        body=raw_json({"start": start}),
    )

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("start", "wrong-format")]
    assert store_snapshot() == before
    assert len(emails(outbox)) == sent


@pytest.mark.parametrize("day", FAR_DAYS)
def test_the_days_bookings_for_a_day_out_of_range_or_unreal_are_refused(client, outbox, day):
    response = client.http.get(f"/admin/sites/waw/bookings?date={day}", headers=STAFF)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("date", "wrong-format")]


@pytest.mark.parametrize("day", FAR_DAYS)
def test_closing_an_office_on_a_day_out_of_range_or_unreal_closes_nothing(client, outbox, day):
    before = store_snapshot()

    response = client.http.put(f"/admin/sites/waw/closures/{day}", headers=STAFF)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("day", "wrong-format")]
    assert store_snapshot() == before


@pytest.mark.parametrize("day", FAR_DAYS)
def test_queue_statistics_for_a_day_out_of_range_or_unreal_are_refused(client, outbox, day):
    response = client.http.get(f"/admin/queue/waw/statistics?date={day}", headers=STAFF)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("date", "wrong-format")]


@pytest.mark.parametrize("at", FAR_INSTANTS)
@pytest.mark.usefixtures("ingest_env")
def test_an_event_that_occurred_at_an_instant_out_of_range_applies_nothing(client, at):
    events = events_of_a_case()
    events[1]["occurred_at"] = at
    before = store_snapshot()

    response = post_events(client, events)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("events[1].occurred_at", "wrong-format")]
    assert store_snapshot() == before


@pytest.mark.parametrize("day", FAR_DAYS)
@pytest.mark.usefixtures("ingest_env")
def test_an_event_whose_data_has_a_day_out_of_range_applies_nothing(client, day):
    events = events_of_a_case()
    events[2]["data"]["delivered_on"] = day
    before = store_snapshot()

    response = post_events(client, events)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("events[2].data.delivered_on", "wrong-format")]
    assert store_snapshot() == before


# Text


@pytest.mark.parametrize("field", ["name", "email", "document"])
@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_a_hold_with_a_control_character_or_lone_surrogate_is_refused(
    client, outbox, clock, field, text
):
    before = store_snapshot()

    response = hold(client, {**PERSON, field: text})

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [(field, "not-allowed-character")]
    assert store_snapshot() == before
    assert emails(outbox) == []


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_an_identifier_with_a_control_character_or_lone_surrogate_is_refused(
    client, outbox, clock, text
):
    before = store_snapshot()

    response = hold(client, {**PERSON, "identifiers": {"mos": f"MOS-{text}"}})

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("identifiers.mos", "not-allowed-character")]
    assert store_snapshot() == before


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_an_office_with_a_control_character_or_lone_surrogate_changes_nothing(client, outbox, text):
    names = {language: "Urząd" for language in ("en", "pl", "uk", "ru", "vi")}
    payload = {"city": "Radom", "name": {**names, "uk": text}, "address": f"ul. {text} 1"}
    before = store_snapshot()

    response = client.http.put("/admin/sites/rad", headers=STAFF, body=raw_json(payload))

    assert_problem(response, 422, "validation-failed")
    assert sorted(field_errors(response)) == [
        ("address", "not-allowed-character"),
        ("name.uk", "not-allowed-character"),
    ]
    assert store_snapshot() == before


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_a_service_named_with_a_control_character_or_lone_surrogate_is_not_saved(
    client, outbox, text
):
    names = {language: "Konsultacja" for language in ("en", "pl", "uk", "ru", "vi")}
    payload = {"name": {**names, "vi": text}, "duration_minutes": 15, "letter": "K"}
    before = store_snapshot()

    response = client.http.put("/admin/services/consult", headers=STAFF, body=raw_json(payload))

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("name.vi", "not-allowed-character")]
    assert store_snapshot() == before


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
@pytest.mark.usefixtures("ingest_env")
def test_an_event_text_with_a_control_character_or_lone_surrogate_applies_nothing(client, text):
    events = events_of_a_case()
    events[2]["data"]["missing"][1]["text"] = f"Umowa {text} najmu"
    before = store_snapshot()

    response = post_events(client, events)

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("events[2].data.missing[1].text", "not-allowed-character")]
    assert store_snapshot() == before


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
@pytest.mark.usefixtures("ingest_env")
def test_an_event_transferring_a_case_to_text_with_a_control_character_applies_nothing(
    client, text
):
    register(client)
    before = store_snapshot()

    response = post_events(
        client, [later_event(f"{text}/t", "case_transferred", {"to": f"Urząd {text}"})]
    )

    assert_problem(response, 422, "validation-failed")
    assert ("events[0].data.to", "not-allowed-character") in field_errors(response)
    assert store_snapshot() == before


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
@pytest.mark.usefixtures("ingest_env")
def test_a_subscription_to_an_address_with_a_control_character_is_not_kept(client, text):
    code = register(client)
    before = store_snapshot(ignore=("rate_limits", "seen_once", "lookup_audit"))
    payload = {"case": "WSC-II-P.6151.1234.2026", "code": code, "subscribe": True}

    response = client.http.post(
        "/cases/subscriptions",
        headers=JSON,
        body=raw_json({**payload, "email": f"olena{text}@example.org"}),
    )

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("email", "not-allowed-character")]
    assert store_snapshot(ignore=("rate_limits", "seen_once", "lookup_audit")) == before


@pytest.mark.usefixtures("ingest_env")
def test_subscribing_without_an_address_is_refused_by_the_schema(
    client,
):
    code = register(client)
    before = store_snapshot()
    payload = {"case": "WSC-II-P.6151.1234.2026", "code": code, "subscribe": True}

    response = client.http.post("/cases/subscriptions", headers=JSON, body=raw_json(payload))

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [("email", "required")]
    assert store_snapshot() == before


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("site=wa%00w", "site"),
        ("site=wa%0Aw", "site"),
        ("site=wa%09w", "site"),
        ("site=%C2%85waw", "site"),
    ],
)
def test_a_query_parameter_with_a_control_character_is_refused(client, outbox, query, field):
    response = client.http.get(f"/services?{query}")

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response) == [(field, "not-allowed-character")]


@pytest.mark.parametrize("site", ["wa%00w", "wa%0Aw", "%ED%A0%80", "wa%C2%85w"])
def test_a_path_parameter_with_a_control_character_or_broken_utf8_is_refused(client, outbox, site):
    response = client.http.get(f"/queue/{site}/board")

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response)[0][0] == "site"


@pytest.mark.parametrize("key", ["short", "k" * 101, "key\x85with-a-C1-control"])
def test_a_bad_idempotency_key_is_refused_before_anything_is_held(client, outbox, clock, key):
    before = store_snapshot()

    response = hold(client, headers={"Idempotency-Key": key})

    assert_problem(response, 422, "validation-failed")
    assert field_errors(response)[0][0] == "Idempotency-Key"
    assert store_snapshot() == before


@pytest.mark.parametrize(
    "raw",
    [b'{"start": NaN}', b'{"start": -Infinity}', b"1" * 5000],
    ids=["NaN", "Infinity", "a number of 5000 digits"],
)
def test_what_is_not_strict_json_is_malformed_and_nothing_is_held(client, outbox, clock, raw):
    before = store_snapshot()

    response = client.http.post("/bookings", headers=JSON, body=raw)

    assert_problem(response, 400, "malformed-json")
    assert store_snapshot() == before


def test_a_whole_number_written_with_a_fraction_counts_as_the_integer_it_is(client, outbox):
    names = {language: "Konsultacja" for language in ("en", "pl", "uk", "ru", "vi")}
    payload = b'{"name": %s, "duration_minutes": 15.0, "letter": "K"}' % raw_json(names)

    response = client.http.put("/admin/services/consult", headers=STAFF, body=payload)

    assert response.status_code == 200, response.body
    assert body(response)["duration_minutes"] == 15
    assert isinstance(body(response)["duration_minutes"], int)
