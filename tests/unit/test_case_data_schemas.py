"""The API's published schema of each event's data and the domain's rules name the same fields.

The rules (cases/model.py DATA_RULES) decide; the schema (cases/routes.py DATA_SCHEMAS) tells
the document-workflow system in OpenAPI. Written twice, they must not drift apart.
"""

import pytest

from chalicelib.cases import model
from chalicelib.cases.routes import DATA_SCHEMAS


def test_every_event_type_has_both_a_rule_and_a_schema():
    assert set(model.DATA_RULES) == set(DATA_SCHEMAS) == set(model.EVENT_TYPES)


@pytest.mark.parametrize("kind", sorted(model.DATA_RULES))
def test_the_schema_names_the_fields_and_required_fields_of_the_rule(kind):
    rule, schema = model.DATA_RULES[kind], DATA_SCHEMAS[kind]

    assert set(schema["properties"]) == set(rule.fields)
    assert sorted(schema["required"]) == sorted(rule.required)


@pytest.mark.parametrize("kind", sorted(model.DATA_RULES))
def test_a_value_the_schema_lists_as_allowed_is_allowed_by_the_rule(kind):
    schema = DATA_SCHEMAS[kind]
    for name, field in schema["properties"].items():
        for allowed in field.get("enum", []):
            assert model.DATA_RULES[kind].fields[name](allowed, name) == [], (name, allowed)
