"""The ballot's use cases on the in-memory fakes; the clock is pinned by passing `now`."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib.appointments import services as calendar
from chalicelib.appointments.model import Booking, BookingState, Schedule, Service
from chalicelib.mail.port import MailFailed
from chalicelib.release import ballot, draw
from chalicelib.release.model import (
    AlreadyEntered,
    DrawNotDue,
    EntriesClosed,
    EntryNotFound,
    EntryState,
    InBallot,
    NotBallotMode,
    NotDrawnYet,
    Preferences,
    ReleaseExists,
    ReleaseInvalid,
    ReleaseMode,
    ReleaseOverlaps,
    ReleaseState,
    WaiterState,
    commitment_of,
)
from chalicelib.security import keyed_hash, normalise_document
from chalicelib.sites.model import Site
from tests.fakes import RecordingMailer, memory_stores

NAMES = {lang: f"Submit ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
CLOSE = NOW + timedelta(days=2)
DRAW_AT = CLOSE + timedelta(hours=1)
DAY = date(2026, 12, 7)  # the Monday after: 8 half-hour slots of one seat, 09:00-13:00 Warsaw
WEEKDAYS = {day: ((time(9), time(13)),) for day in range(5)}
CLIENT = "198.51.100.7"


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "100")


@pytest.fixture
def store():
    made = memory_stores()
    made.sites.save_site(Site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5"))
    made.catalogue.save_service(Service("submit", NAMES, 30, "X"))
    made.catalogue.save_service(Service("card", NAMES, 30, "C", identifiers=("case",)))
    made.catalogue.save_schedule(Schedule("waw", "submit", WEEKDAYS, 1))
    made.catalogue.save_schedule(Schedule("waw", "card", WEEKDAYS, 1))
    ballot.save_policy("waw", "submit", ReleaseMode.BALLOT, 120, made)
    return made


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


def announce(store, release_id="dec-7", first=DAY, last=DAY, service="submit", **times):
    return ballot.create_release(
        release_id,
        "waw",
        service,
        first,
        last,
        times.get("entries_open", NOW),
        times.get("entries_close", CLOSE),
        times.get("draw_at", DRAW_AT),
        store,
        NOW,
    )


def person(document="AB123456", language="en", **identifiers):
    return calendar.Applicant(
        "Olena Kovalenko", f"{document.lower()}@example.org", None, document, language, identifiers
    )


def enter(store, mailer, document="AB123456", release_id="dec-7", now=NOW, preferences=None):
    return ballot.enter(
        release_id, person(document), preferences or Preferences(), CLIENT, store, mailer, now
    )


def token_of(mailer, entry_id) -> str:
    [text] = [e.text for e in mailer.sent if f"/{entry_id}&token=" in e.text][:1]
    return re.search(rf"/{entry_id}&token=([\w-]+)", text).group(1)


def entered(store, mailer, document="AB123456", preferences=None):
    entry = enter(store, mailer, document, preferences=preferences)
    ballot.confirm_entry("dec-7", entry.id, token_of(mailer, entry.id), store, mailer, NOW)
    return entry


def all_entries(store, release_id="dec-7"):
    return [e for state in EntryState for e in ballot._all_entries(release_id, state, store)]


def published(store, release_id="dec-7") -> dict:
    pages, after = [], None
    while True:
        _release, page, after = ballot.publication_page(release_id, after, store)
        pages.append(page)
        if after is None:
            return draw.join_pages(pages)


# Announcing a release.


def test_a_release_publishes_the_commitment_of_a_seed_it_keeps_secret(store):
    release = announce(store)

    assert release.commitment == commitment_of(release.seed)
    assert "seed" not in ballot.public_release(release)
    assert store.ballots.get_release("dec-7") == release


@pytest.mark.parametrize(
    ("times", "field"),
    [
        ({"entries_close": NOW - timedelta(hours=1)}, "entries_close"),
        ({"draw_at": CLOSE - timedelta(minutes=1)}, "draw_at"),
        ({"entries_open": CLOSE}, "entries_close"),
    ],
)
def test_a_release_with_reversed_or_past_times_is_refused_and_nothing_stored(store, times, field):
    with pytest.raises(ReleaseInvalid) as refused:
        announce(store, **times)

    assert field in [name for name, _code in refused.value.fields()]
    assert store.ballots.releases_of("waw", "submit") == []


def test_a_release_of_days_before_the_draw_is_refused_and_nothing_stored(store):
    with pytest.raises(ReleaseInvalid) as refused:
        announce(store, first=date(2026, 12, 3), last=DAY)

    assert ("first_day", "too-early") in refused.value.fields()
    assert store.ballots.releases_of("waw", "submit") == []


def test_a_release_of_more_than_62_days_is_refused_and_nothing_stored(store):
    with pytest.raises(ReleaseInvalid) as refused:
        announce(store, last=DAY + timedelta(days=62))

    assert ("last_day", "too-long") in refused.value.fields()
    assert store.ballots.releases_of("waw", "submit") == []


def test_a_release_of_a_first_come_service_is_refused_and_nothing_stored(store):
    with pytest.raises(NotBallotMode):
        announce(store, service="card")

    assert store.ballots.releases_of("waw", "card") == []


def test_a_release_id_taken_is_refused_and_the_first_release_kept(store):
    first = announce(store)

    with pytest.raises(ReleaseExists):
        announce(store, first=DAY + timedelta(days=7), last=DAY + timedelta(days=7))

    assert store.ballots.releases_of("waw", "submit") == [first]


def test_an_open_release_overlapping_another_is_refused_and_nothing_stored(store):
    first = announce(store, last=DAY + timedelta(days=3))

    with pytest.raises(ReleaseOverlaps):
        announce(store, "dec-9", first=DAY + timedelta(days=2), last=DAY + timedelta(days=9))

    assert store.ballots.releases_of("waw", "submit") == [first]


# Entries.


def test_an_entry_is_pending_until_its_emailed_link_confirms_it(store, mailer):
    announce(store)

    entry = enter(store, mailer)

    assert entry.state == EntryState.PENDING
    [email] = mailer.sent
    assert email.to == "ab123456@example.org"
    assert f"http://blizej.test/book/#entry=dec-7/{entry.id}&token=" in email.text
    assert store.ballots.get_entry("dec-7", entry.id).state == EntryState.PENDING


def test_confirming_twice_answers_the_same_and_sends_one_email(store, mailer):
    announce(store)
    entry = enter(store, mailer)
    token = token_of(mailer, entry.id)

    first = ballot.confirm_entry("dec-7", entry.id, token, store, mailer, NOW)
    again = ballot.confirm_entry("dec-7", entry.id, token, store, mailer, NOW + timedelta(hours=1))

    assert first.entry.state == again.entry.state == EntryState.ENTERED
    assert len(mailer.sent) == 2  # the link, then "you are in the ballot" once
    assert "The draw is on Thursday, 03.12.2026, 11:00 (Polish time)" in mailer.sent[1].text


def test_a_wrong_token_finds_no_entry(store, mailer):
    announce(store)
    entry = enter(store, mailer)

    with pytest.raises(EntryNotFound):
        ballot.confirm_entry("dec-7", entry.id, "x" * 32, store, mailer, NOW)

    assert store.ballots.get_entry("dec-7", entry.id).state == EntryState.PENDING


def test_a_second_entry_of_the_same_document_is_refused_and_nothing_stored(store, mailer):
    announce(store)
    entry = enter(store, mailer, "AB 123-456")

    with pytest.raises(AlreadyEntered):
        enter(store, mailer, "ab123456")

    assert [e.id for e in all_entries(store)] == [entry.id]
    assert len(mailer.sent) == 1


def test_an_entry_outside_the_entry_period_is_refused_and_nothing_stored(store, mailer):
    announce(store)

    with pytest.raises(EntriesClosed):
        enter(store, mailer, now=CLOSE)

    assert all_entries(store) == []
    assert mailer.sent == []


def test_an_entry_without_the_identifiers_the_service_needs_is_refused(store, mailer):
    ballot.save_policy("waw", "card", ReleaseMode.BALLOT, 120, store)
    announce(store, "card-7", service="card")

    with pytest.raises(calendar.IdentifiersMissing) as refused:
        enter(store, mailer, release_id="card-7")

    assert refused.value.fields() == [("identifiers.case", "required")]
    assert all_entries(store, "card-7") == []


def test_an_entry_whose_email_cannot_go_out_does_not_keep_the_document(store):
    announce(store)

    with pytest.raises(MailFailed):
        enter(store, RecordingMailer(failing=True))

    assert [e.state for e in all_entries(store)] == [EntryState.WITHDRAWN]
    enter(store, RecordingMailer())  # the same document may try again


def test_withdrawing_frees_the_document_for_a_new_entry(store, mailer):
    announce(store)
    entry = entered(store, mailer)

    view = ballot.withdraw_entry("dec-7", entry.id, token_of(mailer, entry.id), store, NOW)
    again = enter(store, mailer)

    assert view.entry.state == EntryState.WITHDRAWN
    assert again.state == EntryState.PENDING


def test_withdrawing_after_the_entry_period_is_refused_and_the_entry_kept(store, mailer):
    announce(store)
    entry = entered(store, mailer)

    with pytest.raises(EntriesClosed):
        ballot.withdraw_entry("dec-7", entry.id, token_of(mailer, entry.id), store, CLOSE)

    assert store.ballots.get_entry("dec-7", entry.id).state == EntryState.ENTERED


def test_staff_see_the_entries_per_client_address_most_first(store, mailer):
    announce(store)
    for document in ("AB100001", "AB100002", "AB100003"):
        enter(store, mailer, document)
    ballot.enter("dec-7", person("AB100004"), Preferences(), "203.0.113.9", store, mailer, NOW)

    counts = [n for _client, n in ballot.clients("dec-7", store)]

    assert counts == [3, 1]


# Days held back.


def test_the_days_of_an_open_release_are_left_out_of_the_calendar(store):
    window = (DAY - timedelta(days=1), DAY + timedelta(days=1))
    before = calendar.availability("waw", "submit", *window, store, NOW + timedelta(days=5))
    announce(store)

    after = calendar.availability("waw", "submit", *window, store, NOW + timedelta(days=5))

    assert DAY in [d.day for d in before]
    assert DAY not in [d.day for d in after]
    assert DAY + timedelta(days=1) in [d.day for d in after]


def test_a_slot_of_an_open_release_cannot_be_held_first_come(store, mailer):
    announce(store)
    start = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

    with pytest.raises(InBallot):
        calendar.hold_booking(
            "waw", "submit", start, person(), CLIENT, None, store, mailer, NOW + timedelta(days=5)
        )

    assert store.bookings.seats_taken("waw", "submit", start, start + timedelta(hours=1), NOW) == {}


# The draw.


def test_a_draw_before_its_time_is_refused_and_the_release_stays_open(store, mailer):
    announce(store)

    with pytest.raises(DrawNotDue):
        ballot.draw_now("dec-7", store, mailer, CLOSE)

    assert store.ballots.get_release("dec-7").state == ReleaseState.OPEN


def test_the_draw_gives_each_seat_once_books_the_winners_and_lists_the_others(store, mailer):
    announce(store)
    documents = [f"AB2000{n:02d}" for n in range(11)]
    for document in documents:
        entered(store, mailer, document)
    mailer.sent.clear()

    drawn = ballot.run_due_draws(store, mailer, DRAW_AT)

    release = store.ballots.get_release("dec-7")
    assert drawn == 1 and release.state == ReleaseState.DRAWN
    assert (release.seats, release.entries, release.won) == (8, 11, 8)
    won = list(ballot._all_entries("dec-7", EntryState.WON, store))
    bookings = [store.bookings.get_booking(e.booking_code) for e in won]
    assert all(b.state == BookingState.CONFIRMED for b in bookings)
    assert len({b.start for b in bookings}) == 8  # one seat per slot, each given once
    taken = store.bookings.seats_taken(
        "waw", "submit", bookings[0].start - timedelta(days=1), DRAW_AT + timedelta(days=9), DRAW_AT
    )
    assert sorted(taken) == sorted(b.start for b in bookings)
    assert set(taken.values()) == {1}
    losers = list(ballot._all_entries("dec-7", EntryState.NOT_DRAWN, store))
    waiters, _ = store.waiting.waiting("waw", "submit")
    lottery = [t.ticket for t in draw.order(release.seed, [ballot._ticket(e) for e in losers])]
    by_document = {e.person.document_hash: e.ticket for e in losers}
    assert [by_document[w.person.document_hash] for w in waiters] == lottery
    assert all(w.state == WaiterState.WAITING for w in waiters)
    assert sum("#manage=" in email.text for email in mailer.sent) == 8  # the normal confirmation
    assert sorted(email.to for email in mailer.sent) == sorted(
        f"{d.lower()}@example.org" for d in documents
    )
    assert draw.verify(published(store)) == []


def test_the_draw_honours_preferences_where_it_can(store, mailer):
    announce(store)
    afternoon = entered(store, mailer, "AB300001", Preferences(parts=("afternoon",)))

    ballot.draw_now("dec-7", store, mailer, DRAW_AT)

    booking = store.bookings.get_booking(
        store.ballots.get_entry("dec-7", afternoon.id).booking_code
    )
    assert booking.start == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # 12:00 in Warsaw


def test_a_draw_stopped_half_way_and_run_again_gives_the_same_result_without_second_emails(
    store, mailer, monkeypatch
):
    announce(store)
    for n in range(11):
        entered(store, mailer, f"AB4000{n:02d}")
    mailer.sent.clear()
    monkeypatch.setattr(ballot, "PAGE", 3)
    record = store.ballots.record_results
    calls = []

    def stops_on_the_second_page(results):
        calls.append(len(results))
        if len(calls) == 2:
            raise RuntimeError("the function timed out")
        record(results)

    monkeypatch.setattr(store.ballots, "record_results", stops_on_the_second_page)

    assert ballot.run_due_draws(store, mailer, DRAW_AT) == 0
    assert store.ballots.get_release("dec-7").state == ReleaseState.OPEN
    sent_first = len(mailer.sent)
    assert ballot.run_due_draws(store, mailer, DRAW_AT + timedelta(minutes=5)) == 1

    assert sent_first == 3
    assert len(mailer.sent) == 11  # each entry told its result once
    assert len({email.to for email in mailer.sent}) == 11
    won = list(ballot._all_entries("dec-7", EntryState.WON, store))
    starts = [store.bookings.get_booking(e.booking_code).start for e in won]
    assert len(won) == 8 and len(set(starts)) == 8
    assert draw.verify(published(store)) == []


def test_the_publication_is_refused_before_the_draw(store):
    announce(store)

    with pytest.raises(NotDrawnYet):
        ballot.publication_page("dec-7", None, store)


def test_after_the_draw_its_days_are_bookable_again(store, mailer):
    announce(store)
    ballot.draw_now("dec-7", store, mailer, DRAW_AT)

    days = calendar.availability("waw", "submit", DAY, DAY, store, DRAW_AT + timedelta(days=1))

    assert [d.day for d in days] == [DAY]


def booked_elsewhere(store, document: str) -> Booking:
    """A hold of the same service on a day outside the release, live past the draw."""
    held = Booking(
        code="WAW-HAVE-ONE1",
        site_id="waw",
        service_id="submit",
        start=datetime(2026, 12, 10, 8, 0, tzinfo=UTC),
        name="Olena Kovalenko",
        email="elsewhere@example.org",
        phone=None,
        document_hash=keyed_hash("document", normalise_document(document)),
        language="en",
        identifiers={},
        state=BookingState.HELD,
        created_at=NOW,
        hold_expires_at=DRAW_AT + timedelta(days=1),
        confirm_hash="x",
    )
    return store.bookings.hold(held, 1, NOW)


def test_a_winner_who_holds_a_booking_already_is_published_as_not_booked_with_the_reason(
    store, mailer
):
    announce(store)
    entry = entered(store, mailer, "AB500001")
    booked_elsewhere(store, "AB500001")

    ballot.draw_now("dec-7", store, mailer, DRAW_AT)

    recorded = store.ballots.get_entry("dec-7", entry.id)
    assert recorded.state == EntryState.NOT_DRAWN
    assert recorded.not_booked == "already-booked"
    assert recorded.drawn_start == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw
    release = store.ballots.get_release("dec-7")
    assert (release.entries, release.won) == (1, 0)
    publication = published(store)
    [ticket] = publication["tickets"]
    assert ticket["start"] is None
    assert (ticket["outcome"], ticket["reason"]) == ("not-booked", "already-booked")
    [problem] = draw.verify(publication)
    assert problem.startswith(f"not booked: ticket {entry.ticket} won 2026-12-07T08:00:00Z")
    assert problem.endswith("(already-booked)")


def test_the_publication_shows_the_seat_the_draw_booked_after_the_booking_moved(store, mailer):
    announce(store)
    entry = entered(store, mailer, "AB500002")
    ballot.draw_now("dec-7", store, mailer, DRAW_AT)
    code = store.ballots.get_entry("dec-7", entry.id).booking_code
    moved_to = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    store.bookings.reschedule(code, moved_to, 1, DRAW_AT, DRAW_AT)

    publication = published(store)

    assert store.bookings.get_booking(code).start == moved_to
    assert publication["tickets"][0]["start"] == "2026-12-07T08:00:00Z"
    assert draw.verify(publication) == []
