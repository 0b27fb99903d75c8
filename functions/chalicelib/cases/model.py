"""Cases as the office's document-workflow system reports them: events, and what they add up to.

Events may arrive in any order and more than once; the timeline is always the events sorted by
when they happened, so the same set of events always tells the same story.

Every event is checked against the rules of its type (`event_problems`) before anything of its
batch is written, whichever way it arrives; an event stored before a rule existed that breaks it
is left out of what an applicant sees (`summarize`), never allowed to break the case.

Wrong access codes slow down whoever sends them, not the case's owner: see `client_may_try_at`
and the figures above it.
"""

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib import clock, kpa
from chalicelib.config import LANGUAGES
from chalicelib.errors import DomainError, LockedUntil

CASE_NUMBER = r"[A-Z]{2,5}(-[A-Z]{1,5}){0,3}\.[0-9]{4}\.[0-9]{1,7}\.[0-9]{4}"
EVENT_ID = r"[A-Za-z0-9._:/-]{1,80}"
SITE_ID = r"[a-z][a-z0-9-]{1,31}"
CASE_TYPE = r"[a-z-]{3,40}"
# Dates and instants outside these years are typing or conversion errors, never real case events
# (and far enough out they overflow date arithmetic: 9999-12-31 plus a term, year 1 in Warsaw time).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
# DynamoDB applies a batch in one transaction of at most 100 writes: two per event (the event and
# the record that keeps its id unique) and one per case given a new access code, so 3 × 30 ≤ 100.
MAX_EVENTS_PER_BATCH = 30
EVENT_TYPES = (
    "case_registered",
    "summons_sent",
    "summons_answered",
    "appointment_scheduled",
    "decision_issued",
    "card_ready",
    "appeal_filed",
    "case_transferred",
    "case_closed",
    "access_code_reissued",
)
SUMMONS_KINDS = ("formal-deficiencies", "evidence", "personal-appearance", "fingerprints")
APPOINTMENT_KINDS = ("fingerprints", "personal-appearance", "collect-card", "case-files", "other")
OUTCOMES = ("granted", "refused", "discontinued", "left-unconsidered")
MISSING_CODES = (
    "photo",
    "passport-copy",
    "fee-payment",
    "employment-contract",
    "health-insurance",
    "accommodation",
    "income-proof",
    "study-certificate",
    "family-documents",
    "power-of-attorney",
    "signature",
    "other",
)
APPEAL_DAYS = 14
DECISION_DAYS = 60
LEAVE_AFTER_REFUSAL_DAYS = 30
# 16 letters from an unambiguous alphabet of 24: about 73 bits, read aloud without confusion.
ACCESS_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class CaseNotFound(DomainError):
    """Unknown case or wrong access code: deliberately one error for both."""

    code = "case-not-found"


class CaseLocked(LockedUntil):
    """Too many wrong codes: this client (or, past the ceiling, everyone) waits until `until`."""

    code = "case-locked"


@dataclass(frozen=True)
class Invalid:
    """One way an event breaks the rules: the field (`data.delivered_on`) and a stable code."""

    field: str
    code: str


class EventsInvalid(DomainError):
    """At least one event of a batch breaks the rules; nothing of the batch was written.

    Each problem's field starts with the event's place in the batch: `events[2].data.kind`.
    """

    code = "validation-failed"

    def __init__(self, problems: list[Invalid]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the batch")
        self.problems = problems

    def fields(self) -> list[tuple[str, str]]:
        return [(problem.field, problem.code) for problem in self.problems]


@dataclass(frozen=True)
class CaseEvent:
    id: str
    case_number: str
    type: str
    occurred_at: datetime
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CaseAccess:
    """What lets an applicant in, and how to reach them. The code itself is never stored."""

    case_number: str
    code_hash: str
    language: str
    email: str | None = None
    retain_until: datetime | None = None


# The rules every event must meet, per type. An event is checked in the form the document-workflow
# system sends it: {"id", "case", "type", "occurred_at", "data"}, instants and days as text.

Check = Callable[[Any, str], list[Invalid]]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path and name else path or name


def _has_bad_characters(text: str) -> bool:
    """Control characters (Cc) and lone surrogates (Cs): never meant, and they break stores."""
    return any(unicodedata.category(char) in ("Cc", "Cs") for char in text)


def _text(max_length: int, pattern: str | None = None) -> Check:
    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, str):
            return [Invalid(path, "wrong-type")]
        if not value.strip():
            return [Invalid(path, "too-short")]
        if len(value) > max_length:
            return [Invalid(path, "too-long")]
        if _has_bad_characters(value):
            return [Invalid(path, "not-allowed-character")]
        if pattern and not re.fullmatch(pattern, value, re.ASCII):
            return [Invalid(path, "wrong-format")]
        return []

    return check


