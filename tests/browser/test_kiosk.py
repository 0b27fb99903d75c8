"""The kiosk as an office app on a 1080×1920 touch screen: the language choice, checking in with a
booking (typed, or the e-mail's QR code read by the camera), a walk-in, the printed 80 mm ticket
whose QR code opens the ticket's page, and the reset to the start after a minute without a touch."""

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

AUTONYMS = ["Polski", "English", "Українська", "Русский", "Tiếng Việt"]
PORTRAIT = {"width": 1080, "height": 1920}
# Counts the kiosk's prints instead of opening the browser's print dialog.
COUNT_PRINTS = "window.bzPrints = 0; window.print = () => { window.bzPrints += 1; };"
# A kiosk whose camera sees the QR code of a confirmation e-mail (Linux Chromium has no
# BarcodeDetector): a canvas stream as the camera, a detector that reads the code on its 2nd look.
CAMERA_SEES = """
window.BarcodeDetector = class {
  constructor() { this.looks = 0; }
  async detect() { this.looks += 1; return this.looks < 2 ? [] : [{ rawValue: %r }]; }
};
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.getContext("2d").fillRect(0, 0, 10, 10);
  return canvas.captureStream();
};
"""
MM = 72 / 25.4  # PDF points in a millimetre


def no_violations(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def kiosk(browser: Browser) -> Page:
    # page.route misses requests the offline service worker takes (Playwright's docs),
    # and it takes them once it controls the page: no worker where requests are routed.
    context = new_context(browser, viewport=PORTRAIT, has_touch=True, service_workers="block")
    context.add_init_script(COUNT_PRINTS)
    yield context.new_page()
    context.close()


def links_leading_away(page: Page) -> list[str]:
    here = urlsplit(page.url)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
    return [href for href in hrefs if urlsplit(href)[:3] != here[:3]]


def tap(page: Page, name: str) -> None:
    page.locator("queue-kiosk").get_by_role("button", name=name, exact=True).tap()


def test_the_kiosk_starts_with_the_five_languages_in_their_own_script_as_large_buttons(
    kiosk, dev_server
):
    kiosk.goto(dev_server.url + "pl/kiosk/?site=waw")

    buttons = kiosk.locator("queue-kiosk .bz-kiosk__languages button")

    expect(kiosk.locator("queue-kiosk h2")).to_have_text("Wybierz język")
    expect(buttons).to_have_text(AUTONYMS)
    languages = [buttons.nth(i).get_attribute("lang") for i in range(5)]
    assert languages == ["pl", "en", "uk", "ru", "vi"]
    assert min(buttons.nth(i).bounding_box()["height"] for i in range(5)) >= 64
    assert kiosk.locator(".md-header, .md-sidebar, .md-footer").count() == 0
    assert links_leading_away(kiosk) == []
    no_violations(kiosk)


def test_a_visitor_chooses_ukrainian_checks_in_with_the_booking_and_the_ticket_is_printed(
    kiosk, dev_server
):
    code, document = dev_server.booked_on_friday["code"], dev_server.booked_on_friday["document"]
    refused: list[str] = []
    kiosk.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    kiosk.goto(dev_server.url + "pl/kiosk/?site=waw")

    tap(kiosk, "Українська")
    expect(kiosk.locator("queue-kiosk h2")).to_have_text("Отримати талон")
    tap(kiosk, "У мене є запис")
    kiosk.locator("#bz-code").fill(code)
    kiosk.locator("#bz-document").fill(document)
    tap(kiosk, "Зареєструватися")

    number = kiosk.locator("queue-kiosk .bz-slip__number")
    expect(number).to_have_text(re.compile(r"X\d{3}"))
    assert urlsplit(kiosk.url).path == "/uk/kiosk/"
    assert code not in kiosk.url
    expect(kiosk.locator("queue-kiosk .bz-slip")).to_contain_text("Видано о 0")
    qr = kiosk.locator("queue-kiosk .bz-slip__qr")
    assert qr.get_attribute("data-address").startswith(dev_server.url + "uk/ticket/#id=waw.")
    kiosk.wait_for_function("window.bzPrints === 1")
    assert links_leading_away(kiosk) == []
    assert refused == [], "the QR code is drawn without breaking the page's CSP"
    no_violations(kiosk)


def test_the_camera_reads_the_booking_code_from_the_emails_qr_code(kiosk, dev_server):
    kiosk.context.add_init_script(CAMERA_SEES % "WAW-7KQ3-M9")
    kiosk.goto(dev_server.url + "kiosk/?site=waw&language=en")

    tap(kiosk, "I have a booking")
    tap(kiosk, "Scan the QR code from the email")

    expect(kiosk.locator("#bz-code")).to_have_value("WAW-7KQ3-M9")
    expect(kiosk.locator("#bz-document")).to_be_focused()


def test_without_a_camera_that_reads_codes_the_kiosk_offers_only_typing(kiosk, dev_server):
    kiosk.goto(dev_server.url + "kiosk/?site=waw&language=en")

    tap(kiosk, "I have a booking")

    expect(kiosk.locator("#bz-code")).to_be_visible()
    assert not kiosk.evaluate("'BarcodeDetector' in window")
    expect(kiosk.get_by_role("button", name="Scan the QR code from the email")).to_have_count(0)


def test_after_a_minute_without_a_touch_the_kiosk_forgets_everything_and_starts_again(
    kiosk, dev_server
):
    kiosk.goto(dev_server.url + "pl/kiosk/?site=rad")
    history = kiosk.evaluate("history.length")
    tap(kiosk, "Русский")
    tap(kiosk, "У меня есть запись")
    kiosk.locator("#bz-code").fill("RAD-ABCD-12")
    kiosk.locator("#bz-document").fill("AB1234567")

    kiosk.clock.run_for(59_000)
    expect(kiosk.locator("#bz-code")).to_have_value("RAD-ABCD-12")
    kiosk.clock.run_for(2_000)

    expect(kiosk.locator("queue-kiosk h2")).to_have_text("Wybierz język")
    assert urlsplit(kiosk.url).path == "/pl/kiosk/"
    assert urlsplit(kiosk.url).query == "site=rad"
    assert kiosk.locator("queue-kiosk input").count() == 0
    assert kiosk.evaluate("history.length") == history
    assert kiosk.evaluate("localStorage.length + sessionStorage.length") == 0
    assert "RAD-ABCD-12" not in kiosk.content()


def test_in_the_home_language_the_idle_reset_clears_the_form_in_place(kiosk, dev_server):
    kiosk.goto(dev_server.url + "pl/kiosk/?site=waw")
    tap(kiosk, "Polski")
    tap(kiosk, "Mam rezerwację")
    kiosk.locator("#bz-code").fill("WAW-ABCD-12")

    kiosk.clock.run_for(61_000)

    expect(kiosk.locator("queue-kiosk h2")).to_have_text("Wybierz język")
    assert kiosk.locator("queue-kiosk input").count() == 0
    assert "WAW-ABCD-12" not in kiosk.content()


# Walk-ins are taken at Ciechanów: a ticket left waiting in Warsaw would be called first by the
# Warsaw counters of other tests.
def printed_ticket(kiosk: Page, dev_server, tmp_path: Path) -> tuple[Path, str]:
    """A walk-in ticket at the Ukrainian kiosk, printed by Chromium: the PDF and its QR address."""
    kiosk.goto(f"{dev_server.url}uk/kiosk/?site=cie&language=uk")
    tap(kiosk, "У мене немає запису")
    tap(kiosk, "Отримання посвідки на проживання")
    address = kiosk.locator("queue-kiosk .bz-slip__qr").get_attribute("data-address")
    kiosk.emulate_media(media="print")
    pdf = tmp_path / "ticket.pdf"
    pdf.write_bytes(kiosk.pdf(prefer_css_page_size=True, print_background=True))
    return pdf, address


def test_the_printed_ticket_is_one_80_mm_page_whose_qr_code_opens_the_tickets_page(
    kiosk, dev_server, tmp_path
):
    pdf, address = printed_ticket(kiosk, dev_server, tmp_path)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "slip")], check=True)
    scanned = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "slip-1.png")],
        capture_output=True,
        text=True,
    ).stdout.strip()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout

    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert round(width / MM) == 80
    assert height / MM <= 200
    assert scanned == address
    assert address.startswith(dev_server.url + "uk/ticket/#id=cie.")
    assert re.search(r"K\d{3}", text) and "Отримання посвідки на" in text  # the line wraps
    assert "Видано о" in text and "Людей перед вами" in text


