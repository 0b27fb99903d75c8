// <queue-board site="waw" speak>: the hall's screen, full screen, read from across the hall.
// Every current call in a grid that adds columns as calls grow, the newest highlighted, a chime
// (and, with `speak`, the number said in Polish) when a call appears, the waiting per service,
// the time; captions cycle through the five languages. While the API is away it keeps the last
// state and says how old it is.
import { fill, h, LANGUAGES, plural, ProblemError, Widget, ZONE } from "../shared/widget.js";

const REFRESH_MS = 5_000;
const CYCLE_MS = 6_000;
const TICK_MS = 1_000;
// A card is about 1.75 of its number's height tall and 5.8 of it wide ("W123 → 40" in bold
// figures with its captions and padding); the grid picks the columns that make numbers largest.
const CARD_HEIGHT_EM = 1.75;
const CARD_WIDTH_EM = 5.8;

export function bestColumns(calls, width, height, gap = 0) {
  let best = { columns: 1, rows: Math.max(calls, 1), size: 0 };
  for (let columns = 1; columns <= Math.max(calls, 1); columns += 1) {
    const rows = Math.ceil(Math.max(calls, 1) / columns);
    const cellWidth = (width - (columns - 1) * gap) / columns;
    const cellHeight = (height - (rows - 1) * gap) / rows;
    const size = Math.min(cellHeight / CARD_HEIGHT_EM, cellWidth / CARD_WIDTH_EM);
    if (size > best.size) best = { columns, rows, size };
  }
  return best;
}

// "I003" is said "I 3": the letter, then the number as people say it.
function spoken(number) {
  const [, letter, digits] = /^([A-Z]*)0*(\d+)$/.exec(number) || [null, "", number];
  return `${letter} ${digits}`.trim();
}

export class QueueBoard extends Widget {
  connectedCallback() {
    if (this.shell) return;
    this.setUp("bz-board");
    this.site = new URLSearchParams(window.location.search).get("site") || this.getAttribute("site") || "waw";
    this.words = { [this.language]: this.t };
    this.shown = this.language;
    this.seen = new Set();
    this.services = {};
    this.board = null;
    this.setHeading(this.t.heading);
    this.clock = h("time", { class: "bz-board__time" });
    this.zoneLabel = h("span", { class: "bz-board__zone" });
    this.top = h("header", { class: "bz-board__top" }, this.heading,
      h("p", { class: "bz-board__clock" }, this.clock, " ", this.zoneLabel));
    this.shell.prepend(this.top);
    this.area = h("div", { class: "bz-board__area" });
    // Named by its heading once the first answer draws it: a section named by nothing is no region.
    this.waitingArea = h("section", { class: "bz-board__waiting" });
    this.updated = h("p", { class: "bz-board__updated" });
    this.soundButton = h("button", { type: "button", class: "bz-board__sound", "aria-pressed": "false",
      onclick: () => this.toggleSound() }, this.t.sound);
    this.body.replaceChildren(this.area, this.waitingArea,
      h("footer", { class: "bz-board__foot" }, this.updated, this.soundButton));
    this.soundOn = false;
    new ResizeObserver(() => this.layout()).observe(this.area);
    this.tick();
    this.refresh();
    this.timers = [
      window.setInterval(() => this.refresh(), REFRESH_MS),
      window.setInterval(() => this.tick(), TICK_MS),
      window.setInterval(() => this.cycle(), CYCLE_MS),
    ];
    this.loadLanguages();
    this.keepAwake();
    this.onVisible = () => this.keepAwake();
    document.addEventListener("visibilitychange", this.onVisible);
  }

  disconnectedCallback() {
    (this.timers || []).forEach((timer) => window.clearInterval(timer));
    document.removeEventListener("visibilitychange", this.onVisible);
  }

