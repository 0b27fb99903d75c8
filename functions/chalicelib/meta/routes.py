from chalice import Response

from chalicelib import clock
from chalicelib.clock import format_instant
from chalicelib.config import settings
from chalicelib.meta import openapi
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint

bp = ApiBlueprint(__name__, tag="meta")

HEALTH = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["ok"]},
        "version": {"type": "string"},
        "store": {"type": "string", "enum": ["sqlite", "dynamodb"]},
        "now": {"type": "string", "description": "The server's current instant, UTC"},
    },
    "required": ["status", "version", "store", "now"],
}


@bp.endpoint(
    "GET", "/health", summary="Version, store and clock in use", response=HEALTH, errors=(503,)
)
def health() -> Response:
    store = get_store()
    store.upkeep.ping()
    body = {
        "status": "ok",
        "version": settings().version,
        "store": store.kind,
        "now": format_instant(clock.now()),
    }
    return Response(body=body, headers={"Cache-Control": "no-store"})


@bp.endpoint("GET", "/openapi.json", summary="This API described in OpenAPI 3.1", uses_store=False)
def openapi_document() -> dict:
    return openapi.describe(bp.current_app.routes, settings().version)
