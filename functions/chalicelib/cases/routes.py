from datetime import datetime

from chalice import Response

from chalicelib import clock
from chalicelib.cases import model, services
from chalicelib.cases.labels import label
from chalicelib.clock import format_instant
from chalicelib.config import LANGUAGES
from chalicelib.mail import get_mailer
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, Header, client_address, read_json
from chalicelib.web.problems import FieldError, Problem
from chalicelib.web.schema import DAY, EMAIL, INSTANT, SLUG

bp = ApiBlueprint(__name__, tag="cases")

CASE = {"type": "string", "pattern": model.CASE_NUMBER, "maxLength": 60}
CODE = {"type": "string", "minLength": 16, "maxLength": 24, "pattern": r"[A-Za-z0-9 -]+"}
ID = {"type": "string", "pattern": model.EVENT_ID}
SITE = SLUG
TERM = {"type": "integer", "minimum": 1, "maximum": 365}

DATA_SCHEMAS = {
    "case_registered": {
        "properties": {
            "case_type": {"type": "string", "pattern": "[a-z-]{3,40}"},
            "language": {"type": "string", "enum": list(LANGUAGES)},
            "filed_on": DAY,
        },
        "required": ["case_type", "language", "filed_on"],
    },
    "summons_sent": {
        "properties": {
            "summons": ID,
            "kind": {"type": "string", "enum": list(model.SUMMONS_KINDS)},
            "missing": {
                "type": "array",
                "maxItems": 30,
                "items": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string", "enum": list(model.MISSING_CODES)},
                        "text": {"type": "string", "maxLength": 300},
                    },
                    "required": ["code"],
                },
            },
            "delivered_on": DAY,
            "term_days": TERM,
        },
        "required": ["summons", "kind", "delivered_on", "term_days"],
    },
    "summons_answered": {
        "properties": {"summons": ID, "answered_on": DAY},
        "required": ["summons", "answered_on"],
    },
    "appointment_scheduled": {
        "properties": {
            "appointment": ID,
            "kind": {"type": "string", "enum": list(model.APPOINTMENT_KINDS)},
            "site": SITE,
            "start": INSTANT,
        },
        "required": ["appointment", "kind", "site", "start"],
    },
    "decision_issued": {
        "properties": {
            "outcome": {"type": "string", "enum": list(model.OUTCOMES)},
            "issued_on": DAY,
            "delivered_on": DAY,
        },
        "required": ["outcome", "issued_on"],
    },
    "card_ready": {"properties": {"site": SITE}, "required": ["site"]},
    "appeal_filed": {"properties": {"filed_on": DAY}, "required": ["filed_on"]},
    "case_transferred": {
        "properties": {"to": {"type": "string", "maxLength": 200}},
        "required": ["to"],
    },
    "case_closed": {"properties": {"closed_on": DAY}, "required": ["closed_on"]},
    "access_code_reissued": {"properties": {}, "required": []},
}
BATCH = {
    "type": "object",
    "properties": {
        "events": {
            "type": "array",
            "maxItems": model.MAX_EVENTS_PER_BATCH,
            "description": f"At most {model.MAX_EVENTS_PER_BATCH} events, applied whole or not at"
            " all (in AWS, one DynamoDB transaction). Dates are real days and instants in"
            f" {model.FIRST_DAY.year}-{model.LAST_DAY.year}; each type's data has its own fields"
            " (cases/model.py DATA_RULES), checked before anything is written.",
            "items": {
                "type": "object",
                "properties": {
                    "id": ID,
                    "case": CASE,
                    "type": {"type": "string", "enum": list(model.EVENT_TYPES)},
                    "occurred_at": INSTANT,
                    "data": {"type": "object", "additionalProperties": True},
                },
                "required": ["id", "case", "type", "occurred_at", "data"],
                # each type's data has a schema of its own
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                        "then": {"properties": {"data": {"type": "object", **schema}}},
                    }
                    for kind, schema in DATA_SCHEMAS.items()
                ],
            },
        }
    },
    "required": ["events"],
}
LOOKUP = {
    "type": "object",
    "properties": {
        "case": CASE,
        "code": CODE,
        "language": {"type": "string", "enum": list(LANGUAGES)},
    },
    "required": ["case", "code"],
}
SUBSCRIPTION = {
    "type": "object",
    "properties": {
        "case": CASE,
        "code": CODE,
        "email": EMAIL,
        "subscribe": {"type": "boolean"},
    },
    "required": ["case", "code", "subscribe"],
    # news need an address to go to; switching them off needs none (one given is not kept)
    "if": {"properties": {"subscribe": {"const": True}}, "required": ["subscribe"]},
    "then": {"required": ["email"]},
}


def _events(sent: list[dict]) -> list[model.CaseEvent]:
    """Every event, or a 422 naming each problem by index: a batch applies whole or not at all."""
    problems = model.batch_problems(sent)
    if problems:
        raise Problem(422, "validation-failed", [FieldError(p.field, p.code) for p in problems])
    return [
        model.CaseEvent(
            e["id"], e["case"], e["type"], model.read_instant(e["occurred_at"]), e["data"]
        )
        for e in sent
    ]


