"""What a ticket slip from the kiosk carries: the QR code of the "my ticket" page on the phone.

The kiosk draws the code as one SVG path into an inline <svg> (no markup from the server, so the
strict CSP holds and no QR library runs in the browser); the receipt printer prints that path.
"""

from dataclasses import dataclass

import segno

from chalicelib.config import page_url

QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks for a reliable scan


@dataclass(frozen=True)
class QrCode:
    """A QR code as an SVG path of its dark modules in a square of `size` modules, quiet zone in."""

    text: str
    size: int
    path: str


def qr_code(text: str) -> QrCode:
    """The QR code of `text`: each run of dark modules in a row is one rectangle of the path."""
    symbol = segno.make(text, error="m", micro=False)
    rectangles: list[str] = []
    for y, row in enumerate(symbol.matrix_iter(border=QUIET_ZONE)):
        x, cells = 0, list(row)
        while x < len(cells):
            if not cells[x]:
                x += 1
                continue
            start = x
            while x < len(cells) and cells[x]:
                x += 1
            rectangles.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    size, _ = symbol.symbol_size(border=QUIET_ZONE)
    return QrCode(text=text, size=size, path="".join(rectangles))


def ticket_page(language: str, ticket_id: str) -> str:
    """The "my ticket" page of a ticket; the id goes in the fragment, which no server ever sees."""
    return f"{page_url(language, 'ticket/')}#id={ticket_id}"
