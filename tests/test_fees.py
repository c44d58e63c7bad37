"""The fee calculator, against amounts worked out by hand; the issue's fee drifts pinned."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from helpsite.cli.main import main
from helpsite.model.context import Context
from helpsite.rules.fees import Call, FeeInputError, calculate
from helpsite.model.load import load_data
from helpsite.rules.priceplan import browser_json, compile_plan, wall_minute
from helpsite.model.strings import load_strings

import pagescript
from conftest import REPO

DATA, STRINGS = load_data(REPO), load_strings(REPO)
ONOFFICE, ONEOFFICE = DATA.desks["onoffice"], DATA.desks["oneoffice"]
DA = Context(STRINGS, "da")


def bill(desk, policy: str, seconds=0, critical=False, **call):
    return calculate(DA, policy, desk, Call(
        seconds=seconds, conditions=frozenset({"critical"} if critical else ()), **call))


def amounts(result) -> list[Decimal]:
    return [result.decimal(line.amount) for line in result.lines]


@pytest.mark.parametrize("seconds, expected", [
    (0, "0.00"), (299, "5.95"), (300, "5.95"), (301, "11.90"), (720, "17.85"), (3600, "71.40")])
def test_started_five_minute_blocks(seconds, expected):
    result = bill(ONOFFICE, "onoffice-emergency", seconds)
    assert result.decimal(result.total) == Decimal(expected)


def test_a_call_not_covered_has_no_lines_and_costs_nothing():
    result = bill(ONOFFICE, "onoffice-emergency", 180, calling_from="ES")  # DE, AT, CH only
    assert (result.covered, result.lines, result.net, result.vat, result.total) == (
        False, (), 0, 0, 0)


MONDAY_22, TUESDAY_10 = dt.datetime(2026, 11, 23, 22, 0), dt.datetime(2026, 11, 24, 10, 0)


def test_non_critical_call_outside_office_hours_pays_the_start_fee_plus_moms():
    assert amounts(bill(ONEOFFICE, "oneoffice-on-call", start=MONDAY_22)) == [
        Decimal("1000.00"), Decimal("250.00")]


def test_hourly_rate_per_started_quarter_with_surcharge_outside_office_hours():
    # 40 min -> 3 quarters x 900/4 = 675; +100 % = 675; moms 25 % of 1350 = 337.50
    result = bill(ONEOFFICE, "oneoffice-on-call", 2400, True,
                  start=dt.datetime(2026, 11, 24, 20, 0), hourly_rate=Fraction(900))
    assert amounts(result) == [Decimal("675.00"), Decimal("675.00"), Decimal("337.50")]


@pytest.mark.parametrize("seconds, expected", [(899, "0.00"), (900, "281.25")])
def test_tasks_under_15_minutes_inside_office_hours_are_included(seconds, expected):
    result = bill(ONEOFFICE, "oneoffice-on-call", seconds, True, start=TUESDAY_10,
                  hourly_rate=Fraction(900))
    assert result.decimal(result.total) == Decimal(expected)


def test_rounding_is_half_up_on_each_line_and_on_vat():
    # 1 quarter x 333.33 / 4 = 83.3325 -> 83.33, twice; net 166.66; moms 41.665 -> 41.67
    result = bill(ONEOFFICE, "oneoffice-on-call", 600, True, start=dt.datetime(2026, 11, 24, 20),
                  hourly_rate=Fraction("333.33"))
    assert amounts(result) == [Decimal("83.33"), Decimal("83.33"), Decimal("41.67")]
    assert result.decimal(result.total) == Decimal("208.33")


def test_calls_that_cannot_be_priced_say_what_is_missing():
    with pytest.raises(FeeInputError, match="Angiv, hvornår opkaldet begynder"):
        bill(ONEOFFICE, "oneoffice-on-call")
    with pytest.raises(FeeInputError, match="Indtast timeprisen"):
        bill(ONEOFFICE, "oneoffice-on-call", 1800, True, start=MONDAY_22)


# --- the "must show", through `helpsite fee --format json` -----------------------

def fee_json(capsys, root, *args) -> dict:
    code = main(["fee", "--root", str(root), "--format", "json", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_ticket_fee_urgent_surcharge_quarter_hours_and_vat(capsys, rulebook):
    # 15 + 120 + 2 started quarters x 36 = 207.00; 19 % = 39.33; 246.33
    result = fee_json(capsys, rulebook, "ticket", "--duration", "25:00", "--condition", "urgent")
    assert [line["amount"] for line in result["lines"]] == ["15.00", "120.00", "72.00", "39.33"]
    assert (result["net"], result["vat"], result["total"]) == ("207.00", "39.33", "246.33")


def test_first_20_minutes_free_then_started_quarter_hours(capsys, rulebook):
    # 45 - 20 = 25 min -> 2 quarters x 150 = 300.00
    result = fee_json(capsys, rulebook, "quarter-hours", "--minutes", "45")
    assert (result["currency"], result["net"], result["total"]) == ("DKK", "300.00", "300.00")


def test_outside_office_hours_per_started_hour(capsys, rulebook):
    # Sunday 29 November 2026, 61 min -> 2 started hours x 300 = 600.00
    result = fee_json(capsys, rulebook, "after-hours", "--at", "2026-11-29T10:00",
                      "--minutes", "61")
    assert (result["currency"], result["total"]) == ("CHF", "600.00")
    wednesday = fee_json(capsys, rulebook, "after-hours", "--at", "2026-11-25T09:00",
                         "--minutes", "61", "--lang", "de")
    assert wednesday == {"policy": "after-hours", "currency": "CHF", "covered": False,
                         "reason": "Dieser Tarif gilt nicht für diesen Anruf."}


def test_christmas_is_outside_office_hours(capsys, rulebook):
    # Friday 25 December 2026 10:00 is a public holiday in NRW: the support is closed.
    result = fee_json(capsys, rulebook, "after-hours", "--at", "2026-12-25T10:00",
                      "--minutes", "30")
    assert result["total"] == "300.00"


def test_percent_surcharge_on_the_agreed_rate_in_ten_minute_steps(capsys, rulebook):
    # 25 min -> 3 steps x 120/6 = 60; +150 % = 90; 150.00
    result = fee_json(capsys, rulebook, "agreement", "--hourly-rate", "120", "--minutes", "25",
                      "--at", "2026-11-25T20:00")
    assert [line["amount"] for line in result["lines"]] == ["60.00", "90.00"]
    assert result["total"] == "150.00"


def test_bands_minimum_and_vat_with_decimals_in_kwd(capsys, rulebook):
    # Monday 19:00 evening band: 10 min x 40.5/60 = 6.750; +50 % = 3.375; net 10.125 is the
    # minimum exactly (no top-up); 8.1 % = 0.820125 -> 0.820; total 10.945
    result = fee_json(capsys, rulebook, "bands", "--minutes", "10", "--at", "2026-11-23T19:00")
    assert [line["amount"] for line in result["lines"]] == ["6.750", "3.375", "0.820"]
    assert result["total"] == "10.945"
    # Christmas Day is a holiday: +100 %; 5 min: 3.375 + 3.375 = 6.750 -> top-up 3.375
    result = fee_json(capsys, rulebook, "bands", "--minutes", "5", "--at", "2026-12-25T10:00")
    assert [line["amount"] for line in result["lines"]] == ["3.375", "3.375", "3.375", "0.820"]


@pytest.mark.parametrize("length, lines, total", [
    # No call: no lines, so nothing to top up; VAT 0.000.
    ("0:00:00", [(1, "0.000")], "0.000"),
    # One second, Tuesday 10:00 (no band): 1 started minute x 40.5/60 = 0.675; top-up to
    # the minimum 10.125 - 0.675 = 9.450; 8.1 % of 10.125 = 0.820; 10.945.
    ("0:00:01", [(1, "0.675"), (1, "9.450"), (1, "0.820")], "10.945"),
])
def test_the_minimum_tops_up_any_call_but_no_call(capsys, rulebook, length, lines, total):
    result = fee_json(capsys, rulebook, "bands", "--duration", length, "--at", "2026-11-24T10:00")
    assert ([(line["quantity"], line["amount"]) for line in result["lines"]],
            result["total"]) == (lines, total)


def test_each_line_is_labelled_and_counted_in_the_language(capsys, rulebook):
    # A band's surcharge names the band, an office-hours one says so; both count the
    # increments of the working time they are a percentage of.
    result = fee_json(capsys, rulebook, "bands", "--minutes", "10", "--at", "2026-11-23T19:00",
                      "--lang", "en")
    assert [(line["label"], line["quantity"]) for line in result["lines"]] == [
        ("Working time per 1 minute or part thereof", 10), ("Surcharge in the evening (50%)", 10),
        ("VAT, 8.1%", 1)]
    result = fee_json(capsys, rulebook, "agreement", "--hourly-rate", "120", "--minutes", "25",
                      "--at", "2026-11-25T20:00", "--lang", "en")
    assert [(line["label"], line["quantity"]) for line in result["lines"]] == [
        ("Working time per 10 minutes or part thereof", 3), ("Surcharge outside office hours (150%)", 3)]


def test_a_worked_example_is_a_call_with_its_rate_if_it_has_one():
    from helpsite.rules.fees import example_call

    with_rate, without = ONEOFFICE.fees["oneoffice-on-call"].examples[2], \
        ONOFFICE.fees["onoffice-emergency"].examples[0]
    assert example_call(with_rate) == Call(  # 40 minutes on Tuesday 20:00, critical, 900.00
        seconds=2400, start=dt.datetime(2026, 11, 24, 20), conditions=frozenset({"critical"}),
        hourly_rate=Fraction(900))
    assert example_call(without) == Call(seconds=270)  # 4.5 minutes


def test_percent_is_shown_as_given(capsys, rulebook):
    code = main(["fee", "--root", str(rulebook), "bands", "--minutes", "1", "--lang", "de",
                 "--at", "2026-11-24T10:00"])
    assert code == 0 and "8,1\u00a0%" in capsys.readouterr().out


def test_a_missing_label_is_one_line_and_exit_2(capsys, rulebook, tmp_path):
    import shutil
    broken = shutil.copytree(rulebook, tmp_path / "broken")
    desk = broken / "data" / "desks" / "berlin.yaml"
    desk.write_text(desk.read_text().replace("label: ticket-fee", "label: ticket-fees"))
    assert main(["fee", "--root", str(broken), "ticket", "--minutes", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "calculator.labels.ticket-fees" in err


# --- the drifts of issue 11, each priced by the CLI and by the page's script -------------

def page_bill(root, policy: str, call: dict, lang: str = "de") -> dict:
    data, strings = load_data(root), load_strings(root)
    desk_id, desk, fee = data.fee_policies()[policy]
    plan = compile_plan(Context(strings, lang), policy, desk, fee, dt.date(2026, 10, 1),
                        dt.date(2027, 12, 31))
    full = {"seconds": 0, "start": None, "conditions": [], "rate": None, "callingFrom": None,
            **call}
    [result] = pagescript.run([{"kind": "fee", "plan": "p", "call": full}],
                              plans={"p": browser_json(plan)})
    return result


def test_drift_ten_second_blocks_bill_7_for_1_10(capsys, rulebook):
    # 70 s in 10-second blocks: 7 blocks x 99.5 = 696.5 -> 697 JPY (no minor unit)
    result = fee_json(capsys, rulebook, "yen", "--duration", "1:10")
    assert result["lines"][0]["quantity"] == 7 and result["lines"][0]["amount"] == "697"
    assert page_bill(rulebook, "yen", {"seconds": 70})["lines"][0][1:] == [7, "697"]


def test_drift_jpy_prices_and_formats_without_decimals(capsys, rulebook):
    # 697 + 10 % = 69.7 -> 70; 767
    assert fee_json(capsys, rulebook, "yen", "--duration", "1:10")["total"] == "767"
    page = page_bill(rulebook, "yen", {"seconds": 70})
    assert (page["total"], page["formatted"]) == ("767", "767\u00a0¥")


def test_drift_kwd_formats_with_three_decimals(rulebook):
    page = page_bill(rulebook, "bands", {"seconds": 600, "start": wall_minute(
        dt.datetime(2026, 11, 23, 19, 0))})
    assert page["formatted"] == "10,945\u00a0KWD"


def test_drift_dst_gap_is_refused_by_cli_and_page_alike(capsys, rulebook):
    message = "Diese Uhrzeit gibt es an diesem Tag nicht (Zeitumstellung)."
    assert main(["fee", "--root", str(rulebook), "agreement", "--at", "2027-03-28T02:30",
                 "--minutes", "5", "--hourly-rate", "100", "--lang", "de"]) == 2
    assert message in capsys.readouterr().err
    assert page_bill(rulebook, "agreement", {"seconds": 300, "rate": "100", "start": wall_minute(
        dt.datetime(2027, 3, 28, 2, 30))}) == {"error": message}


def test_drift_call_from_outside_calls_from_is_not_covered_in_cli_and_page(capsys):
    result = fee_json(capsys, REPO, "onoffice-emergency", "--minutes", "3",
                      "--calling-from", "ES", "--lang", "de")
    assert result["covered"] is False
    page = page_bill(REPO, "onoffice-emergency", {"seconds": 180, "callingFrom": "ES"})
    assert (page["covered"], page["reason"]) == (False, result["reason"])


def test_published_schema_is_the_price_plans():
    from helpsite.rules.priceplan import json_schema

    published = json.loads((REPO / "schema" / "priceplan.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(), "out of date: run helpsite schema"


def test_a_condition_is_true_or_false_and_declared(tmp_path, rulebook):
    import shutil

    from helpsite.errors import SourceError

    broken = shutil.copytree(rulebook, tmp_path / "broken")
    desk = broken / "data" / "desks" / "berlin.yaml"
    desk.write_text(desk.read_text().replace("when: {urgent: true}", "when: {urgnet: true}"))
    with pytest.raises(SourceError, match="condition 'urgnet' is not declared"):
        load_data(broken)
    desk.write_text(desk.read_text().replace("when: {urgnet: true}", "when: {urgent: yes}"))
    with pytest.raises(SourceError, match=r"berlin.yaml:\d+:\d+: 'yes' is not true or false; write true"):
        load_data(broken)


def test_helpsite_check_finds_a_missing_fee_label(capsys, rulebook, tmp_path):
    import shutil

    broken = shutil.copytree(rulebook, tmp_path / "broken")
    (broken / "docs" / "de" / "index.md").write_text("# Nothing priced here\n")
    for lang in ("it", "es", "da", "en", "fr"):
        (broken / "docs" / lang / "index.md").write_text("# -\n")
    desk = broken / "data" / "desks" / "copenhagen.yaml"
    desk.write_text(desk.read_text().replace("label: ust}", "label: mva}"))
    assert main(["check", "--root", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "data/desks/copenhagen.yaml:" in out and "'fees.vat_labels.mva' is missing" in out
    assert out.count("fee label") == 6  # once per language, all in one run
    # Each in the strings file that lacks it, by key path, with a block to paste there.
    assert re.search(r"^data/i18n/da\.yaml:\d+:\d+: \[da\] fee label string "
                     r"'fees\.vat_labels\.mva' is missing \(source: fee policy [\w-]+ at "
                     r"data/desks/copenhagen\.yaml:\d+:\d+\); add it \(the YAML block below\)$",
                     out, re.MULTILINE)
    assert ("add to data/i18n/da.yaml (merge with the keys it has):\n    fees:\n"
            "      vat_labels:\n        mva: \"\"  # write the text\n") in out
    assert "is missing in data/i18n/da.yaml is missing" not in out  # the old wording


def test_fee_prices_without_rendering_pages(capsys, rulebook, tmp_path):
    import shutil

    broken = shutil.copytree(rulebook, tmp_path / "broken")
    (broken / "docs" / "de" / "index.md").write_text("{{ desks.nowhere.name }}\n")
    result = fee_json(capsys, broken, "quarter-hours", "--minutes", "45")
    assert result["total"] == "300.00"
