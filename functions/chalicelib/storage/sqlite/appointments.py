"""Services, schedules and closures (the catalogue), and the seats and bookings of each slot."""

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime

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
    first_free_seat,
    still_taken,
)
from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.clock import epoch, format_instant
from chalicelib.errors import IdempotencyConflict
from chalicelib.storage import codec
from chalicelib.storage.sqlite.database import Database


class SqliteCatalogue(Catalogue):
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_service(self, service: Service) -> None:
        doc = json.dumps(codec.service_to_dict(service), ensure_ascii=False)
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO services (id, doc) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (service.id, doc),
            )

    def get_service(self, service_id: str) -> Service | None:
        row = self.db.one("SELECT doc FROM services WHERE id = ?", service_id)
        return codec.service_from_dict(json.loads(row[0])) if row else None

    def list_services(self) -> list[Service]:
        rows = self.db.rows("SELECT doc FROM services ORDER BY id")
        return [codec.service_from_dict(json.loads(doc)) for (doc,) in rows]

    def save_schedule(self, schedule: Schedule) -> None:
        doc = json.dumps(codec.schedule_to_dict(schedule))
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO schedules (site_id, service_id, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, service_id) DO UPDATE SET doc = excluded.doc",
                (schedule.site_id, schedule.service_id, doc),
            )

    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None:
        sql = "SELECT doc FROM schedules WHERE site_id = ? AND service_id = ?"
        row = self.db.one(sql, site_id, service_id)
        return codec.schedule_from_dict(json.loads(row[0])) if row else None

    def list_schedules(self, site_id: str) -> list[Schedule]:
        sql = "SELECT doc FROM schedules WHERE site_id = ? ORDER BY service_id"
        rows = self.db.rows(sql, site_id)
        return [codec.schedule_from_dict(json.loads(doc)) for (doc,) in rows]

    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        with self.db.transaction() as connection:
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
        rows = self.db.rows(
            "SELECT day FROM closures WHERE site_id = ? AND day BETWEEN ? AND ?",
            site_id,
            first.isoformat(),
            last.isoformat(),
        )
        return {date.fromisoformat(day) for (day,) in rows}


