"""The waiting list through its HTTP API, on the local store, with time under the test's control."""

import json
import re

import pytest

from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body
from tests.api.test_appointments import PERSON, book, emails, manage, text_of

SLOT = "2026-12-14T08:00:00Z"  # Monday a week later, 09:00 in Warsaw
JSON = {"Content-Type": "application/json"}
WAITER = {
    **{k: v for k, v in PERSON.items() if k != "start"},
    "email": "olena@example.org",
    "document": "FK 7654321",
    "language": "uk",
    "identifiers": {"mos": "MOS-2026-0002"},
    "preferences": {"weekdays": [0], "parts": ["morning"], "earliest": "2026-12-14"},
}


def join(client, person: dict = WAITER):
    return client.http.post("/waiting", headers=JSON, body=json.dumps(person).encode())


def link_of(message) -> tuple[str, str]:
    found = re.search(r"#waiting=(W-[A-Z0-9-]+)&token=([A-Za-z0-9_-]+)", text_of(message))
    return found.group(1), found.group(2)


def joined(client, outbox, person: dict = WAITER) -> tuple[str, str]:
    assert join(client, person).status_code == 201
    return link_of(emails(outbox)[-1])


def header(token: str) -> dict:
    return {**JSON, "X-Waiting-Token": token}


def cancel_a_booking_at_slot(client, outbox) -> dict:
    booking = book(client, outbox)
    cancel = client.http.post(
        f"/bookings/{booking['code']}/cancel",
        headers=manage(booking["code"], booking["manage_token"]),
    )
    assert cancel.status_code == 200, cancel.body
    return booking


def offered(client, outbox) -> tuple[str, str]:
    waiter_id, token = joined(client, outbox)
    cancel_a_booking_at_slot(client, outbox)
    return waiter_id, token


def test_joining_answers_the_place_and_emails_its_link_in_ukrainian(client, outbox, clock):
    response = join(client)

    place = body(response)
    assert response.status_code == 201
    assert (place["state"], place["position"], place["offer"]) == ("waiting", 1, None)
    assert place["preferences"] == WAITER["preferences"]
    [message] = emails(outbox)
    assert message["To"] == "olena@example.org"
    assert "Ви в списку очікування" in message["Subject"]
    assert f"http://blizej.test/uk/book/#waiting={place['id']}&token=" in text_of(message)


def test_joining_in_polish_writes_in_polish(client, outbox, clock):
    join(client, {**WAITER, "language": "pl"})

    [message] = emails(outbox)
    assert message["Subject"].startswith("Jesteś na liście oczekujących")
    assert "http://blizej.test/pl/book/#waiting=" in text_of(message)


def test_a_document_cannot_join_the_same_list_twice(client, outbox, clock):
    join(client)

    response = join(client, {**WAITER, "email": "other@example.org"})

    assert_problem(response, 409, "already-waiting")
    assert get_store().waiting.live_count("waw", "fingerprints") == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"preferences": {"weekdays": [7]}}, "preferences.weekdays[0]"),
        ({"preferences": {"parts": ["evening"]}}, "preferences.parts[0]"),
        ({"preferences": {"earliest": "2026-02-30"}}, "preferences.earliest"),
        ({"consent": False}, "consent"),
        ({"identifiers": {}}, "identifiers.mos"),
    ],
)
def test_a_bad_join_gets_a_field_error_and_stores_nothing(client, outbox, clock, change, field):
    response = join(client, {**WAITER, **change})

    problem = assert_problem(response, 422, "validation-failed")
    assert field in [error["field"] for error in problem["errors"]], problem
    assert get_store().waiting.live_count("waw", "fingerprints") == 0
    assert emails(outbox) == []


def test_joining_an_unknown_service_is_refused(client, outbox, clock):
    assert_problem(join(client, {**WAITER, "service": "nothing"}), 404, "service-not-found")


