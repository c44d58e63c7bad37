"""Shared helpers: a project written into a temporary folder from text."""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import hashlib
import http.server
import importlib.metadata
import io
import os
import shutil
import textwrap
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent

# The builds' "today" (schedule.build_date): the tests' fixed 2026-27 clock times must lie
# inside the compiled timelines whenever the suite runs.
os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)
                                          .timestamp()))
TINY = REPO / "tests" / "fixtures" / "tiny"


def normalise_spaces(text: str) -> str:
    """CLDR uses U+00A0, U+202F and U+2009 inside values; compare with plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def cli(*args: str) -> tuple[int, str, str]:
    """``helpsite ARGS``: its exit code and what it printed; for module fixtures, which
    capsys does not serve."""
    from helpsite.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of the tiny fixture site that a test may break."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    return target


def pytest_configure(config: pytest.Config) -> None:
    """The whole suite run outside CI leaves out the tests marked slow; CI (CI=true), a
    marker expression (-m) or naming files or tests runs them."""
    if (not config.option.markexpr and os.environ.get("CI") != "true"
            and config.args_source != pytest.Config.ArgsSource.ARGS):
        config.option.markexpr = "not slow"


# The files that take longest, longest first (CI=true, one worker each, measured 2026-12-07;
# test_preview, test_hostile_cli, test_fee_properties, test_hostile and test_navigation
# added from the default run's --durations=60 of 2026-12-08, among whose longest they were):
# xdist (--dist loadfile --no-loadscope-reorder) hands out whole files in collection order,
# so these start first and the short files fill in around them; handed out last, one of
# them kept a single worker busy for minutes after the other had finished.
LONGEST_FIRST = ("test_scaffold.py", "test_page_chrome.py", "test_theme_boundary.py",
                 "test_preview.py", "test_hostile_cli.py", "test_pagecache.py",
                 "test_install.py", "test_answer_box.py", "test_shards.py", "test_publish.py",
                 "test_checks.py", "test_fee_properties.py", "test_hostile.py",
                 "test_navigation.py", "test_first_hour.py", "test_fee_calculator_page.py",
                 "test_customer_view.py", "test_search_page.py", "test_open_now_page.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, the others in their usual order after them."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.option.markexpr == "not slow":
        return "slow tests left out: CI=true runs them, as does naming their files"
    return None


def slow_after(keep: int, cases: list, several: bool = False) -> list:
    """A sweep's cases, each proving the same for another language, viewport or page: the
    first ``keep`` run in every run, the others are marked slow (CI runs them). ``several``:
    each case is a tuple of several arguments."""
    def slow(case):
        if isinstance(case, type(pytest.param())):
            return pytest.param(*case.values, marks=[*case.marks, pytest.mark.slow], id=case.id)
        return pytest.param(*(case if several else (case,)), marks=pytest.mark.slow)
    return [*cases[:keep], *map(slow, cases[keep:])]


def sweep(argnames: str, cases, keep: int = 1, **options):
    """``pytest.mark.parametrize`` for a sweep: the first ``keep`` cases run in every run, the
    others only where slow tests run (see slow_after)."""
    return pytest.mark.parametrize(argnames, slow_after(keep, list(cases), "," in argnames),
                                   **options)


def _fingerprint(*sources: Path) -> str:
    """What a build depends on: every file of the sources, the installed packages and the
    builds' clock."""
    digest = hashlib.sha256(os.environ["SOURCE_DATE_EPOCH"].encode())
    digest.update(repr(sorted(f"{dist.metadata['Name']}=={dist.version}"
                              for dist in importlib.metadata.distributions())).encode())
    for source in sources:
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                content = file.read_bytes()
                digest.update(f"{file.relative_to(source)}\0{len(content)}\0".encode())
                digest.update(content)
    return digest.hexdigest()[:16]


def built_once(store: Path, mkdocs_yml: Path, *sources: Path) -> Path:
    """The site that ``mkdocs_yml`` builds with --strict semantics, built by the first worker
    (or run) that asks for it and read by the others: a build costs ~8 s of CPU.

    Kept in ``store`` under the fingerprint of everything it is built from (``mkdocs_yml``,
    ``sources``, the installed packages), behind a file lock; tests copy it before they
    change it."""
    site = store / _fingerprint(mkdocs_yml, *sources)
    with open(store / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not site.is_dir():
            partial = site.with_suffix(f".{os.getpid()}")
            shutil.rmtree(partial, ignore_errors=True)
            build(load_config(str(mkdocs_yml), site_dir=str(partial), strict=True))
            partial.rename(site)
            for old in store.iterdir():  # sites of older sources, unread for a day
                if old.is_dir() and time.time() - old.stat().st_mtime > 86400:
                    shutil.rmtree(old, ignore_errors=True)
        os.utime(site)
    return site


@pytest.fixture(scope="session")
def site_store(request, tmp_path_factory) -> Path:
    """Where built_once keeps its sites: pytest's cache, so a second run builds nothing; with
    -p no:cacheprovider, the run's temporary folder that all workers share."""
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("helpsite-sites") if cache else tmp_path_factory.getbasetemp().parent


# What the example site and the fixtures' sites are built from, besides their own files.
BUILD_SOURCES = (REPO / "hooks", REPO / "overrides", REPO / "schema")


@pytest.fixture(scope="session")
def example_site(site_store) -> Path:
    """The bundled example site, built with --strict semantics (once for all workers)."""
    return built_once(site_store, REPO / "mkdocs.yml", REPO / "data", REPO / "docs",
                      *BUILD_SOURCES)


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
def rulebook_url(site_store, rulebook) -> str:
    """The closures-and-fees fixture, built with --strict and served."""
    yield from serve(built_once(site_store, rulebook / "mkdocs.yml", rulebook, *BUILD_SOURCES))