def _one_of(values: tuple[str, ...]) -> Check:
    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, str):
            return [Invalid(path, "wrong-type")]
        return [] if value in values else [Invalid(path, "not-allowed-value")]

    return check


def _whole_number(smallest: int, largest: int) -> Check:
    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, int) or isinstance(value, bool):
            return [Invalid(path, "wrong-type")]
        if value < smallest:
            return [Invalid(path, "too-small")]
        return [] if value <= largest else [Invalid(path, "too-large")]

    return check


def _calendar(shape: str, parse: Callable[[str], date | None]) -> Check:
    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, str):
            return [Invalid(path, "wrong-type")]
        if not re.fullmatch(shape, value, re.ASCII):
            return [Invalid(path, "wrong-format")]
        try:
            moment = parse(value)
        except ValueError:
            moment = None
        if moment is None:
            return [Invalid(path, "wrong-format")]  # no such day: 2026-02-30, 2026-13-01
        when = moment.date() if isinstance(moment, datetime) else moment
        return [] if FIRST_DAY <= when <= LAST_DAY else [Invalid(path, "out-of-range")]

    return check


_DAY = _calendar(r"\d{4}-\d{2}-\d{2}", date.fromisoformat)
_INSTANT = _calendar(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", clock.parse_instant)


def read_instant(value: Any) -> datetime | None:
    """A YYYY-MM-DDTHH:MM:SSZ that is a real instant between FIRST_DAY and LAST_DAY, or None."""
    return None if _INSTANT(value, "") else clock.parse_instant(value)


def _record(
    fields: dict[str, Check], required: tuple[str, ...] = (), open_ended: bool = False
) -> Check:
    """An object with these fields, of which `required` must be there; no others unless
    `open_ended` (then they are checked elsewhere)."""

    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, dict):
            return [Invalid(path, "wrong-type")]
        problems = [Invalid(_join(path, key), "required") for key in required if key not in value]
        for name, item in value.items():
            if name not in fields:
                if not open_ended:
                    problems.append(Invalid(_join(path, str(name)), "unknown-field"))
            else:
                problems += fields[name](item, _join(path, name))
        return problems

    check.fields, check.required = dict(fields), tuple(required)  # for the API's schema to agree
    return check


def _items(each: Check, most: int) -> Check:
    def check(value: Any, path: str) -> list[Invalid]:
        if not isinstance(value, list):
            return [Invalid(path, "wrong-type")]
        if len(value) > most:
            return [Invalid(path, "too-many")]
        return [p for index, item in enumerate(value) for p in each(item, f"{path}[{index}]")]

    return check


_ID = _text(80, EVENT_ID)
_SITE = _text(32, SITE_ID)
DATA_RULES: dict[str, Check] = {
    "case_registered": _record(
        {"case_type": _text(40, CASE_TYPE), "language": _one_of(LANGUAGES), "filed_on": _DAY},
        required=("case_type", "language", "filed_on"),
    ),
    "summons_sent": _record(
        {
            "summons": _ID,
            "kind": _one_of(SUMMONS_KINDS),
            "missing": _items(
                _record({"code": _one_of(MISSING_CODES), "text": _text(300)}, required=("code",)),
                most=30,
            ),
            "delivered_on": _DAY,
            "term_days": _whole_number(1, 365),
        },
        required=("summons", "kind", "delivered_on", "term_days"),
    ),
    "summons_answered": _record(
        {"summons": _ID, "answered_on": _DAY}, required=("summons", "answered_on")
    ),
    "appointment_scheduled": _record(
        {"appointment": _ID, "kind": _one_of(APPOINTMENT_KINDS), "site": _SITE, "start": _INSTANT},
        required=("appointment", "kind", "site", "start"),
    ),
    "decision_issued": _record(
        {"outcome": _one_of(OUTCOMES), "issued_on": _DAY, "delivered_on": _DAY},
        required=("outcome", "issued_on"),
    ),
    "card_ready": _record({"site": _SITE}, required=("site",)),
    "appeal_filed": _record({"filed_on": _DAY}, required=("filed_on",)),
    "case_transferred": _record({"to": _text(200)}, required=("to",)),
    "case_closed": _record({"closed_on": _DAY}, required=("closed_on",)),
    "access_code_reissued": _record({}),
}
_ENVELOPE = _record(
    {
        "id": _ID,
        "case": _text(60, CASE_NUMBER),
        "type": _one_of(EVENT_TYPES),
        "occurred_at": _INSTANT,
        "data": _record({}, open_ended=True),
    },
    required=("id", "case", "type", "occurred_at", "data"),
)


