// Fixes to the theme's markup that its templates offer no way to make.
"use strict";
// The search dialog has no accessible name (axe: aria-dialog-name); it is the search field's.
for (const dialog of document.querySelectorAll(".md-search[role='dialog']")) {
  const field = dialog.querySelector(".md-search__input");
  if (field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label"));
  }
}
