"""The ballot's draw: who gets which seat, computed so that anyone can check it.

This module uses the Python standard library only, so `scripts/verify_draw.py` can load it by
path on any machine with Python 3.12 or newer, without installing the project.

The algorithm, fixed (the README of this package says it in plain words):

1. Lottery order. Each ticket (a keyed hash standing for one entry) gets the number
   `sha256(bytes.fromhex(seed) + ticket.encode("utf-8"))`, written as hex; tickets are sorted
   by that number, then by the ticket itself. Nobody knows the seed before the draw, and the
   office committed to it (published `sha256(bytes.fromhex(seed))`) before entries closed, so
   nobody, the office included, could choose an order.
2. Pass 1. In lottery order, each ticket takes the earliest seat still free (by start time)
   that fits all its preferences: the weekday, the part of the day in Warsaw time (morning is
   before 12:00, afternoon from 12:00) and the earliest date it can come.
3. Pass 2. The tickets still without a seat, in lottery order, take the earliest seat still
   free on or after their earliest date; weekday and part of the day give way here.

A seat with a capacity of 3 is three units: each unit goes to one ticket at most, and no ticket
gets two. Tickets left without a seat are not drawn (they join the waiting list).

The publication shows what the office did, not what it should have done: each ticket's `start`
is the seat it was booked on (null when it has none). A ticket the lottery gave a seat that the
office could not book (the person already held a booking of the service, or the seat was gone)
is published with `start: null`, `"outcome": "not-booked"` and the `reason` (one of
NOT_BOOKED). `verify` names such a ticket in a problem of its own, starting "not booked:", so a
reader tells a booking that failed, and said so, from a list that was changed.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

FORMAT = "blizej-draw/1"
WARSAW = ZoneInfo("Europe/Warsaw")
NOON = time(12, 0)
PARTS = ("morning", "afternoon")
WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0
NOT_BOOKED = ("already-booked", "seat-gone")  # why a ticket the lottery gave a seat has none
NOT_BOOKED_PROBLEM = "not booked:"  # how verify starts the problem of such a ticket


@dataclass(frozen=True)
class Seat:
    """A slot the draw gives: its start (UTC, `2027-01-11T08:00:00Z`) and how many people."""

    start: str
    capacity: int


@dataclass(frozen=True)
class Ticket:
    """One entry as published: its ticket and its preferences, nothing about the person."""

    ticket: str
    weekdays: tuple[int, ...] = ()  # empty: any day
    parts: tuple[str, ...] = ()  # of PARTS; empty: any part of the day
    earliest: str | None = None  # YYYY-MM-DD, Warsaw date


def lottery_number(seed: str, ticket: str) -> str:
    """The hex number a ticket is sorted by."""
    return hashlib.sha256(bytes.fromhex(seed) + ticket.encode("utf-8")).hexdigest()


def commitment_of(seed: str) -> str:
    """What the office publishes before the draw: the SHA-256 of the seed's bytes, hex."""
    return hashlib.sha256(bytes.fromhex(seed)).hexdigest()


def order(seed: str, tickets: list[Ticket]) -> list[Ticket]:
    """The lottery order: by lottery number, ties (never seen in practice) by ticket."""
    return sorted(tickets, key=lambda t: (lottery_number(seed, t.ticket), t.ticket))


@dataclass
class _Slot:
    start: str
    left: int
    day: date
    weekday: int
    part: str


def _slots(seats: list[Seat]) -> list[_Slot]:
    capacity: Counter[str] = Counter()
    for seat in seats:
        if seat.capacity < 0:
            raise ValueError(f"seat {seat.start} has a negative capacity")
        capacity[seat.start] += seat.capacity
    slots = []
    for start in sorted(capacity, key=parse_start):
        local = parse_start(start).astimezone(WARSAW)
        part = "morning" if local.time() < NOON else "afternoon"
        slots.append(_Slot(start, capacity[start], local.date(), local.weekday(), part))
    return slots


def parse_start(start: str) -> datetime:
    """A seat's start as an aware datetime; ValueError when it is not an instant with a zone."""
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        raise ValueError(f"{start!r} has no time zone")
    return moment


def _can_come(ticket: Ticket, earliest: date | None, slot: _Slot) -> bool:
    return earliest is None or slot.day >= earliest


