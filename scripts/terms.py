"""Legal terms used the same way on every page, in every language.

data/terms.yml names, for each idea (a letter, a right, an institution), the word each language
uses and the words it must not use. This finds the avoided words in the pages of docs/<lang>/
(front matter and text), in the site's own strings (data/strings.yml) and in the widgets' catalogs.

    python scripts/terms.py          # every avoided word found, with the word to use instead
"""

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "data" / "terms.yml"
DOCS = ROOT / "docs"
LANGUAGES = ("en", "pl", "uk", "ru", "vi")
# The language catalogs: the API's, the e-mails' and the widgets' texts, in every language.
LOCALE = ROOT / "functions" / "chalicelib" / "locale"


@dataclass(frozen=True)
class Avoid:
    """One word a language must not use, and the word to write instead."""

    concept: str
    language: str
    avoid: str
    use: str
    regex: re.Pattern


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    found: str
    rule: Avoid

    def __str__(self) -> str:
        use = '" or "'.join(part.strip() for part in self.rule.use.split(";"))
        return (
            f'{self.where}, line {self.line}: "{self.found}" (avoid "{self.rule.avoid}"): '
            f'write "{use}" instead (data/terms.yml, {self.rule.concept})'
        )


def phrase(text: str) -> re.Pattern:
    """A phrase of terms.yml as a pattern: whole words, any case, `*` for any ending, and a
    line break (or several spaces) wherever the phrase has a space."""
    words = [re.escape(word).replace(r"\*", r"\w*") for word in nfc(text).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def nfc(text: str) -> str:
    # Vietnamese tone marks can be stored as separate characters; compare one spelling only.
    return unicodedata.normalize("NFC", text)


def entry(value: str | dict) -> dict:
    return {"use": value} if isinstance(value, str) else value


def spelled(use: str) -> list[str]:
    """The forms of a `use:` line as they appear in sentences: each `;` alternative, without
    the Polish word in brackets."""
    return [re.sub(r"\s*\([^)]*\)", "", part).strip() for part in use.split(";")]


@cache
def rules(path: Path = TERMS) -> tuple[dict[str, list[Avoid]], dict[str, list[re.Pattern]]]:
    """Per language: the words to avoid, and the right phrases that may contain them."""
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    avoided: dict[str, list[Avoid]] = {language: [] for language in LANGUAGES}
    fine: dict[str, list[re.Pattern]] = {language: [] for language in LANGUAGES}
    for concept, languages in terms.items():
        for language in LANGUAGES:
            term = entry(languages[language])
            fine[language] += [phrase(form) for form in spelled(term["use"]) if form]
            fine[language] += [phrase(form) for form in term.get("fine", [])]
            avoided[language] += [
                Avoid(concept, language, word, term["use"], phrase(word))
                for word in term.get("avoid", [])
            ]
    return avoided, fine


def check(
    text: str, language: str, where: str, path: Path = TERMS, first_line: int = 1
) -> list[Finding]:
    """Every avoided word in a text, unless it is part of a right phrase. Where two avoided
    words overlap ("управління праці" and "управління"), only the first and longest is reported."""
    avoided, fine = rules(path)
    text = nfc(text)
    allowed = [m.span() for pattern in fine[language] for m in pattern.finditer(text)]
    hits = [
        (m.start(), m.end(), rule)
        for rule in avoided[language]
        for m in rule.regex.finditer(text)
        if not any(start <= m.start() and m.end() <= end for start, end in allowed)
    ]
    findings, covered = [], []
    for start, end, rule in sorted(hits, key=lambda hit: (hit[0], hit[0] - hit[1])):
        if any(start < b and a < end for a, b in covered):
            continue
        covered.append((start, end))
        line = first_line + text.count("\n", 0, start)
        findings.append(Finding(where, line, " ".join(text[start:end].split()), rule))
    return findings


def pages(docs: Path = DOCS) -> list[tuple[str, Path]]:
    return [
        (language, page)
        for language in LANGUAGES
        for page in sorted((docs / language).rglob("*.md"))
    ]


def check_page(language: str, page: Path) -> list[Finding]:
    where = page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else str(page)
    return check(page.read_text(encoding="utf-8"), language, where)


def check_strings(path: Path = ROOT / "data" / "strings.yml") -> list[Finding]:
    strings = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        finding
        for key, texts in strings.items()
        for language, text in texts.items()
        for finding in check(text, language, f"data/strings.yml ({key}, {language})")
    ]


def check_catalog(domain: str = "api", locale: Path = LOCALE) -> list[Finding]:
    """Every avoided word in one language catalog: its English `.pot` and every `.po`."""
    findings = []
    for language in LANGUAGES:
        path = locale / (f"{domain}.pot" if language == "en" else f"{language}/{domain}.po")
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for entry in polib.pofile(str(path)):
            if language == "en":
                texts = [entry.msgid, entry.msgid_plural]
            else:
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for text in filter(None, texts):
                findings += check(
                    text, language, f"{where} ({entry.msgctxt})", first_line=entry.linenum
                )
    return findings


def check_widget_strings(locale: Path = LOCALE) -> list[Finding]:
    """The widgets' words, as their catalog holds them, every plural form included."""
    return check_catalog("widgets", locale)


def main() -> int:
    findings = [f for language, page in pages() for f in check_page(language, page)]
    findings += check_strings() + check_catalog() + check_widget_strings()
    for finding in findings:
        print(finding)
    print(f"{len(findings)} avoided words found.")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
