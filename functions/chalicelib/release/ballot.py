"""Use cases of the ballot: policies, releases, entries and the draw. Store and mailer last.

A draw can stop half-way (a timeout, a crash) and be run again: everything it makes for an
entry (the booking code, the booking's tokens, the waiting-list place and its token) is derived
from the release and the entry with the office's pepper, so a second run finds what the first
one made instead of making it twice, and the seats and tickets it starts from are the same.
"""

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from chalicelib import clock
from chalicelib.appointments import services as calendar
from chalicelib.appointments.model import (
    CODE_ALPHABET,
    HOLD_MINUTES,
    MAX_RANGE_DAYS,
    AlreadyBooked,
    Booking,
    BookingState,
    CodeTaken,
    HoldExpired,
    Schedule,
    Service,
    SlotFull,
    bookable_slots,
    new_code,
    new_token,
)
from chalicelib.config import page_url, settings
from chalicelib.errors import RateLimited
from chalicelib.mail.port import Email, Mailer, MailFailed
from chalicelib.release import draw
from chalicelib.release.emails import BallotNotice, compose_ballot
from chalicelib.release.links import waiting_token
from chalicelib.release.model import (
    ID_ALPHABET,
    AlreadyDrawn,
    AlreadyWaiting,
    DrawNotDue,
    EntriesClosed,
    Entry,
    EntryChanged,
    EntryNotFound,
    EntryState,
    NotBallotMode,
    NotDrawnYet,
    Person,
    Policy,
    Preferences,
    Release,
    ReleaseExists,
    ReleaseInvalid,
    ReleaseMode,
    ReleaseNotFound,
    ReleaseOverlaps,
    ReleaseState,
    Waiter,
    WaiterState,
    commitment_of,
    new_id,
    new_seed,
)
from chalicelib.release.ports import PAGE, Stores
from chalicelib.security import keyed_hash, keyed_token, matches, normalise_document
from chalicelib.sites.model import Site

log = logging.getLogger("blizej.ballot")

DRAWN_STATES = (EntryState.ENTERED, EntryState.WON, EntryState.NOT_DRAWN)


# Policies and releases (staff).


def save_policy(
    site_id: str, service_id: str, mode: ReleaseMode, offer_minutes: int, store: Stores
) -> Policy:
    """Sets how an office releases a service: first come or by ballot, and the offer time."""
    calendar.offered(site_id, service_id, store)
    policy = Policy(site_id, service_id, mode, offer_minutes)
    store.ballots.save_policy(policy)
    return policy


def policy_of(site_id: str, service_id: str, store: Stores) -> Policy:
    """The policy in force: first come with two-hour offers when staff set none."""
    return store.ballots.get_policy(site_id, service_id) or Policy(site_id, service_id)


def create_release(
    release_id: str,
    site_id: str,
    service_id: str,
    first_day: date,
    last_day: date,
    entries_open: datetime,
    entries_close: datetime,
    draw_at: datetime,
    store: Stores,
    now: datetime,
) -> Release:
    """Announces a ballot with a fresh secret seed; its commitment is public from now on.

    Every rule is checked before anything is written: times in order and not past, the days
    after the draw's day and 62 at most, the service in ballot mode, the id free, no other open
    release of the service giving any of the days.
    """
    calendar.offered(site_id, service_id, store)
    problems = []
    if entries_close <= entries_open:
        problems.append(("entries_close", "reversed"))
    if entries_close <= now:
        problems.append(("entries_close", "in-past"))
    if draw_at < entries_close:
        problems.append(("draw_at", "reversed"))
    if last_day < first_day:
        problems.append(("last_day", "reversed"))
    elif (last_day - first_day).days + 1 > MAX_RANGE_DAYS:
        problems.append(("last_day", "too-long"))
    # A seat the draw gives must lie after the draw: its days start the day after.
    if first_day <= clock.office_day(max(draw_at, entries_close)):
        problems.append(("first_day", "too-early"))
    if problems:
        raise ReleaseInvalid(problems)
    if policy_of(site_id, service_id, store).mode != ReleaseMode.BALLOT:
        raise NotBallotMode(service_id)
    if store.ballots.get_release(release_id) is not None:
        raise ReleaseExists(release_id)
    for other in store.ballots.releases_of(site_id, service_id):
        if (
            other.state == ReleaseState.OPEN
            and other.first_day <= last_day
            and first_day <= other.last_day
        ):
            raise ReleaseOverlaps(other.id)
    seed = new_seed()
    release = Release(
        id=release_id,
        site_id=site_id,
        service_id=service_id,
        first_day=first_day,
        last_day=last_day,
        entries_open=entries_open,
        entries_close=entries_close,
        draw_at=draw_at,
        commitment=commitment_of(seed),
        seed=seed,
    )
    store.ballots.create_release(release)
    return release


