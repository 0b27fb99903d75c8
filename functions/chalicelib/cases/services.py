"""Use cases of case status: signed ingest from the document-workflow system, lookups, and the
staff's repair of events stored before today's rules.

Lookup limits (the figures are in cases/model.py): at most 20 lookups a minute from one client
address; wrong codes delay the client that sends them, per case, and past a ceiling per case
the case takes one try a minute from anyone.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib import i18n, retention
from chalicelib.cases import model
from chalicelib.cases.model import (
    CaseAccess,
    CaseEvent,
    CaseLocked,
    CaseNotFound,
    CaseSummary,
    EventsInvalid,
    Invalid,
    new_access_code,
    normalise_code,
    summarize,
)
from chalicelib.cases.ports import Stores as Store
from chalicelib.config import page_url
from chalicelib.errors import DomainError, RateLimited, StoreUnavailable
from chalicelib.mail.port import Email, Mailer, MailFailed
from chalicelib.security import keyed_hash, matches, secret

SIGNATURE_TOLERANCE = timedelta(minutes=5)
LOOKUPS_PER_CLIENT_PER_MINUTE = 20
NO_CODE_HASH = "0" * 64  # compared against when a case is unknown, so both paths do the same work
CODE_EVENTS = ("case_registered", "access_code_reissued")

log = logging.getLogger("blizej.cases")


class SignatureInvalid(DomainError):
    code = "signature-invalid"


class RequestStale(DomainError):
    code = "request-stale"


class RequestReplayed(DomainError):
    code = "request-replayed"


@dataclass(frozen=True)
class Applied:
    index: int
    id: str
    outcome: str  # "applied" or "duplicate"
    access_code: str | None = None


def ingest_secrets() -> list[bytes]:
    """Every secret currently accepted; two during a rotation, comma-separated."""
    raw = secret("BLIZEJ_INGEST_SECRETS") or ""
    return [secret.strip().encode() for secret in raw.split(",") if secret.strip()]


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature the document-workflow system sends: HMAC-SHA256 over `timestamp.body`."""
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(timestamp: str, signature: str, body: bytes, now: datetime) -> None:
    """Refuses a request that is unsigned, signed with no current secret, or stale."""
    if not signature or not any(
        hmac.compare_digest(sign(secret, timestamp, body), signature) for secret in ingest_secrets()
    ):
        raise SignatureInvalid()
    try:
        sent = datetime.fromtimestamp(int(timestamp), now.tzinfo)
    except (ValueError, OverflowError):
        raise RequestStale() from None
    if abs(now - sent) > SIGNATURE_TOLERANCE:
        raise RequestStale()


def refuse_replay(signature: str, store: Store, now: datetime) -> None:
    """Remembers a verified request's signature; RequestReplayed when it was seen before."""
    key = hashlib.sha256(signature.encode()).hexdigest()
    if not store.upkeep.remember_once(f"ingest:{key}", now + 2 * SIGNATURE_TOLERANCE, now):
        raise RequestReplayed()


def apply_events(
    events: list[CaseEvent], store: Store, mailer: Mailer, now: datetime
) -> list[Applied]:
    """Applies a batch whole or not at all, each event exactly once.

    Every event is checked against today's rules first (EventsInvalid names each problem by the
    event's index, and nothing is written); then the new events and the access codes they issue
    are stored in one all-or-nothing write. An event stored before is a duplicate. Retention and
    news emails follow the write: both may be done again, so sending the batch again after a
    failure there repairs it. A case registered (or given a new code) gets one code per batch.
    """
    problems = model.batch_problems([model.as_sent(event) for event in events])
    if problems:
        raise EventsInvalid(problems)
    first_seen: dict[str, CaseEvent] = {}
    for event in events:
        first_seen.setdefault(event.id, event)
    fresh = list(first_seen.values())
    while True:
        codes, accesses = _new_codes(fresh, store)
        stored_before = store.cases.record_case_batch(fresh, accesses, now + retention.CASE_OPEN)
        if not stored_before:
            break
        if not stored_before & {event.id for event in fresh}:
            raise StoreUnavailable("the store named events that are not in the batch")
        fresh = [event for event in fresh if event.id not in stored_before]  # sent twice at once
    applied = {id(event) for event in fresh}
    results = [
        Applied(
            index,
            event.id,
            "applied" if id(event) in applied else "duplicate",
            codes.get(event.case_number)
            if id(event) in applied and event.type in CODE_EVENTS
            else None,
        )
        for index, event in enumerate(events)
    ]
    for case_number in dict.fromkeys(event.case_number for event in events):
        _apply_retention(case_number, store, now)
    news = {event.case_number for event in fresh if event.type not in CODE_EVENTS}
    for case_number in dict.fromkeys(event.case_number for event in fresh):
        if case_number in news:
            _notify(case_number, store, mailer)
    return results


