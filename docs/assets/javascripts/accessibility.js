// Material's search dialog has no accessible name (axe: aria-dialog-name).
// Name it after its own search field, whose label Material already translates.
(() => {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const field = dialog && dialog.querySelector("input[aria-label]");
  if (field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label"));
  }
})();

// Material wraps wide tables in a scrolling box (.md-typeset__scrollwrap) once the page is
// shown; a box that scrolls must be reachable by keyboard (axe: scrollable-region-focusable).
(() => {
  const reachable = () => {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
      box.setAttribute("tabindex", "0");
    }
  };
  if (window.document$?.subscribe) window.document$.subscribe(reachable);
  else document.addEventListener("DOMContentLoaded", reachable);
})();
