"""The public figures' page in real Chromium: the tables say what the API says, the chart draws a
bar per figure, in the page's language, at 320 px, and axe finds nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context
from tests.conftest import ROOT, server_environment

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/figures")

# A past day's queue aggregate at Płock, as the daily job keeps it: waits of 5, 10, 15, 20 min.
# Median (10 + 15) / 2 = 12.5 min; 90th percentile the 4th of 4, 20 min.
REFRESH = """
import sys
from pathlib import Path
from devserver.localenv import configure
configure(Path(sys.argv[1]))
from chalicelib import clock
from chalicelib.release import figures
from chalicelib.storage import get_store
from devserver.seed import seed_if_empty
store = get_store()
seed_if_empty(store)
row = {"service": "fingerprints", "tickets": 4, "served": 4, "no_shows": 0,
       "wait_seconds": {"300": 1, "600": 1, "900": 1, "1200": 1}}
store.tickets.save_queue_statistics("plo", "2026-11-20", [row])
figures.refresh(store, clock.now())
"""


@pytest.fixture(scope="module")
def server(dev_server):
    result = subprocess.run(
        [sys.executable, "-c", REFRESH, str(dev_server.data_dir)],
        cwd=ROOT,
        env=server_environment({"PYTHONPATH": f"{ROOT / 'functions'}:{ROOT}"}),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dev_server


def open_figures(browser, server, language: str, width: int) -> Page:
    page = new_context(browser, viewport={"width": width, "height": 800}).new_page()
    page.goto(server.url + ("" if language == "en" else f"{language}/") + "figures/")
    expect(page.locator(".bz-figures__office").first).to_be_visible()
    return page


def api_figures(page: Page, server) -> dict:
    return json.loads(page.request.get(server.url + "api/figures").text())


def test_each_office_table_lists_the_services_the_api_gives_with_their_figures(browser, server):
    page = open_figures(browser, server, "en", 1280)
    figures = api_figures(page, server)

    offices = page.locator(".bz-figures__office")
    expect(offices).to_have_count(len(figures["offices"]))
    for office in figures["offices"]:
        section = page.locator(f".bz-figures__office:has(#bz-figures-{office['site']})")
        expect(section.locator("h3")).to_have_text(office["name"]["en"])
        names = section.locator("tbody th").all_inner_texts()
        assert names == [row["name"]["en"] for row in office["services"]]
        for row in office["services"]:
            cells = section.locator(f'tbody tr[data-service="{row["service"]}"]')
            days = row["days_to_next_slot"]
            next_cell = cells.locator('[data-figure="next"]').inner_text()
            if days is None:
                assert next_cell == "none free now"
            else:
                assert next_cell.startswith("today" if days == 0 else f"in {days} day")
    plo = page.locator('.bz-figures__office:has(#bz-figures-plo) tr[data-service="fingerprints"]')
    expect(plo.locator('[data-figure="median"]')).to_have_text("12.5 min")
    expect(plo.locator('[data-figure="p90"]')).to_have_text("20.0 min")
    expect(plo.locator('[data-figure="ballot"]')).to_have_text("no ballot")
    page.context.close()


def test_the_chart_draws_three_bars_per_service_sized_by_the_figures(browser, server):
    page = open_figures(browser, server, "en", 1280)
    figures = api_figures(page, server)

    [plo] = [o for o in figures["offices"] if o["site"] == "plo"]
    chart = page.locator(".bz-figures__office:has(#bz-figures-plo) .bz-figures__svg")
    expect(chart.locator("rect")).to_have_count(3 * len(plo["services"]))
    group = chart.locator('g[data-service="fingerprints"]')
    values = group.locator("rect").evaluate_all("bars => bars.map(b => b.dataset.value)")
    widths = group.locator("rect").evaluate_all("bars => bars.map(b => b.width.baseVal.value)")
    assert values[:2] == ["12.5", "20"]
    assert widths[0] < widths[1], "the median's bar is shorter than the 90th percentile's"
    page.context.close()


def test_the_csv_link_downloads_the_same_figures(browser, server):
    page = open_figures(browser, server, "en", 1280)

    with page.expect_download() as download:
        page.locator(".bz-figures__links a[download]").click()

    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("site,service,days_to_next_slot")
    assert "plo,fingerprints," in text and ",4,12.5,20.0," in text
    page.context.close()


@pytest.mark.parametrize(
    ("language", "width", "median", "heading"),
    [
        ("uk", 320, "12,5 хв", "Дані для кожного відділення"),
        ("pl", 320, "12,5 min", "Dane dla każdej placówki"),
        ("pl", 1280, "12,5 min", "Dane dla każdej placówki"),
    ],
)
def test_the_figures_read_in_the_pages_language_fit_320_px_and_axe_finds_nothing(
    browser, server, language, width, median, heading
):
    page = open_figures(browser, server, language, width)

    violations = Axe().run(page).response["violations"]
    page.screenshot(path=str(SHOTS / f"figures-{language}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    assert [v["id"] for v in violations] == []
    assert overflow is False, "nothing runs off the page's side"
    expect(page.locator(".bz-figures__heading")).to_have_text(heading)
    plo = page.locator('.bz-figures__office:has(#bz-figures-plo) tr[data-service="fingerprints"]')
    expect(plo.locator('[data-figure="median"]')).to_have_text(median)
    page.context.close()


def test_without_javascript_the_page_links_to_the_json_and_the_csv(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(server.url + "figures/")

    expect(page.locator('open-figures a[href="/api/figures"]')).to_be_visible()
    expect(page.locator('open-figures a[href="/api/figures?format=csv"]')).to_be_visible()
    context.close()
