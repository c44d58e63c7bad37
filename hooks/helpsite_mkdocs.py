"""MkDocs adapter: load and render the project once per build, serve pages from it.

All the work happens in the ``helpsite`` package; this module only translates between
MkDocs events and it, and keeps its state in one ``_Hooks`` object. mkdocs-static-i18n
runs every event once per language, inside the default language's build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpsite import structured
from helpsite.errors import SourceError
from helpsite.preview import Preview
from helpsite.project import Project, load_project, source_fingerprint
from helpsite.strings import site_languages

log = logging.getLogger("mkdocs.plugins.helpsite")
# The preview's notices: outside MkDocs' loggers, so a `strict: true` left in mkdocs.yml
# cannot turn them into a failed rebuild (a stuck browser).
preview_log = logging.getLogger("helpsite.preview")

# Pages of each language a preview round builds beyond those a browser shows; a round
# after a save builds only those, so the open page reloads first.
ROUND_PAGES = 25
FIRST_ROUND_PAGES = 5  # before serving: the home pages and the first articles


class _Hooks:
    def __init__(self) -> None:
        self.project: Project | None = None
        self.fingerprint: tuple = ()
        self.organizations: dict[tuple[str, str], str] = {}
        # Under `mkdocs serve`: the preview, and with --dirty its rounds (see _Rounds).
        self.serving = False
        self.preview: Preview | None = None
        self.rounds: _Rounds | None = None
        self.templates = _CompiledTemplates()

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.rounds = _Rounds() if self.serving and dirty else None
        if self.serving and not preview_log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
            preview_log.addHandler(handler)
            preview_log.propagate = False
        if self.rounds is not None:
            # The rounds keep the navigation right (Preview.refresh), which MkDocs warns
            # a dirty build may not; that warning would also fail a strict preview.
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith("A 'dirty' build"))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans site_dir, so a bad source never costs the previous site.
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir).relative_to(root).as_posix()
        configured = sorted(lang.locale for lang in config.plugins["i18n"].config.languages)
        if configured != site_languages(root):
            raise PluginError(
                f"helpsite: mkdocs.yml builds {configured} but data/i18n/ has {site_languages(root)}")
        if self.serving:
            self._refresh_preview(config, root, docs_dir)
            return config
        # i18n builds the site once per language with the same config: load it once.
        fingerprint = source_fingerprint(root, docs_dir)
        if self.project is not None and fingerprint == self.fingerprint:
            return config
        try:
            self.project = load_project(root, docs_dir)
        except SourceError as error:
            raise PluginError(f"helpsite: the sources have {len(error.problems)} problem(s):\n{error}")
        self.fingerprint = fingerprint
        self.organizations.clear()
        # Drift is a warning, so `--strict` (CI's build) fails on it.
        for item in [*self.project.findings, *self.project.outdated]:
            log.warning(str(item))
        return config

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files):
        # MkDocs makes a new template environment for every build, and static-i18n builds
        # once per language: compile the theme's templates once.
        env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        src_uri = page.file.src_uri
        if self.preview is not None:
            markdown = self._preview_markdown(markdown, page)
        elif src_uri in self.project.rendered:
            markdown = self.project.rendered[src_uri]
        else:
            raise PluginError(f"helpsite: {src_uri} was not rendered (not under docs/LANG/?)")
        desk_id = page.meta.get("desk")
        if desk_id and desk_id in self._data().desks:
            # overrides/main.html puts these into <head> as JSON-LD.
            page.meta["helpsite_jsonld"] = [self._organization(desk_id, page.file.locale)]
        return markdown

    def _data(self):
        return self.preview.data if self.preview is not None else self.project.data

    def _organization(self, desk_id: str, language: str) -> str:
        """A desk's JSON-LD, made once per language however many pages show the desk."""
        key = (desk_id, language)
        if key not in self.organizations:
            self.organizations[key] = structured.script_json(
                structured.organization(self._data().desks[desk_id], language))
        return self.organizations[key]

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.meta.get("faq"):
            page.meta.setdefault("helpsite_jsonld", []).append(
                structured.script_json(structured.faq_page(html)))
        return html

    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins["i18n"]
        if i18n.current_language == i18n.default_language and self._data() is not None:
            facts = Path(config.site_dir) / "facts.json"  # once, at the site's root
            facts.write_text(json.dumps(structured.facts(self._data()), ensure_ascii=False,
                                        indent=1), encoding="utf-8")
        if self.rounds is not None:
            self.rounds.written(self.preview, len(i18n.build_languages))

    # -- the preview (`mkdocs serve`): tells instead of stopping ---------------------------

    def _refresh_preview(self, config: MkDocsConfig, root: Path, docs_dir: str) -> None:
        if self.preview is None:
            self.preview = Preview(root, docs_dir)
        new = self.preview.refresh()
        if new is not None:
            self.organizations.clear()
            for notice in new:
                preview_log.warning(str(notice))  # and on the page, in the banner
        i18n = config.plugins["i18n"]
        if self.rounds is not None and not i18n.building:  # a round, not its next language
            # Material's search keeps the previous index in dirty builds and static-i18n
            # collects it once per language, de-duplicating pairwise: the index grew
            # fourfold per round. The preview's search covers the latest round's pages.
            search = config.plugins.get("material/search")
            if search is not None:
                search.is_dirty = False
            self.rounds.starting(self.preview, changed=new is not None)
        if self.rounds is not None and self.rounds.server is not None:
            config.theme.static_templates.clear()  # 404 and sitemap: the first round's do

    def _preview_markdown(self, markdown: str, page: Page) -> str:
        src_uri = page.file.src_uri
        before = self.preview.render_problem(src_uri)
        markdown = self.preview.markdown(src_uri, markdown)
        problem = self.preview.render_problem(src_uri)
        if problem is not None and problem != before:
            preview_log.warning(str(problem))
        # overrides/partials/helpsite-notices.html shows these above the page.
        page.meta["helpsite_notices"] = self.preview.notices(src_uri)
        return markdown

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.rounds is not None:  # after i18n's on_files: these are this language's pages
            self.rounds.choose(self.preview, config.plugins["i18n"].current_language, files)
        return nav

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.preview is not None:
            self.preview.built(page.file.src_uri)
        return output

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.rounds is not None:
            self.rounds.attach(server, self.preview, urlsplit(config.site_url).path)
        return server


