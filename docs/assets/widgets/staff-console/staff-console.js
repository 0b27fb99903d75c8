// <staff-console site="waw">: a counter's work. Sign in (locally with the staff token; in AWS on
// the office's Cognito sign-in page, code flow with PKCE), open the counter with its services,
// call the next person, then served / call again / did not come / send to another service;
// confirm priority for people who asked for it. The sign-in is kept for this tab only.
// Keys: N call next, R call again, S served, M did not come.
import { fill, h, ProblemError, Widget } from "../shared/widget.js";

const TOKEN = "bz-staff-token";
const PENDING = "bz-staff-sign-in"; // the PKCE verifier and state while Cognito signs the person in

const base64url = (bytes) => btoa(String.fromCharCode(...bytes))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const randomText = (size) => base64url(crypto.getRandomValues(new Uint8Array(size)));
const sha256 = async (text) =>
  base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));

export class StaffConsole extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-console");
    const query = new URLSearchParams(window.location.search);
    this.site = query.get("site") || this.getAttribute("site") || "waw";
    this.token = window.sessionStorage.getItem(TOKEN);
    this.counterId = window.sessionStorage.getItem("bz-counter") || "1";
    this.onKey = (event) => this.shortcut(event);
    // Capture on window: runs before the theme's own keys (n, p, s open pages and search).
    window.addEventListener("keydown", this.onKey, true);
    if (query.has("code") || query.has("error")) this.guarded(() => this.finishSignIn(query));
    else if (this.token) this.guarded(() => this.setup());
    else this.guarded(() => this.signIn());
  }

  disconnectedCallback() {
    window.removeEventListener("keydown", this.onKey, true);
  }

  staff(method, path, body) {
    return this.api(method, path, { body, headers: { Authorization: `Bearer ${this.token}` } });
  }

  // A refused sign-in (401: a wrong token, or an ended Cognito session) leads back to signing in.
  async guarded(action) {
    return super.guarded(async () => {
      try {
        await action();
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 401) throw error;
        this.remember(null);
        await this.signIn(this.t.signedOut);
      }
    });
  }

  remember(token) {
    this.token = token;
    if (token) window.sessionStorage.setItem(TOKEN, token);
    else window.sessionStorage.removeItem(TOKEN);
  }

  here() {
    return window.location.origin + window.location.pathname;
  }

  // How this deployment signs staff in: the token form, or Cognito's pages (asked once).
  async signInMethod() {
    this.how ??= await this.api("GET", "/staff/sign-in");
    return this.how;
  }

  // Leaves for one of Cognito's pages.
  toCognitoPage(url, parameters) {
    const address = new URL(url);
    address.search = new URLSearchParams(parameters);
    window.location.assign(address);
  }

  async signIn(message) {
    if ((await this.signInMethod()).method === "cognito") {
      this.show(this.t.heading, h("button", { type: "button", class: "md-button md-button--primary",
        onclick: () => this.guarded(() => this.toCognito()) }, this.t.signInOffice));
    } else {
      const token = h("input", { id: "bz-token", type: "password", autocomplete: "off", required: true });
      const form = h("form", { novalidate: true, onsubmit: (event) => {
        event.preventDefault();
        this.remember(token.value.trim());
        this.guarded(() => this.setup());
      } }, h("div", { class: "bz-field" }, h("label", { for: "bz-token" }, this.t.token), token),
      h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.signIn));
      this.show(this.t.heading, form);
    }
    if (message) this.showAlert(message);
  }

  async toCognito() {
    const verifier = randomText(48);
    const state = randomText(24);
    window.sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, site: this.site }));
    this.toCognitoPage(this.how.authorize_url, {
      response_type: "code", client_id: this.how.client_id, scope: this.how.scope,
      redirect_uri: this.here(), state, code_challenge: await sha256(verifier), code_challenge_method: "S256",
    });
  }

  async finishSignIn(query) {
    const pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
    window.sessionStorage.removeItem(PENDING);
    if (pending?.site) this.site = pending.site;
    // The code is for one use: take it out of the address and the history.
    window.history.replaceState(null, "", this.here() + (pending?.site ? `?site=${encodeURIComponent(pending.site)}` : ""));
    if (!pending || !query.get("code") || query.get("state") !== pending.state) {
      await this.signIn(this.t.signInFailed);
      return;
    }
    const session = await this.api("POST", "/staff/session",
      { body: { code: query.get("code"), code_verifier: pending.verifier, redirect_uri: this.here() } });
    this.remember(session.id_token);
    await this.setup();
  }

  async signOut() {
    this.remember(null);
    const how = await this.signInMethod();
    if (how.method === "cognito") this.toCognitoPage(how.logout_url, { client_id: how.client_id, logout_uri: this.here() });
    else await this.signIn(this.t.signedOutNow);
  }

  signOutButton() {
    return h("button", { type: "button", class: "md-button bz-console__sign-out",
      onclick: () => this.guarded(() => this.signOut()) }, this.t.signOut);
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
        h("button", { type: "button", class: "md-button", onclick: () => save(false) }, this.t.close)),
      this.signOutButton());
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
    this.show(`${this.t.heading} — ${this.counterId}`, ...parts, this.signOutButton());
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
