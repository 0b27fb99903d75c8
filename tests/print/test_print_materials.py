"""Leaflets, posters and checklists say what the site says, in every language, and lead to it.

The expected texts are read here from the same pages and data files the generator reads, never
written into the tests: when an editor changes a title, the print and these checks follow.
"""

import re
import shutil
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from weasyprint.urls import FatalURLFetchingError

from chalicelib.config import page_url
from print_materials import Generated, content, generate
from print_materials.render import LocalOnly, write_pdf
from tests.conftest import LANGUAGES, ROOT

SITE_URL = "https://cudzoziemcy.mazowieckie.example.gov.pl/"  # long, as a real one may be
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
CHECKLIST = re.compile(r'^!!! checklist "([^"]+)"\n((?:\n|    .*\n)+)', re.MULTILINE)
NEW_PHONE = "+48 22 695 69 99"
EM_BOX = 1.16  # pdftotext's word box: the font's ascent plus descent, 1.164 em in DejaVu Sans
WORD = re.compile(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Printed:
    out: Path
    generated: Generated

    def pdf(self, language: str, name: str) -> Path:
        return self.out / language / name


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    out = tmp_path_factory.mktemp("print")
    return Printed(out, generate(out, site_url=SITE_URL))


def source(language: str, path: str, root: Path = ROOT) -> Path:
    """The Markdown behind a site path in a language, or the English page where there is none."""
    name = path.strip("/")
    for lang in (language, "en"):
        folder = root / "docs" / lang
        home = [folder / "index.md"]
        candidates = [folder / f"{name}.md", folder / name / "index.md"] if name else home
        for candidate in candidates:
            if candidate.exists():
                return candidate
    raise FileNotFoundError(path)


def title(language: str, path: str) -> str:
    text = source(language, path).read_text(encoding="utf-8")
    return yaml.safe_load(FRONT_MATTER.match(text).group(1))["title"]


def services() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "services.yml").read_text(encoding="utf-8"))["services"]


def checklist_items(language: str, service: dict) -> list[str]:
    text = source(language, service["guide"]).read_text(encoding="utf-8")
    lines = [line.strip() for _title, body in CHECKLIST.findall(text) for line in body.splitlines()]
    return [line.removeprefix("- ") for line in lines if line.startswith("- ")]


SERVICES_WITH_CHECKLIST = [s for s in services() if checklist_items("en", s)]


def expected_files(language: str) -> set[str]:
    checklists = {f"checklist-{s['id']}.pdf" for s in services() if checklist_items(language, s)}
    return {"leaflet.pdf", "poster.pdf"} | checklists


def words(text: str) -> str:
    """Text as pdftotext gives it, without its line breaks, in one Unicode form."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_of(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return words(result.stdout)


def info(pdf: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pairs = (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded) for every font of the PDF, from pdffonts' table."""
    result = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def catalog_and_structure(pdf: Path) -> bytes:
    """The PDF's objects, uncompressed: the catalogue sits in a compressed object stream."""
    data = pdf.read_bytes()
    parts = [data]
    for start in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", start.end())
        try:
            parts.append(zlib.decompress(data[start.end() : end]))
        except zlib.error:
            continue
    return b"".join(parts)


def qr_codes(pdf: Path, scratch: Path) -> set[str]:
    """What a phone would read: every QR code on every page, rendered at 150 dpi."""
    prefix = scratch / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    found: set[str] = set()
    for image in sorted(scratch.glob(f"{pdf.stem}*.png")):
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found |= set(result.stdout.split())
    return found


