"""A small subset of JSON Schema: enough to validate request bodies and to document them in OpenAPI.

Objects never accept properties they do not declare, so a typo in a field name is an error,
not a silently ignored value. Every string is single-line text: control characters (C0, DEL,
C1, and so tabs and line breaks too) and lone UTF-16 surrogates are refused wherever a string
is validated, in bodies, query strings, path parameters and headers alike, because such
characters would be stored, e-mailed and printed. No field of this API is multi-line.

Patterns are matched against the whole value. OpenAPI (whose patterns search, as JSON Schema's
do) gets them anchored, and patterns never use `\\d`, `\\w` or `\\s`, which mean different
characters to Python and to JSON Schema's regular expressions.
"""

import re
from datetime import date, datetime
from typing import Any

from chalicelib import clock
from chalicelib.config import LANGUAGES
from chalicelib.web.problems import FieldError

Schema = dict[str, Any]

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)

# C0 controls, DEL and C1 controls; written as regex escapes so OpenAPI shows them legibly.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
# What str.strip() removes, less the controls above: a value made of these alone is blank.
_SPACES = r" \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = f"^[^{_CONTROLS}]*$"
FILLED_TEXT_PATTERN = f"^[^{_CONTROLS}]*[^{_CONTROLS}{_SPACES}][^{_CONTROLS}]*$"
_NOT_ALLOWED = re.compile(f"[{_CONTROLS}\ud800-\udfff]")
_FILLED = re.compile(f"[^{_CONTROLS}{_SPACES}]")
_TEXT_NOTE = "Single-line text: control characters (tabs and line breaks too) are refused."

_YEAR = "(?:20[0-9]{2}|2100)"  # 2000 to 2100: a typo in a year is an error, not a stored date
_DATE = f"{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"

# Fields many endpoints share.
SLUG = {"type": "string", "pattern": "[a-z][a-z0-9-]{1,31}"}  # ids of sites and services
DAY = {
    "type": "string",
    "format": "date",
    "pattern": f"^{_DATE}$",
    "description": "A calendar day, YYYY-MM-DD, from 2000-01-01 to 2100-12-31",
}
INSTANT = {
    "type": "string",
    "format": "date-time",
    "pattern": f"^{_DATE}T{_TIME}Z$",
    "description": "An instant in UTC, YYYY-MM-DDTHH:MM:SSZ, from 2000-01-01 to 2100-12-31",
}
EMAIL = {
    "type": "string",
    "maxLength": 254,
    "pattern": f"[^@ {_CONTROLS}]+@[^@ {_CONTROLS}]+\\.[^@ {_CONTROLS}]+",
}


