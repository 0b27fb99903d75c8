"""The calendar's catalogue, seats and bookings in memory, with the rules of the domain."""

from dataclasses import replace
from datetime import date, datetime

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
from chalicelib.clock import format_instant
from chalicelib.errors import IdempotencyConflict
from chalicelib.storage import codec
from tests.fakes.memory import Fake, Seat, dump, expiry, load


class FakeCatalogue(Fake, Catalogue):
    def save_service(self, service: Service) -> None:
        with self.memory.lock:
            self.memory.services[service.id] = dump(codec.service_to_dict(service))

    def get_service(self, service_id: str) -> Service | None:
        doc = self.memory.services.get(service_id)
        return codec.service_from_dict(load(doc)) if doc is not None else None

    def list_services(self) -> list[Service]:
        with self.memory.lock:
            docs = [self.memory.services[key] for key in sorted(self.memory.services)]
        return [codec.service_from_dict(load(doc)) for doc in docs]

    def save_schedule(self, schedule: Schedule) -> None:
        key = (schedule.site_id, schedule.service_id)
        with self.memory.lock:
            self.memory.schedules[key] = dump(codec.schedule_to_dict(schedule))

    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None:
        doc = self.memory.schedules.get((site_id, service_id))
        return codec.schedule_from_dict(load(doc)) if doc is not None else None

    def list_schedules(self, site_id: str) -> list[Schedule]:
        with self.memory.lock:
            docs = [doc for key, doc in sorted(self.memory.schedules.items()) if key[0] == site_id]
        return [codec.schedule_from_dict(load(doc)) for doc in docs]

    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        with self.memory.lock:
            if closed:
                self.memory.closures.add((site_id, day))
            else:
                self.memory.closures.discard((site_id, day))

    def closures(self, site_id: str, first: date, last: date) -> set[date]:
        with self.memory.lock:
            closed = list(self.memory.closures)
        return {day for site, day in closed if site == site_id and first <= day <= last}