class _Choice:
    """Whether to build one page in this round. MkDocs' dirty build asks twice, to read the
    page and then to write it; once a round is interrupted, pages not yet read, or read but
    not written, stay pending."""

    def __init__(self, chosen: bool, rounds: _Rounds):
        self.chosen, self.rounds, self.read = chosen, rounds, None

    def __call__(self) -> bool:
        if self.read is None:
            self.read = self.chosen and not self.rounds.interrupted()
            return self.read
        return self.read and not self.rounds.interrupted()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _Rounds:
    """`mkdocs serve --dirty` builds only the pages the preview chose for this round (the
    ones a browser shows first), then asks the server for another round until none are
    pending. A round that shows nothing new to open pages neither holds back requests nor
    reloads browsers. LiveReloadServer offers no public way to do either, hence the few
    private attributes below (mkdocs 1.6)."""

    def __init__(self) -> None:
        self.server = None
        self.limit = ROUND_PAGES
        self.quiet = False
        self.languages = 0  # written in this round

    def attach(self, server, preview: Preview, mount_path: str) -> None:
        self.server = server
        app = server.get_app()

        def recording(environ, start_response):
            path = environ.get("PATH_INFO", "")
            if path.startswith("/livereload/"):  # the poll of an open page names it
                path = urlsplit(environ.get("HTTP_REFERER", "")).path
            if path.startswith(mount_path):
                preview.viewed(path[len(mount_path):])
            return app(environ, start_response)

        server.set_app(recording)
        self.finished(preview)

    def starting(self, preview: Preview, changed: bool) -> None:
        if self.server is None:
            self.limit = FIRST_ROUND_PAGES
        else:
            self.limit = 0 if changed else ROUND_PAGES
        self.languages = 0
        self.quiet = not (self.server is None or changed or preview.wanted() & preview.pending)
        if not self.quiet:
            return
        with self.server._epoch_cond:  # nothing an open page shows: serve on, no reload
            self.server._wanted_epoch = self.server._visible_epoch
            self.server._epoch_cond.notify_all()

    def choose(self, preview: Preview, language: str, files: Files) -> None:
        pages = files.documentation_pages()
        for file in pages:
            preview.locate(file.url, file.src_uri)
        now = preview.take(language, self.limit)
        for file in pages:
            file.is_modified = _Choice(file.src_uri in now, self)

    def interrupted(self) -> bool:
        """A save arrived during a quiet round: leave the rest of it for later."""
        return self.quiet and self.server._want_rebuild

    def written(self, preview: Preview, languages: int) -> None:
        """One language of this round is written (static-i18n builds the default language
        first and the others inside its post-build event)."""
        self.languages += 1
        if self.languages == languages:
            self.finished(preview)

    def finished(self, preview: Preview) -> None:
        if self.server is not None and preview.pending:
            with self.server._rebuild_cond:
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()


_hooks = _Hooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_env = _hooks.on_env
on_nav = _hooks.on_nav
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_post_page = _hooks.on_post_page
on_post_build = _hooks.on_post_build
on_serve = _hooks.on_serve
