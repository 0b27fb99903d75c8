"""Case status's use cases, on the in-memory fakes: the clock is pinned by passing `now`."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import i18n, retention
from chalicelib.cases import services
from chalicelib.cases.model import (
    CASE_CEILING,
    CLIENT_FREE_TRIES,
    CaseEvent,
    CaseLocked,
    CaseNotFound,
    EventsInvalid,
)
from chalicelib.errors import RateLimited, StoreUnavailable
from tests.fakes import RecordingMailer, memory_stores

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
CASE = "WSC-II-P.6151.1234.2026"
CLIENT = "198.51.100.7"
SECRET = "ingest-secret"


@pytest.fixture(autouse=True)
def env(monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_INGEST_SECRETS", SECRET)


@pytest.fixture
def store():
    return memory_stores()


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


def registered(event_id: str = "e1", case: str = CASE, language: str = "en") -> CaseEvent:
    data = {"case_type": "temporary-residence", "language": language, "filed_on": "2026-05-20"}
    return CaseEvent(event_id, case, "case_registered", NOW, data)


def summons(event_id: str = "e2", delivered_on: str = "2026-06-01") -> CaseEvent:
    data = {"summons": "s1", "kind": "evidence", "delivered_on": delivered_on, "term_days": 7}
    return CaseEvent(event_id, CASE, "summons_sent", NOW, data)


def closed(event_id: str = "e9", when: datetime = NOW) -> CaseEvent:
    return CaseEvent(event_id, CASE, "case_closed", when, {"closed_on": "2026-06-01"})


def register(store, mailer) -> str:
    """A registered case and the access code the workflow system hands the applicant."""
    [applied] = services.apply_events([registered()], store, mailer, NOW)
    return applied.access_code


def outcomes(store) -> list[str]:
    return [entry["outcome"] for entry in store.lookups.lookup_audit("2026-06-01")]


# ingest_secrets, sign, verify


def test_two_ingest_secrets_are_accepted_during_a_rotation(monkeypatch):
    monkeypatch.setenv("BLIZEJ_INGEST_SECRETS", " old , new ,")

    assert services.ingest_secrets() == [b"old", b"new"]


def test_no_ingest_secret_is_accepted_when_none_is_set(monkeypatch):
    monkeypatch.delenv("BLIZEJ_INGEST_SECRETS")

    assert services.ingest_secrets() == []


def test_a_request_signed_with_a_current_secret_and_sent_just_now_is_verified():
    stamp = str(int(NOW.timestamp()))
    signature = services.sign(SECRET.encode(), stamp, b'{"events": []}')

    services.verify(stamp, signature, b'{"events": []}', NOW + timedelta(minutes=4))


def test_a_signature_over_another_body_is_refused():
    stamp = str(int(NOW.timestamp()))
    signature = services.sign(SECRET.encode(), stamp, b'{"events": []}')

    with pytest.raises(services.SignatureInvalid):
        services.verify(stamp, signature, b'{"events": [1]}', NOW)


def test_a_signature_made_with_a_secret_no_longer_current_is_refused():
    stamp = str(int(NOW.timestamp()))
    signature = services.sign(b"retired-secret", stamp, b"{}")

    with pytest.raises(services.SignatureInvalid):
        services.verify(stamp, signature, b"{}", NOW)


def test_a_request_without_a_signature_is_refused():
    with pytest.raises(services.SignatureInvalid):
        services.verify(str(int(NOW.timestamp())), "", b"{}", NOW)


def test_a_request_signed_more_than_five_minutes_ago_is_stale():
    stamp = str(int(NOW.timestamp()))
    signature = services.sign(SECRET.encode(), stamp, b"{}")

    with pytest.raises(services.RequestStale):
        services.verify(stamp, signature, b"{}", NOW + timedelta(minutes=5, seconds=1))


def test_a_request_with_an_unreadable_timestamp_is_stale():
    signature = services.sign(SECRET.encode(), "yesterday", b"{}")

    with pytest.raises(services.RequestStale):
        services.verify("yesterday", signature, b"{}", NOW)


# refuse_replay


def test_a_signature_seen_before_is_a_replay(store):
    services.refuse_replay("sha256=abc", store, NOW)

    with pytest.raises(services.RequestReplayed):
        services.refuse_replay("sha256=abc", store, NOW + timedelta(minutes=1))


def test_a_signature_is_forgotten_once_it_could_no_longer_be_fresh(store):
    services.refuse_replay("sha256=abc", store, NOW)

    services.refuse_replay("sha256=abc", store, NOW + timedelta(minutes=10))
    services.refuse_replay("sha256=other", store, NOW)


# apply_events


def test_a_registration_is_applied_and_issues_an_access_code(store, mailer):
    [applied] = services.apply_events([registered()], store, mailer, NOW)

    assert (applied.index, applied.id, applied.outcome) == (0, "e1", "applied")
    assert applied.access_code
    assert [e.id for e in store.cases.case_events(CASE)] == ["e1"]
    assert store.cases.get_case_access(CASE).language == "en"
    assert mailer.sent == []  # a registration is not news: the code goes by letter


def test_an_event_sent_again_is_a_duplicate_and_changes_nothing(store, mailer):
    services.apply_events([registered()], store, mailer, NOW)
    access = store.cases.get_case_access(CASE)

    [again] = services.apply_events([registered()], store, mailer, NOW)

    assert (again.outcome, again.access_code) == ("duplicate", None)
    assert store.cases.get_case_access(CASE) == access


def test_an_event_repeated_inside_one_batch_is_applied_once(store, mailer):
    results = services.apply_events([summons(), summons()], store, mailer, NOW)

    assert [r.outcome for r in results] == ["applied", "duplicate"]
    assert [e.id for e in store.cases.case_events(CASE)] == ["e2"]


def test_a_batch_mixing_stored_and_new_events_applies_only_the_new(store, mailer):
    services.apply_events([summons("e2")], store, mailer, NOW)

    results = services.apply_events([summons("e2"), summons("e3")], store, mailer, NOW)

    assert [(r.id, r.outcome) for r in results] == [("e2", "duplicate"), ("e3", "applied")]
    assert {e.id for e in store.cases.case_events(CASE)} == {"e2", "e3"}


def test_a_store_naming_events_that_are_not_in_the_batch_is_taken_as_unavailable(store, mailer):
    class Confused(type(store.cases)):
        def record_case_batch(self, events, accesses, retain_until):
            return {"not-in-the-batch"}

    confused = dataclasses.replace(store, cases=Confused(store.cases.memory))

    with pytest.raises(StoreUnavailable):
        services.apply_events([summons()], confused, mailer, NOW)


def test_a_batch_with_one_invalid_event_is_refused_and_nothing_is_stored(store, mailer):
    with pytest.raises(EventsInvalid):
        services.apply_events(
            [registered(), summons(delivered_on="2026-02-30")], store, mailer, NOW
        )

    assert store.cases.case_events(CASE) == []
    assert store.cases.get_case_access(CASE) is None


def test_news_in_a_case_is_emailed_to_a_subscribed_applicant(store, mailer):
    code = register(store, mailer)
    services.subscribe(CASE, code, "olena@example.org", CLIENT, store, NOW)

    services.apply_events([summons()], store, mailer, NOW)

    [email] = mailer.sent
    assert email.to == "olena@example.org"
    assert email.subject == i18n.text("en", "email:case-news.subject")
    assert CASE not in email.text  # the email says only that there is news


def test_news_that_cannot_be_emailed_is_still_applied(store):
    code = register(store, RecordingMailer())
    services.subscribe(CASE, code, "olena@example.org", CLIENT, store, NOW)

    [applied] = services.apply_events([summons()], store, RecordingMailer(failing=True), NOW)

    assert applied.outcome == "applied"
    assert {e.id for e in store.cases.case_events(CASE)} == {"e1", "e2"}


def test_a_reissued_code_replaces_the_earlier_one(store, mailer):
    first = register(store, mailer)
    reissue = CaseEvent("e3", CASE, "access_code_reissued", NOW, {})

    [applied] = services.apply_events([reissue], store, mailer, NOW)

    assert applied.access_code not in (None, first)
    with pytest.raises(CaseNotFound):
        services.lookup(CASE, first, CLIENT, store, NOW)
    assert services.lookup(CASE, applied.access_code, CLIENT, store, NOW).case_number == CASE


def test_a_closed_case_is_kept_a_year_after_it_closed_and_then_purged(store, mailer):
    register(store, mailer)
    ended = NOW + timedelta(days=10)

    services.apply_events([closed(when=ended)], store, mailer, ended)

    gone_at = ended + retention.CASE_AFTER_CLOSE
    store.upkeep.purge_expired(gone_at - timedelta(seconds=1))
    assert len(store.cases.case_events(CASE)) == 2
    store.upkeep.purge_expired(gone_at)
    assert store.cases.case_events(CASE) == []
    assert store.cases.get_case_access(CASE) is None


# lookup


def test_the_right_code_shows_the_case_and_is_audited(store, mailer):
    code = register(store, mailer)
    services.apply_events([summons()], store, mailer, NOW)

    summary = services.lookup(CASE, code.lower().replace("-", " "), CLIENT, store, NOW)

    assert (summary.case_number, summary.case_type) == (CASE, "temporary-residence")
    assert [s.id for s in summary.open_summonses] == ["s1"]
    assert outcomes(store) == ["found"]


def test_a_case_shows_without_a_stored_event_that_breaks_todays_rules_and_the_log_names_no_case(
    store, mailer, caplog
):
    code = register(store, mailer)
    store.cases.record_case_batch(
        [summons("old", delivered_on="2026-02-30")], [], NOW + retention.CASE_OPEN
    )

    summary = services.lookup(CASE, code, CLIENT, store, NOW)

    assert [e.id for e in summary.left_out] == ["old"]
    assert summary.open_summonses == []
    assert "data.delivered_on" in caplog.text
    assert CASE not in caplog.text and code not in caplog.text


def test_a_wrong_code_is_not_found_and_counted(store, mailer):
    register(store, mailer)

    with pytest.raises(CaseNotFound):
        services.lookup(CASE, "AAAA-AAAA-AAAA-AAAA", CLIENT, store, NOW)

    assert outcomes(store) == ["not-found"]


def test_an_unknown_case_is_refused_as_a_wrong_code_is(store, mailer):
    with pytest.raises(CaseNotFound):
        services.lookup("WSC-II-P.6151.9999.2026", "AAAA-AAAA-AAAA-AAAA", CLIENT, store, NOW)

    assert outcomes(store) == ["not-found"]


def test_a_client_sending_too_many_wrong_codes_has_to_wait(store, mailer):
    code = register(store, mailer)
    for _ in range(CLIENT_FREE_TRIES):
        with pytest.raises(CaseNotFound):
            services.lookup(CASE, "AAAA-AAAA-AAAA-AAAA", CLIENT, store, NOW)

    with pytest.raises(CaseLocked) as locked:
        services.lookup(CASE, code, CLIENT, store, NOW + timedelta(seconds=30))

    assert locked.value.until == NOW + timedelta(minutes=1)
    assert services.lookup(CASE, code, CLIENT, store, NOW + timedelta(minutes=1)).case_number
    assert outcomes(store)[-2:] == ["delayed", "found"]


def test_a_client_looking_up_more_than_twenty_times_a_minute_is_slowed(store, mailer):
    code = register(store, mailer)
    for second in range(services.LOOKUPS_PER_CLIENT_PER_MINUTE):
        services.lookup(CASE, code, CLIENT, store, NOW + timedelta(seconds=second))

    with pytest.raises(RateLimited):
        services.lookup(CASE, code, CLIENT, store, NOW + timedelta(seconds=30))

    assert outcomes(store)[-1] == "rate-limited"


def test_a_case_guessed_at_from_many_clients_takes_one_try_a_minute(store, mailer):
    code = register(store, mailer)
    for n in range(CASE_CEILING):
        with pytest.raises(CaseNotFound):
            services.lookup(CASE, "AAAA-AAAA-AAAA-AAAA", f"10.0.0.{n}", store, NOW)

    allowed = services.lookup(CASE, code, CLIENT, store, NOW + timedelta(seconds=10))
    with pytest.raises(CaseLocked):
        services.lookup(CASE, code, CLIENT, store, NOW + timedelta(seconds=20))

    assert allowed.case_number == CASE
    assert outcomes(store)[-1] == "case-slowed"


# subscribe


def test_subscribing_switches_news_on_and_off(store, mailer):
    code = register(store, mailer)

    on = services.subscribe(CASE, code, "olena@example.org", CLIENT, store, NOW)
    email_on = store.cases.get_case_access(CASE).email
    off = services.subscribe(CASE, code, None, CLIENT, store, NOW)

    assert (on, email_on) == (True, "olena@example.org")
    assert (off, store.cases.get_case_access(CASE).email) == (False, None)


def test_subscribing_with_a_wrong_code_is_refused_and_changes_nothing(store, mailer):
    register(store, mailer)
    before = store.cases.get_case_access(CASE)

    with pytest.raises(CaseNotFound):
        services.subscribe(CASE, "AAAA-AAAA-AAAA-AAAA", "x@example.org", CLIENT, store, NOW)

    assert store.cases.get_case_access(CASE) == before


# failing_events, quarantine_failing, quarantined, restore, delete_quarantined


def stored_before_todays_rules(store) -> None:
    """Writes past the service's checks, as an older version of the rules let through."""
    events = [summons("good"), summons("bad", delivered_on="2026-02-30")]
    store.cases.record_case_batch(events, [], NOW + retention.CASE_OPEN)


