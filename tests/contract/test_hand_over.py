"""Handing a booking's seat to the next person on the waiting list, on every store."""

from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.appointments.model import (
    AlreadyBooked,
    BookingNotFound,
    BookingState,
    CodeTaken,
    SlotFull,
)
from chalicelib.release.model import OFFER_GRACE
from tests.contract.test_appointments import NOW, OTHER_SLOT, SLOT, booking, taken

LATER = NOW + timedelta(hours=1)
OFFER_ENDS = LATER + timedelta(minutes=120)


def successor(code: str = "WAW-BBBB-BB", document: str = "doc-b", **changes):
    made = {"created_at": LATER, "hold_expires_at": OFFER_ENDS + OFFER_GRACE, **changes}
    return booking(code, document, **made)


def confirmed(store, code: str = "WAW-AAAA-AA", document: str = "doc-a"):
    store.bookings.hold(booking(code, document), capacity=1, now=NOW)
    return store.bookings.confirm(code, "manage-hash", NOW)


def person_can_hold(store, document: str, now, start=OTHER_SLOT) -> bool:
    try:
        store.bookings.hold(
            booking(
                f"WAW-{document[-1].upper()}ZZZ-ZZ",
                document,
                start=start,
                created_at=now,
                hold_expires_at=now + timedelta(minutes=15),
            ),
            capacity=5,
            now=now,
        )
    except AlreadyBooked:
        return False
    return True


def test_handing_over_a_confirmed_booking_keeps_the_seat_taken_and_moves_it_to_the_successor(
    stores,
):
    store = stores.open()
    confirmed(store)
    before = taken(store, LATER)

    held = store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)

    assert taken(store, LATER) == before == {SLOT: 1}
    assert held.state == BookingState.HELD and held.code == "WAW-BBBB-BB"
    reopened = stores.open()
    assert reopened.bookings.get_booking("WAW-BBBB-BB") == held
    assert reopened.bookings.get_booking("WAW-AAAA-AA").state == BookingState.CANCELLED
    assert [
        b.code
        for b in reopened.bookings.bookings_between(
            "waw", "submit", SLOT, SLOT + timedelta(minutes=1), LATER
        )
    ] == ["WAW-BBBB-BB"]


def test_handing_over_frees_the_old_persons_lock_and_takes_the_successors(store):
    confirmed(store)

    store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)

    assert person_can_hold(store, "doc-a", LATER)
    assert not person_can_hold(store, "doc-b", LATER)


def test_the_successors_seat_stays_taken_until_its_hold_expires_and_is_free_after(store):
    confirmed(store)

    store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)

    assert taken(store, OFFER_ENDS + OFFER_GRACE - timedelta(seconds=1)) == {SLOT: 1}
    assert taken(store, OFFER_ENDS + OFFER_GRACE + timedelta(seconds=1)) == {}


def test_an_offers_hold_is_handed_on_inside_its_grace_after_the_answer_time(store):
    confirmed(store)
    store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)
    inside_grace = OFFER_ENDS + timedelta(minutes=5)
    third = booking(
        "WAW-CCCC-CC",
        "doc-c",
        created_at=inside_grace,
        hold_expires_at=inside_grace + timedelta(minutes=135),
    )

    held = store.bookings.hand_over("WAW-BBBB-BB", third, inside_grace)

    assert held.code == "WAW-CCCC-CC"
    assert taken(store, inside_grace) == {SLOT: 1}
    assert store.bookings.get_booking("WAW-BBBB-BB").state == BookingState.CANCELLED
    assert person_can_hold(store, "doc-b", inside_grace)


def test_handing_over_a_seat_whose_hold_expired_is_refused_and_changes_nothing(store):
    store.bookings.hold(booking("WAW-AAAA-AA"), capacity=1, now=NOW)  # expires NOW + 15 min
    late = NOW + timedelta(minutes=16)

    with pytest.raises(BookingNotFound):
        store.bookings.hand_over("WAW-AAAA-AA", successor(created_at=late), late)

    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert store.bookings.get_booking("WAW-AAAA-AA").state == BookingState.HELD
    assert person_can_hold(store, "doc-b", late)


def test_handing_over_a_cancelled_booking_is_refused_and_changes_nothing(store):
    confirmed(store)
    store.bookings.cancel("WAW-AAAA-AA", LATER + timedelta(minutes=5), LATER)

    with pytest.raises(BookingNotFound):
        store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)

    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert taken(store, LATER + timedelta(minutes=10)) == {}


def test_handing_over_an_unknown_code_is_refused(store):
    with pytest.raises(BookingNotFound):
        store.bookings.hand_over("WAW-NONE-NE", successor(), LATER)

    assert store.bookings.get_booking("WAW-BBBB-BB") is None


def test_handing_over_to_another_slot_is_refused_and_changes_nothing(store):
    confirmed(store)

    with pytest.raises(BookingNotFound):
        store.bookings.hand_over("WAW-AAAA-AA", successor(start=OTHER_SLOT), LATER)

    assert store.bookings.get_booking("WAW-AAAA-AA").state == BookingState.CONFIRMED
    assert store.bookings.get_booking("WAW-BBBB-BB") is None


