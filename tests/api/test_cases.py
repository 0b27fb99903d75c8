"""Case status through the API: signed ingest from the document-workflow system, and lookups."""

import json
import logging
import random
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.cases import routes
from chalicelib.cases.model import CaseEvent
from chalicelib.cases.services import sign
from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body
from tests.api.test_appointments import emails

CASE = "WSC-II-P.6151.1234.2026"
SECRET = "ingest-secret-current"
OLD_SECRET = "ingest-secret-previous"
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def events_of_a_case(case: str = CASE) -> list[dict]:
    return [
        {
            "id": f"{case}/1",
            "case": case,
            "type": "case_registered",
            "occurred_at": "2026-05-04T10:00:00Z",
            "data": {
                "case_type": "temporary-residence",
                "language": "uk",
                "filed_on": "2026-05-04",
            },
        },
        {
            "id": f"{case}/2",
            "case": case,
            "type": "appointment_scheduled",
            "occurred_at": "2026-05-05T10:00:00Z",
            "data": {
                "appointment": "A1",
                "kind": "fingerprints",
                "site": "waw",
                "start": "2026-06-10T08:00:00Z",
            },
        },
        {
            "id": f"{case}/3",
            "case": case,
            "type": "summons_sent",
            "occurred_at": "2026-05-20T10:00:00Z",
            "data": {
                "summons": "S1",
                "kind": "formal-deficiencies",
                "delivered_on": "2026-05-28",
                "term_days": 7,
                "missing": [{"code": "photo"}, {"code": "other", "text": "Umowa najmu"}],
            },
        },
    ]


OWNER = "198.51.100.7"
GUESSER = "203.0.113.66"
WRONG = "AAAA-AAAA-AAAA-AAAA"


@pytest.fixture
def ingest_env(outbox, monkeypatch, clock):
    monkeypatch.setenv("BLIZEJ_INGEST_SECRETS", f"{SECRET},{OLD_SECRET}")
    clock.current = NOW
    # Each test request says which address it comes from; how the real address is found
    # (behind CloudFront) is web/api.py's business.
    monkeypatch.setattr(
        routes, "client_address", lambda request: request.headers.get("x-test-client", OWNER)
    )


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_client(request, monkeypatch):
    """The dev stage on SQLite, or the prod stage on DynamoDB (moto), ready for ingest."""
    if request.param == "dynamodb":
        monkeypatch.setenv("BLIZEJ_STORE", "dynamodb")  # for get_store() outside the handlers
        client = request.getfixturevalue("prod_client")
        request.getfixturevalue("dynamodb_table")
    else:
        client = request.getfixturevalue("client")
    request.getfixturevalue("ingest_env")
    return client


def post_events(
    client,
    events: list[dict],
    secret: str = SECRET,
    at: datetime | None = None,
    signature: str | None = None,
):
    raw = json.dumps({"events": events}).encode()
    timestamp = str(int((at or NOW).timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-Blizej-Timestamp": timestamp,
        "X-Blizej-Signature": signature or sign(secret.encode(), timestamp, raw),
    }
    return client.http.post("/cases/events", headers=headers, body=raw)


def later_event(event_id: str, kind: str, data: dict, at: str = "2026-06-01T09:00:00Z") -> dict:
    """One more event of the case, as the document-workflow system sends it."""
    return {"id": event_id, "case": CASE, "type": kind, "occurred_at": at, "data": data}


def all_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in all_keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in all_keys(item)}
    return set()


def register(client) -> str:
    response = post_events(client, events_of_a_case())
    assert response.status_code == 200, response.body
    return next(r["access_code"] for r in body(response)["results"] if "access_code" in r)


def look_up(client, code: str, case: str = CASE, language: str = "en", address: str = OWNER):
    payload = {"case": case, "code": code, "language": language}
    return client.http.post(
        "/cases/lookup",
        headers={"Content-Type": "application/json", "X-Test-Client": address},
        body=json.dumps(payload).encode(),
    )


