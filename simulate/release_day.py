"""A release day, simulated: the same people and bots, once first come, once by ballot.

Seats are held, confirmed and cancelled through the real booking services
(`appointments.services.hold_booking`, `confirm_booking`, `cancel_booking`) on a real store
(SQLite in a temp dir, or DynamoDB through the moto server), with the clock pinned to each
simulated instant. Randomness comes from one `random.Random(seed)`, so a run is reproducible.

What the simulation models, and what it does not:
- People arrive over the first hour after the release opens; each picks a free seat that fits
  their preferences (else any they can come to) from the calendar as last loaded, and tries
  again up to twice when the seat went meanwhile.
- Bots are there at the opening second and send 50 times the requests: each identity (one
  travel document) keeps trying until it holds a seat, from its own pool of addresses, so the
  per-address hourly limit does not stop it, as it does not stop real bots.
- Everybody confirms their hold at once (bots would).
- Ballot: everyone enters once per identity through `release.ballot.enter` and confirms from
  the e-mail (a bot identity's 49 further entries are refused by the document binding); the
  draw job (`run_due_draws`) books the winners and puts the others on the waiting list in
  lottery order. In first come, whoever found no seat joins the list (`release.waiting.join`)
  in the order they gave up.
- Then 10 % of the bookings cancel, 1 to 30 minutes apart, through
  `release.waiting.cancel_booking`: the services hand each freed seat to the first person on
  the list who wants it (`pass_on`). Whoever gets a `waiting-offer` e-mail accepts (70 %) or
  declines (20 %) through `waiting.accept` / `waiting.decline` at a random moment within the
  offer, or stays silent (10 %); the five-minute round (`daily.job.run_often`) runs between,
  ends silent offers and offers free seats. Offers are counted from the e-mails the services
  sent, not from the simulation's choices.
- Not modelled: people leaving the list, rescheduling, holds left unconfirmed, e-mail that
  does not arrive, and requests racing each other (one thing happens at a time).
"""

import contextlib
import heapq
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

from chalicelib import i18n
from chalicelib.appointments import services
from chalicelib.appointments.model import Schedule, Service
from chalicelib.clock import WARSAW
from chalicelib.daily import job
from chalicelib.errors import DomainError
from chalicelib.mail.port import Email, Mailer
from chalicelib.release import draw, waiting
from chalicelib.release.model import Preferences
from chalicelib.security import keyed_hash, normalise_document
from chalicelib.sites.model import Site

SITE, SERVICE = "waw", "residence"
NAMES = {language: "Residence permit" for language in ("en", "pl", "uk", "ru", "vi")}
OPENING = datetime(2027, 1, 25, 8, 0, tzinfo=UTC)  # a Monday, 09:00 in Warsaw
FIRST_DAY = date(2027, 2, 1)  # a Monday; February has no public holiday
PEOPLE_ARRIVE_WITHIN = 3600.0  # seconds after the opening
BOT_REQUESTS = 50  # per identity
BOT_ADDRESSES = 10  # per identity
PERSON_ATTEMPTS = 3
CALENDAR_REFRESH = 2.0  # seconds: how stale a client's view of free seats is
CANCEL_SHARE = 0.10
ANSWERS = (("accept", 0.7), ("decline", 0.2), ("lapse", 0.1))
TOKEN = re.compile(r"token=([A-Za-z0-9_\-]+)")
PLACE = re.compile(r"#waiting=([A-Z0-9\-]+)&token=([A-Za-z0-9_\-]+)")
ROUND = timedelta(minutes=5)  # the job that ends unanswered offers and offers free seats
OFFER_TIME = timedelta(minutes=120)  # the policy's offer_minutes (and the default without one)


@dataclass(frozen=True)
class Size:
    people: int
    bots: int
    days: int  # working days released
    slots_per_day: int  # 15-minute slots, half before noon and half after
    counters: int

    @property
    def seats(self) -> int:
        return self.days * self.slots_per_day * self.counters


FULL = Size(people=20_000, bots=2_000, days=15, slots_per_day=20, counters=5)  # 1 500 seats
SMALL = Size(people=2_000, bots=200, days=15, slots_per_day=10, counters=1)  # 150 seats
MOTO = Size(people=600, bots=60, days=5, slots_per_day=10, counters=1)  # 50 seats, over HTTP
TINY = Size(people=120, bots=12, days=3, slots_per_day=4, counters=1)  # 12 seats


