"""The one base of every failure a person can be told about.

A domain raises a `DomainError` subclass; its `code` is stable and names the problem
(`slot-full`), and `web/errors.py` turns the code into an HTTP status and a title in the reader's
language without knowing which domain raised it. Details a client may act on (which fields, when
to try again) come from the error itself.
"""

import math
from datetime import datetime
from typing import ClassVar


class DomainError(Exception):
    code: ClassVar[str]

    def fields(self) -> list[tuple[str, str]]:
        """(field, code) pairs for a `validation-failed` answer; none for most errors."""
        return []

    def details(self) -> dict[str, str]:
        """Machine-readable facts to add to the answer, never prose."""
        return {}

    def retry_after(self, now: datetime) -> int | None:
        """Seconds until trying again can succeed, when that is known."""
        return None


class StoreUnavailable(DomainError):
    """The store cannot be reached or answered with an error it may recover from."""

    code = "store-unavailable"


class IdempotencyConflict(DomainError):
    """The idempotency key was used before for a different request."""

    code = "idempotency-key-reused"


class RateLimited(DomainError):
    """Too many attempts in a window: try again after `seconds`."""

    code = "too-many-requests"

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def retry_after(self, now: datetime) -> int:
        return self.seconds


class LockedUntil(DomainError):
    """Refused until an instant; the answer says how long to wait."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until

    def retry_after(self, now: datetime) -> int:
        return max(math.ceil((self.until - now).total_seconds()), 1)


class FieldsInvalid(DomainError):
    """Input that passed the schema but breaks a domain rule, field by field."""

    code = "validation-failed"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)

    def fields(self) -> list[tuple[str, str]]:
        return list(self.problems)