def test_a_signed_batch_is_applied_and_the_registration_returns_an_access_code(client, ingest_env):
    response = post_events(client, events_of_a_case())

    results = body(response)["results"]
    assert [r["outcome"] for r in results] == ["applied", "applied", "applied"]
    code = results[0]["access_code"]
    assert len(code.replace("-", "")) == 16
    assert code not in json.dumps(get_store().cases.get_case_access(CASE).__dict__)


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"signature": "sha256=" + "0" * 64}, 401, "signature-invalid"),
        ({"secret": "some-other-secret"}, 401, "signature-invalid"),
        ({"at": NOW - timedelta(minutes=6)}, 401, "request-stale"),
        ({"at": NOW + timedelta(minutes=6)}, 401, "request-stale"),
    ],
)
def test_an_unsigned_wrongly_signed_or_stale_batch_is_refused(
    client, ingest_env, change, status, code
):
    response = post_events(client, events_of_a_case(), **change)

    assert_problem(response, status, code)
    assert get_store().cases.case_events(CASE) == []


def test_a_batch_signed_with_the_previous_secret_is_accepted_during_a_rotation(client, ingest_env):
    response = post_events(client, events_of_a_case(), secret=OLD_SECRET)

    assert response.status_code == 200


def test_a_replayed_request_is_refused(client, ingest_env):
    first = post_events(client, events_of_a_case())

    again = post_events(client, events_of_a_case())

    assert first.status_code == 200
    assert_problem(again, 409, "request-replayed")


def test_each_event_is_applied_once_even_when_sent_again(client, ingest_env, clock):
    post_events(client, events_of_a_case())
    clock.current = NOW + timedelta(seconds=1)

    response = post_events(client, events_of_a_case(), at=clock.current)

    assert [r["outcome"] for r in body(response)["results"]] == ["duplicate"] * 3
    assert len(get_store().cases.case_events(CASE)) == 3


def test_one_bad_event_is_reported_by_index_and_nothing_of_the_batch_is_applied(client, ingest_env):
    events = events_of_a_case()
    events[2]["data"]["kind"] = "paperwork"
    del events[1]["data"]["site"]

    response = post_events(client, events)

    problem = assert_problem(response, 422, "validation-failed")
    assert {"field": "events[2].data.kind", "code": "not-allowed-value"} in problem["errors"]
    assert {"field": "events[1].data.site", "code": "required"} in problem["errors"]
    assert get_store().cases.case_events(CASE) == []


def summons(**change) -> dict:
    data = {"summons": "S9", "kind": "evidence", "delivered_on": "2026-05-29", "term_days": 7}
    return later_event("bad", "summons_sent", {**data, **change})


