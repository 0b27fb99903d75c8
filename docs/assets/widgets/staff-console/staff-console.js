// <staff-console site="waw">: a counter's work. Sign in with the staff token (kept for this tab
// only), open the counter with its services, call the next person, then served / call again /
// did not come / send to another service; confirm priority for people who asked for it.
// Keys: N call next, R call again, S served, M did not come.
import { CONSOLE } from "../queue/strings.js";
import { texts } from "../shared/strings.js";
import { fill, h, Widget } from "../shared/widget.js";

export class StaffConsole extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp(texts, CONSOLE, "bz-console");
    this.site = new URLSearchParams(window.location.search).get("site") || this.getAttribute("site") || "waw";
    this.token = window.sessionStorage.getItem("bz-staff-token");
    this.counterId = window.sessionStorage.getItem("bz-counter") || "1";
    this.onKey = (event) => this.shortcut(event);
    // Capture on window: runs before the theme's own keys (n, p, s open pages and search).
    window.addEventListener("keydown", this.onKey, true);
    if (this.token) this.guarded(() => this.setup()); else this.signIn();
  }

  disconnectedCallback() {
    window.removeEventListener("keydown", this.onKey, true);
  }

  staff(method, path, body) {
    return this.api(method, path, { body, headers: { Authorization: `Bearer ${this.token}` } });
  }

  signIn() {
    const token = h("input", { id: "bz-token", type: "password", autocomplete: "off", required: true });
    const form = h("form", { novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.token = token.value.trim();
      window.sessionStorage.setItem("bz-staff-token", this.token);
      this.guarded(() => this.setup());
    } }, h("div", { class: "bz-field" }, h("label", { for: "bz-token" }, this.t.token), token),
    h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.signIn));
    this.show(this.t.heading, form);
  }

  async setup() {
    this.services = await this.api("GET", `/services?site=${encodeURIComponent(this.site)}`);
    const counter = h("input", { id: "bz-counter", value: this.counterId, required: true, inputmode: "numeric" });
    const boxes = this.services.map((service) => h("div", { class: "bz-field bz-field--check" },
      h("input", { type: "checkbox", id: `bz-service-${service.id}`, value: service.id, checked: true }),
      h("label", { for: `bz-service-${service.id}` }, service.name[this.language] || service.name.en)));
    const save = (open) => this.guarded(async () => {
      this.counterId = counter.value.trim();
      window.sessionStorage.setItem("bz-counter", this.counterId);
      const chosen = boxes.map((box) => box.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
      await this.staff("PUT", `/queue/${this.site}/counters/${encodeURIComponent(this.counterId)}`,
        { services: chosen, open });
      this.announce(fill(open ? this.t.opened : this.t.closed, { counter: this.counterId }));
      if (open) await this.work();
    });
    this.show(this.t.heading,
      h("div", { class: "bz-field" }, h("label", { for: "bz-counter" }, this.t.counter), counter),
      h("fieldset", {}, h("legend", {}, this.t.services), boxes),
      h("div", { class: "bz-widget__actions" },
        h("button", { type: "button", class: "md-button md-button--primary", onclick: () => save(true) }, this.t.open),
        h("button", { type: "button", class: "md-button", onclick: () => save(false) }, this.t.close)));
  }

  async work(current = this.current) {
    this.current = current;
    const tickets = await this.staff("GET", `/queue/${this.site}/tickets`);
    const waiting = tickets.filter((t) => t.state === "waiting");
    const button = (label, action, key) => h("button", { type: "button", class: "md-button", "data-key": key,
      onclick: () => this.guarded(action) }, key ? `${label} (${key})` : label);
    const parts = [h("p", {}, this.t.shortcuts),
      h("div", { class: "bz-widget__actions" }, button(this.t.callNext, () => this.callNext(), "N"))];
    if (current) {
      const target = h("select", { id: "bz-transfer" }, this.services.map((s) =>
        h("option", { value: s.id }, s.name[this.language] || s.name.en)));
      parts.push(h("section", { class: "bz-console__current", "aria-labelledby": "bz-current" },
        h("h3", { id: "bz-current" }, this.t.current),
        h("p", { class: "bz-queue__number" }, current.number),
        h("div", { class: "bz-widget__actions" },
          button(this.t.recall, () => this.act("recall"), "R"),
          button(this.t.served, () => this.act("served"), "S"),
          button(this.t.noShow, () => this.act("no-show"), "M")),
        h("div", { class: "bz-field" }, h("label", { for: "bz-transfer" }, this.t.transferTo), target),
        button(this.t.transfer, async () => {
          await this.staff("POST", `/queue/tickets/${encodeURIComponent(current.id)}/transfer`, { service: target.value });
          await this.work(null);
        })));
    }
    parts.push(h("h3", {}, this.t.queue), waiting.length
      ? h("ol", {}, waiting.map((t) => h("li", {}, `${t.number} `, t.priority_requested && !t.priority
        ? [h("em", {}, `(${this.t.requested}) `), button(this.t.priority, async () => {
          await this.staff("POST", `/queue/tickets/${encodeURIComponent(t.id)}/priority`);
          await this.work();
        })] : null)))
      : h("p", {}, this.t.none));
    this.show(`${this.t.heading} — ${this.counterId}`, ...parts);
  }

  async callNext() {
    const ticket = await this.staff("POST", `/queue/${this.site}/counters/${encodeURIComponent(this.counterId)}/call-next`);
    await this.work(ticket);
    this.announce(fill(this.t.calledNow, { number: ticket.number }));
  }

  async act(action) {
    const ticket = await this.staff("POST", `/queue/tickets/${encodeURIComponent(this.current.id)}/${action}`,
      { counter: this.counterId });
    await this.work(ticket.state === "called" ? ticket : null);
  }

  shortcut(event) {
    if (event.target.closest?.("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const button = this.querySelector(`button[data-key="${event.key.toUpperCase()}"]`);
    if (button) {
      event.preventDefault();
      event.stopImmediatePropagation();
      button.click();
    }
  }
}

if (!customElements.get("staff-console")) customElements.define("staff-console", StaffConsole);
