"""The office's nightly round: tomorrow's reminders, yesterday's queue figures, expired data."""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.appointments import services as appointments
from chalicelib.appointments.ports import Stores as AppointmentStores
from chalicelib.mail.port import Mailer
from chalicelib.queue import services as queue
from chalicelib.queue.ports import Stores as QueueStores
from chalicelib.release import ballot, figures
from chalicelib.release.figures import Stores as FigureStores
from chalicelib.release.ports import Stores as ReleaseStores

log = logging.getLogger("blizej.daily")


class Stores(AppointmentStores, QueueStores, ReleaseStores, FigureStores, Protocol):
    """The ports the daily round touches: every domain's that keeps data."""


@dataclass(frozen=True)
class Round:
    reminders: int
    offices_counted: int
    purged: int
    drawn: int = 0


def run(store: Stores, mailer: Mailer, now: datetime) -> Round:
    """Draws the ballots that are due (should the five-minute round have missed one), reminds
    tomorrow's applicants, keeps the figures of the days just closed and the public figures made
    from them, then deletes what outlived its retention: in this order, so nothing is purged
    before it is counted."""
    drawn = ballot.run_due_draws(store, mailer, now)
    reminders = appointments.send_reminders(store, mailer, now)
    statistics = queue.keep_statistics(now, store)
    figures.refresh(store, now)  # after yesterday's aggregates, which its waits are made from
    purged = store.upkeep.purge_expired(now)
    log.info(
        "sent %d reminders, kept %d days of figures, purged %d records",
        reminders,
        statistics,
        purged,
    )
    return Round(reminders, statistics, purged, drawn)