@dataclass
class Actor:
    number: int
    bot: bool
    document: str
    preferences: Preferences
    addresses: tuple[str, ...]
    language: str

    @property
    def document_hash(self) -> str:
        return keyed_hash("document", normalise_document(self.document))

    def applicant(self) -> services.Applicant:
        kind = "bot" if self.bot else "person"
        return services.Applicant(
            f"{kind} {self.number}",
            f"{kind}{self.number}@example.org",
            None,
            self.document,
            self.language,
            {},
        )


@dataclass
class Outcome:
    mode: str
    store: str
    size: Size
    requests: int = 0
    refused: Counter = field(default_factory=Counter)
    booked: int = 0  # seats confirmed by the release (race or draw)
    bot_seats: int = 0
    twice: int = 0  # seat units over capacity + people holding two seats, at the end
    empty_while_wanted: int = 0
    cancelled: int = 0
    offers_made: int = 0  # waiting-offer e-mails sent by the services
    offers_accepted: int = 0
    offers_declined: int = 0
    offers_lapsed: int = 0  # ended unanswered by the five-minute round
    draw_verifies: bool | None = None
    publication_differs: int = 0  # tickets published as won that did not win, or the reverse

    @property
    def bot_share(self) -> float:
        return self.bot_seats / self.booked if self.booked else 0.0


