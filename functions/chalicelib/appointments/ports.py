"""What the appointment calendar needs stored: its catalogue, and seats and bookings."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from chalicelib.appointments.model import Booking, Schedule, Service
from chalicelib.ports import Upkeep
from chalicelib.sites.ports import SiteDirectory


class Catalogue(ABC):
    """What an office offers by appointment: services, their weekly schedules, one-off closures."""

    @abstractmethod
    def save_service(self, service: Service) -> None:
        """Creates the service or replaces the one with the same id."""

    @abstractmethod
    def get_service(self, service_id: str) -> Service | None: ...

    @abstractmethod
    def list_services(self) -> list[Service]:
        """Every service, ordered by id."""

    @abstractmethod
    def save_schedule(self, schedule: Schedule) -> None:
        """Creates or replaces the schedule of one service at one site."""

    @abstractmethod
    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None: ...

    @abstractmethod
    def list_schedules(self, site_id: str) -> list[Schedule]:
        """The schedules of one site, ordered by service id."""

    @abstractmethod
    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        """Closes a site for a day (one-off), or opens it again."""

    @abstractmethod
    def closures(self, site_id: str, first: date, last: date) -> set[date]:
        """The one-off closed days of a site between two days, inclusive."""


class Bookings(ABC):
    """Seats and bookings. A seat is taken while its expiry lies after `now`: a lapsed hold or a
    released seat is free at that instant, whatever a TTL sweeper has not yet deleted."""

    @abstractmethod
    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        """Taken seats per slot start in [start, end): one range read, whatever lies outside."""

    @abstractmethod
    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        """Takes a free seat of the booking's slot for it, atomically with the person's lock.

        Seat and lock lapse at the hold's expiry. Raises CodeTaken when the code is in use.

        Raises SlotFull when every seat is taken, AlreadyBooked when the person's lock for this
        service is held by another booking, IdempotencyConflict when the key (key, fingerprint)
        was used for another request. With a key used before for the same request, returns the
        booking made then and changes nothing.
        """

    @abstractmethod
    def get_booking(self, code: str) -> Booking | None: ...

    @abstractmethod
    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        """Turns an unexpired hold into a booking; HoldExpired when it lapsed or is not a hold.

        Seat and lock then stay taken until the booking's `active_until`.
        """

    @abstractmethod
    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        """Cancels an active booking; its seat is free again from `release_at`, the person's lock
        at once. BookingNotFound when there is no active booking with this code."""

    @abstractmethod
    def reschedule(
        self,
        code: str,
        start: datetime,
        capacity: int,
        release_at: datetime,
        now: datetime,
        successor: Booking | None = None,
    ) -> Booking:
        """Moves a confirmed booking to a seat at `start`, taken before the old one is released.

        Raises SlotFull (and changes nothing) when the new slot has no free seat.

        With `successor` (a HELD booking of the same site, service and old start) the old seat
        is not released but held for the successor until its `hold_expires_at`, with the
        successor's person lock, in the same atomic write (as `hand_over`): the seat is never
        free in between. AlreadyBooked when the successor's person holds a live lock for the
        service (the mover's own included), CodeTaken when its code is in use; nothing changes.
        """

    @abstractmethod
    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        """Active bookings of one service at one site with a start in [start, end)."""

    @abstractmethod
    def mark_reminded(self, code: str) -> bool:
        """Records that the reminder went out; False when it had been recorded before."""

    @abstractmethod
    def hand_over(self, code: str, successor: Booking, now: datetime) -> Booking:
        """Gives the seat of the booking or hold `code` to `successor` (a HELD booking of the same
        site, service and start) in one atomic write: `code` is cancelled and its person's lock
        freed, the seat is held for `successor` until `successor.hold_expires_at`, the successor's
        person lock taken. The seat is never free in between. BookingNotFound when `code` does not
        hold that seat any more (its seat expired or went to someone else); AlreadyBooked when the
        successor's person holds a live lock for the service; nothing changes then."""


class HeldBack(Protocol):
    """A ballot as the calendar sees it (`release.model.Release`): days it keeps from booking."""

    def holds_back(self, start: datetime) -> bool: ...


class Releases(Protocol):
    """The one verb of the fair release's `Ballots` port the calendar reads (a Protocol, since
    the release domain builds on this one and not the other way round)."""

    def releases_of(self, site_id: str, service_id: str) -> Sequence[HeldBack]: ...


class Stores(Protocol):
    """The ports the calendar's services use."""

    sites: SiteDirectory
    catalogue: Catalogue
    bookings: Bookings
    upkeep: Upkeep
    ballots: Releases
