"""The hall board in real Chromium on TV-sized screens: every current call visible and large enough
to read from across the hall, the newest highlighted, the last state kept with its age while the
API is away, no site chrome, axe clean on the whole page."""

import json
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

SERVICE = "collect-card"  # walk-ins allowed at every office


def api(server, method: str, path: str, payload: dict | None = None) -> dict:
    token = (server.data_dir / "staff-token").read_text().strip()
    request = urllib.request.Request(
        server.url + "api" + path,
        method=method,
        data=json.dumps(payload).encode() if payload is not None else b"",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def counters_calling(server, site: str, how_many: int) -> dict[str, str]:
    """`how_many` counters of an office each call a walk-in: {ticket number: counter}."""
    counters = [str(n) for n in range(1, how_many + 1)]
    for counter in counters:
        api(
            server,
            "PUT",
            f"/queue/{site}/counters/{counter}",
            {"services": [SERVICE], "open": True},
        )
    for _ in counters:
        api(server, "POST", f"/queue/{site}/tickets", {"service": SERVICE})
    called = {}
    for counter in counters:
        called[api(server, "POST", f"/queue/{site}/counters/{counter}/call-next")["number"]] = (
            counter
        )
    return called


@pytest.fixture
def screen(browser) -> Iterator[Callable[[int, int], Page]]:
    contexts = []

    def open_screen(width: int, height: int) -> Page:
        # page.route misses requests the offline service worker takes (Playwright's docs),
        # and it takes them once it controls the page: no worker where requests are routed.
        contexts.append(
            new_context(
                browser, viewport={"width": width, "height": height}, service_workers="block"
            )
        )
        return contexts[-1].new_page()

    yield open_screen
    for context in contexts:
        context.close()


def shown_calls(page: Page) -> list[dict]:
    """Each call card as the screen shows it: its texts, boxes, and whether anything is cut."""
    return page.evaluate(
        """() => [...document.querySelectorAll("queue-board .bz-board__call")].map((card) => {
          const number = card.querySelector(".bz-board__number");
          const counter = card.querySelector(".bz-board__counter");
          const box = (node) => { const r = node.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
          return {
            number: number.textContent, counter: counter.textContent,
            card: box(card), numberBox: box(number), counterBox: box(counter),
            fontSize: parseFloat(getComputedStyle(number).fontSize),
            visible: getComputedStyle(card).visibility === "visible" && card.checkVisibility(),
            cut: card.scrollWidth > card.clientWidth + 1
              || card.scrollHeight > card.clientHeight + 1,
            newest: card.classList.contains("bz-board__call--newest"),
          };
        })"""
    )


def inside(box: dict, outer: dict) -> bool:
    return (
        box["left"] >= outer["left"] - 0.5
        and box["top"] >= outer["top"] - 0.5
        and box["right"] <= outer["right"] + 0.5
        and box["bottom"] <= outer["bottom"] + 0.5
    )


def assert_every_call_readable(page: Page, called: dict[str, str], min_font: float = 0) -> None:
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    viewport = {"left": 0, "top": 0, "right": width, "bottom": height}
    cards = shown_calls(page)
    assert {card["number"]: card["counter"] for card in cards} == called
    for card in cards:
        assert card["visible"], card["number"]
        assert not card["cut"], card["number"]
        assert inside(card["card"], viewport), card
        assert inside(card["numberBox"], card["card"]), card
        assert inside(card["counterBox"], card["card"]), card
        assert card["fontSize"] >= min_font, card
    scrolls = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight]"
    )
    assert scrolls[0] <= width and scrolls[1] <= height, "the board scrolls"


def test_twelve_counters_calling_show_twelve_large_numbers_on_a_1080p_screen(screen, dev_server):
    called = counters_calling(dev_server, "ost", 12)
    page = screen(1920, 1080)

    page.goto(dev_server.url + "pl/board/?site=ost")
    expect(page.locator("queue-board .bz-board__call")).to_have_count(12)

    assert_every_call_readable(page, called, min_font=0.08 * 1080)


