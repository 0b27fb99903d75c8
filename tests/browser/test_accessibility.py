"""axe-core over every page the site builds, in every language, on a phone: no violation at all."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser


def test_axe_finds_no_violations_on_any_page_in_any_language(browser, dev_server):
    site = dev_server.data_dir.parent / "site"  # where start_dev_server has the site built
    paths = sorted(
        str(file.relative_to(site)).removesuffix("index.html") for file in site.rglob("*.html")
    )
    # One phone for every page: the phone is where both tables of contents are in the page.
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    axe = Axe()
    found: list[str] = []

    for path in paths:
        page.goto(dev_server.url + path, wait_until="load")
        for violation in axe.run(page).response["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"/{path}: {violation['id']} ×{len(violation['nodes'])} ({targets})")
    context.close()

    assert len(paths) > 500, "every language's pages, the widgets' pages and 404.html"
    assert found == [], "\n".join(found)
