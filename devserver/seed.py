"""Demo data for a new local store, taken from the data files the site renders too."""

from datetime import time
from pathlib import Path

import yaml

from chalicelib.appointments.model import Schedule, Service
from chalicelib.sites import services
from chalicelib.storage import Stores as Store

DATA = Path(__file__).resolve().parent.parent / "data"


def seed_if_empty(store: Store) -> bool:
    """Adds the offices, and the demo services and schedules, when the store has none."""
    if services.list_sites(store):
        return False
    offices = yaml.safe_load((DATA / "offices.yml").read_text(encoding="utf-8"))["offices"]
    for office in offices:
        address = office["address"]["value"] if office.get("address") else None
        services.save_site(office["id"], office["city"], office["name"], address, store)
    catalogue = yaml.safe_load((DATA / "services.yml").read_text(encoding="utf-8"))
    for item in catalogue["services"]:
        store.catalogue.save_service(
            Service(
                id=item["id"],
                name=item["name"],
                duration_minutes=item["duration_minutes"],
                letter=item["letter"],
                group_capacity=item.get("group_capacity"),
                identifiers=tuple(item["identifiers"]),
                guide=item["guide"],
                walk_in_cap=item.get("walk_in_cap", 0),
            )
        )
    for rule in catalogue["schedules"]:
        weekly = {
            int(day): tuple((_hour(a), _hour(b)) for a, b in periods)
            for day, periods in rule["weekly"].items()
        }
        for site_id in rule["sites"]:
            for service_id in rule["services"]:
                store.catalogue.save_schedule(
                    Schedule(site_id, service_id, weekly, rule["counters"])
                )
    return True


def _hour(value: float) -> time:
    return time(int(value), round((value % 1) * 60))
