"""Build and preview find the same problems: for each kind of broken input the build fails
naming it, and the preview shows the very same line (file:line:col and message) on a page.

Both are driven through the MkDocs hooks' events, as static-i18n's tests drive its plugin:
the build's problems stop it at on_config, before any page is written; the preview's
(`mkdocs serve`) are its notices once every page's Markdown is rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from conftest import TINY, REPO

ZWSP = "\u200b"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# Each kind of problem: how to break the tiny site, and the start of the line naming it.
CASES = {
    "line shown in no language": (
        lambda root: _edit(root, "data/desks/desk.yaml", "    services: [support]\n",
                           "    services: [support]\n    languages: [nl]\n"),
        "data/desks/desk.yaml:16:16: this line is shown in none of the site's languages "
        "(da, de)"),
    "broken YAML": (
        lambda root: _append(root, "data/desks/desk.yaml", "name: [unclosed\n"),
        "data/desks/desk.yaml:17:1: invalid YAML"),
    "missing string": (
        lambda root: _edit(root, "data/i18n/da.yaml", "  number: Telefonnummer\n", ""),
        "data/i18n/da.yaml:6:3: string 'lines.number' is missing here (it is at "
        "data/i18n/de.yaml:7:11)"),
    "strings not YAML": (
        lambda root: _append(root, "data/i18n/de.yaml", "x: [\n"),
        "data/i18n/de.yaml:23:1: invalid YAML"),
    "bad placeholder": (
        lambda root: _edit(root, "docs/da/index.md", "{{ desk.email }}", "{{ desk.emial }}"),
        "docs/da/index.md:13:9: placeholder names nothing"),
    "unknown front-matter key": (
        lambda root: _edit(root, "docs/da/index.md", "desk: desk\n", "desk: desk\ncolour: red\n"),
        "docs/da/index.md:3:1: unknown key 'colour'"),
    "unknown desk": (
        lambda root: [_edit(root, f"docs/{lang}/index.md", "desk: desk\n", "desk: nodesk\n")
                      for lang in ("da", "de")],
        "docs/da/index.md:2:7: there is no desk 'nodesk' (known: desk)"),
    "page missing in a language": (
        lambda root: (root / "docs" / "da" / "index.md").unlink(),
        "docs/de/index.md:1:1: docs/da/index.md is missing: every page exists in every "
        "language"),
    "page outside docs/LANG/": (
        lambda root: (root / "docs" / "loose.md").write_text("# Loose\n", encoding="utf-8"),
        "docs/loose.md:1:1: pages belong in docs/LANG/ for one of: da, de"),
    "drift": (
        lambda root: _append(root, "docs/da/index.md", "\nÅbent også kl. 23:00.\n"),
        "docs/da/index.md:15:16: [da] time 23:00 is not in the de source"),
    "hidden character on a page": (
        lambda root: _edit(root, "docs/da/index.md", "E-mail: {{", f"E-mail: {ZWSP}{{{{"),
        "docs/da/index.md:13:9: [da] hidden character U+200B ZERO WIDTH SPACE"),
    "hidden character in data": (
        lambda root: _edit(root, "data/desks/desk.yaml", "+45 7021", f"+45 {ZWSP}7021"),
        "data/desks/desk.yaml:13:13: U+200B ZERO WIDTH SPACE at character 5"),
    "outdated translation": (
        lambda root: _edit(root, "docs/da/index.md", "fcdaf829edae", "deadbeef0000"),
        "docs/da/index.md: [da] translation of docs/de/index.md was made from deadbeef0000"),
}


@pytest.fixture
def broken(request, tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    breaking, expected = CASES[request.param]
    breaking(root)
    return root, expected


def _build_problems(root: Path) -> list[str]:
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(PluginError) as failed:
            config.plugins.on_config(config)
    finally:
        config.plugins.on_shutdown()
    header, *lines = str(failed.value).splitlines()
    assert header.startswith("helpsite: ") and header.endswith("problem(s):")
    return lines


def _preview_notices(root: Path) -> set[str]:
    from helpsite_serve import _helpsite_hooks

    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        config.plugins.on_config(config)  # the preview tells: it never stops
        preview = _helpsite_hooks(config).preview
        # Every file MkDocs builds a page from, whether or not it could be read.
        pages = [path.relative_to(root / "docs").as_posix()
                 for path in (root / "docs").rglob("*.md")]
        for page in pages:
            preview.markdown(page, "")
        return {str(notice) for page in pages for notice in preview.notices(page)}
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_the_preview_shows_every_problem_the_build_stops_on(broken):
    root, expected = broken
    named = [line for line in _build_problems(root) if line.startswith(expected)]
    assert named, f"the build did not name {expected!r}"
    assert set(named) <= _preview_notices(root)
