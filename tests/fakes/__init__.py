"""In-memory fakes of every storage port, for service tests and the contract suite.

One `Memory` holds every record, as the stores do, so the fakes share what the real stores share
(the retention sweep of `FakeUpkeep` purges the others). Records are kept as the codec writes them,
so what reads back is what a real store would give back, and a caller's later change to an object
it saved never reaches the store.
"""

from chalicelib.storage import Stores
from tests.fakes.appointments import FakeBookings, FakeCatalogue
from tests.fakes.cases import FakeCaseRecords, FakeLookups
from tests.fakes.mail import RecordingMailer
from tests.fakes.memory import Memory
from tests.fakes.queue import FakeQueueLines, FakeTickets
from tests.fakes.release import FakeBallots, FakeWaitingList
from tests.fakes.sites import FakeSites
from tests.fakes.upkeep import FakeUpkeep

__all__ = [
    "FakeBallots",
    "FakeBookings",
    "FakeCaseRecords",
    "FakeCatalogue",
    "FakeLookups",
    "FakeQueueLines",
    "FakeSites",
    "FakeTickets",
    "FakeUpkeep",
    "FakeWaitingList",
    "Memory",
    "RecordingMailer",
    "memory_stores",
]


def memory_stores() -> Stores:
    """Every port over one fresh `Memory`, as `sqlite_stores` builds them over one file."""
    memory = Memory()
    return Stores(
        kind="memory",
        sites=FakeSites(memory),
        catalogue=FakeCatalogue(memory),
        bookings=FakeBookings(memory),
        cases=FakeCaseRecords(memory),
        lookups=FakeLookups(memory),
        tickets=FakeTickets(memory),
        queue_lines=FakeQueueLines(memory),
        upkeep=FakeUpkeep(memory),
        ballots=FakeBallots(memory),
        waiting=FakeWaitingList(memory),
    )
