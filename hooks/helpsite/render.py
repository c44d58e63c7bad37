"""Rendering: page Markdown with placeholders -> Markdown with every fact filled in.

Placeholders are Jinja expressions run in a sandbox with ``StrictUndefined``: one that
names nothing is an error with the page's file:line, never an empty string. Every value a
placeholder yields is HTML-escaped unless it is markup built here from escaped parts.
"""

from __future__ import annotations

import functools
import json
import re
import traceback
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from babel.numbers import get_currency_precision
from markupsafe import Markup, escape

from . import formatting
from .errors import Problem, SourceError
from .fees import Call, FeeInputError, FeeLine, calculate
from .model import Desk, Duration, FeeExample, FeePolicy, Service, SiteData
from .strings import StringError, Strings
from .yamlsource import SourceDocument, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


class PlaceholderError(Exception):
    """A placeholder names something that does not exist."""


@dataclass(frozen=True)
class PageSource:
    path: str
    text: str  # the whole file, front matter included
    front_matter: SourceDocument
    body: str
    body_first_line: int

    @property
    def meta(self) -> dict:
        return self.front_matter.data


def split_page(text: str, display_path: str) -> PageSource:
    """Separate YAML front matter (validated strictly) from the Markdown body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return PageSource(display_path, text, SourceDocument(display_path, {}, {}), text, 1)
    front_matter = parse_yaml(match[1] or "", display_path, first_line=2)
    if not isinstance(front_matter.data, dict):
        raise SourceError([Problem(display_path, 2, 1, "front matter must be a mapping")])
    return PageSource(display_path, text, front_matter, text[match.end():],
                      match[0].count("\n") + 1)


def with_front_matter(text: str, key: str, value: str) -> str:
    """The page text with ``key: value`` set in its front matter (added if absent)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return f"---\n{key}: {value}\n---\n\n{text}"
    inner = match[1] or ""
    line = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    inner = line.sub(f"{key}: {value}", inner) if line.search(inner) else inner + f"{key}: {value}\n"
    return f"---\n{inner}---\n" + text[match.end():]


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


class _Lookup:
    """Attribute access to named things, with an error that lists what exists. Each item
    is made only when a page asks for it."""

    def __init__(self, kind: str, names, make):
        self._kind, self._names, self._make = kind, names, make

    def __getattr__(self, name: str) -> Any:
        return self[name]

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            known = ", ".join(sorted(self._names)) or "none"
            raise PlaceholderError(f"there is no {self._kind} {name!r} (known: {known})")
        return self._make(name)


class Context:
    """Rendering in one language. ``memo`` keeps markup that many pages repeat (a desk's
    line statuses, a fee's examples) for the life of the context."""

    def __init__(self, strings: Strings, language: str):
        self.strings, self.language = strings, language
        self.memo: dict[tuple, Any] = {}

    def remembered(self, key: tuple, make) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def text(self, key: str, **values: str) -> str:
        return self.strings.format(self.language, key, **values)


class ServiceView:
    def __init__(self, ctx: Context, desk_id: str, desk: Desk, service: Service, service_id: str):
        self._ctx, self._desk_id, self._desk = ctx, desk_id, desk
        self._service, self._id = service, service_id

    @property
    def hours(self) -> str:
        lang = self._ctx.language
        if self._service.always_open:
            return self._ctx.text("hours.around_the_clock")
        return formatting.windows(self._service.hours, self._ctx.text("hours.every_day"), lang)

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
        """A table of the numbers that serve this service in this language, each with
        whether it answers now."""
        lang = self._ctx.language
        rows = [line for line in self._desk.lines
                if self._id in line.services and line.shown_in(lang)]
        if not rows:
            raise PlaceholderError(f"no line serves {self._id!r} in language {lang!r}")
        body = Markup("").join(
            Markup('<tr><td>{}</td><td>{}</td><td class="helpsite-now" hidden>{}</td></tr>').format(
                formatting.countries(line.countries, lang),
                _link("tel", line.number.e164, line.number.display),
                open_now(self._ctx, self._desk_id, self._desk, line.services))
            for line in rows)
        return Markup(
            '<table class="helpsite-lines">\n<thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col" class="helpsite-now" hidden>{}</th></tr>'
            '</thead>\n<tbody>{}</tbody>\n</table>'
        ).format(self._ctx.text("lines.country"), self._ctx.text("lines.number"),
                 self._ctx.text("open_now.status"), body)


def open_now(ctx: Context, desk_id: str, desk: Desk, service_ids) -> Markup:
    """A status the page's script fills in: which of these services answers now, or when the
    first of them opens, judged on the desk's clock. Texts and times come formatted from here."""
    return ctx.remembered(("open_now", desk_id, tuple(service_ids)),
                          lambda: _open_now(ctx, desk_id, desk, service_ids))


