"""What case status needs stored: the events the workflow system sends, access, lookups."""

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Protocol

from chalicelib.cases.model import CaseAccess, CaseEvent
from chalicelib.ports import Upkeep


class CaseRecords(ABC):
    """The events of each case and who may read them. The repair verbs (records, quarantine,
    restore, delete) read the whole store (a Scan on DynamoDB): staff commands only, never a
    request path."""

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

    @abstractmethod
    def save_case_access(self, access: CaseAccess) -> None:
        """Creates or replaces the access record of a case (its code hash, language, email)."""

    @abstractmethod
    def get_case_access(self, case_number: str) -> CaseAccess | None: ...

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


class Lookups(ABC):
    """Wrong codes counted per case and client, and the audit trail of every lookup."""

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
    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        """Appends one lookup to the audit trail; it never holds a code or a case number."""

    @abstractmethod
    def lookup_audit(self, day: str) -> list[dict]:
        """The audit entries of one UTC day (YYYY-MM-DD), in order."""


class Stores(Protocol):
    """The ports case status uses."""

    cases: CaseRecords
    lookups: Lookups
    upkeep: Upkeep
