"""The embedded store: one SQLite file, WAL, one connection per thread, real transactions."""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chalicelib.sites.model import Site
from chalicelib.storage.port import Store, StoreUnavailable

# Each entry moves the schema one version on; PRAGMA user_version records where a file is.
MIGRATIONS = (
    """
    CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
    ) STRICT;
    """,
)


class SqliteStore(Store):
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
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

    def _migrate(self) -> None:
        with self._transaction() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")

    def ping(self) -> None:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error as error:
            raise StoreUnavailable(str(error)) from error

    def save_site(self, site: Site) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO sites (id, doc) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (site.id, json.dumps(site.as_dict(), ensure_ascii=False)),
            )

    def get_site(self, site_id: str) -> Site | None:
        row = (
            self._connection().execute("SELECT doc FROM sites WHERE id = ?", (site_id,)).fetchone()
        )
        return Site.from_dict(json.loads(row[0])) if row else None

    def list_sites(self) -> list[Site]:
        rows = self._connection().execute("SELECT doc FROM sites ORDER BY id").fetchall()
        return [Site.from_dict(json.loads(doc)) for (doc,) in rows]