def _open_now(ctx: Context, desk_id: str, desk: Desk, service_ids) -> Markup:
    lang = ctx.language
    services = []
    for service_id in service_ids:
        service = desk.services[service_id]
        name = ctx.text(f"services.{desk_id}.{service_id}")
        if service.response_time is not None:
            open_text = ctx.text("open_now.active", service=name,
                                 response=formatting.duration(service.response_time, lang))
        elif service.always_open:
            open_text = ctx.text("open_now.open_always", service=name)
        else:
            open_text = ctx.text("open_now.open_until", service=name, time="{time}")
        boundaries = {minute for w in service.hours for minute in (w.start, w.end)}
        services.append({
            "zone": desk.timezone,
            "windows": [{"days": list(w.days), "start": w.start, "end": w.end} for w in service.hours],
            "open": open_text,
            "closed": ctx.text("open_now.closed", service=name, day="{day}", time="{time}"),
            "closedToday": ctx.text("open_now.closed_today", service=name, time="{time}"),
            "times": {str(minute): formatting.time_of_day(minute, lang) for minute in boundaries},
            "days": [formatting.day_name(day, lang) for day in range(7)],
        })
    return Markup('<span class="helpsite-open-now" data-services="{}"></span>').format(
        json.dumps(services, ensure_ascii=False))


class FeeView:
    def __init__(self, ctx: Context, policy_id: str, desk: Desk, policy: FeePolicy):
        self._ctx, self._id, self._desk, self._policy = ctx, policy_id, desk, policy

    def _money(self, amount) -> str:
        return formatting.money(amount, self._policy.currency, self._ctx.language)

    def _charge_texts(self) -> list[str]:
        lang, texts = self._ctx.language, []
        for charge in self._policy.charges:
            if charge.kind == "block":
                texts.append(self._ctx.text("fees.block", price=self._money(charge.price),
                                            block=formatting.duration(charge.block, lang)))
            elif charge.kind == "flat":
                texts.append(self._ctx.text(f"fees.labels.{charge.label}",
                                            price=self._money(charge.price)))
            else:
                rate = (self._ctx.text("fees.hourly_agreement") if charge.rate == "agreement"
                        else self._money(charge.rate))
                texts.append(self._ctx.text("fees.hourly", rate=rate,
                                            increment=formatting.duration(charge.increment, lang)))
                if charge.surcharge_outside_office_hours:
                    texts.append(self._ctx.text(
                        "fees.surcharge",
                        percent=formatting.percent(charge.surcharge_outside_office_hours, lang)))
                if charge.included_inside_office_hours:
                    texts.append(self._ctx.text(
                        "fees.included",
                        duration=formatting.duration(charge.included_inside_office_hours, lang)))
        return texts

    @property
    def terms(self) -> Markup:
        """A bullet list of what is charged, VAT and which calls it applies to."""
        lang, texts = self._ctx.language, self._charge_texts()
        if self._policy.vat:
            texts.append(self._ctx.text(
                "fees.vat", rate=formatting.percent(self._policy.vat.rate, lang),
                label=self._ctx.text(f"fees.vat_labels.{self._policy.vat.label}")))
        if self._policy.calls_from:
            texts.append(self._ctx.text(
                "fees.calls_from", countries=formatting.countries(self._policy.calls_from, lang)))
        return _bullets(texts)

    def _describe(self, example: FeeExample) -> str:
        lang, parts = self._ctx.language, []
        if example.at is not None:
            parts.append(formatting.weekday_and_time(example.at, lang))
        if example.minutes or example.at is None:
            parts.append(formatting.duration(Duration(example.minutes, "minute"), lang))
        if example.critical is not None:
            parts.append(self._ctx.text(
                "calculator.is_critical" if example.critical else "calculator.not_critical"))
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
            result = calculate(self._id, self._desk, Call(
                minutes=example.minutes, start=example.at, critical=example.critical,
                hourly_rate=example.hourly_rate))
            items = Markup("<br>").join(
                Markup("{}: {}").format(fee_line_label(self._ctx, line), self._money(line.amount))
                for line in result.lines)
            rows.append(Markup("<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td></tr>").format(
                self._describe(example), items, self._money(result.total)))
        return Markup(
            '<table class="helpsite-fee-examples">\n<thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n<tbody>{}</tbody>\n'
            '</table>').format(self._ctx.text("calculator.call"), self._ctx.text("calculator.item"),
                               self._ctx.text("calculator.total"), Markup("").join(rows))

    @property
    def calculator(self) -> Markup:
        """A form that prices a call in the browser; hidden until its script runs."""
        return self._ctx.remembered(("calculator", self._id), self._calculator)

    def _calculator(self) -> Markup:
        config = calculator_config(self._ctx, self._id, self._desk, self._policy)
        text = self._ctx.text
        fields = [Markup('<p><label>{} <input type="number" name="minutes" min="0" step="any" '
                         'inputmode="decimal" value="{}"></label></p>').format(
            text("calculator.minutes"), self._policy.examples[0].minutes
            if self._policy.examples else 0)]
        if config["officeHours"] is not None:
            first_at = next((e.at for e in self._policy.examples if e.at), None)
            fields.append(Markup('<p><label>{} <input type="datetime-local" name="start" '
                                 'value="{}"></label></p>').format(
                text("calculator.start"), first_at.strftime("%Y-%m-%dT%H:%M") if first_at else ""))
        if config["asksCritical"]:
            fields.append(Markup('<p><label><input type="checkbox" name="critical"> {}</label>'
                                 '</p>').format(text("calculator.critical")))
        if config["asksRate"]:
            fields.append(Markup('<p><label>{} <input type="number" name="rate" min="0" '
                                 'step="any" inputmode="decimal"></label></p>').format(
                text("calculator.hourly_rate")))
        payload = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        return Markup(
            '<form class="helpsite-fee" data-policy="{}" hidden>\n'
            '<script type="application/json">{}</script>\n<fieldset><legend>{}</legend>\n{}\n'
            '</fieldset>\n<output aria-live="polite"></output>\n</form>'
        ).format(self._id, Markup(payload), text("calculator.heading"), Markup("\n").join(fields))


