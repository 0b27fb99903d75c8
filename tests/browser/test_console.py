"""The counter console in real Chromium, by keyboard alone: sign in, open the counter, call, the
"still called" guard, served, call again, did not come, send to another service, a break.

The console works at Radom (`?site=rad`), so the walk-ins it makes are not called by the Warsaw
counter of tests/browser/test_queue_widgets.py, which shares the session's dev server.
"""

import json
import re
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

OPEN = {"": "Open the counter", "pl/": "Otwórz stanowisko"}
SHOTS = Path("/work/shots/console")


def no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def walk_in(dev_server, site: str, service: str) -> dict:
    request = urllib.request.Request(
        f"{dev_server.url}api/queue/{site}/tickets",
        data=json.dumps({"service": service}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.fixture
def console(browser, dev_server):
    """A 1920×1080 counter screen whose browser clock starts at the office's morning."""
    context = new_context(browser, viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    # The browser's clock starts where the dev server's (ticking from 09:00 in Warsaw) is now.
    with urllib.request.urlopen(f"{dev_server.url}api/queue/rad/board", timeout=30) as answer:
        server_now = json.load(answer)["updated_at"]
    page.clock.install(time=datetime.fromisoformat(server_now))

    def open_counter(language_prefix: str, counter: str) -> Page:
        page.goto(f"{dev_server.url}{language_prefix}staff-console/?site=rad")
        page.locator("#bz-token").focus()
        page.keyboard.type((dev_server.data_dir / "staff-token").read_text().strip())
        page.keyboard.press("Enter")
        page.locator("#bz-counter").focus()
        page.keyboard.press("Control+a")
        page.keyboard.type(counter)
        page.locator("#bz-service-fingerprints").focus()  # this counter gives out cards only
        page.keyboard.press("Space")
        page.get_by_role("button", name=OPEN[language_prefix]).focus()
        page.keyboard.press("Enter")
        expect(page.locator('.bz-console__actions button[data-key="N"]')).to_be_visible()
        return page

    yield open_counter
    context.close()


def test_a_counter_works_through_its_queue_by_keyboard_alone(console, dev_server):
    first, second, third = (walk_in(dev_server, "rad", "collect-card") for _ in range(3))
    page = console("", "5")

    expect(page.locator(".bz-widget__heading")).to_have_text("Counter console — 5")
    now = page.locator(".bz-console__now")
    expect(page.locator(".bz-console__queues")).to_contain_text("Collect your residence card")
    no_violations(page)

    page.keyboard.press("n")
    expect(now.locator(".bz-queue__number")).to_have_text(first["number"])
    expect(now).to_contain_text("Without a booking")
    timer = now.locator(".bz-console__timer")
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d$"))
    before = int(timer.inner_text().split(":")[0])
    page.clock.run_for(60_000)
    expect(timer).to_have_text(re.compile(rf"^{before + 1}:\d\d$"))

    page.keyboard.press("n")
    guard = page.locator(".bz-console__guard")
    expect(guard).to_contain_text(f"{first['number']} is still called")
    expect(page.locator('button[data-key="S"]')).to_be_focused()
    expect(now.locator(".bz-queue__number")).to_have_text(first["number"])
    no_violations(page)
    page.keyboard.press("s")
    expect(now.locator(".bz-queue__number")).to_have_text(second["number"])
    expect(guard).to_have_count(0)

    page.keyboard.press("r")
    expect(now).to_contain_text("· 2×")
    page.keyboard.press("m")
    expect(now).to_contain_text("Nobody is called to this counter")
    expect(page.get_by_role("status")).to_have_text(f"{second['number']} did not come.")

    page.keyboard.press("n")
    expect(now.locator(".bz-queue__number")).to_have_text(second["number"])  # back in its place
    page.keyboard.press("t")
    expect(page.locator("#bz-transfer")).to_be_focused()
    page.keyboard.press("Enter")  # the first other service: fingerprints, not served here
    expect(now).to_contain_text("Nobody is called to this counter")
    expect(page.get_by_role("status")).to_contain_text(f"{second['number']} sent to")

    page.keyboard.press("b")
    state = page.locator(".bz-console__state")
    expect(state).to_contain_text(re.compile(r"On a break since 09:\d\d"))
    expect(page.locator('button[data-key="N"]')).to_have_count(0)
    page.keyboard.press("n")
    expect(now).to_contain_text("End the break to call people again")
    no_violations(page)
    page.keyboard.press("b")
    expect(state).to_have_text("The counter is serving.")
    page.keyboard.press("n")
    expect(now.locator(".bz-queue__number")).to_have_text(third["number"])
    no_violations(page)


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("pl/", "pl")])
def test_a_screenshot_of_the_console_with_a_person_called(console, dev_server, prefix, language):
    ticket = walk_in(dev_server, "rad", "collect-card")
    page = console(prefix, {"en": "8", "pl": "9"}[language])

    page.keyboard.press("n")
    number = page.locator(".bz-console__now .bz-queue__number")
    expect(number).to_have_text(re.compile(r"[A-Z]\d{3}"))
    page.clock.run_for(185_000)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"console-{language}.png"))
    no_violations(page)
    assert ticket["number"]
