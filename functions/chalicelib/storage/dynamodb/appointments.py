"""The catalogue (services, schedules, closures) and the bookings with the seats they take.

A slot of capacity n has seats 000 … n−1, one item each in the service's SEATS partition: a
booking takes a seat by a conditional write, so two people can never hold the same one.
"""

import random
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
    free_seats,
    still_taken,
)
from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.clock import epoch, format_instant
from chalicelib.errors import IdempotencyConflict
from chalicelib.storage import codec
from chalicelib.storage.dynamodb.table import (
    FREE,
    OnTable,
    delete,
    item_key,
    put,
    serialize,
)

SERVICES_PARTITION = "SERVICES"


class DynamoCatalogue(OnTable, Catalogue):
    def save_service(self, service: Service) -> None:
        self.table.put(
            {"pk": SERVICES_PARTITION, "sk": service.id, **codec.service_to_dict(service)}
        )

    def get_service(self, service_id: str) -> Service | None:
        item = self.table.get(SERVICES_PARTITION, service_id)
        return codec.service_from_dict(item) if item else None

    def list_services(self) -> list[Service]:
        return [codec.service_from_dict(i) for i in self.table.partition(SERVICES_PARTITION)]

    def save_schedule(self, schedule: Schedule) -> None:
        pk = f"SCHEDULES#{schedule.site_id}"
        self.table.put({"pk": pk, "sk": schedule.service_id, **codec.schedule_to_dict(schedule)})

    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None:
        item = self.table.get(f"SCHEDULES#{site_id}", service_id)
        return codec.schedule_from_dict(item) if item else None

    def list_schedules(self, site_id: str) -> list[Schedule]:
        items = self.table.partition(f"SCHEDULES#{site_id}")
        return [codec.schedule_from_dict(item) for item in items]

    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        pk, sk = f"CLOSURES#{site_id}", day.isoformat()
        if closed:
            self.table.put({"pk": pk, "sk": sk})
        else:
            self.table.delete(pk, sk)

    def closures(self, site_id: str, first: date, last: date) -> set[date]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            ExpressionAttributeValues=serialize(
                {
                    ":pk": f"CLOSURES#{site_id}",
                    ":first": first.isoformat(),
                    ":last": last.isoformat(),
                }
            ),
            ConsistentRead=True,
        )
        return {date.fromisoformat(item["sk"]) for item in items}


