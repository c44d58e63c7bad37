"""`helpsite serve`: the writers' preview, kept in memory between saves.

`mkdocs serve` rebuilds the whole site after every save, and static-i18n builds it once per
language, re-reading the configuration and re-creating every page's file entry each time.
This server sets up MkDocs' configuration, files, navigation and theme of each language
once; after a save it renders only the pages the save changed (``helpsite.site.preview`` says
which), running the same plugin events for each as a build does. Pages open in a browser are
built before the browsers reload, the others in the background one at a time, so a save
waits for one page at most; any page still out of date is built when a browser asks for it.

MkDocs offers no public way to build one page: this uses `mkdocs.commands.build`'s
``_populate_page``, ``_build_page`` and ``_build_theme_template`` (MkDocs 1.6), static-i18n's
``current_language``, and the live-reload server's ``observer``;
tests/test_serve.py fails loudly when an upgrade changes them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markupsafe
from markupsafe import Markup
import yaml
from mkdocs import livereload
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from watchdog.events import (FileClosedEvent, FileCreatedEvent, FileDeletedEvent,
                             FileModifiedEvent, FileMovedEvent)
from watchdog.observers import Observer

from helpsite.pages import contents
from helpsite.site import safety
from helpsite.site.preview import Preview
from helpsite.site.project import SiteState


# The preview's notices: outside MkDocs' loggers, so a `strict: true` left in mkdocs.yml
# cannot turn them into a failed rebuild (a stuck browser).
log = logging.getLogger("helpsite.site.preview")
_LIVE_RELOAD = "'helpsite-live-reload'"


class PreviewStrategy:
    """`mkdocs serve` and `helpsite serve`: the state kept alive (Preview), refreshed at
    every build (mkdocs serve) or once per save by helpsite serve itself (``incremental``);
    a problem is shown on its page instead of stopping."""

    # The policy's place for the live-reload script's hash, which depends on the moment
    # a page is served (_list_live_reload fills it in).
    live_reload = [_LIVE_RELOAD]

    def __init__(self, incremental: bool = False) -> None:
        self.incremental = incremental
        self.preview: Preview | None = None
        if not log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
            log.addHandler(handler)
            log.propagate = False

    @property
    def state(self) -> SiteState | None:
        return self.preview.state if self.preview is not None else None

    def configure(self, config: MkDocsConfig, root: Path, docs_dir: str) -> bool:
        if not self.incremental:
            self.refresh(root, docs_dir)
        return self.state is not None and self.state.loaded  # else the banner says why

    def refresh(self, root: Path, docs_dir: str, checks: bool = True) -> bool:
        """Re-read the sources that changed (Preview.refresh); the terminal shows the new
        notices. True if something changed."""
        if self.preview is None:
            self.preview = Preview(root, docs_dir)
        new = self.preview.refresh(checks)
        _tell(new or [])
        return new is not None

    def check(self) -> None:
        """The drift checks refresh left out (Preview.check)."""
        _tell(self.preview.check())

    def markdown(self, page: Page, markdown: str) -> str:
        src_uri = page.file.src_uri
        before = self.preview.render_problem(src_uri)
        markdown = self.preview.markdown(src_uri, markdown)
        problem = self.preview.render_problem(src_uri)
        if problem is not None and problem != before:
            _tell([problem])
        # overrides/partials/helpsite-notices.html shows these above the page.
        page.meta["helpsite_notices"] = self.preview.notices(src_uri)
        return markdown

    def title(self, page: Page, markdown: str, fallback: str) -> Markup | None:
        """As the navigation named it before the page was built, also while the page
        cannot be rendered: never a placeholder as typed (Preview.title)."""
        return self.preview.title(page.file.src_uri, fallback)

    def content(self, page: Page, content: str, problems: list) -> str:
        """Unsafe HTML is never shown: the page keeps its last safe content, and says why."""
        src_uri = page.file.src_uri
        before = self.preview.notices(src_uri)
        content = self.preview.checked_html(src_uri, content, problems)
        page.meta["helpsite_notices"] = self.preview.notices(src_uri)
        _tell([notice for notice in page.meta["helpsite_notices"] if notice not in before])
        return content

    def built(self, page: Page) -> None:
        self.preview.built(page.file.src_uri)

    def finish(self) -> None:
        """Nothing to publish: the preview serves its folder."""

    def build_error(self, error: Exception) -> None:
        """The preview tells; MkDocs' own message is enough."""

    def shutdown(self) -> None:
        """Nothing kept: the next serve starts afresh."""

    def serve(self, server) -> None:
        """Under `mkdocs serve`: the live-reload script listed in each page's policy."""
        _list_live_reload(server)


