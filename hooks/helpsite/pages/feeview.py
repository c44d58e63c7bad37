"""A fee policy on a page: its terms in words, worked examples, and the calculator form."""

from __future__ import annotations

from markupsafe import Markup

from helpsite.rules import formatting
from helpsite.model.context import Context, PlaceholderError
from helpsite.rules.fees import Bill, calculate, example_call
from helpsite.rules.inputformat import start_example
from helpsite.pages.markup import data_block, macro
from helpsite.model.model import Desk, FeeExample, FeePolicy
from helpsite.model.types import Duration
from helpsite.pages.feeterms import fee_terms
from helpsite.rules.priceplan import browser_json, compile_plan, example_start, length_examples
from helpsite.rules.schedule import build_date, horizon


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
            plan=plan, data=data_block(browser_json(plan), self._ctx.late), text=self._ctx.text,
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
