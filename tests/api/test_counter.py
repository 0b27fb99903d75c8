"""One person per counter at a time, a counter's break, and what its console reads."""

import json
from datetime import timedelta

import pytest

from chalicelib.storage import get_store
from tests.api.conftest import STAFF_TOKEN, assert_problem, body
from tests.api.test_appointments import PERSON, book
from tests.api.test_queue import APPOINTMENT, STAFF, check_in, post

DAY = "2026-12-07"


@pytest.fixture
def counter(client, outbox):
    """Counter 2 serves information; two walk-ins wait, the first is called there."""
    client.http.put(
        "/queue/waw/counters/2",
        headers=STAFF,
        body=json.dumps({"services": ["information"], "open": True}).encode(),
    )
    first = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    second = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)
    return first, second


def stored(ticket: dict):
    return get_store().tickets.get_ticket(ticket["id"])


def called_at(counter: str) -> list[str]:
    tickets = get_store().tickets.day_tickets("waw", DAY)
    return [t.number for t in tickets if t.state == "called" and t.counter == counter]


def call_next(client, payload: dict | None = None, counter: str = "2"):
    return post(client, f"/queue/waw/counters/{counter}/call-next", payload, STAFF)


def test_calling_the_next_person_while_one_is_still_called_is_refused(client, clock, counter):
    first, _second = counter
    before = get_store().tickets.day_tickets("waw", DAY)

    response = call_next(client)

    problem = assert_problem(response, 409, "counter-busy")
    assert (problem["ticket"], problem["number"]) == (first["id"], first["number"])
    assert get_store().tickets.day_tickets("waw", DAY) == before


def test_calling_the_next_person_after_serving_the_last_one_leaves_one_called(
    client, clock, counter
):
    first, second = counter
    clock.current += timedelta(minutes=5)

    response = call_next(client, {"previous": "served"})

    assert body(response)["number"] == second["number"]
    assert stored(first).state == "served"
    assert stored(first).finished_at == clock.current
    assert called_at("2") == [second["number"]]


def test_calling_the_next_person_after_a_no_show_puts_the_last_one_back_in_the_queue(
    client, clock, counter
):
    first, second = counter

    response = call_next(client, {"previous": "no-show"})

    assert body(response)["number"] == second["number"]
    assert (stored(first).state, stored(first).calls) == ("waiting", 1)
    assert called_at("2") == [second["number"]]


def test_calling_with_an_unknown_outcome_for_the_last_person_changes_nothing(
    client, clock, counter
):
    before = get_store().tickets.day_tickets("waw", DAY)

    response = call_next(client, {"previous": "gone"})

    assert_problem(response, 422, "validation-failed")
    assert get_store().tickets.day_tickets("waw", DAY) == before


def test_calling_with_a_field_the_api_does_not_know_changes_nothing(client, clock, counter):
    before = get_store().tickets.day_tickets("waw", DAY)

    response = call_next(client, {"previous": "served", "force": True})

    assert_problem(response, 422, "validation-failed")
    assert get_store().tickets.day_tickets("waw", DAY) == before


def test_an_outcome_for_the_last_person_with_nobody_waiting_changes_nothing(client, clock, counter):
    first, second = counter
    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF)
    call_next(client)
    before = get_store().tickets.day_tickets("waw", DAY)

    response = call_next(client, {"previous": "served"})

    assert_problem(response, 404, "queue-empty")
    assert get_store().tickets.day_tickets("waw", DAY) == before
    assert called_at("2") == [second["number"]]


def test_a_counter_on_a_break_calls_no_one(client, clock, counter):
    first, second = counter
    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF)
    paused = body(post(client, "/queue/waw/counters/2/pause", headers=STAFF))

    response = call_next(client)

    assert paused["paused_since"] == "2026-12-07T07:00:00Z"
    assert_problem(response, 409, "counter-paused")
    assert stored(second).state == "waiting"


def test_a_counter_calls_again_after_its_break(client, clock, counter):
    first, second = counter
    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF)
    post(client, "/queue/waw/counters/2/pause", headers=STAFF)

    resumed = body(post(client, "/queue/waw/counters/2/resume", headers=STAFF))
    response = call_next(client)

    assert resumed["paused_since"] is None
    assert body(response)["number"] == second["number"]


