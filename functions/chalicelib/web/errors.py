"""The one place where failures become HTTP answers."""

import json
import logging
import math
from collections.abc import Callable
from datetime import UTC

from chalice.app import Request, Response

from chalicelib import clock
from chalicelib.appointments import model as appointments
from chalicelib.appointments.services import IdentifiersMissing, InvalidSchedule, RateLimited
from chalicelib.cases import model as cases
from chalicelib.cases import services as case_services
from chalicelib.mail.port import MailFailed
from chalicelib.queue import model as queue
from chalicelib.sites.model import SiteNotFound
from chalicelib.storage.port import IdempotencyConflict, StoreUnavailable
from chalicelib.web.problems import (
    PROBLEM_CONTENT_TYPE,
    FieldError,
    Problem,
    negotiate_language,
)

log = logging.getLogger("blizej.api")

DOMAIN_ERRORS: dict[type[Exception], tuple[int, str]] = {
    SiteNotFound: (404, "site-not-found"),
    StoreUnavailable: (503, "store-unavailable"),
    MailFailed: (503, "mail-unavailable"),
    IdempotencyConflict: (422, "idempotency-key-reused"),
    appointments.ServiceNotFound: (404, "service-not-found"),
    appointments.NotBookable: (422, "slot-not-bookable"),
    appointments.SlotFull: (409, "slot-full"),
    appointments.AlreadyBooked: (409, "already-booked"),
    appointments.BookingNotFound: (404, "booking-not-found"),
    appointments.TokenInvalid: (404, "booking-not-found"),
    appointments.HoldExpired: (410, "hold-expired"),
    appointments.ConfirmedEarlier: (409, "already-confirmed"),
    appointments.TooLateToChange: (409, "too-late-to-change"),
    appointments.RangeTooLong: (422, "range-too-long"),
    cases.CaseNotFound: (404, "case-not-found"),
    case_services.SignatureInvalid: (401, "signature-invalid"),
    case_services.RequestStale: (401, "request-stale"),
    case_services.RequestReplayed: (409, "request-replayed"),
    queue.TicketNotFound: (404, "ticket-not-found"),
    queue.CounterClosed: (409, "counter-closed"),
    queue.NothingToCall: (404, "queue-empty"),
    queue.NotCalled: (409, "ticket-not-at-counter"),
    queue.TooLate: (409, "check-in-too-late"),
    queue.WrongDocument: (409, "document-mismatch"),
    queue.WrongSite: (409, "wrong-office"),
    queue.WalkInsFull: (409, "walk-ins-full"),
    queue.WalkInNotOffered: (409, "walk-in-not-offered"),
}

# Chalice answers a few requests itself, before or around our views; these become problems too.
_CHALICE_STATUS_CODES = {
    400: "malformed-json",
    404: "not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
    415: "unsupported-media-type",
}


def problem_for(error: Exception) -> Problem:
    if isinstance(error, RateLimited):
        return Problem(429, "too-many-requests", headers={"Retry-After": str(error.retry_after)})
    if isinstance(error, queue.TooEarly):
        opens = error.opens_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Problem(409, "check-in-too-early", extra={"check_in_from": opens})
    if isinstance(error, cases.CaseLocked):
        seconds = max(math.ceil((error.until - clock.now()).total_seconds()), 1)
        return Problem(429, "case-locked", headers={"Retry-After": str(seconds)})
    if isinstance(error, cases.EventsInvalid):
        fields = [FieldError(problem.field, problem.code) for problem in error.problems]
        return Problem(422, "validation-failed", fields)
    if isinstance(error, InvalidSchedule):
        return Problem(422, "validation-failed", [FieldError("weekly", "wrong-format")])
    if isinstance(error, IdentifiersMissing):
        fields = [FieldError(f"identifiers.{name}", "required") for name in error.names]
        return Problem(422, "validation-failed", fields)
    for error_type, (status, code) in DOMAIN_ERRORS.items():
        if isinstance(error, error_type):
            return Problem(status, code)
    raise error


def response_for(problem: Problem, request: Request | None) -> Response:
    accept_language = request.headers.get("accept-language") if request else None
    status, headers, body = problem.encode(negotiate_language(accept_language))
    return Response(body=body, status_code=status, headers=headers)


def problem_middleware(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Turns Chalice's own error answers (wrong method, wrong media type, crashes) into problems."""
    response = get_response(request)
    if response.status_code < 400 or _is_problem(response):
        return response
    if response.status_code >= 500:
        return response_for(Problem(500, "internal-error"), request)
    code = _CHALICE_STATUS_CODES.get(response.status_code, "malformed-json")
    kept = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
    return response_for(Problem(response.status_code, code, headers=kept), request)


def _is_problem(response: Response) -> bool:
    content_type = next((v for k, v in response.headers.items() if k.lower() == "content-type"), "")
    return content_type.startswith(PROBLEM_CONTENT_TYPE)


def decode_json(raw: bytes) -> object:
    """Strict JSON: no NaN or Infinity, and 5.0 is the integer 5, as JSON Schema counts it."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_not_json, parse_float=_number)
    # ValueError: a number of thousands of digits; RecursionError: arrays nested thousands deep
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Problem(400, "malformed-json") from error


def _not_json(constant: str) -> float:
    raise ValueError(f"{constant} is not JSON")


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value
