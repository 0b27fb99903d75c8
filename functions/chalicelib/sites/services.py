"""Use cases for offices (sites). Primitives in, results out; the store comes last."""

from chalicelib.sites.model import Site, SiteNotFound
from chalicelib.sites.ports import Stores as Store


def list_sites(store: Store) -> list[Site]:
    """Every office, ordered by identifier."""
    return store.sites.list_sites()


def get_site(site_id: str, store: Store) -> Site:
    site = store.sites.get_site(site_id)
    if site is None:
        raise SiteNotFound(site_id)
    return site


def save_site(
    site_id: str, city: str, name: dict[str, str], address: str | None, store: Store
) -> Site:
    """Creates the office or replaces what is known about it."""
    site = Site(id=site_id, city=city.strip(), name=name, address=address)
    store.sites.save_site(site)
    return site
