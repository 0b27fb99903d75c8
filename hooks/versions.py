"""MkDocs hook: the version selector and the language switcher work under mike's `/<version>/`.

mike publishes each release at `<site_url>/<version>/` (see scripts/versioned_site.py). One
thing would break there, and one would be noisy without mike:

- On a home page mkdocs-static-i18n links the other languages with absolute paths built from
  site_url (`/pl/`, or `/1.0/pl/` under mike), while on other pages it links them relative to
  the site (`pl/about/`). Absolute links leave the version (`latest/` → `/1.1/pl/`), or the site,
  when site_url is not exactly where the site is served. The hook turns them into links relative
  to the site's root as well, so the `url` filter makes every switcher link page-relative: the
  reader stays on the same page of the same version wherever the site is served.
- Material's version selector (`extra.version.provider: mike`) reads `versions.json` next to the
  version's folder. A plain `mkdocs build` (`make dev`) has no versions, so there the hook leaves
  the selector out instead of letting every page request a `versions.json` that is not there.

Material finds `versions.json` from its `base`, which mkdocs-static-i18n keeps at the version's
root for every language (`/1.0/pl/about/` has base `../..`), so the selector needs nothing more.
"""

from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if "mike" not in config.plugins:
        config.extra.pop("version", None)
    return config


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> Any:
    # Runs after mkdocs-static-i18n's own on_page_context (priority 50), which sets the links
    # as an attribute of config.extra, and that is what the templates read before the item.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    for alternate in alternates:
        link = alternate.get("link", "")
        if link.startswith(root):
            alternate["link"] = link[len(root) :] or "./"
    return context
