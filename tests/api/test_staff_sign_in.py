"""Staff sign-in: the console's code from Cognito's sign-in pages, swapped for an ID token."""

import base64
import hashlib
import json
import secrets
from collections.abc import Iterator

import pytest

from tests.api.conftest import assert_problem, body
from tests.conftest import free_port
from tests.oauth_server import FakeCognito, b64url, serve

SITE = "https://blizej.example.gov.pl"
CONSOLE = f"{SITE}/latest/pl/staff-console/"


@pytest.fixture
def cognito(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCognito]:
    fake = FakeCognito(client_id="console-client")
    server = serve(fake, free_port())
    monkeypatch.setenv("BLIZEJ_STAFF_AUTH", "cognito")
    monkeypatch.setenv("BLIZEJ_STAFF_SIGN_IN_URL", fake.url + "/")
    monkeypatch.setenv("BLIZEJ_STAFF_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("BLIZEJ_SITE_URL", SITE)
    yield fake
    server.shutdown()
    server.server_close()


def signed_in_code(cognito: FakeCognito, verifier: str, redirect_uri: str = CONSOLE) -> str:
    """What Cognito sends the console back with after the staff member signed in."""
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    back = cognito.authorize(
        {
            "client_id": cognito.client_id,
            "response_type": "code",
            "scope": "openid email",
            "redirect_uri": redirect_uri,
            "state": "s",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    return back.split("code=")[1].split("&")[0]


def post_session(client, **fields):
    return client.http.post(
        "/staff/session", body=json.dumps(fields), headers={"Content-Type": "application/json"}
    )


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_locally_the_console_signs_in_with_the_staff_token(client):
    answer = client.http.get("/staff/sign-in")

    assert answer.status_code == 200
    assert body(answer) == {"method": "token"}
    assert answer.headers["Cache-Control"] == "no-store"
    missing = post_session(client, code="abc", code_verifier="v" * 43, redirect_uri=SITE + "/")
    assert_problem(missing, 404, "not-found")


def test_in_aws_the_console_is_told_where_cognito_signs_staff_in(client, cognito):
    answer = body(client.http.get("/staff/sign-in"))

    assert answer == {
        "method": "cognito",
        "authorize_url": f"{cognito.url}/oauth2/authorize",
        "logout_url": f"{cognito.url}/logout",
        "client_id": "console-client",
        "scope": "openid email",
    }


def test_a_code_and_its_verifier_give_the_staff_members_id_token_once(client, cognito):
    verifier = secrets.token_urlsafe(48)
    code = signed_in_code(cognito, verifier)

    answer = post_session(client, code=code, code_verifier=verifier, redirect_uri=CONSOLE)

    assert answer.status_code == 200, answer.body
    assert answer.headers["Cache-Control"] == "no-store"
    session = body(answer)
    assert session["expires_in"] == 3600
    assert claims(session["id_token"])["cognito:groups"] == ["staff"]
    sent = cognito.token_requests[-1]
    assert (sent["client_id"], sent["redirect_uri"]) == ("console-client", CONSOLE)
    again = post_session(client, code=code, code_verifier=verifier, redirect_uri=CONSOLE)
    assert_problem(again, 401, "sign-in-failed")


def test_a_code_without_its_own_verifier_is_refused(client, cognito):
    code = signed_in_code(cognito, secrets.token_urlsafe(48))

    answer = post_session(client, code=code, code_verifier="x" * 64, redirect_uri=CONSOLE)

    assert_problem(answer, 401, "sign-in-failed")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "a b", "code_verifier": "v" * 43, "redirect_uri": CONSOLE}, "code"),
        ({"code": "abc", "code_verifier": "short", "redirect_uri": CONSOLE}, "code_verifier"),
        ({"code": "abc", "code_verifier": "v" * 43, "redirect_uri": "https://evil.example/"},
         "redirect_uri"),
        ({"code": "abc", "code_verifier": "v" * 43}, "redirect_uri"),
    ],
)
def test_a_malformed_request_is_refused_before_cognito_hears_of_it(client, cognito, fields, field):
    answer = post_session(client, **fields)

    problem = assert_problem(answer, 422, "validation-failed")
    assert field in [error["field"] for error in problem["errors"]]
    assert cognito.token_requests == []


def test_when_cognito_cannot_be_reached_signing_in_is_unavailable(client, cognito, monkeypatch):
    monkeypatch.setenv("BLIZEJ_STAFF_SIGN_IN_URL", f"http://127.0.0.1:{free_port()}")

    answer = post_session(client, code="abc", code_verifier="v" * 43, redirect_uri=CONSOLE)

    assert_problem(answer, 503, "sign-in-unavailable")


def test_without_its_cognito_settings_the_aws_build_says_signing_in_is_unavailable(
    client, cognito, monkeypatch
):
    monkeypatch.delenv("BLIZEJ_STAFF_CLIENT_ID")

    assert_problem(client.http.get("/staff/sign-in"), 503, "sign-in-unavailable")
