"""hooks/widget_texts.py: the widgets' catalogs become one small texts module per language."""

import json
from pathlib import Path

import polib

from hooks.widget_texts import module, texts, with_texts

HEADER = {"Content-Type": "text/plain; charset=UTF-8"}


def catalog(path: Path, entries: list[polib.POEntry], plural_forms: str) -> None:
    po = polib.POFile()
    po.metadata = {**HEADER, "Plural-Forms": plural_forms}
    po.extend(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def small_locale(tmp_path: Path, polish: list[polib.POEntry]) -> Path:
    catalog(
        tmp_path / "widgets.pot",
        [
            polib.POEntry(msgctxt="guide:print", msgid="Print this list"),
            polib.POEntry(msgctxt="guide:clear", msgid="Untick all"),
            polib.POEntry(msgctxt="guide:again", msgid="Try again"),
        ],
        "nplurals=2; plural=(n != 1);",
    )
    catalog(tmp_path / "pl" / "widgets.po", polish, "nplurals=3; plural=(n==1 ? 0 : 2);")
    return tmp_path


def test_a_plural_entry_becomes_an_object_keyed_by_the_cldr_categories_of_the_language():
    days = {language: texts(language)["case-status"]["daysLeft"] for language in ("en", "pl", "vi")}

    assert days == {
        "en": {"one": "{count} day left", "other": "{count} days left"},
        "pl": {
            "one": "Został {count} dzień",
            "few": "Zostały {count} dni",
            "many": "Zostało {count} dni",
        },
        "vi": {"other": "Còn {count} ngày"},
    }


def test_placeholders_are_kept_as_the_catalog_writes_them():
    words = texts("uk")

    assert "{email}" in words["booking-calendar"]["checkText"]
    assert "{time}" in words["booking-calendar"]["checkText"]
    assert words["guide"]["ticked"] == "Позначено: {done} з {total}"


def test_a_dotted_key_becomes_a_nested_name():
    words = texts("ru")

    assert words["shared"]["errors"]["required"] == "Заполните это поле."
    assert words["booking-calendar"]["status"]["month"].count("{month}") == 1


def test_a_missing_a_fuzzy_and_a_stale_entry_are_given_in_english(tmp_path: Path):
    fuzzy = polib.POEntry(msgctxt="guide:clear", msgid="Untick all", msgstr="Odznacz")
    fuzzy.flags.append("fuzzy")
    stale = polib.POEntry(msgctxt="guide:again", msgid="Try once more", msgstr="Jeszcze raz")
    locale = small_locale(tmp_path, [fuzzy, stale])

    words = texts("pl", locale)

    assert words == {
        "guide": {"print": "Print this list", "clear": "Untick all", "again": "Try again"}
    }


def test_a_current_translation_is_given_in_the_language(tmp_path: Path):
    locale = small_locale(
        tmp_path, [polib.POEntry(msgctxt="guide:print", msgid="Print this list", msgstr="Drukuj")]
    )

    words = texts("pl", locale)

    assert words["guide"]["print"] == "Drukuj"


def test_the_module_of_a_language_sets_exactly_that_languages_words():
    source = module("pl")

    assignment = source.splitlines()[-1]
    assert assignment.startswith("globalThis.blizejTexts = ")
    assert json.loads(assignment.removeprefix("globalThis.blizejTexts = ").rstrip(";")) == texts(
        "pl"
    )
    assert "Book an appointment" not in source


def test_a_page_loads_its_languages_texts_just_before_its_first_widget_module():
    html = (
        '<html lang="uk" class="no-js"><body>'
        '<script src="../../assets/javascripts/bundle.js"></script>'
        '<script src="../../assets/widgets/booking-calendar/booking-calendar.js" type="module">'
        "</script></body></html>"
    )

    page = with_texts(html)

    texts_script = (
        '<script type="module" src="../../assets/widgets/texts/uk/booking-calendar.js"></script>'
    )
    assert page.index("bundle.js") < page.index(texts_script) < page.index("booking-calendar.js")


def test_the_module_of_some_widgets_sets_their_words_and_the_shared_ones_only():
    source = module("pl", widgets=("guide",))

    assignment = source.splitlines()[-1].removeprefix("globalThis.blizejTexts = ").rstrip(";")
    words = texts("pl")
    assert json.loads(assignment) == {"shared": words["shared"], "guide": words["guide"]}


def test_a_page_without_widget_modules_is_left_as_it_is():
    html = (
        '<html lang="pl"><body><script src="assets/javascripts/bundle.js"></script></body></html>'
    )

    assert with_texts(html) == html
