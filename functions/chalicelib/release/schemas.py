"""Request shapes both the ballot's and the waiting list's routes take."""

from chalicelib.release.model import PARTS
from chalicelib.web.schema import DAY

PREFERENCES = {
    "type": "object",
    "description": "When the person can come; each part may be left out (any)",
    "properties": {
        "weekdays": {
            "type": "array",
            "items": {"type": "integer", "minimum": 0, "maximum": 6},
            "maxItems": 7,
            "description": "Monday = 0",
        },
        "parts": {
            "type": "array",
            "items": {"type": "string", "enum": list(PARTS)},
            "maxItems": 2,
            "description": "morning: before 12:00 Polish time; afternoon: from 12:00",
        },
        "earliest": {
            **DAY,
            "type": ["string", "null"],
            "description": "The first day the person can come, or null; "
            "a calendar day, YYYY-MM-DD, from 2000-01-01 to 2100-12-31",
        },
    },
}
