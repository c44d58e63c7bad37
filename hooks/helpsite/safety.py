"""What a page may publish: no script but the site's own files.

Values are escaped where they enter a page (``markup``); this is the second line, on the
HTML each page's Markdown became: a writer's raw HTML or anything that slipped through
escaping that could run script (a <script>, an event handler, a javascript: or data: URL)
stops the build at the page's file and line. The third line is the Content-Security-Policy
every page carries: the browser runs no inline script but those the theme wrote, each
allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from .errors import Problem

# Elements that load or run something, change how the page's links resolve, or (SVG's
# animate and set) can turn an attribute into a javascript: URL after the page is checked.
_FORBIDDEN = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
              "meta", "link", "portal", "noscript", "template", "animate", "set",
              "animatemotion", "animatetransform"}
_DATA_SCRIPTS = {"application/json", "application/ld+json"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite",
                   "data", "background", "ping", "manifest", "codebase", "longdesc", "lowsrc",
                   "dynsrc", "srcset", "imagesrcset"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore these inside a URL, so "java\tscript:" is "javascript:".
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
_JAVASCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}
# A script element ends at the first "</script" in it, as browsers read it. Only these
# parts of a whole page are parsed for its hashes: the rest (its navigation lists every
# article) would cost more to parse than to build, for every page of a large site.
_SCRIPT_ELEMENT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url))
    return match[1].lower() if match else None


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (what, text to find it by in the source)
        self.scripts: list[str] = []  # inline scripts that run
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        script_type = (values.get("type") or "").strip().lower()
        if tag == "script" and script_type in _JAVASCRIPT_TYPES and "src" not in values:
            self._script = []
        if tag in _FORBIDDEN and not (tag == "script" and script_type in _DATA_SCRIPTS
                                      and "src" not in values):
            self.found.append((f"a <{tag}> element", f"<{tag}"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((f"an event handler ({name}=)", name))
            elif name == "srcdoc":
                self.found.append(("an inline document (srcdoc=)", name))
            elif name in _URL_ATTRIBUTES:
                urls = ([part.split()[0] for part in value.split(",") if part.split()]
                        if name.endswith("srcset") else [value])
                for url in urls:
                    scheme = _scheme(url)
                    if scheme is not None and scheme not in _SAFE_SCHEMES:
                        self.found.append((f"a {scheme}: URL ({name}=)", f"{scheme}:"))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner


def unsafe_content(html: str, path: str, source: str) -> list[Problem]:
    """Problems with a page's content HTML, each placed at the first line of ``source`` (the
    page's Markdown) that has the offending text, if any does."""
    problems = []
    for what, clue in _scan(html).found:
        position = source.lower().find(clue.lower())
        line = source.count("\n", 0, position) + 1 if position >= 0 else 1
        column = position - source.rfind("\n", 0, position) if position >= 0 else 1
        problems.append(Problem(path, line, column, f"the page would publish {what}, which "
                                "could run script; remove it"))
    return problems


def script_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-...') for each inline script of a whole page, as written."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in dict.fromkeys(script for element in _SCRIPT_ELEMENT.findall(html)
                                        for script in _scan(element).scripts)]
