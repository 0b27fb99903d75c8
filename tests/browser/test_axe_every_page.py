"""axe-core over every page the site builds, in every language, on a phone: no violation at all.

`test_accessibility.py` checks the pages readers start from once their widgets have drawn; this
checks every built page, whole (Material's markup included), as it stands when it has loaded.
axe is given to the browser once, as an init script, rather than sent with each page.
"""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.conftest import new_context
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def _language(path: str) -> str:
    first = path.split("/", 1)[0]
    return first if first in LANGUAGES else "en"


@pytest.fixture(scope="module")
def built_pages(dev_server) -> list[str]:
    site = dev_server.data_dir.parent / "site"  # where start_dev_server has the site built
    return sorted(
        str(file.relative_to(site)).removesuffix("index.html") for file in site.rglob("*.html")
    )


@pytest.fixture(scope="module")
def phone(browser):
    # One phone for every page: the phone is where both tables of contents are in the page.
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_init_script(path=AXE)
    yield context.new_page()
    context.close()


def test_the_site_builds_every_language_s_pages(built_pages):
    assert len(built_pages) > 500, "every language's pages, the widgets' pages and 404.html"
    assert {_language(path) for path in built_pages} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_on_any_page_of_a_language(phone, dev_server, built_pages, language):
    paths = [path for path in built_pages if _language(path) == language]
    found: list[str] = []

    for path in paths:
        phone.goto(dev_server.url + path, wait_until="load")
        violations = phone.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
        )
        for violation in violations:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"/{path}: {violation['id']} ×{len(violation['nodes'])} ({targets})")

    assert paths, f"no built page in {language}"
    assert found == [], "\n".join(found)