def fee_line_label(ctx: "Context", line: FeeLine) -> str:
    """The line's label in the context's language, its values formatted there."""
    lang, values = ctx.language, {}
    for name, value in line.label_values.items():
        if isinstance(value, Duration):
            values[name] = formatting.duration(value, lang)
        elif name == "label":
            values[name] = ctx.text(f"fees.vat_labels.{value}")
        else:
            values[name] = formatting.percent(value, lang)
    return ctx.text(line.label, **values)


def calculator_config(ctx: "Context", policy_id: str, desk: Desk, policy: FeePolicy) -> dict:
    """What the page's calculator script needs: the policy with its labels in one language.

    Amounts are decimal strings, so the script can compute exactly as the Python does.
    """
    def label(key: str, **values) -> str:
        return fee_line_label(ctx, FeeLine(key, Decimal(0), Decimal(0), Decimal(0), values))

    charges = []
    for charge in policy.charges:
        when = {"critical": charge.when.critical, "officeHours": charge.when.office_hours}
        if charge.kind == "block":
            charges.append({"kind": "block", "when": when, "price": str(charge.price),
                            "blockMinutes": str(charge.block.minutes),
                            "label": label("calculator.block", block=charge.block)})
        elif charge.kind == "flat":
            charges.append({"kind": "flat", "when": when, "price": str(charge.price),
                            "label": label(f"calculator.labels.{charge.label}")})
        else:
            included = charge.included_inside_office_hours
            charges.append({
                "kind": "hourly", "when": when, "rate": str(charge.rate),
                "incrementMinutes": str(charge.increment.minutes),
                "label": label("calculator.hourly", increment=charge.increment),
                "surcharge": str(charge.surcharge_outside_office_hours),
                "surchargeLabel": label("calculator.surcharge",
                                        percent=charge.surcharge_outside_office_hours),
                "includedMinutes": str(included.minutes) if included else None,
                "includedLabel": label("calculator.included", duration=included) if included else None,
            })
    office = desk.services[policy.office_hours].hours if policy.office_hours else None
    return {
        "policy": policy_id,
        "lang": ctx.language,
        "currency": policy.currency,
        "digits": get_currency_precision(policy.currency),
        "money": formatting.money_parts(policy.currency, ctx.language),
        "officeHours": None if office is None else [
            {"days": list(w.days), "start": w.start, "end": w.end} for w in office],
        "asksCritical": any(c.when.critical is not None for c in policy.charges),
        "asksRate": any(c.kind == "hourly" and c.rate == "agreement" for c in policy.charges),
        "vat": None if policy.vat is None else {
            "rate": str(policy.vat.rate),
            "label": label("calculator.vat", rate=policy.vat.rate, label=policy.vat.label)},
        "charges": charges,
        "text": {key: ctx.text(f"calculator.{key}") for key in
                 ("item", "amount", "total", "need_rate", "need_start", "bad_minutes")},
    }


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
    def service(self) -> _Lookup:
        return _Lookup("service", self._desk.services, lambda sid: ServiceView(
            self._ctx, self._id, self._desk, self._desk.services[sid], sid))

    @property
    def fee(self) -> _Lookup:
        return _Lookup("fee policy", self._desk.fees, lambda pid: FeeView(
            self._ctx, pid, self._desk, self._desk.fees[pid]))

    @property
    def access(self) -> AccessView:
        if self._desk.access is None:
            raise PlaceholderError(f"desk {self._id!r} states no access presets")
        return AccessView(self._ctx, self._desk)

    @property
    def fact(self) -> _Lookup:
        return _Lookup("fact", self._desk.facts, lambda fid: self._fact_text(self._desk.facts[fid]))

    def _fact_text(self, fact) -> str:
        if fact.duration is not None:
            return formatting.duration(fact.duration, self._ctx.language)
        if fact.count is not None:
            return formatting.number(fact.count, self._ctx.language)
        return fact.text

    @property
    def list(self) -> _Lookup:
        return _Lookup("list", self._desk.lists, lambda list_id: _bullets(
            [self._ctx.text(f"lists.{self._id}.{item}") for item in self._desk.lists[list_id]]))


