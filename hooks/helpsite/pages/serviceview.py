"""A service on a page: its hours in words, whether it answers now, the lines that serve it."""

from __future__ import annotations

import datetime as dt
import functools

from markupsafe import Markup

from helpsite.rules import formatting
from helpsite.model.context import Context, PlaceholderError
from helpsite.pages.markup import data_block, macro
from helpsite.model.model import Desk, Line, Service
from helpsite.pages.feeterms import PriceFacts, PriceNow
from helpsite.rules.opennow import (ServiceTexts, Situation, breakpoints, changes, said,
                                   situation_at, worded)
from helpsite.rules.schedule import UTC, Timeline, build_date, horizon

# Extra days of hours beyond the horizon, so "opens on ..." is known up to its last day.
LOOKAHEAD = dt.timedelta(days=60)


class ServiceView:
    def __init__(self, ctx: Context, desk_id: str, desk: Desk, service: Service, service_id: str):
        self._ctx, self._desk_id, self._desk = ctx, desk_id, desk
        self._service, self._id = service, service_id

    @property
    def hours(self) -> str:
        """The weekly hours, then closures and special days, in one sentence."""
        lang, service = self._ctx.language, self._service
        if service.always_open:
            return self._ctx.text("hours.around_the_clock")
        parts = [formatting.windows(service.hours, self._ctx.text("hours.every_day"), lang)]
        closures = service.closed_on
        if closures and closures.holidays:
            parts.append(self._ctx.text("hours.closed_on_holidays",
                                        region=formatting.places(self._ctx.text, (closures.holidays,),
                                                                 "in", lang)))
        if closures and closures.dates:
            # "fermé le 24 décembre", "fermé les 24 décembre et 31 décembre"
            days = sum(1 if rule.first == rule.last else 2 for rule in closures.dates)
            parts.append(self._ctx.text("hours.closed_on_dates", days, dates=formatting.date_rules(
                closures.dates, lang)))
        for special in service.special_hours:
            date = formatting.date_rules((special.date,), lang)
            parts.append(self._ctx.text("hours.special_closed", date=date) if special.start is None
                         else self._ctx.text("hours.special", date=date, hours=formatting.time_range(
                             special.start, special.end, lang)))
        return self._ctx.text("hours.separator").join(parts)

    def _duration(self, name: str) -> str:
        value = getattr(self._service, name)
        if value is None:
            raise PlaceholderError(f"service {self._id!r} states no {name}")
        return formatting.duration(value, self._ctx.language)

    @property
    def response_time(self) -> str:
        return self._duration("response_time")

    @property
    def average_answer_time(self) -> str:
        return self._duration("average_answer_time")

    @property
    def triage_within(self) -> str:
        return self._duration("triage_within")

    @property
    def menu_key(self) -> str:
        if self._service.menu_key is None:
            raise PlaceholderError(f"service {self._id!r} states no menu_key")
        return formatting.number(self._service.menu_key, self._ctx.language)

    @property
    def status(self) -> Markup:
        """Whether the service is open now, worked out in the browser (hidden without it)."""
        return open_now(self._ctx, self._desk_id, self._desk, [self._id])

    @property
    def lines(self) -> Markup:
        """A table of the numbers that serve this service in this language, each with what
        it does now for this service (and the others of its purpose on the same line: an
        emergency line's night service), its price beside it."""
        lang = self._ctx.language
        rows = [{"countries": formatting.countries(line.countries, lang),
                 "e164": line.number.e164, "display": line.number.display,
                 "status": open_now(self._ctx, self._desk_id, self._desk,
                                    same_purpose(self._desk, line, self._service.purpose),
                                    line.countries)}
                for line in self._desk.lines if self._id in line.services and line.shown_in(lang)]
        if not rows:
            raise PlaceholderError(f"no line serves {self._id!r} in language {lang!r}")
        return macro("helpsite-hours.html", "lines_table")(
            rows, self._ctx.text("lines.country"), self._ctx.text("lines.number"),
            self._ctx.text("open_now.status"))


def same_purpose(desk: Desk, line: Line, purpose: str) -> tuple[str, ...]:
    """The services a line offers for one purpose (support; emergency by day and night)."""
    return tuple(sid for sid in line.services if desk.services[sid].purpose == purpose)