class SqliteBookings(Bookings):
    """Each slot has `capacity` numbered seats; a seat row holds a booking until it expires."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        # still_taken, counted in SQL: a seat counts while its expiry lies after now.
        rows = self.db.rows(
            "SELECT start, COUNT(*) FROM seats WHERE site_id = ? AND service_id = ?"
            " AND start >= ? AND start < ? AND expires_at > ? GROUP BY start",
            site_id,
            service_id,
            format_instant(start),
            format_instant(end),
            now.timestamp(),
        )
        return {codec.parse_instant(when): count for when, count in rows}

    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        with self.db.transaction() as connection:
            if idempotency is not None:
                earlier = _replay(connection, idempotency, now)
                if earlier is not None:
                    return earlier
            # still_taken in SQL: one person's lock on a service counts until it expires.
            lock = connection.execute(
                "SELECT code FROM person_locks WHERE document_hash = ? AND service_id = ?"
                " AND expires_at > ?",
                (booking.document_hash, booking.service_id, now.timestamp()),
            ).fetchone()
            if lock is not None:
                raise AlreadyBooked(booking.service_id)
            seat = _free_seat(connection, booking, booking.start, capacity, now)
            held = replace(booking, seat=seat)
            _take_seat(connection, held, held.start, seat, held.hold_expires_at)
            connection.execute(
                "INSERT INTO person_locks (document_hash, service_id, code, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (document_hash, service_id)"
                " DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
                (held.document_hash, held.service_id, held.code, epoch(held.hold_expires_at)),
            )
            try:
                _write_booking(connection, held, insert=True)
            except sqlite3.IntegrityError as error:
                raise CodeTaken(held.code) from error
            if idempotency is not None:
                connection.execute(
                    "INSERT OR REPLACE INTO idempotency (key, fingerprint, code, expires_at)"
                    " VALUES (?, ?, ?, ?)",
                    (*idempotency, held.code, epoch(now + retention.IDEMPOTENCY_KEY)),
                )
            return held

    def get_booking(self, code: str) -> Booking | None:
        return _read_booking(self.db.connection(), code)

    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        with self.db.transaction() as connection:
            booking = _read_booking(connection, code)
            if booking is None:
                raise BookingNotFound(code)
            if not booking.is_live_hold(now):
                raise HoldExpired(code)
            confirmed = booking.confirmed(manage_hash)
            _take_seat(
                connection, confirmed, confirmed.start, confirmed.seat, confirmed.active_until
            )
            _extend_lock(connection, confirmed)
            _write_booking(connection, confirmed)
            return confirmed

    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        with self.db.transaction() as connection:
            booking = _read_booking(connection, code)
            if booking is None or not booking.is_active(now):
                raise BookingNotFound(code)
            cancelled = booking.cancelled()
            _release_seat(connection, booking, release_at)
            connection.execute(
                "DELETE FROM person_locks WHERE document_hash = ? AND service_id = ? AND code = ?",
                (booking.document_hash, booking.service_id, code),
            )
            _write_booking(connection, cancelled)
            return cancelled

    def reschedule(
        self,
        code: str,
        start: datetime,
        capacity: int,
        release_at: datetime,
        now: datetime,
        successor: Booking | None = None,
    ) -> Booking:
        with self.db.transaction() as connection:
            booking = _read_booking(connection, code)
            if booking is None or booking.state != BookingState.CONFIRMED:
                raise BookingNotFound(code)
            if successor is not None:
                same_slot = (successor.site_id, successor.service_id, successor.start) == (
                    booking.site_id,
                    booking.service_id,
                    booking.start,
                )
                if not same_slot:
                    raise BookingNotFound(code)
                lock = connection.execute(
                    "SELECT code FROM person_locks WHERE document_hash = ? AND service_id = ?"
                    " AND expires_at > ?",
                    (successor.document_hash, successor.service_id, now.timestamp()),
                ).fetchone()
                if lock is not None:  # the mover's own lock too: they keep their booking
                    raise AlreadyBooked(successor.service_id)
            seat = _free_seat(connection, booking, start, capacity, now)
            moved = booking.moved(start, seat)
            if successor is not None:
                held = replace(successor, state=BookingState.HELD, seat=booking.seat)
                try:
                    _write_booking(connection, held, insert=True)
                except sqlite3.IntegrityError as error:
                    raise CodeTaken(held.code) from error
            _take_seat(connection, moved, start, seat, moved.active_until)
            if successor is None:
                _release_seat(connection, booking, release_at)
            else:
                # The old seat's row changes hands in place: it is never free in between.
                _take_seat(connection, held, held.start, held.seat, held.hold_expires_at)
                connection.execute(
                    "INSERT INTO person_locks (document_hash, service_id, code, expires_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (document_hash, service_id)"
                    " DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
                    (held.document_hash, held.service_id, held.code, epoch(held.hold_expires_at)),
                )
            _extend_lock(connection, moved)
            _write_booking(connection, moved)
            return moved

    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        rows = self.db.rows(
            "SELECT b.doc FROM seats s JOIN bookings b ON b.code = s.code"
            " WHERE s.site_id = ? AND s.service_id = ? AND s.start >= ? AND s.start < ?"
            " AND s.expires_at > ? ORDER BY s.start, s.seat",
            site_id,
            service_id,
            format_instant(start),
            format_instant(end),
            now.timestamp(),
        )
        bookings = [codec.booking_from_dict(json.loads(doc)) for (doc,) in rows]
        return [booking for booking in bookings if booking.is_active(now)]

    def mark_reminded(self, code: str) -> bool:
        with self.db.transaction() as connection:
            booking = _read_booking(connection, code)
            if booking is None or booking.reminded:
                return False
            _write_booking(connection, replace(booking, reminded=True))
            return True

    def hand_over(self, code: str, successor: Booking, now: datetime) -> Booking:
        with self.db.transaction() as connection:
            booking = _read_booking(connection, code)
            seat = connection.execute(
                "SELECT seat FROM seats WHERE site_id = ? AND service_id = ? AND start = ?"
                " AND code = ? AND expires_at > ?",
                (
                    successor.site_id,
                    successor.service_id,
                    format_instant(successor.start),
                    code,
                    now.timestamp(),
                ),
            ).fetchone()
            if booking is None or seat is None or booking.service_id != successor.service_id:
                raise BookingNotFound(code)
            lock = connection.execute(
                "SELECT code FROM person_locks WHERE document_hash = ? AND service_id = ?"
                " AND expires_at > ? AND code != ?",
                (successor.document_hash, successor.service_id, now.timestamp(), code),
            ).fetchone()
            if lock is not None:
                raise AlreadyBooked(successor.service_id)
            held = replace(successor, state=BookingState.HELD, seat=seat[0])
            try:
                _write_booking(connection, held, insert=True)
            except sqlite3.IntegrityError as error:
                raise CodeTaken(held.code) from error
            _write_booking(connection, booking.cancelled())
            connection.execute(
                "DELETE FROM person_locks WHERE document_hash = ? AND service_id = ? AND code = ?",
                (booking.document_hash, booking.service_id, code),
            )
            _take_seat(connection, held, held.start, held.seat, held.hold_expires_at)
            connection.execute(
                "INSERT INTO person_locks (document_hash, service_id, code, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (document_hash, service_id)"
                " DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
                (held.document_hash, held.service_id, held.code, epoch(held.hold_expires_at)),
            )
            return held


def _replay(
    connection: sqlite3.Connection, idempotency: tuple[str, str], now: datetime
) -> Booking | None:
    row = connection.execute(
        "SELECT fingerprint, code FROM idempotency WHERE key = ? AND expires_at > ?",
        (idempotency[0], now.timestamp()),
    ).fetchone()
    if row is None:
        return None
    if row[0] != idempotency[1]:
        raise IdempotencyConflict(idempotency[0])
    return _read_booking(connection, row[1])


def _free_seat(
    connection: sqlite3.Connection,
    booking: Booking,
    start: datetime,
    capacity: int,
    now: datetime,
) -> int:
    rows = connection.execute(
        "SELECT seat, expires_at FROM seats WHERE site_id = ? AND service_id = ? AND start = ?",
        (booking.site_id, booking.service_id, format_instant(start)),
    )
    taken = {
        seat for seat, expires in rows if still_taken(datetime.fromtimestamp(expires, UTC), now)
    }
    # Counted first: a slot whose capacity shrank is full even if a low seat is empty.
    seat = first_free_seat(capacity, taken)
    if seat is None:
        raise SlotFull(format_instant(start))
    return seat


def _take_seat(
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


def _release_seat(connection: sqlite3.Connection, booking: Booking, release_at: datetime) -> None:
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


def _extend_lock(connection: sqlite3.Connection, booking: Booking) -> None:
    connection.execute(
        "UPDATE person_locks SET expires_at = ? WHERE document_hash = ?"
        " AND service_id = ? AND code = ?",
        (epoch(booking.active_until), booking.document_hash, booking.service_id, booking.code),
    )


def _write_booking(connection: sqlite3.Connection, booking: Booking, insert: bool = False) -> None:
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


def _read_booking(connection: sqlite3.Connection, code: str) -> Booking | None:
    row = connection.execute("SELECT doc FROM bookings WHERE code = ?", (code,)).fetchone()
    return codec.booking_from_dict(json.loads(row[0])) if row else None