class DynamoBookings(OnTable, Bookings):
    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        taken: dict[datetime, int] = {}
        for item in self._seats(
            site_id, service_id, format_instant(start), format_instant(end), now
        ):
            when = codec.parse_instant(item["sk"].split("#")[0])
            taken[when] = taken.get(when, 0) + 1
        return taken

    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        for _attempt in range(capacity + 5):
            if idempotency is not None:
                earlier = self._replay(idempotency, now)
                if earlier is not None:
                    return earlier
            lock = self.table.get(f"PERSON#{booking.document_hash}", booking.service_id)
            if lock is not None and _still_taken(lock, now):
                raise AlreadyBooked(booking.service_id)  # before SlotFull, as in every store
            held = replace(booking, seat=self._free_seat(booking, booking.start, capacity, now))
            expires = epoch(held.hold_expires_at)
            person = {
                "pk": f"PERSON#{held.document_hash}",
                "sk": held.service_id,
                "code": held.code,
                "expires_at": expires,
            }
            writes = [
                put(_seat_item(held, held.start, held.seat, expires), FREE, now),
                put(person, FREE, now),  # one live booking per person and service
                put(_booking_item(held), "attribute_not_exists(pk)"),
            ]
            if idempotency is not None:
                item = {
                    "pk": f"IDEMPOTENCY#{idempotency[0]}",
                    "sk": "-",
                    "fingerprint": idempotency[1],
                    "code": held.code,
                    "expires_at": epoch(now + retention.IDEMPOTENCY_KEY),
                }
                writes.append(put(item, FREE, now))
            failed = self.table.transact(writes)
            if not failed:
                return held
            if 1 in failed:
                raise AlreadyBooked(held.service_id)
            if 2 in failed:
                raise CodeTaken(held.code)
        raise SlotFull(format_instant(booking.start))

    def get_booking(self, code: str) -> Booking | None:
        item = self.table.get(f"BOOKING#{code}", "BOOKING")
        return codec.booking_from_dict(item) if item else None

    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        booking = self.get_booking(code)
        if booking is None:
            raise BookingNotFound(code)
        if not booking.is_live_hold(now):
            raise HoldExpired(code)
        confirmed = booking.confirmed(manage_hash)
        until = epoch(confirmed.active_until)
        failed = self.table.transact(
            [
                put(
                    _booking_item(confirmed),
                    # `Booking.is_live_hold` again, in the condition: a hold that lapses or is
                    # confirmed elsewhere between the read and this write is not confirmed twice.
                    "#state = :held AND hold_expires_at > :now_text",
                    names={"#state": "state"},
                    values={":held": "held", ":now_text": format_instant(now)},
                ),
                put(
                    _seat_item(confirmed, confirmed.start, confirmed.seat, until),
                    "code = :code",
                    values={":code": code},
                ),
                _set_expiry(f"PERSON#{confirmed.document_hash}", confirmed.service_id, code, until),
            ]
        )
        if failed:
            raise HoldExpired(code)
        return confirmed

    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        booking = self.get_booking(code)
        if booking is None or not booking.is_active(now):
            raise BookingNotFound(code)
        cancelled = booking.cancelled()
        failed = self.table.transact(
            [
                put(
                    _booking_item(cancelled),
                    "#state = :seen",
                    names={"#state": "state"},
                    values={":seen": booking.state.value},
                ),
                _release(booking, release_at),
                delete(
                    f"PERSON#{booking.document_hash}",
                    booking.service_id,
                    "attribute_not_exists(pk) OR code = :code",
                    {":code": code},
                ),
            ]
        )
        if failed:
            raise BookingNotFound(code)
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
        booking = self.get_booking(code)
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
            if successor.document_hash == booking.document_hash:
                # The mover keeps their lock; one transaction cannot write that item twice.
                raise AlreadyBooked(successor.service_id)
        for _attempt in range(capacity + 5):
            moved = booking.moved(start, self._free_seat(booking, start, capacity, now))
            until = epoch(moved.active_until)
            writes = [
                put(_seat_item(moved, start, moved.seat, until), FREE, now),
                _release(booking, release_at),
                _set_expiry(f"PERSON#{moved.document_hash}", moved.service_id, code, until),
                put(
                    _booking_item(moved),
                    "#state = :confirmed AND #start = :start",
                    names={"#state": "state", "#start": "start"},
                    values={":confirmed": "confirmed", ":start": format_instant(booking.start)},
                ),
            ]
            if successor is not None:
                held = replace(successor, state=BookingState.HELD, seat=booking.seat)
                expires = epoch(held.hold_expires_at)
                # The old seat changes hands in place, only while this booking still holds it.
                writes[1] = put(
                    _seat_item(held, held.start, held.seat, expires),
                    "code = :old",
                    values={":old": code},
                )
                person = {
                    "pk": f"PERSON#{held.document_hash}",
                    "sk": held.service_id,
                    "code": held.code,
                    "expires_at": expires,
                }
                writes += [
                    put(person, FREE, now),
                    put(_booking_item(held), "attribute_not_exists(pk)"),
                ]
            failed = self.table.transact(writes)
            if not failed:
                return moved
            if 4 in failed:
                raise AlreadyBooked(booking.service_id)
            if 5 in failed:
                raise CodeTaken(successor.code if successor else code)
            if failed != {0}:
                raise BookingNotFound(code)
        raise SlotFull(format_instant(start))

    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        seats = self._seats(site_id, service_id, format_instant(start), format_instant(end), now)
        bookings = [self.get_booking(item["code"]) for item in seats if item.get("code")]
        return [b for b in bookings if b is not None and b.is_active(now)]

    def mark_reminded(self, code: str) -> bool:
        return (
            self.table.update_if(
                Key=item_key(f"BOOKING#{code}", "BOOKING"),
                UpdateExpression="SET reminded = :true",
                ConditionExpression="reminded = :false",
                ExpressionAttributeValues=serialize({":true": True, ":false": False}),
            )
            is not None
        )

    def _seats(
        self, site_id: str, service_id: str, first: str, end: str, now: datetime
    ) -> list[dict]:
        """Taken seats with a start in [first, end): one Query on the service's seat partition."""
        return self.table.query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            # `still_taken`, applied by DynamoDB: a lapsed seat stops counting before TTL deletes it
            FilterExpression="expires_at > :now",
            ExpressionAttributeValues=serialize(
                {
                    ":pk": f"SEATS#{site_id}#{service_id}",
                    ":first": first,
                    ":last": end + "#",  # "…Z#" sorts before every seat of a slot at `end`
                    ":now": epoch(now),
                }
            ),
            ConsistentRead=True,
        )

    def _free_seat(self, booking: Booking, start: datetime, capacity: int, now: datetime) -> int:
        at = format_instant(start)
        taken = {
            int(item["sk"].split("#")[1])
            for item in self._seats(booking.site_id, booking.service_id, at, at + "#~", now)
            if item["sk"].startswith(at)
        }
        if free_seats(capacity, len(taken)) == 0:
            raise SlotFull(at)
        # Racing clients each start counting at a random seat, so that they spread over the free
        # seats instead of all writing the lowest one; which seat is free is the model's rule.
        offset = random.randrange(capacity)
        seat = first_free_seat(capacity, {(s - offset) % capacity for s in taken if s < capacity})
        if seat is None:
            raise SlotFull(at)
        return (seat + offset) % capacity

    def hand_over(self, code: str, successor: Booking, now: datetime) -> Booking:
        booking = self.get_booking(code)
        same_slot = booking is not None and (
            booking.site_id,
            booking.service_id,
            booking.start,
        ) == (successor.site_id, successor.service_id, successor.start)
        if booking is None or not same_slot or not booking.is_active(now):
            raise BookingNotFound(code)
        held = replace(successor, state=BookingState.HELD, seat=booking.seat)
        expires = epoch(held.hold_expires_at)
        person = {
            "pk": f"PERSON#{held.document_hash}",
            "sk": held.service_id,
            "code": held.code,
            "expires_at": expires,
        }
        writes = [
            # The seat changes hands in place, only while the old code still holds it.
            put(
                _seat_item(held, held.start, held.seat, expires),
                "code = :old AND expires_at > :now",
                now,
                values={":old": code},
            ),
            put(
                _booking_item(booking.cancelled()),
                "#state = :seen",
                names={"#state": "state"},
                values={":seen": booking.state.value},
            ),
            put(person, f"{FREE} OR code = :old", now, values={":old": code}),
            put(_booking_item(held), "attribute_not_exists(pk)"),
        ]
        old_lock = self.table.get(f"PERSON#{booking.document_hash}", booking.service_id)
        # The old person's lock goes only if it is this booking's (a later booking of theirs
        # keeps its own), and one write per item in a transaction: not when it is the same lock.
        if (
            old_lock is not None
            and old_lock.get("code") == code
            and booking.document_hash != held.document_hash
        ):
            writes.append(
                delete(
                    f"PERSON#{booking.document_hash}",
                    booking.service_id,
                    "code = :old",
                    {":old": code},
                )
            )
        failed = self.table.transact(writes)
        if failed & {0, 1, 4}:  # 4: the old lock changed hands since it was read
            raise BookingNotFound(code)
        if 2 in failed:
            raise AlreadyBooked(held.service_id)
        if 3 in failed:
            raise CodeTaken(held.code)
        return held

    def _replay(self, idempotency: tuple[str, str], now: datetime) -> Booking | None:
        item = self.table.get(f"IDEMPOTENCY#{idempotency[0]}", "-")
        if item is None or not _still_taken(item, now):
            return None
        if item["fingerprint"] != idempotency[1]:
            raise IdempotencyConflict(idempotency[0])
        return self.get_booking(item["code"])


