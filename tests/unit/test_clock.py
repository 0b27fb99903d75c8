from datetime import UTC, datetime

import pytest

from chalicelib import clock

MONDAY_MORNING = "2026-12-07T08:00:00+01:00"


def test_a_pinned_clock_stands_still_at_the_instant_given(monkeypatch):
    monkeypatch.setenv("BLIZEJ_NOW", MONDAY_MORNING)

    first, second = clock.now(), clock.now()

    assert first == second == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


def test_a_ticking_clock_starts_at_the_instant_and_moves_with_the_process(monkeypatch):
    monkeypatch.setenv("BLIZEJ_NOW", f"{MONDAY_MORNING} ticking")
    process = {"seconds": 1000.0}
    monkeypatch.setattr("chalicelib.clock.time.monotonic", lambda: process["seconds"])
    monkeypatch.setattr("chalicelib.clock._started", {})

    started = clock.now()
    process["seconds"] += 90.4
    later = clock.now()

    assert started == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert later == datetime(2026, 12, 7, 7, 1, 30, tzinfo=UTC)


def test_without_the_setting_the_clock_is_the_systems(monkeypatch):
    monkeypatch.delenv("BLIZEJ_NOW", raising=False)
    fixed = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)

    class System(datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed.astimezone(tz)

    monkeypatch.setattr("chalicelib.clock.datetime", System)

    assert clock.now() == fixed.replace(microsecond=0)


def test_the_production_stage_refuses_a_pinned_clock(monkeypatch):
    monkeypatch.setenv("BLIZEJ_NOW", MONDAY_MORNING)
    monkeypatch.setenv("BLIZEJ_STAGE", "prod")

    with pytest.raises(clock.ClockMisconfigured, match="production"):
        clock.now()


@pytest.mark.parametrize(
    "setting",
    ["2026-12-07T08:00:00", "next monday", "2026-02-30T08:00:00Z", f"{MONDAY_MORNING} slowly"],
)
def test_a_setting_that_cannot_be_read_is_refused_not_guessed(monkeypatch, setting):
    monkeypatch.setenv("BLIZEJ_NOW", setting)

    with pytest.raises(clock.ClockMisconfigured):
        clock.now()
