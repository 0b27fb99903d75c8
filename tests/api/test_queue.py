"""The in-office queue through its API: check-in, walk-ins, counters, the board and statistics."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.storage import get_store
from tests.api.conftest import STAFF_TOKEN, assert_problem, body
from tests.api.test_appointments import PERSON, book

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "Content-Type": "application/json"}
JSON = {"Content-Type": "application/json"}
APPOINTMENT = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)


def post(client, path: str, payload: dict | None = None, headers: dict = JSON):
    raw = json.dumps(payload).encode() if payload is not None else b""
    return client.http.post(path, headers=headers, body=raw)


@pytest.fixture
def counters(client, outbox):
    for counter, services in (("1", ["fingerprints"]), ("2", ["information", "collect-card"])):
        client.http.put(
            f"/queue/waw/counters/{counter}",
            headers=STAFF,
            body=json.dumps({"services": services, "open": True}).encode(),
        )


def check_in(client, code: str, document: str = PERSON["document"], site: str = "waw"):
    return post(client, f"/queue/{site}/checkin", {"code": code, "document": document})


def test_a_booked_person_checks_in_with_code_and_document_and_gets_a_ticket(
    client, outbox, clock, counters
):
    code = book(client, outbox)["code"]
    clock.current = APPOINTMENT - timedelta(minutes=20)

    response = check_in(client, code, "ab-1234567")
    again = check_in(client, code)

    ticket = body(response)
    assert response.status_code == 201
    assert ticket["number"] == "X001"
    assert ticket["ahead"] == 0
    assert "booking_code" not in ticket and code not in json.dumps(ticket)
    assert body(again)["id"] == ticket["id"], "checking in twice gives the same ticket"


@pytest.mark.parametrize(
    ("minutes", "document", "site", "status", "code"),
    [
        (-31, "AB 1234567", "waw", 409, "check-in-too-early"),
        (16, "AB 1234567", "waw", 409, "check-in-too-late"),
        (0, "ZZ 9999999", "waw", 409, "document-mismatch"),
        (0, "AB 1234567", "rad", 409, "wrong-office"),
    ],
)
def test_a_check_in_at_the_wrong_time_place_or_with_another_document_is_refused(
    client, outbox, clock, minutes, document, site, status, code
):
    booked = book(client, outbox)["code"]
    clock.current = APPOINTMENT + timedelta(minutes=minutes)

    response = check_in(client, booked, document, site)

    problem = assert_problem(response, status, code)
    if code == "check-in-too-early":
        assert problem["check_in_from"] == "2026-12-14T07:30:00Z"
    assert get_store().tickets.day_tickets("waw", "2026-12-14") == []


def test_an_unknown_booking_code_does_not_check_in(client, outbox, clock):
    assert_problem(check_in(client, "WAW-AAAA-AA"), 404, "booking-not-found")


def test_walk_ins_get_tickets_until_the_daily_cap(client, outbox, clock, monkeypatch):
    store = get_store()
    service = store.catalogue.get_service("information")
    from dataclasses import replace

    store.catalogue.save_service(replace(service, walk_in_cap=2))

    numbers = [
        body(post(client, "/queue/waw/tickets", {"service": "information"}))["number"]
        for _ in range(2)
    ]
    full = post(client, "/queue/waw/tickets", {"service": "information"})
    by_appointment = post(client, "/queue/waw/tickets", {"service": "fingerprints"})

    assert numbers == ["I001", "I002"]
    assert_problem(full, 409, "walk-ins-full")
    assert_problem(by_appointment, 409, "walk-in-not-offered")


def test_counters_call_booked_people_at_their_time_then_priority_then_walk_ins(
    client, outbox, clock, counters
):
    client.http.put(
        "/queue/waw/counters/3",
        headers=STAFF,
        body=json.dumps({"services": ["fingerprints", "information"], "open": True}).encode(),
    )
    code = book(client, outbox)["code"]
    clock.current = APPOINTMENT - timedelta(minutes=10)
    booked = body(check_in(client, code))
    plain = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    urgent = body(post(client, "/queue/waw/tickets", {"service": "information", "priority": True}))
    post(client, f"/queue/tickets/{urgent['id']}/priority", headers=STAFF)

    early = body(post(client, "/queue/waw/counters/3/call-next", headers=STAFF))
    clock.current = APPOINTMENT
    order = [early["number"]] + [
        body(
            post(client, "/queue/waw/counters/3/call-next", {"previous": "served"}, headers=STAFF)
        )["number"]
        for _ in range(2)
    ]

    assert order == [urgent["number"], booked["number"], plain["number"]]


def test_a_called_person_who_does_not_come_drops_out_after_three_calls(
    client, outbox, clock, counters
):
    ticket = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    counter = {"counter": "2"}

    calls = []
    for _ in range(3):
        calls.append(body(post(client, "/queue/waw/counters/2/call-next", headers=STAFF)))
        missed = body(post(client, f"/queue/tickets/{ticket['id']}/no-show", counter, STAFF))

    assert [c["calls"] for c in calls] == [1, 2, 3]
    assert missed["state"] == "no-show"
    assert_problem(
        post(client, "/queue/waw/counters/2/call-next", headers=STAFF), 404, "queue-empty"
    )


def test_recall_serve_and_transfer_keep_the_ticket_honest(client, outbox, clock, counters):
    first = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    second = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)

    recalled = body(post(client, f"/queue/tickets/{first['id']}/recall", {"counter": "2"}, STAFF))
    wrong_counter = post(client, f"/queue/tickets/{first['id']}/served", {"counter": "1"}, STAFF)
    clock.current += timedelta(minutes=6)
    done = body(post(client, f"/queue/tickets/{first['id']}/served", {"counter": "2"}, STAFF))
    moved = body(
        post(client, f"/queue/tickets/{second['id']}/transfer", {"service": "collect-card"}, STAFF)
    )

    assert recalled["calls"] == 2
    assert_problem(wrong_counter, 409, "ticket-not-at-counter")
    assert done["state"] == "served"
    assert (moved["service"], moved["number"], moved["state"]) == (
        "collect-card",
        "I002",
        "waiting",
    )


def test_the_board_and_my_ticket_show_calls_waiting_and_estimates(client, outbox, clock, counters):
    tickets = [
        body(post(client, "/queue/waw/tickets", {"service": "information"})) for _ in range(3)
    ]
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)
    clock.current += timedelta(minutes=8)
    post(client, f"/queue/tickets/{tickets[0]['id']}/served", {"counter": "2"}, STAFF)
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)

    board = body(client.http.get("/queue/waw/board"))
    mine = body(client.http.get(f"/queue/tickets/{tickets[2]['id']}"))

    assert board["calls"] == [
        {
            "number": "I002",
            "counter": "2",
            "service": "information",
            "called_at": "2026-12-07T07:08:00Z",
        }
    ]
    assert {"service": "information", "waiting": 1, "estimated_minutes": 8} in board["waiting"]
    assert (mine["ahead"], mine["estimated_minutes"]) == (0, 8)


def test_staff_actions_need_the_staff_token_and_closed_counters_cannot_call(
    client, outbox, clock, counters
):
    ticket = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    client.http.put(
        "/queue/waw/counters/2",
        headers=STAFF,
        body=json.dumps({"services": ["information"], "open": False}).encode(),
    )

    assert_problem(post(client, "/queue/waw/counters/2/call-next"), 401, "unauthorized")
    assert_problem(
        post(client, "/queue/waw/counters/2/call-next", headers=STAFF), 409, "counter-closed"
    )
    assert_problem(
        client.http.get("/queue/tickets/waw.2026-12-07.AAAAAAAAAAAAAAAAAAAAAA"),
        404,
        "ticket-not-found",
    )
    assert body(client.http.get(f"/queue/tickets/{ticket['id']}"))["state"] == "waiting"


def test_statistics_per_service_as_json_and_csv(client, outbox, clock, counters):
    ticket = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    clock.current += timedelta(minutes=4)
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)
    clock.current += timedelta(minutes=6)
    post(client, f"/queue/tickets/{ticket['id']}/served", {"counter": "2"}, STAFF)

    rows = body(client.http.get("/admin/queue/waw/statistics?date=2026-12-07", headers=STAFF))
    csv = client.http.get("/admin/queue/waw/statistics?date=2026-12-07&format=csv", headers=STAFF)

    assert rows == [
        {
            "site": "waw",
            "day": "2026-12-07",
            "service": "information",
            "tickets": 1,
            "served": 1,
            "no_shows": 0,
            "wait_median_min": 4.0,
            "wait_p90_min": 4.0,
            "service_median_min": 6.0,
            "service_p90_min": 6.0,
        }
    ]
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.body.decode().splitlines()[1] == "waw,2026-12-07,information,1,1,0,4.0,4.0,6.0,6.0"


def test_a_days_figures_outlive_its_tickets(client, outbox, clock, counters):
    from chalicelib.queue.services import keep_statistics

    ticket = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    post(client, "/queue/waw/counters/2/call-next", headers=STAFF)
    post(client, f"/queue/tickets/{ticket['id']}/served", {"counter": "2"}, STAFF)
    keep_statistics(datetime(2026, 12, 8, 2, 0, tzinfo=UTC), get_store())

    get_store().upkeep.purge_expired(datetime(2027, 3, 10, tzinfo=UTC))
    rows = body(client.http.get("/admin/queue/waw/statistics?date=2026-12-07", headers=STAFF))

    assert get_store().tickets.day_tickets("waw", "2026-12-07") == []
    assert [(r["service"], r["tickets"], r["served"]) for r in rows] == [("information", 1, 1)]


def test_counters_see_the_open_tickets_in_calling_order(client, outbox, clock, counters):
    plain = body(post(client, "/queue/waw/tickets", {"service": "information"}))
    asked = body(post(client, "/queue/waw/tickets", {"service": "information", "priority": True}))

    listed = body(client.http.get("/queue/waw/tickets", headers=STAFF))
    post(client, f"/queue/tickets/{asked['id']}/priority", headers=STAFF)
    after = body(client.http.get("/queue/waw/tickets", headers=STAFF))

    assert [(t["number"], t["priority_requested"]) for t in listed] == [
        (plain["number"], False),
        (asked["number"], True),
    ]
    assert [t["number"] for t in after] == [asked["number"], plain["number"]]
    assert_problem(client.http.get("/queue/waw/tickets"), 401, "unauthorized")
