"""Use cases of the waiting list: join, see one's place, leave, answer offers, and give every
freed seat to the next person on the list who wants it before anyone else can take it.

A seat freed by a cancellation or an unanswered, declined or given-up offer goes straight from
one booking to the next person's hold (`Bookings.hand_over`): it is never free in between. Only
when nobody on the list wants it is it let go as before (free again after a random delay).
"""

import logging
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta

from chalicelib import clock
from chalicelib.appointments import services as appointments
from chalicelib.appointments.model import (
    AlreadyBooked,
    Booking,
    BookingNotFound,
    BookingState,
    CodeTaken,
    HoldExpired,
    Service,
    ServiceNotFound,
    SlotFull,
    new_code,
    new_token,
)
from chalicelib.config import page_url, settings
from chalicelib.errors import RateLimited
from chalicelib.mail.port import Email, Mailer, MailFailed
from chalicelib.release import emails
from chalicelib.release.links import waiting_token
from chalicelib.release.model import (
    OFFER_GRACE,
    Offer,
    OfferLapsed,
    OfferNotFound,
    Person,
    Preferences,
    Waiter,
    WaiterChanged,
    WaiterNotFound,
    WaiterState,
    new_id,
)
from chalicelib.release.ports import Stores as Store
from chalicelib.security import keyed_hash, keyed_token, matches, normalise_document
from chalicelib.sites.model import Site, SiteNotFound

log = logging.getLogger("blizej.waiting")

LAPSES_ALLOWED = 2  # unanswered offers after which a place is given up
DEFAULT_OFFER_MINUTES = 120


def _catalogue(site_id: str, service_id: str, store: Store) -> tuple[Site, Service]:
    site = store.sites.get_site(site_id)
    if site is None:
        raise SiteNotFound(site_id)
    service = store.catalogue.get_service(service_id)
    if service is None or store.catalogue.get_schedule(site_id, service_id) is None:
        raise ServiceNotFound(service_id)
    return site, service


def _offer_minutes(site_id: str, service_id: str, store: Store) -> int:
    policy = store.ballots.get_policy(site_id, service_id)
    return policy.offer_minutes if policy else DEFAULT_OFFER_MINUTES


def _link(waiter: Waiter) -> str:
    token = waiting_token(waiter.id)
    if not matches("waiting", token, waiter.manage_hash):
        # A place whose token was drawn at random: its first e-mail has the link with it.
        return page_url(waiter.person.language, f"book/#waiting={waiter.id}")
    return page_url(waiter.person.language, f"book/#waiting={waiter.id}&token={token}")


def _place(site: Site, language: str) -> str:
    return site.name[language] + (f", {site.address}" if site.address else "")


def _send(mailer: Mailer, email: Email, kind: str) -> None:
    """The change stands if the e-mail cannot go out: the person still sees it on the page."""
    try:
        mailer.send(email)
    except MailFailed:
        log.exception("could not send the %s email", kind)


def join(
    site_id: str,
    service_id: str,
    applicant: appointments.Applicant,
    preferences: Preferences,
    client: str,
    store: Store,
    mailer: Mailer,
    now: datetime,
) -> tuple[Waiter, int]:
    """Puts a person on a service's waiting list and e-mails the link to their place.

    Returns the place and its position. AlreadyWaiting when the document holds a live place on
    this list; every check runs before the first write.
    """
    site, service = _catalogue(site_id, service_id, store)
    missing = [name for name in service.identifiers if not applicant.identifiers.get(name)]
    if missing:
        raise appointments.IdentifiersMissing(missing)
    client_key = keyed_hash("client", client)
    limit = settings().hold_limit_per_hour
    if not store.upkeep.take_rate_token(
        client_key, now.strftime("%Y%m%d%H"), limit, now + timedelta(hours=2)
    ):
        raise RateLimited(3600 - now.minute * 60 - now.second)
    waiter_id = new_id("W")
    person_identifiers = {k: v for k, v in applicant.identifiers.items() if v}
    waiter = Waiter(
        id=waiter_id,
        site_id=site_id,
        service_id=service_id,
        person=_person(applicant, person_identifiers),
        preferences=preferences,
        joined_at=now,
        state=WaiterState.WAITING,
        manage_hash=keyed_hash("waiting", waiting_token(waiter_id)),
    )
    store.waiting.join(waiter)
    position = store.waiting.position(waiter)
    language = waiter.person.language
    email = emails.waiting_joined(
        language,
        waiter.person.email,
        waiter.person.name,
        service.name[language],
        _place(site, language),
        position,
        _link(waiter),
    )
    _send(mailer, email, "waiting-joined")
    return waiter, position