def _tell(notices: list) -> None:
    for notice in notices:
        log.warning(str(notice))  # and on the page, in the banner


def _list_live_reload(server) -> None:
    """The preview's pages as served: MkDocs' live-reload server adds an inline script
    before each page's </body>, which the page's policy must list, or the browser never
    reloads. This does the adding instead, with the script made from MkDocs' own template
    and the server's values, and puts that script's hash where the policy keeps its place."""

    def listed(content: bytes, epoch: int) -> bytes:
        script = livereload._SCRIPT_TEMPLATE.substitute(
            epoch=epoch, request_id=livereload._timestamp()).encode()
        # As overrides/main.html writes it: escaped (Jinja's `e` is markupsafe's).
        content = content.replace(str(markupsafe.escape(_LIVE_RELOAD)).encode(),
                                  safety.script_hash(script.decode()).encode())
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + b"<script>" + script + b"</script>" + content[end:]

    server._inject_js_into_html = listed


# The background builds a page only once browsers and saves have asked for nothing for
# QUIET seconds (a page brings its styles and scripts); it sets up a language or runs the
# drift checks, a second or two each at 500 articles, only after LONG_QUIET, so that a
# writer saving and looking is never kept waiting for them.
QUIET = 0.5
LONG_QUIET = 3.0


@dataclass
class _Language:
    """One language's site as MkDocs builds it: its files, navigation and theme."""

    files: Files
    nav: Navigation
    env: jinja2.Environment


