"""Rendering: page Markdown with placeholders -> Markdown with every fact filled in.

Placeholders are Jinja expressions run in a sandbox with ``StrictUndefined``: one that
names nothing is an error with the page's file:line, never an empty string. Every value a
placeholder yields is escaped for Markdown and HTML (``markup.Markdown``) unless it is markup
the views built from escaped parts. Pages get values, conditions and a few filters only: no
calls, loops, macros or includes, and bounded arithmetic, so rendering takes time and
memory in proportion to the page.
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from helpsite.rules import formatting
from helpsite.pages.answerbox import AnswerBox
from helpsite.errors import Problem, SourceError
from helpsite.pages.markup import Markdown as Markup
from helpsite.pages.feeview import FeeView
from helpsite.model.model import Desk, SiteData
from helpsite.model.context import Context, PlaceholderError
from helpsite.pages.serviceview import ServiceView
from helpsite.model.strings import Strings
from helpsite.sources.yamlsource import SourceDocument, parse_yaml

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
        if re.match(r"---[ \t]*\n", text):
            raise SourceError([Problem(display_path, 1, 1, "the front matter is not closed: "
                                       "end it with a line '---'")])
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
        if name.startswith("_"):  # Python's own protocols (__html__), never an id
            raise AttributeError(name)
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
    def answer_box(self) -> AnswerBox:
        """For the visitor's country: the number to call now, its status and price."""
        return AnswerBox(self._ctx, self._id, self._desk)

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
        return Markup("<br>").join(str(item) for item in items) if items else Markup.escape(none)

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


class _Sandbox(SandboxedEnvironment):
    """Jinja for pages: values only. Arithmetic that would make huge numbers or strings,
    calls, loops, macros, includes and imports are refused, so a page cannot make the build
    run for long or write a huge file."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    intercepted_unops = frozenset()

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        numbers = all(isinstance(v, (int, Decimal)) and not isinstance(v, bool)
                      for v in (left, right))
        if operator == "**" and numbers and (abs(right) > 64 or abs(left) > _MAX_NUMBER):
            raise PlaceholderError("a power that large is not allowed on a page")
        if operator == "%" and not numbers:
            raise PlaceholderError("'%' formatting is not allowed on a page")
        if operator == "*" and not numbers:
            size = (len(left) * right if isinstance(right, int) and hasattr(left, "__len__")
                    else len(right) * left if isinstance(left, int) and hasattr(right, "__len__")
                    else 0)
            if size > _MAX_OUTPUT:
                raise PlaceholderError("repeating text that often is not allowed on a page")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (int, Decimal)) and abs(result) > _MAX_NUMBER ** 2:
            raise PlaceholderError("numbers that large are not allowed on a page")
        return result

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The views' public properties; no methods of strings, numbers or lists
        # (str.format, center, ljust could make a gigabyte from one placeholder).
        return (not isinstance(obj, str) and type(obj).__module__.startswith("helpsite.")
                and super().is_safe_attribute(obj, attr, value))


_MAX_NUMBER = 10 ** 15
_MAX_OUTPUT = 2_000_000  # characters a page may have once its placeholders are filled
_MAX_WIDTH = 100  # indentation a filter may add
# Statements a page may use: conditions around text. No loops, macros, assignments,
# includes, imports or inheritance: rendering takes time in proportion to the page.
_ALLOWED_STATEMENTS = (jinja2.nodes.Template, jinja2.nodes.Output, jinja2.nodes.If)


def _bounded(filter_function):
    def run(value, *args, **kwargs):
        if any(isinstance(a, int) and abs(a) > _MAX_WIDTH for a in (*args, *kwargs.values())):
            raise PlaceholderError(f"filter arguments above {_MAX_WIDTH} are not allowed")
        return filter_function(value, *args, **kwargs)
    return run


_ENVIRONMENT = _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined,
                        keep_trailing_newline=True)
_ENVIRONMENT.globals.clear()
_ENVIRONMENT.filters = {name: _bounded(_ENVIRONMENT.filters[name]) for name in (
    "indent", "lower", "upper", "capitalize", "title", "trim", "default", "d", "length",
    "first", "last")}
_ENVIRONMENT.tests = {name: _ENVIRONMENT.tests[name] for name in (
    "defined", "undefined", "none", "number", "string", "eq", "ne", "lt", "le", "gt", "ge",
    "in", "true", "false")}


def _value(value: Any) -> Markup:
    """What a placeholder shows: markup built here as it is, text and numbers escaped for
    Markdown; anything else (a desk, a service) is an error that lists what it offers."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        return Markup.escape(value)
    if isinstance(value, _Lookup):
        raise PlaceholderError(f"this names every {value._kind}; name one of them: "
                               + ", ".join(sorted(value._names)))
    offers = sorted(name for name in dir(type(value)) if not name.startswith("_"))
    raise PlaceholderError(
        f"this names {type(value).__name__.removesuffix('View').lower() or 'a thing'}, not "
        f"a value to show" + (f"; name one of its parts: {', '.join(offers)}" if offers else ""))


