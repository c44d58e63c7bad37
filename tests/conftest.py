"""Shared helpers: a project written into a temporary folder from text."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import textwrap
import threading
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "fixtures" / "tiny"


def normalise_spaces(text: str) -> str:
    """CLDR uses U+00A0, U+202F and U+2009 inside values; compare with plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of the tiny fixture site that a test may break."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The bundled example site, built once with --strict semantics."""
    site_dir = tmp_path_factory.mktemp("example") / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    return site_dir


def serve(site: Path):
    """A built site served on 127.0.0.1 for the browser tests: yields its URL."""
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(example_site) -> str:
    """The example site served on 127.0.0.1 for the browser tests."""
    yield from serve(example_site)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser.

    Skipped where chromium is not installed, except in CI, where that is a failure.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/chromium for the browser tests (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium here: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield instance
        instance.close()


RULEBOOK = REPO / "tests" / "fixtures" / "rulebook"


def rulebook_project(target: Path) -> Path:
    """The closures-and-fees fixture as a project: its desks and pages, the example's
    strings with the fixture's own merged over them."""
    import yaml

    shutil.copytree(RULEBOOK / "data", target / "data")
    for source in sorted((REPO / "data" / "i18n").glob("*.yaml")):
        strings = yaml.safe_load(source.read_text(encoding="utf-8"))
        extra = yaml.safe_load((RULEBOOK / "strings" / source.name).read_text(encoding="utf-8"))
        _merge(strings, extra)
        write(target, f"data/i18n/{source.name}", yaml.safe_dump(strings, allow_unicode=True))
        write(target, f"docs/{source.stem}/index.md", (RULEBOOK / "docs" / "index.md").read_text())
    (target / "mkdocs.yml").write_text((RULEBOOK / "mkdocs.yml").read_text()
                                       .replace("HOOKS_DIR", str(REPO / "hooks"))
                                       .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    return target


def _merge(into: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@pytest.fixture(scope="session")
def rulebook(tmp_path_factory) -> Path:
    return rulebook_project(tmp_path_factory.mktemp("rulebook") / "project")


@pytest.fixture(scope="session")
def rulebook_url(rulebook) -> str:
    """The closures-and-fees fixture, built with --strict and served."""
    site = rulebook.parent / "site"
    build(load_config(str(rulebook / "mkdocs.yml"), site_dir=str(site), strict=True))
    yield from serve(site)
