"""The calendar's use cases, on the in-memory fakes: the clock is pinned by passing `now`."""

import dataclasses
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib import i18n
from chalicelib.appointments import services
from chalicelib.appointments.model import (
    AlreadyBooked,
    AppointmentStarted,
    BookingNotFound,
    BookingState,
    ConfirmedEarlier,
    HoldExpired,
    NotBookable,
    RangeTooLong,
    Schedule,
    Service,
    ServiceNotFound,
    SlotFull,
    TooLateToChange,
)
from chalicelib.appointments.model import CodeTaken as CodeTakenError
from chalicelib.errors import IdempotencyConflict, RateLimited
from chalicelib.mail.port import MailFailed
from chalicelib.sites.model import Site, SiteNotFound
from tests.fakes import RecordingMailer, memory_stores

NAMES = {lang: f"Submit ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
SLOT = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # Thursday 09:00 in Warsaw
LATER_SLOT = SLOT + timedelta(minutes=30)
WEEKDAYS = {day: ((time(8), time(12)),) for day in range(5)}
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
    made.catalogue.save_service(Service("submit", NAMES, 30, "X"))
    made.catalogue.save_schedule(Schedule("waw", "submit", WEEKDAYS, 1))
    return made


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


def applicant(document: str = "AB123456", **identifiers: str) -> services.Applicant:
    return services.Applicant(
        "Olena Kovalenko", "olena@example.org", None, document, "en", identifiers
    )


def hold(store, mailer, document="AB123456", start=SLOT, now=NOW, key=None, client=CLIENT):
    person = applicant(document)
    return services.hold_booking("waw", "submit", start, person, client, key, store, mailer, now)


def confirm_token(mailer: RecordingMailer, code: str) -> str:
    [text] = [e.text for e in mailer.sent if f"#confirm={code}&" in e.text]
    return re.search(rf"#confirm={code}&token=([\w-]+)", text).group(1)


def booked(store, mailer, document="AB123456", start=SLOT):
    """A confirmed booking and its manage token, as a person gets them by email."""
    held = hold(store, mailer, document, start)
    return services.confirm_booking(held.code, confirm_token(mailer, held.code), store, mailer, NOW)


def kinds(mailer: RecordingMailer) -> list[str]:
    prefixes = {
        key.removesuffix(".subject"): i18n.API.english[f"email:{key}"].msgid.split("{")[0]
        for key in i18n.API.keys("email:")
        if key.endswith(".subject")
    }
    return [
        next(kind for kind, prefix in prefixes.items() if email.subject.startswith(prefix))
        for email in mailer.sent
    ]


def day(first: date = date(2026, 12, 10), last: date = date(2026, 12, 10)) -> tuple[date, date]:
    return first, last


def seats(store, now=NOW) -> dict:
    return store.bookings.seats_taken("waw", "submit", SLOT, SLOT + timedelta(days=1), now)


# services_at


def test_an_office_offers_the_services_it_has_schedules_for(store):
    store.catalogue.save_service(Service("cards", NAMES, 10, "K"))

    offered = services.services_at("waw", store)

    assert [service.id for service in offered] == ["submit"]


def test_services_of_an_unknown_office_are_not_found(store):
    with pytest.raises(SiteNotFound):
        services.services_at("nowhere", store)


# availability


def test_availability_lists_only_the_slots_with_a_free_seat(store, mailer):
    hold(store, mailer)

    days = services.availability("waw", "submit", *day(), store, NOW)

    [only] = days
    assert only.day == date(2026, 12, 10)
    starts = [slot.start for slot, _free in only.slots]
    assert SLOT not in starts and LATER_SLOT in starts
    assert all(free == 1 for _slot, free in only.slots)


def test_availability_of_an_unknown_office_is_not_found(store):
    with pytest.raises(SiteNotFound):
        services.availability("nowhere", "submit", *day(), store, NOW)


def test_availability_of_a_service_the_office_does_not_offer_is_not_found(store):
    with pytest.raises(ServiceNotFound):
        services.availability("waw", "cards", *day(), store, NOW)


def test_availability_over_more_than_the_longest_range_is_refused(store):
    with pytest.raises(RangeTooLong):
        services.availability("waw", "submit", date(2026, 12, 1), date(2027, 3, 1), store, NOW)


# hold_booking


def test_a_hold_takes_the_seat_and_emails_the_confirm_link(store, mailer):
    held = hold(store, mailer)

    assert held.state == BookingState.HELD
    assert held.hold_expires_at == NOW + timedelta(minutes=15)
    assert seats(store) == {SLOT: 1}
    assert kinds(mailer) == ["hold"]
    assert mailer.sent[0].to == "olena@example.org"
    assert confirm_token(mailer, held.code)


def test_a_hold_for_a_service_with_identifiers_needs_every_one_of_them(store, mailer):
    store.catalogue.save_service(Service("cards", NAMES, 30, "K", identifiers=("mos",)))
    store.catalogue.save_schedule(Schedule("waw", "cards", WEEKDAYS, 1))

    with pytest.raises(services.IdentifiersMissing) as refused:
        services.hold_booking("waw", "cards", SLOT, applicant(), CLIENT, None, store, mailer, NOW)

    assert refused.value.names == ["mos"]
    assert store.bookings.seats_taken("waw", "cards", SLOT, LATER_SLOT, NOW) == {}
    assert mailer.sent == []


def test_a_hold_at_an_instant_that_is_not_a_slot_is_refused(store, mailer):
    with pytest.raises(NotBookable):
        hold(store, mailer, start=SLOT + timedelta(minutes=7))

    assert mailer.sent == []


def test_a_hold_for_an_unknown_service_is_not_found(store, mailer):
    with pytest.raises(ServiceNotFound):
        services.hold_booking("waw", "cards", SLOT, applicant(), CLIENT, None, store, mailer, NOW)


def test_a_hold_at_an_unknown_office_is_not_found(store, mailer):
    with pytest.raises(SiteNotFound):
        services.hold_booking(
            "nowhere", "submit", SLOT, applicant(), CLIENT, None, store, mailer, NOW
        )

    assert mailer.sent == []


def test_a_hold_in_a_full_slot_is_refused(store, mailer):
    hold(store, mailer, document="AB111111")

    with pytest.raises(SlotFull):
        hold(store, mailer, document="AB222222")

    assert seats(store) == {SLOT: 1}
    assert kinds(mailer) == ["hold"]


def test_a_second_hold_of_the_same_person_for_the_same_service_is_refused(store, mailer):
    hold(store, mailer, document="ab 123-456")

    with pytest.raises(AlreadyBooked):
        hold(store, mailer, document="AB123456", start=LATER_SLOT)

    assert seats(store) == {SLOT: 1}


def test_holds_beyond_the_hourly_limit_of_a_client_are_refused(store, mailer, monkeypatch):
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "1")
    hold(store, mailer, document="AB111111")

    with pytest.raises(RateLimited):
        hold(store, mailer, document="AB222222", start=LATER_SLOT)

    assert seats(store) == {SLOT: 1}


