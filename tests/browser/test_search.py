"""Search in real Chromium: each language's own index, fetched only when the reader opens search.

Also holds the language selector to its build-time links: no page asks for a sitemap.xml.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# (page, a word from that page's text, the index it should search)
PAGES = {
    "pl": ("pl/offices/", "delegaturach", "/search/search_index.pl.json"),
    "vi": ("vi/offices/", "nhánh", "/search/search_index.vi.json"),
    "uk": ("uk/offices/", "філіях", "/search/search_index.uk.json"),
    "ru": ("ru/offices/", "филиалах", "/search/search_index.ru.json"),
}
SEARCH_BOX = "[data-md-component=search-query]"


def record_paths(page: Page) -> list[str]:
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def lookups(paths: list[str]) -> list[str]:
    return [path for path in paths if path.endswith("sitemap.xml") or "search_index" in path]


@pytest.mark.parametrize("language", ["pl", "vi"])
def test_a_page_asks_for_no_sitemap_and_no_search_index_while_it_loads(page, dev_server, language):
    paths = record_paths(page)

    page.goto(dev_server.url + PAGES[language][0], wait_until="networkidle")

    assert len(paths) > 3
    assert lookups(paths) == []


@pytest.mark.parametrize("language", ["pl", "vi"])
def test_opening_search_fetches_only_the_index_of_the_pages_language(page, dev_server, language):
    address, _, index = PAGES[language]
    page.goto(dev_server.url + address, wait_until="networkidle")
    paths = record_paths(page)

    page.locator(SEARCH_BOX).click()
    page.wait_for_load_state("networkidle")

    assert lookups(paths) == [index]


@pytest.mark.parametrize("language", ["pl", "vi", "uk", "ru"])
def test_a_word_of_a_page_finds_that_page_in_its_language(page, dev_server, language):
    address, word, _ = PAGES[language]
    page.goto(dev_server.url + address, wait_until="networkidle")

    page.locator(SEARCH_BOX).click()
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()

    hrefs = results.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert "/" + address in hrefs


def test_the_search_shortcut_fetches_the_index_too(page, dev_server):
    page.goto(dev_server.url + "pl/offices/", wait_until="networkidle")
    paths = record_paths(page)

    page.keyboard.press("/")
    page.wait_for_load_state("networkidle")

    assert lookups(paths) == ["/search/search_index.pl.json"]


def test_on_a_phone_the_search_button_fetches_the_index(phone, dev_server):
    phone.goto(dev_server.url + "vi/offices/", wait_until="networkidle")
    paths = record_paths(phone)

    phone.locator("label.md-header__button[for=__search]").click()
    phone.wait_for_load_state("networkidle")

    assert lookups(paths) == ["/search/search_index.vi.json"]


def test_a_page_reached_from_a_search_result_gets_its_words_highlighted(page, dev_server):
    page.goto(dev_server.url + "pl/offices/?h=delegaturach", wait_until="networkidle")

    assert page.locator("article mark", has_text="delegaturach").count() >= 1