def get_release(release_id: str, store: Stores) -> Release:
    release = store.ballots.get_release(release_id)
    if release is None:
        raise ReleaseNotFound(release_id)
    return release


def current_release(site_id: str, service_id: str, store: Stores, now: datetime) -> Release | None:
    """The release a reader should hear about: the open one, else the latest one still giving
    a day from today on; None when there is neither."""
    today = clock.office_day(now)
    current = [r for r in store.ballots.releases_of(site_id, service_id) if r.last_day >= today]
    open_ones = [r for r in current if r.state == ReleaseState.OPEN]
    chosen = open_ones or current
    return max(chosen, key=lambda r: (r.first_day, r.id)) if chosen else None


def release_summary(site_id: str, service_id: str, store: Stores, now: datetime) -> dict:
    """What the list of services tells readers of a service's release: the mode in force and
    the current ballot (see `current_release`), or None."""
    release = current_release(site_id, service_id, store, now)
    summary = None
    if release is not None:
        public = public_release(release)
        keys = ("id", "entries_open", "entries_close", "draw_at", "state", "first_day", "last_day")
        summary = {key: public[key] for key in keys}
    return {"mode": policy_of(site_id, service_id, store).mode.value, "ballot": summary}


def clients(release_id: str, store: Stores) -> list[tuple[str, int]]:
    """Entries per client address (keyed hash), most first: many from one address stand out."""
    get_release(release_id, store)
    counts: Counter[str] = Counter()
    for state in EntryState:
        for entry in _all_entries(release_id, state, store):
            counts[entry.client_hash] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# Entries (applicants).


@dataclass(frozen=True)
class EntryView:
    """An entry as its holder sees it, with the booking it won and that booking's manage token."""

    release: Release
    entry: Entry
    booking: Booking | None = None
    manage_token: str | None = None


def enter(
    release_id: str,
    applicant: calendar.Applicant,
    preferences: Preferences,
    client: str,
    store: Stores,
    mailer: Mailer,
    now: datetime,
) -> Entry:
    """Takes a pending entry and e-mails the link that confirms it (and later manages it).

    One live entry per travel document and release (AlreadyEntered); only during the entry
    period (EntriesClosed); the service's identifiers are required as for a booking; the same
    hourly limit per address as holds.
    """
    release = get_release(release_id, store)
    site, service, _schedule = calendar.offered(release.site_id, release.service_id, store)
    missing = [name for name in service.identifiers if not applicant.identifiers.get(name)]
    if missing:
        raise calendar.IdentifiersMissing(missing)
    if not release.accepting(now):
        raise EntriesClosed(release_id)
    client_key = keyed_hash("client", client)
    limit = settings().hold_limit_per_hour
    window = now.strftime("%Y%m%d%H")
    if not store.upkeep.take_rate_token(client_key, window, limit, now + timedelta(hours=2)):
        raise RateLimited(3600 - now.minute * 60 - now.second)
    entry_id = new_id("E")
    token = new_token()
    entry = Entry(
        release_id=release_id,
        id=entry_id,
        ticket=keyed_hash("ballot-ticket", f"{release_id}|{entry_id}"),
        person=Person(
            name=applicant.name.strip(),
            email=applicant.email.strip(),
            phone=applicant.phone,
            document_hash=keyed_hash("document", normalise_document(applicant.document)),
            language=applicant.language,
            identifiers=dict(applicant.identifiers),
        ),
        preferences=preferences,
        state=EntryState.PENDING,
        created_at=now,
        confirm_hash=keyed_hash("entry", token),
        client_hash=client_key,
    )
    store.ballots.add_entry(entry)
    email = compose_ballot(
        "entry-confirm", _notice(release, entry, site, service), _entry_link(entry, token)
    )
    try:
        mailer.send(email)
    except MailFailed:
        # Nobody could confirm it: it must not keep the document's place in the ballot.
        store.ballots.update_entry(entry.with_state(EntryState.WITHDRAWN), EntryState.PENDING)
        raise
    return entry


