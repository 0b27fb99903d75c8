import re
import re._parser as re_parser
from collections.abc import Iterator

from openapi_spec_validator import validate as validate_spec

from app import app
from tests.api.conftest import body


def test_the_openapi_document_is_valid_openapi_3_1(client):
    document = body(client.http.get("/openapi.json"))

    validate_spec(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api"}]


def test_the_openapi_document_lists_exactly_the_routes_the_app_serves(client):
    document = body(client.http.get("/openapi.json"))

    documented = {
        (path, method.upper()) for path, ops in document["paths"].items() for method in ops
    }
    served = {(path, method) for path, methods in app.routes.items() for method in methods}
    assert documented == served


def test_staff_endpoints_are_marked_as_needing_the_staff_token(client):
    document = body(client.http.get("/openapi.json"))

    put = document["paths"]["/admin/sites/{site_id}"]["put"]
    assert put["security"] == [{"staff": []}]
    assert (
        put["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"] is False
    )
    assert "security" not in document["paths"]["/sites"]["get"]


# What follows walks the whole document: it must describe exactly what the server accepts.

CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
SHORTHANDS = re.compile(r"\\[dDwWsSb]")  # mean different characters to Python and JSON Schema


def request_schemas(document: dict) -> Iterator[tuple[str, dict]]:
    """Every schema a request is checked against, with where it is: parameters and bodies."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                yield f"{where} {parameter['in']} {parameter['name']}", parameter["schema"]
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                yield f"{where} body", body["application/json"]["schema"]


def string_schemas(schema: dict, where: str) -> Iterator[tuple[str, dict]]:
    if schema.get("type") == "string":
        yield where, schema
    for name, part in schema.get("properties", {}).items():
        yield from string_schemas(part, f"{where}.{name}")
    if "items" in schema:
        yield from string_schemas(schema["items"], f"{where}[]")
    for index, part in enumerate(schema.get("allOf", [])):
        yield from string_schemas(part, f"{where} allOf[{index}]")
    for key in ("if", "then"):
        if key in schema:
            yield from string_schemas(schema[key], f"{where} {key}")


def all_request_strings(document: dict) -> list[tuple[str, dict]]:
    return [
        found
        for where, schema in request_schemas(document)
        for found in string_schemas(schema, where)
    ]


def controls_admitted(pattern: str) -> set[int]:
    """The control characters some match of `pattern` could contain, read from its parse tree."""
    found: set[int] = set()

    def walk(tree) -> None:
        for op, arg in tree:
            name = str(op)
            if name == "LITERAL":
                found.update({arg} & set(CONTROLS))
            elif name == "NOT_LITERAL":
                found.update(set(CONTROLS) - {arg})
            elif name == "ANY":
                found.update(set(CONTROLS) - {10})
            elif name == "IN":
                found.update(c for c in CONTROLS if in_class(arg, c))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif name == "SUBPATTERN":
                walk(arg[3])
            elif name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif name in ("ATOMIC_GROUP",):
                walk(arg)

    def in_class(items, code: int) -> bool:
        negate = any(str(op) == "NEGATE" for op, _ in items)
        hit = False
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                hit |= arg == code
            elif name == "RANGE":
                hit |= arg[0] <= code <= arg[1]
            elif name == "CATEGORY":
                hit = True  # a shorthand: reported by its own test, assumed the worst here
        return hit != negate

    walk(re_parser.parse(pattern))
    return found


def test_the_reading_of_patterns_sees_every_control_character_a_pattern_admits():
    assert controls_admitted("^[a-z][a-z0-9-]{1,31}$") == set()
    assert controls_admitted("^[^@ ]+@[^@ ]+$") == set(CONTROLS)
    assert controls_admitted("^(?:ok|\\x00)$") == {0}
    assert controls_admitted("^.$") == set(CONTROLS) - {10}
    assert controls_admitted("^[^@ \\x00-\\x1f\\x7f-\\x9f]+$") == set()


def test_every_pattern_is_anchored_and_free_of_shorthands_that_python_reads_differently(client):
    document = body(client.http.get("/openapi.json"))

    for where, schema in all_request_strings(document):
        for pattern in [
            schema.get("pattern"),
            *[p.get("pattern") for p in schema.get("allOf", [])],
        ]:
            if pattern is None:
                continue
            assert pattern.startswith("^") and pattern.endswith("$"), where
            assert not SHORTHANDS.search(pattern), where


def test_every_string_a_request_carries_has_a_rule_that_refuses_control_characters(client):
    document = body(client.http.get("/openapi.json"))

    strings = all_request_strings(document)

    assert len(strings) > 50
    for where, schema in strings:
        if "enum" in schema or "const" in schema:
            continue
        assert "pattern" in schema, where
        assert controls_admitted(schema["pattern"]) == set(), where


def test_every_date_and_instant_field_says_its_format_and_its_range(client):
    document = body(client.http.get("/openapi.json"))
    named = re.compile(r"(^|[.\[ ])(date|day|from|to|start|occurred_at|\w+_on)$")

    dated = [(where, s) for where, s in all_request_strings(document) if named.search(where)]

    assert len(dated) >= 17
    for where, schema in dated:
        if where.endswith("then.data.to"):
            continue  # where a case was transferred to: an authority's name
        assert schema.get("format") in ("date", "date-time"), where
        assert "2000-01-01 to 2100-12-31" in schema["description"], where
        assert re.search(
            schema["pattern"],
            "2100-12-31" if schema["format"] == "date" else "2100-12-31T23:59:59Z",
        ), where
        assert not re.search(
            schema["pattern"],
            "9999-12-31" if schema["format"] == "date" else "0001-01-01T00:00:00Z",
        ), where


def test_every_operation_lists_each_error_status_it_can_answer_and_no_catch_all(client):
    document = body(client.http.get("/openapi.json"))

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            where = f"{method.upper()} {path}"
            assert "default" not in statuses, where
            assert {"415", "500"} <= statuses, where
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= statuses, where
            if "{" in path or any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "422" in statuses, where
            if "security" in operation:
                assert "401" in statuses, where
    assert "503" not in document["paths"]["/openapi.json"]["get"]["responses"]
    assert "503" in document["paths"]["/bookings"]["post"]["responses"]


def test_subscribing_needs_an_email_and_the_document_says_so_with_if_then(client):
    document = body(client.http.get("/openapi.json"))
    operation = document["paths"]["/cases/subscriptions"]["post"]

    schema = operation["requestBody"]["content"]["application/json"]["schema"]

    assert schema["if"] == {"properties": {"subscribe": {"const": True}}, "required": ["subscribe"]}
    assert schema["then"] == {"required": ["email"]}
    assert "email" not in schema["required"]


def test_the_signed_ingest_documents_its_body_headers_and_what_a_bad_signature_gets(client):
    document = body(client.http.get("/openapi.json"))
    operation = document["paths"]["/cases/events"]["post"]

    headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
    batch = operation["requestBody"]["content"]["application/json"]["schema"]

    assert headers["X-Blizej-Timestamp"]["required"] is True
    assert headers["X-Blizej-Signature"]["required"] is True
    assert headers["X-Blizej-Signature"]["schema"]["pattern"] == "^sha256=[0-9a-f]{64}$"
    assert "signature-invalid" in operation["responses"]["401"]["description"]
    assert "request-stale" in operation["responses"]["401"]["description"]
    assert "request-replayed" in operation["responses"]["409"]["description"]
    assert batch["properties"]["events"]["maxItems"] == 30  # one DynamoDB transaction
    typed = batch["properties"]["events"]["items"]["allOf"]
    assert {part["if"]["properties"]["type"]["const"] for part in typed} == {
        "case_registered",
        "summons_sent",
        "summons_answered",
        "appointment_scheduled",
        "decision_issued",
        "card_ready",
        "appeal_filed",
        "case_transferred",
        "case_closed",
        "access_code_reissued",
    }


def test_query_and_path_parameters_carry_their_schemas(client):
    document = body(client.http.get("/openapi.json"))

    availability = {p["name"]: p for p in document["paths"]["/availability"]["get"]["parameters"]}
    site = {p["name"]: p for p in document["paths"]["/sites/{site_id}"]["get"]["parameters"]}

    assert availability["from"]["required"] is True
    assert availability["from"]["schema"]["format"] == "date"
    assert site["site_id"]["schema"]["pattern"] == "^[a-z][a-z0-9-]{1,31}$"


def test_integers_are_integers_and_an_idempotency_key_has_its_length(client):
    document = body(client.http.get("/openapi.json"))
    hold = document["paths"]["/bookings"]["post"]
    service = document["paths"]["/admin/services/{service_id}"]["put"]

    key = next(p for p in hold["parameters"] if p["name"] == "Idempotency-Key")
    minutes = service["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "duration_minutes"
    ]

    assert (key["schema"]["minLength"], key["schema"]["maxLength"]) == (8, 100)
    assert minutes == {"type": "integer", "minimum": 5, "maximum": 480}