def _new_codes(events: list[CaseEvent], store: Store) -> tuple[dict[str, str], list[CaseAccess]]:
    """A new access code for each case with a registration or reissue among `events`, and the
    access record that goes with it; the code replaces (and so revokes) any earlier one."""
    codes: dict[str, str] = {}
    accesses: list[CaseAccess] = []
    for case_number in dict.fromkeys(e.case_number for e in events if e.type in CODE_EVENTS):
        issuing = [e for e in events if e.case_number == case_number and e.type in CODE_EVENTS]
        earlier = store.cases.get_case_access(case_number)
        languages = [e.data["language"] for e in issuing if e.data.get("language")]
        language = languages[-1] if languages else (earlier.language if earlier else "pl")
        codes[case_number] = new_access_code()
        accesses.append(
            CaseAccess(
                case_number,
                keyed_hash("access-code", normalise_code(codes[case_number])),
                language,
                earlier.email if earlier else None,
                earlier.retain_until if earlier else None,
            )
        )
    return codes, accesses


def _apply_retention(case_number: str, store: Store, now: datetime) -> None:
    closed = [e for e in store.cases.case_events(case_number) if e.type == "case_closed"]
    if closed:
        last = max(e.occurred_at for e in closed)
        store.cases.set_case_retention(case_number, last + retention.CASE_AFTER_CLOSE)


def _notify(case_number: str, store: Store, mailer: Mailer) -> None:
    access = store.cases.get_case_access(case_number)
    if access is None or not access.email:
        return
    language = access.language
    email = Email(
        to=access.email,
        subject=i18n.text(language, "email:case-news.subject"),
        text=i18n.text(language, "email:case-news.body", link=page_url(language, "case-status/")),
        language=language,
    )
    try:
        mailer.send(email)
    except MailFailed:
        logging.getLogger("blizej.mail").exception("could not send a case-news email")


def _authorise(case_number: str, code: str, client: str, store: Store, now: datetime) -> CaseAccess:
    """The case's access record for the right code; the same refusal for every wrong answer.

    An unknown case and a wrong code take the same steps, with the same store calls, and are
    counted alike, so neither the answer nor the work tells them apart.
    """
    client_hash = keyed_hash("client", client)
    case_hash = keyed_hash("case", case_number)
    if not store.upkeep.take_rate_token(
        f"lookup:{client_hash}",
        now.strftime("%Y%m%d%H%M"),
        LOOKUPS_PER_CLIENT_PER_MINUTE,
        now + timedelta(minutes=2),
    ):
        store.lookups.audit_lookup(now, case_hash, client_hash, "rate-limited")
        raise RateLimited(60 - now.second)
    guesser = f"client:{case_hash}:{client_hash}"
    wrong_codes, latest = store.lookups.lookup_failures(guesser, now)
    may_try_at = model.client_may_try_at(wrong_codes, latest)
    if may_try_at is not None and may_try_at > now:
        store.lookups.audit_lookup(now, case_hash, client_hash, "delayed")
        raise CaseLocked(may_try_at)
    hour = now.replace(minute=0, second=0, microsecond=0)
    whole_case = f"case:{case_hash}:{hour:%Y%m%d%H}"
    if store.lookups.lookup_failures(whole_case, now)[0] >= model.CASE_CEILING:
        minute = now.replace(second=0, microsecond=0)
        if not store.upkeep.take_rate_token(
            f"lookup-case:{case_hash}",
            f"{minute:%Y%m%d%H%M}",
            model.CASE_SLOW_TRIES,
            minute + timedelta(minutes=2),
        ):
            store.lookups.audit_lookup(now, case_hash, client_hash, "case-slowed")
            raise CaseLocked(minute + timedelta(minutes=1))
    access = store.cases.get_case_access(case_number)
    expected = access.code_hash if access else NO_CODE_HASH
    if not matches("access-code", normalise_code(code), expected) or access is None:
        store.lookups.add_lookup_failure(guesser, now, now + model.CLIENT_FORGETS_AFTER)
        store.lookups.add_lookup_failure(whole_case, now, hour + timedelta(hours=1))
        store.lookups.audit_lookup(now, case_hash, client_hash, "not-found")
        raise CaseNotFound()
    if wrong_codes:
        store.lookups.clear_lookup_failures(guesser)
    store.lookups.audit_lookup(now, case_hash, client_hash, "found")
    return access


