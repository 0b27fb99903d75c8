"""Random joins, bookings, cancellations, offers accepted, declined, left and let lapse, with the
clock moving and the offer job running, on each store. Checked after every step: no seat is held
by two, a place has at most one open offer and holds its seat, positions run 1..n, and a freed
seat that someone on the list wants is held for them before anyone else can take it."""

import re
import tempfile
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import boto3
import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moto import mock_aws

from chalicelib.appointments import services as appointments
from chalicelib.appointments.model import (
    AlreadyBooked,
    AppointmentStarted,
    BookingNotFound,
    BookingState,
    NotBookable,
    Schedule,
    Service,
    SlotFull,
)
from chalicelib.release import waiting
from chalicelib.release.model import (
    AlreadyWaiting,
    OfferLapsed,
    OfferNotFound,
    Policy,
    Preferences,
    WaiterState,
)
from chalicelib.sites.model import Site
from chalicelib.storage import dynamodb_stores, sqlite_stores
from tests.fakes import RecordingMailer, memory_stores
from tests.stack import create_table

NAMES = {language: "Submit" for language in ("en", "pl", "uk", "ru", "vi")}
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
# Two seats a day on Thursdays (09:00 and 14:00 in Warsaw), one person each: 3 and 10 December.
SLOTS = [
    datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
    datetime(2026, 12, 3, 13, 0, tzinfo=UTC),
    datetime(2026, 12, 10, 8, 0, tzinfo=UTC),
    datetime(2026, 12, 10, 13, 0, tzinfo=UTC),
]
PREFERENCES = [
    Preferences(),
    Preferences(parts=("morning",)),
    Preferences(parts=("afternoon",)),
    Preferences(earliest=date(2026, 12, 10)),
]
WAITERS = [f"WA{n:06d}" for n in range(5)]
BOOKERS = [f"BK{n:06d}" for n in range(3)]


def applicant(document: str) -> appointments.Applicant:
    return appointments.Applicant(
        "Ana", f"{document.lower()}@example.org", None, document, "en", {}
    )


