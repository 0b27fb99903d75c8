"""Use cases of the in-office queue: check in, walk in, call, serve, and what the hall sees."""

import csv
import io
import math
import statistics
from collections import Counter as Tally
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from chalicelib import clock
from chalicelib.appointments.model import (
    Booking,
    BookingNotFound,
    BookingState,
    ServiceNotFound,
)
from chalicelib.config import check_in_minutes
from chalicelib.queue import model, slip
from chalicelib.queue.model import Counter, Ticket, TicketState
from chalicelib.queue.ports import Stores as Store
from chalicelib.security import keyed_hash, normalise_document
from chalicelib.sites.model import SiteNotFound

CALL_ATTEMPTS = 20
# Tickets tried per call: when counters call at once, the first may be taken by another.
CALL_CANDIDATES = 3


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


@dataclass(frozen=True)
class Slip:
    """What the kiosk shows and prints for a new ticket, in the kiosk's language."""

    service_name: str
    ticket_page: str
    qr: slip.QrCode


def ticket_slip(ticket: Ticket, language: str, store: Store) -> Slip:
    """A ticket just issued: its service by name, and the QR code of its "my ticket" page."""
    service = store.catalogue.get_service(ticket.service_id)
    if service is None:
        raise ServiceNotFound(ticket.service_id)
    page = slip.ticket_page(language, ticket.id)
    return Slip(service_name=service.name[language], ticket_page=page, qr=slip.qr_code(page))


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
    day = office_day(now)
    for _attempt in range(CALL_ATTEMPTS):
        was = _called_at(site_id, day, counter_id, store)
        if was is not None and previous is None:
            raise model.CounterBusy(was)
        finishing = model.finished(was, previous, now) if was is not None else None
        heads = store.queue_lines.line_heads(site_id, day, counter.services, CALL_CANDIDATES)
        waiting = model.heads_in_order(heads, counter.services, now)
        if not waiting:
            raise model.NothingToCall(counter_id)
        for candidate in waiting[:CALL_CANDIDATES]:
            calling = model.called(candidate, counter_id, now)
            if store.tickets.call_at_counter(calling, candidate, finishing, was):
                return calling
    raise model.NothingToCall(counter_id)


def _called_at(site_id: str, day: str, counter_id: str, store: Store) -> Ticket | None:
    still_called = model.called_at(store.queue_lines.current_calls(site_id, day), counter_id)
    return still_called[0] if still_called else None


