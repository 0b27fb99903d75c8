"""The public figures' page: in five languages, in the readers' menu right after the offices."""

import re

import pytest

from tests.conftest import LANGUAGES, ROOT
from tests.content.test_navigation import PrimaryNavLinks, ends_with_page, links_of, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figures_page_is_in_the_readers_menu_right_after_the_offices(built_site, language):
    menu = links_of(page(built_site, language, "case-status"), PrimaryNavLinks)

    offices = [i for i, link in enumerate(menu) if ends_with_page(link, "offices/")]
    figures = [i for i, link in enumerate(menu) if ends_with_page(link, "figures/")]
    assert offices and figures == [offices[0] + 1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figures_page_holds_the_widget_with_links_to_the_json_and_the_csv(
    built_site, language
):
    html = page(built_site, language, "figures")

    widget = re.search(r"<open-figures>(.*?)</open-figures>", html, re.S)
    assert widget, "the page has no <open-figures>"
    assert 'href="/api/figures"' in widget.group(1)
    assert 'href="/api/figures?format=csv"' in widget.group(1)
    assert "open-figures/open-figures.js" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figures_page_says_it_holds_no_personal_data_in_its_language(language):
    text = (ROOT / "docs" / language / "figures.md").read_text(encoding="utf-8")
    headings = {
        "en": "## No personal data",
        "pl": "## Bez danych osobowych",
        "uk": "## Без персональних даних",
        "ru": "## Без персональных данных",
        "vi": "## Không có dữ liệu cá nhân",
    }

    assert headings[language] in text
    assert language == "en" or "translates:" in text.split("---")[1]