@pytest.mark.parametrize(
    ("bad", "field", "code"),
    [
        (
            later_event("bad", "card_ready", {"site": "waw"}, "0001-01-01T00:00:00Z"),
            "occurred_at",
            "wrong-format",
        ),
        (
            later_event("bad", "card_ready", {"site": "waw"}, "2026-02-30T10:00:00Z"),
            "occurred_at",
            "wrong-format",
        ),
        (
            later_event("bad", "card_ready", {"site": "waw"}, "2101-01-01T00:00:00Z"),
            "occurred_at",
            "wrong-format",
        ),
        (summons(delivered_on="2026-02-30"), "data.delivered_on", "wrong-format"),
        (summons(delivered_on="9999-12-31"), "data.delivered_on", "wrong-format"),
        (summons(delivered_on="1999-12-31"), "data.delivered_on", "wrong-format"),
        (summons(delivered_on=20260529), "data.delivered_on", "wrong-type"),
        (summons(term_days=True), "data.term_days", "wrong-type"),
        (summons(term_days=366), "data.term_days", "too-large"),
        (summons(kind="paperwork"), "data.kind", "not-allowed-value"),
        (
            summons(missing=[{"code": "photo", "text": "Zdjęcie\u0000"}]),
            "data.missing[0].text",
            "not-allowed-character",
        ),
        (
            summons(missing=[{"code": "photo", "text": "x" * 301}]),
            "data.missing[0].text",
            "too-long",
        ),
        (
            summons(missing=[{"code": "photo", "colour": "red"}]),
            "data.missing[0].colour",
            "unknown-field",
        ),
        (summons(paid=True), "data.paid", "unknown-field"),
        (
            later_event(
                "bad",
                "summons_sent",
                {"kind": "evidence", "delivered_on": "2026-05-29", "term_days": 7},
            ),
            "data.summons",
            "required",
        ),
        (
            later_event("bad", "case_transferred", {"to": "Szef \ud800Urzędu"}),
            "data.to",
            "not-allowed-character",
        ),
        (
            later_event("bad", "case_transferred", {"to": "Szef\nUrzędu"}),
            "data.to",
            "not-allowed-character",
        ),
        (later_event("bad", "case_transferred", {"to": "   "}), "data.to", "too-short"),
        (
            later_event(
                "bad",
                "appointment_scheduled",
                {
                    "appointment": "A9",
                    "kind": "other",
                    "site": "waw",
                    "start": "9999-12-31T23:59:59Z",
                },
            ),
            "data.start",
            "wrong-format",
        ),
        (
            later_event(
                "bad", "decision_issued", {"outcome": "granted", "issued_on": "2026-13-01"}
            ),
            "data.issued_on",
            "wrong-format",
        ),
        (
            later_event(
                "bad",
                "case_registered",
                {"case_type": "temporary-residence", "language": "de", "filed_on": "2026-05-04"},
            ),
            "data.language",
            "not-allowed-value",
        ),
    ],
)
def test_a_batch_with_an_event_that_breaks_its_types_rules_is_refused_whole(
    any_client, bad, field, code
):
    other = "WSC-II-P.6151.5678.2026"

    response = post_events(any_client, [*events_of_a_case(other), bad])

    problem = assert_problem(response, 422, "validation-failed")
    assert problem["errors"] == [{"field": f"events[3].{field}", "code": code}]
    assert get_store().cases.case_events(other) == [] and get_store().cases.case_events(CASE) == []
    assert get_store().cases.get_case_access(other) is None


def test_a_batch_larger_than_the_limit_is_refused_whole(client, ingest_env):
    events = [later_event(f"t{n}", "case_transferred", {"to": "Szef Urzędu"}) for n in range(31)]

    response = post_events(client, events)

    problem = assert_problem(response, 422, "validation-failed")
    assert {"field": "events", "code": "too-many"} in problem["errors"]
    assert get_store().cases.case_events(CASE) == []


def test_the_api_description_gives_the_batch_limit(client, ingest_env):
    spec = body(client.http.get("/openapi.json"))

    summary = spec["paths"]["/cases/events"]["post"]["summary"]

    assert "at most 30 case events" in summary


def test_a_refused_event_leaves_its_case_as_it_was(any_client, clock):
    code = register(any_client)
    before = body(look_up(any_client, code))
    clock.advance(seconds=1)
    poisoned = [
        later_event("n1", "summons_answered", {"summons": "S1", "answered_on": "2026-06-01"}),
        later_event("n2", "card_ready", {"site": "waw"}, "0001-01-01T00:00:00Z"),
        summons(delivered_on="9999-12-31"),
    ]

    refused = post_events(any_client, poisoned, at=clock.current)
    after = look_up(any_client, code)
    clock.advance(seconds=1)
    good = later_event("n3", "case_transferred", {"to": "Szef Urzędu"})
    later = post_events(any_client, [good], at=clock.current)

    problem = assert_problem(refused, 422, "validation-failed")
    assert [e["field"] for e in problem["errors"]] == [
        "events[1].occurred_at",
        "events[2].data.delivered_on",
    ]
    assert after.status_code == 200
    assert body(after) == before
    assert later.status_code == 200
    assert body(look_up(any_client, code))["timeline"][-1]["type"] == "case_transferred"


