import re
from datetime import UTC, date, datetime

import pytest

from chalicelib.web.schema import (
    DAY,
    INSTANT,
    TEXT_PATTERN,
    anchored,
    as_json_schema,
    parse_day,
    parse_instant,
    validate,
)

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 5},
        "code": {"type": "string", "pattern": "[A-Z]{3}"},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "language": {"type": "string", "enum": ["en", "pl"]},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "consent": {"type": "boolean"},
    },
    "required": ["name"],
}


def codes(value: object) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in validate(PERSON, value)]


def test_a_valid_object_has_no_errors():
    assert codes({"name": "Ola", "code": "ABC", "age": 30, "tags": ["a"], "consent": True}) == []


def test_an_unknown_field_is_an_error_not_ignored():
    assert codes({"name": "Ola", "nmae": "typo"}) == [("nmae", "unknown-field")]


def test_a_missing_required_field_is_reported_by_name():
    assert codes({}) == [("name", "required")]


def test_every_constraint_has_its_own_code():
    assert codes({"name": "  ", "code": "abc", "age": -1, "language": "de"}) == [
        ("name", "too-short"),
        ("code", "wrong-format"),
        ("age", "too-small"),
        ("language", "not-allowed-value"),
    ]
    assert codes({"name": "too long", "age": 151, "tags": ["a", "b", "c"]}) == [
        ("name", "too-long"),
        ("age", "too-large"),
        ("tags", "too-many"),
    ]


def test_wrong_types_are_reported_and_booleans_are_not_numbers():
    assert codes([]) == [("$", "wrong-type")]
    assert codes({"name": 5, "age": True, "tags": [1]}) == [
        ("name", "wrong-type"),
        ("age", "wrong-type"),
        ("tags[0]", "wrong-type"),
    ]


def test_the_openapi_form_of_an_object_schema_is_closed():
    described = as_json_schema(PERSON)

    assert described["additionalProperties"] is False
    assert described["properties"]["tags"]["items"]["type"] == "string"


def errors_of(schema: dict, value: object) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in validate(schema, value, "f")]


TEXT = {"type": "string", "maxLength": 200}


@pytest.mark.parametrize(
    "value",
    ["Ola\x00", "a\tb", "line\nbreak", "carriage\r", "\x1b[31m", "del\x7f", "c1\x85", "\x9f"],
)
def test_control_characters_are_refused_in_any_string(value):
    assert errors_of(TEXT, value) == [("f", "not-allowed-character")]


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", "\udc00\ud800"])
def test_a_lone_surrogate_is_refused_and_does_not_crash(value):
    assert errors_of(TEXT, value) == [("f", "not-allowed-character")]


def test_a_control_character_is_named_as_such_even_where_a_pattern_would_also_refuse_it():
    assert errors_of({"type": "string", "pattern": "[a-z]+"}, "abc\x00") == [
        ("f", "not-allowed-character")
    ]


def test_text_in_any_script_with_emoji_and_a_non_breaking_space_is_accepted():
    assert errors_of(TEXT, "Nguyễn Thị Ánh 😀 Олена\u00a0Ковальчук ул. 5 — «Żółć»") == []


def test_a_control_character_deep_in_a_nested_object_or_array_is_found_by_its_path():
    schema = {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"data": {"type": "object", "properties": {"text": TEXT}}},
                },
            }
        },
    }

    found = errors_of(schema, {"events": [{"data": {"text": "ok"}}, {"data": {"text": "\x00"}}]})

    assert found == [("f.events[1].data.text", "not-allowed-character")]


def test_blank_text_is_too_short_but_length_counts_every_character_as_json_schema_does():
    schema = {"type": "string", "minLength": 2}

    assert errors_of(schema, "\u3000 ") == [("f", "too-short")]
    assert errors_of(schema, "a") == [("f", "too-short")]
    assert errors_of(schema, " a") == []
    assert errors_of(schema, "😀😀") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-14", date(2026, 12, 14)),
        ("2000-01-01", date(2000, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_a_real_day_in_range_is_accepted(value, expected):
    assert errors_of(DAY, value) == []
    assert parse_day(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "2026-00-10",
        "1999-12-31",
        "2101-01-01",
        "0001-01-01",
        "9999-12-31",
        "2026-1-5",
        "20261214",
        "2026-12-14T00:00:00Z",
        "٢٠٢٦-١٢-١٤",
        "2026-12-14\n",
    ],
)
def test_anything_but_a_real_day_between_2000_and_2100_is_the_wrong_format(value):
    assert errors_of(DAY, value) in ([("f", "wrong-format")], [("f", "not-allowed-character")])
    assert parse_day(value) is None


def test_an_instant_in_range_is_accepted_as_utc():
    assert errors_of(INSTANT, "2100-12-31T23:59:59Z") == []
    assert parse_instant("2026-12-14T08:00:00Z") == datetime(2026, 12, 14, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "1999-12-31T23:59:59Z",
        "2026-02-30T08:00:00Z",
        "2026-12-14T24:00:00Z",
        "2026-12-14T08:00:60Z",
        "2026-12-14T08:00:00+01:00",
        "2026-12-14 08:00:00Z",
        "2026-12-14T08:00Z",
    ],
)
def test_anything_but_a_utc_instant_between_2000_and_2100_is_the_wrong_format(value):
    assert errors_of(INSTANT, value) == [("f", "wrong-format")]
    assert parse_instant(value) is None


