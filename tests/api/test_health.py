from chalicelib.version import __version__
from tests.api.conftest import assert_problem, body


def test_health_reports_the_version_the_sqlite_store_and_the_clock(client, clock):
    response = client.http.get("/health")

    assert response.status_code == 200
    assert body(response) == {
        "status": "ok",
        "version": __version__,
        "store": "sqlite",
        "now": "2026-12-07T07:00:00Z",
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"] == "application/json"


def test_the_prod_stage_uses_dynamodb(prod_client, dynamodb_table):
    response = prod_client.http.get("/health")

    assert response.status_code == 200
    assert body(response)["store"] == "dynamodb"


def test_health_is_a_503_problem_when_the_table_is_missing(prod_client):
    response = prod_client.http.get("/health")

    assert_problem(response, 503, "store-unavailable")


def test_outside_production_the_clock_can_be_pinned_for_the_whole_api(client, monkeypatch):
    monkeypatch.setenv("BLIZEJ_NOW", "2026-03-29T03:30:00+02:00")

    response = client.http.get("/health")

    assert body(response)["now"] == "2026-03-29T01:30:00Z"


def test_the_prod_stage_refuses_a_pinned_clock(prod_client, dynamodb_table, monkeypatch, caplog):
    monkeypatch.setenv("BLIZEJ_NOW", "2026-12-07T08:00:00+01:00")

    response = prod_client.http.get("/health")

    assert_problem(response, 500, "internal-error")
    assert "BLIZEJ_NOW is not allowed in the production stage" in caplog.text
