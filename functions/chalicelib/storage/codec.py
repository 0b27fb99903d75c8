"""Domain objects as plain JSON-able dicts, the same for every store."""

import logging
from datetime import UTC, date, datetime, time

from chalicelib import clock
from chalicelib.appointments.model import Booking, BookingState, Schedule, Service
from chalicelib.cases.model import CaseAccess, CaseEvent
from chalicelib.queue.model import Counter, Ticket, TicketState
from chalicelib.release.model import (
    Entry,
    EntryState,
    Offer,
    Person,
    Policy,
    Preferences,
    Release,
    ReleaseMode,
    ReleaseState,
    Waiter,
    WaiterState,
)


def parse_instant(text: str) -> datetime:
    """A stored instant; one that cannot be read is an error of the store, not of a person."""
    moment = clock.parse_instant(text)
    if moment is None:
        raise ValueError(f"{text!r} is not a stored instant")
    return moment


def service_to_dict(service: Service) -> dict:
    return {
        "id": service.id,
        "name": dict(service.name),
        "duration_minutes": service.duration_minutes,
        "letter": service.letter,
        "group_capacity": service.group_capacity,
        "identifiers": list(service.identifiers),
        "guide": service.guide,
        "walk_in_cap": service.walk_in_cap,
    }


def service_from_dict(data: dict) -> Service:
    return Service(
        id=data["id"],
        name=dict(data["name"]),
        duration_minutes=int(data["duration_minutes"]),
        letter=data["letter"],
        group_capacity=int(data["group_capacity"]) if data.get("group_capacity") else None,
        identifiers=tuple(data.get("identifiers") or ()),
        guide=data.get("guide") or "book/",
        walk_in_cap=int(data.get("walk_in_cap") or 0),
    )


def schedule_to_dict(schedule: Schedule) -> dict:
    return {
        "site_id": schedule.site_id,
        "service_id": schedule.service_id,
        "weekly": {
            str(day): [[start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in periods]
            for day, periods in sorted(schedule.weekly.items())
        },
        "counters": schedule.counters,
        "window_days": schedule.window_days,
        "release_at": schedule.release_at.strftime("%H:%M"),
        "min_notice_hours": schedule.min_notice_hours,
        "change_cutoff_hours": schedule.change_cutoff_hours,
    }


def schedule_from_dict(data: dict) -> Schedule:
    return Schedule(
        site_id=data["site_id"],
        service_id=data["service_id"],
        weekly={
            int(day): tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in periods)
            for day, periods in data["weekly"].items()
        },
        counters=int(data["counters"]),
        window_days=int(data["window_days"]),
        release_at=time.fromisoformat(data["release_at"]),
        min_notice_hours=int(data["min_notice_hours"]),
        change_cutoff_hours=int(data["change_cutoff_hours"]),
    )


def booking_to_dict(booking: Booking) -> dict:
    return {
        "code": booking.code,
        "site_id": booking.site_id,
        "service_id": booking.service_id,
        "start": clock.format_instant(booking.start),
        "name": booking.name,
        "email": booking.email,
        "phone": booking.phone,
        "document_hash": booking.document_hash,
        "language": booking.language,
        "identifiers": dict(booking.identifiers),
        "state": booking.state.value,
        "created_at": clock.format_instant(booking.created_at),
        "hold_expires_at": clock.format_instant(booking.hold_expires_at),
        "confirm_hash": booking.confirm_hash,
        "manage_hash": booking.manage_hash,
        "seat": booking.seat,
        "reminded": booking.reminded,
        "history": list(booking.history),
        "sequence": booking.sequence,
    }


def booking_from_dict(data: dict) -> Booking:
    return Booking(
        code=data["code"],
        site_id=data["site_id"],
        service_id=data["service_id"],
        start=parse_instant(data["start"]),
        name=data["name"],
        email=data["email"],
        phone=data.get("phone"),
        document_hash=data["document_hash"],
        language=data["language"],
        identifiers=dict(data.get("identifiers") or {}),
        state=BookingState(data["state"]),
        created_at=parse_instant(data["created_at"]),
        hold_expires_at=parse_instant(data["hold_expires_at"]),
        confirm_hash=data["confirm_hash"],
        manage_hash=data.get("manage_hash") or "",
        seat=int(data["seat"]),
        reminded=bool(data.get("reminded")),
        history=tuple(data.get("history") or ()),
        sequence=int(data.get("sequence") or 0),  # bookings stored before it had none
    )


def event_to_dict(event: CaseEvent) -> dict:
    return {
        "id": event.id,
        "case_number": event.case_number,
        "type": event.type,
        "occurred_at": clock.format_instant(event.occurred_at),
        "data": event.data,
    }


def event_from_dict(data: dict) -> CaseEvent:
    return CaseEvent(
        id=data["id"],
        case_number=data["case_number"],
        type=data["type"],
        occurred_at=parse_instant(data["occurred_at"]),
        data=_plain(data.get("data") or {}),
    )


