"""Run the page's own scripts (the package's theme/assets/*.js) in node, many cases per process."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "hooks" / "helpsite" / "pages" / "theme" / "assets"
NODE = shutil.which("node") or "/usr/bin/node"

_RUNNER = r"""
const fees = require(process.argv[1] + "/helpsite-fees.js");
const openNow = require(process.argv[1] + "/helpsite-open-now.js");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.cases.map((c) => {
  if (c.kind === "status") return openNow.lookup(input.timelines[c.timeline], c.now);
  if (c.kind === "step") return openNow.step(input.timelines[c.timeline], c.now);
  if (c.kind === "length") return fees.readLength(c.input, c.text);
  if (c.kind === "start") return fees.readStart(c.input, c.text);
  if (c.kind === "amount") {
    const amount = fees.readAmount(c.input, c.text);
    return amount === null ? null : amount.map(String);
  }
  const plan = input.plans[c.plan];
  try {
    const call = c.kind === "typed" ? fees.readCall(plan, c.typed)
      : { ...c.call, rate: c.call.rate === null ? null : fees.parseDecimal(c.call.rate) };
    const bill = fees.price(plan, call);
    const dec = (v) => fees.toDecimalString(v, plan.digits);
    return { covered: bill.covered, reason: bill.reason,
      lines: bill.lines.map((l) => [l.label, Number(l.quantity), dec(l.amount)]),
      net: dec(bill.net), vat: dec(bill.vat), total: dec(bill.total),
      formatted: bill.covered ? fees.formatMoney(bill.total, plan) : "" };
  } catch (error) {
    if (!(error instanceof fees.InputProblem)) throw error;
    return { error: error.message };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def run(cases: list[dict], plans: dict | None = None, timelines: dict | None = None) -> list:
    """Each case through the page's script: ``{"kind": "status", "timeline": KEY, "now": ms}``,
    ``{"kind": "step", ...}`` (the raw state), ``{"kind": "fee", "plan": KEY, "call": {...}}``,
    ``{"kind": "typed", "plan": KEY, "typed": {duration, start, rate, conditions,
    callingFrom}}`` (the form's fields as typed), or one field read by the grammar:
    ``{"kind": "length", "start" or "amount", "text": ..., "input": {...}}``."""
    if not Path(NODE).exists():
        pytest.skip("no node here: apt-get install nodejs to run the script's tests")
    result = subprocess.run([NODE, "-e", _RUNNER, str(ASSETS)], check=True, capture_output=True,
                            text=True, input=json.dumps({"cases": cases, "plans": plans or {},
                                                         "timelines": timelines or {}}))
    return json.loads(result.stdout)
