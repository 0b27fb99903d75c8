"""The ballot through its HTTP API, on the local store, with the clock pinned by the test."""

import json
import re
from datetime import timedelta

import pytest

from chalicelib.appointments.model import Booking, BookingState
from chalicelib.clock import parse_instant
from chalicelib.release import draw
from chalicelib.release.model import EntryState, commitment_of
from chalicelib.security import keyed_hash, normalise_document
from chalicelib.storage import get_store
from tests.api.conftest import MONDAY, STAFF_TOKEN, assert_problem, body
from tests.api.test_appointments import JSON, emails, text_of

STAFF = {**JSON, "Authorization": f"Bearer {STAFF_TOKEN}"}
DAY = "2026-12-14"  # the Monday after the pinned one
RELEASE = {
    "id": "waw-fp-dec-14",
    "site": "waw",
    "service": "fingerprints",
    "first_day": DAY,
    "last_day": DAY,
    "entries_open": "2026-12-07T07:00:00Z",
    "entries_close": "2026-12-08T07:00:00Z",
    "draw_at": "2026-12-08T08:00:00Z",
}
PERSON = {
    "name": "Oksana Melnyk",
    "email": "oksana@example.org",
    "document": "FA 123456",
    "language": "uk",
    "consent": True,
    "identifiers": {"mos": "MOS-2026-0001"},
    "preferences": {"weekdays": [0], "parts": ["morning"], "earliest": None},
}
ENTRY_LINK = re.compile(r"#entry=([a-z0-9-]+)/(E-[A-Z0-9-]+)&token=([A-Za-z0-9_-]+)")


def post(client, path, payload=None, headers=JSON):
    data = json.dumps(payload).encode() if payload is not None else b""
    return client.http.post(path, headers=headers, body=data)


def ballot_mode(client):
    response = client.http.put(
        "/admin/release-policies/waw/fingerprints",
        headers=STAFF,
        body=json.dumps({"mode": "ballot", "offer_minutes": 90}).encode(),
    )
    assert response.status_code == 200, response.body


def announce(client, release=RELEASE):
    ballot_mode(client)
    response = post(client, "/admin/ballots", release, STAFF)
    assert response.status_code == 201, response.body
    return body(response)


def enter(client, person=PERSON):
    return post(client, f"/ballots/{RELEASE['id']}/entries", person)


def link_of(message) -> tuple[str, str, str]:
    return ENTRY_LINK.search(text_of(message)).groups()


def entered(client, outbox, person=PERSON) -> tuple[str, str]:
    assert enter(client, person).status_code == 202
    release, entry, token = link_of(emails(outbox)[-1])
    confirmed = post(
        client, "/ballots/entries/confirm", {"release": release, "entry": entry, "token": token}
    )
    assert confirmed.status_code == 200, confirmed.body
    return entry, token


def entry_count() -> int:
    store = get_store()
    return sum(len(store.ballots.entries(RELEASE["id"], state)[0]) for state in EntryState)


# Staff: policies and releases.


def test_staff_set_a_service_to_the_ballot_and_read_it_back(client, outbox, clock):
    ballot_mode(client)

    response = client.http.get("/admin/release-policies/waw/fingerprints", headers=STAFF)

    assert body(response) == {
        "site": "waw",
        "service": "fingerprints",
        "mode": "ballot",
        "offer_minutes": 90,
    }


def test_a_policy_without_the_staff_token_is_refused_and_nothing_changes(client, outbox, clock):
    response = client.http.put(
        "/admin/release-policies/waw/fingerprints",
        headers=JSON,
        body=json.dumps({"mode": "ballot"}).encode(),
    )

    assert_problem(response, 401, "unauthorized")
    read = client.http.get("/admin/release-policies/waw/fingerprints", headers=STAFF)
    assert body(read)["mode"] == "first-come"


def test_a_policy_with_offer_minutes_out_of_range_is_refused(client, outbox, clock):
    response = client.http.put(
        "/admin/release-policies/waw/fingerprints",
        headers=STAFF,
        body=json.dumps({"mode": "ballot", "offer_minutes": 5}).encode(),
    )

    problem = assert_problem(response, 422, "validation-failed")
    assert [error["field"] for error in problem["errors"]] == ["offer_minutes"]
    read = client.http.get("/admin/release-policies/waw/fingerprints", headers=STAFF)
    assert body(read)["mode"] == "first-come"


def test_an_announced_ballot_shows_its_commitment_and_never_its_seed(client, outbox, clock):
    created = announce(client)

    public = body(client.http.get(f"/ballots/{RELEASE['id']}"))

    assert created["commitment"] == public["commitment"]
    assert "seed" not in created and "seed" not in public
    assert public["state"] == "open"
    stored = get_store().ballots.get_release(RELEASE["id"])
    assert commitment_of(stored.seed) == public["commitment"]
    assert stored.seed not in json.dumps(public)