def _still_taken(item: dict, now: datetime) -> bool:
    """`still_taken` in whole seconds, as the table's conditions compare (`FREE`)."""
    return still_taken(_instant(item["expires_at"]), _instant(epoch(now)))


def _instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def _seat_item(booking: Booking, start: datetime, seat: int, expires_at: int) -> dict:
    return {
        "pk": f"SEATS#{booking.site_id}#{booking.service_id}",
        "sk": f"{format_instant(start)}#{seat:03d}",
        "code": booking.code,
        "expires_at": expires_at,
    }


def _booking_item(booking: Booking) -> dict:
    return {
        "pk": f"BOOKING#{booking.code}",
        "sk": "BOOKING",
        **codec.booking_to_dict(booking),
        "expires_at": epoch(booking.retain_until),
    }


def _release(booking: Booking, release_at: datetime) -> dict:
    """Frees the booking's seat at `release_at` (and only if it still is the booking's seat)."""
    seat = _seat_item(booking, booking.start, booking.seat, epoch(release_at))
    return {
        "Update": {
            "Key": item_key(seat["pk"], seat["sk"]),
            "UpdateExpression": "SET expires_at = :release REMOVE code",
            "ConditionExpression": "code = :code",
            "ExpressionAttributeValues": serialize(
                {":release": seat["expires_at"], ":code": booking.code}
            ),
        }
    }


def _set_expiry(pk: str, sk: str, code: str, expires_at: int) -> dict:
    return {
        "Update": {
            "Key": item_key(pk, sk),
            "UpdateExpression": "SET expires_at = :expires",
            "ConditionExpression": "code = :code",
            "ExpressionAttributeValues": serialize({":expires": expires_at, ":code": code}),
        }
    }
