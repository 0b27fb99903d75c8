"""The versioned site (mike) in real Chromium: versions, `latest`, and both selectors under them.

scripts/versioned_site.py builds two releases, 1.0 and 1.1 (which says one sentence more on the
English "About" page), into a directory served here as a static host would serve it.
"""

import functools
import http.server
import threading
import urllib.request
from collections.abc import Iterator

import pytest

from scripts.versioned_site import build
from tests.conftest import copy_site_sources, free_port

pytestmark = pytest.mark.browser

NEWS = "This sentence is new in version 1.1."


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("versioned")
    older = copy_site_sources(tmp / "1.0")
    newer = copy_site_sources(tmp / "1.1")
    about = newer / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{NEWS}\n", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = build(tmp / "site", [("1.0", older), ("1.1", newer)], site_url=url)

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_root_redirects_to_the_latest_version(page, versioned_site):
    page.goto(versioned_site)

    page.wait_for_url(versioned_site + "latest/")
    assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize(("version", "has_news"), [("latest", True), ("1.1", True), ("1.0", False)])
def test_each_version_keeps_its_own_pages(page, versioned_site, version, has_news):
    page.goto(f"{versioned_site}{version}/about/")

    assert (NEWS in page.locator("article").inner_text()) is has_news


@pytest.mark.parametrize(
    ("start", "language", "expected"),
    [
        ("1.0/uk/about/", "pl", "1.0/pl/about/"),
        ("1.0/offices/", "vi", "1.0/vi/offices/"),
        ("1.0/pl/about/", "en", "1.0/about/"),
        ("1.0/ru/", "uk", "1.0/uk/"),
        ("latest/", "pl", "latest/pl/"),
    ],
)
def test_the_language_switcher_keeps_the_page_and_the_version(
    page, versioned_site, start, language, expected
):
    page.goto(versioned_site + start)

    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{language}"]').click()

    page.wait_for_url(versioned_site + expected)
    assert page.get_attribute("html", "lang") == language


@pytest.mark.parametrize("path", ["1.0/about/", "1.0/pl/about/", "1.0/vi/offices/", "1.1/uk/"])
def test_the_version_selector_shows_on_pages_of_every_language(page, versioned_site, path):
    page.goto(versioned_site + path)

    current = page.locator(".md-version__current")
    links = page.locator(".md-version__link")

    assert current.inner_text().startswith(path.split("/")[0])  # then "latest" on 1.1
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        versioned_site + "1.1/",
        versioned_site + "1.0/",
    ]


def test_the_version_selector_leads_to_the_same_page_of_the_other_version(page, versioned_site):
    page.goto(versioned_site + "1.0/pl/about/")

    page.locator(".md-version").hover()
    with page.expect_navigation():
        page.locator(".md-version__link", has_text="1.1").click()

    page.wait_for_url(versioned_site + "1.1/pl/about/")
    assert page.get_attribute("html", "lang") == "pl"
    with urllib.request.urlopen(page.url) as response:
        assert response.status == 200
