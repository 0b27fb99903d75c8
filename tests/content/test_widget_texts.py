"""The built site carries the texts of each language, and every page with widgets loads the words
of its own language and widgets alone."""

import json
import re
from pathlib import Path

from tests.conftest import LANGUAGES

SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]*assets/widgets/[^"]*)"')
HTML_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')
WIDGET = re.compile(r"assets/widgets/([a-z-]+)/[^/]*\.js$")


def test_the_site_has_the_texts_of_each_language_and_no_strings_files(built_site: Path):
    folder = built_site / "assets" / "widgets"

    assert sorted(p.name for p in (folder / "texts").iterdir()) == sorted(
        [f"{language}.js" for language in LANGUAGES] + list(LANGUAGES)
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
        if f"assets/widgets/texts/{language}/" not in first or not target.is_file():
            wrong.append(f"{page.relative_to(built_site)} loads {first} first")
            continue
        if sum("/widgets/texts/" in src for src in scripts) != 1:
            wrong.append(f"{page.relative_to(built_site)} loads more than one texts file")
        widgets = {match.group(1) for src in scripts[1:] if (match := WIDGET.search(src))}
        if words_in(target) != {"shared"} | (widgets - {"shared"}):
            wrong.append(f"{page.relative_to(built_site)} gets the words of {words_in(target)}")

    assert wrong == []


def words_in(module: Path) -> set[str]:
    """The widgets whose words a texts module sets."""
    text = module.read_text(encoding="utf-8").splitlines()[-1]
    return set(json.loads(text.removeprefix("globalThis.blizejTexts = ").rstrip(";")))


def test_a_guide_page_downloads_no_words_of_the_booking_form(built_site: Path):
    guide = built_site / "uk" / "guides" / "temporary-residence" / "gather-documents"
    html = (guide / "index.html").read_text(encoding="utf-8")
    src = next(src for src in SCRIPT.findall(html) if "/widgets/texts/" in src)

    assert words_in((guide / src).resolve()) == {"shared", "guide"}
