"""Staff endpoints of the calendar: services, schedules, closures and the day's bookings."""

from datetime import time

from chalicelib import clock
from chalicelib.appointments import services
from chalicelib.appointments.model import Schedule
from chalicelib.appointments.routes import DAY, ID, service_view
from chalicelib.clock import format_instant
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, day_field
from chalicelib.web.problems import FieldError, Problem
from chalicelib.web.schema import NAMES

bp = ApiBlueprint(__name__, tag="admin")

HOUR = {"type": "string", "pattern": "([01][0-9]|2[0-3]):[0-5][0-9]"}
PERIOD = {"type": "array", "items": HOUR, "minItems": 2, "maxItems": 2}
DAY_PERIODS = {"type": "array", "items": PERIOD, "maxItems": 6}
SERVICE = {
    "type": "object",
    "properties": {
        "name": NAMES,
        "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 480},
        "letter": {"type": "string", "pattern": "[A-Z]"},
        "group_capacity": {"type": "integer", "minimum": 2, "maximum": 200},
        "identifiers": {
            "type": "array",
            "items": {"type": "string", "enum": ["mos", "inpol", "case"]},
            "maxItems": 3,
        },
        "guide": {"type": "string", "pattern": r"[a-z0-9/-]*", "maxLength": 120},
    },
    "required": ["name", "duration_minutes", "letter"],
}
SCHEDULE = {
    "type": "object",
    "properties": {
        "weekly": {"type": "object", "properties": {str(d): DAY_PERIODS for d in range(7)}},
        "counters": {"type": "integer", "minimum": 1, "maximum": 50},
        "window_days": {"type": "integer", "minimum": 1, "maximum": 180},
        "release_at": HOUR,
        "min_notice_hours": {"type": "integer", "minimum": 0, "maximum": 168},
        "change_cutoff_hours": {"type": "integer", "minimum": 0, "maximum": 168},
    },
    "required": ["weekly", "counters"],
}


def _periods(raw: list[list[str]], day: str) -> tuple[tuple[time, time], ...]:
    if any(len(period) != 2 for period in raw):
        raise Problem(422, "validation-failed", [FieldError(f"weekly.{day}", "wrong-format")])
    return tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in raw)


@bp.endpoint(
    "PUT",
    "/admin/services/{service_id}",
    summary="Create or replace a bookable service",
    staff=True,
    params={"service_id": ID},
    body=SERVICE,
    errors=(401, 422),
)
def put_service(service_id: str, body: dict) -> dict:
    service = services.save_service(
        service_id,
        body["name"],
        body["duration_minutes"],
        body["letter"],
        body.get("group_capacity"),
        body.get("identifiers", []),
        body.get("guide", "book/"),
        get_store(),
    )
    return service_view(service)


@bp.endpoint(
    "PUT",
    "/admin/sites/{site_id}/schedules/{service_id}",
    summary="Set when an office serves a service, and how many at once",
    staff=True,
    params={"site_id": ID, "service_id": ID},
    body=SCHEDULE,
    errors=(401, 404, 422),
    error_notes={
        422: "A field breaks its schema, or a period does not end after it starts, or two "
        "periods of a day overlap (validation-failed, field weekly); nothing is saved",
    },
)
def put_schedule(site_id: str, service_id: str, body: dict) -> dict:
    weekly = {int(day): _periods(periods, day) for day, periods in body["weekly"].items()}
    schedule = Schedule(
        site_id,
        service_id,
        weekly,
        body["counters"],
        body.get("window_days", 28),
        time.fromisoformat(body.get("release_at", "07:00")),
        body.get("min_notice_hours", 2),
        body.get("change_cutoff_hours", 24),
    )
    services.save_schedule(schedule, get_store())
    return {"site": site_id, "service": service_id, "saved": True}


def _closure(site_id: str, day: str, closed: bool) -> dict:
    services.set_closure(site_id, day_field(day, "day"), closed, get_store())
    return {"site": site_id, "day": day, "closed": closed}


@bp.endpoint(
    "PUT",
    "/admin/sites/{site_id}/closures/{day}",
    summary="Close an office for one day",
    staff=True,
    params={"site_id": ID, "day": DAY},
    errors=(401, 404, 422),
)
def close_day(site_id: str, day: str) -> dict:
    return _closure(site_id, day, True)


@bp.endpoint(
    "DELETE",
    "/admin/sites/{site_id}/closures/{day}",
    summary="Open an office again on a day closed before",
    staff=True,
    params={"site_id": ID, "day": DAY},
    errors=(401, 404, 422),
)
def open_day(site_id: str, day: str) -> dict:
    return _closure(site_id, day, False)


@bp.endpoint(
    "GET",
    "/admin/sites/{site_id}/bookings",
    summary="The bookings of one office on one day",
    staff=True,
    params={"site_id": ID},
    query={"type": "object", "properties": {"date": DAY}, "required": ["date"]},
    errors=(401, 404, 422),
)
def list_bookings(site_id: str, query: dict) -> list[dict]:
    day = day_field(query["date"], "date")
    return [
        {
            "code": booking.code,
            "service": booking.service_id,
            "start": format_instant(booking.start),
            "state": booking.state.value,
            "name": booking.name,
            "language": booking.language,
            "identifiers": booking.identifiers,
        }
        for booking in services.day_bookings(site_id, day, get_store(), clock.now())
    ]
