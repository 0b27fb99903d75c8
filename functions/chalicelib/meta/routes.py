from chalice import Response

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
    },
    "required": ["status", "version", "store"],
}


@bp.endpoint("GET", "/health", summary="Version and store in use", response=HEALTH, errors=(503,))
def health() -> Response:
    store = get_store()
    store.ping()
    body = {"status": "ok", "version": settings().version, "store": store.kind}
    return Response(body=body, headers={"Cache-Control": "no-store"})


@bp.endpoint("GET", "/openapi.json", summary="This API described in OpenAPI 3.1")
def openapi_document() -> dict:
    return openapi.describe(bp.current_app.routes, settings().version)
