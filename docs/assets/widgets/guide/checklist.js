// Turns `!!! checklist "Title"` blocks of a guide page into lists the reader can tick.
// Ticks are kept in this browser only (localStorage), per page and list; nothing is sent anywhere.
import { h, fill, texts } from "../shared/widget.js";

const PREFIX = "blizej:checklist:";

function load(key) {
  try {
    return new Set(JSON.parse(localStorage.getItem(key) || "[]"));
  } catch {
    return new Set(); // storage blocked or damaged: the list still works, it just forgets
  }
}

function save(key, ticked) {
  try {
    if (ticked.size) localStorage.setItem(key, JSON.stringify([...ticked]));
    else localStorage.removeItem(key);
  } catch {
    /* private mode or full storage: ticking still works for this visit */
  }
}

export function enhance(block, index, words) {
  const list = block.querySelector("ul");
  if (!list || block.classList.contains("bz-checklist--ready")) return;
  const key = `${PREFIX}${location.pathname}#${index}`;
  const ticked = load(key);
  const items = [...list.children];
  const status = h("p", { class: "bz-checklist__status", "aria-live": "polite" });
  const boxes = items.map((item, position) => {
    const text = item.textContent.trim().replace(/\s+/g, " ");
    const id = `bz-checklist-${index}-${position}`;
    const box = h("input", { type: "checkbox", id, checked: ticked.has(text) });
    const label = h("label", { for: id });
    label.append(...item.childNodes);
    item.append(box, label);
    box.addEventListener("change", () => {
      if (box.checked) ticked.add(text);
      else ticked.delete(text);
      save(key, ticked);
      update();
    });
    return box;
  });
  function update() {
    const done = boxes.filter((box) => box.checked).length;
    status.textContent = fill(words.ticked, { done, total: boxes.length });
  }
  const clear = h("button", {
    type: "button",
    class: "md-button",
    onclick: () => {
      boxes.forEach((box) => (box.checked = false));
      ticked.clear();
      save(key, ticked);
      update();
    }
  }, words.clear);
  const print = h("button", { type: "button", class: "md-button", onclick: () => window.print() }, words.print);
  block.append(status, h("p", { class: "bz-checklist__actions" }, clear, " ", print));
  block.classList.add("bz-checklist--ready");
  update();
}

const words = texts("guide");
document.querySelectorAll(".admonition.checklist").forEach((block, index) => enhance(block, index, words));