class PreviewSite:
    """The site being previewed, in memory: MkDocs' configuration and each language's files,
    navigation and theme, and the helpsite hooks' preview of the sources. Every method that
    builds holds ``lock``: MkDocs' configuration is switched from language to language."""

    def __init__(self, config_file: str, site_dir: str, dev_addr: str | None):
        self.config_file, self.site_dir, self.dev_addr = config_file, site_dir, dev_addr
        self.lock = threading.RLock()
        self.config = self._load_config()
        self._config_stamp = _stamp(self.config_file)
        self.mount = urlsplit(self.config.site_url).path  # where the site is served
        self.host, self.port = self.config.dev_addr
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.hooks = _helpsite_hooks(self.config)
        self.hooks.serve_incrementally()
        self._reset()
        self.hooks.refresh_preview(self.config, checks=False)  # they follow in the background
        self._search_entries: dict[str, list[dict]] = {}  # page URL -> its search entries
        self._search_stale = False
        self._wake = threading.Event()
        self._stopped = False
        self._asked_at = time.monotonic()  # when a browser or a save last wanted something
        # Writing here makes the live-reload server run a round: browsers reload.
        self._signal = Path(tempfile.mkdtemp(prefix="helpsite_reload_")) / "built"

    # -- configuration and languages -----------------------------------------------------

    def _load_config(self) -> MkDocsConfig:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir,
                             dev_addr=self.dev_addr)
        mount = urlsplit(config.site_url or "/").path.strip("/")  # as mkdocs serve mounts it
        host, port = config.dev_addr
        config.site_url = f"http://{host}:{port}/{mount + '/' if mount else ''}"
        # static-i18n announces every language it is switched to: once per page here.
        logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)
        return config

    def _reset(self) -> None:
        """Forget every language's setup (they are set up again when needed)."""
        self.i18n = self.config.plugins["i18n"]
        self.languages: dict[str, _Language] = {}
        self.pages: dict[str, tuple[str, Page]] = {}  # src_uri -> its language and Page
        self._current: str | None = None

    @property
    def preview(self):
        return self.hooks.preview

    def _switch(self, language: str) -> None:
        """Make MkDocs' configuration that of ``language``, as static-i18n does for each
        language's build: the plugins' `config` events, for that language."""
        if self._current != language:
            self.i18n.current_language = language
            self.config = self.config.plugins.on_config(self.config)
            self._current = language

    def _set_up(self, language: str) -> None:
        """A language's files, navigation and theme: a MkDocs build up to its pages."""
        self._switch(language)
        config = self.config
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(dirty=True)
        for file in files.documentation_pages():
            page = file.page or Page(None, file, config)  # pages outside the navigation
            # As requested: the home page's URL is "./"
            self.preview.locate(file.url.removeprefix("./"), file.src_uri)
            self.pages[file.src_uri] = (language, page)
            if page.content is None:
                # Until it is built, the navigation shows its heading (MkDocs: "None").
                page.title = _Title(self.preview, file.src_uri, contents.file_title(page))
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        self.languages[language] = _Language(files, nav, env)

    def _order(self) -> list[str]:
        """Languages, those of the pages a browser shows first."""
        shown = [self.pages[page][0] for page in self.preview.wanted() if page in self.pages]
        return list(dict.fromkeys([*shown, self.i18n.default_language,
                                   *self.i18n.build_languages]))

    def _language_of(self, url: str) -> str:
        first = url.split("/", 1)[0]
        return first if first in self.i18n.build_languages else self.i18n.default_language

    # -- pages ---------------------------------------------------------------------------

    def _build(self, src_uri: str) -> None:
        """Render and write one page, with every plugin's page events."""
        language, page = self.pages[src_uri]
        site = self.languages[language]
        self._switch(language)
        vars(page).pop("title", None)  # the heading shown until now (see _set_up)
        # MkDocs writes the page in place: a browser asking meanwhile would get it empty
        # or cut off. It is written beside it and renamed over it once whole.
        target = page.file.abs_dest_path
        partial = page.file.abs_dest_path = f"{target}.partial"
        try:
            mkdocs_build._populate_page(page, self.config, site.files)
            mkdocs_build._build_page(page, self.config, site.files.documentation_pages(),
                                     site.nav, site.env)
            if os.path.exists(partial):  # MkDocs writes no page that came out empty
                os.replace(partial, target)
        except Exception as error:  # a broken template or plugin: say so, serve on
            log.error(f"{src_uri}: {error}; the page keeps its last version")
        finally:
            page.file.abs_dest_path = target
            with contextlib.suppress(FileNotFoundError):
                os.remove(partial)
            self.preview.built(src_uri)
        index = self.config.plugins.get("material/search")
        if index is not None:
            self._search_entries[page.url] = list(index.search_index.entries)
            index.search_index.entries.clear()
            self._search_stale = True

    def _write_indexes(self) -> None:
        """Facts and search indexes, once the background has caught up."""
        self.hooks.write_facts(self.config)
        if self.config.plugins.get("material/search") is not None:
            entries = [entry for entries in self._search_entries.values() for entry in entries]
            self.hooks.write_search_indexes(self.config, entries)
        self._search_stale = False

    def _ensure(self, src_uri: str) -> None:
        """Build ``src_uri`` now if it is out of date."""
        language = src_uri.split("/", 1)[0]
        if language not in self.languages:
            self._set_up(language)
        if src_uri in self.preview.pending and src_uri in self.pages:
            self._build(src_uri)

    # -- events --------------------------------------------------------------------------

    def start(self) -> None:
        """Build the default language's home page, then keep building in the background."""
        with self.lock:
            try:
                self._set_up(self.i18n.default_language)
                home = self.preview.page_at("")
                if home is not None:
                    self._ensure(home)
            except Exception as error:  # e.g. a link out of docs/: say so, serve on
                _could_not_build(error)
        threading.Thread(target=self._background, daemon=True).start()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()
        with self.lock:  # the background's page in progress
            shutil.rmtree(self._signal.parent, ignore_errors=True)

    @property
    def watched(self) -> list[str]:
        """What the live-reload server watches: the sources, and the background's signal."""
        config = self.config
        return [config.docs_dir, config.config_file_path, *config.watch,
                str(self._signal.parent)]

    def round(self) -> None:
        """After a save (LiveReloadServer's builder): re-read what changed, build the
        pages a browser shows; the browsers reload when this returns."""
        started = time.perf_counter()
        self._asked_at = time.monotonic()
        try:
            with self.lock:
                self._reload_config()
                # With the drift checks: the first round after starting pays for them if
                # the background has not yet, as what was saved may be drift.
                self.hooks.refresh_preview(self.config)
                if self.preview.layout_changed:  # pages added or removed: new files, navs
                    self._reset()
                shown = sorted(self.preview.wanted() & self.preview.pending)
                for page in shown:
                    self._ensure(page)
        except Exception as error:  # raised, the live-reload server would hold every request
            log.error(f"the preview could not rebuild: {error}; fix it and save again")
            return
        finally:
            self._wake.set()
        log.info(f"Rebuilt {len(shown)} page(s) shown in a browser in "
                 f"{time.perf_counter() - started:.2f} s; {len(self.preview.pending)} more "
                 "follow in the background")

    def _reload_config(self) -> None:
        stamp = _stamp(self.config_file)
        if stamp == self._config_stamp:
            return
        self._config_stamp = stamp
        try:
            config = self._load_config()
            hooks = _helpsite_hooks(config)
            config.plugins["i18n"].current_language = None
            config = config.plugins.on_config(config)  # the hooks' checks, before switching
        except Exception as error:
            log.error(f"{_where(error, self.config_file)}; the preview keeps the last good "
                      "site: fix it and save again")
            return
        self.config, self.hooks = config, hooks
        self._reset()
        self.preview.invalidate()

    def requested(self, url: str) -> None:
        """A browser asks for ``url`` (site-relative): build it first if it is out of date."""
        self._asked_at = time.monotonic()
        if url.endswith("search/search_index.json") and self._search_stale:
            with self.lock:  # the pages built so far; all once the background is done
                self._write_indexes()
        if url and not url.endswith("/"):
            return  # an asset, or a page's index.html
        page = self.preview.page_at(url)
        if page is not None and page not in self.preview.pending and page in self.pages:
            return  # up to date
        with self.lock:
            try:
                language = self._language_of(url)
                if language not in self.languages:
                    self._set_up(language)
                page = self.preview.page_at(url)
                if page is not None:
                    self._ensure(page)
            except Exception as error:  # the browser gets what there is
                _could_not_build(error)

    def _background(self) -> None:
        """One step at a time, each holding the lock, once browsers and saves have asked
        for nothing for a while (a lock does not queue: the background would take it back
        before a waiting request woke)."""
        while not self._stopped:
            idle = time.monotonic() - self._asked_at
            if idle < QUIET:
                time.sleep(QUIET - idle)
                continue
            try:
                with self.lock:
                    done = self._step(long=idle >= LONG_QUIET)
            except Exception as error:  # e.g. a page that escapes the project: wait for a save
                _could_not_build(error)
                self._wake.clear()
                self._wake.wait()
                continue
            if done is None:  # only long steps left: wait for a pause
                time.sleep(0.2)
            elif not done:
                self._wake.wait(timeout=5)
                self._wake.clear()

    def _step(self, long: bool) -> bool | None:
        """One piece of background work: True if done, False if there is none, None if
        only long ones are left and ``long`` is false."""
        if self.preview.unchecked:
            if not long:
                return None
            self.hooks.check_preview()
            if self.preview.wanted() & self.preview.pending:
                self._signal.write_text(str(time.monotonic()))  # open pages' banners changed
            return True
        page = self.preview.next_pending(self._order())
        if page is not None:
            if page.split("/", 1)[0] not in self.languages and not long:
                return None
            self._ensure(page)
            return True
        if self._search_stale:
            if not long:
                return None
            self._write_indexes()
            return True
        return False


