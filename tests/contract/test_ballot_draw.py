"""The ballot's draw through its services on every store: what the fakes promise, SQLite and
DynamoDB keep too (seats once each, winners booked, the others listed in lottery order)."""

from datetime import timedelta

import pytest

from chalicelib.appointments.model import BookingState, Schedule, Service
from chalicelib.release import ballot, draw
from chalicelib.release.model import EntryState, ReleaseMode, ReleaseState
from chalicelib.sites.model import Site
from tests.fakes import RecordingMailer
from tests.unit.test_ballot_services import (
    CLIENT,
    DAY,
    DRAW_AT,
    NAMES,
    NOW,
    WEEKDAYS,
    announce,
    person,
    published,
    token_of,
)


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "100")


def test_a_draw_gives_each_seat_once_and_lists_the_others_in_lottery_order(store):
    store.sites.save_site(Site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5"))
    store.catalogue.save_service(Service("submit", NAMES, 30, "X"))
    store.catalogue.save_schedule(Schedule("waw", "submit", WEEKDAYS, 1))
    ballot.save_policy("waw", "submit", ReleaseMode.BALLOT, 120, store)
    announce(store)
    mailer = RecordingMailer()
    for n in range(11):
        entry = ballot.enter(
            "dec-7", person(f"AB5000{n:02d}"), ballot.Preferences(), CLIENT, store, mailer, NOW
        )
        ballot.confirm_entry("dec-7", entry.id, token_of(mailer, entry.id), store, mailer, NOW)

    assert ballot.run_due_draws(store, mailer, DRAW_AT) == 1
    assert ballot.run_due_draws(store, mailer, DRAW_AT + timedelta(minutes=5)) == 0

    release = store.ballots.get_release("dec-7")
    assert release.state == ReleaseState.DRAWN and len(release.drawn_seats) == 8
    won = list(ballot._all_entries("dec-7", EntryState.WON, store))
    bookings = [store.bookings.get_booking(e.booking_code) for e in won]
    assert all(b.state == BookingState.CONFIRMED for b in bookings)
    assert len({b.start for b in bookings}) == len(won) == 8
    assert all(b.start.date() == DAY for b in bookings)
    losers = list(ballot._all_entries("dec-7", EntryState.NOT_DRAWN, store))
    lottery = [t.ticket for t in draw.order(release.seed, [ballot._ticket(e) for e in losers])]
    by_document = {e.person.document_hash: e.ticket for e in losers}
    waiters, _ = store.waiting.waiting("waw", "submit")
    assert [by_document[w.person.document_hash] for w in waiters] == lottery
    assert draw.verify(published(store)) == []
