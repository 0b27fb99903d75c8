// <staff-console site="waw">: a counter's work. Sign in (locally with the staff token; in AWS on
// the office's Cognito sign-in page, code flow with PKCE), open the counter with its services,
// call the next person, then served / call again / did not come / send to another service;
// confirm priority for people who asked for it. The sign-in is kept for this tab only.
// Keyboard first: N call next, R call again, S served, M did not come, T send to another
// service, B break and back. While someone is still called, N asks what became of them (S or M,
// then the next is called in one request) rather than leaving two people called at the counter.
import { fill, h, ProblemError, Widget, ZONE } from "../shared/widget.js";

const TOKEN = "bz-staff-token";
const KEYS = ["N", "R", "S", "M", "T", "B", "P", "ESCAPE"];
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
    window.clearInterval(this.poll);
    window.clearInterval(this.tick);
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
    window.clearInterval(this.poll);
    window.clearInterval(this.tick);
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

  serviceName(id) {
    const service = this.services.find((s) => s.id === id);
    return service ? service.name[this.language] || service.name.en : id;
  }

  counterPath(action = "") {
    return `/queue/${this.site}/counters/${encodeURIComponent(this.counterId)}${action}`;
  }

  // A button that says its key: the key works from anywhere on the page (see shortcut()).
  button(label, key, action, primary = false) {
    return h("button", { type: "button", class: `md-button${primary ? " md-button--primary" : ""}`,
      "data-key": key, "aria-keyshortcuts": key === "ESCAPE" ? "Escape" : key,
      onclick: () => this.guarded(action) },
    label, " ", h("kbd", { "aria-hidden": "true" }, key === "ESCAPE" ? "Esc" : key));
  }

  // The counter's screen: built once, then its panels are refreshed in place every few seconds,
  // so a poll never moves the focus of the person at the counter.
  async work() {
    this.guard = null;
    this.panels = {
      state: h("p", { class: "bz-console__state" }),
      actions: h("div", { class: "bz-console__actions bz-widget__actions" }),
      // each panel has its heading from the start: a region must not name a heading not yet drawn
      current: h("section", { class: "bz-console__now", "aria-labelledby": "bz-now" },
        h("h3", { id: "bz-now" }, this.t.current)),
      queues: h("section", { class: "bz-console__queues", "aria-labelledby": "bz-queues" },
        h("h3", { id: "bz-queues" }, this.t.queue)),
    };
    this.show(`${this.t.heading} — ${this.counterId}`,
      h("div", { class: "bz-console__bar" }, this.panels.state, this.signOutButton()),
      this.panels.actions,
      h("div", { class: "bz-console__grid" }, this.panels.current, this.panels.queues));
    await this.refresh();
    window.clearInterval(this.poll);
    window.clearInterval(this.tick);
    this.poll = window.setInterval(() => this.guarded(() => this.refresh()), 10_000);
    this.tick = window.setInterval(() => this.showTimer(), 1_000);
  }

  async refresh() {
    const [desk, tickets] = await Promise.all([
      this.staff("GET", this.counterPath()),
      this.staff("GET", `/queue/${this.site}/tickets`),
    ]);
    this.desk = desk;
    this.current = desk.current;
    const hadFocus = this.contains(document.activeElement) && document.activeElement !== this.heading
      ? document.activeElement.dataset.key || document.activeElement.id : null;
    this.renderState();
    this.renderActions();
    this.renderCurrent();
    this.renderQueues(tickets.filter((t) => t.state === "waiting"));
    // The same control again if it is still there; else the heading, never the page's top.
    if (hadFocus && !this.contains(document.activeElement)) {
      const again = this.querySelector(`[data-key="${hadFocus}"], #${CSS.escape(hadFocus)}`);
      (again || this.heading).focus();
    }
  }

  renderState() {
    const paused = this.desk.paused_since;
    this.panels.state.className = `bz-console__state${paused ? " bz-console__state--paused" : ""}`;
    this.panels.state.textContent = paused
      ? fill(this.t.onBreak, { time: this.clock(paused) })
      : this.t.serving;
  }

  renderActions() {
    const paused = Boolean(this.desk.paused_since);
    const actions = [];
    if (this.guard) {
      actions.push(h("p", { class: "bz-console__guard", id: "bz-guard" },
        fill(this.t.stillCalled, { number: this.guard.number })),
      this.button(this.t.servedThenNext, "S", () => this.callNext("served"), true),
      this.button(this.t.noShowThenNext, "M", () => this.callNext("no-show")),
      this.button(this.t.cancel, "ESCAPE", () => this.cancelGuard()));
    } else if (paused) {
      actions.push(this.button(this.t.resume, "B", () => this.resume(), true));
    } else {
      actions.push(this.button(this.t.callNext, "N", () => this.callNext(), true));
      if (this.current) {
        actions.push(this.button(this.t.recall, "R", () => this.act("recall")),
          this.button(this.t.served, "S", () => this.act("served")),
          this.button(this.t.noShow, "M", () => this.act("no-show")),
          this.button(this.t.transferTo, "T", () => this.openTransfer()));
      } else {
        actions.push(this.button(this.t.pause, "B", () => this.pause()));
      }
    }
    this.panels.actions.replaceChildren(...actions);
    const group = this.guard ? { role: "group", "aria-labelledby": "bz-guard" } : {};
    for (const name of ["role", "aria-labelledby"]) this.panels.actions.removeAttribute(name);
    for (const [name, value] of Object.entries(group)) this.panels.actions.setAttribute(name, value);
  }

  renderCurrent() {
    const ticket = this.current;
    const parts = [h("h3", { id: "bz-now" }, this.t.current)];
    if (!ticket) {
      parts.push(h("p", { class: "bz-console__empty" }, this.desk.paused_since ? this.t.breakHint : this.t.nobodyCalled));
    } else {
      const facts = [
        [this.t.service, this.serviceName(ticket.service)],
        [this.t.name, ticket.name || this.t.walkIn],
        ticket.booking_code ? [this.t.bookingCode, ticket.booking_code] : null,
        ...Object.entries(ticket.identifiers || {}).map(([key, value]) => [this.t[key] || key, value]),
        ticket.appointment ? [this.t.appointment, `${this.clock(ticket.appointment)} (${this.t.polishTime})`] : null,
        [this.t.calledAt, `${this.clock(ticket.called_at)} (${this.t.polishTime}) · ${ticket.calls}×`],
      ].filter(Boolean);
      this.timer = h("span", { class: "bz-console__timer" });
      parts.push(
        h("p", { class: "bz-queue__number bz-console__number" }, ticket.number),
        h("p", { class: "bz-console__serving" }, this.t.servingFor, " ", this.timer),
        h("dl", { class: "bz-console__facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
        this.transferBox);
    }
    this.panels.current.className = `bz-console__now${ticket ? " bz-console__current" : ""}`;
    this.panels.current.replaceChildren(...parts.filter(Boolean));
    this.showTimer();
  }

  renderQueues(waiting) {
    const minutes = (count) => fill(this.t.minutes, { count });
    const rows = this.desk.queues.map((queue) => h("tr", {},
      h("th", { scope: "row" }, this.serviceName(queue.service)),
      h("td", {}, String(queue.waiting)),
      h("td", {}, queue.waiting ? minutes(queue.longest_minutes) : "—"),
      h("td", {}, minutes(queue.estimated_minutes))));
    const asked = waiting.filter((t) => t.priority_requested && !t.priority && this.desk.services.includes(t.service));
    this.panels.queues.replaceChildren(...[
      h("h3", { id: "bz-queues" }, this.t.queue),
      h("table", { class: "bz-console__table" },
        h("thead", {}, h("tr", {}, [this.t.service, this.t.waiting, this.t.longest, this.t.estimate]
          .map((title) => h("th", { scope: "col" }, title)))),
        h("tbody", {}, rows)),
      asked.length ? h("div", {}, h("h4", {}, this.t.askedPriority), h("ul", {}, asked.map((t) => h("li", {},
        `${t.number} (${this.t.requested}) `,
        h("button", { type: "button", class: "md-button", id: `bz-priority-${t.number}`,
          onclick: () => this.guarded(async () => {
            await this.staff("POST", `/queue/tickets/${encodeURIComponent(t.id)}/priority`);
            await this.refresh();
          }) }, `${this.t.priority} ${t.number}`))))) : null].filter(Boolean));
  }

  clock(instant) {
    return new Intl.DateTimeFormat(this.language, { timeZone: ZONE, hour: "2-digit", minute: "2-digit" })
      .format(new Date(instant));
  }

  // Minutes and seconds since the call; not in a live region, a ticking clock is not news.
  showTimer() {
    if (!this.current || !this.timer?.isConnected) return;
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(this.current.called_at)) / 1000));
    const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    if (this.timer.textContent !== text) this.timer.textContent = text;
  }

  async callNext(previous) {
    try {
      const ticket = await this.staff("POST", this.counterPath("/call-next"), previous ? { previous } : undefined);
      this.guard = null;
      this.transferBox = null;
      await this.refresh();
      this.announce(fill(this.t.calledNow, { number: ticket.number }));
      this.heading.focus();
    } catch (error) {
      // Someone is still called here (maybe from another console): ask what became of them.
      if (!(error instanceof ProblemError) || error.problem.code !== "counter-busy") throw error;
      this.guard = { number: error.problem.number };
      this.renderActions();
      this.announce(fill(this.t.stillCalled, { number: this.guard.number }));
      this.querySelector('button[data-key="S"]').focus();
    }
  }

  cancelGuard() {
    this.guard = null;
    this.renderActions();
    this.querySelector('button[data-key="N"]')?.focus();
  }

  async act(action) {
    const number = this.current.number;
    await this.staff("POST", `/queue/tickets/${encodeURIComponent(this.current.id)}/${action}`,
      { counter: this.counterId });
    this.transferBox = null;
    await this.refresh();
    const said = { recall: this.t.recalledNow, served: this.t.servedNow, "no-show": this.t.noShowNow }[action];
    this.announce(fill(said, { number }));
    this.querySelector('button[data-key="N"]')?.focus();
  }

  openTransfer() {
    const others = this.services.filter((s) => s.id !== this.current.service);
    const target = h("select", { id: "bz-transfer", onkeydown: (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.guarded(() => this.transfer(target.value));
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.transferBox = null;
        this.renderCurrent();
        this.querySelector('button[data-key="T"]')?.focus();
      }
    } }, others.map((s) => h("option", { value: s.id }, this.serviceName(s.id))));
    this.transferBox = h("div", { class: "bz-console__transfer" },
      h("div", { class: "bz-field" }, h("label", { for: "bz-transfer" }, this.t.transferTo), target),
      h("p", { class: "bz-console__hint" }, this.t.transferHint),
      h("button", { type: "button", class: "md-button", onclick: () => this.guarded(() => this.transfer(target.value)) },
        this.t.transferSend));
    this.renderCurrent();
    target.focus();
  }

  async transfer(service) {
    const number = this.current.number;
    await this.staff("POST", `/queue/tickets/${encodeURIComponent(this.current.id)}/transfer`, { service });
    this.transferBox = null;
    await this.refresh();
    this.announce(fill(this.t.transferred, { number, service: this.serviceName(service) }));
    this.querySelector('button[data-key="N"]')?.focus();
  }

  async pause() {
    await this.staff("POST", this.counterPath("/pause"));
    await this.refresh();
    this.announce(this.t.pausedNow);
    this.querySelector('button[data-key="B"]')?.focus();
  }

  async resume() {
    await this.staff("POST", this.counterPath("/resume"));
    await this.refresh();
    this.announce(this.t.resumedNow);
    this.querySelector('button[data-key="N"]')?.focus();
  }

  // The console's keys are its own while the counter is open, even when one does nothing right
  // now: the theme would otherwise take N, P and S to another page, away from the counter.
  shortcut(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, select, textarea")) return;
    const key = event.key === "Escape" ? "ESCAPE" : event.key.toUpperCase();
    const button = this.querySelector(`.bz-console__actions button[data-key="${key}"]`);
    const working = this.panels?.actions.isConnected;
    if (!button && !(working && KEYS.includes(key))) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (button) button.click();
    else if (key === "N" && this.desk?.paused_since) this.announce(this.t.breakHint);
  }
}

if (!customElements.get("staff-console")) customElements.define("staff-console", StaffConsole);
