"""A whole help-site project: data, strings and pages, checked and rendered by one
``SiteState`` that the build and the preview share.

A build renders everything before it writes anything, so a bad fact, a missing string or a
broken placeholder stops it with every problem listed and the previous site left as it was;
the preview keeps the state between saves and shows the same problems beside their pages.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from helpsite.drift.findings import Finding
from helpsite.errors import Problem, SourceError, TooMuchToRead
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.model.model import SiteData
from helpsite.model.strings import Strings, load_strings, site_languages
from helpsite.pages.contents import article_list, first_heading, page_title
from helpsite.pages.render import LateData, PageProblem, render_body
from helpsite.pages.views import Deferred, status_markdown
from helpsite.site.checks import label_advice, label_problems, translation_status
from helpsite.site.copies import followers, shown
from helpsite.site.structure import (country_problems, read_page, structure_problems,
                                     unshown_lines)
from helpsite.sources.pagefile import PageSource
from helpsite.sources.yamlsource import top_level


@dataclass(frozen=True)
class Sources:
    """The sources as read: what the checks and the placeholders read."""

    root: Path
    data: SiteData
    strings: Strings
    pages: dict[str, PageSource]  # docs-relative path, e.g. "de/onoffice.md"

    @property
    def languages(self) -> list[str]:
        return self.strings.languages

    def articles(self) -> list[str]:
        """Language-neutral names of pages that declare a source language."""
        return sorted({path.split("/", 1)[1] for path, page in self.pages.items()
                       if page.meta.get("source_language")})


@dataclass(frozen=True)
class Project(Sources):
    """A project loaded, checked and rendered whole (load_project)."""

    # every page's Markdown with its facts filled in (a build's data blocks as tokens: the
    # state's ``filled`` puts them into the page's HTML)
    rendered: dict[str, str]
    findings: list[Finding]  # values that drifted
    outdated: list[Finding]  # translations of older sources


@dataclass(frozen=True)
class Validation:
    """What the sources hold wrong. ``problems`` stop a build (the preview shows each beside
    its page); ``findings`` and ``outdated`` are drift, a warning; all three empty of drift
    while ``checked`` is false (the preview runs the slow drift checks later)."""

    problems: list[Problem]
    advice: list[str]  # what to paste, for missing strings
    findings: list[Finding]
    outdated: list[Finding]
    summary: dict  # per language, for the translation-status page
    checked: bool


@dataclass(frozen=True)
class Changes:
    """What a refresh found changed that the preview shows beyond each page's rendering."""

    renamed: set[str]  # languages with a page added, removed or renamed (title, heading)
    layout: bool  # pages added or removed


_STATUS = re.compile(r"\{\{\s*translation_status\b")
_ARTICLES = re.compile(r"\{\{\s*articles\b")