def test_a_repeated_request_with_its_idempotency_key_gets_the_first_hold_and_no_second_email(
    store, mailer
):
    first = hold(store, mailer, key="key-1")

    again = hold(store, mailer, key="key-1")

    assert again == first
    assert seats(store) == {SLOT: 1}
    assert kinds(mailer) == ["hold"]


def test_an_idempotency_key_reused_for_another_request_is_refused(store, mailer):
    hold(store, mailer, key="key-1")

    with pytest.raises(IdempotencyConflict):
        hold(store, mailer, document="AB999999", start=LATER_SLOT, key="key-1")

    assert seats(store) == {SLOT: 1}


def test_a_hold_whose_email_cannot_be_sent_is_released_at_once(store):
    with pytest.raises(MailFailed):
        hold(store, RecordingMailer(failing=True))

    assert seats(store) == {}
    assert hold(store, RecordingMailer()).state == BookingState.HELD


def test_a_hold_gives_up_when_every_code_it_draws_is_taken(store, mailer, monkeypatch):
    monkeypatch.setattr(services, "new_code", lambda site_id: "WAW-AAAA-AA")
    hold(store, mailer, document="AB111111", start=LATER_SLOT)

    with pytest.raises(CodeTakenError):
        hold(store, mailer, document="AB222222")

    assert seats(store) == {LATER_SLOT: 1}


