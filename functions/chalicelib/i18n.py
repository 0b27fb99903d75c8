"""The words the API and its e-mails say, in each language, read from gettext catalogs.

Translators edit `locale/<lang>/api.po`; `locale/api.pot` holds the English source. Code names a
text by its key (the entry's `msgctxt`, `problem:slot-full`), never by the English text, so a
reworded English message keeps its key and marks every translation of it stale. A stale, fuzzy or
missing translation falls back to English here; `tests/unit/test_catalogs.py` keeps any from
shipping.

The catalogs are read on first use, once per process, each language when it is first asked for:
importing this module does no I/O, and a Lambda that never answers in Polish never reads the
Polish file.
"""

import gettext
import io
from functools import cached_property
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"


class Catalog:
    """One domain's catalogs (`api`, `widgets`): the English `.pot` and a `.po` per language."""

    def __init__(self, folder: Path, domain: str) -> None:
        self.folder = folder
        self.domain = domain
        self._loaded: dict[str, gettext.NullTranslations] = {}

    @cached_property
    def english(self) -> dict[str, polib.POEntry]:
        """Every entry of the `.pot`, by key."""
        pot = polib.pofile(str(self.folder / f"{self.domain}.pot"))
        return {entry.msgctxt: entry for entry in pot if entry.msgctxt and not entry.obsolete}

    def _translation(self, language: str) -> gettext.NullTranslations:
        """One language's texts, read the first time that language is asked for."""
        if language == ENGLISH:
            return _ENGLISH
        found = self._loaded.get(language)
        if found is None:
            path = self.folder / language / f"{self.domain}.po"
            if not path.is_file():
                raise KeyError(f"there is no {self.domain} catalog for {language!r}")
            # gettext evaluates the file's Plural-Forms header; polib compiles the .po in memory,
            # leaving out fuzzy entries, so they fall back to English like missing ones.
            found = gettext.GNUTranslations(io.BytesIO(polib.pofile(str(path)).to_binary()))
            self._loaded[language] = found  # two threads may both read it once: harmless
        return found

    def has(self, key: str) -> bool:
        return key in self.english

    def keys(self, prefix: str) -> list[str]:
        """The keys starting with `prefix`, without it, sorted (`problem:` gives every code)."""
        return sorted(key.removeprefix(prefix) for key in self.english if key.startswith(prefix))

    def _entry(self, key: str) -> polib.POEntry:
        try:
            return self.english[key]
        except KeyError:
            raise KeyError(f"{key!r} is not in {self.domain}.pot") from None

    def text(self, language: str, key: str, **values: object) -> str:
        """The text of `key` in `language`, with `values` put into its `{placeholders}`."""
        entry = self._entry(key)
        if entry.msgid_plural:
            raise KeyError(f"{key!r} counts something: use plural()")
        return self._translation(language).pgettext(key, entry.msgid).format(**values)

    def plural(self, language: str, key: str, count: int, **values: object) -> str:
        """The form of `key` for `count` in `language`; `{count}` is available to the text."""
        entry = self._entry(key)
        if not entry.msgid_plural:
            raise KeyError(f"{key!r} does not count anything: use text()")
        form = self._translation(language).npgettext(key, entry.msgid, entry.msgid_plural, count)
        return form.format(count=count, **values)


_ENGLISH = gettext.NullTranslations()  # the .pot's msgid (and msgid_plural) as they are
API = Catalog(LOCALE, "api")


def text(language: str, key: str, **values: object) -> str:
    """An API or e-mail text in the reader's language (English when it is not translated)."""
    return API.text(language, key, **values)


def plural(language: str, key: str, count: int, **values: object) -> str:
    """An API or e-mail text that counts `count` things, in the form the language needs."""
    return API.plural(language, key, count, **values)


def has(key: str) -> bool:
    """Whether the API catalog has `key` (for codes that come from data, not from code)."""
    return API.has(key)
