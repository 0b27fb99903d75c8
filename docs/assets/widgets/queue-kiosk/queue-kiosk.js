// <queue-kiosk site="waw" home-language="pl">: the ticket machine in the hall, a full-screen office
// app. It starts with the language choice, then "I have a booking" (code and document, or the QR
// code of the confirmation e-mail) or "I have no booking" (a service that takes walk-ins). A new
// ticket is shown and printed on the 80 mm receipt printer (queue-kiosk.css), then the kiosk starts
// again; it also starts again, forgetting everything, after a minute without a touch.
import { fill, h, LANGUAGES, markErrors, Widget, ZONE } from "../shared/widget.js";

const IDLE_MS = 60_000;
const SLIP_MS = 20_000; // long enough to take the ticket and read the screen, short for the next person
const SCAN_EVERY_MS = 250;
const BOOKING_CODE = /^[A-Za-z]{3}-[A-Za-z0-9]{4}-[A-Za-z0-9]{2}$/;
const SVG = "http://www.w3.org/2000/svg";
const ACTIVITY = ["pointerdown", "touchstart", "keydown", "input", "wheel"];

// A language's name as it writes itself ("Українська"), from the browser's own data: the same
// words on every page, so no catalog of one language could hold them.
function autonym(language) {
  const name = new Intl.DisplayNames([language], { type: "language" }).of(language);
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

// The QR code the API drew with segno, as one path in an inline <svg>: no server markup is parsed.
function qrCode({ size, path }, label, address) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [name, value] of Object.entries({ viewBox: `0 0 ${size} ${size}`, role: "img",
    "aria-label": label, class: "bz-slip__qr", "data-address": address, "shape-rendering": "crispEdges" })) {
    svg.setAttribute(name, value);
  }
  const paper = document.createElementNS(SVG, "rect");
  for (const [name, value] of Object.entries({ width: size, height: size, fill: "#fff" })) paper.setAttribute(name, value);
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(paper, modules);
  return svg;
}

