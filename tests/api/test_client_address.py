"""The app's own rate limits count readers, not the CloudFront edge they all come through.

The requests here are API Gateway proxy events as Lambda receives them in AWS, behind CloudFront:
the source address is the edge's, CloudFront's ClientAddress function has written the reader's
address into X-Blizej-Client, and CloudFront has added the origin secret (infra/resources.yml).
They go to `app`, the handler Lambda runs.
"""

import json

import pytest
from chalice.local import LambdaContext

from app import app
from tests.api.test_appointments import PERSON

ORIGIN_SECRET = "origin-secret-" + "7" * 32
EDGE = "130.176.12.34"  # one CloudFront edge, shared by every reader near it
ANNA, BORIS = "203.0.113.10", "198.51.100.7"


def through_cloudfront(
    viewer: str, body: dict, origin_secret: str | None = ORIGIN_SECRET, source: str = EDGE
) -> dict:
    """POST /api/bookings as API Gateway hands it to Lambda when CloudFront forwarded it."""
    headers = {
        "Accept-Language": "en",
        "Content-Type": "application/json",
        "Host": "abc123.execute-api.eu-central-1.amazonaws.com",
        "User-Agent": "Mozilla/5.0 (Linux; Android 14)",
        "Via": "2.0 1a2b3c.cloudfront.net (CloudFront)",
        "X-Amz-Cf-Id": "sHqzzKYBb1tS4a5x0R8Ykz4Ww0fXa3v7Qp8HTz1_DQDmX4g0kY5xqg==",
        "X-Blizej-Client": viewer,
        "X-Forwarded-For": f"{viewer}, {source}",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    if origin_secret is not None:
        headers["X-Blizej-Origin"] = origin_secret
    return {
        "resource": "/bookings",
        "path": "/bookings",
        "httpMethod": "POST",
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/bookings",
            "httpMethod": "POST",
            "path": "/api/bookings",
            "stage": "api",
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": source, "userAgent": headers["User-Agent"]},
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def hold_as(viewer: str, document: str, origin_secret: str | None = ORIGIN_SECRET) -> int:
    event = through_cloudfront(viewer, {**PERSON, "document": document}, origin_secret)
    return app(event, LambdaContext("api_handler", memory_size=512))["statusCode"]


@pytest.fixture
def in_aws(outbox, clock, monkeypatch) -> None:
    monkeypatch.setenv("BLIZEJ_ORIGIN_SECRET", ORIGIN_SECRET)
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "2")


def test_two_readers_behind_one_cloudfront_edge_each_get_their_own_hold_limit(in_aws):
    anna = [hold_as(ANNA, f"ANNA{number}0000") for number in range(3)]

    boris = hold_as(BORIS, "BORIS00000")

    assert anna == [202, 202, 429]
    assert boris == 202


@pytest.mark.parametrize(
    "sent_secret",
    [None, "a-guess-" + "0" * 40, ORIGIN_SECRET[:-1]],
    ids=["no origin secret", "a wrong secret", "almost the secret"],
)
def test_a_forged_reader_address_without_the_origin_secret_counts_as_the_source(
    in_aws, sent_secret
):
    forged = [f"192.0.2.{number}" for number in range(3)]

    statuses = [
        hold_as(viewer, f"DOC{number}0000", sent_secret) for number, viewer in enumerate(forged)
    ]

    assert statuses == [202, 202, 429], "every forged address was counted as the edge's"


def test_where_no_origin_secret_is_configured_the_source_address_counts(outbox, clock, monkeypatch):
    monkeypatch.delenv("BLIZEJ_ORIGIN_SECRET", raising=False)
    monkeypatch.delenv("BLIZEJ_ORIGIN_SECRET_PARAMETER", raising=False)
    monkeypatch.setenv("BLIZEJ_HOLD_LIMIT_PER_HOUR", "2")

    statuses = [
        hold_as(viewer, f"DOC{number}0000", "whatever-is-sent")
        for number, viewer in enumerate((ANNA, BORIS, "192.0.2.1"))
    ]

    assert statuses == [202, 202, 429]


def test_a_reader_address_that_is_no_address_counts_as_the_source(in_aws):
    statuses = [
        hold_as(viewer, f"DOC{number}0000")
        for number, viewer in enumerate(("", "not-an-ip", "203.0.113.10, 192.0.2.1"))
    ]

    assert statuses == [202, 202, 429]