class FakeBookings(Fake, Bookings):
    """Seats numbered 0 … capacity − 1 per slot, each held by a code until an expiry, and one
    lock per person and service: the records the real stores keep, checked the same way."""

    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        first, last = format_instant(start), format_instant(end)
        taken: dict[datetime, int] = {}
        with self.memory.lock:
            for (site, service, when), seats in self.memory.seats.items():
                if (site, service) != (site_id, service_id) or not first <= when < last:
                    continue
                count = sum(1 for seat in seats.values() if still_taken(seat.expires_at, now))
                if count:
                    taken[codec.parse_instant(when)] = count
        return taken

    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        memory = self.memory
        with memory.lock:
            if idempotency is not None:
                earlier = self._replay(idempotency, now)
                if earlier is not None:
                    return earlier
            lock = memory.person_locks.get((booking.document_hash, booking.service_id))
            if lock is not None and still_taken(lock[1], now):
                raise AlreadyBooked(booking.service_id)
            seat = self._free_seat(booking, booking.start, capacity, now)
            if booking.code in memory.bookings:
                raise CodeTaken(booking.code)
            held = replace(booking, seat=seat)
            self._take_seat(held, held.start, seat, held.hold_expires_at)
            memory.person_locks[(held.document_hash, held.service_id)] = (
                held.code,
                expiry(held.hold_expires_at),
            )
            self._write(held)
            if idempotency is not None:
                key, fingerprint = idempotency
                until = expiry(now + retention.IDEMPOTENCY_KEY)
                memory.idempotency[key] = (fingerprint, held.code, until)
            return held

    def get_booking(self, code: str) -> Booking | None:
        with self.memory.lock:
            return self._read(code)

    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        with self.memory.lock:
            booking = self._read(code)
            if booking is None:
                raise BookingNotFound(code)
            if not booking.is_live_hold(now):
                raise HoldExpired(code)
            confirmed = booking.confirmed(manage_hash)
            self._take_seat(confirmed, confirmed.start, confirmed.seat, confirmed.active_until)
            self._extend_lock(confirmed)
            self._write(confirmed)
            return confirmed

    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        with self.memory.lock:
            booking = self._read(code)
            if booking is None or not booking.is_active(now):
                raise BookingNotFound(code)
            cancelled = booking.cancelled()
            self._release_seat(booking, release_at)
            key = (booking.document_hash, booking.service_id)
            lock = self.memory.person_locks.get(key)
            if lock is not None and lock[0] == code:
                del self.memory.person_locks[key]
            self._write(cancelled)
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
        memory = self.memory
        with memory.lock:
            booking = self._read(code)
            if booking is None or booking.state != BookingState.CONFIRMED:
                raise BookingNotFound(code)
            if successor is not None:
                if self._slot(successor, successor.start) != self._slot(booking, booking.start):
                    raise BookingNotFound(code)
                lock = memory.person_locks.get((successor.document_hash, successor.service_id))
                if lock is not None and still_taken(lock[1], now):
                    raise AlreadyBooked(successor.service_id)
                if successor.code in memory.bookings:
                    raise CodeTaken(successor.code)
            seat = self._free_seat(booking, start, capacity, now)
            moved = booking.moved(start, seat)
            self._take_seat(moved, start, seat, moved.active_until)
            if successor is None:
                self._release_seat(booking, release_at)
            else:
                held = replace(successor, state=BookingState.HELD, seat=booking.seat)
                self._take_seat(held, held.start, held.seat, held.hold_expires_at)
                memory.person_locks[(held.document_hash, held.service_id)] = (
                    held.code,
                    expiry(held.hold_expires_at),
                )
                self._write(held)
            self._extend_lock(moved)
            self._write(moved)
            return moved

    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        first, last = format_instant(start), format_instant(end)
        found: list[tuple[str, int, Booking]] = []
        with self.memory.lock:
            for (site, service, when), seats in self.memory.seats.items():
                if (site, service) != (site_id, service_id) or not first <= when < last:
                    continue
                for number, seat in seats.items():
                    if seat.code is None or not still_taken(seat.expires_at, now):
                        continue
                    booking = self._read(seat.code)
                    if booking is not None:
                        found.append((when, number, booking))
        found.sort(key=lambda entry: entry[:2])
        return [booking for _, _, booking in found if booking.is_active(now)]

    def mark_reminded(self, code: str) -> bool:
        with self.memory.lock:
            booking = self._read(code)
            if booking is None or booking.reminded:
                return False
            self._write(replace(booking, reminded=True))
            return True

    def hand_over(self, code: str, successor: Booking, now: datetime) -> Booking:
        memory = self.memory
        with memory.lock:
            booking = self._read(code)
            slot = self._slot(successor, successor.start)
            seats = memory.seats.get(slot, {})
            number = next(
                (
                    number
                    for number, seat in seats.items()
                    if seat.code == code and still_taken(seat.expires_at, now)
                ),
                None,
            )
            if booking is None or number is None or self._slot(booking, booking.start) != slot:
                raise BookingNotFound(code)
            lock = memory.person_locks.get((successor.document_hash, successor.service_id))
            if lock is not None and lock[0] != code and still_taken(lock[1], now):
                raise AlreadyBooked(successor.service_id)
            if successor.code in memory.bookings:
                raise CodeTaken(successor.code)
            held = replace(successor, state=BookingState.HELD, seat=number)
            old_lock = (booking.document_hash, booking.service_id)
            if memory.person_locks.get(old_lock, ("",))[0] == code:
                del memory.person_locks[old_lock]
            self._write(booking.cancelled())
            seats[number] = Seat(held.code, expiry(held.hold_expires_at))
            memory.person_locks[(held.document_hash, held.service_id)] = (
                held.code,
                expiry(held.hold_expires_at),
            )
            self._write(held)
            return held

    def _replay(self, idempotency: tuple[str, str], now: datetime) -> Booking | None:
        key, fingerprint = idempotency
        earlier = self.memory.idempotency.get(key)
        if earlier is None or not still_taken(earlier[2], now):
            return None
        if earlier[0] != fingerprint:
            raise IdempotencyConflict(key)
        return self._read(earlier[1])

    def _free_seat(self, booking: Booking, start: datetime, capacity: int, now: datetime) -> int:
        seats = self.memory.seats.get(self._slot(booking, start), {})
        taken = {number for number, seat in seats.items() if still_taken(seat.expires_at, now)}
        seat = first_free_seat(capacity, taken)
        if seat is None:
            raise SlotFull(format_instant(start))
        return seat

    def _take_seat(self, booking: Booking, start: datetime, seat: int, until: datetime) -> None:
        seats = self.memory.seats.setdefault(self._slot(booking, start), {})
        seats[seat] = Seat(booking.code, expiry(until))

    def _release_seat(self, booking: Booking, release_at: datetime) -> None:
        seats = self.memory.seats.get(self._slot(booking, booking.start), {})
        held = seats.get(booking.seat)
        if held is not None and held.code == booking.code:
            seats[booking.seat] = Seat(None, expiry(release_at))

    def _extend_lock(self, booking: Booking) -> None:
        key = (booking.document_hash, booking.service_id)
        lock = self.memory.person_locks.get(key)
        if lock is not None and lock[0] == booking.code:
            self.memory.person_locks[key] = (booking.code, expiry(booking.active_until))

    @staticmethod
    def _slot(booking: Booking, start: datetime) -> tuple[str, str, str]:
        return (booking.site_id, booking.service_id, format_instant(start))

    def _read(self, code: str) -> Booking | None:
        doc = self.memory.bookings.get(code)
        return codec.booking_from_dict(load(doc)) if doc is not None else None

    def _write(self, booking: Booking) -> None:
        self.memory.bookings[booking.code] = dump(codec.booking_to_dict(booking))
