"""The OpenAPI 3.1 description, built from the endpoints themselves so it cannot fall behind."""

import re
from typing import Any

from chalicelib import i18n
from chalicelib.web.api import PATH_TEXT, Operation
from chalicelib.web.schema import as_json_schema

_PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string", "description": "In the language asked for by Accept-Language"},
        "status": {"type": "integer"},
        "code": {"type": "string"},  # its codes come from the catalog, see _problem()
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "code": {"type": "string"}},
            },
        },
    },
}


def _problem() -> dict:
    """The problem schema; its codes, those with a title in the catalog, are read on first use."""
    code = {"type": "string", "enum": i18n.API.keys("problem:")}
    return {**_PROBLEM, "properties": {**_PROBLEM["properties"], "code": code}}


_STATUS_TEXT = {
    400: "The body is not JSON (malformed-json)",
    401: "Staff sign-in needed (unauthorized)",
    404: "Not found",
    409: "Conflict",
    410: "Gone",
    413: "The body is larger than 16 KiB (payload-too-large)",
    415: "The Content-Type is not application/json (unsupported-media-type)",
    422: "A field, parameter or header breaks its schema (validation-failed, with `errors`)",
    429: "Too many requests (Retry-After says when to try again)",
    500: "Something went wrong on our side (internal-error)",
    503: "The store or the mail service is unavailable for a moment",
}


def describe(routes: dict[str, dict[str, Any]], version: str) -> dict:
    """`routes` is Chalice's app.routes: path → method → route entry."""
    paths: dict[str, dict] = {}
    for path, methods in sorted(routes.items()):
        for method, entry in sorted(methods.items()):
            operation: Operation = entry.view_function.operation
            paths.setdefault(path, {})[method.lower()] = _operation(operation, entry.view_name)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bliżej API",
            "version": version,
            "description": "Appointments, queue and case status for the Department for Foreigners "
            "of the Mazowieckie Voivodeship Office. Errors are RFC 9457 problem details.",
        },
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": {"Problem": _problem()},
            "securitySchemes": {"staff": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(operation: Operation, name: str) -> dict:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    success = {"description": "OK"}
    if operation.response is not None:
        schema = as_json_schema(operation.response, request=False)
        success["content"] = {"application/json": {"schema": schema}}
    responses: dict[str, Any] = {str(operation.status): success}
    for status in sorted(_error_statuses(operation)):
        if status == 304:
            responses["304"] = {"description": "Not modified: the ETag matched If-None-Match"}
        else:
            text = operation.error_notes.get(status) or _STATUS_TEXT[status]
            responses[str(status)] = {"description": text, "content": problem}
    described: dict[str, Any] = {
        "operationId": name,
        "summary": operation.summary,
        "tags": [operation.tag],
        "responses": responses,
    }
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": as_json_schema(operation.params.get(name, PATH_TEXT)),
        }
        for name in re.findall(r"{(\w+)}", operation.path)
    ]
    if operation.query is not None:
        required = set(operation.query.get("required", []))
        parameters += [
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "schema": as_json_schema(schema),
            }
            for name, schema in operation.query["properties"].items()
        ]
    parameters += [
        {
            "name": name,
            "in": "header",
            "required": header.required,
            "description": header.description,
            "schema": as_json_schema(header.schema),
        }
        for name, header in operation.headers.items()
    ]
    if parameters:
        described["parameters"] = parameters
    if operation.body is not None:
        described["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": as_json_schema(operation.body)}},
        }
    if operation.staff:
        described["security"] = [{"staff": []}]
    return described


def _error_statuses(operation: Operation) -> set[int]:
    """The endpoint's own statuses and those its shape brings: every status it can answer."""
    statuses = {*operation.errors, 415, 500}  # every route takes JSON; anything can go wrong
    if operation.body is not None:
        statuses |= {400, 413, 422}
    if operation.query is not None or any(
        not header.credential for header in operation.headers.values()
    ):
        statuses.add(422)
    if re.search(r"{\w+}", operation.path):
        statuses.add(422)  # path parameters are checked too, if only for control characters
    if operation.staff:
        statuses.add(401)
    if operation.uses_store:
        statuses.add(503)
    return statuses
