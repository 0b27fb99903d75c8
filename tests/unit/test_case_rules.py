"""The rules of case events and wrong codes, in the domain: no store, no HTTP."""

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.cases import model
from chalicelib.cases.model import CaseEvent, Invalid

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
CASE = "WSC-II-P.6151.1234.2026"


def sent(kind: str, data: dict, at: str = "2026-06-01T09:00:00Z", **envelope) -> dict:
    return {"id": "e1", "case": CASE, "type": kind, "occurred_at": at, "data": data} | envelope


REGISTERED = {"case_type": "temporary-residence", "language": "uk", "filed_on": "2026-05-04"}
SUMMONS = {"summons": "S1", "kind": "evidence", "delivered_on": "2026-05-28", "term_days": 7}


def test_an_event_that_keeps_its_types_rules_has_no_problems():
    assert model.event_problems(sent("case_registered", REGISTERED)) == []
    assert (
        model.event_problems(sent("summons_sent", SUMMONS | {"missing": [{"code": "photo"}]})) == []
    )
    assert model.event_problems(sent("access_code_reissued", {})) == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2000-01-01", None),
        ("2100-12-31", None),
        ("2024-02-29", None),
        ("2026-02-29", "wrong-format"),
        ("2026-04-31", "wrong-format"),
        ("0000-01-01", "wrong-format"),
        ("1999-12-31", "out-of-range"),
        ("2101-01-01", "out-of-range"),
        ("0001-01-01", "out-of-range"),
        ("2026-6-1", "wrong-format"),
        ("2026-06-01T00:00:00Z", "wrong-format"),
        ("٢٠٢٦-٠٦-٠١", "wrong-format"),  # Arabic-Indic digits: \d in Python, not in the rules
    ],
)
def test_a_day_is_a_real_calendar_day_between_2000_and_2100(value, code):
    problems = model.event_problems(sent("summons_sent", SUMMONS | {"delivered_on": value}))

    assert problems == ([Invalid("data.delivered_on", code)] if code else [])


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2026-06-01T09:00:00Z", None),
        ("2100-12-31T23:59:59Z", None),
        ("2026-06-01T24:00:00Z", "wrong-format"),
        ("2026-06-31T09:00:00Z", "wrong-format"),
        ("0001-01-01T00:00:00Z", "out-of-range"),
        ("9999-12-31T23:59:59Z", "out-of-range"),
        ("2026-06-01T09:00:00+02:00", "wrong-format"),
        ("٢٠٢٦-06-01T09:00:00Z", "wrong-format"),
    ],
)
def test_an_instant_is_real_and_between_2000_and_2100(value, code):
    problems = model.event_problems(sent("card_ready", {"site": "waw"}, at=value))

    assert problems == ([Invalid("occurred_at", code)] if code else [])


def test_the_envelope_is_checked_before_the_data():
    event = sent("no_such_type", {"anything": 1}, id="with space", case="nonsense")

    problems = model.event_problems(event)

    assert problems == [
        Invalid("id", "wrong-format"),
        Invalid("case", "wrong-format"),
        Invalid("type", "not-allowed-value"),
    ]


def test_anything_that_is_not_an_event_is_refused_not_raised():
    assert model.event_problems(None) == [Invalid("", "wrong-type")]
    assert model.event_problems(sent("card_ready", ["waw"])) == [Invalid("data", "wrong-type")]
    assert model.event_problems({}) == [
        Invalid(name, "required") for name in ("id", "case", "type", "occurred_at", "data")
    ]


def test_texts_refuse_control_characters_and_lone_surrogates_but_keep_any_language():
    def to(value: str) -> list[Invalid]:
        return model.event_problems(sent("case_transferred", {"to": value}))

    assert to("Szef Urzędu do Spraw Cudzoziemców") == []
    assert to("Управління · Văn phòng") == []
    assert to("tab\there") == [Invalid("data.to", "not-allowed-character")]
    assert to("\x7f") == [Invalid("data.to", "not-allowed-character")]
    assert to("half \ud83d pair") == [Invalid("data.to", "not-allowed-character")]


def test_a_batch_names_each_problem_by_its_events_index():
    events = [
        sent("case_registered", REGISTERED),
        sent("summons_sent", SUMMONS | {"term_days": 0}),
        sent("card_ready", {}),
    ]

    problems = model.batch_problems(events)

    assert problems == [
        Invalid("events[1].data.term_days", "too-small"),
        Invalid("events[2].data.site", "required"),
    ]


def test_a_batch_larger_than_one_transaction_holds_is_refused():
    events = [sent("card_ready", {"site": "waw"})] * (model.MAX_EVENTS_PER_BATCH + 1)

    assert model.batch_problems(events) == [Invalid("events", "too-many")]
    assert 3 * model.MAX_EVENTS_PER_BATCH <= 100, "two writes per event, one per new code"


def test_an_event_is_checked_in_the_form_it_is_sent_in():
    event = CaseEvent("e1", CASE, "card_ready", datetime(1, 1, 1, tzinfo=UTC), {"site": "waw"})
    naive = CaseEvent("e1", CASE, "card_ready", datetime(2026, 6, 1), {"site": "waw"})

    assert model.as_sent(event)["occurred_at"] == "0001-01-01T00:00:00Z"
    assert model.event_problems(model.as_sent(event)) == [Invalid("occurred_at", "out-of-range")]
    assert model.event_problems(model.as_sent(naive)) == [Invalid("occurred_at", "wrong-format")]


def test_a_summary_leaves_out_an_event_that_breaks_the_rules_and_shows_the_rest():
    good = CaseEvent("e1", CASE, "case_registered", NOW, REGISTERED)
    bad = CaseEvent("e2", CASE, "summons_sent", NOW, SUMMONS | {"delivered_on": "2026-02-30"})

    summary = model.summarize(CASE, [good, bad], NOW)

    assert summary.timeline == [good]
    assert summary.left_out == (bad,)
    assert summary.status == "registered"
    assert summary.open_summonses == []


@pytest.mark.parametrize(
    ("wrong_codes", "wait"),
    [
        (0, None),
        (4, None),
        (5, timedelta(minutes=1)),
        (6, timedelta(minutes=2)),
        (7, timedelta(minutes=4)),
        (10, timedelta(minutes=32)),
        (11, timedelta(hours=1)),
        (1000, timedelta(hours=1)),
    ],
)
def test_a_clients_wait_starts_after_five_wrong_codes_and_doubles_up_to_an_hour(wrong_codes, wait):
    may_try_at = model.client_may_try_at(wrong_codes, NOW)

    assert may_try_at == (NOW + wait if wait else None)
