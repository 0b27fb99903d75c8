"""Use cases of the appointment calendar. Primitives in, results out; store and mailer last."""

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from chalicelib import clock
from chalicelib.appointments import emails, ics
from chalicelib.appointments.model import (
    HOLD_MINUTES,
    AppointmentStarted,
    Booking,
    BookingNotFound,
    BookingState,
    CodeTaken,
    ConfirmedEarlier,
    HoldExpired,
    NotBookable,
    Schedule,
    Service,
    ServiceNotFound,
    Slot,
    TooLateToChange,
    bookable_slots,
    free_seats,
    new_code,
    new_token,
    slot_at,
)
from chalicelib.appointments.ports import HeldBack
from chalicelib.appointments.ports import Stores as Store
from chalicelib.clock import WARSAW
from chalicelib.config import page_url, settings
from chalicelib.errors import FieldsInvalid, RateLimited
from chalicelib.mail.port import Mailer, MailFailed
from chalicelib.release.model import InBallot
from chalicelib.security import keyed_hash, keyed_token, matches, normalise_document
from chalicelib.sites.model import Site, SiteNotFound


class InvalidSchedule(FieldsInvalid):
    """A weekly schedule with a period that ends before it starts, or periods that overlap."""

    def __init__(self, reason: str) -> None:
        super().__init__([("weekly", "wrong-format")])
        self.reason = reason


class IdentifiersMissing(FieldsInvalid):
    """The service needs identifiers the person did not give."""

    def __init__(self, names: list[str]) -> None:
        super().__init__([(f"identifiers.{name}", "required") for name in names])
        self.names = names


@dataclass(frozen=True)
class DayAvailability:
    day: date
    slots: list[tuple[Slot, int]]  # each slot with its free seats


@dataclass(frozen=True)
class Applicant:
    name: str
    email: str
    phone: str | None
    document: str
    language: str
    identifiers: dict[str, str]


def _catalogue(site_id: str, service_id: str, store: Store) -> tuple[Site, Service, Schedule]:
    site = store.sites.get_site(site_id)
    if site is None:
        raise SiteNotFound(site_id)
    service = store.catalogue.get_service(service_id)
    schedule = store.catalogue.get_schedule(site_id, service_id)
    if service is None or schedule is None:
        raise ServiceNotFound(service_id)
    return site, service, schedule