def confirm_entry(
    release_id: str, entry_id: str, token: str, store: Stores, mailer: Mailer, now: datetime
) -> EntryView:
    """Confirms a pending entry with the token from its e-mail; the same link again answers the
    entry as it is and sends nothing. An entry not confirmed by the close is not drawn."""
    release, entry = _entry(release_id, entry_id, token, store)
    if entry.state != EntryState.PENDING:
        return _view(release, entry, store)
    if not release.accepting(now):
        raise EntriesClosed(release_id)
    entered = entry.with_state(EntryState.ENTERED)
    try:
        store.ballots.update_entry(entered, EntryState.PENDING)
    except EntryChanged:  # two clicks at once: the other one confirmed it
        return _view(release, _stored_entry(release_id, entry_id, store), store)
    site, service, _schedule = calendar.offered(release.site_id, release.service_id, store)
    email = compose_ballot(
        "entry-entered", _notice(release, entered, site, service), _entry_link(entered, token)
    )
    _send_logged(mailer, email, "entry-entered")
    return _view(release, entered, store)


def entry_view(release_id: str, entry_id: str, token: str, store: Stores) -> EntryView:
    """The entry, for the holder of its token; EntryNotFound for a wrong one."""
    release, entry = _entry(release_id, entry_id, token, store)
    return _view(release, entry, store)


def withdraw_entry(
    release_id: str, entry_id: str, token: str, store: Stores, now: datetime
) -> EntryView:
    """Withdraws an entry during the entry period; the document may enter again afterwards."""
    release, entry = _entry(release_id, entry_id, token, store)
    if entry.state == EntryState.WITHDRAWN:
        return _view(release, entry, store)
    if not release.accepting(now) or entry.state not in (EntryState.PENDING, EntryState.ENTERED):
        raise EntriesClosed(release_id)
    withdrawn = entry.with_state(EntryState.WITHDRAWN)
    try:
        store.ballots.update_entry(withdrawn, entry.state)
    except EntryChanged:
        again = _stored_entry(release_id, entry_id, store)
        if again.state != EntryState.WITHDRAWN:
            raise
        withdrawn = again
    return _view(release, withdrawn, store)


def _entry(release_id: str, entry_id: str, token: str, store: Stores) -> tuple[Release, Entry]:
    release = store.ballots.get_release(release_id)
    entry = store.ballots.get_entry(release_id, entry_id)
    if release is None or entry is None or not matches("entry", token, entry.confirm_hash):
        raise EntryNotFound(entry_id)
    return release, entry


def _stored_entry(release_id: str, entry_id: str, store: Stores) -> Entry:
    entry = store.ballots.get_entry(release_id, entry_id)
    if entry is None:
        raise EntryNotFound(entry_id)
    return entry


def _view(release: Release, entry: Entry, store: Stores) -> EntryView:
    if entry.state != EntryState.WON or not entry.booking_code:
        return EntryView(release, entry)
    booking = store.bookings.get_booking(entry.booking_code)
    return EntryView(release, entry, booking, _manage_token(release, entry))


def _entry_link(entry: Entry, token: str) -> str:
    return page_url(
        entry.person.language, f"book/#entry={entry.release_id}/{entry.id}&token={token}"
    )


# The draw.


def run_due_draws(store: Stores, mailer: Mailer, now: datetime) -> int:
    """Draws every open release whose draw time has come (the job); returns how many.

    One release that fails is logged and left open for the next run; the others still draw.
    """
    drawn = 0
    for release in store.ballots.releases_due(now):
        try:
            _draw(release, store, mailer, now)
        except Exception:
            log.exception("the draw of release %s stopped; the next run goes on", release.id)
            continue
        drawn += 1
    return drawn


def draw_now(release_id: str, store: Stores, mailer: Mailer, now: datetime) -> Release:
    """Staff: runs a due draw now (DrawNotDue before its time); a drawn release is answered as
    it is, and one stopped half-way is finished."""
    release = get_release(release_id, store)
    if release.state == ReleaseState.DRAWN:
        return release
    if release.draw_at > now:
        raise DrawNotDue(release_id)
    return _draw(release, store, mailer, now)


