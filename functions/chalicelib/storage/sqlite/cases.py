"""Case events and access codes from the document-workflow system, and the lookups on them."""

import json
import sqlite3
from datetime import UTC, datetime

from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.clock import epoch, format_instant
from chalicelib.storage import codec
from chalicelib.storage.sqlite.database import Database


class SqliteCaseRecords(CaseRecords):
    def __init__(self, db: Database) -> None:
        self.db = db

    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ValueError(f"at most {MAX_EVENTS_PER_BATCH} events in one batch")
        ids = [event.id for event in events]
        with self.db.transaction() as connection:
            marks = ", ".join("?" * len(ids))
            stored = {
                event_id
                for (event_id,) in connection.execute(
                    f"SELECT id FROM case_events WHERE id IN ({marks})", ids
                )
            }
            if stored:
                return stored
            for event in events:
                connection.execute(
                    "INSERT INTO case_events (id, case_number, occurred_at, doc, retain_until)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        event.id,
                        event.case_number,
                        format_instant(event.occurred_at),
                        json.dumps(codec.event_to_dict(event), ensure_ascii=False),
                        epoch(retain_until),
                    ),
                )
            for access in accesses:
                self._write_access(connection, access)
            return set()

    def set_case_retention(self, case_number: str, retain_until: datetime) -> None:
        with self.db.transaction() as connection:
            for table in ("case_events", "case_access"):
                connection.execute(
                    f"UPDATE {table} SET retain_until = ? WHERE case_number = ?",
                    (epoch(retain_until), case_number),
                )

    def case_events(self, case_number: str) -> list[CaseEvent]:
        rows = self.db.rows(
            "SELECT doc FROM case_events WHERE case_number = ? AND quarantine IS NULL",
            case_number,
        )
        return codec.readable_events([json.loads(doc) for (doc,) in rows])

    def save_case_access(self, access: CaseAccess) -> None:
        with self.db.transaction() as connection:
            self._write_access(connection, access)

    def get_case_access(self, case_number: str) -> CaseAccess | None:
        row = self.db.one("SELECT doc FROM case_access WHERE case_number = ?", case_number)
        return codec.access_from_dict(json.loads(row[0])) if row else None

    def case_event_records(self) -> list[dict]:
        rows = self.db.rows(
            "SELECT doc FROM case_events WHERE quarantine IS NULL"
            " ORDER BY case_number, occurred_at, id"
        )
        return [codec.event_record(json.loads(doc)) for (doc,) in rows]

    def quarantine_case_event(
        self, case_number: str, event_id: str, reason: str, at: datetime
    ) -> bool:
        note = json.dumps(
            {"reason": reason, "quarantined_at": format_instant(at)}, ensure_ascii=False
        )
        return self._change_one(
            "UPDATE case_events SET quarantine = ?"
            " WHERE id = ? AND case_number = ? AND quarantine IS NULL",
            note,
            event_id,
            case_number,
        )

    def quarantined_case_events(self) -> list[dict]:
        rows = self.db.rows(
            "SELECT doc, quarantine FROM case_events WHERE quarantine IS NOT NULL"
            " ORDER BY case_number, occurred_at, id"
        )
        return [codec.event_record(json.loads(doc)) | json.loads(note) for doc, note in rows]

    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        return self._change_one(
            "UPDATE case_events SET quarantine = NULL"
            " WHERE id = ? AND case_number = ? AND quarantine IS NOT NULL",
            event_id,
            case_number,
        )

    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        return self._change_one(
            "DELETE FROM case_events WHERE id = ? AND case_number = ? AND quarantine IS NOT NULL",
            event_id,
            case_number,
        )

    def _change_one(self, sql: str, *params: object) -> bool:
        with self.db.transaction() as connection:
            return connection.execute(sql, params).rowcount == 1

    def _write_access(self, connection: sqlite3.Connection, access: CaseAccess) -> None:
        doc = json.dumps(codec.access_to_dict(access), ensure_ascii=False)
        retain = epoch(access.retain_until) if access.retain_until else None
        connection.execute(
            "INSERT INTO case_access (case_number, doc, retain_until) VALUES (?, ?, ?)"
            " ON CONFLICT (case_number) DO UPDATE SET doc = excluded.doc,"
            " retain_until = excluded.retain_until",
            (access.case_number, doc, retain),
        )


class SqliteLookups(Lookups):
    """Wrong-code counts (a lockout's evidence) and the audit trail of every lookup."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        with self.db.transaction() as connection:
            # A count whose window has passed starts again at one: the lockout rule's window,
            # applied in SQL so two wrong codes at once cannot both read the old count.
            connection.execute(
                "INSERT INTO lookup_failures (key, count, latest, keep_until) VALUES (?, 1, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET"
                " count = CASE WHEN keep_until > ? THEN count + 1 ELSE 1 END,"
                " latest = excluded.latest, keep_until = excluded.keep_until",
                (key, epoch(now), epoch(keep_until), now.timestamp()),
            )
            return connection.execute(
                "SELECT count FROM lookup_failures WHERE key = ?", (key,)
            ).fetchone()[0]

    def lookup_failures(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        row = self.db.one(
            "SELECT count, latest FROM lookup_failures WHERE key = ? AND keep_until > ?",
            key,
            now.timestamp(),
        )
        if row is None:
            return 0, None
        return row[0], datetime.fromtimestamp(row[1], UTC)

    def clear_lookup_failures(self, key: str) -> None:
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM lookup_failures WHERE key = ?", (key,))

    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO lookup_audit (day, at, case_hash, client_hash, outcome)"
                " VALUES (?, ?, ?, ?, ?)",
                (format_instant(at)[:10], format_instant(at), case_hash, client_hash, outcome),
            )

    def lookup_audit(self, day: str) -> list[dict]:
        rows = self.db.rows(
            "SELECT at, case_hash, client_hash, outcome FROM lookup_audit WHERE day = ?"
            " ORDER BY at, rowid",
            day,
        )
        keys = ("at", "case_hash", "client_hash", "outcome")
        return [dict(zip(keys, row, strict=True)) for row in rows]