def test_a_counter_with_someone_called_cannot_go_on_a_break(client, clock, counter):
    first, _second = counter

    response = post(client, "/queue/waw/counters/2/pause", headers=STAFF)

    problem = assert_problem(response, 409, "counter-busy")
    assert problem["ticket"] == first["id"]
    assert get_store().tickets.list_counters("waw")[0].paused_since is None


def test_opening_the_counter_again_keeps_its_break_and_closing_it_ends_it(client, clock, counter):
    first, _second = counter
    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF)
    post(client, "/queue/waw/counters/2/pause", headers=STAFF)
    setup = {"services": ["information"], "open": True}

    reopened = body(client.http.put("/queue/waw/counters/2", headers=STAFF, body=json.dumps(setup)))
    closed = body(
        client.http.put(
            "/queue/waw/counters/2", headers=STAFF, body=json.dumps({**setup, "open": False})
        )
    )

    assert reopened["paused_since"] == "2026-12-07T07:00:00Z"
    assert closed["paused_since"] is None


def test_a_counter_on_a_break_does_not_count_in_waiting_estimates(client, clock, outbox):
    for counter in ("2", "3"):
        client.http.put(
            f"/queue/waw/counters/{counter}",
            headers=STAFF,
            body=json.dumps({"services": ["information"], "open": True}).encode(),
        )
    tickets = [
        body(post(client, "/queue/waw/tickets", {"service": "information"})) for _ in range(4)
    ]
    last = f"/queue/tickets/{tickets[-1]['id']}"
    both = body(client.http.get(last))["estimated_minutes"]

    post(client, "/queue/waw/counters/3/pause", headers=STAFF)
    one = body(client.http.get(last))["estimated_minutes"]

    assert (both, one) == (20, 40)


def test_the_console_reads_who_is_called_with_their_booking_and_the_queue(client, outbox, clock):
    client.http.put(
        "/queue/waw/counters/4",
        headers=STAFF,
        body=json.dumps({"services": ["fingerprints"], "open": True}).encode(),
    )
    code = book(client, outbox)["code"]
    other = {
        **PERSON,
        "name": "Olena Koval",
        "email": "olena@example.org",
        "document": "CD 7654321",
    }
    other_code = book(client, outbox, other)["code"]
    clock.current = APPOINTMENT - timedelta(minutes=25)
    check_in(client, code)
    clock.current = APPOINTMENT - timedelta(minutes=20)
    waiting = body(check_in(client, other_code, other["document"]))
    clock.current = APPOINTMENT
    call_next(client, counter="4")
    clock.current = APPOINTMENT + timedelta(minutes=3)

    desk = body(client.http.get("/queue/waw/counters/4", headers=STAFF))

    current = desk["current"]
    assert (current["name"], current["booking_code"]) == ("Nguyễn Thị Lan", code)
    assert current["identifiers"] == {"mos": "MOS-2026-0001"}
    assert current["called_at"] == "2026-12-14T08:00:00Z"
    assert (desk["counter"], desk["services"], desk["paused_since"]) == (
        "4",
        ["fingerprints"],
        None,
    )
    assert desk["queues"] == [
        {"service": "fingerprints", "waiting": 1, "longest_minutes": 23, "estimated_minutes": 20}
    ]
    assert waiting["number"] != current["number"]


def test_the_console_reads_nobody_called_at_a_counter_that_finished(client, clock, counter):
    first, _second = counter
    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF)

    desk = body(client.http.get("/queue/waw/counters/2", headers=STAFF))

    assert desk["current"] is None
    assert desk["queues"][0]["waiting"] == 1


def test_the_console_needs_the_staff_token(client, clock, counter):
    response = client.http.get("/queue/waw/counters/2")

    assert_problem(response, 401, "unauthorized")
    assert STAFF_TOKEN not in response.body.decode()


def test_an_unknown_counter_has_no_console(client, clock, counter):
    response = client.http.get("/queue/waw/counters/9", headers=STAFF)

    assert_problem(response, 409, "counter-closed")
