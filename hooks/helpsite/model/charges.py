"""The kinds of charge a fee policy can make. Each kind is one class: what a desk writes
in YAML, the arithmetic of its bill lines, its terms in words and its part of the page's
price plan. pages/theme/assets/helpsite-fees.js has the one matching function per kind.

Arithmetic is on exact fractions; a line's amount is rounded half-up to the currency's
minor unit when the line is made, as the script does with BigInt fractions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Callable, Literal, Union

from pydantic import ConfigDict, Field, StrictBool, field_serializer

from helpsite.model.types import Amount, Duration, FixedDuration, Period, Slug, Strict

Calendar = Callable[[str], bool]  # "office_hours" or "band:NAME" -> holds at the call's start


@dataclass(frozen=True)
class Call:
    """A call to price: whole seconds, the wall-clock start at the desk (naive), the named
    conditions that hold (all others do not), the customer's agreed hourly rate."""

    seconds: int = 0
    start: dt.datetime | None = None  # wall clock at the desk, without a zone
    conditions: frozenset[str] = frozenset()
    hourly_rate: Fraction | None = None
    calling_from: str | None = None


@dataclass(frozen=True)
class BillLine:
    """One item of the bill: its label already in the plan's language."""

    label: str
    quantity: int
    amount: Fraction


class FeeInputError(ValueError):
    """The call cannot be priced as given (a missing rate, an impossible time, ...).
    ``missing`` names the fact the call lacks ("hourly_rate", "start"), so a command line
    can name its flag."""

    def __init__(self, message: str, missing: str | None = None):
        super().__init__(message)
        self.missing = missing


@dataclass
class Pricing:
    """What a charge needs to make its lines: the call, the calendar and the rounding."""

    call: Call
    calendar: Calendar
    round: Callable[[Fraction], Fraction]
    need_rate: str


class When(Strict):
    """When a charge applies: office hours inside/outside, inside a time band, and named
    conditions of the call (``urgent: true``). An unset condition always holds."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, StrictBool]  # named conditions: true or false

    office_hours: Literal["inside", "outside"] | None = None
    band: Slug | None = None

    @property
    def conditions(self) -> dict[str, bool]:
        return dict(self.model_extra or {})

    @property
    def calendar(self) -> dict[str, bool]:
        """Calendar facts this needs, each with the value it must have."""
        needs = {}
        if self.office_hours is not None:
            needs["office_hours"] = self.office_hours == "inside"
        if self.band is not None:
            needs[f"band:{self.band}"] = True
        return needs

    def holds(self, pricing: Pricing) -> bool:
        if any((name in pricing.call.conditions) != value for name, value in self.conditions.items()):
            return False
        return self.holds_on(pricing.calendar)

    def holds_on(self, calendar: Calendar | None) -> bool:
        """Whether the calendar facts hold (named conditions aside); None: any time."""
        return calendar is None or all(
            calendar(name) == value for name, value in self.calendar.items())


class ChargeLabels(Strict):
    """A charge's bill-line labels in the plan's language."""

    label: str
    included: str | None = None
    surcharges: tuple[str, ...] = ()


def started(seconds: int, free: int, unit: int) -> int:
    """Started units after the free allowance: 5:00 in 5-minute blocks is 1, 5:01 is 2."""
    return -(-max(0, seconds - free) // unit)


class _InSeconds(Strict):
    """Durations leave the model as whole seconds (the price plan, /facts.json)."""

    @field_serializer("block", "free", "increment", "included_inside_office_hours",
                      check_fields=False)
    def _seconds(self, value: Duration | None) -> int | None:
        return None if value is None else value.seconds


class Surcharge(Strict):
    """Percent on top of an hourly charge's amount when ``when`` holds (a band, outside
    office hours)."""

    percent: Amount
    when: When


class FlatCharge(_InSeconds):
    """A fixed price per call, e.g. a ticket fee; its label names it in every language."""

    kind: Literal["flat"]
    label: Slug
    price: Amount
    when: When = When()

    def lines(self, pricing: Pricing, labels: ChargeLabels) -> list[BillLine]:
        return [BillLine(labels.label, 1, pricing.round(Fraction(self.price)))]

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        return [text(f"fees.labels.{self.label}", price=money(self.price))]

    def labels(self, text, duration, percent) -> ChargeLabels:
        return ChargeLabels(label=text(f"calculator.labels.{self.label}"))

    def asks(self) -> set[str]:
        """What the calculator form must ask for this charge beyond the call's length."""
        return set()


