"""Each language's home page in real Chromium: language, switcher, privacy, accessibility."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

HOME = {language: "" if language == "en" else f"{language}/" for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_declares_its_language(page, dev_server, language):
    page.goto(dev_server.url + HOME[language])

    assert page.get_attribute("html", "lang") == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_home_page_requests_nothing_from_any_other_host(page, dev_server, language):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(dev_server.url + HOME[language], wait_until="networkidle")
    page.get_by_role("textbox").first.click()  # the search loads its index and worker on use
    page.keyboard.type("karta")
    page.wait_for_load_state("networkidle")

    local = urlsplit(dev_server.url).netloc
    foreign = [url for url in requested if urlsplit(url).netloc not in (local, "")]
    assert len(requested) > 3
    assert foreign == []


@pytest.mark.parametrize(
    ("start", "language", "expected"),
    [
        ("about/", "uk", "uk/about/"),
        ("vi/offices/", "pl", "pl/offices/"),
        ("ru/case-status/", "en", "case-status/"),
    ],
)
def test_the_language_switcher_keeps_the_reader_on_the_same_page(
    page, dev_server, start, language, expected
):
    page.goto(dev_server.url + start)

    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{language}"]').click()

    page.wait_for_url(dev_server.url + expected)
    assert page.get_attribute("html", "lang") == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_accessibility_violations_on_the_home_page(page, dev_server, language):
    page.goto(dev_server.url + HOME[language])

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["", "uk/offices/", "vi/about/"])
def test_pages_fit_a_320_pixel_phone_without_sideways_scrolling(phone, dev_server, path):
    phone.goto(dev_server.url + path)

    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
