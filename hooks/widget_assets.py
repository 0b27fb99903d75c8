"""MkDocs hook: a page loads the modules and stylesheets of the widgets it contains, and no others.

A reader on a slow phone should not download the counter console to read a guide. The widgets are
therefore not in mkdocs.yml's `extra_javascript`/`extra_css`; this hook looks for each widget's
mark in the finished page (its custom element, or the admonition a guide tool enhances) and puts
its stylesheet after the site's own `extra.css` and its module after `accessibility.js`, with the
same relative way back to the site's root, so the links hold at any depth and under a mike
version. `shared/widget.css` comes with any widget; `shared/widget.js` is imported by the modules
themselves. It runs before widget_texts.py, which puts the language's texts module before the
first widget module (so a page without widgets gets no texts either), and before csp.py.
"""

import re
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

FOLDER = "widgets/"  # beside stylesheets/ in assets/


def _element(name: str) -> re.Pattern[str]:
    return re.compile(rf"<{name}[\s>]")


def _admonition(kind: str) -> re.Pattern[str]:
    return re.compile(rf'class="admonition {kind}[\s"]')


@dataclass(frozen=True)
class Widget:
    """What marks a widget in a page, and the files (under assets/widgets/) it needs there."""

    mark: re.Pattern[str]
    module: str | None
    stylesheet: str
    shared: bool = True


WIDGETS = (
    Widget(
        _element("booking-calendar"),
        "booking-calendar/booking-calendar.js",
        "booking-calendar/booking-calendar.css",
    ),
    Widget(_element("case-status"), "case-status/case-status.js", "case-status/case-status.css"),
    Widget(_element("queue-kiosk"), "queue-kiosk/queue-kiosk.js", "queue/queue.css"),
    # the kiosk's touch screen and its 80 mm ticket slip (print), on top of the queue's looks
    Widget(_element("queue-kiosk"), None, "queue-kiosk/queue-kiosk.css"),
    Widget(_element("queue-ticket"), "queue-ticket/queue-ticket.js", "queue/queue.css"),
    Widget(_element("queue-board"), "queue-board/queue-board.js", "queue-board/queue-board.css"),
    Widget(
        _element("staff-console"),
        "staff-console/staff-console.js",
        "staff-console/staff-console.css",
    ),
    Widget(
        _element("staff-dashboard"),
        "staff-dashboard/staff-dashboard.js",
        "staff-dashboard/staff-dashboard.css",
    ),
    Widget(_admonition("checklist"), "guide/checklist.js", "guide/guide.css"),
    Widget(_admonition("self-check"), "guide/self-check.js", "guide/guide.css"),
    # hooks/journeys.py's path through a guide and its previous/next links: styled, not scripted
    Widget(re.compile(r'class="bz-(?:path|moves)"'), None, "guide/guide.css", shared=False),
    Widget(
        _element("permit-finder"),
        "permit-finder/permit-finder.js",
        "permit-finder/permit-finder.css",
    ),
    Widget(
        _element("open-figures"), "open-figures/open-figures.js", "open-figures/open-figures.css"
    ),
)
SHARED_STYLESHEET = "shared/widget.css"
# The site's own assets, on every page: their href/src gives the way back to the site's root.
# (A page under assets/, such as a widget's README, reaches it as ../../stylesheets/extra.css.)
EXTRA_CSS = re.compile(r'<link rel="stylesheet" href="([^"]*)stylesheets/extra\.css">')
ACCESSIBILITY_JS = re.compile(r'<script src="[^"]*javascripts/accessibility\.js"[^>]*></script>')


def needed(html: str) -> tuple[list[str], list[str]]:
    """The stylesheets and modules (paths under assets/widgets/) of the widgets in the page."""
    # The body only: a widget's README has its element's name, unescaped, in <title>.
    body = html[html.find("<body") :]
    found = [widget for widget in WIDGETS if widget.mark.search(body)]
    styles = [SHARED_STYLESHEET] if any(widget.shared for widget in found) else []
    modules: list[str] = []
    for widget in found:
        if widget.stylesheet not in styles:
            styles.append(widget.stylesheet)
        if widget.module and widget.module not in modules:
            modules.append(widget.module)
    return styles, modules


def with_widgets(html: str, where: str = "the page") -> str:
    """The page with the stylesheets and modules of the widgets it contains."""
    styles, modules = needed(html)
    if not styles:
        return html
    css = EXTRA_CSS.search(html)
    js = ACCESSIBILITY_JS.search(html)
    if not css or (modules and not js):
        # Without its place the widget would stay a fallback silently: better a failed build.
        raise PluginError(f"{where} has widgets but no extra.css link or accessibility.js script")
    root = css.group(1) + FOLDER
    links = "".join(f'\n      <link rel="stylesheet" href="{root}{path}">' for path in styles)
    scripts = "".join(
        f'\n        <script src="{root}{path}" type="module"></script>' for path in modules
    )
    if js:
        html = html[: js.end()] + scripts + html[js.end() :]
    # extra.css comes before accessibility.js in the page, so its offsets still hold.
    return html[: css.end()] + links + html[css.end() :]


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    return with_widgets(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return with_widgets(output, template_name)
