"""The one SQLite file every adapter shares: one connection per thread, WAL, real transactions."""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chalicelib.errors import StoreUnavailable

# Each entry moves the schema one version on; PRAGMA user_version records where a file is.
MIGRATIONS = (
    """
    CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
    ) STRICT;
    """,
    """
    CREATE TABLE services (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
    CREATE TABLE schedules (
        site_id TEXT NOT NULL, service_id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (site_id, service_id)
    ) STRICT;
    CREATE TABLE closures (
        site_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (site_id, day)
    ) STRICT;
    CREATE TABLE seats (
        site_id TEXT NOT NULL, service_id TEXT NOT NULL, start TEXT NOT NULL,
        seat INTEGER NOT NULL, code TEXT, expires_at INTEGER NOT NULL,
        PRIMARY KEY (site_id, service_id, start, seat)
    ) STRICT;
    CREATE TABLE person_locks (
        document_hash TEXT NOT NULL, service_id TEXT NOT NULL, code TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (document_hash, service_id)
    ) STRICT;
    CREATE TABLE bookings (
        code TEXT PRIMARY KEY, doc TEXT NOT NULL, retain_until INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE idempotency (
        key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, code TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE rate_limits (
        key TEXT NOT NULL, window TEXT NOT NULL, count INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, PRIMARY KEY (key, window)
    ) STRICT;
    """,
    """
    CREATE TABLE case_events (
        id TEXT PRIMARY KEY, case_number TEXT NOT NULL, occurred_at TEXT NOT NULL,
        doc TEXT NOT NULL, retain_until INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX case_events_by_case ON case_events (case_number);
    CREATE TABLE case_access (
        case_number TEXT PRIMARY KEY, doc TEXT NOT NULL, retain_until INTEGER
    ) STRICT;
    CREATE TABLE lookup_failures (
        case_number TEXT PRIMARY KEY, count INTEGER NOT NULL, window_ends INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE seen_once (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
    CREATE TABLE lookup_audit (
        day TEXT NOT NULL, at TEXT NOT NULL, case_hash TEXT NOT NULL, client_hash TEXT NOT NULL,
        outcome TEXT NOT NULL
    ) STRICT;
    CREATE INDEX lookup_audit_by_day ON lookup_audit (day, at);
    """,
    """
    CREATE TABLE tickets (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL, day TEXT NOT NULL, booking_code TEXT UNIQUE,
        doc TEXT NOT NULL, retain_until INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX tickets_by_day ON tickets (site_id, day);
    CREATE TABLE ticket_numbers (
        site_id TEXT NOT NULL, day TEXT NOT NULL, letter TEXT NOT NULL, last INTEGER NOT NULL,
        PRIMARY KEY (site_id, day, letter)
    ) STRICT;
    CREATE TABLE walk_ins (
        site_id TEXT NOT NULL, day TEXT NOT NULL, service_id TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (site_id, day, service_id)
    ) STRICT;
    CREATE TABLE counters (
        site_id TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (site_id, id)
    ) STRICT;
    CREATE TABLE queue_statistics (
        site_id TEXT NOT NULL, day TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (site_id, day)
    ) STRICT;
    """,
    # Quarantined case events.
    """
    ALTER TABLE case_events ADD COLUMN quarantine TEXT;
    """,
    # Wrong codes counted per case and client (and per case and hour), not per case alone.
    """
    DROP TABLE lookup_failures;
    CREATE TABLE lookup_failures (
        key TEXT PRIMARY KEY, count INTEGER NOT NULL, latest INTEGER NOT NULL,
        keep_until INTEGER NOT NULL
    ) STRICT;
    """,
    # The queue's lines, calls and service times beside the tickets (storage/queue_lines.py);
    # queue_days lists the days whose tickets are in them (older days are filled on first use).
    """
    CREATE TABLE queue_days (
        site_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (site_id, day)
    ) STRICT;
    CREATE TABLE queue_entries (
        kind TEXT NOT NULL, site_id TEXT NOT NULL, day TEXT NOT NULL, grp TEXT NOT NULL,
        place TEXT NOT NULL, ticket_id TEXT NOT NULL, doc TEXT NOT NULL, minutes REAL,
        PRIMARY KEY (kind, site_id, day, grp, place)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE queue_line_sizes (
        site_id TEXT NOT NULL, day TEXT NOT NULL, service_id TEXT NOT NULL, line TEXT NOT NULL,
        size INTEGER NOT NULL, PRIMARY KEY (site_id, day, service_id, line)
    ) STRICT;
    """,
    # The fair release (storage/sqlite/release.py). A document's one live entry per release and
    # one live place per list are partial unique indexes: the claim is the row itself.
    """
    CREATE TABLE release_policies (
        site_id TEXT NOT NULL, service_id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (site_id, service_id)
    ) STRICT;
    CREATE TABLE releases (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL, service_id TEXT NOT NULL,
        first_day TEXT NOT NULL, state TEXT NOT NULL, draw_at TEXT NOT NULL, doc TEXT NOT NULL
    ) STRICT;
    CREATE INDEX releases_by_service ON releases (site_id, service_id, first_day);
    CREATE INDEX releases_due ON releases (draw_at) WHERE state = 'open';
    CREATE TABLE ballot_entries (
        release_id TEXT NOT NULL, id TEXT NOT NULL, ticket TEXT NOT NULL, state TEXT NOT NULL,
        document_hash TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (release_id, id)
    ) STRICT;
    CREATE UNIQUE INDEX ballot_entries_claim ON ballot_entries (release_id, document_hash)
        WHERE state != 'withdrawn';
    CREATE INDEX ballot_entries_by_ticket ON ballot_entries (release_id, state, ticket);
    CREATE TABLE waiters (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL, service_id TEXT NOT NULL,
        list_key TEXT NOT NULL, state TEXT NOT NULL, document_hash TEXT NOT NULL,
        offer_expires_at TEXT, doc TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX waiters_claim ON waiters (site_id, service_id, document_hash)
        WHERE state IN ('waiting', 'offered');
    CREATE INDEX waiters_in_order ON waiters (site_id, service_id, list_key);
    CREATE INDEX waiters_offered ON waiters (offer_expires_at) WHERE state = 'offered';
    """,
)


class Database:
    """Opens (and migrates) one file; each thread gets its own connection to it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    def connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE takes the write lock up front, so a read-then-write cannot race."""
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreUnavailable(str(error)) from error
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        else:
            connection.execute("COMMIT")

    def one(self, sql: str, *params: object) -> tuple | None:
        return self.connection().execute(sql, params).fetchone()

    def rows(self, sql: str, *params: object) -> list[tuple]:
        return self.connection().execute(sql, params).fetchall()

    def ping(self) -> None:
        try:
            self.connection().execute("SELECT 1").fetchone()
        except sqlite3.Error as error:
            raise StoreUnavailable(str(error)) from error

    def _migrate(self) -> None:
        with self.transaction() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")
