"""The queue contract of every store: numbers, walk-in caps, tickets, counters."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import retention
from chalicelib.clock import epoch
from chalicelib.queue.model import Counter, Ticket, TicketState, called, served

NOW = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
DAY = "2026-12-14"


def ticket(ticket_id: str = "waw.2026-12-14.aaa", **changes) -> Ticket:
    made = Ticket(ticket_id, "waw", DAY, "X001", "fingerprints", NOW)
    return replace(made, **changes)


def test_daily_numbers_count_up_per_site_day_and_letter(store):
    numbers = [store.tickets.next_ticket_number("waw", DAY, "X") for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert store.tickets.next_ticket_number("waw", DAY, "B") == 1
    assert store.tickets.next_ticket_number("waw", "2026-12-15", "X") == 1
    assert store.tickets.next_ticket_number("rad", DAY, "X") == 1


def test_walk_in_places_run_out_at_the_cap(store):
    taken = [store.tickets.take_walk_in_place("waw", DAY, "info", 2) for _ in range(3)]

    assert taken == [True, True, False]
    assert store.tickets.take_walk_in_place("waw", DAY, "other", 2) is True
    assert store.tickets.take_walk_in_place("waw", DAY, "closed", 0) is False


def test_a_ticket_reads_back_and_is_listed_with_its_day(store):
    stored = store.tickets.add_ticket(
        ticket(appointment=NOW, booking_code="WAW-AAAA-AA", priority=True)
    )

    assert store.tickets.get_ticket(stored.id) == stored
    assert store.tickets.day_tickets("waw", DAY) == [stored]
    assert store.tickets.day_tickets("waw", "2026-12-15") == []
    assert store.tickets.get_ticket("waw.2026-12-14.unknown") is None


def test_a_booking_checks_in_once(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.a", booking_code="WAW-AAAA-AA"))

    again = store.tickets.add_ticket(
        ticket("waw.2026-12-14.b", number="X002", booking_code="WAW-AAAA-AA")
    )

    assert again == first
    assert len(store.tickets.day_tickets("waw", DAY)) == 1


def test_a_ticket_changes_only_from_the_state_it_was_read_in(store):
    waiting = store.tickets.add_ticket(ticket())
    first = called(waiting, "3", NOW)

    assert store.tickets.replace_ticket(first, waiting) is True
    assert store.tickets.replace_ticket(called(waiting, "4", NOW), waiting) is False
    assert store.tickets.get_ticket(waiting.id).counter == "3"
    assert store.tickets.get_ticket(waiting.id).state == TicketState.CALLED


def test_a_counter_calls_a_ticket_when_nobody_is_called_there(store):
    waiting = store.tickets.add_ticket(ticket())

    answer = store.tickets.call_at_counter(called(waiting, "3", NOW), waiting, None, None)

    assert answer is True
    assert store.tickets.get_ticket(waiting.id).state == TicketState.CALLED
    assert store.tickets.get_ticket(waiting.id).counter == "3"


def test_a_counter_with_someone_called_calls_no_one_else_and_nothing_changes(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.aaa"))
    second = store.tickets.add_ticket(ticket("waw.2026-12-14.bbb", number="X002"))
    assert store.tickets.call_at_counter(called(first, "3", NOW), first, None, None)

    answer = store.tickets.call_at_counter(called(second, "3", NOW), second, None, None)

    assert answer is False
    assert store.tickets.get_ticket(first.id).state == TicketState.CALLED
    assert store.tickets.get_ticket(second.id).state == TicketState.WAITING


def test_a_counter_finishes_its_called_ticket_and_calls_the_next_in_one_write(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.aaa"))
    second = store.tickets.add_ticket(ticket("waw.2026-12-14.bbb", number="X002"))
    first_called = called(first, "3", NOW)
    assert store.tickets.call_at_counter(first_called, first, None, None)

    answer = store.tickets.call_at_counter(
        called(second, "3", NOW), second, served(first_called, NOW), first_called
    )

    assert answer is True
    assert store.tickets.get_ticket(first.id).state == TicketState.SERVED
    assert store.tickets.get_ticket(second.id).state == TicketState.CALLED
    assert store.tickets.get_ticket(second.id).counter == "3"


def test_a_counter_calls_no_one_when_its_called_ticket_changed_since_it_was_read(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.aaa"))
    second = store.tickets.add_ticket(ticket("waw.2026-12-14.bbb", number="X002"))
    first_called = called(first, "3", NOW)
    assert store.tickets.call_at_counter(first_called, first, None, None)
    recalled = called(first_called, "3", NOW)
    assert store.tickets.replace_ticket(recalled, first_called)

    answer = store.tickets.call_at_counter(
        called(second, "3", NOW), second, served(first_called, NOW), first_called
    )

    assert answer is False
    assert store.tickets.get_ticket(first.id) == recalled
    assert store.tickets.get_ticket(second.id).state == TicketState.WAITING


def test_a_counter_calls_no_one_when_another_counter_took_the_ticket_first(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.aaa"))
    assert store.tickets.call_at_counter(called(first, "4", NOW), first, None, None)

    answer = store.tickets.call_at_counter(called(first, "3", NOW), first, None, None)

    assert answer is False
    assert store.tickets.get_ticket(first.id).counter == "4"


def test_a_counter_calls_again_once_its_last_ticket_is_finished(store):
    first = store.tickets.add_ticket(ticket("waw.2026-12-14.aaa"))
    second = store.tickets.add_ticket(ticket("waw.2026-12-14.bbb", number="X002"))
    first_called = called(first, "3", NOW)
    assert store.tickets.call_at_counter(first_called, first, None, None)
    assert store.tickets.replace_ticket(served(first_called, NOW), first_called)

    answer = store.tickets.call_at_counter(called(second, "3", NOW), second, None, None)

    assert answer is True
    assert store.tickets.get_ticket(second.id).counter == "3"


def test_a_counters_break_reads_back(store):
    store.tickets.save_counter(Counter("waw", "2", ("fingerprints",), paused_since=NOW))

    assert store.tickets.list_counters("waw") == [
        Counter("waw", "2", ("fingerprints",), paused_since=NOW)
    ]


def test_counters_read_back_in_order(store):
    store.tickets.save_counter(Counter("waw", "2", ("fingerprints",)))
    store.tickets.save_counter(Counter("waw", "1", ("fingerprints", "info"), open=False))

    assert store.tickets.list_counters("waw") == [
        Counter("waw", "1", ("fingerprints", "info"), open=False),
        Counter("waw", "2", ("fingerprints",)),
    ]
    assert store.tickets.list_counters("rad") == []


def test_tickets_are_deleted_after_ninety_days(store, stores):
    store.tickets.add_ticket(ticket())

    store.upkeep.purge_expired(NOW + timedelta(days=91))

    if stores.kind != "dynamodb":  # purged by the store itself
        assert store.tickets.day_tickets("waw", DAY) == []
    else:  # DynamoDB's TTL deletes it: the item carries the instant
        raw = store.tickets.client.get_item(
            TableName=store.tickets.table_name,
            Key={"pk": {"S": f"TICKETS#waw#{DAY}"}, "sk": {"S": "waw.2026-12-14.aaa"}},
        )
        assert int(raw["Item"]["expires_at"]["N"]) == int((NOW + timedelta(days=90)).timestamp())


# A day's numbers and walk-in counts go retention.TICKET after midnight UTC of that date.
DAY_FORGOTTEN = datetime(2026, 12, 14, tzinfo=UTC) + retention.TICKET


def test_a_days_ticket_numbers_are_forgotten_ninety_days_after_the_day(store, stores):
    store.tickets.next_ticket_number("waw", DAY, "X")
    store.tickets.next_ticket_number("waw", DAY, "X")

    if stores.kind != "dynamodb":
        store.upkeep.purge_expired(DAY_FORGOTTEN - timedelta(seconds=1))
        kept = store.tickets.next_ticket_number("waw", DAY, "X")
        store.upkeep.purge_expired(DAY_FORGOTTEN)
        assert (kept, store.tickets.next_ticket_number("waw", DAY, "X")) == (3, 1)
    else:  # DynamoDB's TTL deletes it: the item carries the instant
        raw = store.tickets.client.get_item(
            TableName=store.tickets.table_name,
            Key={"pk": {"S": f"NUMBERS#waw#{DAY}"}, "sk": {"S": "X"}},
        )
        assert int(raw["Item"]["expires_at"]["N"]) == epoch(DAY_FORGOTTEN)


# DynamoDB's TTL deletes them: test_dynamodb_expiry.py checks the instant its items carry.
@pytest.mark.parametrize("stores", ["sqlite", "memory"], indirect=True)
def test_a_days_walk_in_places_are_forgotten_ninety_days_after_the_day(store, stores):
    store.tickets.take_walk_in_place("waw", DAY, "info", 1)

    store.upkeep.purge_expired(DAY_FORGOTTEN - timedelta(seconds=1))
    kept = not store.tickets.take_walk_in_place("waw", DAY, "info", 1)
    store.upkeep.purge_expired(DAY_FORGOTTEN)

    assert kept and store.tickets.take_walk_in_place("waw", DAY, "info", 1)


def test_a_purge_keeps_the_numbers_and_walk_in_places_of_recent_days(store):
    store.tickets.next_ticket_number("waw", DAY, "X")
    store.tickets.take_walk_in_place("waw", DAY, "info", 1)

    store.upkeep.purge_expired(NOW + timedelta(days=30))

    assert store.tickets.next_ticket_number("waw", DAY, "X") == 2
    assert store.tickets.take_walk_in_place("waw", DAY, "info", 1) is False


def test_a_days_statistics_read_back(store):
    rows = [{"service": "information", "tickets": 3, "wait_median_min": 4.5}]

    store.tickets.save_queue_statistics("waw", DAY, rows)

    assert store.tickets.queue_statistics("waw", DAY) == rows
    assert store.tickets.queue_statistics("waw", "2026-12-15") is None


def test_the_statistics_of_a_run_of_days_read_back_by_day_with_both_ends_included(store):
    for day in ("2026-11-30", "2026-12-01", "2026-12-07", "2026-12-08"):
        store.tickets.save_queue_statistics("waw", day, [{"service": "info", "tickets": 1}])
    store.tickets.save_queue_statistics("rad", "2026-12-03", [{"service": "info", "tickets": 9}])
    store.tickets.save_queue_statistics("waw", "2026-12-02", [])

    kept = store.tickets.queue_statistics_between("waw", "2026-12-01", "2026-12-07")

    assert kept == {
        "2026-12-01": [{"service": "info", "tickets": 1}],
        "2026-12-02": [],
        "2026-12-07": [{"service": "info", "tickets": 1}],
    }
    assert store.tickets.queue_statistics_between("waw", "2027-01-01", "2027-12-31") == {}