def event_record(doc: dict) -> dict:
    """A stored event as stored, for checks: nothing decoded, whatever it holds."""
    keys = ("id", "case_number", "type", "occurred_at", "data")
    return {key: _plain(doc.get(key)) for key in keys}


def readable_events(docs: list[dict]) -> list[CaseEvent]:
    """The events among stored records that can be read back; one that cannot (written before
    today's rules, say with the year 1 as "1-01-01T00:00:00Z") is left out, not allowed to break
    its case. The log says only that it happened: `make admin ARGS="cases check"` lists it."""
    events = []
    for doc in docs:
        try:
            events.append(event_from_dict(doc))
        except (KeyError, TypeError, ValueError):
            logging.getLogger("blizej.cases").error(
                "a stored case event cannot be read and is left out of its case;"
                ' make admin ARGS="cases check" lists it'
            )
    return events


def access_to_dict(access: CaseAccess) -> dict:
    return {
        "case_number": access.case_number,
        "code_hash": access.code_hash,
        "language": access.language,
        "email": access.email,
        "retain_until": clock.format_instant(access.retain_until) if access.retain_until else None,
    }


def access_from_dict(data: dict) -> CaseAccess:
    retain = data.get("retain_until")
    return CaseAccess(
        case_number=data["case_number"],
        code_hash=data["code_hash"],
        language=data["language"],
        email=data.get("email"),
        retain_until=parse_instant(retain) if retain else None,
    )


def _plain(value):
    """DynamoDB hands numbers back as Decimal; events carry only whole numbers."""
    from decimal import Decimal

    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return int(value)
    return value


def _maybe_instant(value: datetime | None) -> str | None:
    return clock.format_instant(value) if value else None


def _maybe_parse(text: str | None) -> datetime | None:
    return parse_instant(text) if text else None


def ticket_to_dict(ticket: Ticket) -> dict:
    return {
        "id": ticket.id,
        "site_id": ticket.site_id,
        "day": ticket.day,
        "number": ticket.number,
        "service_id": ticket.service_id,
        "arrived_at": clock.format_instant(ticket.arrived_at),
        "state": ticket.state.value,
        "appointment": _maybe_instant(ticket.appointment),
        "booking_code": ticket.booking_code,
        "priority_requested": ticket.priority_requested,
        "priority": ticket.priority,
        "calls": ticket.calls,
        "counter": ticket.counter,
        "called_at": _maybe_instant(ticket.called_at),
        "finished_at": _maybe_instant(ticket.finished_at),
        "language": ticket.language,
    }


def ticket_from_dict(data: dict) -> Ticket:
    return Ticket(
        id=data["id"],
        site_id=data["site_id"],
        day=data["day"],
        number=data["number"],
        service_id=data["service_id"],
        arrived_at=parse_instant(data["arrived_at"]),
        state=TicketState(data["state"]),
        appointment=_maybe_parse(data.get("appointment")),
        booking_code=data.get("booking_code"),
        priority_requested=bool(data.get("priority_requested")),
        priority=bool(data.get("priority")),
        calls=int(data.get("calls") or 0),
        counter=data.get("counter"),
        called_at=_maybe_parse(data.get("called_at")),
        finished_at=_maybe_parse(data.get("finished_at")),
        language=data.get("language") or "pl",
    )


def counter_to_dict(counter: Counter) -> dict:
    return {
        "site_id": counter.site_id,
        "id": counter.id,
        "services": list(counter.services),
        "open": counter.open,
        "paused_since": (
            clock.format_instant(counter.paused_since) if counter.paused_since else None
        ),
    }


def counter_from_dict(data: dict) -> Counter:
    paused = data.get("paused_since")
    return Counter(
        data["site_id"],
        data["id"],
        tuple(data["services"]),
        bool(data["open"]),
        parse_instant(paused) if paused else None,
    )


# The fair release. Instants of the waiting list keep their microseconds: the draw orders the
# people it did not draw by its lottery rank in microseconds after the draw instant.
PRECISE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_precise(moment: datetime) -> str:
    """An instant as sortable UTC text to the microsecond: 2027-01-11T08:00:00.000001Z."""
    return moment.astimezone(UTC).strftime(PRECISE_FORMAT)


def parse_precise(text: str) -> datetime:
    return datetime.strptime(text, PRECISE_FORMAT).replace(tzinfo=UTC)


def policy_to_dict(policy: Policy) -> dict:
    return {
        "site_id": policy.site_id,
        "service_id": policy.service_id,
        "mode": policy.mode.value,
        "offer_minutes": policy.offer_minutes,
    }


def policy_from_dict(data: dict) -> Policy:
    return Policy(
        site_id=data["site_id"],
        service_id=data["service_id"],
        mode=ReleaseMode(data["mode"]),
        offer_minutes=int(data["offer_minutes"]),
    )


