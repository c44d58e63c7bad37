"""A fee policy on a page: its terms in words, worked examples, and the calculator form."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from . import formatting
from .context import Context, PlaceholderError
from .fees import Bill, calculate, example_call
from .markup import data_block, macro
from .model import Desk, Duration, FeeExample, FeePolicy
from .priceplan import browser_json, compile_plan
from .schedule import horizon


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
        parts += [self._ctx.text(f"calculator.conditions.{name}") for name in example.conditions]
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
        first, last = horizon(dt.date.today())
        plan = compile_plan(self._ctx, self._id, self._desk, self._policy, first, last)
        example = self._policy.examples[0] if self._policy.examples else None
        first_at = next((e.at for e in self._policy.examples if e.at), None)
        return macro("helpsite-fees.html", "calculator")(
            plan=plan, data=data_block(browser_json(plan)),
            text=self._ctx.text, minutes=example.seconds // 60 if example else 0,
            seconds=example.seconds % 60 if example else 0,
            start=first_at.strftime("%Y-%m-%dT%H:%M") if first_at else "")


def fee_terms(ctx: Context, policy: FeePolicy) -> list[str]:
    """The policy in sentences: each charge's terms, minimum, VAT, which calls it covers."""
    lang = ctx.language

    def money(amount) -> str:
        return formatting.money(amount, policy.currency, lang)

    def duration(value: Duration) -> str:
        return formatting.duration(value, lang)

    def percent(value) -> str:
        return formatting.percent(value, lang)

    texts = []
    if policy.when.office_hours:
        texts.append(ctx.text(f"fees.only_{policy.when.office_hours}_office_hours"))
    for charge in policy.charges:
        texts += charge.terms(ctx.text, money, duration, percent)
    if policy.minimum:
        texts.append(ctx.text("fees.minimum", price=money(policy.minimum.price)))
    if policy.vat:
        texts.append(ctx.text("fees.vat", rate=percent(policy.vat.rate),
                              label=ctx.text(f"fees.vat_labels.{policy.vat.label}")))
    if policy.calls_from:
        texts.append(ctx.text("fees.calls_from",
                              countries=formatting.countries(policy.calls_from, lang)))
    return texts