class _Title:
    """The title of a page not yet built, as the navigation shows it: read from the preview
    when a page showing it is built, so it is current even when the data changed since
    (markupsafe calls ``__html__``, filters ``__str__``)."""

    def __init__(self, preview: Preview, src_uri: str, fallback: str):
        self._preview, self._src_uri, self._fallback = preview, src_uri, fallback

    def __html__(self) -> Markup:
        return self._preview.title(self._src_uri, self._fallback)

    def __str__(self) -> str:
        return str(self.__html__())


class _ChangeObserver(Observer):
    """The kernel's change notices, instead of polling thousands of files twice a second;
    only changes: reading a page to build it is an event too."""

    def schedule(self, event_handler, path, *, recursive=False, **options):
        return super().schedule(event_handler, path, recursive=recursive, **options,
                                event_filter=[FileCreatedEvent, FileModifiedEvent,
                                              FileDeletedEvent, FileMovedEvent,
                                              FileClosedEvent])


def _could_not_build(error: Exception) -> None:
    log.error(f"the preview could not build: {error}; fix it and save again")


def _helpsite_hooks(config: MkDocsConfig):
    for plugin in config.plugins.values():
        hooks = getattr(plugin, "helpsite_hooks", None)
        if hooks is not None:
            return hooks
    raise SystemExit("helpsite serve: mkdocs.yml does not list hooks/helpsite_mkdocs.py "
                     "under hooks:")


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _where(error: Exception, config_file: str) -> str:
    """A configuration error as file:line:col and what is wrong, where YAML says where."""
    cause = error
    while cause is not None and not isinstance(cause, yaml.MarkedYAMLError):
        cause = cause.__cause__ or cause.__context__  # MkDocs wraps YAML's error
    if cause is not None and cause.problem_mark is not None:
        mark = cause.problem_mark
        return f"{config_file}:{mark.line + 1}:{mark.column + 1}: {cause.problem}"
    return f"{config_file}: {' '.join(str(error).split())}"


