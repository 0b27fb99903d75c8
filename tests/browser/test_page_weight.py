"""The page-weight budget: a reader's first visit on a phone downloads at most 120 KB, none failing.

A budget of bytes, not a timing: a fresh browser (nothing cached, 390 px wide) opens the page on
the dev server, which compresses as CloudFront does, and everything the page downloads is summed
as it travelled, compressed. Playwright's `response.body()` is the decoded body, so the size is
the encoded body Chromium reports for the request; Chromium reports 0 for a worker's own script,
so a 0 falls back to the response's Content-Length (the dev server always sends it, and it is
the compressed length). That counts a file served twice from the memory cache twice: a budget
may err on the heavy side.
"""

from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import new_context
from tests.conftest import LANGUAGES

BUDGET = 120_000  # bytes over the wire, the first visit
# A step of a guide with a checklist: the guide's path, its tools and the widgets' texts.
GUIDE = "guides/temporary-residence/gather-documents/"
PAGES = [(language, path) for path in ("", GUIDE) for language in LANGUAGES]


@dataclass
class Download:
    url: str
    status: int
    size: int  # the body as encoded on the wire


def first_visit(browser: Browser, url: str) -> list[Download]:
    """Everything a fresh phone browser downloads for the page, once it has gone quiet."""
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    downloads: list[Download] = []
    failed: list[str] = []

    def finished(request) -> None:
        response = request.response()
        size = request.sizes()["responseBodySize"] or int(
            response.headers.get("content-length", "0")
        )
        downloads.append(Download(request.url, response.status, size))

    context.on("requestfinished", finished)
    context.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    # A request that never completed is a failure too, with no status of its own.
    return downloads + [Download(url, 0, 0) for url in failed]


def page_url(server, language: str, path: str) -> str:
    return server.url + ("" if language == "en" else f"{language}/") + path


@pytest.mark.parametrize(("language", "path"), PAGES, ids=[f"{lang}/{p}" for lang, p in PAGES])
def test_a_first_visit_on_a_phone_downloads_at_most_120_kb_and_nothing_fails(
    browser: Browser, dev_server, language, path
):
    downloads = first_visit(browser, page_url(dev_server, language, path))

    total = sum(download.size for download in downloads)
    listing = "\n".join(f"{d.size:>8} {d.status} {d.url}" for d in downloads)
    assert [d.url for d in downloads if d.status >= 400 or d.status == 0] == [], listing
    assert total <= BUDGET, f"{total} bytes:\n{listing}"
    assert any(d.url == page_url(dev_server, language, path) for d in downloads)
