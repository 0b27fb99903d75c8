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
from chalicelib.release import waiting
from chalicelib.release.ports import Stores as ReleaseStores

log = logging.getLogger("blizej.daily")


class Stores(AppointmentStores, QueueStores, ReleaseStores, Protocol):
    """The ports the daily round touches: every domain's that keeps data."""


@dataclass(frozen=True)
class Round:
    reminders: int
    offices_counted: int
    purged: int
    offers_lapsed: int = 0
    seats_offered: int = 0


def run(store: Stores, mailer: Mailer, now: datetime) -> Round:
    """Reminds tomorrow's applicants, keeps the figures of the days just closed, then deletes
    what outlived its retention: in this order, so nothing is purged before it is counted."""
    reminders = appointments.send_reminders(store, mailer, now)
    lapsed, offered = waiting.run_offers(store, mailer, now)
    statistics = queue.keep_statistics(now, store)
    purged = store.upkeep.purge_expired(now)
    log.info(
        "sent %d reminders, kept %d days of figures, purged %d records, "
        "ended %d unanswered offers, offered %d free seats",
        reminders,
        statistics,
        purged,
        lapsed,
        offered,
    )
    return Round(reminders, statistics, purged, lapsed, offered)


def run_often(store: Stores, mailer: Mailer, now: datetime) -> dict:
    """What cannot wait for the night: unanswered offers end on time and their seats pass on."""
    lapsed, offered = waiting.run_offers(store, mailer, now)
    log.info("ended %d unanswered offers, offered %d free seats", lapsed, offered)
    return {"offers_lapsed": lapsed, "seats_offered": offered}
