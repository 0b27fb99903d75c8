"""The in-office queue's use cases, on the in-memory fakes: the clock is pinned by passing `now`."""

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.appointments.model import (
    Booking,
    BookingNotFound,
    BookingState,
    Schedule,
    Service,
    ServiceNotFound,
)
from chalicelib.queue import model, services
from chalicelib.queue.model import TicketState
from chalicelib.security import keyed_hash
from chalicelib.sites.model import Site, SiteNotFound
from tests.fakes import memory_stores

NAMES = {lang: f"Name ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
NOW = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # Monday, 09:00 in Warsaw
DAY = "2026-12-14"


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.delenv("BLIZEJ_CHECKIN_EARLY_MINUTES", raising=False)
    monkeypatch.delenv("BLIZEJ_CHECKIN_LATE_MINUTES", raising=False)


@pytest.fixture
def store():
    made = memory_stores()
    made.sites.save_site(Site("waw", "Warszawa", NAMES))
    made.sites.save_site(Site("rad", "Radom", NAMES))
    made.catalogue.save_service(Service("info", NAMES, 10, "I", walk_in_cap=2))
    made.catalogue.save_service(Service("cards", NAMES, 10, "K"))
    for service in ("info", "cards"):
        made.catalogue.save_schedule(Schedule("waw", service, {}, 1))
    services.set_counter("waw", "1", ["info", "cards"], True, made)
    services.set_counter("waw", "2", ["info"], False, made)
    return made


def booking(store, start: datetime = NOW, confirmed: bool = True, site: str = "waw") -> Booking:
    """A booking as the calendar leaves it, made with passport AB123456."""
    held = store.bookings.hold(
        Booking(
            code="WAW-7KQ3-M9",
            site_id=site,
            service_id="cards",
            start=start,
            name="Olena Kovalenko",
            email="olena@example.org",
            phone=None,
            document_hash=keyed_hash("document", "AB123456"),
            language="uk",
            identifiers={},
            state=BookingState.HELD,
            created_at=NOW - timedelta(days=3),
            hold_expires_at=NOW + timedelta(days=1),
            confirm_hash="confirm-hash",
        ),
        1,
        NOW - timedelta(days=3),
    )
    return store.bookings.confirm(held.code, "manage-hash", NOW) if confirmed else held


def walk_in(store, now: datetime = NOW, service: str = "info", priority: bool = False):
    return services.walk_in("waw", service, priority, "pl", store, now)


# office_day, check_in_window


def test_the_office_day_is_the_warsaw_day():
    assert services.office_day(datetime(2026, 12, 14, 23, 30, tzinfo=UTC)) == "2026-12-15"


def test_the_check_in_window_is_half_an_hour_before_to_a_quarter_after_unless_configured(
    monkeypatch,
):
    default = services.check_in_window()
    monkeypatch.setenv("BLIZEJ_CHECKIN_EARLY_MINUTES", "60")
    monkeypatch.setenv("BLIZEJ_CHECKIN_LATE_MINUTES", "5")

    assert default == (timedelta(minutes=30), timedelta(minutes=15))
    assert services.check_in_window() == (timedelta(minutes=60), timedelta(minutes=5))


# check_in


def test_checking_in_a_confirmed_booking_gives_a_ticket_for_its_appointment(store):
    booked = booking(store)

    ticket = services.check_in("waw", " waw-7kq3-m9 ", "ab 123-456", store, NOW)

    assert (ticket.number, ticket.service_id, ticket.day) == ("K001", "cards", DAY)
    assert (ticket.booking_code, ticket.appointment, ticket.language) == (
        booked.code,
        booked.start,
        "uk",
    )
    assert store.tickets.day_tickets("waw", DAY) == [ticket]


def test_checking_in_twice_gives_the_same_ticket(store):
    booking(store)
    first = services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW)

    again = services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW + timedelta(minutes=1))

    assert again == first
    assert len(store.tickets.day_tickets("waw", DAY)) == 1


def test_an_unknown_booking_code_cannot_check_in(store):
    with pytest.raises(BookingNotFound):
        services.check_in("waw", "WAW-AAAA-AA", "AB123456", store, NOW)

    assert store.tickets.day_tickets("waw", DAY) == []


