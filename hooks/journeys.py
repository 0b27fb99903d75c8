"""MkDocs hook: a guide ("journey") shows its whole path on every page, and where the reader is.

A journey is a folder `docs/<lang>/guides/<journey>/`. Its English `index.md` lists the steps in
order in its front matter (`steps: [check-the-purpose.md, …]`); each step is one page, one task.
On the overview the hook adds the numbered steps; on a step it adds the same list with the current
step marked (`aria-current="step"`), "Step 2 of 8", and links to the previous and next step.
Titles come from each page's front matter in the reader's language, or English where a page is
not translated. A step listed but missing, or a page in the folder not listed, fails the build.
"""

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^# .*$", re.MULTILINE)


@cache
def strings(language: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
    return {key: texts[language] for key, texts in data.items()}


@cache
def front_matter(path: Path) -> dict:
    found = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return (yaml.safe_load(found.group(1)) if found else None) or {}


def steps_of(journey: str) -> list[str]:
    """The steps of a journey, in order, as the English overview lists them."""
    folder = DOCS / "en" / "guides" / journey
    steps = front_matter(folder / "index.md").get("steps") or []
    missing = [step for step in steps if not (folder / step).exists()]
    pages = {p.name for p in folder.glob("*.md")} - {"index.md"}
    unlisted = sorted(pages - set(steps))
    if not steps or missing or unlisted:
        raise PluginError(
            f"guides/{journey}/index.md: `steps:` must list every page of the guide in order "
            f"(missing files: {missing or 'none'}; pages not listed: {unlisted or 'none'})"
        )
    return steps


def title(language: str, journey: str, page: str) -> str:
    translated = DOCS / language / "guides" / journey / page
    source = translated if translated.exists() else DOCS / "en" / "guides" / journey / page
    return front_matter(source)["title"]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    parts = page.file.src_uri.split("/")  # <lang>/guides/<journey>/<page>.md
    if len(parts) != 4 or parts[1] != "guides":
        return markdown
    journey, name = parts[2], parts[3]
    language = config.theme["language"]
    words = strings(language)
    steps = steps_of(journey)
    current = steps.index(name) + 1 if name in steps else 0
    path = _path(language, journey, steps, current, words)
    if current:
        path = f'<p class="bz-path__where">{_step_of(words, current, len(steps))}</p>\n\n' + path
    found = HEADING.search(markdown)
    at = found.end() if found else 0
    return (
        markdown[:at]
        + "\n\n"
        + path
        + "\n\n"
        + markdown[at:]
        + "\n\n"
        + _moves(language, journey, steps, current, words)
    )


def _step_of(words: dict, step: int, total: int) -> str:
    return words["step_of"].format(step=step, total=total)


def _path(language: str, journey: str, steps: list[str], current: int, words: dict) -> str:
    lines = []
    for number, step in enumerate(steps, start=1):
        mark = '{ aria-current="step" }' if number == current else ""
        lines.append(f"1. [{_escape(title(language, journey, step))}]({step}){mark}")
    items = "\n".join(lines)
    label = words["guide_steps"]
    return f'<nav class="bz-path" aria-label="{label}" markdown>\n\n{items}\n\n</nav>'


def _moves(language: str, journey: str, steps: list[str], current: int, words: dict) -> str:
    if current == 0:
        link = f"[{words['start_guide']}: {_escape(title(language, journey, steps[0]))}]"
        return f"{link}({steps[0]}){{ .md-button .md-button--primary }}"
    links = []
    if current > 1:
        previous = steps[current - 2]
        links.append(
            f"[← {words['previous_step']}: {_escape(title(language, journey, previous))}]"
            f"({previous}){{ .md-button }}"
        )
    if current < len(steps):
        following = steps[current]
        links.append(
            f"[{words['next_step']}: {_escape(title(language, journey, following))} →]"
            f"({following}){{ .md-button .md-button--primary }}"
        )
    else:
        links.append(f"[{words['guide_done']}](index.md){{ .md-button }}")
    return '<div class="bz-moves" markdown>\n\n' + "\n".join(links) + "\n\n</div>"


def _escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
