"""What placeholders name: a desk and its parts (``desk.email``, ``desk.service.X.hours``,
``desk.fee.Y.terms``, ...), each a view that formats the model's facts in the page's
language; and the writers' translation-status table."""

from __future__ import annotations

from helpsite.model.context import Context, PlaceholderError
from helpsite.model.model import Desk
from helpsite.model.strings import Strings
from helpsite.pages.answerbox import AnswerBox
from helpsite.pages.feeview import FeeView
from helpsite.pages.markup import Markdown as Markup, macro
from helpsite.pages.sandbox import Lookup
from helpsite.pages.serviceview import ServiceView
from helpsite.rules import formatting


def _link(scheme: str, target: str, text: str) -> Markup:
    return Markup('<a href="{}:{}">{}</a>').format(scheme, target, text)


def _bullets(items: list[str | Markup]) -> Markup:
    return Markup("\n").join(Markup("- {}").format(item) for item in items)


class Deferred:
    """A placeholder value computed only if a page uses it (Jinja calls ``__html__``)."""

    def __init__(self, function, *args):
        self._function, self._args = function, args

    def __html__(self) -> str:
        return self._function(*self._args)


class AccessView:
    def __init__(self, ctx: Context, desk: Desk):
        self._ctx, self._access = ctx, desk.access

    @property
    def presets(self) -> Markup:
        """The access periods in order, the default in bold with its marker."""
        lang, items = self._ctx.language, []
        for preset in self._access.presets:
            name = (self._ctx.text(f"access.{preset.period}") if isinstance(preset.period, str)
                    else formatting.duration(preset.period, lang))
            items.append(Markup("**{}** ({})").format(name, self._ctx.text("access.default"))
                         if preset.default else name)
        return _bullets(items)

    @property
    def overview_covers(self) -> str:
        return formatting.duration(self._access.overview_covers, self._ctx.language)

    @property
    def data_export_default(self) -> str:
        return self._ctx.text("access.on" if self._access.data_export_default else "access.off")


class DeskView:
    def __init__(self, ctx: Context, desk_id: str, desk: Desk):
        self._ctx, self._id, self._desk = ctx, desk_id, desk

    @property
    def name(self) -> str:
        return self._desk.name

    @property
    def email(self) -> Markup:
        address = self._desk.email_for(self._ctx.language)
        if address is None:
            raise PlaceholderError(f"desk {self._id!r} states no e-mail address")
        return _link("mailto", address, address)

    @property
    def timezone(self) -> str:
        return formatting.timezone(self._desk.timezone, self._ctx.language)

    @property
    def answer_box(self) -> AnswerBox:
        """For the visitor's country: the number to call now, its status and price."""
        return AnswerBox(self._ctx, self._id, self._desk)

    @property
    def service(self) -> Lookup:
        return Lookup("service", self._desk.services, lambda sid: ServiceView(
            self._ctx, self._id, self._desk, self._desk.services[sid], sid))

    @property
    def fee(self) -> Lookup:
        return Lookup("fee policy", self._desk.fees, lambda pid: FeeView(
            self._ctx, pid, self._desk, self._desk.fees[pid]))

    @property
    def access(self) -> AccessView:
        if self._desk.access is None:
            raise PlaceholderError(f"desk {self._id!r} states no access presets")
        return AccessView(self._ctx, self._desk)

    @property
    def fact(self) -> Lookup:
        return Lookup("fact", self._desk.facts, lambda fid: self._fact_text(self._desk.facts[fid]))

    def _fact_text(self, fact) -> str:
        if fact.duration is not None:
            return formatting.duration(fact.duration, self._ctx.language)
        if fact.count is not None:
            return formatting.number(fact.count, self._ctx.language)
        return fact.text

    @property
    def list(self) -> Lookup:
        return Lookup("list", self._desk.lists, lambda list_id: _bullets(
            [self._ctx.text(f"lists.{self._id}.{item}") for item in self._desk.lists[list_id]]))


def status_markdown(summary: dict, strings: Strings, language: str) -> Markup:
    """The writers' translation-status table: per language, what is missing, outdated,
    inconsistent with its source or silenced."""
    ctx = Context(strings, language)
    return macro("helpsite-status.html", "table")(
        [ctx.text(f"status.{column}") for column in ("language", "missing", "outdated",
                                                     "inconsistent", "ignored")],
        [(lang, (status.missing, status.outdated, status.inconsistent, status.ignored))
         for lang, status in summary.items()],
        ctx.text("status.none"))
