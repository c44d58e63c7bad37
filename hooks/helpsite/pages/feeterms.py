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


class PriceFacts:
    """Which terms of a desk's fee policies hold at a moment on the desk's clock (office
    hours, bands) for calls from some countries: the same in every language."""

    def __init__(self, desk: Desk, first: dt.date, last: dt.date):
        self._desk, self._first, self._last = desk, first, last
        self._zone = time_zone(desk.timezone)
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

    def at(self, service_id: str, countries: tuple[str, ...],
           instant: dt.datetime) -> tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]:
        """Each policy covering the service, with the calendar facts that hold then."""
        wall = instant.astimezone(self._zone).replace(tzinfo=None)
        return tuple((policy_id, tuple((name, calendar_fact(self._desk, policy, name, wall))
                                       for name in self._names[policy_id]))
                     for policy_id, policy in self._policies(service_id, countries))


class PriceNow:
    """What a call to one of a desk's services costs at a moment, in words: the terms of
    the fee policies covering it that hold then (``PriceFacts``). A service no policy
    covers has no price to state."""

    def __init__(self, ctx: Context, desk: Desk, first: dt.date, last: dt.date):
        self._ctx, self._desk = ctx, desk
        self.facts = PriceFacts(desk, first, last)
        self._texts: dict[tuple, str] = {}
        # Asked at every step of a year's timeline: what does not change, made once.
        self._separator = ctx.text("hours.separator")

    def text(self, service_id: str, countries: tuple[str, ...], instant: dt.datetime) -> str | None:
        return self.said(self.facts.at(service_id, countries, instant), countries)

    def said(self, terms: tuple, countries: tuple[str, ...]) -> str | None:
        """``PriceFacts.at`` in words."""
        texts = []
        for policy_id, facts in terms:
            key = (policy_id, countries, facts)
            if key not in self._texts:
                policy, holds = self._desk.fees[policy_id], dict(facts).__getitem__
                self._texts[key] = self._separator.join(
                    fee_terms(self._ctx, policy, holds, countries)
                    if policy.when.holds_on(holds) else [])
            texts.append(self._texts[key])
        return self._separator.join(text for text in texts if text) or None
