"""The writers' loop: `mkdocs serve` rebuilds when a file in data/ changes; `helpsite serve`
builds page by page and tells instead of stopping."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, normalise_spaces


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float, present: bool = True) -> str:
    """The page at ``url`` once it contains ``wanted`` (or, ``present=False``, once it
    answers without it), or its last text after ``seconds``."""
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = normalise_spaces(response.read().decode("utf-8"))
            if (wanted in text) == present:
                return text
        except OSError:
            pass
        time.sleep(0.2)
    return text


def test_saving_data_reloads_the_page(tiny):
    config = tiny / "mkdocs.yml"
    config.write_text(config.read_text() + "watch:\n  - data\n")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tiny, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "Montag–Donnerstag 08:00–16:00 Uhr" in fetch_until(url, "08:00–16:00", 60)
        desk = tiny / "data" / "desks" / "desk.yaml"
        desk.write_text(desk.read_text().replace('to: "16:00"', 'to: "17:00"'))
        assert "Montag–Donnerstag 08:00–17:00 Uhr" in fetch_until(url, "08:00–17:00", 60)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_preview_shows_drift_in_a_banner_and_keeps_other_pages(tiny, browser):
    """`helpsite serve` (the README's command), with `strict: true` left in mkdocs.yml:
    a drift typed into a translation shows on that page, which reloads by itself (the
    page's security policy lets the live-reload script run), with its file:line; the other
    language stays reachable, and the banner goes when the drift is fixed."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "helpsite.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tiny, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = browser.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        home, danish = f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/da/"
        assert "Åbent" in fetch_until(danish, "Åbent", 120)
        page.goto(danish)
        page.wait_for_timeout(1000)  # the live-reload script connects
        source = tiny / "docs" / "da" / "index.md"
        original = source.read_text(encoding="utf-8")
        line = original.count("\n") + 2  # after the file's last line, one blank line
        source.write_text(original + "\nOm natten fra 23:00.\n", encoding="utf-8")

        banner = page.locator(".helpsite-notices")
        banner.wait_for(timeout=60_000)  # no goto: the page reloaded itself
        assert f"docs/da/index.md:{line}" in banner.inner_text()
        assert "23:00" in banner.inner_text()
        page.goto(home)
        assert "Zeiten" in page.locator("article").inner_text()
        assert page.locator(".helpsite-notices").count() == 0

        page.goto(danish)
        page.wait_for_timeout(1000)
        source.write_text(original, encoding="utf-8")
        banner.wait_for(state="detached", timeout=60_000)
        assert "Åbent" in page.locator("article").inner_text()
        assert blocked == []
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=10)


# -- helpsite serve in this process: what it builds, and what it does with bad input -----


def test_the_mkdocs_internals_the_preview_server_uses_are_still_there(tmp_path):
    """helpsite_serve builds page by page with MkDocs 1.6's private build steps and static-
    i18n's language switch (its module docstring). An upgrade that changes them must fail
    here, not in a writer's preview."""
    import inspect

    import mkdocs
    from mkdocs.commands import build
    from mkdocs.livereload import LiveReloadServer
    from mkdocs_static_i18n.plugin import I18n
    from watchdog.observers.api import BaseObserver

    assert mkdocs.__version__.startswith("1.6."), "re-check helpsite_serve against this MkDocs"
    signatures = {step: list(inspect.signature(getattr(build, step)).parameters)
                  for step in ("_populate_page", "_build_page", "_build_theme_template")}
    assert signatures == {
        "_populate_page": ["page", "config", "files", "dirty"],
        "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
        "_build_theme_template": ["template_name", "env", "files", "config", "nav"]}
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(),
                              root=str(tmp_path))
    assert isinstance(server.observer, BaseObserver)  # replaced before watching
    # helpsite_mkdocs._list_live_reload writes the live-reload script in MkDocs' stead.
    from mkdocs import livereload
    assert list(inspect.signature(server._inject_js_into_html).parameters) == ["content", "epoch"]
    assert sorted(livereload._SCRIPT_TEMPLATE.get_identifiers()) == ["epoch", "request_id"]
    assert I18n().current_language is None  # set before each language's `config` event


