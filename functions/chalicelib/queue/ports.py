"""What the in-office queue needs stored: tickets, counters and the day's figures."""

from abc import ABC, abstractmethod
from typing import Protocol

from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.queue.model import Counter, Ticket
from chalicelib.sites.ports import SiteDirectory


class Tickets(ABC):
    """The tickets of each office and day, its counters, and the figures kept of past days.

    Every write of a ticket also keeps the `QueueLines` beside it, in the same transaction.
    `items_read` counts the rows or items the store read for the queue since it was made, so
    the bench and the tests can see what a request costs.
    """

    items_read: int = 0

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
        """Every ticket of one site and day: for statistics and the daily job, not requests."""

    @abstractmethod
    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        """Writes `new` only if the stored ticket still has `expected`'s state and calls."""

    @abstractmethod
    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        """Calls a ticket to `calling.counter`, and writes `finishing` (the outcome of the ticket
        `was` still called there) in the same transaction. Writes nothing and answers False
        unless the stored tickets still match `expected` and `was` (state and calls), and no
        other ticket is being called at that counter."""

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

    @abstractmethod
    def queue_statistics_between(
        self, site_id: str, first: str, last: str
    ) -> dict[str, list[dict]]:
        """The aggregates saved for the days first..last (both included), by day: one range read."""


class QueueLines(ABC):
    """What the stores keep beside a day's tickets, so that call-next, the board and "my ticket"
    read a few items whatever the day holds: each service's lines of waiting tickets, the
    counters' calls and the last service times. `Tickets` writes them; this port only reads.

    `items_read` counts, as on `Tickets`, the rows or items read since the adapter was made.
    """

    items_read: int = 0

    @abstractmethod
    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        """The first `per_line` waiting tickets of each line (`model.LINES`) of each service:
        one bounded read per line, whatever the day holds."""

    @abstractmethod
    def line_sizes(self, site_id: str, day: str) -> dict[str, dict[str, int]]:
        """How many wait in each line of each service (service → line → count), as kept."""

    @abstractmethod
    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        """How many wait in one line with a `model.line_key` sorting before `key`.

        The stores count the line's entries ahead (a key-range COUNT), so this reads as many
        items as there are people ahead in that line, never the day. Sequence numbers would not
        make it constant: a person who did not come goes back to their old place, and a
        transferred one keeps theirs in the new service's line, so tickets join a line in the
        middle, and the booked line is ordered by appointment, not by arrival."""

    @abstractmethod
    def current_calls(self, site_id: str, day: str) -> list[Ticket]:
        """The tickets being called at the site's counters: one read, one item per counter."""

    @abstractmethod
    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        """How long the service's last (at most 20) served tickets of the day took, oldest first."""


class Stores(Protocol):
    """The ports the queue uses: it checks bookings in and serves the catalogue's services."""

    sites: SiteDirectory
    catalogue: Catalogue
    bookings: Bookings
    tickets: Tickets
    queue_lines: QueueLines
