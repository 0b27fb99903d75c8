"""What the site directory needs stored."""

from abc import ABC, abstractmethod
from typing import Protocol

from chalicelib.sites.model import Site


class SiteDirectory(ABC):
    """The offices: the Warsaw seat and its branches."""

    @abstractmethod
    def save_site(self, site: Site) -> None:
        """Creates the site or replaces the one with the same id."""

    @abstractmethod
    def get_site(self, site_id: str) -> Site | None:
        """The site with this id, or None."""

    @abstractmethod
    def list_sites(self) -> list[Site]:
        """Every site, ordered by id."""


class Stores(Protocol):
    """The ports the site directory's services use."""

    sites: SiteDirectory
