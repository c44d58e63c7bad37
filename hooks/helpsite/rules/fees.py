"""The fee calculator: what a call costs under a price plan, exactly.

Fractions only. Rounding happens at one point: each line's amount is rounded half-up to
the currency's minor unit (0, 2 or 3 places, from CLDR) when the line is made. The net is
the sum of those lines, VAT is computed on that net (and rounded the same way), and the
total is net plus VAT, so the printed lines always add up to the printed total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from helpsite.model.charges import BillLine, Call, FeeInputError, Pricing
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


def price(plan: PricePlan, call: Call, calendar) -> Bill:
    """Price ``call`` under ``plan``; ``calendar(name)`` says whether a calendar fact holds
    at the call's start. Raises ``FeeInputError`` when the call cannot be priced."""
    def bill(covered: bool, reason: str, lines=(), net=Fraction(0), vat=Fraction(0)) -> Bill:
        return Bill(plan.policy, plan.currency, plan.digits, covered, reason, tuple(lines),
                    net, vat, net + vat)

    if plan.calls_from and call.calling_from and \
            call.calling_from not in {option.value for option in plan.calls_from}:
        return bill(False, plan.text.calls_from)
    pricing = Pricing(call, calendar, lambda amount: round_money(amount, plan.digits),
                      plan.text.need_rate)
    if not plan.when.holds(pricing):
        return bill(False, plan.text.not_covered)
    lines: list[BillLine] = []
    for charge, labels in zip(plan.charges, plan.labels):
        if charge.when.holds(pricing):
            lines.extend(charge.lines(pricing, labels))
    net = sum((line.amount for line in lines), Fraction(0))
    if plan.minimum is not None and call.seconds > 0 and net < plan.minimum.price:
        lines.append(BillLine(plan.minimum_label, 1, pricing.round(Fraction(plan.minimum.price) - net)))
        net += lines[-1].amount
    vat = Fraction(0)
    if plan.vat is not None:
        vat = pricing.round(net * Fraction(plan.vat.rate) / 100)
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
