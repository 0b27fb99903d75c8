"""Every catalog in functions/chalicelib/locale is complete in every language, and no text hides
in source instead.

Generic over every `*.pot` there (`api`, `widgets`, any added later): a missing, empty, fuzzy or
stale translation fails here, so the English fallback of `i18n` never reaches a reader.
"""

import ast
import importlib
import pkgutil
import re
import string
import subprocess
import sys

import polib
import pytest

import chalicelib
from chalicelib import i18n
from chalicelib.config import LANGUAGES
from chalicelib.errors import DomainError
from chalicelib.web.errors import _CHALICE_STATUS_CODES, STATUSES
from tests.conftest import ROOT

LOCALE = i18n.LOCALE
TRANSLATIONS = tuple(language for language in LANGUAGES if language != i18n.ENGLISH)
DOMAINS = sorted(pot.stem for pot in LOCALE.glob("*.pot"))
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "vi": "nplurals=1; plural=0;",
}
CASES = [(domain, language) for domain in DOMAINS for language in TRANSLATIONS]


def pot(domain: str) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(LOCALE / f"{domain}.pot")) if not e.obsolete}


def po(domain: str, language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / f"{domain}.po"))


def forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_there_is_an_api_catalog_and_every_language_has_a_file_for_every_catalog():
    assert "api" in DOMAINS
    for domain in DOMAINS:
        for language in TRANSLATIONS:
            assert (LOCALE / language / f"{domain}.po").is_file(), (domain, language)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_english_entry_has_a_key_and_a_text(domain):
    entries = polib.pofile(str(LOCALE / f"{domain}.pot"))
    keys = [entry.msgctxt for entry in entries]

    assert all(keys), "an entry without msgctxt: code could not name it"
    assert len(keys) == len(set(keys)), "a key is used twice"
    assert all(entry.msgid.strip() for entry in entries)
    assert (
        polib.pofile(str(LOCALE / f"{domain}.pot")).metadata["Plural-Forms"] == PLURAL_FORMS["en"]
    )


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_every_key_is_translated_and_none_is_empty_fuzzy_or_stale(domain, language):
    english = pot(domain)
    translated = {entry.msgctxt: entry for entry in po(domain, language) if not entry.obsolete}

    missing = sorted(set(english) - set(translated))
    empty = sorted(k for k, e in translated.items() if not all(f.strip() for f in forms(e)))
    fuzzy = sorted(k for k, e in translated.items() if e.fuzzy)
    stale = sorted(
        key
        for key, entry in translated.items()
        if key in english
        and (entry.msgid, entry.msgid_plural) != (english[key].msgid, english[key].msgid_plural)
    )
    left_over = sorted(set(translated) - set(english))
    assert (missing, empty, fuzzy, stale, left_over) == ([], [], [], [], [])


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_every_translation_has_the_placeholders_of_the_english_text(domain, language):
    english = pot(domain)
    wrong = []
    for entry in po(domain, language):
        if entry.msgctxt not in english:
            continue
        source = english[entry.msgctxt]
        expected = placeholders(source.msgid) | placeholders(source.msgid_plural)
        for form in forms(entry):
            # A form for exactly one may say "one day" without the number; nothing else may go.
            if placeholders(form) - {"count"} != expected - {"count"}:
                wrong.append((entry.msgctxt, form))
    assert wrong == []


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_plural_entries_have_exactly_the_forms_the_language_has(domain, language):
    catalog = po(domain, language)
    nplurals = int(re.search(r"nplurals=(\d+)", catalog.metadata["Plural-Forms"]).group(1))

    assert catalog.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert catalog.metadata["Language"] == language
    wrong = [e.msgctxt for e in catalog if e.msgid_plural and len(e.msgstr_plural) != nplurals]
    assert wrong == []


def test_every_problem_the_api_can_answer_with_has_a_title():
    codes = set(STATUSES) | set(_CHALICE_STATUS_CODES.values()) | {"internal-error"}

    assert sorted(code for code in codes if not i18n.has(f"problem:{code}")) == []


def domain_errors() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        for subclass in todo.pop().__subclasses__():
            found.append(subclass)
            todo.append(subclass)
    return [error for error in found if getattr(error, "code", None) is not None]


@pytest.mark.parametrize("error", domain_errors(), ids=lambda error: error.__name__)
def test_every_domain_error_has_a_status_and_a_title_in_every_language(error):
    english = pot("api")[f"problem:{error.code}"]

    assert error.code in STATUSES
    for language in TRANSLATIONS:
        entry = po("api", language).find(english.msgid, msgctxt=f"problem:{error.code}")
        assert entry is not None and entry.msgstr.strip() and not entry.fuzzy, language


