"""The page cache (HELPSITE_PAGE_CACHE): a build that takes pages from it publishes the same
bytes as a build without it, converts again exactly the pages whose inputs changed, and
never publishes an entry that is not intact."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import REPO, TINY
from helpsite.site.pagecache import PageCache, code_digest

LANGUAGES = ("da", "de", "en", "es", "fr", "it")


def _project(target: Path, source: Path = REPO, hooks: str = "hooks/helpsite_mkdocs.py") -> Path:
    """A copy of a project whose mkdocs.yml loads this repository's hooks."""
    for part in ("data", "docs"):
        shutil.copytree(source / part, target / part)
    shutil.copytree(REPO / "overrides", target / "overrides")
    (target / "mkdocs.yml").write_text(
        (source / "mkdocs.yml").read_text(encoding="utf-8")
        .replace(hooks, str(REPO / "hooks" / "helpsite_mkdocs.py"))
        .replace("  - hooks\n", "")  # watched by the preview
        .replace("OVERRIDES_DIR", str(target / "overrides")), encoding="utf-8")
    return target


class _Converted(logging.Handler):
    """The pages the build's page cache says it converted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[list[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("helpsite: page cache: converted"):
            self.found.append(sorted(message.split()[4:]))


def _build(project: Path, site: Path, cache: Path | None, monkeypatch) -> list[str]:
    """Build as `mkdocs build --strict` does; the pages converted, not taken from ``cache``."""
    if cache is None:
        monkeypatch.delenv("HELPSITE_PAGE_CACHE", raising=False)
    else:
        monkeypatch.setenv("HELPSITE_PAGE_CACHE", str(cache))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    logger, handler = logging.getLogger("mkdocs.plugins.helpsite"), _Converted()
    level, logger.level = logger.level, logging.DEBUG
    logger.addHandler(handler)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert len(handler.found) == (cache is not None)
    return handler.found[0] if handler.found else []


def _files(site: Path) -> dict[str, str]:
    """Every file the build published, by path: its SHA-256."""
    site = site.resolve()
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def _entry_of(cache: Path, name: str) -> Path:
    """The entry holding ``name``'s conversion."""
    language = name.split("/", 1)[0]
    return next(path for path in (cache / language).glob("*/*")
                if f'"name": "{name}"'.encode() in path.read_bytes())


