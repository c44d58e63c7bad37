// The page's fee calculator. It applies the rules of hooks/helpsite/fees.py to the policy
// the build embedded in the form, with exact fractions on BigInt and the same rounding:
// each line half-up to the currency's minor unit, VAT on the sum of the rounded lines.
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
  const mul = ([a, b], [c, d]) => [a * c, b * d];
  const div = ([a, b], [c, d]) => [a * d, b * c];
  const isZero = ([a]) => a === 0n;
  const less = ([a, b], [c, d]) => a * d < c * b;
  const ceil = ([a, b]) => frac((a + b - 1n) / b);

  function roundMoney([a, b], digits) {
    const scale = 10n ** BigInt(digits);
    return frac((2n * a * scale + b) / (2n * b), scale);
  }

  // The amount written as the build's Babel writes it (parts computed at build time).
  function formatMoney(amount, policy) {
    const [whole, fraction = ""] = toDecimalString(amount, policy.digits).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, policy.money.group);
    const number = fraction ? grouped + policy.money.decimal + fraction : grouped;
    return policy.money.before + number + policy.money.after;
  }

  function toDecimalString([a, b], digits) {
    const scale = 10n ** BigInt(digits);
    const cents = (a * scale) / b;
    const whole = (cents / scale).toString();
    if (digits === 0) return whole;
    return `${whole}.${(cents % scale).toString().padStart(digits, "0")}`;
  }

  const { covers } = window.helpsiteSchedule;

  class InputProblem extends Error {}

  function price(policy, call) {
    const round = (value) => roundMoney(value, policy.digits);
    const inside = () => {
      if (!call.start) throw new InputProblem(policy.text.need_start);
      return policy.officeHours.some((w) => covers(w, call.start.weekday, call.start.minute));
    };
    const applies = (when) => {
      if (when.critical !== null && when.critical !== call.critical) return false;
      if (when.officeHours !== null && inside() !== (when.officeHours === "inside")) return false;
      return true;
    };
    const lines = [];
    for (const charge of policy.charges) {
      if (!applies(charge.when)) continue;
      if (charge.kind === "block") {
        const blocks = ceil(div(call.minutes, parseDecimal(charge.blockMinutes)));
        lines.push({ label: charge.label, amount: round(mul(blocks, parseDecimal(charge.price))) });
      } else if (charge.kind === "flat") {
        lines.push({ label: charge.label, amount: round(parseDecimal(charge.price)) });
      } else if (!isZero(call.minutes)) {
        if (charge.includedMinutes !== null &&
            less(call.minutes, parseDecimal(charge.includedMinutes)) && inside()) {
          lines.push({ label: charge.includedLabel, amount: ZERO });
          continue;
        }
        const rate = charge.rate === "agreement" ? call.rate : parseDecimal(charge.rate);
        if (rate === null) throw new InputProblem(policy.text.need_rate);
        const increment = parseDecimal(charge.incrementMinutes);
        const work = div(mul(mul(ceil(div(call.minutes, increment)), rate), increment), frac(60));
        lines.push({ label: charge.label, amount: round(work) });
        const surcharge = parseDecimal(charge.surcharge);
        if (!isZero(surcharge) && !inside()) {
          lines.push({ label: charge.surchargeLabel, amount: round(div(mul(work, surcharge), frac(100))) });
        }
      }
    }
    const net = lines.reduce((sum, line) => add(sum, line.amount), ZERO);
    let total = net;
    if (policy.vat) {
      const vat = round(div(mul(net, parseDecimal(policy.vat.rate)), frac(100)));
      lines.push({ label: policy.vat.label, amount: vat });
      total = add(net, vat);
    }
    return { lines, total: round(total) };
  }

  function readCall(form, policy) {
    const minutes = parseDecimal(form.elements.minutes.value);
    if (minutes === null) throw new InputProblem(policy.text.bad_minutes);
    const call = { minutes, start: null, critical: false, rate: null };
    const start = form.elements.start && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(form.elements.start.value);
    if (start) {
      const [, y, m, d, hh, mm] = start.map(Number);
      call.start = { weekday: (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7, minute: hh * 60 + mm };
    }
    if (form.elements.critical) call.critical = form.elements.critical.checked;
    if (form.elements.rate && form.elements.rate.value.trim() !== "") {
      call.rate = parseDecimal(form.elements.rate.value);
      if (call.rate === null) throw new InputProblem(policy.text.need_rate);
    }
    return call;
  }

  function cell(tag, text) {
    const element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  function show(form, policy) {
    const output = form.querySelector("output");
    const formatted = (amount) => formatMoney(amount, policy);
    output.replaceChildren();
    try {
      const result = price(policy, readCall(form, policy));
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      head.append(cell("th", policy.text.item), cell("th", policy.text.amount));
      const body = table.createTBody();
      for (const line of result.lines) {
        body.insertRow().append(cell("td", line.label), cell("td", formatted(line.amount)));
      }
      const totalRow = body.insertRow();
      totalRow.className = "helpsite-fee-total";
      totalRow.append(cell("th", policy.text.total), cell("td", formatted(result.total)));
      output.dataset.total = toDecimalString(result.total, policy.digits);
      output.append(table);
    } catch (problem) {
      if (!(problem instanceof InputProblem)) throw problem;
      delete output.dataset.total;
      output.append(cell("p", problem.message));
    }
  }

  for (const form of document.querySelectorAll("form.helpsite-fee")) {
    const policy = JSON.parse(form.querySelector('script[type="application/json"]').textContent);
    form.addEventListener("input", () => show(form, policy));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    show(form, policy);
  }
})();
