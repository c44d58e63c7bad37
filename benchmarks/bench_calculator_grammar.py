"""The page's calculator against ``helpsite fee`` on generated typed input, in the six
languages of the example: how many cases each accepts, and on how many they agree (the same
decision, the same price to the cent, the same sentence when both refuse).

    python benchmarks/bench_calculator_grammar.py [--tree PATH] [--cases 200]

--tree: the project whose script and command to measure (default: this one); run it with
that tree's Python (its .venv) to measure an older version. A tree without the shared
grammar (no ``readCall`` in its script, no ``--length``) is driven the way it was used:
the page's old readers, and the command's --minutes or --duration (a typed length with a
colon) and --at as typed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import typed  # noqa: E402  (the generator the differential test uses)

LANGUAGES = ["de", "it", "es", "da", "en", "fr"]
POLICIES = ["onoffice-emergency", "oneoffice-on-call"]

_OLD_READER = r"""
  const readCall = (plan, t) => {
    const seconds = fees.parseDuration(t.duration, plan.input);
    if (seconds === null) throw new fees.InputProblem(plan.text.need_duration);
    const call = { seconds, start: null, conditions: t.conditions, rate: null, callingFrom: t.callingFrom };
    if (t.start.trim() !== "") {
      call.start = fees.parseStart(t.start, plan.input);
      if (call.start === null) throw new fees.InputProblem(plan.text.bad_start);
    }
    if (t.rate.trim() !== "") {
      call.rate = fees.parseNumber(t.rate, plan.input);
      if (call.rate === null) throw new fees.InputProblem(plan.text.need_rate);
    }
    return call;
  };
"""

_RUNNER = r"""
const fees = require(process.argv[1]);
const read = fees.readCall || (() => { READER; return readCall; })();
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.cases.map((t) => {
  try {
    const bill = fees.price(input.plan, read(input.plan, t));
    return { covered: bill.covered, reason: bill.reason,
      total: bill.covered ? fees.toDecimalString(bill.total, input.plan.digits) : null };
  } catch (error) {
    return { error: error instanceof fees.InputProblem ? error.message : `uncaught ${error.name}` };
  }
})));
""".replace("READER", _OLD_READER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    tree = Path(args.tree)
    from helpsite.cli import main as cli
    from helpsite.cli.commands import fee
    from helpsite.model.context import Context
    from helpsite.model.load import load_data
    from helpsite.rules.priceplan import browser_json, compile_plan
    from helpsite.rules.schedule import build_date, horizon
    from helpsite.model.strings import load_strings

    data, strings = load_data(tree), load_strings(tree)
    fee.load_data, fee.load_strings = (lambda root: data), (lambda root: strings)
    sources = ("hooks/helpsite/cli/commands/fee.py", "hooks/helpsite/cli/main.py",
               "hooks/helpsite/cli.py")
    new = "--length" in next((tree / path).read_text() for path in sources
                             if (tree / path).exists())
    script = next(path for path in (tree / "hooks/helpsite/pages/theme/assets/helpsite-fees.js",
                                    tree / "overrides/assets/helpsite-fees.js") if path.exists())
    first, last = horizon(build_date())
    totals = dict(cases=0, page_accepts=0, cli_accepts=0, same_decision=0, both_priced=0,
                  same_price=0, both_refused=0, same_sentence=0, uncaught=0)
    for lang in LANGUAGES:
        for policy_id in POLICIES:
            _, desk, policy = data.fee_policies()[policy_id]
            plan = compile_plan(Context(strings, lang), policy_id, desk, policy, first, last)
            rng = random.Random(f"bench/{lang}/{policy_id}")
            cases = [typed.form(rng, lang, plan, policy, first, last) for _ in range(args.cases)]
            page = json.loads(subprocess.run(
                ["node", "-e", _RUNNER, str(script)], check=True, capture_output=True, text=True,
                input=json.dumps({"plan": browser_json(plan), "cases": cases})).stdout)
            for case, seen in zip(cases, page):
                said = command(cli, lang, policy_id, case, new)
                totals["cases"] += 1
                totals["uncaught"] += seen.get("error", "").startswith("uncaught")
                totals["page_accepts"] += "error" not in seen
                totals["cli_accepts"] += "error" not in said
                totals["same_decision"] += ("error" in seen) == ("error" in said)
                if "error" not in seen and "error" not in said:
                    totals["both_priced"] += 1
                    totals["same_price"] += seen == said
                if "error" in seen and "error" in said:
                    totals["both_refused"] += 1
                    totals["same_sentence"] += said["error"].endswith(seen["error"])
    print(json.dumps(totals, indent=1))


def command(cli, lang: str, policy_id: str, case: dict, new: bool) -> dict:
    # the old command had no flag that reads the page's field
    flag = "--length" if new else "--duration" if ":" in case["duration"] else "--minutes"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(typed.fee_argv(lang, policy_id, case, flag))
    if code != 0:
        return {"error": err.getvalue().strip()}
    bill = json.loads(out.getvalue())
    return {"covered": bill["covered"], "reason": bill.get("reason", ""), "total": bill.get("total")}


if __name__ == "__main__":
    main()
