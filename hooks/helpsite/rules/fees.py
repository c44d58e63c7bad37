"""The fee calculator: what a call costs under a price plan, exactly.

It evaluates the compiled price plan (priceplan.py: generic rules, no charge kinds), as the
page's script does with the same plan. Fractions only. Rounding happens at one point: each
line's amount is rounded half-up to the currency's minor unit (0, 2 or 3 places, from CLDR)
when the line is made. The net is the sum of those lines, VAT is computed on that net (and
rounded the same way), and the total is net plus VAT, so the printed lines always add up
to the printed total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from helpsite.model.charges import BillLine, Calendar, Call, Case, Condition, FeeInputError
from helpsite.model.context import Context
from helpsite.model.model import Desk
from helpsite.rules.priceplan import PricePlan, calendar_fact, check_start, compile_plan

__all__ = ["Bill", "BillLine", "Call", "FeeInputError", "calculate", "price", "round_money"]


@dataclass(frozen=True)
class Bill:
    policy: str
    currency: str
    digits: int
    covered: bool  # False: the policy does not apply to this call; ``reason`` says why
    reason: str
    lines: tuple[BillLine, ...]
    net: Fraction
    vat: Fraction
    total: Fraction

    def decimal(self, amount: Fraction) -> Decimal:
        """An amount as a decimal with the currency's places (exact: it was rounded so)."""
        return (Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(
            Decimal(1).scaleb(-self.digits))


def round_money(amount: Fraction, digits: int) -> Fraction:
    """Half-up to ``digits`` places (amounts are never negative)."""
    scale = 10 ** digits
    return Fraction((2 * amount.numerator * scale + amount.denominator)
                    // (2 * amount.denominator), scale)


def started(seconds: int, free: int, unit: int) -> int:
    """Started units after the free allowance: 5:00 in 5-minute blocks is 1, 5:01 is 2."""
    return -(-max(0, seconds - free) // unit)


def holds(condition: Condition, call: Call, calendar: Calendar) -> bool:
    """Whether a compiled condition holds for the call, its parts asked in their order."""
    return (condition.at_least <= call.seconds
            and (condition.under is None or call.seconds < condition.under)
            and all((name in call.conditions) == value
                    for name, value in condition.conditions.items())
            and all(calendar(name) == value for name, value in condition.calendar.items()))


def _lines(plan: PricePlan, case: Case, call: Call, calendar: Calendar) -> list[BillLine]:
    made: list[tuple[int, Fraction]] = []  # each line's units and exact amount; (0, 0): not made
    lines = []
    for line in case.lines:
        if not holds(line.when, call, calendar):
            made.append((0, Fraction(0)))
            continue
        if line.percent is not None:
            units = made[line.of[0]][0]
            exact = sum((made[i][1] for i in line.of), Fraction(0)) * Fraction(line.percent) / 100
        else:
            price = call.hourly_rate if line.price == "agreed_rate" else Fraction(line.price)
            if price is None:
                raise FeeInputError(plan.text.need_rate, "hourly_rate")
            units = 1 if line.unit is None else started(call.seconds, line.free, line.unit)
            exact = units * price * Fraction(*line.factor)
        made.append((units, exact))
        lines.append(BillLine(line.label, units, round_money(exact, plan.digits)))
    return lines


def price(plan: PricePlan, call: Call, calendar: Calendar) -> Bill:
    """Price ``call`` under ``plan``; ``calendar(name)`` says whether a calendar fact holds
    at the call's start. Raises ``FeeInputError`` when the call cannot be priced."""
    def bill(covered: bool, reason: str, lines=(), net=Fraction(0), vat=Fraction(0)) -> Bill:
        return Bill(plan.policy, plan.currency, plan.digits, covered, reason, tuple(lines),
                    net, vat, net + vat)

    if plan.calls_from and call.calling_from and \
            call.calling_from not in {option.value for option in plan.calls_from}:
        return bill(False, plan.text.calls_from)
    if not holds(plan.when, call, calendar):
        return bill(False, plan.text.not_covered)
    lines: list[BillLine] = []
    for rule in plan.charges:
        if holds(rule.when, call, calendar):
            case = next((case for case in rule.cases if holds(case.when, call, calendar)), None)
            lines += _lines(plan, case, call, calendar) if case else []
    net = sum((line.amount for line in lines), Fraction(0))
    if plan.minimum is not None and call.seconds > 0 and net < plan.minimum.price:
        lines.append(BillLine(plan.minimum_label, 1,
                              round_money(Fraction(plan.minimum.price) - net, plan.digits)))
        net += lines[-1].amount
    vat = Fraction(0)
    if plan.vat is not None:
        vat = round_money(net * Fraction(plan.vat.rate) / 100, plan.digits)
        lines.append(BillLine(plan.vat_label, 1, vat))
    return bill(True, "", lines, net, vat)


def calculate(ctx: Context, policy_id: str, desk: Desk, call: Call) -> Bill:
    """Price a call under one of the desk's policies, labels in ``ctx``'s language."""
    policy = desk.fees[policy_id]
    plan = compile_plan(ctx, policy_id, desk, policy)
    check_start(plan, desk, call.start)

    def calendar(name: str) -> bool:
        if call.start is None:
            raise FeeInputError(plan.text.need_start, "start")
        return calendar_fact(desk, policy, name, call.start)

    return price(plan, call, calendar)


def example_call(example) -> Call:
    """One of a policy's worked examples as a call."""
    return Call(seconds=example.seconds, start=example.at,
                conditions=frozenset(example.conditions),
                hourly_rate=None if example.hourly_rate is None else Fraction(example.hourly_rate))
