// <staff-dashboard site="waw">: the manager's queue statistics for an office and a period
// (default: the head office, the last 30 days): people served per hour and per service, waiting
// median and 90th percentile per service, no-show rate, bookings and walk-ins, and the same
// figures as CSV. Charts are plain SVG drawn here, each hidden from screen readers and followed by
// a table with the same numbers. Staff only: it uses the counter console's sign-in of this tab.
import { fill, h, ProblemError, Widget, ZONE } from "../shared/widget.js";

const TOKEN = "bz-staff-token"; // the counter console keeps the tab's sign-in under this key
const SVG = "http://www.w3.org/2000/svg";
const DAYS = 30;

const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children.flat().filter(Boolean));
  return element;
};

// The office day (Europe/Warsaw) of an instant, and n days before a day, as YYYY-MM-DD.
const officeDay = (moment) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(moment);
const daysBefore = (day, count) => {
  const moment = new Date(`${day}T12:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() - count);
  return moment.toISOString().slice(0, 10);
};

export class StaffDashboard extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-dashboard");
    const query = new URLSearchParams(window.location.search);
    this.site = query.get("site") || this.getAttribute("site") || "waw";
    this.last = officeDay(new Date());
    this.first = daysBefore(this.last, DAYS - 1);
    this.count = new Intl.NumberFormat(this.language);
    this.minutes = new Intl.NumberFormat(this.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(this.language, { style: "percent", maximumFractionDigits: 1 });
    this.token = window.sessionStorage.getItem(TOKEN);
    this.guarded(() => (this.token ? this.start() : this.signIn()));
  }

  staff(path) {
    return this.api("GET", path, { headers: { Authorization: `Bearer ${this.token}` } });
  }

  async guarded(action) {
    return super.guarded(async () => {
      try {
        await action();
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 401) throw error;
        this.token = null;
        window.sessionStorage.removeItem(TOKEN);
        await this.signIn(this.t.signedOut);
      }
    });
  }

  // Locally the staff token; in AWS the Cognito sign-in the counter console does for this tab.
  async signIn(message) {
    const how = await this.api("GET", "/staff/sign-in");
    if (how.method === "cognito") {
      const consolePage = new URL("../staff-console/", window.location.href);
      this.show(this.t.heading, h("p", {}, this.t.signInOnConsole),
        h("a", { class: "md-button md-button--primary", href: consolePage.pathname }, this.t.consoleLink));
    } else {
      const token = h("input", { id: "bz-dash-token", type: "password", autocomplete: "off", required: true });
      this.show(this.t.heading, h("form", { novalidate: true, onsubmit: (event) => {
        event.preventDefault();
        this.token = token.value.trim();
        window.sessionStorage.setItem(TOKEN, this.token);
        this.guarded(() => this.start());
      } }, h("div", { class: "bz-field" }, h("label", { for: "bz-dash-token" }, this.t.token), token),
      h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.signIn)));
    }
    if (message) this.showAlert(message);
  }

  async start() {
    this.sites ??= await this.api("GET", "/sites");
    await this.load();
  }

  siteName(id) {
    const site = this.sites.find((s) => s.id === id);
    return site ? site.name[this.language] || site.name.en : id;
  }

  serviceName(id) {
    const service = (this.services || []).find((s) => s.id === id);
    return service ? service.name[this.language] || service.name.en : id;
  }

  chooser() {
    const office = h("select", { id: "bz-dash-site" }, this.sites.map((site) =>
      h("option", { value: site.id, selected: site.id === this.site }, site.name[this.language] || site.name.en)));
    const first = h("input", { id: "bz-dash-from", type: "date", value: this.first, required: true });
    const last = h("input", { id: "bz-dash-to", type: "date", value: this.last, required: true });
    return h("form", { class: "bz-dashboard__chooser", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      [this.site, this.first, this.last] = [office.value, first.value, last.value];
      this.guarded(() => this.load());
    } },
    h("div", { class: "bz-field" }, h("label", { for: "bz-dash-site" }, this.t.office), office),
    h("div", { class: "bz-field" }, h("label", { for: "bz-dash-from" }, this.t.from), first),
    h("div", { class: "bz-field" }, h("label", { for: "bz-dash-to" }, this.t.to), last),
    h("button", { type: "submit", class: "md-button md-button--primary" }, this.t.show));
  }

  async load() {
    this.announce(this.t.loading);
    const path = `/admin/queue/${encodeURIComponent(this.site)}/statistics/period`
      + `?from=${encodeURIComponent(this.first)}&to=${encodeURIComponent(this.last)}`;
    const [figures, services, csv] = await Promise.all([
      this.staff(path),
      this.api("GET", `/services?site=${encodeURIComponent(this.site)}`),
      this.staff(`${path}&format=csv`),
    ]);
    this.services = services;
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const period = { office: this.siteName(figures.site), from: this.day(figures.from), to: this.day(figures.to) };
    this.show(this.t.heading, this.chooser(), this.report(figures, period));
    this.announce(fill(this.t.shown, period));
  }

  day(text) {
    return new Intl.DateTimeFormat(this.language, { dateStyle: "medium", timeZone: "UTC" })
      .format(new Date(`${text}T00:00:00Z`));
  }

  report(figures, period) {
    const download = h("a", { class: "md-button bz-dashboard__csv", href: this.csvUrl,
      download: `queue-${figures.site}-${figures.from}-${figures.to}.csv` }, this.t.csv);
    const head = h("div", { class: "bz-dashboard__period" }, h("p", {}, fill(this.t.period, period)), download);
    if (!figures.services.length) return h("div", {}, head, h("p", {}, this.t.none));
    const totals = figures.totals;
    const rate = totals.no_show_rate === null ? "–" : this.percent.format(totals.no_show_rate);
    const summary = h("dl", { class: "bz-dashboard__totals" },
      [[this.t.tickets, this.count.format(totals.tickets)], [this.t.served, this.count.format(totals.served)],
        [this.t.noShowRate, rate], [this.t.booked, this.count.format(totals.booked)],
        [this.t.walkIns, this.count.format(totals.walk_ins)]]
        .map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))));
    const hours = figures.by_hour.map((row) => ({ label: fill(this.t.hourLabel, { hour: row.hour }), values: [row.served] }));
    const perService = figures.services.map((row) => ({ label: this.serviceName(row.service), values: [row.served] }));
    const waits = figures.services.map((row) => ({ label: this.serviceName(row.service),
      values: [row.wait_median_min, row.wait_p90_min] }));
    const note = figures.days_without_detail.length ? h("p", { class: "bz-dashboard__note" }, this.t.notAll) : null;
    return h("div", {}, head, note, summary, h("div", { class: "bz-dashboard__charts" },
      this.chart("hours", this.t.byHour, this.t.hour, [this.t.served], hours, this.count),
      this.chart("services", this.t.byService, this.t.service, [this.t.served], perService, this.count),
      this.chart("waits", this.t.waits, this.t.service, [this.t.median, this.t.p90], waits, this.minutes)));
  }

  // A bar chart (one bar per value, a group per row) and the table a screen reader reads instead.
  chart(name, title, rowHeading, series, rows, format) {
    const width = 400;
    const height = 260;
    const bottom = 44;
    const top = 22;
    const most = Math.max(1, ...rows.flatMap((row) => row.values.filter((v) => v !== null)));
    const slot = width / Math.max(1, rows.length);
    const bar = Math.min(56, (slot * 0.8) / series.length);
    const scale = (height - bottom - top) / most;
    const bars = rows.flatMap((row, i) => row.values.map((value, j) => {
      const x = i * slot + (slot - bar * series.length) / 2 + j * bar;
      const size = (value ?? 0) * scale;
      const y = height - bottom - size;
      return svg("g", {},
        svg("rect", { class: `bz-dashboard__bar bz-dashboard__bar--${j}`, x, y, width: bar - 2, height: size,
          "data-value": value ?? "" }),
        svg("text", { x: x + (bar - 2) / 2, y: y - 4, "text-anchor": "middle", class: "bz-dashboard__value" },
          value === null ? "–" : format.format(value)));
    }));
    const labels = rows.map((row, i) => svg("text", { x: i * slot + slot / 2, y: height - bottom + 18,
      "text-anchor": "middle", class: "bz-dashboard__label" }, this.shorten(row.label, slot)));
    const legend = series.length > 1 ? series.map((label, j) => svg("g", {},
      svg("rect", { class: `bz-dashboard__bar bz-dashboard__bar--${j}`, x: j * 170, y: height - 14, width: 12, height: 12 }),
      svg("text", { x: j * 170 + 18, y: height - 3, class: "bz-dashboard__label" }, label))) : [];
    const picture = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "bz-dashboard__svg", "aria-hidden": "true",
      focusable: "false" }, svg("line", { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: "bz-dashboard__axis" }),
    bars, labels, legend);
    const id = `bz-dash-${name}`;
    const table = h("table", { class: "bz-dashboard__table", "aria-labelledby": id },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, rowHeading), series.map((s) => h("th", { scope: "col" }, s)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label),
        row.values.map((value) => h("td", {}, value === null ? "–" : format.format(value)))))));
    return h("figure", { class: `bz-dashboard__chart bz-dashboard__chart--${name}` },
      h("h3", { id }, title), picture, table);
  }

  // A label cut to the room under its bars; the table below the chart keeps it whole.
  shorten(text, room) {
    const fits = Math.max(3, Math.floor(room / 8));
    return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
  }
}

if (!customElements.get("staff-dashboard")) customElements.define("staff-dashboard", StaffDashboard);