def event_problems(event: Any) -> list[Invalid]:
    """Every way one event breaks today's rules; [] when it may be stored and shown."""
    problems = _ENVELOPE(event, "")
    if not problems:
        problems = DATA_RULES[event["type"]](event["data"], "data")
    return problems


def batch_problems(sent: list[Any]) -> list[Invalid]:
    """Every way a batch (events as sent) breaks the rules, each field prefixed with its event's
    place in the batch: `events[2].data.delivered_on`."""
    if len(sent) > MAX_EVENTS_PER_BATCH:
        return [Invalid("events", "too-many")]
    return [
        Invalid(_join(f"events[{index}]", problem.field), problem.code)
        for index, event in enumerate(sent)
        for problem in event_problems(event)
    ]


def format_instant(moment: datetime) -> str:
    """An instant as the document-workflow system writes it; '' for no instant (no time zone)."""
    if moment.tzinfo is None:
        return ""
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return ""
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


def as_sent(event: CaseEvent) -> dict:
    """The event in the form the document-workflow system sends it, for `event_problems`."""
    return {
        "id": event.id,
        "case": event.case_number,
        "type": event.type,
        "occurred_at": format_instant(event.occurred_at),
        "data": event.data,
    }


# Wrong access codes slow down the client that sends them, counted per case and client address,
# so a stranger who knows a case number cannot keep its owner out:
# - a client's first CLIENT_FREE_TRIES wrong codes for a case cost nothing; after that it waits
#   CLIENT_FIRST_WAIT before its next try, twice as long after each further wrong code, at most
#   CLIENT_LONGEST_WAIT (1, 2, 4, 8, 16, 32, 60, 60… minutes). The count is forgotten
#   CLIENT_FORGETS_AFTER the latest wrong code, or when that client gives the right code.
# - across all clients, once a case has had CASE_CEILING wrong codes in one clock hour (UTC), it
#   takes CASE_SLOW_TRIES try a minute, from anyone, until that hour is over: many addresses
#   together get at most 60 more guesses an hour at a code of about 73 bits.
# An unknown case number is counted exactly like a known one, so the answers tell nothing apart.
CLIENT_FREE_TRIES = 5
CLIENT_FIRST_WAIT = timedelta(minutes=1)
CLIENT_LONGEST_WAIT = timedelta(hours=1)
CLIENT_FORGETS_AFTER = timedelta(hours=24)
CASE_CEILING = 50
CASE_SLOW_TRIES = 1


def client_may_try_at(wrong_codes: int, latest: datetime | None) -> datetime | None:
    """When a client with `wrong_codes` wrong codes for a case, the latest at `latest`, may try
    again; None when it need not wait."""
    if latest is None or wrong_codes < CLIENT_FREE_TRIES:
        return None
    doublings = min(wrong_codes - CLIENT_FREE_TRIES, 10)  # 2**10 minutes is past the cap anyway
    return latest + min(CLIENT_FIRST_WAIT * 2**doublings, CLIENT_LONGEST_WAIT)


def new_access_code() -> str:
    letters = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(16))
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper()


@dataclass(frozen=True)
class OpenSummons:
    id: str
    kind: str
    missing: list[dict]
    delivered_on: date
    term_days: int
    deadline: date


