// Material's search dialog has no accessible name (axe: aria-dialog-name).
// Name it after its own search field, whose label Material already translates.
(() => {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const field = dialog && dialog.querySelector("input[aria-label]");
  if (field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label"));
  }
})();
