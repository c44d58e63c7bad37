"""The checks of the built site (``helpsite check --site``) and of pages from elsewhere
(``helpsite compare``); see checks.py for what a check is."""

from __future__ import annotations

import concurrent.futures
import functools
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import urlsplit

from helpsite.drift.compare import compare
from helpsite.drift.findings import Finding, hidden_findings
from helpsite.errors import Problem, SourceError
from helpsite.site.checks import (_IGNORE, BuiltSite, Check, Files, HiddenCharacters,
                                  ProseValues, Scope, declared_differences, register,
                                  run_checks)
from helpsite.sources.blocks import Block, Flag, blocks_for, html_blocks
from helpsite.sources.yamlsource import MAX_BYTES, read_bounded


@register
class HiddenOnSite(HiddenCharacters):
    scope = Scope.SITE

    def texts(self, site: BuiltSite) -> Iterable[tuple[str, str, str, int]]:
        for page in sorted(site.path.rglob("*.html")):
            text = _read(site.path, page)
            lang = _html_lang(text)
            if lang:  # every page, sources too: what customers see
                yield text, page.relative_to(site.path).as_posix(), lang, 1

    def in_text(self, text: str, path: str, lang: str, first_line: int) -> Iterable[Finding]:
        # Each built page is read once: remembering its text would hold the whole site.
        return hidden_findings(self.id, text, path, lang, first_line)


@register
class SiteValues(Check):
    id = "site-values"
    name = "Values on the built pages"
    description = ("Every article in every language of the built site shows the same values "
                   "as the article in its source language: what customers actually see.")
    scope = Scope.SITE
    next_step = (f"fix the page's source and rebuild, or if the difference is meant put "
                 f"{_IGNORE} before the block")

    @property
    def silenced_by(self) -> frozenset[Flag]:
        """The built page shows the writer's prose: a flag that silences the prose check
        there (a comment in a block, `flags:` in front matter, which the build writes into
        the page's <meta name="helpsite:flags">) silences this one too."""
        return frozenset({self.flag, ProseValues().flag})

    def findings(self, site: BuiltSite) -> list[Finding]:
        """Parsing HTML is most of the check's time and languages are independent, so on a
        large site the translated pages are shared out in runs, in order, to ``site.workers``
        processes; each run parses its sources."""
        pairs = []
        for page in sorted(site.path.rglob("*.html")):
            text = _read(site.path, page)
            lang, source_lang = _html_lang(text), _meta(text, "helpsite:source-language")
            if not lang or not source_lang or lang == source_lang:
                continue
            if self.silenced_by & Flag.all_in((_meta(text, "helpsite:flags") or "").split()):
                continue
            href = _alternate(text, source_lang)
            if href is None:
                raise FileNotFoundError(f"{page}: no hreflang={source_lang} link to its source page")
            allowed = declared_differences(site.data, lang, source_lang) if site.data else set()
            pairs.append(_PagePair(_resolve(site.path, page, href, text), source_lang, page, lang,
                                   frozenset(allowed)))
        workers = min(site.workers or os.cpu_count() or 1, len(pairs) // _PAGES_PER_WORKER or 1)
        if workers < 2:
            return _compare_pages(site.path, pairs, self)
        size = -(-len(pairs) // workers)
        runs = [pairs[start:start + size] for start in range(0, len(pairs), size)]
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            done = pool.map(_compare_pages, [site.path] * len(runs), runs, [self] * len(runs))
            return [finding for found in done for finding in found]


# Below this many translated pages per process, starting processes costs more than it saves.
_PAGES_PER_WORKER = 200


@dataclass(frozen=True)
class _PagePair:
    source: Path
    source_lang: str
    page: Path
    lang: str
    allowed: frozenset


def _compare_pages(site: Path, pairs: list[_PagePair], check: SiteValues) -> list[Finding]:
    def blocks(page: Path) -> list[Block]:
        return html_blocks(_read(site, page), page.relative_to(site).as_posix())

    # A source page serves all its translations; a translation is read once, and remembering
    # it would hold every language's pages.
    source_blocks = functools.lru_cache(maxsize=None)(blocks)
    return [finding for pair in pairs
            for finding in compare(source_blocks(pair.source), pair.source_lang, blocks(pair.page),
                                   pair.lang, allowed=pair.allowed, check=check.id,
                                   silenced_by=check.silenced_by, next_step=check.next_step)]


def _read(site: Path, page: Path) -> str:
    """A built page's text; one located problem where it is not UTF-8, or not a regular file
    of a page's size (a FIFO or /dev/zero would hang or fill the memory)."""
    raw = read_bounded(page, page.relative_to(site).as_posix(), MAX_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError([Problem(page.relative_to(site).as_posix(), line, column,
                                   "this page is not UTF-8; rebuild the site")])


@register
class HiddenInFiles(HiddenCharacters):
    scope = Scope.EXTERNAL

    def texts(self, files: Files) -> Iterable[tuple[str, str, str, int]]:
        return ((text, path, lang, 1) for lang, path, text in files.pages)


@register
class FileValues(Check):
    id = "compare"
    name = "Values in pages from elsewhere"
    description = ("Each translation given to helpsite compare states the same values as "
                   "the reference page given first.")
    scope = Scope.EXTERNAL
    next_step = ("fix the translation (--ignore-years leaves out years, --region reads "
                 "national phone numbers)")

    def findings(self, files: Files) -> list[Finding]:
        (reference_lang, path, text), *translations = files.pages
        reference = blocks_for(path, text)
        return [finding for lang, path, text in translations
                for finding in compare(reference, reference_lang, blocks_for(path, text), lang,
                                       ignore_years=files.ignore_years, region=files.region,
                                       check=self.id, next_step=self.next_step)]


def _html_lang(text: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", text)
    return match[1] if match else None


def _meta(text: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)"', text)
    return match[1] if match else None


def _alternate(text: str, lang: str) -> str | None:
    # The language selector's links: the page's <head> lists no translations (they are in
    # sitemap.xml, see pages/theme/partials/helpsite-meta.html).
    for tag in re.findall(r"<a\b[^>]*\bhreflang=\"[^\"]*\"[^>]*>", text):
        if f'hreflang="{lang}"' in tag:
            return re.search(r'href="([^"]*)"', tag)[1]
    return None


def _resolve(site: Path, page: Path, href: str, text: str) -> Path:
    """The built file a link of ``page`` points to. A home page's language selector links
    absolutely (``/help/da/``): that path is the site's address (its canonical URL's path
    less the page's own place in the site; ``/`` without a site_url) and a place in it."""
    if href.startswith("/"):
        base = "/"
        canonical = re.search(r'<link rel="canonical" href="([^"]*)"', text)
        if canonical:
            path = urlsplit(html.unescape(canonical[1])).path
            own = page.relative_to(site).as_posix()
            for suffix in (own, own.removesuffix("index.html")):
                if path.endswith("/" + suffix) or not suffix:
                    base = path[:len(path) - len(suffix)]
                    break
        if not href.startswith(base):
            raise FileNotFoundError(f"{page}: its link {href} is outside the site ({base})")
        target = PurePosixPath(href[len(base):])
    else:
        target = PurePosixPath(page.parent.relative_to(site).as_posix()) / href
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    resolved = site.joinpath(*parts)
    return resolved / "index.html" if resolved.is_dir() else resolved