def pause(site_id: str, counter_id: str, store: Store, now: datetime) -> Counter:
    """A break: the counter calls no one and waiting estimates stop counting it. Refused while
    someone is still called there, who would otherwise wait at a counter nobody staffs."""
    counter = _counter(site_id, counter_id, store)
    if counter.paused_since is not None:
        return counter
    still_called = _called_at(site_id, office_day(now), counter_id, store)
    if still_called is not None:
        raise model.CounterBusy(still_called)
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
    day = office_day(now)
    current = _called_at(site_id, day, counter_id, store)
    booking = (
        store.bookings.get_booking(current.booking_code)
        if current is not None and current.booking_code
        else None
    )
    counters = store.tickets.list_counters(site_id)
    sizes = store.queue_lines.line_sizes(site_id, day)
    heads = store.queue_lines.line_heads(site_id, day, counter.services, 1)
    queues = []
    for service_id in counter.services:
        waiting = sum(sizes.get(service_id, {}).values())
        firsts = [t for t in heads if t.service_id == service_id]
        queues.append(
            ServiceQueue(
                service_id,
                waiting,
                # The longest wait among the heads of the lines: a booking that came long
                # before its time but stands behind earlier appointments is not seen.
                max((now - t.arrived_at for t in firsts), default=timedelta()),
                model.estimated_wait(
                    waiting + 1,
                    store.queue_lines.recent_service_minutes(site_id, day, service_id),
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


def _serving(counters: list[Counter], service_id: str) -> int:
    return sum(1 for c in counters if c.serving and service_id in c.services)


def position(ticket_id: str, store: Store, now: datetime) -> Position:
    """How many people are ahead of this ticket, and about how long until it is called."""
    ticket = _ticket(ticket_id, store)
    if ticket.state != TicketState.WAITING:
        return Position(ticket, 0, timedelta())
    site_id, day, service_id = ticket.site_id, ticket.day, ticket.service_id
    lines = store.queue_lines
    sizes = lines.line_sizes(site_id, day).get(service_id, dict.fromkeys(model.LINES, 0))
    ahead = model.places_ahead(
        ticket,
        now,
        sizes,
        lambda line, key: lines.count_before(site_id, day, service_id, line, key),
    )
    counters = store.tickets.list_counters(site_id)
    wait = model.estimated_wait(
        ahead + 1,
        lines.recent_service_minutes(site_id, day, service_id),
        _serving(counters, service_id),
    )
    return Position(ticket, ahead, wait)


def open_tickets(site_id: str, store: Store, now: datetime) -> list[Ticket]:
    """Waiting and called tickets of today, waiting ones in the order they will be called."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    day = office_day(now)
    called = store.queue_lines.current_calls(site_id, day)
    sizes = store.queue_lines.line_sizes(site_id, day)
    longest = max((n for lines in sizes.values() for n in lines.values()), default=0)
    waiting = (
        store.queue_lines.line_heads(site_id, day, tuple(sorted(sizes)), longest) if longest else []
    )
    return sorted(called, key=lambda t: t.called_at) + model.heads_in_order(
        waiting, tuple(sizes), now
    )


def board(site_id: str, store: Store, now: datetime) -> dict:
    """What the hall's screen shows: every current call, newest first, and per service how many
    wait and about how long.

    Every called ticket is listed, however many counters call at once: a number cut from the
    board is a person who misses their turn. A service appears while people wait for it or an
    open counter serves it, so the hall also sees the services with no queue.
    """
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    day = office_day(now)
    counters = store.tickets.list_counters(site_id)
    return {
        "calls": _current_calls(store.queue_lines.current_calls(site_id, day)),
        "waiting": _waiting(site_id, day, counters, store),
    }


def _current_calls(called: list[Ticket]) -> list[Ticket]:
    # Newest first; one instant shared by several counters falls back to the counter's order.
    called = sorted(called, key=lambda t: (t.counter or "").zfill(8))
    return sorted(called, key=lambda t: t.called_at, reverse=True)


def _waiting(site_id: str, day: str, counters: list[Counter], store: Store) -> list[dict]:
    sizes = store.queue_lines.line_sizes(site_id, day)
    waiting_for = {service for service, lines in sizes.items() if sum(lines.values())}
    served_now = {s for c in counters if c.open for s in c.services}
    lines = []
    for service_id in sorted(waiting_for | served_now):
        count = sum(sizes.get(service_id, {}).values())
        wait = model.estimated_wait(
            count,
            store.queue_lines.recent_service_minutes(site_id, day, service_id),
            _serving(counters, service_id),
        )
        lines.append(
            {
                "service": service_id,
                "waiting": count,
                "estimated_minutes": round(wait.total_seconds() / 60),
            }
        )
    return lines


def _percentiles(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    ordered = sorted(values)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]  # nearest rank
    return round(statistics.median(ordered), 1), round(p90, 1)


# What the day view of `day_statistics` shows; a kept aggregate holds more (see `_statistics`).
DAY_FIGURES = (
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
)


def day_statistics(site_id: str, day: str, store: Store) -> list[dict]:
    """Per service: tickets, served, no-shows, waiting and service minutes (median, 90th pct).

    Days closed by `keep_statistics` answer from their saved aggregates, which outlive the
    tickets (deleted after 90 days).
    """
    saved = store.tickets.queue_statistics(site_id, day)
    rows = saved if saved is not None else _day_rows(site_id, day, store)
    return [{key: row.get(key) for key in DAY_FIGURES} for row in rows]


def _day_rows(site_id: str, day: str, store: Store) -> list[dict]:
    return _statistics(site_id, day, store.tickets.day_tickets(site_id, day))


def keep_statistics(now: datetime, store: Store) -> int:
    """Saves yesterday's aggregates for every site; run daily. Returns how many sites."""
    yesterday = (clock.office_day(now) - timedelta(days=1)).isoformat()
    sites = store.sites.list_sites()
    for site in sites:
        store.tickets.save_queue_statistics(
            site.id, yesterday, _day_rows(site.id, yesterday, store)
        )
    return len(sites)


def _statistics(site_id: str, day: str, tickets: list[Ticket]) -> list[dict]:
    """A day's aggregate per service. No ticket, number or person is in it: only counts.

    Besides the day's own figures it keeps what a longer period needs to be summed exactly:
    bookings and walk-ins, people served per hour of the day (Warsaw time, the hour they were
    called to the counter), and how many waited each whole number of seconds, from which the
    median and 90th percentile of any run of days follow. Aggregates kept before these were
    added lack them (see `period_statistics`).
    """
    rows = []
    for service_id in sorted({t.service_id for t in tickets}):
        mine = [t for t in tickets if t.service_id == service_id]
        waits = [(t.called_at - t.arrived_at).total_seconds() / 60 for t in mine if t.called_at]
        served = [t for t in mine if t.state == TicketState.SERVED and t.called_at]
        services = [(t.finished_at - t.called_at).total_seconds() / 60 for t in served]
        wait_median, wait_p90 = _percentiles(waits)
        service_median, service_p90 = _percentiles(services)
        by_hour = Tally(str(t.called_at.astimezone(clock.WARSAW).hour) for t in served)
        wait_seconds = Tally(
            str(round((t.called_at - t.arrived_at).total_seconds())) for t in mine if t.called_at
        )
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
                "booked": sum(t.booking_code is not None for t in mine),
                "walk_ins": sum(t.booking_code is None for t in mine),
                "served_by_hour": dict(sorted(by_hour.items(), key=lambda kv: int(kv[0]))),
                "wait_seconds": dict(sorted(wait_seconds.items(), key=lambda kv: int(kv[0]))),
            }
        )
    return rows


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DAY_FIGURES, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counted_percentiles(counts: dict[int, int]) -> tuple[float | None, float | None]:
    """Median and nearest-rank 90th percentile, in minutes, of values given as value → count.

    The same definitions as `_percentiles` (the median of an even count is the mean of the two
    middle values), without writing out a year of waits one by one.
    """
    total = sum(counts.values())
    if not total:
        return None, None
    ordered = sorted(counts.items())

    def nth(rank: int) -> int:  # the rank-th smallest value, counting from 1
        seen = 0
        for value, count in ordered:
            seen += count
            if seen >= rank:
                return value
        raise AssertionError("rank beyond the count")

    middle = (nth((total + 1) // 2) + nth(total // 2 + 1)) / 2
    p90 = nth(max(1, math.ceil(0.9 * total)))
    return round(middle / 60, 1), round(p90 / 60, 1)


@dataclass
class _Sum:
    """A service's figures summed over the days of a period."""

    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    booked: int = 0
    walk_ins: int = 0
    by_hour: Tally[int] = field(default_factory=Tally)
    wait_seconds: Tally[int] = field(default_factory=Tally)

    def add(self, row: dict) -> None:
        self.tickets += row["tickets"]
        self.served += row["served"]
        self.no_shows += row["no_shows"]
        self.booked += row.get("booked", 0)
        self.walk_ins += row.get("walk_ins", 0)
        self.by_hour.update({int(h): n for h, n in row.get("served_by_hour", {}).items()})
        self.wait_seconds.update({int(s): n for s, n in row.get("wait_seconds", {}).items()})

    def figures(self) -> dict:
        wait_median, wait_p90 = _counted_percentiles(self.wait_seconds)
        return {
            "tickets": self.tickets,
            "served": self.served,
            "no_shows": self.no_shows,
            "no_show_rate": _share(self.no_shows, self.served + self.no_shows),
            "booked": self.booked,
            "walk_ins": self.walk_ins,
            "wait_median_min": wait_median,
            "wait_p90_min": wait_p90,
        }


def period_statistics(site_id: str, first: date, last: date, store: Store, now: datetime) -> dict:
    """A site's queue figures over the days first..last, for the manager's dashboard.

    Past days come from the aggregates `keep_statistics` saved (one read for the whole
    period); today, not yet closed, from its tickets. Per service: tickets, served, no-shows and
    the no-show rate (of the people called, the share who did not come), bookings and walk-ins,
    the waiting time's median and 90th percentile; for all services: people served per hour of
    the day. `days_without_detail` lists the days whose aggregates were kept before bookings,
    hours and waits were: their tickets, served and no-shows count, the rest cannot.
    """
    if last < first:
        raise model.PeriodReversed(f"{first}..{last}")
    if (last - first).days + 1 > model.MAX_PERIOD_DAYS:
        raise model.PeriodTooLong(f"{first}..{last}")
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    days = store.tickets.queue_statistics_between(site_id, first.isoformat(), last.isoformat())
    today = clock.office_day(now)
    if first <= today <= last and today.isoformat() not in days:
        days[today.isoformat()] = _day_rows(site_id, today.isoformat(), store)
    sums: dict[str, _Sum] = {}
    everything = _Sum()
    without_detail = []
    for day, rows in sorted(days.items()):
        if any("wait_seconds" not in row for row in rows):
            without_detail.append(day)
        for row in rows:
            sums.setdefault(row["service"], _Sum()).add(row)
            everything.add(row)
    hours = sorted(everything.by_hour)
    by_hour = (
        [{"hour": h, "served": everything.by_hour[h]} for h in range(hours[0], hours[-1] + 1)]
        if hours
        else []
    )
    return {
        "site": site_id,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days_with_figures": sum(1 for rows in days.values() if rows),
        "days_without_detail": without_detail,
        "totals": everything.figures(),
        "by_hour": by_hour,
        "services": [{"service": service, **sums[service].figures()} for service in sorted(sums)],
    }


PERIOD_FIGURES = (
    "site",
    "from",
    "to",
    "service",
    "hour",
    "tickets",
    "served",
    "no_shows",
    "no_show_rate",
    "booked",
    "walk_ins",
    "wait_median_min",
    "wait_p90_min",
)


def period_as_csv(figures: dict) -> str:
    """A period's figures as one table: a row per service, one for all services ("*"),
    then one per hour of the day with the people served in it (service "*")."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PERIOD_FIGURES, lineterminator="\r\n")
    writer.writeheader()
    period = {"site": figures["site"], "from": figures["from"], "to": figures["to"]}
    for row in figures["services"]:
        writer.writerow(period | row)
    writer.writerow(period | {"service": "*"} | figures["totals"])
    for row in figures["by_hour"]:
        writer.writerow(period | {"service": "*"} | row)
    return out.getvalue()
