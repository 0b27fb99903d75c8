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
