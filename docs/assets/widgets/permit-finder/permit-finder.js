// <permit-finder>: "Which permit fits me?", one question at a time.
//
// hooks/finder.py puts the page's questions and results inside the element, each a
// <section data-step="…">; a question ends with <ul class="bz-finder__answers"> of links to the
// next step. Without JavaScript those links jump from step to step. With it, each question is a
// fieldset of radio buttons. The steps taken so far live in the address's fragment
// (#have-permit/in-poland), so the browser's Back, a reload and a shared link keep the place;
// nothing is stored on the device or sent anywhere.
import { fill, h, texts } from "../shared/widget.js";

const SEPARATOR = "/";

function clones(nodes) {
  return nodes.map((node) => node.cloneNode(true));
}

// The steps as the hook wrote them, in page order: the first is where the reader starts.
export function stepsOf(element) {
  const steps = new Map();
  for (const section of element.querySelectorAll(":scope > section[data-step]")) {
    const heading = section.querySelector(":scope > h2");
    heading?.querySelector(".headerlink")?.remove();
    const list = section.querySelector(":scope > ul.bz-finder__answers");
    const links = list ? [...list.querySelectorAll(":scope > li > a[href^='#']")] : [];
    steps.set(section.dataset.step, {
      id: section.dataset.step,
      question: links.length > 0,
      heading: heading ? [...heading.childNodes] : [],
      body: [...section.children].filter((node) => node !== heading && node !== list),
      answers: links.map((link) => ({ target: link.getAttribute("href").slice(1), label: [...link.childNodes] })),
    });
  }
  return steps;
}

export class PermitFinder extends HTMLElement {
  connectedCallback() {
    if (this.steps) return;
    this.steps = stepsOf(this);
    if (!this.steps.size) return;
    this.start = this.steps.has(this.getAttribute("start")) ? this.getAttribute("start") : [...this.steps.keys()][0];
    this.words = texts("permit-finder");
    this.chosen = new Map(); // the answer taken at each point of the trail, to show it again on Back
    this.trail = [];
    this.view = h("div", { class: "bz-finder bz-widget" });
    this.status = h("div", { class: "bz-visually-hidden", role: "status", "aria-live": "polite" });
    this.replaceChildren(this.view, this.status);
    this.classList.add("bz-finder--ready");
    this.onNavigate = () => this.follow(window.location.hash);
    window.addEventListener("popstate", this.onNavigate);
    window.addEventListener("hashchange", this.onNavigate);
    // A plain visit keeps the reader where they are; a fragment means they were on a step.
    const trail = this.trailFrom(window.location.hash);
    this.render(trail ?? [], { focus: Boolean(trail?.length) });
  }

  disconnectedCallback() {
    window.removeEventListener("popstate", this.onNavigate);
    window.removeEventListener("hashchange", this.onNavigate);
  }