def services_at(site_id: str, store: Store) -> list[Service]:
    """The services an office offers by appointment."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    by_id = {service.id: service for service in store.catalogue.list_services()}
    return [
        by_id[s.service_id]
        for s in store.catalogue.list_schedules(site_id)
        if s.service_id in by_id
    ]


def availability(
    site_id: str, service_id: str, first: date, last: date, store: Store, now: datetime
) -> list[DayAvailability]:
    """Free seats per slot and day; only days with at least one free seat are listed."""
    _site, service, schedule = _catalogue(site_id, service_id, store)
    closures = store.catalogue.closures(site_id, first, last)
    slots = bookable_slots(service, schedule, first, last, closures, now)
    if not slots:
        return []
    releases = store.ballots.releases_of(site_id, service_id)
    slots = [slot for slot in slots if not _in_ballot(releases, slot.start)]
    if not slots:
        return []
    taken = store.bookings.seats_taken(
        site_id, service_id, slots[0].start, slots[-1].start + timedelta(seconds=1), now
    )
    days: dict[date, list[tuple[Slot, int]]] = {}
    for slot in slots:
        free = free_seats(slot.capacity, taken.get(slot.start, 0))
        if free > 0:
            days.setdefault(clock.office_day(slot.start), []).append((slot, free))
    return [DayAvailability(day, day_slots) for day, day_slots in days.items()]


def _in_ballot(releases: Sequence[HeldBack], start: datetime) -> bool:
    return any(release.holds_back(start) for release in releases)


def _bookable_slot(
    service: Service, schedule: Schedule, site_id: str, start: datetime, store: Store, now: datetime
) -> Slot:
    day = clock.office_day(start)
    closures = store.catalogue.closures(site_id, day, day)
    return slot_at(bookable_slots(service, schedule, day, day, closures, now), start)


def hold_booking(
    site_id: str,
    service_id: str,
    start: datetime,
    applicant: Applicant,
    client: str,
    idempotency_key: str | None,
    store: Store,
    mailer: Mailer,
    now: datetime,
) -> Booking:
    """Holds a seat for 15 minutes and emails the link that confirms it."""
    site, service, schedule = _catalogue(site_id, service_id, store)
    missing = [name for name in service.identifiers if not applicant.identifiers.get(name)]
    if missing:
        raise IdentifiersMissing(missing)
    slot = _bookable_slot(service, schedule, site_id, start, store, now)
    if _in_ballot(store.ballots.releases_of(site_id, service_id), slot.start):
        raise InBallot(slot.start.isoformat())  # its seats go by the draw, not first come
    window = now.strftime("%Y%m%d%H")
    client_key = keyed_hash("client", client)
    limit = settings().hold_limit_per_hour
    if not store.upkeep.take_rate_token(client_key, window, limit, now + timedelta(hours=2)):
        raise RateLimited(3600 - now.minute * 60 - now.second)
    token = new_token()
    document_hash = keyed_hash("document", normalise_document(applicant.document))
    idempotency = None
    if idempotency_key:
        fingerprint = keyed_hash(
            "request", "|".join([site_id, service_id, start.isoformat(), document_hash])
        )
        idempotency = (keyed_hash("idempotency", idempotency_key), fingerprint)
    for _attempt in range(5):
        booking = Booking(
            code=new_code(site_id),
            site_id=site_id,
            service_id=service_id,
            start=start,
            name=applicant.name.strip(),
            email=applicant.email.strip(),
            phone=applicant.phone,
            document_hash=document_hash,
            language=applicant.language,
            identifiers=dict(applicant.identifiers),
            state=BookingState.HELD,
            created_at=now,
            hold_expires_at=now + timedelta(minutes=HOLD_MINUTES),
            confirm_hash=keyed_hash("confirm", token),
        )
        try:
            held = store.bookings.hold(booking, slot.capacity, now, idempotency)
        except CodeTaken:
            continue
        if held.code != booking.code:
            return held  # the same request again: its email went out the first time
        link = page_url(held.language, f"book/#confirm={held.code}&token={token}")
        _send(mailer, store, held, emails.compose("hold", _appointment(held, site, service), link))
        return held
    raise CodeTaken("no free code after 5 draws")


def _send(mailer: Mailer, store: Store, booking: Booking, email) -> None:
    """Sends a hold's email; if it cannot go out, the hold is released at once, not left behind."""
    try:
        mailer.send(email)
    except MailFailed:
        if booking.state == BookingState.HELD:
            store.bookings.cancel(booking.code, booking.created_at, booking.created_at)
        raise


def confirm_booking(
    code: str, token: str, store: Store, mailer: Mailer, now: datetime
) -> tuple[Booking, str]:
    """Confirms a hold with the token from its email; returns the booking and its manage token.

    The same link again (a second click, a reload, the email opened later) answers with the
    booking as it is now and sends no second email: the manage token is made from the confirm
    token, so it comes out the same every time.
    """
    booking = store.bookings.get_booking(code)
    if booking is None or not matches("confirm", token, booking.confirm_hash):
        raise BookingNotFound(code)
    manage_token = keyed_token("manage", token)
    if booking.state == BookingState.CONFIRMED:
        return _confirmed_before(booking, manage_token), manage_token
    if not booking.is_live_hold(now):
        raise HoldExpired(code)
    try:
        confirmed = store.bookings.confirm(code, keyed_hash("manage", manage_token), now)
    except HoldExpired:
        again = store.bookings.get_booking(
            code
        )  # two clicks at once: the other one may have confirmed it
        if again is None or again.state != BookingState.CONFIRMED:
            raise
        return _confirmed_before(again, manage_token), manage_token
    site, service, _schedule = _catalogue(confirmed.site_id, confirmed.service_id, store)
    _notify(mailer, "confirmed", confirmed, site, service, manage_token, now)
    return confirmed, manage_token


def notify_confirmed(
    booking: Booking, manage_token: str, store: Store, mailer: Mailer, now: datetime
) -> None:
    """The normal `confirmed` e-mail with its manage link, for a booking confirmed elsewhere
    (a seat won in a ballot, an accepted waiting-list offer)."""
    site, service, _schedule = _catalogue(booking.site_id, booking.service_id, store)
    _notify(mailer, "confirmed", booking, site, service, manage_token, now)


def offered(site_id: str, service_id: str, store: Store) -> tuple[Site, Service, Schedule]:
    """The office, the service and its schedule there; SiteNotFound or ServiceNotFound."""
    return _catalogue(site_id, service_id, store)


def _confirmed_before(booking: Booking, manage_token: str) -> Booking:
    if not matches("manage", manage_token, booking.manage_hash):
        raise ConfirmedEarlier(booking.code)  # its manage token was drawn at random, not made
    return booking


