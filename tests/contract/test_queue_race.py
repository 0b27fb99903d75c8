"""Counters calling at the same instant never get the same ticket, on either store."""

from datetime import UTC, datetime, timedelta

from chalicelib.appointments.model import Service
from chalicelib.queue import services
from chalicelib.queue.model import Counter, NothingToCall, Ticket
from chalicelib.sites.model import Site
from tests.contract.test_contention import race

NOW = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
NAMES = {language: "Info" for language in ("en", "pl", "uk", "ru", "vi")}


def test_twenty_counters_calling_at_once_each_get_a_different_ticket(shared_store):
    store = shared_store
    store.sites.save_site(Site("waw", "Warszawa", NAMES))
    store.catalogue.save_service(Service("information", NAMES, 10, "I", walk_in_cap=100))
    for number in range(12):
        store.tickets.add_ticket(
            Ticket(
                f"waw.2026-12-14.t{number:02}xxxxxxxxxxxxxxxx",
                "waw",
                "2026-12-14",
                f"I{number:03}",
                "information",
                NOW - timedelta(minutes=number),
            )
        )
    for counter in range(20):
        store.tickets.save_counter(Counter("waw", f"c{counter}", ("information",)))

    def attempt(counter: int) -> str:
        try:
            return services.call_next("waw", f"c{counter}", store, NOW).id
        except NothingToCall:
            return "nobody"

    outcome = race(20, attempt)

    answered = [ticket for ticket in outcome.elements() if ticket != "nobody"]
    assert len(answered) == len(set(answered)), "no ticket was given to two counters"
    stored = store.tickets.day_tickets("waw", "2026-12-14")
    assert all(t.state == "called" and t.calls == 1 for t in stored), "each called exactly once"
    assert set(answered) <= {t.id for t in stored}


def test_ten_counters_each_calling_twice_at_once_never_have_two_people_called(shared_store):
    # Two consoles open at each counter, both pressing "served, call next" at the same instant.
    store = shared_store
    store.sites.save_site(Site("waw", "Warszawa", NAMES))
    store.catalogue.save_service(Service("information", NAMES, 10, "I", walk_in_cap=100))
    for number in range(30):
        store.tickets.add_ticket(
            Ticket(
                f"waw.2026-12-14.t{number:02}xxxxxxxxxxxxxxxx",
                "waw",
                "2026-12-14",
                f"I{number:03}",
                "information",
                NOW - timedelta(minutes=number),
            )
        )
    for counter in range(10):
        store.tickets.save_counter(Counter("waw", f"c{counter}", ("information",)))

    def attempt(press: int) -> str:
        try:
            return services.call_next("waw", f"c{press % 10}", store, NOW, "served").id
        except NothingToCall:
            return "nobody"

    outcome = race(20, attempt)

    answered = [ticket for ticket in outcome.elements() if ticket != "nobody"]
    assert len(answered) == len(set(answered)), "no ticket was given twice"
    stored = store.tickets.day_tickets("waw", "2026-12-14")
    counters = [t.counter for t in stored if t.state == "called"]
    assert sorted(counters) == sorted({f"c{n}" for n in range(10)}), "one called per counter"
    assert len([t for t in stored if t.state == "served"]) == len(answered) - 10