export class QueueKiosk extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-kiosk");
    const query = new URLSearchParams(window.location.search);
    this.site = query.get("site") || this.getAttribute("site") || "waw";
    const home = this.getAttribute("home-language");
    this.homeLanguage = LANGUAGES.includes(home) ? home : "pl";
    this.printing = this.getAttribute("print") !== "off";
    this.watchIdle();
    // Arriving from the language choice (?language= this page's): straight to the two choices.
    if (query.get("language") === this.language) this.choices();
    else this.start();
  }

  disconnectedCallback() {
    this.forget();
    window.clearTimeout(this.idleTimer);
  }

  // The kiosk page of a language, keeping the office: English at the site's root, others under /<lang>/.
  kioskUrl(language) {
    const here = new URL(".", window.location.href);
    const root = new URL(this.language === "en" ? "../" : "../../", here);
    const url = new URL(`${language === "en" ? "" : `${language}/`}kiosk/`, root);
    url.searchParams.set("site", this.site);
    return url;
  }

  watchIdle() {
    const restart = () => {
      window.clearTimeout(this.idleTimer);
      this.idleTimer = window.setTimeout(() => this.reset(), IDLE_MS);
    };
    for (const type of ACTIVITY) document.addEventListener(type, restart, { capture: true, passive: true });
    restart();
  }

  // Back to the language choice of the kiosk's home language, with nothing of the last person left.
  reset() {
    this.forget();
    const home = this.kioskUrl(this.homeLanguage);
    if (this.language !== this.homeLanguage) {
      window.location.replace(home.href); // replace: the kiosk's history never grows
      return;
    }
    if (window.location.search !== home.search) window.history.replaceState(null, "", home.href);
    this.start();
  }

  forget() {
    this.stopCamera();
    window.clearTimeout(this.slipTimer);
    this.querySelectorAll("input").forEach((input) => {
      input.value = "";
      input.checked = false;
    });
    this.sheet?.remove();
    this.sheet = null;
    this.status.textContent = "";
    this.clearAlert();
  }

  start() {
    const order = [this.homeLanguage, ...LANGUAGES.filter((language) => language !== this.homeLanguage)];
    const buttons = order.map((language) => h("button", { type: "button", lang: language,
      class: "md-button bz-kiosk__big bz-kiosk__language", onclick: () => this.choose(language) },
    autonym(language)));
    this.show(this.t.chooseLanguage,
      h("div", { class: "bz-kiosk__languages", role: "group", "aria-labelledby": this.heading.id }, buttons));
  }

  choose(language) {
    if (language === this.language) {
      this.choices();
      return;
    }
    const url = this.kioskUrl(language);
    url.searchParams.set("language", language);
    window.location.replace(url.href);
  }

  choices() {
    const big = (label, action) => h("button", { type: "button", class: "md-button md-button--primary bz-kiosk__big",
      onclick: () => this.guarded(action) }, label);
    this.show(this.t.heading, h("div", { class: "bz-kiosk__choices" },
      big(this.t.booked, () => this.booked()), big(this.t.walkIn, () => this.walkIn())),
    h("button", { type: "button", class: "md-button bz-kiosk__back", onclick: () => this.start() },
      this.t.changeLanguage));
  }

  input(id, label, hint, attributes = {}) {
    const input = h("input", { id, name: id, "aria-describedby": hint ? `${id}-hint` : null,
      autocomplete: "off", autocapitalize: "characters", spellcheck: "false", ...attributes });
    return [input, h("div", { class: "bz-field" }, h("label", { for: id }, label),
      hint ? h("p", { class: "bz-field__hint", id: `${id}-hint` }, hint) : null, input)];
  }

  canScan() {
    return "BarcodeDetector" in window && Boolean(navigator.mediaDevices?.getUserMedia);
  }

  booked(scannedCode = "") {
    const [code, codeField] = this.input("bz-code", this.t.code, this.t.codeHint, { required: true });
    const [documentInput, documentField] = this.input("bz-document", this.t.document, this.t.documentHint,
      { required: true });
    code.value = scannedCode;
    const form = h("form", { novalidate: true, class: "bz-kiosk__form", onsubmit: (event) => {
      event.preventDefault();
      this.guarded(() => this.checkIn(code.value, documentInput.value));
    } }, codeField, documentField,
    h("button", { type: "submit", class: "md-button md-button--primary bz-kiosk__big" }, this.t.checkIn));
    const scan = this.canScan() ? h("button", { type: "button", class: "md-button bz-kiosk__big bz-kiosk__scan",
      onclick: () => this.scan() }, this.t.scan) : null;
    this.show(this.t.booked, ...[scan, form, this.backButton()].filter(Boolean));
    if (scannedCode) {
      documentInput.focus();
      this.announce(this.t.scanned);
    }
  }

  // The camera looks for the QR code of the confirmation e-mail, whose text is the booking code.
  async scan() {
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      this.camera = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      const video = h("video", { class: "bz-kiosk__camera", muted: true, playsinline: true, "aria-hidden": "true" });
      video.srcObject = this.camera;
      this.show(this.t.scan, h("p", { class: "bz-kiosk__lead" }, this.t.scanHint), video,
        h("button", { type: "button", class: "md-button bz-kiosk__big", onclick: () => {
          this.stopCamera();
          this.booked();
        } }, this.t.typeInstead), this.backButton());
      await video.play();
      this.watchCode(detector, video);
    } catch {
      this.stopCamera();
      this.booked();
      this.showAlert(this.t.noCamera);
    }
  }

  watchCode(detector, video) {
    this.scanTimer = window.setTimeout(async () => {
      if (!this.camera) return;
      const found = await detector.detect(video).catch(() => []);
      const code = found.map((barcode) => barcode.rawValue.trim()).find((text) => BOOKING_CODE.test(text));
      if (!this.camera) return;
      if (!code) {
        this.watchCode(detector, video);
        return;
      }
      this.stopCamera();
      this.booked(code.toUpperCase());
    }, SCAN_EVERY_MS);
  }

  stopCamera() {
    window.clearTimeout(this.scanTimer);
    this.camera?.getTracks().forEach((track) => track.stop());
    this.camera = null;
  }

  async checkIn(code, documentNumber) {
    const errors = [];
    if (!code.trim()) errors.push({ field: "code", code: "required" });
    if (!documentNumber.trim()) errors.push({ field: "document", code: "required" });
    if (errors.length) {
      this.showAlert(this.t.fixFields);
      markErrors(this.body, errors, (e) => this.t.errors[e.code])?.focus();
      return;
    }
    const ticket = await this.api("POST", `/queue/${this.site}/checkin`, {
      body: { code: code.trim().toUpperCase(), document: documentNumber.trim(), language: this.language } });
    this.ticket(ticket);
  }

  async walkIn() {
    const offered = (await this.api("GET", `/services?site=${encodeURIComponent(this.site)}`)).filter((s) => s.walk_in);
    if (!offered.length) {
      this.show(this.t.walkIn, h("p", { class: "bz-kiosk__lead" }, this.t.noWalkIns), this.backButton());
      return;
    }
    const priority = h("input", { id: "bz-priority", type: "checkbox" });
    const buttons = offered.map((service) => h("button", { type: "button", class: "md-button bz-kiosk__big",
      onclick: () => this.guarded(async () => this.ticket(await this.api("POST", `/queue/${this.site}/tickets`,
        { body: { service: service.id, priority: priority.checked, language: this.language } }))) },
    service.name[this.language]));
    this.show(this.t.service,
      h("div", { class: "bz-field bz-field--check" }, priority, h("label", { for: "bz-priority" }, this.t.priority)),
      h("div", { class: "bz-kiosk__choices" }, buttons), this.backButton());
  }

  // The slip: on the screen inside the kiosk, and as a sheet of its own for the receipt printer
  // (a direct child of <body>, so that the print stylesheet can leave out everything else).
  slip(ticket, numberClass) {
    const time = new Intl.DateTimeFormat(this.language, { timeZone: ZONE, hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(new Date(ticket.issued_at));
    return h("div", { class: "bz-slip" },
      h("p", { class: `bz-slip__number ${numberClass}`, "data-number": ticket.number }, ticket.number),
      h("p", { class: "bz-slip__service" }, ticket.slip.service_name),
      h("p", { class: "bz-slip__ahead" }, `${this.t.ahead} ${ticket.ahead}`),
      h("p", { class: "bz-slip__wait" }, fill(this.t.wait, { n: ticket.estimated_minutes })),
      h("p", { class: "bz-slip__time" }, `${fill(this.t.issued, { time })} (${this.t.polishTime})`),
      qrCode(ticket.slip.qr, this.t.qr, ticket.slip.ticket_page),
      h("p", { class: "bz-slip__follow" }, this.t.scanTicket));
  }

  ticket(ticket) {
    const take = h("p", { class: "bz-kiosk__lead bz-kiosk__take" }, this.t.takeTicket);
    this.show(this.t.ticketHeading,
      ...[this.slip(ticket, "bz-queue__number"), this.printing && take, this.againButton()].filter(Boolean));
    this.announce(`${this.t.ticketHeading}: ${ticket.number}`);
    this.sheet?.remove();
    this.sheet = h("div", { class: "bz-slip-sheet", "aria-hidden": "true", lang: this.language },
      this.slip(ticket, "bz-slip__number--print"));
    document.body.append(this.sheet);
    this.slipTimer = window.setTimeout(() => this.reset(), SLIP_MS);
    if (this.printing) window.setTimeout(() => window.print(), 0);
  }

  backButton() {
    return h("button", { type: "button", class: "md-button bz-kiosk__back", onclick: () => {
      this.forget();
      this.choices();
    } }, this.t.back);
  }

  againButton() {
    return h("button", { type: "button", class: "md-button bz-kiosk__back", onclick: () => this.reset() },
      this.t.again);
  }
}

if (!customElements.get("queue-kiosk")) customElements.define("queue-kiosk", QueueKiosk);
