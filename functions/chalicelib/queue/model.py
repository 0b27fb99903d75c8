"""The in-office queue: tickets, counters, and the order in which counters call people.

Order (for a counter, among the services it serves): booked tickets whose appointment time has
come, by appointment time; then walk-ins the office serves out of turn, by arrival; then other
walk-ins, by arrival; then booked tickets that came early, by appointment time.

How the stores keep that order without reading the day: each service's waiting tickets stand in
three lines, each sorted by a key that never changes while the ticket waits (`line` and
`line_key`): booked tickets by appointment time, priority walk-ins by arrival, other walk-ins by
arrival. Only the split of the booked line into "due" and "early" moves with the clock, and it
is a prefix: the booked tickets whose appointment has come are the first of their line. So the
next ticket of a counter is the best, by `order_key` at the moment of the call, among the heads
of its services' lines (`heads_in_order`), and a ticket's place is counted from its own line and
the sizes of the others (`places_ahead`), never by listing the day.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib import clock
from chalicelib.errors import DomainError

MAX_CALLS = 3


class QueueError(DomainError):
    pass


class TicketNotFound(QueueError):
    code = "ticket-not-found"


class CounterClosed(QueueError):
    code = "counter-closed"


class CounterPaused(QueueError):
    """The counter is on a break: it calls no one until it resumes."""

    code = "counter-paused"


class CounterBusy(QueueError):
    """Someone is still called at this counter; say what happened to them before the next."""

    code = "counter-busy"

    def __init__(self, ticket: "Ticket") -> None:
        super().__init__(ticket.id)
        self.ticket = ticket

    def details(self) -> dict[str, str]:
        return {"ticket": self.ticket.id, "number": self.ticket.number}


class NothingToCall(QueueError):
    code = "queue-empty"


class NotCalled(QueueError):
    """The action needs a ticket that is being called at this counter."""

    code = "ticket-not-at-counter"


class TooEarly(QueueError):
    code = "check-in-too-early"

    def __init__(self, opens_at: datetime) -> None:
        super().__init__(opens_at.isoformat())
        self.opens_at = opens_at

    def details(self) -> dict[str, str]:
        return {"check_in_from": clock.format_instant(self.opens_at)}


class TooLate(QueueError):
    code = "check-in-too-late"


class WrongDocument(QueueError):
    """The document does not match the one the booking was made with."""

    code = "document-mismatch"


class WrongSite(QueueError):
    code = "wrong-office"


class WalkInsFull(QueueError):
    code = "walk-ins-full"


class WalkInNotOffered(QueueError):
    code = "walk-in-not-offered"


MAX_PERIOD_DAYS = 366


class PeriodReversed(QueueError):
    """A period of statistics whose first day comes after its last."""

    code = "period-reversed"


class PeriodTooLong(QueueError):
    """A period of statistics longer than MAX_PERIOD_DAYS: a year is the longest view kept."""

    code = "period-too-long"


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    NO_SHOW = "no-show"


@dataclass(frozen=True)
class Ticket:
    id: str
    site_id: str
    day: str  # the Warsaw office day, YYYY-MM-DD
    number: str  # letter + daily number: X017
    service_id: str
    arrived_at: datetime
    state: TicketState = TicketState.WAITING
    appointment: datetime | None = None
    booking_code: str | None = None
    priority_requested: bool = False
    priority: bool = False
    calls: int = 0
    counter: str | None = None
    called_at: datetime | None = None
    finished_at: datetime | None = None
    language: str = "pl"

    @property
    def booked(self) -> bool:
        return self.appointment is not None


@dataclass(frozen=True)
class Counter:
    site_id: str
    id: str
    services: tuple[str, ...]
    open: bool = True
    paused_since: datetime | None = None  # on a break since then; None while it serves

    @property
    def serving(self) -> bool:
        """Open and not on a break: it calls people, and waiting estimates count it."""
        return self.open and self.paused_since is None


def new_ticket_id(site_id: str, day: str) -> str:
    """Unguessable, and it says where the ticket lives: site, day, then 128 random bits."""
    return f"{site_id}.{day}.{secrets.token_urlsafe(16)}"


def where(ticket_id: str) -> tuple[str, str]:
    site_id, day, _secret = ticket_id.split(".", 2)
    return site_id, day


def order_key(ticket: Ticket, now: datetime) -> tuple:
    if ticket.booked and ticket.appointment <= now:
        return (0, ticket.appointment, ticket.arrived_at)
    if not ticket.booked and ticket.priority:
        return (1, ticket.arrived_at, ticket.arrived_at)
    if not ticket.booked:
        return (2, ticket.arrived_at, ticket.arrived_at)
    return (3, ticket.appointment, ticket.arrived_at)


BOOKED, PRIORITY, WALK_IN = "booked", "priority", "walk-in"
LINES = (BOOKED, PRIORITY, WALK_IN)


def line(ticket: Ticket) -> str:
    """The line a waiting ticket stands in: it changes only when the ticket itself does."""
    if ticket.booked:
        return BOOKED
    return PRIORITY if ticket.priority else WALK_IN


def line_key(ticket: Ticket) -> str:
    """Sortable text ordering a line as `order_key` does: appointment (or arrival), arrival,
    then the daily number, so that two tickets issued within one second keep their turn."""
    first = ticket.appointment if ticket.booked else ticket.arrived_at
    digits = ticket.number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    number = f"{ticket.number[: -len(digits) or None]}{int(digits or 0):06d}"
    instants = f"{clock.format_instant(first)}|{clock.format_instant(ticket.arrived_at)}"
    return f"{instants}|{number}|{ticket.id}"


def due_bound(now: datetime) -> str:
    """Booked tickets whose appointment has come have line keys before this one ('~' > '|')."""
    return clock.format_instant(now) + "~"


def heads_in_order(heads: list[Ticket], services: tuple[str, ...], now: datetime) -> list[Ticket]:
    """The first waiting tickets in call order, from the first n of each line of each service:
    the i-th of the whole order is among the first i of its own line, so the first n are exact."""
    return waiting_in_order(heads, services, now)


def places_ahead(
    ticket: Ticket, now: datetime, size: dict[str, int], before: Callable[[str, str], int]
) -> int:
    """How many wait before a ticket of its service: `size` is each line's length, and
    `before(line, key)` counts that line's tickets whose line key sorts before `key`."""
    mine = line(ticket)
    if mine == BOOKED and ticket.appointment <= now:
        return before(BOOKED, line_key(ticket))
    if mine == PRIORITY:
        return before(BOOKED, due_bound(now)) + before(PRIORITY, line_key(ticket))
    if mine == WALK_IN:
        return before(BOOKED, due_bound(now)) + size[PRIORITY] + before(WALK_IN, line_key(ticket))
    # An early booking: every due booking sorts before it in its own line as well.
    return size[PRIORITY] + size[WALK_IN] + before(BOOKED, line_key(ticket))