def _person(applicant: appointments.Applicant, identifiers: dict[str, str]) -> Person:
    return Person(
        name=applicant.name.strip(),
        email=applicant.email.strip(),
        phone=applicant.phone,
        document_hash=keyed_hash("document", normalise_document(applicant.document)),
        language=applicant.language,
        identifiers=identifiers,
    )


def managed_waiter(waiter_id: str, token: str, store: Store) -> Waiter:
    """The place, for the holder of its link's token; WaiterNotFound for any other."""
    waiter = store.waiting.get_waiter(waiter_id)
    if waiter is None or not matches("waiting", token, waiter.manage_hash):
        raise WaiterNotFound(waiter_id)
    return waiter


def view(waiter_id: str, token: str, store: Store) -> tuple[Waiter, int | None]:
    """The place and its position on the list (None once booked or left)."""
    waiter = managed_waiter(waiter_id, token, store)
    return waiter, store.waiting.position(waiter) if waiter.is_live() else None


def leave(waiter_id: str, token: str, store: Store, mailer: Mailer, now: datetime) -> Waiter:
    """Gives the place up; a seat held for the person passes on to the next one at once.

    Leaving twice answers the same; a place already booked stays booked.
    """
    waiter = managed_waiter(waiter_id, token, store)
    if not waiter.is_live():
        return waiter
    left = replace(waiter, state=WaiterState.LEFT, offer=None, ended_at=now)
    store.waiting.update_waiter(left, waiter.state)
    if waiter.offer is not None:
        _pass_on_or_release(waiter.offer.code, store, mailer, now)
    return left


def accept(
    waiter_id: str, token: str, store: Store, mailer: Mailer, now: datetime
) -> tuple[Booking, str]:
    """Books the seat offered: the hold becomes a confirmed booking with its manage link.

    Returns the booking and its manage token. The same link again answers the same booking.
    OfferNotFound without an open offer, OfferLapsed once its answer time is over.
    """
    waiter = managed_waiter(waiter_id, token, store)
    manage_token = keyed_token("manage", token)
    if waiter.state == WaiterState.BOOKED and waiter.offer is not None:
        booking = store.bookings.get_booking(waiter.offer.code)
        if booking is not None and booking.state == BookingState.CONFIRMED:
            return booking, manage_token
    if waiter.state != WaiterState.OFFERED or waiter.offer is None:
        raise OfferNotFound(waiter_id)
    if now >= waiter.offer.expires_at:
        raise OfferLapsed(waiter_id)
    # The place is marked booked first, conditioned on the offer still open: the offer job
    # cannot then pass the seat on while it is being confirmed.
    try:
        store.waiting.update_waiter(
            replace(waiter, state=WaiterState.BOOKED, ended_at=now), WaiterState.OFFERED
        )
    except WaiterChanged:
        raise OfferLapsed(waiter_id) from None
    try:
        booking = store.bookings.confirm(waiter.offer.code, keyed_hash("manage", manage_token), now)
    except HoldExpired:
        store.waiting.update_waiter(waiter, WaiterState.BOOKED)
        raise OfferLapsed(waiter_id) from None
    appointments.send_confirmation(booking, manage_token, store, mailer, now)
    return booking, manage_token


def decline(waiter_id: str, token: str, store: Store, mailer: Mailer, now: datetime) -> Waiter:
    """Turns the seat down: the person keeps their place, is never offered that time again,
    and the seat passes on at once to the next person who wants it (or is let go)."""
    waiter = managed_waiter(waiter_id, token, store)
    if waiter.state != WaiterState.OFFERED or waiter.offer is None:
        raise OfferNotFound(waiter_id)
    if now >= waiter.offer.expires_at:
        raise OfferLapsed(waiter_id)
    waiting = replace(
        waiter,
        state=WaiterState.WAITING,
        offer=None,
        declined=(*waiter.declined, waiter.offer.start),
    )
    store.waiting.update_waiter(waiting, WaiterState.OFFERED)
    _pass_on_or_release(waiter.offer.code, store, mailer, now)
    return waiting


