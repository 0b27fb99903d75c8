"""The built site: each page loads the modules of the widgets it contains, and no others."""

import re
from pathlib import Path

ELEMENT = re.compile(
    r"<(booking-calendar|case-status|queue-kiosk|queue-ticket|queue-board|staff-console|"
    r"staff-dashboard|permit-finder|open-figures)[\s>]"
)
TOOL = re.compile(r'class="admonition (checklist|self-check)[\s"]')
MODULE = re.compile(r'<script\b[^>]*\bsrc="[^"]*widgets/([a-z-]+/[a-z-]+)\.js"')


def test_every_page_loads_the_modules_of_its_widgets_and_no_others(built_site: Path):
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        body = html[html.find("<body") :]
        expected = {f"{name}/{name}" for name in ELEMENT.findall(body)}
        expected |= {f"guide/{tool}" for tool in TOOL.findall(body)}
        loaded = set(MODULE.findall(html))
        if loaded != expected:
            wrong.append(f"{page.relative_to(built_site)}: {sorted(loaded)} not {sorted(expected)}")

    assert wrong == []


def test_the_home_pages_load_no_widget_file(built_site: Path):
    homes = [built_site / "index.html"] + [
        built_site / language / "index.html" for language in ("pl", "uk", "ru", "vi")
    ]

    assert [page.name for page in homes if "widgets/" in page.read_text(encoding="utf-8")] == []
