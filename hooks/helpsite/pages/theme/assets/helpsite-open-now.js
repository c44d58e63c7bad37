// "Open now" beside each line and schedule, and the answer box at the top of a desk's
// article. The build compiled each status into a timeline of steps (minutes since the
// epoch, each with its state in the page's language) from the desk's hours, closures,
// holidays, prices and time zone (helpsite/rules/opennow.py, helpsite/pages/answerbox.py);
// this script only finds the step that holds now. Outside the timeline it states nothing.
(() => {
  "use strict";

  // The steps written out: a pair (-k, n) stands for the n steps from k steps back
  // (helpsite/rules/opennow.py: packed), each a pair (delta, state).
  const expanded = new WeakMap();
  function unpack(timeline) {
    if (!expanded.has(timeline)) {
      const steps = [];
      for (let i = 0; i < timeline.steps.length; i += 2) {
        const [first, second] = [timeline.steps[i], timeline.steps[i + 1]];
        if (first >= 0) steps.push(first, second);
        else for (let from = steps.length + 2 * first, n = 0; n < second; n++, from += 2) {
          steps.push(steps[from], steps[from + 1]);
        }
      }
      expanded.set(timeline, steps);
    }
    return expanded.get(timeline);
  }

  // The state of `timeline` at `now` (ms since the epoch), or null where nothing is known.
  function step(timeline, now) {
    const minute = Math.floor(now / 60000);
    if (minute >= timeline.until) return null;
    const steps = unpack(timeline);
    let at = 0;
    let state = null;
    for (let i = 0; i < steps.length; i += 2) {
      at += steps[i];
      if (at > minute) break;
      state = timeline.texts[steps[i + 1]];
    }
    return state;
  }

  // A status's step as {open, text}, or null.
  function lookup(timeline, now) {
    const state = step(timeline, now);
    return state && { open: state[0], text: state[1] };
  }

  if (typeof module !== "undefined") module.exports = { clockText, lookup, step };
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
    const choice = remembered();
    if (choice !== null && Object.hasOwn(data.countries, choice)) select.value = choice;
    select.addEventListener?.("change", () => {
      try { localStorage.setItem(STORED, select.value); } catch { /* private mode */ }
      showAnswer(box, data, select.value, Date.now());
    });
    return { box, data, select };
  });

  function showAnswer(box, data, country, now) {
    const state = step(data.timelines[data.countries[country]], now);
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

  // The time at the desk, and the visitor's where their clock differs now: the desk's
  // offset from its compiled timeline, the visitor's from the browser, each written with
  // the build's time of day for its hour (answerbox.AnswerBox.clock).
  function clockText(clock, now) {
    const there = step(clock.offsets, now);
    if (there === null) return "";
    const here = -new Date(now).getTimezoneOffset();
    const minute = Math.floor(now / 60000);
    const face = (offset) => {
      const local = (((minute + offset) % 1440) + 1440) % 1440;
      return clock.hours[Math.floor(local / 60)].replace("{m}", String(local % 60).padStart(2, "0"));
    };
    return (here === there ? clock.same : clock.differs)
      .replace("{0}", face(there)).replace("{1}", face(here));
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
    for (const { box, data, select } of boxes) {
      showAnswer(box, data, select.value, now);
      box.querySelector(".helpsite-answer-time").textContent = clockText(data.clock, now);
    }
  }

  update();
  setInterval(update, 30 * 1000);
})();