def test_an_event_stored_before_todays_rules_is_left_out_and_logged_without_personal_data(
    any_client, caplog
):
    code = register(any_client)
    old = [
        CaseEvent(
            "o1",
            CASE,
            "summons_sent",
            NOW,
            {"summons": "S8", "kind": "evidence", "delivered_on": "2026-02-30", "term_days": 7},
        ),
        CaseEvent("o2", CASE, "card_ready", datetime(1, 1, 1, tzinfo=UTC), {"site": "waw"}),
        CaseEvent("o3", CASE, "case_transferred", NOW, {"to": "Jan Kowalski\u0007"}),
        CaseEvent("o4", CASE, "fee_paid", NOW, {}),
    ]
    assert get_store().cases.record_case_batch(old, [], NOW + timedelta(days=1)) == set()

    with caplog.at_level(logging.ERROR, logger="blizej.cases"):
        response = look_up(any_client, code)

    assert response.status_code == 200
    status = body(response)
    assert [e["type"] for e in status["timeline"]] == [
        "case_registered",
        "appointment_scheduled",
        "summons_sent",
    ]
    assert [s["delivered_on"] for s in status["open_summonses"]] == ["2026-05-28"]
    assert "data.delivered_on wrong-format" in caplog.text
    assert "case_transferred: data.to not-allowed-character" in caplog.text
    assert "unknown type: type not-allowed-value" in caplog.text
    assert "a stored case event cannot be read" in caplog.text, "the year-1 event"
    for secret in (CASE, code, "Kowalski", "o1", "o3", "S8"):
        assert secret not in caplog.text


def test_the_status_shows_the_open_summons_with_its_kpa_deadline(client, ingest_env):
    code = register(client)

    status = body(look_up(client, code))

    assert status["status"]["code"] == "waiting-for-you"
    [summons] = status["open_summonses"]
    assert summons["kind"] == "formal-deficiencies"
    assert summons["deadline"] == "2026-06-05", (
        "delivered Thursday 28 May + 7 days = Thursday 4 June is Corpus Christi"
    )
    assert summons["days_left"] == 4
    assert [m["code"] for m in summons["missing"]] == ["photo", "other"]
    assert summons["missing"][1]["note"] == "Umowa najmu"
    assert status["appointments"][0]["start"] == "2026-06-10T08:00:00Z"
    assert not all_keys(status) & {"name", "email", "document", "document_hash", "code_hash"}


def test_events_arriving_in_any_order_tell_the_same_story(client, ingest_env, clock):
    code = register(client)
    expected = body(look_up(client, code))
    other = "WSC-II-P.6151.5678.2026"
    shuffled = events_of_a_case(other)
    random.Random(4).shuffle(shuffled)
    clock.current = NOW + timedelta(seconds=1)
    response = post_events(client, shuffled, at=clock.current)
    other_code = next(r["access_code"] for r in body(response)["results"] if "access_code" in r)

    seen = body(look_up(client, other_code, other))

    assert {k: v for k, v in seen.items() if k != "case"} == {
        k: v for k, v in expected.items() if k != "case"
    }


def test_a_decision_shows_the_appeal_deadline(client, ingest_env, clock):
    code = register(client)
    clock.current = NOW + timedelta(seconds=1)
    decision = later_event(
        "d1",
        "decision_issued",
        {"outcome": "refused", "issued_on": "2026-05-29", "delivered_on": "2026-06-01"},
        "2026-06-01T08:00:00Z",
    )
    post_events(client, [decision], at=clock.current)

    status = body(look_up(client, code))

    assert status["decision"]["appeal_deadline"] == "2026-06-15"
    assert status["status"]["code"] == "decided"


def test_an_unknown_case_and_a_wrong_code_get_the_same_answer(client, ingest_env):
    register(client)

    unknown = look_up(client, "AAAA-AAAA-AAAA-AAAA", "WSC-II-P.6151.9999.2026")
    wrong = look_up(client, "AAAA-AAAA-AAAA-AAAA")

    assert (unknown.status_code, unknown.body) == (wrong.status_code, wrong.body)
    assert_problem(wrong, 404, "case-not-found")


