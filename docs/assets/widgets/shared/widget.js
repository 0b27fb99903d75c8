// What every Bliżej widget needs: building DOM safely, the page's language, and calling the API
// so that failures arrive as ProblemError with a message in the reader's language.

export const ZONE = "Europe/Warsaw";
export const LANGUAGES = ["en", "pl", "uk", "ru", "vi"];

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

// The words of the page's language, which hooks/widget_texts.py writes from the catalogs
// (functions/chalicelib/locale/widgets.pot and <lang>/widgets.po) into a module of the page's
// widgets, assets/widgets/texts/<lang>/<widgets>.js, which the page loads before any widget: the
// words every widget shares (failures, field errors, Polish time), with the widget's own on top.
export function texts(widget) {
  const all = globalThis.blizejTexts;
  if (!all) console.error("Bliżej: the page did not load its assets/widgets/texts/<lang>/ module before its widgets.");
  const shared = all?.shared || {};
  const own = all?.[widget] || {};
  return { ...shared, ...own, errors: { ...shared.errors, ...own.errors } };
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

// A plural entry is {category: text} with the CLDR categories of the language's forms
// ({one, few, many} in Polish); an entry not yet translated is English's {one, other}.
export function plural(forms, count, language, values = {}) {
  const category = new Intl.PluralRules(language).select(count);
  return fill(forms[category] ?? forms.other ?? Object.values(forms).at(-1), { ...values, count });
}

export function pageLanguage() {
  const language = (document.documentElement.lang || "en").slice(0, 2);
  return LANGUAGES.includes(language) ? language : "en";
}

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

// Calls /api<path>. `texts` gives the offline and server-error messages in the page's language;
// any other problem keeps the title the API wrote in that language (Accept-Language). Problems
// that API Gateway or the firewall wrote (no Content-Language: they cannot choose a language)
// get the widget's own words.
export async function callApi(language, texts, method, path, { body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: {
        Accept: "application/json",
        "Accept-Language": language,
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ProblemError(0, { title: texts.offline, code: "offline" });
  }
  if (response.ok) {
    return response.headers.get("content-type")?.includes("json") ? response.json() : response.text();
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    problem = null;
  }
  const fromTheApp = Boolean(response.headers.get("content-language"));
  if (!problem?.title || response.status >= 500 || !fromTheApp) {
    const title = response.status === 429 ? texts.tooMany : texts.serverError;
    problem = { ...(problem || {}), title };
  }
  throw new ProblemError(response.status, problem);
}

// Writes field errors next to their fields (ids `${prefix}${field}`), ties them with
// aria-describedby and aria-invalid, and returns the first field in error.
export function markErrors(root, errors, messages, prefix = "bz-") {
  root.querySelectorAll(".bz-field__error").forEach((node) => node.remove());
  root.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
    const kept = node.getAttribute("aria-describedby")?.split(" ").filter((id) => !id.endsWith("-error"));
    if (kept?.length) node.setAttribute("aria-describedby", kept.join(" "));
    else node.removeAttribute("aria-describedby");
  });
  let first = null;
  for (const error of errors) {
    const id = `${prefix}${error.field.replace(/^identifiers\./, "")}`;
    const input = root.querySelector(`#${CSS.escape(id)}`);
    if (!input) continue;
    const text = messages(error);
    const message = h("p", { class: "bz-field__error", id: `${id}-error` }, text);
    const field = input.closest(".bz-field");
    field.insertBefore(message, field.querySelector("label").nextSibling);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby",
      [input.getAttribute("aria-describedby"), `${id}-error`].filter(Boolean).join(" "));
    first ??= input;
  }
  return first;
}

// The common frame of a widget: a heading that takes focus at each step, an alert for failures,
// a polite live region for announcements, and a body that each step replaces.
export class Widget extends HTMLElement {
  setUp(className) {
    this.language = pageLanguage();
    this.t = texts(this.localName);
    const id = `${this.localName}-heading`;
    // Hidden, and naming nothing, until the first step gives it words: an empty heading, or a
    // region named by one, is what a screen reader would meet while the first answer is on its way.
    this.heading = h("h2", {
      class: `${className}__heading bz-widget__heading`, tabindex: "-1", id, hidden: true });
    this.alert = h("div", { class: "bz-widget__alert", role: "alert", hidden: true });
    this.status = h("div", { class: "bz-visually-hidden", role: "status", "aria-live": "polite" });
    this.body = h("div", { class: `${className}__body` });
    this.offline = h("p", { class: "bz-widget__offline", hidden: true });
    this.shell = h("section", { class: `${className} bz-widget` },
      this.heading, this.offline, this.alert, this.body, this.status);
    this.replaceChildren(this.shell);
    this.watchConnection();
  }

  // The guides stay readable offline (docs/service-worker.js), but nothing here works without
  // the API: say so while the browser knows it has no connection, not only after a failed call.
  watchConnection() {
    const shown = () => {
      this.offline.textContent = this.t.needsConnection || this.t.offline;
      this.offline.hidden = navigator.onLine;
    };
    window.addEventListener("offline", () => {
      shown();
      this.announce(this.offline.textContent);
    });
    window.addEventListener("online", shown);
    shown();
  }

  api(method, path, options) {
    return callApi(this.language, this.t, method, path, options);
  }

  setHeading(title) {
    this.heading.textContent = title;
    this.heading.hidden = !title;
    if (title) this.shell.setAttribute("aria-labelledby", this.heading.id);
    else this.shell.removeAttribute("aria-labelledby");
  }

  show(title, ...content) {
    this.setHeading(title);
    this.body.replaceChildren(...content);
    this.clearAlert();
    // The first view of a plain page visit keeps the reader where they are; every later step,
    // and a page opened from an email's link, moves focus to the step's heading.
    if (this.interacted || window.location.hash) this.heading.focus();
    this.interacted = true;
  }

  announce(message) {
    this.status.textContent = "";
    window.setTimeout(() => { this.status.textContent = message; }, 50);
  }

  showAlert(message) {
    this.alert.replaceChildren(h("p", {}, message));
    this.alert.hidden = false;
  }

  clearAlert() {
    this.alert.replaceChildren();
    this.alert.hidden = true;
  }

  async guarded(action) {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      this.showAlert(error.problem.title || this.t.serverError);
      this.alert.setAttribute("tabindex", "-1");
      this.alert.focus();
    }
  }
}
