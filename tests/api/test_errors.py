import json
import logging

import pytest

from chalicelib import i18n
from devserver.gateway import ApiGateway
from tests.api.conftest import STAFF_TOKEN, assert_problem

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "Content-Type": "application/json"}


def test_a_wrong_method_is_a_405_problem_that_names_the_allowed_one(client):
    response = client.http.post("/health", headers={"Content-Type": "application/json"}, body=b"{}")

    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["Allow"] == "GET"


@pytest.mark.parametrize("method", ["TRACE", "PATCH", "CONNECT", "BREW"])
def test_an_undeclared_or_unknown_method_is_a_405_problem_that_names_the_allowed_ones(
    client, method
):
    response = client.http.request(method, "/admin/sites/rad/closures/2026-12-24", headers=STAFF)

    assert_problem(response, 405, "method-not-allowed")
    assert sorted(response.headers["Allow"].split(", ")) == ["DELETE", "PUT"]


def test_malformed_json_is_a_400_problem(client):
    response = client.http.put("/admin/sites/rad", headers=STAFF, body=b'{"city": "Radom",')

    assert_problem(response, 400, "malformed-json")


def test_a_body_that_is_not_utf8_is_a_400_problem(client):
    response = client.http.put("/admin/sites/rad", headers=STAFF, body=b'{"city": "\xff"}')

    assert_problem(response, 400, "malformed-json")


def test_a_body_that_is_not_json_media_type_is_a_415_problem(client):
    headers = {**STAFF, "Content-Type": "text/plain"}

    response = client.http.put("/admin/sites/rad", headers=headers, body=b"city=Radom")

    assert_problem(response, 415, "unsupported-media-type")


def test_a_too_large_body_is_a_413_problem(client):
    big = json.dumps({"city": "x" * 20_000}).encode()

    response = client.http.put("/admin/sites/rad", headers=STAFF, body=big)

    assert_problem(response, 413, "payload-too-large")


def test_the_problem_title_follows_accept_language(client):
    response = client.http.post("/health", headers={"Accept-Language": "vi-VN,vi;q=0.9"})

    problem = assert_problem(response, 405, "method-not-allowed")
    assert problem["title"] == i18n.text("vi", "problem:method-not-allowed")
    assert response.headers["Content-Language"] == "vi"


def test_an_unexpected_exception_is_a_500_problem_that_leaks_nothing(client, monkeypatch, caplog):
    def explode(*_args):
        raise RuntimeError("secret detail: /var/task/chalicelib")

    monkeypatch.setattr("chalicelib.sites.services.list_sites", explode)

    with caplog.at_level(logging.ERROR, logger="blizej.api"):
        response = client.http.get("/sites")

    problem = assert_problem(response, 500, "internal-error")
    assert "secret" not in response.body.decode()
    assert set(problem) == {"type", "title", "status", "code"}
    assert "RuntimeError: secret detail" in caplog.text, "the trace is logged for the operators"


@pytest.fixture
def gateway(env) -> ApiGateway:
    return ApiGateway()


@pytest.mark.parametrize("path", ["/nowhere", "/sites/rad/extra/parts", "/"])
def test_an_unknown_path_is_a_404_problem(gateway, path):
    status, headers, payload = gateway.handle("GET", path, {"accept-language": "pl"}, b"")

    problem = json.loads(payload)
    assert status == 404
    assert dict(headers)["Content-Type"] == "application/problem+json"
    assert problem["code"] == "not-found"
    assert problem["title"] == i18n.text("pl", "problem:not-found")
