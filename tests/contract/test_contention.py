"""Many clients racing for one slot never overbook it, on either store.

SQLite runs with real threads. DynamoDB runs behind moto's server, a real HTTP endpoint, answering
one request at a time as DynamoDB applies each atomically (tests/moto_server.py): moto's
in-process mock, and its threaded server, would overbook by themselves.
"""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from chalicelib.appointments.model import AlreadyBooked, SlotFull
from tests.contract.test_appointments import NOW, SLOT, booking, taken

CLIENTS = 200
CAPACITY = 3


def race(clients: int, attempt: Callable[[int], str]) -> Counter:
    """Starts every client at the same instant and counts how each one ended."""
    barrier = threading.Barrier(clients)

    def run(number: int) -> str:
        barrier.wait()
        return attempt(number)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return Counter(pool.map(run, range(clients)))


def test_exactly_capacity_clients_win_a_race_for_one_slot(shared_store):
    def attempt(number: int) -> str:
        try:
            shared_store.bookings.hold(
                booking(f"WAW-R{number:03}-AA", f"doc-{number}"), CAPACITY, NOW
            )
        except SlotFull:
            return "full"
        except AlreadyBooked:
            # Only this client has this document: a retry found its own hold, committed by an
            # attempt whose answer moto's server lost (it ignores ClientRequestToken). A win.
            return "won"
        return "won"

    outcome = race(CLIENTS, attempt)

    assert outcome == Counter(won=CAPACITY, full=CLIENTS - CAPACITY)
    assert taken(shared_store) == {SLOT: CAPACITY}
    held = [shared_store.bookings.get_booking(f"WAW-R{n:03}-AA") for n in range(CLIENTS)]
    assert sum(booking is not None for booking in held) == CAPACITY


def test_one_person_racing_from_many_devices_gets_one_booking(shared_store):
    def attempt(number: int) -> str:
        try:
            shared_store.bookings.hold(booking(f"WAW-P{number:03}-AA", "same-document"), 50, NOW)
        except AlreadyBooked:
            return "refused"
        return "won"

    outcome = race(40, attempt)

    assert outcome == Counter(won=1, refused=39)
    assert taken(shared_store) == {SLOT: 1}
