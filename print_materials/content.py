"""What the print materials say, gathered from the site's own sources in one language.

Nothing here is written for print. Titles and descriptions come from the pages' front matter,
paragraphs, lists and checklists from their Markdown, facts from data/offices.yml (rendered as
hooks/facts.py renders them on the site), service names from data/services.yml, and the few
labels a printed page needs around them from data/strings.yml.
"""

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import markdown
import yaml
from babel.dates import format_date
from markupsafe import Markup

import devserver  # noqa: F401  (puts functions/ on the path)
from chalicelib.config import page_url

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "pl", "uk", "ru", "vi")
DEFAULT_LANGUAGE = "en"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # as mkdocs.yml's site_url

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^## +(.+?)(?: *\{[^}]*\})? *$")
LIST_ITEM = re.compile(r"^(-|\d+\.) +(.*)$")
CHECKLIST = re.compile(r'^!!! checklist "([^"]+)"\n((?:\n|    .*\n)+)', re.MULTILINE)
PLACEHOLDER = re.compile(r"{{.*?}}")


@dataclass(frozen=True)
class Link:
    """A page the print leads to, as a QR code and as an address people can type."""

    label: str
    url: str

    @property
    def short(self) -> str:
        return self.url.split("://", 1)[-1]


@dataclass(frozen=True)
class Block:
    """A heading with the paragraph or the list under it, as HTML for a template."""

    heading: str
    paragraph: Markup | None = None
    items: tuple[Markup, ...] = ()
    ordered: bool = False


@dataclass(frozen=True)
class Page:
    """A page as the reader of one language gets it: the translation, or else the English page."""

    language: str  # the language of the text, English when the page is not translated
    title: str
    description: str
    body: str
    url: str

    def blocks(self) -> list[Block]:
        """The paragraphs and lists of the page, each with the `##` heading it stands under."""
        found = []
        heading = ""
        for chunk in re.split(r"\n[ \t]*\n", self.body):
            chunk = chunk.strip("\n")
            first = chunk.split("\n", 1)[0]
            if heading_line := HEADING.match(first):
                heading = heading_line.group(1)
                chunk = chunk.split("\n", 1)[1] if "\n" in chunk else ""
                first = chunk.split("\n", 1)[0]
            if LIST_ITEM.match(first):
                items, ordered = _list_items(chunk)
                found.append(Block(heading, items=items, ordered=ordered))
            elif first and not first.startswith(("#", "<", "!!!", " ", "|", "{{")):
                found.append(Block(heading, paragraph=inline(" ".join(chunk.split("\n")))))
        return found

    def first_section(self) -> Block:
        """The first `##` section's heading and first paragraph: what the page is for, in short."""
        return next(b for b in self.blocks() if b.heading and b.paragraph is not None)

    def first_list(self) -> Block:
        return next(block for block in self.blocks() if block.items)

    def checklists(self) -> list[Block]:
        """The `!!! checklist "Title"` blocks, as the guide widget shows them."""
        found = []
        for title, body in CHECKLIST.findall(self.body + "\n"):
            items, _ordered = _list_items(textwrap.dedent(body).strip("\n"))
            found.append(Block(title, items=items))
        return found


def _list_items(chunk: str) -> tuple[tuple[Markup, ...], bool]:
    items: list[str] = []
    ordered = False
    for line in chunk.split("\n"):
        if start := LIST_ITEM.match(line):
            ordered = start.group(1) != "-"
            items.append(start.group(2))
        elif items and line.strip():
            items[-1] += " " + line.strip()
    return tuple(inline(item) for item in items), ordered


def inline(text: str) -> Markup:
    """Markdown of one paragraph or item as HTML; a link prints as its words."""
    if PLACEHOLDER.search(text):
        raise ValueError(f"print cannot show a placeholder yet; it needs rendering: {text!r}")
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    html = markdown.markdown(text)
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


@dataclass(frozen=True)
class Topic:
    """One subject of a printed page: a site page's title, what it says, and the way to it."""

    language: str
    title: str
    blocks: tuple[Block, ...]
    link: Link


@dataclass(frozen=True)
class Fact:
    """An office's fact, said as the site says it: with its date, or that it is not confirmed."""

    labels: tuple[str, ...]  # keys of data/strings.yml: ("address",), or ("hours", "phone")
    value: str | None
    checked: str = ""
    warning: str = ""  # printed before the official page's address


@dataclass(frozen=True)
class Office:
    name: str
    city: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Contact:
    title: str
    description: str
    offices: tuple[Office, ...]
    official_page: str
    link: Link

    def phones(self) -> list[tuple[str, Fact]]:
        """Every office's phone for a footer line; the offices whose phone is unknown together."""
        phones = [(o.city, f) for o in self.offices for f in o.facts if "phone" in f.labels]
        known = [(city, fact) for city, fact in phones if fact.value is not None]
        unknown = [(city, fact) for city, fact in phones if fact.value is None]
        if unknown:
            known.append((", ".join(city for city, _fact in unknown), unknown[0][1]))
        return known


@dataclass(frozen=True)
class Leaflet:
    language: str
    strings: dict[str, str]
    title: str
    description: str
    offers: Block
    book: Topic
    case: Topic
    open_day: Topic
    contact: Contact


@dataclass(frozen=True)
class Poster:
    language: str
    strings: dict[str, str]
    title: str
    topics: tuple[Topic, ...]
    contact: Contact


