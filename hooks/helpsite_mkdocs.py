"""MkDocs adapter: load and render the project once per build, serve pages from it.

All the work happens in the ``helpsite`` package; this module only translates between
MkDocs events and it, and keeps its state in one ``_Hooks`` object. mkdocs-static-i18n
runs every event once per language, inside the default language's build.
"""

from __future__ import annotations

import errno
import json
import logging
from pathlib import Path

import jinja2
import markupsafe
from mkdocs import livereload
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, get_theme_dir
from markupsafe import escape

from helpsite.pages import contents, search, structured
from helpsite.rules import formatting
from helpsite.site import safety
from helpsite.errors import SourceError
from helpsite.pages.markup import data_block, theme_dirs
from helpsite.site.preview import Preview
from helpsite.site.project import Project, docs_folder, load_project, source_fingerprint
from helpsite.site.publish import PublishError, StagedSite
from helpsite.model.strings import site_languages
from helpsite.sources.yamlsource import inside_project

log = logging.getLogger("mkdocs.plugins.helpsite")
# The preview's notices: outside MkDocs' loggers, so a `strict: true` left in mkdocs.yml
# cannot turn them into a failed rebuild (a stuck browser).
preview_log = logging.getLogger("helpsite.site.preview")

# In the preview, the policy's place for the live-reload script's hash, which depends on
# the moment a page is served (_list_live_reload fills it in).
_LIVE_RELOAD = "'helpsite-live-reload'"


class _CannotWrite(PluginError):
    """The site could not be written (disk full, no permission): the sources are fine, the
    machine is not; exit 2, as the helpsite command does for what it cannot use."""

    exit_code = 2


def _cannot_write(error: OSError, site: Path | None) -> _CannotWrite:
    what = ("free some space" if error.errno in (errno.ENOSPC, errno.EDQUOT)
            else "make it writable" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            else "fix that")
    unchanged = f"; {site} was not changed" if site else ""
    return _CannotWrite(f"helpsite: cannot write {error.filename or site}: {error.strerror}"
                        f"{unchanged}; {what} and build again")


def _fail(problems: list, advice: list[str] = ()) -> PluginError:
    return PluginError(f"helpsite: {len(problems)} problem(s):\n"
                       + "\n".join([*map(str, problems), *advice]))


def _docs_folder(config: MkDocsConfig) -> str:
    """The pages' folder, relative to the project. The preview keeps its last good
    configuration while mkdocs.yml is broken: the file is read only to say where a folder
    outside the project is named, in check's words."""
    root, docs = Path(config.config_file_path).absolute().parent, Path(config.docs_dir)
    if docs.is_relative_to(root):  # MkDocs has made it absolute and normalised it
        return docs.relative_to(root).as_posix()
    try:
        docs_folder(Path(config.config_file_path))
    except SourceError as error:
        raise _fail(error.problems)
    raise PluginError(f"helpsite: docs_dir {docs} is not a folder inside the project")


