"""Use cases of the in-office queue: check in, walk in, call, serve, and what the hall sees."""

import csv
import io
import math
import statistics
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from chalicelib import clock
from chalicelib.appointments.model import (
    Booking,
    BookingNotFound,
    BookingState,
    ServiceNotFound,
)
from chalicelib.config import check_in_minutes
from chalicelib.queue import model
from chalicelib.queue.model import Counter, Ticket, TicketState
from chalicelib.queue.ports import Stores as Store
from chalicelib.security import keyed_hash, normalise_document
from chalicelib.sites.model import SiteNotFound

CALL_ATTEMPTS = 20


def office_day(now: datetime) -> str:
    """The office day of an instant as the queue keys it: 2026-12-07."""
    return clock.office_day(now).isoformat()


def check_in_window() -> tuple[timedelta, timedelta]:
    before, after = check_in_minutes()
    return timedelta(minutes=before), timedelta(minutes=after)


def _new_ticket(site_id: str, service_id: str, store: Store, now: datetime, **fields) -> Ticket:
    service = store.catalogue.get_service(service_id)
    if service is None:
        raise ServiceNotFound(service_id)
    day = office_day(now)
    number = store.tickets.next_ticket_number(site_id, day, service.letter)
    return Ticket(
        id=model.new_ticket_id(site_id, day),
        site_id=site_id,
        day=day,
        number=f"{service.letter}{number:03d}",
        service_id=service_id,
        arrived_at=now,
        **fields,
    )


def check_in(site_id: str, code: str, document: str, store: Store, now: datetime) -> Ticket:
    """A booked person at the kiosk: the booking code and the same document as at booking."""
    booking = store.bookings.get_booking(code.strip().upper())
    if booking is None or booking.state != BookingState.CONFIRMED:
        raise BookingNotFound(code)
    if booking.site_id != site_id:
        raise model.WrongSite(booking.site_id)
    if keyed_hash("document", normalise_document(document)) != booking.document_hash:
        raise model.WrongDocument()
    early, late = check_in_window()
    if now < booking.start - early:
        raise model.TooEarly(booking.start - early)
    if now > booking.start + late:
        raise model.TooLate()
    ticket = _new_ticket(
        site_id,
        booking.service_id,
        store,
        now,
        appointment=booking.start,
        booking_code=booking.code,
        language=booking.language,
    )
    return store.tickets.add_ticket(ticket)


def walk_in(
    site_id: str,
    service_id: str,
    priority_requested: bool,
    language: str,
    store: Store,
    now: datetime,
) -> Ticket:
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    service = store.catalogue.get_service(service_id)
    if service is None or store.catalogue.get_schedule(site_id, service_id) is None:
        raise ServiceNotFound(service_id)
    if service.walk_in_cap <= 0:
        raise model.WalkInNotOffered(service_id)
    if not store.tickets.take_walk_in_place(
        site_id, office_day(now), service_id, service.walk_in_cap
    ):
        raise model.WalkInsFull(service_id)
    ticket = _new_ticket(
        site_id, service_id, store, now, priority_requested=priority_requested, language=language
    )
    return store.tickets.add_ticket(ticket)