class SiteState:
    """The project as its sources make it, kept between refreshes, in stages that are
    recomputed only when their inputs changed: the sources (each file's size and time) ->
    data, strings and pages (a broken file keeps its last good version) -> validation, the
    one place problems are found -> each page's rendering (cached until a file it reads
    changes). A build refreshes once and renders everything (``project``); the preview keeps
    the state alive and refreshes it after every save."""

    def __init__(self, root: Path, docs_dir: str = "docs", only: str | None = None,
                 late: LateData | None = None, *, status: dict | None = None):
        # ``only``: a shard's language (helpsite build --language), the only pages rendered;
        # the checks still read every language. ``late``: the data blocks wait there until
        # after Markdown (a build's; the preview and the commands render them in place).
        # ``status``: the site's translation status, from the checks across languages run
        # once for every shard (site.shards): then the shard reads only its language's pages
        # and those of the languages they are translated from, so its memory grows with its
        # own pages, not the site.
        self.root, self.docs_dir, self.only = root, docs_dir, only
        self.late, self.status = late, status
        self.data: SiteData | None = None
        self.strings: Strings | None = None
        self.pages: dict[str, PageSource] = {}  # the last good version of each page
        self.languages: list[str] = []
        self._stamps: dict[str, tuple[int, int]] | None = None  # None: never refreshed
        self._load_problems: dict[str, list[Problem]] = {}  # per source file or folder
        self._advice: list[str] = []
        self._sources: Sources | None = None
        self._validation: Validation | None = None
        self._contexts: dict[str, Context] = {}
        self._per_desk: dict[str, dict[str, dict]] = {}  # language -> Context.desks
        self._facts: dict[str, dict] = {}  # Context.facts, every language's
        self._rendered: dict[str, str] = {}  # each page's last good rendering
        self._failed: dict[str, PageProblem] = {}  # pages whose rendering fails
        self._fresh: set[str] = set()  # pages whose rendering (or failure) is current
        self._reads: dict[str, set[str]] = {}  # desks each rendering read
        self._headings: dict[str, str] = {}  # first headings, rendered alone
        self._stale: set[str] = set()  # renderings invalidated since take_stale
        self.status_pages: set[str] = set()  # pages showing {{ translation_status }}
        self._listing_pages: set[str] = set()  # pages showing {{ articles }}

    # -- sources -------------------------------------------------------------------------

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Each source file's size and time, by root-relative path (os.scandir: a save's
        refresh stats thousands of pages)."""
        stamps: dict[str, tuple[int, int]] = {}

        def scan(folder: str, suffix: str) -> None:
            try:
                entries = sorted(os.scandir(self.root / folder), key=lambda entry: entry.name)
            except (FileNotFoundError, NotADirectoryError):
                return
            for entry in entries:
                path = f"{folder}/{entry.name}"
                if _is_folder(entry):
                    scan(path, suffix)
                elif entry.name.endswith(suffix):
                    stamps[path] = stamp(entry)

        scan("data", ".yaml")
        if self.status is None:
            scan(self.docs_dir, ".md")
            return stamps
        scan(f"{self.docs_dir}/{self.only}", ".md")
        for path in self._source_pages():
            if (self.root / path).is_file():  # else the checks across languages said so
                stamps[path] = stamp(self.root / path)
        return stamps

    def _source_pages(self) -> set[str]:
        """A shard given the site's status reads its language's pages and the page each is
        translated from (an untranslated copy shows its text), known once its own are read."""
        return {f"{self.docs_dir}/{page.meta['source_language']}/{name.split('/', 1)[1]}"
                for name, page in self.pages.items()
                if name.startswith(f"{self.only}/")
                and page.meta.get("source_language") in self.languages}

    def refresh(self) -> Changes | None:
        """Re-read what changed since the last refresh; None if nothing did."""
        self.languages = site_languages(self.root)
        sources = self._source_pages() if self.status is not None else set()
        stamps = self._scan()
        if stamps == self._stamps:
            return None
        first, before_stamps, self._stamps = self._stamps is None, self._stamps or {}, stamps
        changed = {path for path in stamps.keys() | before_stamps.keys()
                   if stamps.get(path) != before_stamps.get(path)}
        desks = {Path(path).stem for path in changed if path.startswith("data/desks/")}
        languages = {Path(path).stem for path in changed if path.startswith("data/i18n/")}
        before = self.data
        if first or desks:
            self.data = self._load("data/desks", load_data) or self.data
        if first or languages:
            self.strings = self._load("data/i18n", load_strings) or self.strings
        if desks or languages:  # a context's memo holds markup made from desks and strings
            self._contexts.clear()
            self._headings.clear()
        if languages:  # what each desk made holds strings (fallbacks: any language's)
            self._per_desk.clear()
        if self.data is not before and before is not None:  # not while a desk is broken
            for memo in [*self._per_desk.values(), self._facts]:
                for desk in before.desks.keys() | self.data.desks.keys():
                    if before.desks.get(desk) != self.data.desks.get(desk):
                        memo.pop(desk, None)
        prefix = self.docs_dir + "/"
        named = {path[len(prefix):]: _named(self.pages.get(path[len(prefix):]))
                 for path in changed if path.startswith(prefix)}
        pages = self._read_pages(changed)
        renamed = {name.split("/", 1)[0] for name in pages
                   if _named(self.pages.get(name)) != named[name]}
        self._sources = (Sources(self.root, self.data, self.strings, dict(self.pages))
                         if self.data is not None and self.strings is not None else None)
        self._validation = None
        stale = {name for name in self.pages if name in pages
                 or name.split("/", 1)[0] in languages or self._reads.get(name, set()) & desks}
        stale |= self.status_pages  # the checks' findings
        stale |= followers(self.pages, stale)  # an untranslated copy shows its source's text
        stale |= {name for name in self._listing_pages  # the articles' headings
                  if desks or name.split("/", 1)[0] in renamed}
        self._fresh -= stale
        self._stale |= stale
        if self.status is not None and self._source_pages() != sources:
            self.refresh()  # a shard's pages named their sources
        return Changes(renamed, layout=not first and any(
            (path in stamps) != (path in before_stamps) for path in changed
            if path.startswith(prefix)))

    def _load(self, folder: str, loader):
        """Load data or strings; on a problem keep the last good version and remember it."""
        try:
            loaded = loader(self.root)
        except SourceError as error:
            self._load_problems[folder] = error.problems
            if folder == "data/i18n":
                self._advice = error.advice
            return None
        self._load_problems.pop(folder, None)
        if folder == "data/i18n":
            self._advice = []
        return loaded

    def _read_pages(self, changed: set[str]) -> set[str]:
        prefix = self.docs_dir + "/"
        docs, names = self.root / self.docs_dir, set()
        for path in sorted(changed):
            if not path.startswith(prefix):
                continue
            name, file = path[len(prefix):], self.root / path
            names.add(name)
            self._headings.pop(name, None)
            if not file.exists():
                self._load_problems.pop(path, None)
                for cache in (self.pages, self._rendered, self._failed, self._reads):
                    cache.pop(name, None)
                self.status_pages.discard(name)
                self._listing_pages.discard(name)
                continue
            page, problems = read_page(file, docs, self.root, self.languages)
            if page is not None:
                self.pages[name] = page  # a broken page keeps its last good version
                for pattern, found in ((_STATUS, self.status_pages),
                                       (_ARTICLES, self._listing_pages)):
                    (found.add if pattern.search(page.body) else found.discard)(name)
            self._load_problems[path] = problems
        return names

    # -- validation ----------------------------------------------------------------------

    def validation(self, checks: bool = True) -> Validation:
        """Every problem the sources hold, and with ``checks`` the drift checks' findings.
        Computed once per change of the sources."""
        found = self._validation
        if found is not None and (found.checked or not checks):
            return found
        problems = [problem for found in self._load_problems.values() for problem in found]
        findings, outdated, summary = [], [], {}
        if self.data is not None and self.strings is not None:
            prefix = self.docs_dir + "/"
            broken = {path[len(prefix):] for path, found in self._load_problems.items()
                      if found and path.startswith(prefix)} - set(self.pages)
            problems += unshown_lines(self.data, self.languages)
            problems += country_problems(self.data, self.strings)
            # A shard given the site's status checks its own language's pages against
            # their sources; the checks across all languages ran once (site.shards).
            structure = structure_problems(self.pages, broken, self.languages, self.data,
                                           None if self.status is None else [self.only])
            problems += structure
            if not self.pages and not broken:  # nothing checked is not "all is well"
                problems.append(Problem(self.docs_dir, 1, 1, "there are no pages (docs/LANG/"
                                        "*.md); add one with: helpsite new page NAME"))
            # The drift checks compare each translation with its source: every one there.
            if checks and not structure and not broken and self.status is not None:
                summary = self.status
            elif checks and not structure and not broken:
                try:
                    findings, outdated, summary = translation_status(self._sources)
                except TooMuchToRead as error:  # "docs/de/x.md:7: more than ... values"
                    path, line, message = re.fullmatch(r"(.+?):(\d+): (.*)", str(error),
                                                       re.DOTALL).groups()
                    problems.append(Problem(path, int(line), 1, message))
        self._validation = Validation(problems, self._advice, findings,
                                      outdated, summary, checks)
        if checks:  # the status pages list what the checks found
            self._fresh -= self.status_pages
            self._stale |= self.status_pages
        return self._validation

    def take_stale(self) -> set[str]:
        """The pages whose rendering changed since the last call."""
        stale, self._stale = self._stale, set()
        return stale

    # -- rendering -----------------------------------------------------------------------

    def render(self, name: str) -> str:
        """The page's Markdown with every fact filled in, in the language of its folder;
        raise ``PageProblem``. Rendered again only after a file it reads changed."""
        if name not in self._fresh:
            reads: set[str] = set()
            try:
                # An unedited untranslated copy follows its source (site.copies).
                self._rendered[name] = self._render(name, shown(self.pages, name), reads)
                self._failed.pop(name, None)
            except PageProblem as error:
                self._failed[name] = error
            self._reads[name] = reads
            self._fresh.add(name)
        if name in self._failed:
            raise self._failed[name]
        return self._rendered[name]

    def last_rendering(self, name: str) -> str | None:
        """The page's last good rendering, for the preview while the page cannot be."""
        return self._rendered.get(name)

    def _render(self, name: str, page: PageSource, reads: set[str] | None = None) -> str:
        language = name.split("/", 1)[0]
        if language not in self._contexts:
            self._contexts[language] = Context(self.strings, language, self.late,
                                               self._per_desk.setdefault(language, {}),
                                               self._facts)
        ctx = self._contexts[language]
        return render_body(page, self.data, ctx, {
            "translation_status": Deferred(self._status, language),
            "articles": Deferred(self._articles, language)}, reads)

    def _status(self, language: str) -> Markup:
        return status_markdown(self.validation().summary, self.strings, language)

    def _articles(self, language: str) -> Markup:
        return article_list(self.pages, self._sources.articles(), language, self._heading)

    def _heading(self, name: str) -> str:
        """The page's first heading with its facts filled in: what lists and navigation name
        the page by. Taken from the page's rendering when that is current, else rendered
        alone (the same line, cheaper than the whole page)."""
        if name in self._fresh and name not in self._failed:
            return first_heading(self._rendered[name])
        if name not in self._headings:
            source = shown(self.pages, name)
            line = first_heading(source.body)
            try:
                self._headings[name] = self._render(name, replace(source, body=line))
            except PageProblem:  # the page shows the problem; lists show its file's name
                self._headings[name] = ""
        return self._headings[name]

    def title(self, name: str, fallback: str | None = None) -> Markup | None:
        """What menus and lists call the page (contents.page_title)."""
        return page_title(self.pages, name, fallback, self._heading)

    def filled(self, html: str) -> str:
        """A page's HTML with its data blocks (see ``late``)."""
        return self.late.fill(html) if self.late is not None else html

    @property
    def loaded(self) -> bool:
        """Data and strings loaded at least once: pages can be rendered."""
        return self._sources is not None

    def project(self) -> Project:
        """Everything checked and rendered; raise ``SourceError`` listing every problem."""
        found = self.validation()
        if found.problems:
            raise SourceError(found.problems, found.advice)
        problems = []
        # Pages listing the articles last: the articles' headings are rendered by then.
        shown = [name for name in self.pages
                 if self.only is None or name.startswith(f"{self.only}/")]
        for name in sorted(shown, key=lambda name: name in self._listing_pages):
            try:
                self.render(name)
            except PageProblem as error:
                if error.problem not in problems:  # an untranslated copy repeats its source's
                    problems.append(error.problem)
        if problems:
            # Every missing fee label at once, not each page's first.
            raise SourceError(problems + label_problems(found.findings),
                              label_advice(found.findings))
        return Project(self.root, self.data, self.strings, dict(self.pages),
                       {name: self._rendered[name] for name in sorted(shown)},
                       found.findings, found.outdated)