class _Hooks:
    def __init__(self) -> None:
        self.project: Project | None = None
        self.fingerprint: tuple = ()
        self.organizations: dict[tuple[str, str], str] = {}
        self.search_terms: dict[str, str] = {}  # page or section URL -> its values as typed
        self.command: str | None = None
        self.dirty = False
        self.staged: StagedSite | None = None
        self.failed = self.finished = self.told_unchanged = False
        # Under `mkdocs serve` and `helpsite serve`: the preview. helpsite serve refreshes
        # it once per save (refresh_preview); plain `mkdocs serve` at every build.
        self.serving = self.incremental = False
        self.preview: Preview | None = None
        self.templates = _CompiledTemplates()
        # The site's name and description as configured, while a page holds them escaped.
        self.site_texts: tuple[str, str | None] | None = None
        self.env: jinja2.Environment | None = None
        # The scripts the pages being built may carry (safety.Allowed): the site's script
        # files, as site paths, and the inline scripts of the page being built.
        self.script_files: set[str] = set()
        self.script_hashes: list[str] = []
        self.listed: dict[str, None] = {}  # every page's inline scripts, for site/_headers

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.serving = command == "serve"
        if self.serving and not preview_log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
            preview_log.addHandler(handler)
            preview_log.propagate = False

    def serve_incrementally(self) -> None:
        """helpsite serve builds page by page and refreshes the preview itself."""
        self.incremental = True

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The package's layer of the theme (helpsite.html, partials, scripts: package data),
        # between the project's overrides and the theme's own templates.
        config.theme.dirs = theme_dirs(config.theme.dirs, get_theme_dir(config.theme.name))
        # Runs before MkDocs cleans site_dir, so a bad source never costs the previous site.
        root = Path(config.config_file_path).parent
        docs_dir = _docs_folder(config)
        configured = sorted(lang.locale for lang in config.plugins["i18n"].config.languages)
        if configured != site_languages(root):
            raise PluginError(f"helpsite: mkdocs.yml builds {configured} but data/i18n/ has "
                              f"{site_languages(root)}")
        if config.strict:
            # `-q` sets MkDocs' logger to errors only, and MkDocs counts only the warnings it
            # emits: without this, `--strict -q` would publish a broken site.
            mkdocs_log = logging.getLogger("mkdocs")
            mkdocs_log.setLevel(min(mkdocs_log.getEffectiveLevel(), logging.WARNING))
        if self.command in ("build", "gh-deploy") and self.staged is None:
            # A real build writes into a fresh folder, published by on_shutdown if it succeeds.
            try:
                self.staged = StagedSite(Path(config.site_dir), dirty=self.dirty)
            except PublishError as error:
                raise PluginError(f"helpsite: {error}")
            except OSError as error:
                raise _cannot_write(error, Path(config.site_dir))
            self.failed = self.finished = self.told_unchanged = False
            config.site_dir = str(self.staged.staging)
        if self.serving:
            if not self.incremental:
                self.refresh_preview(config)
            if self.project is None:  # the sources never loaded: the banner says why
                return config
        else:
            # i18n builds the site once per language with the same config: load it once.
            fingerprint = source_fingerprint(root, docs_dir)
            if self.project is None or fingerprint != self.fingerprint:
                self._load(root, docs_dir, fingerprint, config.strict)
        i18n = config.plugins["i18n"]
        language = i18n.current_language or i18n.default_language
        self._theme_labels(config, language)
        # The site has one 404 page, at its root; every language's build would write it, the
        # last one winning. Only the default language's build does.
        if language == i18n.default_language:
            config.theme.static_templates.add("404.html")
            if not self.serving:  # a new build: its own scripts only
                self.script_files.clear()
                self.listed.clear()
        else:
            config.theme.static_templates.discard("404.html")
        return config

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files):
        # MkDocs makes a new template environment for every build, and static-i18n builds
        # once per language: compile the theme's templates once.
        env.bytecode_cache = self.templates
        self.env = env
        return env

    def _listed_scripts(self, context: dict) -> None:
        """The policy of the page being rendered: the inline scripts Material's templates
        write for it, rendered from those templates with the page's context (never taken
        from the finished page), and in the preview the live-reload script's place."""
        self.script_hashes = safety.theme_script_hashes(self.env, context)
        context["helpsite_policy"] = safety.policy(
            self.script_hashes + ([_LIVE_RELOAD] if self.serving else []))
        self.listed.update(dict.fromkeys(self.script_hashes))

    def _load(self, root: Path, docs_dir: str, fingerprint: tuple, strict: bool) -> None:
        try:
            self.project = load_project(root, docs_dir)
        except SourceError as error:
            raise _fail(error.problems, error.advice)
        self.fingerprint = fingerprint
        self.organizations.clear()
        drift = [*self.project.findings, *self.project.outdated]
        if drift and strict:
            raise _fail(drift)
        # Drift is a warning, so `mkdocs serve` keeps previewing.
        for item in drift:
            log.warning(str(item))

    def _theme_labels(self, config: MkDocsConfig, language: str) -> None:
        """The theme's own English labels in the language being built (data/i18n: theme.*)."""
        for option in config.theme.get("palette") or []:
            if "toggle" in option:  # each scheme's toggle switches to the other one
                key = "theme.light_mode" if option.get("scheme") == "slate" else "theme.dark_mode"
                option["toggle"]["name"] = escape(self.project.strings.format(language, key))
        if "toc" in config.mdx_configs:  # Markdown escapes this attribute itself
            config.mdx_configs["toc"]["permalink_title"] = self.project.strings.format(
                language, "theme.permalink")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every file taken from docs/ must lie inside the project (a symbolic link to /etc
        would otherwise be published) and be no document or script of its own, which would
        reach the site unchecked (safety.static_file_problem)."""
        root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)
        problems = set()
        for file in files:
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is not None and source.absolute().is_relative_to(docs.absolute()):
                relative = source.absolute().relative_to(root.absolute()).as_posix()
                try:
                    inside_project(source, relative)
                except SourceError as error:
                    problems.update(error.problems)
                if not file.is_documentation_page():
                    problems.add(safety.static_file_problem(relative))
        problems.discard(None)
        if problems:
            raise _fail(sorted(problems, key=str))
        # The theme's and overrides/assets' scripts: the only files a page may load.
        prefix = safety.site_path(config.site_url)
        self.script_files.update(prefix + file.url for file in files
                                 if file.url.endswith((".js", ".mjs")))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if self.preview is not None:
            markdown = self._preview_markdown(markdown, page)
        elif page.file.src_uri in self.project.rendered:
            markdown = self.project.rendered[page.file.src_uri]
        else:
            raise PluginError(
                f"helpsite: {page.file.src_uri} was not rendered (not under docs/LANG/?)")
        # The theme writes titles and the description raw, as HTML: make each its text,
        # escaped (Markup, which the theme's own `| e` leaves as it is).
        page.title = contents.shown_title(page.meta, markdown, _file_title(page))
        for key in ("title", "description"):
            if page.meta.get(key):
                page.meta[key] = escape(str(page.meta[key]))
        if self.project is not None:  # overrides/main.html: a notice, the text's language
            page.meta["helpsite_untranslated"] = contents.untranslated_notice(
                self.project.strings, page.meta, page.file.locale,
                config.plugins["i18n"].default_language)
        desk_id = page.meta.get("desk")
        if desk_id and self.project is not None and desk_id in self.project.data.desks:
            # overrides/main.html puts these into <head> as JSON-LD.
            page.meta["helpsite_jsonld"] = [self._organization(desk_id, page.file.locale)]
            # overrides/partials/helpsite-desk-languages.html shows it above the article.
            page.meta["helpsite_desk_languages"] = self._desk_languages(desk_id, page.file.locale)
        return markdown

    def _desk_languages(self, desk_id: str, language: str) -> str | None:
        """'Der Support antwortet auf Deutsch, Italienisch und Spanisch.'"""
        codes = tuple(self.project.data.desks[desk_id].languages)
        if not codes:
            return None
        return self.project.strings.format(language, "desk.languages",
                                           languages=formatting.languages(codes, language))

    def _organization(self, desk_id: str, language: str) -> str:
        """A desk's JSON-LD, made once per language however many pages show the desk."""
        key = (desk_id, language)
        if key not in self.organizations:
            self.organizations[key] = data_block(
                structured.organization(self.project.data.desks[desk_id], language))
        return self.organizations[key]

    def on_page_content(self, content: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # The preview may build a page whose sources never loaded: its banner says why.
        if self.preview is None or page.file.src_uri in getattr(self.project, "pages", {}):
            source = self.project.pages[page.file.src_uri]
            problems = safety.unsafe_content(content, source.path, source.text)
            if problems and self.preview is None:
                raise _fail(problems)
            if self.preview is not None:
                content = self._preview_content(content, page, problems)
        if page.meta.get("faq"):
            page.meta.setdefault("helpsite_jsonld", []).append(
                data_block(structured.faq_page(content)))
        if not (page.meta.get("search") or {}).get("exclude"):
            for anchor, terms in search.page_terms(content, page.file.locale).items():
                self.search_terms[page.url + anchor] = terms
        return content

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        # The theme fetches its search index from base_url: make that the page's language's
        # root, whose index holds that language alone. Nothing else in the theme resolves
        # links against base_url except the scope of saved choices (mkdocs.yml: extra.scope).
        i18n = config.plugins["i18n"]
        root = search.language_root(i18n.current_language, i18n.default_language)
        context["base_url"] = get_relative_url(root or ".", page.url)
        self.site_texts = _escape_site_texts(config)
        self._listed_scripts(context)
        return context

    def on_template_context(self, context: dict, template_name: str,
                            config: MkDocsConfig) -> dict:
        self.site_texts = _escape_site_texts(config)  # 404.html is a template, not a page
        self._listed_scripts(context)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A page that carries a script the build did not list, or anything else that could
        run script or send visitors elsewhere, stops the build (the preview keeps the page's
        last version)."""
        if self.site_texts is not None:  # plain again, for static-i18n's next language
            config.site_name, config.site_description = self.site_texts
            self.site_texts = None
        if self.preview is not None and page is not None:
            self.preview.built(page.file.src_uri)
        url = safety.site_path(config.site_url) + (page.url if page is not None else "")
        allowed = safety.Allowed(frozenset(self.script_hashes), frozenset(self.script_files))
        findings = safety.page_findings(output, url, allowed)
        if findings:
            raise _fail(self._located(findings, page, config))
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return self.on_post_page(output, None, config)

    def _located(self, findings: list, page: Page | None, config: MkDocsConfig) -> list:
        """Each finding at the source that holds its text: the page, its language's strings,
        the desk files, the theme's overrides, or a file's name under docs/."""
        root = Path(config.config_file_path).parent
        fallback = (self.project.pages[page.file.src_uri].path
                    if page is not None and page.file.src_uri in getattr(self.project,
                                                                         "pages", {})
                    else "overrides/main.html")
        candidates = [Path(root, fallback), *sorted((root / "data").rglob("*.yaml")),
                      Path(config.config_file_path),
                      *sorted(Path(config.theme.custom_dir or root).rglob("*.html"))]
        sources = [(_shown(path, root), path.read_text(encoding="utf-8"))
                   for path in dict.fromkeys(candidates) if path.is_file()]
        names = [(_shown(path, root), _shown(path, root))
                 for path in sorted(Path(config.docs_dir).rglob("*"))]
        shown = f"the page {page.url or '/'}" if page is not None else "the 404 page"
        return sorted({safety.problem(finding, sources + names, fallback, shown)
                       for finding in findings}, key=str)

    @event_priority(-200)  # after static-i18n's, which builds the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        # static-i18n builds the other languages from within the first one's on_post_build;
        # act once, when all of them are built (and their search entries merged).
        if getattr(config.plugins["i18n"], "building", False):
            return
        self.write_facts(config)
        (Path(config.site_dir) / "_headers").write_text(
            safety.headers_file(self.listed), encoding="utf-8")
        index = config.plugins.get("material/search")
        if index is not None:  # a site with the theme's search
            self.write_search_indexes(config, index.search_index.entries)
        self.finished = True  # every language is written (strict warnings still count)

    def write_facts(self, config: MkDocsConfig) -> None:
        if self.project is not None:
            facts = Path(config.site_dir) / "facts.json"
            facts.write_text(json.dumps(structured.facts(self.project.data), ensure_ascii=False,
                                        indent=1), encoding="utf-8")

    def write_search_indexes(self, config: MkDocsConfig, entries: list[dict]) -> None:
        """One search index per language, at LANG/search/search_index.json, where the theme
        looks from that language's pages (see on_page_context). static-i18n has just merged
        every language into the root's index; this replaces it with the default language's."""
        i18n, index = config.plugins["i18n"], config.plugins["material/search"]
        settings = {key: index.config[key] for key in ("separator", "pipeline", "fields")}
        indexes = search.language_indexes(
            settings, entries, i18n.build_languages, i18n.default_language,
            self.search_terms, index.config.lang)
        for root, language_index in indexes.items():
            path = Path(config.site_dir) / root / "search" / "search_index.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(language_index, ensure_ascii=False, separators=(",", ":")),
                            encoding="utf-8")

    def on_serve(self, server, config: MkDocsConfig, builder):
        _list_live_reload(server)
        return server

    def on_build_error(self, error: Exception) -> None:
        self.failed = True
        # One line and exit 2 instead of MkDocs' traceback (or its exit 1 for plugin errors).
        if isinstance(error, _CannotWrite):
            raise error
        if isinstance(error, OSError) and self.staged is not None:
            self.told_unchanged = True  # the message says the site was not changed
            raise _cannot_write(error, self.staged.target) from None

    def on_shutdown(self) -> None:
        # MkDocs keeps a hooks module loaded: the next build in this process starts afresh.
        staged, self.staged, self.command, self.dirty = self.staged, None, None, False
        self.serving = self.incremental = False
        self.preview = None
        if staged is not None:
            if self.finished and not self.failed:
                try:
                    left = staged.publish()
                except OSError as error:
                    raise _cannot_write(error, staged.target) from None
                for item in left:
                    log.warning(f"helpsite: published; could not delete an old build: {item}")
            else:
                staged.discard()
                if not self.told_unchanged:
                    log.error(f"helpsite: the build failed; {staged.target} was not changed")

    # -- the preview (`mkdocs serve`): tells instead of stopping ---------------------------

    def refresh_preview(self, config: MkDocsConfig, checks: bool = True) -> None:
        """Re-read the sources that changed (Preview.refresh); the terminal shows the new
        notices."""
        if self.preview is None:
            root = Path(config.config_file_path).parent
            self.preview = Preview(root, _docs_folder(config))
        new = self.preview.refresh(checks)
        self.project = self.preview.project  # the last good sources, for the theme's labels
        if new is not None:
            self.organizations.clear()
            self._tell(new)

    def check_preview(self) -> None:
        """The drift checks refresh_preview left out (Preview.check)."""
        self._tell(self.preview.check())

    def _tell(self, notices: list) -> None:
        for notice in notices:
            preview_log.warning(str(notice))  # and on the page, in the banner

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

    def _preview_content(self, content: str, page: Page, problems: list) -> str:
        """Unsafe HTML is never shown: the page keeps its last safe content, and says why."""
        src_uri = page.file.src_uri
        before = self.preview.notices(src_uri)
        content = self.preview.checked_html(src_uri, content, problems)
        page.meta["helpsite_notices"] = self.preview.notices(src_uri)
        for notice in page.meta["helpsite_notices"]:
            if notice not in before:
                preview_log.warning(str(notice))
        return content


    @event_priority(-200)  # after static-i18n's, which finds its language folders by title
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        _title_topics(nav.items, self.project)
        return nav


def _shown(path: Path, root: Path) -> str:
    """A path as a writer sees it: inside the project, relative to it."""
    path = path.absolute()
    return path.relative_to(root.absolute()).as_posix() if path.is_relative_to(
        root.absolute()) else path.as_posix()


def _title_topics(items: list, project: Project | None) -> None:
    """A topic (a folder of docs/LANG/) is named in the navigation by the title of its
    index.md, in the page's language, else by the folder's name; either as text."""
    pages = project.pages if project is not None else {}  # the preview's, if they loaded
    for item in items:
        if item.is_section:
            index = next((child for child in item.children if child.is_page
                          and child.file.src_uri.endswith("/index.md")
                          and child.file.src_uri in pages), None)
            item.title = (contents.page_title(project, index.file.src_uri, item.title)
                          if index is not None else escape(item.title))
            _title_topics(item.children, project)


def _escape_site_texts(config: MkDocsConfig) -> tuple[str, str | None]:
    """The theme writes the site's name and description raw: escape them (Markup, which the
    theme's `| e` leaves as it is) while a page is written. static-i18n sets them for each
    language, and only over plain strings, so on_post_page puts back the plain ones this
    returns."""
    plain = config.site_name, config.site_description
    config.site_name = escape(config.site_name)
    if config.site_description:
        config.site_description = escape(config.site_description)
    return plain


def _file_title(page: Page) -> str:
    """MkDocs' name for a page without a title or heading: its file's, as MkDocs writes it."""
    if page.is_homepage:
        return "Home"
    name = page.file.name.replace("-", " ").replace("_", " ")
    return name.capitalize() if name.lower() == name else name


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


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_hooks = _Hooks()
helpsite_hooks = _hooks  # how helpsite serve finds this object among MkDocs' plugins
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_env = _hooks.on_env
on_nav = _hooks.on_nav
on_files = _hooks.on_files
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_page_context = _hooks.on_page_context
on_template_context = _hooks.on_template_context
on_post_page = _hooks.on_post_page
on_post_template = _hooks.on_post_template
on_serve = _hooks.on_serve
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
on_shutdown = _hooks.on_shutdown