def _copy_of_the_example(target: Path) -> Path:
    for part in ("data", "docs", "overrides", "hooks"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _preview_site(project: Path, site_dir: Path):
    from helpsite_serve import PreviewSite

    return PreviewSite(str(project / "mkdocs.yml"), str(site_dir), f"127.0.0.1:{free_port()}")


def _build_everything(site) -> None:
    """What the background does in idle time, all of it, here and now."""
    while site._step(long=True):
        pass


@pytest.fixture
def told():
    """What helpsite serve tells the writer in the terminal."""
    lines: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Handler()
    logging.getLogger("helpsite.site.preview").addHandler(handler)
    yield lines
    logging.getLogger("helpsite.site.preview").removeHandler(handler)


def test_the_preview_server_builds_every_page_and_searches_them_all(tmp_path):
    project = _copy_of_the_example(tmp_path / "example")
    site_dir = tmp_path / "site"
    site = _preview_site(project, site_dir)
    try:
        _build_everything(site)
        assert site.preview.pending == set()
        titles = set()
        for language in ("de", "it", "es", "da", "en", "fr"):
            root = site_dir if language == "de" else site_dir / language
            for name in ("onoffice", "oneoffice", "contabilita"):
                article = (root / name / "index.html").read_text(encoding="utf-8")
                assert "{{" not in article
            # The language's search index lists every page of the language, from its root.
            index = json.loads((root / "search" / "search_index.json").read_text("utf-8"))
            pages = {entry["location"].split("#")[0]: entry["title"] for entry in index["docs"]}
            assert {"onoffice/", "oneoffice/", "contabilita/", ""} <= set(pages)
            titles.add(pages["onoffice/"])
        assert len(titles) == 6  # each in its language
    finally:
        site.stop()
        site.config.plugins.on_shutdown()


def test_the_home_pages_list_articles_not_yet_built_under_their_filled_in_headings(tmp_path):
    project = _copy_of_the_example(tmp_path / "example")
    site_dir = tmp_path / "site"
    site = _preview_site(project, site_dir)
    try:
        site.start()  # builds the default language's home page first
        site.stop()
        assert not (site_dir / "onoffice" / "index.html").exists()
        home = normalise_spaces((site_dir / "index.html").read_text(encoding="utf-8"))
        assert "{{" not in home
        assert 'href="onoffice/">So erreichen Sie den onOffice-Support</a>' in home
        # So does the navigation (MkDocs would say "None" for a page it has not read).
        [nav] = re.findall(r'<a href="onoffice/" class="md-nav__link">(.*?)</a>', home, re.S)
        assert " ".join(re.sub("<[^>]+>", "", nav).split()) == (
            "So erreichen Sie den onOffice-Support")
    finally:
        site.config.plugins.on_shutdown()


def test_a_broken_mkdocs_yml_is_a_terminal_line_and_the_site_stays(tiny, tmp_path, told):
    site_dir = tmp_path / "site"
    site = _preview_site(tiny, site_dir)
    config = tiny / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    try:
        _build_everything(site)
        config.write_text(good.replace("site_name: Tiny", "site_name: [Tiny"), encoding="utf-8")
        site.round()
        [line] = [line for line in told if "mkdocs.yml" in line]
        assert re.match(r".*mkdocs\.yml:\d+:\d+: .*fix it and save again", line), line
        assert "08:00–16:00" in normalise_spaces((site_dir / "index.html").read_text("utf-8"))

        # The preview goes on with the last good configuration, and takes the fixed one.
        desk = tiny / "data" / "desks" / "desk.yaml"
        desk.write_text(desk.read_text().replace('to: "16:00"', 'to: "17:00"'))
        site.round()
        _build_everything(site)
        assert "08:00–17:00" in normalise_spaces((site_dir / "index.html").read_text("utf-8"))
        config.write_text(good.replace("site_name: Tiny", "site_name: Tiny2"), encoding="utf-8")
        site.round()
        _build_everything(site)
        assert "Tiny2" in (site_dir / "index.html").read_text(encoding="utf-8")
        assert len([line for line in told if "mkdocs.yml" in line]) == 1
    finally:
        site.stop()
        site.config.plugins.on_shutdown()


def test_unsafe_html_in_the_preview_is_a_banner_and_never_served(tiny, tmp_path):
    site_dir = tmp_path / "site"
    site = _preview_site(tiny, site_dir)
    page = tiny / "docs" / "da" / "index.md"
    original = page.read_text(encoding="utf-8")
    try:
        _build_everything(site)
        line = original.count("\n") + 2
        page.write_text(original + "\n<script>alert(7)</script>\n", encoding="utf-8")
        site.round()
        _build_everything(site)
        built = (site_dir / "da" / "index.html").read_text(encoding="utf-8")
        assert "alert(7)" not in built
        assert f"docs/da/index.md:{line}:1" in built and '<aside class="helpsite-notices"' in built
        assert "Åbent" in built  # the last safe version of the page

        page.write_text(original, encoding="utf-8")
        site.round()
        _build_everything(site)
        assert '<aside class="helpsite-notices"' not in (site_dir / "da" / "index.html").read_text(
            "utf-8")
    finally:
        site.stop()
        site.config.plugins.on_shutdown()


def _navigation(page: Path) -> list[str]:
    """The titles the navigation of a built page shows."""
    html = page.read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    return [" ".join(re.sub(r"<[^>]+>", " ", title).split()) for title in
            re.findall(r'<(?:a|label) [^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</(?:a|label)>',
                       nav[:nav.index("</nav>")], re.DOTALL)]


def test_while_the_data_is_broken_the_navigation_names_pages_by_their_files(tiny, tmp_path):
    """Started on a desk file that is not YAML, the navigation showed an unbuilt page as
    "None" and a built one as its heading typed, "{{ desk.name }}"."""
    for language, heading in (("de", "Über"), ("da", "Om")):
        (tiny / "docs" / language / "about.md").write_text(
            f"---\ndesk: desk\nsource_language: de\n---\n\n# {heading} {{{{ desk.name }}}}\n")
    desk = tiny / "data" / "desks" / "desk.yaml"
    good = desk.read_text()
    desk.write_text(good + "name: [\n")
    site_dir = tmp_path / "site"
    site = _preview_site(tiny, site_dir)
    try:
        site.start()  # the home page
        assert _navigation(site_dir / "index.html") == ["Index", "About"]  # as MkDocs names them
        desk.write_text(good)
        site.round()
        with site.lock:  # not at once with the background
            _build_everything(site)
        assert _navigation(site_dir / "index.html") == ["Kleiner Desk", "Über Kleiner Desk"]
        assert _navigation(site_dir / "da" / "about" / "index.html") == [
            "Kleiner Desk", "Om Kleiner Desk"]
    finally:
        site.stop()
        site.config.plugins.on_shutdown()