def status_markdown(summary: dict, strings: Strings, language: str) -> Markup:
    """The writers' translation-status table: per language, what is missing, outdated or
    inconsistent with its source."""
    ctx = Context(strings, language)
    none = ctx.text("status.none")

    def cell(items) -> Markup:
        return Markup("<br>").join(str(item) for item in items) if items else Markup(none)

    rows = Markup("").join(
        Markup("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            lang, cell(status.missing), cell(status.outdated), cell(status.inconsistent),
            cell(status.ignored))
        for lang, status in summary.items())
    return Markup('<table class="helpsite-status">\n<thead><tr><th scope="col">{}</th>'
                  '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
                  '<th scope="col">{}</th></tr></thead>\n<tbody>{}</tbody>\n</table>').format(
        ctx.text("status.language"), ctx.text("status.missing"), ctx.text("status.outdated"),
        ctx.text("status.inconsistent"), ctx.text("status.ignored"), rows)


_ENVIRONMENT = SandboxedEnvironment(
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_RENDER_ERRORS = (jinja2.TemplateError, PlaceholderError, StringError, FeeInputError)


@functools.lru_cache(maxsize=4096)
def _expression(source: str):
    """A placeholder's expression, compiled once however many pages use it."""
    return _ENVIRONMENT.compile_expression(source, undefined_to_none=False)


def _problem(page: PageSource, line: int, error: BaseException) -> PageProblem:
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, jinja2.UndefinedError):
        message = f"placeholder names nothing: {message}"
    return PageProblem(Problem(page.path, page.body_first_line - 1 + line, 1, message))


def _fill(page: PageSource, variables: dict[str, Any]) -> str:
    """Substitute each {{ placeholder }}, escaped unless it is markup built here.

    Compiling every page as a Jinja template was most of the build's cost; pages repeat
    the same few placeholders, so each expression is compiled once and reused.
    """
    body, parts, start = page.body, [], 0
    for match in _PLACEHOLDER.finditer(body):
        parts.append(body[start:match.start()])
        try:
            parts.append(escape(_expression(match[1].strip())(**variables)))
        except _RENDER_ERRORS as error:
            raise _problem(page, body.count("\n", 0, match.start()) + 1, error) from None
        start = match.end()
    parts.append(body[start:])
    return "".join(parts)


def _template(page: PageSource, variables: dict[str, Any]) -> str:
    """A page with Jinja statements ({% %}, {# #}) rendered as a whole template."""
    try:
        code = _ENVIRONMENT.compile(page.body, page.path, page.path)
        return _ENVIRONMENT.template_class.from_code(_ENVIRONMENT, code, {}).render(variables)
    except _RENDER_ERRORS as error:
        line = getattr(error, "lineno", None) or next(
            (frame.lineno for frame in reversed(traceback.extract_tb(error.__traceback__))
             if frame.filename == page.path), 1)
        raise _problem(page, line, error) from None


def render_body(page: PageSource, data: SiteData, ctx: Context,
                extra: dict[str, Any] | None = None) -> str:
    """Fill the placeholders of one page in ``ctx``'s language; raise ``PageProblem`` with
    its file:line. Pages of one language share one context."""
    desks = _Lookup("desk", data.desks, lambda desk_id: DeskView(ctx, desk_id, data.desks[desk_id]))
    variables: dict[str, Any] = {"desks": desks, **(extra or {})}
    if page.meta.get("desk") is not None:
        try:
            variables["desk"] = desks[page.meta["desk"]]
        except PlaceholderError as error:
            raise _problem(page, 1, error) from None
    if "{%" in page.body or "{#" in page.body:
        return _template(page, variables)
    return _fill(page, variables)


class PageProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
