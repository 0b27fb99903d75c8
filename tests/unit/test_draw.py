import copy
import hashlib
import json
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.release.draw import (
    Seat,
    Ticket,
    assign,
    commitment_of,
    join_pages,
    order,
    publication,
    verify,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "verify_draw.py"
WARSAW = ZoneInfo("Europe/Warsaw")
SEED = "5e" * 32
OTHER_SEED = "a7" * 32
MONDAY = date(2027, 1, 11)


def start_at(day: date, hour: int, minute: int = 0) -> str:
    """A seat starting at a Warsaw wall-clock time, written in UTC as the API does."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARSAW)
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_of(start: str) -> datetime:
    return datetime.fromisoformat(start).astimezone(WARSAW)


def fits(ticket: Ticket, start: str) -> bool:
    local = local_of(start)
    part = "morning" if local.hour < 12 else "afternoon"
    return (
        can_come(ticket, start)
        and (not ticket.weekdays or local.weekday() in ticket.weekdays)
        and (not ticket.parts or part in ticket.parts)
    )


def can_come(ticket: Ticket, start: str) -> bool:
    return ticket.earliest is None or local_of(start).date() >= date.fromisoformat(ticket.earliest)


seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)
seat_starts = st.builds(
    start_at,
    st.integers(0, 13).map(lambda n: MONDAY + timedelta(days=n)),
    st.integers(8, 15),
    st.sampled_from([0, 30]),
)
seat_lists = st.lists(
    st.builds(Seat, seat_starts, st.integers(0, 3)), max_size=12, unique_by=lambda s: s.start
)
ticket_lists = st.lists(
    st.builds(
        Ticket,
        st.text("0123456789abcdef", min_size=4, max_size=8),
        st.lists(st.integers(0, 6), unique=True, max_size=3).map(lambda d: tuple(sorted(d))),
        st.sampled_from([(), ("morning",), ("afternoon",), ("morning", "afternoon")]),
        st.none() | st.integers(0, 14).map(lambda n: (MONDAY + timedelta(days=n)).isoformat()),
    ),
    max_size=25,
    unique_by=lambda t: t.ticket,
)


@given(seeds, seat_lists, ticket_lists)
def test_no_seat_is_given_beyond_its_capacity_and_nobody_gets_two(seed, seats, tickets):
    capacity = {seat.start: seat.capacity for seat in seats}

    won = assign(seed, seats, tickets)

    assert set(won) <= {t.ticket for t in tickets}
    for start, given_out in Counter(won.values()).items():
        assert given_out <= capacity[start]


@given(seeds, seat_lists, ticket_lists)
def test_nobody_is_given_a_seat_before_their_earliest_date(seed, seats, tickets):
    by_ticket = {t.ticket: t for t in tickets}

    won = assign(seed, seats, tickets)

    assert all(can_come(by_ticket[ticket], start) for ticket, start in won.items())


@given(seeds, seat_lists, ticket_lists)
def test_a_seat_that_fits_someone_left_without_a_fitting_one_went_whole_to_people_it_fits(
    seed, seats, tickets
):
    by_ticket = {t.ticket: t for t in tickets}

    won = assign(seed, seats, tickets)

    holders: dict[str, list[str]] = {}
    for ticket, start in won.items():
        holders.setdefault(start, []).append(ticket)
    for ticket in tickets:
        if ticket.ticket in won and fits(ticket, won[ticket.ticket]):
            continue
        for seat in seats:
            if fits(ticket, seat.start):
                taken = holders.get(seat.start, [])
                assert len(taken) == seat.capacity
                assert all(fits(by_ticket[holder], seat.start) for holder in taken)


@given(seeds, seat_lists, ticket_lists)
def test_nobody_is_left_out_while_a_seat_they_can_come_to_stays_empty(seed, seats, tickets):
    won = assign(seed, seats, tickets)

    left = Counter({seat.start: seat.capacity for seat in seats}) - Counter(won.values())
    for ticket in tickets:
        if ticket.ticket not in won:
            assert not any(can_come(ticket, start) for start in left)


@given(seeds, seat_lists, ticket_lists)
def test_the_same_seed_gives_the_same_draw(seed, seats, tickets):
    first = assign(seed, seats, tickets)

    again = assign(seed, list(reversed(seats)), list(reversed(tickets)))

    assert again == first


@settings(max_examples=50)
@given(seeds, seeds)
def test_a_different_seed_gives_a_different_lottery_order(seed, other):
    tickets = [Ticket(f"{n:04x}") for n in range(20)]

    first, second = order(seed, tickets), order(other, tickets)

    assert (first == second) == (seed == other)


def test_the_lottery_order_sorts_by_the_sha256_of_seed_bytes_and_ticket():
    tickets = [Ticket("alpha"), Ticket("beta"), Ticket("gamma"), Ticket("delta")]
    number = {
        t.ticket: hashlib.sha256(bytes.fromhex(SEED) + t.ticket.encode()).hexdigest()
        for t in tickets
    }

    lottery = order(SEED, tickets)

    assert [t.ticket for t in lottery] == sorted(number, key=number.get)


def test_a_morning_and_an_afternoon_person_each_get_their_part_of_the_day():
    morning, afternoon = start_at(MONDAY, 9), start_at(MONDAY, 13)
    seats = [Seat(morning, 1), Seat(afternoon, 1)]
    tickets = [Ticket("a", parts=("afternoon",)), Ticket("m", parts=("morning",))]

    won = assign(SEED, seats, tickets)

    assert won == {"m": morning, "a": afternoon}


def test_a_later_ticket_the_seat_fits_takes_it_before_an_earlier_one_that_only_can_come():
    first, second = (t.ticket for t in order(SEED, [Ticket("x"), Ticket("y")]))
    seat = start_at(MONDAY, 9)  # a Monday
    tickets = [Ticket(first, weekdays=(4,)), Ticket(second)]

    won = assign(SEED, [Seat(seat, 1)], tickets)

    assert won == {second: seat}


def test_a_ticket_whose_preferences_fit_no_seat_takes_the_earliest_it_can_come_to_in_pass_two():
    tuesday_morning = start_at(MONDAY + timedelta(days=1), 9)
    wednesday_morning = start_at(MONDAY + timedelta(days=2), 9)
    tickets = [Ticket("t", weekdays=(4,), parts=("afternoon",), earliest="2027-01-12")]

    won = assign(SEED, [Seat(wednesday_morning, 1), Seat(tuesday_morning, 1)], tickets)

    assert won == {"t": tuesday_morning}


def test_a_ticket_is_not_drawn_when_every_free_seat_is_before_its_earliest_date():
    tickets = [Ticket("t", earliest="2027-02-01")]

    won = assign(SEED, [Seat(start_at(MONDAY, 9), 5)], tickets)

    assert won == {}


def test_the_part_of_the_day_is_warsaw_time_across_the_change_to_summer_time():
    winter, summer = "2027-03-26T10:30:00Z", "2027-03-29T10:30:00Z"  # 11:30 CET, 12:30 CEST
    tickets = [Ticket("m", parts=("morning",)), Ticket("a", parts=("afternoon",))]

    won = assign(SEED, [Seat(summer, 1), Seat(winter, 1)], tickets)

    assert won == {"m": winter, "a": summer}


def test_a_seat_for_three_goes_to_three_tickets_and_no_more():
    seat = start_at(MONDAY, 9)
    tickets = [Ticket(name) for name in "abcde"]

    won = assign(SEED, [Seat(seat, 3)], tickets)

    assert sorted(won.values()) == [seat] * 3
    assert set(won) == {t.ticket for t in order(SEED, tickets)[:3]}


def test_a_ticket_listed_twice_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        assign(SEED, [Seat(start_at(MONDAY, 9), 1)], [Ticket("a"), Ticket("a")])


def published_draw() -> dict:
    days = [MONDAY + timedelta(days=n) for n in range(5)]
    seats = [Seat(start_at(day, hour), 2) for day in days for hour in (9, 13)]
    weekday_choices = [(), (0,), (1, 2), (4,)]
    part_choices = [(), ("morning",), ("afternoon",)]
    tickets = [
        Ticket(
            hashlib.sha256(f"entry-{n}".encode()).hexdigest(),
            weekday_choices[n % 4],
            part_choices[n % 3],
            (MONDAY + timedelta(days=n % 3)).isoformat() if n % 5 == 0 else None,
        )
        for n in range(30)
    ]
    won = assign(SEED, seats, tickets)
    release = {
        "id": "waw-residence-2027-01",
        "commitment": commitment_of(SEED),
        "seats": 20,
        "entries": 30,
        "won": len(won),
    }
    return publication(release, seats, tickets, SEED, won)


def run_script(tmp_path: Path, published: object) -> subprocess.CompletedProcess:
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False
    )


def winners(published: dict) -> list[dict]:
    return [t for t in published["tickets"] if t["start"]]


def test_an_honest_publication_verifies():
    published = published_draw()

    assert verify(published) == []


def test_the_script_says_ok_for_an_honest_publication(tmp_path):
    published = published_draw()

    result = run_script(tmp_path, published)

    assert result.returncode == 0
    assert result.stdout.strip() == "OK: 30 tickets, 20 seats, assignment matches"


def test_the_script_verifies_the_pages_of_the_api_saved_as_a_list(tmp_path):
    published = published_draw()
    tickets = published["tickets"]
    pages = [
        {**published, "tickets": tickets[:12], "next": tickets[11]["ticket"]},
        {"release": published["release"], "seed": SEED, "tickets": tickets[12:], "next": None},
    ]

    result = run_script(tmp_path, pages)

    assert join_pages(pages)["tickets"] == tickets
    assert result.returncode == 0, result.stdout


def changed_preferences(published: dict) -> tuple[dict, str]:
    ticket = winners(published)[0]
    ticket["earliest"] = "2027-03-01"  # after every seat: it cannot have won one
    return published, f"ticket {ticket['ticket']}: published {ticket['start']}, recomputed"


def added_ticket(published: dict) -> tuple[dict, str]:
    published["tickets"].append(
        {"ticket": "f" * 64, "weekdays": [], "parts": [], "earliest": None, "start": None}
    )
    return published, "release states 30 entries, the list has 31"


def removed_ticket(published: dict) -> tuple[dict, str]:
    loser = next(t for t in published["tickets"] if not t["start"])
    published["tickets"].remove(loser)
    return published, "release states 30 entries, the list has 29"


def swapped_assignment(published: dict) -> tuple[dict, str]:
    first = winners(published)[0]
    second = next(t for t in winners(published) if t["start"] != first["start"])
    first["start"], second["start"] = second["start"], first["start"]
    return published, f"ticket {first['ticket']}: published {first['start']}, recomputed"


def wrong_seed(published: dict) -> tuple[dict, str]:
    published["seed"] = OTHER_SEED
    return published, "seed does not match the commitment"


def seat_over_capacity(published: dict) -> tuple[dict, str]:
    loser = next(t for t in published["tickets"] if not t["start"])
    loser["start"] = winners(published)[0]["start"]
    return published, f"seat {loser['start']} given 3 times, capacity 2"


@pytest.mark.parametrize(
    "tamper",
    [
        changed_preferences,
        added_ticket,
        removed_ticket,
        swapped_assignment,
        wrong_seed,
        seat_over_capacity,
    ],
)
def test_the_script_names_the_problem_of_a_tampered_publication(tmp_path, tamper):
    published, problem = tamper(copy.deepcopy(published_draw()))

    result = run_script(tmp_path, published)

    assert result.returncode == 1
    assert any(
        line.startswith(f"PROBLEM: {problem}") for line in result.stdout.splitlines()
    ), result.stdout


def test_the_script_explains_the_algorithm_in_its_help():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True
    )

    assert "sha256(seed bytes + ticket text)" in result.stdout
    assert "Pass 2" in result.stdout


def with_a_winner_not_booked(reason: str | None) -> tuple[dict, str]:
    """The publication of a draw in which the office could not book one winner's seat."""
    days = [MONDAY + timedelta(days=n) for n in range(5)]
    seats = [Seat(start_at(day, hour), 2) for day in days for hour in (9, 13)]
    tickets = [Ticket(hashlib.sha256(f"entry-{n}".encode()).hexdigest()) for n in range(30)]
    won = assign(SEED, seats, tickets)
    failed = sorted(won)[0]
    booked = {ticket: start for ticket, start in won.items() if ticket != failed}
    release = {"commitment": commitment_of(SEED), "seats": 20, "entries": 30, "won": 19}
    not_booked = {failed: reason} if reason else {}
    return publication(release, seats, tickets, SEED, booked, not_booked), failed


def test_a_winner_the_office_could_not_book_is_published_without_a_seat_and_with_the_reason():
    published, failed = with_a_winner_not_booked("already-booked")

    [item] = [t for t in published["tickets"] if t["ticket"] == failed]

    assert item["start"] is None
    assert (item["outcome"], item["reason"]) == ("not-booked", "already-booked")
    assert all("outcome" not in t for t in published["tickets"] if t["ticket"] != failed)


def test_verify_names_a_winner_not_booked_apart_from_a_changed_list():
    published, failed = with_a_winner_not_booked("seat-gone")

    problems = verify(published)

    assert len(problems) == 1
    assert problems[0].startswith(f"not booked: ticket {failed} won ")
    assert problems[0].endswith("could not book it (seat-gone)")


def test_verify_names_a_winner_published_without_a_seat_or_a_reason_as_not_booked():
    published, failed = with_a_winner_not_booked(None)

    problems = verify(published)

    assert problems == [
        f"not booked: ticket {failed} won {assign(SEED, *seats_and_tickets(published))[failed]} "
        "in the lottery, the office booked it no seat and gave no reason"
    ]


def seats_and_tickets(published: dict) -> tuple[list[Seat], list[Ticket]]:
    seats = [Seat(s["start"], s["capacity"]) for s in published["seats"]]
    return seats, [Ticket(t["ticket"]) for t in published["tickets"]]


def test_a_ticket_published_as_not_booked_that_the_lottery_gave_no_seat_is_a_problem():
    published = published_draw()
    loser = next(t for t in published["tickets"] if not t["start"])
    loser |= {"outcome": "not-booked", "reason": "already-booked"}

    problems = verify(published)

    assert problems == [
        f"ticket {loser['ticket']}: published as not booked (already-booked), "
        "but the lottery gave it no seat"
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"outcome": "not-booked", "reason": "lost-it"},
        {"outcome": "not-booked"},
        {"outcome": "cancelled", "reason": "seat-gone"},
        {"outcome": "not-booked", "reason": "seat-gone", "start": "2027-01-11T08:00:00Z"},
    ],
)
def test_a_ticket_with_a_malformed_outcome_is_refused(fields):
    published = published_draw()
    published["tickets"][0] |= fields

    problems = verify(published)

    assert len(problems) == 1 and problems[0].startswith("malformed: ticket ")
