"""axe-core on the whole document, on a phone, for the pages readers start from in every language.

Every page is checked whole, Material's own markup included (landmarks, the menu's toggles, the
tables' scrolling boxes), not only the widget in it. The pages: each language's home, a guide step
with a checklist, the booking page, the offices, the permit finder, the translation status (the
widest tables) and the not-found page (a theme template, not a page), each once its requests have
settled, so the widgets have drawn themselves. `test_axe_every_page.py` checks every built page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import new_context
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

PATHS = (
    "",
    "404.html",
    "guides/temporary-residence/gather-documents/",
    "book/",
    "offices/",
    "which-permit/",
    "translation-status/",
)


@pytest.fixture(scope="module")
def phone(browser):
    # A phone: where Material shows the table of contents inside the menu as well.
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_on_the_whole_pages_readers_start_from(phone, dev_server, language):
    axe = Axe()
    found: list[str] = []

    for path in PATHS:
        phone.goto(dev_server.url + ("" if language == "en" else f"{language}/") + path)
        phone.wait_for_load_state("networkidle")
        for violation in axe.run(phone).response["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(
                f"/{language}/{path}: {violation['id']} ×{len(violation['nodes'])} ({targets})"
            )

    assert found == [], "\n".join(found)
