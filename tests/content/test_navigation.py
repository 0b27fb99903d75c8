"""The readers' menu holds what readers need; office apps and staff pages sit outside it."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import LANGUAGES

OFFICE_AND_STAFF = (
    "kiosk/",
    "ticket/",
    "board/",
    "staff-console/",
    "staff-dashboard/",
    "translation-status/",
    "staff/",
)
READER_PAGES = ("book/", "guides/", "glossary/", "offices/")  # seen from case-status/
STAFF_APPS = ("staff-console/", "staff-dashboard/", "board/", "kiosk/", "translation-status/")


class PrimaryNavLinks(HTMLParser):
    """The links inside Material's primary navigation (the menu), however deeply nested."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # <nav> elements open inside the primary one
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (values.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href"):
            self.links.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def links_of(html: str, parser: type[HTMLParser]) -> list[str]:
    found = parser()
    found.feed(html)
    return found.links


class AllLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def page(site: Path, language: str, path: str) -> str:
    folder = site if language == "en" else site / language
    return (folder / path / "index.html").read_text(encoding="utf-8")


def ends_with_page(link: str, path: str) -> bool:
    target = link.split("#", 1)[0]
    return target == path or target.endswith(f"/{path}") or target == f"./{path}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_readers_menu_has_no_office_app_and_no_staff_page(built_site, language):
    menu = links_of(page(built_site, language, "case-status"), PrimaryNavLinks)

    assert menu, "the menu was not found in the page"
    hidden = [link for link in menu for path in OFFICE_AND_STAFF if ends_with_page(link, path)]
    assert hidden == []
    assert all(any(ends_with_page(link, path) for link in menu) for path in READER_PAGES)


@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_staff_index_links_every_office_app(built_site, language):
    links = links_of(page(built_site, language, "staff"), AllLinks)

    assert [app for app in STAFF_APPS if not any(link == f"../{app}" for link in links)] == []


@pytest.mark.parametrize("path", ["kiosk", "ticket", "board", "staff-console", "staff"])
def test_pages_outside_the_menu_are_still_built_at_their_address(built_site, path):
    assert (built_site / path / "index.html").is_file()
    assert (built_site / "pl" / path / "index.html").is_file()
