// The page's fee calculator. It evaluates the price plan the build compiled
// (hooks/helpsite/priceplan.py, schema/priceplan.schema.json) as hooks/helpsite/fees.py
// does: exact fractions on BigInt, each line rounded half-up to the currency's minor unit,
// VAT on the sum of the rounded lines. Calendar facts (office hours, bands) come compiled
// as wall-clock intervals: the script only looks them up. One function per charge kind.
(() => {
  "use strict";

  const frac = (n, d = 1n) => [BigInt(n), BigInt(d)];
  const ZERO = frac(0);

  // "12.5" -> [125n, 10n]; anything else -> null.
  function parseDecimal(text) {
    const match = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(String(text));
    if (!match) return null;
    const digits = match[2] || "";
    return frac(match[1] + digits, 10n ** BigInt(digits.length));
  }

  const add = ([a, b], [c, d]) => [a * d + c * b, b * d];
  const sub = ([a, b], [c, d]) => [a * d - c * b, b * d];
  const mul = ([a, b], [c, d]) => [a * c, b * d];
  const div = ([a, b], [c, d]) => [a * d, b * c];
  const less = ([a, b], [c, d]) => a * d < c * b;

  function roundMoney([a, b], digits) {
    const scale = 10n ** BigInt(digits);
    return frac((2n * a * scale + b) / (2n * b), scale);
  }

  function toDecimalString([a, b], digits) {
    const scale = 10n ** BigInt(digits);
    const units = (a * scale) / b;
    const whole = (units / scale).toString();
    if (digits === 0) return whole;
    return `${whole}.${(units % scale).toString().padStart(digits, "0")}`;
  }

  // The amount written as the build's Babel writes it (parts compiled at build time).
  function formatMoney(amount, plan) {
    const [whole, fraction = ""] = toDecimalString(amount, plan.digits).split(".");
    const grouped = whole.length < 3 + plan.money.min_group
      ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, plan.money.group);
    const number = fraction ? grouped + plan.money.decimal + fraction : grouped;
    return plan.money.before + number + plan.money.after;
  }

  // Started units after a free allowance (whole seconds).
  const started = (seconds, free, unit) => {
    const billable = BigInt(Math.max(0, seconds - free));
    return (billable + BigInt(unit) - 1n) / BigInt(unit);
  };

  class InputProblem extends Error {}

  const inIntervals = (intervals, minute) => intervals.some(([from, to]) => from <= minute && minute < to);

  const KNOWN = new Set(["office_hours", "band"]);

  function holds(when, call, fact) {
    for (const [name, value] of Object.entries(when)) {
      if (!KNOWN.has(name) && call.conditions.includes(name) !== value) return false;
    }
    if (when.office_hours != null && fact("office_hours") !== (when.office_hours === "inside")) return false;
    if (when.band != null && !fact(`band:${when.band}`)) return false;
    return true;
  }

  // One function per charge kind: (charge, labels, call, ctx) -> bill lines.
  const KINDS = {
    flat: (charge, labels, call, ctx) => [
      { label: labels.label, quantity: 1n, amount: ctx.round(parseDecimal(charge.price)) }],
    block: (charge, labels, call, ctx) => {
      const blocks = started(call.seconds, charge.free || 0, charge.block);
      return [{ label: labels.label, quantity: blocks,
        amount: ctx.round(mul(frac(blocks), parseDecimal(charge.price))) }];
    },
    hourly: (charge, labels, call, ctx) => {
      if (call.seconds === 0) return [];
      const included = charge.included_inside_office_hours;
      if (included != null && call.seconds < included && ctx.fact("office_hours")) {
        return [{ label: labels.included, quantity: 1n, amount: ZERO }];
      }
      const rate = charge.rate === "agreement" ? call.rate : parseDecimal(charge.rate);
      if (rate === null) throw new InputProblem(ctx.plan.text.need_rate);
      const increments = started(call.seconds, charge.free || 0, charge.increment);
      const work = div(mul(mul(frac(increments), rate), frac(charge.increment)), frac(3600));
      const lines = [{ label: labels.label, quantity: increments, amount: ctx.round(work) }];
      charge.surcharges.forEach((surcharge, i) => {
        if (holds(surcharge.when, call, ctx.fact)) {
          lines.push({ label: labels.surcharges[i], quantity: increments,
            amount: ctx.round(div(mul(work, parseDecimal(surcharge.percent)), frac(100))) });
        }
      });
      return lines;
    },
  };

  // call: {seconds, start (wall-clock minutes since 1970-01-01 00:00 or null),
  //        conditions: [names], rate: fraction or null, callingFrom: code or null}
  function price(plan, call) {
    const round = (value) => roundMoney(value, plan.digits);
    const notCovered = (reason) => ({ covered: false, reason, lines: [], net: ZERO, vat: ZERO, total: ZERO });
    if (call.start !== null && inIntervals(plan.gaps, call.start)) throw new InputProblem(plan.text.no_such_time);
    if (plan.calls_from.length && call.callingFrom &&
        !plan.calls_from.some((option) => option.value === call.callingFrom)) {
      return notCovered(plan.text.calls_from);
    }
    const fact = (name) => {
      if (call.start === null) throw new InputProblem(plan.text.need_start);
      const [from, to] = plan.calendar_range;
      if (call.start < from || call.start >= to) throw new InputProblem(plan.text.out_of_range);
      return inIntervals(plan.calendar[name], call.start);
    };
    const ctx = { plan, round, fact };
    if (!holds(plan.when, call, fact)) return notCovered(plan.text.not_covered);
    const lines = [];
    plan.charges.forEach((charge, i) => {
      if (holds(charge.when, call, fact)) lines.push(...KINDS[charge.kind](charge, plan.labels[i], call, ctx));
    });
    let net = lines.reduce((sum, line) => add(sum, line.amount), ZERO);
    if (plan.minimum && call.seconds > 0 && less(net, parseDecimal(plan.minimum.price))) {
      const topUp = round(sub(parseDecimal(plan.minimum.price), net));
      lines.push({ label: plan.minimum_label, quantity: 1n, amount: topUp });
      net = add(net, topUp);
    }
    let vat = ZERO;
    if (plan.vat) {
      vat = round(div(mul(net, parseDecimal(plan.vat.rate)), frac(100)));
      lines.push({ label: plan.vat_label, quantity: 1n, amount: vat });
    }
    return { covered: true, reason: "", lines, net, vat, total: add(net, vat) };
  }

  const api = { price, parseDecimal, toDecimalString, formatMoney, InputProblem };
  if (typeof module !== "undefined") module.exports = api;
  if (typeof document === "undefined") return;

  function readCall(form, plan) {
    const whole = (input) => (input && /^\d+$/.test(input.value.trim()) ? Number(input.value) : null);
    const minutes = whole(form.elements.minutes);
    const seconds = form.elements.seconds.value.trim() === "" ? 0 : whole(form.elements.seconds);
    if (minutes === null || seconds === null) throw new InputProblem(plan.text.need_duration);
    const call = { seconds: minutes * 60 + seconds, start: null, conditions: [], rate: null, callingFrom: null };
    const start = form.elements.start && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(form.elements.start.value);
    if (start) {
      const [, y, m, d, hh, mm] = start.map(Number);
      call.start = Date.UTC(y, m - 1, d, hh, mm) / 60000;
    }
    for (const box of form.querySelectorAll('input[name="condition"]:checked')) call.conditions.push(box.value);
    if (form.elements.calling_from) call.callingFrom = form.elements.calling_from.value;
    if (form.elements.rate && form.elements.rate.value.trim() !== "") {
      call.rate = parseDecimal(form.elements.rate.value);
      if (call.rate === null) throw new InputProblem(plan.text.need_rate);
    }
    return call;
  }

  function cell(tag, text) {
    const element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  function show(form, plan) {
    const output = form.querySelector("output");
    const formatted = (amount) => formatMoney(amount, plan);
    output.replaceChildren();
    delete output.dataset.total;
    try {
      const result = price(plan, readCall(form, plan));
      if (!result.covered) {
        output.append(cell("p", result.reason));
        return;
      }
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      head.append(cell("th", plan.text.item), cell("th", plan.text.amount));
      const body = table.createTBody();
      for (const line of result.lines) {
        body.insertRow().append(cell("td", line.label), cell("td", formatted(line.amount)));
      }
      const totalRow = body.insertRow();
      totalRow.className = "helpsite-fee-total";
      totalRow.append(cell("th", plan.text.total), cell("td", formatted(result.total)));
      output.dataset.total = toDecimalString(result.total, plan.digits);
      output.append(table);
    } catch (problem) {
      if (!(problem instanceof InputProblem)) throw problem;
      output.append(cell("p", problem.message));
    }
  }

  for (const form of document.querySelectorAll("form.helpsite-fee")) {
    const plan = JSON.parse(form.querySelector('script[type="application/json"]').textContent);
    form.addEventListener("input", () => show(form, plan));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    show(form, plan);
  }
})();
