"""MkDocs hook: "Which permit fits me?" — questions and results written in Markdown, one at a time.

Editors write the page `docs/<lang>/which-permit.md`. After the introduction, every `##` heading
starts a step and carries an id that is the same in every language (`## Why? {#purpose}`).
A **question** ends with its answers: a list in which every item is one link to the id of the next
question or of a result (`- [To work](#work-length)`). A **result** has no answers; it links to the
guide or official page that fits and names its source in a paragraph that starts with the word
`finder_source` of data/strings.yml ("Source:"). The first step is the first question.

Without JavaScript the page is read as it is: each answer is a link that jumps to the next step.
The hook wraps the steps in `<permit-finder>` (docs/assets/widgets/permit-finder/), which asks one
question at a time, with its words from the widgets' catalogs (hooks/widget_texts.py).
A flow the widget could not follow (an answer leading nowhere, a loop, a step no answer reaches)
fails the build with a message naming the page and the step.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
PAGE = "which-permit.md"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
STEP_HEADING = re.compile(r"^## +(.+?) *\{ *#([a-z0-9][a-z0-9-]*) *\} *$")
ANSWER = re.compile(r"^- +\[(.+)\]\(#([a-z0-9][a-z0-9-]*)\) *$")
IN_PAGE_LINK = re.compile(r"\]\(#")
A_LINK = re.compile(r"\]\([^)#\s][^)\s]*\)|<https?://[^>\s]+>")


@dataclass(frozen=True)
class Answer:
    text: str
    target: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    answers: tuple[Answer, ...]  # none for a result
    lines: tuple[str, ...]  # the Markdown under the heading

    @property
    def is_question(self) -> bool:
        return bool(self.answers)


@dataclass(frozen=True)
class Flow:
    steps: dict[str, Step]  # in page order; the first is where the reader starts
    problems: tuple[str, ...]  # what the Markdown gets wrong, each naming its step

    @property
    def start(self) -> str:
        return next(iter(self.steps), "")


@cache
def strings(language: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
    return {key: texts[language] for key, texts in data.items()}


def parse(markdown: str, source_label: str = "Source") -> Flow:
    """The steps of a finder page as an editor wrote them, and what is wrong with their shape."""
    lines = FRONT_MATTER.sub("", markdown, count=1).splitlines()
    steps: dict[str, Step] = {}
    problems: list[str] = []
    starts = [n for n, line in enumerate(lines) if line.startswith("## ")]
    for index, at in enumerate(starts):
        heading = STEP_HEADING.match(lines[at])
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        if not heading:
            problems.append(
                f"the heading `{lines[at]}` needs an id at its end, "
                "the same in every language, for example `{#purpose}`"
            )
            continue
        title, step_id = heading.groups()
        if step_id in steps:
            problems.append(f"#{step_id}: two steps have this id")
            continue
        body = lines[at + 1 : end]
        answers, shape = _answers(step_id, body)
        problems += shape
        if not answers:
            problems += _result_problems(step_id, body, source_label)
        steps[step_id] = Step(step_id, title, tuple(answers), tuple(body))
    return Flow(steps, tuple(problems))


def _answers(step_id: str, body: list[str]) -> tuple[list[Answer], list[str]]:
    """The answers are the list a question ends with; an in-page link anywhere else is a mistake."""
    content: list[str] = []
    for line in body:
        if not line.strip():
            continue
        # A long answer may wrap onto the next line, indented.
        if line.startswith((" ", "\t")) and content and content[-1].startswith("- "):
            content[-1] += " " + line.strip()
        else:
            content.append(line)
    tail: list[str] = []
    for line in reversed(content):
        if not line.startswith("- "):
            break
        tail.insert(0, line)
    if not any(IN_PAGE_LINK.search(line) for line in tail):
        tail = []
    problems = []
    answers = []
    for line in tail:
        found = ANSWER.match(line)
        if found:
            answers.append(Answer(*found.groups()))
        else:
            problems.append(
                f"#{step_id}: each answer is one link to the next step, "
                f"like `- [Yes](#next-step)`, not `{line}`"
            )
    before = content[: len(content) - len(tail)]
    if any(IN_PAGE_LINK.search(line) for line in before):
        problems.append(f"#{step_id}: links to other steps belong only in the answers at the end")
    if len(answers) == 1:
        problems.append(f"#{step_id}: a question needs at least two answers")
    return answers, problems


def _result_problems(step_id: str, body: list[str], source_label: str) -> list[str]:
    text = "\n".join(body)
    problems = []
    if not A_LINK.search(text):
        problems.append(f"#{step_id}: a result links to the guide or official page that fits")
    if not re.search(rf"^\**{re.escape(source_label)}:", text, re.MULTILINE):
        problems.append(
            f"#{step_id}: a result names its source in a line that starts with `{source_label}:`"
        )
    return problems


def flow_problems(flow: Flow) -> list[str]:
    """Why a reader could get stuck, go round in circles, or never see a step."""
    problems = list(flow.problems)
    if not flow.steps:
        return [*problems, "the page has no questions: start each one with a `##` heading"]
    if not flow.steps[flow.start].is_question:
        problems.append(f"#{flow.start}: the first step must be a question")
    for step in flow.steps.values():
        for answer in step.answers:
            if answer.target not in flow.steps:
                problems.append(
                    f"#{step.id}: the answer `{answer.text}` leads to "
                    f"#{answer.target}, which is not a step of the page"
                )
    seen: set[str] = set()
    done: set[str] = set()

    def walk(step_id: str, path: tuple[str, ...]) -> None:
        if step_id in done or step_id not in flow.steps:
            return
        if step_id in seen:
            loop = " → ".join(f"#{s}" for s in (*path[path.index(step_id) :], step_id))
            problems.append(f"the answers go round in a circle: {loop}")
            return
        seen.add(step_id)
        for answer in flow.steps[step_id].answers:
            walk(answer.target, (*path, step_id))
        done.add(step_id)

    walk(flow.start, ())
    unreached = [f"#{s}" for s in flow.steps if s not in seen]
    if unreached:
        problems.append(f"no answer leads to {', '.join(unreached)}")
    return problems


def _source_label(page: Any) -> str:
    """In the language the page is written in: a reader of Polish may be shown the English page."""
    return strings(page.file.src_uri.split("/", 1)[0])["finder_source"]


def _is_finder(page: Any) -> bool:
    return page.file.src_uri.split("/", 1)[-1] == PAGE


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not _is_finder(page):
        return markdown
    flow = parse(markdown, _source_label(page))
    problems = flow_problems(flow)
    if problems:
        raise PluginError(f"{page.file.src_uri}: " + "; ".join(problems))
    return markdown


STEP_START = re.compile(r'<h2 id="([a-z0-9-]+)"')
LAST_LIST = re.compile(r"<ul>(?=(?:(?!<ul>).)*</ul>\s*\Z)", re.DOTALL)


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """The steps, each in a <section>, inside <permit-finder> with its words."""
    if not _is_finder(page):
        return content
    flow = parse(page.markdown or "", _source_label(page))
    cuts = [m for m in STEP_START.finditer(content) if m.group(1) in flow.steps]
    if not cuts:
        return content
    sections = []
    for index, cut in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(content)
        step = flow.steps[cut.group(1)]
        chunk = content[cut.start() : end].strip()
        kind = "question" if step.is_question else "result"
        if step.is_question:
            chunk = LAST_LIST.sub('<ul class="bz-finder__answers">', chunk, count=1)
        sections.append(
            f'<section class="bz-finder__step bz-finder__step--{kind}" data-step="{step.id}">\n'
            f"{chunk}\n</section>"
        )
    element = f'<permit-finder start="{flow.start}">\n' + "\n".join(sections)
    return content[: cuts[0].start()] + element + "\n</permit-finder>\n"
