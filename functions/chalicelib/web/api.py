"""Blueprints whose endpoints answer every failure with a problem and describe themselves."""

import functools
import hashlib
import hmac
import ipaddress
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chalice import Blueprint, CognitoUserPoolAuthorizer
from chalice.app import Request, Response

from chalicelib.config import settings, staff_auth
from chalicelib.security import secret
from chalicelib.web.errors import decode_json, problem_for, response_for
from chalicelib.web.problems import FieldError, Problem, negotiate_language
from chalicelib.web.schema import Schema, parse_day, parse_instant, validate

log = logging.getLogger("blizej.api")

MAX_BODY_BYTES = 16 * 1024
STAFF_GROUP = "staff"
# Both written by CloudFront in AWS (infra/resources.yml): the reader's address, the origin secret.
VIEWER_HEADER = "x-blizej-client"
ORIGIN_HEADER = "x-blizej-origin"


def staff_authorizer() -> CognitoUserPoolAuthorizer | None:
    """In AWS, API Gateway checks a staff member's Cognito sign-in before the function runs.

    Routes are fixed when the app is imported, and `chalice package` imports it, so this one
    setting is read at import time. infra/resources.yml puts the user pool's ARN in place of
    the placeholder. Locally there is no authorizer: the bearer token is checked instead.
    """
    if staff_auth() != "cognito":
        return None
    placeholder = "arn:aws:cognito-idp:eu-central-1:000000000000:userpool/set-by-infra"
    return CognitoUserPoolAuthorizer("StaffPool", provider_arns=[placeholder])


# A path parameter no endpoint describes further is still text: no control characters.
PATH_TEXT: Schema = {"type": "string", "minLength": 1}


@dataclass(frozen=True)
class Header:
    """A request header an endpoint reads.

    A `credential` (a manage token, a signature) is checked by the endpoint itself, which
    refuses a missing or malformed one exactly as a wrong one (401 or 404), so the schema only
    describes it. Any other header is validated like a field: 422 when it breaks its schema.
    """

    description: str
    schema: Schema = field(default_factory=lambda: {"type": "string"})
    required: bool = False
    credential: bool = False


@dataclass(frozen=True)
class Operation:
    """What OpenAPI says about one endpoint."""

    method: str
    path: str
    summary: str
    tag: str
    staff: bool = False
    body: Schema | None = None
    params: dict[str, Schema] = field(default_factory=dict)
    query: Schema | None = None
    headers: dict[str, Header] = field(default_factory=dict)
    response: Schema | None = None
    errors: tuple[int, ...] = ()
    status: int = 200
    error_notes: dict[int, str] = field(default_factory=dict)  # what a status means here
    uses_store: bool = True  # so it can answer 503 when the store is unavailable
    # False when the view must see the raw bytes first (a signature over them); it then reads
    # the body itself with read_json, and OpenAPI describes it all the same.
    read_body: bool = True


