"""The one place where failures become HTTP answers."""

import json
import logging
from collections.abc import Callable

from chalice.app import Request, Response

from chalicelib.sites.model import SiteNotFound
from chalicelib.storage.port import StoreUnavailable
from chalicelib.web.problems import PROBLEM_CONTENT_TYPE, Problem, negotiate_language

log = logging.getLogger("blizej.api")

DOMAIN_ERRORS: dict[type[Exception], tuple[int, str]] = {
    SiteNotFound: (404, "site-not-found"),
    StoreUnavailable: (503, "store-unavailable"),
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
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Problem(400, "malformed-json") from error