def _named(page: PageSource | None) -> tuple | None:
    """What names a page in menus and lists: its front-matter title and first heading."""
    return page and (page.meta.get("title"), first_heading(page.body))


def load_project(root: Path, docs_dir: str = "docs", only: str | None = None) -> Project:
    """Load, validate and render everything (``only``: that language's pages alone); raise
    ``SourceError`` listing every problem."""
    state = SiteState(root, docs_dir, only)
    state.refresh()
    return state.project()


def docs_folder(config_file: Path) -> str:
    """Where the pages are: the configuration's docs_dir (MkDocs' default: docs), relative
    to the project. check and the build read it here, and both refuse a folder outside the
    project (it would be published, and its links checked by nothing)."""
    root = config_file.parent
    found = top_level(config_file, config_file.name, "docs_dir") if config_file.is_file() else None
    if found is None:
        return "docs"
    folder, (line, column) = found
    path = Path(os.path.normpath(root.absolute() / folder))
    if path == root.absolute() or not path.is_relative_to(root.absolute()):
        raise SourceError([Problem(config_file.name, line, column, f"docs_dir {folder} is not a "
                                   "folder inside the project; keep the pages in one, e.g. docs")])
    return path.relative_to(root.absolute()).as_posix()


def _is_folder(entry: os.DirEntry) -> bool:
    """A folder to look into: as pathlib's rglob, not through a link (a link to a parent
    would never end), and not a link to itself (loading reports that one where it is)."""
    try:
        return entry.is_dir() and not entry.is_symlink()
    except OSError:
        return False


def stamp(file: Path | os.DirEntry) -> tuple[int, int]:
    """A file's size and modification time; (-1, -1) for one that cannot be read (a link
    to itself), which loading reports where it is."""
    try:
        status = file.stat()
    except OSError:
        return -1, -1
    return status.st_size, status.st_mtime_ns

