"""The writers' preview: the site state (project.SiteState) kept alive between saves, a
page rendered only when it is built, and every problem kept beside the page it concerns
instead of stopping.

A page is *pending* while its built output is older than what it shows: its rendering
changed (its own file, a desk its placeholders read, its language's strings), the notices
it shows changed, or the title of a page its navigation lists. The preview server
(helpsite_serve) builds the pending pages a browser shows first and the others one at a
time in the background.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from helpsite.errors import Problem
from helpsite.pages.render import PageProblem
from helpsite.site.project import SiteState, Validation


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
    """The project as the preview shows it: the site state, the notices per page, and the
    pages still to build."""

    def __init__(self, root: Path, docs_dir: str = "docs"):
        self.state = SiteState(root, docs_dir)
        self.pending: set[str] = set()
        self._render_problems: dict[str, Notice] = {}
        self._notices: dict[str, list[Notice]] = {}  # per page; "" for every page
        self._urls: dict[str, str] = {}  # site URL path -> page
        self._unsafe: dict[str, list[Notice]] = {}  # pages whose HTML could run script
        self._safe_html: dict[str, str] = {}  # each page's last safe HTML
        self.layout_changed = False  # the last refresh found pages added or removed
        self.unchecked = False  # the drift checks are still to run (see check)
        self._new: list[Notice] = []  # the notices the last validation added
        self._shown: Counter[str] = Counter()  # site URL path -> browsers showing it
        self._shown_lock = threading.Lock()  # each browser's connection is a thread

    @property
    def pages(self) -> dict:
        return self.state.pages

    def refresh(self, checks: bool = True) -> list[Notice] | None:
        """Re-read what changed since the last call. Returns None if nothing did, else the
        notices that are new (for the terminal). ``checks=False`` leaves the drift checks,
        the slowest part of a first refresh, to ``check``."""
        changes = self.state.refresh()
        if changes is None:
            return None
        self.layout_changed = changes.layout
        stale = self._validate(checks)
        # Every page's navigation lists the pages of its language by title.
        stale |= {page for page in self.pages if page.split("/", 1)[0] in changes.renamed}
        return self._mark(stale)

    def check(self) -> list[Notice]:
        """The drift checks a refresh left out: the pages whose notices they change, and
        the status pages, become pending. Returns the new notices."""
        if not self.unchecked:
            return []
        return self._mark(self._validate(checks=True))

    def _validate(self, checks: bool) -> set[str]:
        """The state's validation as notices per page; the pages whose notices changed."""
        before, self._notices = self._notices, _by_page(self.state.validation(checks),
                                                        self.state.docs_dir, self.pages)
        self.unchecked = not checks
        self._new = [notice for page, notices in self._notices.items() for notice in notices
                     if notice not in before.get(page, [])]
        if self._notices.get("") != before.get(""):
            return set(self.pages)  # a notice about the data belongs on every page
        return {page for page in self.pages if self._notices.get(page) != before.get(page)}

    def _mark(self, stale: set[str]) -> list[Notice]:
        self.pending |= (stale | self.state.take_stale()) & set(self.pages)
        return self._new

    # -- pages ---------------------------------------------------------------------------

    def markdown(self, page: str, fallback: str) -> str:
        """The page's Markdown with its facts filled in; when it cannot be rendered, its last
        good rendering (or ``fallback``, MkDocs' own reading) and a notice saying why."""
        source = self.pages.get(page)
        if source is None or not self.state.loaded:
            return fallback
        if self.unchecked and page in self.state.status_pages:
            self.check()  # the status page lists what the checks find
        try:
            text = self.state.render(page)
        except PageProblem as error:
            self._render_problems[page] = Notice.of(error.problem)
            return self.state.last_rendering(page) or source.body
        self._render_problems.pop(page, None)
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

    def title(self, page: str, fallback: str) -> Markup:
        """What the navigation shows for ``page``, as the build names it (SiteState.title);
        ``fallback``, the file's name, while its heading cannot be rendered."""
        if page not in self.pages or not self.state.loaded:
            return escape(fallback)
        return self.state.title(page, fallback)

    def invalidate(self) -> None:
        """Every page is to be built again (the site's configuration changed)."""
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


def _by_page(validation: Validation, docs_dir: str, pages: dict) -> dict[str, list[Notice]]:
    """Each problem and finding on the page it concerns; "" (every page) for data and
    strings files, and for files under docs/ that no page shows (one outside docs/LANG/,
    one never read)."""
    notices: dict[str, list[Notice]] = {}
    prefix = docs_dir + "/"
    for item in [*validation.problems, *validation.findings, *validation.outdated]:
        notice = Notice.of(item)
        name = notice.where.split(":", 1)[0].removeprefix(prefix)
        notices.setdefault(name if name in pages else "", []).append(notice)
    return notices
