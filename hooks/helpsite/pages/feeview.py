"""A fee policy on a page: its terms in words, worked examples, and the calculator form."""

from __future__ import annotations


import datetime as dt
from zoneinfo import ZoneInfo

from markupsafe import Markup

from helpsite.rules import formatting
from helpsite.model.context import Context, PlaceholderError
from helpsite.rules.fees import Bill, calculate, example_call
from helpsite.rules.inputformat import start_example
from helpsite.pages.markup import data_block, macro
from helpsite.model.model import Desk, Duration, FeeExample, FeePolicy
from helpsite.rules.priceplan import (EPOCH, browser_json, calendar_fact, calendar_names, calendar_schedule,
                                      compile_calendar, compile_plan, example_start, length_examples)
from helpsite.rules.schedule import UTC, build_date, horizon


class FeeView:
    def __init__(self, ctx: Context, policy_id: str, desk: Desk, policy: FeePolicy):
        self._ctx, self._id, self._desk, self._policy = ctx, policy_id, desk, policy

    def _money(self, amount) -> str:
        return formatting.money(amount, self._policy.currency, self._ctx.language)

    @property
    def terms(self) -> Markup:
        """A bullet list of what is charged, VAT and which calls it applies to."""
        return macro("helpsite-fees.html", "terms")(fee_terms(self._ctx, self._policy))

    def _describe(self, example: FeeExample) -> str:
        lang, parts = self._ctx.language, []
        if example.at is not None:
            parts.append(formatting.weekday_and_time(example.at, lang))
        if example.minutes or example.at is None:
            parts.append(formatting.duration(Duration(example.minutes, "minute"), lang))
        parts += [self._ctx.text(f"calculator.example_conditions.{name}")
                  for name in example.conditions]
        if example.hourly_rate is not None:
            parts.append(self._ctx.text("calculator.example_rate",
                                        rate=self._money(example.hourly_rate)))
        return ", ".join(parts)

    @property
    def examples(self) -> Markup:
        """A table of the policy's example calls, priced at build time."""
        return self._ctx.remembered(("examples", self._id), self._examples)

    def _examples(self) -> Markup:
        if not self._policy.examples:
            raise PlaceholderError(f"fee policy {self._id!r} has no examples")
        rows = []
        for example in self._policy.examples:
            bill = calculate(self._ctx, self._id, self._desk, example_call(example))
            rows.append({"call": self._describe(example), "total": self._total(bill),
                         "items": [(line.label, self._money(bill.decimal(line.amount)))
                                   for line in bill.lines] or [(bill.reason, "")]})
        return macro("helpsite-fees.html", "examples")(
            rows, self._ctx.text("calculator.call"), self._ctx.text("calculator.item"),
            self._ctx.text("calculator.total"))

    def _total(self, bill: Bill) -> str:
        return self._money(bill.decimal(bill.total)) if bill.covered else "–"

    @property
    def calculator(self) -> Markup:
        """A form that prices a call in the browser; hidden until its script runs."""
        return self._ctx.remembered(("calculator", self._id), self._calculator)

    def _calculator(self) -> Markup:
        first, last = horizon(build_date())
        lang = self._ctx.language
        plan = compile_plan(self._ctx, self._id, self._desk, self._policy, first, last)
        example = self._policy.examples[0] if self._policy.examples else None
        first_at = next((e.at for e in self._policy.examples if e.at), None)
        return macro("helpsite-fees.html", "calculator")(
            plan=plan, data=data_block(browser_json(plan)), text=self._ctx.text,
            duration=formatting.number(example.minutes if example else 0, lang),
            duration_hint=self._with_examples("calculator.duration_hint",
                                              **length_examples(lang)),
            start=start_example(first_at, lang) if first_at else "",
            start_hint=self._with_examples("calculator.start_hint",
                                           example=start_example(example_start(self._policy), lang)))

    def _with_examples(self, key: str, **examples: str) -> list[tuple[str, str | None]]:
        """A hint cut around its examples, (text, example) pieces: the template sets the
        examples as code, what to type rather than facts the checks compare."""
        pieces = self._ctx.text(key, **{name: f"\0{name}\0" for name in examples}).split("\0")
        return [(pieces[i], examples[pieces[i + 1]] if i + 1 < len(pieces) else None)
                for i in range(0, len(pieces), 2)]


