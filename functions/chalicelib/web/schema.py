"""A small subset of JSON Schema: enough to validate request bodies and to document them in OpenAPI.

Objects never accept properties they do not declare, so a typo in a field name is an error,
not a silently ignored value.
"""

import re
from typing import Any

from chalicelib.web.problems import FieldError

Schema = dict[str, Any]

# Fields many endpoints share.
SLUG = {"type": "string", "pattern": "[a-z][a-z0-9-]{1,31}"}  # ids of sites and services
DAY = {"type": "string", "pattern": r"\d{4}-\d{2}-\d{2}"}
INSTANT = {"type": "string", "pattern": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"}

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def validate(schema: Schema, value: Any, path: str = "") -> list[FieldError]:
    """Every way `value` breaks `schema`, each as a field path and a stable error code."""
    expected = schema["type"]
    is_bool = isinstance(value, bool)
    if not isinstance(value, _TYPES[expected]) or (is_bool and expected != "boolean"):
        return [FieldError(path or "$", "wrong-type")]
    if "enum" in schema and value not in schema["enum"]:
        return [FieldError(path or "$", "not-allowed-value")]
    if expected == "object":
        return _validate_object(schema, value, path)
    if expected == "array":
        return _validate_array(schema, value, path)
    if expected == "string":
        return _validate_string(schema, value, path or "$")
    if expected in ("integer", "number"):
        return _validate_number(schema, value, path or "$")
    return []


def _validate_object(schema: Schema, value: dict, path: str) -> list[FieldError]:
    properties: dict[str, Schema] = schema.get("properties", {})
    open_ended = schema.get("additionalProperties") is True
    errors = [
        FieldError(_join(path, name), "unknown-field")
        for name in value
        if name not in properties and not open_ended
    ]
    errors += [
        FieldError(_join(path, name), "required")
        for name in schema.get("required", [])
        if name not in value
    ]
    for name, item in value.items():
        if name in properties:
            errors += validate(properties[name], item, _join(path, name))
    return errors


def _validate_array(schema: Schema, value: list, path: str) -> list[FieldError]:
    if len(value) > schema.get("maxItems", len(value)):
        return [FieldError(path or "$", "too-many")]
    errors: list[FieldError] = []
    for index, item in enumerate(value):
        errors += validate(schema["items"], item, f"{path}[{index}]")
    return errors


def _validate_string(schema: Schema, value: str, path: str) -> list[FieldError]:
    if len(value.strip()) < schema.get("minLength", 0):
        return [FieldError(path, "too-short")]
    if len(value) > schema.get("maxLength", len(value)):
        return [FieldError(path, "too-long")]
    if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        return [FieldError(path, "wrong-format")]
    return []


def _validate_number(schema: Schema, value: float, path: str) -> list[FieldError]:
    if value < schema.get("minimum", value):
        return [FieldError(path, "too-small")]
    if value > schema.get("maximum", value):
        return [FieldError(path, "too-large")]
    return []


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def as_json_schema(schema: Schema) -> Schema:
    """The schema as OpenAPI 3.1 shows it: objects closed to undeclared properties."""
    result = dict(schema)
    if schema["type"] == "object":
        result["additionalProperties"] = schema.get("additionalProperties") is True
        result["properties"] = {
            k: as_json_schema(v) for k, v in schema.get("properties", {}).items()
        }
    if schema["type"] == "array":
        result["items"] = as_json_schema(schema["items"])
    return result
