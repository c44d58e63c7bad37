"""The answer box at the top of a desk's article: for the visitor's country, which number
to call now, whether it answers, until when and what a call costs from there; for a desk
with no number (booking by chat or e-mail), its e-mail address and whether it answers.

Per country, the build compiles one timeline whose every state is that country's rows (a
line and what it is for: support, emergency ...) in the order a caller needs them, the
ones answering now first, each with its sentence and price from ``StatusRule``, the rule
the lines tables use. The build chooses the page language's country, so its numbers
are the first paint; the page's script (pages/theme/assets/helpsite-open-now.js) only finds
the step that holds now and shows a remembered other country in the same room; without it,
the box lists the numbers by country.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from helpsite.rules import formatting
from helpsite.model.context import Context, PlaceholderError
from helpsite.pages.markup import data_block, macro
from helpsite.model.model import Desk
from helpsite.rules.opennow import compile_steps
from helpsite.pages.serviceview import StatusRule, compiled, same_purpose, span


def default_country(language: str, offered: list[str]) -> str:
    """The country CLDR deems likeliest for the language (de: DE, da: DK), if the desk has a
    number for it; else the desk's first."""
    likely = get_global("likely_subtags").get(language)
    territory = Locale.parse(likely).territory if likely else None
    return territory if territory in offered else offered[0]


# The "country" of a desk without a number in the page's language: its e-mail answers from
# anywhere, so the box has one block and no picker.
ANYWHERE = ""