def test_the_place_is_shown_with_its_token_and_hidden_without(client, outbox, clock):
    waiter_id, token = joined(client, outbox)

    seen = client.http.get(f"/waiting/{waiter_id}", headers=header(token))
    wrong = client.http.get(f"/waiting/{waiter_id}", headers=header("x" * 32))
    missing = client.http.get(f"/waiting/{waiter_id}")

    assert body(seen)["position"] == 1
    assert_problem(wrong, 404, "waiting-not-found")
    assert missing.status_code in (404, 422)


def test_services_say_how_many_wait(client, outbox, clock):
    joined(client, outbox)

    listed = {s["id"]: s for s in body(client.http.get("/services?site=waw"))}

    assert listed["fingerprints"]["release"]["waiting"] == {"count": 1}


def test_a_cancelled_booking_is_offered_and_accepting_books_it(client, outbox, clock):
    waiter_id, token = offered(client, outbox)
    place = body(client.http.get(f"/waiting/{waiter_id}", headers=header(token)))
    offer_mail = next(m for m in emails(outbox) if "зарезервовано місце" in m["Subject"])

    accepted = client.http.post(f"/waiting/{waiter_id}/accept", headers=header(token))

    assert place["state"] == "offered"
    assert place["offer"]["start"] == SLOT
    assert f"#waiting={waiter_id}&token={token}" in text_of(offer_mail)
    result = body(accepted)
    assert accepted.status_code == 200, accepted.body
    assert result["booking"]["state"] == "confirmed"
    assert result["booking"]["start"] == SLOT
    confirmed = emails(outbox)[-1]
    assert f"#manage={result['booking']['code']}&token={result['manage_token']}" in text_of(
        confirmed
    )
    again = client.http.get(
        f"/bookings/{result['booking']['code']}", headers=manage("", result["manage_token"])
    )
    assert body(again)["state"] == "confirmed"


def test_accepting_after_the_offer_ends_is_refused_and_nothing_changes(client, outbox, clock):
    waiter_id, token = offered(client, outbox)
    clock.advance(minutes=121)

    response = client.http.post(f"/waiting/{waiter_id}/accept", headers=header(token))

    assert_problem(response, 409, "offer-lapsed")
    assert get_store().waiting.get_waiter(waiter_id).state == "offered"


def test_accepting_without_an_offer_is_refused(client, outbox, clock):
    waiter_id, token = joined(client, outbox)

    response = client.http.post(f"/waiting/{waiter_id}/accept", headers=header(token))

    assert_problem(response, 404, "offer-not-found")
    assert get_store().waiting.get_waiter(waiter_id).state == "waiting"


def test_declining_keeps_the_place_and_releases_the_seat_nobody_else_wants(client, outbox, clock):
    waiter_id, token = offered(client, outbox)

    response = client.http.post(f"/waiting/{waiter_id}/decline", headers=header(token))

    place = body(response)
    assert response.status_code == 200, response.body
    assert (place["state"], place["position"], place["offer"]) == ("waiting", 1, None)


def test_declining_without_an_offer_is_refused(client, outbox, clock):
    waiter_id, token = joined(client, outbox)

    response = client.http.post(f"/waiting/{waiter_id}/decline", headers=header(token))

    assert_problem(response, 404, "offer-not-found")


def test_leaving_takes_the_place_off_the_list(client, outbox, clock):
    waiter_id, token = joined(client, outbox)

    response = client.http.post(f"/waiting/{waiter_id}/leave", headers=header(token))

    assert body(response)["state"] == "left"
    assert get_store().waiting.live_count("waw", "fingerprints") == 0


def test_leaving_with_a_wrong_token_changes_nothing(client, outbox, clock):
    waiter_id, _token = joined(client, outbox)

    response = client.http.post(f"/waiting/{waiter_id}/leave", headers=header("y" * 32))

    assert_problem(response, 404, "waiting-not-found")
    assert get_store().waiting.live_count("waw", "fingerprints") == 1
