"""The manager's dashboard in real Chromium: seeded history → the charts, their tables and the API
agree, at the sizes of an office's screens, and axe finds nothing on the whole page."""

import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_context
from tests.conftest import ROOT, server_environment

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/dashboard")
PERIOD = ("2026-11-30", "2026-12-06")  # the seeded week (tests/queue_history.py), today left out


@pytest.fixture(scope="module")
def history(dev_server):
    result = subprocess.run(
        [sys.executable, "-m", "tests.queue_history", str(dev_server.data_dir)],
        cwd=ROOT,
        env=server_environment({"PYTHONPATH": str(ROOT / "functions")}),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dev_server


def open_dashboard(browser, server, language: str, width: int, height: int) -> Page:
    page = new_context(browser, viewport={"width": width, "height": height}).new_page()
    page.goto(server.url + ("" if language == "en" else f"{language}/") + "staff-dashboard/")
    page.locator("#bz-dash-token").fill((server.data_dir / "staff-token").read_text().strip())
    page.locator("#bz-dash-token").press("Enter")
    expect(page.locator("#bz-dash-from")).to_be_visible()
    page.locator("#bz-dash-from").fill(PERIOD[0])
    page.locator("#bz-dash-to").fill(PERIOD[1])
    page.locator("#bz-dash-to").press("Enter")
    expect(page.locator(".bz-dashboard__period")).to_contain_text("2026")
    return page


def api_figures(page: Page, server) -> dict:
    token = (server.data_dir / "staff-token").read_text().strip()
    response = page.request.get(
        server.url + f"api/admin/queue/waw/statistics/period?from={PERIOD[0]}&to={PERIOD[1]}",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.json()


def table(page: Page, chart: str) -> list[list[str]]:
    rows = page.locator(f".bz-dashboard__chart--{chart} tbody tr")
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()
    ]


def test_the_charts_draw_a_bar_per_figure_and_their_tables_agree_with_the_api(browser, history):
    page = open_dashboard(browser, history, "en", 1920, 1080)
    figures = api_figures(page, history)

    assert [row["hour"] for row in figures["by_hour"]] == [9, 10, 11, 12, 13]
    expect(page.locator(".bz-dashboard__chart--hours rect[data-value]")).to_have_count(5)
    expect(page.locator(".bz-dashboard__chart--services rect[data-value]")).to_have_count(2)
    expect(page.locator(".bz-dashboard__chart--waits rect[data-value]")).to_have_count(4)
    assert table(page, "hours") == [
        [f"{row['hour']}:00", str(row["served"])] for row in figures["by_hour"]
    ]
    assert [row[1:] for row in table(page, "services")] == [
        [str(row["served"])] for row in figures["services"]
    ]
    assert [row[1:] for row in table(page, "waits")] == [
        [f"{row['wait_median_min']:.1f}", f"{row['wait_p90_min']:.1f}"]
        for row in figures["services"]
    ]
    assert page.locator(".bz-dashboard__note").is_visible(), "2026-12-01 was kept without details"
    page.context.close()


def test_the_csv_link_downloads_the_periods_figures(browser, history):
    page = open_dashboard(browser, history, "en", 1280, 720)

    with page.expect_download() as download:
        page.locator(".bz-dashboard__csv").click()

    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("site,from,to,service,hour,tickets,served")
    assert "waw,2026-11-30,2026-12-06,information," in text
    page.context.close()


@pytest.mark.parametrize(
    ("language", "width", "height"),
    [
        ("en", 1920, 1080),
        ("pl", 1920, 1080),
        ("pl", 1280, 720),
    ],
)
def test_the_dashboard_fills_an_office_screen_and_axe_finds_nothing(
    browser, history, language, width, height
):
    page = open_dashboard(browser, history, language, width, height)

    violations = Axe().run(page).response["violations"]
    page.screenshot(path=str(SHOTS / f"dashboard-{language}-{width}x{height}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    assert [v["id"] for v in violations] == []
    assert overflow is False, "nothing runs off the screen's side"
    assert page.locator("header.md-header, nav.md-nav--primary").count() == 0
    page.context.close()
