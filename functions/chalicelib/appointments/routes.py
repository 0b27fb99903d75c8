import hashlib
import json

from chalice import Response

from chalicelib import clock
from chalicelib.appointments import services
from chalicelib.appointments.model import Booking, Service
from chalicelib.clock import format_instant
from chalicelib.config import LANGUAGES
from chalicelib.mail import get_mailer
from chalicelib.release import ballot, waiting
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, Header, client_address, day_field, instant_field
from chalicelib.web.problems import FieldError, Problem
from chalicelib.web.schema import DAY, EMAIL, INSTANT, SLUG

bp = ApiBlueprint(__name__, tag="appointments")
ID = SLUG
CODE = {"type": "string", "pattern": "[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{2}"}
TOKEN = {"type": "string", "minLength": 20, "maxLength": 64, "pattern": "[A-Za-z0-9_-]+"}
IDENTIFIER = {"type": "string", "minLength": 3, "maxLength": 40, "pattern": r"[A-Za-z0-9./ -]+"}
MANAGE = {
    "X-Manage-Token": Header(
        "The secret from the manage link (never put it in the URL); without the right one, 404",
        TOKEN,
        required=True,
        credential=True,
    )
}

HOLD = {
    "type": "object",
    "properties": {
        "site": ID,
        "service": ID,
        "start": INSTANT,
        "name": {"type": "string", "minLength": 2, "maxLength": 120},
        "email": EMAIL,
        "phone": {"type": "string", "maxLength": 20, "pattern": r"\+?[0-9 ]{6,19}"},
        "document": {
            "type": "string",
            "minLength": 5,
            "maxLength": 20,
            "pattern": r"[A-Za-z0-9 -]+",
        },
        "language": {"type": "string", "enum": list(LANGUAGES)},
        "consent": {"type": "boolean", "enum": [True]},
        "identifiers": {
            "type": "object",
            "properties": {"mos": IDENTIFIER, "inpol": IDENTIFIER, "case": IDENTIFIER},
        },
    },
    "required": ["site", "service", "start", "name", "email", "document", "language", "consent"],
}
CONFIRM = {
    "type": "object",
    "properties": {"code": CODE, "token": TOKEN},
    "required": ["code", "token"],
}
RESCHEDULE = {"type": "object", "properties": {"start": INSTANT}, "required": ["start"]}
BOOKING = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "site": {"type": "string"},
        "service": {"type": "string"},
        "start": {"type": "string"},
        "state": {"type": "string", "enum": ["held", "confirmed", "cancelled"]},
        "name": {"type": "string"},
        "language": {"type": "string"},
        "hold_expires_at": {"type": "string"},
        "change_until": {
            "type": "string",
            "description": "A confirmed booking can be moved online until this instant",
        },
        "cancel_until": {
            "type": "string",
            "description": "A confirmed booking can be cancelled online until this instant "
            "(its start)",
        },
    },
}


def booking_view(booking: Booking) -> dict:
    view = {
        "code": booking.code,
        "site": booking.site_id,
        "service": booking.service_id,
        "start": format_instant(booking.start),
        "state": booking.state.value,
        "name": booking.name,
        "language": booking.language,
    }
    if booking.state == "held":
        view["hold_expires_at"] = format_instant(booking.hold_expires_at)
    return view


def managed_view(booking: Booking) -> dict:
    """The booking as its holder sees it: with the last instants to change and to cancel it."""
    view = booking_view(booking)
    if booking.state == "confirmed":
        deadline = services.change_deadline(booking, get_store())
        view["change_until"] = format_instant(deadline)
        view["cancel_until"] = format_instant(booking.start)
    return view


def service_view(service: Service) -> dict:
    return {
        "id": service.id,
        "name": service.name,
        "duration_minutes": service.duration_minutes,
        "letter": service.letter,
        "group": service.group_capacity is not None,
        "identifiers": list(service.identifiers),
        "guide": service.guide,
        "walk_in": service.walk_in_cap > 0,
    }


def _manage_token() -> str:
    token = bp.current_request.headers.get("x-manage-token") or ""
    if not token:
        raise Problem(404, "booking-not-found")
    return token


@bp.endpoint(
    "GET",
    "/services",
    summary="Services an office offers by appointment",
    query={"type": "object", "properties": {"site": ID}, "required": ["site"]},
    errors=(404, 422),
)
def list_services(query: dict) -> list[dict]:
    store, now = get_store(), clock.now()
    return [
        {**service_view(s), "release": release_view(query["site"], s.id, store, now)}
        for s in services.services_at(query["site"], store)
    ]


def release_view(site_id: str, service_id: str, store, now) -> dict:
    """How the service's seats are given out now, for the widget to show the right choice."""
    return {
        **ballot.release_summary(site_id, service_id, store, now),
        "waiting": {"count": waiting.waiting_count(site_id, service_id, store)},
    }


