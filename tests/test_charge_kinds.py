"""A kind of charge is Python only: one defined here, registered, loads from YAML and is
priced by the Python calculator and the page's unchanged script alike, to the cent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import pytest

import pagescript
from helpsite.model.charges import (KINDS, Case, ChargeKind, Condition, Line, Rule, When,
                                    register)
from helpsite.model.context import Context
from helpsite.model.model import Desk
from helpsite.model.strings import load_strings
from helpsite.model.types import Amount, FixedDuration
from helpsite.rules.fees import Call, FeeInputError, calculate, price, started
from helpsite.rules.priceplan import browser_json, compile_plan, wall_minute

from conftest import REPO

SCRIPT = (pagescript.ASSETS / "helpsite-fees.js").read_text(encoding="utf-8")
DE = Context(load_strings(REPO), "de")
WEEKEND = When(band="weekend")
VAT = "dänische Mehrwertsteuer (moms), 19\u00a0%"  # the example's label, in German


class MeteredCharge(ChargeKind):
    """A connection fee once a call lasts longer than ``after``, each started minute after
    that at ``per_minute``, and ``weekend`` percent on those minutes at weekends."""

    kind: Literal["metered"]
    after: FixedDuration
    connection: Amount
    per_minute: Amount
    weekend: Amount

    def whens(self):
        yield from super().whens()
        yield ("weekend",), WEEKEND

    def compile(self, text, duration, percent) -> Rule:
        after = self.after.seconds
        longer = Condition(at_least=after + 1)
        return Rule(when=self.when.compiled(), cases=(Case(when=longer, lines=(
            Line(label="Verbindung", price=self.connection),
            Line(label="Minuten", free=after, unit=60, price=self.per_minute),
            Line(label="Wochenende", when=WEEKEND.compiled(), percent=self.weekend, of=(1,)))),))

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        return []


@pytest.fixture(scope="module")
def metered():
    register(MeteredCharge)
    yield Desk.model_validate({
        "name": "Metered", "timezone": "Europe/Berlin",
        "services": {"support": {"purpose": "support",
                                 "hours": [{"days": "mon-fri", "from": "08:00", "to": "18:00"}]}},
        "fees": {"metered": {
            "currency": "EUR", "services": ["support"], "vat": {"rate": 19, "label": "moms"},
            "bands": {"weekend": {"hours": [{"days": "sat,sun", "from": "00:00", "to": "24:00"}]}},
            "charges": [{"kind": "metered", "after": "3 minutes", "connection": Decimal("0.99"),
                         "per_minute": Decimal("0.35"), "weekend": 50}]}}})
    del KINDS["metered"]


TUESDAY, SATURDAY = dt.datetime(2026, 11, 24, 10), dt.datetime(2026, 11, 28, 10)

# Worked by hand: EUR 0.99 once a call passes 3:00, 0.35 per started minute after 3:00,
# 50 % of the minutes on Saturday and Sunday, 19 % VAT on the rounded lines.
WORKED = [
    # 3:00 is not longer than 3:00: nothing (and no calendar fact is asked for).
    (180, None, [(VAT, 1, "0.00")], "0.00"),
    # 3:01 on a Tuesday: 0.99 + 1 started minute 0.35 = 1.34; VAT 0.2546 -> 0.25; 1.59.
    (181, TUESDAY, [("Verbindung", 1, "0.99"), ("Minuten", 1, "0.35"), (VAT, 1, "0.25")],
     "1.59"),
    # 10:30 on a Saturday: 7:30 after 3:00 is 8 started minutes, 2.80; 50 % = 1.40;
    # net 5.19; VAT 0.9861 -> 0.99; 6.18.
    (630, SATURDAY, [("Verbindung", 1, "0.99"), ("Minuten", 8, "2.80"),
                     ("Wochenende", 8, "1.40"), (VAT, 1, "0.99")], "6.18"),
    # 10:00 on a Saturday: 7 minutes, 2.45; 50 % = 1.225 -> 1.23 (half-up, once);
    # net 4.67; VAT 0.8873 -> 0.89; 5.56.
    (600, SATURDAY, [("Verbindung", 1, "0.99"), ("Minuten", 7, "2.45"),
                     ("Wochenende", 7, "1.23"), (VAT, 1, "0.89")], "5.56"),
]


def python_bill(desk: Desk, seconds: int, start) -> dict:
    try:
        bill = calculate(DE, "metered", desk, Call(seconds=seconds, start=start))
    except FeeInputError as error:
        return {"error": str(error)}
    return {"lines": [[line.label, line.quantity, str(bill.decimal(line.amount))]
                      for line in bill.lines], "total": str(bill.decimal(bill.total))}


def page_bills(desk: Desk, calls: list[tuple[int, dt.datetime | None]]) -> list[dict]:
    plan = compile_plan(DE, "metered", desk, desk.fees["metered"], dt.date(2026, 11, 1),
                        dt.date(2026, 12, 31))
    cases = [{"kind": "fee", "plan": "p", "call": {
        "seconds": seconds, "start": None if start is None else wall_minute(start),
        "conditions": [], "rate": None, "callingFrom": None}} for seconds, start in calls]
    return [{key: seen[key] for key in seen if key in ("lines", "total", "error")}
            for seen in pagescript.run(cases, plans={"p": browser_json(plan)})]


def test_a_kind_defined_here_loads_from_yaml(metered):
    charge = metered.fees["metered"].charges[0]
    assert isinstance(charge, MeteredCharge) and charge.per_minute == Decimal("0.35")


def test_a_kind_defined_here_is_priced_alike_by_python_and_the_page(metered):
    page = page_bills(metered, [(seconds, start) for seconds, start, _, _ in WORKED])
    for (seconds, start, lines, total), seen in zip(WORKED, page):
        expected = {"lines": [list(line) for line in lines], "total": total}
        assert (python_bill(metered, seconds, start), seen) == (expected, expected)


def test_a_long_call_without_a_start_is_refused_alike(metered):
    # The weekend line needs the calendar, so the call's start.
    [seen] = page_bills(metered, [(600, None)])
    assert python_bill(metered, 600, None) == seen == {
        "error": DE.text("calculator.need_start")}


def test_the_plan_and_the_script_name_no_kind(metered):
    plan = compile_plan(DE, "metered", metered, metered.fees["metered"])
    assert '"kind"' not in json.dumps(browser_json(plan))
    for kind in ("flat", "block", "hourly", "metered"):
        assert f'"{kind}"' not in SCRIPT and f"{kind}:" not in SCRIPT


def test_an_unregistered_kind_is_named():
    with pytest.raises(ValueError, match="unknown charge kind 'metred'; write kind: and one of "
                                         "flat, block, hourly"):
        Desk.model_validate({"name": "D", "timezone": "Europe/Berlin", "services": {}, "fees": {
            "x": {"currency": "EUR", "services": ["s"], "charges": [{"kind": "metred"}]}}})


def test_a_percentage_is_of_exact_amounts_made_with_the_first_lines_units(metered):
    # "a": 2 started minutes (61 s) at 0.0625 = 0.125 exact, shown 0.13; "b" is not made (its
    # fact does not hold); "c": 50 % of the exact 0.125 + 0 = 0.0625 -> 0.06 (of the shown
    # 0.13 it would be 0.07), counting a's 2 units; "d" the same amount with b's 0 units.
    # No VAT: net = total = 0.25.
    plan = compile_plan(DE, "metered", metered, metered.fees["metered"], dt.date(2026, 11, 1),
                        dt.date(2026, 12, 31))
    plan = plan.model_copy(update={"vat": None, "charges": (Rule(cases=(Case(lines=(
        Line(label="a", unit=60, price=Decimal("0.0625")),
        Line(label="b", when=WEEKEND.compiled(), price=Decimal(1)),
        Line(label="c", percent=Decimal(50), of=(0, 1)),
        Line(label="d", percent=Decimal(50), of=(1, 0)))),)),)})
    bill = price(plan, Call(seconds=61, start=TUESDAY), lambda name: False)
    python = [[line.label, line.quantity, str(bill.decimal(line.amount))] for line in bill.lines]
    [seen] = pagescript.run([{"kind": "fee", "plan": "p", "call": {
        "seconds": 61, "start": wall_minute(TUESDAY), "conditions": [], "rate": None,
        "callingFrom": None}}], plans={"p": browser_json(plan)})
    assert python == seen["lines"] == [["a", 2, "0.13"], ["c", 2, "0.06"], ["d", 0, "0.06"]]
    assert str(bill.decimal(bill.total)) == seen["total"] == "0.25"


@pytest.mark.parametrize("seconds, free, unit, expected", [
    (0, 0, 60, 0), (1, 0, 60, 1), (60, 0, 60, 1), (61, 0, 60, 2),
    (100, 120, 60, 0), (120, 120, 60, 0), (121, 120, 60, 1), (180, 120, 60, 1)])
def test_started_units_after_the_free_allowance(seconds, free, unit, expected):
    assert started(seconds, free, unit) == expected


@pytest.mark.parametrize("line", [
    {"label": "neither"},
    {"label": "both", "price": Decimal(1), "percent": Decimal(5), "of": (0,)},
    {"label": "percent of nothing", "percent": Decimal(5)},
    {"label": "price of a line", "price": Decimal(1), "of": (0,)},
    {"label": "of itself", "percent": Decimal(5), "of": (1,)},
    {"label": "of a later line", "percent": Decimal(5), "of": (2,)},
    {"label": "of no line", "percent": Decimal(5), "of": (-1,)},
])
def test_a_compiled_line_is_priced_one_way_from_earlier_lines(line):
    with pytest.raises(ValueError, match="a line has a price|of earlier lines"):
        Case(lines=(Line(label="first", price=Decimal(1)), Line(**line)))


def test_a_line_of_the_line_before_is_well_formed():
    case = Case(lines=(Line(label="first", price=Decimal(1)),
                       Line(label="second", percent=Decimal(5), of=(0,))))
    assert case.lines[1].of == (0,)