  // The steps named in a fragment, as far as they follow one another; null for a fragment that is
  // not the finder's (the theme's "Skip to content" link, a heading's permalink).
  trailFrom(hash) {
    const ids = decodeURIComponent(hash.replace(/^#/, "")).split(SEPARATOR).filter(Boolean);
    if (ids.length && !this.steps.has(ids[0])) return null;
    const trail = [];
    for (const id of ids) {
      if (!trail.length && id === this.start) continue;
      const from = this.steps.get(trail.at(-1) ?? this.start);
      const follows = from.answers.some((answer) => answer.target === id);
      // The first may be any step: someone may link to one step of the page.
      if (!this.steps.has(id) || (trail.length && !follows)) break;
      trail.push(id);
    }
    return trail;
  }

  follow(hash) {
    const trail = this.trailFrom(hash);
    if (trail === null || trail.join(SEPARATOR) === this.trail.join(SEPARATOR)) return;
    this.render(trail, { focus: true });
  }

  go(trail) {
    const hash = trail.length ? `#${trail.join(SEPARATOR)}` : "";
    window.history.pushState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
    this.render(trail, { focus: true });
  }

  render(trail, { focus }) {
    this.trail = trail;
    this.announce("");
    const step = this.steps.get(trail.at(-1) ?? this.start);
    this.view.replaceChildren(step.question ? this.question(step) : this.result(step));
    if (focus) this.heading.focus();
    this.dispatchEvent(new CustomEvent("permit-finder-change", {
      bubbles: true,
      detail: { step: step.id, trail: [...trail], result: !step.question },
    }));
  }

  titled(caption, step) {
    this.heading = h("h2", { class: "bz-finder__heading bz-widget__heading", id: `${this.localName}-heading`, tabindex: "-1" },
      h("span", { class: "bz-finder__caption" }, caption, h("span", { class: "bz-visually-hidden" }, ": ")),
      ...clones(step.heading));
    return this.heading;
  }

  question(step) {
    const key = this.trail.join(SEPARATOR);
    const ids = { hint: `${this.localName}-hint`, error: `${this.localName}-error` };
    const number = this.trail.length + 1;
    const options = step.answers.map((answer, index) => {
      const id = `${this.localName}-answer-${index}`;
      const radio = h("input", { type: "radio", name: `${this.localName}-answer`, id, value: String(index) });
      radio.checked = this.chosen.get(key) === answer.target;
      return h("div", { class: "bz-finder__option" }, radio, h("label", { for: id }, ...clones(answer.label)));
    });
    const hint = step.body.length ? h("div", { class: "bz-finder__hint", id: ids.hint }, ...clones(step.body)) : null;
    const error = h("p", { class: "bz-field__error bz-finder__error", id: ids.error, hidden: true });
    const fieldset = h("fieldset", { class: "bz-finder__fieldset", "aria-describedby": hint ? ids.hint : null },
      h("legend", { class: "bz-finder__legend" }, this.titled(fill(this.words.question, { number }), step)),
      hint, error, h("div", { class: "bz-finder__options" }, ...options));
    const form = h("form", { class: "bz-finder__question", novalidate: true }, fieldset, this.actions(true));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const picked = fieldset.querySelector("input:checked");
      if (!picked) {
        error.replaceChildren(h("span", { class: "bz-visually-hidden" }, `${this.words.error}: `), this.words.choose);
        error.hidden = false;
        fieldset.setAttribute("aria-describedby", [hint ? ids.hint : "", ids.error].filter(Boolean).join(" "));
        fieldset.classList.add("bz-finder__fieldset--error");
        fieldset.querySelector("input").focus();
        this.announce(`${this.words.error}: ${this.words.choose}`);
        return;
      }
      const target = step.answers[Number(picked.value)].target;
      this.chosen.set(key, target);
      this.go([...this.trail, target]);
    });
    return form;
  }

  result(step) {
    return h("div", { class: "bz-finder__result" },
      this.titled(this.words.result, step), ...clones(step.body), this.actions(false));
  }

  actions(asking) {
    const buttons = [];
    if (asking) buttons.push(h("button", { type: "submit", class: "md-button md-button--primary" }, this.words.next));
    if (this.trail.length) {
      buttons.push(
        h("button", { type: "button", class: "md-button bz-finder__back", onclick: () => this.go(this.trail.slice(0, -1)) },
          this.words.back),
        h("button", { type: "button", class: "md-button bz-finder__restart", onclick: () => this.restart() },
          this.words.restart),
      );
    }
    return h("div", { class: "bz-finder__actions" }, ...buttons);
  }

  restart() {
    this.chosen.clear();
    this.go([]);
  }

  // Emptied first, so that the same message said twice is read out twice.
  announce(message) {
    window.clearTimeout(this.announcing);
    this.status.textContent = "";
    if (message) this.announcing = window.setTimeout(() => { this.status.textContent = message; }, 50);
  }
}

if (!customElements.get("permit-finder")) customElements.define("permit-finder", PermitFinder);
