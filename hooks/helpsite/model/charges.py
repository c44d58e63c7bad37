"""The kinds of charge a fee policy can make, and the generic line rules they compile to.

Each kind is one class: what a desk writes in YAML, its terms in words, and its one compile
step, which turns it into a ``Rule`` (when it applies, its lines: free allowance, unit, price
or agreed rate times a factor, percentages of other lines). Kinds exist only up to there:
Python's calculator (fees.py) and the page's script (pages/theme/assets/helpsite-fees.js)
evaluate the compiled rules, so a new kind is a new class here and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Callable, Literal, Union, get_args

from pydantic import ConfigDict, Field, StrictBool, field_serializer, model_validator
from pydantic_core import core_schema

from helpsite.model.types import Amount, Duration, FixedDuration, Period, Slug, Strict

Calendar = Callable[[str], bool]  # "office_hours" or "band:NAME" -> holds at the call's start
Text = Callable[..., str]  # a string of the plan's language by key, placeholders filled


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


# --- the compiled form: what fees.py and the page's script evaluate ---------------------


class Condition(Strict):
    """When a rule applies: every part holds. Checked in this order, so both evaluators ask
    for a calendar fact (which needs the call's start) at the same point: the call's length,
    its named conditions, then the calendar facts in their order."""

    at_least: int = 0  # seconds the call lasts at least
    under: int | None = None  # seconds the call lasts less than
    conditions: dict[str, bool] = {}  # named conditions of the call, each true or false
    calendar: dict[str, bool] = {}  # facts at the call's start (the plan's calendar)


class Line(Strict):
    """One bill line, made when ``when`` holds. Either a price: ``price`` (or the call's
    agreed rate) times ``factor`` for each started ``unit`` of seconds after ``free`` (no
    unit: once); or ``percent`` of the exact amounts of the earlier lines ``of`` (those that
    were made), counting the units of the first. The amount is rounded half-up to the
    currency's minor unit."""

    label: str
    when: Condition = Condition()
    free: int = 0
    unit: int | None = None
    price: Amount | Literal["agreed_rate"] | None = None
    factor: tuple[int, int] = (1, 1)  # numerator, denominator
    percent: Amount | None = None
    of: tuple[int, ...] = ()

    @model_validator(mode="after")
    def _priced_one_way(self) -> Line:
        percentage = self.percent is not None
        if (self.price is None) != percentage or percentage != bool(self.of):
            raise ValueError("a line has a price, or a percent of some earlier lines (of)")
        return self


class Case(Strict):
    when: Condition = Condition()
    lines: tuple[Line, ...] = ()

    @model_validator(mode="after")
    def _of_earlier_lines(self) -> Case:
        if any(not 0 <= i < at for at, line in enumerate(self.lines) for i in line.of):
            raise ValueError("a percentage is of earlier lines of its case")
        return self


class Rule(Strict):
    """A compiled charge: when it holds, the lines of its first case that holds."""

    when: Condition = Condition()
    cases: tuple[Case, ...]


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

    def compiled(self, **length: int) -> Condition:
        """Compiled: these conditions, and the call's ``length`` (at_least, under)."""
        return Condition(conditions=self.conditions, calendar=self.calendar, **length)

    def holds_on(self, calendar: Calendar | None) -> bool:
        """Whether the calendar facts hold (named conditions aside); None: any time."""
        return calendar is None or all(
            calendar(name) == value for name, value in self.calendar.items())


class _InSeconds(Strict):
    """Durations leave the model as whole seconds (/facts.json)."""

    @field_serializer("block", "free", "increment", "included_inside_office_hours",
                      check_fields=False)
    def _seconds(self, value: Duration | None) -> int | None:
        return None if value is None else value.seconds


class ChargeKind(_InSeconds):
    """What every kind of charge has and does; a subclass adds ``kind: Literal[NAME]``, its
    fields, ``compile`` and ``terms``, and is registered with ``register``."""

    when: When = When()

    def whens(self):
        """Every condition the charge depends on, with its key path in the YAML."""
        yield ("when",), self.when

    def compile(self, text: Text, duration, percent) -> Rule:
        """The charge as a generic rule, its labels in ``text``'s language."""
        raise NotImplementedError

    def terms(self, text: Text, money, duration, percent, calendar=None) -> list[str]:
        """The charge in sentences; ``calendar``: only what holds by it (at one moment)."""
        raise NotImplementedError


KINDS: dict[str, type[ChargeKind]] = {}


def register(kind: type[ChargeKind]) -> type[ChargeKind]:
    """Make a kind known to the loader under the name its ``kind`` field allows."""
    [name] = get_args(kind.model_fields["kind"].annotation)
    KINDS[name] = kind
    return kind


def _by_kind(value: Any, _handler) -> ChargeKind:
    if isinstance(value, ChargeKind):
        return value
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind is None:
        raise ValueError(f"a charge needs kind: and one of {', '.join(KINDS)}")
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"unknown charge kind {kind!r}; write kind: and one of "
                         f"{', '.join(KINDS)}")
    return KINDS[kind].model_validate(value)


