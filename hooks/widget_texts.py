"""MkDocs hook: each page gets its widgets' words in its own language only, from the catalogs.

The widgets' words live in gettext catalogs that translators edit:
`functions/chalicelib/locale/widgets.pot` (English, the source) and `<lang>/widgets.po`. At build
time this hook writes, for each page with widgets, a small module with the words of that page's
widgets alone in its language, `assets/widgets/texts/<lang>/<widget>[_<widget>…].js` (a guide
does not download the booking form's words), and puts `<script type="module" src="…">` for it
into the page before the first widget module. Module scripts run in document order, so by the
time a widget starts its words are there (`texts()` in `shared/widget.js` reads them) and the
widgets stay synchronous. `assets/widgets/texts/<lang>.js` has every widget's words: the hall
board imports the other languages' to cycle its captions.

A plural entry becomes an object keyed by the CLDR category of each form (`{one, few, many}` in
Polish), which the widgets pick with `Intl.PluralRules`. An entry that is missing, empty, fuzzy
or translates an older English text (stale) is given in English, as gettext would.
"""

import json
import re
from pathlib import Path
from typing import Any

import polib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "functions" / "chalicelib" / "locale"
LANGUAGES = ("en", "pl", "uk", "ru", "vi")
# The CLDR category of each gettext plural form, in the order of the catalogs' Plural-Forms.
CATEGORIES = {
    "en": ("one", "other"),
    "pl": ("one", "few", "many"),
    "uk": ("one", "few", "many"),
    "ru": ("one", "few", "many"),
    "vi": ("other",),
}
FOLDER = "assets/widgets/texts"
HTML_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')
# The first widget module of a page; its src gives the way back to the site's root from the page.
FIRST_WIDGET = re.compile(r'<script\b[^>]*\bsrc="([^"]*?)assets/widgets/[^"]*"[^>]*>')
# A widget's module: its folder names the widget, and its words in the catalogs (`<folder>:…`).
WIDGET_MODULE = re.compile(r'<script\b[^>]*\bsrc="[^"]*assets/widgets/([a-z-]+)/[^"/]*\.js"')
# The sets of widgets the pages of each language use, gathered while pages are written.
_wanted: dict[str, set[tuple[str, ...]]] = {language: set() for language in LANGUAGES}

Text = str | dict[str, "Text"]


def _english(entry: polib.POEntry) -> Text:
    if entry.msgid_plural:
        return dict(zip(CATEGORIES["en"], (entry.msgid, entry.msgid_plural), strict=True))
    return entry.msgid


def _translated(entry: polib.POEntry, source: polib.POEntry, language: str) -> Text | None:
    if "fuzzy" in entry.flags or entry.msgid != source.msgid:
        return None
    if source.msgid_plural:
        if entry.msgid_plural != source.msgid_plural:
            return None
        forms = [entry.msgstr_plural.get(index, "") for index in range(len(CATEGORIES[language]))]
        return dict(zip(CATEGORIES[language], forms, strict=True)) if all(forms) else None
    return entry.msgstr or None


def texts(language: str, locale: Path = LOCALE) -> dict[str, dict[str, Text]]:
    """Every widget's words in one language: {widget: {name: text}}, dotted names nested
    (`shared:errors.required` → texts["shared"]["errors"]["required"]), English where the
    language lacks an entry."""
    if not (
        locale / "widgets.pot"
    ).is_file():  # polib would read a missing path as a catalog's text
        raise PluginError(f"the widgets' catalog {locale / 'widgets.pot'} is missing")
    source = polib.pofile(str(locale / "widgets.pot"))
    translations = {}
    if language != "en":
        catalog = polib.pofile(str(locale / language / "widgets.po"))
        translations = {entry.msgctxt: entry for entry in catalog if not entry.obsolete}
    words: dict[str, dict[str, Text]] = {}
    for entry in source:
        widget, name = entry.msgctxt.split(":", 1)
        found = translations.get(entry.msgctxt)
        text = (found and _translated(found, entry, language)) or _english(entry)
        *parents, last = name.split(".")
        branch = words.setdefault(widget, {})
        for parent in parents:
            branch = branch.setdefault(parent, {})
        branch[last] = text
    return words


def module(language: str, locale: Path = LOCALE, widgets: tuple[str, ...] | None = None) -> str:
    """The texts module of a language: every widget's words, or the shared ones and `widgets`'."""
    words = texts(language, locale)
    if widgets is not None:
        words = {name: words[name] for name in ("shared", *widgets) if name in words}
    words = json.dumps(words, ensure_ascii=False, separators=(",", ":"))
    return (
        "// Written by hooks/widget_texts.py from functions/chalicelib/locale: edit the catalogs.\n"
        f"globalThis.blizejTexts = {words};\n"
    )


def widgets_of(html: str) -> tuple[str, ...]:
    """The widgets whose modules a page loads, by name, sorted."""
    return tuple(sorted(set(WIDGET_MODULE.findall(html)) - {"shared", "texts"}))


def module_name(widgets: tuple[str, ...]) -> str:
    return "_".join(widgets) + ".js"


def with_texts(html: str) -> str:
    """The page with the texts module of its language and widgets loaded just before its first
    widget module."""
    language = HTML_LANG.search(html)
    first = FIRST_WIDGET.search(html)
    widgets = widgets_of(html)
    if not first or not language or language.group(1) not in LANGUAGES or not widgets:
        return html
    _wanted[language.group(1)].add(widgets)
    src = f"{first.group(1)}{FOLDER}/{language.group(1)}/{module_name(widgets)}"
    script = f'<script type="module" src="{src}"></script>'
    return html[: first.start()] + script + "\n    " + html[first.start() :]


def on_pre_build(config: MkDocsConfig) -> None:
    for wanted in _wanted.values():
        wanted.clear()


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    return with_texts(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page, and loads the widgets too.
    return with_texts(output)


def on_post_build(config: MkDocsConfig) -> None:
    folder = Path(config.site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        (folder / f"{language}.js").write_text(module(language), encoding="utf-8")
        (folder / language).mkdir(exist_ok=True)
        for widgets in _wanted[language]:
            text = module(language, widgets=widgets)
            (folder / language / module_name(widgets)).write_text(text, encoding="utf-8")


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # `mkdocs serve` rebuilds when a translator saves a catalog, as it does for a page.
    server.watch(str(LOCALE))
    return server