@bp.endpoint(
    "GET",
    "/availability",
    summary="Free slots per day (Europe/Warsaw days), at most 62 days",
    query={
        "type": "object",
        "properties": {"site": ID, "service": ID, "from": DAY, "to": DAY},
        "required": ["site", "service", "from", "to"],
    },
    errors=(304, 404, 422),
    error_notes={
        422: "A parameter breaks its schema (validation-failed), or the days asked for are more "
        "than 62 or `to` is before `from` (range-too-long)",
    },
)
def availability(query: dict) -> Response:
    first, last = day_field(query["from"], "from"), day_field(query["to"], "to")
    days = services.availability(
        query["site"], query["service"], first, last, get_store(), clock.now()
    )
    body = {
        "site": query["site"],
        "service": query["service"],
        "timezone": "Europe/Warsaw",
        "days": [
            {
                "date": day.day.isoformat(),
                "slots": [
                    {"start": format_instant(slot.start), "free": free} for slot, free in day.slots
                ],
            }
            for day in days
        ],
    }
    payload = json.dumps(body, separators=(",", ":"))
    etag = '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": "public, max-age=15", "ETag": etag}
    if bp.current_request.headers.get("if-none-match") == etag:
        return Response(body="", status_code=304, headers=headers)
    return Response(body=payload, headers={**headers, "Content-Type": "application/json"})


@bp.endpoint(
    "POST",
    "/bookings",
    summary="Hold a slot for 15 minutes and email the confirmation link",
    body=HOLD,
    headers={
        "Idempotency-Key": Header(
            "Repeat a request safely: the same key returns the same hold",
            {"type": "string", "minLength": 8, "maxLength": 100},
        )
    },
    response=BOOKING,
    status=202,
    errors=(404, 409, 422, 429, 503),
    error_notes={
        422: "A field or header breaks its schema, or the service needs identifiers not given "
        "(validation-failed); the time is no bookable slot's start (slot-not-bookable); the "
        "Idempotency-Key was used for another request (idempotency-key-reused)",
    },
)
def hold(body: dict) -> Response:
    request = bp.current_request
    key = request.headers.get("idempotency-key")
    if key is not None and not 8 <= len(key) <= 100:
        raise Problem(422, "validation-failed", [FieldError("Idempotency-Key", "wrong-format")])
    applicant = services.Applicant(
        name=body["name"],
        email=body["email"],
        phone=body.get("phone"),
        document=body["document"],
        language=body["language"],
        identifiers=body.get("identifiers", {}),
    )
    booking = services.hold_booking(
        body["site"],
        body["service"],
        instant_field(body["start"], "start"),
        applicant,
        client_address(request),
        key,
        get_store(),
        get_mailer(),
        clock.now(),
    )
    return Response(body=booking_view(booking), status_code=202)


@bp.endpoint(
    "POST",
    "/bookings/confirm",
    summary="Confirm a hold with the token from its email; the same link again answers the same",
    body=CONFIRM,
    errors=(404, 409, 410, 422),
)
def confirm(body: dict) -> dict:
    booking, manage_token = services.confirm_booking(
        body["code"], body["token"], get_store(), get_mailer(), clock.now()
    )
    return {**managed_view(booking), "manage_token": manage_token}


@bp.endpoint(
    "GET",
    "/bookings/{code}",
    summary="A booking, for the holder of its manage token",
    params={"code": CODE},
    headers=MANAGE,
    response=BOOKING,
    errors=(404,),
)
def get_booking(code: str) -> dict:
    return managed_view(services.managed_booking(code, _manage_token(), get_store(), clock.now()))


@bp.endpoint(
    "POST",
    "/bookings/{code}/cancel",
    summary="Cancel a booking, until the appointment starts",
    params={"code": CODE},
    headers=MANAGE,
    response=BOOKING,
    errors=(404, 409),
    error_notes={409: "The appointment has started or is over (appointment-started)"},
)
def cancel(code: str) -> dict:
    # The seat goes to the waiting list first, and back to everyone only if nobody wants it.
    booking = waiting.cancel_booking(code, _manage_token(), get_store(), get_mailer(), clock.now())
    return booking_view(booking)


@bp.endpoint(
    "POST",
    "/bookings/{code}/reschedule",
    summary="Move a booking to another slot; the old one is kept if the new one fails",
    params={"code": CODE},
    headers=MANAGE,
    body=RESCHEDULE,
    response=BOOKING,
    errors=(404, 409, 422),
    error_notes={
        409: "The booking is inside its change cutoff (too-late-to-change, see change_until) "
        "or the new slot is full (slot-full)",
        422: "The start breaks its schema (validation-failed), or it is no bookable slot's "
        "start or the booking's own (slot-not-bookable); the booking is kept as it was",
    },
)
def reschedule(code: str, body: dict) -> dict:
    start = instant_field(body["start"], "start")
    # The old seat goes to the waiting list first, in the same write as the move.
    booking = waiting.reschedule_booking(
        code, _manage_token(), start, get_store(), get_mailer(), clock.now()
    )
    return managed_view(booking)


@bp.endpoint(
    "GET",
    "/bookings/{code}/ics",
    summary="The booking as a calendar file (RFC 5545, Europe/Warsaw)",
    params={"code": CODE},
    headers=MANAGE,
    errors=(404,),
)
def calendar(code: str) -> Response:
    content = services.booking_calendar(code, _manage_token(), get_store(), clock.now())
    return Response(
        body=content.decode("utf-8"),
        headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{code}.ics"',
            "Cache-Control": "no-store",
        },
    )
