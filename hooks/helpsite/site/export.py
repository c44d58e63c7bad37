"""``helpsite export OUT``: every language as a MkDocs project needing no hooks, facts filled in.

The way out of these hooks: ``OUT/LANG/`` holds ``docs/`` (each page as Markdown with its
placeholders rendered to the HTML they make, the answer box and calculators with their data
as inline JSON: Markdown for Python-Markdown, not for any renderer) and a ``mkdocs.yml``
that any MkDocs-compatible builder reads with no hooks and no plugins beyond search. One project per language, as builders without
mkdocs-static-i18n (Zensical, for one) build them. The default language's project carries
``facts.json``; the status and fee scripts and the CSS come along as
``extra_javascript``/``extra_css``, and the pages' Content-Security-Policy as a small theme
override (``export_theme/``). What the build refuses (helpsite.site.safety) stops the export
with the same message. Left out: the JSON-LD the hooks put into each page's head.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape

from helpsite.site import safety
from helpsite.pages import structured
from helpsite.pages.markup import THEME
from helpsite.errors import SourceError
from helpsite.site.project import load_project

CONFIG = "mkdocs.yml"
EXPORT_THEME = Path(__file__).parent / "export_theme"
# Front matter MkDocs and Material read; helpsite's own keys mean nothing without the hooks.
KEPT_FRONT_MATTER = ("title", "description", "search", "hide")
_TEXT_FRONT_MATTER = ("title", "description")


class ExportError(Exception):
    """The export cannot run; the message says why and what to do."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags such as !ENV give None rather than running anything."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _language_configs(config: dict) -> dict[str, dict]:
    plugins = config.get("plugins") or []
    i18n = next((plugin["i18n"] for plugin in plugins
                 if isinstance(plugin, dict) and "i18n" in plugin), None) or {}
    return {entry["locale"]: entry for entry in i18n.get("languages") or []}


def _page(meta: dict, markdown: str) -> str:
    front = {key: meta[key] for key in KEPT_FRONT_MATTER if key in meta}
    # Plain MkDocs and the theme write these raw (the hooks escape them in a build): a title
    # `<b>x</b>` must show as typed there too.
    front.update({key: str(escape(front[key])) for key in _TEXT_FRONT_MATTER
                  if isinstance(front.get(key), str)})
    if not front:
        return markdown
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{markdown}"


def _search_options(config: dict) -> dict:
    """The search plugin's word separator; its extra fields are filled by the hooks."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and plugin.get("search", {}).get("separator"):
            return {"separator": plugin["search"]["separator"]}
    return {}


def _site_url(config: dict, language: str, entry: dict) -> str | None:
    """Where the language is published: the default at site_url, the others below it, as
    the i18n build lays them out."""
    site_url = config.get("site_url")
    if site_url and not entry.get("default"):
        return site_url.rstrip("/") + f"/{language}/"
    return site_url


def read_config(root: Path) -> dict:
    """The project's mkdocs.yml as data."""
    if not (root / CONFIG).is_file():
        raise ExportError(f"no {CONFIG} in {root.resolve()}; run this in the project's folder "
                          "or give it with --root")
    try:
        return yaml.load((root / CONFIG).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise ExportError(f"{CONFIG}:{mark.line + 1}:{mark.column + 1}: invalid YAML: "
                          f"{error.problem}") from None


def _policy(exported: dict, pages: list[str]) -> str:
    """The policy for an exported language: Material's inline scripts as it will write them
    into each page (their text depends on the page's base_url unless extra.scope is set)."""
    import material

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(
        Path(material.__file__).parent / "templates"))
    config = {"theme": exported["theme"], "extra": exported.get("extra") or {}}
    base_urls = {"/".join([".."] * (name.count("/") + (not name.endswith("index.md"))))
                 or "." for name in pages}
    return safety.policy(dict.fromkeys(
        digest for base_url in sorted(base_urls)
        for digest in safety.theme_script_hashes(env, {"config": config,
                                                       "base_url": base_url})))