@pytest.fixture(scope="module")
def desk_edit(tmp_path_factory):
    """The example built with an empty cache; then one desk edited and three entries broken
    (truncated, a byte changed, not an entry at all), built with the cache and without."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        tmp = tmp_path_factory.mktemp("pagecache")
        project, cache = _project(tmp / "project"), tmp / "cache"
        cold = _build(project, tmp / "cold", cache, monkeypatch)
        desk = project / "data/desks/onoffice.yaml"
        desk.write_text(desk.read_text(encoding="utf-8").replace(
            '{days: mon-fri, from: "09:00", to: "18:00"}',
            '{days: mon-fri, from: "09:00", to: "17:30"}', 1), encoding="utf-8")
        truncated, changed, garbage = (_entry_of(cache, name) for name in (
            "it/index.md", "it/contabilita.md", "it/translation-status.md"))
        truncated.write_bytes(truncated.read_bytes()[:-100])
        text = changed.read_bytes()
        changed.write_bytes(text.replace(b"<p>", b"<p>Falsch ", 1))
        garbage.write_bytes(b"not an entry")
        warm = _build(project, tmp / "warm", cache, monkeypatch)
        _build(project, tmp / "clean", None, monkeypatch)
        return cold, warm, tmp


def test_a_warm_build_after_a_desk_edit_publishes_what_a_clean_build_does(desk_edit):
    _, _, tmp = desk_edit
    warm, clean = _files(tmp / "warm"), _files(tmp / "clean")
    assert len(warm) > 30 and warm.keys() == clean.keys()
    assert [path for path in warm if warm[path] != clean[path]] == []
    # The edit reached the pages: the German page shows the new closing time.
    assert "17:30" in (tmp / "warm/onoffice/index.html").read_text(encoding="utf-8")


def test_the_edit_converts_again_the_pages_that_read_the_desk_and_the_broken_entries(
        desk_edit):
    cold, warm, _ = desk_edit
    assert len(cold) == 30  # 5 pages in each of 6 languages, none in the cache yet
    # Only the onoffice articles read the desk; the three broken entries are converted again.
    assert warm == sorted([f"{language}/onoffice.md" for language in LANGUAGES]
                          + ["it/contabilita.md", "it/index.md", "it/translation-status.md"])


def test_a_broken_entry_is_a_miss_and_written_over(tmp_path):
    cache = PageCache(tmp_path)
    entry = {"content": "<p>+49 241 446 86 122</p>"}
    cache.put("ab" * 32, "de/a.md", entry)
    path = tmp_path / "de" / "ab" / ("ab" * 32)
    assert cache.get("ab" * 32, "de/a.md")["content"] == entry["content"]
    intact = path.read_bytes()
    for broken in (intact[:-5], intact.replace(b"122", b"123"), b"", intact.split(b"\n")[1]):
        path.write_bytes(broken)
        assert cache.get("ab" * 32, "de/a.md") is None
    path.write_bytes(intact)
    assert cache.get("ab" * 32, "de/b.md") is None  # another page's entry under the key
    assert cache.hits == ["de/a.md"] and len(cache.misses) == 5
    cache.put("ab" * 32, "de/a.md", entry)
    assert cache.get("ab" * 32, "de/a.md") is not None
    assert not list(tmp_path.rglob(".partial-*"))


def test_a_change_to_the_package_is_a_new_key_for_every_page(tmp_path, monkeypatch):
    import helpsite

    package = Path(helpsite.__file__).parent
    shutil.copytree(package, tmp_path / "helpsite",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(helpsite, "__file__", str(tmp_path / "helpsite" / "__init__.py"))
    before = code_digest()
    assert code_digest() == before
    formatting = tmp_path / "helpsite" / "rules" / "formatting.py"
    formatting.write_text(formatting.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_digest() != before


@pytest.fixture
def tiny_built(tmp_path, monkeypatch):
    """The tiny site built once into a cache; a function that builds it again with the
    cache and without, returning the pages converted and whether the two sites are equal
    byte for byte."""
    project, cache = _project(tmp_path / "tiny", TINY, "HOOKS_DIR/helpsite_mkdocs.py"), \
        tmp_path / "cache"
    assert _build(project, tmp_path / "cold", cache, monkeypatch) == [
        "da/index.md", "de/index.md"]
    runs = iter(range(100))

    def again() -> tuple[list[str], bool]:
        run = next(runs)
        warm = _build(project, tmp_path / f"warm{run}", cache, monkeypatch)
        _build(project, tmp_path / f"clean{run}", None, monkeypatch)
        return warm, _files(tmp_path / f"warm{run}") == _files(tmp_path / f"clean{run}")

    return project, again


def test_what_a_page_converts_from_invalidates_it_and_what_it_does_not_still_shows(
        tiny_built, monkeypatch):
    project, again = tiny_built
    assert again() == ([], True)
    # Another build date: what a page shows of it is in its filled Markdown, hence its key.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_800_000_000))
    assert again()[1]
    # A template: no conversion reads it, every page shows it.
    (project / "overrides/partials").mkdir()
    (project / "overrides/partials/copyright.html").write_text(
        "<p>Kleiner Desk GmbH</p>\n", encoding="utf-8")
    assert again() == ([], True)
    # A string the Danish page shows: the Danish page.
    strings = project / "data/i18n/da.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace(
        "number: Telefonnummer", "number: Telefon", 1), encoding="utf-8")
    assert again() == (["da/index.md"], True)
    # A new page: every page's links are resolved against the site's files.
    for language, title in (("de", "Neu"), ("da", "Ny")):
        (project / f"docs/{language}/neu.md").write_text(f"# {title}\n", encoding="utf-8")
    assert again() == (["da/index.md", "da/neu.md", "de/index.md", "de/neu.md"], True)
    # The configuration: every page.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown_extensions: [abbr]\n",
                      encoding="utf-8")
    assert again() == (["da/index.md", "da/neu.md", "de/index.md", "de/neu.md"], True)


def test_each_shard_job_keeps_its_languages_cache_between_runs():
    from helpsite.sources.yamlsource import load_yaml

    steps = load_yaml(REPO / ".github/workflows/publish.yml", "publish.yml").data[
        "jobs"]["shard"]["steps"]
    cache = next(number for number, step in enumerate(steps)
                 if step.get("uses", "").startswith("actions/cache@"))
    build_step = next(number for number, step in enumerate(steps) if "run" in step)
    assert cache < build_step  # restored before the build, saved after it
    assert steps[cache]["with"]["path"] == steps[build_step]["env"]["HELPSITE_PAGE_CACHE"]
    assert "${{ matrix.language }}" in steps[cache]["with"]["key"]


def test_a_conversion_that_warned_is_not_kept_so_strict_stops_every_build(tmp_path,
                                                                          monkeypatch):
    project = _project(tmp_path / "tiny", TINY, "HOOKS_DIR/helpsite_mkdocs.py")
    page = project / "docs/da/index.md"  # a link to no page: MkDocs warns as it converts
    page.write_text(page.read_text(encoding="utf-8") + "\n[Priser](priser.md)\n",
                    encoding="utf-8")
    for run in range(2):
        with pytest.raises(Abort):
            _build(project, tmp_path / f"site{run}", tmp_path / "cache", monkeypatch)
    assert [path.parts[-3] for path in (tmp_path / "cache").glob("*/*/*")] == ["de"]


def test_an_extension_that_reads_files_is_refused():
    from helpsite_pagecache import _pure

    assert all(map(_pure, ["toc", "markdown.extensions.tables", "pymdownx.superfences",
                           "material.extensions.emoji"]))
    assert not any(map(_pure, ["pymdownx.snippets", "pymdownx.b64", "mdx_include"]))


def test_a_configured_function_is_named_by_its_module_and_that_module_s_text(tmp_path,
                                                                               monkeypatch):
    import importlib

    from helpsite.site.pagecache import digest

    module = tmp_path / "slugs.py"
    module.write_text("def slug(text, separator):\n    return text.lower()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    slugs = importlib.import_module("slugs")
    before = digest({"toc": {"slugify": slugs.slug}})
    assert digest({"toc": {"slugify": importlib.reload(slugs).slug}}) == before  # no address
    module.write_text("def slug(text, separator):\n    return text.upper()\n")
    assert digest({"toc": {"slugify": importlib.reload(slugs).slug}}) != before
