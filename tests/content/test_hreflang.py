"""Every built page names its versions in the other languages as search engines want them.

Lighthouse's SEO audit (hreflang) accepts only valid language codes and fully qualified
addresses; search engines ignore a set of alternates that do not point back at each other.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import LANGUAGES

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default; the tests build without BLIZEJ_*


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.language = ""
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.language = attributes.get("lang") or ""
        if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.alternates.append((attributes["hreflang"] or "", attributes.get("href") or ""))


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def address_of(site: Path, path: Path) -> str:
    folder = path.parent.relative_to(site).as_posix()
    return SITE_URL if folder == "." else f"{SITE_URL}{folder}/"


def file_of(site: Path, address: str) -> Path:
    return site / urlsplit(address).path.lstrip("/") / "index.html"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Head]:
    return {address_of(built_site, path): head_of(path) for path in built_site.rglob("index.html")}


def test_every_page_has_one_alternate_per_language_and_an_english_x_default(pages):
    wrong = []
    for address, head in pages.items():
        codes = [code for code, _ in head.alternates]
        links = dict(head.alternates)
        if sorted(codes) != sorted([*LANGUAGES, "x-default"]):
            wrong.append(f"{address}: hreflang {codes}")
        elif links["x-default"] != links["en"]:
            wrong.append(f"{address}: x-default {links['x-default']} is not the English page")
        elif links[head.language] != address:
            wrong.append(f"{address}: its own language links to {links[head.language]}")

    assert len(pages) > 100
    assert wrong == []


def test_every_alternate_is_a_fully_qualified_address_of_a_built_page(built_site, pages):
    wrong = [
        f"{address} → {href}"
        for address, head in pages.items()
        for _, href in head.alternates
        if not href.startswith(SITE_URL) or not file_of(built_site, href).is_file()
    ]

    assert wrong == []


def test_the_alternates_of_a_page_point_back_to_it(pages):
    one_way = [
        f"{address} → {href}"
        for address, head in pages.items()
        for _, href in head.alternates
        if href in pages and address not in dict(pages[href].alternates).values()
    ]

    assert one_way == []


def test_the_not_found_page_names_no_alternates(built_site):
    assert head_of(built_site / "404.html").alternates == []
