"""MkDocs hook: every landmark of a page is named once, in the page's language.

Material writes a page's table of contents twice: in the sidebar and again inside the main
navigation, where a phone shows it. Both copies are `<nav>`s with the same name, and each section
with subsections is a `<nav>` of its own, named after its heading, in both copies. A screen
reader's list of landmarks then shows each name twice. This hook names the copy in the menu apart
(`toc_in_menu` in data/strings.yml) and makes the sections' lists plain parts of their table of
contents (`<div>`), since a section of a list of links is not a landmark of its own.

A section of the main navigation that has a page of its own ("Guides") is a link and, beside it, a
toggle (`<label>`) that shows only an icon; the section's `<nav>` is named after that toggle, so it
had no name. The `<nav>` is named after the section's title instead (a `<label>` may not carry
`aria-label`).
"""

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

STRINGS = Path(__file__).resolve().parent.parent / "data" / "strings.yml"

NAV_TAG = re.compile(r"<nav\b[^>]*>|</nav>")
TOC = 'class="md-nav md-nav--secondary" aria-label="'
TOC_SECTION = re.compile(r'<nav class="md-nav" aria-label="[^"]*">')
SECTION_TOGGLE = re.compile(
    r'(<span class="md-ellipsis">\s*(?P<title>[^<]*?)\s*</span>\s*</a>\s*)'
    r'<label class="md-nav__link ?" for="(?P<id>__nav_\w+)" id="(?P=id)_label" tabindex="0">'
)


@cache
def _label(language: str) -> str:
    strings = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))
    return html.escape(strings["toc_in_menu"][language], quote=True)


def on_post_page(output: str, page: Any, config: Any) -> str:
    language = config.theme["language"]
    output = _plain_toc_sections(output)
    output = _named_sections(output)
    if output.count(TOC) == 2:  # the first is the copy in the main navigation, before the sidebar
        label = _label(language)
        start = output.index(TOC) + len(TOC)
        output = output[:start] + label + output[output.index('"', start) :]
    return output


def on_post_template(output: str, template_name: str, config: Any) -> str:
    # 404.html is a theme template, not a page: it has the main navigation, not a table of contents.
    return _named_sections(output) if template_name == "404.html" else output


def _plain_toc_sections(output: str) -> str:
    """Each section's `<nav>` in a table of contents, with its closing tag, becomes a `<div>`."""
    pieces: list[str] = []
    opened: list[bool] = []  # for each open <nav>: is it a section that becomes a <div>?
    last = 0
    for tag in NAV_TAG.finditer(output):
        text = tag.group()
        if text == "</nav>":
            text = "</div>" if opened and opened.pop() else text
        else:
            section = TOC_SECTION.fullmatch(text) is not None
            opened.append(section)
            if section:
                text = '<div class="md-nav">'
        pieces.append(output[last : tag.start()] + text)
        last = tag.end()
    pieces.append(output[last:])
    return "".join(pieces)


def _named_sections(output: str) -> str:
    """Each section `<nav>` named by an icon-only toggle is named after its section's title."""
    for match in SECTION_TOGGLE.finditer(output):
        # The title is already HTML (escaped by MkDocs); an attribute needs its quotes escaped too.
        title = match.group("title").replace('"', "&quot;")
        output = output.replace(
            f'aria-labelledby="{match.group("id")}_label"', f'aria-label="{title}"'
        )
    return output
