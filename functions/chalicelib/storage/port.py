"""The storage port: what the services need from a store, in their own words.

Two adapters implement it — SQLite (the embedded default) and DynamoDB (production) — and one
contract test suite (tests/contract) holds both to the same behaviour.
"""

from abc import ABC, abstractmethod
from datetime import date, datetime

from chalicelib.appointments.model import Booking, Schedule, Service
from chalicelib.cases.model import CaseAccess, CaseEvent
from chalicelib.queue.model import Counter, Ticket
from chalicelib.sites.model import Site


class StoreUnavailable(Exception):
    """The store cannot be reached or answered with an error it may recover from."""


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different request."""


class Store(ABC):
    kind: str

    @abstractmethod
    def ping(self) -> None:
        """Returns when the store answers; raises StoreUnavailable when it does not."""

    @abstractmethod
    def save_site(self, site: Site) -> None:
        """Creates the site or replaces the one with the same id."""

    @abstractmethod
    def get_site(self, site_id: str) -> Site | None:
        """The site with this id, or None."""

    @abstractmethod
    def list_sites(self) -> list[Site]:
        """Every site, ordered by id."""

    # The appointment catalogue: services, schedules, closures.

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

    # Seats and bookings. A seat is taken while its expiry lies after `now`: a lapsed hold or a
    # released seat is free at that instant, whatever a TTL sweeper has not yet deleted.

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
    ) -> Booking:
        """Moves a confirmed booking to a seat at `start`, taken before the old one is released.

        Raises SlotFull (and changes nothing) when the new slot has no free seat.
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
    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        """Counts one more action of `key` in `window`; False when `limit` was reached."""

    @abstractmethod
    def purge_expired(self, now: datetime) -> int:
        """Deletes what outlived its retention; how many records went. DynamoDB's TTL does it
        there, so that adapter deletes nothing itself."""

    # Cases fed by the document-workflow system.

    @abstractmethod
    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        """Stores new events and access records in one all-or-nothing write.

        Event ids are distinct and there is at most one access record per case. When any of the
        events was stored before, nothing is written and the ids of those events are returned;
        otherwise everything is written and the answer is an empty set. Any failure writes
        nothing. Raises ValueError for more than MAX_EVENTS_PER_BATCH events.
        """

    @abstractmethod
    def set_case_retention(self, case_number: str, retain_until: datetime) -> None:
        """Sets when every record of a case is deleted (once the case is closed)."""

    @abstractmethod
    def case_events(self, case_number: str) -> list[CaseEvent]:
        """Every event of a case that can be read back, in no particular order; quarantined
        events and records that cannot be read are left out (`case_event_records` has them)."""

    # Repairing events stored before today's rules: staff commands only. These read the whole
    # store (a Scan on DynamoDB), so no request path calls them.

    @abstractmethod
    def case_event_records(self) -> list[dict]:
        """Every live stored event as stored, not decoded: id, case_number, type, occurred_at
        (text) and data."""

    @abstractmethod
    def quarantine_case_event(
        self, case_number: str, event_id: str, reason: str, at: datetime
    ) -> bool:
        """Takes a live event out of its case, keeping it (and its retention); False when there
        is no such live event. Its id stays taken, so a resend of it is a duplicate."""

    @abstractmethod
    def quarantined_case_events(self) -> list[dict]:
        """Every quarantined event as `case_event_records` has it, plus `reason` and
        `quarantined_at` (text)."""

    @abstractmethod
    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        """Puts a quarantined event back into its case; False when it is not in quarantine."""

    @abstractmethod
    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        """Deletes a quarantined event for good, freeing its id; False when not in quarantine."""

    @abstractmethod
    def save_case_access(self, access: CaseAccess) -> None:
        """Creates or replaces the access record of a case (its code hash, language, email)."""

    @abstractmethod
    def get_case_access(self, case_number: str) -> CaseAccess | None: ...

    @abstractmethod
    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        """Counts one more wrong code under `key` (a case, or a case and client), the latest at
        `now`, and returns the count. The count is kept until `keep_until`, which each call sets
        (and the retention TTL follows); once that has passed it starts again at 1."""

    @abstractmethod
    def lookup_failures(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        """The wrong codes counted under `key` and when the latest was; (0, None) when none are
        kept at `now`."""

    @abstractmethod
    def clear_lookup_failures(self, key: str) -> None: ...

    @abstractmethod
    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """True the first time a key is seen before it expires, False on every repeat."""

    @abstractmethod
    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        """Appends one lookup to the audit trail; it never holds a code or a case number."""

    @abstractmethod
    def lookup_audit(self, day: str) -> list[dict]:
        """The audit entries of one UTC day (YYYY-MM-DD), in order."""

    # The in-office queue.

    @abstractmethod
    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        """The next daily number for a letter at a site: 1, 2, 3… never given twice."""

    @abstractmethod
    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        """Counts one more walk-in ticket for the day; False when the cap was reached."""

    @abstractmethod
    def add_ticket(self, ticket: Ticket) -> Ticket:
        """Stores a new ticket. For a booking already checked in, returns that ticket instead."""

    @abstractmethod
    def get_ticket(self, ticket_id: str) -> Ticket | None: ...

    @abstractmethod
    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        """Every ticket of one site and day: one range read."""

    @abstractmethod
    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        """Writes `new` only if the stored ticket still has `expected`'s state and calls."""

    @abstractmethod
    def save_counter(self, counter: Counter) -> None: ...

    @abstractmethod
    def list_counters(self, site_id: str) -> list[Counter]:
        """The counters of a site, ordered by id."""

    @abstractmethod
    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        """Keeps a day's aggregate figures; they outlive the tickets they were made from."""

    @abstractmethod
    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        """The aggregate figures saved for a day, or None."""
