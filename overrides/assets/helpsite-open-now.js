// "Open now" beside each line and schedule. The build compiled each status into a timeline
// of steps (minutes since the epoch, each with its sentence in the page's language) from
// the desk's hours, closures, holidays and time zone (hooks/helpsite/opennow.py); this
// script only finds the step that holds now. Outside the timeline it shows nothing.
(() => {
  "use strict";

  // The step of `timeline` that holds at `now` (ms since the epoch): {open, text} or null.
  function lookup(timeline, now) {
    const minute = Math.floor(now / 60000);
    if (minute >= timeline.until) return null;
    let at = 0;
    let state = null;
    for (let i = 0; i < timeline.steps.length; i += 2) {
      at += timeline.steps[i];
      if (at > minute) break;
      state = timeline.texts[timeline.steps[i + 1]];
    }
    return state && { open: state[0], text: state[1] };
  }

  if (typeof module !== "undefined") module.exports = { lookup };
  if (typeof document === "undefined") return;

  // Each status keeps its data block; the sentence goes into a text node beside it.
  const statuses = [...document.querySelectorAll(".helpsite-open-now")].map((element) => {
    const text = document.createTextNode("");
    element.append(text);
    const data = element.querySelector('script[type="application/json"]');
    return { element, text, timeline: JSON.parse(data.textContent) };
  });

  function update() {
    const now = Date.now();
    for (const { element, text, timeline } of statuses) {
      const result = lookup(timeline, now);
      element.hidden = result === null;
      text.data = result ? result.text : "";
      element.classList.toggle("helpsite-open", Boolean(result && result.open));
      element.classList.toggle("helpsite-closed", Boolean(result && !result.open));
    }
    for (const cell of document.querySelectorAll(".helpsite-now")) cell.hidden = false;
  }

  update();
  setInterval(update, 30 * 1000);
})();