def test_events_that_break_todays_rules_are_found(store):
    stored_before_todays_rules(store)

    findings = services.failing_events(store)

    [finding] = findings
    assert (finding.case_number, finding.event_id, finding.type) == (CASE, "bad", "summons_sent")
    assert "data.delivered_on" in finding.problems


def test_a_store_with_only_valid_events_has_no_findings(store, mailer):
    register(store, mailer)

    assert services.failing_events(store) == []


def test_failing_events_are_moved_to_quarantine_and_out_of_their_case(store):
    stored_before_todays_rules(store)

    moved = services.quarantine_failing(store, NOW)

    assert [f.event_id for f in moved] == ["bad"]
    assert [e.id for e in store.cases.case_events(CASE)] == ["good"]
    assert services.failing_events(store) == []
    [kept] = services.quarantined(store)
    assert kept.event_id == "bad" and kept.problems.endswith("(since 2026-06-01T09:00:00Z)")


def test_an_empty_quarantine_lists_nothing(store):
    assert services.quarantined(store) == []


def test_a_quarantined_event_that_passes_the_rules_now_goes_back_into_its_case(store):
    stored_before_todays_rules(store)
    store.cases.quarantine_case_event(CASE, "good", "put aside by hand", NOW)

    restored = services.restore(CASE, "good", store)

    assert restored is True
    assert {e.id for e in store.cases.case_events(CASE)} == {"good", "bad"}
    assert services.quarantined(store) == []


def test_a_quarantined_event_that_still_breaks_the_rules_stays_in_quarantine(store):
    stored_before_todays_rules(store)
    services.quarantine_failing(store, NOW)

    with pytest.raises(services.StillInvalid):
        services.restore(CASE, "bad", store)

    assert [f.event_id for f in services.quarantined(store)] == ["bad"]


def test_restoring_an_event_that_is_not_in_quarantine_does_nothing(store):
    stored_before_todays_rules(store)

    assert services.restore(CASE, "good", store) is False


def test_a_quarantined_event_deleted_for_good_can_be_sent_again(store, mailer):
    stored_before_todays_rules(store)
    services.quarantine_failing(store, NOW)

    deleted = services.delete_quarantined(CASE, "bad", store)
    [resent] = services.apply_events([summons("bad")], store, mailer, NOW)

    assert deleted is True
    assert resent.outcome == "applied"
    assert services.quarantined(store) == []


def test_deleting_an_event_that_is_not_in_quarantine_does_nothing(store):
    stored_before_todays_rules(store)

    assert services.delete_quarantined(CASE, "good", store) is False
    assert {e.id for e in store.cases.case_events(CASE)} == {"good", "bad"}