def parse_day(value: str) -> date | None:
    """The day a DAY field names, or None when it is no real day in range (2026-02-30)."""
    if not re.fullmatch(DAY["pattern"], value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_instant(value: str) -> datetime | None:
    """The instant an INSTANT field names, or None when there is no such instant in range."""
    if not re.fullmatch(INSTANT["pattern"], value):
        return None
    return clock.parse_instant(value)


_FORMATS = {"date": parse_day, "date-time": parse_instant}

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def validate(schema: Schema, value: Any, path: str = "") -> list[FieldError]:
    """Every way `value` breaks `schema`, each as a field path and a stable error code.

    A schema without a `type` is a fragment of another (`allOf`, `then`): it only adds rules.
    A list of types (`["string", "null"]`) takes a value of any of them.
    """
    expected = schema.get("type")
    if expected is not None and not any(
        _is(value, name) for name in (expected if isinstance(expected, list) else [expected])
    ):
        return [FieldError(path or "$", "wrong-type")]
    if "const" in schema and not _same(value, schema["const"]):
        return [FieldError(path or "$", "not-allowed-value")]
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        return [FieldError(path or "$", "not-allowed-value")]
    if isinstance(value, dict):
        return _validate_object(schema, value, path)
    if isinstance(value, list) and "items" in schema:
        return _validate_array(schema, value, path)
    if isinstance(value, str):
        return _validate_string(schema, value, path or "$")
    if expected in ("integer", "number"):
        return _validate_number(schema, value, path or "$")
    return []


def _is(value: Any, name: str) -> bool:
    """JSON types: true is no integer."""
    return isinstance(value, _TYPES[name]) and (name == "boolean" or not isinstance(value, bool))


def _same(value: Any, option: Any) -> bool:
    """JSON equality: true is not 1."""
    return type(value) is type(option) and value == option


def _validate_object(schema: Schema, value: dict, path: str) -> list[FieldError]:
    properties: dict[str, Schema] = schema.get("properties", {})
    closed = "type" in schema and schema.get("additionalProperties") is not True
    errors = [
        FieldError(_join(path, name), "unknown-field")
        for name in value
        if name not in properties and closed
    ]
    errors += [
        FieldError(_join(path, name), "required")
        for name in schema.get("required", [])
        if name not in value
    ]
    for name, item in value.items():
        if name in properties:
            errors += validate(properties[name], item, _join(path, name))
    for part in schema.get("allOf", []):
        errors += [error for error in validate(part, value, path) if error not in errors]
    if "if" in schema and not validate(schema["if"], value, path):
        errors += [error for error in validate(schema["then"], value, path) if error not in errors]
    return errors


def _validate_array(schema: Schema, value: list, path: str) -> list[FieldError]:
    if len(value) > schema.get("maxItems", len(value)):
        return [FieldError(path or "$", "too-many")]
    if len(value) < schema.get("minItems", 0):
        return [FieldError(path or "$", "too-few")]
    errors: list[FieldError] = []
    for index, item in enumerate(value):
        errors += validate(schema["items"], item, f"{path}[{index}]")
    return errors


def _validate_string(schema: Schema, value: str, path: str) -> list[FieldError]:
    if _NOT_ALLOWED.search(value):
        return [FieldError(path, "not-allowed-character")]
    minimum = schema.get("minLength", 0)
    if len(value) < minimum or (minimum and not _FILLED.search(value)):
        return [FieldError(path, "too-short")]
    if len(value) > schema.get("maxLength", len(value)):
        return [FieldError(path, "too-long")]
    if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        return [FieldError(path, "wrong-format")]
    if "format" in schema and _FORMATS[schema["format"]](value) is None:
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


def as_json_schema(schema: Schema, *, request: bool = True) -> Schema:
    """The schema as OpenAPI 3.1 shows it: for a request, what `validate` accepts, no more, no less.

    Objects are closed to undeclared properties and patterns anchored. A request's string
    without a pattern of its own gets one that refuses control characters (and blank text when
    it must not be empty); each pattern of ours admits no control character, a unit test sees
    to that. Response schemas describe what we send and get no such rules.
    """
    result = dict(schema)
    kind = schema.get("type")
    if kind == "object":
        result["additionalProperties"] = schema.get("additionalProperties") is True
    if "properties" in schema:
        result["properties"] = {
            k: as_json_schema(v, request=request) for k, v in schema["properties"].items()
        }
    if kind == "array" and "items" in schema:
        result["items"] = as_json_schema(schema["items"], request=request)
    for key in ("if", "then"):
        if key in schema:
            result[key] = as_json_schema(schema[key], request=request)
    if "allOf" in schema:
        result["allOf"] = [as_json_schema(part, request=request) for part in schema["allOf"]]
    if "pattern" in schema:
        result["pattern"] = anchored(schema["pattern"])
    if request and kind == "string" and "enum" not in schema and "const" not in schema:
        result.update(_text_rules(schema))
    return result


def _text_rules(schema: Schema) -> Schema:
    filled = schema.get("minLength", 0) > 0
    if "pattern" in schema:
        # A pattern may admit spaces; blank text is too short all the same.
        return {"allOf": [{"pattern": FILLED_TEXT_PATTERN}]} if filled else {}
    description = schema.get("description")
    return {
        "pattern": FILLED_TEXT_PATTERN if filled else TEXT_PATTERN,
        "description": f"{description}. {_TEXT_NOTE}" if description else _TEXT_NOTE,
    }


def anchored(pattern: str) -> str:
    """`pattern` as JSON Schema must say it to mean what re.fullmatch means by it."""
    if pattern.startswith("^") and pattern.endswith("$"):
        return pattern
    return f"^(?:{pattern})$" if "|" in pattern else f"^{pattern}$"


# A name given in every language the site speaks: an office, a service.
NAMES: Schema = {
    "type": "object",
    "properties": {
        lang: {"type": "string", "minLength": 1, "maxLength": 120} for lang in LANGUAGES
    },
    "required": list(LANGUAGES),
}
