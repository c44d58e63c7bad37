"""The fee calculator, against amounts worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from helpsite.fees import Call, FeeInputError, calculate
from helpsite.model import Desk, load_data

from conftest import REPO

DATA = load_data(REPO)
ONOFFICE = DATA.desks["onoffice"]
ONEOFFICE = DATA.desks["oneoffice"]


def total(desk: Desk, policy: str, **call) -> Decimal:
    return calculate(policy, desk, Call(**call)).total


def lines(desk: Desk, policy: str, **call) -> list[tuple[str, Decimal]]:
    return [(line.label, line.amount) for line in calculate(policy, desk, Call(**call)).lines]


@pytest.mark.parametrize("minutes, expected", [
    ("0", "0.00"),                    # no call, no block
    (str(Decimal(4 * 60 + 59) / 60), "5.95"),   # 4:59
    ("5", "5.95"),                    # 5:00 is exactly one block
    (str(Decimal(5 * 60 + 1) / 60), "11.90"),   # 5:01 starts a second block
    ("12", "17.85"),                  # 3 blocks
    ("60", "71.40"),                  # 12 blocks
])
def test_started_five_minute_blocks(minutes, expected):
    assert total(ONOFFICE, "onoffice-emergency", minutes=Decimal(minutes)) == Decimal(expected)


def test_block_line_is_itemised_with_quantity_and_unit_price():
    [line] = calculate("onoffice-emergency", ONOFFICE, Call(minutes=Decimal(12))).lines
    assert (line.quantity, line.unit_price, line.amount) == (3, Decimal("5.95"), Decimal("17.85"))


def test_block_rule_is_for_calls_from_de_at_ch():
    assert total(ONOFFICE, "onoffice-emergency", minutes=Decimal(1), calling_from="AT") == Decimal("5.95")
    with pytest.raises(FeeInputError, match="applies only to calls from DE, AT, CH"):
        calculate("onoffice-emergency", ONOFFICE, Call(minutes=Decimal(1), calling_from="ES"))


MONDAY_22 = dt.datetime(2026, 11, 23, 22, 0)
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0)


def test_non_critical_call_outside_office_hours_pays_the_start_fee_plus_moms():
    assert lines(ONEOFFICE, "oneoffice-on-call", start=MONDAY_22, critical=False) == [
        ("calculator.labels.start-fee", Decimal("1000.00")), ("calculator.vat", Decimal("250.00"))]
    assert total(ONEOFFICE, "oneoffice-on-call", start=MONDAY_22, critical=False) == Decimal("1250.00")


def test_critical_call_has_no_start_fee():
    assert total(ONEOFFICE, "oneoffice-on-call", start=MONDAY_22, critical=True) == Decimal("0.00")


def test_non_critical_call_inside_office_hours_has_no_start_fee():
    assert total(ONEOFFICE, "oneoffice-on-call", start=TUESDAY_10, critical=False) == Decimal("0.00")


def test_hourly_rate_per_started_quarter_with_surcharge_outside_office_hours():
    # 40 min -> 3 quarters x 900/4 = 675; +100 % = 675; net 1350; moms 25 % = 337.50
    assert lines(ONEOFFICE, "oneoffice-on-call", start=dt.datetime(2026, 11, 24, 20, 0),
                 critical=True, minutes=Decimal(40), hourly_rate=Decimal(900)) == [
        ("calculator.hourly", Decimal("675.00")), ("calculator.surcharge", Decimal("675.00")),
        ("calculator.vat", Decimal("337.50"))]


def test_hourly_rate_inside_office_hours_has_no_surcharge():
    # 20 min -> 2 quarters x 225 = 450; moms 112.50
    assert total(ONEOFFICE, "oneoffice-on-call", start=TUESDAY_10, critical=True,
                 minutes=Decimal(20), hourly_rate=Decimal(900)) == Decimal("562.50")


@pytest.mark.parametrize("minutes, expected", [("14.99", "0.00"), ("15", "281.25")])
def test_tasks_under_15_minutes_inside_office_hours_are_included(minutes, expected):
    # 15 min is not "under 15": one quarter, 225 + 56.25 moms
    assert total(ONEOFFICE, "oneoffice-on-call", start=TUESDAY_10, critical=True,
                 minutes=Decimal(minutes), hourly_rate=Decimal(900)) == Decimal(expected)


def test_short_task_outside_office_hours_is_not_included():
    # 10 min at 20:00: 1 quarter 225 + 100 % 225 = 450; moms 112.50
    assert total(ONEOFFICE, "oneoffice-on-call", start=dt.datetime(2026, 11, 24, 20, 0),
                 critical=True, minutes=Decimal(10), hourly_rate=Decimal(900)) == Decimal("562.50")


@pytest.mark.parametrize("start, expected", [
    (dt.datetime(2026, 11, 27, 14, 59), "0.00"),      # Friday, office open until 15:00
    (dt.datetime(2026, 11, 27, 15, 0), "1250.00"),    # Friday 15:00: closed, start fee
    (dt.datetime(2026, 11, 26, 15, 59), "0.00"),      # Thursday, open until 16:00
    (dt.datetime(2026, 11, 26, 16, 0), "1250.00"),
    (dt.datetime(2026, 11, 26, 7, 59), "1250.00"),    # before 08:00
])
def test_office_hour_edges_in_copenhagen(start, expected):
    assert total(ONEOFFICE, "oneoffice-on-call", start=start, critical=False) == Decimal(expected)


def test_dst_change_days():
    # 2026-03-29 (Sunday): 02:00-03:00 does not exist in Copenhagen.
    with pytest.raises(FeeInputError, match="does not exist in Europe/Copenhagen"):
        calculate("oneoffice-on-call", ONEOFFICE,
                  Call(start=dt.datetime(2026, 3, 29, 2, 30), critical=False))
    # 2026-10-25 (Sunday): 02:30 happens twice; both are outside office hours.
    assert total(ONEOFFICE, "oneoffice-on-call", start=dt.datetime(2026, 10, 25, 2, 30),
                 critical=False) == Decimal("1250.00")
    # The Monday after each change is decided on the wall clock like any other day.
    assert total(ONEOFFICE, "oneoffice-on-call", start=dt.datetime(2026, 3, 30, 8, 0),
                 critical=False) == Decimal("0.00")


def test_rounding_is_half_up_on_each_line_and_on_vat():
    # 1 quarter x 333.33 / 4 = 83.3325 -> 83.33; surcharge 83.33; net 166.66;
    # moms 41.665 -> 41.67 (half-up); total 208.33
    result = calculate("oneoffice-on-call", ONEOFFICE, Call(
        start=dt.datetime(2026, 11, 24, 20, 0), critical=True, minutes=Decimal(10),
        hourly_rate=Decimal("333.33")))
    assert [line.amount for line in result.lines] == [
        Decimal("83.33"), Decimal("83.33"), Decimal("41.67")]
    assert (result.net, result.vat, result.total) == (
        Decimal("166.66"), Decimal("41.67"), Decimal("208.33"))


def test_exact_half_cent_rounds_up():
    # 1 quarter x 0.02 / 4 = 0.005 -> 0.01
    result = calculate("oneoffice-on-call", ONEOFFICE, Call(
        start=TUESDAY_10, critical=True, minutes=Decimal(20), hourly_rate=Decimal("0.01")))
    assert result.lines[0].amount == Decimal("0.01")  # 2 x 0.0025 = 0.005 -> 0.01


@pytest.mark.parametrize("call, message", [
    (Call(minutes=Decimal(-1)), "minutes cannot be negative"),
    (Call(start=MONDAY_22), "say --critical or --non-critical"),
    (Call(critical=False), "give the start time"),
    (Call(start=MONDAY_22, critical=True, minutes=Decimal(30)), "give it with --hourly-rate"),
])
def test_calls_that_cannot_be_priced(call, message):
    with pytest.raises(FeeInputError, match=message):
        calculate("oneoffice-on-call", ONEOFFICE, call)


def test_every_amount_keeps_its_currency():
    result = calculate("oneoffice-on-call", ONEOFFICE, Call(start=MONDAY_22, critical=False))
    assert result.currency == "DKK"
    assert all(line.amount.as_tuple().exponent == -2 for line in result.lines)
