// <case-status>: case number + access code → what the applicant must do now, by when (KPA
// deadlines, in Polish time), appointments, the decision and the case's history; email news on
// or off. The code is kept in memory only, never in the URL or in storage.
import { fill, h, markErrors, plural, ProblemError, Widget, ZONE } from "../shared/widget.js";

const CASE_PATTERN = /^[A-Z]{2,5}(-[A-Z]{1,5}){0,3}\.\d{4}\.\d{1,7}\.\d{4}$/;

export class CaseStatus extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-case");
    this.guideHref = this.getAttribute("guide-href") || "#deadlines";
    this.form();
  }

  formatDate(iso) {
    return new Intl.DateTimeFormat(this.language, {
      day: "numeric", month: "long", year: "numeric", weekday: "long", timeZone: "UTC",
    }).format(new Date(`${iso}T12:00:00Z`));
  }

  formatInstant(iso) {
    const moment = new Date(iso);
    const day = new Intl.DateTimeFormat(this.language, {
      timeZone: ZONE, weekday: "long", day: "numeric", month: "long", year: "numeric",
    }).format(moment);
    const time = new Intl.DateTimeFormat(this.language, {
      timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).format(moment);
    return `${day}, ${time} (${this.t.polishTime})`;
  }

  daysLeft(days) {
    if (days < 0) return this.t.passed;
    if (days === 0) return this.t.lastDay;
    return plural(this.t.daysLeft, days, this.language);
  }

  field(id, label, hint, attributes) {
    const input = h("input", { id, name: id, "aria-describedby": `${id}-hint`, ...attributes });
    return [input, h("div", { class: "bz-field" },
      h("label", { for: id }, label), h("p", { class: "bz-field__hint", id: `${id}-hint` }, hint), input)];
  }

  form(values = {}) {
    const [caseInput, caseField] = this.field("bz-case", this.t.caseNumber, this.t.caseHint,
      { autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true });
    const [codeInput, codeField] = this.field("bz-code", this.t.code, this.t.codeHint,
      { autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true });
    caseInput.value = values.case || "";
    const form = h("form", { class: "bz-case__form", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.guarded(() => this.lookUp(caseInput.value, codeInput.value));
    } }, caseField, codeField,
    h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.submit));
    this.show(this.t.heading, form);
  }

  fieldErrors(errors) {
    this.showAlert(this.t.fixFields);
    markErrors(this.body, errors, (error) => this.t.errors[error.code] || this.t.errors["wrong-format"])?.focus();
  }

  async lookUp(rawCase, rawCode) {
    const caseNumber = rawCase.trim().toUpperCase().replace(/\s+/g, "");
    const code = rawCode.trim().toUpperCase();
    const errors = [];
    if (!caseNumber) errors.push({ field: "case", code: "required" });
    else if (!CASE_PATTERN.test(caseNumber)) errors.push({ field: "case", code: "wrong-format" });
    if (!code) errors.push({ field: "code", code: "required" });
    else if (code.replace(/[\s-]/g, "").length !== 16) errors.push({ field: "code", code: "wrong-format" });
    if (errors.length) return this.fieldErrors(errors);
    this.showAlert(this.t.loading);
    let summary;
    try {
      summary = await this.api("POST", "/cases/lookup", { body: { case: caseNumber, code, language: this.language } });
    } catch (error) {
      if (error instanceof ProblemError && error.problem.code === "validation-failed") {
        return this.fieldErrors(error.problem.errors || []);
      }
      throw error;
    }
    this.sites ??= await this.api("GET", "/sites").catch(() => []);
    this.credentials = { case: caseNumber, code };
    this.result(summary);
    this.announce(summary.status.label);
  }

  siteName(id) {
    const site = (this.sites || []).find((s) => s.id === id);
    return site ? site.name[this.language] : id;
  }

  result(summary) {
    const parts = [h("p", { class: "bz-case__number" }, `${this.t.caseLabel} ${summary.case}`)];
    if (summary.open_summonses.length) {
      parts.push(h("section", { class: "bz-case__now", "aria-labelledby": "bz-case-now" },
        h("h3", { id: "bz-case-now" }, this.t.mustDo),
        summary.open_summonses.map((summons) => this.summons(summons))));
    }
    if (summary.appointments.length) {
      parts.push(h("h3", {}, this.t.appointments), h("ul", {}, summary.appointments.map((a) =>
        h("li", {}, h("strong", {}, a.label), `: ${this.formatInstant(a.start)}, ${this.siteName(a.site)}`))));
    }
    if (summary.decision) parts.push(...this.decision(summary.decision, summary.notices));
    if (summary.expected_decision) {
      parts.push(h("p", {}, `${this.t.expected} `, h("strong", {}, this.formatDate(summary.expected_decision)), "."),
        h("p", {}, summary.notices.late));
    }
    parts.push(h("h3", {}, this.t.timeline), h("ol", { class: "bz-case__timeline", reversed: true },
      [...summary.timeline].reverse().map((entry) => h("li", {},
        h("span", { class: "bz-case__date" }, this.formatDate(entry.date)), " — ", entry.label,
        entry.detail ? `: ${entry.detail}` : ""))));
    parts.push(this.updates());
    parts.push(h("div", { class: "bz-widget__actions" }, h("button", { type: "button", class: "md-button",
      onclick: () => { this.credentials = null; this.form(); } }, this.t.another)));
    this.show(summary.status.label, ...parts);
  }

  summons(summons) {
    return h("div", { class: "bz-case__summons" },
      h("h4", {}, summons.label),
      h("p", { class: "bz-case__deadline" }, `${this.t.deadline}: `,
        h("strong", {}, this.formatDate(summons.deadline)), ` — ${this.daysLeft(summons.days_left)}`),
      summons.missing.length ? [h("p", {}, `${this.t.missing}:`), h("ul", {}, summons.missing.map((m) =>
        h("li", {}, m.label, m.note ? ` (${m.note})` : "")))] : null,
      h("p", {}, h("strong", {}, `${this.t.ifMissed}: `), summons.if_missed),
      h("p", {}, h("a", { href: this.guideHref }, this.t.howCounted)));
  }

  decision(decision, notices) {
    const parts = [h("h3", {}, this.t.decision),
      h("p", {}, h("strong", {}, decision.label), ` — ${this.t.issuedOn} ${this.formatDate(decision.issued_on)}`)];
    if (decision.appeal_deadline && decision.outcome !== "granted") {
      parts.push(h("p", {}, `${this.t.appealUntil} `, h("strong", {}, this.formatDate(decision.appeal_deadline)), "."),
        h("p", {}, notices.appeal));
    }
    if (decision.outcome === "refused") parts.push(h("p", {}, notices.leave));
    return parts;
  }

  updates() {
    const email = h("input", { id: "bz-email", name: "email", type: "email", autocomplete: "email" });
    const done = h("p", { class: "bz-case__updates-done" });
    const send = (subscribe) => this.guarded(async () => {
      if (subscribe && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.value.trim())) {
        return this.fieldErrors([{ field: "email", code: email.value.trim() ? "wrong-format" : "required" }]);
      }
      const body = { ...this.credentials, subscribe, ...(subscribe ? { email: email.value.trim() } : {}) };
      await this.api("POST", "/cases/subscriptions", { body });
      markErrors(this.body, [], () => "");
      this.clearAlert();
      done.textContent = subscribe ? this.t.subscribed : this.t.unsubscribed;
      this.announce(done.textContent);
    });
    return h("section", { class: "bz-case__updates", "aria-labelledby": "bz-case-updates" },
      h("h3", { id: "bz-case-updates" }, this.t.updates),
      h("p", {}, this.t.updatesText),
      h("div", { class: "bz-field" }, h("label", { for: "bz-email" }, this.t.email), email),
      h("div", { class: "bz-widget__actions" },
        h("button", { type: "button", class: "md-button md-button--primary", onclick: () => send(true) }, this.t.subscribe),
        h("button", { type: "button", class: "md-button", onclick: () => send(false) }, this.t.unsubscribe)),
      done);
  }
}

if (!customElements.get("case-status")) {
  customElements.define("case-status", CaseStatus);
}