_ENVIRONMENT.finalize = _value


def _check_syntax(tree: jinja2.nodes.Template) -> None:
    for node in tree.find_all(jinja2.nodes.Node):
        if isinstance(node, jinja2.nodes.Stmt) and not isinstance(node, _ALLOWED_STATEMENTS):
            name = type(node).__name__.lower()
            raise jinja2.TemplateSyntaxError(
                f"{{% {name} %}} is not allowed in pages (only {{% if %}})", node.lineno)
        if isinstance(node, jinja2.nodes.Call):
            raise jinja2.TemplateSyntaxError("calls are not allowed in placeholders",
                                             node.lineno)
        if isinstance(node, jinja2.nodes.Concat):  # Jinja's "~" escapes for HTML only
            raise jinja2.TemplateSyntaxError("'~' is not allowed in placeholders; write two "
                                             "placeholders side by side", node.lineno)


_PLACEHOLDER_START, _PLACEHOLDER_END = "{{", "}}"


@functools.lru_cache(maxsize=4096)
def _expression(source: str):
    """A placeholder's expression, checked and compiled once however many pages use it."""
    _check_syntax(_ENVIRONMENT.parse(f"{{{{ {source} }}}}"))
    return _ENVIRONMENT.compile_expression(source, undefined_to_none=False)


def _problem(page: PageSource, line: int, error: BaseException, column: int = 1) -> PageProblem:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    if isinstance(error, jinja2.TemplateSyntaxError) and "end of template" in message:
        message = "an {% if %} is not closed; end it with {% endif %}"
    elif isinstance(error, jinja2.TemplateSyntaxError) and "not allowed" not in message:
        # Jinja's parser speaks of tokens ("expected token 'end of print statement'").
        message = (f"this placeholder cannot be read ({message}); write a name and its parts "
                   "joined by dots, e.g. {{ desk.name }}")
    elif isinstance(error, jinja2.UndefinedError):
        message = f"placeholder names nothing: {message}"
    elif isinstance(error, ArithmeticError):
        message = f"placeholder cannot be worked out: {message}"
    elif isinstance(error, RecursionError):
        message = "placeholder is nested too deeply"
    return PageProblem(Problem(page.path, page.body_first_line - 1 + line, column,
                               " ".join(message.split())))


def _code_spans(body: str) -> list[tuple[int, int]]:
    """Where the body has code (fenced blocks, inline spans): placeholders there are shown
    as written, so a page can show one as an example. Linear in the body's length."""
    spans: list[tuple[int, int]] = []
    fence = None
    offset = 0
    runs: list[tuple[int, int]] = []  # backtick runs of the current paragraph: (start, length)
    for line in body.splitlines(keepends=True):
        marker = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is not None:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence[1]) \
                    and not line.strip().strip(marker[1][0]):
                spans.append((fence[2], offset + len(line)))
                fence = None
        elif marker:
            spans += _inline_spans(runs)
            runs, fence = [], (marker[1][0], marker[1], offset)
        elif not line.strip():  # a code span does not cross paragraphs
            spans += _inline_spans(runs)
            runs = []
        else:
            runs += [(offset + m.start(), len(m[0])) for m in re.finditer(r"`+", line)]
        offset += len(line)
    if fence is not None:
        spans.append((fence[2], len(body)))
    return sorted(spans + _inline_spans(runs))


