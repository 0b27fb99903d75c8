// <booking-calendar>: choose an office and service, a day, a time; give your details; confirm
// from the email; later cancel or change. Progressive enhancement: the element's own content
// (a link to the official booking page) stays until this script replaces it.
import { fill, h, markErrors, ProblemError, Widget, ZONE } from "../shared/widget.js";
import { FairRelease } from "./fair-release.js";

const MONTHS_AHEAD = 3;
const SITE_KEY = "bz-booking-site";

function warsawDate(instant) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(instant);
}

export class BookingCalendar extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-booking");
    this.privacyHref = this.getAttribute("privacy-href") || "../about/";
    this.officesHref = this.getAttribute("offices-href") || "../offices/";
    this.onHashChange = () => this.route();
    window.addEventListener("hashchange", this.onHashChange);
    this.route();
  }

  disconnectedCallback() {
    window.removeEventListener("hashchange", this.onHashChange);
  }

  // Formatting, always in Polish time

  formatDay(instant, withWeekday = true) {
    return new Intl.DateTimeFormat(this.language, {
      timeZone: ZONE, weekday: withWeekday ? "long" : undefined,
      day: "numeric", month: "long", year: "numeric",
    }).format(instant);
  }

  formatTime(instant) {
    return new Intl.DateTimeFormat(this.language, {
      timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).format(instant);
  }

  formatWhen(instant) {
    return `${this.formatDay(instant)}, ${this.formatTime(instant)} (${this.t.polishTime})`;
  }

  // Talking to the API

  route() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    if (params.get("confirm") && params.get("token")) {
      this.guarded(() => this.confirm(params.get("confirm"), params.get("token")));
    } else if (params.get("manage") && params.get("token")) {
      this.guarded(() => this.manage(params.get("manage"), params.get("token")));
    } else if (params.get("entry") && params.get("token")) {
      const [release, entry] = params.get("entry").split("/");
      this.guarded(() => this.entry(release, entry, params.get("token")));
    } else if (params.get("waiting") && params.get("token")) {
      this.guarded(() => this.waiting(params.get("waiting"), params.get("token")));
    } else {
      // A guide page may preselect an office and a service: <booking-calendar site="waw" service="workshop">
      const preselect = { site: this.getAttribute("site"), service: this.getAttribute("service") };
      this.guarded(() => this.choose(preselect));
    }
  }

  async catalogue(siteId) {
    this.sites ??= await this.api("GET", "/sites");
    this.services ??= {};
    if (siteId && !this.services[siteId]) {
      this.services[siteId] = await this.api("GET", `/services?site=${encodeURIComponent(siteId)}`);
    }
  }

  // The office chosen last on this device, else the head office (data/offices.yml, rendered
  // into the page by {{ office_contacts }}): never simply the first in the list.

  lastSite() {
    try {
      return window.localStorage.getItem(SITE_KEY);
    } catch {
      return null; // storage switched off: the head office then
    }
  }

  rememberSite(siteId) {
    try {
      window.localStorage.setItem(SITE_KEY, siteId);
    } catch {
      // storage switched off or full: the choice is simply not remembered
    }
  }

  headOffice() {
    return document.querySelector(".bz-office-contacts [data-head]")?.dataset.office || null;
  }

  officeContact(siteId) {
    const found = [...document.querySelectorAll(".bz-office-contacts [data-office]")]
      .find((item) => item.dataset.office === siteId);
    if (!found) return null;
    const copy = found.cloneNode(true);
    copy.removeAttribute("data-head");
    copy.className = "bz-booking__contact";
    return copy;
  }

  siteName(siteId) {
    const site = this.sites.find((s) => s.id === siteId);
    return site ? site.name[this.language] : siteId;
  }

  serviceOf(siteId, serviceId) {
    return (this.services[siteId] || []).find((s) => s.id === serviceId);
  }

  // 1. Office and service

  async choose(preselect = {}) {
    this.setHeading(this.t.chooseHeading);
    this.body.replaceChildren(h("p", {}, this.t.loading));
    await this.catalogue();
    const wantedSite = [preselect.site, this.lastSite(), this.headOffice()]
      .find((id) => id && this.sites.some((s) => s.id === id));
    const site = h("select", { id: "bz-site", name: "site" },
      this.sites.map((s) => h("option", { value: s.id, selected: s.id === wantedSite }, s.name[this.language])));
    // How the chosen service's times are given (first come, a ballot, results to come) is said
    // under the list, and the list is described by it.
    const mode = h("p", { class: "bz-field__hint bz-booking__mode", id: "bz-service-mode" });
    const service = h("select", { id: "bz-service", name: "service", "aria-describedby": "bz-service-mode",
      onchange: () => { mode.textContent = this.describeMode(this.serviceOf(site.value, service.value)); } });
    const fillServices = async () => {
      const wanted = service.value || preselect.service;
      await this.catalogue(site.value);
      service.replaceChildren(...this.services[site.value].map((s) =>
        h("option", { value: s.id, selected: s.id === wanted }, s.name[this.language])));
      mode.textContent = this.describeMode(this.serviceOf(site.value, service.value));
    };
    site.addEventListener("change", () => {
      this.rememberSite(site.value);
      this.guarded(fillServices);
    });
    await fillServices();
    const form = h("form", { class: "bz-booking__form", novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        this.guarded(() => this.proceed({ site: site.value, service: service.value }));
      } },
    h("div", { class: "bz-field" }, h("label", { for: "bz-site" }, this.t.office), site),
    h("div", { class: "bz-field" }, h("label", { for: "bz-service" }, this.t.service), service, mode),
    h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.showTimes));
    this.show(this.t.chooseHeading, form);
  }

  // 2. A month of free days

  async month(choice, when) {
    const today = warsawDate(new Date());
    const [year, monthIndex] = warsawDate(when).split("-").map(Number);
    const first = `${year}-${String(monthIndex).padStart(2, "0")}-01`;
    const lastDay = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
    const last = `${first.slice(0, 8)}${String(lastDay).padStart(2, "0")}`;
    const from = first < today ? today : first;
    const query = new URLSearchParams({ site: choice.site, service: choice.service, from, to: last });
    const found = from <= last ? await this.api("GET", `/availability?${query}`) : { days: [] };
    const freeDays = new Map(found.days.map((day) => [day.date, day.slots]));
    const monthName = new Intl.DateTimeFormat(this.language, { month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(Date.UTC(year, monthIndex - 1, 15)));
    const monthsFromNow = (year - Number(today.slice(0, 4))) * 12 + monthIndex - Number(today.slice(5, 7));
    const previous = h("button", { type: "button", class: "bz-booking__nav", disabled: monthsFromNow <= 0,
      onclick: () => this.guarded(() => this.month(choice, new Date(Date.UTC(year, monthIndex - 2, 15)))) },
    `‹ ${this.t.previousMonth}`);
    const next = h("button", { type: "button", class: "bz-booking__nav", disabled: monthsFromNow >= MONTHS_AHEAD,
      onclick: () => this.guarded(() => this.month(choice, new Date(Date.UTC(year, monthIndex, 15)))) },
    `${this.t.nextMonth} ›`);

    const weekdays = [...Array(7).keys()].map((i) => new Intl.DateTimeFormat(this.language,
      { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i))));
    const rows = [];
    let cells = [];
    const offset = (new Date(Date.UTC(year, monthIndex - 1, 1)).getUTCDay() + 6) % 7;
    for (let i = 0; i < offset; i += 1) cells.push(h("td"));
    for (let day = 1; day <= lastDay; day += 1) {
      const iso = `${first.slice(0, 8)}${String(day).padStart(2, "0")}`;
      const slots = freeDays.get(iso);
      const label = this.formatDay(new Date(`${iso}T12:00:00Z`));
      cells.push(h("td", {}, slots
        ? h("button", { type: "button", class: "bz-booking__day", "data-day": iso,
          "aria-label": `${label}: ${this.t.dayAvailable}`,
          onclick: () => this.times(choice, iso, slots, when) }, String(day))
        : h("span", { class: "bz-booking__day bz-booking__day--none", "aria-hidden": "true" }, String(day))));
      if (cells.length === 7) { rows.push(h("tr", {}, cells)); cells = []; }
    }
    if (cells.length) rows.push(h("tr", {}, cells));
    const table = h("table", { class: "bz-booking__month" },
      h("caption", {}, monthName),
      h("thead", {}, h("tr", {}, weekdays.map((d) => h("th", { scope: "col" }, d)))),
      h("tbody", {}, rows));
    this.show(this.t.monthHeading,
      h("p", { class: "bz-booking__choice" }, this.describeChoice(choice)),
      h("div", { class: "bz-booking__navs" }, previous, next),
      freeDays.size ? table : h("p", {}, this.t.noDays),
      choice.code ? null : this.waitingChoice(choice, freeDays.size === 0),
      this.backButton(() => this.choose(choice)));
    this.announce(fill(this.t.status.month, { month: monthName }));
  }

  describeChoice(choice) {
    const service = this.serviceOf(choice.site, choice.service);
    return `${service ? service.name[this.language] : choice.service} — ${this.siteName(choice.site)}`;
  }

  backButton(action) {
    return h("button", { type: "button", class: "md-button bz-booking__back",
      onclick: () => this.guarded(action) }, this.t.back);
  }

  // 3. A time on that day

  times(choice, iso, slots, when) {
    const group = this.serviceOf(choice.site, choice.service)?.group;
    const dayLabel = this.formatDay(new Date(`${iso}T12:00:00Z`));
    const list = h("ul", { class: "bz-booking__times" }, slots.map((slot) => {
      const start = new Date(slot.start);
      const text = group ? `${this.formatTime(start)} (${this.t.places} ${slot.free})` : this.formatTime(start);
      return h("li", {}, h("button", { type: "button", class: "bz-booking__time", "data-start": slot.start,
        onclick: () => (choice.code ? this.guarded(() => this.move(choice, slot.start)) : this.form(choice, slot.start, iso, slots, when)) },
      text));
    }));
    this.show(this.t.timesHeading,
      h("p", { class: "bz-booking__choice" }, `${this.describeChoice(choice)}, ${dayLabel} (${this.t.polishTime})`),
      list,
      this.backButton(() => this.month(choice, when)));
    this.announce(fill(this.t.status.times, { day: dayLabel }));
  }

  // 4. Details of the person

  field(id, label, input, hint) {
    const hintId = hint ? `${id}-hint` : null;
    if (hintId) input.setAttribute("aria-describedby", hintId);
    return h("div", { class: "bz-field", "data-field": id },
      h("label", { for: id }, label),
      hint ? h("p", { class: "bz-field__hint", id: hintId }, hint) : null,
      input);
  }

  // The person's fields, the same for a booking, a ballot entry and a waiting-list place.
  personFields(service, consentText = this.t.consent) {
    const inputs = {
      name: h("input", { id: "bz-name", name: "name", autocomplete: "name", required: true, maxlength: 120 }),
      email: h("input", { id: "bz-email", name: "email", type: "email", autocomplete: "email", required: true }),
      phone: h("input", { id: "bz-phone", name: "phone", type: "tel", autocomplete: "tel" }),
      document: h("input", { id: "bz-document", name: "document", required: true, autocapitalize: "characters" }),
    };
    const identifierInputs = Object.fromEntries((service?.identifiers || []).map((name) =>
      [name, h("input", { id: `bz-${name}`, name, required: true })]));
    const consent = h("input", { id: "bz-consent", name: "consent", type: "checkbox", required: true });
    const nodes = [
      this.field("bz-name", this.t.name, inputs.name, this.t.nameHint),
      this.field("bz-email", this.t.email, inputs.email, this.t.emailHint),
      this.field("bz-phone", this.t.phone, inputs.phone),
      this.field("bz-document", this.t.document, inputs.document, this.t.documentHint),
      ...Object.entries(identifierInputs).map(([name, input]) => this.field(`bz-${name}`, this.t[name], input)),
      h("div", { class: "bz-field bz-field--check", "data-field": "bz-consent" },
        consent, h("label", { for: "bz-consent" }, consentText, " ",
          h("a", { href: this.privacyHref }, this.t.privacy))),
    ];
    return { inputs, identifierInputs, consent, nodes };
  }

  personPayload({ inputs, identifierInputs }) {
    const payload = {
      name: inputs.name.value.trim(), email: inputs.email.value.trim(),
      document: inputs.document.value.trim(), language: this.language, consent: true,
      identifiers: Object.fromEntries(Object.entries(identifierInputs).map(([k, input]) => [k, input.value.trim()])),
    };
    if (inputs.phone.value.trim()) payload.phone = inputs.phone.value.trim();
    return payload;
  }

  form(choice, start, iso, slots, when) {
    const service = this.serviceOf(choice.site, choice.service);
    const idempotencyKey = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
    const person = this.personFields(service);
    const form = h("form", { class: "bz-booking__form", novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        this.guarded(() => this.hold(choice, start, person, idempotencyKey));
      } },
    h("p", { class: "bz-booking__choice" },
      h("strong", {}, `${this.t.chosen}: `), `${this.describeChoice(choice)}, ${this.formatWhen(new Date(start))}`),
    person.nodes,
    h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.book));
    this.show(this.t.formHeading, form, this.backButton(() => this.times(choice, iso, slots, when)));
  }

  // A preference's field is "preferences.earliest" in the API and bz-earliest on the page.
  markErrors(errors) {
    const onPage = errors.map((error) => ({ ...error, field: error.field.replace(/^preferences\./, "") }));
    return markErrors(this.body, onPage, (error) => (error.field === "consent"
      ? this.t.errors.consent
      : this.t.errors[error.code] || this.t.errors["wrong-format"]));
  }

  localErrors(inputs, identifierInputs, consent) {
    const errors = [];
    for (const [name, input] of Object.entries({ ...inputs, ...identifierInputs })) {
      const value = input.value.trim();
      if (input.required && !value) errors.push({ field: name, code: "required" });
      else if (name === "email" && value && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) errors.push({ field: name, code: "wrong-format" });
    }
    if (!consent.checked) errors.push({ field: "consent", code: "required" });
    return errors;
  }

  // Checks the person's fields here first, then sends; the API's field errors are shown the same way.
  async sendPerson(person, send) {
    const local = this.localErrors(person.inputs, person.identifierInputs, person.consent);
    if (local.length) {
      this.showAlert(this.t.fixFields);
      this.markErrors(local)?.focus();
      return null;
    }
    try {
      return await send(this.personPayload(person));
    } catch (error) {
      if (error instanceof ProblemError && error.problem.code === "validation-failed") {
        this.showAlert(this.t.fixFields);
        this.markErrors(error.problem.errors || [])?.focus();
        return null;
      }
      throw error;
    }
  }

  async hold(choice, start, person, idempotencyKey) {
    const payload = { site: choice.site, service: choice.service, start };
    const held = await this.sendPerson(person, (fields) => {
      Object.assign(payload, fields);
      return this.api("POST", "/bookings", { body: payload, headers: { "Idempotency-Key": idempotencyKey } });
    });
    if (!held) return;
    const until = this.formatTime(new Date(held.hold_expires_at));
    this.show(this.t.checkHeading,
      h("p", { class: "bz-booking__lead" }, fill(this.t.checkText, { email: payload.email, time: `${until} (${this.t.polishTime})` })));
    this.announce(this.t.status.held);
  }

  // 5. Confirmation from the email's link, and the booking afterwards

  async confirm(code, token) {
    this.setHeading(this.t.confirming);
    this.body.replaceChildren(h("p", {}, this.t.confirming));
    const booking = await this.api("POST", "/bookings/confirm", { body: { code, token } });
    const manage = `#manage=${encodeURIComponent(booking.code)}&token=${encodeURIComponent(booking.manage_token)}`;
    window.history.replaceState(null, "", manage);
    await this.showBooking(booking, booking.manage_token, this.t.confirmedHeading);
  }

  async manage(code, token) {
    this.setHeading(this.t.manageHeading);
    this.body.replaceChildren(h("p", {}, this.t.loading));
    const booking = await this.api("GET", `/bookings/${encodeURIComponent(code)}`, { headers: { "X-Manage-Token": token } });
    if (booking.state === "cancelled") return this.cancelled(booking);
    return this.showBooking(booking, token, this.t.manageHeading);
  }

  async showBooking(booking, token, title) {
    await this.catalogue(booking.site);
    const service = this.serviceOf(booking.site, booking.service);
    const choice = { site: booking.site, service: booking.service, code: booking.code, token };
    const link = new URL(`#manage=${encodeURIComponent(booking.code)}&token=${encodeURIComponent(token)}`, window.location.href);
    // The API says until when a change and a cancellation are possible; the page says it before
    // the person starts, and does not offer what would be refused.
    const now = Date.now();
    const changeUntil = booking.change_until ? new Date(booking.change_until) : null;
    const canChange = changeUntil !== null && now < changeUntil.getTime();
    const canCancel = now < new Date(booking.cancel_until || booking.start).getTime();
    const rules = canChange
      ? [h("p", { class: "bz-booking__rules" }, fill(this.t.changeUntil, { time: this.formatWhen(changeUntil) }))]
      : [
        h("p", { class: "bz-booking__rules", id: "bz-too-late" },
          changeUntil ? fill(this.t.changeClosed, { time: this.formatWhen(changeUntil) }) : this.t.changeClosedNow,
          canCancel ? ` ${this.t.cancelStillOpen}` : ""),
        h("p", {}, this.t.contactOffice),
        this.officeContact(booking.site) || h("p", {}, h("a", { href: this.officesHref }, this.t.officesLink)),
      ];
    this.show(title,
      h("p", { class: "bz-booking__code-label" }, this.t.code),
      h("p", { class: "bz-booking__code", "data-code": booking.code }, booking.code),
      h("p", {}, this.t.codeHint),
      h("dl", { class: "bz-booking__details" },
        h("dt", {}, this.t.what), h("dd", {}, service ? service.name[this.language] : booking.service),
        h("dt", {}, this.t.where), h("dd", {}, this.siteName(booking.site)),
        h("dt", {}, this.t.when), h("dd", {}, this.formatWhen(new Date(booking.start)))),
      ...rules,
      h("div", { class: "bz-widget__actions" },
        h("button", { type: "button", class: "md-button", onclick: () => this.guarded(() => this.download(booking.code, token)) },
          this.t.addToCalendar),
        canChange ? h("button", { type: "button", class: "md-button", onclick: () => this.guarded(() => this.month(choice, new Date(booking.start))) },
          this.t.reschedule) : null,
        canCancel ? h("button", { type: "button", class: "md-button", onclick: () => this.askCancel(booking, token) }, this.t.cancel) : null),
      h("p", {}, this.t.keepLink),
      h("p", {}, h("a", { href: link.href, class: "bz-booking__manage" }, this.t.manageLink)));
  }

  async download(code, token) {
    const content = await this.api("GET", `/bookings/${encodeURIComponent(code)}/ics`, { headers: { "X-Manage-Token": token } });
    const url = URL.createObjectURL(new Blob([content], { type: "text/calendar" }));
    const link = h("a", { href: url, download: `${code}.ics`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  askCancel(booking, token) {
    const yes = h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => this.guarded(async () => {
        const cancelled = await this.api("POST", `/bookings/${encodeURIComponent(booking.code)}/cancel`,
          { headers: { "X-Manage-Token": token } });
        this.cancelled(cancelled);
      }) }, this.t.cancelYes);
    const no = h("button", { type: "button", class: "md-button",
      onclick: () => this.guarded(() => this.showBooking(booking, token, this.t.manageHeading)) }, this.t.cancelNo);
    this.show(this.t.cancel, h("p", {}, this.t.cancelQuestion), h("div", { class: "bz-widget__actions" }, yes, no));
  }

  cancelled(booking) {
    this.show(this.t.cancelledHeading,
      h("p", {}, `${booking.code}: ${this.formatWhen(new Date(booking.start))}`),
      h("p", {}, this.t.cancelledText),
      h("button", { type: "button", class: "md-button md-button--primary", onclick: () => {
        window.history.replaceState(null, "", window.location.pathname);
        this.guarded(() => this.choose({ site: booking.site, service: booking.service }));
      } }, this.t.bookAgain));
  }

  async move(choice, start) {
    const moved = await this.api("POST", `/bookings/${encodeURIComponent(choice.code)}/reschedule`,
      { body: { start }, headers: { "X-Manage-Token": choice.token } });
    await this.showBooking(moved, choice.token, this.t.manageHeading);
    this.announce(this.t.status.rescheduled);
  }
}

Object.assign(BookingCalendar.prototype, FairRelease);

if (!customElements.get("booking-calendar")) {
  customElements.define("booking-calendar", BookingCalendar);
}
