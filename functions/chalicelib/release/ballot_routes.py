"""The ballot's endpoints: staff announce and draw releases, applicants enter, anyone checks."""

from chalice import Response

from chalicelib import clock
from chalicelib.appointments.routes import HOLD, ID, TOKEN
from chalicelib.appointments.services import Applicant
from chalicelib.clock import format_instant
from chalicelib.mail import get_mailer
from chalicelib.release import ballot
from chalicelib.release.model import Policy, Preferences, ReleaseMode
from chalicelib.release.schemas import PREFERENCES
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, Header, client_address, day_field, instant_field
from chalicelib.web.problems import Problem
from chalicelib.web.schema import DAY, INSTANT

bp = ApiBlueprint(__name__, tag="ballot")

RELEASE_ID = ID
ENTRY_ID = {
    "type": "string",
    "pattern": "E-[ACDEFHJKMNPQRTUVWXY34679]{4}-[ACDEFHJKMNPQRTUVWXY34679]{4}",
}
TICKET = {"type": "string", "pattern": "[0-9a-f]{64}"}
ENTRY_TOKEN = {
    "X-Entry-Token": Header(
        "The secret from the entry's link (never put it in the URL); without the right one, 404",
        TOKEN,
        required=True,
        credential=True,
    )
}
PERSON = {
    key: HOLD["properties"][key]
    for key in HOLD["properties"]
    if key not in ("site", "service", "start")
}
ENTER = {
    "type": "object",
    "properties": {**PERSON, "preferences": PREFERENCES},
    "required": ["name", "email", "document", "language", "consent"],
}
CONFIRM = {
    "type": "object",
    "properties": {"release": RELEASE_ID, "entry": ENTRY_ID, "token": TOKEN},
    "required": ["release", "entry", "token"],
}
POLICY = {
    "type": "object",
    "properties": {
        "mode": {"type": "string", "enum": [mode.value for mode in ReleaseMode]},
        "offer_minutes": {"type": "integer", "minimum": 15, "maximum": 1440},
    },
    "required": ["mode"],
}
RELEASE = {
    "type": "object",
    "properties": {
        "id": RELEASE_ID,
        "site": ID,
        "service": ID,
        "first_day": DAY,
        "last_day": DAY,
        "entries_open": INSTANT,
        "entries_close": INSTANT,
        "draw_at": INSTANT,
    },
    "required": [
        "id",
        "site",
        "service",
        "first_day",
        "last_day",
        "entries_open",
        "entries_close",
        "draw_at",
    ],
}
PUBLIC_RELEASE = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "state": {"type": "string", "enum": ["open", "drawn"]},
        "commitment": {"type": "string", "description": "SHA-256 of the seed, hex"},
        "seed": {"type": "string", "description": "Published only once the release is drawn"},
    },
}
RELEASE_NOTES = {
    409: "The id is taken (release-exists), or an open release of the service already gives "
    "some of the days (release-overlaps)",
    422: "A field breaks its schema, or the times are reversed or past, the days start on or "
    "before the draw's day or are more than 62 (validation-failed, with the field); the "
    "service is not in ballot mode (not-ballot-mode); nothing is saved",
}


def policy_view(policy: Policy) -> dict:
    return {
        "site": policy.site_id,
        "service": policy.service_id,
        "mode": policy.mode.value,
        "offer_minutes": policy.offer_minutes,
    }


def entry_view(view: ballot.EntryView) -> dict:
    entry, release = view.entry, view.release
    answer = {
        "release": release.id,
        "entry": entry.id,
        "state": entry.state.value,
        "preferences": entry.preferences.as_dict(),
        "entries_close": format_instant(release.entries_close),
        "draw_at": format_instant(release.draw_at),
    }
    if view.booking is not None:
        answer["booking"] = {
            "code": view.booking.code,
            "start": format_instant(view.booking.start),
            "state": view.booking.state.value,
            "manage_token": view.manage_token,
        }
    return answer


def _preferences(body: dict) -> Preferences:
    raw = body.get("preferences") or {}
    if raw.get("earliest") is not None:
        day_field(raw["earliest"], "preferences.earliest")
    return Preferences.from_dict(raw)


def _entry_token() -> str:
    token = bp.current_request.headers.get("x-entry-token") or ""
    if not token:
        raise Problem(404, "entry-not-found")
    return token


# Staff.


@bp.endpoint(
    "PUT",
    "/admin/release-policies/{site_id}/{service_id}",
    summary="Set how an office releases a service: first come or by ballot, and offer minutes",
    staff=True,
    params={"site_id": ID, "service_id": ID},
    body=POLICY,
    errors=(401, 404, 422),
)
def put_release_policy(site_id: str, service_id: str, body: dict) -> dict:
    policy = ballot.save_policy(
        site_id,
        service_id,
        ReleaseMode(body["mode"]),
        body.get("offer_minutes", Policy(site_id, service_id).offer_minutes),
        get_store(),
    )
    return policy_view(policy)


@bp.endpoint(
    "GET",
    "/admin/release-policies/{site_id}/{service_id}",
    summary="How an office releases a service (first come with 120-minute offers when not set)",
    staff=True,
    params={"site_id": ID, "service_id": ID},
    errors=(401, 404, 422),
)
def get_release_policy(site_id: str, service_id: str) -> dict:
    store = get_store()
    ballot.calendar.offered(site_id, service_id, store)
    return policy_view(ballot.policy_of(site_id, service_id, store))


