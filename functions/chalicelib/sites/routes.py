from chalicelib.sites import services
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint
from chalicelib.web.schema import NAMES, SLUG

bp = ApiBlueprint(__name__, tag="sites")

SITE_ID = SLUG
SITE = {
    "type": "object",
    "properties": {
        "id": SITE_ID,
        "city": {"type": "string", "maxLength": 80},
        "name": NAMES,
        "address": {"type": ["string", "null"], "maxLength": 200},
    },
    "required": ["id", "city", "name", "address"],
}
SITE_INPUT = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "minLength": 1, "maxLength": 80},
        "name": NAMES,
        "address": {"type": "string", "minLength": 1, "maxLength": 200},
    },
    "required": ["city", "name"],
}


@bp.endpoint("GET", "/sites", summary="List the offices", response={"type": "array", "items": SITE})
def list_sites() -> list[dict]:
    return [site.as_dict() for site in services.list_sites(get_store())]


@bp.endpoint(
    "GET",
    "/sites/{site_id}",
    summary="One office",
    params={"site_id": SITE_ID},
    response=SITE,
    errors=(404,),
)
def get_site(site_id: str) -> dict:
    return services.get_site(site_id, get_store()).as_dict()


@bp.endpoint(
    "PUT",
    "/admin/sites/{site_id}",
    summary="Create or replace an office",
    staff=True,
    params={"site_id": SITE_ID},
    body=SITE_INPUT,
    response=SITE,
    errors=(401, 422),
)
def put_site(site_id: str, body: dict) -> dict:
    site = services.save_site(site_id, body["city"], body["name"], body.get("address"), get_store())
    return site.as_dict()
