"""Builds the stores the configuration asks for, once per process and configuration."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.config import settings

if TYPE_CHECKING:  # a route loads only its own domain; the adapters load the rest when built
    from chalicelib.appointments.ports import Bookings, Catalogue
    from chalicelib.cases.ports import CaseRecords, Lookups
    from chalicelib.ports import Upkeep
    from chalicelib.queue.ports import QueueLines, Tickets
    from chalicelib.release.ports import Ballots, WaitingList
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
    queue_lines: QueueLines
    upkeep: Upkeep
    ballots: Ballots
    waiting: WaitingList


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
    """One adapter per port over one SQLite file (sqlite3 is imported only when asked for)."""
    from chalicelib.storage.sqlite.appointments import SqliteBookings, SqliteCatalogue
    from chalicelib.storage.sqlite.cases import SqliteCaseRecords, SqliteLookups
    from chalicelib.storage.sqlite.database import Database
    from chalicelib.storage.sqlite.queue import SqliteTickets
    from chalicelib.storage.sqlite.queue_lines import SqliteQueueLines
    from chalicelib.storage.sqlite.release import SqliteBallots, SqliteWaitingList
    from chalicelib.storage.sqlite.sites import SqliteSites
    from chalicelib.storage.sqlite.upkeep import SqliteUpkeep

    db = Database(path)
    lines = SqliteQueueLines(db)
    return Stores(
        "sqlite",
        sites=SqliteSites(db),
        catalogue=SqliteCatalogue(db),
        bookings=SqliteBookings(db),
        cases=SqliteCaseRecords(db),
        lookups=SqliteLookups(db),
        tickets=SqliteTickets(db, lines),
        queue_lines=lines,
        upkeep=SqliteUpkeep(db),
        ballots=SqliteBallots(db),
        waiting=SqliteWaitingList(db),
    )


def dynamodb_stores(table_name: str, client=None) -> Stores:
    """Every port over one DynamoDB table; `client` is made lazily when not given."""
    from chalicelib.storage import dynamodb

    table = dynamodb.Table(table_name, client)
    lines = dynamodb.DynamoQueueLines(table)
    return Stores(
        "dynamodb",
        sites=dynamodb.DynamoSites(table),
        catalogue=dynamodb.DynamoCatalogue(table),
        bookings=dynamodb.DynamoBookings(table),
        cases=dynamodb.DynamoCaseRecords(table),
        lookups=dynamodb.DynamoLookups(table),
        tickets=dynamodb.DynamoTickets(table, lines),
        queue_lines=lines,
        upkeep=dynamodb.DynamoUpkeep(table),
        ballots=dynamodb.DynamoBallots(table),
        waiting=dynamodb.DynamoWaitingList(table),
    )