def managed_booking(code: str, token: str, store: Store, now: datetime) -> Booking:
    """The booking, for the person holding its manage token."""
    booking = store.bookings.get_booking(code)
    if booking is None or not matches("manage", token, booking.manage_hash):
        raise BookingNotFound(code)
    return booking


def change_deadline(booking: Booking, store: Store) -> datetime:
    """The last instant at which the booking can still be moved online (the schedule's cutoff).

    Cancelling has no such cutoff: a booking can be cancelled until it starts, so that someone
    who cannot come frees the seat instead of not showing up.
    """
    _site, _service, schedule = _catalogue(booking.site_id, booking.service_id, store)
    return booking.start - timedelta(hours=schedule.change_cutoff_hours)


def _check_confirmed(booking: Booking) -> None:
    if booking.state != BookingState.CONFIRMED:
        raise BookingNotFound(booking.code)


def _check_change_allowed(booking: Booking, schedule: Schedule, now: datetime) -> None:
    _check_confirmed(booking)
    if booking.start - now < timedelta(hours=schedule.change_cutoff_hours):
        raise TooLateToChange(booking.code)


def _check_cancel_allowed(booking: Booking, now: datetime) -> None:
    _check_confirmed(booking)
    if now >= booking.start:
        raise AppointmentStarted(booking.code)


def _release_at(now: datetime) -> datetime:
    low, high = settings().release_delay_seconds
    return now + timedelta(seconds=low + secrets.randbelow(max(high - low, 0) + 1))


def release_at(now: datetime) -> datetime:
    """When a seat let go at `now` is free again: after a random delay, so that nobody can tell
    the instant a cancelled seat comes back and grab it first."""
    return _release_at(now)


def cancel_booking(
    code: str,
    token: str,
    store: Store,
    mailer: Mailer,
    now: datetime,
    hand_on: Callable[[Booking], bool] | None = None,
) -> Booking:
    """Cancels a booking until the appointment starts; the seat goes back after a delay.

    `hand_on` may give the seat to someone else instead (the waiting list): when it answers
    True it has cancelled the booking itself, handing the seat over in the same write.
    """
    booking = managed_booking(code, token, store, now)
    site, service, _schedule = _catalogue(booking.site_id, booking.service_id, store)
    _check_cancel_allowed(booking, now)
    handed = hand_on is not None and hand_on(booking)
    if handed:
        cancelled = store.bookings.get_booking(code) or booking.cancelled()
    else:
        cancelled = store.bookings.cancel(code, _release_at(now), now)
    _notify(mailer, "cancelled", cancelled, site, service, None, now)
    return cancelled


def reschedule_booking(
    code: str,
    token: str,
    start: datetime,
    store: Store,
    mailer: Mailer,
    now: datetime,
    hand_on: Callable[[Booking, datetime, int], Booking | None] | None = None,
) -> Booking:
    """Moves a booking to another slot: the new seat is taken before the old one is let go.

    `hand_on(booking, start, capacity)` may move it itself, giving the old seat to someone
    else in the same write (the waiting list): it answers the moved booking, or None when
    nobody took the old seat and the booking is moved as usual.
    """
    booking = managed_booking(code, token, store, now)
    site, service, schedule = _catalogue(booking.site_id, booking.service_id, store)
    _check_change_allowed(booking, schedule, now)
    slot = _bookable_slot(service, schedule, booking.site_id, start, store, now)
    if _in_ballot(store.ballots.releases_of(booking.site_id, booking.service_id), slot.start):
        raise InBallot(slot.start.isoformat())
    if slot.start == booking.start:
        raise NotBookable("the booking is already at this time")
    moved = hand_on(booking, start, slot.capacity) if hand_on is not None else None
    if moved is None:
        moved = store.bookings.reschedule(code, start, slot.capacity, _release_at(now), now)
    _notify(mailer, "confirmed", moved, site, service, token, now)
    return moved


def send_confirmation(
    booking: Booking, manage_token: str, store: Store, mailer: Mailer, now: datetime
) -> None:
    """The normal "confirmed" email with the manage link, for a booking confirmed by another
    path than the hold's link (a waiting-list offer accepted, a ballot won)."""
    site, service, _schedule = _catalogue(booking.site_id, booking.service_id, store)
    _notify(mailer, "confirmed", booking, site, service, manage_token, now)


def booking_calendar(code: str, token: str, store: Store, now: datetime) -> bytes:
    booking = managed_booking(code, token, store, now)
    site, service, _schedule = _catalogue(booking.site_id, booking.service_id, store)
    return _calendar(booking, site, service, now)