def _draw(release: Release, store: Stores, mailer: Mailer, now: datetime) -> Release:
    site, service, schedule = calendar.offered(release.site_id, release.service_id, store)
    entries = [e for state in DRAWN_STATES for e in _all_entries(release.id, state, store)]
    tickets = [_ticket(entry) for entry in entries]
    seats = _seats(release, service, schedule, entries, store)
    assignment = draw.assign(release.seed, seats, tickets)
    rank = {t.ticket: n for n, t in enumerate(draw.order(release.seed, tickets))}
    capacity = {draw.parse_start(seat.start): seat.capacity for seat in seats}
    slot_capacity = schedule.capacity(service)
    to_draw = sorted(
        (e for e in entries if e.state == EntryState.ENTERED), key=lambda e: rank[e.ticket]
    )
    for first in range(0, len(to_draw), PAGE):
        results: list[Entry] = []
        mails: list[tuple[str, Email | Booking, str | None]] = []
        for entry in to_draw[first : first + PAGE]:
            start = assignment.get(entry.ticket)
            drawn_start = draw.parse_start(start) if start is not None else None
            won: tuple[Booking, str] | str | None = None
            if drawn_start is not None:
                won = (
                    _book_winner(release, entry, drawn_start, slot_capacity, store, now)
                    if drawn_start in capacity
                    else "seat-gone"
                )
            if isinstance(won, tuple):
                booking, manage_token = won
                results.append(
                    replace(entry.with_state(EntryState.WON, booking.code), drawn_start=drawn_start)
                )
                mails.append(("confirmed", booking, manage_token))
            else:
                if won is not None:
                    log.warning("release %s: a winner could not be booked (%s)", release.id, won)
                link = _join_waiting(release, entry, rank[entry.ticket], store)
                email = compose_ballot(
                    "ballot-not-drawn", _notice(release, entry, site, service), link
                )
                results.append(
                    replace(
                        entry.with_state(EntryState.NOT_DRAWN),
                        drawn_start=drawn_start,
                        not_booked=won,
                    )
                )
                mails.append(("ballot-not-drawn", email, None))
        # Recorded before the e-mails go out: a run after a stop sends none of them twice.
        store.ballots.record_results(results)
        for kind, item, manage_token in mails:
            if isinstance(item, Booking):
                calendar.notify_confirmed(item, manage_token or "", store, mailer, now)
            else:
                _send_logged(mailer, item, kind)
    booked = sum(1 for _entry in _all_entries(release.id, EntryState.WON, store))
    drawn = replace(
        release,
        state=ReleaseState.DRAWN,
        drawn_at=now,
        seats=sum(seat.capacity for seat in seats),
        entries=len(tickets),
        won=booked,  # seats booked, as published: a winner who could not be booked is not one
        drawn_seats=tuple((draw.parse_start(s.start), s.capacity) for s in seats),
    )
    try:
        store.ballots.mark_drawn(drawn)
    except AlreadyDrawn:  # another run finished first, from the same seed and entries
        return get_release(release.id, store)
    log.info("release %s drawn: %d seats, %d entries", release.id, drawn.seats, drawn.entries)
    return drawn


def _all_entries(release_id: str, state: EntryState, store: Stores) -> Iterator[Entry]:
    after = None
    while True:
        page, after = store.ballots.entries(release_id, state, after)
        yield from page
        if after is None:
            return


def _ticket(entry: Entry) -> draw.Ticket:
    preferences = entry.preferences
    earliest = preferences.earliest.isoformat() if preferences.earliest else None
    return draw.Ticket(entry.ticket, preferences.weekdays, preferences.parts, earliest)


def _seats(
    release: Release, service: Service, schedule: Schedule, entries: list[Entry], store: Stores
) -> list[draw.Seat]:
    """The free seats of the release's days as the calendar counts them at the draw time.

    The slots are those of the draw's instant (not the run's, which may come later), with every
    day of the release open whatever the schedule's booking window; seats taken by bookings
    this draw made in a run that stopped are counted as free, so a second run starts from the
    same seats as the first.
    """
    if release.drawn_seats:
        return [draw.Seat(clock.format_instant(s), n) for s, n in release.drawn_seats]
    days_ahead = (release.last_day - clock.office_day(release.draw_at)).days + 1
    opened = replace(schedule, window_days=max(schedule.window_days, days_ahead))
    closures = store.catalogue.closures(release.site_id, release.first_day, release.last_day)
    slots = bookable_slots(
        service, opened, release.first_day, release.last_day, closures, release.draw_at
    )
    if not slots:
        return []
    end = slots[-1].start + timedelta(seconds=1)
    now = release.draw_at
    taken = store.bookings.seats_taken(
        release.site_id, release.service_id, slots[0].start, end, now
    )
    ours = {_draw_code(release, e.id) for e in entries}
    for booking in store.bookings.bookings_between(
        release.site_id, release.service_id, slots[0].start, end, now
    ):
        if booking.code in ours:
            taken[booking.start] = taken.get(booking.start, 0) - 1
    seats = []
    for slot in slots:
        free = slot.capacity - max(taken.get(slot.start, 0), 0)
        if free > 0:
            seats.append(draw.Seat(clock.format_instant(slot.start), free))
    return seats