@dataclass(frozen=True)
class Appointment:
    id: str
    kind: str
    site: str
    start: datetime


@dataclass(frozen=True)
class Decision:
    outcome: str
    issued_on: date
    delivered_on: date | None
    appeal_deadline: date | None


@dataclass(frozen=True)
class CaseSummary:
    case_number: str
    case_type: str
    status: str
    timeline: list[CaseEvent]
    open_summonses: list[OpenSummons]
    appointments: list[Appointment]
    decision: Decision | None
    expected_decision: date | None
    card_ready: bool
    left_out: tuple[CaseEvent, ...] = ()  # stored events that could not be taken into account


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def ordered(events: list[CaseEvent]) -> list[CaseEvent]:
    return sorted(events, key=lambda event: (event.occurred_at, event.id))


def summarize(case_number: str, events: list[CaseEvent], now: datetime) -> CaseSummary:
    """Everything an applicant should know, from the events alone.

    An event that breaks today's rules, or that cannot be taken into account for any other
    reason, is left out (and listed in `left_out`): the rest of the case still shows.
    """
    checked = [(event, not event_problems(as_sent(event))) for event in events]
    left_out = [event for event, passes in checked if not passes]
    timeline: list[CaseEvent] = []
    case_type, status = "", "registered"
    summonses: dict[str, OpenSummons] = {}
    answered: dict[str, date] = {}
    appointments: dict[str, Appointment] = {}
    decision: Decision | None = None
    filed_on: date | None = None
    appeared_on: date | None = None
    card_ready = False
    for event in ordered([event for event, passes in checked if passes]):
        data = event.data
        try:
            if event.type == "case_registered":
                case_type, filed_on = data.get("case_type", ""), _day(data.get("filed_on"))
            elif event.type == "summons_sent":
                delivered = _day(data["delivered_on"])
                summonses[data["summons"]] = OpenSummons(
                    data["summons"],
                    data["kind"],
                    list(data.get("missing", [])),
                    delivered,
                    int(data["term_days"]),
                    kpa.deadline(delivered, int(data["term_days"])),
                )
            elif event.type == "summons_answered":
                answered[data["summons"]] = _day(data["answered_on"])
            elif event.type == "appointment_scheduled":
                start = datetime.fromisoformat(data["start"].replace("Z", "+00:00"))
                appointments[data["appointment"]] = Appointment(
                    data["appointment"], data["kind"], data["site"], start
                )
            elif event.type == "decision_issued":
                delivered = _day(data.get("delivered_on"))
                appeal = kpa.deadline(delivered, APPEAL_DAYS) if delivered else None
                decision = Decision(data["outcome"], _day(data["issued_on"]), delivered, appeal)
            elif event.type == "card_ready":
                card_ready = True
        except (ArithmeticError, AttributeError, KeyError, TypeError, ValueError):
            left_out.append(event)  # a rule we have not thought of yet: the case still shows
            continue
        timeline.append(event)
        if event.type in STATUS_OF:
            status = STATUS_OF[event.type]
    for summons_id, when in answered.items():
        summons = summonses.get(summons_id)
        if summons and summons.kind in ("personal-appearance", "fingerprints"):
            appeared_on = max(filter(None, (appeared_on, when)))
    open_summonses = [s for key, s in summonses.items() if key not in answered]
    if decision is None and open_summonses:
        status = "waiting-for-you"
    upcoming = sorted((a for a in appointments.values() if a.start >= now), key=lambda a: a.start)
    expected = None
    if decision is None and filed_on and not open_summonses:
        start = max(filter(None, (filed_on, appeared_on, *answered.values())))
        expected = kpa.deadline(start, DECISION_DAYS)
    return CaseSummary(
        case_number,
        case_type,
        status,
        timeline,
        open_summonses,
        upcoming,
        decision,
        expected,
        card_ready,
        tuple(left_out),
    )


STATUS_OF = {
    "case_registered": "registered",
    "summons_sent": "waiting-for-you",
    "summons_answered": "in-progress",
    "appointment_scheduled": "in-progress",
    "decision_issued": "decided",
    "card_ready": "card-ready",
    "appeal_filed": "appealed",
    "case_transferred": "transferred",
    "case_closed": "closed",
}
