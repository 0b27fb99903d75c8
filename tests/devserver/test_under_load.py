"""`make dev` with hundreds of clients at once: every connection is answered, no slot overbooked."""

import json
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.conftest import RunningServer, free_port, start_dev_server, stop
from tests.http_rush import Answer, Call, hold_call, open_capacity_slots, rush, staff_call

MONDAY_MORNING = "2026-12-07T08:00:00+01:00"
THURSDAY_TEN = "2026-12-10T09:00:00Z"  # 10:00 in Warsaw, three days after the pinned clock
THURSDAY_QUERY = "site=waw&service=rush&from=2026-12-10&to=2026-12-10"
THURSDAY_BOOKINGS = "/api/admin/sites/waw/bookings?date=2026-12-10"


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    settings = {"BLIZEJ_NOW": MONDAY_MORNING, "BLIZEJ_HOLD_LIMIT_PER_HOUR": "100000"}
    server = start_dev_server(tmp_path_factory.mktemp("busy"), free_port(), settings=settings)
    yield server
    stop(server)


def send(server: RunningServer, calls: list[Call]) -> list[Answer]:
    address = urlsplit(server.url)
    return rush(address.hostname, address.port, calls).answers


def token(server: RunningServer) -> str:
    return (server.data_dir / "staff-token").read_text().strip()


def test_three_hundred_clients_connecting_at_once_all_get_an_answer(busy_server):
    calls = [Call("GET", "/api/health") for _ in range(200)] + [
        Call("GET", "/uk/") for _ in range(100)
    ]

    answers = send(busy_server, calls)

    assert Counter(answer.error for answer in answers) == {None: 300}
    assert Counter(answer.status for answer in answers) == {200: 300}


def test_clients_holding_one_slot_at_once_take_exactly_its_seats(busy_server):
    address = urlsplit(busy_server.url)
    open_capacity_slots(address.hostname, address.port, token(busy_server), "rush", 3)

    answers = send(busy_server, [hold_call("rush", THURSDAY_TEN, number) for number in range(120)])

    statuses = Counter(answer.status for answer in answers)
    assert statuses == {202: 3, 409: 117}, statuses
    refused = {json.loads(answer.body)["code"] for answer in answers if answer.status == 409}
    assert refused == {"slot-full"}
    [free] = send(busy_server, [Call("GET", f"/api/availability?{THURSDAY_QUERY}")])
    [day] = json.loads(free.body)["days"]
    assert day["slots"], "the other slots of the day are still free"
    assert THURSDAY_TEN not in [slot["start"] for slot in day["slots"]]
    [listed] = send(busy_server, [staff_call("GET", THURSDAY_BOOKINGS, token(busy_server))])
    assert [b["start"] for b in json.loads(listed.body) if b["service"] == "rush"] == [
        THURSDAY_TEN
    ] * 3