def _fits(ticket: Ticket, earliest: date | None, slot: _Slot) -> bool:
    return (
        _can_come(ticket, earliest, slot)
        and (not ticket.weekdays or slot.weekday in ticket.weekdays)
        and (not ticket.parts or slot.part in ticket.parts)
    )


def assign(seed: str, seats: list[Seat], tickets: list[Ticket]) -> dict[str, str]:
    """Ticket → the start of the seat it won; tickets not drawn are left out.

    Seats with the same start add up their capacity. ValueError when a ticket is listed twice.
    """
    counts = Counter(t.ticket for t in tickets)
    twice = sorted(ticket for ticket, n in counts.items() if n > 1)
    if twice:
        raise ValueError(f"tickets listed more than once: {', '.join(twice)}")
    slots = _slots(seats)
    lottery = order(seed, tickets)
    earliest = {t.ticket: date.fromisoformat(t.earliest) if t.earliest else None for t in lottery}
    won: dict[str, str] = {}
    open_slots = [slot for slot in slots if slot.left]  # by start; a full one leaves the list
    for rule in (_fits, _can_come):
        for ticket in lottery:
            if not open_slots:
                return won
            if ticket.ticket in won:
                continue
            for index, slot in enumerate(open_slots):
                if rule(ticket, earliest[ticket.ticket], slot):
                    slot.left -= 1
                    if not slot.left:
                        del open_slots[index]
                    won[ticket.ticket] = slot.start
                    break
    return won


def publication(
    release: dict,
    seats: list[Seat],
    tickets: list[Ticket],
    seed: str,
    assignment: dict[str, str],
    not_booked: dict[str, str] | None = None,
) -> dict:
    """The published record of a draw: the release (its public fields), the seed and the
    commitment, every seat and every ticket with the start it was booked on (`assignment`; null
    when none), tickets sorted by ticket. `not_booked` gives, per ticket the lottery gave a seat
    the office could not book, the reason (of NOT_BOOKED): that ticket is published with
    `outcome: "not-booked"` and `reason`. The commitment is the release's own (published before
    the draw) when it has one; `verify` checks the seed against it."""
    not_booked = not_booked or {}
    return {
        "format": FORMAT,
        "release": release,
        "seed": seed,
        "commitment": release.get("commitment") or commitment_of(seed),
        "seats": [{"start": s.start, "capacity": s.capacity} for s in seats],
        "tickets": [
            {
                "ticket": t.ticket,
                "weekdays": list(t.weekdays),
                "parts": list(t.parts),
                "earliest": t.earliest,
                "start": assignment.get(t.ticket),
            }
            | (
                {"outcome": "not-booked", "reason": not_booked[t.ticket]}
                if t.ticket in not_booked
                else {}
            )
            for t in sorted(tickets, key=lambda t: t.ticket)
        ],
    }


def join_pages(pages: list[dict]) -> dict:
    """The pages of `GET /api/ballots/{id}/draw` as one publication (seats from the first)."""
    if not pages:
        raise ValueError("no pages")
    joined = {key: value for key, value in pages[0].items() if key != "next"}
    joined["tickets"] = [ticket for page in pages for ticket in page.get("tickets", [])]
    return joined


def _read_ticket(item: object) -> Ticket:
    if not isinstance(item, dict) or not isinstance(item.get("ticket"), str):
        raise ValueError("a ticket without its ticket")
    weekdays, parts = item.get("weekdays") or [], item.get("parts") or []
    earliest = item.get("earliest")
    if not isinstance(weekdays, list) or any(
        not isinstance(d, int) or isinstance(d, bool) or d not in WEEKDAYS for d in weekdays
    ):
        raise ValueError(f"ticket {item['ticket']}: weekdays are 0 (Monday) … 6")
    if not isinstance(parts, list) or any(p not in PARTS for p in parts):
        raise ValueError(f"ticket {item['ticket']}: parts are {', '.join(PARTS)}")
    if earliest is not None:
        if not isinstance(earliest, str):
            raise ValueError(f"ticket {item['ticket']}: earliest is a date or null")
        date.fromisoformat(earliest)
    outcome, reason = item.get("outcome"), item.get("reason")
    if outcome not in (None, "not-booked"):
        raise ValueError(f"ticket {item['ticket']}: the only outcome published is not-booked")
    if (outcome is None) != (reason is None) or (outcome and reason not in NOT_BOOKED):
        raise ValueError(
            f"ticket {item['ticket']}: a not-booked ticket's reason is one of "
            f"{', '.join(NOT_BOOKED)}"
        )
    if outcome and item.get("start") is not None:
        raise ValueError(f"ticket {item['ticket']}: not booked, yet published with a seat")
    return Ticket(item["ticket"], tuple(weekdays), tuple(parts), earliest)