def test_a_hold_never_confirmed_cannot_check_in(store):
    booking(store, confirmed=False)

    with pytest.raises(BookingNotFound):
        services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW)

    assert store.tickets.day_tickets("waw", DAY) == []


def test_a_booking_checks_in_only_at_its_own_office(store):
    booking(store, site="rad")

    with pytest.raises(model.WrongSite):
        services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW)

    assert store.tickets.day_tickets("waw", DAY) == []


def test_a_booking_checks_in_only_with_the_document_it_was_made_with(store):
    booking(store)

    with pytest.raises(model.WrongDocument):
        services.check_in("waw", "WAW-7KQ3-M9", "XY999999", store, NOW)

    assert store.tickets.day_tickets("waw", DAY) == []


def test_checking_in_more_than_half_an_hour_early_says_when_it_opens(store):
    booked = booking(store, start=NOW + timedelta(hours=1))

    with pytest.raises(model.TooEarly) as early:
        services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW)

    assert early.value.opens_at == booked.start - timedelta(minutes=30)
    assert store.tickets.day_tickets("waw", DAY) == []


def test_checking_in_more_than_a_quarter_hour_late_is_refused(store):
    booking(store, start=NOW - timedelta(minutes=16))

    with pytest.raises(model.TooLate):
        services.check_in("waw", "WAW-7KQ3-M9", "AB123456", store, NOW)

    assert store.tickets.day_tickets("waw", DAY) == []


# walk_in


def test_walk_in_tickets_are_numbered_per_letter_and_day(store):
    first = walk_in(store)
    second = walk_in(store, priority=True)

    assert (first.number, second.number) == ("I001", "I002")
    assert (first.state, second.priority_requested, second.priority) == (
        TicketState.WAITING,
        True,
        False,
    )


def test_walk_ins_beyond_the_days_cap_are_refused(store):
    walk_in(store)
    walk_in(store)

    with pytest.raises(model.WalkInsFull):
        walk_in(store)

    assert len(store.tickets.day_tickets("waw", DAY)) == 2


def test_a_service_by_appointment_only_gives_no_walk_in_tickets(store):
    with pytest.raises(model.WalkInNotOffered):
        walk_in(store, service="cards")

    assert store.tickets.day_tickets("waw", DAY) == []


def test_a_walk_in_at_an_unknown_office_is_refused(store):
    with pytest.raises(SiteNotFound):
        services.walk_in("nowhere", "info", False, "pl", store, NOW)


def test_a_walk_in_for_a_service_the_office_does_not_offer_is_refused(store):
    with pytest.raises(ServiceNotFound):
        services.walk_in("rad", "info", False, "pl", store, NOW)

    assert store.tickets.day_tickets("rad", DAY) == []


# set_counter


def test_a_counter_is_saved_with_the_services_it_serves(store):
    counter = services.set_counter("waw", "3", ["cards"], True, store)

    assert counter in store.tickets.list_counters("waw")
    assert counter.services == ("cards",)


def test_a_counter_at_an_unknown_office_is_refused(store):
    with pytest.raises(SiteNotFound):
        services.set_counter("nowhere", "1", ["info"], True, store)


def test_a_counter_for_an_unknown_service_is_refused_and_nothing_is_saved(store):
    with pytest.raises(ServiceNotFound):
        services.set_counter("waw", "3", ["info", "visas"], True, store)

    assert [c.id for c in store.tickets.list_counters("waw")] == ["1", "2"]


# call_next, recall, serve, no_show


def test_a_counter_calls_the_first_person_in_order(store):
    first = walk_in(store, now=NOW)
    walk_in(store, now=NOW + timedelta(minutes=1))

    called = services.call_next("waw", "1", store, NOW + timedelta(minutes=5))

    assert (called.id, called.state, called.counter, called.calls) == (
        first.id,
        TicketState.CALLED,
        "1",
        1,
    )
    assert store.tickets.get_ticket(first.id) == called


def test_a_closed_counter_calls_nobody(store):
    waiting = walk_in(store)

    with pytest.raises(model.CounterClosed):
        services.call_next("waw", "2", store, NOW)

    assert store.tickets.get_ticket(waiting.id) == waiting


