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

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from helpsite.rules import formatting
from helpsite.model.context import Context, PlaceholderError
from helpsite.pages.markup import data_block, macro
from helpsite.model.model import Desk
from helpsite.rules.opennow import compile_steps
from helpsite.pages.serviceview import StatusRule, same_purpose, span


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

    def state(self, country: str, first: dt.date, last: dt.date):
        """The rule for the country's rows: instant -> list of [row, open, sentence], the
        rows that answer then first (None where nothing is known), and the instants where
        it may change."""
        countries = () if country == ANYWHERE else (country,)
        rules = [StatusRule(self._ctx, self._id, self._desk, services, countries, first, last)
                 for _, _, services in self.rows(country)]

        def state_at(instant: dt.datetime) -> list | None:
            entries = [[row, *status] for row, status in
                       ((row, rule(instant)) for row, rule in enumerate(rules)) if status]
            return sorted(entries, key=lambda entry: not entry[1]) or None

        return state_at, sorted(set().union(*(rule.points for rule in rules)))

    def timeline(self, country: str) -> dict:
        """The country's rows compiled over the horizon, for the page's script."""
        first, last, start, end = span(self._today)
        state_at, points = self.state(country, first, last)
        return compile_steps(state_at, points, start, end)

    def _markup(self) -> Markup:
        lang, text = self._ctx.language, self._ctx.text
        codes = self.countries()
        timelines = {code: self.timeline(code) for code in codes}
        countries = [{"code": code, "label": formatting.countries((code,), lang) if code else "",
                      "rows": [{"href": href, "display": display,
                                "services": formatting.names(
                                    [text(f"services.{self._id}.{sid}") for sid in services], lang),
                                "longest": longest(timelines[code], row)}
                               for row, (href, display, services) in enumerate(self.rows(code))]}
                     for code in codes]
        chosen = default_country(lang, codes)
        heading = text("answer.heading" if chosen != ANYWHERE else "answer.heading_write")
        return macro("helpsite-answer.html", "answer_box")(
            countries, chosen, data_block({"default": chosen, "timelines": timelines}),
            heading, text("calculator.calling_from"), text("answer.unknown"),
            text("answer.clock", zone=formatting.timezone(self._desk.timezone, lang)))


def longest(timeline: dict, row: int) -> str:
    """The row's longest sentence over the timeline: the room its status keeps from the first
    paint, so filling it in moves nothing below."""
    return max((text for state in timeline["texts"] if state
                for entry_row, _, text in state if entry_row == row), key=len, default="")
