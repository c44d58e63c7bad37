// The page's fee calculator. It evaluates the price plan the build compiled
// (hooks/helpsite/rules/priceplan.py, schema/priceplan.schema.json) as
// hooks/helpsite/rules/fees.py does: exact fractions on BigInt, each line rounded half-up to
// the currency's minor unit, VAT on the sum of the rounded lines. The charges come compiled
// to generic rules (conditions, cases, lines, percentages; hooks/helpsite/model/charges.py)
// and calendar facts as wall-clock intervals: the script knows no kind of charge and no
// calendar, it only evaluates.
(() => {
  "use strict";

  const frac = (n, d = 1n) => [BigInt(n), BigInt(d)];
  const ZERO = frac(0);

  // An amount of the plan ("12.5") -> [125n, 10n]; anything else -> null.
  function parseDecimal(text) {
    const match = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(String(text));
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

  // What is wrong with the call as given; `field`: the form field it is about.
  class InputProblem extends Error {
    constructor(message, field = null) {
      super(message);
      this.field = field;
    }
  }

  const inIntervals = (intervals, minute) => intervals.some(([from, to]) => from <= minute && minute < to);

  // A compiled condition (charges.Condition): the call's length, its named conditions,
  // then the calendar facts in their order, as fees.holds asks them.
  const holds = (when, call, fact) =>
    when.at_least <= call.seconds && (when.under === null || call.seconds < when.under) &&
    Object.entries(when.conditions).every(([name, value]) => call.conditions.includes(name) === value) &&
    Object.entries(when.calendar).every(([name, value]) => fact(name) === value);

  // A case's lines (charges.Line): a price per started unit, or a percentage of earlier lines.
  function caseLines(plan, lines, call, fact) {
    const made = [];  // each line's [units, exact amount]; [0, 0]: not made
    const bill = [];
    for (const line of lines) {
      if (!holds(line.when, call, fact)) {
        made.push([0n, ZERO]);
        continue;
      }
      let units;
      let exact;
      if (line.percent !== null) {
        units = made[line.of[0]][0];
        const base = line.of.reduce((sum, i) => add(sum, made[i][1]), ZERO);
        exact = div(mul(base, parseDecimal(line.percent)), frac(100));
      } else {
        const price = line.price === "agreed_rate" ? call.rate : parseDecimal(line.price);
        if (price === null) throw new InputProblem(plan.text.need_rate, "rate");
        const billable = BigInt(Math.max(0, call.seconds - line.free));
        units = line.unit === null ? 1n : (billable + BigInt(line.unit) - 1n) / BigInt(line.unit);
        exact = mul(mul(frac(units), price), frac(...line.factor));
      }
      made.push([units, exact]);
      bill.push({ label: line.label, quantity: units, amount: roundMoney(exact, plan.digits) });
    }
    return bill;
  }

  // call: {seconds, start (wall-clock minutes since 1970-01-01 00:00 or null),
  //        conditions: [names], rate: fraction or null, callingFrom: code or null}
  function price(plan, call) {
    const round = (value) => roundMoney(value, plan.digits);
    const notCovered = (reason, field = null) => ({ covered: false, reason, field, lines: [], net: ZERO, vat: ZERO, total: ZERO });
    if (call.start !== null && inIntervals(plan.gaps, call.start)) throw new InputProblem(plan.text.no_such_time, "start");
    if (plan.calls_from.length && call.callingFrom &&
        !plan.calls_from.some((option) => option.value === call.callingFrom)) {
      return notCovered(plan.text.calls_from, "calling_from");
    }
    const fact = (name) => {
      if (call.start === null) throw new InputProblem(plan.text.need_start, "start");
      const [from, to] = plan.calendar_range;
      if (call.start < from || call.start >= to) throw new InputProblem(plan.text.out_of_range, "start");
      return inIntervals(plan.calendar[name], call.start);
    };
    if (!holds(plan.when, call, fact)) return notCovered(plan.text.not_covered);
    const lines = [];
    for (const rule of plan.charges) {
      if (!holds(rule.when, call, fact)) continue;
      const found = rule.cases.find((option) => holds(option.when, call, fact));
      if (found) lines.push(...caseLines(plan, found.lines, call, fact));
    }
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

  // Input as the page's language writes it: plan.input, the grammar compiled from CLDR
  // (hooks/helpsite/rules/inputformat.py, whose read_* functions these mirror step for step).

  // The groups of a production matched against the whole text, by name; null if no match.
  function matchFields(production, text) {
    const match = new RegExp(`^(?:${production.pattern})$`).exec(String(text));
    if (!match) return null;
    const value = {};
    production.fields.forEach((field, i) => { if (match[i + 1] !== undefined) value[field] = match[i + 1]; });
    return value;
  }

  const amountOf = (value) => {
    const fraction = value.fraction || "";
    return frac(value.whole.replace(/[^0-9]/g, "") + fraction, 10n ** BigInt(fraction.length));
  };

  // "1.000,00" (German) -> fraction, or null (not the language's writing, over the limit).
  function readAmount(input, text) {
    const value = matchFields(input.amount, text);
    if (!value) return null;
    const amount = amountOf(value);
    return less(parseDecimal(input.max_amount), amount) ? null : amount;
  }

  // "4,5" (minutes), "1:05" (hours and minutes) or "0:05:01" -> whole seconds, or null.
  function readLength(input, text) {
    const value = matchFields(input.length, text);
    if (!value) return null;
    let seconds;
    if (value.whole !== undefined) {
      const [a, b] = mul(amountOf(value), frac(60));
      if (a % b !== 0n) return null;  // whole seconds only
      seconds = a / b;
    } else {
      seconds = BigInt(value.h) * 3600n + BigInt(value.m) * 60n + BigInt(value.s || 0);
    }
    return seconds > BigInt(input.max_seconds) ? null : Number(seconds);
  }

  // A date and time -> wall-clock minutes since 1970-01-01 00:00, or null.
  function readStart(input, text) {
    const value = matchFields(input.start, text);
    if (!value) return null;
    let [year, hour] = [Number(value.y), Number(value.H)];
    if (value.y.length === 2) year += 2000;
    if (year < input.years[0] || year > input.years[1]) return null;
    if (value.am !== undefined || value.pm !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (value.pm !== undefined ? 12 : 0);
    }
    const [month, day, minute] = [value.M, value.d, value.m].map(Number);
    const at = new Date(Date.UTC(year, month - 1, day, hour, minute));
    if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day ||
        hour > 23 || minute > 59) return null;
    return at.getTime() / 60000;
  }

  // The typed fields (formValues) -> the call; an empty field is not given (as the
  // command without its flag); anything else is read, spaces alone refused as the command does.
  function readCall(plan, typed) {
    const input = plan.input;
    const seconds = readLength(input, typed.duration);
    if (seconds === null) throw new InputProblem(plan.text.need_duration, "duration");
    const call = { seconds, start: null, conditions: typed.conditions, rate: null, callingFrom: typed.callingFrom };
    if (typed.start !== "") {
      call.start = readStart(input, typed.start);
      if (call.start === null) throw new InputProblem(plan.text.bad_start, "start");
    }
    if (typed.rate !== "") {
      call.rate = readAmount(input, typed.rate);
      if (call.rate === null) throw new InputProblem(plan.text.bad_rate, "rate");
    }
    return call;
  }

  const api = { price, parseDecimal, readAmount, readLength, readStart, readCall, toDecimalString, formatMoney, InputProblem };
  if (typeof module !== "undefined") module.exports = api;
  if (typeof document === "undefined") return;

  // What the form holds: the typed text of each field, the ticked conditions, the country.
  function formValues(form) {
    const text = (name) => (form.elements[name] ? form.elements[name].value : "");
    return { duration: text("duration"), start: text("start"), rate: text("rate"),
      conditions: [...form.querySelectorAll('input[name="condition"]:checked')].map((box) => box.value),
      callingFrom: form.elements.calling_from ? form.elements.calling_from.value : null };
  }

  function cell(tag, text) {
    const element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  // A message next to the field it is about (the field's aria-describedby names it).
  function complain(form, field, message) {
    form.elements[field].setAttribute("aria-invalid", "true");
    form.querySelector(`[id$="-${field}-error"]`).textContent = message;
  }

  function show(form, plan) {
    const output = form.querySelector("output");
    const formatted = (amount) => formatMoney(amount, plan);
    output.replaceChildren();
    delete output.dataset.total;
    for (const error of form.querySelectorAll(".helpsite-fee-error")) error.textContent = "";
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
    try {
      const result = price(plan, readCall(plan, formValues(form)));
      if (!result.covered) {
        if (result.field) complain(form, result.field, result.reason);
        else output.append(cell("p", result.reason));
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
      if (problem.field && form.elements[problem.field]) complain(form, problem.field, problem.message);
      else output.append(cell("p", problem.message));
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