def test_handing_over_to_a_person_with_a_live_booking_is_refused_and_changes_nothing(store):
    confirmed(store)
    store.bookings.hold(
        booking(
            "WAW-DDDD-DD", "doc-b", start=OTHER_SLOT, hold_expires_at=LATER + timedelta(hours=1)
        ),
        capacity=1,
        now=NOW,
    )

    with pytest.raises(AlreadyBooked):
        store.bookings.hand_over("WAW-AAAA-AA", successor(), LATER)

    assert store.bookings.get_booking("WAW-AAAA-AA").state == BookingState.CONFIRMED
    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert taken(store, LATER) == {SLOT: 1, OTHER_SLOT: 1}
    assert not person_can_hold(store, "doc-a", LATER)


def test_the_successor_is_stored_as_a_hold_with_the_seat_of_the_old_booking(store):
    old = confirmed(store)

    held = store.bookings.hand_over(
        "WAW-AAAA-AA", replace(successor(), state=BookingState.HELD), LATER
    )

    assert held.seat == old.seat
    assert store.bookings.get_booking("WAW-BBBB-BB").seat == old.seat


# Rescheduling with a successor: the booking moves and its old seat goes to the next person
# in one write.

RELEASE_AT = LATER + timedelta(hours=1)  # when a plain reschedule lets the old seat go


def test_a_move_with_a_successor_holds_the_old_seat_for_them_and_moves_the_booking(stores):
    store = stores.open()
    confirmed(store)

    moved = store.bookings.reschedule(
        "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor()
    )

    assert moved.start == OTHER_SLOT and moved.state == BookingState.CONFIRMED
    reopened = stores.open()
    assert taken(reopened, LATER) == {SLOT: 1, OTHER_SLOT: 1}
    assert taken(reopened, RELEASE_AT + timedelta(minutes=1)) == {SLOT: 1, OTHER_SLOT: 1}
    held = reopened.bookings.get_booking("WAW-BBBB-BB")
    assert (held.state, held.start) == (BookingState.HELD, SLOT)
    assert reopened.bookings.get_booking("WAW-AAAA-AA") == moved
    assert [
        b.code
        for b in reopened.bookings.bookings_between(
            "waw", "submit", SLOT, SLOT + timedelta(minutes=1), LATER
        )
    ] == ["WAW-BBBB-BB"]


def test_a_move_with_a_successor_takes_their_lock_and_keeps_the_movers(store):
    confirmed(store)

    store.bookings.reschedule(
        "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor()
    )

    later_slot = OTHER_SLOT + timedelta(minutes=30)
    assert not person_can_hold(store, "doc-a", LATER, later_slot)
    assert not person_can_hold(store, "doc-b", LATER, later_slot)


def test_the_successors_old_seat_is_free_once_their_hold_expires(store):
    confirmed(store)

    store.bookings.reschedule(
        "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor()
    )

    assert taken(store, OFFER_ENDS + OFFER_GRACE) == {OTHER_SLOT: 1}


def test_a_move_with_a_successor_who_holds_a_booking_is_refused_and_changes_nothing(store):
    confirmed(store)
    later_slot = OTHER_SLOT + timedelta(minutes=30)
    store.bookings.hold(
        booking(
            "WAW-DDDD-DD", "doc-b", start=later_slot, hold_expires_at=LATER + timedelta(hours=1)
        ),
        capacity=1,
        now=NOW,
    )

    with pytest.raises(AlreadyBooked):
        store.bookings.reschedule(
            "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor()
        )

    assert store.bookings.get_booking("WAW-AAAA-AA").start == SLOT
    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert taken(store, LATER) == {SLOT: 1, later_slot: 1}


def test_a_move_whose_successor_is_the_mover_is_refused_and_changes_nothing(store):
    confirmed(store)

    with pytest.raises(AlreadyBooked):
        store.bookings.reschedule(
            "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor(document="doc-a")
        )

    assert store.bookings.get_booking("WAW-AAAA-AA").start == SLOT
    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert taken(store, LATER) == {SLOT: 1}


def test_a_move_to_a_full_slot_with_a_successor_is_refused_and_changes_nothing(store):
    confirmed(store)
    store.bookings.hold(
        booking(
            "WAW-DDDD-DD", "doc-d", start=OTHER_SLOT, hold_expires_at=LATER + timedelta(hours=1)
        ),
        capacity=1,
        now=NOW,
    )

    with pytest.raises(SlotFull):
        store.bookings.reschedule(
            "WAW-AAAA-AA", OTHER_SLOT, 1, RELEASE_AT, LATER, successor=successor()
        )

    assert store.bookings.get_booking("WAW-AAAA-AA").start == SLOT
    assert store.bookings.get_booking("WAW-BBBB-BB") is None
    assert person_can_hold(store, "doc-b", LATER, OTHER_SLOT + timedelta(minutes=30))


def test_a_move_with_a_successor_whose_code_is_taken_is_refused_and_changes_nothing(store):
    confirmed(store)
    store.bookings.hold(booking("WAW-BBBB-BB", "doc-c", start=OTHER_SLOT), capacity=1, now=NOW)

    with pytest.raises(CodeTaken):
        store.bookings.reschedule(
            "WAW-AAAA-AA",
            OTHER_SLOT + timedelta(minutes=30),
            1,
            RELEASE_AT,
            LATER,
            successor=successor(),
        )

    assert store.bookings.get_booking("WAW-AAAA-AA").start == SLOT
    assert store.bookings.get_booking("WAW-BBBB-BB").document_hash == "doc-c"