# confirm_booking


def test_confirming_a_hold_books_it_and_emails_the_manage_link_with_a_calendar(store, mailer):
    held = hold(store, mailer)

    confirmed, manage = services.confirm_booking(
        held.code, confirm_token(mailer, held.code), store, mailer, NOW + timedelta(minutes=5)
    )

    assert confirmed.state == BookingState.CONFIRMED
    assert store.bookings.get_booking(held.code).state == BookingState.CONFIRMED
    assert kinds(mailer) == ["hold", "confirmed"]
    assert f"#manage={held.code}&token={manage}" in mailer.sent[1].text
    assert mailer.sent[1].attachments[0].content_type == "text/calendar"
    assert seats(store, now=NOW + timedelta(hours=1)) == {SLOT: 1}


def test_the_confirm_link_used_again_answers_the_same_and_sends_nothing(store, mailer):
    held = hold(store, mailer)
    token = confirm_token(mailer, held.code)
    first = services.confirm_booking(held.code, token, store, mailer, NOW)

    again = services.confirm_booking(held.code, token, store, mailer, NOW + timedelta(days=1))

    assert again == first
    assert kinds(mailer) == ["hold", "confirmed"]


def test_a_confirm_link_with_a_wrong_token_finds_no_booking(store, mailer):
    held = hold(store, mailer)

    with pytest.raises(BookingNotFound):
        services.confirm_booking(held.code, "not-the-token", store, mailer, NOW)

    assert store.bookings.get_booking(held.code).state == BookingState.HELD


def test_a_hold_confirmed_after_its_fifteen_minutes_has_expired(store, mailer):
    held = hold(store, mailer)

    with pytest.raises(HoldExpired):
        services.confirm_booking(
            held.code, confirm_token(mailer, held.code), store, mailer, NOW + timedelta(minutes=15)
        )

    assert store.bookings.get_booking(held.code).state == BookingState.HELD
    assert kinds(mailer) == ["hold"]


def test_a_confirm_link_for_a_booking_confirmed_another_way_points_to_the_email(store, mailer):
    held = hold(store, mailer)
    store.bookings.confirm(held.code, "a-manage-hash-drawn-at-random", NOW)

    with pytest.raises(ConfirmedEarlier):
        services.confirm_booking(held.code, confirm_token(mailer, held.code), store, mailer, NOW)


def test_a_second_click_that_loses_the_race_to_confirm_answers_with_the_booking(store, mailer):
    held = hold(store, mailer)
    token = confirm_token(mailer, held.code)
    bookings = store.bookings

    class OtherClickWins(type(bookings)):
        def confirm(self, code, manage_hash, now):
            bookings.confirm(code, manage_hash, now)  # the other click, a moment earlier
            raise HoldExpired(code)

    raced = dataclasses.replace(store, bookings=OtherClickWins(bookings.memory))

    confirmed, _manage = services.confirm_booking(held.code, token, raced, mailer, NOW)

    assert confirmed.state == BookingState.CONFIRMED
    assert kinds(mailer) == ["hold"]  # the winner sends the email, not this click


# managed_booking


def test_the_manage_token_opens_its_booking(store, mailer):
    confirmed, manage = booked(store, mailer)

    found = services.managed_booking(confirmed.code, manage, store, NOW)

    assert found == confirmed


def test_a_wrong_manage_token_finds_no_booking(store, mailer):
    confirmed, _manage = booked(store, mailer)

    with pytest.raises(BookingNotFound):
        services.managed_booking(confirmed.code, "not-the-token", store, NOW)


# cancel_booking


