"""What call-next, the board and "my ticket" read does not grow with the day: the same few
items on a day of 200 tickets as on a day of 5 000, on each real store (`items_read`)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import StoreUnavailable
from chalicelib.queue import services
from chalicelib.queue.model import Counter, CounterBusy, Ticket, TicketState
from chalicelib.sites.model import Site
from chalicelib.storage.dynamodb.queue_lines import FILL_BATCH
from tests.contract.conftest import REAL_STORES
from tests.queue_day import busy_day, store_as_before

NAMES = {language: "Office" for language in ("en", "pl", "uk", "ru", "vi")}
# Per request, at most: the counters, one call item per counter, the line sizes, the heads of
# three lines per service, 20 service times per service, and the tickets ahead of one in line.
MOST_ITEMS = 80


def read_so_far(store) -> int:
    return store.tickets.items_read + store.queue_lines.items_read


def reads(store, request) -> int:
    before = read_so_far(store)
    request()
    return read_so_far(store) - before


def requests_read(store, site: str, tickets: int) -> dict[str, int]:
    store.sites.save_site(Site(site, "Office", NAMES))
    # The finished tickets are written as the previous version stored them, so the day is
    # filled in on its first request: the lines must come out the same as written ones.
    day = busy_day(store, tickets, site, as_before=True)
    now, last = day["now"], day["last"]
    services.board(site, store, now)  # the first request of a day may fill it in: not counted
    return {
        "board": reads(store, lambda: services.board(site, store, now)),
        "my ticket": reads(store, lambda: services.position(last, store, now)),
        "call-next": reads(store, lambda: services.call_next(site, "1", store, now, "served")),
    }


# moto's in-process DynamoDB slows down with every item it holds: 2 000 there, 5 000 in SQLite.
BIG = {"sqlite": 5000, "dynamodb": 2000}


@pytest.mark.parametrize("stores", REAL_STORES, indirect=True)
def test_call_next_the_board_and_my_ticket_read_as_much_on_a_big_day_as_on_one_of_200(stores):
    store = stores.open()
    small = requests_read(store, "rad", 200)

    big = requests_read(store, "waw", BIG[stores.kind])

    assert big == small
    assert max(big.values()) <= MOST_ITEMS


@pytest.mark.parametrize("stores", REAL_STORES, indirect=True)
def test_a_day_stored_before_the_lines_existed_is_still_called_shown_and_counted(stores):
    store = stores.open()
    store.sites.save_site(Site("waw", "Office", NAMES))
    now = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    waiting = Ticket("waw.2026-12-14.old1", "waw", "2026-12-14", "I001", "info", now)
    called = replace(waiting, id="waw.2026-12-14.old2", number="I002")
    called = replace(called, state=TicketState.CALLED, counter="1", calls=1, called_at=now)
    store_as_before(store, [waiting, called])
    for counter in ("1", "2"):
        store.tickets.save_counter(Counter("waw", counter, ("info",)))
    reopened = stores.open()  # a new process: nothing of the day known yet

    place = services.position(waiting.id, reopened, now)
    shown = services.board("waw", reopened, now)
    with pytest.raises(CounterBusy):
        services.call_next("waw", "1", reopened, now)
    next_one = services.call_next("waw", "2", reopened, now)

    assert place.ahead == 0
    assert [t.id for t in shown["calls"]] == [called.id]
    assert shown["waiting"] == [{"service": "info", "waiting": 1, "estimated_minutes": 5}]
    assert next_one.id == waiting.id


@pytest.mark.parametrize("stores", ["dynamodb"], indirect=True)
def test_a_fill_in_stopped_half_way_is_finished_by_the_next_request_counting_each_ticket_once(
    stores, monkeypatch
):
    # DynamoDB fills an older day's waiting tickets in batches of one transaction (SQLite fills
    # a day in one): the first batch goes in, then the store stops answering.
    store = stores.open()
    store.sites.save_site(Site("waw", "Office", NAMES))
    now = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    waiting = [
        Ticket(
            f"waw.2026-12-14.old{n:02d}",
            "waw",
            "2026-12-14",
            f"I{n + 1:03d}",
            "info",
            now - timedelta(minutes=60 - n),
        )
        for n in range(FILL_BATCH + 15)
    ]
    served = replace(
        waiting[0],
        id="waw.2026-12-14.done",
        number="I999",
        state=TicketState.SERVED,
        calls=1,
        counter="1",
        called_at=now - timedelta(minutes=9),
        finished_at=now - timedelta(minutes=5),
    )
    store_as_before(store, [*waiting, served])
    store.tickets.save_counter(Counter("waw", "1", ("info",)))
    transact = store.queue_lines.table.transact
    transactions = []

    def stops_after_the_first(writes: list[dict]) -> set[int]:
        if transactions:
            raise StoreUnavailable("the store stopped answering")
        transactions.append(writes)
        return transact(writes)

    monkeypatch.setattr(store.queue_lines.table, "transact", stops_after_the_first)
    with pytest.raises(StoreUnavailable):
        services.board("waw", store, now)
    reopened = stores.open()  # the next request, in another process

    places = [services.position(t.id, reopened, now).ahead for t in waiting]
    shown = services.board("waw", reopened, now)
    next_one = services.call_next("waw", "1", reopened, now)

    assert len(transactions) == 1
    assert places == list(range(len(waiting)))
    assert [(w["service"], w["waiting"]) for w in shown["waiting"]] == [("info", len(waiting))]
    assert next_one.id == waiting[0].id
    assert (
        reopened.queue_lines.line_sizes("waw", "2026-12-14")["info"]["walk-in"] == len(waiting) - 1
    )
