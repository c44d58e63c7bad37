"""What a page may publish: no script but the ones the build means to publish.

Values are escaped where they enter a page (``markup``). Then two judgements, both on HTML
read as a browser reads it (Lexbor, an HTML5-conformant parser, with scripting on, as in
chromium: Python's html.parser reads ``<!--><script>``, ``<![CDATA[ x ><script>`` or
``<svg><style><script>`` as text where a browser runs the script):

- a page's content (its Markdown's HTML, writers' raw HTML included) may carry only the
  elements and attributes of ``CONTENT_ELEMENTS``/``_ATTRIBUTES`` (README: "Raw HTML in
  a page"), no URL that runs or embeds something, no form sent elsewhere;
- a whole finished page (navigation, head and labels included) may carry no script but
  those the build lists (inline ones by the hash of what the theme's templates write, the
  rest by file), no event handler, no such URL, no refresh, <base> or embedded frame.

The third line is the Content-Security-Policy every page carries (``policy``), which lists
the same scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import jinja2
import markdown
from selectolax.lexbor import LexborHTMLParser

from helpsite.errors import Problem
from helpsite.sources.blocks import parse

# What Markdown, attr_list, md_in_html, tables and toc write, and what the views' partials
# write into a page's content (the fee calculator's form, the hours' tables, data blocks).
CONTENT_ELEMENTS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "dl", "dt", "dd",
    "em", "strong", "b", "i", "u", "s", "code", "pre", "kbd", "samp", "var", "abbr", "q",
    "cite", "dfn", "mark", "small", "sub", "sup", "del", "ins", "time", "br", "wbr", "hr",
    "blockquote", "div", "span", "section", "aside", "figure", "figcaption", "details",
    "summary", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th",
    "td", "form", "fieldset", "legend", "label", "input", "select", "option", "optgroup",
    "output", "button", "script"}
_EVERYWHERE = {"class", "id", "lang", "dir", "title", "hidden", "role", "translate"}
_ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "download"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "style"},  # tables' alignment is a style
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "style"},
    "col": {"span", "style"}, "colgroup": {"span"},
    "details": {"open"}, "time": {"datetime"}, "q": {"cite"}, "blockquote": {"cite"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "form": {"name", "novalidate", "action", "method"},
    "fieldset": {"name", "disabled"}, "label": {"for"}, "output": {"for", "name"},
    "input": {"type", "name", "value", "autocomplete", "inputmode", "pattern", "min", "max",
              "step", "placeholder", "required", "checked", "disabled", "readonly", "size",
              "maxlength", "minlength", "list"},
    "select": {"name", "required", "multiple", "disabled", "size"},
    "option": {"value", "selected", "disabled", "label"}, "optgroup": {"label", "disabled"},
    "button": {"type", "name", "value", "disabled"},
    "script": {"type"},
}
_ATTRIBUTE_PREFIXES = ("aria-", "data-")
DATA_SCRIPTS = {"application/json", "application/ld+json"}
# Browsers ignore these inside a URL, so "java\tscript:" is "javascript:".
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_RUNNING_SCHEMES = {"javascript", "vbscript", "data"}
# Elements that embed another document or change where the page's links lead; SVG's
# animations can turn an attribute into a javascript: URL after the page is judged.
_EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base",
              "animate", "set", "animatemotion", "animatetransform", "discard"}
_FORM_TARGETS = {"action", "formaction"}
_SUSPECT_NAMES = _FORM_TARGETS | {"srcdoc", "http-equiv"}
_OTHER_HOST = re.compile(r"[\x00-\x20]*[/\\]{2}")  # "//host", "\\host": browsers read both
_SAFE_AS_TEXT = "the HTML a page may carry (README: Raw HTML in a page)"
# Material's templates that write inline scripts, and when its base.html includes each
# (given the theme's options, mkdocs.yml's extra and the theme's features).
_THEME_SCRIPTS = {
    "base": lambda theme, extra, features: True,
    "palette": lambda theme, extra, features: not isinstance(theme.get("palette"), dict),
    "content": lambda theme, extra, features: True,
    "announce": lambda theme, extra, features: "announce.dismiss" in features,
    "outdated": lambda theme, extra, features: bool(extra.get("version")),
    "consent": lambda theme, extra, features: bool(extra.get("consent")),
}


@dataclass(frozen=True)
class Finding:
    what: str  # "an inline <script>"
    advice: str  # what to write instead
    clues: tuple[str, ...]  # texts to find it by in the sources, the most telling first


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def theme_script_hashes(env: jinja2.Environment, context: Mapping) -> list[str]:
    """The inline scripts Material's templates write into a page rendered with ``context``
    (its ``config`` and ``base_url``), rendered from those templates by ``env``: what the
    policy lists, never taken from a finished page."""
    config = context["config"]
    theme, extra = config["theme"], config["extra"] or {}
    features = theme.get("features") or []
    rendered = "".join(
        env.get_template(f"partials/javascripts/{name}.html").render(
            {**context, "features": features})
        for name, included in _THEME_SCRIPTS.items() if included(theme, extra, features))
    return list(dict.fromkeys(script_hash(node.text(deep=True)) for node in
                              parse(rendered).root.traverse() if node.tag == "script"))


def project_problems(project, extensions: list, docs_dir: str = "docs") -> list[Problem]:
    """What a build of ``project`` would refuse, found without building (``helpsite check``,
    ``helpsite export``): each page's Markdown, its placeholders rendered, made HTML as
    MkDocs makes it (with mkdocs.yml's ``markdown_extensions``) and judged by
    ``unsafe_content``; and the files under docs/ that ``static_file_problem`` refuses."""
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in extensions]
    configs = {next(iter(entry)): next(iter(entry.values())) or {} for entry in extensions
               if isinstance(entry, dict)}
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    problems = [problem for relative, text in project.rendered.items()
                for problem in unsafe_content(parse(converter.reset().convert(text)),
                                              project.pages[relative].path,
                                              project.pages[relative].text)]
    files = sorted(path for path in (project.root / docs_dir).rglob("*") if path.is_file())
    return problems + [problem for problem in (
        static_file_problem(path.relative_to(project.root).as_posix()) for path in files)
        if problem is not None]


def policy(script_sources: Iterable[str], header: bool = False) -> str:
    """The Content-Security-Policy of every page: scripts from the site's own files and the
    listed inline ones; nothing framed or embedded; forms go nowhere (the theme's search
    form is never sent); links resolve against the page. As a header it also keeps other
    sites from framing the page, which browsers ignore in a <meta> policy."""
    return ("default-src 'self'; script-src 'self' " + " ".join(script_sources)
            + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            "frame-src 'none'; base-uri 'none'; form-action 'none'"
            + ("; frame-ancestors 'none'" if header else ""))


def headers_file(script_sources: Iterable[str]) -> str:
    """The policy as a header for every page, in the ``_headers`` file Netlify and
    Cloudflare Pages read (a page's own <meta> policy still applies: the stricter wins)."""
    return f"/*\n  Content-Security-Policy: {policy(script_sources, header=True)}\n"


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", value))
    return match[1].lower() if match else None


def _urls(name: str, value: str) -> list[str]:
    if name.endswith("srcset"):
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def _attribute_findings(tag: str, name: str, value: str) -> list[Finding]:
    # A scheme needs a ":" (the parser has decoded "&colon;"): most values, the common case
    # a whole page's thousands of attributes take, have none and need no more look.
    if ":" not in value and name not in _SUSPECT_NAMES and not name.startswith("on"):
        return []
    found = []
    if name.startswith("on"):
        found.append(Finding(f"an event handler ({name}=)", "remove it; pages run no script "
                             "of their own", (value, f"{name}=")))
    elif name == "srcdoc":
        found.append(Finding("an inline document (srcdoc=)", "remove it", (value, name)))
    for url in _urls(name, value):
        scheme = _scheme(url)
        if scheme in _RUNNING_SCHEMES:
            found.append(Finding(f"a {scheme}: URL ({name}=)",
                                 "link to an https: address or to a file of the site instead",
                                 (url, f"{scheme}:")))
        elif name in _FORM_TARGETS and (scheme is not None or _OTHER_HOST.match(url)):
            found.append(Finding(f"a form sent to another site ({name}=)",
                                 "link to that site's form instead", (url, f"{name}=")))
    if tag == "meta" and name == "http-equiv" and value.strip().lower() == "refresh":
        found.append(Finding("a refresh (<meta http-equiv=refresh>), which sends visitors "
                             "elsewhere", "link to the other page instead", ("refresh", "<meta")))
    return found


def _element_findings(tag: str) -> list[Finding]:
    if tag not in _EMBEDDING:
        return []
    return [Finding(f"a <{tag}> element", "remove it; link to what it would show instead"
                    if tag != "base" else "remove it; links resolve against the page",
                    (f"<{tag}",))]


def _script_clues(text: str) -> tuple[str, ...]:
    """Where an inline script was written: at its tag, else at its text."""
    start = text[:60].strip()
    return (f"<script>{start}", start, "<script") if start else ("<script",)


def _is_script(tag: str, attributes: dict) -> bool:
    return tag == "script" and (attributes.get("type") or "").strip().lower() not in DATA_SCRIPTS


def content_findings(document: LexborHTMLParser) -> list[Finding]:
    """What a page's content HTML, as ``parse`` reads it, may not carry: anything outside the
    allow-list, a script, and what ``_element_findings``/``_attribute_findings`` refuse
    anywhere."""
    found = []
    for node in document.root.traverse():
        tag, attributes = node.tag, node.attributes
        if tag.startswith("-"):  # a comment
            continue
        if tag in ("html", "head", "body"):  # the parser's own, unless written with attributes
            allowed = set()
        elif _is_script(tag, attributes):
            found.append(Finding("a <script>", 'remove it; pages run no script of their own '
                                 '(data for the site\'s scripts: <script type="application/'
                                 'json">)', _script_clues(node.text(deep=True))))
            continue
        elif tag in CONTENT_ELEMENTS:
            allowed = _EVERYWHERE | _ATTRIBUTES.get(tag, set())
        else:
            specific = [*_element_findings(tag),
                        *(finding for name, value in attributes.items()
                          for finding in _attribute_findings(tag, name, value or ""))]
            found.extend(specific or [Finding(
                f"a <{tag}> element, which is not among {_SAFE_AS_TEXT}",
                "use Markdown or an element the README lists", (f"<{tag}",))])
            continue
        for name, value in attributes.items():
            risky = list(_attribute_findings(tag, name, value or ""))
            found.extend(risky)
            if not risky and name not in allowed and not name.startswith(_ATTRIBUTE_PREFIXES):
                found.append(Finding(f"a {name}= attribute on <{tag}>, which is not among "
                                     f"{_SAFE_AS_TEXT}", "remove it", (f"{name}=", name)))
    return found


@dataclass(frozen=True)
class Allowed:
    """The scripts a page may carry: inline ones by hash, the rest by file, as site paths
    ("/help/assets/javascripts/bundle.js")."""

    hashes: frozenset[str]
    files: frozenset[str]


def page_findings(html: str, url: str, allowed: Allowed) -> list[Finding]:
    """What a whole finished page at site path ``url`` may not carry: a script the build did
    not list, and what ``_element_findings``/``_attribute_findings`` refuse."""
    found = []
    for node in parse(html).root.traverse():
        tag, attributes = node.tag, node.attributes
        if tag == "script" and _is_script(tag, attributes):
            source = attributes.get("src")
            if source is not None:
                if urlsplit(urljoin(url, source)).path not in allowed.files:
                    found.append(Finding(f"a script the build did not write ({source})",
                                         "remove it; the site's scripts are its own files",
                                         (source, "<script")))
            elif script_hash(text := node.text(deep=True)) not in allowed.hashes:
                found.append(Finding("an inline <script> the build did not write", "remove it",
                                     _script_clues(text)))
        if tag in _EMBEDDING:
            found.extend(_element_findings(tag))
        for name, value in attributes.items():
            found.extend(_attribute_findings(tag, name, value or ""))
    return found


def locate(finding: Finding, sources: Iterable[tuple[str, str]]) -> tuple[str, int, int] | None:
    """Where (path, line, column) the first of ``sources`` (path, text) that holds one of the
    finding's clues has it, the most telling clue first; None if none does."""
    sources = list(sources)
    for clue in finding.clues:
        if not clue:
            continue
        for path, text in sources:
            position = text.lower().find(clue.lower())
            if position >= 0:
                line = text.count("\n", 0, position) + 1
                return path, line, position - text.rfind("\n", 0, position)
    return None


def problem(finding: Finding, sources: Iterable[tuple[str, str]], fallback: str,
            page: str = "the page") -> Problem:
    """The finding as one line at the source that has it (else ``fallback``:1:1)."""
    path, line, column = locate(finding, sources) or (fallback, 1, 1)
    return Problem(path, line, column, f"{page} would publish {finding.what}, which is not "
                   f"allowed: {finding.advice}")


def unsafe_content(document: LexborHTMLParser, path: str, source: str) -> list[Problem]:
    """Problems with a page's content HTML (as ``parse`` reads it), each placed at the first
    line of ``source`` (the page's Markdown) that has the offending text, if any does."""
    return [problem(finding, [(path, source)], path) for finding in content_findings(document)]


def site_path(url: str) -> str:
    """The path part of a site_url ("/help/"), "/" without one."""
    path = urlsplit(url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def static_file_problem(path: str) -> Problem | None:
    """A file under docs/ that would reach the site as a document or a script of its own,
    with no check and no policy."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".svg",
                  ".svgz", ".xml", ".xsl", ".xslt"):
        return Problem(path, 1, 1, f"a {suffix} file would be published as it is, unchecked "
                       "and able to run script on the site; write the page in Markdown, put "
                       "scripts into overrides/assets/ (README: No script but the site's "
                       "own), or give an image as .png, .jpg or .webp")
    return None
