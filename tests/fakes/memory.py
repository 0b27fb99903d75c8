"""The records every fake shares, and the one lock that makes each verb atomic."""

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from chalicelib.clock import epoch


def dump(doc: object) -> str:
    """A record as stored: JSON text, as SQLite keeps it, so nothing a caller holds is shared."""
    return json.dumps(doc, ensure_ascii=False)


def load(text: str):
    return json.loads(text)


def expiry(moment: datetime) -> datetime:
    """An expiry as the stores keep it: whole seconds, rounded up, so it never comes early."""
    return datetime.fromtimestamp(epoch(moment), UTC)


@dataclass
class Seat:
    code: str | None
    expires_at: datetime


@dataclass
class StoredEvent:
    doc: str
    retain_until: datetime
    quarantine: dict | None = None


@dataclass
class Memory:
    """Plain dicts keyed as the SQLite tables are; `lock` is held by every verb that writes."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    sites: dict[str, str] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)
    schedules: dict[tuple[str, str], str] = field(default_factory=dict)
    closures: set[tuple[str, date]] = field(default_factory=set)
    # (site, service, start as stored text) → seat number → who holds it until when
    seats: dict[tuple[str, str, str], dict[int, Seat]] = field(default_factory=dict)
    # (document hash, service) → (booking code, expiry)
    person_locks: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)
    bookings: dict[str, str] = field(default_factory=dict)
    # key → (fingerprint, booking code, expiry)
    idempotency: dict[str, tuple[str, str, datetime]] = field(default_factory=dict)
    # (key, window) → (count, expiry)
    rate_limits: dict[tuple[str, str], tuple[int, datetime]] = field(default_factory=dict)
    seen_once: dict[str, datetime] = field(default_factory=dict)
    case_events: dict[str, StoredEvent] = field(default_factory=dict)
    # case number → (access as stored, when it is deleted); the retention lives beside the
    # record, as in the stores, so `set_case_retention` does not rewrite the access record
    case_access: dict[str, tuple[str, datetime | None]] = field(default_factory=dict)
    # key → (count, latest, keep until)
    lookup_failures: dict[str, tuple[int, datetime, datetime]] = field(default_factory=dict)
    lookup_audit: list[dict] = field(default_factory=list)
    # ticket id → (ticket as stored, when it is deleted)
    tickets: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    ticket_numbers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    walk_ins: dict[tuple[str, str, str], int] = field(default_factory=dict)
    counters: dict[tuple[str, str], str] = field(default_factory=dict)
    queue_statistics: dict[tuple[str, str], str] = field(default_factory=dict)
    # (site, service) → policy as stored
    release_policies: dict[tuple[str, str], str] = field(default_factory=dict)
    releases: dict[str, str] = field(default_factory=dict)
    # (release, entry id) → entry as stored
    entries: dict[tuple[str, str], str] = field(default_factory=dict)
    # (release, document hash) → the entry id that claims it (live, not withdrawn)
    entry_claims: dict[tuple[str, str], str] = field(default_factory=dict)
    waiters: dict[str, str] = field(default_factory=dict)
    # (site, service, document hash) → the waiter id that claims it (waiting or offered)
    waiter_claims: dict[tuple[str, str, str], str] = field(default_factory=dict)


class Fake:
    """A port over a shared `Memory`."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