def test_cancelling_frees_the_seat_after_the_release_delay_and_emails_the_person(store, mailer):
    confirmed, manage = booked(store, mailer)

    cancelled = services.cancel_booking(confirmed.code, manage, store, mailer, NOW)

    assert cancelled.state == BookingState.CANCELLED
    assert seats(store, now=NOW + timedelta(seconds=59)) == {SLOT: 1}
    assert seats(store, now=NOW + timedelta(seconds=60)) == {}
    assert kinds(mailer)[-1] == "cancelled"
    assert hold(store, mailer, start=LATER_SLOT).state == BookingState.HELD  # the person is free


def test_a_booking_can_be_cancelled_online_inside_the_change_cutoff(store, mailer):
    confirmed, manage = booked(store, mailer)

    cancelled = services.cancel_booking(
        confirmed.code, manage, store, mailer, SLOT - timedelta(hours=23)
    )

    assert cancelled.state == BookingState.CANCELLED


def test_a_booking_cannot_be_cancelled_online_once_it_has_started(store, mailer):
    confirmed, manage = booked(store, mailer)

    with pytest.raises(AppointmentStarted):
        services.cancel_booking(confirmed.code, manage, store, mailer, SLOT)

    assert store.bookings.get_booking(confirmed.code).state == BookingState.CONFIRMED


def test_a_cancelled_booking_cannot_be_cancelled_again(store, mailer):
    confirmed, manage = booked(store, mailer)
    services.cancel_booking(confirmed.code, manage, store, mailer, NOW)

    with pytest.raises(BookingNotFound):
        services.cancel_booking(confirmed.code, manage, store, mailer, NOW)

    assert kinds(mailer).count("cancelled") == 1


# reschedule_booking


def test_rescheduling_moves_the_booking_and_frees_the_old_seat_after_the_delay(store, mailer):
    confirmed, manage = booked(store, mailer)

    moved = services.reschedule_booking(confirmed.code, manage, LATER_SLOT, store, mailer, NOW)

    assert (moved.start, moved.sequence) == (LATER_SLOT, confirmed.sequence + 1)
    assert seats(store, now=NOW + timedelta(seconds=60)) == {LATER_SLOT: 1}
    assert kinds(mailer)[-1] == "confirmed"


def test_rescheduling_to_the_time_it_already_has_is_refused(store, mailer):
    confirmed, manage = booked(store, mailer)

    with pytest.raises(NotBookable):
        services.reschedule_booking(confirmed.code, manage, SLOT, store, mailer, NOW)


def test_rescheduling_into_a_full_slot_leaves_the_booking_as_it_was(store, mailer):
    confirmed, manage = booked(store, mailer)
    hold(store, mailer, document="AB999999", start=LATER_SLOT)

    with pytest.raises(SlotFull):
        services.reschedule_booking(confirmed.code, manage, LATER_SLOT, store, mailer, NOW)

    assert store.bookings.get_booking(confirmed.code) == confirmed


def test_rescheduling_inside_the_cutoff_is_refused(store, mailer):
    confirmed, manage = booked(store, mailer)

    with pytest.raises(TooLateToChange):
        services.reschedule_booking(
            confirmed.code, manage, LATER_SLOT, store, mailer, SLOT - timedelta(hours=2)
        )

    assert store.bookings.get_booking(confirmed.code) == confirmed


def test_rescheduling_to_an_instant_that_is_not_a_slot_is_refused(store, mailer):
    confirmed, manage = booked(store, mailer)

    with pytest.raises(NotBookable):
        services.reschedule_booking(
            confirmed.code, manage, SLOT + timedelta(minutes=7), store, mailer, NOW
        )

    assert store.bookings.get_booking(confirmed.code) == confirmed


# booking_calendar


def test_the_calendar_file_of_a_booking_carries_its_code(store, mailer):
    confirmed, manage = booked(store, mailer)

    calendar = services.booking_calendar(confirmed.code, manage, store, NOW)

    assert calendar.startswith(b"BEGIN:VCALENDAR")
    assert confirmed.code.encode() in calendar


def test_the_calendar_file_needs_the_manage_token(store, mailer):
    confirmed, _manage = booked(store, mailer)

    with pytest.raises(BookingNotFound):
        services.booking_calendar(confirmed.code, "not-the-token", store, NOW)


