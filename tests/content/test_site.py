"""The site as editors change it: strict build, every language complete, facts from data/."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from scripts.translations import languages_of, report
from tests.conftest import LANGUAGES, ROOT, build_site, copy_site_sources

ENGLISH = ROOT / "docs" / "en"
ENGLISH_PAGES = sorted(page.relative_to(ENGLISH) for page in ENGLISH.rglob("*.md"))


def html_of(site: Path, language: str, page: Path) -> str:
    folder = site if language == "en" else site / language
    folder = folder / (page.parent if page.stem == "index" else page.with_suffix(""))
    return (folder / "index.html").read_text(encoding="utf-8")


def test_every_page_exists_and_is_current_in_every_language():
    behind = [f"{s.language}/{s.page} is {s.state}" for s in report() if s.state != "current"]

    assert not behind, (
        "Translate these pages (or update them to the English text), then run "
        "`python scripts/translations.py stamp docs/<lang>/<page>.md`: " + "; ".join(behind)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ENGLISH_PAGES, ids=str)
def test_every_page_is_built_with_its_language(built_site, language, page):
    html = html_of(built_site, language, page)

    assert f'<html lang="{language}"' in html
    translated = language == "en" or language in languages_of(ENGLISH / page)
    notice = 'class="admonition info"' in html
    assert notice != translated, "the fallback notice shows exactly on pages not translated"


@pytest.mark.parametrize("page", ENGLISH_PAGES, ids=str)
def test_english_pages_name_their_sources_and_when_they_were_last_reviewed(page):
    text = (ROOT / "docs" / "en" / page).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])

    assert front["title"]
    assert front["description"]
    assert front["reviewed"]
    assert front["sources"], "name where the page's facts come from"


class Resources(HTMLParser):
    """Every URL the browser would fetch by itself: scripts, styles, images, icons, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and values.get("rel") not in ("alternate", "canonical"):
            self.urls.append(values.get("href") or "")


def is_remote(url: str) -> bool:
    return url.strip("'\" ").lower().startswith(("http:", "https:", "//"))


def test_no_page_loads_anything_from_another_host(built_site):
    offending = []
    for page in built_site.rglob("*.html"):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(built_site)
        offending += [f"{name}: {url}" for url in parser.urls if is_remote(url)]
    for stylesheet in built_site.rglob("*.css"):
        urls = re.findall(r"url\(([^)]*)\)", stylesheet.read_text(encoding="utf-8"))
        offending += [f"{stylesheet.name}: {url}" for url in urls if is_remote(url)]

    assert offending == []


def test_every_site_string_exists_in_every_language():
    strings = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))

    for key, texts in strings.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(str(text).strip() for text in texts.values()), key


def test_every_known_fact_names_its_source_and_review_date():
    offices = yaml.safe_load((ROOT / "data" / "offices.yml").read_text(encoding="utf-8"))["offices"]

    for office in offices:
        assert set(office["name"]) == set(LANGUAGES), office["id"]
        for field in ("address", "service_points", "hours", "phone"):
            fact = office.get(field)
            if fact is not None:
                assert fact["value"] and fact["source"] and fact["reviewed"], (office["id"], field)
                assert isinstance(fact["verified"], bool), (office["id"], field)


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Address"), ("pl", "Adres"), ("uk", "Адреса"), ("ru", "Адрес"), ("vi", "Địa chỉ")],
)
def test_the_offices_page_renders_the_data_file_in_the_readers_language(
    built_site, language, label
):
    html = html_of(built_site, language, Path("offices.md"))

    assert f"<strong>{label}:</strong> ul. Marszałkowska 3/5, 00-624 Warszawa" in html
    assert "{{" not in html


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a copy whose data changed and which has a page only in English."""
    root = copy_site_sources(tmp_path_factory.mktemp("changed"))
    offices = root / "data" / "offices.yml"
    text = offices.read_text(encoding="utf-8")
    offices.write_text(text.replace("ul. Żeromskiego 53", "ul. Testowa 1"), encoding="utf-8")
    (root / "docs" / "en" / "only-english.md").write_text(
        "---\ntitle: Only in English\n---\n# Only in English\n\nNew text.\n", encoding="utf-8"
    )
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_changed_address_in_the_data_file_changes_every_language(changed_site, language):
    html = html_of(changed_site, language, Path("offices.md"))

    assert "ul. Testowa 1" in html
    assert "Żeromskiego" not in html


@pytest.mark.parametrize("language", ["pl", "uk", "ru", "vi"])
def test_a_page_missing_in_a_language_falls_back_to_english_with_a_notice(changed_site, language):
    strings = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))

    html = html_of(changed_site, language, Path("only-english.md"))

    assert f'<html lang="{language}"' in html
    assert "New text." in html
    assert strings["fallback_notice"][language] in html
