import pytest

from tests.api.conftest import STAFF_TOKEN, assert_problem, body

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "Content-Type": "application/json"}
NAMES = {
    "en": "Radom branch",
    "pl": "Delegatura w Radomiu",
    "uk": "Філія в Радомі",
    "ru": "Филиал в Радоме",
    "vi": "Chi nhánh Radom",
}


def put_site(client, site_id: str, payload: dict, headers: dict = STAFF):
    import json

    return client.http.put(
        f"/admin/sites/{site_id}", headers=headers, body=json.dumps(payload).encode()
    )


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_client(request):
    if request.param == "sqlite":
        return request.getfixturevalue("client")
    request.getfixturevalue("prod_client")
    request.getfixturevalue("dynamodb_table")
    return request.getfixturevalue("prod_client")


def test_staff_create_an_office_that_anyone_can_then_read(any_client):
    created = put_site(
        any_client, "rad", {"city": "Radom", "name": NAMES, "address": "ul. Żeromskiego 53"}
    )

    listed = any_client.http.get("/sites")
    one = any_client.http.get("/sites/rad")

    assert created.status_code == 200
    expected = {"id": "rad", "city": "Radom", "name": NAMES, "address": "ul. Żeromskiego 53"}
    assert body(listed) == [expected]
    assert body(one) == expected


def test_an_unknown_office_is_a_404_problem(client):
    assert_problem(client.http.get("/sites/xyz"), 404, "site-not-found")


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {STAFF_TOKEN}", "Bearer"])
def test_changing_an_office_needs_the_staff_token(client, authorization):
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization

    response = put_site(client, "rad", {"city": "Radom", "name": NAMES}, headers)

    assert_problem(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert body(client.http.get("/sites")) == []


def test_without_a_configured_staff_token_nobody_is_staff(client, monkeypatch):
    monkeypatch.setenv("BLIZEJ_STAFF_TOKEN", "")

    response = put_site(
        client, "rad", {"city": "Radom", "name": NAMES}, {**STAFF, "Authorization": "Bearer "}
    )

    assert_problem(response, 401, "unauthorized")


def test_a_bad_office_is_refused_field_by_field_and_nothing_is_saved(client):
    names = {key: value for key, value in NAMES.items() if key != "vi"}

    response = put_site(client, "Bad Id!", {"city": "", "name": names, "phone": "123"})

    problem = assert_problem(response, 422, "validation-failed")
    assert sorted((e["field"], e["code"]) for e in problem["errors"]) == [
        ("city", "too-short"),
        ("name.vi", "required"),
        ("phone", "unknown-field"),
        ("site_id", "wrong-format"),
    ]
    assert body(client.http.get("/sites")) == []