def test_announcing_without_the_staff_token_is_refused_and_nothing_stored(client, outbox, clock):
    ballot_mode(client)

    response = post(client, "/admin/ballots", RELEASE)

    assert_problem(response, 401, "unauthorized")
    assert_problem(client.http.get(f"/ballots/{RELEASE['id']}"), 404, "release-not-found")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entries_close": "2026-12-07T06:00:00Z"}, "entries_close"),
        ({"draw_at": "2026-12-08T06:00:00Z"}, "draw_at"),
        ({"first_day": "2026-12-08"}, "first_day"),
        ({"last_day": "2027-03-01"}, "last_day"),
        ({"last_day": "2026-12-13"}, "last_day"),
    ],
)
def test_a_ballot_with_wrong_times_or_days_is_refused_and_nothing_stored(
    client, outbox, clock, change, field
):
    ballot_mode(client)

    response = post(client, "/admin/ballots", {**RELEASE, **change}, STAFF)

    problem = assert_problem(response, 422, "validation-failed")
    assert field in [error["field"] for error in problem["errors"]]
    assert_problem(client.http.get(f"/ballots/{RELEASE['id']}"), 404, "release-not-found")


def test_a_ballot_of_a_first_come_service_is_refused_and_nothing_stored(client, outbox, clock):
    response = post(client, "/admin/ballots", RELEASE, STAFF)

    assert_problem(response, 422, "not-ballot-mode")
    assert_problem(client.http.get(f"/ballots/{RELEASE['id']}"), 404, "release-not-found")


def test_a_ballot_id_taken_is_refused_and_the_first_kept(client, outbox, clock):
    first = announce(client)

    response = post(
        client,
        "/admin/ballots",
        {**RELEASE, "first_day": "2026-12-21", "last_day": "2026-12-21"},
        STAFF,
    )

    assert_problem(response, 409, "release-exists")
    assert body(client.http.get(f"/ballots/{RELEASE['id']}")) == first


def test_a_ballot_overlapping_an_open_one_is_refused_and_nothing_stored(client, outbox, clock):
    announce(client)

    response = post(client, "/admin/ballots", {**RELEASE, "id": "waw-fp-other"}, STAFF)

    assert_problem(response, 409, "release-overlaps")
    assert_problem(client.http.get("/ballots/waw-fp-other"), 404, "release-not-found")


# Applicants: entries.


def test_an_entry_is_confirmed_by_its_emailed_link_in_the_persons_language(client, outbox, clock):
    announce(client)

    response = enter(client)

    assert response.status_code == 202
    assert body(response)["state"] == "pending"
    [message] = emails(outbox)
    assert message["Subject"] == "Підтвердьте заявку на жеребкування візитів"
    assert "http://blizej.test/uk/book/#entry=waw-fp-dec-14/" in text_of(message)
    release, entry, token = link_of(message)
    confirm = {"release": release, "entry": entry, "token": token}
    first = post(client, "/ballots/entries/confirm", confirm)
    again = post(client, "/ballots/entries/confirm", confirm)
    assert body(first) == body(again)
    assert body(first)["state"] == "entered"
    assert body(first)["preferences"] == {"weekdays": [0], "parts": ["morning"], "earliest": None}
    assert [m["Subject"] for m in emails(outbox)][1:] == [
        "Вашу заявку на жеребкування візитів підтверджено"
    ]


def test_an_entry_in_polish_gets_its_email_in_polish(client, outbox, clock):
    announce(client)

    enter(client, {**PERSON, "language": "pl"})

    [message] = emails(outbox)
    assert message["Subject"] == "Potwierdź zgłoszenie do losowania terminów"
    assert "http://blizej.test/pl/book/#entry=" in text_of(message)


def test_an_entry_with_an_unknown_field_is_refused_and_nothing_stored(client, outbox, clock):
    announce(client)

    response = enter(client, {**PERSON, "seat": "any"})

    problem = assert_problem(response, 422, "validation-failed")
    assert {"field": "seat", "code": "unknown-field"} in problem["errors"]
    assert entry_count() == 0


def test_an_entry_with_a_wrong_earliest_day_is_refused_and_nothing_stored(client, outbox, clock):
    announce(client)

    response = enter(client, {**PERSON, "preferences": {"earliest": "2026-02-30"}})

    problem = assert_problem(response, 422, "validation-failed")
    assert problem["errors"][0]["field"] == "preferences.earliest"
    assert entry_count() == 0