def _inline_spans(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An inline code span runs from a backtick run to the next run of the same length."""
    following: dict[int, int] = {}
    closer: list[int | None] = [None] * len(runs)
    for index in range(len(runs) - 1, -1, -1):
        closer[index] = following.get(runs[index][1])
        following[runs[index][1]] = index
    spans, index = [], 0
    while index < len(runs):
        end = closer[index]
        if end is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[end][0] + runs[end][1]))
        index = end + 1
    return spans


def _fill(page: PageSource, variables: dict[str, Any]) -> str:
    """Substitute each {{ placeholder }} outside code, escaped unless it is markup built here.

    Compiling every page as a Jinja template was most of the build's cost; pages repeat
    the same few placeholders, so each expression is compiled once and reused.
    """
    body, parts, start, size = page.body, [], 0, 0
    code, in_code = _code_spans(body), 0
    # The line and the start of the line, counted on from the last placeholder: counting
    # from the top each time made a page of many placeholders quadratic.
    line, line_start, counted = 1, 0, 0
    shown: dict[str, Markup] = {}
    position = body.find(_PLACEHOLDER_START)
    while position != -1:
        while in_code < len(code) and code[in_code][1] <= position:
            in_code += 1
        if in_code < len(code) and code[in_code][0] <= position:
            position = body.find(_PLACEHOLDER_START, code[in_code][1])
            continue
        line += body.count("\n", counted, position)
        line_start = max(line_start, body.rfind("\n", counted, position) + 1)
        counted = position
        column = position - line_start + 1
        end = body.find(_PLACEHOLDER_END, position + 2)
        following = body.find(_PLACEHOLDER_START, position + 2)
        if end == -1 or -1 < following < end:  # else it would run into the next placeholder
            raise _problem(page, line, ValueError("this placeholder is not closed; end it "
                                                  "with }}"), column)
        parts.append(body[start:position])
        source = body[position + 2:end].strip()
        if source not in shown:  # a placeholder written again shows the same value
            try:
                shown[source] = _value(_expression(source)(**variables))
            except Exception as error:  # noqa: BLE001 - every failure becomes a located problem
                raise _problem(page, line, error, column) from None
        parts.append(shown[source])
        size += len(parts[-1]) + position - start
        if size > _MAX_OUTPUT:
            raise _problem(page, line, ValueError(
                f"the page would be over {_MAX_OUTPUT:,} characters long"))
        start = end + 2
        position = body.find(_PLACEHOLDER_START, start)
    parts.append(body[start:])
    return "".join(parts)


def _raw_code(body: str) -> str:
    """The body with its code wrapped in {% raw %}, so placeholders there stay as written."""
    parts, start = [], 0
    for first, last in _code_spans(body):
        parts += [body[start:first], "{% raw %}", body[first:last], "{% endraw %}"]
        start = last
    return "".join(parts) + body[start:]


def _template(page: PageSource, variables: dict[str, Any]) -> str:
    """A page with Jinja statements ({% %}, {# #}) rendered as a whole template."""
    try:
        tree = _ENVIRONMENT.parse(_raw_code(page.body), page.path, page.path)
        _check_syntax(tree)
        code = _ENVIRONMENT.compile(tree, page.path, page.path)
        text = _ENVIRONMENT.template_class.from_code(_ENVIRONMENT, code, {}).render(variables)
    except Exception as error:  # noqa: BLE001 - every failure becomes a located problem
        line = getattr(error, "lineno", None) or next(
            (frame.lineno for frame in reversed(traceback.extract_tb(error.__traceback__))
             if frame.filename == page.path), 1)
        # Jinja knows the line only: point at its first placeholder or statement.
        lines = page.body.split("\n")
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        starts = [found for found in (text.find("{{"), text.find("{%")) if found >= 0]
        raise _problem(page, line, error, min(starts, default=0) + 1) from None
    if len(text) > _MAX_OUTPUT:
        raise _problem(page, 1, ValueError(f"the page would be over {_MAX_OUTPUT:,} characters long"))
    return text


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
