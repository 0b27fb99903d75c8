"""Every widget speaks the page's language, from the catalogs, and a page loads only its own words.

The catalogs themselves (every key in every language, the same placeholders) are checked by the
catalog tests; here the built site is: each widget, on each language's page, shows that
language's words and none of the English ones it replaces.
"""

import gettext
import io
import re

import polib
import pytest
from playwright.sync_api import Page, expect

from hooks.widget_texts import LOCALE, texts
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

# widget: (its page, the selector of what its first view has shown once ready)
WIDGETS = {
    "booking-calendar": ("book/", "booking-calendar #bz-site"),
    "case-status": ("case-status/", "case-status form"),
    "queue-kiosk": ("kiosk/", "queue-kiosk .bz-kiosk__languages"),
    "queue-ticket": ("ticket/", "queue-ticket .bz-widget__heading"),
    "queue-board": ("board/", "queue-board .bz-board__waiting"),
    "staff-console": ("staff-console/", "staff-console #bz-token"),
}
HEADING = {
    "booking-calendar": "chooseHeading",
    "case-status": "heading",
    "queue-kiosk": "chooseLanguage",
    "queue-ticket": "heading",
    "queue-board": "heading",
    "staff-console": "heading",
}
STAFF_LANGUAGES = ("en", "pl")  # the office's staff work in Polish and English
PLACEHOLDER = re.compile(r"\{\w+\}")


def page_url(server, language: str, path: str) -> str:
    return server.url + ("" if language == "en" else f"{language}/") + path


def words(tree: dict) -> list[str]:
    """Every text of a widget's entry tree, plural forms included."""
    found = []
    for value in tree.values():
        found += words(value) if isinstance(value, dict) else [value]
    return found


def english_shown_instead(language: str, widget: str, shown: str) -> list[str]:
    """The English texts of a widget (and the shared ones) that appear although the language
    has its own; texts with placeholders are matched by their fixed parts."""
    english = texts("en")
    # Words a translator kept as they are in English (a code, a name); not English falling back.
    kept = {
        e.msgid for e in polib.pofile(str(LOCALE / language / "widgets.po")) if e.msgstr == e.msgid
    }
    leaked = []
    for text in words(english["shared"]) + words(english[widget]):
        if text in kept:
            continue
        parts = [part.strip() for part in PLACEHOLDER.split(text)]
        leaked += [text for part in parts if len(part) > 3 and part in shown]
    return leaked


CASES = [
    (widget, language)
    for widget in WIDGETS
    for language in (STAFF_LANGUAGES if widget == "staff-console" else LANGUAGES)
]


@pytest.mark.parametrize(("widget", "language"), CASES)
def test_each_widget_shows_the_words_of_the_pages_language_and_no_english_ones(
    page: Page, dev_server, widget: str, language: str
):
    path, ready = WIDGETS[widget]

    page.goto(page_url(dev_server, language, path))
    page.locator(ready).wait_for()
    shown = page.locator(widget).inner_text()

    expect(page.locator(f"{widget} .bz-widget__heading")).to_have_text(
        re.compile(re.escape(texts(language)[widget][HEADING[widget]]))
    )
    if language != "en":
        assert english_shown_instead(language, widget, shown) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_tools_show_the_words_of_the_pages_language(page: Page, dev_server, language):
    guide = texts(language)["guide"]

    page.goto(page_url(dev_server, language, "guides/temporary-residence/gather-documents/"))

    expect(page.locator(".bz-checklist__actions").first).to_contain_text(guide["clear"])
    expect(page.locator(".bz-checklist__actions").first).to_contain_text(guide["print"])
    expect(page.locator(".bz-checklist__status").first).to_contain_text(
        guide["ticked"].split("{")[0].strip()
    )


@pytest.mark.parametrize("language", ["pl", "vi"])
def test_a_page_fetches_the_texts_of_its_own_language_only(page: Page, dev_server, language):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))

    page.goto(page_url(dev_server, language, "book/"))
    page.locator("booking-calendar #bz-site").wait_for()

    texts_files = [url for url in fetched if "/assets/widgets/texts/" in url]
    assert texts_files == [f"{dev_server.url}assets/widgets/texts/{language}/booking-calendar.js"]
    assert [url for url in fetched if url.endswith("strings.js")] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counted_text_takes_the_form_that_the_catalogs_plural_rule_chooses(
    page: Page, dev_server, language
):
    counts = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112]
    name = "widgets.pot" if language == "en" else f"{language}/widgets.po"
    catalog = gettext.GNUTranslations(io.BytesIO(polib.pofile(str(LOCALE / name)).to_binary()))
    expected = [
        catalog.npgettext(
            "case-status:daysLeft", "{count} day left", "{count} days left", n
        ).format(count=n)
        for n in counts
    ]
    page.goto(page_url(dev_server, language, "case-status/"))

    shown = page.evaluate(
        """async ([language, counts]) => {
          const { plural, texts } = await import("/assets/widgets/shared/widget.js");
          return counts.map((n) => plural(texts("case-status").daysLeft, n, language));
        }""",
        [language, counts],
    )

    assert shown == expected
