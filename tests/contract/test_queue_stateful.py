"""Random walk-ins, calls, recalls, no-shows, services, transfers and breaks, checked against a
model written here independently of the code: who is called next, each ticket's state, never
two people called at one counter, and what the stores keep beside the tickets (the calls, the
length of each service's lines, each waiting ticket's place)."""

import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moto import mock_aws

from chalicelib.appointments.model import Schedule, Service
from chalicelib.queue import services
from chalicelib.queue.model import (
    CounterBusy,
    CounterPaused,
    NotCalled,
    NothingToCall,
    Ticket,
    TicketState,
)
from chalicelib.sites.model import Site
from chalicelib.storage import dynamodb_stores, sqlite_stores
from tests.fakes import memory_stores
from tests.stack import create_table

NAMES = {language: "Service" for language in ("en", "pl", "uk", "ru", "vi")}
SERVICES = ("info", "cards")
COUNTERS = {"1": ("info",), "2": ("info", "cards")}
START = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)


class Queue(RuleBasedStateMachine):
    store_kind = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        if self.store_kind == "sqlite":
            self.folder = tempfile.TemporaryDirectory()
            self.store = sqlite_stores(Path(self.folder.name) / "queue.sqlite3")
        elif self.store_kind == "memory":
            self.store = memory_stores()
        else:
            client = boto3.client("dynamodb", region_name="eu-central-1")
            table = f"queue-{uuid.uuid4().hex[:8]}"
            create_table(client, table)
            self.store = dynamodb_stores(table, client)
        self.store.sites.save_site(Site("waw", "Warszawa", NAMES))
        for letter, service in zip("IK", SERVICES, strict=True):
            self.store.catalogue.save_service(Service(service, NAMES, 10, letter, walk_in_cap=500))
            self.store.catalogue.save_schedule(Schedule("waw", service, {}, 1))
        for counter, served in COUNTERS.items():
            self.store.tickets.save_counter(services.Counter("waw", counter, served))
        self.now = START
        self.model: dict[str, dict] = {}  # ticket id → what we expect of it
        self.paused: set[str] = set()

    def teardown(self) -> None:
        if self.store_kind == "sqlite":
            self.folder.cleanup()

    def expected_next(self, counter: str) -> str | None:
        waiting = [
            (t["priority"] is False, t["arrived"], t["id"])
            for t in self.model.values()
            if t["state"] == "waiting" and t["service"] in COUNTERS[counter]
        ]
        return min(waiting)[2] if waiting else None

    @rule(service=st.sampled_from(SERVICES), priority=st.booleans())
    def walk_in(self, service: str, priority: bool) -> None:
        self.now += timedelta(seconds=1)
        ticket = services.walk_in("waw", service, priority, "pl", self.store, self.now)
        if priority:
            services.confirm_priority(ticket.id, self.store)
        self.model[ticket.id] = {
            "id": ticket.id,
            "service": service,
            "priority": priority,
            "arrived": self.now,
            "state": "waiting",
            "calls": 0,
            "counter": None,
        }

    def called_at(self, counter: str) -> list[str]:
        return [
            i for i, t in self.model.items() if t["state"] == "called" and t["counter"] == counter
        ]

    def finish(self, entry: dict, outcome: str) -> None:
        if outcome == "served":
            entry["state"] = "served"
        elif entry["calls"] >= 3:
            entry["state"] = "no-show"
        else:
            entry.update(state="waiting", counter=None)

    @rule(
        counter=st.sampled_from(sorted(COUNTERS)),
        previous=st.sampled_from([None, "served", "no-show"]),
    )
    def call_next(self, counter: str, previous: str | None) -> None:
        expected = self.expected_next(counter)
        still_called = self.called_at(counter)
        if counter in self.paused:
            with pytest.raises(CounterPaused):
                services.call_next("waw", counter, self.store, self.now, previous)
            return
        if still_called and previous is None:
            with pytest.raises(CounterBusy):
                services.call_next("waw", counter, self.store, self.now, previous)
            return
        if expected is None:
            with pytest.raises(NothingToCall):
                services.call_next("waw", counter, self.store, self.now, previous)
            return
        ticket = services.call_next("waw", counter, self.store, self.now, previous)
        assert ticket.id == expected
        if still_called:
            self.finish(self.model[still_called[0]], previous)
        entry = self.model[ticket.id]
        entry.update(state="called", calls=entry["calls"] + 1, counter=counter)

    @rule(counter=st.sampled_from(sorted(COUNTERS)))
    def pause_or_resume(self, counter: str) -> None:
        if counter in self.paused:
            services.resume("waw", counter, self.store)
            self.paused.discard(counter)
        elif self.called_at(counter):
            with pytest.raises(CounterBusy):
                services.pause("waw", counter, self.store, self.now)
        else:
            services.pause("waw", counter, self.store, self.now)
            self.paused.add(counter)

    def called_tickets(self) -> list[str]:
        # in the order the tickets were made: ids are random, and Hypothesis must replay draws
        return [i for i, t in self.model.items() if t["state"] == "called"]

    @precondition(lambda self: self.called_tickets())
    @rule(data=st.data(), action=st.sampled_from(["recall", "serve", "no_show"]))
    def at_counter(self, data: st.DataObject, action: str) -> None:
        ticket_id = data.draw(st.sampled_from(self.called_tickets()))
        entry = self.model[ticket_id]
        getattr(services, action)(ticket_id, entry["counter"], self.store, self.now)
        if action == "recall":
            entry["calls"] += 1
        else:
            self.finish(entry, "served" if action == "serve" else "no-show")

    @precondition(lambda self: self.model)
    @rule(data=st.data(), counter=st.sampled_from(sorted(COUNTERS)))
    def act_at_the_wrong_counter(self, data: st.DataObject, counter: str) -> None:
        ticket_id = data.draw(st.sampled_from(list(self.model)))
        entry = self.model[ticket_id]
        if entry["state"] == "called" and entry["counter"] == counter:
            return
        with pytest.raises(NotCalled):
            services.serve(ticket_id, counter, self.store, self.now)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), service=st.sampled_from(SERVICES))
    def transfer(self, data: st.DataObject, service: str) -> None:
        ticket_id = data.draw(st.sampled_from(list(self.model)))
        entry = self.model[ticket_id]
        if entry["state"] in ("served", "no-show"):
            with pytest.raises(NotCalled):
                services.transfer(ticket_id, service, self.store)
            return
        services.transfer(ticket_id, service, self.store)
        entry.update(service=service, state="waiting", counter=None, calls=0)

    @invariant()
    def every_ticket_is_where_the_model_says(self) -> None:
        stored = {t.id: t for t in self.store.tickets.day_tickets("waw", "2026-12-14")}
        assert set(stored) == set(self.model)
        for ticket_id, entry in self.model.items():
            ticket: Ticket = stored[ticket_id]
            assert (ticket.state.value, ticket.service_id, ticket.calls, ticket.counter) == (
                entry["state"],
                entry["service"],
                entry["calls"],
                entry["counter"],
            )
            assert ticket.calls <= 3 or ticket.state.value != "waiting"

    @invariant()
    def no_counter_has_two_people_called(self) -> None:
        stored = self.store.tickets.day_tickets("waw", "2026-12-14")
        counters = [t.counter for t in stored if t.state == TicketState.CALLED]
        assert len(counters) == len(set(counters))

    @invariant()
    def the_calls_and_lines_beside_the_tickets_match_the_model(self) -> None:
        day = "2026-12-14"
        calls = {t.id: t.counter for t in self.store.queue_lines.current_calls("waw", day)}
        sizes = self.store.queue_lines.line_sizes("waw", day)
        waiting = [t for t in self.model.values() if t["state"] == "waiting"]

        assert calls == {i: t["counter"] for i, t in self.model.items() if t["state"] == "called"}
        for service in SERVICES:
            queue = sorted(
                (t["priority"] is False, t["arrived"], t["id"])
                for t in waiting
                if t["service"] == service
            )
            assert sum(sizes.get(service, {}).values()) == len(queue)
            for ahead, (_, _, ticket_id) in enumerate(queue):
                assert services.position(ticket_id, self.store, self.now).ahead == ahead

    @invariant()
    def a_paused_counter_is_paused_in_the_store(self) -> None:
        stored = {c.id: c for c in self.store.tickets.list_counters("waw")}
        assert {c for c in COUNTERS if stored[c].paused_since is not None} == self.paused


SETTINGS = settings(
    max_examples=20,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_the_queue_on_sqlite_behaves_like_the_model() -> None:
    Queue.TestCase.settings = settings(SETTINGS, max_examples=100)
    Queue.TestCase().runTest()


def test_the_queue_on_the_in_memory_fakes_behaves_like_the_model() -> None:
    machine = type("MemoryQueue", (Queue,), {"store_kind": "memory"})
    machine.TestCase.settings = settings(SETTINGS, max_examples=100)
    machine.TestCase().runTest()


def test_the_queue_on_dynamodb_behaves_like_the_model(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    machine = type("DynamoQueue", (Queue,), {"store_kind": "dynamodb"})
    machine.TestCase.settings = SETTINGS
    with mock_aws():
        machine.TestCase().runTest()