def test_an_entry_without_the_services_identifiers_is_refused_and_nothing_stored(
    client, outbox, clock
):
    announce(client)

    response = enter(client, {**PERSON, "identifiers": {}})

    problem = assert_problem(response, 422, "validation-failed")
    assert problem["errors"] == [{"field": "identifiers.mos", "code": "required"}]
    assert entry_count() == 0


def test_an_entry_after_the_entry_period_is_refused_and_nothing_stored(client, outbox, clock):
    announce(client)
    clock.advance(days=1)

    response = enter(client)

    assert_problem(response, 409, "entries-closed")
    assert entry_count() == 0
    assert emails(outbox) == []


def test_a_second_entry_of_the_same_document_is_refused(client, outbox, clock):
    announce(client)
    enter(client)

    response = enter(client, {**PERSON, "document": "fa123456", "email": "other@example.org"})

    assert_problem(response, 409, "already-entered")
    assert entry_count() == 1
    assert len(emails(outbox)) == 1


def test_an_entry_of_an_unknown_ballot_is_refused(client, outbox, clock):
    response = post(client, "/ballots/nothing-here/entries", PERSON)

    assert_problem(response, 404, "release-not-found")


def test_an_entry_is_shown_and_withdrawn_only_with_its_token(client, outbox, clock):
    announce(client)
    entry, token = entered(client, outbox)
    path = f"/ballots/{RELEASE['id']}/entries/{entry}"

    wrong = client.http.get(path, headers={"X-Entry-Token": "x" * 32})
    refused = post(client, f"{path}/withdraw", headers={**JSON, "X-Entry-Token": "x" * 32})
    shown = client.http.get(path, headers={"X-Entry-Token": token})
    withdrawn = post(client, f"{path}/withdraw", headers={**JSON, "X-Entry-Token": token})

    assert_problem(wrong, 404, "entry-not-found")
    assert_problem(refused, 404, "entry-not-found")
    assert body(shown)["state"] == "entered"
    assert body(shown)["draw_at"] == RELEASE["draw_at"]
    assert body(withdrawn)["state"] == "withdrawn"


def test_withdrawing_after_the_entry_period_is_refused_and_the_entry_kept(client, outbox, clock):
    announce(client)
    entry, token = entered(client, outbox)
    clock.advance(days=1)
    path = f"/ballots/{RELEASE['id']}/entries/{entry}"

    response = post(client, f"{path}/withdraw", headers={**JSON, "X-Entry-Token": token})

    assert_problem(response, 409, "entries-closed")
    assert body(client.http.get(path, headers={"X-Entry-Token": token}))["state"] == "entered"


# The calendar while a ballot is open.


def test_the_days_of_an_open_ballot_are_not_offered_first_come(client, outbox, clock):
    announce(client)
    clock.current = MONDAY + timedelta(hours=1)

    days = body(
        client.http.get(f"/availability?site=waw&service=fingerprints&from={DAY}&to=2026-12-15")
    )["days"]
    held = post(
        client,
        "/bookings",
        {
            **{k: v for k, v in PERSON.items() if k != "preferences"},
            "site": "waw",
            "service": "fingerprints",
            "start": "2026-12-14T08:00:00Z",
        },
    )

    assert [day["date"] for day in days] == ["2026-12-15"]
    assert_problem(held, 409, "slot-in-ballot")


def test_the_list_of_services_says_the_release_mode_and_the_current_ballot(client, outbox, clock):
    announce(client)

    listed = {s["id"]: s for s in body(client.http.get("/services?site=waw"))}

    assert listed["fingerprints"]["release"]["mode"] == "ballot"
    assert listed["fingerprints"]["release"]["ballot"]["id"] == RELEASE["id"]
    assert listed["fingerprints"]["release"]["ballot"]["entries_close"] == RELEASE["entries_close"]
    assert listed["missing-documents"]["release"] == {
        "mode": "first-come",
        "ballot": None,
        "waiting": {"count": 0},
    }


# The draw.


def test_a_draw_before_its_time_is_refused_and_its_publication_not_shown(client, outbox, clock):
    announce(client)
    entered(client, outbox)

    early = post(client, f"/admin/ballots/{RELEASE['id']}/draw", headers=STAFF)
    published = client.http.get(f"/ballots/{RELEASE['id']}/draw")

    assert_problem(early, 409, "draw-not-due")
    assert_problem(published, 409, "not-drawn-yet")
    assert body(client.http.get(f"/ballots/{RELEASE['id']}"))["state"] == "open"


