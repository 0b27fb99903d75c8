// <open-figures>: the public figures of every office, from GET /api/figures (a snapshot the daily
// round makes): per service the days to the next free appointment, the last ballot's entries and
// places, and the median and 90th-percentile wait in the office over 30 days. A table per office
// carries the numbers; a small SVG bar chart beside it draws them and is hidden from screen
// readers, which read the table. The light-DOM fallback links to the same data as JSON and CSV.
import { fill, h, plural, Widget, ZONE } from "../shared/widget.js";

const SVG = "http://www.w3.org/2000/svg";
const CSV = "/api/figures?format=csv";

const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children.flat().filter(Boolean));
  return element;
};

export class OpenFigures extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-figures");
    this.count = new Intl.NumberFormat(this.language);
    this.minutes = new Intl.NumberFormat(this.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.guarded(() => this.load());
  }

  async load() {
    this.announce(this.t.loading);
    const figures = await this.api("GET", "/figures");
    const links = h("p", { class: "bz-figures__links" },
      h("a", { class: "md-button", href: CSV, download: "blizej-figures.csv" }, this.t.csv), " ",
      h("a", { href: "/api/figures", type: "application/json" }, this.t.json));
    const when = new Intl.DateTimeFormat(this.language, { dateStyle: "long", timeStyle: "short", timeZone: ZONE })
      .format(new Date(figures.updated_at));
    const updated = h("p", { class: "bz-figures__updated" }, fill(this.t.updated, {
      when, from: this.day(figures.queue_period.from), to: this.day(figures.queue_period.to) }));
    this.show(this.t.heading, updated, links, ...figures.offices.map((office) => this.office(office)));
    this.announce(fill(this.t.shown, { date: this.day(figures.updated_at.slice(0, 10)) }));
  }

  name(names) {
    return names[this.language] || names.en;
  }

  day(text) {
    return new Intl.DateTimeFormat(this.language, { dateStyle: "medium", timeZone: "UTC" })
      .format(new Date(`${text}T00:00:00Z`));
  }

  wait(value) {
    return value === null ? this.t.noWait : fill(this.t.minutes, { value: this.minutes.format(value) });
  }

  nextSlot(row) {
    if (row.days_to_next_slot === null) return this.t.noSlot;
    if (row.days_to_next_slot === 0) return this.t.today;
    return `${plural(this.t.inDays, row.days_to_next_slot, this.language, { count: this.count.format(row.days_to_next_slot) })}`
      + ` (${this.day(row.next_slot_day)})`;
  }

  ballot(release) {
    if (!release) return this.t.noBallot;
    return fill(this.t.ballotValue, { entries: this.count.format(release.entries), seats: this.count.format(release.seats) });
  }

  office(office) {
    const id = `bz-figures-${office.site}`;
    const title = this.name(office.name);
    if (!office.services.length) {
      return h("section", { class: "bz-figures__office" }, h("h3", { id }, title), h("p", {}, this.t.none));
    }
    const table = h("table", { class: "bz-figures__table" },
      h("thead", {}, h("tr", {}, [this.t.service, this.t.nextSlot, this.t.ballot, this.t.median, this.t.p90]
        .map((heading) => h("th", { scope: "col" }, heading)))),
      h("tbody", {}, office.services.map((row) => h("tr", { "data-service": row.service },
        h("th", { scope: "row" }, this.name(row.name)),
        h("td", { "data-figure": "next" }, this.nextSlot(row)),
        h("td", { "data-figure": "ballot" }, this.ballot(row.release)),
        h("td", { "data-figure": "median" }, this.wait(row.queue.wait_median_min)),
        h("td", { "data-figure": "p90" }, this.wait(row.queue.wait_p90_min))))));
    // A wide table scrolls inside its own box at 320 px; the box is focusable so a keyboard can,
    // and is the one region the office's heading names (the section around it names none).
    const scroll = h("div", { class: "bz-figures__scroll", tabindex: "0", role: "region", "aria-labelledby": id }, table);
    return h("section", { class: "bz-figures__office" }, h("h3", { id }, title), scroll, this.chart(office, title));
  }

  // One group per service: its median and P90 wait (minutes, on one scale for the office) and
  // the days to the next free appointment (on their own scale), each bar labelled with its value.
  chart(office, title) {
    const width = 320;
    const label = 20;
    const bar = 12;
    const group = label + 3 * (bar + 3) + 10;
    const left = 4;
    const room = width - left - 110; // what is left beside a bar for its value
    const waits = office.services.flatMap((row) => [row.queue.wait_median_min, row.queue.wait_p90_min]);
    const mostMinutes = Math.max(1, ...waits.filter((v) => v !== null));
    const mostDays = Math.max(1, ...office.services.map((row) => row.days_to_next_slot).filter((v) => v !== null));
    const series = [
      { name: "median", value: (row) => row.queue.wait_median_min, most: mostMinutes, text: (v) => this.wait(v) },
      { name: "p90", value: (row) => row.queue.wait_p90_min, most: mostMinutes, text: (v) => this.wait(v) },
      { name: "days", value: (row) => row.days_to_next_slot, most: mostDays,
        text: (v) => (v === null ? this.t.noSlot : plural(this.t.days, v, this.language, { count: this.count.format(v) })) },
    ];
    const groups = office.services.map((row, i) => {
      const top = i * group;
      return svg("g", { "data-service": row.service },
        svg("text", { x: left, y: top + 14, class: "bz-figures__label" }, this.shorten(this.name(row.name), width)),
        series.map((s, j) => {
          const value = s.value(row);
          const size = value === null ? 0 : Math.max(1, (value / s.most) * room);
          const y = top + label + j * (bar + 3);
          return svg("g", {},
            svg("rect", { class: `bz-figures__bar bz-figures__bar--${s.name}`, x: left, y, width: size, height: bar,
              "data-value": value ?? "" }),
            svg("text", { x: left + size + 4, y: y + bar - 2, class: "bz-figures__value" }, s.text(value)));
        }));
    });
    const height = office.services.length * group;
    const legend = [[this.t.median, "median"], [this.t.p90, "p90"], [this.t.daysLegend, "days"]];
    const picture = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "bz-figures__svg", "aria-hidden": "true",
      focusable: "false" }, groups);
    const key = h("ul", { class: "bz-figures__legend", "aria-hidden": "true" }, legend.map(([text, name]) =>
      h("li", {}, h("span", { class: `bz-figures__swatch bz-figures__swatch--${name}` }), text)));
    return h("figure", { class: "bz-figures__chart", "aria-hidden": "true" },
      h("figcaption", {}, fill(this.t.chart, { office: title })), picture, key);
  }

  // A service's name cut to the chart's width; the table above keeps it whole.
  shorten(text, room) {
    const fits = Math.floor(room / 7.5);
    return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
  }
}

if (!customElements.get("open-figures")) customElements.define("open-figures", OpenFigures);
