"""The fee calculator: what a call costs under a desk's fee policy, exactly.

Decimal arithmetic only. Rounding happens at one point: each line's amount is rounded
half-up to the currency's minor unit when the line is made. The net is the sum of those
lines, VAT is computed on that net (and rounded the same way), and the total is net plus
VAT, so the printed lines always add up to the printed total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision

from .model import Desk, FeePolicy, HourlyCharge, When

HUNDRED = Decimal(100)


class FeeInputError(ValueError):
    """The call cannot be priced as given (a missing rate, an impossible time, ...)."""


@dataclass(frozen=True)
class Call:
    minutes: Decimal = Decimal(0)
    start: dt.datetime | None = None  # wall-clock time at the desk, without a zone
    critical: bool | None = None
    hourly_rate: Decimal | None = None
    calling_from: str | None = None


@dataclass(frozen=True)
class FeeLine:
    """One item of the bill. ``label`` is a strings key; ``label_values`` fill it in."""

    label: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    label_values: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class FeeResult:
    policy: str
    currency: str
    lines: tuple[FeeLine, ...]
    net: Decimal
    vat: Decimal
    total: Decimal


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Half-up to the currency's minor unit (two places for EUR and DKK)."""
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)), ROUND_HALF_UP)


def started_units(minutes: Decimal, unit_minutes: Decimal) -> Decimal:
    """Started blocks: 5:00 is one block of 5 minutes, 5:01 is two, 0:00 is none."""
    return (minutes / unit_minutes).to_integral_value(ROUND_CEILING)


def _local_start(call: Call, desk: Desk) -> dt.datetime:
    """The call's start at the desk; a wall-clock time skipped by a DST change is refused."""
    if call.start is None:
        raise FeeInputError("this policy depends on office hours: give the start time (--at)")
    zone = ZoneInfo(desk.timezone)
    aware = call.start.replace(tzinfo=zone)
    round_trip = aware.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    if round_trip != call.start:
        raise FeeInputError(f"{call.start:%Y-%m-%d %H:%M} does not exist in {desk.timezone} "
                            "(the clocks skip it for daylight saving time)")
    return call.start


def inside_office_hours(call: Call, desk: Desk, policy: FeePolicy) -> bool:
    start = _local_start(call, desk)
    service = desk.services[policy.office_hours]
    return any(window.covers(start.weekday(), start.hour * 60 + start.minute)
               for window in service.hours)


def _applies(when: When, call: Call, desk: Desk, policy: FeePolicy) -> bool:
    if when.critical is not None:
        if call.critical is None:
            raise FeeInputError("this policy depends on whether the call is critical: "
                                "say --critical or --non-critical")
        if call.critical != when.critical:
            return False
    if when.office_hours is not None:
        inside = inside_office_hours(call, desk, policy)
        if inside != (when.office_hours == "inside"):
            return False
    return True


def _hourly_lines(charge: HourlyCharge, call: Call, desk: Desk, policy: FeePolicy,
                  currency: str) -> list[FeeLine]:
    if call.minutes == 0:
        return []
    increment = charge.increment.minutes
    included = charge.included_inside_office_hours
    if included is not None and call.minutes < included.minutes \
            and inside_office_hours(call, desk, policy):
        return [FeeLine("calculator.included", Decimal(1), Decimal(0), round_money(Decimal(0), currency),
                        {"duration": included})]
    rate = charge.rate if charge.rate != "agreement" else call.hourly_rate
    if rate is None:
        raise FeeInputError("this policy bills the hourly rate of your agreement: "
                            "give it with --hourly-rate")
    increments = started_units(call.minutes, increment)
    # Multiply first and divide once, so a result that lands exactly on half a cent is
    # exact before it is rounded (the page's script computes with exact fractions).
    work = increments * rate * increment / 60
    lines = [FeeLine("calculator.hourly", increments, rate * increment / 60,
                     round_money(work, currency), {"increment": charge.increment})]
    percent = charge.surcharge_outside_office_hours
    if percent and not inside_office_hours(call, desk, policy):
        lines.append(FeeLine("calculator.surcharge", increments,
                             rate * increment * percent / (60 * HUNDRED),
                             round_money(increments * rate * increment * percent / (60 * HUNDRED),
                                         currency),
                             {"percent": percent}))
    return lines


def calculate(policy_id: str, desk: Desk, call: Call) -> FeeResult:
    """Price ``call`` under the policy; raise ``FeeInputError`` when it cannot be priced."""
    policy = desk.fees[policy_id]
    currency = policy.currency
    if call.minutes < 0:
        raise FeeInputError(f"minutes cannot be negative ({call.minutes})")
    if call.calling_from and policy.calls_from and call.calling_from not in policy.calls_from:
        raise FeeInputError(f"{policy_id} applies only to calls from "
                            + ", ".join(policy.calls_from))
    if call.start is not None:
        _local_start(call, desk)  # refuse a wall-clock time that does not exist there
    lines: list[FeeLine] = []
    for charge in policy.charges:
        if not _applies(charge.when, call, desk, policy):
            continue
        if charge.kind == "block":
            blocks = started_units(call.minutes, charge.block.minutes)
            lines.append(FeeLine("calculator.block", blocks, charge.price,
                                 round_money(blocks * charge.price, currency),
                                 {"block": charge.block}))
        elif charge.kind == "flat":
            lines.append(FeeLine(f"calculator.labels.{charge.label}", Decimal(1), charge.price,
                                 round_money(charge.price, currency)))
        else:
            lines.extend(_hourly_lines(charge, call, desk, policy, currency))
    net = sum((line.amount for line in lines), Decimal(0))
    vat = Decimal(0)
    if policy.vat is not None:
        vat = round_money(net * policy.vat.rate / HUNDRED, currency)
        lines.append(FeeLine("calculator.vat", Decimal(1), vat, vat,
                             {"rate": policy.vat.rate, "label": policy.vat.label}))
    return FeeResult(policy_id, currency, tuple(lines), net, vat,
                     round_money(net + vat, currency))
