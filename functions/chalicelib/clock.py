"""The one source of the current instant.

Outside production, `BLIZEJ_NOW` pins it, so a demonstration or a test run means the same at any
hour: `2026-12-07T08:00:00+01:00` stands still there, and `2026-12-07T08:00:00+01:00 ticking`
starts there when the process first asks and moves on with it. The production stage refuses the
setting: a pinned clock there would hand out wrong appointments to real people.
"""

import os
import time
from datetime import UTC, datetime, timedelta

SETTING = "BLIZEJ_NOW"
TICKING = "ticking"
PRODUCTION_STAGE = "prod"

_started: dict[str, float] = {}  # a ticking setting → when this process first read it


class ClockMisconfigured(RuntimeError):
    """BLIZEJ_NOW is set where it must not be, or cannot be read."""


def now() -> datetime:
    setting = os.environ.get(SETTING, "").strip()
    if not setting:
        return datetime.now(UTC).replace(microsecond=0)
    return _pinned(setting)


def _pinned(setting: str) -> datetime:
    if os.environ.get("BLIZEJ_STAGE") == PRODUCTION_STAGE:
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