def set_counter(
    site_id: str, counter_id: str, services: list[str], is_open: bool, store: Store
) -> Counter:
    """Opens a counter with the services it serves, or closes it. A counter that stays open
    keeps its break (a console reloading the page must not end it); closing ends it."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    known = {service.id for service in store.catalogue.list_services()}
    unknown = [service for service in services if service not in known]
    if unknown:
        raise ServiceNotFound(unknown[0])
    before = _find_counter(site_id, counter_id, store)
    paused_since = before.paused_since if before and is_open else None
    counter = Counter(site_id, counter_id, tuple(services), is_open, paused_since)
    store.tickets.save_counter(counter)
    return counter


def _find_counter(site_id: str, counter_id: str, store: Store) -> Counter | None:
    return next((c for c in store.tickets.list_counters(site_id) if c.id == counter_id), None)


def _counter(site_id: str, counter_id: str, store: Store) -> Counter:
    counter = _find_counter(site_id, counter_id, store)
    if counter is None or not counter.open:
        raise model.CounterClosed(counter_id)
    return counter


def call_next(
    site_id: str, counter_id: str, store: Store, now: datetime, previous: str | None = None
) -> Ticket:
    """Calls the next person for this counter. Two counters calling at once get two tickets.

    One person per counter at a time: while the last one is still called, the call is refused
    (CounterBusy) unless `previous` says what became of them ("served" or "no-show"); that
    outcome and the new call are written in one transaction, or neither is.
    """
    counter = _counter(site_id, counter_id, store)
    if counter.paused_since is not None:
        raise model.CounterPaused(counter_id)
    for _attempt in range(CALL_ATTEMPTS):
        tickets = store.tickets.day_tickets(site_id, office_day(now))
        still_called = model.called_at(tickets, counter_id)
        was = still_called[0] if still_called else None
        if was is not None and previous is None:
            raise model.CounterBusy(was)
        finishing = model.finished(was, previous, now) if was is not None else None
        waiting = model.waiting_in_order(tickets, counter.services, now)
        if not waiting:
            raise model.NothingToCall(counter_id)
        for candidate in waiting[:3]:
            calling = model.called(candidate, counter_id, now)
            if store.tickets.call_at_counter(calling, candidate, finishing, was):
                return calling
    raise model.NothingToCall(counter_id)


def pause(site_id: str, counter_id: str, store: Store, now: datetime) -> Counter:
    """A break: the counter calls no one and waiting estimates stop counting it. Refused while
    someone is still called there, who would otherwise wait at a counter nobody staffs."""
    counter = _counter(site_id, counter_id, store)
    if counter.paused_since is not None:
        return counter
    still_called = model.called_at(store.tickets.day_tickets(site_id, office_day(now)), counter_id)
    if still_called:
        raise model.CounterBusy(still_called[0])
    paused = replace(counter, paused_since=now)
    store.tickets.save_counter(paused)
    return paused


def resume(site_id: str, counter_id: str, store: Store) -> Counter:
    """The break is over: the counter calls people again."""
    counter = _counter(site_id, counter_id, store)
    if counter.paused_since is None:
        return counter
    resumed = replace(counter, paused_since=None)
    store.tickets.save_counter(resumed)
    return resumed


def _ticket(ticket_id: str, store: Store) -> Ticket:
    ticket = store.tickets.get_ticket(ticket_id)
    if ticket is None:
        raise model.TicketNotFound(ticket_id)
    return ticket


def _at_counter(ticket_id: str, counter_id: str, store: Store) -> Ticket:
    ticket = _ticket(ticket_id, store)
    if ticket.state != TicketState.CALLED or ticket.counter != counter_id:
        raise model.NotCalled(ticket_id)
    return ticket


def _change(new: Ticket, old: Ticket, store: Store) -> Ticket:
    if not store.tickets.replace_ticket(new, old):
        raise model.NotCalled(old.id)  # someone else acted on it first
    return new


def recall(ticket_id: str, counter_id: str, store: Store, now: datetime) -> Ticket:
    ticket = _at_counter(ticket_id, counter_id, store)
    return _change(model.called(ticket, counter_id, now), ticket, store)


def serve(ticket_id: str, counter_id: str, store: Store, now: datetime) -> Ticket:
    ticket = _at_counter(ticket_id, counter_id, store)
    return _change(model.served(ticket, now), ticket, store)


def no_show(ticket_id: str, counter_id: str, store: Store, now: datetime) -> Ticket:
    ticket = _at_counter(ticket_id, counter_id, store)
    return _change(model.missed(ticket, now), ticket, store)


def transfer(ticket_id: str, service_id: str, store: Store) -> Ticket:
    ticket = _ticket(ticket_id, store)
    if ticket.state in (TicketState.SERVED, TicketState.NO_SHOW):
        raise model.NotCalled(ticket_id)
    if store.catalogue.get_service(service_id) is None:
        raise ServiceNotFound(service_id)
    return _change(model.transferred(ticket, service_id), ticket, store)


def confirm_priority(ticket_id: str, store: Store) -> Ticket:
    ticket = _ticket(ticket_id, store)
    return _change(replace(ticket, priority=True), ticket, store)


@dataclass(frozen=True)
class ServiceQueue:
    service_id: str
    waiting: int
    longest: timedelta  # how long the one waiting longest has been here
    estimated: timedelta  # about how long someone arriving now waits


@dataclass(frozen=True)
class Desk:
    """What a counter's console shows: the counter, who is called there, and the queues."""

    counter: Counter
    current: Ticket | None
    booking: Booking | None
    queues: list[ServiceQueue]


def desk(site_id: str, counter_id: str, store: Store, now: datetime) -> Desk:
    """The counter, the person called there (with their booking, when they have one), and the
    queue of each service the counter serves."""
    counter = _find_counter(site_id, counter_id, store)
    if counter is None:
        raise model.CounterClosed(counter_id)
    tickets = store.tickets.day_tickets(site_id, office_day(now))
    still_called = model.called_at(tickets, counter_id)
    current = still_called[0] if still_called else None
    booking = (
        store.bookings.get_booking(current.booking_code)
        if current is not None and current.booking_code
        else None
    )
    counters = store.tickets.list_counters(site_id)
    queues = []
    for service_id in counter.services:
        waiting = model.waiting_in_order(tickets, (service_id,), now)
        queues.append(
            ServiceQueue(
                service_id,
                len(waiting),
                max((now - t.arrived_at for t in waiting), default=timedelta()),
                model.estimated_wait(
                    len(waiting) + 1,
                    _service_minutes(tickets, service_id),
                    _serving(counters, service_id),
                ),
            )
        )
    return Desk(counter, current, booking, queues)


@dataclass(frozen=True)
class Position:
    ticket: Ticket
    ahead: int
    wait: timedelta