def all_pdfs(out: Path) -> list[Path]:
    return sorted(out.glob("*/*.pdf"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_material_is_printed_in_every_language(printed, language):
    made = {path.name for path in (printed.out / language).glob("*.pdf")}

    assert made == expected_files(language)


def test_services_whose_guide_page_has_no_checklist_get_none_and_are_named(printed):
    without = {s["id"] for s in services() if not checklist_items("en", s)}

    assert without, "the data has services without a checklist; this check needs one"
    assert set(printed.generated.without_checklist) == without


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_is_two_sides_of_a4_and_poster_one_side_of_a3(printed, language):
    leaflet = info(printed.pdf(language, "leaflet.pdf"))
    poster = info(printed.pdf(language, "poster.pdf"))

    assert (leaflet["Pages"], leaflet["Page size"].endswith("(A4)")) == ("2", True)
    assert (poster["Pages"], poster["Page size"].endswith("(A3)")) == ("1", True)
    for service in SERVICES_WITH_CHECKLIST:
        checklist = info(printed.pdf(language, f"checklist-{service['id']}.pdf"))
        assert (checklist["Pages"], checklist["Page size"].endswith("(A4)")) == ("1", True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_leaflet_says_what_the_site_says_in_its_language(printed, language):
    text = text_of(printed.pdf(language, "leaflet.pdf"))

    for path in ("", "book/", "case-status/", "guides/open-day/", "offices/"):
        assert words(title(language, path)) in text, path or "home page"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poster_names_both_tasks_and_prints_their_addresses(printed, language):
    text = text_of(printed.pdf(language, "poster.pdf"))

    for path in ("book/", "case-status/"):
        assert words(title(language, path)) in text
        assert page_url(language, path, SITE_URL).split("://")[1] in text.replace(" ", "")


def point_sizes(pdf: Path) -> dict[str, float]:
    """Each word of the PDF and the size in points it is printed in (the largest if repeated)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    sizes: dict[str, float] = {}
    for top, bottom, word in WORD.findall(result.stdout):
        size = (float(bottom) - float(top)) / EM_BOX
        sizes[word] = max(size, sizes.get(word, 0))
    return sizes


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poster_is_readable_from_three_metres(printed, language):
    sizes = point_sizes(printed.pdf(language, "poster.pdf"))

    for path in ("book/", "case-status/"):
        assert all(sizes[word] >= 60 for word in title(language, path).split()), path
        address = page_url(language, path, SITE_URL).split("://")[1]
        pieces = [w for w in sizes if w in address and ("." in w or "/" in w)]  # it may wrap
        assert sum(len(piece) for piece in pieces) >= len(address), (address, pieces)
        assert all(sizes[piece] >= 36 for piece in pieces), path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("service", SERVICES_WITH_CHECKLIST, ids=lambda s: s["id"])
def test_a_checklist_lists_what_its_guide_page_says_to_bring(printed, language, service):
    text = text_of(printed.pdf(language, f"checklist-{service['id']}.pdf"))

    assert words(service["name"][language]) in text
    for item in checklist_items(language, service):
        assert words(item) in text


def test_every_letter_of_every_language_is_printed_with_an_embedded_font(printed):
    for pdf in all_pdfs(printed.out):
        text = text_of(pdf)
        assert "\ufffd" not in text and "□" not in text, pdf
        embedded = fonts(pdf)
        assert embedded, pdf
        assert all(flag == "yes" for _name, flag in embedded), (pdf, embedded)
        assert all("DejaVu" in name for name, _flag in embedded), (pdf, embedded)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_qr_code_leads_to_the_page_in_the_pdfs_language(printed, language, tmp_path):
    booking = page_url(language, "book/", SITE_URL)
    case = page_url(language, "case-status/", SITE_URL)

    assert qr_codes(printed.pdf(language, "leaflet.pdf"), tmp_path) == {booking, case}
    assert qr_codes(printed.pdf(language, "poster.pdf"), tmp_path) == {booking, case}
    for service in SERVICES_WITH_CHECKLIST:
        pdf = printed.pdf(language, f"checklist-{service['id']}.pdf")
        assert qr_codes(pdf, tmp_path) == {page_url(language, service["guide"], SITE_URL)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pdf_is_tagged_with_its_title_and_language(printed, language):
    for pdf in sorted((printed.out / language).glob("*.pdf")):
        objects = catalog_and_structure(pdf)
        assert info(pdf)["Tagged"] == "yes", pdf
        assert info(pdf)["Title"], pdf
        assert f"/Lang ({language})".encode() in objects, pdf
        assert b'pdfuaid:part="1"' in objects, pdf


def test_the_leaflet_title_is_the_home_page_title(printed):
    assert info(printed.pdf("uk", "leaflet.pdf"))["Title"] == title("uk", "")


def test_a_changed_phone_number_changes_every_pdf(tmp_path):
    root = tmp_path / "site"
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, root / name)
    offices_file = root / "data" / "offices.yml"
    offices = yaml.safe_load(offices_file.read_text(encoding="utf-8"))
    offices["offices"][0]["phone"] = {
        "value": NEW_PHONE,
        "source": "a test",
        "reviewed": "2026-11-28",
        "verified": True,
    }
    offices_file.write_text(yaml.safe_dump(offices, allow_unicode=True), encoding="utf-8")

    generate(tmp_path / "print", site_url=SITE_URL, root=root)

    pdfs = all_pdfs(tmp_path / "print")
    assert {pdf.parent.name for pdf in pdfs if pdf.name == "leaflet.pdf"} == set(LANGUAGES)
    missing = [str(pdf) for pdf in pdfs if NEW_PHONE not in text_of(pdf)]
    assert missing == []


def test_a_guide_not_yet_translated_prints_its_english_checklist_with_a_notice(tmp_path):
    root = tmp_path / "site"
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, root / name)
    service = SERVICES_WITH_CHECKLIST[0]
    source("uk", service["guide"], root).unlink()
    site = content.Site(root, SITE_URL)
    checklist = content.checklist(
        site, "uk", next(s for s in site.services() if s.id == service["id"])
    )

    text = text_of(write_pdf("checklist.html", tmp_path / "checklist.pdf", page=checklist))

    strings = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
    assert words(strings["fallback_notice"]["uk"]) in text
    assert words(service["name"]["uk"]) in text
    assert all(words(item) in text for item in checklist_items("en", service))


def test_print_fetches_nothing_from_the_network():
    with pytest.raises(FatalURLFetchingError):
        LocalOnly().fetch("https://example.org/logo.png")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_print_page_links_every_file_made_for_its_language_and_nothing_else(
    printed, built_site, language
):
    folder = built_site if language == "en" else built_site / language
    html = (folder / "print" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(rf'href="/print/{language}/([^"]+)"', html))

    made = {path.name for path in (printed.out / language).glob("*.pdf")}
    assert len(made) >= 3
    assert linked == made
