"""MkDocs hook: each build's service worker is a new one, so readers' old offline copies go.

`docs/service-worker.js` sits at the docs root (not in a language folder, so mkdocs-static-i18n
copies it as a plain file, once, to the site's root). Browsers install a worker again only when its
bytes change, and the worker names its cache after its `BUILD`; this hook stamps `BUILD` with a
digest of the built pages. A build that changes any page thus brings a new worker, which deletes
the caches of the build before it (see the worker's `activate`).
"""

import hashlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

WORKER = "service-worker.js"
UNSTAMPED = 'const BUILD = "unstamped";'


def digest(site: Path) -> str:
    pages = hashlib.sha256()
    for page in sorted(site.rglob("*.html")):
        pages.update(page.relative_to(site).as_posix().encode())
        pages.update(page.read_bytes())
    return pages.hexdigest()[:16]


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    worker = site / WORKER
    source = worker.read_text(encoding="utf-8")
    stamped = source.replace(UNSTAMPED, f'const BUILD = "{digest(site)}";', 1)
    worker.write_text(stamped, encoding="utf-8")
