"""The staff console signs in as it will in AWS: Cognito's sign-in pages, code flow with PKCE.

A dev server runs with the AWS build's staff sign-in (BLIZEJ_STAFF_AUTH=cognito: staff routes
carry the Cognito authorizer, which chalice's local gateway applies by reading the token's
claims), and tests/oauth_server.py stands in for Cognito's sign-in pages.
"""

import urllib.request
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import RunningServer, free_port, start_dev_server, stop
from tests.oauth_server import FakeCognito, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cognito() -> Iterator[FakeCognito]:
    fake = FakeCognito(client_id="console-client")
    server = serve(fake, free_port())
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def aws_like_server(tmp_path_factory, cognito) -> Iterator[RunningServer]:
    settings = {
        "BLIZEJ_STAFF_AUTH": "cognito",
        "BLIZEJ_STAFF_SIGN_IN_URL": cognito.url,
        "BLIZEJ_STAFF_CLIENT_ID": cognito.client_id,
    }
    server = start_dev_server(tmp_path_factory.mktemp("cognito"), free_port(), settings=settings)
    urllib.request.urlopen(server.url, timeout=120)
    yield server
    stop(server)


def test_staff_sign_in_on_the_office_page_and_work_the_counter(page, aws_like_server, cognito):
    cognito.groups = ["staff"]
    page.goto(aws_like_server.url + "pl/staff-console/?site=waw")
    sign_in = page.get_by_role("button", name="Zaloguj się kontem urzędowym")
    sign_in.focus()
    page.keyboard.press("Enter")

    counter = page.locator("#bz-counter")
    expect(counter).to_be_visible()
    assert page.url == aws_like_server.url + "pl/staff-console/?site=waw", "the code is gone"
    assert cognito.token_requests[-1]["redirect_uri"] == aws_like_server.url + "pl/staff-console/"
    token = page.evaluate("sessionStorage.getItem('bz-staff-token')")
    assert token.count(".") == 2

    counter.fill("3")
    page.get_by_role("button", name="Otwórz stanowisko").click()
    expect(page.locator(".bz-widget__heading")).to_have_text("Konsola stanowiska — 3")
    assert Axe().run(page, context="staff-console").violations_count == 0

    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("button", name="Zaloguj się kontem urzędowym")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('bz-staff-token')") is None


def test_someone_outside_the_staff_group_is_sent_back_to_sign_in(page, aws_like_server, cognito):
    cognito.groups = ["visitors"]
    page.goto(aws_like_server.url + "staff-console/")
    page.get_by_role("button", name="Sign in with your office account").click()

    page.locator("#bz-counter").fill("4")
    page.get_by_role("button", name="Open the counter").click()

    expect(page.get_by_role("alert")).to_contain_text("Please sign in again")
    expect(page.get_by_role("button", name="Sign in with your office account")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('bz-staff-token')") is None


def test_a_sign_in_answer_this_tab_did_not_ask_for_is_refused(page, aws_like_server, cognito):
    before = len(cognito.token_requests)
    page.goto(aws_like_server.url + "staff-console/")
    pending = '{"verifier": "%s", "state": "mine", "site": "waw"}' % ("v" * 64)
    page.evaluate("(pending) => sessionStorage.setItem('bz-staff-sign-in', pending)", pending)
    page.goto(aws_like_server.url + "staff-console/?code=stolen&state=forged")

    expect(page.get_by_role("alert")).to_have_text("The sign-in did not succeed. Please try again.")
    assert page.url == aws_like_server.url + "staff-console/?site=waw"
    assert len(cognito.token_requests) == before, "nothing was sent to swap the code"
