import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.conftest import OFFICE_MORNING

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium phones home at start and on idle; this machine's network refuses it.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=QUIET)
        yield launched
        launched.close()


_SESSION_STARTED = time.monotonic()


def new_context(browser: Browser, **options) -> BrowserContext:
    """A browser whose clock, like the dev servers', starts on OFFICE_MORNING and runs on."""
    context = browser.new_context(**options)
    elapsed = timedelta(seconds=time.monotonic() - _SESSION_STARTED)
    context.clock.install(time=OFFICE_MORNING + elapsed)
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport={"width": 320, "height": 640}, is_mobile=True)
    opened = context.new_page()
    yield opened
    context.close()
