from chalicelib.version import __version__
from tests.api.conftest import assert_problem, body


def test_health_reports_the_version_and_the_sqlite_store(client):
    response = client.http.get("/health")

    assert response.status_code == 200
    assert body(response) == {"status": "ok", "version": __version__, "store": "sqlite"}
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"] == "application/json"


def test_the_prod_stage_uses_dynamodb(prod_client, dynamodb_table):
    response = prod_client.http.get("/health")

    assert response.status_code == 200
    assert body(response)["store"] == "dynamodb"


def test_health_is_a_503_problem_when_the_table_is_missing(prod_client):
    response = prod_client.http.get("/health")

    assert_problem(response, 503, "store-unavailable")
