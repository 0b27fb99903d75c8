"""Time, once: the current instant, the office's zone and day, and instants as text.

Every instant is kept in UTC and written as `2026-12-07T08:00:00Z`; office days and hours are
Europe/Warsaw's.

Outside production, `BLIZEJ_NOW` pins it, so a demonstration or a test run means the same at any
hour: `2026-12-07T08:00:00+01:00` stands still there, and `2026-12-07T08:00:00+01:00 ticking`
starts there when the process first asks and moves on with it. The production stage refuses the
setting: a pinned clock there would hand out wrong appointments to real people.
"""

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib import config

SETTING = "BLIZEJ_NOW"
TICKING = "ticking"
PRODUCTION_STAGE = "prod"

WARSAW = ZoneInfo("Europe/Warsaw")
INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

_started: dict[str, float] = {}  # a ticking setting → when this process first read it


class ClockMisconfigured(RuntimeError):
    """BLIZEJ_NOW is set where it must not be, or cannot be read."""


def now() -> datetime:
    setting, stage = config.clock_setting()
    if not setting:
        return datetime.now(UTC).replace(microsecond=0)
    return _pinned(setting, stage)


def _pinned(setting: str, stage: str) -> datetime:
    if stage == PRODUCTION_STAGE:
        raise ClockMisconfigured(f"{SETTING} is not allowed in the production stage")
    value, _, mode = setting.partition(" ")
    start = parse_instant_with_offset(value)
    if start is None or mode.strip() not in ("", TICKING):
        raise ClockMisconfigured(
            f"{SETTING}={setting!r} is not an ISO 8601 instant with its offset "
            f"(2026-12-07T09:00:00+01:00), optionally followed by ' {TICKING}'"
        )
    if not mode.strip():
        return start
    first_read = _started.setdefault(setting, time.monotonic())
    return start + timedelta(seconds=int(time.monotonic() - first_read))


def parse_instant_with_offset(value: str) -> datetime | None:
    """`2026-12-07T09:00:00+01:00` or `…Z` as UTC; None when it is no instant or has no offset."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    if instant.tzinfo is None:
        return None
    return instant.astimezone(UTC).replace(microsecond=0)


def office_day(moment: datetime) -> date:
    """The day it is in Warsaw at an instant."""
    return moment.astimezone(WARSAW).date()


def today() -> date:
    """The day it is in Warsaw now."""
    return office_day(now())


def format_instant(moment: datetime) -> str:
    """An instant as sortable UTC text: 2026-12-01T08:00:00Z."""
    return moment.astimezone(UTC).strftime(INSTANT_FORMAT)


def parse_instant(text: str) -> datetime | None:
    """The instant `format_instant` wrote, or None when the text is not one (2026-02-30T…)."""
    try:
        return datetime.strptime(text, INSTANT_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def epoch(moment: datetime) -> int:
    """Whole seconds since 1970, rounded up: an expiry never comes early."""
    seconds = moment.timestamp()
    return int(seconds) + (0 if seconds == int(seconds) else 1)
