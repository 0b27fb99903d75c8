"""Cases as the office's document-workflow system reports them: events, and what they add up to.

Events may arrive in any order and more than once; the timeline is always the events sorted by
when they happened, so the same set of events always tells the same story.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from chalicelib import kpa

CASE_NUMBER = r"[A-Z]{2,5}(-[A-Z]{1,5}){0,3}\.[0-9]{4}\.[0-9]{1,7}\.[0-9]{4}"
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
RETENTION_AFTER_CLOSE = timedelta(days=365)
# 16 letters from an unambiguous alphabet of 24: about 73 bits, read aloud without confusion.
ACCESS_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class CaseNotFound(Exception):
    """Unknown case or wrong access code: deliberately one error for both."""


class CaseLocked(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


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


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def ordered(events: list[CaseEvent]) -> list[CaseEvent]:
    return sorted(events, key=lambda event: (event.occurred_at, event.id))


def summarize(case_number: str, events: list[CaseEvent], now: datetime) -> CaseSummary:
    """Everything an applicant should know, from the events alone."""
    timeline = ordered(events)
    case_type, status = "", "registered"
    summonses: dict[str, OpenSummons] = {}
    answered: dict[str, date] = {}
    appointments: dict[str, Appointment] = {}
    decision: Decision | None = None
    filed_on: date | None = None
    appeared_on: date | None = None
    card_ready = False
    for event in timeline:
        data = event.data
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
