"""The public figures on the in-memory fakes, worked out by hand; the clock is pinned by `now`."""

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.appointments.model import Schedule, Service
from chalicelib.release import figures
from chalicelib.release.model import Release, ReleaseState
from chalicelib.sites.model import Site
from tests.fakes import memory_stores

NAMES = {lang: f"Submit ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
OFFICE = {lang: f"Warsaw ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
# Tuesday 1 December 2026, 11:45 in Warsaw: too late for a slot tomorrow under the 24-hour rule.
NOW = datetime(2026, 12, 1, 10, 45, tzinfo=UTC)
MORNINGS = {day: ((time(8), time(12)),) for day in range(5)}


def stores(releases: list[Release] = (), notice_hours: int = 24, weekly=MORNINGS):
    made = memory_stores()
    made.sites.save_site(Site("waw", "Warszawa", OFFICE))
    made.catalogue.save_service(Service("submit", NAMES, 30, "X"))
    made.catalogue.save_schedule(
        Schedule("waw", "submit", weekly, 1, min_notice_hours=notice_hours)
    )
    for kept in releases:
        made.ballots.create_release(dataclasses.replace(kept, state=ReleaseState.OPEN))
        if kept.state == ReleaseState.DRAWN:
            made.ballots.mark_drawn(kept)
    return made


def release(release_id: str, drawn_at: datetime | None, entries=0, seats=0, won=0) -> Release:
    return Release(
        id=release_id,
        site_id="waw",
        service_id="submit",
        first_day=date(2026, 11, 2),
        last_day=date(2026, 11, 27),
        entries_open=datetime(2026, 10, 1, tzinfo=UTC),
        entries_close=datetime(2026, 10, 10, tzinfo=UTC),
        draw_at=datetime(2026, 10, 11, tzinfo=UTC),
        commitment="c" * 64,
        seed="s" * 64,
        state=ReleaseState.DRAWN if drawn_at else ReleaseState.OPEN,
        drawn_at=drawn_at,
        entries=entries,
        seats=seats,
        won=won,
    )


def day_row(service: str, wait_seconds: dict[str, int]) -> dict:
    people = sum(wait_seconds.values())
    return {
        "service": service,
        "tickets": people,
        "served": people,
        "no_shows": 0,
        "wait_seconds": wait_seconds,
    }


def service_figures(snapshot: dict) -> dict:
    [office] = snapshot["offices"]
    [row] = office["services"]
    return row


def test_the_24_hour_rule_makes_thursday_the_next_free_day_on_a_tuesday_before_noon():
    store = stores()

    days, day = figures.days_to_next_slot("waw", "submit", 28, store, NOW)

    assert (days, day) == (2, date(2026, 12, 3))


def test_with_two_hours_notice_tomorrow_is_the_next_free_day():
    store = stores(notice_hours=2)

    days, day = figures.days_to_next_slot("waw", "submit", 28, store, NOW)

    assert (days, day) == (1, date(2026, 12, 2))


def test_a_closed_day_is_skipped_when_counting_days_to_the_next_free_slot():
    store = stores()
    store.catalogue.set_closure("waw", date(2026, 12, 3), True)

    days, day = figures.days_to_next_slot("waw", "submit", 28, store, NOW)

    assert (days, day) == (3, date(2026, 12, 4))


def test_days_to_the_next_free_slot_are_null_when_the_window_has_none():
    store = stores(weekly={})

    assert figures.days_to_next_slot("waw", "submit", 28, store, NOW) == (None, None)


def test_the_median_and_p90_cover_the_last_30_closed_days_only():
    store = stores()
    # Inside the 30 days up to yesterday (30 November): waits of 1, 1, 5 and 10 minutes.
    store.tickets.save_queue_statistics("waw", "2026-11-30", [day_row("submit", {"60": 2})])
    store.tickets.save_queue_statistics(
        "waw", "2026-11-01", [day_row("submit", {"300": 1, "600": 1})]
    )
    # The day before the 30 days: long waits that must not count.
    store.tickets.save_queue_statistics("waw", "2026-10-31", [day_row("submit", {"6000": 5})])

    row = service_figures(figures.compute(store, NOW))

    # Four waits, in order 60, 60, 300, 600 s: the median is (60 + 300) / 2 = 180 s = 3 min;
    # the 90th percentile is the ceil(0.9 × 4) = 4th, 600 s = 10 min.
    assert row["queue"] == {"people": 4, "wait_median_min": 3.0, "wait_p90_min": 10.0}


def test_the_queue_figures_are_null_without_aggregates():
    row = service_figures(figures.compute(stores(), NOW))

    assert row["queue"] == {"people": 0, "wait_median_min": None, "wait_p90_min": None}


def test_the_latest_drawn_release_gives_entries_seats_and_won():
    kept = [
        release("autumn", datetime(2026, 10, 11, tzinfo=UTC), entries=900, seats=300, won=300),
        release("winter", datetime(2026, 11, 20, tzinfo=UTC), entries=40, seats=60, won=40),
        release("spring", None, entries=5),  # still open: not a result yet
    ]

    row = service_figures(figures.compute(stores(kept), NOW))

    assert row["release"] == {
        "id": "winter",
        "first_day": "2026-11-02",
        "last_day": "2026-11-27",
        "drawn_at": "2026-11-20T00:00:00Z",
        "entries": 40,
        "seats": 60,
        "won": 40,
    }


def test_the_release_figure_is_null_when_no_release_was_drawn():
    row = service_figures(figures.compute(stores([release("spring", None)]), NOW))

    assert row["release"] is None


def test_refresh_keeps_the_snapshot_the_endpoint_serves():
    store = stores()

    made = figures.refresh(store, NOW)

    assert store.upkeep.latest_figures() == made
    assert made["updated_at"] == "2026-12-01T10:45:00Z"
    assert made["queue_period"] == {"from": "2026-11-01", "to": "2026-11-30"}


def test_latest_serves_the_kept_snapshot_without_computing_again():
    store = stores()
    figures.refresh(store, NOW)
    store.catalogue.set_closure("waw", date(2026, 12, 3), True)

    served = figures.latest(store, NOW + timedelta(hours=1))

    assert service_figures(served)["days_to_next_slot"] == 2


def test_the_csv_has_one_line_per_office_and_service_with_empty_cells_for_nulls():
    text = figures.as_csv(figures.compute(stores(), NOW))

    assert text.splitlines() == [
        ",".join(figures.CSV_COLUMNS),
        "waw,submit,2,2026-12-03,,,,,0,,,2026-12-01T10:45:00Z",
    ]


def test_every_service_of_an_office_is_listed_with_its_names():
    row = service_figures(figures.compute(stores(), NOW))

    assert row["service"] == "submit" and row["name"] == NAMES and row["bookable"] is True