def _read_seat(item: object) -> Seat:
    if not isinstance(item, dict) or not isinstance(item.get("start"), str):
        raise ValueError("a seat without its start")
    capacity = item.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
        raise ValueError(f"seat {item['start']}: capacity is a whole number, 0 or more")
    parse_start(item["start"])
    return Seat(item["start"], capacity)


def verify(published: dict) -> list[str]:
    """The problems found in a published draw; an empty list when it holds.

    Checks that the seed matches the commitment, that every seat and ticket is well formed and
    listed once, that the counts the release states match the lists, that no seat is given
    beyond its capacity, and that recomputing the draw from the seed gives every ticket the
    start published for it. A ticket the lottery gave a seat but published without one is a
    problem of its own, starting NOT_BOOKED_PROBLEM, with the reason the office gave (or none).
    """
    if not isinstance(published, dict):
        return ["malformed: the publication is not a JSON object"]
    problems: list[str] = []
    seed, commitment = published.get("seed"), published.get("commitment")
    release = published.get("release") if isinstance(published.get("release"), dict) else {}
    try:
        if not isinstance(seed, str) or len(bytes.fromhex(seed)) != 32:
            raise ValueError
    except ValueError:
        return ["malformed: the seed is not 64 hexadecimal digits"]
    if commitment_of(seed) != commitment:
        problems.append("seed does not match the commitment: sha256(seed) differs")
    if release.get("commitment") not in (None, commitment):
        problems.append("commitment differs from the one the release announced")
    try:
        seats = [_read_seat(item) for item in published.get("seats") or []]
        tickets = [_read_ticket(item) for item in published.get("tickets") or []]
    except ValueError as error:
        return [*problems, f"malformed: {error}"]
    starts = Counter(seat.start for seat in seats)
    problems += [f"seat {start} listed {n} times" for start, n in starts.items() if n > 1]
    names = Counter(t.ticket for t in tickets)
    problems += [f"ticket {ticket} listed {n} times" for ticket, n in names.items() if n > 1]
    published_starts = {
        item["ticket"]: item.get("start") for item in published.get("tickets") or []
    }
    given = Counter(start for start in published_starts.values() if start is not None)
    capacity = {seat.start: seat.capacity for seat in seats}
    for start, n in sorted(given.items()):
        if start not in capacity:
            problems.append(f"seat {start} given {n} times but not published")
        elif n > capacity[start]:
            problems.append(f"seat {start} given {n} times, capacity {capacity[start]}")
    for key, actual in (("entries", len(tickets)), ("won", sum(given.values()))):
        stated = release.get(key)
        if isinstance(stated, int) and stated != actual:
            problems.append(f"release states {stated} {key}, the list has {actual}")
    stated_seats, total = release.get("seats"), sum(capacity.values())
    if isinstance(stated_seats, int) and stated_seats != total:
        problems.append(f"release states {stated_seats} seats, the list has {total}")
    if any(n > 1 for n in names.values()):
        return problems
    recomputed = assign(seed, seats, tickets)
    reasons = {
        item["ticket"]: item["reason"]
        for item in published.get("tickets") or []
        if item.get("outcome") == "not-booked"
    }
    for ticket in sorted(published_starts):
        expected, actual = recomputed.get(ticket), published_starts[ticket]
        if ticket in reasons and expected is None:
            problems.append(
                f"ticket {ticket}: published as not booked ({reasons[ticket]}), "
                "but the lottery gave it no seat"
            )
        elif expected is not None and actual is None:
            reason = reasons.get(ticket)
            problems.append(
                f"{NOT_BOOKED_PROBLEM} ticket {ticket} won {expected} in the lottery, the office "
                + (
                    f"could not book it ({reason})"
                    if reason
                    else "booked it no seat and gave no reason"
                )
            )
        elif expected != actual:
            problems.append(
                f"ticket {ticket}: published {actual or 'not drawn'}, "
                f"recomputed {expected or 'not drawn'}"
            )
    return problems


def dumps(published: dict) -> str:
    """The publication as the JSON text the office saves (stable key order, UTF-8)."""
    return json.dumps(published, ensure_ascii=False, indent=1, sort_keys=True)
