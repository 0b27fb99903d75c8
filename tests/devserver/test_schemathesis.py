"""The real dev server against its own OpenAPI document, with schemathesis and every check on.

Schemathesis draws requests from the document, valid ones and deliberately broken ones, sends
them over HTTP to `python -m devserver` and checks each answer against the same document: no
5xx, only documented statuses, content types, headers and bodies, valid data accepted, invalid
data and missing required headers refused, staff endpoints refusing a missing or wrong token,
methods the document does not list answered 405. The one check left off is
max_response_time: tests never assert timings here (`make bench` measures speed).
"""

import hashlib
import hmac
import itertools
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import hypothesis
import pytest
import requests
import schemathesis

from app import app
from chalicelib.meta import openapi
from chalicelib.version import __version__
from tests.conftest import RunningServer, free_port, start_dev_server, stop

# The server's clock stands still here, so a signature's timestamp can be taken from it too.
NOW = "2026-12-07T08:00:00+01:00"
SIGNED_AT = int(datetime.fromisoformat(NOW).timestamp())
TOLERANCE_SECONDS = 300  # chalicelib.cases.services.SIGNATURE_TOLERANCE
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"sha256=[0-9a-f]{64}")


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    server = start_dev_server(
        tmp_path_factory.mktemp("schemathesis"), free_port(), settings={"BLIZEJ_NOW": NOW}
    )
    yield server
    stop(server)


def _secret(data_dir: Path, name: str) -> str:
    return (data_dir / name).read_text(encoding="utf-8").strip()


class IngestSignature(requests.auth.AuthBase):
    """Signs an ingest request as the document-workflow system does, over the bytes sent.

    Only a request that carries both headers in their documented form is signed: schemathesis
    also sends requests without them or with broken ones, and those must stay refused.
    """

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        # A different second for each request, all within the server's tolerance, so that two
        # identical bodies are not refused as a replay of one another.
        self.offsets = itertools.cycle(range(1 - TOLERANCE_SECONDS, TOLERANCE_SECONDS))

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        timestamp = request.headers.get("X-Blizej-Timestamp") or ""
        signature = request.headers.get("X-Blizej-Signature") or ""
        if not (TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature)):
            return request
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        stamp = str(SIGNED_AT + next(self.offsets))
        digest = hmac.new(self.secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        request.headers["X-Blizej-Timestamp"] = stamp
        request.headers["X-Blizej-Signature"] = f"sha256={digest}"
        return request


@pytest.fixture(scope="module")
def session(api_server: RunningServer) -> Iterator[requests.Session]:
    with requests.Session() as http:
        http.auth = IngestSignature(_secret(api_server.data_dir, "ingest-secret").encode())
        yield http


# The document the server serves is built from the app's own routes. It is built here too, when
# pytest collects, so that each operation is a test of its own (schemathesis' lazy loading from a
# fixture does not work with pytest 9); the first test checks that the server serves the same.
schema = schemathesis.openapi.from_dict(
    openapi.describe(app.routes, __version__),
    config=schemathesis.Config.from_dict(
        {
            "seed": 20261207,
            "generation": {"max-examples": 10, "deterministic": True, "database": "none"},
            # Half the time, the ids and times the seeded store knows, so that requests get past
            # "not found" into the rules behind it.
            "dictionaries": {
                "offices": {"values": ["waw", "rad"]},
                "services": {"values": ["fingerprints", "information", "collect-card"]},
                "days": {"values": ["2026-12-07", "2026-12-14", "2026-12-31"]},
            },
            "parameters": {
                **{
                    key: {"dictionary": "offices", "probability": 0.5}
                    for key in ("path.site_id", "path.site", "query.site")
                },
                **{
                    key: {"dictionary": "services", "probability": 0.5}
                    for key in ("path.service_id", "query.service")
                },
                **{
                    key: {"dictionary": "days", "probability": 0.5}
                    for key in ("path.day", "query.from", "query.to", "query.date")
                },
            },
            "operations": [
                {
                    # Rules between values or against the stored calendar, which JSON Schema
                    # cannot state: each period of a schedule must end after it starts and not
                    # overlap another; availability is asked for at most 62 days, queue statistics
                    # for at most 366, `to` not before `from`; a booking's start must be a bookable
                    # slot, and the service may need identifiers. A request that fits the schema
                    # can still be refused there with 422, as OpenAPI says for each.
                    "include-path": [
                        "/admin/sites/{site_id}/schedules/{service_id}",
                        "/admin/queue/{site}/statistics/period",
                        "/availability",
                        "/bookings",
                        "/bookings/{code}/reschedule",
                    ],
                    "checks": {
                        "positive_data_acceptance": {
                            # schemathesis' default, and 422
                            "expected-statuses": (
                                ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
                            )
                        }
                    },
                }
            ],
        }
    ),
)


def test_the_document_tested_is_the_one_the_server_serves(api_server):
    served = requests.get(api_server.url + "api/openapi.json", timeout=30).json()

    assert served == schema.raw_schema


@schema.parametrize()
@hypothesis.settings(suppress_health_check=list(hypothesis.HealthCheck), deadline=None)
def test_every_endpoint_answers_as_its_openapi_document_says(case, api_server, session):
    staff = {"Authorization": f"Bearer {_secret(api_server.data_dir, 'staff-token')}"}

    case.call_and_validate(base_url=api_server.url + "api", session=session, headers=staff)
