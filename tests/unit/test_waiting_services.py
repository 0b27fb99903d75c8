"""The waiting list's use cases, on the in-memory fakes: the clock is pinned by passing `now`."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib.appointments import services as appointments
from chalicelib.appointments.model import BookingState, Schedule, Service
from chalicelib.errors import RateLimited
from chalicelib.release import waiting
from chalicelib.release.model import (
    OFFER_GRACE,
    AlreadyWaiting,
    OfferLapsed,
    OfferNotFound,
    Policy,
    Preferences,
    WaiterNotFound,
    WaiterState,
)
from chalicelib.sites.model import Site, SiteNotFound
from tests.fakes import RecordingMailer, memory_stores

NAMES = {lang: f"Submit ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
SLOT = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # Thursday 09:00 in Warsaw
AFTERNOON_SLOT = datetime(2026, 12, 10, 13, 0, tzinfo=UTC)  # Thursday 14:00 in Warsaw
# Thursdays 09:00 and 14:00; nine days ahead open, so Dec 3 and Dec 10 can be booked on Dec 1.
HOURS = {3: ((time(9), time(10)), (time(14), time(15)))}
DEC_3 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
# Only SLOT fits these: the free seats the offer job gives never get in a test's way.
ONLY_SLOT = Preferences(weekdays=(3,), parts=("morning",), earliest=date(2026, 12, 10))
CLIENT = "198.51.100.7"


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MIN", "60")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MAX", "60")


@pytest.fixture
def store():
    made = memory_stores()
    made.sites.save_site(Site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5"))
    made.catalogue.save_service(Service("submit", NAMES, 60, "X"))
    made.catalogue.save_schedule(Schedule("waw", "submit", HOURS, 1, window_days=9))
    made.ballots.save_policy(Policy("waw", "submit", offer_minutes=60))
    return made


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


def person(document: str, language: str = "en", **identifiers: str) -> appointments.Applicant:
    return appointments.Applicant(
        "Olena Kovalenko", f"{document.lower()}@example.org", None, document, language, identifiers
    )


def join(store, mailer, document="AB123456", preferences=ONLY_SLOT, now=NOW, language="en"):
    return waiting.join(
        "waw", "submit", person(document, language), preferences, CLIENT, store, mailer, now
    )


def token_of(mailer: RecordingMailer, waiter_id: str) -> str:
    text = next(e.text for e in mailer.sent if f"#waiting={waiter_id}&" in e.text)
    return re.search(rf"#waiting={waiter_id}&token=([\w-]+)", text).group(1)


def booked(store, mailer, document="ZZ000001", start=SLOT):
    """A confirmed booking and its manage token, as a person gets them by e-mail."""
    held = appointments.hold_booking(
        "waw", "submit", start, person(document), "203.0.113.9", None, store, mailer, NOW
    )
    text = next(e.text for e in mailer.sent if f"#confirm={held.code}&" in e.text)
    token = re.search(rf"#confirm={held.code}&token=([\w-]+)", text).group(1)
    return appointments.confirm_booking(held.code, token, store, mailer, NOW)


def free_seats_at(store, start, now) -> int:
    day = start.date()
    for found in appointments.availability("waw", "submit", day, day, store, now):
        for slot, free in found.slots:
            if slot.start == start:
                return free
    return 0


def offered_after_cancel(store, mailer, preferences=ONLY_SLOT, document="AB123456"):
    """A person on the list and a booking cancelled: the person holds an offer of its seat."""
    waiter, _ = join(store, mailer, document, preferences)
    booking, manage = booked(store, mailer)
    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)
    return store.waiting.get_waiter(waiter.id), token_of(mailer, waiter.id)


def test_joining_puts_the_person_last_on_the_list_and_emails_the_link_to_their_place(store, mailer):
    join(store, mailer, "AA000001")

    waiter, position = join(store, mailer, "AA000002", now=NOW + timedelta(minutes=1))

    assert position == 2
    assert waiter.state == WaiterState.WAITING
    email = mailer.sent[-1]
    assert email.to == "aa000002@example.org"
    assert "Your place on the list: 2" in email.text
    assert f"http://blizej.test/book/#waiting={waiter.id}&token=" in email.text


def test_joining_in_ukrainian_writes_in_ukrainian(store, mailer):
    waiter, _ = join(store, mailer, language="uk")

    assert "Ви в списку очікування" in mailer.sent[-1].subject
    assert f"http://blizej.test/uk/book/#waiting={waiter.id}&token=" in mailer.sent[-1].text


def test_a_document_on_the_list_cannot_join_it_twice_and_nothing_changes(store, mailer):
    join(store, mailer)

    with pytest.raises(AlreadyWaiting):
        join(store, mailer, "ab 123456")

    assert store.waiting.live_count("waw", "submit") == 1
    assert len(mailer.sent) == 1


def test_joining_an_unknown_office_is_refused_and_stores_nothing(store, mailer):
    with pytest.raises(SiteNotFound):
        waiting.join("xyz", "submit", person("AB123456"), Preferences(), CLIENT, store, mailer, NOW)

    assert store.waiting.live_count("xyz", "submit") == 0
    assert mailer.sent == []


def test_joining_without_the_identifiers_the_service_needs_is_refused(store, mailer):
    store.catalogue.save_service(Service("submit", NAMES, 60, "X", identifiers=("mos",)))

    with pytest.raises(appointments.IdentifiersMissing):
        join(store, mailer)

    assert store.waiting.live_count("waw", "submit") == 0


def test_joining_is_rate_limited_per_client_as_holds_are(store, mailer, monkeypatch):
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "1")
    join(store, mailer, "AA000001")

    with pytest.raises(RateLimited):
        join(store, mailer, "AA000002")

    assert store.waiting.live_count("waw", "submit") == 1


def test_the_place_is_shown_only_with_its_token(store, mailer):
    waiter, _ = join(store, mailer)

    with pytest.raises(WaiterNotFound):
        waiting.view(waiter.id, "not-the-token-at-all-000", store)

    seen, position = waiting.view(waiter.id, token_of(mailer, waiter.id), store)
    assert (seen.id, position) == (waiter.id, 1)


def test_a_cancelled_seat_is_held_for_the_first_person_waiting_and_they_are_emailed(store, mailer):
    waiter, _ = join(store, mailer)
    booking, manage = booked(store, mailer)

    cancelled = waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    offered = store.waiting.get_waiter(waiter.id)
    assert cancelled.state == BookingState.CANCELLED
    assert offered.state == WaiterState.OFFERED
    assert offered.offer.start == SLOT
    assert offered.offer.expires_at == NOW + timedelta(minutes=60)
    hold = store.bookings.get_booking(offered.offer.code)
    assert hold.state == BookingState.HELD
    assert hold.hold_expires_at == NOW + timedelta(minutes=60) + OFFER_GRACE
    assert free_seats_at(store, SLOT, NOW + timedelta(minutes=5)) == 0
    [offer_email] = [e for e in mailer.sent if e.subject.startswith("A seat is held for you")]
    assert offer_email.to == "ab123456@example.org"
    assert f"#waiting={waiter.id}&token={token_of(mailer, waiter.id)}" in offer_email.text
    assert "Thursday, 10.12.2026, 09:00 (Polish time)" in offer_email.text


def test_a_cancelled_seat_nobody_wants_goes_back_after_the_usual_delay(store, mailer):
    join(store, mailer, preferences=Preferences(parts=("afternoon",)))
    booking, manage = booked(store, mailer)

    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    assert free_seats_at(store, SLOT, NOW + timedelta(seconds=30)) == 0
    assert free_seats_at(store, SLOT, NOW + timedelta(seconds=61)) == 1


def test_an_offer_respects_the_persons_preferences_and_skips_to_one_it_fits(store, mailer):
    afternoons, _ = join(store, mailer, "AA000001", Preferences(parts=("afternoon",)))
    later, _ = join(store, mailer, "AA000002", Preferences(weekdays=(3,)), NOW + timedelta(1))
    booking, manage = booked(store, mailer)

    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    assert store.waiting.get_waiter(afternoons.id).state == WaiterState.WAITING
    assert store.waiting.get_waiter(later.id).state == WaiterState.OFFERED


def test_an_offer_never_goes_to_someone_who_cannot_come_before_a_later_day(store, mailer):
    waiter, _ = join(store, mailer, preferences=Preferences(earliest=date(2026, 12, 11)))
    booking, manage = booked(store, mailer)

    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    assert store.waiting.get_waiter(waiter.id).state == WaiterState.WAITING


def test_accepting_the_offer_books_the_seat_and_sends_the_confirmed_email(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)

    booking, manage_token = waiting.accept(waiter.id, token, store, mailer, NOW)

    assert booking.state == BookingState.CONFIRMED
    assert booking.start == SLOT
    assert store.waiting.get_waiter(waiter.id).state == WaiterState.BOOKED
    assert store.waiting.live_count("waw", "submit") == 0
    email = mailer.sent[-1]
    assert email.subject == f"Your appointment is booked: {booking.code}"
    assert f"#manage={booking.code}&token={manage_token}" in email.text
    assert appointments.managed_booking(booking.code, manage_token, store, NOW) == booking


def test_accepting_twice_answers_the_same_booking_and_sends_no_second_email(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)
    first = waiting.accept(waiter.id, token, store, mailer, NOW)
    sent = len(mailer.sent)

    again = waiting.accept(waiter.id, token, store, mailer, NOW + timedelta(minutes=1))

    assert again == first
    assert len(mailer.sent) == sent


def test_accepting_after_the_answer_time_is_refused_and_nothing_changes(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)
    late = waiter.offer.expires_at

    with pytest.raises(OfferLapsed):
        waiting.accept(waiter.id, token, store, mailer, late)

    assert store.waiting.get_waiter(waiter.id) == waiter
    assert store.bookings.get_booking(waiter.offer.code).state == BookingState.HELD


def test_accepting_without_an_offer_is_refused(store, mailer):
    waiter, _ = join(store, mailer)

    with pytest.raises(OfferNotFound):
        waiting.accept(waiter.id, token_of(mailer, waiter.id), store, mailer, NOW)

    assert store.waiting.get_waiter(waiter.id).state == WaiterState.WAITING


def test_declining_passes_the_seat_to_the_next_person_and_keeps_the_decliners_place(store, mailer):
    first, _ = join(store, mailer, "AA000001")
    second, _ = join(store, mailer, "AA000002", now=NOW + timedelta(minutes=1))
    booking, manage = booked(store, mailer)
    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    kept = waiting.decline(first.id, token_of(mailer, first.id), store, mailer, NOW)

    assert kept.state == WaiterState.WAITING
    assert kept.declined == (SLOT,)
    assert store.waiting.position(kept) == 1
    next_one = store.waiting.get_waiter(second.id)
    assert next_one.state == WaiterState.OFFERED
    assert next_one.offer.start == SLOT
    assert free_seats_at(store, SLOT, NOW + timedelta(minutes=5)) == 0


def test_a_declined_time_is_never_offered_to_that_person_again(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)
    waiting.decline(waiter.id, token, store, mailer, NOW)

    waiting.run_offers(store, mailer, NOW + timedelta(minutes=2))

    assert store.waiting.get_waiter(waiter.id).state == WaiterState.WAITING


def test_declining_without_an_offer_is_refused_and_nothing_changes(store, mailer):
    waiter, _ = join(store, mailer)

    with pytest.raises(OfferNotFound):
        waiting.decline(waiter.id, token_of(mailer, waiter.id), store, mailer, NOW)

    assert store.waiting.get_waiter(waiter.id) == waiter


def test_leaving_with_an_open_offer_passes_its_seat_on_at_once(store, mailer):
    first, _ = join(store, mailer, "AA000001")
    second, _ = join(store, mailer, "AA000002", now=NOW + timedelta(minutes=1))
    booking, manage = booked(store, mailer)
    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)

    left = waiting.leave(first.id, token_of(mailer, first.id), store, mailer, NOW)

    assert left.state == WaiterState.LEFT
    assert store.waiting.get_waiter(second.id).state == WaiterState.OFFERED
    assert store.waiting.live_count("waw", "submit") == 1


def test_leaving_frees_the_document_to_join_again(store, mailer):
    waiter, _ = join(store, mailer)
    waiting.leave(waiter.id, token_of(mailer, waiter.id), store, mailer, NOW)

    again, position = join(store, mailer)

    assert again.id != waiter.id
    assert position == 1


def test_an_unanswered_offer_lapses_and_its_seat_passes_to_the_next_person(store, mailer):
    first, _ = join(store, mailer, "AA000001")
    second, _ = join(store, mailer, "AA000002", now=NOW + timedelta(minutes=1))
    booking, manage = booked(store, mailer)
    waiting.cancel_booking(booking.code, manage, store, mailer, NOW)
    after = NOW + timedelta(minutes=61)

    lapsed, _ = waiting.run_offers(store, mailer, after)

    assert lapsed == 1
    back = store.waiting.get_waiter(first.id)
    assert (back.state, back.lapsed, back.offer) == (WaiterState.WAITING, 1, None)
    assert store.waiting.get_waiter(second.id).offer.start == SLOT
    assert free_seats_at(store, SLOT, after) == 0


def test_a_second_unanswered_offer_takes_the_person_off_the_list_with_an_email(store, mailer):
    waiter, _ = offered_after_cancel(store, mailer, Preferences(earliest=date(2026, 12, 10)))
    waiting.run_offers(store, mailer, NOW + timedelta(minutes=61))
    again = store.waiting.get_waiter(waiter.id)
    assert (again.state, again.offer.start) == (WaiterState.OFFERED, AFTERNOON_SLOT)

    waiting.run_offers(store, mailer, NOW + timedelta(minutes=123))

    gone = store.waiting.get_waiter(waiter.id)
    assert (gone.state, gone.lapsed) == (WaiterState.LEFT, 2)
    assert "no longer on the waiting list" in mailer.sent[-1].subject
    assert store.waiting.live_count("waw", "submit") == 0


def test_the_offer_job_offers_free_seats_in_order_of_time_to_people_who_want_them(store, mailer):
    anyone = Preferences()
    first, _ = join(store, mailer, "AA000001", anyone)
    second, _ = join(store, mailer, "AA000002", anyone, NOW + timedelta(minutes=1))
    third, _ = join(store, mailer, "AA000003", anyone, NOW + timedelta(minutes=2))

    _, offered = waiting.run_offers(store, mailer, NOW)

    starts = [store.waiting.get_waiter(w.id).offer.start for w in (first, second, third)]
    assert offered == 3
    assert starts == [DEC_3, DEC_3 + timedelta(hours=5), SLOT]
    assert free_seats_at(store, DEC_3, NOW) == 0


def test_the_offer_job_offers_nothing_when_nobody_waits(store, mailer):
    lapsed, offered = waiting.run_offers(store, mailer, NOW)

    assert (lapsed, offered) == (0, 0)
    assert mailer.sent == []


def test_a_place_left_records_when_it_ended(store, mailer):
    waiter, _ = join(store, mailer)
    later = NOW + timedelta(hours=3)

    waiting.leave(waiter.id, token_of(mailer, waiter.id), store, mailer, later)

    stored = store.waiting.get_waiter(waiter.id)
    assert (stored.state, stored.ended_at) == (WaiterState.LEFT, later)
    assert stored.kept_until == later + timedelta(days=30)


def test_a_place_booked_by_accepting_its_offer_records_when_it_ended(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)
    later = NOW + timedelta(minutes=20)

    waiting.accept(waiter.id, token, store, mailer, later)

    stored = store.waiting.get_waiter(waiter.id)
    assert (stored.state, stored.ended_at) == (WaiterState.BOOKED, later)


def test_a_place_given_up_after_two_unanswered_offers_records_when_it_ended(store, mailer):
    waiter, _ = offered_after_cancel(store, mailer, Preferences(earliest=date(2026, 12, 10)))
    waiting.run_offers(store, mailer, NOW + timedelta(minutes=61))
    assert store.waiting.get_waiter(waiter.id).ended_at is None  # back on the list: still live
    ended = NOW + timedelta(minutes=123)

    waiting.run_offers(store, mailer, ended)

    stored = store.waiting.get_waiter(waiter.id)
    assert (stored.state, stored.ended_at) == (WaiterState.LEFT, ended)


def test_a_place_whose_offer_is_declined_has_not_ended(store, mailer):
    waiter, token = offered_after_cancel(store, mailer)

    waiting.decline(waiter.id, token, store, mailer, NOW + timedelta(minutes=5))

    stored = store.waiting.get_waiter(waiter.id)
    assert (stored.state, stored.ended_at) == (WaiterState.WAITING, None)


def test_a_rescheduled_bookings_old_seat_is_held_for_the_first_person_waiting(store, mailer):
    waiter, _ = join(store, mailer)
    booking, manage = booked(store, mailer)

    moved = waiting.reschedule_booking(booking.code, manage, AFTERNOON_SLOT, store, mailer, NOW)

    assert moved.start == AFTERNOON_SLOT and moved.state == BookingState.CONFIRMED
    offered = store.waiting.get_waiter(waiter.id)
    assert (offered.state, offered.offer.start) == (WaiterState.OFFERED, SLOT)
    hold = store.bookings.get_booking(offered.offer.code)
    assert (hold.state, hold.start) == (BookingState.HELD, SLOT)
    assert free_seats_at(store, SLOT, NOW + timedelta(minutes=30)) == 0
    assert any(f"#waiting={waiter.id}&" in e.text for e in mailer.sent[-2:])


def test_a_rescheduled_bookings_old_seat_nobody_wants_goes_back_after_the_usual_delay(
    store, mailer
):
    join(store, mailer, preferences=Preferences(parts=("afternoon",)))
    booking, manage = booked(store, mailer)

    moved = waiting.reschedule_booking(booking.code, manage, AFTERNOON_SLOT, store, mailer, NOW)

    assert moved.start == AFTERNOON_SLOT
    assert free_seats_at(store, SLOT, NOW + timedelta(seconds=30)) == 0
    assert free_seats_at(store, SLOT, NOW + timedelta(seconds=61)) == 1