def fee_terms(ctx: Context, policy: FeePolicy, calendar=None,
              countries: tuple[str, ...] = ()) -> list[str]:
    """The policy in sentences: each charge's terms, minimum, VAT, which calls it covers.
    ``calendar`` (fact name -> holds): only what holds at that moment, without the office-
    hours sentence the moment answers; ``countries``: calls from there, without the calls-
    from sentence when the policy covers all of them."""
    lang = ctx.language

    def money(amount) -> str:
        return formatting.money(amount, policy.currency, lang)

    def duration(value: Duration) -> str:
        return formatting.duration(value, lang)

    def percent(value) -> str:
        return formatting.percent(value, lang)

    texts = []
    if policy.when.office_hours and calendar is None:
        texts.append(ctx.text(f"fees.only_{policy.when.office_hours}_office_hours"))
    for charge in policy.charges:
        if charge.when.holds_on(calendar):
            texts += charge.terms(ctx.text, money, duration, percent, calendar)
    if policy.minimum:
        texts.append(ctx.text("fees.minimum", price=money(policy.minimum.price)))
    if policy.vat:
        texts.append(ctx.text("fees.vat", rate=percent(policy.vat.rate),
                              label=ctx.text(f"fees.vat_labels.{policy.vat.label}")))
    if policy.calls_from and not (countries and set(countries) <= set(policy.calls_from)):
        texts.append(ctx.text("fees.calls_from",
                              countries=formatting.countries(policy.calls_from, lang)))
    return texts


class PriceNow:
    """What a call to one of a desk's services costs at a moment, in words: the terms of
    the fee policies covering it that hold then on the desk's clock (office hours, bands),
    for calls from some countries. A service no policy covers has no price to state."""

    def __init__(self, ctx: Context, desk: Desk, first: dt.date, last: dt.date):
        self._ctx, self._desk, self._first, self._last = ctx, desk, first, last
        self._zone = ZoneInfo(desk.timezone)
        self._texts: dict[tuple, str] = {}

    def _policies(self, service_id: str, countries: tuple[str, ...]):
        for policy_id, policy in self._desk.fees.items():
            if service_id in policy.services and (not countries or not policy.calls_from
                                                  or set(countries) & set(policy.calls_from)):
                yield policy_id, policy

    def changes(self, service_ids) -> set[dt.datetime]:
        """The instants where a term of these services' policies starts or stops holding."""
        points = set()
        for service_id in service_ids:
            for _, policy in self._policies(service_id, ()):
                for name in calendar_names(policy):
                    for interval in compile_calendar(calendar_schedule(self._desk, policy, name),
                                                     self._desk.timezone, self._first, self._last):
                        points.update((EPOCH + dt.timedelta(minutes=minute)).replace(
                            tzinfo=self._zone).astimezone(UTC) for minute in interval)
        return points

    def text(self, service_id: str, countries: tuple[str, ...], instant: dt.datetime) -> str | None:
        wall = instant.astimezone(self._zone).replace(tzinfo=None)
        texts = []
        for policy_id, policy in self._policies(service_id, countries):
            facts = {name: calendar_fact(self._desk, policy, name, wall)
                     for name in calendar_names(policy)}
            key = (policy_id, countries, tuple(sorted(facts.items())))
            if key not in self._texts:
                self._texts[key] = self._ctx.text("hours.separator").join(
                    fee_terms(self._ctx, policy, facts.__getitem__, countries)
                    if policy.when.holds_on(facts.__getitem__) else [])
            texts.append(self._texts[key])
        return self._ctx.text("hours.separator").join(text for text in texts if text) or None
