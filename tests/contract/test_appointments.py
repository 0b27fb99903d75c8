"""The appointment contract of every store: catalogue, seats, holds, bookings."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

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
from chalicelib.errors import IdempotencyConflict

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SLOT = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
OTHER_SLOT = datetime(2026, 12, 10, 8, 30, tzinfo=UTC)
NAMES = {lang: f"Submit ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}


def booking(code: str, document: str = "doc-a", start: datetime = SLOT, **changes) -> Booking:
    made = Booking(
        code=code,
        site_id="waw",
        service_id="submit",
        start=start,
        name="Olena Kovalenko",
        email="olena@example.org",
        phone=None,
        document_hash=document,
        language="uk",
        identifiers={"mos": "MOS-1"},
        state=BookingState.HELD,
        created_at=NOW,
        hold_expires_at=NOW + timedelta(minutes=15),
        confirm_hash="confirm-hash",
    )
    return replace(made, **changes)


def taken(store, now: datetime = NOW) -> dict:
    return store.bookings.seats_taken(
        "waw", "submit", SLOT - timedelta(days=1), SLOT + timedelta(days=1), now
    )


def test_services_schedules_and_closures_read_back(store):
    service = Service("submit", NAMES, 30, "X", None, ("mos", "inpol"), "book/")
    schedule = Schedule("waw", "submit", {0: ((time(8), time(12)), (time(13), time(16)))}, 3)

    store.catalogue.save_service(service)
    store.catalogue.save_schedule(schedule)
    store.catalogue.set_closure("waw", date(2026, 12, 24), True)
    store.catalogue.set_closure("waw", date(2026, 12, 31), True)
    store.catalogue.set_closure("waw", date(2026, 12, 31), False)

    assert store.catalogue.get_service("submit") == service
    assert store.catalogue.list_services() == [service]
    assert store.catalogue.get_schedule("waw", "submit") == schedule
    assert store.catalogue.list_schedules("waw") == [schedule]
    assert store.catalogue.get_schedule("rad", "submit") is None
    assert store.catalogue.closures("waw", date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 24)
    }
    assert store.catalogue.closures("waw", date(2026, 12, 25), date(2026, 12, 31)) == set()


def test_a_hold_takes_a_seat_and_is_readable(store):
    held = store.bookings.hold(booking("WAW-AAAA-AA"), capacity=2, now=NOW)

    assert taken(store) == {SLOT: 1}
    assert store.bookings.get_booking("WAW-AAAA-AA") == held
    assert held.seat in (0, 1)


def test_a_full_slot_refuses_another_hold_and_changes_nothing(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=1, now=NOW)

    with pytest.raises(SlotFull):
        store.bookings.hold(booking("WAW-CCCC-CC", "doc-c"), capacity=1, now=NOW)

    assert taken(store) == {SLOT: 1}
    assert store.bookings.get_booking("WAW-CCCC-CC") is None


def test_a_slot_whose_capacity_shrank_stays_full_while_it_holds_that_many(store):
    held = [
        store.bookings.hold(booking(f"WAW-AAAA-A{n}", f"doc-{n}"), capacity=3, now=NOW)
        for n in range(3)
    ]
    lowest = min(held, key=lambda b: b.seat)
    store.bookings.cancel(lowest.code, NOW, NOW)

    with pytest.raises(SlotFull):
        store.bookings.hold(booking("WAW-CCCC-CC", "doc-c"), capacity=2, now=NOW)


@pytest.mark.parametrize("lowered", [1, 0])
def test_a_slot_whose_capacity_was_lowered_below_its_holds_refuses_another(store, lowered):
    for code, document in (("WAW-AAAA-AA", "doc-a"), ("WAW-BBBB-BB", "doc-b")):
        store.bookings.hold(booking(code, document), capacity=2, now=NOW)

    with pytest.raises(SlotFull):
        store.bookings.hold(booking("WAW-CCCC-CC", "doc-c"), capacity=lowered, now=NOW)

    assert taken(store) == {SLOT: 2}
    assert store.bookings.get_booking("WAW-CCCC-CC") is None


def test_a_lapsed_hold_frees_its_seat_at_its_expiry_instant(store):
    held = store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=1, now=NOW)
    expiry = held.hold_expires_at

    assert taken(store, expiry - timedelta(seconds=1)) == {SLOT: 1}
    assert taken(store, expiry) == {}
    later = booking(
        "WAW-CCCC-CC", "doc-c", created_at=expiry, hold_expires_at=expiry + timedelta(minutes=15)
    )
    store.bookings.hold(later, capacity=1, now=expiry)
    assert taken(store, expiry) == {SLOT: 1}


def test_one_person_holds_one_active_booking_per_service(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=5, now=NOW)

    with pytest.raises(AlreadyBooked):
        store.bookings.hold(booking("WAW-CCCC-CC", "doc-a", start=OTHER_SLOT), capacity=5, now=NOW)

    other_service = booking("WAW-DDDD-DD", "doc-a", service_id="fingerprints")
    store.bookings.hold(other_service, capacity=5, now=NOW)
    later = NOW + timedelta(minutes=16)
    again = booking(
        "WAW-EEEE-EE", "doc-a", start=OTHER_SLOT, hold_expires_at=later + timedelta(minutes=15)
    )
    store.bookings.hold(again, capacity=5, now=later)


def test_a_code_in_use_is_refused(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=5, now=NOW)

    with pytest.raises(CodeTaken):
        store.bookings.hold(booking("WAW-AAAA-AA", "doc-c", start=OTHER_SLOT), capacity=5, now=NOW)

    assert store.bookings.get_booking("WAW-AAAA-AA").document_hash == "doc-a"


def test_a_repeated_idempotency_key_returns_the_first_hold_and_takes_no_seat(store):
    first = store.bookings.hold(
        booking("WAW-AAAA-AA"), capacity=5, now=NOW, idempotency=("k1", "f1")
    )

    again = store.bookings.hold(
        booking("WAW-CCCC-CC"), capacity=5, now=NOW, idempotency=("k1", "f1")
    )

    assert again == first
    assert taken(store) == {SLOT: 1}
    with pytest.raises(IdempotencyConflict):
        store.bookings.hold(
            booking("WAW-DDDD-DD", "doc-d"), capacity=5, now=NOW, idempotency=("k1", "f2")
        )


def test_a_confirmed_booking_keeps_its_seat_after_the_hold_time(store):
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)

    confirmed = store.bookings.confirm("WAW-AAAA-AA", "manage-hash", NOW + timedelta(minutes=5))

    assert confirmed.state == BookingState.CONFIRMED
    assert confirmed.manage_hash == "manage-hash"
    assert store.bookings.get_booking("WAW-AAAA-AA") == confirmed
    assert taken(store, NOW + timedelta(hours=2)) == {SLOT: 1}
    with pytest.raises(AlreadyBooked):
        store.bookings.hold(
            booking("WAW-CCCC-CC", start=OTHER_SLOT), capacity=1, now=NOW + timedelta(hours=2)
        )


def test_a_lapsed_or_confirmed_hold_cannot_be_confirmed(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=2, now=NOW)
    store.bookings.hold(booking("WAW-CCCC-CC", "doc-c"), capacity=2, now=NOW)
    store.bookings.confirm("WAW-CCCC-CC", "m", NOW)

    with pytest.raises(HoldExpired):
        store.bookings.confirm("WAW-AAAA-AA", "m", NOW + timedelta(minutes=15))
    with pytest.raises(HoldExpired):
        store.bookings.confirm("WAW-CCCC-CC", "m2", NOW)
    with pytest.raises(BookingNotFound):
        store.bookings.confirm("WAW-XXXX-XX", "m", NOW)
    assert store.bookings.get_booking("WAW-AAAA-AA").state == BookingState.HELD
    assert store.bookings.get_booking("WAW-CCCC-CC").manage_hash == "m"


def test_a_cancelled_seat_returns_at_the_release_instant_and_the_person_is_free_at_once(store):
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)
    store.bookings.confirm("WAW-AAAA-AA", "m", NOW)
    release = NOW + timedelta(minutes=3)

    cancelled = store.bookings.cancel("WAW-AAAA-AA", release, NOW)

    assert cancelled.state == BookingState.CANCELLED
    assert store.bookings.get_booking("WAW-AAAA-AA").state == BookingState.CANCELLED
    assert taken(store, release - timedelta(seconds=1)) == {SLOT: 1}
    assert taken(store, release) == {}
    store.bookings.hold(booking("WAW-CCCC-CC", start=OTHER_SLOT), capacity=1, now=NOW)
    with pytest.raises(BookingNotFound):
        store.bookings.cancel("WAW-AAAA-AA", release, NOW)


def test_rescheduling_takes_the_new_seat_and_releases_the_old(store):
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)
    store.bookings.confirm("WAW-AAAA-AA", "m", NOW)
    release = NOW + timedelta(minutes=2)

    moved = store.bookings.reschedule("WAW-AAAA-AA", OTHER_SLOT, 1, release, NOW)

    assert moved.start == OTHER_SLOT
    assert moved.state == BookingState.CONFIRMED
    assert store.bookings.get_booking("WAW-AAAA-AA").start == OTHER_SLOT
    assert taken(store, NOW) == {SLOT: 1, OTHER_SLOT: 1}
    assert taken(store, release) == {OTHER_SLOT: 1}


def test_every_reschedule_and_the_cancellation_raise_the_stored_sequence(stores):
    store = stores.open()
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)
    confirmed = store.bookings.confirm("WAW-AAAA-AA", "m", NOW)

    moved = store.bookings.reschedule("WAW-AAAA-AA", OTHER_SLOT, 1, NOW, NOW)
    back = store.bookings.reschedule("WAW-AAAA-AA", SLOT, 1, NOW, NOW)
    cancelled = store.bookings.cancel("WAW-AAAA-AA", NOW, NOW)

    assert (confirmed.sequence, moved.sequence, back.sequence, cancelled.sequence) == (0, 1, 2, 3)
    assert stores.open().bookings.get_booking("WAW-AAAA-AA").sequence == 3


def test_rescheduling_into_a_full_slot_leaves_the_booking_as_it_was(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=1, now=NOW)
    original = store.bookings.confirm("WAW-AAAA-AA", "m", NOW)
    store.bookings.hold(booking("WAW-CCCC-CC", "doc-c", start=OTHER_SLOT), capacity=1, now=NOW)

    with pytest.raises(SlotFull):
        store.bookings.reschedule("WAW-AAAA-AA", OTHER_SLOT, 1, NOW, NOW)

    assert store.bookings.get_booking("WAW-AAAA-AA") == original
    assert taken(store, NOW) == {SLOT: 1, OTHER_SLOT: 1}


def test_seats_are_counted_only_inside_the_asked_range(store):
    for number, day in enumerate((1, 10, 20)):
        start = datetime(2026, 12, day, 8, 0, tzinfo=UTC)
        store.bookings.hold(booking(f"WAW-AAAA-A{number}", f"doc-{number}", start=start), 1, NOW)

    counted = store.bookings.seats_taken(
        "waw",
        "submit",
        datetime(2026, 12, 10, tzinfo=UTC),
        datetime(2026, 12, 20, 8, tzinfo=UTC),
        NOW,
    )

    assert counted == {datetime(2026, 12, 10, 8, 0, tzinfo=UTC): 1}


def test_active_bookings_of_a_period_are_listed(store):
    store.bookings.hold(booking("WAW-AAAA-AA", "doc-a"), capacity=3, now=NOW)
    store.bookings.hold(booking("WAW-CCCC-CC", "doc-c"), capacity=3, now=NOW)
    store.bookings.hold(booking("WAW-DDDD-DD", "doc-d", start=OTHER_SLOT), capacity=3, now=NOW)
    store.bookings.confirm("WAW-AAAA-AA", "m", NOW)
    store.bookings.cancel("WAW-CCCC-CC", NOW, NOW)

    listed = store.bookings.bookings_between(
        "waw", "submit", SLOT, OTHER_SLOT + timedelta(minutes=1), NOW
    )

    assert sorted(b.code for b in listed) == ["WAW-AAAA-AA", "WAW-DDDD-DD"]


def test_a_reminder_is_recorded_once(store):
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)

    assert store.bookings.mark_reminded("WAW-AAAA-AA") is True
    assert store.bookings.mark_reminded("WAW-AAAA-AA") is False
    assert store.bookings.get_booking("WAW-AAAA-AA").reminded is True


def test_rate_tokens_run_out_at_the_limit_per_window(store):
    expires = NOW + timedelta(hours=1)

    results = [store.upkeep.take_rate_token("client", "w1", 3, expires) for _ in range(5)]

    assert results == [True, True, True, False, False]
    assert store.upkeep.take_rate_token("client", "w2", 3, expires) is True
    assert store.upkeep.take_rate_token("other", "w1", 3, expires) is True
