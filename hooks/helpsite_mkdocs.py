"""MkDocs adapter: translates MkDocs events into the ``helpsite`` package's work.

Its state lives in one ``_Hooks`` object, which chooses a strategy once, at the first
on_config: a build (``helpsite_build.BuildStrategy``: everything checked and rendered up front, any problem stops
it, the site published whole) or a preview (``helpsite_serve.PreviewStrategy``: problems
shown on their pages). Both read one ``SiteState``. mkdocs-static-i18n runs every event once
per language, inside the default language's build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, get_theme_dir
from markupsafe import escape

from helpsite.pages import contents, search, structured
from helpsite.rules import formatting
from helpsite.site import safety, shards, sitemaps
from helpsite.sources import blocks
from helpsite.errors import SourceError
from helpsite.model.strings import site_languages
from helpsite.pages.markup import data_block, page_css, theme_dirs
from helpsite.site.project import SiteState, docs_folder
from helpsite.sources.yamlsource import inside_project
from helpsite_build import BuildStrategy, CannotWrite, fail

log = logging.getLogger("mkdocs.plugins.helpsite")


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
        raise fail(error.problems)
    raise PluginError(f"helpsite: docs_dir {docs} is not a folder inside the project")


class _Hooks:
    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        # Chosen at the first on_config (or by helpsite serve); every event delegates to it.
        self.strategy = None  # a BuildStrategy, or helpsite_serve.PreviewStrategy
        self.organizations: dict[tuple[str, str], str] = {}
        self.search_terms: dict[str, str] = {}  # page or section URL -> its values as typed
        self.templates = _CompiledTemplates()
        # The site's name and description as configured, while a page holds them escaped.
        self.site_texts: tuple[str, str | None] | None = None
        self.env: jinja2.Environment | None = None
        # The scripts the pages being built may carry (safety.Allowed): the site's script
        # files, as site paths, and the inline scripts of the page being built.
        self.script_files: set[str] = set()
        self.script_hashes: list[str] = []
        self.listed: dict[str, None] = {}  # every page's inline scripts, for site/_headers
        self.shard: str | None = None  # helpsite build --language: the one language built
        self.status: dict | None = None  # and the site's status, checked once (site.shards)
        # The files on_files has looked at in this build: static-i18n hands it every file
        # once per language.
        self.files_seen: set[str] = set()

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty, self.strategy = command, dirty, None

    def serve_incrementally(self) -> None:
        """helpsite serve builds page by page and refreshes the preview itself."""
        from helpsite_serve import PreviewStrategy

        self.strategy = PreviewStrategy(incremental=True)

    @property
    def state(self) -> SiteState | None:
        return self.strategy.state if self.strategy is not None else None

    @property
    def preview(self):
        return getattr(self.strategy, "preview", None)

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
        if self.strategy is None:
            if self.command == "serve":
                from helpsite_serve import PreviewStrategy  # what a build never needs

                self.strategy = PreviewStrategy()
            else:
                self.strategy = BuildStrategy(self.command, self.dirty, self.shard, self.status)
        i18n = config.plugins["i18n"]
        starting = not getattr(i18n, "building", False)  # static-i18n: once per language
        if starting:
            self.organizations.clear()
            self.files_seen.clear()
        if not self.strategy.configure(config, root, docs_dir):
            return config
        if self.shard is not None and i18n.current_language is None:
            # static-i18n builds the default language, then the others from its
            # on_post_build; a shard starts at its own language and stops there.
            i18n.current_language, i18n.building = self.shard, True
        language = i18n.current_language or i18n.default_language
        self._theme_labels(config, language)
        # The site has one 404 page, at its root; every language's build would write it, the
        # last one winning. Only the default language's build does.
        if language == i18n.default_language:
            config.theme.static_templates.add("404.html")
        else:
            config.theme.static_templates.discard("404.html")
        if starting and isinstance(self.strategy, BuildStrategy):  # its own scripts only
            self.script_files.clear()
            self.listed.clear()
        return config

    def refresh_preview(self, config: MkDocsConfig, checks: bool = True) -> None:
        """helpsite serve, after a save: re-read what changed."""
        if self.strategy.refresh(Path(config.config_file_path).parent, _docs_folder(config),
                                 checks):
            self.organizations.clear()

    def check_preview(self) -> None:
        self.strategy.check()

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files):
        # MkDocs makes a new template environment for every build, and static-i18n builds
        # once per language: compile the theme's templates once.
        env.bytecode_cache = self.templates
        env.filters["page_css"] = page_css  # helpsite.html: the stylesheet in the page
        self.env = env
        return env

    def _listed_scripts(self, context: dict) -> None:
        """The policy of the page being rendered: the inline scripts Material's templates
        write for it, rendered from those templates with the page's context (never taken
        from the finished page), and in the preview the live-reload script's place."""
        self.script_hashes = safety.theme_script_hashes(self.env, context)
        context["helpsite_policy"] = safety.policy(
            self.script_hashes + self.strategy.live_reload)
        self.listed.update(dict.fromkeys(self.script_hashes))

    def _theme_labels(self, config: MkDocsConfig, language: str) -> None:
        """The theme's own English labels in the language being built (data/i18n: theme.*)."""
        strings = self.state.strings
        for option in config.theme.get("palette") or []:
            if "toggle" in option:  # each scheme's toggle switches to the other one
                key = "theme.light_mode" if option.get("scheme") == "slate" else "theme.dark_mode"
                option["toggle"]["name"] = escape(strings.format(language, key))
        if "toc" in config.mdx_configs:  # Markdown escapes this attribute itself
            config.mdx_configs["toc"]["permalink_title"] = strings.format(
                language, "theme.permalink")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every file taken from docs/ must lie inside the project (a symbolic link to /etc
        would otherwise be published) and be no document or script of its own, which would
        reach the site unchecked (safety.static_file_problem)."""
        root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)
        problems = set()
        for file in files:
            if file.abs_src_path in self.files_seen:
                continue
            self.files_seen.add(file.abs_src_path)
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
            raise fail(sorted(problems, key=str))
        # The theme's and overrides/assets' scripts: the only files a page may load.
        prefix = safety.site_path(config.site_url)
        self.script_files.update(prefix + file.url for file in files
                                 if file.url.endswith((".js", ".mjs")))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        markdown = self.strategy.markdown(page, markdown)
        # The theme writes titles and the description raw, as HTML: make each its text,
        # escaped (Markup, which the theme's own `| e` leaves as it is).
        page.title = self.strategy.title(page, markdown, contents.file_title(page))
        for key in ("title", "description"):
            if page.meta.get(key):
                page.meta[key] = escape(str(page.meta[key]))
        state = self.state
        if state is None or not state.loaded:  # the preview's sources never loaded
            return markdown
        # overrides/main.html: a notice, the text's language
        page.meta["helpsite_untranslated"] = contents.untranslated_notice(
            state.strings, page.meta, page.file.locale, config.plugins["i18n"].default_language)
        desk_id = page.meta.get("desk")
        if desk_id and desk_id in state.data.desks:
            # overrides/main.html puts these into <head> as JSON-LD.
            page.meta["helpsite_jsonld"] = [self._organization(desk_id, page.file.locale)]
            # overrides/partials/helpsite-desk-languages.html shows it above the article.
            page.meta["helpsite_desk_languages"] = self._desk_languages(desk_id, page.file.locale)
        conversions = getattr(self.strategy, "conversions", None)
        return markdown if conversions is None else conversions.markdown(page, markdown)

    def _desk_languages(self, desk_id: str, language: str) -> str | None:
        """'Der Support antwortet auf Deutsch, Italienisch und Spanisch.'"""
        codes = tuple(self.state.data.desks[desk_id].languages)
        if not codes:
            return None
        return self.state.strings.format(language, "desk.languages",
                                         languages=formatting.languages(codes, language))

    def _organization(self, desk_id: str, language: str) -> str:
        """A desk's JSON-LD, made once per language however many pages show the desk."""
        key = (desk_id, language)
        if key not in self.organizations:
            self.organizations[key] = data_block(
                structured.organization(self.state.data.desks[desk_id], language))
        return self.organizations[key]

    def on_page_content(self, content: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        conversions = getattr(self.strategy, "conversions", None)
        cached = conversions.taken(page, content) if conversions is not None else None
        content = cached["content"] if cached is not None else content
        # One parse, read by the content check and then for search terms.
        document = blocks.parse(content)
        # The preview may build a page whose sources never loaded: its banner says why.
        source = self.state.pages.get(page.file.src_uri) if self.state else None
        if source is not None:
            checked = self.strategy.content(
                page, content, safety.unsafe_content(document, source.path, source.text))
            if checked is not content:  # the preview shows the page's last safe content
                content, document = checked, blocks.parse(checked)
        if page.meta.get("faq"):
            page.meta.setdefault("helpsite_jsonld", []).append(
                data_block(structured.faq_page(document)))
        found = cached and cached["terms"]
        if not (page.meta.get("search") or {}).get("exclude"):
            found = found or search.page_terms(document, page.file.locale)
            for anchor, terms in found.items():
                self.search_terms[page.url + anchor] = terms
        if conversions is not None and cached is None:
            conversions.keep(page, content, found)
        if self.strategy.store is not None:  # on disk until the page is written (pagestore.py)
            self.strategy.store.put(page.file.src_uri, content)
            page.markdown, content = None, ""
        return content

    @event_priority(1)  # before the theme's search indexes the page's HTML
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        if self.strategy.store is not None:
            page.content = self.strategy.store.take(page.file.src_uri)
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
        if self.state is not None:  # the data blocks, kept out of Markdown's way
            output = self.state.filled(output)
        if page is not None:
            self.strategy.built(page)
            if self.strategy.store is not None:
                page.content = None  # written next; static-i18n keeps the page to the end
        url = safety.site_path(config.site_url) + (page.url if page is not None else "")
        allowed = safety.Allowed(frozenset(self.script_hashes), frozenset(self.script_files))
        findings = safety.page_findings(output, url, allowed)
        if findings:
            raise fail(self._located(findings, page, config))
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return self.on_post_page(output, None, config)

    def _located(self, findings: list, page: Page | None, config: MkDocsConfig) -> list:
        """Each finding at the source that holds its text: the page, its language's strings,
        the desk files, the theme's overrides (templates, and the stylesheet the pages hold),
        or a file's name under docs/."""
        root = Path(config.config_file_path).parent
        source = self.state.pages.get(page.file.src_uri) if page and self.state else None
        fallback = source.path if source is not None else "overrides/main.html"
        candidates = [Path(root, fallback), *sorted((root / "data").rglob("*.yaml")),
                      Path(config.config_file_path),
                      *sorted(path for path in Path(config.theme.custom_dir or root).rglob("*")
                              if path.suffix in (".html", ".css"))]
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
        i18n = config.plugins["i18n"]
        if getattr(i18n, "building", False) and self.shard is None:
            return
        self.write_facts(config)
        (Path(config.site_dir) / "_headers").write_text(
            safety.headers_file(self.listed), encoding="utf-8")
        index = config.plugins.get("material/search")
        if index is not None:  # a site with the theme's search
            self.write_search_indexes(config, index.search_index.entries)
        if self.shard is not None:
            root = Path(config.config_file_path).parent
            shards.finish_shard(Path(config.site_dir), shards.Manifest(
                self.shard, i18n.default_language,
                tuple(shards.build_order(i18n.default_language, i18n.build_languages)),
                shards.sources_digest(root, _docs_folder(config)), tuple(self.listed)))
        else:  # a shard's sitemap is its part: the merge splits the site's the same way
            try:
                sitemaps.within_limits(Path(config.site_dir), config.site_url or "",
                                       i18n.build_languages, i18n.default_language)
            except sitemaps.SitemapError as error:
                raise PluginError(f"helpsite: {sitemaps.SITEMAP}: {error}") from None
        self.strategy.finish()

    def write_facts(self, config: MkDocsConfig) -> None:
        if self.state is not None and self.state.loaded:
            facts = Path(config.site_dir) / "facts.json"
            facts.write_text(json.dumps(structured.facts(self.state.data), ensure_ascii=False,
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
        self.strategy.serve(server)
        return server

    def on_build_error(self, error: Exception) -> None:
        # One line and exit 2 instead of MkDocs' traceback (or its exit 1 for plugin errors).
        if isinstance(error, CannotWrite):
            raise error
        if self.strategy is not None:
            self.strategy.build_error(error)

    def on_shutdown(self) -> None:
        # MkDocs keeps a hooks module loaded: the next build in this process starts afresh.
        strategy, self.strategy, self.command, self.dirty = self.strategy, None, None, False
        self.shard = self.status = None
        if strategy is not None:
            strategy.shutdown()

    @event_priority(-200)  # after static-i18n's, which finds its language folders by title
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if getattr(self.strategy, "conversions", None) is not None:
            self.strategy.conversions.start(config, files, self.state.late)
        _title_topics(nav.items, self.state)
        return nav


def _shown(path: Path, root: Path) -> str:
    """A path as a writer sees it: inside the project, relative to it."""
    path = path.absolute()
    return path.relative_to(root.absolute()).as_posix() if path.is_relative_to(
        root.absolute()) else path.as_posix()


def _title_topics(items: list, state: SiteState | None) -> None:
    """A topic (a folder of docs/LANG/) is named in the navigation by the title of its
    index.md, in the page's language, else by the folder's name; either as text."""
    loaded = state is not None and state.loaded  # the preview's, if they loaded
    for item in items:
        if item.is_section:
            index = next((child for child in item.children if child.is_page
                          and child.file.src_uri.endswith("/index.md")
                          and loaded and child.file.src_uri in state.pages), None)
            item.title = (state.title(index.file.src_uri, item.title)
                          if index is not None else escape(item.title))
            _title_topics(item.children, state)


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