def _service_minutes(tickets: list[Ticket], service_id: str) -> list[float]:
    return [
        (t.finished_at - t.called_at).total_seconds() / 60
        for t in tickets
        if t.service_id == service_id and t.state == TicketState.SERVED and t.called_at
    ][-20:]


def _serving(counters: list[Counter], service_id: str) -> int:
    return sum(1 for c in counters if c.serving and service_id in c.services)


def position(ticket_id: str, store: Store, now: datetime) -> Position:
    """How many people are ahead of this ticket, and about how long until it is called."""
    ticket = _ticket(ticket_id, store)
    tickets = store.tickets.day_tickets(ticket.site_id, ticket.day)
    if ticket.state != TicketState.WAITING:
        return Position(ticket, 0, timedelta())
    queue = model.waiting_in_order(tickets, (ticket.service_id,), now)
    ahead = next(i for i, t in enumerate(queue) if t.id == ticket.id)
    counters = store.tickets.list_counters(ticket.site_id)
    wait = model.estimated_wait(
        ahead + 1,
        _service_minutes(tickets, ticket.service_id),
        _serving(counters, ticket.service_id),
    )
    return Position(ticket, ahead, wait)


def open_tickets(site_id: str, store: Store, now: datetime) -> list[Ticket]:
    """Waiting and called tickets of today, waiting ones in the order they will be called."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    tickets = store.tickets.day_tickets(site_id, office_day(now))
    called = [t for t in tickets if t.state == TicketState.CALLED]
    services_today = tuple({t.service_id for t in tickets})
    return sorted(called, key=lambda t: t.called_at) + model.waiting_in_order(
        tickets, services_today, now
    )


def board(site_id: str, store: Store, now: datetime) -> dict:
    """What the hall's screen shows: the last calls, and who waits how long for what."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    tickets = store.tickets.day_tickets(site_id, office_day(now))
    counters = store.tickets.list_counters(site_id)
    calls = sorted(
        (t for t in tickets if t.state == TicketState.CALLED),
        key=lambda t: t.called_at,
        reverse=True,
    )[:8]
    services = sorted({t.service_id for t in tickets if t.state == TicketState.WAITING})
    waiting = []
    for service_id in services:
        count = len(model.waiting_in_order(tickets, (service_id,), now))
        wait = model.estimated_wait(
            count, _service_minutes(tickets, service_id), _serving(counters, service_id)
        )
        waiting.append(
            {
                "service": service_id,
                "waiting": count,
                "estimated_minutes": round(wait.total_seconds() / 60),
            }
        )
    return {"calls": calls, "waiting": waiting}


def _percentiles(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    ordered = sorted(values)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]  # nearest rank
    return round(statistics.median(ordered), 1), round(p90, 1)


def day_statistics(site_id: str, day: str, store: Store) -> list[dict]:
    """Per service: tickets, served, no-shows, waiting and service minutes (median, 90th pct).

    Days closed by `keep_statistics` answer from their saved aggregates, which outlive the
    tickets (deleted after 90 days).
    """
    saved = store.tickets.queue_statistics(site_id, day)
    if saved is not None:
        return saved
    return _statistics(site_id, day, store.tickets.day_tickets(site_id, day))


def keep_statistics(now: datetime, store: Store) -> int:
    """Saves yesterday's aggregates for every site; run daily. Returns how many sites."""
    yesterday = (clock.office_day(now) - timedelta(days=1)).isoformat()
    sites = store.sites.list_sites()
    for site in sites:
        store.tickets.save_queue_statistics(
            site.id,
            yesterday,
            _statistics(site.id, yesterday, store.tickets.day_tickets(site.id, yesterday)),
        )
    return len(sites)


def _statistics(site_id: str, day: str, tickets: list[Ticket]) -> list[dict]:
    rows = []
    for service_id in sorted({t.service_id for t in tickets}):
        mine = [t for t in tickets if t.service_id == service_id]
        waits = [(t.called_at - t.arrived_at).total_seconds() / 60 for t in mine if t.called_at]
        services = [
            (t.finished_at - t.called_at).total_seconds() / 60
            for t in mine
            if t.state == TicketState.SERVED and t.called_at
        ]
        wait_median, wait_p90 = _percentiles(waits)
        service_median, service_p90 = _percentiles(services)
        rows.append(
            {
                "site": site_id,
                "day": day,
                "service": service_id,
                "tickets": len(mine),
                "served": sum(t.state == TicketState.SERVED for t in mine),
                "no_shows": sum(t.state == TicketState.NO_SHOW for t in mine),
                "wait_median_min": wait_median,
                "wait_p90_min": wait_p90,
                "service_median_min": service_median,
                "service_p90_min": service_p90,
            }
        )
    return rows


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    fields = [
        "site",
        "day",
        "service",
        "tickets",
        "served",
        "no_shows",
        "wait_median_min",
        "wait_p90_min",
        "service_median_min",
        "service_p90_min",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
