from chalice import Response

from chalicelib import clock
from chalicelib.release import figures
from chalicelib.storage import get_store
from chalicelib.web.api import ApiBlueprint
from chalicelib.web.caching import public_json, public_text

bp = ApiBlueprint(__name__, tag="figures")

# The snapshot changes once a day: an hour in CloudFront and browsers costs a reader at most an
# hour's delay after the daily round, and the API one read per hour per edge.
FIGURES_MAX_AGE = 3600


@bp.endpoint(
    "GET",
    "/figures",
    summary="Public figures per office and service, updated daily: days to the next free slot, "
    "the last ballot's entries and seats, the queue's median and P90 wait over 30 days "
    "(JSON, or CSV with format=csv); no personal data",
    query={
        "type": "object",
        "properties": {"format": {"type": "string", "enum": ["json", "csv"]}},
    },
    errors=(304,),
)
def public_figures(query: dict) -> Response:
    snapshot = figures.latest(get_store(), clock.now())
    if query.get("format") == "csv":
        return public_text(
            bp.current_request,
            figures.as_csv(snapshot),
            {
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": 'attachment; filename="blizej-figures.csv"',
            },
            FIGURES_MAX_AGE,
        )
    return public_json(bp.current_request, snapshot, FIGURES_MAX_AGE)
