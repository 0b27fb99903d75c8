"""The one place where failures become HTTP answers."""

import json
import logging
from collections.abc import Callable

from chalice.app import Request, Response

from chalicelib import clock
from chalicelib.errors import DomainError
from chalicelib.web.problems import (
    PROBLEM_CONTENT_TYPE,
    FieldError,
    Problem,
    negotiate_language,
)

log = logging.getLogger("blizej.api")

# The HTTP status of every code a DomainError may carry; the titles are in the catalogs.
STATUSES: dict[str, int] = {
    "validation-failed": 422,
    "too-many-requests": 429,
    "site-not-found": 404,
    "store-unavailable": 503,
    "mail-unavailable": 503,
    "idempotency-key-reused": 422,
    "service-not-found": 404,
    "slot-not-bookable": 422,
    "slot-full": 409,
    "already-booked": 409,
    "booking-not-found": 404,
    "hold-expired": 410,
    "already-confirmed": 409,
    "too-late-to-change": 409,
    "appointment-started": 409,
    "range-too-long": 422,
    "case-not-found": 404,
    "case-locked": 429,
    "signature-invalid": 401,
    "request-stale": 401,
    "request-replayed": 409,
    "ticket-not-found": 404,
    "counter-closed": 409,
    "queue-empty": 404,
    "ticket-not-at-counter": 409,
    "check-in-too-early": 409,
    "check-in-too-late": 409,
    "document-mismatch": 409,
    "wrong-office": 409,
    "walk-ins-full": 409,
    "walk-in-not-offered": 409,
    "period-reversed": 422,
    "period-too-long": 422,
    "counter-busy": 409,
    "counter-paused": 409,
    "already-waiting": 409,
    "waiting-not-found": 404,
    "waiting-changed": 409,
    "offer-not-found": 404,
    "offer-lapsed": 409,
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
    """The answer for a failure a person can be told about; any other exception goes on up."""
    if not isinstance(error, DomainError) or error.code not in STATUSES:
        raise error
    headers = {}
    seconds = error.retry_after(clock.now())
    if seconds is not None:
        headers["Retry-After"] = str(seconds)
    fields = [FieldError(field, code) for field, code in error.fields()]
    return Problem(STATUSES[error.code], error.code, fields, headers, error.details())


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
