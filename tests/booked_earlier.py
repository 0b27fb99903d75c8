"""Prepares a local data folder in which a person booked on Friday for Monday morning.

The browser tests check in at the kiosk inside the real check-in window, on a dev server whose
clock is pinned to that Monday. Bookings are taken at least two hours ahead, so the booking is
made earlier, through the API with the clock pinned to the Friday before, as a person would.

    BLIZEJ_NOW=2026-12-04T12:00:00+01:00 python -m tests.booked_earlier DATA_DIR START

prints {"code": ..., "document": ...} for the confirmed booking starting at START (UTC).
"""

import email
import email.policy
import json
import re
import sys
from pathlib import Path

from devserver.localenv import configure


def book(data_dir: Path, start: str) -> dict[str, str]:
    configure(data_dir)

    from chalice.test import Client

    from app import app
    from chalicelib.storage import get_store
    from devserver import FUNCTIONS_DIR
    from devserver.seed import seed_if_empty

    seed_if_empty(get_store())
    document = "FRIDAY0001"
    outbox = data_dir / "outbox"
    with Client(app, stage_name="dev", project_dir=str(FUNCTIONS_DIR)) as client:
        held = client.http.post(
            "/bookings",
            headers={"Content-Type": "application/json"},
            body=json.dumps(
                {
                    "site": "waw",
                    "service": "fingerprints",
                    "start": start,
                    "name": "Hanna Petrenko",
                    "email": "hanna@example.org",
                    "document": document,
                    "language": "uk",
                    "consent": True,
                    "identifiers": {"mos": "MOS-2026-0777"},
                }
            ),
        )
        assert held.status_code == 202, held.body
        [sent] = outbox.glob("*.eml")
        message = email.message_from_bytes(sent.read_bytes(), policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",)).get_content()
        code, token = re.search(r"#confirm=([A-Z0-9-]+)&token=([\w-]+)", text).groups()
        confirmed = client.http.post(
            "/bookings/confirm",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"code": code, "token": token}),
        )
        assert confirmed.status_code == 200, confirmed.body
    return {"code": code, "document": document}


if __name__ == "__main__":
    print(json.dumps(book(Path(sys.argv[1]), sys.argv[2])))