@dataclass(frozen=True)
class Checklist:
    language: str
    strings: dict[str, str]
    service_id: str
    service: str
    guide: Topic
    contact: Contact

    @property
    def title(self) -> str:
        return f"{self.service} — {self.guide.blocks[0].heading}"


@dataclass(frozen=True)
class Service:
    id: str
    names: dict[str, str]
    guide: str  # a site path, as data/services.yml gives it: guides/residence-card/collect/


class Site:
    """The site's sources under one root: the repository, or a copy of it that a test changes."""

    def __init__(self, root: Path = ROOT, site_url: str = DEFAULT_SITE_URL) -> None:
        self.root = root
        self.site_url = site_url
        self._data: dict[str, Any] = {}

    def data(self, name: str) -> Any:
        if name not in self._data:
            path = self.root / "data" / f"{name}.yml"
            self._data[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return self._data[name]

    def strings(self, language: str) -> dict[str, str]:
        return {key: texts[language] for key, texts in self.data("strings").items()}

    def services(self) -> list[Service]:
        return [Service(s["id"], s["name"], s["guide"]) for s in self.data("services")["services"]]

    def page(self, language: str, path: str) -> Page:
        """The page at a site path ("book/", "guides/open-day/"), in the reader's language."""
        source = self._source(language, path) or self._source(DEFAULT_LANGUAGE, path)
        if source is None:
            raise FileNotFoundError(f"no page in docs/ for the site path {path!r}")
        text = source.read_text(encoding="utf-8")
        front = FRONT_MATTER.match(text)
        meta = yaml.safe_load(front.group(1)) if front else {}
        text_language = source.relative_to(self.root / "docs").parts[0]
        url = page_url(language, path, self.site_url)
        body = FRONT_MATTER.sub("", text, count=1)
        return Page(text_language, meta["title"], meta.get("description", ""), body, url)

    def _source(self, language: str, path: str) -> Path | None:
        folder = self.root / "docs" / language
        candidates = [folder / path / "index.md"]
        if path.strip("/"):
            candidates.insert(0, folder / f"{path.strip('/')}.md")
        return next((candidate for candidate in candidates if candidate.exists()), None)

    def contact(self, language: str) -> Contact:
        strings = self.strings(language)
        facts = self.data("offices")
        offices = tuple(
            Office(o["name"][language], o["city"], _facts(o, facts, strings, language))
            for o in facts["offices"]
        )
        page = self.page(language, "offices/")
        link = Link(page.title, page.url)
        return Contact(page.title, page.description, offices, facts["official_page"], link)


def _facts(office: dict, facts: dict, strings: dict, language: str) -> tuple[Fact, ...]:
    """The fields and wording of hooks/facts.py's `_office` and `_fact`, for print.

    Paper is short: an office's unknown facts are named together, followed once by what the site
    says of each of them (not confirmed, see the official page).
    """
    known: list[Fact] = []
    unknown: list[str] = []
    for field in ("address", "service_points", "hours", "phone"):
        fact = office.get(field)
        if fact is None:
            if field != "service_points":
                unknown.append(field)
            continue
        value = fact["value"]
        text = "; ".join(value) if isinstance(value, list) else str(value)
        checked = format_date(_as_date(fact["reviewed"]), format="long", locale=language)
        warning = "" if fact.get("verified") else strings["check_before_you_go"]
        known.append(Fact((field,), text, f"{strings['reviewed']} {checked}", warning))
    if unknown:
        known.append(Fact(tuple(unknown), None, warning=strings["not_known"]))
    return tuple(known)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _topic(page: Page, label: str, *blocks: Block) -> Topic:
    return Topic(page.language, page.title, blocks, Link(label, page.url))


def leaflet(site: Site, language: str) -> Leaflet:
    """Two sides of A4: what the site offers, booking, case status, the open day, contact."""
    strings = site.strings(language)
    home = site.page(language, "")
    book = site.page(language, "book/")
    case = site.page(language, "case-status/")
    open_day = site.page(language, "guides/open-day/")
    summary = Block("", paragraph=inline(open_day.description))
    return Leaflet(
        language=language,
        strings=strings,
        title=home.title,
        description=home.description,
        offers=site.page(language, "about/").first_list(),
        book=_topic(book, strings["print_scan_to_book"], book.first_section(), book.first_list()),
        case=_topic(case, strings["print_scan_to_check"], case.first_section(), case.first_list()),
        open_day=_topic(open_day, strings["print_read_more"], summary, open_day.first_list()),
        contact=site.contact(language),
    )


def poster(site: Site, language: str) -> Poster:
    """A3 for the hall: book online, check your case online; each with a large QR code."""
    strings = site.strings(language)
    book = site.page(language, "book/")
    case = site.page(language, "case-status/")
    topics = (
        _topic(book, strings["print_scan_to_book"]),
        _topic(case, strings["print_scan_to_check"]),
    )
    home = site.page(language, "")
    return Poster(language, strings, home.title, topics, site.contact(language))


def checklist(site: Site, language: str, service: Service) -> Checklist | None:
    """What to bring for a service, from its guide page's checklists; None when it has none."""
    guide = site.page(language, service.guide)
    blocks = guide.checklists()
    if not blocks:
        return None
    strings = site.strings(language)
    topic = _topic(guide, strings["print_scan_for_guide"], *blocks)
    name = service.names[language]
    return Checklist(language, strings, service.id, name, topic, site.contact(language))