def test_a_guesser_waits_while_the_owner_from_another_address_gets_in(any_client, clock):
    code = register(any_client)
    tries = [look_up(any_client, WRONG, address=GUESSER).status_code for _ in range(5)]

    guesser = look_up(any_client, code, address=GUESSER)
    owner = look_up(any_client, code, address=OWNER)

    assert tries == [404] * 5
    assert_problem(guesser, 429, "case-locked")
    assert guesser.headers["Retry-After"] == "60"
    assert owner.status_code == 200


def test_the_guessers_wait_doubles_with_each_further_wrong_code(client, ingest_env, clock):
    register(client)
    for _ in range(5):
        look_up(client, WRONG, address=GUESSER)
    waits = []
    for _ in range(8):
        refused = look_up(client, WRONG, address=GUESSER)
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        assert look_up(client, WRONG, address=GUESSER).status_code == 404

    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_guessers_wait_ends_on_the_pinned_clock(any_client, clock):
    code = register(any_client)
    for _ in range(5):
        look_up(any_client, WRONG, address=GUESSER)

    clock.advance(seconds=59)
    still = look_up(any_client, code, address=GUESSER)
    clock.advance(seconds=1)
    over = look_up(any_client, code, address=GUESSER)

    assert_problem(still, 429, "case-locked")
    assert still.headers["Retry-After"] == "1"
    assert over.status_code == 200


def test_the_right_code_clears_the_count_of_the_address_that_gives_it(client, ingest_env):
    code = register(client)
    for _ in range(4):
        look_up(client, WRONG)
    look_up(client, code)
    for _ in range(4):
        look_up(client, WRONG)

    again = look_up(client, code)

    assert again.status_code == 200, "8 wrong codes in all, but never 5 since the right one"


def test_past_fifty_wrong_codes_in_an_hour_the_case_takes_one_try_a_minute_from_anyone(
    client, ingest_env, clock
):
    code = register(client)
    for n in range(50):
        assert look_up(client, WRONG, address=f"192.0.2.{n}").status_code == 404
    clock.advance(seconds=30)

    one_more = look_up(client, WRONG, address="192.0.2.200")
    owner_now = look_up(client, code)
    clock.advance(seconds=30)
    owner_next_minute = look_up(client, code)
    clock.current = NOW + timedelta(hours=1)
    next_hour = [look_up(client, code).status_code for _ in range(3)]

    assert one_more.status_code == 404, "the minute's one try"
    assert_problem(owner_now, 429, "case-locked")
    assert owner_now.headers["Retry-After"] == "30"
    assert owner_next_minute.status_code == 200
    assert next_hour == [200, 200, 200]


def test_an_unknown_case_and_a_wrong_code_are_counted_and_delayed_alike(client, ingest_env):
    register(client)
    unknown = "WSC-II-P.6151.9999.2026"
    answers = {}
    for case in (unknown, CASE):
        answers[case] = [look_up(client, WRONG, case, address=GUESSER) for _ in range(6)]

    for one, other in zip(answers[unknown], answers[CASE], strict=True):
        assert (one.status_code, one.body) == (other.status_code, other.body)
        assert one.headers.get("Retry-After") == other.headers.get("Retry-After")
    assert [a.status_code for a in answers[CASE]] == [404] * 5 + [429]


def test_an_unknown_case_and_a_wrong_code_cost_the_same_store_calls(
    client, ingest_env, monkeypatch
):
    register(client)
    store = get_store()
    calls: list[str] = []
    for port, name in (
        (store.upkeep, "take_rate_token"),
        (store.lookups, "lookup_failures"),
        (store.cases, "get_case_access"),
        (store.lookups, "add_lookup_failure"),
        (store.lookups, "clear_lookup_failures"),
        (store.lookups, "audit_lookup"),
        (store.cases, "case_events"),
    ):
        verb = getattr(port, name)
        monkeypatch.setattr(
            port, name, lambda *a, _verb=verb, _name=name: calls.append(_name) or _verb(*a)
        )

    look_up(client, WRONG, "WSC-II-P.6151.9999.2026", address=GUESSER)
    unknown, calls[:] = list(calls), []
    look_up(client, WRONG, address=GUESSER)

    assert unknown == calls
    assert "add_lookup_failure" in calls


