"""A fee policy's terms in sentences, and what a call to a desk's service costs at a
moment: shared by the fee view (all terms) and the service views (the price now)."""

from __future__ import annotations

import datetime as dt

from helpsite.model.context import Context
from helpsite.model.model import Desk, FeePolicy
from helpsite.model.types import Duration, time_zone
from helpsite.rules import formatting
from helpsite.rules.priceplan import (EPOCH, calendar_fact, calendar_names, calendar_schedule,
                                      compile_calendar)
from helpsite.rules.schedule import UTC


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
        texts.append(ctx.text("fees.calls_from", countries=formatting.places(
            ctx.text, policy.calls_from, "from", lang)))
    return texts


class PriceNow:
    """What a call to one of a desk's services costs at a moment, in words: the terms of
    the fee policies covering it that hold then on the desk's clock (office hours, bands),
    for calls from some countries. A service no policy covers has no price to state."""

    def __init__(self, ctx: Context, desk: Desk, first: dt.date, last: dt.date):
        self._ctx, self._desk, self._first, self._last = ctx, desk, first, last
        self._zone = time_zone(desk.timezone)
        self._texts: dict[tuple, str] = {}
        # Asked at every step of a year's timeline: what does not change, made once.
        self._separator = ctx.text("hours.separator")
        self._names = {policy_id: calendar_names(policy)
                       for policy_id, policy in desk.fees.items()}

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
                     for name in self._names[policy_id]}
            key = (policy_id, countries, tuple(sorted(facts.items())))
            if key not in self._texts:
                self._texts[key] = self._separator.join(
                    fee_terms(self._ctx, policy, facts.__getitem__, countries)
                    if policy.when.holds_on(facts.__getitem__) else [])
            texts.append(self._texts[key])
        return self._separator.join(text for text in texts if text) or None