def waiting_in_order(
    tickets: list[Ticket], services: tuple[str, ...], now: datetime
) -> list[Ticket]:
    waiting = [t for t in tickets if t.state == TicketState.WAITING and t.service_id in services]
    return sorted(waiting, key=lambda ticket: order_key(ticket, now))


def called(ticket: Ticket, counter: str, now: datetime) -> Ticket:
    return replace(
        ticket, state=TicketState.CALLED, counter=counter, called_at=now, calls=ticket.calls + 1
    )


def missed(ticket: Ticket, now: datetime) -> Ticket:
    """A called person did not come: back to the queue in their place, or out after 3 calls."""
    if ticket.calls >= MAX_CALLS:
        return replace(ticket, state=TicketState.NO_SHOW, finished_at=now)
    return replace(ticket, state=TicketState.WAITING, counter=None)


def served(ticket: Ticket, now: datetime) -> Ticket:
    return replace(ticket, state=TicketState.SERVED, finished_at=now)


# What call-next may do with the person still called at the counter, when asked to.
PREVIOUS_OUTCOMES = ("served", "no-show")


def finished(ticket: Ticket, outcome: str, now: datetime) -> Ticket:
    """The outcome a counter gives its called ticket before it calls the next one."""
    if outcome == "served":
        return served(ticket, now)
    if outcome == "no-show":
        return missed(ticket, now)
    raise ValueError(f"unknown outcome {outcome}")


def called_at(tickets: list[Ticket], counter: str) -> list[Ticket]:
    """The tickets being called at a counter: one at most, as call-next keeps it."""
    return [t for t in tickets if t.state == TicketState.CALLED and t.counter == counter]


def transferred(ticket: Ticket, service_id: str) -> Ticket:
    """Another service, same place in the queue: arrival and appointment are kept. The person
    was present, so missed calls of the first service do not count against the next one."""
    return replace(ticket, service_id=service_id, state=TicketState.WAITING, counter=None, calls=0)


def estimated_wait(position: int, recent_service_minutes: list[float], counters: int) -> timedelta:
    """People ahead × typical service time ÷ counters serving; 10 minutes when nothing is known."""
    typical = (
        sorted(recent_service_minutes)[len(recent_service_minutes) // 2]
        if recent_service_minutes
        else 10.0
    )
    return timedelta(minutes=position * typical / max(counters, 1))