def test_a_tablet_kiosk_with_printing_off_shows_the_ticket_without_printing(kiosk, dev_server):
    def printing_off(route):
        page = route.fetch()
        tablet = page.text().replace('home-language="pl"', 'home-language="pl" print="off"')
        route.fulfill(response=page, body=tablet)

    kiosk.route("**/pl/kiosk/*", printing_off)
    kiosk.goto(dev_server.url + "pl/kiosk/?site=cie&language=pl")

    tap(kiosk, "Nie mam rezerwacji")
    tap(kiosk, "Odbiór karty pobytu")

    expect(kiosk.locator("queue-kiosk .bz-slip__number")).to_have_text(re.compile(r"K\d{3}"))
    kiosk.clock.run_for(1_000)
    assert kiosk.evaluate("window.bzPrints") == 0


def test_after_showing_the_ticket_for_a_while_the_kiosk_starts_again_without_it(kiosk, dev_server):
    kiosk.goto(dev_server.url + "pl/kiosk/?site=cie&language=pl")
    tap(kiosk, "Nie mam rezerwacji")
    tap(kiosk, "Odbiór karty pobytu")
    expect(kiosk.locator("queue-kiosk .bz-slip__number")).to_have_text(re.compile(r"K\d{3}"))

    kiosk.clock.run_for(21_000)

    expect(kiosk.locator("queue-kiosk h2")).to_have_text("Wybierz język")
    assert kiosk.locator(".bz-slip, .bz-slip-sheet").count() == 0
    assert urlsplit(kiosk.url).query == "site=cie"
