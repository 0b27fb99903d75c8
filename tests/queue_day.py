"""A busy office day made up for the tests and the bench: many tickets finished, a few waiting,
a few called, so that what a request reads can be compared between a small and a big day."""

import json
from datetime import UTC, datetime, timedelta

from chalicelib.queue.model import Counter, Ticket, TicketState
from chalicelib.storage import codec

SITE, DAY = "waw", "2026-12-14"
OPENS = datetime(2026, 12, 14, 7, 0, tzinfo=UTC)
SERVICES = ("info", "cards")
COUNTERS = 10
WAITING = 12  # walk-ins, priority walk-ins and bookings, the same on every day made here


def store_as_before(store, tickets: list[Ticket]) -> None:
    """Writes tickets the way the stores did before the lines beside them existed: the
    ticket alone, in bulk (a day stored by the previous version, or a fast fill for a bench)."""
    adapter = store.tickets
    if hasattr(adapter, "db"):
        from chalicelib.storage.sqlite.queue import SqliteTickets

        assert isinstance(adapter, SqliteTickets)
        with adapter.db.transaction() as connection:
            connection.executemany(
                "INSERT INTO tickets (id, site_id, day, booking_code, doc, retain_until)"
                " VALUES (?, ?, ?, ?, ?, 0)",
                [
                    (t.id, t.site_id, t.day, t.booking_code, json.dumps(codec.ticket_to_dict(t)))
                    for t in tickets
                ],
            )
        return
    from chalicelib.storage.dynamodb.queue import _ticket_item
    from chalicelib.storage.dynamodb.queue_lines import LINED
    from chalicelib.storage.dynamodb.table import serialize

    def as_before(ticket: Ticket) -> dict:
        return {k: v for k, v in _ticket_item(ticket).items() if k != LINED}

    for first in range(0, len(tickets), 25):
        adapter.client.batch_write_item(
            RequestItems={
                adapter.table_name: [
                    {"PutRequest": {"Item": serialize(as_before(t))}}
                    for t in tickets[first : first + 25]
                ]
            }
        )


def busy_day(store, tickets: int, site: str = SITE, as_before: bool = False) -> dict[str, object]:
    """Stores `tickets` tickets of one day: all but WAITING + COUNTERS finished (served or not
    come), one called at each counter, WAITING waiting. Returns the instant the day stands at
    and the last waiting walk-in's id."""
    finished = tickets - WAITING - COUNTERS
    done = []
    for n in range(finished):
        arrived = OPENS + timedelta(seconds=n)
        called = arrived + timedelta(minutes=5)
        done.append(
            Ticket(
                f"{site}.{DAY}.f{n:05d}",
                site,
                DAY,
                f"F{n + 1:03d}",
                SERVICES[n % 2],
                arrived,
                state=TicketState.SERVED if n % 4 else TicketState.NO_SHOW,
                calls=1 if n % 4 else 3,
                counter=str(n % COUNTERS + 1),
                called_at=called,
                finished_at=called + timedelta(minutes=7),
            )
        )
    if as_before:
        store_as_before(store, done)  # the first request of the day will fill in its lines
    else:
        for ticket in done:
            store.tickets.add_ticket(ticket)
    now = OPENS + timedelta(seconds=finished, minutes=30)
    for n in range(COUNTERS):
        store.tickets.save_counter(Counter(site, str(n + 1), SERVICES))
        store.tickets.add_ticket(
            Ticket(
                f"{site}.{DAY}.c{n:05d}",
                site,
                DAY,
                f"C{n + 1:03d}",
                SERVICES[n % 2],
                now - timedelta(minutes=20),
                state=TicketState.CALLED,
                calls=1,
                counter=str(n + 1),
                called_at=now - timedelta(minutes=2),
            )
        )
    last = ""
    for n in range(WAITING):
        booked = n % 3 == 0
        ticket = Ticket(
            f"{site}.{DAY}.w{n:05d}",
            site,
            DAY,
            f"W{n + 1:03d}",
            SERVICES[n % 2],
            now - timedelta(minutes=WAITING - n),
            appointment=now + timedelta(minutes=15 * (n - 4)) if booked else None,
            booking_code=f"{site.upper()}-BOOK-{n:02d}" if booked else None,
            priority=n % 5 == 1,
        )
        store.tickets.add_ticket(ticket)
        if not booked and not ticket.priority:
            last = ticket.id
    return {"now": now, "last": last}