def _address(text: str) -> str:
    """IP:PORT, refused here in one line rather than by the socket in a traceback."""
    host, _, port = text.rpartition(":")
    if not host or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not IP:PORT with a port from 1 to "
                                         "65535, e.g. 127.0.0.1:8000")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="helpsite serve", description="Preview the site while you edit it.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    parser.add_argument("-a", "--dev-addr", metavar="IP:PORT", type=_address,
                        help="where to serve (default: mkdocs.yml's dev_addr, localhost:8000)")
    parser.add_argument("-o", "--open", action="store_true", help="open it in a browser")
    parser.add_argument("--poll", action="store_true",
                        help="look for changes twice a second, as mkdocs serve does, where the "
                             "kernel does not report them (some shared or network folders)")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "helpsite"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    # SIGTERM ends the preview as Ctrl-C does, removing its temporary site.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    site_dir = tempfile.mkdtemp(prefix="helpsite_")
    try:
        try:
            site = PreviewSite(args.config_file, site_dir, args.dev_addr)
        except Exception as error:
            print(f"helpsite serve: {_where(error, args.config_file)}", file=sys.stderr)
            return 1
        return _serve(site, args.open, args.poll)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(site: PreviewSite, open_in_browser: bool, poll: bool) -> int:
    server = LiveReloadServer(builder=site.round, host=site.host, port=site.port,
                              root=site.site_dir, mount_path=site.mount)
    if not poll:
        server.observer = _ChangeObserver()
    server.error_handler = lambda code: _error_page(site.site_dir, code)
    site.config.plugins.on_serve(server, config=site.config, builder=site.round)
    app = server.get_app()

    def app_building_first(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/"):
            # An open page waits here for the next reload: while it does, it is shown.
            url = urlsplit(environ.get("HTTP_REFERER", "")).path.removeprefix(site.mount)
            site.preview.shown(url, 1)
            try:
                return list(app(environ, start_response))
            finally:
                site.preview.shown(url, -1)
        if path.startswith(site.mount):
            site.requested(path[len(site.mount):])
        return app(environ, start_response)

    server.set_app(app_building_first)
    try:
        site.start()
        for path in site.watched:
            server.watch(path)
        server.serve(open_in_browser=open_in_browser)
    except KeyboardInterrupt:
        log.info("Shutting down...")
    except OSError as error:  # the address is taken
        print(f"helpsite serve: {site.host}:{site.port}: {error.strerror}", file=sys.stderr)
        return 1
    finally:
        site.stop()
        server.shutdown()
        site.config.plugins.on_shutdown()
    return 0


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