def send_reminders(store: Store, mailer: Mailer, now: datetime) -> int:
    """Reminds everyone booked for tomorrow (Warsaw days), once each; returns how many."""
    tomorrow = clock.office_day(now) + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), WARSAW)
    end = start + timedelta(days=1)
    sent = 0
    for site in store.sites.list_sites():
        for schedule in store.catalogue.list_schedules(site.id):
            service = store.catalogue.get_service(schedule.service_id)
            if service is None:
                continue
            for booking in store.bookings.bookings_between(site.id, service.id, start, end, now):
                if booking.state == BookingState.CONFIRMED and store.bookings.mark_reminded(
                    booking.code
                ):
                    _notify(mailer, "reminder", booking, site, service, None, now)
                    sent += 1
    return sent


def _appointment(booking: Booking, site: Site, service: Service) -> emails.Appointment:
    language = booking.language
    place = site.name[language] + (f", {site.address}" if site.address else "")
    return emails.Appointment(
        booking.code,
        booking.name,
        booking.email,
        language,
        service.name[language],
        place,
        booking.start,
    )


def _calendar(booking: Booking, site: Site, service: Service, now: datetime) -> bytes:
    appointment = _appointment(booking, site, service)
    return ics.calendar_file(
        uid=f"{booking.code}@blizej",
        start=booking.start,
        end=booking.start + timedelta(minutes=service.duration_minutes),
        summary=f"{appointment.service} — {booking.code}",
        location=appointment.place,
        description=emails.details(appointment),
        stamp=now,
        sequence=booking.sequence,
        cancelled=booking.state == BookingState.CANCELLED,
    )


def _notify(
    mailer: Mailer,
    kind: str,
    booking: Booking,
    site: Site,
    service: Service,
    manage_token: str | None,
    now: datetime,
) -> None:
    """Emails after a committed change. The change stands if the email fails: it is logged."""
    language = booking.language
    link = page_url(language, "book/")
    if manage_token:
        link = page_url(language, f"book/#manage={booking.code}&token={manage_token}")
    with_calendar = kind in ("confirmed", "cancelled")  # a cancellation removes the event
    calendar = _calendar(booking, site, service, now) if with_calendar else None
    email = emails.compose(
        kind,
        _appointment(booking, site, service),
        link,
        page_url(language, service.guide),
        calendar,
        with_code_image=kind in ("confirmed", "reminder"),  # the kiosk scans the code
    )
    try:
        mailer.send(email)
    except MailFailed:
        logging.getLogger("blizej.mail").exception("could not send the %s email", kind)


# Staff: the catalogue and the day's list.


def save_service(
    service_id: str,
    name: dict[str, str],
    duration_minutes: int,
    letter: str,
    group_capacity: int | None,
    identifiers: list[str],
    guide: str,
    store: Store,
) -> Service:
    service = Service(
        service_id, name, duration_minutes, letter, group_capacity, tuple(identifiers), guide
    )
    store.catalogue.save_service(service)
    return service


def save_schedule(schedule: Schedule, store: Store) -> Schedule:
    """Sets when a site serves a service; refuses periods that end before they start."""
    if store.sites.get_site(schedule.site_id) is None:
        raise SiteNotFound(schedule.site_id)
    if store.catalogue.get_service(schedule.service_id) is None:
        raise ServiceNotFound(schedule.service_id)
    for periods in schedule.weekly.values():
        if any(start >= end for start, end in periods):
            raise InvalidSchedule("a period must end after it starts")
        ordered = sorted(periods)
        if any(a[1] > b[0] for a, b in pairwise(ordered)):
            raise InvalidSchedule("periods of a day must not overlap")
    store.catalogue.save_schedule(schedule)
    return schedule


def set_closure(site_id: str, day: date, closed: bool, store: Store) -> None:
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    store.catalogue.set_closure(site_id, day, closed)


def day_bookings(site_id: str, day: date, store: Store, now: datetime) -> list[Booking]:
    """Every active booking of a site on one Warsaw day, in order of time."""
    if store.sites.get_site(site_id) is None:
        raise SiteNotFound(site_id)
    start = datetime.combine(day, datetime.min.time(), WARSAW)
    end = start + timedelta(days=1)
    found = [
        booking
        for schedule in store.catalogue.list_schedules(site_id)
        for booking in store.bookings.bookings_between(
            site_id, schedule.service_id, start, end, now
        )
    ]
    return sorted(found, key=lambda booking: (booking.start, booking.service_id, booking.code))