  // The other languages' words: each texts module sets globalThis.blizejTexts when it runs, so
  // they are imported one after another, each read at once, and the page's own put back.
  async loadLanguages() {
    const own = globalThis.blizejTexts;
    for (const language of LANGUAGES) {
      if (language === this.language) continue;
      try {
        await import(new URL(`../texts/${language}.js`, import.meta.url).href);
        const all = globalThis.blizejTexts;
        this.words[language] = { ...all.shared, ...all[this.localName] };
      } catch {
        // Offline at start: the captions cycle through the languages that did arrive.
      } finally {
        globalThis.blizejTexts = own;
      }
    }
  }

  // The screen stays on while the board shows; a hidden page loses its lock, so take it again.
  async keepAwake() {
    if (!navigator.wakeLock || document.visibilityState !== "visible") return;
    if (this.wakeLock && !this.wakeLock.released) return;
    try {
      this.wakeLock = await navigator.wakeLock.request("screen");
    } catch {
      this.wakeLock = null; // refused (battery saver, policy): the TV's own settings decide
    }
  }

  cycle() {
    const ready = LANGUAGES.filter((language) => this.words[language]);
    this.shown = ready[(ready.indexOf(this.shown) + 1) % ready.length];
    this.render(false);
    this.tick();
  }

  get w() {
    return this.words[this.shown];
  }

  // An element in the cycling language, marked with it for screen readers and hyphenation.
  caption(tag, attributes, text) {
    return h(tag, { ...attributes, lang: this.shown }, text);
  }

  time(date) {
    return new Intl.DateTimeFormat(this.language, { timeZone: ZONE, hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(date);
  }

  tick() {
    this.clock.textContent = this.time(new Date());
    this.clock.setAttribute("datetime", new Date().toISOString());
    this.zoneLabel.textContent = this.w.polishTime;
    this.zoneLabel.lang = this.shown;
    if (this.staleSince) this.showStale();
  }

  showStale() {
    const minutes = Math.floor((Date.now() - this.lastUpdate) / 60_000);
    const age = minutes < 1 ? this.t.ageNow : plural(this.t.age, minutes, this.language);
    const message = `${fill(this.t.stale, { time: this.time(new Date(this.lastUpdate)) })} ${age}.`;
    // role=alert speaks each change: change it only when the minute does.
    if (this.alert.textContent !== message) this.showAlert(message);
  }

  toggleSound() {
    this.soundOn = !this.soundOn;
    this.soundButton.setAttribute("aria-pressed", String(this.soundOn));
    if (!this.soundOn) return;
    // A browser lets a page make sound only after a touch or key: this press is that moment.
    this.audio ??= new (window.AudioContext || window.webkitAudioContext)();
    this.audio.resume();
    this.chime();
  }

  // Two falling tones, made here: no sound file, nothing fetched.
  chime() {
    if (!this.soundOn || !this.audio) return;
    const start = this.audio.currentTime;
    [[659.25, 0], [523.25, 0.45]].forEach(([frequency, delay]) => {
      const tone = this.audio.createOscillator();
      const volume = this.audio.createGain();
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + delay);
      volume.gain.exponentialRampToValueAtTime(0.5, start + delay + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + delay + 1.2);
      tone.connect(volume).connect(this.audio.destination);
      tone.start(start + delay);
      tone.stop(start + delay + 1.25);
    });
  }

  say(calls) {
    if (!this.hasAttribute("speak") || !window.speechSynthesis || !this.words.pl) return;
    const voice = window.speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith("pl"));
    if (!voice) return; // no Polish voice on this device: the chime alone
    for (const call of calls) {
      const words = new SpeechSynthesisUtterance(
        fill(this.words.pl.say, { number: spoken(call.number), counter: call.counter }));
      words.lang = voice.lang;
      words.voice = voice;
      window.speechSynthesis.speak(words);
    }
  }

