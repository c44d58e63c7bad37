"""Markup for pages: the views' HTML from Jinja macros in theme/partials/ (as Material keeps
its own), with every value escaped for Markdown as well as for HTML; and that theme folder,
this package's layer of the Material theme, for the theme's template folders.

Filled-in pages go through Python-Markdown (with ``attr_list``), so HTML escaping alone
would let a value make a link, an image, an attribute list or emphasis. ``Markdown.escape``
writes every character Markdown gives meaning to as a numeric character reference, which
Markdown passes through untouched and the browser shows as the character itself. The
macros' environment escapes so (its ``finalize``), and so does ``Markdown("…{}").format``.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from typing import Any

import jinja2
from markupsafe import Markup

# Package data, so an installed package renders as a checkout does: the views' macros
# (partials/), the pages' template (helpsite.html) and their scripts and styles (assets/).
THEME = importlib.resources.files(__package__) / "theme"

# Anywhere in a value: HTML, links and images, attribute lists, emphasis, code, tables,
# backslash escapes; a newline would let the rest of a value start a block of its own.
_ANYWHERE = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]!|~\"'\n\r"}
_ANYWHERE |= {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
# At the start of a value (which may be the start of a line): headings, lists, numbered
# lists, setext underlines, indented code.
_LEADING = re.compile(r"[#=\s]|[-+](?:[\s-]|\Z)")
_ORDERED = re.compile(r"\A(\d+)([.)])")


class Markdown(Markup):
    """A ``Markup`` whose ``escape`` (used by ``format``, ``join`` and ``+``) is Markdown-safe."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> Markdown:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        text = str(s).translate(_ANYWHERE)
        ordered = _ORDERED.match(text)
        if ordered:
            text = f"{ordered[1]}&#{ord(ordered[2])};{text[ordered.end():]}"
        elif _LEADING.match(text):
            text = f"&#{ord(text[0])};{text[1:]}"
        return cls(text)


_ENVIRONMENT = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "theme/partials"),
                                  autoescape=True, undefined=jinja2.StrictUndefined,
                                  finalize=Markdown.escape)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def page_css(stylesheet: str) -> str:
    """A stylesheet as each page holds it (helpsite.html, the filter ``page_css``): without
    its comments, and every run of spaces and newlines one space (its strings hold none);
    9 KB -> 6 KB a page."""
    return " ".join(_CSS_COMMENT.sub("", stylesheet).split())


def theme_dirs(dirs: list[str], theme_dir: str) -> list[str]:
    """The theme's template folders (highest first) with this package's layer just above the
    theme's own folder: a project's custom_dir still comes first, so its main.html may extend
    helpsite.html and its files replace any of the layer's."""
    dirs = [folder for folder in dirs if folder != str(THEME)]
    return [*dirs[:dirs.index(theme_dir)], str(THEME), *dirs[dirs.index(theme_dir):]]


@functools.lru_cache(maxsize=None)
def macro(template: str, name: str):
    """A macro of ``theme/partials/TEMPLATE``; calling it returns escaped markup."""
    return getattr(_ENVIRONMENT.get_template(template).module, name)


def data_block(value: Any, late=None) -> Markup:
    """JSON for inside a <script> data block (JSON-LD too): no "<", ">" or "&" can end the
    element, open a comment or start a character reference. ``late`` (a
    ``render.LateData``): the JSON waits there, the page holding its token until after
    Markdown."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(late.put(text) if late is not None else text)