def _mkdocs_config(config: dict, language: str, languages: dict[str, dict],
                   assets: list[str]) -> dict[str, Any]:
    theme = {key: value for key, value in (config.get("theme") or {}).items()
             if key != "custom_dir"}
    theme["custom_dir"] = "overrides"  # export_theme/
    entry = languages.get(language, {})
    site_url = _site_url(config, language, entry)
    exported: dict[str, Any] = {
        "site_name": entry.get("site_name") or config.get("site_name"),
        "site_description": entry.get("site_description") or config.get("site_description"),
        "site_url": site_url,
        "docs_dir": "docs",
        "theme": {**theme, "language": language},
        "plugins": [{"search": _search_options(config)}],
        "extra_css": [f"assets/{name}" for name in assets if name.endswith(".css")],
        "extra_javascript": [{"path": f"assets/{name}", "defer": True}
                             for name in assets if name.endswith(".js")],
        "markdown_extensions": config.get("markdown_extensions"),
    }
    exported["extra"] = dict(config.get("extra") or {})
    if site_url:
        # Material's language selector, linking the separately built languages.
        exported["extra"]["alternate"] = [
            {"name": other.get("name", code), "link": _site_url(config, code, other), "lang": code}
            for code, other in languages.items()]
    if config.get("not_in_nav"):
        # Each language is now its own docs folder: "*/status.md" becomes "status.md".
        exported["not_in_nav"] = "\n".join(
            line.removeprefix("*/") for line in config["not_in_nav"].splitlines()) + "\n"
    return {key: value for key, value in exported.items() if value not in (None, [], "")}


def _assets(root: Path, config: dict) -> list:
    """The pages' scripts and styles: the package's theme layer's, in the order its template
    loads them (the status and fee scripts need the schedule script before them), then the
    project's own (CUSTOM_DIR/assets/, where a file replaces the layer's of its name)."""
    files = {file.name: file for file in (THEME / "assets").iterdir() if file.is_file()}
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir and (root / custom_dir / "assets").is_dir():
        files |= {file.name: file for file in (root / custom_dir / "assets").iterdir()
                  if file.is_file()}
    loaded = re.findall(r"assets/([\w.-]+)", (THEME / "helpsite.html").read_text("utf-8"))
    ordered = [name for name in dict.fromkeys(loaded) if name in files]
    return [files[name] for name in ordered + sorted(set(files) - set(ordered))]


def export(root: Path, out: Path) -> list[str]:
    """Write ``out/LANG/`` for every language; return the folders written."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is not a folder; give a new folder")
    if out.exists() and any(out.iterdir()):
        raise ExportError(f"{out} is not empty; give a new folder, or delete it first")
    config = read_config(root)
    project = load_project(root)
    problems = safety.project_problems(project, config.get("markdown_extensions") or [],
                                       config.get("docs_dir") or "docs")
    if problems:
        raise SourceError(problems)
    languages = _language_configs(config)
    assets = _assets(root, config)
    written = []
    for language in project.languages:
        target = out / language
        for relative, markdown in project.rendered.items():
            lang, name = relative.split("/", 1)
            if lang == language:
                page = target / "docs" / name
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(_page(project.pages[relative].meta, markdown), encoding="utf-8")
        for asset in assets:
            (target / "docs" / "assets").mkdir(parents=True, exist_ok=True)
            (target / "docs" / "assets" / asset.name).write_bytes(asset.read_bytes())
        if languages.get(language, {}).get("default"):  # at the site's root, as the hooks put it
            (target / "docs" / "facts.json").write_text(json.dumps(
                structured.facts(project.data), ensure_ascii=False, indent=1), encoding="utf-8")
        exported = _mkdocs_config(config, language, languages, [asset.name for asset in assets])
        exported.setdefault("extra", {})["helpsite_policy"] = _policy(
            exported, [name.split("/", 1)[1] for name in project.rendered
                       if name.startswith(f"{language}/")])
        shutil.copytree(EXPORT_THEME, target / "overrides")
        (target / CONFIG).write_text(yaml.safe_dump(exported, allow_unicode=True,
                                                    sort_keys=False), encoding="utf-8")
        written.append(target.as_posix())
    return written