def lookup(case_number: str, code: str, client: str, store: Store, now: datetime) -> CaseSummary:
    """The case as its applicant sees it. Stored events that break today's rules (old data) are
    left out and logged, without anything that identifies the case or the person."""
    access = _authorise(case_number, code, client, store, now)
    summary = summarize(access.case_number, store.cases.case_events(case_number), now)
    if summary.left_out:
        log.error(
            "a case was shown without %d stored event(s) that break today's rules (%s);"
            ' make admin ARGS="cases check" lists them',
            len(summary.left_out),
            "; ".join(_loggable(event) for event in summary.left_out),
        )
    return summary


def _loggable(event: CaseEvent) -> str:
    """What is wrong with an event, in words that name no case, person or free text: only an
    unknown field's name comes from the data, so it is not written."""
    kind = event.type if event.type in model.EVENT_TYPES else "unknown type"
    problems = model.event_problems(model.as_sent(event)) or [Invalid("data", "not-shown")]
    fields = [
        f"{p.field.rpartition('.')[0] + '.?' if p.code == 'unknown-field' else p.field} {p.code}"
        for p in problems
    ]
    return f"{kind}: {', '.join(fields)}"


def subscribe(
    case_number: str, code: str, email: str | None, client: str, store: Store, now: datetime
) -> bool:
    """Switches email news on (to `email`) or off (None); True when they are on."""
    access = _authorise(case_number, code, client, store, now)
    store.cases.save_case_access(
        CaseAccess(
            access.case_number, access.code_hash, access.language, email, access.retain_until
        )
    )
    return email is not None


# Repairing events stored before today's rules (staff commands).


@dataclass(frozen=True)
class Finding:
    """A stored event and what is wrong with it (or, in quarantine, why it was put there)."""

    case_number: str
    event_id: str
    type: str
    occurred_at: str
    problems: str


def _describe(problems: list[Invalid]) -> str:
    return ", ".join(f"{p.field or 'event'} {p.code}" for p in problems)


def _as_sent(record: dict) -> dict:
    return {
        "id": record.get("id"),
        "case": record.get("case_number"),
        "type": record.get("type"),
        "occurred_at": record.get("occurred_at"),
        "data": record.get("data"),
    }


def _finding(record: dict, problems: str) -> Finding:
    return Finding(
        str(record.get("case_number")),
        str(record.get("id")),
        str(record.get("type")),
        str(record.get("occurred_at")),
        problems,
    )


def failing_events(store: Store) -> list[Finding]:
    """Every live stored event that breaks today's rules. Reads the whole store: staff only."""
    findings = []
    for record in store.cases.case_event_records():
        problems = model.event_problems(_as_sent(record))
        if problems:
            findings.append(_finding(record, _describe(problems)))
    return findings


def quarantine_failing(store: Store, now: datetime) -> list[Finding]:
    """Moves every live event that breaks today's rules to quarantine: kept, not shown."""
    moved = []
    for finding in failing_events(store):
        if store.cases.quarantine_case_event(
            finding.case_number, finding.event_id, finding.problems, now
        ):
            moved.append(finding)
    return moved


def quarantined(store: Store) -> list[Finding]:
    """Every event in quarantine, with the reason it was put there."""
    return [
        _finding(record, f"{record['reason']} (since {record['quarantined_at']})")
        for record in store.cases.quarantined_case_events()
    ]


class StillInvalid(Exception):
    """A quarantined event that still breaks today's rules cannot go back into its case."""


def restore(case_number: str, event_id: str, store: Store) -> bool:
    """Puts a quarantined event back into its case, if it passes today's rules now (say, after
    a rule was corrected); False when there is no such event in quarantine."""
    for record in store.cases.quarantined_case_events():
        if (record["case_number"], record["id"]) == (case_number, event_id):
            problems = model.event_problems(_as_sent(record))
            if problems:
                raise StillInvalid(_describe(problems))
            return store.cases.restore_case_event(case_number, event_id)
    return False


def delete_quarantined(case_number: str, event_id: str, store: Store) -> bool:
    """Deletes a quarantined event for good; the document-workflow system may then send a
    corrected one with the same id."""
    return store.cases.delete_quarantined_case_event(case_number, event_id)
