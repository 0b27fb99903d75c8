"""The case-status contract of every store: batches whole or not at all, events once, access,
quarantine, wrong-code counters, audit."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.clock import epoch
from tests.contract.conftest import real_stores_only

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3650)
CASE = "WSC-II-P.6151.1234.2026"
OTHER = "WSC-II-P.6151.9999.2026"


def event(event_id: str, when: datetime = NOW, case: str = CASE, **data) -> CaseEvent:
    return CaseEvent(event_id, case, "summons_sent", when, data or {"term_days": 7})


def access(case: str = CASE, code_hash: str = "hash-1") -> CaseAccess:
    return CaseAccess(case, code_hash, "uk", None, LATER)


def test_an_event_is_stored_once_whatever_its_repeats(store):
    first = store.cases.record_case_batch([event("e1")], [], LATER)
    again = store.cases.record_case_batch([event("e1", term_days=99)], [], LATER)

    assert (first, again) == (set(), {"e1"})
    assert store.cases.case_events(CASE) == [event("e1")]


def test_an_event_stored_before_is_found_even_when_it_is_sent_with_another_time(store):
    store.cases.record_case_batch([event("e1")], [], LATER)

    again = store.cases.record_case_batch([event("e1", NOW + timedelta(days=1))], [], LATER)

    assert again == {"e1"}
    assert store.cases.case_events(CASE) == [event("e1")]


def test_events_of_a_case_are_kept_apart_from_other_cases(store):
    store.cases.record_case_batch(
        [event("e1"), event("e2", NOW - timedelta(days=1)), event("e3", case=OTHER)], [], LATER
    )

    assert sorted(e.id for e in store.cases.case_events(CASE)) == ["e1", "e2"]
    assert store.cases.case_events("WSC-II-P.6151.0000.2026") == []


def test_nested_event_data_reads_back_as_written(store):
    data = {"term_days": 14, "missing": [{"code": "photo", "text": "Zdjęcie 35×45"}]}

    store.cases.record_case_batch([event("e1", **data)], [], LATER)

    assert store.cases.case_events(CASE)[0].data == data


def test_a_batch_stores_its_events_and_access_records_together(store):
    written = store.cases.record_case_batch(
        [event("e1"), event("e2", case=OTHER)], [access(), access(OTHER, "hash-2")], LATER
    )

    assert written == set()
    assert [e.id for e in store.cases.case_events(CASE)] == ["e1"]
    assert [e.id for e in store.cases.case_events(OTHER)] == ["e2"]
    assert store.cases.get_case_access(OTHER) == access(OTHER, "hash-2")


def test_a_batch_with_one_event_stored_before_writes_nothing_and_names_it(store):
    store.cases.record_case_batch([event("e2", case=OTHER)], [], LATER)

    answer = store.cases.record_case_batch(
        [event("e1"), event("e2", case=OTHER), event("e3")], [access()], LATER
    )

    assert answer == {"e2"}
    assert store.cases.case_events(CASE) == []
    assert store.cases.get_case_access(CASE) is None


def test_the_largest_batch_fits_in_one_write(store):
    cases = [f"WSC-II-P.6151.{n}.2026" for n in range(MAX_EVENTS_PER_BATCH)]
    events = [CaseEvent(f"r{n}", case, "case_registered", NOW, {}) for n, case in enumerate(cases)]

    written = store.cases.record_case_batch(events, [access(case) for case in cases], LATER)

    assert written == set()
    assert all(len(store.cases.case_events(case)) == 1 for case in cases)
    assert all(store.cases.get_case_access(case) is not None for case in cases)


def test_a_batch_larger_than_the_limit_is_refused_and_nothing_is_written(store):
    events = [event(f"e{n}") for n in range(MAX_EVENTS_PER_BATCH + 1)]

    with pytest.raises(ValueError):
        store.cases.record_case_batch(events, [], LATER)

    assert store.cases.case_events(CASE) == []


class InjectedFailure(Exception):
    """Not a store error: something nobody planned for, such as a bug or a lost process."""


class FailOnWrite:
    """Stands between a store and its connection (SQLite) or client (DynamoDB) and fails the
    n-th write it sees: a statement that changes data, or a call that does."""

    SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    DYNAMODB_WRITES = (
        "put_item",
        "update_item",
        "delete_item",
        "transact_write_items",
        "batch_write_item",
    )

    def __init__(self, inner, n: int) -> None:
        self.inner, self.left = inner, n
        self.fired = False

    def _count(self) -> None:
        self.left -= 1
        if self.left == 0:
            self.fired = True
            raise InjectedFailure()

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(self.SQL_WRITES):
            self._count()
        return self.inner.execute(sql, *args)

    def __getattr__(self, name: str):
        attribute = getattr(self.inner, name)
        if name not in self.DYNAMODB_WRITES:
            return attribute

        def write(**kwargs):
            self._count()
            return attribute(**kwargs)

        return write


def fail_on_write(store, stores, monkeypatch, n: int) -> FailOnWrite:
    if stores.kind == "sqlite":
        failing = FailOnWrite(store.cases.db.connection(), n)
        monkeypatch.setattr(store.cases.db, "connection", lambda: failing)
    else:
        failing = FailOnWrite(store.cases.client, n)
        monkeypatch.setattr(store.cases.table, "_client", failing)
    return failing


@real_stores_only  # it fails the store's own writes; a fake's batch is one step in memory
def test_a_batch_interrupted_at_any_write_leaves_none_of_it_stored(store, stores, monkeypatch):
    interrupted = 0
    for n in range(1, 20):
        first, second = f"WSC-II-P.6151.{n}.2026", f"WSC-II-P.6152.{n}.2026"
        events = [event(f"{n}/a", case=first), event(f"{n}/b", case=second), event(f"{n}/c")]
        with monkeypatch.context() as patch:
            failing = fail_on_write(store, stores, patch, n)
            with contextlib.suppress(InjectedFailure):
                store.cases.record_case_batch(events, [access(first), access(second)], LATER)

        stored = [store.cases.case_events(case) for case in (first, second)]
        accesses = [store.cases.get_case_access(case) for case in (first, second)]
        if not failing.fired:
            assert all(stored) and all(accesses), "an uninterrupted batch is stored whole"
            break
        interrupted += 1
        assert stored == [[], []] and accesses == [None, None], f"interrupted at write {n}"
        assert not [e for e in store.cases.case_events(CASE) if e.id.startswith(f"{n}/")]
    assert interrupted >= 1, "the failure must have hit the batch at least once"


def test_an_event_stored_before_todays_rules_that_cannot_be_read_is_left_out_of_its_case(store):
    year_one = datetime(1, 1, 1, tzinfo=UTC)  # stored, before the rules, as "1-01-01T00:00:00Z"
    store.cases.record_case_batch([event("good"), event("old", year_one)], [], LATER)

    events = store.cases.case_events(CASE)
    records = store.cases.case_event_records()

    assert [e.id for e in events] == ["good"]
    [old] = [r for r in records if r["id"] == "old"]
    assert old["case_number"] == CASE and old["occurred_at"].endswith("1-01-01T00:00:00Z")
    assert old["data"] == {"term_days": 7}


def test_a_quarantined_event_is_kept_out_of_its_case_until_restored(store):
    store.cases.record_case_batch(
        [event("good"), event("bad", delivered_on="2026-02-30")], [], LATER
    )

    moved = store.cases.quarantine_case_event(CASE, "bad", "data.delivered_on wrong-format", NOW)
    shown = [e.id for e in store.cases.case_events(CASE)]
    kept = store.cases.quarantined_case_events()
    resent = store.cases.record_case_batch([event("bad")], [], LATER)
    restored = store.cases.restore_case_event(CASE, "bad")

    assert moved is True
    assert shown == ["good"]
    assert [(r["id"], r["case_number"], r["data"]) for r in kept] == [
        ("bad", CASE, {"delivered_on": "2026-02-30"})
    ]
    assert kept[0]["reason"] == "data.delivered_on wrong-format"
    assert kept[0]["quarantined_at"] == "2026-06-01T09:00:00Z"
    assert resent == {"bad"}, "a quarantined event's id stays taken"
    assert restored is True
    assert sorted(e.id for e in store.cases.case_events(CASE)) == ["bad", "good"]
    assert store.cases.quarantined_case_events() == []
    assert sorted(r["id"] for r in store.cases.case_event_records()) == ["bad", "good"]


def test_a_quarantined_event_deleted_for_good_frees_its_id(store):
    store.cases.record_case_batch([event("bad", delivered_on="9999-12-31")], [], LATER)
    store.cases.quarantine_case_event(CASE, "bad", "data.delivered_on out-of-range", NOW)

    deleted = store.cases.delete_quarantined_case_event(CASE, "bad")
    again = store.cases.record_case_batch([event("bad", delivered_on="2026-06-01")], [], LATER)

    assert deleted is True
    assert store.cases.quarantined_case_events() == []
    assert again == set()
    assert store.cases.case_events(CASE)[0].data == {"delivered_on": "2026-06-01"}


def test_a_quarantined_event_keeps_the_retention_of_its_case(store, stores):
    store.cases.record_case_batch([event("bad", delivered_on="2026-02-30")], [], LATER)
    store.cases.quarantine_case_event(CASE, "bad", "data.delivered_on wrong-format", NOW)
    closed = NOW + timedelta(days=365)

    store.cases.set_case_retention(CASE, closed)

    if stores.kind != "dynamodb":  # purged by the store itself
        store.upkeep.purge_expired(closed - timedelta(seconds=1))
        kept = store.cases.quarantined_case_events()
        store.upkeep.purge_expired(closed)
        assert kept and store.cases.quarantined_case_events() == []
    else:  # DynamoDB's TTL deletes what carries `expires_at`
        for pk, sk in ((f"CASE#{CASE}", "QUARANTINE#bad"), ("EVENT#bad", "-")):
            key = {"pk": {"S": pk}, "sk": {"S": sk}}
            item = store.cases.client.get_item(TableName=store.cases.table_name, Key=key)["Item"]
            assert int(item["expires_at"]["N"]) == epoch(closed), pk


# DynamoDB's TTL deletes it with the batch's events: test_dynamodb_expiry.py checks the instant.
@pytest.mark.parametrize("stores", ["sqlite", "memory"], indirect=True)
def test_an_open_cases_access_code_is_purged_with_the_last_event_of_the_case(store, stores):
    store.cases.record_case_batch(
        [event("e1")], [CaseAccess(CASE, "hash-1", "uk", "a@example.org", None)], LATER
    )

    store.upkeep.purge_expired(LATER - timedelta(seconds=1))
    kept = store.cases.get_case_access(CASE)
    store.upkeep.purge_expired(LATER)

    assert kept is not None
    assert store.cases.case_events(CASE) == [] and store.cases.get_case_access(CASE) is None


def test_quarantine_verbs_change_nothing_for_an_event_that_is_not_there(store):
    store.cases.record_case_batch([event("live")], [], LATER)

    answers = (
        store.cases.quarantine_case_event(CASE, "nothing", "why", NOW),
        store.cases.quarantine_case_event(OTHER, "live", "why", NOW),
        store.cases.restore_case_event(CASE, "live"),
        store.cases.delete_quarantined_case_event(CASE, "live"),
    )

    assert answers == (False, False, False, False)
    assert [e.id for e in store.cases.case_events(CASE)] == ["live"]


def test_case_access_reads_back_and_can_be_replaced(store):
    store.cases.save_case_access(access())
    store.cases.save_case_access(CaseAccess(CASE, "hash-2", "uk", "a@example.org", LATER))

    assert store.cases.get_case_access(CASE) == CaseAccess(
        CASE, "hash-2", "uk", "a@example.org", LATER
    )
    assert store.cases.get_case_access("WSC-II-P.6151.0000.2026") is None


def test_wrong_codes_are_counted_per_key_with_the_latest_and_forgotten_after_keep_until(store):
    keep = NOW + timedelta(hours=24)

    counts = [
        store.lookups.add_lookup_failure("client:c1:k1", NOW + timedelta(minutes=m), keep)
        for m in range(3)
    ]
    other = store.lookups.add_lookup_failure("client:c1:k2", NOW, keep)

    assert counts == [1, 2, 3] and other == 1
    assert store.lookups.lookup_failures("client:c1:k1", NOW) == (3, NOW + timedelta(minutes=2))
    assert store.lookups.lookup_failures("client:c1:k1", keep) == (0, None)
    assert store.lookups.add_lookup_failure("client:c1:k1", keep, keep + timedelta(hours=24)) == 1
    store.lookups.clear_lookup_failures("client:c1:k1")
    assert store.lookups.lookup_failures("client:c1:k1", keep) == (0, None)
    assert store.lookups.lookup_failures("client:c1:k2", NOW) == (1, NOW)


def test_each_wrong_code_moves_when_the_count_is_forgotten(store):
    store.lookups.add_lookup_failure("client:c1:k1", NOW, NOW + timedelta(hours=24))

    store.lookups.add_lookup_failure(
        "client:c1:k1", NOW + timedelta(hours=20), NOW + timedelta(hours=44)
    )

    assert store.lookups.lookup_failures("client:c1:k1", NOW + timedelta(hours=30))[0] == 2


def test_wrong_code_counters_carry_their_retention(store, stores):
    keep = NOW + timedelta(hours=24)
    store.lookups.add_lookup_failure("client:c1:k1", NOW, keep)

    if stores.kind != "dynamodb":  # purged by the store itself
        assert store.upkeep.purge_expired(keep - timedelta(seconds=1)) == 0
        assert store.upkeep.purge_expired(keep) == 1
    else:  # DynamoDB's TTL deletes what carries `expires_at`
        key = {"pk": {"S": "LOOKUPS#client:c1:k1"}, "sk": {"S": "-"}}
        item = store.cases.client.get_item(TableName=store.cases.table_name, Key=key)["Item"]
        assert int(item["expires_at"]["N"]) == epoch(keep)


def test_a_key_is_remembered_until_it_expires(store):
    expiry = NOW + timedelta(minutes=10)

    assert store.upkeep.remember_once("sig-1", expiry, NOW) is True
    assert store.upkeep.remember_once("sig-1", expiry, NOW + timedelta(minutes=9)) is False
    assert store.upkeep.remember_once("sig-1", expiry + timedelta(minutes=10), expiry) is True


def test_the_lookup_audit_keeps_each_day_in_order(store):
    store.lookups.audit_lookup(NOW, "c1", "k1", "found")
    store.lookups.audit_lookup(NOW + timedelta(seconds=1), "c1", "k2", "wrong-code")
    store.lookups.audit_lookup(NOW + timedelta(days=1), "c2", "k1", "found")

    day = store.lookups.lookup_audit("2026-06-01")

    assert [(e["case_hash"], e["client_hash"], e["outcome"]) for e in day] == [
        ("c1", "k1", "found"),
        ("c1", "k2", "wrong-code"),
    ]


def test_a_sqlite_file_from_before_quarantine_and_per_client_counts_keeps_its_events(tmp_path):
    import json
    import sqlite3

    from chalicelib.storage import codec, sqlite_stores
    from chalicelib.storage.sqlite.database import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:4]:
        for statement in filter(str.strip, script.split(";")):
            old.execute(statement)
    old.execute("PRAGMA user_version = 4")
    doc = json.dumps(codec.event_to_dict(event("e1")))
    old.execute("INSERT INTO case_events VALUES (?, ?, ?, ?, ?)", ("e1", CASE, "x", doc, 2**40))
    old.execute("INSERT INTO lookup_failures VALUES (?, 5, ?)", (CASE, 2**40))
    old.close()

    store = sqlite_stores(path)

    assert store.cases.case_events(CASE) == [event("e1")]
    assert store.lookups.lookup_failures(f"client:{CASE}", NOW) == (0, None)
    assert store.lookups.add_lookup_failure("client:c1:k1", NOW, LATER) == 1