def test_an_unknown_counter_calls_nobody(store):
    with pytest.raises(model.CounterClosed):
        services.call_next("waw", "9", store, NOW)


def test_a_counter_with_nobody_waiting_has_nothing_to_call(store):
    with pytest.raises(model.NothingToCall):
        services.call_next("waw", "1", store, NOW)


def test_recalling_calls_the_same_person_again(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    again = services.recall(called.id, "1", store, NOW + timedelta(minutes=1))

    assert (again.calls, again.called_at) == (2, NOW + timedelta(minutes=1))


def test_only_the_counter_that_called_a_ticket_can_recall_it(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    with pytest.raises(model.NotCalled):
        services.recall(called.id, "2", store, NOW)

    assert store.tickets.get_ticket(called.id) == called


def test_serving_a_called_ticket_finishes_it(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    served = services.serve(called.id, "1", store, NOW + timedelta(minutes=7))

    assert (served.state, served.finished_at) == (TicketState.SERVED, NOW + timedelta(minutes=7))


def test_a_ticket_not_yet_called_cannot_be_served(store):
    waiting = walk_in(store)

    with pytest.raises(model.NotCalled):
        services.serve(waiting.id, "1", store, NOW)

    assert store.tickets.get_ticket(waiting.id) == waiting


def test_an_unknown_ticket_cannot_be_served(store):
    with pytest.raises(model.TicketNotFound):
        services.serve("waw.2026-12-14.nothing", "1", store, NOW)


def test_a_person_who_does_not_come_goes_back_to_the_queue_in_their_place(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    missed = services.no_show(called.id, "1", store, NOW + timedelta(minutes=2))

    assert (missed.state, missed.counter, missed.calls) == (TicketState.WAITING, None, 1)


def test_a_person_called_three_times_in_vain_is_a_no_show(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)
    for _ in range(model.MAX_CALLS - 1):
        called = services.recall(called.id, "1", store, NOW)

    missed = services.no_show(called.id, "1", store, NOW + timedelta(minutes=2))

    assert (missed.state, missed.finished_at) == (TicketState.NO_SHOW, NOW + timedelta(minutes=2))


def test_a_no_show_needs_the_ticket_to_be_called_at_that_counter(store):
    waiting = walk_in(store)

    with pytest.raises(model.NotCalled):
        services.no_show(waiting.id, "1", store, NOW)


# transfer, confirm_priority


def test_a_transferred_ticket_waits_for_the_other_service_with_its_calls_forgotten(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    moved = services.transfer(called.id, "cards", store)

    assert (moved.service_id, moved.state, moved.calls, moved.arrived_at) == (
        "cards",
        TicketState.WAITING,
        0,
        called.arrived_at,
    )


def test_a_finished_ticket_cannot_be_transferred(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)
    served = services.serve(called.id, "1", store, NOW)

    with pytest.raises(model.NotCalled):
        services.transfer(served.id, "cards", store)

    assert store.tickets.get_ticket(served.id) == served


def test_a_ticket_cannot_be_transferred_to_an_unknown_service(store):
    waiting = walk_in(store)

    with pytest.raises(ServiceNotFound):
        services.transfer(waiting.id, "visas", store)

    assert store.tickets.get_ticket(waiting.id) == waiting


def test_a_confirmed_priority_is_served_before_earlier_walk_ins(store):
    walk_in(store, now=NOW)
    late = walk_in(store, now=NOW + timedelta(minutes=5), priority=True)

    confirmed = services.confirm_priority(late.id, store)
    called = services.call_next("waw", "1", store, NOW + timedelta(minutes=6))

    assert confirmed.priority is True
    assert called.id == late.id


def test_priority_of_an_unknown_ticket_is_not_found(store):
    with pytest.raises(model.TicketNotFound):
        services.confirm_priority("waw.2026-12-14.nothing", store)


# position, open_tickets, board


def test_a_waiting_ticket_learns_how_many_are_ahead_and_about_how_long_it_waits(store):
    walk_in(store, now=NOW)
    mine = walk_in(store, now=NOW + timedelta(minutes=1))

    where = services.position(mine.id, store, NOW + timedelta(minutes=2))

    assert where.ahead == 1
    assert where.wait == timedelta(minutes=20)  # nothing served yet: ten minutes each


def test_a_called_ticket_has_nobody_ahead(store):
    walk_in(store)
    called = services.call_next("waw", "1", store, NOW)

    where = services.position(called.id, store, NOW)

    assert (where.ahead, where.wait) == (0, timedelta())


def test_the_position_of_an_unknown_ticket_is_not_found(store):
    with pytest.raises(model.TicketNotFound):
        services.position("waw.2026-12-14.nothing", store, NOW)


def test_open_tickets_list_the_called_first_then_the_waiting_in_order(store):
    first = walk_in(store, now=NOW)
    second = walk_in(store, now=NOW + timedelta(minutes=1))
    services.call_next("waw", "1", store, NOW + timedelta(minutes=2))

    listed = services.open_tickets("waw", store, NOW + timedelta(minutes=3))

    assert [(t.id, t.state) for t in listed] == [
        (first.id, TicketState.CALLED),
        (second.id, TicketState.WAITING),
    ]


def test_open_tickets_of_an_unknown_office_are_not_found(store):
    with pytest.raises(SiteNotFound):
        services.open_tickets("nowhere", store, NOW)


def test_the_board_shows_the_calls_and_who_waits_for_what(store):
    walk_in(store, now=NOW)
    walk_in(store, now=NOW + timedelta(minutes=1))
    called = services.call_next("waw", "1", store, NOW + timedelta(minutes=2))

    shown = services.board("waw", store, NOW + timedelta(minutes=3))

    assert [t.number for t in shown["calls"]] == [called.number]
    # counter 1 also serves cards: on the board with nobody waiting
    assert shown["waiting"] == [
        {"service": "cards", "waiting": 0, "estimated_minutes": 0},
        {"service": "info", "waiting": 1, "estimated_minutes": 10},
    ]


def test_the_board_of_an_unknown_office_is_not_found(store):
    with pytest.raises(SiteNotFound):
        services.board("nowhere", store, NOW)


# day_statistics, keep_statistics, as_csv


def served_and_missed(store) -> None:
    walk_in(store, now=NOW)
    walk_in(store, now=NOW)
    first = services.call_next("waw", "1", store, NOW + timedelta(minutes=4))
    services.serve(first.id, "1", store, NOW + timedelta(minutes=10))
    second = services.call_next("waw", "1", store, NOW + timedelta(minutes=12))
    services.transfer(second.id, "cards", store)


def test_a_days_statistics_count_tickets_and_time_per_service(store):
    served_and_missed(store)

    rows = services.day_statistics("waw", DAY, store)

    by_service = {row["service"]: row for row in rows}
    assert by_service["info"]["tickets"] == 1 and by_service["info"]["served"] == 1
    assert by_service["info"]["wait_median_min"] == 4.0
    assert by_service["info"]["service_median_min"] == 6.0
    assert by_service["cards"]["tickets"] == 1 and by_service["cards"]["served"] == 0


def test_saved_statistics_answer_for_their_day_after_its_tickets_are_deleted(store):
    served_and_missed(store)
    computed = services.day_statistics("waw", DAY, store)

    kept = services.keep_statistics(NOW + timedelta(days=1), store)
    store.upkeep.purge_expired(NOW + timedelta(days=91))

    assert kept == 2  # every site, Radom with no rows
    assert store.tickets.day_tickets("waw", DAY) == []
    assert services.day_statistics("waw", DAY, store) == computed
    assert services.day_statistics("rad", DAY, store) == []


def test_statistics_of_a_day_without_tickets_are_empty(store):
    assert services.day_statistics("waw", DAY, store) == []


def test_statistics_read_as_csv_with_a_header(store):
    served_and_missed(store)

    text = services.as_csv(services.day_statistics("waw", DAY, store))

    header, *lines = text.split("\r\n")
    assert header.startswith("site,day,service,tickets,served,no_shows")
    assert lines[0].startswith(f"waw,{DAY},cards,1,0,0")
    assert lines[-1] == ""


def test_an_empty_list_of_statistics_is_a_csv_header_alone():
    assert services.as_csv([]).count("\r\n") == 1