@bp.endpoint(
    "POST",
    "/cases/events",
    summary=f"Ingest a batch of at most {model.MAX_EVENTS_PER_BATCH} case events from the"
    " document-workflow system (signed)",
    body=BATCH,
    read_body=False,  # the signature is checked over the raw bytes before they are read
    headers={
        "X-Blizej-Timestamp": Header(
            "Unix time in seconds when the request was signed; more than 5 minutes off is stale",
            {"type": "string", "pattern": "[0-9]{1,12}"},
            required=True,
            credential=True,
        ),
        "X-Blizej-Signature": Header(
            "sha256= and the hex HMAC-SHA256, with the shared secret, of timestamp + '.' + body",
            {"type": "string", "pattern": "sha256=[0-9a-f]{64}"},
            required=True,
            credential=True,
        ),
    },
    errors=(401, 409),
    error_notes={
        401: "The signature is missing or wrong (signature-invalid), or the timestamp is more "
        "than 5 minutes off (request-stale); nothing is applied",
        409: "This signed request was sent before (request-replayed); nothing is applied again",
    },
)
def ingest() -> dict:
    request = bp.current_request
    now = clock.now()
    signature = request.headers.get("x-blizej-signature") or ""
    services.verify(
        request.headers.get("x-blizej-timestamp") or "", signature, request.raw_body or b"", now
    )
    events = _events(read_json(request, BATCH)["events"])
    services.refuse_replay(signature, get_store(), now)
    results = services.apply_events(events, get_store(), get_mailer(), now)
    return {
        "results": [
            {"index": r.index, "id": r.id, "outcome": r.outcome}
            | ({"access_code": r.access_code} if r.access_code else {})
            for r in results
        ]
    }


def _warsaw_day(moment: datetime) -> str:
    return clock.office_day(moment).isoformat()


def summary_view(summary: model.CaseSummary, language: str, now: datetime) -> dict:
    today = clock.office_day(now)
    decision = summary.decision
    view = {
        "case": summary.case_number,
        "case_type": summary.case_type,
        "status": {"code": summary.status, "label": label("status", summary.status, language)},
        "open_summonses": [
            {
                "kind": s.kind,
                "label": label("summons", s.kind, language),
                "missing": [
                    {
                        "code": m["code"],
                        "label": label("missing", m["code"], language),
                        **({"note": m["text"]} if m.get("text") else {}),
                    }
                    for m in s.missing
                ],
                "delivered_on": s.delivered_on.isoformat(),
                "term_days": s.term_days,
                "deadline": s.deadline.isoformat(),
                "days_left": (s.deadline - today).days,
                "if_missed": label("if_missed", s.kind, language),
            }
            for s in summary.open_summonses
        ],
        "appointments": [
            {
                "kind": a.kind,
                "label": label("appointment", a.kind, language),
                "site": a.site,
                "start": format_instant(a.start),
            }
            for a in summary.appointments
        ],
        "decision": None,
        "expected_decision": summary.expected_decision.isoformat()
        if summary.expected_decision
        else None,
        "card_ready": summary.card_ready,
        "timeline": [
            {
                "type": e.type,
                "label": label("event", e.type, language),
                "date": _warsaw_day(e.occurred_at),
            }
            | _timeline_details(e, language)
            for e in summary.timeline
            if e.type != "access_code_reissued"
        ],
        "notices": {key: label("notice", key, language) for key in ("appeal", "leave", "late")},
    }
    if decision is not None:
        view["decision"] = {
            "outcome": decision.outcome,
            "label": label("outcome", decision.outcome, language),
            "issued_on": decision.issued_on.isoformat(),
            "delivered_on": decision.delivered_on.isoformat() if decision.delivered_on else None,
            "appeal_deadline": decision.appeal_deadline.isoformat()
            if decision.appeal_deadline
            else None,
        }
    return view


def _timeline_details(event: model.CaseEvent, language: str) -> dict:
    data = event.data
    if event.type == "summons_sent":
        return {"detail": label("summons", data["kind"], language)}
    if event.type == "decision_issued":
        return {"detail": label("outcome", data["outcome"], language)}
    if event.type == "appointment_scheduled":
        return {"detail": label("appointment", data["kind"], language)}
    return {}


@bp.endpoint(
    "POST",
    "/cases/lookup",
    summary="A case's status, for its case number and access code",
    body=LOOKUP,
    errors=(404, 422, 429),
)
def lookup(body: dict) -> Response:
    now = clock.now()
    language = body.get("language", "en")
    summary = services.lookup(
        body["case"], body["code"], client_address(bp.current_request), get_store(), now
    )
    return Response(
        body=summary_view(summary, language, now), headers={"Cache-Control": "no-store"}
    )


@bp.endpoint(
    "POST",
    "/cases/subscriptions",
    summary="Switch email news about a case on or off",
    body=SUBSCRIPTION,
    errors=(404, 422, 429),
)
def subscription(body: dict) -> dict:
    email = body.get("email") if body["subscribe"] else None
    on = services.subscribe(
        body["case"],
        body["code"],
        email,
        client_address(bp.current_request),
        get_store(),
        clock.now(),
    )
    return {"case": body["case"], "subscribed": on}
