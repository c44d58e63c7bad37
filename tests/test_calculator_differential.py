"""The page's calculator (helpsite-fees.js, in node) against ``helpsite fee`` on generated
typed input in every language of the example: the same accept or refuse decision, the same
sentence when refused, the same price to the cent."""

from __future__ import annotations

import functools
import json
import random

import pytest

import pagescript
import typed
from helpsite.cli import main as cli
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.rules.priceplan import browser_json, compile_plan
from helpsite.rules.schedule import build_date, horizon
from helpsite.model.strings import load_strings

from conftest import REPO

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
        patch.setattr(cli, "load_data", lambda root: DATA)
        patch.setattr(cli, "load_strings", lambda root: STRINGS)
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