def pass_on(booking: Booking, store: Store, mailer: Mailer, now: datetime) -> bool:
    """Hands the seat of `booking` (a confirmed booking or a hold still taking its seat) to the
    first person on its list, in list order, who wants that time; they are e-mailed the offer.

    True when the seat was handed over (`booking` is then cancelled); False when nobody wants
    it or the seat is no longer the booking's, and nothing changed.
    """

    def give(successor: Booking) -> Booking:
        return store.bookings.hand_over(booking.code, successor, now)

    return _offer(booking.site_id, booking.service_id, booking.start, give, store, mailer, now)


def cancel_booking(code: str, token: str, store: Store, mailer: Mailer, now: datetime) -> Booking:
    """Cancels a booking as the calendar does, but its seat goes to the waiting list first."""
    return appointments.cancel_booking(
        code,
        token,
        store,
        mailer,
        now,
        hand_on=lambda booking: pass_on(booking, store, mailer, now),
    )


def reschedule_booking(
    code: str, token: str, start: datetime, store: Store, mailer: Mailer, now: datetime
) -> Booking:
    """Moves a booking as the calendar does, but its old seat goes to the waiting list first:
    the move and the hand-over are one write (`Bookings.reschedule` with a successor)."""

    def move_handing_on(booking: Booking, new_start: datetime, capacity: int) -> Booking | None:
        moved: list[Booking] = []

        def give(successor: Booking) -> Booking:
            moved.append(
                store.bookings.reschedule(
                    booking.code,
                    new_start,
                    capacity,
                    appointments.release_at(now),
                    now,
                    successor=successor,
                )
            )
            return successor

        handed = _offer(
            booking.site_id, booking.service_id, booking.start, give, store, mailer, now
        )
        return moved[-1] if handed else None

    return appointments.reschedule_booking(
        code, token, start, store, mailer, now, hand_on=move_handing_on
    )


def _pass_on_or_release(code: str, store: Store, mailer: Mailer, now: datetime) -> None:
    """An offer's seat goes to the next person who wants it, else back after the usual delay."""
    hold = store.bookings.get_booking(code)
    if hold is None or not hold.is_live_hold(now):
        return  # its hold ran out: the seat is free already, the job offers it again
    if not pass_on(hold, store, mailer, now):
        with suppress(BookingNotFound):  # the hold ran out meanwhile
            store.bookings.cancel(code, appointments.release_at(now), now)


def _offer(
    site_id: str,
    service_id: str,
    start: datetime,
    take,
    store: Store,
    mailer: Mailer,
    now: datetime,
) -> bool:
    """Offers the seat at `start` to the first waiter who wants it; `take` makes their hold."""
    minutes = _offer_minutes(site_id, service_id, store)
    # Whole seconds: what the person is shown, and what every store keeps exactly.
    expires_at = (now + timedelta(minutes=minutes)).replace(microsecond=0)
    after = None
    while True:
        page, after = store.waiting.waiting(site_id, service_id, after)
        for waiter in page:
            if not waiter.wants(start):
                continue
            outcome = _try_offer(waiter, start, expires_at, take, store, now)
            if outcome is None:
                continue  # this person cannot take it (booked elsewhere, changed meanwhile)
            if outcome is False:
                return False  # the seat itself is gone
            _tell_offer(outcome, store, mailer)
            return True
        if after is None:
            return False


def _try_offer(
    waiter: Waiter, start: datetime, expires_at: datetime, take, store: Store, now: datetime
) -> Waiter | bool | None:
    """The place with its offer made; None to try the next person; False when the seat went."""
    for _attempt in range(5):
        token = new_token()  # never sent: an offer is confirmed through the waiting-list link
        person = waiter.person
        successor = Booking(
            code=new_code(waiter.site_id),
            site_id=waiter.site_id,
            service_id=waiter.service_id,
            start=start,
            name=person.name,
            email=person.email,
            phone=person.phone,
            document_hash=person.document_hash,
            language=person.language,
            identifiers=dict(person.identifiers),
            state=BookingState.HELD,
            created_at=now,
            hold_expires_at=expires_at + OFFER_GRACE,
            confirm_hash=keyed_hash("confirm", token),
        )
        offered = replace(
            waiter, state=WaiterState.OFFERED, offer=Offer(successor.code, start, expires_at)
        )
        # The place is marked first, conditioned on WAITING: a person never has two offers.
        try:
            store.waiting.update_waiter(offered, WaiterState.WAITING)
        except WaiterChanged:
            return None
        try:
            take(successor)
        except CodeTaken:
            store.waiting.update_waiter(waiter, WaiterState.OFFERED)
            continue
        except AlreadyBooked:
            store.waiting.update_waiter(waiter, WaiterState.OFFERED)
            return None
        except (BookingNotFound, SlotFull):
            store.waiting.update_waiter(waiter, WaiterState.OFFERED)
            return False
        return offered
    return None