def test_plural_picks_the_form_each_language_needs_and_text_falls_back_to_english(tmp_path):
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    (tmp_path / "t.pot").write_text(
        header + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgctxt "k:days"\nmsgid "{count} day left"\nmsgid_plural "{count} days left"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n\nmsgctxt "k:new"\nmsgid "New {what}"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "t.po").write_text(
        header + f'"Plural-Forms: {PLURAL_FORMS["pl"]}\\n"\n\n'
        'msgctxt "k:days"\nmsgid "{count} day left"\nmsgid_plural "{count} days left"\n'
        'msgstr[0] "Został {count} dzień"\nmsgstr[1] "Zostały {count} dni"\n'
        'msgstr[2] "Zostało {count} dni"\n',
        encoding="utf-8",
    )
    catalog = i18n.Catalog(tmp_path, "t")

    said = [catalog.plural("pl", "k:days", n) for n in (1, 3, 5, 22, 112)]
    assert said == [
        "Został 1 dzień",
        "Zostały 3 dni",
        "Zostało 5 dni",
        "Zostały 22 dni",
        "Zostało 112 dni",
    ]
    assert catalog.plural("en", "k:days", 1) == "1 day left"
    assert catalog.plural("en", "k:days", 2) == "2 days left"
    assert catalog.text("pl", "k:new", what="x") == "New x"  # untranslated: English
    with pytest.raises(KeyError):
        catalog.text("pl", "k:made-up")


def test_starting_the_app_reads_no_catalog_and_a_text_reads_only_its_language():
    script = (
        "import app\nfrom chalicelib import i18n\n"
        "def read(): return ['english' in vars(i18n.API), sorted(i18n.API._loaded)]\n"
        "before = read()\ni18n.text('pl', 'problem:slot-full')\nprint(before, read())"
    )

    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT / "functions", capture_output=True, text=True
    )

    assert ran.stdout == "[False, []] [True, ['pl']]\n", ran.stderr


def test_an_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        i18n.text("pl", "problem:made-up-code")


# --- texts left in source ----------------------------------------------------------------------

LETTERS = re.compile(
    "[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"  # Polish
    "\u0400-\u04ff"  # Cyrillic
    "ăđơưĂĐƠƯ\u1ea0-\u1ef9]"  # Vietnamese
)
CODES = set(LANGUAGES)
# Words that may stay in source, each with its reason.
ALLOWED_WORDS = {
    "Bliżej": "the project's name, the same in every language (API title, mail sender)",
}
JS_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""", re.DOTALL)
JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
JS_LANGUAGE_KEY = re.compile(r"""(?<![\w.$?])["']?(en|pl|uk|ru|vi)["']?\s*:(?!:)""")


def has_foreign_letters(text: str) -> bool:
    for word in ALLOWED_WORDS:
        text = text.replace(word, "")
    return LETTERS.search(text) is not None


def python_texts_left(source: str) -> list[str]:
    """Dictionaries keyed by language codes and literals in our languages' letters."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if len(keys & CODES) >= 2:
                found.append(f"line {node.lineno}: a dict keyed by {sorted(keys & CODES)}")
        elif isinstance(node, ast.Call):
            keys = {keyword.arg for keyword in node.keywords}
            if len(keys & CODES) >= 2:
                found.append(f"line {node.lineno}: a call with {sorted(keys & CODES)}=")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings  # a docstring speaks to programmers, not to readers
            and has_foreign_letters(node.value)
        ):
            found.append(f"line {node.lineno}: {node.value[:40]!r}")
    return found


def javascript_texts_left(source: str) -> list[str]:
    code = JS_COMMENT.sub("", source)
    found = [f"a string {m.group(2)[:40]!r}" for m in JS_STRING.finditer(code)]
    found = [text for text in found if has_foreign_letters(text)]
    keys = {match.group(1) for match in JS_LANGUAGE_KEY.finditer(JS_STRING.sub('""', code))}
    if len(keys) >= 2:
        found.append(f"an object keyed by {sorted(keys)}")
    return found


def test_the_finders_see_a_planted_text():
    python = 'TITLES = {"en": "Hi", "pl": "Cześć"}\nx = dict(en="a", uk="b")\n'
    javascript = 'export const S = { en: { hi: "Hi" }, pl: { hi: "Cześć" } };'

    assert len(python_texts_left(python)) == 3
    assert len(javascript_texts_left(javascript)) == 2
    assert python_texts_left('"""Bliżej: a docstring."""\nNAME = "Bliżej"\n') == []
    assert javascript_texts_left("// Zażółć\nconst a = x ? en : pl; const o = { a: 1 };") == []


def test_no_python_under_functions_keeps_a_user_facing_text():
    found = {}
    for path in sorted((ROOT / "functions").rglob("*.py")):
        left = python_texts_left(path.read_text(encoding="utf-8"))
        if left:
            found[path.relative_to(ROOT).as_posix()] = left
    assert found == {}, (
        "move these texts into functions/chalicelib/locale/api.pot and the .po files"
    )


def test_no_widget_javascript_keeps_a_user_facing_text():
    found = {}
    for path in sorted((ROOT / "docs" / "assets" / "widgets").rglob("*.js")):
        left = javascript_texts_left(path.read_text(encoding="utf-8"))
        if left:
            found[path.relative_to(ROOT).as_posix()] = left
    assert found == {}, "move these texts into functions/chalicelib/locale/widgets.pot and .po"
