"""Fair release of appointments: a verifiable ballot instead of a race, and a waiting list that
offers every freed seat to the next person whose preferences fit. Rules only, no I/O.

Every instant is a timezone-aware UTC datetime; parts of the day are Warsaw wall-clock times.
"""

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from chalicelib import retention
from chalicelib.clock import WARSAW
from chalicelib.errors import DomainError, FieldsInvalid

# An offer's hold keeps its seat this much longer than the person has to answer, so the job that
# passes an unanswered seat to the next person finds it still held: it is never free in between.
OFFER_GRACE = timedelta(minutes=15)
NOON = time(12, 0)
PARTS = ("morning", "afternoon")  # before and from noon, Warsaw time
WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0
# Unambiguous on paper and on screen, as booking codes.
ID_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class ReleaseError(DomainError):
    """Base of every rule of the ballot and the waiting list."""


class ReleaseNotFound(ReleaseError):
    code = "release-not-found"


class ReleaseExists(ReleaseError):
    code = "release-exists"


class EntriesClosed(ReleaseError):
    """The ballot takes no entry (or withdrawal) outside its entry period."""

    code = "entries-closed"


class AlreadyEntered(ReleaseError):
    """One entry per travel document and release."""

    code = "already-entered"


class EntryNotFound(ReleaseError):
    code = "entry-not-found"


class EntryChanged(ReleaseError):
    """The entry was changed by someone else between reading and writing it."""

    code = "entry-changed"


class NotDrawnYet(ReleaseError):
    code = "not-drawn-yet"


class AlreadyDrawn(ReleaseError):
    code = "already-drawn"


class InBallot(ReleaseError):
    """The slot belongs to a ballot not drawn yet: it cannot be booked first come."""

    code = "slot-in-ballot"


class AlreadyWaiting(ReleaseError):
    """One place on a service's waiting list per travel document and office."""

    code = "already-waiting"


class WaiterNotFound(ReleaseError):
    code = "waiting-not-found"


class WaiterChanged(ReleaseError):
    """The place on the list changed (an offer made, answered or lapsed) since it was read."""

    code = "waiting-changed"


class OfferNotFound(ReleaseError):
    code = "offer-not-found"


class OfferLapsed(ReleaseError):
    code = "offer-lapsed"


class NotBallotMode(ReleaseError):
    """A ballot is announced only for a service whose policy says ballot."""

    code = "not-ballot-mode"


class ReleaseOverlaps(ReleaseError):
    """Another open release of the same service already gives some of these days."""

    code = "release-overlaps"


class DrawNotDue(ReleaseError):
    """Staff asked for a draw before its announced time."""

    code = "draw-not-due"


class ReleaseInvalid(FieldsInvalid):
    """A release whose times or days break the rules, field by field (`reversed`, `in-past`,
    `too-long`)."""


class ReleaseMode(StrEnum):
    FIRST_COME = "first-come"
    BALLOT = "ballot"


@dataclass(frozen=True)
class Policy:
    """How an office releases one service's appointments, and how long a waiting-list offer
    stays open. Without one, a service is first come with two-hour offers."""

    site_id: str
    service_id: str
    mode: ReleaseMode = ReleaseMode.FIRST_COME
    offer_minutes: int = 120


