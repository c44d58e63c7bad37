"""Rendering: page Markdown with placeholders -> Markdown with every fact filled in.

Placeholders are Jinja expressions run in a sandbox with ``StrictUndefined``: one that
names nothing is an error with the page's file:line, never an empty string. Every value a
placeholder yields is HTML-escaped unless it is markup built here from escaped parts.
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import formatting
from .errors import Problem, SourceError
from .charges import FeeInputError
from .feeview import FeeView
from .model import Desk, SiteData
from .context import Context, PlaceholderError
from .serviceview import ServiceView
from .strings import StringError, Strings
from .yamlsource import SourceDocument, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


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
        Markup("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            lang, cell(status.missing), cell(status.outdated), cell(status.inconsistent))
        for lang, status in summary.items())
    return Markup('<table class="helpsite-status">\n<thead><tr><th scope="col">{}</th>'
                  '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
                  '</thead>\n<tbody>{}</tbody>\n</table>').format(
        ctx.text("status.language"), ctx.text("status.missing"), ctx.text("status.outdated"),
        ctx.text("status.inconsistent"), rows)


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
                extra: dict[str, Any] | None = None, reads: set[str] | None = None) -> str:
    """Fill the placeholders of one page in ``ctx``'s language; raise ``PageProblem`` with
    its file:line. Pages of one language share one context. ``reads`` collects the ids of
    the desks the page's placeholders read (the preview rebuilds a page when they change)."""
    def desk_view(desk_id: str) -> DeskView:
        if reads is not None:
            reads.add(desk_id)
        return DeskView(ctx, desk_id, data.desks[desk_id])

    desks = _Lookup("desk", data.desks, desk_view)
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
