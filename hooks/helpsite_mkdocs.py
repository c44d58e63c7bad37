"""MkDocs adapter: load and render the project once per build, serve pages from it.

All the work happens in the ``helpsite`` package; this module only translates between
MkDocs events and it, and keeps its state in one ``_Hooks`` object. mkdocs-static-i18n
runs every event once per language, inside the default language's build.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpsite import safety, structured
from helpsite.errors import SourceError
from helpsite.markup import data_block
from helpsite.project import Project, load_project, source_fingerprint
from helpsite.publish import PublishError, StagedSite
from helpsite.strings import site_languages
from helpsite.yamlsource import inside_project

log = logging.getLogger("mkdocs.plugins.helpsite")

# overrides/main.html writes this where the policy lists the theme's inline scripts.
_SCRIPT_HASHES = "'helpsite-inline-script-hashes'"


def _fail(problems: list) -> PluginError:
    return PluginError(f"helpsite: {len(problems)} problem(s):\n"
                       + "\n".join(str(problem) for problem in problems))


class _Hooks:
    def __init__(self) -> None:
        self.project: Project | None = None
        self.fingerprint: tuple = ()
        self.organizations: dict[tuple[str, str], str] = {}
        self.command: str | None = None
        self.staged: StagedSite | None = None
        self.failed = self.finished = False

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = None if dirty else command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans site_dir, so a bad source never costs the previous site.
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir).relative_to(root).as_posix()
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
                self.staged = StagedSite(Path(config.site_dir))
            except PublishError as error:
                raise PluginError(f"helpsite: {error}")
            self.failed = self.finished = False
            config.site_dir = str(self.staged.staging)
        # i18n builds the site once per language with the same config: load it once.
        fingerprint = source_fingerprint(root, docs_dir)
        if self.project is not None and fingerprint == self.fingerprint:
            return config
        try:
            self.project = load_project(root, docs_dir)
        except SourceError as error:
            raise _fail(error.problems)
        self.fingerprint = fingerprint
        self.organizations.clear()
        drift = [*self.project.findings, *self.project.outdated]
        if drift and config.strict:
            raise _fail(drift)
        # Drift is a warning, so `mkdocs serve` keeps previewing.
        for item in drift:
            log.warning(str(item))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every file taken from docs/ must lie inside the project: a symbolic link to /etc
        would otherwise be published."""
        root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)
        problems = set()
        for file in files:
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is not None and source.absolute().is_relative_to(docs.absolute()):
                try:
                    inside_project(source, source.absolute().relative_to(root.absolute())
                                   .as_posix())
                except SourceError as error:
                    problems.update(error.problems)
        if problems:
            raise _fail(sorted(problems, key=str))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri not in self.project.rendered:
            raise PluginError(
                f"helpsite: {page.file.src_uri} was not rendered (not under docs/LANG/?)")
        # The theme writes page.title as HTML (it is HTML when it comes from a heading).
        for key in ("title", "description"):
            if page.meta.get(key):
                page.meta[key] = html.escape(page.meta[key])
        desk_id = page.meta.get("desk")
        if desk_id:
            # overrides/main.html puts these into <head> as JSON-LD.
            page.meta["helpsite_jsonld"] = [self._organization(desk_id, page.file.locale)]
        return self.project.rendered[page.file.src_uri]

    def _organization(self, desk_id: str, language: str) -> str:
        """A desk's JSON-LD, made once per language however many pages show the desk."""
        key = (desk_id, language)
        if key not in self.organizations:
            self.organizations[key] = data_block(
                structured.organization(self.project.data.desks[desk_id], language))
        return self.organizations[key]

    def on_page_content(self, content: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        source = self.project.pages[page.file.src_uri]
        problems = safety.unsafe_content(content, source.path, source.text)
        if problems:
            raise _fail(problems)
        if page.meta.get("faq"):
            page.meta.setdefault("helpsite_jsonld", []).append(
                data_block(structured.faq_page(content)))
        return content

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return output.replace(_SCRIPT_HASHES, " ".join(safety.script_hashes(output)))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return self.on_post_page(output, None, config)  # 404.html is a template, not a page

    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins["i18n"]
        if i18n.current_language == i18n.default_language:  # once, at the site's root
            facts = Path(config.site_dir) / "facts.json"
            facts.write_text(json.dumps(structured.facts(self.project.data), ensure_ascii=False,
                                        indent=1), encoding="utf-8")
        if not i18n.building:  # the outermost build: every language is written
            self.finished = True

    def on_build_error(self, error: Exception) -> None:
        self.failed = True

    def on_shutdown(self) -> None:
        # MkDocs keeps a hooks module loaded: the next build in this process starts afresh.
        staged, self.staged, self.command = self.staged, None, None
        if staged is not None:
            if self.finished and not self.failed:
                staged.publish()
            else:
                staged.discard()
                log.error(f"helpsite: the build failed; {staged.target} was not changed")


_hooks = _Hooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_files = _hooks.on_files
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_post_page = _hooks.on_post_page
on_post_template = _hooks.on_post_template
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
on_shutdown = _hooks.on_shutdown
