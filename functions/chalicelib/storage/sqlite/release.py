"""Release policies, ballots with their entries, and waiting lists.

A document's one live entry per release, and its one live place per list, are partial unique
indexes over the rows themselves (see the migration): withdrawing or leaving frees them.
"""

import json
import sqlite3
from datetime import datetime

from chalicelib.clock import format_instant
from chalicelib.release.model import (
    AlreadyDrawn,
    AlreadyEntered,
    AlreadyWaiting,
    Entry,
    EntryChanged,
    EntryNotFound,
    EntryState,
    Policy,
    Release,
    ReleaseExists,
    ReleaseNotFound,
    ReleaseState,
    Waiter,
    WaiterChanged,
    WaiterNotFound,
    WaiterState,
)
from chalicelib.release.ports import PAGE, Ballots, WaitingList
from chalicelib.storage import codec
from chalicelib.storage.sqlite.database import Database

LIVE = ("waiting", "offered")


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False)


class SqliteBallots(Ballots):
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_policy(self, policy: Policy) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO release_policies (site_id, service_id, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, service_id) DO UPDATE SET doc = excluded.doc",
                (policy.site_id, policy.service_id, _dump(codec.policy_to_dict(policy))),
            )

    def get_policy(self, site_id: str, service_id: str) -> Policy | None:
        row = self.db.one(
            "SELECT doc FROM release_policies WHERE site_id = ? AND service_id = ?",
            site_id,
            service_id,
        )
        return codec.policy_from_dict(json.loads(row[0])) if row else None

    def create_release(self, release: Release) -> None:
        with self.db.transaction() as connection:
            try:
                connection.execute(
                    "INSERT INTO releases (id, site_id, service_id, first_day, state, draw_at, doc)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        release.id,
                        release.site_id,
                        release.service_id,
                        release.first_day.isoformat(),
                        release.state.value,
                        format_instant(release.draw_at),
                        _dump(codec.release_to_dict(release)),
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise ReleaseExists(release.id) from error

    def get_release(self, release_id: str) -> Release | None:
        row = self.db.one("SELECT doc FROM releases WHERE id = ?", release_id)
        return codec.release_from_dict(json.loads(row[0])) if row else None

    def releases_of(self, site_id: str, service_id: str) -> list[Release]:
        rows = self.db.rows(
            "SELECT doc FROM releases WHERE site_id = ? AND service_id = ? ORDER BY first_day, id",
            site_id,
            service_id,
        )
        return [codec.release_from_dict(json.loads(doc)) for (doc,) in rows]

    def releases_due(self, now: datetime) -> list[Release]:
        rows = self.db.rows(
            "SELECT doc FROM releases WHERE state = 'open' AND draw_at <= ? ORDER BY draw_at, id",
            format_instant(now),
        )
        return [codec.release_from_dict(json.loads(doc)) for (doc,) in rows]

    def mark_drawn(self, release: Release) -> None:
        with self.db.transaction() as connection:
            row = connection.execute(
                "SELECT state FROM releases WHERE id = ?", (release.id,)
            ).fetchone()
            if row is None:
                raise ReleaseNotFound(release.id)
            if row[0] != ReleaseState.OPEN.value:
                raise AlreadyDrawn(release.id)
            connection.execute(
                "UPDATE releases SET state = ?, doc = ? WHERE id = ?",
                (release.state.value, _dump(codec.release_to_dict(release)), release.id),
            )

    def add_entry(self, entry: Entry) -> None:
        with self.db.transaction() as connection:
            claimed = connection.execute(
                "SELECT 1 FROM ballot_entries WHERE release_id = ? AND document_hash = ?"
                " AND state != 'withdrawn'",
                (entry.release_id, entry.person.document_hash),
            ).fetchone()
            if claimed is not None:
                raise AlreadyEntered(entry.release_id)
            try:
                connection.execute(
                    "INSERT INTO ballot_entries (release_id, id, ticket, state, document_hash, doc)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        entry.release_id,
                        entry.id,
                        entry.ticket,
                        entry.state.value,
                        entry.person.document_hash,
                        _dump(codec.entry_to_dict(entry)),
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise EntryChanged(entry.id) from error  # the id is taken

    def get_entry(self, release_id: str, entry_id: str) -> Entry | None:
        row = self.db.one(
            "SELECT doc FROM ballot_entries WHERE release_id = ? AND id = ?", release_id, entry_id
        )
        return codec.entry_from_dict(json.loads(row[0])) if row else None

    def update_entry(self, entry: Entry, expected: EntryState) -> None:
        with self.db.transaction() as connection:
            row = connection.execute(
                "SELECT state FROM ballot_entries WHERE release_id = ? AND id = ?",
                (entry.release_id, entry.id),
            ).fetchone()
            if row is None:
                raise EntryNotFound(entry.id)
            if row[0] != expected.value:
                raise EntryChanged(entry.id)
            _write_entry(connection, entry)

    def entries(
        self, release_id: str, state: EntryState, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Entry], str | None]:
        rows = self.db.rows(
            "SELECT doc FROM ballot_entries WHERE release_id = ? AND state = ? AND ticket > ?"
            " ORDER BY ticket LIMIT ?",
            release_id,
            state.value,
            after or "",
            limit + 1,
        )
        page = [codec.entry_from_dict(json.loads(doc)) for (doc,) in rows[:limit]]
        return page, (page[-1].ticket if len(rows) > limit else None)

    def record_results(self, results: list[Entry]) -> None:
        with self.db.transaction() as connection:
            for entry in results:
                known = connection.execute(
                    "SELECT 1 FROM ballot_entries WHERE release_id = ? AND id = ?",
                    (entry.release_id, entry.id),
                ).fetchone()
                if known is None:
                    raise EntryNotFound(entry.id)
                _write_entry(connection, entry)


def _write_entry(connection: sqlite3.Connection, entry: Entry) -> None:
    connection.execute(
        "UPDATE ballot_entries SET state = ?, doc = ? WHERE release_id = ? AND id = ?",
        (entry.state.value, _dump(codec.entry_to_dict(entry)), entry.release_id, entry.id),
    )


class SqliteWaitingList(WaitingList):
    def __init__(self, db: Database) -> None:
        self.db = db

    def join(self, waiter: Waiter) -> None:
        with self.db.transaction() as connection:
            claimed = connection.execute(
                "SELECT 1 FROM waiters WHERE site_id = ? AND service_id = ?"
                " AND document_hash = ? AND state IN (?, ?)",
                (waiter.site_id, waiter.service_id, waiter.person.document_hash, *LIVE),
            ).fetchone()
            if claimed is not None:
                raise AlreadyWaiting(waiter.service_id)
            try:
                connection.execute(
                    "INSERT INTO waiters (id, site_id, service_id, list_key, state, document_hash,"
                    " offer_expires_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        waiter.id,
                        waiter.site_id,
                        waiter.service_id,
                        codec.list_key(waiter),
                        waiter.state.value,
                        waiter.person.document_hash,
                        _offer_expiry(waiter),
                        _dump(codec.waiter_to_dict(waiter)),
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise WaiterChanged(waiter.id) from error  # the id is taken

    def get_waiter(self, waiter_id: str) -> Waiter | None:
        row = self.db.one("SELECT doc FROM waiters WHERE id = ?", waiter_id)
        return codec.waiter_from_dict(json.loads(row[0])) if row else None

    def update_waiter(self, waiter: Waiter, expected: WaiterState) -> None:
        with self.db.transaction() as connection:
            row = connection.execute(
                "SELECT state FROM waiters WHERE id = ?", (waiter.id,)
            ).fetchone()
            if row is None:
                raise WaiterNotFound(waiter.id)
            if row[0] != expected.value:
                raise WaiterChanged(waiter.id)
            connection.execute(
                "UPDATE waiters SET state = ?, offer_expires_at = ?, doc = ? WHERE id = ?",
                (
                    waiter.state.value,
                    _offer_expiry(waiter),
                    _dump(codec.waiter_to_dict(waiter)),
                    waiter.id,
                ),
            )

    def waiting(
        self, site_id: str, service_id: str, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Waiter], str | None]:
        rows = self.db.rows(
            "SELECT doc FROM waiters WHERE site_id = ? AND service_id = ? AND list_key > ?"
            " AND state = 'waiting' ORDER BY list_key LIMIT ?",
            site_id,
            service_id,
            after or "",
            limit + 1,
        )
        page = [codec.waiter_from_dict(json.loads(doc)) for (doc,) in rows[:limit]]
        return page, (codec.list_key(page[-1]) if len(rows) > limit else None)

    def position(self, waiter: Waiter) -> int:
        row = self.db.one(
            "SELECT COUNT(*) FROM waiters WHERE site_id = ? AND service_id = ? AND list_key < ?"
            " AND state IN (?, ?)",
            waiter.site_id,
            waiter.service_id,
            codec.list_key(waiter),
            *LIVE,
        )
        return 1 + (row[0] if row else 0)

    def live_count(self, site_id: str, service_id: str) -> int:
        row = self.db.one(
            "SELECT COUNT(*) FROM waiters WHERE site_id = ? AND service_id = ? AND state IN (?, ?)",
            site_id,
            service_id,
            *LIVE,
        )
        return row[0] if row else 0

    def offers_due(self, now: datetime) -> list[Waiter]:
        rows = self.db.rows(
            "SELECT doc FROM waiters WHERE state = 'offered' AND offer_expires_at < ?"
            " ORDER BY offer_expires_at, id",
            codec.format_precise(now),
        )
        return [codec.waiter_from_dict(json.loads(doc)) for (doc,) in rows]


def _offer_expiry(waiter: Waiter) -> str | None:
    if waiter.state != WaiterState.OFFERED or waiter.offer is None:
        return None
    return codec.format_precise(waiter.offer.expires_at)
