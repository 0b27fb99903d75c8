"""The embedded store: one SQLite file, WAL, one connection per thread, real transactions."""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from chalicelib import retention
from chalicelib.appointments.model import (
    AlreadyBooked,
    Booking,
    BookingNotFound,
    BookingState,
    CodeTaken,
    HoldExpired,
    Schedule,
    Service,
    SlotFull,
)
from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.clock import epoch, format_instant
from chalicelib.errors import IdempotencyConflict, StoreUnavailable
from chalicelib.ports import Upkeep
from chalicelib.queue.model import Counter, Ticket
from chalicelib.queue.ports import Tickets
from chalicelib.sites.model import Site
from chalicelib.sites.ports import SiteDirectory
from chalicelib.storage import codec

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
)


class SqliteStore(SiteDirectory, Catalogue, Bookings, CaseRecords, Lookups, Tickets, Upkeep):
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

    def save_service(self, service: Service) -> None:
        doc = json.dumps(codec.service_to_dict(service), ensure_ascii=False)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO services (id, doc) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (service.id, doc),
            )

    def get_service(self, service_id: str) -> Service | None:
        row = self._one("SELECT doc FROM services WHERE id = ?", service_id)
        return codec.service_from_dict(json.loads(row[0])) if row else None

    def list_services(self) -> list[Service]:
        rows = self._connection().execute("SELECT doc FROM services ORDER BY id").fetchall()
        return [codec.service_from_dict(json.loads(doc)) for (doc,) in rows]

    def save_schedule(self, schedule: Schedule) -> None:
        doc = json.dumps(codec.schedule_to_dict(schedule))
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO schedules (site_id, service_id, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, service_id) DO UPDATE SET doc = excluded.doc",
                (schedule.site_id, schedule.service_id, doc),
            )

    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None:
        sql = "SELECT doc FROM schedules WHERE site_id = ? AND service_id = ?"
        row = self._one(sql, site_id, service_id)
        return codec.schedule_from_dict(json.loads(row[0])) if row else None

    def list_schedules(self, site_id: str) -> list[Schedule]:
        sql = "SELECT doc FROM schedules WHERE site_id = ? ORDER BY service_id"
        rows = self._connection().execute(sql, (site_id,)).fetchall()
        return [codec.schedule_from_dict(json.loads(doc)) for (doc,) in rows]

    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        with self._transaction() as connection:
            if closed:
                connection.execute(
                    "INSERT OR IGNORE INTO closures (site_id, day) VALUES (?, ?)",
                    (site_id, day.isoformat()),
                )
            else:
                connection.execute(
                    "DELETE FROM closures WHERE site_id = ? AND day = ?", (site_id, day.isoformat())
                )

    def closures(self, site_id: str, first: date, last: date) -> set[date]:
        rows = self._connection().execute(
            "SELECT day FROM closures WHERE site_id = ? AND day BETWEEN ? AND ?",
            (site_id, first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day) for (day,) in rows}

    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        rows = self._connection().execute(
            "SELECT start, COUNT(*) FROM seats WHERE site_id = ? AND service_id = ?"
            " AND start >= ? AND start < ? AND expires_at > ? GROUP BY start",
            (site_id, service_id, format_instant(start), format_instant(end), now.timestamp()),
        )
        return {codec.parse_instant(when): count for when, count in rows}

    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        with self._transaction() as connection:
            if idempotency is not None:
                earlier = self._replay(connection, idempotency, now)
                if earlier is not None:
                    return earlier
            lock = connection.execute(
                "SELECT code FROM person_locks WHERE document_hash = ? AND service_id = ?"
                " AND expires_at > ?",
                (booking.document_hash, booking.service_id, now.timestamp()),
            ).fetchone()
            if lock is not None:
                raise AlreadyBooked(booking.service_id)
            seat = self._free_seat(connection, booking, booking.start, capacity, now)
            held = replace(booking, seat=seat)
            self._take_seat(connection, held, held.start, seat, held.hold_expires_at)
            connection.execute(
                "INSERT INTO person_locks (document_hash, service_id, code, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (document_hash, service_id)"
                " DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
                (held.document_hash, held.service_id, held.code, epoch(held.hold_expires_at)),
            )
            try:
                self._write_booking(connection, held, insert=True)
            except sqlite3.IntegrityError as error:
                raise CodeTaken(held.code) from error
            if idempotency is not None:
                connection.execute(
                    "INSERT OR REPLACE INTO idempotency (key, fingerprint, code, expires_at)"
                    " VALUES (?, ?, ?, ?)",
                    (*idempotency, held.code, epoch(now + retention.IDEMPOTENCY_KEY)),
                )
            return held

    def _replay(
        self, connection: sqlite3.Connection, idempotency: tuple[str, str], now: datetime
    ) -> Booking | None:
        row = connection.execute(
            "SELECT fingerprint, code FROM idempotency WHERE key = ? AND expires_at > ?",
            (idempotency[0], now.timestamp()),
        ).fetchone()
        if row is None:
            return None
        if row[0] != idempotency[1]:
            raise IdempotencyConflict(idempotency[0])
        return self._read_booking(connection, row[1])

    def _free_seat(
        self,
        connection: sqlite3.Connection,
        booking: Booking,
        start: datetime,
        capacity: int,
        now: datetime,
    ) -> int:
        taken = {
            seat
            for (seat,) in connection.execute(
                "SELECT seat FROM seats WHERE site_id = ? AND service_id = ? AND start = ?"
                " AND expires_at > ?",
                (booking.site_id, booking.service_id, format_instant(start), now.timestamp()),
            )
        }
        free = [seat for seat in range(capacity) if seat not in taken]
        if len(taken) >= capacity or not free:
            raise SlotFull(format_instant(start))
        return free[0]

    def _take_seat(
        self,
        connection: sqlite3.Connection,
        booking: Booking,
        start: datetime,
        seat: int,
        expires_at: datetime,
    ) -> None:
        connection.execute(
            "INSERT INTO seats (site_id, service_id, start, seat, code, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, service_id, start, seat)"
            " DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
            (
                booking.site_id,
                booking.service_id,
                format_instant(start),
                seat,
                booking.code,
                epoch(expires_at),
            ),
        )

    def _release_seat(
        self, connection: sqlite3.Connection, booking: Booking, release_at: datetime
    ) -> None:
        connection.execute(
            "UPDATE seats SET code = NULL, expires_at = ? WHERE site_id = ? AND service_id = ?"
            " AND start = ? AND seat = ? AND code = ?",
            (
                epoch(release_at),
                booking.site_id,
                booking.service_id,
                format_instant(booking.start),
                booking.seat,
                booking.code,
            ),
        )

    def _write_booking(
        self, connection: sqlite3.Connection, booking: Booking, insert: bool = False
    ) -> None:
        doc = json.dumps(codec.booking_to_dict(booking), ensure_ascii=False)
        if insert:
            connection.execute(
                "INSERT INTO bookings (code, doc, retain_until) VALUES (?, ?, ?)",
                (booking.code, doc, epoch(booking.retain_until)),
            )
        else:
            connection.execute(
                "UPDATE bookings SET doc = ?, retain_until = ? WHERE code = ?",
                (doc, epoch(booking.retain_until), booking.code),
            )

    def _read_booking(self, connection: sqlite3.Connection, code: str) -> Booking | None:
        row = connection.execute("SELECT doc FROM bookings WHERE code = ?", (code,)).fetchone()
        return codec.booking_from_dict(json.loads(row[0])) if row else None

    def get_booking(self, code: str) -> Booking | None:
        return self._read_booking(self._connection(), code)

    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        with self._transaction() as connection:
            booking = self._read_booking(connection, code)
            if booking is None:
                raise BookingNotFound(code)
            if booking.state != BookingState.HELD or booking.hold_expires_at <= now:
                raise HoldExpired(code)
            confirmed = booking.confirmed(manage_hash)
            self._take_seat(
                connection, confirmed, confirmed.start, confirmed.seat, confirmed.active_until
            )
            connection.execute(
                "UPDATE person_locks SET expires_at = ? WHERE document_hash = ?"
                " AND service_id = ? AND code = ?",
                (
                    epoch(confirmed.active_until),
                    confirmed.document_hash,
                    confirmed.service_id,
                    code,
                ),
            )
            self._write_booking(connection, confirmed)
            return confirmed

    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        with self._transaction() as connection:
            booking = self._read_booking(connection, code)
            if booking is None or not booking.is_active(now):
                raise BookingNotFound(code)
            cancelled = booking.cancelled()
            self._release_seat(connection, booking, release_at)
            connection.execute(
                "DELETE FROM person_locks WHERE document_hash = ? AND service_id = ? AND code = ?",
                (booking.document_hash, booking.service_id, code),
            )
            self._write_booking(connection, cancelled)
            return cancelled

    def reschedule(
        self, code: str, start: datetime, capacity: int, release_at: datetime, now: datetime
    ) -> Booking:
        with self._transaction() as connection:
            booking = self._read_booking(connection, code)
            if booking is None or booking.state != BookingState.CONFIRMED:
                raise BookingNotFound(code)
            seat = self._free_seat(connection, booking, start, capacity, now)
            moved = booking.moved(start, seat)
            self._take_seat(connection, moved, start, seat, moved.active_until)
            self._release_seat(connection, booking, release_at)
            connection.execute(
                "UPDATE person_locks SET expires_at = ? WHERE document_hash = ?"
                " AND service_id = ? AND code = ?",
                (epoch(moved.active_until), moved.document_hash, moved.service_id, code),
            )
            self._write_booking(connection, moved)
            return moved

    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        rows = self._connection().execute(
            "SELECT b.doc FROM seats s JOIN bookings b ON b.code = s.code"
            " WHERE s.site_id = ? AND s.service_id = ? AND s.start >= ? AND s.start < ?"
            " AND s.expires_at > ? ORDER BY s.start, s.seat",
            (site_id, service_id, format_instant(start), format_instant(end), now.timestamp()),
        )
        bookings = [codec.booking_from_dict(json.loads(doc)) for (doc,) in rows]
        return [booking for booking in bookings if booking.is_active(now)]

    def mark_reminded(self, code: str) -> bool:
        with self._transaction() as connection:
            booking = self._read_booking(connection, code)
            if booking is None or booking.reminded:
                return False
            self._write_booking(connection, replace(booking, reminded=True))
            return True

    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        with self._transaction() as connection:
            changed = connection.execute(
                "INSERT INTO rate_limits (key, window, count, expires_at) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (key, window) DO UPDATE SET count = count + 1 WHERE count < ?",
                (key, window, epoch(expires_at), limit),
            ).rowcount
            return changed == 1 and limit > 0

    def purge_expired(self, now: datetime) -> int:
        moment = now.timestamp()
        with self._transaction() as connection:
            deleted = connection.execute(
                "DELETE FROM bookings WHERE retain_until <= ?", (moment,)
            ).rowcount
            for table in ("case_events", "case_access", "tickets"):
                deleted += connection.execute(
                    f"DELETE FROM {table} WHERE retain_until <= ?", (moment,)
                ).rowcount
            deleted += connection.execute(
                "DELETE FROM lookup_audit WHERE at <= ?",
                (format_instant(now - retention.LOOKUP_AUDIT),),
            ).rowcount
            deleted += connection.execute(
                "DELETE FROM lookup_failures WHERE keep_until <= ?", (moment,)
            ).rowcount
            for table in ("seats", "person_locks", "idempotency", "rate_limits", "seen_once"):
                deleted += connection.execute(
                    f"DELETE FROM {table} WHERE expires_at <= ?", (moment,)
                ).rowcount
            return deleted

    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ValueError(f"at most {MAX_EVENTS_PER_BATCH} events in one batch")
        ids = [event.id for event in events]
        with self._transaction() as connection:
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
        with self._transaction() as connection:
            for table in ("case_events", "case_access"):
                connection.execute(
                    f"UPDATE {table} SET retain_until = ? WHERE case_number = ?",
                    (epoch(retain_until), case_number),
                )

    def case_events(self, case_number: str) -> list[CaseEvent]:
        rows = self._connection().execute(
            "SELECT doc FROM case_events WHERE case_number = ? AND quarantine IS NULL",
            (case_number,),
        )
        return codec.readable_events([json.loads(doc) for (doc,) in rows])

    def case_event_records(self) -> list[dict]:
        rows = self._connection().execute(
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
        with self._transaction() as connection:
            return (
                connection.execute(
                    "UPDATE case_events SET quarantine = ?"
                    " WHERE id = ? AND case_number = ? AND quarantine IS NULL",
                    (note, event_id, case_number),
                ).rowcount
                == 1
            )

    def quarantined_case_events(self) -> list[dict]:
        rows = self._connection().execute(
            "SELECT doc, quarantine FROM case_events WHERE quarantine IS NOT NULL"
            " ORDER BY case_number, occurred_at, id"
        )
        return [codec.event_record(json.loads(doc)) | json.loads(note) for doc, note in rows]

    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        with self._transaction() as connection:
            return (
                connection.execute(
                    "UPDATE case_events SET quarantine = NULL"
                    " WHERE id = ? AND case_number = ? AND quarantine IS NOT NULL",
                    (event_id, case_number),
                ).rowcount
                == 1
            )

    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        with self._transaction() as connection:
            return (
                connection.execute(
                    "DELETE FROM case_events"
                    " WHERE id = ? AND case_number = ? AND quarantine IS NOT NULL",
                    (event_id, case_number),
                ).rowcount
                == 1
            )

    def save_case_access(self, access: CaseAccess) -> None:
        with self._transaction() as connection:
            self._write_access(connection, access)

    def _write_access(self, connection: sqlite3.Connection, access: CaseAccess) -> None:
        doc = json.dumps(codec.access_to_dict(access), ensure_ascii=False)
        retain = epoch(access.retain_until) if access.retain_until else None
        connection.execute(
            "INSERT INTO case_access (case_number, doc, retain_until) VALUES (?, ?, ?)"
            " ON CONFLICT (case_number) DO UPDATE SET doc = excluded.doc,"
            " retain_until = excluded.retain_until",
            (access.case_number, doc, retain),
        )

    def get_case_access(self, case_number: str) -> CaseAccess | None:
        row = self._one("SELECT doc FROM case_access WHERE case_number = ?", case_number)
        return codec.access_from_dict(json.loads(row[0])) if row else None

    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        with self._transaction() as connection:
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
        row = self._one(
            "SELECT count, latest FROM lookup_failures WHERE key = ? AND keep_until > ?",
            key,
            now.timestamp(),
        )
        if row is None:
            return 0, None
        return row[0], datetime.fromtimestamp(row[1], UTC)

    def clear_lookup_failures(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM lookup_failures WHERE key = ?", (key,))

    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        with self._transaction() as connection:
            return (
                connection.execute(
                    "INSERT INTO seen_once (key, expires_at) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at"
                    " WHERE seen_once.expires_at <= ?",
                    (key, epoch(expires_at), now.timestamp()),
                ).rowcount
                == 1
            )

    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO lookup_audit (day, at, case_hash, client_hash, outcome)"
                " VALUES (?, ?, ?, ?, ?)",
                (format_instant(at)[:10], format_instant(at), case_hash, client_hash, outcome),
            )

    def lookup_audit(self, day: str) -> list[dict]:
        rows = self._connection().execute(
            "SELECT at, case_hash, client_hash, outcome FROM lookup_audit WHERE day = ?"
            " ORDER BY at, rowid",
            (day,),
        )
        keys = ("at", "case_hash", "client_hash", "outcome")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO ticket_numbers (site_id, day, letter, last) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (site_id, day, letter) DO UPDATE SET last = last + 1",
                (site_id, day, letter),
            )
            return connection.execute(
                "SELECT last FROM ticket_numbers WHERE site_id = ? AND day = ? AND letter = ?",
                (site_id, day, letter),
            ).fetchone()[0]

    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        if cap <= 0:
            return False
        with self._transaction() as connection:
            return (
                connection.execute(
                    "INSERT INTO walk_ins (site_id, day, service_id, count) VALUES (?, ?, ?, 1)"
                    " ON CONFLICT (site_id, day, service_id) DO UPDATE SET count = count + 1"
                    " WHERE count < ?",
                    (site_id, day, service_id, cap),
                ).rowcount
                == 1
            )

    def add_ticket(self, ticket: Ticket) -> Ticket:
        doc = json.dumps(codec.ticket_to_dict(ticket), ensure_ascii=False)
        with self._transaction() as connection:
            if ticket.booking_code:
                row = connection.execute(
                    "SELECT doc FROM tickets WHERE booking_code = ?", (ticket.booking_code,)
                ).fetchone()
                if row:
                    return codec.ticket_from_dict(json.loads(row[0]))
            connection.execute(
                "INSERT INTO tickets (id, site_id, day, booking_code, doc, retain_until)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    ticket.id,
                    ticket.site_id,
                    ticket.day,
                    ticket.booking_code,
                    doc,
                    epoch(ticket.arrived_at + retention.TICKET),
                ),
            )
            return ticket

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        row = self._one("SELECT doc FROM tickets WHERE id = ?", ticket_id)
        return codec.ticket_from_dict(json.loads(row[0])) if row else None

    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        rows = self._connection().execute(
            "SELECT doc FROM tickets WHERE site_id = ? AND day = ?", (site_id, day)
        )
        return [codec.ticket_from_dict(json.loads(doc)) for (doc,) in rows]

    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        doc = json.dumps(codec.ticket_to_dict(new), ensure_ascii=False)
        with self._transaction() as connection:
            row = connection.execute("SELECT doc FROM tickets WHERE id = ?", (new.id,)).fetchone()
            if row is None:
                return False
            stored = codec.ticket_from_dict(json.loads(row[0]))
            if (stored.state, stored.calls) != (expected.state, expected.calls):
                return False
            connection.execute("UPDATE tickets SET doc = ? WHERE id = ?", (doc, new.id))
            return True

    def save_counter(self, counter: Counter) -> None:
        doc = json.dumps(codec.counter_to_dict(counter))
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO counters (site_id, id, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, id) DO UPDATE SET doc = excluded.doc",
                (counter.site_id, counter.id, doc),
            )

    def list_counters(self, site_id: str) -> list[Counter]:
        rows = self._connection().execute(
            "SELECT doc FROM counters WHERE site_id = ? ORDER BY id", (site_id,)
        )
        return [codec.counter_from_dict(json.loads(doc)) for (doc,) in rows]

    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO queue_statistics (site_id, day, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, day) DO UPDATE SET doc = excluded.doc",
                (site_id, day, json.dumps(rows)),
            )

    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        row = self._one(
            "SELECT doc FROM queue_statistics WHERE site_id = ? AND day = ?", site_id, day
        )
        return json.loads(row[0]) if row else None

    def _one(self, sql: str, *params: object) -> tuple | None:
        return self._connection().execute(sql, params).fetchone()
