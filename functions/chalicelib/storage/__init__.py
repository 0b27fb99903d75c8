"""Builds the stores the configuration asks for, once per process and configuration."""

import threading
from dataclasses import dataclass

from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.config import settings
from chalicelib.ports import Upkeep
from chalicelib.queue.ports import Tickets
from chalicelib.sites.ports import SiteDirectory


@dataclass(frozen=True)
class Stores:
    """Every port, each backed by the same store; a domain's services take the ones they use."""

    kind: str
    sites: SiteDirectory
    catalogue: Catalogue
    bookings: Bookings
    cases: CaseRecords
    lookups: Lookups
    tickets: Tickets
    upkeep: Upkeep


_stores: dict[tuple, Stores] = {}
_lock = threading.Lock()


def get_store() -> Stores:
    config = settings()
    key = (config.store, str(config.sqlite_path), config.table_name)
    with _lock:
        if key not in _stores:
            _stores[key] = build(config.store, config)
        return _stores[key]


def build(kind: str, config) -> Stores:
    if kind == "sqlite":
        return sqlite_stores(config.sqlite_path)
    if kind == "dynamodb":
        return dynamodb_stores(config.table_name)
    raise ValueError(f"BLIZEJ_STORE must be 'sqlite' or 'dynamodb', not {kind!r}")


def sqlite_stores(path) -> Stores:
    """Every port over one SQLite file (adapters import sqlite3 only when asked for)."""
    from chalicelib.storage.sqlite import SqliteStore

    store = SqliteStore(path)
    return Stores("sqlite", store, store, store, store, store, store, store)


def dynamodb_stores(table_name: str, client=None) -> Stores:
    """Every port over one DynamoDB table; `client` is made lazily when not given."""
    from chalicelib.storage import dynamodb

    table = dynamodb.Table(table_name, client)
    return Stores(
        "dynamodb",
        sites=dynamodb.DynamoSites(table),
        catalogue=dynamodb.DynamoCatalogue(table),
        bookings=dynamodb.DynamoBookings(table),
        cases=dynamodb.DynamoCaseRecords(table),
        lookups=dynamodb.DynamoLookups(table),
        tickets=dynamodb.DynamoTickets(table),
        upkeep=dynamodb.DynamoUpkeep(table),
    )
