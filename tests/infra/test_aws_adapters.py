"""What the functions do only in AWS, against moto: secrets from SSM, mail through SES, and
staff sign-in checked by API Gateway's Cognito authorizer."""

from collections.abc import Iterator

import boto3
import pytest
from chalice.app import Request
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib import security
from chalicelib.cases.services import ingest_secrets
from chalicelib.mail import get_mailer
from chalicelib.mail.port import Email
from chalicelib.web.api import _require_staff, client_address, staff_authorizer
from chalicelib.web.problems import Problem

REGION = "eu-central-1"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("BLIZEJ_PEPPER", "BLIZEJ_INGEST_SECRETS", "BLIZEJ_ORIGIN_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    security._fetched.clear()
    with mock_aws():
        yield
    security._fetched.clear()


def put(name: str, value: str) -> None:
    boto3.client("ssm").put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)


def test_secrets_come_from_ssm_and_a_rotation_is_seen_after_five_minutes(aws, monkeypatch):
    monkeypatch.setenv("BLIZEJ_INGEST_SECRETS_PARAMETER", "/blizej/prod/ingest-secrets")
    put("/blizej/prod/ingest-secrets", "old-secret")
    now = [1000.0]
    monkeypatch.setattr(security.time, "monotonic", lambda: now[0])

    assert ingest_secrets() == [b"old-secret"]
    put("/blizej/prod/ingest-secrets", "new-secret, old-secret")
    now[0] += 299
    assert ingest_secrets() == [b"old-secret"], "kept: not one SSM call per request"
    now[0] += 2
    assert ingest_secrets() == [b"new-secret", b"old-secret"]


def test_the_pepper_comes_from_ssm_and_hashes_like_the_same_pepper_in_the_environment(
    aws, monkeypatch
):
    monkeypatch.setenv("BLIZEJ_PEPPER_PARAMETER", "/blizej/prod/pepper")
    put("/blizej/prod/pepper", "pepper-from-ssm")
    from_ssm = security.keyed_hash("document", "AB123456")

    monkeypatch.delenv("BLIZEJ_PEPPER_PARAMETER")
    monkeypatch.setenv("BLIZEJ_PEPPER", "pepper-from-ssm")
    assert security.keyed_hash("document", "AB123456") == from_ssm


def test_the_origin_secret_comes_from_ssm_and_only_with_it_the_readers_address_counts(
    aws, monkeypatch
):
    monkeypatch.setenv("BLIZEJ_ORIGIN_SECRET_PARAMETER", "/blizej/prod/origin-secret")
    put("/blizej/prod/origin-secret", "s" * 64)

    def through_cloudfront(secret: str) -> Request:
        headers = {"x-blizej-client": "203.0.113.10", "x-blizej-origin": secret}
        return Request(
            {
                "multiValueQueryStringParameters": None,
                "headers": headers,
                "pathParameters": None,
                "requestContext": {
                    "httpMethod": "POST",
                    "resourcePath": "/bookings",
                    "identity": {"sourceIp": "130.176.1.1"},
                },
                "body": None,
                "isBase64Encoded": False,
                "stageVariables": None,
            }
        )

    assert client_address(through_cloudfront("s" * 64)) == "203.0.113.10"
    assert client_address(through_cloudfront("t" * 64)) == "130.176.1.1"


def test_without_any_pepper_nothing_is_hashed(aws):
    with pytest.raises(security.PepperMissing):
        security.keyed_hash("document", "AB123456")


def test_mail_goes_through_ses_with_the_configuration_set_that_reports_bounces(aws, monkeypatch):
    ses = boto3.client("sesv2")
    ses.create_email_identity(EmailIdentity="example.gov.pl")
    ses.create_configuration_set(ConfigurationSetName="blizej-mail")
    monkeypatch.setenv("BLIZEJ_MAIL", "ses")
    monkeypatch.setenv("BLIZEJ_MAIL_FROM", "Bliżej <wizyty@example.gov.pl>")
    monkeypatch.setenv("BLIZEJ_MAIL_CONFIGURATION_SET", "blizej-mail")

    sender = get_mailer()
    sender.send(
        Email(to="anna@example.com", subject="Twoja wizyta", text="Do zobaczenia.", language="pl")
    )

    assert sender.configuration_set == "blizej-mail"
    sent = ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages
    assert len(sent) == 1
    assert set(sent[0].destinations) == {"anna@example.com"}
    assert "Twoja wizyta" in str(sent[0].raw_data)


def request(claims: dict | None) -> Request:
    context = {"httpMethod": "POST", "resourcePath": "/queue/{site}/counters/{counter}/call-next"}
    if claims is not None:
        context["authorizer"] = {"claims": claims}
    return Request(
        {
            "multiValueQueryStringParameters": None,
            "headers": {"authorization": "Bearer eyJ.any.jwt"},
            "pathParameters": {"site": "waw", "counter": "1"},
            "requestContext": context,
            "body": None,
            "isBase64Encoded": False,
            "stageVariables": None,
        }
    )


@pytest.mark.parametrize(
    ("claims", "allowed"),
    [
        ({"cognito:username": "anna", "cognito:groups": "staff"}, True),
        ({"cognito:username": "anna", "cognito:groups": "[staff, managers]"}, True),
        ({"cognito:username": "jan", "cognito:groups": "staffing"}, False),
        ({"cognito:username": "jan"}, False),
        (None, False),
    ],
)
def test_in_aws_staff_are_those_the_cognito_authorizer_puts_in_the_staff_group(
    monkeypatch, claims, allowed
):
    monkeypatch.setenv("BLIZEJ_STAFF_AUTH", "cognito")
    monkeypatch.setenv("BLIZEJ_STAFF_TOKEN", "eyJ.any.jwt")  # the local token no longer counts

    if allowed:
        _require_staff(request(claims))
    else:
        with pytest.raises(Problem) as refused:
            _require_staff(request(claims))
        assert refused.value.status == 401


def test_only_the_aws_build_puts_a_cognito_authorizer_on_staff_routes(monkeypatch):
    monkeypatch.delenv("BLIZEJ_STAFF_AUTH", raising=False)
    assert staff_authorizer() is None

    monkeypatch.setenv("BLIZEJ_STAFF_AUTH", "cognito")
    assert staff_authorizer().name == "StaffPool"
