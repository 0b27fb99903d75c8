from datetime import timedelta

from chalice import Response

from chalicelib import clock
from chalicelib.clock import format_instant
from chalicelib.config import LANGUAGES
from chalicelib.queue import services
from chalicelib.queue.model import PREVIOUS_OUTCOMES, Counter, Ticket
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint, day_field, read_json
from chalicelib.web.caching import public_json
from chalicelib.web.schema import DAY, SLUG

bp = ApiBlueprint(__name__, tag="queue")

# A call shows on the hall's screens at most this late; infra/resources.yml caps CloudFront at it.
BOARD_MAX_AGE = 2

ID = SLUG
COUNTER = {"type": "string", "pattern": "[A-Za-z0-9-]{1,12}"}
TICKET = {
    "type": "string",
    "pattern": r"[a-z0-9-]{2,32}\.[0-9]{4}-[0-9]{2}-[0-9]{2}\.[A-Za-z0-9_-]{16,40}",
}
LANGUAGE = {"type": "string", "enum": list(LANGUAGES)}
CHECK_IN = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "[A-Za-z]{3}-[A-Za-z0-9]{4}-[A-Za-z0-9]{2}"},
        "document": {
            "type": "string",
            "minLength": 5,
            "maxLength": 20,
            "pattern": "[A-Za-z0-9 -]+",
        },
        "language": LANGUAGE,
    },
    "required": ["code", "document"],
}
WALK_IN = {
    "type": "object",
    "properties": {"service": ID, "priority": {"type": "boolean"}, "language": LANGUAGE},
    "required": ["service"],
}
COUNTER_SETUP = {
    "type": "object",
    "properties": {
        "services": {"type": "array", "items": ID, "maxItems": 20},
        "open": {"type": "boolean"},
    },
    "required": ["services", "open"],
}
AT_COUNTER = {"type": "object", "properties": {"counter": COUNTER}, "required": ["counter"]}
CALL_NEXT = {
    "type": "object",
    "properties": {"previous": {"type": "string", "enum": list(PREVIOUS_OUTCOMES)}},
}
TRANSFER = {"type": "object", "properties": {"service": ID}, "required": ["service"]}


