"""The case-status contract of every store: events once, access, lookup failures, audit."""

from datetime import UTC, datetime, timedelta

from chalicelib.cases.model import CaseAccess, CaseEvent

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3650)
CASE = "WSC-II-P.6151.1234.2026"


def event(event_id: str, when: datetime = NOW, case: str = CASE, **data) -> CaseEvent:
    return CaseEvent(event_id, case, "summons_sent", when, data or {"term_days": 7})


def test_an_event_is_stored_once_whatever_its_repeats(store):
    first = store.record_case_event(event("e1"), LATER)
    again = store.record_case_event(event("e1", term_days=99), LATER)

    assert (first, again) == (True, False)
    assert store.case_events(CASE) == [event("e1")]


def test_events_of_a_case_are_kept_apart_from_other_cases(store):
    store.record_case_event(event("e1"), LATER)
    store.record_case_event(event("e2", NOW - timedelta(days=1)), LATER)
    store.record_case_event(event("e3", case="WSC-II-P.6151.9999.2026"), LATER)

    assert sorted(e.id for e in store.case_events(CASE)) == ["e1", "e2"]
    assert store.case_events("WSC-II-P.6151.0000.2026") == []


def test_nested_event_data_reads_back_as_written(store):
    data = {"term_days": 14, "missing": [{"code": "photo", "text": "Zdjęcie 35×45"}]}

    store.record_case_event(event("e1", **data), LATER)

    assert store.case_events(CASE)[0].data == data


def test_case_access_reads_back_and_can_be_replaced(store):
    access = CaseAccess(CASE, "hash-1", "uk", None, LATER)

    store.save_case_access(access)
    store.save_case_access(CaseAccess(CASE, "hash-2", "uk", "a@example.org", LATER))

    assert store.get_case_access(CASE) == CaseAccess(CASE, "hash-2", "uk", "a@example.org", LATER)
    assert store.get_case_access("WSC-II-P.6151.0000.2026") is None


def test_failed_lookups_count_within_a_window_and_start_again_after_it(store):
    window = NOW + timedelta(minutes=15)

    counts = [store.count_failed_lookup(CASE, NOW, window) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert store.failed_lookups(CASE, NOW) == (3, window)
    assert store.failed_lookups(CASE, window) == (0, None)
    assert store.count_failed_lookup(CASE, window, window + timedelta(minutes=15)) == 1
    store.clear_failed_lookups(CASE)
    assert store.failed_lookups(CASE, window) == (0, None)


def test_a_key_is_remembered_until_it_expires(store):
    expiry = NOW + timedelta(minutes=10)

    assert store.remember_once("sig-1", expiry, NOW) is True
    assert store.remember_once("sig-1", expiry, NOW + timedelta(minutes=9)) is False
    assert store.remember_once("sig-1", expiry + timedelta(minutes=10), expiry) is True


def test_the_lookup_audit_keeps_each_day_in_order(store):
    store.audit_lookup(NOW, "c1", "k1", "found")
    store.audit_lookup(NOW + timedelta(seconds=1), "c1", "k2", "wrong-code")
    store.audit_lookup(NOW + timedelta(days=1), "c2", "k1", "found")

    day = store.lookup_audit("2026-06-01")

    assert [(e["case_hash"], e["client_hash"], e["outcome"]) for e in day] == [
        ("c1", "k1", "found"),
        ("c1", "k2", "wrong-code"),
    ]