def _tell_offer(waiter: Waiter, store: Store, mailer: Mailer) -> None:
    assert waiter.offer is not None
    site, service = _catalogue(waiter.site_id, waiter.service_id, store)
    language = waiter.person.language
    email = emails.waiting_offer(
        language,
        waiter.person.email,
        waiter.person.name,
        service.name[language],
        _place(site, language),
        waiter.offer.start,
        waiter.offer.expires_at,
        _link(waiter),
    )
    _send(mailer, email, "waiting-offer")


def run_offers(store: Store, mailer: Mailer, now: datetime) -> tuple[int, int]:
    """The offer job: ends unanswered offers (their seats pass on), then offers the free seats
    of each service's booking window to the people waiting for them. Returns (lapsed, offered).
    """
    lapsed = 0
    for waiter in store.waiting.offers_due(now):
        if _lapse(waiter, store, mailer, now):
            lapsed += 1
    offered = 0
    for site in store.sites.list_sites():
        for schedule in store.catalogue.list_schedules(site.id):
            if store.waiting.live_count(site.id, schedule.service_id):
                offered += _offer_free_seats(site.id, schedule.service_id, store, mailer, now)
    return lapsed, offered


def _lapse(due: Waiter, store: Store, mailer: Mailer, now: datetime) -> bool:
    # The index of open offers may lag behind the place (an offer answered meanwhile, or a
    # stale copy): only the place as stored now says whether this offer is still open.
    waiter = store.waiting.get_waiter(due.id)
    offer = waiter.offer if waiter is not None else None
    if (
        waiter is None
        or offer is None
        or due.offer is None
        or waiter.state != WaiterState.OFFERED
        or offer.code != due.offer.code
        or offer.expires_at >= now
    ):
        return False
    times = waiter.lapsed + 1
    gone = times >= LAPSES_ALLOWED
    after = replace(
        waiter,
        state=WaiterState.LEFT if gone else WaiterState.WAITING,
        offer=None,
        lapsed=times,
        declined=(*waiter.declined, offer.start),  # silence is an answer: not offered again
        ended_at=now if gone else None,
    )
    try:
        store.waiting.update_waiter(after, WaiterState.OFFERED)
    except WaiterChanged:
        return False  # answered at the last moment
    if gone:
        _site, service = _catalogue(waiter.site_id, waiter.service_id, store)
        language = waiter.person.language
        email = emails.waiting_removed(
            language,
            waiter.person.email,
            waiter.person.name,
            service.name[language],
            page_url(language, "book/"),
        )
        _send(mailer, email, "waiting-removed")
    _pass_on_or_release(offer.code, store, mailer, now)
    return True


def _offer_free_seats(
    site_id: str, service_id: str, store: Store, mailer: Mailer, now: datetime
) -> int:
    """Offers each free seat of the booking window, in order of time, while someone wants one."""
    schedule = store.catalogue.get_schedule(site_id, service_id)
    if schedule is None:
        return 0
    first = clock.office_day(now)
    last = first + timedelta(days=min(schedule.window_days, 61))
    offered = 0
    for day in appointments.availability(site_id, service_id, first, last, store, now):
        for slot, free in day.slots:
            for _seat in range(free):
                capacity = slot.capacity

                def hold(successor: Booking, capacity: int = capacity) -> Booking:
                    return store.bookings.hold(successor, capacity, now)

                if not _offer(site_id, service_id, slot.start, hold, store, mailer, now):
                    break
                offered += 1
    return offered


def waiting_count(site_id: str, service_id: str, store: Store) -> int:
    """How many people wait on one list (for the services list the widget reads)."""
    return store.waiting.live_count(site_id, service_id)
