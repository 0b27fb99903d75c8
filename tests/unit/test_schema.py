from chalicelib.web.schema import as_json_schema, validate

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
    assert described["properties"]["tags"]["items"] == {"type": "string"}