class _RegisteredKind:
    """A charge validated by the class its ``kind`` names in KINDS when it is loaded (so a
    kind registered later loads too); JSON Schema and output from the kinds known when the
    model is built."""

    def __get_pydantic_core_schema__(self, source, handler):
        union = Annotated[Union[tuple(KINDS.values())], Field(discriminator="kind")]
        return core_schema.no_info_wrap_validator_function(_by_kind, handler.generate_schema(union))


class Surcharge(Strict):
    """Percent on top of an hourly charge's amount when ``when`` holds (a band, outside
    office hours)."""

    percent: Amount
    when: When


def _seconds(value) -> int:
    return value.seconds if value is not None else 0


@register
class FlatCharge(ChargeKind):
    """A fixed price per call, e.g. a ticket fee; its label names it in every language."""

    kind: Literal["flat"]
    label: Slug
    price: Amount

    def compile(self, text, duration, percent) -> Rule:
        label = text(f"calculator.labels.{self.label}")
        line = Line(label=label, price=self.price)
        return Rule(when=self.when.compiled(), cases=(Case(lines=(line,)),))

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        return [text(f"fees.labels.{self.label}", price=money(self.price))]


@register
class BlockCharge(ChargeKind):
    """A price for each started block of time, after an optional free allowance."""

    kind: Literal["block"]
    block: Period
    price: Amount
    free: FixedDuration | None = None

    def compile(self, text, duration, percent) -> Rule:
        line = Line(label=text("calculator.block", block=duration(self.block)),
                    free=_seconds(self.free), unit=self.block.seconds, price=self.price)
        return Rule(when=self.when.compiled(), cases=(Case(lines=(line,)),))

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        terms = [text("fees.block", price=money(self.price), block=duration(self.block))]
        if self.free:
            terms.append(text("fees.free", self.free.shown.amount, duration=duration(self.free)))
        return terms


INSIDE_OFFICE_HOURS = When(office_hours="inside")


@register
class HourlyCharge(ChargeKind):
    """An hourly rate (or the customer's agreed one) billed per started increment, with a
    free allowance, tasks under a length included in office hours, and surcharges."""

    kind: Literal["hourly"]
    rate: Amount | Literal["agreement"]
    increment: Period
    free: FixedDuration | None = None
    included_inside_office_hours: FixedDuration | None = None
    surcharges: tuple[Surcharge, ...] = ()

    def whens(self):
        yield from super().whens()
        for j, surcharge in enumerate(self.surcharges):
            yield ("surcharges", j, "when"), surcharge.when
        if self.included_inside_office_hours:
            yield ("included_inside_office_hours",), INSIDE_OFFICE_HOURS

    def compile(self, text, duration, percent) -> Rule:
        """No lines for no call; one free line for a short one in office hours; else the
        started increments at the rate, each surcharge a percentage of that."""
        cases = [Case(when=Condition(under=1))]
        included = self.included_inside_office_hours
        if included is not None:
            cases.append(Case(when=INSIDE_OFFICE_HOURS.compiled(under=included.seconds), lines=(
                Line(label=text("calculator.included", duration=duration(included)),
                     price=0),)))
        work = Line(label=text("calculator.hourly", self.increment.shown.amount,
                               increment=duration(self.increment)),
                    free=_seconds(self.free), unit=self.increment.seconds,
                    price="agreed_rate" if self.rate == "agreement" else self.rate,
                    factor=(self.increment.seconds, 3600))
        surcharges = tuple(
            Line(label=text(_surcharge_key("calculator", s), percent=percent(s.percent),
                            **_band(text, s)), when=s.when.compiled(), percent=s.percent, of=(0,))
            for s in self.surcharges)
        cases.append(Case(lines=(work, *surcharges)))
        return Rule(when=self.when.compiled(), cases=tuple(cases))

    def terms(self, text, money, duration, percent, calendar=None) -> list[str]:
        rate = text("fees.hourly_agreement") if self.rate == "agreement" \
            else text("fees.hourly_rate", price=money(self.rate))
        terms = [text("fees.hourly", self.increment.shown.amount, rate=rate,
                      increment=duration(self.increment))]
        if self.free:
            terms.append(text("fees.free", self.free.shown.amount, duration=duration(self.free)))
        for surcharge in self.surcharges:
            if surcharge.when.holds_on(calendar):
                terms.append(text(_surcharge_key("fees", surcharge),
                                  percent=percent(surcharge.percent), **_band(text, surcharge)))
        if self.included_inside_office_hours and INSIDE_OFFICE_HOURS.holds_on(calendar):
            terms.append(text("fees.included",
                              duration=duration(self.included_inside_office_hours)))
        return terms


def _surcharge_key(section: str, surcharge: Surcharge) -> str:
    return f"{section}.band_surcharge" if surcharge.when.band else f"{section}.surcharge"


def _band(text, surcharge: Surcharge) -> dict:
    return {"band": text(f"calculator.bands.{surcharge.when.band}")} if surcharge.when.band else {}


Charge = Annotated[ChargeKind, _RegisteredKind()]


class Minimum(Strict):
    """The least a priced call costs (net); the bill tops the charges up to it."""

    price: Amount

