"""A week of queue history at the Warsaw office, kept as the daily job keeps it.

The manager's dashboard reads past days from their aggregates only, so the API and browser tests
put tickets of past days into the store and run `keep_statistics` for each day, as the daily job
would have. The figures they expect are worked out by hand from the table below.

    PYTHONPATH=functions python -m tests.queue_history DATA_DIR

does the same in a dev server's data folder (the browser tests).
"""

import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chalicelib.queue import model
from chalicelib.queue.model import Ticket, TicketState


@dataclass(frozen=True)
class Past:
    day: str
    service: str
    arrived: str  # UTC, HH:MM
    waited: int | None  # minutes until called; None: never called
    outcome: TicketState
    booked: bool


# Warsaw is UTC+1 in December: 08:00 UTC is 09:00 at the office.
HISTORY = (
    Past("2026-12-02", "information", "08:00", 4, TicketState.SERVED, False),  # hour 9
    Past("2026-12-02", "information", "08:00", 10, TicketState.NO_SHOW, False),
    Past("2026-12-02", "information", "09:00", 2, TicketState.SERVED, True),  # hour 10
    Past("2026-12-02", "fingerprints", "08:30", 6, TicketState.SERVED, True),  # hour 9
    Past("2026-12-03", "information", "12:00", 20, TicketState.SERVED, False),  # hour 13
    Past("2026-12-03", "information", "12:00", None, TicketState.WAITING, False),
    Past("2026-12-03", "fingerprints", "08:00", 8, TicketState.NO_SHOW, True),
)
# Kept before the aggregates had bookings, hours and waits: what such a day still says.
OLD_DAY = "2026-12-01"
OLD_ROWS = [
    {
        "site": "waw",
        "day": OLD_DAY,
        "service": "information",
        "tickets": 2,
        "served": 1,
        "no_shows": 1,
        "wait_median_min": 3.0,
        "wait_p90_min": 5.0,
        "service_median_min": 7.0,
        "service_p90_min": 7.0,
    }
]


def ticket(past: Past, number: int) -> Ticket:
    arrived = datetime.fromisoformat(f"{past.day}T{past.arrived}:00").replace(tzinfo=UTC)
    called = arrived + timedelta(minutes=past.waited) if past.waited is not None else None
    return Ticket(
        id=model.new_ticket_id("waw", past.day),
        site_id="waw",
        day=past.day,
        number=f"H{number:03d}",
        service_id=past.service,
        arrived_at=arrived,
        state=past.outcome,
        appointment=arrived if past.booked else None,
        booking_code=f"WAW-HIST-{number:02d}" if past.booked else None,
        calls=1 if called else 0,
        counter="1" if called else None,
        called_at=called,
        finished_at=called + timedelta(minutes=5) if called else None,
    )


def seed_history(store) -> None:
    """Adds HISTORY's tickets, keeps each day's aggregates, and OLD_ROWS as OLD_DAY's."""
    from chalicelib.queue.services import keep_statistics

    for number, past in enumerate(HISTORY, start=1):
        store.tickets.add_ticket(ticket(past, number))
    for day in sorted({past.day for past in HISTORY}):
        next_night = datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=1, hours=2)
        keep_statistics(next_night, store)
    store.tickets.save_queue_statistics("waw", OLD_DAY, OLD_ROWS)


if __name__ == "__main__":
    from devserver.localenv import configure

    configure(Path(sys.argv[1]))
    from chalicelib.storage import get_store
    from devserver.seed import seed_if_empty

    seed_if_empty(get_store())
    seed_history(get_store())
