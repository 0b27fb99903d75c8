// <queue-board site="waw">: the hall's screen. Refreshes every 5 seconds, marks newly called numbers
// (and can chime), and keeps showing the last state, with its time, while the API is away.
import { fill, h, ProblemError, Widget, ZONE } from "../shared/widget.js";

const REFRESH_MS = 5_000;

export class QueueBoard extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-board");
    this.site = new URLSearchParams(window.location.search).get("site") || this.getAttribute("site") || "waw";
    this.seen = new Set();
    this.sound = h("input", { id: "bz-sound", type: "checkbox" });
    this.services = {};
    this.heading.textContent = this.t.heading;
    this.refresh();
    this.timer = window.setInterval(() => this.refresh(), REFRESH_MS);
  }

  disconnectedCallback() {
    window.clearInterval(this.timer);
  }

  time(iso) {
    return new Intl.DateTimeFormat(this.language, { timeZone: ZONE, hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(iso ? new Date(iso) : new Date());
  }

  chime() {
    if (!this.sound.checked) return;
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  }

  async refresh() {
    let board;
    try {
      board = await this.api("GET", `/queue/${encodeURIComponent(this.site)}/board`);
      if (!Object.keys(this.services).length) {
        const list = await this.api("GET", `/services?site=${encodeURIComponent(this.site)}`);
        this.services = Object.fromEntries(list.map((s) => [s.id, s.name[this.language]]));
      }
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      if (this.updatedAt) this.showAlert(fill(this.t.stale, { time: this.updatedAt }));
      else this.showAlert(error.problem.title || this.t.serverError);
      return;
    }
    this.clearAlert();
    this.updatedAt = this.time(board.updated_at);
    const fresh = board.calls.filter((call) => !this.seen.has(`${call.number}@${call.called_at}`));
    board.calls.forEach((call) => this.seen.add(`${call.number}@${call.called_at}`));
    const calls = h("table", { class: "bz-board__calls" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, this.t.number), h("th", { scope: "col" }, this.t.counter),
        h("th", { scope: "col" }, this.t.time))),
      h("tbody", {}, board.calls.map((call) => h("tr", {
        class: fresh.includes(call) && this.loaded ? "bz-board__new" : null },
      h("td", { class: "bz-board__number" }, call.number), h("td", { class: "bz-board__counter" }, call.counter),
      h("td", { class: "bz-board__time" }, this.time(call.called_at))))));
    const waiting = h("table", { class: "bz-board__waiting" },
      h("caption", {}, this.t.waiting),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, this.t.service), h("th", { scope: "col" }, this.t.people),
        h("th", { scope: "col" }, this.t.wait))),
      h("tbody", {}, board.waiting.map((line) => h("tr", {},
        h("td", {}, this.services[line.service] || line.service), h("td", {}, String(line.waiting)),
        h("td", {}, fill(this.t.minutes, { n: line.estimated_minutes }))))));
    this.body.replaceChildren(calls, waiting,
      h("p", { class: "bz-board__updated" }, fill(this.t.updated, { time: this.updatedAt })),
      h("div", { class: "bz-field bz-field--check" }, this.sound, h("label", { for: "bz-sound" }, this.t.sound)));
    if (fresh.length && this.loaded) {
      this.announce(fresh.map((call) => `${call.number} → ${this.t.counter} ${call.counter}`).join(", "));
      this.chime();
    }
    this.loaded = true;
  }
}

if (!customElements.get("queue-board")) customElements.define("queue-board", QueueBoard);