@bp.endpoint(
    "POST",
    "/admin/ballots",
    summary="Announce a ballot: its days, entry period and draw time; publishes the commitment",
    staff=True,
    body=RELEASE,
    response=PUBLIC_RELEASE,
    status=201,
    errors=(401, 404, 409, 422),
    error_notes=RELEASE_NOTES,
)
def create_ballot(body: dict) -> dict:
    release = ballot.create_release(
        body["id"],
        body["site"],
        body["service"],
        day_field(body["first_day"], "first_day"),
        day_field(body["last_day"], "last_day"),
        instant_field(body["entries_open"], "entries_open"),
        instant_field(body["entries_close"], "entries_close"),
        instant_field(body["draw_at"], "draw_at"),
        get_store(),
        clock.now(),
    )
    return ballot.public_release(release)


@bp.endpoint(
    "POST",
    "/admin/ballots/{release_id}/draw",
    summary="Run a due draw now (or finish one that stopped); a drawn release answers as it is",
    staff=True,
    params={"release_id": RELEASE_ID},
    response=PUBLIC_RELEASE,
    errors=(401, 404, 409, 422),
    error_notes={409: "The draw time has not come (draw-not-due)"},
)
def draw_ballot(release_id: str) -> dict:
    release = ballot.draw_now(release_id, get_store(), get_mailer(), clock.now())
    return ballot.public_release(release)


@bp.endpoint(
    "GET",
    "/admin/ballots/{release_id}/clients",
    summary="Entries per client address (a keyed hash), most first",
    staff=True,
    params={"release_id": RELEASE_ID},
    errors=(401, 404, 422),
)
def ballot_clients(release_id: str) -> list[dict]:
    return [
        {"client": client, "entries": count}
        for client, count in ballot.clients(release_id, get_store())
    ]


# Anyone.


@bp.endpoint(
    "GET",
    "/ballots/{release_id}",
    summary="A ballot: its days, entry period, draw time and commitment; the seed once drawn",
    params={"release_id": RELEASE_ID},
    response=PUBLIC_RELEASE,
    errors=(404, 422),
)
def get_ballot(release_id: str) -> dict:
    return ballot.public_release(ballot.get_release(release_id, get_store()))


@bp.endpoint(
    "GET",
    "/ballots/{release_id}/draw",
    summary="One page of the published draw: seed, seats (first page) and tickets with the "
    "start each won; scripts/verify_draw.py recomputes it",
    params={"release_id": RELEASE_ID},
    query={"type": "object", "properties": {"after": TICKET}},
    errors=(404, 409, 422),
    error_notes={409: "The release is not drawn yet (not-drawn-yet)"},
)
def ballot_draw(release_id: str, query: dict) -> Response:
    _release, page, after = ballot.publication_page(release_id, query.get("after"), get_store())
    return Response(
        body={**page, "next": after},
        headers={"Cache-Control": "public, max-age=3600", "Content-Type": "application/json"},
    )


@bp.endpoint(
    "POST",
    "/ballots/{release_id}/entries",
    summary="Enter a ballot; the e-mailed link confirms the entry",
    params={"release_id": RELEASE_ID},
    body=ENTER,
    status=202,
    errors=(404, 409, 422, 429, 503),
    error_notes={
        409: "Outside the entry period (entries-closed), or the document has an entry in this "
        "ballot (already-entered)",
        422: "A field breaks its schema, or the service needs identifiers not given "
        "(validation-failed)",
    },
)
def enter_ballot(release_id: str, body: dict) -> Response:
    applicant = Applicant(
        name=body["name"],
        email=body["email"],
        phone=body.get("phone"),
        document=body["document"],
        language=body["language"],
        identifiers=body.get("identifiers", {}),
    )
    entry = ballot.enter(
        release_id,
        applicant,
        _preferences(body),
        client_address(bp.current_request),
        get_store(),
        get_mailer(),
        clock.now(),
    )
    return Response(
        body={"release": release_id, "entry": entry.id, "state": entry.state.value},
        status_code=202,
    )


@bp.endpoint(
    "POST",
    "/ballots/entries/confirm",
    summary="Confirm an entry with the token from its e-mail; the same link again answers the same",
    body=CONFIRM,
    errors=(404, 409, 422),
    error_notes={409: "The entry period is over (entries-closed): the entry is not drawn"},
)
def confirm_ballot_entry(body: dict) -> dict:
    view = ballot.confirm_entry(
        body["release"], body["entry"], body["token"], get_store(), get_mailer(), clock.now()
    )
    return entry_view(view)


@bp.endpoint(
    "GET",
    "/ballots/{release_id}/entries/{entry_id}",
    summary="An entry, for the holder of its token: its state and, when won, the booking",
    params={"release_id": RELEASE_ID, "entry_id": ENTRY_ID},
    headers=ENTRY_TOKEN,
    errors=(404, 422),
)
def get_ballot_entry(release_id: str, entry_id: str) -> dict:
    return entry_view(ballot.entry_view(release_id, entry_id, _entry_token(), get_store()))


@bp.endpoint(
    "POST",
    "/ballots/{release_id}/entries/{entry_id}/withdraw",
    summary="Withdraw an entry during the entry period",
    params={"release_id": RELEASE_ID, "entry_id": ENTRY_ID},
    headers=ENTRY_TOKEN,
    errors=(404, 409, 422),
    error_notes={409: "The entry period is over (entries-closed)"},
)
def withdraw_ballot_entry(release_id: str, entry_id: str) -> dict:
    view = ballot.withdraw_entry(release_id, entry_id, _entry_token(), get_store(), clock.now())
    return entry_view(view)
