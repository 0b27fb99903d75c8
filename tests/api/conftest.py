import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from app import app
from chalicelib.storage import get_store
from devserver.seed import seed_if_empty
from tests.conftest import ROOT
from tests.stack import create_table

STAFF_TOKEN = "test-staff-token"
MONDAY = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # 08:00 in Warsaw


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "api.sqlite3"))
    monkeypatch.setenv("BLIZEJ_STAFF_TOKEN", STAFF_TOKEN)


@pytest.fixture
def client(env) -> Iterator[Client]:
    with Client(app, stage_name="dev", project_dir=str(ROOT / "functions")) as test_client:
        yield test_client


@pytest.fixture
def prod_client(env, monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    """The prod stage: DynamoDB, here under moto."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.setenv("BLIZEJ_TABLE", "blizej-api-test")
    with mock_aws(), Client(app, stage_name="prod", project_dir=str(ROOT / "functions")) as c:
        yield c


@pytest.fixture
def dynamodb_table() -> None:
    create_table(boto3.client("dynamodb"), "blizej-api-test")


def body(response) -> dict:
    return json.loads(response.body)


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.body
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = body(response)
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["title"]
    return problem


class Clock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock(MONDAY)
    monkeypatch.setattr("chalicelib.clock.now", fake)
    return fake


@pytest.fixture
def outbox(env, monkeypatch, tmp_path) -> Path:
    folder = tmp_path / "outbox"
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_MAIL", "outbox")
    monkeypatch.setenv("BLIZEJ_OUTBOX", str(folder))
    monkeypatch.setenv("BLIZEJ_SITE_URL", "http://blizej.test")
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "50")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MIN", "60")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MAX", "120")
    seed_if_empty(get_store())
    return folder
