"""The storage port: what the services need from a store, in their own words.

Two adapters implement it — SQLite (the embedded default) and DynamoDB (production) — and one
contract test suite (tests/contract) holds both to the same behaviour.
"""

from abc import ABC, abstractmethod

from chalicelib.sites.model import Site


class StoreUnavailable(Exception):
    """The store cannot be reached or answered with an error it may recover from."""


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