def test_a_draw_without_the_staff_token_is_refused(client, outbox, clock):
    announce(client)
    clock.current = MONDAY + timedelta(days=2)

    response = post(client, f"/admin/ballots/{RELEASE['id']}/draw")

    assert_problem(response, 401, "unauthorized")
    assert body(client.http.get(f"/ballots/{RELEASE['id']}"))["state"] == "open"


def test_a_won_entry_gets_a_confirmed_booking_and_the_draw_can_be_verified(client, outbox, clock):
    announce(client)
    entry, token = entered(client, outbox)
    entered(client, outbox, {**PERSON, "document": "FB 654321", "language": "pl"})
    clock.current = MONDAY + timedelta(days=1, hours=1)

    drawn = post(client, f"/admin/ballots/{RELEASE['id']}/draw", headers=STAFF)
    again = post(client, f"/admin/ballots/{RELEASE['id']}/draw", headers=STAFF)

    assert drawn.status_code == 200, drawn.body
    assert body(drawn) == body(again)
    release = body(drawn)
    assert release["state"] == "drawn" and (release["entries"], release["won"]) == (2, 2)
    assert commitment_of(release["seed"]) == release["commitment"]
    view = body(
        client.http.get(
            f"/ballots/{RELEASE['id']}/entries/{entry}", headers={"X-Entry-Token": token}
        )
    )
    assert view["state"] == "won"
    booking = view["booking"]
    managed = client.http.get(
        f"/bookings/{booking['code']}", headers={"X-Manage-Token": booking["manage_token"]}
    )
    assert body(managed)["state"] == "confirmed"
    assert body(managed)["start"] == "2026-12-14T07:00:00Z"  # Monday 08:00, as preferred
    confirmations = [m for m in emails(outbox) if booking["code"] in m["Subject"]]
    assert len(confirmations) == 1  # the calendar's normal confirmation, with its manage link
    assert f"#manage={booking['code']}&token={booking['manage_token']}" in text_of(confirmations[0])
    page = client.http.get(f"/ballots/{RELEASE['id']}/draw")
    assert page.headers["Cache-Control"] == "public, max-age=3600"
    assert body(page)["next"] is None
    assert draw.verify(body(page)) == []


def test_a_winner_who_could_not_be_booked_is_published_as_not_booked_with_the_reason(
    client, outbox, clock
):
    announce(client)
    entry, token = entered(client, outbox)
    get_store().bookings.hold(
        Booking(
            code="WAW-HAVE-ONE1",
            site_id="waw",
            service_id="fingerprints",
            start=parse_instant("2026-12-09T09:00:00Z"),
            name=PERSON["name"],
            email=PERSON["email"],
            phone=None,
            document_hash=keyed_hash("document", normalise_document(PERSON["document"])),
            language="uk",
            identifiers={},
            state=BookingState.HELD,
            created_at=MONDAY,
            hold_expires_at=MONDAY + timedelta(days=3),
            confirm_hash="x",
        ),
        1,
        MONDAY,
    )
    clock.current = MONDAY + timedelta(days=1, hours=1)

    drawn = post(client, f"/admin/ballots/{RELEASE['id']}/draw", headers=STAFF)

    assert (body(drawn)["entries"], body(drawn)["won"]) == (1, 0)
    view = client.http.get(
        f"/ballots/{RELEASE['id']}/entries/{entry}", headers={"X-Entry-Token": token}
    )
    assert body(view)["state"] == "not-drawn"
    page = body(client.http.get(f"/ballots/{RELEASE['id']}/draw"))
    [ticket] = page["tickets"]
    assert ticket["start"] is None
    assert (ticket["outcome"], ticket["reason"]) == ("not-booked", "already-booked")
    [problem] = draw.verify(page)
    assert problem.startswith(f"not booked: ticket {ticket['ticket']} won 2026-12-14T07:00:00Z")


def test_staff_see_how_many_entries_came_from_each_address(client, outbox, clock):
    announce(client)
    entered(client, outbox)
    entered(client, outbox, {**PERSON, "document": "FB 654321"})

    response = client.http.get(f"/admin/ballots/{RELEASE['id']}/clients", headers=STAFF)
    refused = client.http.get(f"/admin/ballots/{RELEASE['id']}/clients")

    assert [row["entries"] for row in body(response)] == [2]
    assert_problem(refused, 401, "unauthorized")


def test_the_five_minute_round_draws_the_ballots_that_are_due(client, outbox, clock):
    announce(client)
    entered(client, outbox)
    clock.current = MONDAY + timedelta(days=1, hours=1)
    event = client.events.generate_cw_event("aws.events", "Scheduled Event", {}, [])

    result = client.lambda_.invoke("release_rounds", event)

    assert result.payload["drawn"] == 1
    assert body(client.http.get(f"/ballots/{RELEASE['id']}"))["state"] == "drawn"
