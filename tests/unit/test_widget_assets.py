"""hooks/widget_assets.py: a page links the widgets it contains, and only those."""

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.widget_assets import WIDGETS, with_widgets

ROOT = Path(__file__).resolve().parents[2]
DEFINE = re.compile(r'customElements\.define\("([a-z-]+)"')


def page(body: str, root: str = "../../assets/") -> str:
    return (
        '<html lang="uk"><head>'
        f'<link rel="stylesheet" href="{root}stylesheets/extra.css">'
        f"</head><body>{body}"
        f'<script src="{root}javascripts/accessibility.js" defer></script>'
        "</body></html>"
    )


def test_a_page_with_the_booking_calendar_links_its_module_its_stylesheet_and_the_shared_one():
    html = page("<booking-calendar><p>Call us</p></booking-calendar>")

    result = with_widgets(html)

    head, body = result.split("<body>")
    assert '<link rel="stylesheet" href="../../assets/widgets/shared/widget.css">' in head
    assert (
        head.index("extra.css")
        < head.index("shared/widget.css")
        < head.index("booking-calendar/booking-calendar.css")
    )
    assert (
        '<script src="../../assets/widgets/booking-calendar/booking-calendar.js" type="module">'
        in body
    )
    assert body.index("accessibility.js") < body.index("booking-calendar.js")
    assert "case-status" not in result


def test_a_page_without_widgets_is_left_as_it_is():
    html = page("<h1>Fees</h1><p>A <code>&lt;booking-calendar&gt;</code> is a widget.</p>")

    assert with_widgets(html) == html


def test_the_widgets_name_in_the_title_alone_adds_nothing():
    html = page("<h1>The calendar</h1>").replace(
        "<head>", "<head><title><booking-calendar> - Bliżej</title>"
    )

    assert with_widgets(html) == html


def test_a_checklist_brings_the_guide_tools_script_and_stylesheet():
    html = page('<div class="admonition checklist"><ul><li>Passport</li></ul></div>', "../assets/")

    result = with_widgets(html)

    assert '<script src="../assets/widgets/guide/checklist.js" type="module">' in result
    assert 'href="../assets/widgets/guide/guide.css"' in result
    assert "self-check.js" not in result


def test_a_guides_path_brings_its_stylesheet_but_no_script_and_no_shared_styles():
    html = page('<nav class="bz-path" aria-label="Steps"><ol></ol></nav>')

    result = with_widgets(html)

    assert 'href="../../assets/widgets/guide/guide.css"' in result
    assert "shared/widget.css" not in result
    assert 'type="module"' not in result


def test_widgets_sharing_a_stylesheet_link_it_once():
    html = page("<queue-kiosk></queue-kiosk><queue-board></queue-board>")

    result = with_widgets(html)

    assert result.count("queue/queue.css") == 1
    assert result.count("shared/widget.css") == 1
    assert "queue-kiosk/queue-kiosk.js" in result
    assert "queue-board/queue-board.js" in result


def test_a_page_under_assets_reaches_the_widgets_beside_its_stylesheets():
    html = page("<case-status></case-status>", root="../../")

    result = with_widgets(html)

    assert '<script src="../../widgets/case-status/case-status.js" type="module">' in result


def test_a_page_with_a_widget_but_no_place_for_its_files_fails_the_build():
    html = "<html><head></head><body><permit-finder></permit-finder></body></html>"

    with pytest.raises(PluginError):
        with_widgets(html)


def test_every_custom_element_the_widgets_define_is_known_to_the_hook():
    defined = set()
    for module in (ROOT / "docs" / "assets" / "widgets").rglob("*.js"):
        defined |= set(DEFINE.findall(module.read_text(encoding="utf-8")))

    known = {widget.mark.pattern for widget in WIDGETS}

    assert defined, "no customElements.define found: the pattern is out of date"
    assert sorted(name for name in defined if rf"<{name}[\s>]" not in known) == []
