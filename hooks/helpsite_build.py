"""The MkDocs adapter's build strategy (`mkdocs build`, `helpsite build`): the sources
checked and every page rendered before anything is written, any problem stopping the build
in one message; the site written into a fresh folder that replaces the published one only
once every language is written (helpsite.publish)."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from helpsite.errors import SourceError
from helpsite.pages.contents import shown_title
from helpsite.pages.render import LateData
from helpsite.site.pagestore import PageStore
from helpsite.site.project import Project, SiteState
from helpsite.site.publish import PublishError, StagedSite
from helpsite_pagecache import PageConversions

log = logging.getLogger("mkdocs.plugins.helpsite")


class CannotWrite(PluginError):
    """The site could not be written (disk full, no permission): the sources are fine, the
    machine is not; exit 2, as the helpsite command does for what it cannot use."""

    exit_code = 2


def cannot_write(error: OSError, site: Path | None) -> CannotWrite:
    what = ("free some space" if error.errno in (errno.ENOSPC, errno.EDQUOT)
            else "make it writable" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            else "fix that")
    unchanged = f"; {site} was not changed" if site else ""
    return CannotWrite(f"helpsite: cannot write {error.filename or site}: {error.strerror}"
                        f"{unchanged}; {what} and build again")


def fail(problems: list, advice: list[str] = ()) -> PluginError:
    return PluginError(f"helpsite: {len(problems)} problem(s):\n"
                       + "\n".join([*map(str, problems), *advice]))


class BuildStrategy:
    """`mkdocs build`: the sources checked and every page rendered before anything is
    written, any problem stopping the build; `helpsite build` and `mkdocs build` write into
    a fresh folder that replaces the site only once every language is written."""

    live_reload: list[str] = []  # the policy lists no live-reload script

    def __init__(self, command: str | None, dirty: bool, shard: str | None = None,
                 status: dict | None = None) -> None:
        self.command, self.dirty = command, dirty
        self.shard = shard  # helpsite build --language: the one language rendered
        self.status = status  # the site's translation status, checked once for the shards
        self.store: PageStore | None = None  # the pages' HTML until each is written
        self.state: SiteState | None = None
        self.project: Project | None = None
        self.staged: StagedSite | None = None
        # HELPSITE_PAGE_CACHE: pages converted by an earlier build (helpsite_pagecache).
        self.conversions = PageConversions.from_environment()
        self.failed = self.finished = self.told_unchanged = False

    def configure(self, config: MkDocsConfig, root: Path, docs_dir: str) -> bool:
        """On every language's on_config: stage the site, refresh the state, render what
        changed and stop on any problem."""
        if self.command in ("build", "gh-deploy") and self.staged is None:
            try:
                self.staged = StagedSite(Path(config.site_dir), dirty=self.dirty)
            except PublishError as error:
                raise PluginError(f"helpsite: {error}")
            except OSError as error:
                raise cannot_write(error, Path(config.site_dir))
            self.failed = self.finished = self.told_unchanged = False
            config.site_dir = str(self.staged.staging)
            self.store = PageStore()
        if self.state is None or (self.state.root, self.state.docs_dir) != (root, docs_dir):
            self.state = SiteState(root, docs_dir, self.shard, LateData(), status=self.status)
        # Every language's build looks again: a file saved meanwhile stops the build.
        if self.state.refresh() is not None or self.project is None:
            self.project = None
            try:
                self.project = self.state.project()  # only what changed is rendered again
            except SourceError as error:
                raise fail(error.problems, error.advice)
            for item in self._drift():  # a warning, so `mkdocs serve --clean` keeps previewing
                log.warning(str(item))
        if config.strict and self._drift():
            raise fail(self._drift())
        return True

    def _drift(self) -> list:
        return [*self.project.findings, *self.project.outdated]

    def markdown(self, page: Page, markdown: str) -> str:
        if page.file.src_uri not in self.project.rendered:
            raise PluginError(
                f"helpsite: {page.file.src_uri} was not rendered (not under docs/LANG/?)")
        return self.project.rendered[page.file.src_uri]

    def title(self, page: Page, markdown: str, fallback: str) -> Markup | None:
        """As the page's rendering names it (contents.shown_title)."""
        return shown_title(page.meta, markdown, fallback)

    def content(self, page: Page, content: str, problems: list) -> str:
        if problems:
            raise fail(problems)
        return content

    def built(self, page: Page) -> None:
        """Nothing to remember: the next build starts from the sources."""

    def finish(self) -> None:
        self.finished = True  # every language is written (strict warnings still count)

    def build_error(self, error: Exception) -> None:
        self.failed = True
        if isinstance(error, OSError) and self.staged is not None:
            self.told_unchanged = True  # the message says the site was not changed
            raise cannot_write(error, self.staged.target) from None

    def shutdown(self) -> None:
        conversions, self.conversions = self.conversions, None
        if conversions is not None:
            conversions.close()
            if self.finished and not self.failed:
                conversions.finish()
        if self.store is not None:
            self.store.close()
            self.store = None
        staged, self.staged = self.staged, None
        if staged is None:
            return
        if self.finished and not self.failed:
            try:
                left = staged.publish()
            except OSError as error:
                raise cannot_write(error, staged.target) from None
            for item in left:
                log.warning(f"helpsite: published; could not delete an old build: {item}")
        else:
            staged.discard()
            if not self.told_unchanged:
                log.error(f"helpsite: the build failed; {staged.target} was not changed")
