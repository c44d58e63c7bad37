"""The writers' loop: `mkdocs serve` rebuilds when a file in data/ changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import normalise_spaces


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
    a drift typed into a translation shows on that page with its file:line, the other
    language stays reachable, and the banner goes when the drift is fixed."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "helpsite.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tiny, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = browser.new_page()
    try:
        home, danish = f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/da/"
        assert "Åbent" in fetch_until(danish, "Åbent", 120)
        source = tiny / "docs" / "da" / "index.md"
        original = source.read_text(encoding="utf-8")
        line = original.count("\n") + 2  # after the file's last line, one blank line
        source.write_text(original + "\nOm natten fra 23:00.\n", encoding="utf-8")
        assert "23:00" in fetch_until(danish, "helpsite-notices", 120)

        page.goto(danish)
        banner = page.locator(".helpsite-notices")
        assert banner.is_visible()
        assert f"docs/da/index.md:{line}" in banner.inner_text()
        assert "23:00" in banner.inner_text()
        page.goto(home)
        assert "Zeiten" in page.locator("article").inner_text()
        assert page.locator(".helpsite-notices").count() == 0

        source.write_text(original, encoding="utf-8")
        assert "helpsite-notices" not in fetch_until(danish, "helpsite-notices", 120, present=False)
        page.goto(danish)
        assert page.locator(".helpsite-notices").count() == 0
        assert "Åbent" in page.locator("article").inner_text()
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=10)
