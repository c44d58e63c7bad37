// Fixes to the theme's markup that its templates offer no way to make.
"use strict";
// The search dialog has no accessible name (axe: aria-dialog-name); it is the search field's.
for (const dialog of typeof document === "undefined" ? [] : document.querySelectorAll(".md-search[role='dialog']")) {
  const field = dialog.querySelector(".md-search__input");
  if (field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label"));
  }
}

// Search: a time or phone number typed as a whole is one term. The theme reads "22:00" as
// the field "22" and the term "00", and splits "0241 44686" at the space, so it found every
// page with a 22 or a 00. Before a query reaches the search worker, such a value is written
// as the index's values field holds it (helpsite/pages/search.py): "22h00", the number's
// digits ("+49 241 44686-112" -> 4924144686112, "7021 1813" -> 70211813; the field holds
// every number from each of its groups on).
{
  const QUERY = 2; // the theme's message type for a query
  const searchTerms = (query) => query
    .replace(/(^|[^\d:.])(\d{1,2}):(\d{2})(?![\d:])/g, "$1$2h$3")
    .replace(/\+?\d[\d\s()\/-]*\d/g, (number) => {
      const digits = number.replace(/\D/g, "");
      return digits.length >= 6 ? digits : number;
    });
  if (typeof Worker !== "undefined") {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      const query = message && message.type === QUERY && typeof message.data === "string";
      return post.call(this, query ? { ...message, data: searchTerms(message.data) } : message,
                       ...rest);
    };
  }
  if (typeof module !== "undefined") module.exports = { searchTerms };
}
