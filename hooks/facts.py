"""MkDocs hook: renders facts from data/ into pages, and marks pages shown in English as a fallback.

In a page, `{{ offices }}` becomes the list of offices, `{{ office waw address }}` one fact and
`{{ fee temporary-residence stamp-duty }}` one fee from data/fees.yml, in the language of the page
being built. An unknown placeholder fails the build.
"""

import re
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from mkdocs.exceptions import PluginError

DATA = Path(__file__).resolve().parent.parent / "data"
PLACEHOLDER = re.compile(r"{{\s*(.+?)\s*}}")


@cache
def load(name: str) -> Any:
    """A data file, read once per build (each build is a new process): not once per page."""
    return yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    language = config.theme["language"]
    strings = {key: texts[language] for key, texts in load("strings").items()}
    facts = load("offices")
    rendered = PLACEHOLDER.sub(
        lambda m: _render(m.group(1), facts, strings, language, page), markdown
    )
    if language != "en" and page.file.src_uri.startswith("en/"):
        rendered = f'!!! info "{strings["fallback_notice"]}"\n\n' + rendered
    return rendered


def _render(expression: str, facts: dict, strings: dict, language: str, page: Any) -> str:
    words = expression.split()
    if words == ["translation_status"]:
        return _translation_status()
    if words == ["print_files"]:
        return _print_files(strings, language)
    if words == ["office_contacts"]:
        return _office_contacts(facts, strings, language)
    if words == ["offices"]:
        return "\n\n".join(_office(office, facts, strings, language) for office in facts["offices"])
    if len(words) == 3 and words[0] == "office":
        office = next((o for o in facts["offices"] if o["id"] == words[1]), None)
        if office is not None and words[2] in ("address", "hours", "phone", "city"):
            return _plain(office, words[2], facts, strings)
    if len(words) == 3 and words[0] == "fee":
        fees = load("fees")
        if words[2] in fees["fees"].get(words[1], {}):
            return _fee(fees["fees"][words[1]][words[2]], fees, strings, language)
    raise PluginError(f"{page.file.src_uri}: unknown placeholder {{{{ {expression} }}}}")


def _office(office: dict, facts: dict, strings: dict, language: str) -> str:
    lines = [f"## {office['name'][language]}", ""]  # under the page title: no level skipped
    for field in ("address", "service_points", "hours", "phone"):
        fact = office.get(field)
        if fact is None and field == "service_points":
            continue
        lines.append(f"**{strings[field]}:** {_fact(fact, facts, strings, language)}")
        lines.append("")
    return "\n".join(lines)


def _office_contacts(facts: dict, strings: dict, language: str) -> str:
    """Each office's contact as hidden HTML, for a widget to show (the booking manage view).

    A phone or e-mail only when verified; the address and hours as known, with the advice to
    check the official page when unverified; nothing known: the official page. Never a guess.
    """
    official = facts["official_page"]
    link = f'<a href="{escape(official)}">{escape(official)}</a>'
    blocks = []
    for office in facts["offices"]:
        lines = []
        for field in ("address", "hours", "phone", "email"):
            fact = office.get(field)
            if fact is None or (field in ("phone", "email") and not fact.get("verified")):
                continue
            value = fact["value"]
            text = escape("; ".join(value) if isinstance(value, list) else str(value))
            lines.append(f"<strong>{escape(strings.get(field, field))}:</strong> {text}")
        if lines and not all(
            office[f].get("verified") for f in ("address", "hours") if office.get(f)
        ):
            lines.append(f"{escape(strings['check_before_you_go'])} {link}")
        if not lines:
            lines.append(f"{escape(strings['not_known'])} {link}")
        head = ' data-head="true"' if office.get("head") else ""
        blocks.append(
            f'<div data-office="{escape(office["id"])}"{head}><p>{"<br>".join(lines)}</p></div>'
        )
    return '<div class="bz-office-contacts" hidden>\n' + "\n".join(blocks) + "\n</div>"


