// Turns `!!! self-check "Title"` blocks into a quiz: one question per fieldset, radio buttons,
// an answer checked on request with its explanation read out (aria-live). Editors write:
//
//     **Question?**
//
//     - [ ] a wrong answer
//     - [x] the right answer
//
//     Why the right answer is right.
import { h, fill, texts } from "../shared/widget.js";

const MARK = /^\s*\[( |x|X)\]\s*/;

// The editor's Markdown as rendered: a bold paragraph starts a question, its list holds the
// answers, and the paragraphs after the list explain it.
export function questionsOf(block) {
  const questions = [];
  for (const node of [...block.children]) {
    if (node.classList.contains("admonition-title")) continue;
    const strong = node.tagName === "P" && node.children.length === 1 && node.firstElementChild.tagName === "STRONG"
      && node.textContent.trim() === node.firstElementChild.textContent.trim();
    if (strong) questions.push({ prompt: node.firstElementChild, answers: [], explanation: [] });
    else if (node.tagName === "UL" && questions.length) {
      for (const item of node.children) {
        const match = item.firstChild?.nodeType === Node.TEXT_NODE && item.firstChild.textContent.match(MARK);
        if (match) item.firstChild.textContent = item.firstChild.textContent.replace(MARK, "");
        questions.at(-1).answers.push({ item, right: Boolean(match && match[1] !== " ") });
      }
    } else if (questions.length) questions.at(-1).explanation.push(node);
  }
  return questions;
}

export function enhance(block, index, words) {
  if (block.classList.contains("bz-self-check--ready")) return;
  const questions = questionsOf(block);
  const score = h("p", { class: "bz-self-check__score", "aria-live": "polite" });
  const results = new Map();
  const forms = questions.map((question, number) => {
    const name = `bz-q-${index}-${number}`;
    const feedback = h("div", { class: "bz-self-check__feedback", "aria-live": "polite" });
    const explanation = h("div", { class: "bz-self-check__explanation", hidden: true }, ...question.explanation);
    const options = question.answers.map((answer, position) => {
      const id = `${name}-${position}`;
      const label = h("label", { for: id });
      label.append(...answer.item.childNodes);
      return { answer, label, radio: h("input", { type: "radio", name, id, value: String(position) }) };
    });
    const legend = h("legend");
    legend.append(...question.prompt.childNodes);
    const check = h("button", { type: "submit", class: "md-button md-button--primary" }, words.check);
    const form = h("form", { class: "bz-self-check__question", novalidate: true },
      h("fieldset", {}, legend, ...options.map(({ radio, label }) => h("div", { class: "bz-self-check__option" }, radio, label))),
      check, feedback, explanation);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = options.find(({ radio }) => radio.checked);
      if (!chosen) {
        feedback.className = "bz-self-check__feedback";
        feedback.textContent = words.choose;
        options[0].radio.focus();
        return;
      }
      const right = options.find(({ answer }) => answer.right);
      const correct = chosen === right;
      feedback.className = `bz-self-check__feedback ${correct ? "is-right" : "is-wrong"}`;
      feedback.textContent = correct ? words.right : fill(words.wrong, { answer: right.label.textContent.trim() });
      explanation.hidden = false;
      results.set(number, correct);
      if (results.size === questions.length) {
        const count = [...results.values()].filter(Boolean).length;
        score.textContent = fill(words.score, { right: count, total: questions.length });
      }
    });
    return form;
  });
  [...block.children].forEach((node) => node.classList.contains("admonition-title") || node.remove());
  block.append(...forms, score);
  block.classList.add("bz-self-check--ready");
}

const words = texts("guide");
document.querySelectorAll(".admonition.self-check").forEach((block, index) => enhance(block, index, words));