class ApiBlueprint(Blueprint):
    def __init__(self, import_name: str, tag: str) -> None:
        super().__init__(import_name)
        self.tag = tag

    def endpoint(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        staff: bool = False,
        body: Schema | None = None,
        params: dict[str, Schema] | None = None,
        query: Schema | None = None,
        headers: dict[str, str | Header] | None = None,
        response: Schema | None = None,
        errors: tuple[int, ...] = (),
        status: int = 200,
        error_notes: dict[int, str] | None = None,
        uses_store: bool = True,
        read_body: bool = True,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """`query` is an object schema for the query string; `headers` names request headers.

        `errors` are the statuses the endpoint's own rules answer; the shared ones (400, 401,
        413, 415, 422, 500, 503) follow from its shape and are added to OpenAPI for it.
        """
        operation = Operation(
            method=method,
            path=path,
            summary=summary,
            tag=self.tag,
            staff=staff,
            body=body,
            params=params or {},
            query=query,
            headers={
                name: header if isinstance(header, Header) else Header(header)
                for name, header in (headers or {}).items()
            },
            response=response,
            errors=errors,
            status=status,
            error_notes=error_notes or {},
            uses_store=uses_store,
            read_body=read_body,
        )

        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            guarded = self._guard(view, operation)
            guarded.operation = operation  # type: ignore[attr-defined]
            authorizer = staff_authorizer() if staff else None
            return self.route(
                path, methods=[method], content_types=["application/json"], authorizer=authorizer
            )(guarded)

        return register

    def _guard(self, view: Callable[..., Any], operation: Operation) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(**path_params: str) -> Response | dict | list:
            request = self.current_request
            try:
                if operation.staff:
                    _require_staff(request)
                arguments = _read_request(operation, request, path_params)
                return _as_response(view(**arguments), operation.status)
            except Problem as problem:
                return response_for(problem, request)
            except Exception as error:
                try:
                    return response_for(problem_for(error), request)
                except Exception:
                    log.exception("unhandled error in %s %s", operation.method, operation.path)
                    return response_for(Problem(500, "internal-error"), request)

        return guarded


def _as_response(result: Response | dict | list, status: int) -> Response:
    """Every answer says what it is: JSON unless the view chose otherwise."""
    response = result if isinstance(result, Response) else Response(body=result, status_code=status)
    if not any(name.lower() == "content-type" for name in response.headers):
        response.headers["Content-Type"] = "application/json"
    return response


def read_json(request: Request, schema: Schema) -> Any:
    """The request's JSON body, checked against `schema`; a Problem when it is not acceptable."""
    data = _decode_body(request)
    errors = validate(schema, data)
    if errors:
        raise Problem(422, "validation-failed", errors)
    return data


def _decode_body(request: Request) -> Any:
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise Problem(413, "payload-too-large")
    return decode_json(raw)


def _read_request(operation: Operation, request: Request, path: dict[str, str]) -> dict[str, Any]:
    """The view's arguments; one 422 naming every bad field of the path, headers, query and body."""
    errors = [
        error
        for name, value in path.items()
        for error in validate(operation.params.get(name, PATH_TEXT), value, name)
    ]
    errors += _header_errors(operation.headers, request)
    arguments: dict[str, Any] = dict(path)
    if operation.query is not None:
        arguments["query"] = dict(request.query_params or {})
        errors += validate(operation.query, arguments["query"])
    if operation.body is not None and operation.read_body:
        arguments["body"] = _decode_body(request)
        errors += validate(operation.body, arguments["body"])
    if errors:
        raise Problem(422, "validation-failed", errors)
    return arguments


def _header_errors(headers: dict[str, Header], request: Request) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, header in headers.items():
        value = request.headers.get(name.lower())
        if header.credential:
            continue
        if value is None:
            errors += [FieldError(name, "required")] if header.required else []
        else:
            errors += validate(header.schema, value, name)
    return errors


def day_field(value: str, field: str) -> date:
    """A DAY the schema let through, as a date; 422 when it is no real day in range (2026-02-30)."""
    day = parse_day(value)
    if day is None:
        raise Problem(422, "validation-failed", [FieldError(field, "wrong-format")])
    return day


def instant_field(value: str, field: str) -> datetime:
    """An INSTANT the schema let through, as a UTC datetime; 422 when there is no such instant."""
    moment = parse_instant(value)
    if moment is None:
        raise Problem(422, "validation-failed", [FieldError(field, "wrong-format")])
    return moment


def client_address(request: Request) -> str:
    """The address the app's own rate limits count: the reader's, not CloudFront's.

    In AWS every request comes from a CloudFront edge address that thousands of readers share.
    CloudFront's ClientAddress function writes the reader's address into X-Blizej-Client,
    overwriting any a reader sent, and CloudFront adds the origin secret. The header is believed
    only with that secret; without it (locally, or a request around CloudFront) the address the
    request came from counts.
    """
    source = (request.context or {}).get("identity", {}).get("sourceIp") or "unknown"
    viewer = (request.headers.get(VIEWER_HEADER) or "").strip()
    if viewer and _is_address(viewer) and _through_cloudfront(request):
        return viewer
    return source


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _through_cloudfront(request: Request) -> bool:
    expected = secret("BLIZEJ_ORIGIN_SECRET")
    if not expected:
        return False
    given = request.headers.get(ORIGIN_HEADER) or ""
    return hmac.compare_digest(
        hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest()
    )


def request_language(request: Request) -> str:
    return negotiate_language(request.headers.get("accept-language"))


def _require_staff(request: Request) -> None:
    if settings().staff_auth == "cognito":
        _require_staff_group(request)
        return
    expected = settings().staff_token
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    given = hashlib.sha256(token.strip().encode()).digest()
    wanted = hashlib.sha256(expected.encode()).digest()
    if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(given, wanted):
        raise Problem(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


def _require_staff_group(request: Request) -> None:
    """API Gateway has checked the token; the claims it passes on must put the caller in staff."""
    claims = ((request.context or {}).get("authorizer") or {}).get("claims") or {}
    groups = re.findall(r"[\w.-]+", str(claims.get("cognito:groups", "")))
    if STAFF_GROUP not in groups:
        raise Problem(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