def _fact(fact: dict | None, facts: dict, strings: dict, language: str) -> str:
    link = f"<{facts['official_page']}>"
    if fact is None:
        return f"{strings['not_known']} {link}"
    value = fact["value"]
    text = "; ".join(value) if isinstance(value, list) else value
    checked = format_date(_as_date(fact["reviewed"]), format="long", locale=language)
    text += f" <small>({strings['reviewed']} {checked})</small>"
    if not fact.get("verified"):
        text += f"<br>{strings['check_before_you_go']} {link}"
    return text


def _plain(office: dict, field: str, facts: dict, strings: dict) -> str:
    if field == "city":
        return office["city"]
    fact = office.get(field)
    return fact["value"] if fact else f"{strings['not_known']} <{facts['official_page']}>"


def _fee(fee: dict | None, fees: dict, strings: dict, language: str) -> str:
    """An amount only when a current source confirmed it; otherwise the official page."""
    link = f"<{fees['official_page']}>"
    if fee is None or not fee.get("verified"):
        return f"{strings['fee_check_official']} {link}"
    amount = strings["fee_amount"].format(amount=format_decimal(fee["value"], locale=language))
    checked = format_date(_as_date(fee["reviewed"]), format="long", locale=language)
    return f"{amount} <small>({strings['reviewed']} {checked})</small>"


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _print_files(strings: dict, language: str) -> str:
    """Links to what `make print` makes for this language; the deployment publishes `/print/`.

    A service gets a checklist when its guide page has one (print_materials decides the same way).
    """
    base = f"/print/{language}/"
    links = [
        f'- <a href="{base}leaflet.pdf">{strings["print_leaflet"]}</a>',
        f'- <a href="{base}poster.pdf">{strings["print_poster"]}</a>',
    ]
    for service in load("services")["services"]:
        guide = DATA.parent / "docs" / "en" / (service["guide"].strip("/") + ".md")
        if guide.exists() and "!!! checklist" in guide.read_text(encoding="utf-8"):
            href = f"{base}checklist-{service['id']}.pdf"
            label = f"{strings['print_checklist']} {service['name'][language]}"
            links.append(f'- <a href="{href}">{label}</a>')
    return "\n".join(links)


def _translation_status() -> str:
    """A table for editors: every page, and whether each language is current, stale or missing."""
    import sys

    sys.path.insert(0, str(DATA.parent))
    from scripts.translations import report

    docs = Path(DATA.parent / "docs")
    by_page: dict[str, dict[str, str]] = {}
    for status in report(docs):
        by_page.setdefault(status.page, {})[status.language] = status.state
    languages = ("pl", "uk", "ru", "vi")
    marks = {"current": "✓ current", "stale": "⚠ stale", "missing": "✗ missing"}
    rows = ["| page | " + " | ".join(languages) + " |", "|---|" + "---|" * len(languages)]
    for page, states in sorted(by_page.items()):
        cells = [marks[states[lang]] if lang in states else "—" for lang in languages]
        rows.append(f"| `{page}` | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n\n" + _catalog_status(languages)


def _catalog_status(languages: tuple[str, ...]) -> str:
    """The language catalogs (API, e-mails, widgets): per language, how many keys are behind."""
    from scripts.translations import catalog_report

    catalogs, behind = catalog_report()
    rows = ["| catalog | " + " | ".join(languages) + " |", "|---|" + "---|" * len(languages)]
    for catalog in catalogs:
        cells = []
        for language in languages:
            states = [e.state for e in behind if (e.catalog, e.language) == (catalog, language)]
            cell = ", ".join(
                f"{mark} {states.count(state)} {state}"
                for state, mark in (("stale", "⚠"), ("missing", "✗"))
                if state in states
            )
            cells.append(cell or "✓ current")
        rows.append(f"| `locale/<lang>/{catalog}.po` | " + " | ".join(cells) + " |")
    keys = [f"- `{e.language}/{e.catalog}.po` {e.state}: `{e.key}`" for e in behind]
    return "\n".join(rows + (["", *keys] if keys else []))