class WaitingList(RuleBasedStateMachine):
    store_kind = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        if self.store_kind == "sqlite":
            self.folder = tempfile.TemporaryDirectory()
            self.store = sqlite_stores(Path(self.folder.name) / "waiting.sqlite3")
        elif self.store_kind == "memory":
            self.store = memory_stores()
        else:
            client = boto3.client("dynamodb", region_name="eu-central-1")
            table = f"waiting-{uuid.uuid4().hex[:8]}"
            create_table(client, table)
            self.store = dynamodb_stores(table, client)
        store = self.store
        store.sites.save_site(Site("waw", "Warszawa", NAMES))
        store.catalogue.save_service(Service("submit", NAMES, 60, "X"))
        hours = {3: ((time(9), time(10)), (time(14), time(15)))}
        store.catalogue.save_schedule(Schedule("waw", "submit", hours, 1, window_days=9))
        store.ballots.save_policy(Policy("waw", "submit", offer_minutes=15))
        self.mailer = RecordingMailer()
        self.now = START
        self.places: dict[str, str] = {}  # document → its latest place's id
        self.bookings: dict[str, str] = {}  # booking code → manage token

    # What the checks compare with.

    def waiter(self, document: str):
        place = self.places.get(document)
        return self.store.waiting.get_waiter(place) if place else None

    def live_waiters(self) -> list:
        found = [self.waiter(document) for document in self.places]
        return [w for w in found if w is not None and w.is_live()]

    def has_booking(self, document: str) -> bool:
        return any(
            b is not None and b.is_active(self.now) and b.document_hash == self.hash_of(document)
            for b in map(self.store.bookings.get_booking, self.bookings)
        )

    def hash_of(self, document: str) -> str:
        from chalicelib.security import keyed_hash, normalise_document

        return keyed_hash("document", normalise_document(document))

    def first_wanting(self, start: datetime, but: str | None = None):
        """The first place in list order that wants a seat at `start`, as the model sees it."""
        wanting = [w for w in self.live_waiters() if w.wants(start) and w.id != but]
        return min(wanting, key=lambda w: (w.joined_at, w.id), default=None)

    def free_seats(self) -> set[datetime]:
        first = START.date()
        days = appointments.availability(
            "waw", "submit", first, first + timedelta(20), self.store, self.now
        )
        return {slot.start for day in days for slot, _free in day.slots}

    def check_handed_to(self, start: datetime, expected) -> None:
        """A freed seat someone wanted is held by an offer to the first of them."""
        if expected is None:
            return
        event("a freed seat was handed to the next person")
        now_holder = self.store.waiting.get_waiter(expected.id)
        assert now_holder.state == WaiterState.OFFERED, "the first who wanted it was offered it"
        assert now_holder.offer.start == start
        assert start not in self.free_seats()

    # Rules.

    @rule(who=st.sampled_from(WAITERS), preferences=st.sampled_from(PREFERENCES))
    def join(self, who: str, preferences: Preferences) -> None:
        if self.has_booking(who):
            return  # a person booked already is not offered more seats of the same service
        before = self.waiter(who)
        try:
            place, position = waiting.join(
                "waw",
                "submit",
                applicant(who),
                preferences,
                "198.51.100.1",
                self.store,
                self.mailer,
                self.now,
            )
        except AlreadyWaiting:
            assert before is not None and before.is_live()
            return
        assert before is None or not before.is_live()
        assert position == len(self.live_waiters()) + 1
        self.places[who] = place.id
        self.now += timedelta(microseconds=1)  # two joins never share an instant

    @rule(who=st.sampled_from(BOOKERS), slot=st.sampled_from(SLOTS))
    def book(self, who: str, slot: datetime) -> None:
        try:
            held = appointments.hold_booking(
                "waw",
                "submit",
                slot,
                applicant(who),
                f"203.0.113.{len(self.bookings)}",
                None,
                self.store,
                self.mailer,
                self.now,
            )
        except (SlotFull, AlreadyBooked, NotBookable):
            return
        text = next(e.text for e in self.mailer.sent if f"#confirm={held.code}&" in e.text)
        token = re.search(rf"#confirm={held.code}&token=([\w-]+)", text).group(1)
        booking, manage = appointments.confirm_booking(
            held.code, token, self.store, self.mailer, self.now
        )
        self.bookings[booking.code] = manage

    @precondition(lambda self: self.bookings)
    @rule(data=st.data())
    def cancel(self, data) -> None:
        code = data.draw(st.sampled_from(list(self.bookings)))  # in booking order: codes are random
        booking = self.store.bookings.get_booking(code)
        expected = self.first_wanting(booking.start)
        try:
            waiting.cancel_booking(code, self.bookings[code], self.store, self.mailer, self.now)
        except (BookingNotFound, AppointmentStarted):
            return
        self.check_handed_to(booking.start, expected)

    @precondition(lambda self: self.places)
    @rule(who=st.sampled_from(WAITERS))
    def leave(self, who: str) -> None:
        place = self.waiter(who)
        if place is None:
            return
        start = place.offer.start if place.state == WaiterState.OFFERED else None
        expected = self.first_wanting(start, but=place.id) if start else None
        left = waiting.leave(
            place.id, waiting.waiting_token(place.id), self.store, self.mailer, self.now
        )
        assert left.state in (WaiterState.LEFT, WaiterState.BOOKED)
        if start is not None:
            self.check_handed_to(start, expected)

    @rule(who=st.sampled_from(WAITERS))
    def accept(self, who: str) -> None:
        place = self.waiter(who)
        if place is None:
            return
        try:
            booking, manage = waiting.accept(
                place.id, waiting.waiting_token(place.id), self.store, self.mailer, self.now
            )
        except OfferNotFound:
            assert place.state != WaiterState.OFFERED
            return
        except OfferLapsed:
            assert self.now >= place.offer.expires_at
            return
        assert booking.state == BookingState.CONFIRMED
        event("an offer was accepted")
        self.bookings[booking.code] = manage

    @rule(who=st.sampled_from(WAITERS))
    def decline(self, who: str) -> None:
        place = self.waiter(who)
        if place is None or place.state != WaiterState.OFFERED:
            return
        if self.now >= place.offer.expires_at:
            return
        start = place.offer.start
        expected = self.first_wanting(start, but=place.id)
        waiting.decline(
            place.id, waiting.waiting_token(place.id), self.store, self.mailer, self.now
        )
        self.check_handed_to(start, expected)

    @rule(minutes=st.integers(min_value=1, max_value=10))
    def time_passes_and_the_offer_job_runs(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

        lapsed, offered = waiting.run_offers(self.store, self.mailer, self.now)
        if lapsed:
            event("an offer lapsed")
        if offered:
            event("the job offered a free seat")

        for start in self.free_seats():
            assert self.first_wanting(start) is None, f"{start} is free while someone wants it"

    # Invariants.

    @invariant()
    def no_seat_is_held_by_two(self) -> None:
        active = self.store.bookings.bookings_between(
            "waw", "submit", SLOTS[0], SLOTS[-1] + timedelta(hours=1), self.now
        )
        starts = [b.start for b in active if b.is_active(self.now)]
        assert len(starts) == len(set(starts))

    @invariant()
    def a_place_has_at_most_one_open_offer_and_it_holds_its_seat(self) -> None:
        codes = []
        for place in self.live_waiters():
            if place.state != WaiterState.OFFERED:
                assert place.offer is None
                continue
            hold = self.store.bookings.get_booking(place.offer.code)
            assert hold.state == BookingState.HELD
            assert hold.document_hash == place.person.document_hash
            assert hold.start == place.offer.start
            assert hold.hold_expires_at > place.offer.expires_at
            codes.append(place.offer.code)
        assert len(codes) == len(set(codes))

    @invariant()
    def positions_run_from_one_without_gaps(self) -> None:
        positions = sorted(self.store.waiting.position(w) for w in self.live_waiters())
        assert positions == list(range(1, len(positions) + 1))
        assert self.store.waiting.live_count("waw", "submit") == len(positions)


SETTINGS = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "100000")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MIN", "60")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MAX", "60")


def test_the_waiting_list_on_the_in_memory_fakes_keeps_its_promises() -> None:
    machine = type("MemoryWaitingList", (WaitingList,), {"store_kind": "memory"})
    machine.TestCase.settings = settings(SETTINGS, max_examples=100)
    machine.TestCase().runTest()


def test_the_waiting_list_on_sqlite_keeps_its_promises() -> None:
    WaitingList.TestCase.settings = SETTINGS
    WaitingList.TestCase().runTest()


def test_the_waiting_list_on_dynamodb_keeps_its_promises(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    machine = type("DynamoWaitingList", (WaitingList,), {"store_kind": "dynamodb"})
    machine.TestCase.settings = settings(SETTINGS, max_examples=15)
    with mock_aws():
        machine.TestCase().runTest()
