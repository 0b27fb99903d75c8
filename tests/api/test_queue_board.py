"""The hall's board through the API: every current call, newest first, waiting per service."""

import json
from dataclasses import replace

import pytest

from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body
from tests.api.test_queue import STAFF, post


def open_counters(client, how_many: int, services: list[str]) -> list[str]:
    numbers = [str(n) for n in range(1, how_many + 1)]
    for number in numbers:
        client.http.put(
            f"/queue/waw/counters/{number}",
            headers=STAFF,
            body=json.dumps({"services": services, "open": True}).encode(),
        )
    return numbers


def allow_walk_ins(how_many: int) -> None:
    store = get_store()
    store.catalogue.save_service(
        replace(store.catalogue.get_service("information"), walk_in_cap=how_many)
    )


@pytest.mark.parametrize("how_many", [12, 40])
def test_every_counter_calling_at_once_is_on_the_board_none_missing(
    client, outbox, clock, how_many
):
    allow_walk_ins(how_many)
    counters = open_counters(client, how_many, ["information"])
    for _ in counters:
        post(client, "/queue/waw/tickets", {"service": "information"})
    called = {
        body(post(client, f"/queue/waw/counters/{c}/call-next", headers=STAFF))["number"]: c
        for c in counters
    }

    board = body(client.http.get("/queue/waw/board"))

    assert len(board["calls"]) == how_many
    assert {call["number"]: call["counter"] for call in board["calls"]} == called


def test_the_board_lists_calls_newest_first_with_their_call_time_and_service(client, outbox, clock):
    open_counters(client, 3, ["information"])
    for _ in range(3):
        post(client, "/queue/waw/tickets", {"service": "information"})
    for counter in ("1", "2", "3"):
        post(client, f"/queue/waw/counters/{counter}/call-next", headers=STAFF)
        clock.advance(minutes=1)

    board = body(client.http.get("/queue/waw/board"))

    assert board["calls"] == [
        {
            "number": "I003",
            "counter": "3",
            "service": "information",
            "called_at": "2026-12-07T07:02:00Z",
        },
        {
            "number": "I002",
            "counter": "2",
            "service": "information",
            "called_at": "2026-12-07T07:01:00Z",
        },
        {
            "number": "I001",
            "counter": "1",
            "service": "information",
            "called_at": "2026-12-07T07:00:00Z",
        },
    ]


def test_a_recalled_number_comes_back_to_the_top_of_the_board(client, outbox, clock):
    open_counters(client, 2, ["information"])
    first = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/tickets", {"service": "information"})
    post(client, "/queue/waw/counters/1/call-next", headers=STAFF)
    clock.advance(minutes=1)
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)
    clock.advance(minutes=1)

    post(client, f"/queue/tickets/{first['id']}/recall", {"counter": "1"}, STAFF)
    board = body(client.http.get("/queue/waw/board"))

    assert [call["number"] for call in board["calls"]] == ["I001", "I002"]


def test_served_and_missed_numbers_leave_the_board(client, outbox, clock):
    open_counters(client, 2, ["information"])
    first = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    second = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/counters/1/call-next", headers=STAFF)
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)

    post(client, f"/queue/tickets/{first['id']}/served", {"counter": "1"}, STAFF)
    post(client, f"/queue/tickets/{second['id']}/no-show", {"counter": "2"}, STAFF)
    board = body(client.http.get("/queue/waw/board"))

    assert board["calls"] == []


def test_the_board_gives_each_served_service_its_waiting_count_and_estimate(client, outbox, clock):
    open_counters(client, 2, ["information"])
    client.http.put(
        "/queue/waw/counters/3",
        headers=STAFF,
        body=json.dumps({"services": ["collect-card"], "open": True}).encode(),
    )
    served = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/counters/1/call-next", headers=STAFF)
    clock.advance(minutes=6)
    post(client, f"/queue/tickets/{served['id']}/served", {"counter": "1"}, STAFF)
    for _ in range(4):
        post(client, "/queue/waw/tickets", {"service": "information"})

    board = body(client.http.get("/queue/waw/board"))

    # Four waiting, six minutes each, two counters: the last in line waits about 12 minutes.
    # Counter 3 serves collect-card: on the board with nobody waiting.
    assert board["waiting"] == [
        {"service": "collect-card", "waiting": 0, "estimated_minutes": 0},
        {"service": "information", "waiting": 4, "estimated_minutes": 12},
    ]


def test_the_board_of_an_unknown_office_is_not_found(client, outbox, clock):
    response = client.http.get("/queue/nowhere/board")

    assert_problem(response, 404, "site-not-found")
    assert get_store().tickets.day_tickets("nowhere", "2026-12-07") == []


def test_the_board_may_be_kept_by_any_cache_for_two_seconds_and_carries_a_strong_etag(
    client, outbox, clock
):
    response = client.http.get("/queue/waw/board")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=2"
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    assert body(response)["updated_at"] == "2026-12-07T07:00:00Z"


def test_the_board_answers_304_without_a_body_when_the_etag_matches(client, outbox, clock):
    etag = client.http.get("/queue/waw/board").headers["ETag"]

    response = client.http.get("/queue/waw/board", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.body == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=2"


@pytest.mark.parametrize(
    "sent",
    ["W/{etag}", '"0123456789abcdef0123456789abcdef", {etag}', "*"],
    ids=["weakened by CloudFront's compression", "one of several", "any"],
)
def test_the_board_answers_304_to_every_form_of_a_matching_if_none_match(
    client, outbox, clock, sent
):
    etag = client.http.get("/queue/waw/board").headers["ETag"]

    asked = {"If-None-Match": sent.format(etag=etag)}
    response = client.http.get("/queue/waw/board", headers=asked)

    assert response.status_code == 304


def test_the_board_answers_in_full_once_a_call_changed_it(client, outbox, clock):
    open_counters(client, 1, ["information"])
    post(client, "/queue/waw/tickets", {"service": "information"})
    etag = client.http.get("/queue/waw/board").headers["ETag"]

    post(client, "/queue/waw/counters/1/call-next", headers=STAFF)
    response = client.http.get("/queue/waw/board", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert [call["number"] for call in body(response)["calls"]] == ["I001"]


def test_the_board_of_an_unknown_office_is_never_cached(client, outbox, clock):
    response = client.http.get("/queue/nowhere/board")

    assert_problem(response, 404, "site-not-found")
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_my_ticket_stays_private_and_is_never_cached(client, outbox, clock):
    ticket = body(post(client, "/queue/waw/tickets", {"service": "information"}))

    response = client.http.get(f"/queue/tickets/{ticket['id']}")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
