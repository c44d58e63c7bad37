"""The page's calculator (helpsite-fees.js, in node) against ``helpsite fee`` on generated
typed input in every language of the example: the same accept or refuse decision, the same
sentence when refused, the same price to the cent. And generated compiled rules (the generic
form every charge kind compiles to) through Python's evaluator and the script's."""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from decimal import Decimal
from fractions import Fraction

import pytest

import pagescript
import typed
from helpsite.cli import main as cli
from helpsite.cli.commands import fee as fee_command
from helpsite.model.context import Context
from helpsite.model.charges import Case, Condition, Line, Rule
from helpsite.model.load import load_data
from helpsite.rules.fees import Call
from helpsite.rules.priceplan import browser_json, compile_plan, wall_minute
from helpsite.rules.schedule import build_date, horizon
from helpsite.model.strings import load_strings

from conftest import REPO
from test_fee_properties import python_result

LANGUAGES = ["de", "it", "es", "da", "en", "fr"]
CASES = 60  # per language and policy
DATA, STRINGS = load_data(REPO), load_strings(REPO)


@functools.lru_cache(maxsize=None)
def plan(lang: str, policy_id: str):
    _, desk, policy = DATA.fee_policies()[policy_id]
    return compile_plan(Context(STRINGS, lang), policy_id, desk, policy, *horizon(build_date()))


def generated(lang: str, policy_id: str) -> list[dict]:
    rng = random.Random(f"{lang}/{policy_id}")
    _, _, policy = DATA.fee_policies()[policy_id]
    return [typed.form(rng, lang, plan(lang, policy_id), policy, *horizon(build_date()))
            for _ in range(CASES)]


def page(lang: str, policy_id: str, cases: list[dict]) -> list[dict]:
    return pagescript.run([{"kind": "typed", "plan": "p", "typed": case} for case in cases],
                          plans={"p": browser_json(plan(lang, policy_id))})


def command(capsys, lang: str, policy_id: str, case: dict) -> dict:
    """The same call typed into ``helpsite fee``: the page's fields as its flags."""
    code = cli.main(typed.fee_argv(lang, policy_id, case))
    out, err = capsys.readouterr()
    if code == 2:
        assert err.startswith("helpsite fee: ") and err.count("\n") == 1, err
        return {"error": err.rstrip("\n")}
    assert code == 0, err
    bill = json.loads(out)
    return {"covered": bill["covered"], "reason": bill.get("reason", ""),
            "total": bill.get("total")}


