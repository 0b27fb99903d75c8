"""The one source of the current instant, so tests can move time."""

import os
from datetime import UTC, datetime


def now() -> datetime:
    # A server started for a test or a measurement may be pinned to an instant (ISO 8601 with
    # an offset), so the slots it offers do not depend on the day it runs.
    pinned = os.environ.get("BLIZEJ_NOW")
    if pinned:
        return datetime.fromisoformat(pinned).astimezone(UTC).replace(microsecond=0)
    return datetime.now(UTC).replace(microsecond=0)
