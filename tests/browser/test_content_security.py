"""The Content-Security-Policy every page carries: the site's own scripts run, nothing else does."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "pl/book/", "uk/case-status/", "vi/guides/temporary-residence/collect-your-card/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_own_scripts_run_without_a_single_policy_violation(page, dev_server, path):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else None)

    page.goto(dev_server.url + path, wait_until="networkidle")

    assert page.evaluate("typeof window.__md_scope") == "object", "Material's inline script ran"
    assert violations == []


def test_an_injected_inline_script_is_refused(page, dev_server):
    page.goto(dev_server.url + "ru/guides/")

    with pytest.raises(Exception):  # noqa: B017 - Playwright reports the refused script as an error
        page.add_script_tag(content="window.injected = true")

    assert page.evaluate("window.injected") is None
