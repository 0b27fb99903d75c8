"""DynamoDB's TTL deletes what carries `expires_at`: every record that must go carries it.

SQLite purges by itself and is checked in the store's own contract tests; here we read raw items.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from moto import mock_aws

from chalicelib import retention
from chalicelib.appointments.model import Booking, BookingState, Schedule, Service
from chalicelib.cases.model import CaseAccess, CaseEvent
from chalicelib.clock import epoch
from chalicelib.queue.model import Counter, Ticket
from chalicelib.sites.model import Site
from chalicelib.storage import Stores, dynamodb_stores
from tests.stack import create_table

NOW = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
DAY = "2026-12-14"
AFTER_THE_DAY = epoch(datetime(2026, 12, 14, tzinfo=UTC) + retention.TICKET)
CASE = "WSC-II-P.6151.1234.2026"
OPEN = NOW + retention.CASE_OPEN
NAMES = {language: "Urząd" for language in ("en", "pl", "uk", "ru", "vi")}

# What staff set up and what has no personal data in it is kept until staff change it.
KEPT_UNTIL_CHANGED = ("SITES", "SERVICES", "SCHEDULES#", "CLOSURES#", "COUNTERS#", "QSTATS#")


@pytest.fixture
def store(aws_credentials) -> Iterator[Stores]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-central-1")
        create_table(client, "blizej-expiry")
        yield dynamodb_stores("blizej-expiry", client)


def raw(store: Stores, pk: str, sk: str) -> dict:
    key = {"pk": {"S": pk}, "sk": {"S": sk}}
    return store.tickets.client.get_item(TableName=store.tickets.table_name, Key=key)["Item"]


def every_item(store: Stores) -> list[dict]:
    return store.tickets.client.scan(TableName=store.tickets.table_name)["Items"]


def booking(code: str) -> Booking:
    return Booking(
        code=code,
        site_id="waw",
        service_id="submit",
        start=NOW + timedelta(days=3),
        name="Olena Kovalenko",
        email="olena@example.org",
        phone=None,
        document_hash=f"doc-{code}",
        language="uk",
        identifiers={},
        state=BookingState.HELD,
        created_at=NOW,
        hold_expires_at=NOW + timedelta(minutes=15),
        confirm_hash="confirm-hash",
    )


def test_walk_in_counts_are_deleted_ninety_days_after_their_day(store):
    store.tickets.take_walk_in_place("waw", DAY, "info", 2)

    item = raw(store, f"WALKINS#waw#{DAY}", "info")

    assert int(item["expires_at"]["N"]) == AFTER_THE_DAY


def test_ticket_numbers_are_deleted_ninety_days_after_their_day(store):
    store.tickets.next_ticket_number("waw", DAY, "X")

    item = raw(store, f"NUMBERS#waw#{DAY}", "X")

    assert int(item["expires_at"]["N"]) == AFTER_THE_DAY


def test_a_case_access_is_deleted_with_the_events_of_its_batch(store):
    event = CaseEvent("e1", CASE, "case_registered", NOW, {"language": "uk"})

    store.cases.record_case_batch([event], [CaseAccess(CASE, "hash", "uk", None)], OPEN)

    assert int(raw(store, f"CASE#{CASE}", "ACCESS")["expires_at"]["N"]) == epoch(OPEN)


def test_a_case_access_keeps_its_deletion_time_when_its_email_changes(store):
    event = CaseEvent("e1", CASE, "case_registered", NOW, {"language": "uk"})
    store.cases.record_case_batch([event], [CaseAccess(CASE, "hash", "uk", None)], OPEN)
    closed = NOW + retention.CASE_AFTER_CLOSE
    store.cases.set_case_retention(CASE, closed)

    store.cases.save_case_access(CaseAccess(CASE, "hash", "uk", "a@example.org"))

    assert store.cases.get_case_access(CASE) == CaseAccess(CASE, "hash", "uk", "a@example.org")
    assert int(raw(store, f"CASE#{CASE}", "ACCESS")["expires_at"]["N"]) == epoch(closed)


def test_every_record_of_applicants_and_of_the_day_carries_its_deletion_time(store):
    store.sites.save_site(Site("waw", "Warszawa", NAMES))
    store.catalogue.save_service(Service("submit", NAMES, 30, "X"))
    store.catalogue.save_schedule(Schedule("waw", "submit", {}, 1))
    store.tickets.save_counter(Counter("waw", "1", ("submit",)))
    store.tickets.save_queue_statistics("waw", DAY, [])
    held = store.bookings.hold(booking("WAW-AAAA-AA"), 2, NOW, ("key-1", "fingerprint"))
    store.bookings.confirm(held.code, "manage-hash", NOW)
    kept = store.bookings.hold(booking("WAW-BBBB-BB"), 2, NOW)
    store.bookings.cancel(kept.code, NOW, NOW)
    store.tickets.next_ticket_number("waw", DAY, "X")
    store.tickets.take_walk_in_place("waw", DAY, "submit", 5)
    store.tickets.add_ticket(
        replace(Ticket("waw.2026-12-14.a", "waw", DAY, "X001", "submit", NOW), booking_code="B")
    )
    event = CaseEvent("e1", CASE, "case_registered", NOW, {"language": "uk"})
    store.cases.record_case_batch([event], [CaseAccess(CASE, "hash", "uk", None)], OPEN)
    store.lookups.add_lookup_failure("client:c1", NOW, NOW + timedelta(hours=24))
    store.lookups.audit_lookup(NOW, "case-hash", "client-hash", "found")
    store.upkeep.take_rate_token("client:c1", "2026-12-14T08", 10, NOW + timedelta(hours=1))
    store.upkeep.remember_once("delivery-1", NOW + timedelta(days=1), NOW)

    items = every_item(store)
    forever = {item["pk"]["S"] for item in items if "expires_at" not in item}

    assert len(items) > len(KEPT_UNTIL_CHANGED) + 10, "the walk must have stored every kind"
    assert [pk for pk in forever if not pk.startswith(KEPT_UNTIL_CHANGED)] == []