def test_forty_counters_calling_all_fit_on_a_720p_screen(screen, dev_server):
    called = counters_calling(dev_server, "plo", 40)
    page = screen(1280, 720)

    page.goto(dev_server.url + "uk/board/?site=plo")
    expect(page.locator("queue-board .bz-board__call")).to_have_count(40)

    assert_every_call_readable(page, called)


def fake_board(calls: list[tuple[str, str, str]]) -> Callable:
    body = json.dumps(
        {
            "site": "waw",
            "updated_at": "2026-12-07T08:00:00Z",
            "calls": [
                {"number": n, "counter": c, "service": "information", "called_at": at}
                for n, c, at in calls
            ],
            "waiting": [{"service": "information", "waiting": 3, "estimated_minutes": 12}],
        }
    )
    return lambda route: route.fulfill(status=200, content_type="application/json", body=body)


def test_the_newest_call_is_highlighted_and_named(screen, dev_server):
    page = screen(1920, 1080)
    page.route(
        "**/api/queue/waw/board",
        fake_board(
            [
                ("I007", "3", "2026-12-07T08:00:30Z"),
                ("I006", "1", "2026-12-07T07:59:00Z"),
                ("I005", "2", "2026-12-07T07:58:00Z"),
            ]
        ),
    )

    page.goto(dev_server.url + "board/")
    expect(page.locator("queue-board .bz-board__call")).to_have_count(3)

    assert [(c["number"], c["newest"]) for c in shown_calls(page)] == [
        ("I007", True),
        ("I006", False),
        ("I005", False),
    ]
    expect(page.locator(".bz-board__call--newest .bz-board__badge")).to_have_text("Just called")


def test_while_the_api_is_away_the_board_keeps_its_last_state_and_says_how_old(screen, dev_server):
    called = counters_calling(dev_server, "sie", 3)
    page = screen(1920, 1080)
    page.goto(dev_server.url + "board/?site=sie")
    expect(page.locator("queue-board .bz-board__call")).to_have_count(3)

    page.route("**/api/**", lambda route: route.abort())
    page.clock.fast_forward("02:10")

    alert = page.locator("queue-board [role=alert]")
    # The refresh that the jump fires is skipped when one is still on its way: the next one
    # comes a refresh interval (5 s) later, in real time.
    expect(alert).to_contain_text("No connection. Showing the state at", timeout=15_000)
    expect(alert).to_contain_text("Last update 2 minutes ago")
    assert {c["number"]: c["counter"] for c in shown_calls(page)} == called
    expect(page.locator("queue-board .bz-board__waiting")).to_be_visible()


def test_the_board_fills_the_screen_without_the_sites_chrome_and_axe_finds_nothing(
    screen, dev_server
):
    page = screen(1920, 1080)

    page.goto(dev_server.url + "pl/board/")
    expect(page.locator("queue-board .bz-board__waiting")).to_be_visible()
    page.wait_for_load_state("networkidle")

    for chrome in ("header.md-header", ".md-tabs", "nav.md-nav", ".md-sidebar", "footer.md-footer"):
        expect(page.locator(chrome)).to_have_count(0)
    board = page.locator("queue-board .bz-board").bounding_box()
    assert (board["x"], board["y"], board["width"], board["height"]) == (0, 0, 1920, 1080)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_captions_cycle_through_the_five_languages(screen, dev_server):
    page = screen(1920, 1080)
    page.goto(dev_server.url + "pl/board/")
    heading = page.locator("queue-board .bz-widget__heading")
    expect(heading).to_have_text("Teraz obsługujemy")
    page.wait_for_load_state("networkidle")

    seen = []
    for _ in range(5):
        seen.append((heading.get_attribute("lang"), heading.inner_text()))
        page.clock.fast_forward(6_000)

    assert [language for language, _ in seen] == ["pl", "uk", "ru", "vi", "en"]
    assert seen[-1] == ("en", "Now serving")
