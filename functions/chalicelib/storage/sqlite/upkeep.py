"""What every domain shares: the health check, rate tokens, once-only keys, and the purge."""

import json
from datetime import UTC, datetime

from chalicelib import retention
from chalicelib.clock import epoch, format_instant
from chalicelib.ports import Upkeep
from chalicelib.storage.sqlite.database import Database

# Rows carrying their own deletion instant, by the column that holds it.
_RETAINED = ("bookings", "case_events", "case_access", "tickets", "waiters")
_EXPIRING = ("seats", "person_locks", "idempotency", "rate_limits", "seen_once")
# Counters keyed by day, kept as long as that day's tickets.
_BY_DAY = ("ticket_numbers", "walk_ins", "queue_days", "queue_entries", "queue_line_sizes")


class SqliteUpkeep(Upkeep):
    def __init__(self, db: Database) -> None:
        self.db = db

    def ping(self) -> None:
        self.db.ping()

    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        with self.db.transaction() as connection:
            # The window's limit, counted in SQL so two requests cannot both take the last token.
            changed = connection.execute(
                "INSERT INTO rate_limits (key, window, count, expires_at) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (key, window) DO UPDATE SET count = count + 1 WHERE count < ?",
                (key, window, epoch(expires_at), limit),
            ).rowcount
            return changed == 1 and limit > 0

    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        with self.db.transaction() as connection:
            # still_taken in SQL: a key seen before counts until its expiry, then may come again.
            return (
                connection.execute(
                    "INSERT INTO seen_once (key, expires_at) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at"
                    " WHERE seen_once.expires_at <= ?",
                    (key, epoch(expires_at), now.timestamp()),
                ).rowcount
                == 1
            )

    def save_figures(self, snapshot: dict) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO figures (id, doc) VALUES ('latest', ?)"
                " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (json.dumps(snapshot, ensure_ascii=False),),
            )

    def latest_figures(self) -> dict | None:
        row = self.db.one("SELECT doc FROM figures WHERE id = 'latest'")
        return json.loads(row[0]) if row else None

    def purge_expired(self, now: datetime) -> int:
        """Deletes every row past its retention; returns how many went."""
        moment = now.timestamp()
        # A day's counters go retention.TICKET after midnight UTC of that date (the expires_at
        # DynamoDB writes on them), so both stores forget the same days.
        last_day = (now - retention.TICKET).astimezone(UTC).date().isoformat()
        with self.db.transaction() as connection:

            def delete(sql: str, *params: object) -> int:
                return connection.execute(sql, params).rowcount

            deleted = sum(
                delete(f"DELETE FROM {table} WHERE retain_until <= ?", moment)
                for table in _RETAINED
            )
            # An open case's access carries no date of its own: it goes with the case's last event.
            deleted += delete(
                "DELETE FROM case_access WHERE retain_until IS NULL"
                " AND case_number NOT IN (SELECT case_number FROM case_events)"
            )
            deleted += delete(
                "DELETE FROM lookup_audit WHERE at <= ?",
                format_instant(now - retention.LOOKUP_AUDIT),
            )
            deleted += delete("DELETE FROM lookup_failures WHERE keep_until <= ?", moment)
            deleted += sum(
                delete(f"DELETE FROM {table} WHERE expires_at <= ?", moment) for table in _EXPIRING
            )
            deleted += sum(
                delete(f"DELETE FROM {table} WHERE day <= ?", last_day) for table in _BY_DAY
            )
            # A ballot's entries go with its draw time (`Release.entries_kept_until`), the claim
            # of their documents with them (it is the row).
            deleted += delete(
                "DELETE FROM ballot_entries WHERE release_id IN"
                " (SELECT id FROM releases WHERE draw_at <= ?)",
                format_instant(now - retention.BALLOT_ENTRY_AFTER_DRAW),
            )
            return deleted