class CapturingMailer(Mailer):
    """Keeps every e-mail, the token of the last link mailed to each address and the link to
    each address's place on the waiting list, as a person reads their mail."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.places: dict[str, tuple[str, str]] = {}  # address → (place id, its token)
        self.sent: list[Email] = []

    def send(self, email: Email) -> None:
        self.sent.append(email)
        found = TOKEN.search(email.text)
        if found:
            self.tokens[email.to] = found.group(1)
        place = PLACE.search(email.text)
        if place:
            self.places[email.to] = (place.group(1), place.group(2))


def release_days(size: Size) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < size.days:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def set_up(store, size: Size) -> None:
    half = size.slots_per_day * 15 // 2
    noon = datetime.combine(FIRST_DAY, time(12))
    opens, closes = (noon - timedelta(minutes=half)).time(), (noon + timedelta(minutes=half)).time()
    store.sites.save_site(Site(SITE, "Warszawa", NAMES))
    store.catalogue.save_service(Service(SERVICE, NAMES, 15, "R"))
    store.catalogue.save_schedule(
        Schedule(
            SITE,
            SERVICE,
            {day: ((opens, closes),) for day in range(5)},
            size.counters,
            window_days=400,
            min_notice_hours=0,
        )
    )
    # Only the released days are open: the days around them are closed, so the calendar and
    # the five-minute round (which offers free seats two months ahead) see just this release.
    days = release_days(size)
    day = OPENING.date()
    while day <= days[-1] + timedelta(days=70):
        if day.weekday() < 5 and day not in days:
            store.catalogue.set_closure(SITE, day, True)
        day += timedelta(days=1)


def actors(size: Size, rng: random.Random) -> list[Actor]:
    crowd = []
    for number in range(size.people + size.bots):
        bot = number >= size.people
        crowd.append(
            Actor(
                number,
                bot,
                f"{'BT' if bot else 'PA'}{number:07d}",
                Preferences() if bot else random_preferences(rng),
                tuple(
                    f"10.{number // 250 % 250}.{number % 250}.{n}"
                    for n in range(BOT_ADDRESSES if bot else 1)
                ),
                rng.choice(("uk", "ru", "vi", "en", "pl")),
            )
        )
    return crowd


def random_preferences(rng: random.Random) -> Preferences:
    weekdays = tuple(sorted(rng.sample(range(5), rng.choice((0, 0, 2, 3, 4)))))
    parts = rng.choice(((), (), ("morning",), ("afternoon",)))
    earliest = (
        FIRST_DAY + timedelta(days=rng.choice((0, 0, 0, 3, 7))) if rng.random() < 0.3 else None
    )
    return Preferences(weekdays, parts, earliest)


class Calendar:
    """The free seats as a client last loaded them (`availability`), refreshed now and then."""

    def __init__(self, store, days: list[date]) -> None:
        self.store, self.first, self.last = store, days[0], days[-1]
        self.loaded_at: datetime | None = None
        self.free: list[datetime] = []

    def load(self, now: datetime) -> list[datetime]:
        if self.loaded_at is None or (now - self.loaded_at).total_seconds() >= CALENDAR_REFRESH:
            found = services.availability(SITE, SERVICE, self.first, self.last, self.store, now)
            self.free = [slot.start for day in found for slot, _free in day.slots]
            self.loaded_at = now
        return self.free


def book(
    store, mailer: CapturingMailer, actor: Actor, start: datetime, address: str, now: datetime
) -> tuple[str, str]:
    """Hold and confirm a seat as the person would: the code and the manage token."""
    held = services.hold_booking(
        SITE, SERVICE, start, actor.applicant(), address, None, store, mailer, now
    )
    token = mailer.tokens[held.email]
    confirmed, manage_token = services.confirm_booking(held.code, token, store, mailer, now)
    return confirmed.code, manage_token


def first_come(
    store,
    size: Size,
    crowd: list[Actor],
    rng: random.Random,
    outcome: Outcome,
    mailer: CapturingMailer,
) -> tuple[dict[int, tuple[str, str]], list[Actor]]:
    """The race. Returns who booked (code, manage token), and everyone else in the order they
    gave up (those who never got their turn last, in arrival order): the waiting list."""
    calendar = Calendar(store, release_days(size))
    events: list[tuple[float, int, int]] = []  # (seconds after the opening, actor, attempt)
    for actor in crowd:
        if actor.bot:
            at = rng.uniform(0, 1.0)
            for attempt in range(BOT_REQUESTS):
                events.append((at, actor.number, attempt))
                at += rng.uniform(0.2, 1.0)
        else:
            events.append((rng.uniform(0, PEOPLE_ARRIVE_WITHIN), actor.number, 0))
    events.sort()
    booked: dict[int, tuple[str, str]] = {}
    gave_up: dict[int, None] = {}  # ordered set
    for offset, number, attempt in events:
        actor = crowd[number]
        if number in booked or (not actor.bot and number in gave_up):
            continue
        now = OPENING + timedelta(seconds=offset)
        free = calendar.load(now)
        if not free:
            calendar.loaded_at = None  # look again before believing it
            if not calendar.load(now):
                break  # the seats are gone: nobody sends any more
            free = calendar.free
        choices = [s for s in free if actor.preferences.fits(s)] or [
            s for s in free if actor.preferences.can_come(s)
        ]
        for _try in range(1 if actor.bot else PERSON_ATTEMPTS):
            if not choices:
                break
            start = rng.choice(choices)
            choices.remove(start)
            outcome.requests += 1
            address = actor.addresses[attempt % len(actor.addresses)]
            try:
                booked[number] = book(store, mailer, actor, start, address, now)
                break
            except DomainError as error:
                outcome.refused[error.code] += 1
        if number not in booked and (not actor.bot or attempt == BOT_REQUESTS - 1):
            gave_up[number] = None
    for actor in crowd:
        if actor.number not in booked:
            gave_up.setdefault(actor.number, None)
    return booked, [crowd[number] for number in gave_up]


def ballot_by_services(
    store,
    size: Size,
    crowd: list[Actor],
    rng: random.Random,
    outcome: Outcome,
    mailer: CapturingMailer,
) -> tuple[dict[int, tuple[str, str]], dict]:
    """The ballot through its own services (`release.ballot`): the policy, the release, entries
    confirmed from their e-mails, the draw job (which puts everyone not drawn on the waiting
    list in lottery order); returns who booked and the published pages joined."""
    from chalicelib.release import ballot as ballots

    with pinned_randomness(ballots, rng):
        return _ballot_by_services(ballots, store, size, crowd, rng, outcome, mailer)


@contextlib.contextmanager
def pinned_randomness(module, rng: random.Random):
    """The release's seed and the entries' ids from the simulation's generator, as its clock is
    pinned: the same run gives the same draw. Nothing else of the services changes."""
    alphabet = "ACDEFHJKMNPQRTUVWXY34679"

    def new_id(prefix: str) -> str:
        chars = "".join(rng.choice(alphabet) for _ in range(8))
        return f"{prefix}-{chars[:4]}-{chars[4:]}"

    with (
        mock.patch.object(module, "new_seed", lambda: rng.randbytes(32).hex()),
        mock.patch.object(module, "new_id", new_id),
    ):
        yield


def _ballot_by_services(
    ballots,
    store,
    size: Size,
    crowd: list[Actor],
    rng: random.Random,
    outcome: Outcome,
    mailer: CapturingMailer,
) -> tuple[dict[int, tuple[str, str]], dict]:
    from chalicelib.release.model import EntryState, ReleaseMode

    days = release_days(size)
    release_id = f"{SITE}-{SERVICE}-2027-02"
    close, draw_at = OPENING + timedelta(days=2), OPENING + timedelta(days=3)
    ballots.save_policy(SITE, SERVICE, ReleaseMode.BALLOT, 120, store)
    ballots.create_release(
        release_id,
        SITE,
        SERVICE,
        days[0],
        days[-1],
        OPENING,
        close,
        draw_at,
        store,
        OPENING - timedelta(days=1),
    )
    by_email = {actor.applicant().email: actor for actor in crowd}
    for actor in crowd:
        at = OPENING + timedelta(seconds=rng.uniform(0, 24 * 3600))
        for request in range(BOT_REQUESTS if actor.bot else 1):
            outcome.requests += 1
            address = actor.addresses[request % len(actor.addresses)]
            now = at + timedelta(seconds=request)
            try:
                entry = ballots.enter(
                    release_id, actor.applicant(), actor.preferences, address, store, mailer, now
                )
            except DomainError as error:
                outcome.refused[error.code] += 1
                continue
            token = mailer.tokens[entry.person.email]
            ballots.confirm_entry(release_id, entry.id, token, store, mailer, now)
    ballots.run_due_draws(store, mailer, draw_at)
    booked: dict[int, tuple[str, str]] = {}
    for entry in paged(lambda after: store.ballots.entries(release_id, EntryState.WON, after)):
        actor = by_email[entry.person.email]
        booked[actor.number] = (entry.booking_code, mailer.tokens[entry.person.email])
    pages, after = [], None
    while True:
        _release, page, after = ballots.publication_page(release_id, after, store)
        pages.append(page)
        if after is None:
            break
    published = draw.join_pages(pages)
    won = won_tickets(store, release_id)
    outcome.publication_differs = sum(
        1
        for ticket in published["tickets"]
        if (ticket["start"] is None) != (ticket["ticket"] not in won)
    )
    return booked, published


def won_tickets(store, release_id: str) -> set[str]:
    from chalicelib.release.model import EntryState

    return {
        entry.ticket
        for entry in paged(lambda after: store.ballots.entries(release_id, EntryState.WON, after))
    }


def paged(read) -> list:
    items, after = [], None
    while True:
        page, after = read(after)
        items += page
        if after is None:
            return items


def join_the_list(
    store, gave_up: list[Actor], outcome: Outcome, mailer: CapturingMailer, now: datetime
) -> None:
    """First come: whoever found no seat joins the waiting list (`release.waiting.join`), in the
    order they gave up, a millisecond apart (bots too: once per identity, as the list binds the
    document)."""
    for rank, actor in enumerate(gave_up):
        moment = now + timedelta(milliseconds=rank)
        try:
            waiting.join(
                SITE,
                SERVICE,
                actor.applicant(),
                actor.preferences,
                actor.addresses[0],
                store,
                mailer,
                moment,
            )
        except DomainError as error:
            outcome.refused[error.code] += 1


def after_the_release(
    store,
    booked: dict[int, tuple[str, str]],
    rng: random.Random,
    outcome: Outcome,
    mailer: CapturingMailer,
    now: datetime,
) -> datetime:
    """10 % of the bookings cancel (`release.waiting.cancel_booking`: the seat goes down the
    list first); whoever is offered a seat by e-mail accepts or declines it through the
    waiting-list services some time within the offer, or stays silent; the five-minute round
    (`daily.job.run_often`) ends silent offers and offers free seats. Runs until no cancellation,
    answer or open offer is left; returns the instant of the last round."""
    leaving = rng.sample(sorted(booked), round(len(booked) * CANCEL_SHARE))
    queue: list[tuple[datetime, int, str, tuple]] = []
    sequence = iter(range(1 << 62))
    at = now
    for number in leaving:
        at += timedelta(minutes=rng.randint(1, 30))
        heapq.heappush(queue, (at, next(sequence), "cancel", booked[number]))
    heapq.heappush(queue, (now + ROUND, next(sequence), "round", ()))
    read = len(mailer.sent)
    quiet_from = now  # when the last offer made so far has ended
    last_round = now
    while queue:
        moment, _n, kind, what = heapq.heappop(queue)
        if kind == "cancel":
            code, token = what
            waiting.cancel_booking(code, token, store, mailer, moment)
            outcome.cancelled += 1
        elif kind in ("accept", "decline"):
            waiter_id, token = what
            try:
                if kind == "accept":
                    waiting.accept(waiter_id, token, store, mailer, moment)
                    outcome.offers_accepted += 1
                else:
                    waiting.decline(waiter_id, token, store, mailer, moment)
                    outcome.offers_declined += 1
            except DomainError as error:
                outcome.refused[error.code] += 1
        else:
            outcome.offers_lapsed += job.run_often(store, mailer, moment)["offers_lapsed"]
            last_round = moment
        for email in mailer.sent[read:]:
            if email.subject != offer_subject(email.language):
                continue
            outcome.offers_made += 1
            quiet_from = max(quiet_from, moment + OFFER_TIME)
            waiter_id, token = mailer.places[email.to]
            answer = rng.choices([a for a, _ in ANSWERS], [w for _, w in ANSWERS])[0]
            if answer != "lapse":
                within = timedelta(seconds=rng.uniform(60, OFFER_TIME.total_seconds() - 60))
                heapq.heappush(queue, (moment + within, next(sequence), answer, (waiter_id, token)))
        read = len(mailer.sent)
        if kind == "round" and (
            any(k != "round" for _t, _n, k, _w in queue) or moment <= quiet_from
        ):
            heapq.heappush(queue, (moment + ROUND, next(sequence), "round", ()))
    return last_round


def offer_subject(language: str) -> str:
    return i18n.text(language, "email:waiting-offer.subject", service=NAMES[language])


def check(store, size: Size, outcome: Outcome, now: datetime) -> None:
    """From the store, right after the last round: seats given twice, and free seats somebody
    waiting on the list wants (both must be 0)."""
    days = release_days(size)
    first = datetime.combine(days[0], time(0), WARSAW)
    last = datetime.combine(days[-1] + timedelta(days=1), time(0), WARSAW)
    active = store.bookings.bookings_between(SITE, SERVICE, first, last, now)
    over = sum(max(n - size.counters, 0) for n in Counter(b.start for b in active).values())
    double = sum(n - 1 for n in Counter(b.document_hash for b in active).values() if n > 1)
    outcome.twice = over + double
    found = services.availability(SITE, SERVICE, days[0], days[-1], store, now)
    free = [(slot.start, n) for day in found for slot, n in day.slots]
    if not free:
        return
    live = paged(lambda after: store.waiting.waiting(SITE, SERVICE, after))
    outcome.empty_while_wanted = sum(
        n for start, n in free if any(waiter.wants(start) for waiter in live)
    )


def run(mode: str, store, store_name: str, size: Size, seed: int) -> Outcome:
    """One release day in `mode` ("first come" or "ballot") on a fresh store."""
    rng = random.Random(seed)
    set_up(store, size)
    crowd = actors(size, rng)
    mailer = CapturingMailer()
    outcome = Outcome(mode, store_name, size)
    if mode == "ballot":
        booked, published = ballot_by_services(store, size, crowd, rng, outcome, mailer)
        outcome.draw_verifies = draw.verify(published) == [] and not outcome.publication_differs
        later = OPENING + timedelta(days=3, hours=1)
    else:
        booked, gave_up = first_come(store, size, crowd, rng, outcome, mailer)
        later = OPENING + timedelta(hours=2)
        join_the_list(store, gave_up, outcome, mailer, later)
    outcome.booked = len(booked)
    outcome.bot_seats = sum(1 for number in booked if crowd[number].bot)
    end = after_the_release(store, booked, rng, outcome, mailer, later)
    check(store, size, outcome, end)
    return outcome
