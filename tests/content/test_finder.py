"""The permit finder as editors write it: a flow every reader can finish, in every language."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
import yaml

from hooks.finder import PAGE, Flow, flow_problems, parse
from hooks.widget_texts import LOCALE
from tests.conftest import LANGUAGES, ROOT, build_site, copy_site_sources

DOCS = ROOT / "docs"
STRINGS = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>")
OFFICIAL_HOSTS = (
    "www.gov.pl",
    "mos.cudzoziemcy.gov.pl",
    "migrant.wsc.mazowieckie.pl",
    "www.mazowieckie.pl",
    "www.praca.gov.pl",
)


def page_of(language: str) -> Path:
    return DOCS / language / PAGE


def flow_of(language: str) -> Flow:
    source = STRINGS["finder_source"][language]
    return parse(page_of(language).read_text(encoding="utf-8"), source)


def reachable(flow: Flow) -> set[str]:
    seen, waiting = set(), [flow.start]
    while waiting:
        step = waiting.pop()
        if step in seen or step not in flow.steps:
            continue
        seen.add(step)
        waiting += [answer.target for answer in flow.steps[step].answers]
    return seen


def has_cycle(flow: Flow) -> bool:
    state: dict[str, str] = {}

    def visit(step: str) -> bool:
        if state.get(step) == "open":
            return True
        if state.get(step) == "done" or step not in flow.steps:
            return False
        state[step] = "open"
        found = any(visit(answer.target) for answer in flow.steps[step].answers)
        state[step] = "done"
        return found

    return any(visit(step) for step in flow.steps)


def test_the_finder_page_exists_in_every_language():
    assert all(page_of(language).exists() for language in LANGUAGES)


def test_the_english_flow_asks_five_to_eight_questions_and_ends_on_results():
    flow = flow_of("en")

    questions = [step for step in flow.steps.values() if step.is_question]
    results = [step for step in flow.steps.values() if not step.is_question]
    assert 5 <= len(questions) <= 8
    assert "ask-the-office" in {step.id for step in results}
    assert flow.steps[flow.start].is_question


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_is_reachable_and_every_answer_leads_to_a_step_without_cycles(language):
    flow = flow_of(language)

    assert flow.problems == ()
    targets = [a.target for step in flow.steps.values() for a in step.answers]
    assert set(targets) <= set(flow.steps), "every answer leads to a question or a result"
    assert reachable(flow) == set(flow.steps), "every step is reached by some answer"
    assert not has_cycle(flow), "no answer leads back to an earlier question"
    assert all(len(step.answers) >= 2 for step in flow.steps.values() if step.is_question)


@pytest.mark.parametrize("language", ["pl", "uk", "ru", "vi"])
def test_a_translation_asks_the_same_questions_with_the_same_answers_as_english(language):
    english, translated = flow_of("en"), flow_of(language)

    shape = {s.id: [a.target for a in s.answers] for s in english.steps.values()}
    assert list(translated.steps) == list(english.steps), "the same steps in the same order"
    assert {s.id: [a.target for a in s.answers] for s in translated.steps.values()} == shape


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_result_names_its_source_and_links_only_to_pages_that_exist(language):
    page = page_of(language)
    results = [step for step in flow_of(language).steps.values() if not step.is_question]
    label = STRINGS["finder_source"][language]

    for result in results:
        text = "\n".join(result.lines)
        assert re.search(rf"^{re.escape(label)}:", text, re.MULTILINE), f"{result.id}: {label}:"
        links = [local or remote for local, remote in LINK.findall(text)]
        assert links, f"{result.id} links to the guide or page that fits"
        for link in links:
            if link.startswith("http"):
                assert urlsplit(link).netloc in OFFICIAL_HOSTS, f"{result.id}: {link}"
                continue
            target = link.split("#")[0]
            resolves = (page.parent / target).resolve()
            english = (DOCS / "en" / (page.parent / target).relative_to(DOCS / language)).resolve()
            assert resolves.exists() or english.exists(), f"{result.id}: {link}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widgets_words_exist_with_the_same_placeholder_in_every_language(language):
    name = "widgets.pot" if language == "en" else f"{language}/widgets.po"
    catalog = polib.pofile(str(LOCALE / name))
    words = {
        entry.msgctxt: entry.msgid if language == "en" else entry.msgstr
        for entry in catalog
        if entry.msgctxt.startswith("permit-finder:")
    }

    assert len(words) >= 7
    assert "{number}" in words["permit-finder:question"]
    assert all(text.strip() for text in words.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_and_the_guides_index_link_to_the_finder(language):
    home = (DOCS / language / "index.md").read_text(encoding="utf-8")
    guides = (DOCS / language / "guides" / "index.md").read_text(encoding="utf-8")

    assert "](which-permit.md)" in home
    assert "](../which-permit.md)" in guides


def test_the_finder_is_in_the_navigation():
    assert "- which-permit.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def built(site: Path, language: str) -> str:
    folder = site if language == "en" else site / language
    return (folder / "which-permit" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_built_page_wraps_the_steps_and_loads_the_widgets_words_of_its_language(
    built_site, language
):
    html = built(built_site, language)
    element = re.search(r"<permit-finder [^>]*>", html).group(0)

    assert element == '<permit-finder start="citizenship">'
    assert re.search(rf'src="(\.\./)+assets/widgets/texts/{language}/permit-finder\.js"', html)
    assert html.count('class="bz-finder__step ') == len(flow_of(language).steps)
    assert html.count('<ul class="bz-finder__answers">') == sum(
        step.is_question for step in flow_of(language).steps.values()
    )


SAMPLE = """---
title: Sample
---

