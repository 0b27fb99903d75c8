"""The OpenAPI 3.1 description, built from the endpoints themselves so it cannot fall behind."""

import re
from typing import Any

from chalicelib.web.api import Operation
from chalicelib.web.messages import PROBLEM_TITLES
from chalicelib.web.schema import as_json_schema

_PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string", "description": "In the language asked for by Accept-Language"},
        "status": {"type": "integer"},
        "code": {"type": "string", "enum": sorted(PROBLEM_TITLES)},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "code": {"type": "string"}},
            },
        },
    },
}
_STATUS_TEXT = {
    400: "Malformed request",
    401: "Staff sign-in needed",
    404: "Not found",
    409: "Conflict",
    410: "Gone",
    413: "Request too large",
    422: "Validation failed",
    429: "Too many requests",
    503: "Store unavailable",
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
            "schemas": {"Problem": _PROBLEM},
            "securitySchemes": {"staff": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(operation: Operation, name: str) -> dict:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    success = {"description": "OK"}
    if operation.response is not None:
        success["content"] = {"application/json": {"schema": as_json_schema(operation.response)}}
    responses: dict[str, Any] = {str(operation.status): success}
    for status in operation.errors:
        if status == 304:
            responses["304"] = {"description": "Not modified: the ETag matched If-None-Match"}
        else:
            responses[str(status)] = {"description": _STATUS_TEXT[status], "content": problem}
    responses["default"] = {"description": "Any other failure", "content": problem}
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
            "schema": operation.params.get(name, {"type": "string"}),
        }
        for name in re.findall(r"{(\w+)}", operation.path)
    ]
    if operation.query is not None:
        required = set(operation.query.get("required", []))
        parameters += [
            {"name": name, "in": "query", "required": name in required, "schema": schema}
            for name, schema in operation.query["properties"].items()
        ]
    parameters += [
        {
            "name": name,
            "in": "header",
            "required": False,
            "description": description,
            "schema": {"type": "string"},
        }
        for name, description in operation.headers.items()
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
