"""The one port every domain shares: is the store there, rate limits, one-time keys, upkeep."""

from abc import ABC, abstractmethod
from datetime import datetime


class Upkeep(ABC):
    """Small verbs every domain needs from the store, and the retention sweep."""

    @abstractmethod
    def ping(self) -> None:
        """Returns when the store answers; raises StoreUnavailable when it does not."""

    @abstractmethod
    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        """Counts one more action of `key` in `window`; False when `limit` was reached."""

    @abstractmethod
    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """True the first time a key is seen before it expires, False on every repeat."""

    @abstractmethod
    def purge_expired(self, now: datetime) -> int:
        """Deletes what outlived its retention; how many records went. DynamoDB's TTL does it
        there, so that adapter deletes nothing itself."""

    @abstractmethod
    def save_figures(self, snapshot: dict) -> None:
        """Keeps the public figures' snapshot (plain JSON data), replacing the one before."""

    @abstractmethod
    def latest_figures(self) -> dict | None:
        """The snapshot kept last, or None before the first one."""
