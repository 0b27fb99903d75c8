// <queue-kiosk site="waw">: the touch screen in the hall. With a booking: code + document → ticket.
// Without: choose a service (and ask for priority) → ticket. Then a link to follow it on a phone.
import { fill, h, markErrors, Widget } from "../shared/widget.js";

export class QueueKiosk extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-kiosk");
    this.site = new URLSearchParams(window.location.search).get("site") || this.getAttribute("site") || "waw";
    this.ticketPage = this.getAttribute("ticket-href") || "../ticket/";
    this.start();
  }

  start() {
    const big = (label, action) => h("button", { type: "button", class: "md-button md-button--primary bz-kiosk__big",
      onclick: () => this.guarded(action) }, label);
    this.show(this.t.heading, h("div", { class: "bz-kiosk__choices" },
      big(this.t.booked, () => this.booked()), big(this.t.walkIn, () => this.walkIn())));
  }

  input(id, label, hint, attributes = {}) {
    const input = h("input", { id, name: id, "aria-describedby": hint ? `${id}-hint` : null,
      autocomplete: "off", autocapitalize: "characters", ...attributes });
    return [input, h("div", { class: "bz-field" }, h("label", { for: id }, label),
      hint ? h("p", { class: "bz-field__hint", id: `${id}-hint` }, hint) : null, input)];
  }

  booked() {
    const [code, codeField] = this.input("bz-code", this.t.code, this.t.codeHint, { required: true });
    const [documentInput, documentField] = this.input("bz-document", this.t.document, this.t.documentHint,
      { required: true });
    const form = h("form", { novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.guarded(() => this.checkIn(code.value, documentInput.value));
    } }, codeField, documentField,
    h("button", { type: "submit", class: "md-button md-button--primary bz-kiosk__big" }, this.t.checkIn));
    this.show(this.t.booked, form, this.againButton());
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
      this.show(this.t.walkIn, h("p", {}, this.t.noWalkIns), this.againButton());
      return;
    }
    const priority = h("input", { id: "bz-priority", type: "checkbox" });
    const buttons = offered.map((service) => h("button", { type: "button", class: "md-button bz-kiosk__big",
      onclick: () => this.guarded(async () => this.ticket(await this.api("POST", `/queue/${this.site}/tickets`,
        { body: { service: service.id, priority: priority.checked, language: this.language } }))) },
    service.name[this.language]));
    this.show(this.t.service,
      h("div", { class: "bz-field bz-field--check" }, priority, h("label", { for: "bz-priority" }, this.t.priority)),
      h("div", { class: "bz-kiosk__choices" }, buttons), this.againButton());
  }

  ticket(ticket) {
    const link = new URL(`${this.ticketPage}#id=${encodeURIComponent(ticket.id)}`, window.location.href);
    this.show(this.t.ticketHeading,
      h("p", { class: "bz-queue__number", "data-number": ticket.number }, ticket.number),
      h("p", {}, `${this.t.ahead} ${ticket.ahead}. ${fill(this.t.wait, { n: ticket.estimated_minutes })}`),
      h("p", {}, this.t.follow, " ", h("a", { href: link.href, class: "bz-kiosk__follow" }, this.t.followLink)),
      this.againButton());
    this.announce(`${this.t.ticketHeading}: ${ticket.number}`);
  }

  againButton() {
    return h("button", { type: "button", class: "md-button", onclick: () => this.start() }, this.t.again);
  }
}

if (!customElements.get("queue-kiosk")) customElements.define("queue-kiosk", QueueKiosk);