def _derived(purpose: str, release: Release, entry_id: str, alphabet: str, length: int) -> str:
    digest = keyed_hash(purpose, f"{release.id}|{entry_id}")
    return "".join(
        alphabet[int(digest[2 * n : 2 * n + 2], 16) % len(alphabet)] for n in range(length)
    )


def _draw_code(release: Release, entry_id: str) -> str:
    chars = _derived("draw-booking", release, entry_id, CODE_ALPHABET, 6)
    return f"{release.site_id.upper()[:3]}-{chars[:4]}-{chars[4:]}"


def _manage_token(release: Release, entry: Entry) -> str:
    """The won booking's manage token: made, not drawn, so the entry's page can show it."""
    return keyed_token("manage", keyed_token("draw", f"{release.id}|{entry.id}"))


def _book_winner(
    release: Release, entry: Entry, start: datetime, capacity: int, store: Stores, now: datetime
) -> tuple[Booking, str] | str:
    """Holds and confirms the seat an entry won; when it cannot be booked, why (of NOT_BOOKED):
    `already-booked` when the person holds a booking of the service already, `seat-gone` when
    the seat went meanwhile."""
    token = keyed_token("draw", f"{release.id}|{entry.id}")
    manage_token = keyed_token("manage", token)
    person = entry.person
    code = _draw_code(release, entry.id)
    booking = store.bookings.get_booking(code)
    if booking is not None and booking.document_hash != person.document_hash:
        code, booking = new_code(release.site_id), None  # another booking has this code
    if booking is None or (booking.state == BookingState.HELD and not booking.is_live_hold(now)):
        held = Booking(
            code=code,
            site_id=release.site_id,
            service_id=release.service_id,
            start=start,
            name=person.name,
            email=person.email,
            phone=person.phone,
            document_hash=person.document_hash,
            language=person.language,
            identifiers=dict(person.identifiers),
            state=BookingState.HELD,
            created_at=now,
            hold_expires_at=now + timedelta(minutes=HOLD_MINUTES),
            confirm_hash=keyed_hash("confirm", token),
        )
        try:
            booking = store.bookings.hold(held, capacity, now)
        except AlreadyBooked:
            return "already-booked"
        except (SlotFull, CodeTaken):
            return "seat-gone"
    if booking.state == BookingState.CANCELLED:
        return "seat-gone"
    if booking.state == BookingState.HELD:
        try:
            booking = store.bookings.confirm(booking.code, keyed_hash("manage", manage_token), now)
        except HoldExpired:
            return "seat-gone"
    return booking, manage_token


def _join_waiting(release: Release, entry: Entry, rank: int, store: Stores) -> str:
    """Puts a not-drawn entry on the service's waiting list in lottery order; the link to its
    place (the office's booking page when the person was on the list already)."""
    waiter_id = "W-" + _derived("draw-waiter", release, entry.id, ID_ALPHABET, 8)
    waiter_id = f"{waiter_id[:6]}-{waiter_id[6:]}"
    token = waiting_token(waiter_id)  # the link every later e-mail about the place carries
    waiter = Waiter(
        id=waiter_id,
        site_id=release.site_id,
        service_id=release.service_id,
        person=entry.person,
        preferences=entry.preferences,
        joined_at=release.draw_at + timedelta(microseconds=rank),
        state=WaiterState.WAITING,
        manage_hash=keyed_hash("waiting", token),
    )
    language = entry.person.language
    try:
        store.waiting.join(waiter)
    except AlreadyWaiting:
        if store.waiting.get_waiter(waiter_id) is None:  # on the list before, by their own link
            return page_url(language, "book/")
    return page_url(language, f"book/#waiting={waiter_id}&token={token}")


