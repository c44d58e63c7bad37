// "Open now" beside each line and schedule, and the answer box at the top of a desk's
// article. The build compiled each status into a timeline of steps (minutes since the
// epoch, each with its state in the page's language) from the desk's hours, closures,
// holidays, prices and time zone (hooks/helpsite/opennow.py, answerbox.py); this script
// only finds the step that holds now. Outside the timeline it states nothing.
(() => {
  "use strict";

  // The state of `timeline` at `now` (ms since the epoch), or null where nothing is known.
  function step(timeline, now) {
    const minute = Math.floor(now / 60000);
    if (minute >= timeline.until) return null;
    let at = 0;
    let state = null;
    for (let i = 0; i < timeline.steps.length; i += 2) {
      at += timeline.steps[i];
      if (at > minute) break;
      state = timeline.texts[timeline.steps[i + 1]];
    }
    return state;
  }

  // A status's step as {open, text}, or null.
  function lookup(timeline, now) {
    const state = step(timeline, now);
    return state && { open: state[0], text: state[1] };
  }

  if (typeof module !== "undefined") module.exports = { lookup, step };
  if (typeof document === "undefined") return;

  function mark(element, open) {
    element.classList.toggle("helpsite-open", open === true);
    element.classList.toggle("helpsite-closed", open === false);
  }

  // Each status keeps its data block; the sentence goes into a text node beside it.
  const statuses = [...document.querySelectorAll(".helpsite-open-now")].map((element) => {
    const text = document.createTextNode("");
    element.append(text);
    const data = element.querySelector('script[type="application/json"]');
    return { element, text, timeline: JSON.parse(data.textContent) };
  });

  // The answer box: the build chose the page language's country; a remembered other one
  // takes its place in the same grid cell, its rows in the compiled order.
  const STORED = "helpsite-country";
  const remembered = () => { try { return localStorage.getItem(STORED); } catch { return null; } };
  const boxes = [...document.querySelectorAll(".helpsite-answer")].map((box) => {
    const data = JSON.parse(box.querySelector('script[type="application/json"]').textContent);
    // A desk with no number has no picker: its one block answers from anywhere.
    const select = box.querySelector("select") || { value: data.default };
    if (data.timelines[remembered()]) select.value = remembered();
    select.addEventListener?.("change", () => {
      try { localStorage.setItem(STORED, select.value); } catch { /* private mode */ }
      showAnswer(box, data, select.value, Date.now());
    });
    return { box, data, select };
  });

  function showAnswer(box, data, country, now) {
    const state = step(data.timelines[country], now);
    box.querySelector(".helpsite-answer-unknown").hidden = state !== null;
    for (const block of box.querySelectorAll(".helpsite-answer-country")) {
      const chosen = block.dataset.country === country;
      block.classList.toggle("helpsite-answer-chosen", chosen);
      if (!chosen) continue;
      const list = block.querySelector("ul");
      const items = [...list.children].sort((a, b) => a.dataset.row - b.dataset.row);
      const entries = state || items.map((item) => [Number(item.dataset.row), null, ""]);
      for (const [row, open, text] of entries) {
        const item = items[row];
        const status = item.querySelector(".helpsite-answer-status");
        status.textContent = text;
        status.hidden = state === null;
        item.querySelector(".helpsite-answer-services").hidden = state !== null;
        mark(status, open);
        list.append(item);
      }
    }
  }

  function update() {
    const now = Date.now();
    for (const { element, text, timeline } of statuses) {
      const result = lookup(timeline, now);
      element.hidden = result === null;
      text.data = result ? result.text : "";
      mark(element, result && result.open);
    }
    for (const cell of document.querySelectorAll(".helpsite-now")) cell.hidden = false;
    for (const { box, data, select } of boxes) showAnswer(box, data, select.value, now);
  }

  update();
  setInterval(update, 30 * 1000);
})();
