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
from playwright.sync_api import Error, expect

from chalicelib.config import page_url
from scripts.versioned_site import build
from tests.browser.test_offline import wait_until_kept
from tests.conftest import LANGUAGES, copy_site_sources, free_port
from tests.stack import resources

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


def test_each_versions_worker_keeps_its_own_version_readable_offline_and_no_other(
    page, versioned_site
):
    guide = "uk/guides/temporary-residence/"
    step, following = guide + "gather-documents/", guide + "file-in-mos/"
    page.goto(versioned_site + "1.1/" + step)
    wait_until_kept(page, versioned_site + "1.1/" + following)
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")

    page.context.set_offline(True)
    page.goto(versioned_site + "1.1/" + following)
    expect(page.locator(".bz-path__where")).to_have_text("Крок 3 з 8")
    with pytest.raises(Error, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(versioned_site + "1.0/" + following)  # 1.1's worker does not answer for 1.0
    page.context.set_offline(False)
    page.goto(versioned_site + "1.0/" + step)
    wait_until_kept(page, versioned_site + "1.0/" + step)
    names = page.evaluate("() => caches.keys()")

    assert scope == versioned_site + "1.1/"
    # 1.0's worker, activated last, left 1.1's copies alone.
    assert sorted(name.split(":")[1] for name in names) == ["/1.0/", "/1.1/"]


# What the API's emails and the print materials link to, in every language.
PUBLISHED = ["", "book/", "case-status/", "guides/temporary-residence/", "staff-console/"]


@functools.cache
def directory_index_code() -> str:
    return resources()["DirectoryIndex"]["Properties"]["FunctionCode"]


def cdn(page, uri: str, query: dict[str, str] | None = None) -> dict:
    """What the stack's CloudFront viewer-request function does with a request, run in Chromium."""
    code = directory_index_code()
    request = {
        "method": "GET",
        "uri": uri,
        "querystring": {name: {"value": value} for name, value in (query or {}).items()},
        "headers": {},
    }
    return page.evaluate(
        "([code, event]) => new Function(`${code}; return handler;`)()(event)",
        [code, {"version": "1.0", "viewer": {"ip": "192.0.2.1"}, "request": request}],
    )


def served(site: str, uri: str) -> tuple[int, str]:
    with urllib.request.urlopen(site + uri.lstrip("/")) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_addresses_the_api_and_the_print_materials_publish_lead_to_the_latest_pages(
    page, versioned_site, language
):
    for path in PUBLISHED:
        address = page_url(language, path, site_url=versioned_site)
        uri = "/" + address.removeprefix(versioned_site)
        if uri == "/":
            continue  # the root: mike's own redirect, test_the_root_redirects_to_the_latest_version

        redirect = cdn(page, uri)
        location = redirect["headers"]["location"]["value"]
        assert (redirect["statusCode"], location) == (302, f"/latest{uri}")
        request = cdn(page, location)
        assert request["uri"] == f"/latest{uri}index.html"
        status, html = served(versioned_site, request["uri"])
        assert status == 200
        assert f'<html lang="{language}"' in html


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("/", "/index.html"),
        ("/1.0/pl/about/", "/1.0/pl/about/index.html"),
        ("/1.0/pl/about", "/1.0/pl/about/index.html"),
        ("/latest/assets/stylesheets", "/latest/assets/stylesheets/index.html"),
        ("/versions.json", "/versions.json"),
        ("/print/pl/leaflet.pdf", "/print/pl/leaflet.pdf"),
    ],
)
def test_addresses_of_a_release_or_the_print_materials_are_served_as_they_are(page, uri, expected):
    assert cdn(page, uri)["uri"] == expected


def test_the_query_goes_along_to_the_latest_version(page):
    answer = cdn(page, "/uk/board/", {"site": "waw", "q": "a b&c"})

    assert answer["headers"]["location"]["value"] == "/latest/uk/board/?site=waw&q=a%20b%26c"


def test_the_page_cloudfront_shows_for_a_missing_file_exists_in_the_versioned_site(versioned_site):
    errors = resources()["Cdn"]["Properties"]["DistributionConfig"]
    # Server errors have no page of their own: they are only kept for 0 seconds.
    paths = {
        error["ResponsePagePath"]
        for error in errors["CustomErrorResponses"]
        if "ResponsePagePath" in error
    }

    assert paths
    for path in paths:
        assert served(versioned_site, path)[0] == 200


def test_search_under_a_version_fetches_that_versions_index_of_the_language(page, versioned_site):
    page.goto(versioned_site + "1.0/vi/offices/", wait_until="networkidle")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    page.locator("[data-md-component=search-query]").click()
    page.keyboard.type("nhánh")
    page.locator(".md-search-result__item").first.wait_for()

    assert [url for url in asked if "search_index" in url] == [
        versioned_site + "1.0/search/search_index.vi.json"
    ]
    assert page.locator(f'.md-search-result__item > a[href^="{versioned_site}1.0/vi/"]').count()


def test_the_hreflang_links_of_a_version_stay_in_that_version(page, versioned_site):
    page.goto(versioned_site + "1.0/pl/about/")

    links = page.locator("link[rel=alternate][hreflang]")
    hrefs = {
        links.nth(i).get_attribute("hreflang"): links.nth(i).get_attribute("href")
        for i in range(links.count())
    }

    assert hrefs["pl"] == versioned_site + "1.0/pl/about/"
    assert hrefs["x-default"] == versioned_site + "1.0/about/"
