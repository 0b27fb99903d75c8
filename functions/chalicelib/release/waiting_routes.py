"""The waiting list's endpoints: join, see one's place, leave, and answer an offer."""

from chalice import Response

from chalicelib import clock
from chalicelib.appointments import services as appointments
from chalicelib.appointments.routes import HOLD, TOKEN, managed_view
from chalicelib.clock import format_instant
from chalicelib.mail import get_mailer
from chalicelib.release import waiting
from chalicelib.release.model import Preferences, Waiter
from chalicelib.release.schemas import PREFERENCES
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, Header, client_address, day_field
from chalicelib.web.problems import Problem

bp = ApiBlueprint(__name__, tag="waiting")
WAITER_ID = {"type": "string", "pattern": "W-[A-Z0-9]{4}-[A-Z0-9]{4}"}
JOIN = {
    "type": "object",
    "properties": {
        **{name: schema for name, schema in HOLD["properties"].items() if name != "start"},
        "preferences": PREFERENCES,
    },
    "required": ["site", "service", "name", "email", "document", "language", "consent"],
}
OFFER = {
    "type": ["object", "null"],
    "properties": {
        "code": {"type": "string"},
        "start": {"type": "string"},
        "expires_at": {"type": "string", "description": "Accept or decline before this instant"},
    },
}
PLACE = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "site": {"type": "string"},
        "service": {"type": "string"},
        "state": {"type": "string", "enum": ["waiting", "offered", "booked", "left"]},
        "position": {"type": ["integer", "null"], "description": "1 is next; null once over"},
        "preferences": PREFERENCES,
        "offer": OFFER,
    },
}
TOKEN_HEADER = {
    "X-Waiting-Token": Header(
        "The secret from the waiting-list link (never put it in the URL); without it, 404",
        TOKEN,
        required=True,
        credential=True,
    )
}
PATH = {"id": WAITER_ID}


def place_view(waiter: Waiter, position: int | None) -> dict:
    offer = waiter.offer if waiter.state == "offered" else None
    return {
        "id": waiter.id,
        "site": waiter.site_id,
        "service": waiter.service_id,
        "state": waiter.state.value,
        "position": position,
        "preferences": waiter.preferences.as_dict(),
        "offer": {
            "code": offer.code,
            "start": format_instant(offer.start),
            "expires_at": format_instant(offer.expires_at),
        }
        if offer
        else None,
    }


def _token() -> str:
    token = bp.current_request.headers.get("x-waiting-token") or ""
    if not token:
        raise Problem(404, "waiting-not-found")
    return token


def _preferences(body: dict | None) -> Preferences:
    body = dict(body or {})
    if body.get("earliest") is not None:
        day_field(body["earliest"], "preferences.earliest")
    return Preferences.from_dict(body)


@bp.endpoint(
    "POST",
    "/waiting",
    summary="Join a service's waiting list; the link to one's place is e-mailed",
    body=JOIN,
    response=PLACE,
    status=201,
    errors=(404, 409, 422, 429),
    error_notes={409: "The document already has a place on this list (already-waiting)"},
)
def join(body: dict) -> Response:
    applicant = appointments.Applicant(
        name=body["name"],
        email=body["email"],
        phone=body.get("phone"),
        document=body["document"],
        language=body["language"],
        identifiers=body.get("identifiers", {}),
    )
    preferences = _preferences(body.get("preferences"))
    waiter, position = waiting.join(
        body["site"],
        body["service"],
        applicant,
        preferences,
        client_address(bp.current_request),
        get_store(),
        get_mailer(),
        clock.now(),
    )
    return Response(body=place_view(waiter, position), status_code=201)


@bp.endpoint(
    "GET",
    "/waiting/{id}",
    summary="One's place on a waiting list, with an open offer",
    params=PATH,
    headers=TOKEN_HEADER,
    response=PLACE,
    errors=(404,),
)
def get_place(id: str) -> dict:
    waiter, position = waiting.view(id, _token(), get_store())
    return place_view(waiter, position)


@bp.endpoint(
    "POST",
    "/waiting/{id}/leave",
    summary="Leave the waiting list; a seat offered passes on at once",
    params=PATH,
    headers=TOKEN_HEADER,
    response=PLACE,
    errors=(404,),
)
def leave(id: str) -> dict:
    waiter = waiting.leave(id, _token(), get_store(), get_mailer(), clock.now())
    return place_view(waiter, None)


@bp.endpoint(
    "POST",
    "/waiting/{id}/accept",
    summary="Book the seat offered: a confirmed booking with its manage token",
    params=PATH,
    headers=TOKEN_HEADER,
    errors=(404, 409),
    error_notes={
        404: "No place with this id and token (waiting-not-found), or no open offer "
        "(offer-not-found)",
        409: "The offer's answer time is over (offer-lapsed)",
    },
)
def accept(id: str) -> dict:
    booking, manage_token = waiting.accept(id, _token(), get_store(), get_mailer(), clock.now())
    return {"booking": managed_view(booking), "manage_token": manage_token}


@bp.endpoint(
    "POST",
    "/waiting/{id}/decline",
    summary="Turn the seat offered down and keep one's place; the seat passes on at once",
    params=PATH,
    headers=TOKEN_HEADER,
    response=PLACE,
    errors=(404, 409),
    error_notes={409: "The offer's answer time is over (offer-lapsed)"},
)
def decline(id: str) -> dict:
    store = get_store()
    waiter = waiting.decline(id, _token(), store, get_mailer(), clock.now())
    return place_view(waiter, store.waiting.position(waiter))
