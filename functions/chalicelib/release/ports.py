"""What the fair release needs stored: policies, ballots with their entries, waiting lists.

Both adapters keep each unique key in one record of its own (one entry per document and
release, one live place per document, office and service), never in an index.
"""

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Protocol

from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.ports import Upkeep
from chalicelib.release.model import (
    Entry,
    EntryState,
    Policy,
    Release,
    Waiter,
    WaiterState,
)
from chalicelib.sites.ports import SiteDirectory

PAGE = 500  # entries or waiters per page a reader asks for at most


class Ballots(ABC):
    """Release policies, ballots and their entries."""

    @abstractmethod
    def save_policy(self, policy: Policy) -> None:
        """Creates or replaces the policy of one service at one office."""

    @abstractmethod
    def get_policy(self, site_id: str, service_id: str) -> Policy | None: ...

    @abstractmethod
    def create_release(self, release: Release) -> None:
        """Stores a new release; ReleaseExists when its id is taken."""

    @abstractmethod
    def get_release(self, release_id: str) -> Release | None: ...

    @abstractmethod
    def releases_of(self, site_id: str, service_id: str) -> list[Release]:
        """The releases of one service at one office, by first day (a handful a year)."""

    @abstractmethod
    def releases_due(self, now: datetime) -> list[Release]:
        """Releases still open whose draw time has come, for the job (no Scan: one index)."""

    @abstractmethod
    def mark_drawn(self, release: Release) -> None:
        """Saves the drawn release (seed published, counts); AlreadyDrawn when it was before."""

    @abstractmethod
    def add_entry(self, entry: Entry) -> None:
        """Stores a new entry with its document's claim on the release, atomically.

        AlreadyEntered when the document has a live (not withdrawn) entry in this release.
        """

    @abstractmethod
    def get_entry(self, release_id: str, entry_id: str) -> Entry | None: ...

    @abstractmethod
    def update_entry(self, entry: Entry, expected: EntryState) -> None:
        """Writes the entry if its stored state is still `expected`, else EntryChanged.

        Withdrawing (state WITHDRAWN) also frees the document's claim, in the same write.
        """

    @abstractmethod
    def entries(
        self, release_id: str, state: EntryState, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Entry], str | None]:
        """Entries in one state, by ticket, `limit` at most after the ticket `after`; with the
        cursor for the next page, or None at the end. One bounded range read per page."""

    @abstractmethod
    def record_results(self, results: list[Entry]) -> None:
        """Writes the draw's outcome of many entries (won with a booking code, or not drawn).

        Writing the same outcome again changes nothing, so a draw that stopped can be run again.
        """


class WaitingList(ABC):
    """Waiting lists, one per service and office, and the offers of freed seats."""

    @abstractmethod
    def join(self, waiter: Waiter) -> None:
        """Stores a new place with its document's claim, atomically; AlreadyWaiting when the
        document has a live place on this list."""

    @abstractmethod
    def get_waiter(self, waiter_id: str) -> Waiter | None: ...

    @abstractmethod
    def update_waiter(self, waiter: Waiter, expected: WaiterState) -> None:
        """Writes the place if its stored state is still `expected`, else WaiterChanged.

        Leaving or being booked (LEFT, BOOKED) frees the document's claim in the same write;
        an offer made or ended moves the place in or out of the index of open offers.
        """

    @abstractmethod
    def waiting(
        self, site_id: str, service_id: str, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Waiter], str | None]:
        """Places in state WAITING in list order, a page at a time (see `Ballots.entries`)."""

    @abstractmethod
    def position(self, waiter: Waiter) -> int:
        """1 + the live places (waiting or offered) ahead of this one on its list."""

    @abstractmethod
    def live_count(self, site_id: str, service_id: str) -> int:
        """The live places on one list."""

    @abstractmethod
    def offers_due(self, now: datetime) -> list[Waiter]:
        """Places whose open offer ended before `now` (unanswered), oldest first."""


class Stores(Protocol):
    """The ports the fair release's services use."""

    sites: SiteDirectory
    catalogue: Catalogue
    bookings: Bookings
    ballots: Ballots
    waiting: WaitingList
    upkeep: Upkeep