def test_a_reissued_code_revokes_the_old_one(client, ingest_env, clock):
    old = register(client)
    clock.current = NOW + timedelta(seconds=1)
    reissue = later_event("r1", "access_code_reissued", {}, "2026-06-01T09:00:00Z")
    new = body(post_events(client, [reissue], at=clock.current))["results"][0]["access_code"]

    assert look_up(client, old).status_code == 404
    assert look_up(client, new).status_code == 200


def test_subscribers_get_an_email_that_says_only_that_there_is_news(
    client, ingest_env, outbox, clock
):
    code = register(client)
    subscribe = {"case": CASE, "code": code, "email": "olena@example.org", "subscribe": True}
    on = client.http.post(
        "/cases/subscriptions",
        headers={"Content-Type": "application/json"},
        body=json.dumps(subscribe).encode(),
    )
    clock.current = NOW + timedelta(seconds=1)
    answered = later_event(
        "a1",
        "summons_answered",
        {"summons": "S1", "answered_on": "2026-06-01"},
        "2026-06-01T09:00:00Z",
    )

    post_events(client, [answered], at=clock.current)

    assert body(on) == {"case": CASE, "subscribed": True}
    [news] = emails(outbox)
    assert news["Content-Language"] == "uk"
    text = news.get_body(preferencelist=("plain",)).get_content()
    assert "http://blizej.test/uk/case-status/" in text
    assert "S1" not in text and "formal" not in text


def test_a_closed_case_is_deleted_a_year_after_it_closed(client, ingest_env, clock):
    code = register(client)
    clock.current = NOW + timedelta(seconds=1)
    closed = later_event("c1", "case_closed", {"closed_on": "2026-06-01"}, "2026-06-01T09:00:00Z")
    post_events(client, [closed], at=clock.current)

    get_store().upkeep.purge_expired(datetime(2027, 5, 31, tzinfo=UTC))
    kept = look_up(client, code)
    get_store().upkeep.purge_expired(datetime(2027, 6, 2, tzinfo=UTC))

    assert kept.status_code == 200
    assert get_store().cases.case_events(CASE) == []
    assert get_store().cases.get_case_access(CASE) is None


def test_every_lookup_is_audited_without_the_code_or_the_case_number(client, ingest_env):
    code = register(client)
    look_up(client, code)
    look_up(client, "AAAA-AAAA-AAAA-AAAA")

    trail = get_store().lookups.lookup_audit("2026-06-01")

    assert [entry["outcome"] for entry in trail] == ["found", "not-found"]
    assert code not in json.dumps(trail) and CASE not in json.dumps(trail)


def test_switching_news_off_stops_the_emails(client, ingest_env, outbox, clock):
    code = register(client)
    headers = {"Content-Type": "application/json"}
    for subscribe in (True, False):
        payload = {"case": CASE, "code": code, "subscribe": subscribe, "email": "o@example.org"}
        client.http.post("/cases/subscriptions", headers=headers, body=json.dumps(payload).encode())
    clock.current = NOW + timedelta(seconds=1)
    answered = later_event(
        "a1",
        "summons_answered",
        {"summons": "S1", "answered_on": "2026-06-01"},
        "2026-06-01T09:00:00Z",
    )

    post_events(client, [answered], at=clock.current)

    assert emails(outbox) == []
    assert get_store().cases.get_case_access(CASE).email is None


def test_one_client_cannot_try_codes_without_limit(client, ingest_env):
    register(client)
    statuses = [
        look_up(client, "AAAA-AAAA-AAAA-AAAA", f"WSC-II-P.6151.{n}.2026").status_code
        for n in range(21)
    ]

    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429