# Sample

## First? {#first}

- [To the second](#second)
- [To the end](#end)

## Second? {#second}

- [Back to the first](#first)
- [To the end](#end)

## The end {#end}

[A guide](guides/index.md)

Source: a guide.

## Lost {#lost}

[A guide](guides/index.md)

Source: a guide.
"""


def test_the_check_finds_a_loop_and_a_step_no_answer_reaches():
    problems = flow_problems(parse(SAMPLE))

    assert any("circle: #first → #second → #first" in problem for problem in problems)
    assert any("no answer leads to #lost" in problem for problem in problems)


def test_the_check_finds_an_answer_leading_nowhere_and_a_heading_without_an_id():
    markdown = SAMPLE.replace("(#first)", "(#nowhere)").replace("## Lost {#lost}", "## Lost")

    problems = flow_problems(parse(markdown))

    assert any("leads to #nowhere, which is not a step" in problem for problem in problems)
    assert any("`## Lost` needs an id" in problem for problem in problems)


def test_the_check_finds_a_result_without_a_source_and_a_broken_answer():
    broken = "- To the end (#end)\n\n## Second"
    markdown = SAMPLE.replace("- [To the end](#end)\n\n## Second", broken)
    markdown = markdown.replace("Source: a guide.\n\n## Lost", "\n## Lost")

    problems = flow_problems(parse(markdown))

    assert any(problem.startswith("#first: each answer is one link") for problem in problems)
    assert any(problem.startswith("#end: a result names its source") for problem in problems)


def test_an_answer_may_wrap_onto_the_next_line():
    markdown = SAMPLE.replace(
        "- [To the end](#end)\n\n## Second", "- [To the\n  end](#end)\n\n## Second"
    )

    flow = parse(markdown)

    assert [answer.target for answer in flow.steps["first"].answers] == ["second", "end"]
    assert flow.problems == ()


def test_the_build_fails_when_an_answer_leads_to_no_step(tmp_path):
    root = copy_site_sources(tmp_path / "copy")
    page = root / "docs" / "uk" / PAGE
    page.write_text(
        page.read_text(encoding="utf-8").replace("(#work-length)", "(#work-lenght)"),
        encoding="utf-8",
    )

    result = build_site(root, tmp_path / "site")

    assert result.returncode != 0
    assert "uk/which-permit.md" in result.stderr
    assert "#work-lenght, which is not a step of the page" in result.stderr
