"""One legal term for one idea: no page, catalog or widget uses a word data/terms.yml avoids."""

from pathlib import Path

import pytest
import yaml

from scripts.terms import (
    LANGUAGES,
    TERMS,
    check,
    check_catalog,
    check_page,
    check_strings,
    check_widget_strings,
    entry,
    pages,
    rules,
    spelled,
)
from tests.conftest import ROOT

AVOIDED = [rule for language in LANGUAGES for rule in rules()[0][language]]
TERM_LIST = yaml.safe_load(TERMS.read_text(encoding="utf-8"))


PAGES = pages()


@pytest.mark.parametrize(
    ("language", "page"), PAGES, ids=[str(page.relative_to(ROOT / "docs")) for _, page in PAGES]
)
def test_no_page_uses_a_word_the_term_list_avoids(language, page):
    findings = check_page(language, page)

    if findings:  # the message alone: it is written for translators
        pytest.fail("\n".join(map(str, findings)), pytrace=False)


def test_no_label_the_site_prints_uses_a_word_the_term_list_avoids():
    findings = check_strings()

    if findings:
        pytest.fail("\n".join(map(str, findings)), pytrace=False)


def test_no_text_of_the_back_end_or_the_widgets_uses_a_word_the_term_list_avoids():
    findings = check_catalog() + check_widget_strings()

    if findings:
        pytest.fail("\n".join(map(str, findings)), pytrace=False)


@pytest.mark.parametrize("rule", AVOIDED, ids=lambda r: f"{r.language}: {r.avoid}")
def test_the_check_names_the_page_the_avoided_word_and_the_word_to_use(rule):
    sample = rule.avoid.replace("*", "")
    page = f"---\ntitle: {sample}\n---\n\n# Heading\n\nA sentence with {sample} in it.\n"

    findings = [f for f in check(page, rule.language, "docs/xx/sample.md") if f.rule == rule]

    assert [f.line for f in findings] == [2, 7], "found in the front matter and in the text"
    message = str(findings[0])
    assert "docs/xx/sample.md" in message
    assert sample.split()[0] in message
    assert all(part.strip() in message for part in rule.use.split(";"))


def test_an_avoided_phrase_is_found_across_a_line_break_and_in_any_case():
    text = "Nếu bạn nhận được GIẤY TRIỆU\n   tập, hãy trả lời."

    findings = check(text, "vi", "docs/vi/sample.md")

    assert [(f.found, f.line) for f in findings] == [("TRIỆU tập", 1)]


def test_a_star_stands_for_any_ending_but_not_for_another_word():
    text = "Листи від управління. Ви прийшли в управлінні. Управлінський апарат."

    findings = check(text, "uk", "docs/uk/sample.md")

    assert [f.found for f in findings] == ["управління", "управлінні"]


def test_a_right_phrase_that_contains_an_avoided_word_is_not_reported():
    texts = {
        "uk": "Листи від воєводського управління. Керівник Управління у справах іноземців.",
        "ru": "Письма воеводского управления. Руководитель Управления по делам иностранцев.",
        "vi": "Văn phòng Tỉnh trưởng Mazowieckie gửi thư cho bạn.",
    }

    findings = [f for language, text in texts.items() for f in check(text, language, "sample")]

    assert findings == []


@pytest.mark.parametrize("concept", sorted(TERM_LIST))
def test_every_idea_names_its_word_in_every_language(concept):
    terms = TERM_LIST[concept]

    missing = [language for language in LANGUAGES if not entry(terms.get(language, "")).get("use")]

    assert missing == [], f"data/terms.yml, {concept}: write the word for {missing}"


@pytest.mark.parametrize("concept", sorted(TERM_LIST))
def test_the_word_to_use_is_never_itself_a_word_to_avoid(concept):
    terms = TERM_LIST[concept]

    findings = [
        finding
        for language in LANGUAGES
        for form in spelled(entry(terms[language])["use"])
        for finding in check(form, language, f"data/terms.yml, {concept}, {language}")
    ]

    assert findings == [], "\n".join(map(str, findings))


def test_the_widget_check_reads_every_language_of_the_widget_catalogs(tmp_path: Path):
    (tmp_path / "vi").mkdir()
    (tmp_path / "widgets.pot").write_text(
        'msgctxt "guide:note"\nmsgid "the office"\nmsgstr ""\n', encoding="utf-8"
    )
    for language in ("pl", "uk", "ru"):
        (tmp_path / language).mkdir()
        (tmp_path / language / "widgets.po").write_text("", encoding="utf-8")
    (tmp_path / "vi" / "widgets.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "guide:note"\nmsgid "the office"\nmsgstr "Đơn kháng cáo"\n',
        encoding="utf-8",
    )

    findings = check_widget_strings(tmp_path)

    assert [(f.rule.language, f.found, f.where.endswith("(guide:note)")) for f in findings] == [
        ("vi", "kháng cáo", True)
    ]
