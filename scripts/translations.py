"""Which translations are missing or stale, and stamping a translation as up to date.

Every translated page records in its front matter `translates: <hash>`, the hash of the English
page's text it was translated from. When the English text changes, the hash no longer matches and
the translation is reported as stale until a translator updates it and stamps it again.

The language catalogs (`functions/chalicelib/locale/*.pot` and `<lang>/*.po`: the API's, the
e-mails' and the widgets' words) are reported too, key by key: an entry is missing when it is absent
or empty, and stale when the English text it translated (its `msgid`) is no longer the `.pot`'s, or
it is marked `#, fuzzy`.

    python scripts/translations.py                 # report for every language
    python scripts/translations.py --check         # exit 1 when a page is missing or stale
    python scripts/translations.py stamp docs/pl/about.md [...]
"""

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
LOCALE = DOCS.parent / "functions" / "chalicelib" / "locale"
SOURCE = "en"
TRANSLATIONS = ("pl", "uk", "ru", "vi")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
STAMP = re.compile(r"^translates: *(\S*) *$", re.MULTILINE)


@dataclass(frozen=True)
class Status:
    language: str
    page: str
    state: str  # "current", "stale" or "missing"


def body(text: str) -> str:
    return FRONT_MATTER.sub("", text, count=1)


def revision(english: Path) -> str:
    """The revision of an English page: a hash of its text without front matter."""
    return hashlib.sha256(body(english.read_text(encoding="utf-8")).encode()).hexdigest()[:12]


def recorded(translation: Path) -> str | None:
    front = FRONT_MATTER.match(translation.read_text(encoding="utf-8"))
    found = STAMP.search(front.group(1)) if front else None
    return found.group(1) if found else None


def languages_of(english: Path) -> tuple[str, ...]:
    """A page may say it exists only in some languages (`languages: [en, pl]` for staff pages)."""
    front = FRONT_MATTER.match(english.read_text(encoding="utf-8"))
    found = re.search(r"^languages: *\[([^\]]*)\]", front.group(1), re.MULTILINE) if front else None
    if not found:
        return TRANSLATIONS
    listed = {name.strip() for name in found.group(1).split(",")}
    return tuple(language for language in TRANSLATIONS if language in listed)


def report(docs: Path = DOCS) -> list[Status]:
    statuses = []
    for english in sorted((docs / SOURCE).rglob("*.md")):
        page = english.relative_to(docs / SOURCE).as_posix()
        for language in languages_of(english):
            translation = docs / language / page
            if not translation.exists():
                state = "missing"
            elif recorded(translation) != revision(english):
                state = "stale"
            else:
                state = "current"
            statuses.append(Status(language, page, state))
    return statuses


@dataclass(frozen=True)
class EntryStatus:
    language: str
    catalog: str  # "api", "widgets"
    key: str
    state: str  # "stale" or "missing"


def catalog_report(locale: Path = LOCALE) -> tuple[list[str], list[EntryStatus]]:
    """The catalogs there are, and every entry of them not current in a language."""
    import polib  # only here: the page report needs nothing beyond the standard library

    catalogs = sorted(pot.stem for pot in locale.glob("*.pot"))
    behind = []
    for catalog in catalogs:
        english = [e for e in polib.pofile(str(locale / f"{catalog}.pot")) if not e.obsolete]
        for language in TRANSLATIONS:
            path = locale / language / f"{catalog}.po"
            entries = polib.pofile(str(path)) if path.exists() else []
            translated = {e.msgctxt: e for e in entries if not e.obsolete}
            for source in english:
                entry = translated.get(source.msgctxt)
                forms = [entry.msgstr] if entry and not entry.msgid_plural else []
                if entry and entry.msgid_plural:
                    forms = list(entry.msgstr_plural.values())
                if entry is None or not forms or not all(form.strip() for form in forms):
                    state = "missing"
                elif entry.fuzzy or (entry.msgid, entry.msgid_plural) != (
                    source.msgid,
                    source.msgid_plural,
                ):
                    state = "stale"
                else:
                    continue
                behind.append(EntryStatus(language, catalog, source.msgctxt, state))
    return catalogs, behind


def stamp(translation: Path, docs: Path = DOCS) -> None:
    _language, *rest = translation.resolve().relative_to(docs).parts
    english = docs / SOURCE / Path(*rest)
    text = translation.read_text(encoding="utf-8")
    line = f"translates: {revision(english)}"
    front = FRONT_MATTER.match(text)
    if front is None:
        text = f"---\n{line}\n---\n" + text
    elif STAMP.search(front.group(1)):
        text = text[: front.start(1)] + STAMP.sub(line, front.group(1)) + text[front.end(1) :]
    else:
        text = text[: front.end(1)] + f"\n{line}" + text[front.end(1) :]
    translation.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if any page or catalog entry is missing or stale",
    )
    parser.add_argument("command", nargs="?", choices=["stamp"])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    if args.command == "stamp":
        for file in args.files:
            stamp(file)
            print(f"stamped {file}")
        return 0
    statuses = report()
    for status in statuses:
        if status.state != "current":
            print(f"{status.state:8} {status.language}/{status.page}")
    behind = [s for s in statuses if s.state != "current"]
    print(f"{len(statuses) - len(behind)} of {len(statuses)} translations are current.")
    catalogs, entries = catalog_report()
    for entry in entries:
        print(f"{entry.state:8} {entry.language}/{entry.catalog}.po  {entry.key}")
    for catalog in catalogs:
        for language in TRANSLATIONS:
            count = sum(1 for e in entries if (e.catalog, e.language) == (catalog, language))
            print(
                f"{language}/{catalog}.po: " + (f"{count} behind" if count else "current")
            )
    return 1 if args.check and (behind or entries) else 0


if __name__ == "__main__":
    sys.exit(main())