# send_reminders


def test_everyone_booked_for_tomorrow_is_reminded_once(store, mailer):
    booked(store, mailer)
    hold(store, mailer, document="AB999999", start=LATER_SLOT)  # a hold is not reminded
    eve = SLOT - timedelta(hours=20)

    first = services.send_reminders(store, mailer, eve)
    second = services.send_reminders(store, mailer, eve + timedelta(hours=1))

    assert (first, second) == (1, 0)
    assert kinds(mailer).count("reminder") == 1


def test_nobody_is_reminded_two_days_ahead(store, mailer):
    booked(store, mailer)

    assert services.send_reminders(store, mailer, SLOT - timedelta(days=2)) == 0


# save_service, save_schedule, set_closure


def test_a_saved_service_reads_back(store):
    saved = services.save_service("cards", NAMES, 10, "K", 4, ["mos"], "cards/", store)

    assert store.catalogue.get_service("cards") == saved
    assert saved.identifiers == ("mos",)


def test_a_service_without_a_name_in_every_language_is_refused_and_nothing_is_saved(store):
    with pytest.raises(ValueError):
        services.save_service("cards", {"en": "Cards"}, 10, "K", None, [], "cards/", store)

    assert store.catalogue.get_service("cards") is None


def test_a_saved_schedule_reads_back(store):
    schedule = Schedule("waw", "submit", {0: ((time(8), time(10)), (time(11), time(12)))}, 2)

    services.save_schedule(schedule, store)

    assert store.catalogue.get_schedule("waw", "submit") == schedule


@pytest.mark.parametrize(
    "periods",
    [((time(10), time(9)),), ((time(8), time(11)), (time(10), time(12)))],
    ids=["ends-before-it-starts", "overlapping"],
)
def test_a_schedule_with_impossible_periods_is_refused_and_nothing_is_saved(store, periods):
    with pytest.raises(services.InvalidSchedule):
        services.save_schedule(Schedule("waw", "submit", {0: periods}, 2), store)

    assert store.catalogue.get_schedule("waw", "submit").counters == 1


def test_a_schedule_for_an_unknown_office_is_refused(store):
    with pytest.raises(SiteNotFound):
        services.save_schedule(Schedule("nowhere", "submit", WEEKDAYS, 1), store)


def test_a_schedule_for_an_unknown_service_is_refused(store):
    with pytest.raises(ServiceNotFound):
        services.save_schedule(Schedule("waw", "cards", WEEKDAYS, 1), store)

    assert store.catalogue.get_schedule("waw", "cards") is None


def test_a_closed_day_has_no_free_slots(store):
    services.set_closure("waw", date(2026, 12, 10), True, store)

    days = services.availability("waw", "submit", *day(), store, NOW)

    assert days == []


def test_a_day_opened_again_has_its_slots_back(store):
    services.set_closure("waw", date(2026, 12, 10), True, store)

    services.set_closure("waw", date(2026, 12, 10), False, store)

    assert services.availability("waw", "submit", *day(), store, NOW) != []


def test_an_unknown_office_cannot_be_closed(store):
    with pytest.raises(SiteNotFound):
        services.set_closure("nowhere", date(2026, 12, 10), True, store)


# day_bookings


def test_the_days_list_has_every_active_booking_in_order_of_time(store, mailer):
    later = hold(store, mailer, document="AB999999", start=LATER_SLOT)
    first, _manage = booked(store, mailer)
    gone, gone_manage = booked(store, mailer, document="AB555555", start=SLOT + timedelta(hours=1))
    services.cancel_booking(gone.code, gone_manage, store, mailer, NOW)

    listed = services.day_bookings("waw", date(2026, 12, 10), store, NOW + timedelta(minutes=1))

    assert [b.code for b in listed] == [first.code, later.code]


def test_the_days_list_of_an_unknown_office_is_not_found(store):
    with pytest.raises(SiteNotFound):
        services.day_bookings("nowhere", date(2026, 12, 10), store, NOW)
