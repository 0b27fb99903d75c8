"""Random sequences of hold, confirm, cancel, reschedule and passing time, checked against a model.

The model is a list of seat occupations, each taken until an instant; the store must agree with it
on every slot after every step, and no slot may ever hold more than its capacity.
"""

import dataclasses
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moto import mock_aws

from chalicelib.appointments.model import (
    AlreadyBooked,
    BookingNotFound,
    BookingState,
    HoldExpired,
    SlotFull,
)
from chalicelib.storage import dynamodb_stores, sqlite_stores
from tests.contract.test_appointments import NOW, SLOT, booking
from tests.fakes import memory_stores
from tests.stack import create_table

SLOTS = [SLOT + timedelta(minutes=30 * n) for n in range(3)]
CAPACITY = 2
PEOPLE = ["doc-a", "doc-b", "doc-c", "doc-d", "doc-e"]


@dataclass
class Occupation:
    slot: int
    until: object  # datetime


@dataclass
class Entry:
    person: str
    slot: int
    state: BookingState
    hold_until: object
    seat: Occupation


class Calendar(RuleBasedStateMachine):
    store_kind = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.now = NOW
        self.bookings: dict[str, Entry] = {}
        self.occupations: list[Occupation] = []
        self.number = 0
        if self.store_kind == "sqlite":
            self.folder = tempfile.TemporaryDirectory()
            self.store = sqlite_stores(Path(self.folder.name) / "model.sqlite3")
        elif self.store_kind == "memory":
            self.store = memory_stores()
        else:
            client = boto3.client("dynamodb", region_name="eu-central-1")
            table = f"model-{uuid.uuid4().hex[:8]}"
            create_table(client, table)
            self.store = dynamodb_stores(table, client)

    def teardown(self) -> None:
        if self.store_kind == "sqlite":
            self.folder.cleanup()

    def taken(self, slot: int) -> int:
        return sum(1 for o in self.occupations if o.slot == slot and o.until > self.now)

    def active(self, entry: Entry) -> bool:
        if entry.state == BookingState.CONFIRMED:
            return True
        return entry.state == BookingState.HELD and entry.hold_until > self.now

    def has_active(self, person: str) -> bool:
        return any(e.person == person and self.active(e) for e in self.bookings.values())

    @rule(person=st.sampled_from(PEOPLE), slot=st.integers(0, len(SLOTS) - 1))
    def hold(self, person: str, slot: int) -> None:
        self.number += 1
        code = f"WAW-{self.number:04}-AA"
        hold_until = self.now + timedelta(minutes=15)
        request = booking(
            code, person, start=SLOTS[slot], created_at=self.now, hold_expires_at=hold_until
        )
        if self.has_active(person):
            with pytest.raises(AlreadyBooked):
                self.store.bookings.hold(request, CAPACITY, self.now)
        elif self.taken(slot) >= CAPACITY:
            with pytest.raises(SlotFull):
                self.store.bookings.hold(request, CAPACITY, self.now)
        else:
            self.store.bookings.hold(request, CAPACITY, self.now)
            seat = Occupation(slot, hold_until)
            self.occupations.append(seat)
            self.bookings[code] = Entry(person, slot, BookingState.HELD, hold_until, seat)

    @precondition(lambda self: self.bookings)
    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(sorted(self.bookings)))
        entry = self.bookings[code]
        if entry.state == BookingState.HELD and entry.hold_until > self.now:
            self.store.bookings.confirm(code, "m", self.now)
            entry.state = BookingState.CONFIRMED
            entry.seat.until = SLOTS[entry.slot] + timedelta(days=1)
        else:
            with pytest.raises(HoldExpired):
                self.store.bookings.confirm(code, "m", self.now)

    @precondition(lambda self: self.bookings)
    @rule(data=st.data(), delay=st.integers(0, 300))
    def cancel(self, data: st.DataObject, delay: int) -> None:
        code = data.draw(st.sampled_from(sorted(self.bookings)))
        entry = self.bookings[code]
        release = self.now + timedelta(seconds=delay)
        if self.active(entry):
            self.store.bookings.cancel(code, release, self.now)
            entry.state = BookingState.CANCELLED
            entry.seat.until = min(entry.seat.until, release) if delay == 0 else release
        else:
            with pytest.raises(BookingNotFound):
                self.store.bookings.cancel(code, release, self.now)

    @precondition(lambda self: self.bookings)
    @rule(data=st.data(), slot=st.integers(0, len(SLOTS) - 1), delay=st.integers(0, 300))
    def reschedule(self, data: st.DataObject, slot: int, delay: int) -> None:
        code = data.draw(st.sampled_from(sorted(self.bookings)))
        entry = self.bookings[code]
        release = self.now + timedelta(seconds=delay)
        if entry.state != BookingState.CONFIRMED:
            with pytest.raises(BookingNotFound):
                self.store.bookings.reschedule(code, SLOTS[slot], CAPACITY, release, self.now)
        elif self.taken(slot) >= CAPACITY:
            with pytest.raises(SlotFull):
                self.store.bookings.reschedule(code, SLOTS[slot], CAPACITY, release, self.now)
        else:
            self.store.bookings.reschedule(code, SLOTS[slot], CAPACITY, release, self.now)
            entry.seat.until = release
            entry.seat = Occupation(slot, SLOTS[slot] + timedelta(days=1))
            entry.slot = slot
            self.occupations.append(entry.seat)

    @rule(seconds=st.integers(1, 1200))
    def time_passes(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)

    @invariant()
    def every_slot_agrees_with_the_model_and_none_is_overbooked(self) -> None:
        stored = self.store.bookings.seats_taken(
            "waw", "submit", SLOTS[0], SLOTS[-1] + timedelta(minutes=1), self.now
        )
        for number, start in enumerate(SLOTS):
            assert stored.get(start, 0) == self.taken(number) <= CAPACITY

    @invariant()
    def every_booking_is_in_the_state_the_model_expects(self) -> None:
        for code, entry in self.bookings.items():
            stored = self.store.bookings.get_booking(code)
            assert (stored.state, stored.start) == (entry.state, SLOTS[entry.slot])


SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_the_sqlite_store_behaves_like_the_model() -> None:
    Calendar.TestCase.settings = settings(SETTINGS, max_examples=150)
    Calendar.TestCase().runTest()


def test_the_in_memory_fakes_behave_like_the_model() -> None:
    machine = type("MemoryCalendar", (Calendar,), {"store_kind": "memory"})
    machine.TestCase.settings = settings(SETTINGS, max_examples=150)
    machine.TestCase().runTest()


def test_the_dynamodb_store_behaves_like_the_model(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    machine = type("DynamoCalendar", (Calendar,), {"store_kind": "dynamodb"})
    machine.TestCase.settings = SETTINGS
    with mock_aws():
        machine.TestCase().runTest()


def test_the_model_itself_notices_a_store_that_overbooks() -> None:
    """The check above can fail: a store that ignores capacity is caught."""

    from chalicelib.storage.sqlite.appointments import SqliteBookings

    class Careless(SqliteBookings):
        def hold(self, booking, capacity, now, idempotency=None):
            return super().hold(booking, capacity + 1, now, idempotency)

    machine = type("CarelessCalendar", (Calendar,), {})
    original = machine.__init__

    def careless_init(self) -> None:
        original(self)
        path = Path(self.folder.name) / "careless.sqlite3"
        stores = sqlite_stores(path)
        self.store = dataclasses.replace(stores, bookings=Careless(stores.bookings.db))

    machine.__init__ = careless_init
    machine.TestCase.settings = settings(SETTINGS, max_examples=200)
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        machine.TestCase().runTest()
