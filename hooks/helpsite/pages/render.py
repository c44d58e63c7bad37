"""Rendering: page Markdown with placeholders -> Markdown with every fact filled in.

Each placeholder runs in the sandbox (sandbox.py) and names the views (views.py); one that
names nothing is an error with the page's file:line, never an empty string. A page with
statements ({% if %}) is rendered as one template, any other placeholder by placeholder.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from typing import Any

import jinja2

from helpsite.errors import Problem
from helpsite.model.context import Context, PlaceholderError
from helpsite.model.model import SiteData
from helpsite.pages.codespans import code_spans, raw_code
from helpsite.pages.markup import Markdown as Markup
from helpsite.pages.sandbox import (ENVIRONMENT, Lookup, MAX_OUTPUT, check_syntax, expression,
                                    names, show)
from helpsite.pages.views import DeskView
from helpsite.sources.pagefile import PageSource

_PLACEHOLDER_START, _PLACEHOLDER_END = "{{", "}}"


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


def _fill(page: PageSource, variables: dict[str, Any], ctx: Context, read: list[str]) -> str:
    """Substitute each {{ placeholder }} outside code, escaped unless it is markup built here.

    Compiling every page as a Jinja template was most of the build's cost; pages repeat
    the same few placeholders, so each expression is compiled once and reused.
    """
    body, parts, start, size = page.body, [], 0, 0
    code, in_code = code_spans(body), 0
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
                shown[source] = _value(source, variables, ctx, page.meta.get("desk"), read)
            except Exception as error:  # noqa: BLE001 - every failure becomes a located problem
                raise _problem(page, line, error, column) from None
        parts.append(shown[source])
        size += len(parts[-1]) + position - start
        if size > MAX_OUTPUT:
            raise _problem(page, line, ValueError(
                f"the page would be over {MAX_OUTPUT:,} characters long"))
        start = end + 2
        position = body.find(_PLACEHOLDER_START, start)
    parts.append(body[start:])
    return "".join(parts)


_DESKS = frozenset({"desk", "desks"})


def _value(source: str, variables: dict[str, Any], ctx: Context, desk_id, read: list[str]):
    """What a placeholder shows. One that names desks alone shows the same on every page of
    the context's language about the same desk: worked out once (pages repeat a desk's
    facts), with the desks it read (``read``: the preview renders a page again when one
    of them changes)."""
    if not names(source) <= _DESKS:
        return show(expression(source)(**variables))
    key = ("placeholder", desk_id, source)
    found = ctx.memo.get(key)
    if found is None:
        start = len(read)
        found = ctx.memo[key] = show(expression(source)(**variables)), tuple(read[start:])
    else:
        read.extend(found[1])
    return found[0]


def _template(page: PageSource, variables: dict[str, Any]) -> str:
    """A page with Jinja statements ({% %}, {# #}) rendered as a whole template."""
    try:
        tree = ENVIRONMENT.parse(raw_code(page.body), page.path, page.path)
        check_syntax(tree)
        code = ENVIRONMENT.compile(tree, page.path, page.path)
        text = ENVIRONMENT.template_class.from_code(ENVIRONMENT, code, {}).render(variables)
    except Exception as error:  # noqa: BLE001 - every failure becomes a located problem
        line = getattr(error, "lineno", None) or next(
            (frame.lineno for frame in reversed(traceback.extract_tb(error.__traceback__))
             if frame.filename == page.path), 1)
        # Jinja knows the line only: point at its first placeholder or statement.
        lines = page.body.split("\n")
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        starts = [found for found in (text.find("{{"), text.find("{%")) if found >= 0]
        raise _problem(page, line, error, min(starts, default=0) + 1) from None
    if len(text) > MAX_OUTPUT:
        raise _problem(page, 1, ValueError(f"the page would be over {MAX_OUTPUT:,} characters long"))
    return text


def render_body(page: PageSource, data: SiteData, ctx: Context,
                extra: dict[str, Any] | None = None, reads: set[str] | None = None) -> str:
    """Fill the placeholders of one page in ``ctx``'s language; raise ``PageProblem`` with
    its file:line. Pages of one language share one context. ``reads`` collects the ids of
    the desks the page's placeholders read (the preview rebuilds a page when they change)."""
    read: list[str] = []

    def desk_view(desk_id: str) -> DeskView:
        read.append(desk_id)
        return DeskView(ctx, desk_id, data.desks[desk_id])

    desks = Lookup("desk", data.desks, desk_view)
    variables: dict[str, Any] = {"desks": desks, **(extra or {})}
    try:
        if page.meta.get("desk") is not None:
            try:
                variables["desk"] = desks[page.meta["desk"]]
            except PlaceholderError as error:
                raise _problem(page, 1, error) from None
        if "{%" in page.body or "{#" in page.body:
            return _template(page, variables)
        return _fill(page, variables, ctx, read)
    finally:
        if reads is not None:
            reads.update(read)


class LateData:
    """A build's data blocks (the JSON of answer boxes, open-now statuses, calculators),
    kept out of the pages until after Markdown: a page holds a token in each one's place,
    letters, digits and hyphens that Markdown passes through as they are, and
    ``fill`` puts the JSON back into the finished HTML. Python-Markdown scanned every byte
    of it (inline, in table cells), a fifth of its time on these pages. A token is the
    digest of its JSON, the same in every build (the page cache keys on the Markdown), and
    is filled only as the whole text of a data block: a page could write nothing this way
    that it could not write as it is."""

    # The token's own start first: a search for it skips the page in C, where a look back
    # at every position of a 50 KB page cost 0.5 ms.
    _TOKEN = re.compile(r'helpsite-data-(?<=<script type="application/json">helpsite-data-)'
                        r'[0-9a-f]{32}(?=</script>)')

    def __init__(self) -> None:
        self._blocks: dict[str, str] = {}

    def put(self, text: str) -> str:
        token = "helpsite-data-" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        self._blocks[token] = text
        return token

    def fill(self, html: str) -> str:
        return self._TOKEN.sub(lambda found: self._blocks.get(found[0], found[0]), html)

    def split(self, text: str) -> tuple[list[str], list[tuple[str, str | None]]]:
        """``text`` apart: what lies between its tokens, and each token with the data it
        stands for (None for one this build never made): what the page cache keeps."""
        return (self._TOKEN.split(text),
                [(token, self._blocks.get(token)) for token in self._TOKEN.findall(text)])


class PageProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
