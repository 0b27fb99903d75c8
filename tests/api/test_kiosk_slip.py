"""The kiosk's answers carry the ticket slip: service, time of issue, and a QR code that a phone
reads as the address of the ticket's "my ticket" page, in the kiosk's language."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body
from tests.api.test_appointments import PERSON, book
from tests.api.test_queue import APPOINTMENT, post

RECTANGLE = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\3z")
SCALE = 8  # pixels per module: what a phone's camera would see, comfortably


def scanned(qr: dict, scratch: Path) -> str:
    """What zbarimg reads from the QR code drawn from the answer's path, as the kiosk draws it."""
    size = qr["size"]
    dark = [[False] * size for _ in range(size)]
    assert RECTANGLE.sub("", qr["path"]) == "", "the path is only rows of rectangles"
    for x, y, run in RECTANGLE.findall(qr["path"]):
        for column in range(int(x), int(x) + int(run)):
            dark[int(y)][column] = True
    pixels = bytearray()
    for row in dark:
        line = bytes(0 if cell else 255 for cell in row for _ in range(SCALE))
        pixels += line * SCALE
    image = scratch / "slip.pgm"
    image.write_bytes(f"P5 {size * SCALE} {size * SCALE} 255\n".encode() + bytes(pixels))
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def test_a_walk_in_ticket_carries_a_qr_code_of_its_ticket_page_in_the_kiosks_language(
    client, outbox, clock, tmp_path
):
    response = post(client, "/queue/waw/tickets", {"service": "information", "language": "uk"})

    ticket = body(response)
    slip = ticket["slip"]
    assert response.status_code == 201
    assert slip["ticket_page"] == f"http://blizej.test/uk/ticket/#id={ticket['id']}"
    assert scanned(slip["qr"], tmp_path) == slip["ticket_page"]
    assert slip["service_name"] == "Інформаційний пункт"
    assert ticket["issued_at"] == "2026-12-07T07:00:00Z"


def test_a_check_in_ticket_carries_a_qr_code_of_its_ticket_page_in_the_kiosks_language(
    client, outbox, clock, tmp_path
):
    code = book(client, outbox)["code"]
    clock.current = APPOINTMENT - timedelta(minutes=10)

    response = post(
        client,
        "/queue/waw/checkin",
        {"code": code, "document": PERSON["document"], "language": "vi"},
    )

    ticket = body(response)
    assert response.status_code == 201
    assert ticket["slip"]["ticket_page"] == f"http://blizej.test/vi/ticket/#id={ticket['id']}"
    assert scanned(ticket["slip"]["qr"], tmp_path) == ticket["slip"]["ticket_page"]
    assert ticket["issued_at"] == "2026-12-14T07:50:00Z"
    assert code not in ticket["slip"]["ticket_page"], "the slip never carries the booking code"


def test_an_english_kiosk_points_the_qr_code_to_the_english_ticket_page_at_the_sites_root(
    client, outbox, clock, tmp_path, monkeypatch
):
    monkeypatch.setenv("BLIZEJ_SITE_URL", "https://blizej.example.gov.pl/")

    ticket = body(post(client, "/queue/waw/tickets", {"service": "information", "language": "en"}))

    expected = f"https://blizej.example.gov.pl/ticket/#id={ticket['id']}"
    assert scanned(ticket["slip"]["qr"], tmp_path) == expected


def test_a_walk_in_in_an_unknown_language_is_refused_and_issues_no_ticket(client, outbox, clock):
    response = post(client, "/queue/waw/tickets", {"service": "information", "language": "de"})

    assert_problem(response, 422, "validation-failed")
    assert get_store().tickets.day_tickets("waw", "2026-12-07") == []