def _notice(release: Release, entry: Entry, site: Site, service: Service) -> BallotNotice:
    language = entry.person.language
    return BallotNotice(
        name=entry.person.name,
        email=entry.person.email,
        language=language,
        service=service.name[language],
        place=site.name[language] + (f", {site.address}" if site.address else ""),
        first_day=release.first_day,
        last_day=release.last_day,
        entries_close=release.entries_close,
        draw_at=release.draw_at,
    )


def _send_logged(mailer: Mailer, email: Email, kind: str) -> None:
    """E-mails after a committed change: the change stands if the e-mail fails, it is logged."""
    try:
        mailer.send(email)
    except MailFailed:
        log.exception("could not send the %s e-mail", kind)


# The publication (anyone, after the draw).


def publication_page(
    release_id: str, after: str | None, store: Stores, limit: int = PAGE
) -> tuple[Release, dict, str | None]:
    """One page of the published draw: tickets by ticket after `after`, seats on the first
    page only; with the ticket to ask after for the next page, or None at the end.

    Each ticket shows what the draw recorded, not a recomputation: a won entry the seat it was
    booked on, a not-drawn one none, and a winner who could not be booked `outcome: not-booked`
    with the reason, so `draw.verify` shows a reader every seat the office did not book.

    Every page reads the release's drawn entries whole, since the store lists them per state;
    CloudFront keeps each page an hour, so this is paid a few times per page, not per reader.
    """
    release = get_release(release_id, store)
    if release.state != ReleaseState.DRAWN:
        raise NotDrawnYet(release_id)
    entries = [
        e
        for state in (EntryState.WON, EntryState.NOT_DRAWN)
        for e in _all_entries(release.id, state, store)
    ]
    seats = [draw.Seat(clock.format_instant(s), n) for s, n in release.drawn_seats]
    tickets = sorted((_ticket(e) for e in entries), key=lambda t: t.ticket)
    after_these = [t for t in tickets if after is None or t.ticket > after]
    page = after_these[:limit]
    on_page = {t.ticket for t in page}
    booked: dict[str, str] = {}
    not_booked: dict[str, str] = {}
    recomputed: dict[str, str] = {}
    for entry in entries:
        if entry.ticket not in on_page:
            continue
        if entry.state == EntryState.WON:
            start = _booked_start(entry, store)
            if start is None:  # recorded before entries kept their seat, booking deleted since
                recomputed = recomputed or draw.assign(release.seed, seats, tickets)
                booked[entry.ticket] = recomputed[entry.ticket]
            else:
                booked[entry.ticket] = clock.format_instant(start)
        elif entry.not_booked:
            not_booked[entry.ticket] = entry.not_booked
    published = draw.publication(
        public_release(release), seats, page, release.seed, booked, not_booked
    )
    if after is not None:
        published.pop("seats")
    more = len(after_these) > limit
    return release, published, page[-1].ticket if more else None


def _booked_start(entry: Entry, store: Stores) -> datetime | None:
    """The seat a won entry was booked on by the draw (a later reschedule does not change it);
    from its booking for an entry recorded before the draw kept it, None when that is gone."""
    if entry.drawn_start is not None:
        return entry.drawn_start
    booking = store.bookings.get_booking(entry.booking_code or "")
    return booking.start if booking is not None else None


def public_release(release: Release) -> dict:
    """What anyone may know of a release: the seed and the counts only once it is drawn."""
    view = {
        "id": release.id,
        "site": release.site_id,
        "service": release.service_id,
        "first_day": release.first_day.isoformat(),
        "last_day": release.last_day.isoformat(),
        "entries_open": clock.format_instant(release.entries_open),
        "entries_close": clock.format_instant(release.entries_close),
        "draw_at": clock.format_instant(release.draw_at),
        "state": release.state.value,
        "commitment": release.commitment,
        "drawn_at": None,
        "entries": None,
        "seats": None,
        "won": None,
    }
    if release.state == ReleaseState.DRAWN:  # the seed never shows before: it is the secret
        view |= {
            "seed": release.seed,
            "drawn_at": clock.format_instant(release.drawn_at) if release.drawn_at else None,
            "entries": release.entries,
            "seats": release.seats,
            "won": release.won,
        }
    return view
