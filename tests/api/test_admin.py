"""Staff manage services, schedules and closures, and see a day's bookings."""

import json
from datetime import UTC, datetime

import pytest

from chalicelib.storage import get_store
from tests.api.conftest import STAFF_TOKEN, assert_problem, body
from tests.api.test_appointments import PERSON, book

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "Content-Type": "application/json"}
NAMES = {lang: f"Consultation ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}


def put(client, path: str, payload: dict | None = None, headers: dict = STAFF):
    raw = json.dumps(payload).encode() if payload is not None else None
    return client.http.put(path, headers=headers, body=raw)


def test_staff_add_a_service_and_its_schedule_and_it_becomes_bookable(client, outbox, clock):
    service = put(
        client,
        "/admin/services/consult",
        {
            "name": NAMES,
            "duration_minutes": 20,
            "letter": "C",
            "identifiers": ["case"],
        },
    )
    schedule = put(
        client,
        "/admin/sites/rad/schedules/consult",
        {
            "weekly": {"1": [["09:00", "10:00"]]},
            "counters": 2,
            "min_notice_hours": 0,
        },
    )

    listed = client.http.get("/availability?site=rad&service=consult&from=2026-12-08&to=2026-12-08")

    assert service.status_code == 200 and schedule.status_code == 200
    assert [s["start"] for d in body(listed)["days"] for s in d["slots"]] == [
        "2026-12-08T08:00:00Z",
        "2026-12-08T08:20:00Z",
        "2026-12-08T08:40:00Z",
    ]


@pytest.mark.parametrize(
    ("weekly", "field"),
    [
        ({"1": [["10:00", "09:00"]]}, "weekly"),
        ({"1": [["09:00", "11:00"], ["10:00", "12:00"]]}, "weekly"),
        ({"1": [["09:00"]]}, "weekly.1[0]"),
        ({"1": [["9:00", "10:00"]]}, "weekly.1[0][0]"),
        ({"7": [["09:00", "10:00"]]}, "weekly.7"),
    ],
)
def test_a_schedule_that_makes_no_sense_is_refused(client, outbox, weekly, field):
    response = put(
        client, "/admin/sites/rad/schedules/fingerprints", {"weekly": weekly, "counters": 1}
    )

    problem = assert_problem(response, 422, "validation-failed")
    assert field in [error["field"] for error in problem["errors"]]


def test_a_closed_day_offers_no_slots_until_it_is_opened_again(client, outbox, clock):
    query = "/availability?site=waw&service=fingerprints&from=2026-12-14&to=2026-12-14"

    closed = put(client, "/admin/sites/waw/closures/2026-12-14")
    while_closed = body(client.http.get(query))["days"]
    reopened = client.http.delete("/admin/sites/waw/closures/2026-12-14", headers=STAFF)

    assert closed.status_code == reopened.status_code == 200
    assert while_closed == []
    assert len(body(client.http.get(query))["days"]) == 1


def test_staff_see_the_bookings_of_a_day(client, outbox, clock):
    booked = book(client, outbox)

    response = client.http.get("/admin/sites/waw/bookings?date=2026-12-14", headers=STAFF)

    assert body(response) == [
        {
            "code": booked["code"],
            "service": "fingerprints",
            "start": "2026-12-14T08:00:00Z",
            "state": "confirmed",
            "name": PERSON["name"],
            "language": "vi",
            "identifiers": {"mos": "MOS-2026-0001"},
        }
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/admin/services/consult"),
        ("PUT", "/admin/sites/waw/schedules/fingerprints"),
        ("PUT", "/admin/sites/waw/closures/2026-12-14"),
        ("DELETE", "/admin/sites/waw/closures/2026-12-14"),
        ("GET", "/admin/sites/waw/bookings?date=2026-12-14"),
    ],
)
def test_every_admin_endpoint_needs_the_staff_token(client, outbox, method, path):
    response = client.http.request(
        method, path, headers={"Content-Type": "application/json"}, body=b"{}"
    )

    assert_problem(response, 401, "unauthorized")
    assert (
        get_store().catalogue.closures(
            "waw", datetime(2026, 12, 14).date(), datetime(2026, 12, 14).date()
        )
        == set()
    )


def test_the_daily_job_sends_reminders_and_purges_expired_data(client, outbox, clock):
    code = book(client, outbox)["code"]
    clock.current = datetime(2026, 12, 13, 15, 0, tzinfo=UTC)

    event = client.events.generate_cw_event("aws.events", "Scheduled Event", {}, [])

    result = client.lambda_.invoke("daily_reminders", event)

    assert result.payload["reminders"] == 1
    assert get_store().bookings.get_booking(code) is not None
    clock.current = datetime(2027, 1, 14, 8, 1, tzinfo=UTC)  # 30 days after the appointment
    client.lambda_.invoke("daily_reminders", event)
    assert get_store().bookings.get_booking(code) is None, "personal data is gone after retention"
