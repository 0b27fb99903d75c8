"""Demo data for a new local store, taken from the same data file the site renders."""

from pathlib import Path

import yaml

from chalicelib.sites import services
from chalicelib.storage.port import Store

OFFICES = Path(__file__).resolve().parent.parent / "data" / "offices.yml"


def seed_if_empty(store: Store) -> bool:
    """Adds the offices when the store has none; True when it did."""
    if services.list_sites(store):
        return False
    for office in yaml.safe_load(OFFICES.read_text(encoding="utf-8"))["offices"]:
        address = office["address"]["value"] if office.get("address") else None
        services.save_site(office["id"], office["city"], office["name"], address, store)
    return True
