"""MkDocs adapter: load and render the project once per build, serve pages from it.

All the work happens in the ``helpsite`` package; this module only translates between
MkDocs events and it. mkdocs-static-i18n runs every event once per language.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpsite import formatting, search, structured
from helpsite.errors import SourceError
from helpsite.project import Project, load_project, source_fingerprint
from helpsite.strings import site_languages

log = logging.getLogger("mkdocs.plugins.helpsite")

_project: Project | None = None
_fingerprint: tuple = ()
_organizations: dict[tuple[str, str], str] = {}
_search_terms: dict[str, str] = {}  # page or section URL -> its values as people type them


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before MkDocs cleans site_dir, so a bad source never costs the previous site.
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir).relative_to(root).as_posix()
    configured = sorted(lang.locale for lang in config.plugins["i18n"].config.languages)
    if configured != site_languages(root):
        raise PluginError(
            f"helpsite: mkdocs.yml builds {configured} but data/i18n/ has {site_languages(root)}")
    # i18n builds the site once per language with the same config: load it once.
    fingerprint = source_fingerprint(root, docs_dir)
    if _project is None or fingerprint != _fingerprint:
        _load(root, docs_dir, fingerprint)
    i18n = config.plugins["i18n"]
    language = i18n.current_language or i18n.default_language
    _theme_labels(config, language)
    # The site has one 404 page, at its root; every language's build would write it, the
    # last one winning. Only the default language's build does.
    if language == i18n.default_language:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    return config


def _load(root: Path, docs_dir: str, fingerprint: tuple) -> None:
    global _project, _fingerprint
    try:
        _project = load_project(root, docs_dir)
    except SourceError as error:
        raise PluginError(f"helpsite: the sources have {len(error.problems)} problem(s):\n{error}")
    _fingerprint = fingerprint
    _organizations.clear()
    # Drift is a warning, so `mkdocs serve` keeps previewing and `--strict` fails the build.
    for item in [*_project.findings, *_project.outdated]:
        log.warning(str(item))


def _theme_labels(config: MkDocsConfig, language: str) -> None:
    """The theme's own English labels in the language being built (data/i18n: theme.*)."""
    for option in config.theme.get("palette") or []:
        if "toggle" in option:  # each scheme's toggle switches to the other one
            key = "theme.light_mode" if option.get("scheme") == "slate" else "theme.dark_mode"
            option["toggle"]["name"] = _project.strings.format(language, key)
    if "toc" in config.mdx_configs:
        config.mdx_configs["toc"]["permalink_title"] = _project.strings.format(
            language, "theme.permalink")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri not in _project.rendered:
        raise PluginError(f"helpsite: {page.file.src_uri} was not rendered (not under docs/LANG/?)")
    desk_id = page.meta.get("desk")
    if desk_id:
        # overrides/main.html puts these into <head> as JSON-LD.
        page.meta["helpsite_jsonld"] = [_organization(desk_id, page.file.locale)]
        # overrides/partials/helpsite-desk-languages.html shows it above the article.
        page.meta["helpsite_desk_languages"] = _desk_languages(desk_id, page.file.locale)
    return _project.rendered[page.file.src_uri]


def _desk_languages(desk_id: str, language: str) -> str | None:
    """'Der Support antwortet auf Deutsch, Italienisch und Spanisch.'"""
    codes = tuple(_project.data.desks[desk_id].languages)
    if not codes:
        return None
    return _project.strings.format(language, "desk.languages",
                                   languages=formatting.languages(codes, language))


def _organization(desk_id: str, language: str) -> str:
    """A desk's JSON-LD, made once per language however many pages show the desk."""
    key = (desk_id, language)
    if key not in _organizations:
        _organizations[key] = structured.script_json(
            structured.organization(_project.data.desks[desk_id], language))
    return _organizations[key]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("faq"):
        page.meta.setdefault("helpsite_jsonld", []).append(
            structured.script_json(structured.faq_page(html)))
    if not (page.meta.get("search") or {}).get("exclude"):
        for anchor, terms in search.page_terms(html, page.file.locale).items():
            _search_terms[page.url + anchor] = terms
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    # The theme fetches its search index from base_url: make that the page's language's
    # root, whose index holds that language alone. Nothing else in the theme resolves
    # links against base_url except the scope of saved choices (mkdocs.yml: extra.scope).
    i18n = config.plugins["i18n"]
    root = search.language_root(i18n.current_language, i18n.default_language)
    context["base_url"] = get_relative_url(root or ".", page.url)
    return context


@event_priority(-200)  # after static-i18n's, which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    # static-i18n builds the other languages from within the first one's on_post_build;
    # act once, when all of them are built (and their search entries merged).
    if getattr(config.plugins["i18n"], "building", False):
        return
    facts = Path(config.site_dir) / "facts.json"
    facts.write_text(json.dumps(structured.facts(_project.data), ensure_ascii=False, indent=1),
                     encoding="utf-8")
    _write_search_indexes(config)


def _write_search_indexes(config: MkDocsConfig) -> None:
    """One search index per language, at LANG/search/search_index.json, where the theme
    looks from that language's pages (see on_page_context). static-i18n has just merged
    every language into the root's index; this replaces it with the default language's."""
    i18n, index = config.plugins["i18n"], config.plugins.get("material/search")
    if index is None:  # a site without the theme's search
        return
    settings = {key: index.config[key] for key in ("separator", "pipeline", "fields")}
    indexes = search.language_indexes(
        settings, index.search_index.entries, i18n.build_languages, i18n.default_language,
        _search_terms, index.config.lang)
    for root, language_index in indexes.items():
        path = Path(config.site_dir) / root / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(language_index, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
