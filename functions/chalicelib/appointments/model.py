"""Services, schedules, slots and bookings: the rules of the appointment calendar, without I/O.

Every instant is a timezone-aware UTC datetime; office times are Europe/Warsaw wall-clock times,
so opening hours stay right across the daylight-saving changes.
"""

import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from chalicelib import retention
from chalicelib.clock import WARSAW
from chalicelib.config import LANGUAGES
from chalicelib.errors import DomainError

HOLD_MINUTES = 15
MAX_RANGE_DAYS = 62
# Unambiguous on paper and on screen: no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class AppointmentError(DomainError):
    """Base of every rule the calendar refuses to break."""


class ServiceNotFound(AppointmentError):
    code = "service-not-found"


class NotBookable(AppointmentError):
    """The instant is not a slot of this service: closed, outside the window, or in the past."""

    code = "slot-not-bookable"


class SlotFull(AppointmentError):
    code = "slot-full"


class AlreadyBooked(AppointmentError):
    """The person already has an active booking for this service."""

    code = "already-booked"


class BookingNotFound(AppointmentError):
    code = "booking-not-found"


class HoldExpired(AppointmentError):
    code = "hold-expired"


class ConfirmedEarlier(AppointmentError):
    """Confirmed before a confirm link could be used again: its manage link is in the email."""

    code = "already-confirmed"


class TokenInvalid(AppointmentError):
    code = "booking-not-found"


class CodeTaken(AppointmentError):
    """A new booking code collided with an existing one; draw another."""


class TooLateToChange(AppointmentError):
    """The appointment is too close to reschedule online (inside the schedule's cutoff)."""

    code = "too-late-to-change"


class AppointmentStarted(AppointmentError):
    """The appointment has started (or is over): it can no longer be cancelled online."""

    code = "appointment-started"


class RangeTooLong(AppointmentError):
    code = "range-too-long"


def still_taken(expires_at: datetime, now: datetime) -> bool:
    """A seat, hold or lock counts while its expiry lies after `now`, not until it is deleted."""
    return expires_at > now


def free_seats(capacity: int, taken: int) -> int:
    """How many people a slot can still take."""
    return max(capacity - taken, 0)


def first_free_seat(capacity: int, taken: set[int]) -> int | None:
    """The lowest seat number of a slot (0 … capacity − 1) nobody holds, or None when full.

    A slot whose capacity was lowered stays full while it holds that many, whichever seats.
    """
    if not free_seats(capacity, len(taken)):
        return None
    return next((seat for seat in range(capacity) if seat not in taken), None)


@dataclass(frozen=True)
class Service:
    """Something an office does by appointment: submitting documents, fingerprints, a workshop…"""

    id: str
    name: dict[str, str]
    duration_minutes: int
    letter: str
    group_capacity: int | None = None
    identifiers: tuple[str, ...] = ()
    guide: str = "book/"
    walk_in_cap: int = 0  # walk-in tickets a site gives per day; 0: by appointment only

    def __post_init__(self) -> None:
        if set(self.name) != set(LANGUAGES):
            raise ValueError(f"service {self.id} needs a name in every language")


@dataclass(frozen=True)
class Schedule:
    """When and how many people a site serves for one service."""

    site_id: str
    service_id: str
    weekly: dict[
        int, tuple[tuple[time, time], ...]
    ]  # Monday = 0 → opening periods; gaps are breaks
    counters: int
    window_days: int = 28
    release_at: time = time(7, 0)
    min_notice_hours: int = 2
    change_cutoff_hours: int = 24

    def capacity(self, service: Service) -> int:
        return service.group_capacity or self.counters


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    capacity: int


def polish_holidays(first: date, last: date) -> set[date]:
    import holidays  # tens of ms on a cold start: imported only where days are counted

    years = range(first.year, last.year + 1)
    return set(holidays.country_holidays("PL", years=years))


