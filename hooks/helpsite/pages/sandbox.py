"""The sandbox placeholders run in: Jinja with ``StrictUndefined``, values, conditions and a
few filters only. No calls, loops, macros or includes, and bounded arithmetic, so a page
takes time and memory in proportion to its length. Every value a placeholder shows is
escaped for Markdown and HTML unless it is markup the views built from escaped parts.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import jinja2
import jinja2.meta
from jinja2.sandbox import SandboxedEnvironment

from helpsite.model.context import PlaceholderError
from helpsite.pages.markup import Markdown as Markup


class Lookup:
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
            if size > MAX_OUTPUT:
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
MAX_OUTPUT = 2_000_000  # characters a page may have once its placeholders are filled
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


ENVIRONMENT = _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined,
                        keep_trailing_newline=True)
ENVIRONMENT.globals.clear()
ENVIRONMENT.filters = {name: _bounded(ENVIRONMENT.filters[name]) for name in (
    "indent", "lower", "upper", "capitalize", "title", "trim", "default", "d", "length",
    "first", "last")}
ENVIRONMENT.tests = {name: ENVIRONMENT.tests[name] for name in (
    "defined", "undefined", "none", "number", "string", "eq", "ne", "lt", "le", "gt", "ge",
    "in", "true", "false")}


def show(value: Any) -> Markup:
    """What a placeholder shows: markup built here as it is, text and numbers escaped for
    Markdown; anything else (a desk, a service) is an error that lists what it offers."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        return Markup.escape(value)
    if isinstance(value, Lookup):
        raise PlaceholderError(f"this names every {value._kind}; name one of them: "
                               + ", ".join(sorted(value._names)))
    offers = sorted(name for name in dir(type(value)) if not name.startswith("_"))
    raise PlaceholderError(
        f"this names {type(value).__name__.removesuffix('View').lower() or 'a thing'}, not "
        f"a value to show" + (f"; name one of its parts: {', '.join(offers)}" if offers else ""))


ENVIRONMENT.finalize = show


def check_syntax(tree: jinja2.nodes.Template) -> None:
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


@functools.lru_cache(maxsize=4096)
def expression(source: str):
    """A placeholder's expression, checked and compiled once however many pages use it."""
    check_syntax(ENVIRONMENT.parse(f"{{{{ {source} }}}}"))
    return ENVIRONMENT.compile_expression(source, undefined_to_none=False)


@functools.lru_cache(maxsize=4096)
def names(source: str) -> frozenset[str]:
    """The variables a placeholder's expression reads (``desk``, ``articles``); none for
    one that cannot be read (its error is ``expression``'s)."""
    try:
        return frozenset(jinja2.meta.find_undeclared_variables(
            ENVIRONMENT.parse(f"{{{{ {source} }}}}")))
    except jinja2.TemplateSyntaxError:
        return frozenset()