  async refresh() {
    if (this.busy) return;
    this.busy = true;
    try {
      const board = await this.api("GET", `/queue/${encodeURIComponent(this.site)}/board`);
      if (!Object.keys(this.services).length) {
        const list = await this.api("GET", `/services?site=${encodeURIComponent(this.site)}`);
        this.services = Object.fromEntries(list.map((s) => [s.id, s.name]));
      }
      this.update(board);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      if (this.board) {
        this.staleSince ??= Date.now();
        this.showStale();
      } else {
        this.showAlert(error.problem.title || this.t.serverError);
      }
    } finally {
      this.busy = false;
    }
  }

  update(board) {
    this.staleSince = null;
    this.lastUpdate = Date.now();
    this.clearAlert();
    const key = (call) => `${call.number}@${call.called_at}`;
    const fresh = this.board ? board.calls.filter((call) => !this.seen.has(key(call))) : [];
    this.seen = new Set(board.calls.map(key));
    this.board = board;
    this.fresh = new Set(fresh.map(key));
    this.render(true);
    this.updated.textContent = fill(this.t.updated, { time: this.time(new Date(board.updated_at)) });
    if (fresh.length) {
      this.announce(fresh.map((call) => `${call.number} → ${this.t.counter} ${call.counter}`).join(", "));
      this.chime();
      this.say(fresh.slice().reverse());
    }
  }

  render(refreshed) {
    if (!this.board) return;
    const w = this.w;
    this.setHeading(w.heading);
    this.heading.lang = this.shown;
    const { calls } = this.board;
    const key = (call) => `${call.number}@${call.called_at}`;
    // The API lists the newest first: that one call is highlighted.
    this.list = calls.length ? h("ol", { class: "bz-board__calls" }, calls.map((call, index) => {
      const isNewest = index === 0;
      return h("li", { class: ["bz-board__call", isNewest && "bz-board__call--newest",
        refreshed && this.fresh.has(key(call)) && "bz-board__call--fresh"].filter(Boolean).join(" ") },
      h("span", { class: "bz-board__labels" },
        this.caption("span", {}, w.number),
        isNewest ? this.caption("span", { class: "bz-board__badge" }, w.newest) : null,
        this.caption("span", {}, w.counter)),
      h("span", { class: "bz-board__number" }, call.number),
      h("span", { class: "bz-board__to", "aria-hidden": "true" }, "→"),
      h("span", { class: "bz-board__counter" }, call.counter));
    })) : this.caption("p", { class: "bz-board__none" }, w.noCalls);
    this.area.replaceChildren(this.list);
    this.layout();
    const lines = this.board.waiting;
    // At least four columns: one or two services do not stretch across the whole hall.
    this.waitingArea.style.setProperty("--bz-services", String(Math.max(lines.length, 4)));
    this.waitingArea.replaceChildren(
      this.caption("h3", { id: "bz-board-waiting", class: "bz-board__subheading" }, w.waiting),
      h("ul", { class: "bz-board__services" }, lines.map((line) => h("li", { class: "bz-board__service" },
        this.caption("span", { class: "bz-board__service-name" },
          this.services[line.service]?.[this.shown] || line.service),
        h("span", { class: "bz-board__figures" },
          h("span", { class: "bz-board__people" }, String(line.waiting),
            " ", this.caption("span", { class: "bz-board__people-label" }, w.people)),
          this.caption("span", { class: "bz-board__estimate" },
            line.waiting ? fill(w.minutes, { n: line.estimated_minutes }) : w.noWait))))));
  }

  // Columns and rows for the number of calls; the sizes themselves follow the screen in CSS
  // (container units), so a 4K TV gets the same board four times as sharp.
  layout() {
    if (!this.list || this.list.tagName !== "OL") return;
    const { width, height } = this.area.getBoundingClientRect();
    const gap = height * 0.012;
    const { columns, rows } = bestColumns(this.list.children.length, width, height, gap);
    this.list.style.setProperty("--bz-columns", String(columns));
    this.list.style.setProperty("--bz-rows", String(rows));
  }
}

if (!customElements.get("queue-board")) customElements.define("queue-board", QueueBoard);
