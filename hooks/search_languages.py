"""MkDocs hook: one search index per language, and hreflang links a search engine accepts.

Search. Material's search plugin writes `search/search_index.json`; mkdocs-static-i18n builds each
language on its own and, at the end, rewrites that file with every language's pages together
(255 KB gzip), which Material's bundle would fetch on every page. After each language's build
this hook copies the plugin's index, which then holds that language's pages only (translated and
fallen back), to `search/search_index.<lang>.json`, with Material's own search settings for a site
in that language (LUNR); when the build is over it removes the all-languages file, so nothing can
fetch it. overrides/assets/javascripts/material-requests.js points Material at the page's
language's file, once the reader opens search.

Hreflang. Material writes a `<link rel="alternate" hreflang>` per entry of the language selector,
with page-relative addresses, and no x-default; Lighthouse's SEO audit wants absolute ones. The
hook replaces them with one link per language the page is built in (mkdocs-static-i18n's
`file.alternates`, which includes the languages it falls back to English in) at site_url, which
mike sets to the version's address, and an x-default to the English page.
"""

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

# lunr languages and pipeline per site language, as Material 9.8.1 sets them for a site in that
# language (material/templates/partials/languages/<lang>.html: search.config.lang, .pipeline).
# Material ships no lunr support for Polish or Ukrainian: they are indexed word by word with no
# stemming (pl with no stop words, uk with the English ones). Russian and Vietnamese get
# lunr.ru / lunr.vi (their word characters and stop words); Vietnamese needs no stemmer, its
# words do not inflect. No stemmer anywhere: Material searches the last word as a prefix, which
# an unstemmed index serves better.
LUNR: dict[str, tuple[list[str], list[str]]] = {
    "en": (["en"], ["stopWordFilter"]),
    "pl": (["en"], []),
    "uk": (["en"], ["stopWordFilter"]),
    "ru": (["ru"], ["stopWordFilter"]),
    "vi": (["vi"], ["stopWordFilter"]),
}
DEFAULT_LANGUAGE = "en"
MATERIAL_ALTERNATES = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')

_all_languages_index: Path | None = None


def index_name(language: str) -> str:
    return f"search_index.{language}.json"


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def on_post_build(config: MkDocsConfig) -> None:
    # Runs after the search plugin's on_post_build (same priority, registered earlier) and before
    # mkdocs-static-i18n's (priority -100), which builds the other languages and merges them.
    global _all_languages_index
    index = Path(config.site_dir) / "search" / "search_index.json"
    language = _language(config)
    data = json.loads(index.read_text(encoding="utf-8"))
    data["config"]["lang"], data["config"]["pipeline"] = LUNR[language]
    target = index.with_name(index_name(language))
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _all_languages_index = index


def on_shutdown() -> None:
    if _all_languages_index is not None:
        _all_languages_index.unlink(missing_ok=True)


def hreflang_links(page: Any, config: MkDocsConfig) -> str:
    alternates = getattr(page.file, "alternates", None) or {}
    site = config.site_url or "/"
    site = site if site.endswith("/") else site + "/"
    # MkDocs gives the home page the url "./"
    urls = {language: site + file.url.removeprefix("./") for language, file in alternates.items()}
    urls.setdefault(_language(config), site + page.url.removeprefix("./"))
    links = [
        f'<link rel="alternate" href="{url}" hreflang="{language}">'
        for language, url in sorted(urls.items())
    ]
    if DEFAULT_LANGUAGE in urls:
        links.append(f'<link rel="alternate" href="{urls[DEFAULT_LANGUAGE]}" hreflang="x-default">')
    return "".join("\n    " + link for link in links)


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    links = hreflang_links(page, config)
    output = MATERIAL_ALTERNATES.sub("", output)
    return output.replace("</title>", "</title>" + links, 1)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # The not-found page is the same for every address, so it has no other-language versions;
    # Material would give it the alternates of whichever page was built last.
    if template_name == "404.html":
        return MATERIAL_ALTERNATES.sub("", output)
    return output
