from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib.appointments.model import (
    RangeTooLong,
    Schedule,
    Service,
    bookable_slots,
    new_code,
    to_utc,
)

NAMES = {lang: "Submit" for lang in ("en", "pl", "uk", "ru", "vi")}
SUBMIT = Service("submit", NAMES, 30, "X")
WORKSHOP = Service("workshop", NAMES, 120, "W", group_capacity=20)
WEEKDAYS = {day: ((time(8), time(10)),) for day in range(5)}
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def schedule(**changes) -> Schedule:
    defaults = dict(
        site_id="waw",
        service_id="submit",
        weekly=WEEKDAYS,
        counters=3,
        window_days=400,
        min_notice_hours=0,
    )
    return Schedule(**(defaults | changes))


def starts(slots) -> list[str]:
    return [slot.start.strftime("%Y-%m-%d %H:%M") for slot in slots]


def test_slots_follow_warsaw_wall_clock_across_the_spring_change():
    slots = bookable_slots(
        SUBMIT, schedule(), date(2026, 3, 27), date(2026, 3, 30), set(), LONG_AGO
    )

    assert starts(slots) == [
        "2026-03-27 07:00",
        "2026-03-27 07:30",
        "2026-03-27 08:00",
        "2026-03-27 08:30",
        "2026-03-30 06:00",
        "2026-03-30 06:30",
        "2026-03-30 07:00",
        "2026-03-30 07:30",
    ]


def test_slots_follow_warsaw_wall_clock_across_the_autumn_change():
    slots = bookable_slots(
        SUBMIT, schedule(), date(2026, 10, 23), date(2026, 10, 26), set(), LONG_AGO
    )

    assert starts(slots)[0] == "2026-10-23 06:00"
    assert starts(slots)[4] == "2026-10-26 07:00"


def test_a_wall_clock_time_the_clocks_skip_is_no_slot():
    night = {6: ((time(1, 30), time(3, 30)),)}  # Sunday 29 March 2026: 02:00 becomes 03:00

    slots = bookable_slots(
        SUBMIT, schedule(weekly=night), date(2026, 3, 29), date(2026, 3, 29), set(), LONG_AGO
    )

    assert to_utc(datetime(2026, 3, 29, 2, 30)) is None
    assert starts(slots) == ["2026-03-29 00:30", "2026-03-29 01:00"]  # 01:30 and 03:00 CEST


def test_public_holidays_and_closures_have_no_slots():
    slots = bookable_slots(
        SUBMIT, schedule(), date(2026, 11, 9), date(2026, 11, 13), {date(2026, 11, 13)}, LONG_AGO
    )

    days = sorted({slot.start.date() for slot in slots})
    assert days == [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12)]  # 11 Nov: holiday


def test_breaks_are_gaps_between_opening_periods():
    with_break = {0: ((time(8), time(9)), (time(10), time(11)))}

    slots = bookable_slots(
        SUBMIT, schedule(weekly=with_break), date(2026, 12, 7), date(2026, 12, 7), set(), LONG_AGO
    )

    assert starts(slots) == [
        "2026-12-07 07:00",
        "2026-12-07 07:30",
        "2026-12-07 09:00",
        "2026-12-07 09:30",
    ]


def test_a_day_opens_at_the_release_time_window_days_ahead():
    rules = schedule(window_days=14, release_at=time(7, 0))
    day = date(2026, 12, 21)
    release = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 07:00 in Warsaw

    before = bookable_slots(SUBMIT, rules, day, day, set(), release - timedelta(seconds=1))
    at = bookable_slots(SUBMIT, rules, day, day, set(), release)

    assert before == []
    assert len(at) == 4


def test_slots_sooner_than_the_minimum_notice_are_not_offered():
    now = datetime(2026, 12, 7, 6, 40, tzinfo=UTC)  # 07:40 in Warsaw

    slots = bookable_slots(
        SUBMIT, schedule(min_notice_hours=1), date(2026, 12, 7), date(2026, 12, 7), set(), now
    )

    assert starts(slots) == ["2026-12-07 08:00", "2026-12-07 08:30"]


def test_a_group_service_offers_its_group_capacity():
    slots = bookable_slots(
        WORKSHOP,
        schedule(service_id="workshop"),
        date(2026, 12, 7),
        date(2026, 12, 7),
        set(),
        LONG_AGO,
    )

    assert [(s.capacity, s.end - s.start) for s in slots] == [(20, timedelta(hours=2))]


def test_a_range_longer_than_62_days_is_refused():
    with pytest.raises(RangeTooLong):
        bookable_slots(SUBMIT, schedule(), date(2026, 1, 1), date(2026, 3, 4), set(), LONG_AGO)


def test_booking_codes_are_short_and_unambiguous():
    codes = {new_code("waw") for _ in range(500)}

    assert len(codes) == 500
    for code in codes:
        prefix, first, second = code.split("-")
        assert prefix == "WAW" and len(first) == 4 and len(second) == 2
        assert not set(first + second) & set("01258BGILOSZ")