class BlockCharge(_InSeconds):
    """A price for each started block of time, after an optional free allowance."""

    kind: Literal["block"]
    block: Period
    price: Amount
    free: FixedDuration | None = None
    when: When = When()

    def lines(self, pricing: Pricing, labels: ChargeLabels) -> list[BillLine]:
        blocks = started(pricing.call.seconds, _seconds(self.free), self.block.seconds)
        return [BillLine(labels.label, blocks, pricing.round(blocks * Fraction(self.price)))]

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        terms = [text("fees.block", price=money(self.price), block=duration(self.block))]
        if self.free:
            terms.append(text("fees.free", duration=duration(self.free)))
        return terms

    def labels(self, text, duration, percent) -> ChargeLabels:
        return ChargeLabels(label=text("calculator.block", block=duration(self.block)))

    def asks(self) -> set[str]:
        return set()


class HourlyCharge(_InSeconds):
    """An hourly rate (or the customer's agreed one) billed per started increment, with a
    free allowance, tasks under a length included in office hours, and surcharges."""

    kind: Literal["hourly"]
    rate: Amount | Literal["agreement"]
    increment: Period
    free: FixedDuration | None = None
    included_inside_office_hours: FixedDuration | None = None
    surcharges: tuple[Surcharge, ...] = ()
    when: When = When()

    def lines(self, pricing: Pricing, labels: ChargeLabels) -> list[BillLine]:
        call = pricing.call
        if call.seconds == 0:
            return []
        included = self.included_inside_office_hours
        if included is not None and call.seconds < included.seconds \
                and pricing.calendar("office_hours"):
            return [BillLine(labels.included, 1, Fraction(0))]
        rate = Fraction(self.rate) if self.rate != "agreement" else call.hourly_rate
        if rate is None:
            raise FeeInputError(pricing.need_rate, "hourly_rate")
        increments = started(call.seconds, _seconds(self.free), self.increment.seconds)
        # One exact product, rounded once per line (a half cent is exact before rounding).
        work = increments * rate * self.increment.seconds / 3600
        lines = [BillLine(labels.label, increments, pricing.round(work))]
        for surcharge, label in zip(self.surcharges, labels.surcharges):
            if surcharge.when.holds(pricing):
                lines.append(BillLine(label, increments,
                                      pricing.round(work * Fraction(surcharge.percent) / 100)))
        return lines

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        """``calendar``: only the surcharges and inclusions that hold by it (at one moment)."""
        rate = text("fees.hourly_agreement") if self.rate == "agreement" \
            else text("fees.hourly_rate", price=money(self.rate))
        terms = [text("fees.hourly", rate=rate, increment=duration(self.increment))]
        if self.free:
            terms.append(text("fees.free", duration=duration(self.free)))
        for surcharge in self.surcharges:
            if surcharge.when.holds_on(calendar):
                terms.append(text(_surcharge_key("fees", surcharge),
                                  percent=percent(surcharge.percent), **_band(text, surcharge)))
        if self.included_inside_office_hours and (calendar is None or calendar("office_hours")):
            terms.append(text("fees.included",
                              duration=duration(self.included_inside_office_hours)))
        return terms

    def labels(self, text, duration, percent) -> ChargeLabels:
        included = self.included_inside_office_hours
        return ChargeLabels(
            label=text("calculator.hourly", increment=duration(self.increment)),
            included=text("calculator.included", duration=duration(included)) if included else None,
            surcharges=tuple(text(_surcharge_key("calculator", s), percent=percent(s.percent),
                                  **_band(text, s)) for s in self.surcharges))

    def asks(self) -> set[str]:
        """The agreed rate, and the start where office hours decide what is included."""
        return ({"rate"} if self.rate == "agreement" else set()) | (
            {"office_hours"} if self.included_inside_office_hours else set())


def _seconds(value) -> int:
    return value.seconds if value is not None else 0


def _surcharge_key(section: str, surcharge: Surcharge) -> str:
    return f"{section}.band_surcharge" if surcharge.when.band else f"{section}.surcharge"


def _band(text, surcharge: Surcharge) -> dict:
    return {"band": text(f"calculator.bands.{surcharge.when.band}")} if surcharge.when.band else {}


Charge = Annotated[Union[FlatCharge, BlockCharge, HourlyCharge], Field(discriminator="kind")]


class Minimum(Strict):
    """The least a priced call costs (net); the bill tops the charges up to it."""

    price: Amount

