"""Offline in real Chromium: a guide opened once stays readable without signal; widgets say why
they cannot work.

The service worker (docs/service-worker.js) keeps each page the reader opens and, from a guide's
page, the guide's other steps. `context.set_offline(True)` cuts the page and its worker off the
network, as a basement queue does.
"""

import pytest
from playwright.sync_api import Error, Page, expect

from hooks.widget_texts import texts

pytestmark = pytest.mark.browser

JOURNEY = "uk/guides/temporary-residence/"
STEP = JOURNEY + "gather-documents/"  # step 2 of 8
NEXT = JOURNEY + "file-in-mos/"  # step 3: never opened by the reader before going offline

# Whether some cache of the page's origin holds `url`: the worker has kept it.
KEPT = """async (url) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url, { ignoreVary: true })) return true;
  }
  return false;
}"""


def wait_until_kept(page: Page, *urls: str) -> None:
    """Wait until the worker controls the page and has kept every one of `urls`."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for url in urls:
        # Polled from here: wait_for_function would take KEPT's promise itself for a yes.
        for _ in range(300):
            if page.evaluate(KEPT, url):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError(f"the worker never kept {url}")


def test_a_guide_step_and_the_next_one_are_readable_offline_after_one_visit(page, dev_server):
    page.goto(dev_server.url + STEP)
    wait_until_kept(page, dev_server.url + STEP, dev_server.url + NEXT)

    page.context.set_offline(True)
    page.reload()

    expect(page.locator(".bz-path__where")).to_have_text("Крок 2 з 8")
    expect(page.locator("article h1")).not_to_be_empty()
    page.locator(".bz-moves a").last.click()
    page.wait_for_url(dev_server.url + NEXT)
    expect(page.locator(".bz-path__where")).to_have_text("Крок 3 з 8")
    expect(page.locator("article .bz-path")).to_be_visible()


def test_a_first_visit_keeps_only_the_next_step_and_a_second_page_the_whole_guide(
    page, dev_server
):
    later = dev_server.url + JOURNEY + "collect-your-card/"  # step 8
    page.goto(dev_server.url + STEP)
    wait_until_kept(page, dev_server.url + NEXT)
    kept_at_first = page.evaluate(KEPT, later)

    page.goto(dev_server.url + NEXT)  # now the worker controls the page
    wait_until_kept(page, later, dev_server.url + JOURNEY)
    page.context.set_offline(True)
    page.goto(later)

    assert not kept_at_first, "a first visit stays light: only the next step is kept"
    expect(page.locator(".bz-path__where")).to_have_text("Крок 8 з 8")


def test_a_kept_page_offline_still_has_the_sites_styles(page, dev_server):
    page.goto(dev_server.url + STEP)
    wait_until_kept(page, dev_server.url + NEXT)

    page.context.set_offline(True)
    page.goto(dev_server.url + NEXT)

    # Material's stylesheet sets the header's colour; unstyled, it would be transparent.
    header = page.locator(".md-header")
    assert header.evaluate("h => getComputedStyle(h).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_a_page_the_reader_never_opened_is_not_there_offline(page, dev_server):
    page.goto(dev_server.url + STEP)
    wait_until_kept(page, dev_server.url + NEXT)

    page.context.set_offline(True)

    with pytest.raises(Error, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(dev_server.url + "uk/privacy/")


def test_the_api_is_never_answered_from_the_cache(page, dev_server):
    page.goto(dev_server.url + "uk/book/")
    wait_until_kept(page, dev_server.url + "uk/book/")
    page.evaluate("() => fetch('/api/health').then((r) => r.text())")

    page.context.set_offline(True)
    failed = page.evaluate("() => fetch('/api/health').then(() => false, () => true)")

    assert failed
    assert not page.evaluate(KEPT, dev_server.url + "api/health")


def test_a_booking_page_opened_again_offline_says_booking_needs_a_connection(page, dev_server):
    page.goto(dev_server.url + "uk/book/")
    wait_until_kept(page, dev_server.url + "uk/book/")

    page.context.set_offline(True)
    page.reload()

    expect(page.locator(".bz-widget__offline")).to_have_text(
        "Ви офлайн. Щоб записатися на візит, потрібне з’єднання з інтернетом."
    )


WIDGET_PAGES = [
    ("book/", "booking-calendar"),
    ("case-status/", "case-status"),
    ("kiosk/", "queue-kiosk"),
    ("ticket/", "queue-ticket"),
    ("board/", "queue-board"),
    ("staff-console/", "staff-console"),
]


@pytest.mark.parametrize(("path", "widget"), WIDGET_PAGES)
@pytest.mark.parametrize("language", ["pl", "vi"])
def test_each_widget_says_it_needs_a_connection_while_the_browser_is_offline(
    page, dev_server, path, widget, language
):
    page.goto(f"{dev_server.url}{language}/{path}")
    notice = page.locator(".bz-widget__offline")
    expect(notice).to_be_hidden()

    page.context.set_offline(True)

    expect(notice).to_have_text(texts(language)[widget]["needsConnection"])
    page.context.set_offline(False)
    expect(notice).to_be_hidden()


def test_a_new_build_deletes_the_older_builds_copies_and_nothing_else(page, dev_server):
    page.goto(dev_server.url + "api/health")  # the site's origin, but no page and no worker yet
    page.evaluate(
        "() => Promise.all(['blizej-offline:/:an-older-build', 'blizej-offline:/1.0/:a-build',"
        " 'not-ours'].map((name) => caches.open(name)))"
    )

    page.goto(dev_server.url + "uk/")
    wait_until_kept(page, dev_server.url + "uk/")
    names = page.evaluate("() => caches.keys()")

    assert "blizej-offline:/:an-older-build" not in names
    assert {"blizej-offline:/1.0/:a-build", "not-ours"} <= set(names)
    assert len([name for name in names if name.startswith("blizej-offline:/:")]) == 1
