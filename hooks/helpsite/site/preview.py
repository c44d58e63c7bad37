"""The writers' preview: after a save, re-read only the files that changed, render a page
only when it is built, and keep every problem beside the page it concerns instead of
stopping.

A page is *pending* while its built output is older than what it shows: its own file
changed, a desk its placeholders read changed, its language's strings changed, or the
notices it shows changed. The preview server (helpsite_serve) builds the pending pages a
browser shows first and the others one at a time in the background.
"""

from __future__ import annotations

import os
import re
import threading
from collections import ChainMap, Counter
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from helpsite.pages.contents import shown_title
from helpsite.model.context import Context
from helpsite.errors import Problem, SourceError
from helpsite.model.load import load_data
from helpsite.site.project import Project, checked_status, read_page, render_page, stamp, structure_problems
from helpsite.pages.render import PageProblem
from helpsite.model.strings import load_strings, site_languages

_STATUS = re.compile(r"\{\{\s*translation_status\b")
_ARTICLES = re.compile(r"\{\{\s*articles\b")


@dataclass(frozen=True)
class Notice:
    """One problem or drift finding, as the preview banner and the terminal show it."""

    where: str  # file:line[:column]
    message: str

    @classmethod
    def of(cls, item: object) -> Notice:
        where, _, message = str(item).partition(": ")
        return cls(where, message)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Preview:
    """The project as the preview shows it: the last good sources, each page's rendering
    and what it read, the notices per page, and the pages still to build."""

    def __init__(self, root: Path, docs_dir: str = "docs"):
        self.root, self.docs_dir = root, docs_dir
        self.data = self.strings = None
        self.pages = {}  # docs-relative path -> PageSource (the last good version)
        self.pending: set[str] = set()
        self._stamps: dict[str, tuple[int, int]] = {}
        self._load_problems: dict[str, list[Problem]] = {}  # per source file
        self._render_problems: dict[str, Notice] = {}
        self._notices: dict[str, list[Notice]] = {}  # per page; "" for every page
        self._summary: dict = {}
        self._project: Project | None = None  # what page placeholders read
        self._contexts: dict[str, Context] = {}
        self._rendered: dict[str, str] = {}  # the last good rendering of each page
        self._headings: dict[str, str] = {}  # first headings rendered alone, until the page is
        self._reads: dict[str, set[str]] = {}  # desks each rendering read
        self._fresh: set[str] = set()  # pages whose rendering is current
        self._urls: dict[str, str] = {}  # site URL path -> page
        self._unsafe: dict[str, list[Notice]] = {}  # pages whose HTML could run script
        self._safe_html: dict[str, str] = {}  # each page's last safe HTML
        self.layout_changed = False  # the last refresh found pages added or removed
        self.unchecked = False  # the drift checks are still to run (see check)
        self._shown: Counter[str] = Counter()  # site URL path -> browsers showing it
        self._shown_lock = threading.Lock()  # each browser's connection is a thread

    # -- sources -------------------------------------------------------------------------

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Each source file's size and time, by root-relative path (os.scandir: a save's
        refresh stats thousands of pages)."""
        stamps: dict[str, tuple[int, int]] = {}

        def scan(folder: str, suffix: str) -> None:
            try:
                entries = list(os.scandir(self.root / folder))
            except FileNotFoundError:
                return
            for entry in entries:
                path = f"{folder}/{entry.name}"
                if entry.is_dir():
                    scan(path, suffix)
                elif entry.name.endswith(suffix):
                    stamps[path] = stamp(entry)

        scan("data", ".yaml")
        scan(self.docs_dir, ".md")
        return stamps

    def refresh(self, checks: bool = True) -> list[Notice] | None:
        """Re-read what changed since the last call. Returns None if nothing did, else the
        notices that are new (for the terminal). ``checks=False`` leaves the drift checks,
        the slowest part of a first refresh, to ``check``."""
        stamps = self._scan()
        if stamps == self._stamps:
            return None
        changed = {path for path in stamps.keys() | self._stamps.keys()
                   if stamps.get(path) != self._stamps.get(path)}
        first, before, self._stamps = not self.pages, self._stamps, stamps
        self.layout_changed = not first and _pages(stamps) != _pages(before)
        languages = site_languages(self.root)
        desks_changed = {Path(path).stem for path in changed if path.startswith("data/desks/")}
        strings_changed = {Path(path).stem for path in changed if path.startswith("data/i18n/")}
        if first or desks_changed:
            self.data = self._load("data/desks", load_data) or self.data
        if first or strings_changed:
            self.strings = self._load("data/i18n", load_strings) or self.strings
        if first or desks_changed or strings_changed:
            self._contexts = {language: Context(self.strings, language)
                              for language in languages} if self.strings else {}
            self._headings.clear()
        docs_changed = {path.removeprefix(self.docs_dir + "/") for path in changed}
        titles_before, notices_before = self._titles(docs_changed), self._notices
        pages_changed = self._read_pages(changed, languages)
        unchecked = self.unchecked
        self._notices = self._gather_notices(languages, checks)
        stale = self._stale(pages_changed, desks_changed, strings_changed, notices_before)
        if unchecked and not self.unchecked:
            stale |= self._status_pages()
        titles = self._titles(docs_changed)
        # Every page's navigation lists the pages of its language by title.
        renamed = {page.split("/", 1)[0] for page in titles.keys() | titles_before.keys()
                   if titles.get(page) != titles_before.get(page)}
        stale |= {page for page in self.pages if page.split("/", 1)[0] in renamed}
        self._fresh -= stale
        self.pending |= stale
        return self._new(notices_before)

    def check(self) -> list[Notice]:
        """The drift checks a refresh left out: the pages whose notices they change, and
        the status pages, become pending. Returns the new notices."""
        if not self.unchecked:
            return []
        notices_before = self._notices
        self._notices = self._gather_notices(site_languages(self.root), checks=True)
        stale = self._stale(set(), set(), set(), notices_before) | self._status_pages()
        self._fresh -= stale
        self.pending |= stale
        return self._new(notices_before)

    def _new(self, notices_before: dict[str, list[Notice]]) -> list[Notice]:
        old = {notice for notices in notices_before.values() for notice in notices}
        return [notice for notices in self._notices.values() for notice in notices
                if notice not in old]

    def _status_pages(self) -> set[str]:
        return {page for page, source in self.pages.items() if _STATUS.search(source.body)}

    def _load(self, folder: str, loader):
        """Load data or strings; on a problem keep the last good version and remember it."""
        try:
            loaded = loader(self.root)
        except SourceError as error:
            self._load_problems[folder] = error.problems
            return None
        self._load_problems.pop(folder, None)
        return loaded

    def _read_pages(self, changed: set[str], languages: list[str]) -> set[str]:
        prefix = self.docs_dir + "/"
        docs, names = self.root / self.docs_dir, set()
        for path in sorted(changed):
            if not path.startswith(prefix):
                continue
            name, file = path[len(prefix):], self.root / path
            names.add(name)
            self._headings.pop(name, None)
            if not file.exists():
                self.pages.pop(name, None)
                self._load_problems.pop(path, None)
                continue
            page, problems = read_page(file, docs, self.root, languages)
            if page is not None:
                self.pages[name] = page  # a broken page keeps its last good version
            self._load_problems[path] = problems
        return names

    def _gather_notices(self, languages: list[str], checks: bool) -> dict[str, list[Notice]]:
        problems = [problem for found in self._load_problems.values() for problem in found]
        findings = []
        if self.data is not None and self.strings is not None:
            prefix = self.docs_dir + "/"
            broken = {path[len(prefix):] for path, found in self._load_problems.items()
                      if found and path.startswith(prefix)} - set(self.pages)
            problems += structure_problems(self.pages, broken, languages, self.data)
            # The home page's list of articles shows their last renderings' titles.
            project = Project(self.root, self.data, self.strings, self.pages,
                              rendered=ChainMap(self._rendered, self._headings))
            if checks:
                try:
                    findings, outdated, self._summary = checked_status(project)
                    findings += outdated
                except SourceError as error:  # a page too long to check: its banner says so
                    problems += error.problems
            self.unchecked = not checks
            self._project = project
        notices: dict[str, list[Notice]] = {}
        for item in [*problems, *findings]:
            notice = Notice.of(item)
            notices.setdefault(self._page_of(notice.where), []).append(notice)
        return notices

    def _page_of(self, where: str) -> str:
        """The page a notice belongs on; "" (every page) for data and strings files."""
        prefix = self.docs_dir + "/"
        path = where.split(":", 1)[0]
        return path[len(prefix):] if path.startswith(prefix) else ""

    def _titles(self, names: set[str]) -> dict[str, tuple]:
        """What the navigation shows of these pages: front-matter title and first heading."""
        return {name: (page.meta.get("title"), next(
                    (line for line in page.body.splitlines() if line.startswith("# ")), None))
                for name, page in self.pages.items() if name in names}

    def _stale(self, pages_changed: set[str], desks_changed: set[str],
               strings_changed: set[str], notices_before: dict) -> set[str]:
        every = set(self.pages)
        if self._notices.get("") != notices_before.get(""):
            return every  # a notice about the data belongs on every page
        stale = set(pages_changed) & every
        stale |= {page for page, reads in self._reads.items() if reads & desks_changed}
        stale |= {page for page in every if page.split("/", 1)[0] in strings_changed}
        stale |= {page for page in every if self._notices.get(page) != notices_before.get(page)}
        if pages_changed or desks_changed or strings_changed:  # the status page reads all
            stale |= self._status_pages()
        if desks_changed:  # a home page lists the articles' headings, which name desks
            stale |= {page for page in every if _ARTICLES.search(self.pages[page].body)}
        return stale

    # -- pages ---------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        """The last good sources as a project (its ``rendered``: the last renderings)."""
        return self._project

    def markdown(self, page: str, fallback: str) -> str:
        """The page's Markdown with its facts filled in; when it cannot be rendered, its last
        good rendering (or ``fallback``, MkDocs' own reading) and a notice saying why."""
        if page in self._fresh:
            return self._rendered[page]
        source = self.pages.get(page)
        if source is None or self._project is None:
            return self._rendered.get(page, fallback)
        if self.unchecked and _STATUS.search(source.body):
            self.check()  # the status page lists what the checks find
        if _ARTICLES.search(source.body):  # it lists the articles under their headings
            for article in self._project.articles():
                if f"{page.split('/', 1)[0]}/{article}" in self.pages:
                    self._render_heading(f"{page.split('/', 1)[0]}/{article}")
        reads: set[str] = set()
        try:
            text = render_page(self._project, page, source, self._contexts, self._summary, reads)
        except PageProblem as error:
            self._render_problems[page] = Notice.of(error.problem)
            return self._rendered.get(page, source.body)
        self._render_problems.pop(page, None)
        self._rendered[page], self._reads[page] = text, reads
        self._headings.pop(page, None)
        self._fresh.add(page)
        return text

    def render_problem(self, page: str) -> Notice | None:
        return self._render_problems.get(page)

    def checked_html(self, page: str, html: str, problems: list[Problem]) -> str:
        """The page's HTML when it is safe; else its last safe HTML (none if it never had
        one), and the problems among its notices."""
        if not problems:
            self._unsafe.pop(page, None)
            self._safe_html[page] = html
            return html
        self._unsafe[page] = [Notice.of(problem) for problem in problems]
        return self._safe_html.get(page, "")

    def notices(self, page: str) -> list[Notice]:
        """What the banner on ``page`` says: problems with the data, then with the page."""
        found = [*self._notices.get("", []), *self._notices.get(page, [])]
        if page in self._render_problems:
            found.append(self._render_problems[page])
        return found + self._unsafe.get(page, [])

    def title(self, page: str) -> Markup | None:
        """What the navigation shows for ``page`` before it is built, as the build names it
        (shown_title): its title, or the first heading of its last rendering (until it has
        one, its heading rendered alone)."""
        source = self.pages.get(page)
        if source is None:
            return None
        if self._project is not None and not source.meta.get("title"):
            self._render_heading(page)
        return shown_title(source.meta, self._project.rendered.get(page, source.body)
                           if self._project else "", None)

    def _render_heading(self, page: str) -> None:
        """The page's first heading with its facts filled in, for the lists and navigation
        that name the page before it is rendered; cheap, unlike the whole page."""
        source = self.pages[page]
        if page in self._rendered or page in self._headings or self._project is None:
            return
        heading = next((line for line in source.body.splitlines() if line.startswith("# ")), "")
        try:
            self._headings[page] = render_page(self._project, page, replace(source, body=heading),
                                               self._contexts, self._summary)
        except PageProblem:
            self._headings[page] = heading  # the page itself shows the problem

    def invalidate(self) -> None:
        """Every page is to be built again (the site's configuration changed)."""
        self._fresh.clear()
        self.pending |= set(self.pages)

    # -- what to build -------------------------------------------------------------------

    def locate(self, url: str, page: str) -> None:
        """Remember that ``page`` is served at the site-relative ``url``."""
        self._urls[url] = page

    def page_at(self, url: str) -> str | None:
        return self._urls.get(url)

    def shown(self, url: str, browsers: int) -> None:
        """``browsers`` more (or, negative, fewer) browsers show the page at ``url``: the
        live-reload connection of an open page says so while it lasts."""
        with self._shown_lock:
            self._shown[url] += browsers
            if self._shown[url] <= 0:
                del self._shown[url]

    def wanted(self) -> set[str]:
        """Pages open in a browser."""
        with self._shown_lock:
            return {self._urls[url] for url in self._shown if url in self._urls}

    def next_pending(self, languages: list[str]) -> str | None:
        """The pending page to build next: one a browser shows, else a home page, else the
        first in order; ``languages``' pages first, in that order."""
        if not self.pending:
            return None
        wanted = self.wanted()
        rank = {language: number for number, language in enumerate(languages)}
        return min(self.pending, key=lambda page: (
            page not in wanted, not page.endswith("/index.md"),
            rank.get(page.split("/", 1)[0], len(rank)), page))

    def built(self, page: str) -> None:
        self.pending.discard(page)


def _pages(stamps: dict[str, tuple[int, int]]) -> set[str]:
    return {path for path in stamps if path.endswith(".md")}
