"""HTML and CSS templates to tagged PDF, with QR codes and nothing fetched from the network.

Print lives longer than a page: the PDFs are tagged (PDF/UA-1) so that a screen reader can read a
leaflet someone downloaded, and they embed their fonts (DejaVu Sans covers Polish, Cyrillic and
Vietnamese) so that every printer shows the same letters.
"""

from pathlib import Path

import segno
import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint.urls import FatalURLFetchingError, URLFetcher

TEMPLATES = Path(__file__).resolve().parent / "templates"


class LocalOnly(URLFetcher):
    """Fetches the stylesheet and the QR codes' data URIs; anything remote stops the build.

    A PDF made on a CI machine must not depend on, nor leak to, another host.
    """

    def fetch(self, url: str, headers: dict | None = None):
        if not url.startswith(("file:", "data:")):
            raise FatalURLFetchingError(f"print materials fetch nothing remote: {url}")
        return super().fetch(url, headers)


def qr_code(url: str) -> str:
    """A QR code as an SVG data URI: error correction M at least, with the standard quiet zone.

    segno raises the correction level when that costs no extra size, so small codes get Q or H.
    """
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, omitsize=True)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["qr_code"] = qr_code
    return env


def write_pdf(template: str, target: Path, **context: object) -> Path:
    html = environment().get_template(template).render(**context)
    base_url = TEMPLATES.as_uri() + "/"  # print.css, next to the templates
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=LocalOnly())
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    return target
