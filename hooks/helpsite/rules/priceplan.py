"""The price plan: one fee policy compiled for one language, evaluated by the Python
calculator (fees.py) and, as JSON, by the page's script (pages/theme/assets/helpsite-fees.js).

The plan carries the policy's charges compiled to generic rules (charges.py: each kind's
compile step; no kind is left in the plan), their labels already written, how money is
written, and the calendar facts (office hours, bands) compiled into wall-clock
intervals, so the script holds no calendar or time-zone logic. Its JSON Schema is
published in schema/priceplan.schema.json.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal, get_currency_precision
from babel.units import format_unit
from pydantic import BaseModel, ConfigDict

from helpsite.rules import formatting
from helpsite.model.charges import Condition, FeeInputError, Minimum, Rule
from helpsite.model.context import Context
from helpsite.rules.inputformat import (MAX_SECONDS, InputFormat, hours_example, input_format,
                                        start_example)
from helpsite.model.model import Desk, FeePolicy, Vat
from helpsite.model.types import MAX_AMOUNT, Duration, time_zone
from helpsite.rules.schedule import (Timeline, build_date, is_open_at, public_holidays,
                                     wall_clock_exists, windows_on)

EPOCH = dt.datetime(1970, 1, 1)


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoneyFormat(_Plan):
    before: str
    after: str
    group: str
    decimal: str
    min_group: int  # digits a number needs beyond 3 before it is grouped (CLDR)


class Option(_Plan):
    value: str
    label: str


class PlanText(_Plan):
    """Sentences the calculator shows, in the plan's language."""

    item: str
    amount: str
    total: str
    need_rate: str
    need_start: str
    bad_start: str
    need_duration: str
    bad_rate: str
    no_such_time: str
    out_of_range: str
    not_covered: str
    calls_from: str


class PricePlan(_Plan):
    policy: str
    language: str
    currency: str
    digits: int
    money: MoneyFormat
    calls_from: tuple[Option, ...]  # empty: calls from anywhere
    conditions: tuple[Option, ...]
    when: Condition  # the calls the policy covers at all
    charges: tuple[Rule, ...]
    minimum: Minimum | None
    minimum_label: str | None
    vat: Vat | None
    vat_label: str | None
    asks_start: bool
    asks_rate: bool
    # Wall-clock minutes since 1970-01-01 00:00 at the desk, half-open [from, to).
    calendar: dict[str, tuple[tuple[int, int], ...]]
    gaps: tuple[tuple[int, int], ...]  # wall-clock times the clocks skip
    calendar_range: tuple[int, int]
    text: PlanText
    input: InputFormat  # the grammar of what is typed, in the page's language


def wall_minute(moment: dt.datetime) -> int:
    return int((moment - EPOCH).total_seconds()) // 60


def calendar_names(policy: FeePolicy) -> list[str]:
    """The calendar facts the policy's conditions and charges depend on."""
    return sorted({name for _, when in policy.whens() for name in when.calendar})


def calendar_fact(desk: Desk, policy: FeePolicy, name: str, start: dt.datetime) -> bool:
    """Whether a calendar fact holds at a wall-clock start on the desk's clock: office
    hours (closures and holidays included) or a time band."""
    return schedule_holds(calendar_schedule(desk, policy, name), desk.timezone, start)


def schedule_holds(schedule, timezone: str, start: dt.datetime,
                   timeline: Timeline | None = None) -> bool:
    if getattr(schedule, "holidays", None) and \
            start.date() in public_holidays(schedule.holidays, start.year):
        return True  # a band that holds all day on public holidays
    return is_open_at(schedule, timezone, start, timeline)


def calendar_schedule(desk: Desk, policy: FeePolicy, name: str):
    if name == "office_hours":
        return desk.services[policy.office_hours]
    return policy.bands[name.removeprefix("band:")]


def _transition_day(day: dt.date, zone: ZoneInfo) -> bool:
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return start.utcoffset() != (start + dt.timedelta(days=1, hours=1)).utcoffset()


@functools.lru_cache(maxsize=256)  # the same in every language
def compile_calendar(schedule, timezone: str, first: dt.date,
                     last: dt.date) -> tuple[tuple[int, int], ...]:
    """Where ``schedule_holds`` from ``first`` to ``last``, as wall-clock intervals. The
    fact changes only at window bounds, midnights and (on a day the clocks change) any
    minute, so it is evaluated exactly there."""
    zone = time_zone(timezone)
    timeline = Timeline.of(schedule, timezone, first, last + dt.timedelta(days=1))
    intervals: list[list[int]] = []
    day = first
    while day <= last:
        changing = _transition_day(day, zone) or _transition_day(day - dt.timedelta(days=1), zone)
        if changing:
            minutes = range(24 * 60)
        else:
            bounds = {m % (24 * 60) for d in (day, day - dt.timedelta(days=1))
                      for window in windows_on(schedule, d) for m in window}
            minutes = sorted(bounds | {0})
        for minute in minutes:
            wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
            if changing and not wall_clock_exists(wall, timezone):
                continue
            holds, at = schedule_holds(schedule, timezone, wall, timeline), wall_minute(wall)
            if intervals and intervals[-1][1] is None:
                if not holds:
                    intervals[-1][1] = at
            elif holds:
                intervals.append([at, None])
        day += dt.timedelta(days=1)
    end = wall_minute(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    return tuple((a, b if b is not None else end) for a, b in intervals)


@functools.lru_cache(maxsize=64)
def compile_gaps(timezone: str, first: dt.date, last: dt.date) -> tuple[tuple[int, int], ...]:
    zone, gaps, day = time_zone(timezone), [], first
    while day <= last:
        if _transition_day(day, zone):
            missing = [m for m in range(24 * 60) if not wall_clock_exists(
                dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=m), timezone)]
            if missing:
                base = wall_minute(dt.datetime.combine(day, dt.time()))
                gaps.append((base + missing[0], base + missing[-1] + 1))
        day += dt.timedelta(days=1)
    return tuple(gaps)


