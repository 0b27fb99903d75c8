"""The built site carries one texts file per language, and every page with widgets loads its own."""

import re
from pathlib import Path

from tests.conftest import LANGUAGES

SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]*assets/widgets/[^"]*)"')
HTML_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')


def test_the_site_has_a_texts_file_for_each_language_and_no_strings_files(built_site: Path):
    folder = built_site / "assets" / "widgets"

    assert sorted(p.name for p in (folder / "texts").iterdir()) == sorted(
        f"{language}.js" for language in LANGUAGES
    )
    assert list(folder.rglob("strings.js")) == []


def test_every_page_with_widgets_loads_its_own_languages_texts_before_them(built_site: Path):
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts = SCRIPT.findall(html)
        if not scripts:
            continue
        language = HTML_LANG.search(html).group(1)
        first = scripts[0]
        # 404.html, served at any depth, links from the site's root
        target = (
            built_site / first[1:] if first.startswith("/") else (page.parent / first).resolve()
        )
        if not first.endswith(f"assets/widgets/texts/{language}.js") or not target.is_file():
            wrong.append(f"{page.relative_to(built_site)} loads {first} first")
        if sum("/widgets/texts/" in src for src in scripts) != 1:
            wrong.append(f"{page.relative_to(built_site)} loads more than one texts file")

    assert wrong == []