@pytest.fixture(scope="module", autouse=True)
def loaded_once():
    """Each command loads the project; loaded once here, so 720 commands take seconds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fee_command, "load_data", lambda root: DATA)
        patch.setattr(fee_command, "load_strings", lambda root: STRINGS)
        yield


@pytest.mark.parametrize("policy_id", ["onoffice-emergency", "oneoffice-on-call"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_and_command_agree_on_typed_input(capsys, lang, policy_id):
    cases = generated(lang, policy_id)
    disagreements, refused = [], 0
    for case, seen in zip(cases, page(lang, policy_id, cases)):
        said = command(capsys, lang, policy_id, case)
        if "error" in seen:
            refused += 1
            # the command: "helpsite fee: --at '…': SENTENCE" or "helpsite fee: SENTENCE"
            agree = "error" in said and said["error"].endswith(seen["error"])
        else:
            agree = said == {"covered": seen["covered"], "reason": seen["reason"],
                             "total": seen["total"] if seen["covered"] else None}
        if not agree:
            disagreements.append((case, seen, said))
    assert disagreements == []
    assert 0 < refused < len(cases)  # both decisions were exercised


def typed_call(duration: str, start: str = "", rate: str = "", conditions=(),
               calling_from=None) -> dict:
    return {"duration": duration, "start": start, "rate": rate, "conditions": list(conditions),
            "callingFrom": calling_from}


# Worked by hand. The emergency line: 5.95 EUR per started 5 minutes. On call: the agreed
# rate per started 15 minutes, 100 % on top outside office hours (Mon-Fri 8-16) when the
# call is critical, 25 % Danish VAT. 40 minutes at 1,000.00 kr. on Monday 23 November
# 2026 at 22:00: 3 quarters = 750.00 + 750.00 surcharge, + 375.00 VAT = 1,875.00.
WORKED = [
    ("de", "onoffice-emergency", typed_call("4,5"), "5.95"),  # one started block
    ("it", "onoffice-emergency", typed_call("1:05"), "77.35"),  # 65 minutes: 13 blocks
    ("fr", "onoffice-emergency", typed_call("0:05:01", calling_from="AT"), "11.90"),
    ("en", "onoffice-emergency", typed_call("1,200"), "1428.00"),  # 240 blocks
    ("da", "oneoffice-on-call", typed_call("40", "23.11.2026 22:00", "1.000,00", ["critical"]),
     "1875.00"),
    ("da", "oneoffice-on-call", typed_call("40", "23.11.26 22.00", "1000", ["critical"]), "1875.00"),
    ("en", "oneoffice-on-call", typed_call("40", "11/23/2026 10:00 pm", "1,000.00", ["critical"]),
     "1875.00"),
    ("en", "oneoffice-on-call", typed_call("0:40", "11/23/2026 22:00", "1000", ["critical"]),
     "1875.00"),
    ("es", "oneoffice-on-call", typed_call("40", "23/11/2026, 10:00 p. m.", "1.000,00",
                                          ["critical"]), "1875.00"),
    # Inside office hours (Tuesday 10:00), not critical: 20 minutes (not under 15, so not
    # included), two quarters at 900.00 = 450.00 + 112.50 VAT.
    ("fr", "oneoffice-on-call", typed_call("20", "24/11/2026 10:00", "900,00"), "562.50"),
]


@pytest.mark.parametrize("lang, policy_id, case, total", WORKED)
def test_worked_cases_are_priced_alike(capsys, lang, policy_id, case, total):
    [seen] = page(lang, policy_id, [case])
    assert (seen["total"], command(capsys, lang, policy_id, case)["total"]) == (total, total)


# --- the compiled form itself: generated rules through fees.price and the script -------------

RULE_PLANS, RULE_CALLS = 40, 15


def condition(rng: random.Random) -> Condition:
    return Condition(at_least=rng.choice([0, 0, 60, 181]),
                     under=rng.choice([None, None, 900, 3600]),
                     conditions=rng.choice([{}, {}, {"critical": True}, {"critical": False}]),
                     calendar=rng.choice([{}, {}, {"office_hours": True}, {"office_hours": False}]))


def line(rng: random.Random, index: int) -> Line:
    when = condition(rng) if rng.random() < 0.3 else Condition()
    if index and rng.random() < 0.4:
        return Line(label=f"l{index}", when=when,
                    percent=Decimal(rng.choice(["50", "8.1", "12.5"])),
                    of=tuple(sorted(rng.sample(range(index), rng.randint(1, index)))))
    return Line(label=f"l{index}", when=when, free=rng.choice([0, 0, 120]),
                unit=rng.choice([None, 60, 300, 900]),
                price=rng.choice(["agreed_rate", Decimal(rng.randint(0, 99999)) / 100]),
                factor=rng.choice([(1, 1), (900, 3600), (1, 3)]))


def rules(rng: random.Random) -> tuple[Rule, ...]:
    return tuple(Rule(when=condition(rng) if rng.random() < 0.3 else Condition(), cases=tuple(
        Case(when=condition(rng), lines=tuple(line(rng, i) for i in range(rng.randint(0, 3))))
        for _ in range(rng.randint(1, 3)))) for _ in range(rng.randint(1, 3)))


def rule_call(rng: random.Random, first: dt.date, last: dt.date) -> Call:
    start = None if rng.random() < 0.2 else dt.datetime.combine(first, dt.time()) + dt.timedelta(
        minutes=rng.randrange(int((last - first).total_seconds()) // 60))
    return Call(seconds=rng.choice([0, 60, 180, 181, 899, 900, rng.randint(0, 20000)]), start=start,
                conditions=frozenset(rng.choice([(), ("critical",)])),
                hourly_rate=None if rng.random() < 0.2 else Fraction(rng.randint(0, 200000), 100))


def test_generated_compiled_rules_are_priced_alike():
    """Rules no kind makes (percentages of several lines, factors, lengths, cases), with the
    on-call policy's calendar, VAT and conditions: the same lines, refusals and totals."""
    rng = random.Random("compiled rules")
    _, desk, policy = DATA.fee_policies()["oneoffice-on-call"]
    first, last = horizon(build_date())
    base = plan("da", "oneoffice-on-call")
    plans, cases, expected = {}, [], []
    for number in range(RULE_PLANS):
        generated = base.model_copy(update={"charges": rules(rng), "when": rng.choice(
            [Condition(), Condition(), Condition(calendar={"office_hours": False})])})
        plans[str(number)] = browser_json(generated)
        for _ in range(RULE_CALLS):
            call = rule_call(rng, first, last)
            cases.append({"kind": "fee", "plan": str(number), "call": {
                "seconds": call.seconds, "conditions": sorted(call.conditions), "callingFrom": None,
                "start": None if call.start is None else wall_minute(call.start),
                "rate": None if call.hourly_rate is None else str(Decimal(
                    call.hourly_rate.numerator) / call.hourly_rate.denominator)}})
            expected.append(python_result(generated, desk, policy, call))
    seen = pagescript.run(cases, plans=plans)
    for result in seen:
        result.pop("formatted", None)
    assert [i for i, (a, b) in enumerate(zip(seen, expected)) if a != b] == []
    priced = [result for result in expected if "error" not in result and result["covered"]]
    assert len(priced) > RULE_PLANS * RULE_CALLS // 3 and any(  # both ways were exercised
        "error" in result for result in expected)