@dataclass(frozen=True)
class Preferences:
    """When a person can come. Empty means any; `earliest` is never broken, the rest is honoured
    where it can be (the draw) or always (waiting-list offers, see `fits`)."""

    weekdays: tuple[int, ...] = ()  # Monday = 0
    parts: tuple[str, ...] = ()  # of PARTS
    earliest: date | None = None

    def __post_init__(self) -> None:
        if any(day not in WEEKDAYS for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) … 6")
        if any(part not in PARTS for part in self.parts):
            raise ValueError(f"parts are {PARTS}")

    def can_come(self, start: datetime) -> bool:
        return self.earliest is None or start.astimezone(WARSAW).date() >= self.earliest

    def fits(self, start: datetime) -> bool:
        local = start.astimezone(WARSAW)
        part = "morning" if local.time() < NOON else "afternoon"
        return (
            self.can_come(start)
            and (not self.weekdays or local.weekday() in self.weekdays)
            and (not self.parts or part in self.parts)
        )

    def as_dict(self) -> dict:
        return {
            "weekdays": sorted(self.weekdays),
            "parts": [part for part in PARTS if part in self.parts],
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "Preferences":
        data = data or {}
        earliest = data.get("earliest")
        return cls(
            tuple(sorted(set(data.get("weekdays") or ()))),
            tuple(part for part in PARTS if part in (data.get("parts") or ())),
            date.fromisoformat(earliest) if earliest else None,
        )


@dataclass(frozen=True)
class Person:
    """Who enters a ballot or joins a waiting list: the same identity binding as a booking."""

    name: str
    email: str
    phone: str | None
    document_hash: str
    language: str
    identifiers: dict[str, str] = field(default_factory=dict)


class ReleaseState(StrEnum):
    OPEN = "open"  # announced; entries are taken during the entry period
    DRAWN = "drawn"


@dataclass(frozen=True)
class Release:
    """A ballot: the seats of some days of one service at one office, given by a draw.

    `commitment` (the SHA-256 of the seed, hex) is public from the announcement; `seed` stays
    secret until the draw, then is published so anyone can recompute the assignment.
    """

    id: str
    site_id: str
    service_id: str
    first_day: date
    last_day: date
    entries_open: datetime
    entries_close: datetime
    draw_at: datetime
    commitment: str
    seed: str
    state: ReleaseState = ReleaseState.OPEN
    drawn_at: datetime | None = None
    seats: int = 0  # seats the draw had to give
    entries: int = 0  # confirmed entries at the draw
    won: int = 0
    # The seats the draw gave, (start, capacity), as published with the seed: they cannot be
    # computed again later, when bookings have changed the calendar.
    drawn_seats: tuple[tuple[datetime, int], ...] = ()

    def covers(self, start: datetime) -> bool:
        return self.first_day <= start.astimezone(WARSAW).date() <= self.last_day

    def accepting(self, now: datetime) -> bool:
        return self.state == ReleaseState.OPEN and self.entries_open <= now < self.entries_close

    @property
    def entries_kept_until(self) -> datetime:
        """When the stores delete its entries: the person is told the outcome long before."""
        return self.draw_at + retention.BALLOT_ENTRY_AFTER_DRAW

    def holds_back(self, start: datetime) -> bool:
        """True while this release keeps the slot at `start` from first-come booking."""
        return self.state == ReleaseState.OPEN and self.covers(start)


def new_seed() -> str:
    return secrets.token_hex(32)


def commitment_of(seed: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed)).hexdigest()


# Why a ticket the lottery gave a seat was not booked: the person already held a booking of the
# service, or the seat was no longer free. Published with the ticket (`draw.NOT_BOOKED`).
NOT_BOOKED = ("already-booked", "seat-gone")


class EntryState(StrEnum):
    PENDING = "pending"  # waits for the e-mail confirmation
    ENTERED = "entered"
    WITHDRAWN = "withdrawn"
    WON = "won"
    NOT_DRAWN = "not-drawn"


@dataclass(frozen=True)
class Entry:
    """One person's entry in a release. `ticket` is what the draw publishes instead of them: a
    keyed hash nobody can link back to the person without the office's pepper."""

    release_id: str
    id: str
    ticket: str
    person: Person
    preferences: Preferences
    state: EntryState
    created_at: datetime
    confirm_hash: str  # of the token e-mailed to confirm; the same token manages the entry
    client_hash: str  # keyed hash of the address it came from: staff see many from one
    booking_code: str | None = None
    # What the draw did with it, published with its ticket: the seat the lottery gave it (the
    # one booked when WON) and, for a winner the office could not book, why (NOT_BOOKED).
    drawn_start: datetime | None = None
    not_booked: str | None = None

    def with_state(self, state: EntryState, booking_code: str | None = None) -> "Entry":
        return replace(self, state=state, booking_code=booking_code or self.booking_code)


class WaiterState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"  # a seat is held for them until they answer
    BOOKED = "booked"
    LEFT = "left"


@dataclass(frozen=True)
class Offer:
    """A seat held for a person on the list: `code` is the hold's booking code."""

    code: str
    start: datetime
    expires_at: datetime  # the person answers before this instant


@dataclass(frozen=True)
class Waiter:
    """A place on one service's waiting list at one office, in order of `joined_at`, then `id`."""

    id: str
    site_id: str
    service_id: str
    person: Person
    preferences: Preferences
    joined_at: datetime
    state: WaiterState
    manage_hash: str  # of the token in the person's link: see the place, leave, answer offers
    offer: Offer | None = None
    declined: tuple[datetime, ...] = ()  # slots this person turned down: never offered again
    lapsed: int = 0  # offers left unanswered
    ended_at: datetime | None = None  # when it was left or booked (set with that state)

    def is_live(self) -> bool:
        return self.state in (WaiterState.WAITING, WaiterState.OFFERED)

    @property
    def kept_until(self) -> datetime | None:
        """When the stores delete the place: never while live; 30 days after it ended (from
        the last instant it records when `ended_at` was not set)."""
        if self.is_live():
            return None
        offered = self.offer.expires_at if self.offer else self.joined_at
        return (self.ended_at or max(self.joined_at, offered)) + retention.WAITER_AFTER_END

    def wants(self, start: datetime) -> bool:
        """Whether a freed seat at `start` may be offered to this person."""
        return (
            self.state == WaiterState.WAITING
            and start not in self.declined
            and self.preferences.fits(start)
        )


def new_id(prefix: str) -> str:
    """An entry or waiting-list id such as E-7KQ3-M9XA: short, hard to guess by chance."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"