def compile_plan(ctx: Context, policy_id: str, desk: Desk, policy: FeePolicy,
                 first: dt.date | None = None, last: dt.date | None = None) -> PricePlan:
    """The policy for ``ctx``'s language, its calendar compiled from ``first`` to ``last``
    for the page (Python evaluates calendar facts directly, for any date)."""
    lang, text = ctx.language, ctx.text

    def duration(value: Duration) -> str:
        return formatting.duration(value, lang)

    def percent(value) -> str:
        return formatting.percent(value, lang)

    names = calendar_names(policy)
    rules = tuple(charge.compile(text, duration, percent) for charge in policy.charges)
    countries = formatting.places(text, policy.calls_from, "from", lang) if policy.calls_from \
        else ""
    return PricePlan(
        policy=policy_id, language=lang, currency=policy.currency,
        digits=get_currency_precision(policy.currency),
        money=MoneyFormat(**formatting.money_parts(policy.currency, lang)),
        calls_from=tuple(Option(value=code, label=formatting.countries((code,), lang))
                         for code in policy.calls_from),
        conditions=tuple(Option(value=name, label=text(f"calculator.conditions.{name}"))
                         for name in policy.conditions),
        when=policy.when.compiled(),
        charges=rules,
        minimum=policy.minimum,
        minimum_label=text("calculator.minimum", price=formatting.money(
            policy.minimum.price, policy.currency, lang)) if policy.minimum else None,
        vat=policy.vat,
        vat_label=text("calculator.vat", rate=percent(policy.vat.rate),
                       label=text(f"fees.vat_labels.{policy.vat.label}")) if policy.vat else None,
        asks_start=bool(names),
        asks_rate=any(line.price == "agreed_rate" for rule in rules for case in rule.cases
                      for line in case.lines),
        calendar={name: compile_calendar(calendar_schedule(desk, policy, name), desk.timezone, first,
                                         last) for name in names} if first else {},
        gaps=compile_gaps(desk.timezone, first, last) if first else (),
        calendar_range=(wall_minute(dt.datetime.combine(first, dt.time())), wall_minute(
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))) if first else (0, 0),
        text=PlanText(
            **{key: text(f"calculator.{key}") for key in (
                "item", "amount", "total", "need_rate", "need_start", "no_such_time",
                "out_of_range", "not_covered")},
            **input_messages(ctx, policy),
            calls_from=text("fees.calls_from", countries=countries) if countries else ""),
        input=input_format(lang),
    )


def example_start(policy: FeePolicy) -> dt.datetime:
    """The start the calculator gives as an example: the first worked example's, else
    today at 14:30."""
    return next((e.at for e in policy.examples if e.at),
                dt.datetime.combine(build_date(), dt.time(14, 30)))


def length_examples(lang: str) -> dict[str, str]:
    """A length in minutes and in hours and minutes, as the hint and the message give them."""
    return {"minutes": formatting.number(Decimal("4.5"), lang), "hours": hours_example(lang)}


def input_messages(ctx: Context, policy: FeePolicy) -> dict[str, str]:
    """What to type, said where typed input is refused: beside the page's field and after
    the CLI's flag, the same sentence (with the grammar's examples and limits)."""
    lang = ctx.language
    return {
        "need_duration": ctx.text("calculator.need_duration", **length_examples(lang),
                                  limit=format_unit(MAX_SECONDS // 86400, "duration-day",
                                                    length="long", locale=lang)),
        "bad_start": ctx.text("calculator.bad_start",
                              example=start_example(example_start(policy), lang)),
        "bad_rate": ctx.text(
            "calculator.bad_rate", example=format_decimal(Decimal("1250.50"), "#,##0.00", lang),
            limit=formatting.money(MAX_AMOUNT, policy.currency, lang)),
    }


def check_start(plan: PricePlan, desk: Desk, start: dt.datetime | None) -> None:
    """Refuse a start the clocks skip, the same way the page does."""
    if start is not None and not wall_clock_exists(start, desk.timezone):
        raise FeeInputError(plan.text.no_such_time)



def browser_json(plan: PricePlan) -> dict:
    """The plan as the page's script reads it."""
    return plan.model_dump(mode="json")


def json_schema() -> dict:
    """The published schema of ``browser_json`` (schema/priceplan.schema.json)."""
    schema = PricePlan.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://helpsite.example/schema/priceplan.schema.json", **schema}