def release_to_dict(release: Release) -> dict:
    return {
        "id": release.id,
        "site_id": release.site_id,
        "service_id": release.service_id,
        "first_day": release.first_day.isoformat(),
        "last_day": release.last_day.isoformat(),
        "entries_open": clock.format_instant(release.entries_open),
        "entries_close": clock.format_instant(release.entries_close),
        "draw_at": clock.format_instant(release.draw_at),
        "commitment": release.commitment,
        "seed": release.seed,
        "state": release.state.value,
        "drawn_at": clock.format_instant(release.drawn_at) if release.drawn_at else None,
        "seats": release.seats,
        "entries": release.entries,
        "won": release.won,
        "drawn_seats": [[clock.format_instant(start), n] for start, n in release.drawn_seats],
    }


def release_from_dict(data: dict) -> Release:
    return Release(
        id=data["id"],
        site_id=data["site_id"],
        service_id=data["service_id"],
        first_day=date.fromisoformat(data["first_day"]),
        last_day=date.fromisoformat(data["last_day"]),
        entries_open=parse_instant(data["entries_open"]),
        entries_close=parse_instant(data["entries_close"]),
        draw_at=parse_instant(data["draw_at"]),
        commitment=data["commitment"],
        seed=data["seed"],
        state=ReleaseState(data["state"]),
        drawn_at=parse_instant(data["drawn_at"]) if data.get("drawn_at") else None,
        seats=int(data.get("seats") or 0),
        entries=int(data.get("entries") or 0),
        won=int(data.get("won") or 0),
        drawn_seats=tuple(
            (parse_instant(start), int(n)) for start, n in data.get("drawn_seats") or ()
        ),
    )


def person_to_dict(person: Person) -> dict:
    return {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "document_hash": person.document_hash,
        "language": person.language,
        "identifiers": dict(person.identifiers),
    }


def person_from_dict(data: dict) -> Person:
    return Person(
        name=data["name"],
        email=data["email"],
        phone=data.get("phone"),
        document_hash=data["document_hash"],
        language=data["language"],
        identifiers=dict(data.get("identifiers") or {}),
    )


def entry_to_dict(entry: Entry) -> dict:
    return {
        "release_id": entry.release_id,
        "id": entry.id,
        "ticket": entry.ticket,
        "person": person_to_dict(entry.person),
        "preferences": entry.preferences.as_dict(),
        "state": entry.state.value,
        "created_at": clock.format_instant(entry.created_at),
        "confirm_hash": entry.confirm_hash,
        "client_hash": entry.client_hash,
        "booking_code": entry.booking_code,
        "drawn_start": _maybe_instant(entry.drawn_start),
        "not_booked": entry.not_booked,
    }


def entry_from_dict(data: dict) -> Entry:
    return Entry(
        release_id=data["release_id"],
        id=data["id"],
        ticket=data["ticket"],
        person=person_from_dict(data["person"]),
        preferences=Preferences.from_dict(_plain(data.get("preferences"))),
        state=EntryState(data["state"]),
        created_at=parse_instant(data["created_at"]),
        confirm_hash=data["confirm_hash"],
        client_hash=data["client_hash"],
        booking_code=data.get("booking_code"),
        drawn_start=parse_instant(data["drawn_start"]) if data.get("drawn_start") else None,
        not_booked=data.get("not_booked"),
    )


def waiter_to_dict(waiter: Waiter) -> dict:
    offer = waiter.offer
    return {
        "id": waiter.id,
        "site_id": waiter.site_id,
        "service_id": waiter.service_id,
        "person": person_to_dict(waiter.person),
        "preferences": waiter.preferences.as_dict(),
        "joined_at": format_precise(waiter.joined_at),
        "state": waiter.state.value,
        "manage_hash": waiter.manage_hash,
        "offer": {
            "code": offer.code,
            "start": clock.format_instant(offer.start),
            "expires_at": clock.format_instant(offer.expires_at),
        }
        if offer
        else None,
        "declined": [clock.format_instant(start) for start in waiter.declined],
        "lapsed": waiter.lapsed,
        "ended_at": _maybe_instant(waiter.ended_at),
    }


def waiter_from_dict(data: dict) -> Waiter:
    offer = data.get("offer")
    return Waiter(
        id=data["id"],
        site_id=data["site_id"],
        service_id=data["service_id"],
        person=person_from_dict(data["person"]),
        preferences=Preferences.from_dict(_plain(data.get("preferences"))),
        joined_at=parse_precise(data["joined_at"]),
        state=WaiterState(data["state"]),
        manage_hash=data["manage_hash"],
        offer=Offer(
            code=offer["code"],
            start=parse_instant(offer["start"]),
            expires_at=parse_instant(offer["expires_at"]),
        )
        if offer
        else None,
        declined=tuple(parse_instant(start) for start in data.get("declined") or ()),
        lapsed=int(data.get("lapsed") or 0),
        ended_at=parse_instant(data["ended_at"]) if data.get("ended_at") else None,
    )


def list_key(waiter: Waiter) -> str:
    """A place's key in list order, which is also the cursor of `WaitingList.waiting`."""
    return f"{format_precise(waiter.joined_at)}#{waiter.id}"