def test_a_condition_makes_a_field_required_only_when_it_holds():
    schema = {
        "type": "object",
        "properties": {"subscribe": {"type": "boolean"}, "email": TEXT},
        "required": ["subscribe"],
        "if": {"properties": {"subscribe": {"const": True}}, "required": ["subscribe"]},
        "then": {"required": ["email"]},
    }

    assert errors_of(schema, {"subscribe": True}) == [("f.email", "required")]
    assert errors_of(schema, {"subscribe": False}) == []
    assert errors_of(schema, {"subscribe": True, "email": "a@b.pl"}) == []


def test_const_and_enum_tell_true_from_one():
    assert errors_of({"type": "integer", "enum": [1]}, 1) == []
    assert errors_of({"type": "boolean", "const": True}, True) == []
    assert errors_of({"enum": [True]}, 1) == [("f", "not-allowed-value")]


def test_all_of_adds_the_rules_of_each_part_once():
    schema = {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "data": {"type": "object", "additionalProperties": True},
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": "a"}}, "required": ["type"]},
                "then": {
                    "properties": {
                        "data": {"type": "object", "properties": {"n": {"type": "integer"}}}
                    }
                },
            }
        ],
    }

    assert errors_of(schema, {"type": "a", "data": {"n": "x"}}) == [("f.data.n", "wrong-type")]
    assert errors_of(schema, {"type": "a", "data": {"m": 1}}) == [("f.data.m", "unknown-field")]
    assert errors_of(schema, {"type": "b", "data": {"m": 1}}) == []


def test_an_array_can_need_a_minimum_of_items():
    assert errors_of({"type": "array", "items": TEXT, "minItems": 2}, ["a"]) == [("f", "too-few")]


def test_openapi_anchors_patterns_because_json_schema_patterns_search():
    assert anchored("[a-z]+") == "^[a-z]+$"
    assert anchored("a|b") == "^(?:a|b)$"
    assert anchored("^x$") == "^x$"
    assert as_json_schema({"type": "string", "pattern": "[A-Z]"})["pattern"] == "^[A-Z]$"


def test_openapi_gives_free_text_a_pattern_that_refuses_control_characters():
    described = as_json_schema(TEXT)

    assert described["pattern"] == TEXT_PATTERN
    assert re.search(described["pattern"], "Ola Nowak")
    assert not re.search(described["pattern"], "Ola\nNowak")
    assert "control characters" in described["description"]


def test_openapi_refuses_blank_text_where_a_field_must_not_be_empty():
    described = as_json_schema({"type": "string", "minLength": 1, "pattern": "[A-Z ]+"})

    assert described["pattern"] == "^[A-Z ]+$"
    [blank_rule] = described["allOf"]
    assert not re.search(blank_rule["pattern"], "   ")
    assert re.search(blank_rule["pattern"], " A ")


def test_a_response_schema_describes_what_we_send_without_the_rules_for_requests():
    described = as_json_schema({"type": "string"}, request=False)

    assert described == {"type": "string"}


def test_the_text_pattern_in_openapi_agrees_with_the_validator_on_every_character():
    described = as_json_schema({"type": "string", "minLength": 1})
    pattern = re.compile(described["pattern"])

    for code in range(0x3100):  # past every control and every space
        character = chr(code)
        accepted = not validate({"type": "string", "minLength": 1}, character)
        assert bool(pattern.search(character)) == accepted, hex(code)


NULLABLE_DAY = {**DAY, "type": ["string", "null"]}


@pytest.mark.parametrize("value", [None, "2027-01-11"])
def test_a_field_of_several_types_takes_a_value_of_any_of_them(value):
    assert validate(NULLABLE_DAY, value, "earliest") == []


@pytest.mark.parametrize("value", [{}, [], 3, True])
def test_a_field_of_several_types_refuses_a_value_of_none_of_them(value):
    errors = validate(NULLABLE_DAY, value, "earliest")

    assert [(error.field, error.code) for error in errors] == [("earliest", "wrong-type")]


def test_a_string_in_a_field_of_several_types_keeps_the_rules_of_strings():
    errors = validate(NULLABLE_DAY, "11.01.2027", "earliest")

    assert [(error.field, error.code) for error in errors] == [("earliest", "wrong-format")]
