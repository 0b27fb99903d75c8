"""Public figures: how long applicants wait, per office and service, as open data.

Computed once a day by `refresh` and kept as one snapshot; the API serves the snapshot, so a
reader's request costs one read however many offices there are. Every figure is a count, a
number of days or a number of minutes: no person, booking or ticket is in them.
"""

import csv
import io
from datetime import date, datetime, timedelta
from typing import Protocol

from chalicelib import clock
from chalicelib.appointments import services as appointments
from chalicelib.appointments.model import MAX_RANGE_DAYS
from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.clock import format_instant
from chalicelib.ports import Upkeep
from chalicelib.queue import services as queue
from chalicelib.queue.ports import Tickets
from chalicelib.release.model import Release, ReleaseState
from chalicelib.release.ports import Ballots
from chalicelib.sites.ports import SiteDirectory

QUEUE_DAYS = 30  # the queue's figures cover the last 30 closed days
CSV_COLUMNS = (
    "site",
    "service",
    "days_to_next_slot",
    "next_slot_day",
    "release",
    "release_entries",
    "release_seats",
    "release_won",
    "queue_people",
    "wait_median_min",
    "wait_p90_min",
    "updated_at",
)


class Stores(Protocol):
    """The ports the figures read, and the one they keep their snapshot in."""

    sites: SiteDirectory
    catalogue: Catalogue
    bookings: Bookings
    tickets: Tickets
    ballots: Ballots
    upkeep: Upkeep


def days_to_next_slot(
    site_id: str, service_id: str, window_days: int, store: Stores, now: datetime
) -> tuple[int | None, date | None]:
    """Whole Warsaw days from today to the first day with a free seat, and that day.

    (None, None) when no seat is free in the booking window. The window is what an applicant
    can book now: closures, holidays, the minimum notice and days held back for a ballot are
    left out exactly as `availability` leaves them out of the calendar.
    """
    today = clock.office_day(now)
    last = today + timedelta(days=min(window_days, MAX_RANGE_DAYS - 1))
    days = appointments.availability(site_id, service_id, today, last, store, now)
    if not days:
        return None, None
    first = min(day.day for day in days)
    return (first - today).days, first


def last_release(releases: list[Release]) -> dict | None:
    """Entries against seats of the latest drawn release, or None when none was drawn."""
    drawn = [r for r in releases if r.state == ReleaseState.DRAWN]
    if not drawn:
        return None
    latest = max(drawn, key=lambda r: (r.drawn_at or r.draw_at, r.first_day))
    return {
        "id": latest.id,
        "first_day": latest.first_day.isoformat(),
        "last_day": latest.last_day.isoformat(),
        "drawn_at": format_instant(latest.drawn_at or latest.draw_at),
        "entries": latest.entries,
        "seats": latest.seats,
        "won": latest.won,
    }


def compute(store: Stores, now: datetime) -> dict:
    """The figures of every office and service at `now` (see the module docstring)."""
    last = clock.office_day(now) - timedelta(days=1)
    first = last - timedelta(days=QUEUE_DAYS - 1)
    offices = []
    for site in sorted(store.sites.list_sites(), key=lambda s: s.id):
        waits = {
            row["service"]: row
            for row in queue.period_statistics(site.id, first, last, store, now)["services"]
        }
        schedules = {s.service_id: s for s in store.catalogue.list_schedules(site.id)}
        by_id = {service.id: service for service in store.catalogue.list_services()}
        rows = []
        for service_id in sorted((set(schedules) | set(waits)) & set(by_id)):
            schedule = schedules.get(service_id)
            days, day = (
                days_to_next_slot(site.id, service_id, schedule.window_days, store, now)
                if schedule
                else (None, None)
            )
            wait = waits.get(service_id)
            rows.append(
                {
                    "service": service_id,
                    "name": dict(by_id[service_id].name),
                    "bookable": schedule is not None,
                    "days_to_next_slot": days,
                    "next_slot_day": day.isoformat() if day else None,
                    "release": last_release(store.ballots.releases_of(site.id, service_id)),
                    "queue": {
                        "people": wait["tickets"] if wait else 0,
                        "wait_median_min": wait["wait_median_min"] if wait else None,
                        "wait_p90_min": wait["wait_p90_min"] if wait else None,
                    },
                }
            )
        offices.append({"site": site.id, "name": dict(site.name), "services": rows})
    return {
        "updated_at": format_instant(now),
        "queue_period": {"from": first.isoformat(), "to": last.isoformat()},
        "offices": offices,
    }


def refresh(store: Stores, now: datetime) -> dict:
    """Computes today's figures and keeps them as the one snapshot the API serves; run daily,
    after the queue's aggregates of yesterday are kept."""
    snapshot = compute(store, now)
    store.upkeep.save_figures(snapshot)
    return snapshot


def latest(store: Stores, now: datetime) -> dict:
    """The snapshot kept last; computed and kept now when none is (a new store, before the
    first daily round), so the endpoint never answers empty."""
    return store.upkeep.latest_figures() or refresh(store, now)


def as_csv(snapshot: dict) -> str:
    """One line per office and service, the columns of `CSV_COLUMNS`; empty cells for nulls."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for office in snapshot["offices"]:
        for row in office["services"]:
            release = row["release"] or {}
            writer.writerow(
                {
                    "site": office["site"],
                    "service": row["service"],
                    "days_to_next_slot": row["days_to_next_slot"],
                    "next_slot_day": row["next_slot_day"],
                    "release": release.get("id"),
                    "release_entries": release.get("entries"),
                    "release_seats": release.get("seats"),
                    "release_won": release.get("won"),
                    "queue_people": row["queue"]["people"],
                    "wait_median_min": row["queue"]["wait_median_min"],
                    "wait_p90_min": row["queue"]["wait_p90_min"],
                    "updated_at": snapshot["updated_at"],
                }
            )
    return out.getvalue()