def ticket_view(ticket: Ticket) -> dict:
    """What anyone holding the ticket may see: no booking code, no name."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": ticket.service_id,
        "state": ticket.state.value,
        "counter": ticket.counter,
        "appointment": format_instant(ticket.appointment) if ticket.appointment else None,
        "priority": ticket.priority,
        "calls": ticket.calls,
    }


def _position_view(ticket_id: str) -> dict:
    found = services.position(ticket_id, get_store(), clock.now())
    return {
        **ticket_view(found.ticket),
        "ahead": found.ahead,
        "estimated_minutes": round(found.wait.total_seconds() / 60),
    }


def _issued_view(ticket: Ticket, language: str) -> dict:
    """A new ticket as the kiosk shows and prints it: the position, and the slip in its language."""
    printed = services.ticket_slip(ticket, language, get_store())
    return {
        **_position_view(ticket.id),
        "issued_at": format_instant(ticket.arrived_at),
        "slip": {
            "language": language,
            "service_name": printed.service_name,
            "ticket_page": printed.ticket_page,
            "qr": {"size": printed.qr.size, "path": printed.qr.path},
        },
    }


@bp.endpoint(
    "POST",
    "/queue/{site}/checkin",
    summary="Check in with a booking code: get a ticket",
    params={"site": ID},
    body=CHECK_IN,
    errors=(404, 409, 422),
    status=201,
)
def check_in(site: str, body: dict) -> Response:
    ticket = services.check_in(site, body["code"], body["document"], get_store(), clock.now())
    language = body.get("language", ticket.language)
    return Response(body=_issued_view(ticket, language), status_code=201)


@bp.endpoint(
    "POST",
    "/queue/{site}/tickets",
    summary="A walk-in ticket for a service",
    params={"site": ID},
    body=WALK_IN,
    errors=(404, 409, 422),
    status=201,
)
def walk_in(site: str, body: dict) -> Response:
    ticket = services.walk_in(
        site,
        body["service"],
        body.get("priority", False),
        body.get("language", "pl"),
        get_store(),
        clock.now(),
    )
    return Response(body=_issued_view(ticket, body.get("language", "pl")), status_code=201)


@bp.endpoint(
    "GET",
    "/queue/{site}/tickets",
    summary="Today's open tickets, for the counters",
    staff=True,
    params={"site": ID},
    errors=(401, 404),
)
def open_tickets(site: str) -> list[dict]:
    tickets = services.open_tickets(site, get_store(), clock.now())
    return [{**ticket_view(t), "priority_requested": t.priority_requested} for t in tickets]


@bp.endpoint(
    "GET",
    "/queue/{site}/board",
    summary="The hall's display board (public: CloudFront and browsers keep it 2 seconds)",
    params={"site": ID},
    errors=(304, 404),
)
def board(site: str) -> Response:
    shown = services.board(site, get_store(), clock.now())
    body = {
        "site": site,
        "updated_at": format_instant(clock.now()),
        "calls": [
            {
                "number": t.number,
                "counter": t.counter,
                "service": t.service_id,
                "called_at": format_instant(t.called_at),
            }
            for t in shown["calls"]
        ],
        "waiting": shown["waiting"],
    }
    # The same for everyone in the hall: however many screens and phones watch it, CloudFront
    # asks the API once per office every BOARD_MAX_AGE seconds. Errors stay no-store.
    return public_json(bp.current_request, body, BOARD_MAX_AGE)


@bp.endpoint(
    "GET",
    "/queue/tickets/{ticket_id}",
    summary="My ticket: position and estimated wait",
    params={"ticket_id": TICKET},
    errors=(404,),
)
def my_ticket(ticket_id: str) -> Response:
    return Response(body=_position_view(ticket_id), headers={"Cache-Control": "no-store"})


def counter_view(counter: Counter) -> dict:
    return {
        "site": counter.site_id,
        "counter": counter.id,
        "services": list(counter.services),
        "open": counter.open,
        "paused_since": format_instant(counter.paused_since) if counter.paused_since else None,
    }


def _minutes(span: timedelta) -> int:
    return round(span.total_seconds() / 60)


@bp.endpoint(
    "PUT",
    "/queue/{site}/counters/{counter}",
    summary="Open or close a counter",
    staff=True,
    params={"site": ID, "counter": COUNTER},
    body=COUNTER_SETUP,
    errors=(401, 404, 422),
)
def set_counter(site: str, counter: str, body: dict) -> dict:
    saved = services.set_counter(site, counter, body["services"], body["open"], get_store())
    return counter_view(saved)


@bp.endpoint(
    "GET",
    "/queue/{site}/counters/{counter}",
    summary="A counter's console: the counter, who is called there, and its services' queues",
    staff=True,
    params={"site": ID, "counter": COUNTER},
    errors=(401, 409),
)
def desk(site: str, counter: str) -> Response:
    now = clock.now()
    found = services.desk(site, counter, get_store(), now)
    current = None
    if found.current is not None:
        ticket, booking = found.current, found.booking
        current = {
            **ticket_view(ticket),
            "called_at": format_instant(ticket.called_at),
            "arrived_at": format_instant(ticket.arrived_at),
            "booking_code": ticket.booking_code,
            "name": booking.name if booking else None,
            "identifiers": dict(booking.identifiers) if booking else {},
        }
    body = {
        **counter_view(found.counter),
        "updated_at": format_instant(now),
        "current": current,
        "queues": [
            {
                "service": queue.service_id,
                "waiting": queue.waiting,
                "longest_minutes": _minutes(queue.longest),
                "estimated_minutes": _minutes(queue.estimated),
            }
            for queue in found.queues
        ],
    }
    return Response(body=body, headers={"Cache-Control": "no-store"})


@bp.endpoint(
    "POST",
    "/queue/{site}/counters/{counter}/pause",
    summary="A break: the counter calls no one until it resumes",
    staff=True,
    params={"site": ID, "counter": COUNTER},
    errors=(401, 409),
)
def pause(site: str, counter: str) -> dict:
    return counter_view(services.pause(site, counter, get_store(), clock.now()))


@bp.endpoint(
    "POST",
    "/queue/{site}/counters/{counter}/resume",
    summary="The break is over: the counter calls people again",
    staff=True,
    params={"site": ID, "counter": COUNTER},
    errors=(401, 409),
)
def resume(site: str, counter: str) -> dict:
    return counter_view(services.resume(site, counter, get_store()))


@bp.endpoint(
    "POST",
    "/queue/{site}/counters/{counter}/call-next",
    summary="Call the next person (refused while someone is still called, unless the body says"
    " what became of them)",
    staff=True,
    params={"site": ID, "counter": COUNTER},
    body=CALL_NEXT,
    read_body=False,  # optional: an empty body calls the next person when nobody is called
    errors=(401, 404, 409, 422),
)
def call_next(site: str, counter: str) -> dict:
    request = bp.current_request
    body = read_json(request, CALL_NEXT) if request.raw_body else {}
    called = services.call_next(site, counter, get_store(), clock.now(), body.get("previous"))
    return ticket_view(called)


def _counter_action(action, ticket_id: str, body: dict) -> dict:
    return ticket_view(action(ticket_id, body["counter"], get_store(), clock.now()))


@bp.endpoint(
    "POST",
    "/queue/tickets/{ticket_id}/recall",
    summary="Call the same person again",
    staff=True,
    params={"ticket_id": TICKET},
    body=AT_COUNTER,
    errors=(401, 404, 409),
)
def recall(ticket_id: str, body: dict) -> dict:
    return _counter_action(services.recall, ticket_id, body)


@bp.endpoint(
    "POST",
    "/queue/tickets/{ticket_id}/served",
    summary="The person was served",
    staff=True,
    params={"ticket_id": TICKET},
    body=AT_COUNTER,
    errors=(401, 404, 409),
)
def served(ticket_id: str, body: dict) -> dict:
    return _counter_action(services.serve, ticket_id, body)


@bp.endpoint(
    "POST",
    "/queue/tickets/{ticket_id}/no-show",
    summary="The called person did not come (out of the queue after 3 calls)",
    staff=True,
    params={"ticket_id": TICKET},
    body=AT_COUNTER,
    errors=(401, 404, 409),
)
def no_show(ticket_id: str, body: dict) -> dict:
    return _counter_action(services.no_show, ticket_id, body)


@bp.endpoint(
    "POST",
    "/queue/tickets/{ticket_id}/transfer",
    summary="Move a ticket to another service, keeping its place",
    staff=True,
    params={"ticket_id": TICKET},
    body=TRANSFER,
    errors=(401, 404, 409),
)
def transfer(ticket_id: str, body: dict) -> dict:
    return ticket_view(services.transfer(ticket_id, body["service"], get_store()))


@bp.endpoint(
    "POST",
    "/queue/tickets/{ticket_id}/priority",
    summary="Confirm that the office serves this person out of turn",
    staff=True,
    params={"ticket_id": TICKET},
    errors=(401, 404, 409),
)
def priority(ticket_id: str) -> dict:
    return ticket_view(services.confirm_priority(ticket_id, get_store()))


@bp.endpoint(
    "GET",
    "/admin/queue/{site}/statistics",
    summary="Queue statistics per service for one day (JSON, or CSV with format=csv)",
    staff=True,
    params={"site": ID},
    query={
        "type": "object",
        "properties": {
            "date": DAY,
            "format": {"type": "string", "enum": ["json", "csv"]},
        },
        "required": ["date"],
    },
    errors=(401, 422),
)
def statistics(site: str, query: dict) -> Response:
    day = day_field(query["date"], "date").isoformat()
    rows = services.day_statistics(site, day, get_store())
    if query.get("format") == "csv":
        return Response(
            body=services.as_csv(rows),
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="queue-{site}-{day}.csv"',
            },
        )
    return Response(body=rows)


@bp.endpoint(
    "GET",
    "/admin/queue/{site}/statistics/period",
    summary="Queue statistics of a site over a period of at most 366 days, for the dashboard "
    "(JSON, or CSV with format=csv or Accept: text/csv)",
    staff=True,
    params={"site": ID},
    query={
        "type": "object",
        "properties": {
            "from": DAY,
            "to": DAY,
            "format": {"type": "string", "enum": ["json", "csv"]},
        },
        "required": ["from", "to"],
    },
    errors=(401, 404, 422),
    error_notes={
        422: "A parameter breaks its schema or is no real day (validation-failed), `to` is "
        "before `from` (period-reversed), or the period is longer than 366 days (period-too-long)",
    },
)
def period_statistics(site: str, query: dict) -> Response:
    first, last = day_field(query["from"], "from"), day_field(query["to"], "to")
    figures = services.period_statistics(site, first, last, get_store(), clock.now())
    accept = bp.current_request.headers.get("accept", "")
    wants_csv = query.get("format") == "csv" or (
        "format" not in query and accept.split(";")[0].strip() == "text/csv"
    )
    if wants_csv:
        return Response(
            body=services.period_as_csv(figures),
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="queue-{site}-{first}-{last}.csv"',
                "Cache-Control": "no-store",
            },
        )
    return Response(body=figures, headers={"Cache-Control": "no-store"})