def service_texts(ctx: Context, desk_id: str, service_id: str, service: Service) -> ServiceTexts:
    """The open-now sentences of one service in the context's language, each made once
    (a timeline repeats the same few hundred times)."""
    lang = ctx.language
    name = ctx.noun(f"services.{desk_id}.{service_id}")  # statuses may agree with it

    @functools.lru_cache(maxsize=None)
    def open_text(closes: int) -> str:
        if service.response_time is not None:
            response = formatting.duration(service.response_time, lang)
            if service.always_open:
                return ctx.text("open_now.active_always", service=name, response=response)
            return ctx.text("open_now.active", service=name, response=response,
                            time=formatting.time_of_day(closes, lang))
        if service.always_open:
            return ctx.text("open_now.open_always", service=name)
        return ctx.text("open_now.open_until", service=name,
                        time=formatting.time_of_day(closes, lang))

    @functools.lru_cache(maxsize=None)
    def closed(day: int | dt.date, opens: int) -> str:
        day_text = formatting.day_name(day, lang) if isinstance(day, int) \
            else formatting.day_and_date(day, lang)
        return ctx.text("open_now.closed", service=name, day=day_text,
                        time=formatting.time_of_day(opens, lang))

    @functools.lru_cache(maxsize=None)
    def closed_today(opens: int) -> str:
        return ctx.text("open_now.closed_today", service=name,
                        time=formatting.time_of_day(opens, lang))

    return ServiceTexts(open_text, closed, closed_today)


class StatusFacts:
    """What some services of a desk do at an instant, before any words (the same in every
    language): the ``Situation`` of ``situation_at`` and, while a service answers, the fee
    terms that hold then for calls from ``countries`` (all countries: none given)."""

    def __init__(self, desk: Desk, service_ids: tuple[str, ...], countries: tuple[str, ...],
                 first: dt.date, last: dt.date):
        self._ids, self._countries = service_ids, countries
        self._timelines = [Timeline.of(desk.services[sid], desk.timezone, first, last + LOOKAHEAD)
                           for sid in service_ids]
        self._prices = PriceFacts(desk, first, last)
        self.points = set(breakpoints(tuple(self._timelines))) | self._prices.changes(service_ids)

    def __call__(self, instant: dt.datetime) -> tuple[Situation, tuple] | None:
        """None where the timelines know nothing."""
        situation = situation_at(self._timelines, instant)
        if situation is None:
            return None
        return situation, (self._prices.at(self._ids[situation.which], self._countries, instant)
                           if situation.open else ())


class StatusRule:
    """What some services of a desk do at an instant as a page states it (``StatusFacts``,
    found once for every language, in ``words``): the open-now sentence and, while a paid
    service answers, its price."""

    def __init__(self, ctx: Context, desk_id: str, desk: Desk, service_ids, countries,
                 first: dt.date, last: dt.date):
        ids, self._countries = tuple(service_ids), tuple(countries)
        self.key = ("status", ids, self._countries, first, last)
        self.facts = ctx.every_language(desk_id, self.key, lambda: StatusFacts(
            desk, ids, self._countries, first, last))
        self.points = self.facts.points
        self._ctx = ctx
        self._texts = [service_texts(ctx, desk_id, sid, desk.services[sid]) for sid in ids]
        self._prices = ctx.remembered(("prices", desk_id, first, last),
                                      lambda: PriceNow(ctx, desk, first, last))
        self._priced: dict[tuple[str, str], str] = {}  # a year of steps says a few of them

    def words(self, facts: tuple[Situation, tuple] | None) -> list | None:
        """[open, sentence], or None where nothing is known."""
        if facts is None:
            return None
        situation, terms = facts
        text = said(situation, self._texts[situation.which])
        price = terms and self._prices.said(terms, self._countries)
        if not price:
            return [situation.open, text]
        if (text, price) not in self._priced:
            self._priced[text, price] = self._ctx.text("open_now.priced", status=text, price=price)
        return [situation.open, self._priced[text, price]]


def compiled(ctx: Context, desk_id: str, rule, start: dt.datetime, end: dt.datetime) -> dict:
    """A rule's timeline (``StatusRule``: its ``key``, ``facts``, ``points`` and ``words``)
    in the context's language: the steps of its facts found once for every language."""
    steps = ctx.every_language(desk_id, ("steps", rule.key, start, end), lambda: changes(
        rule.facts, sorted(rule.points), start, end))
    return worded(steps, rule.words)


def span(today: dt.date | None = None) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """The days a page's timelines cover, and their first and last instant."""
    first, last = horizon(today or build_date())
    return (first, last, dt.datetime.combine(first, dt.time(), tzinfo=UTC),
            dt.datetime.combine(last, dt.time(), tzinfo=UTC))


def status_timeline(ctx: Context, desk_id: str, desk: Desk, service_ids, countries=(),
                    today: dt.date | None = None) -> dict:
    """The compiled status of these services over the horizon of ``today``."""
    first, last, start, end = span(today)

    return ctx.per_desk(desk_id, ("status", tuple(service_ids), tuple(countries), first, last),
                        lambda: compiled(ctx, desk_id, StatusRule(
                            ctx, desk_id, desk, service_ids, countries, first, last), start, end))


def open_now(ctx: Context, desk_id: str, desk: Desk, service_ids, countries=()) -> Markup:
    """A status the page's script fills in: which of these services answers now, or when the
    first of them opens. Every sentence and instant comes compiled from here."""
    return ctx.remembered(("open_now", desk_id, tuple(service_ids), tuple(countries)), lambda: macro(
        "helpsite-hours.html", "open_now")(data_block(
            status_timeline(ctx, desk_id, desk, service_ids, countries), ctx.late)))