class AnswerBox:
    def __init__(self, ctx: Context, desk_id: str, desk: Desk, today: dt.date | None = None):
        self._ctx, self._id, self._desk, self._today = ctx, desk_id, desk, today

    def __html__(self) -> str:
        return self._ctx.remembered(("answer_box", self._id), self._markup)

    def countries(self) -> list[str]:
        """The countries the desk's numbers serve in this language, or ``[ANYWHERE]`` for a
        desk reached by e-mail only (booking by chat or e-mail)."""
        lang = self._ctx.language
        codes = list(dict.fromkeys(code for line in self._desk.lines if line.shown_in(lang)
                                   for code in line.countries))
        if codes:
            return codes
        if self._desk.email_for(lang) is None:
            raise PlaceholderError(f"desk {self._id!r} has no number and no e-mail address "
                                   f"for language {lang!r}: give it one of them")
        return [ANYWHERE]

    def rows(self, country: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """(link, what it shows, the services it offers for one purpose) for a caller from
        ``country``, purposes in the order the desk lists its services."""
        purposes = list(dict.fromkeys(service.purpose for service in self._desk.services.values()))
        if country == ANYWHERE:
            address = self._desk.email_for(self._ctx.language)
            return [(f"mailto:{address}", address, tuple(
                sid for sid, service in self._desk.services.items() if service.purpose == purpose))
                for purpose in purposes]
        return [(f"tel:{line.number.e164}", line.number.display,
                 same_purpose(self._desk, line, purpose)) for purpose in purposes
                for line in self._desk.lines
                if country in line.countries and line.shown_in(self._ctx.language)
                and same_purpose(self._desk, line, purpose)]

    def shared_number(self, country: str) -> dict[str, str]:
        """For a number that is a free line for some purposes and a paid one for others, in
        the caller's country (onOffice's Austrian line: support, and the charged emergency
        services), the sentence saying which calls cost: {link: sentence}."""
        def paid(service: str) -> bool:
            return any(service in fee.services and (not fee.calls_from or country in fee.calls_from)
                       for fee in self._desk.fees.values())

        purposes: dict[str, list[tuple[str, ...]]] = {}
        for href, _, services in self.rows(country):
            purposes.setdefault(href, []).append(services)
        notes = {}
        for href, groups in purposes.items():
            free = [sid for group in groups for sid in group if not paid(sid)]
            charged = [sid for group in groups for sid in group if paid(sid)]
            if free and charged:
                notes[href] = self._ctx.text("answer.shared_number", free=self._names(free),
                                             paid=self._names(charged))
        return notes

    def _names(self, services: list[str]) -> str:
        return formatting.names([self._ctx.text(f"services.{self._id}.{sid}") for sid in services],
                                self._ctx.language)

    def rule(self, country: str, first: dt.date, last: dt.date) -> AnswerRule:
        """The rule for the country's rows."""
        countries = () if country == ANYWHERE else (country,)
        return AnswerRule([StatusRule(self._ctx, self._id, self._desk, services, countries,
                                      first, last) for _, _, services in self.rows(country)])

    def timeline(self, country: str) -> dict:
        """The country's rows compiled over the horizon, for the page's script."""
        first, last, start, end = span(self._today)
        return self._ctx.per_desk(self._id, ("answer", country, first, last), lambda: compiled(
            self._ctx, self._id, self.rule(country, first, last), start, end))

    def _markup(self) -> Markup:
        lang, text = self._ctx.language, self._ctx.text
        codes = self.countries()
        timelines = {code: self.timeline(code) for code in codes}
        def notes(code: str) -> dict[int, str]:  # under the last row of each shared number
            last = {href: row for row, (href, _, _) in enumerate(self.rows(code))}
            return {last[href]: note for href, note in self.shared_number(code).items()}

        countries = [{"code": code, "label": formatting.countries((code,), lang) if code else "",
                      "rows": [{"href": href, "display": display,
                                "services": self._names(list(services)),
                                "sentences": sentences(timelines[code], row),
                                "note": notes(code).get(row, "")}
                               for row, (href, display, services) in enumerate(self.rows(code))]}
                     for code in codes]
        chosen = default_country(lang, codes)
        heading = text("answer.heading" if chosen != ANYWHERE else "answer.heading_write")
        # Countries served by the same lines share one timeline (DE, AT and CH often do).
        distinct = [timeline for number, timeline in enumerate(timelines.values())
                    if timeline not in list(timelines.values())[:number]]
        data = {"default": chosen, "timelines": distinct,
                "countries": {code: distinct.index(timeline) for code, timeline in timelines.items()}}
        data["clock"] = self.clock()
        return macro("helpsite-answer.html", "answer_box")(
            countries, chosen, data_block(data, self._ctx.late),
            heading, text("calculator.calling_from"), text("answer.unknown"),
            text("answer.clock", zone=formatting.timezone(self._desk.timezone, lang)),
            clock_sentences(data["clock"]))

    def clock(self) -> dict:
        """What the script needs to say the time at the desk and, where the visitor's clock
        differs, theirs: the desk's UTC offset over the horizon (minutes, as a timeline),
        the language's time of day for each hour ("7:{m} PM", the minutes left to fill in)
        and the two sentences, their times as {0} (the desk's) and {1} (the visitor's)."""
        _, _, start, end = span(self._today)
        return {"offsets": offsets(self._desk.timezone, start, end),
                "hours": [formatting.time_of_day(hour * 60 + 59, self._ctx.language)
                          .replace("59", "{m}") for hour in range(24)],
                "same": self._ctx.text("answer.time_there", there="{0}"),
                "differs": self._ctx.text("answer.time_yours", there="{0}", here="{1}")}


class AnswerRule:
    """Some rows' ``StatusRule``s together: at an instant, the rows that answer then first,
    each [row, open, sentence] (None where nothing is known)."""

    def __init__(self, rules: list[StatusRule]):
        self._rules = rules
        self.key = ("answer", *(rule.key for rule in rules))
        self.points = set().union(*(rule.points for rule in rules))

    def facts(self, instant: dt.datetime) -> tuple | None:
        found = [(row, facts) for row, facts in
                 ((row, rule.facts(instant)) for row, rule in enumerate(self._rules)) if facts]
        return tuple(sorted(found, key=lambda entry: not entry[1][0].open)) or None

    def words(self, facts: tuple | None) -> list | None:
        return facts and [[row, *self._rules[row].words(found)] for row, found in facts]


def sentences(timeline: dict, row: int) -> list[str]:
    """Every sentence the row's status can say over the timeline: the room it keeps from the
    first paint is the largest of them as the browser sets them (the longest in characters
    can be narrower than another: a layout shift at some hours of the day)."""
    return sorted({text for state in timeline["texts"] if state
                   for entry_row, _, text in state if entry_row == row})


def clock_sentences(clock: dict) -> list[str]:
    """Every shape of sentence the script may write under the zone's name, its times' digits
    as 0 (a font's digits share one width): its room from the first paint, so that a
    visitor abroad, who sees one more time, sees nothing below move."""
    faces = sorted({re.sub(r"\d", "0", hour).replace("{m}", "00") for hour in clock["hours"]})
    return sorted({clock["same"].replace("{0}", there) for there in faces} |
                  {clock["differs"].replace("{0}", there).replace("{1}", here)
                   for there in faces for here in faces})


@functools.lru_cache(maxsize=64)
def offsets(zone: str, start: dt.datetime, end: dt.datetime) -> dict:
    """The zone's offset from UTC in minutes as a timeline from ``start`` to ``end``: the
    page's script reads the desk's wall clock from it, not from the browser's zone data."""
    tz = ZoneInfo(zone)

    def offset(minute: int) -> int:
        moment = dt.datetime.fromtimestamp(minute * 60, dt.timezone.utc).astimezone(tz)
        return int(moment.utcoffset().total_seconds()) // 60

    changes = []
    first, last = int(start.timestamp()) // 60, int(end.timestamp()) // 60
    for day in range(first, last, 1440):
        low, high = day, min(day + 1440, last)
        if offset(low) == offset(high):
            continue
        while high - low > 1:  # the first minute with the new offset
            middle = (low + high) // 2
            low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
        changes.append(dt.datetime.fromtimestamp(high * 60, dt.timezone.utc))
    return compile_steps(lambda instant: offset(int(instant.timestamp()) // 60), changes,
                         start, end)
