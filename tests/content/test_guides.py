"""Guides as editors write them: whole journeys, checklists and self-checks widgets can read."""

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import LANGUAGES, ROOT, build_site, copy_site_sources

GUIDES = ROOT / "docs" / "en" / "guides"
JOURNEYS = sorted(folder.name for folder in GUIDES.iterdir() if folder.is_dir())
BLOCK = re.compile(r'^!!! (checklist|self-check) "[^"]+"\n((?:\n|    .*\n)+)', re.MULTILINE)
QUESTION = re.compile(r"^\*\*[^*]+\*\*$")
ANSWER = re.compile(r"^- \[( |x)\] \S")


def steps(journey: str) -> list[str]:
    text = (GUIDES / journey / "index.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])["steps"]


def page_in(language: str, journey: str, name: str) -> Path:
    """The page a reader of `language` gets: the translation, or English where there is none."""
    translated = ROOT / "docs" / language / "guides" / journey / name
    return translated if translated.exists() else GUIDES / journey / name


def blocks(path: Path, kind: str) -> list[list[str]]:
    """The lines of each `!!! kind` block of a page, without their indentation."""
    found = BLOCK.findall(path.read_text(encoding="utf-8"))
    return [textwrap.dedent(body).strip().splitlines() for name, body in found if name == kind]


def questions(lines: list[str]) -> list[dict]:
    parsed: list[dict] = []
    for line in (line.strip() for line in lines):
        if QUESTION.match(line):
            parsed.append({"answers": [], "explanation": []})
        elif not line or not parsed:
            continue
        elif line.startswith("- "):
            parsed[-1]["answers"].append(line)
        else:
            parsed[-1]["explanation"].append(line)
    return parsed


def test_there_are_journeys_to_check():
    assert len(JOURNEYS) >= 12


@pytest.mark.parametrize("journey", JOURNEYS)
def test_a_journey_lists_every_page_of_its_folder_as_a_step(journey):
    pages = {path.name for path in (GUIDES / journey).glob("*.md")} - {"index.md"}

    assert sorted(steps(journey)) == sorted(pages)
    assert len(steps(journey)) == len(set(steps(journey)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_journey_ends_with_a_self_check_in_every_language(journey, language):
    last = page_in(language, journey, steps(journey)[-1])
    found = blocks(last, "self-check")

    assert len(found) == 1, f"{last} must end with one `!!! self-check` block"
    quiz = questions(found[0])
    assert 3 <= len(quiz) <= 5, f"{last}: 3 to 5 questions"
    for number, question in enumerate(quiz, start=1):
        answers = question["answers"]
        assert all(ANSWER.match(answer) for answer in answers), f"{last} question {number}"
        assert 2 <= len(answers) <= 4, f"{last} question {number}: 2 to 4 answers"
        right = [answer for answer in answers if answer.startswith("- [x]")]
        assert len(right) == 1, f"{last} question {number}: exactly one answer marked [x]"
        assert question["explanation"], f"{last} question {number}: explain the answer"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_self_checks_keep_the_right_answer_where_english_has_it(language):
    """A translator who moves the [x] would teach a wrong answer in one language only."""
    for journey in JOURNEYS:
        last = steps(journey)[-1]
        english = questions(blocks(GUIDES / journey / last, "self-check")[0])
        translated = questions(blocks(page_in(language, journey, last), "self-check")[0])
        marks = [[a[:5] for a in q["answers"]] for q in english]
        assert [[a[:5] for a in q["answers"]] for q in translated] == marks, f"{language} {journey}"


def all_pages() -> list[Path]:
    folders = [ROOT / "docs" / language for language in LANGUAGES]
    return sorted(path for folder in folders for path in folder.rglob("*.md"))


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_checklists_are_flat_lists_of_short_items(path):
    for lines in blocks(path, "checklist"):
        items = [line for line in lines if line.strip()]
        assert items, f"{path}: an empty checklist"
        assert all(line.startswith("- ") for line in items), f"{path}: one bullet per item"


def test_the_build_fails_when_a_guide_page_is_not_a_listed_step(tmp_path):
    root = copy_site_sources(tmp_path / "copy")
    stray = root / "docs" / "en" / "guides" / "temporary-residence" / "extra.md"
    stray.write_text("---\ntitle: Extra\n---\n\n# Extra\n", encoding="utf-8")

    result = build_site(root, tmp_path / "site")

    assert result.returncode != 0
    assert "pages not listed: ['extra.md']" in result.stderr


def built(site: Path, language: str, path: str) -> str:
    folder = site if language == "en" else site / language
    return (folder / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_step_marks_itself_in_the_path_in_the_readers_language(built_site, language):
    strings = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
    journey = "temporary-residence"
    total = len(steps(journey))
    for number, name in enumerate(steps(journey), start=1):
        html = built(built_site, language, f"guides/{journey}/{name.removesuffix('.md')}")
        where = strings["step_of"][language].format(step=number, total=total)
        assert f'<p class="bz-path__where">{where}</p>' in html
        assert html.count('aria-current="step"') == 1
        assert f'aria-label="{strings["guide_steps"][language]}"' in html


def test_every_services_guide_page_exists_in_every_language(built_site):
    services = yaml.safe_load((ROOT / "data" / "services.yml").read_text(encoding="utf-8"))
    for service in services["services"]:
        for language in LANGUAGES:
            folder = built_site if language == "en" else built_site / language
            assert (folder / service["guide"] / "index.html").exists(), service["id"]


def test_the_build_fails_on_a_link_to_an_anchor_that_does_not_exist(tmp_path):
    root = copy_site_sources(tmp_path / "copy")
    page = root / "docs" / "en" / "guides" / "after-you-apply" / "deadlines.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [the word](../../glossary.md#no-such-word).\n",
        encoding="utf-8",
    )

    result = build_site(root, tmp_path / "site")

    assert result.returncode != 0
    assert "no-such-word" in result.stderr