def bookable_slots(
    service: Service,
    schedule: Schedule,
    first: date,
    last: date,
    closures: set[date],
    now: datetime,
) -> list[Slot]:
    """The slots between two office days (inclusive) that can be booked at `now`."""
    if (last - first).days + 1 > MAX_RANGE_DAYS or last < first:
        raise RangeTooLong(f"{first}..{last}")
    closed = closures | polish_holidays(first, last)
    earliest = now + timedelta(hours=schedule.min_notice_hours)
    slots: list[Slot] = []
    day = first
    while day <= last:
        opens = datetime.combine(day - timedelta(days=schedule.window_days), schedule.release_at)
        if day not in closed and opens.replace(tzinfo=WARSAW) <= now:
            for period in schedule.weekly.get(day.weekday(), ()):
                slots += _slots_in(day, period, service, schedule, earliest)
        day += timedelta(days=1)
    return slots


def _slots_in(
    day: date, period: tuple[time, time], service: Service, schedule: Schedule, earliest: datetime
) -> list[Slot]:
    length = timedelta(minutes=service.duration_minutes)
    start, end = datetime.combine(day, period[0]), datetime.combine(day, period[1])
    slots = []
    while start + length <= end:
        utc = to_utc(start)
        if utc is not None and utc >= earliest:
            slots.append(Slot(utc, utc + length, schedule.capacity(service)))
        start += length
    return slots


def to_utc(wall_clock: datetime) -> datetime | None:
    """A Warsaw wall-clock time as UTC, or None when the clocks skip it (spring forward)."""
    local = wall_clock.replace(tzinfo=WARSAW)
    utc = local.astimezone(UTC)
    if utc.astimezone(WARSAW).replace(tzinfo=None) != wall_clock:
        return None
    return utc


def slot_at(slots: list[Slot], start: datetime) -> Slot:
    for slot in slots:
        if slot.start == start:
            return slot
    raise NotBookable(start.isoformat())


class BookingState(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Booking:
    code: str
    site_id: str
    service_id: str
    start: datetime
    name: str
    email: str
    phone: str | None
    document_hash: str
    language: str
    identifiers: dict[str, str]
    state: BookingState
    created_at: datetime
    hold_expires_at: datetime
    confirm_hash: str
    manage_hash: str = ""
    seat: int = 0
    reminded: bool = False
    history: tuple[str, ...] = field(default_factory=tuple)
    sequence: int = 0  # raised by every change, so calendars replace the event they keep

    @property
    def active_until(self) -> datetime:
        """A confirmed booking holds its seat and the person's lock until the day after."""
        return self.start + timedelta(days=1)

    @property
    def retain_until(self) -> datetime:
        return self.start + retention.BOOKING_AFTER_APPOINTMENT

    def is_active(self, now: datetime) -> bool:
        if self.state == BookingState.CONFIRMED:
            return True
        return self.is_live_hold(now)

    def is_live_hold(self, now: datetime) -> bool:
        """A hold counts until its expiry instant, whatever a sweeper has not yet deleted."""
        return self.state == BookingState.HELD and still_taken(self.hold_expires_at, now)

    def confirmed(self, manage_hash: str) -> "Booking":
        return replace(self, state=BookingState.CONFIRMED, manage_hash=manage_hash)

    def cancelled(self) -> "Booking":
        return replace(self, state=BookingState.CANCELLED, sequence=self.sequence + 1)

    def moved(self, start: datetime, seat: int) -> "Booking":
        return replace(
            self,
            start=start,
            seat=seat,
            history=(*self.history, self.start.isoformat()),
            sequence=self.sequence + 1,
        )


def new_code(site_id: str) -> str:
    """A booking code such as WAW-7KQ3-M9: short to read aloud, hard to guess by chance."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"{site_id.upper()[:3]}-{chars[:4]}-{chars[4:]}"


def new_token() -> str:
    return secrets.token_urlsafe(24)
