"""The writer's loop under `mkdocs serve`: first preview, and save-to-reload time.

    python benchmarks/bench_serve.py [--sizes 50 200 500] [--saves 5] [--command mkdocs]
                                     [--browser]

For each size, a synthetic site of N articles x the example's languages (benchmarks/synthetic.py) is
served with the README's `helpsite serve` (or plain `mkdocs serve`: --command mkdocs), and
the script prints:
  - first preview: from starting `mkdocs serve` to the first article answering with its facts;
  - page edit: median time from saving a sentence into an article's Italian translation
    to the served page showing it;
  - YAML edit: median time from saving a desk file (a closing time) to the served page
    showing the new time.
A reload is detected by polling the served page until the change appears. With --browser
the page is open in Debian's chromium instead, and the time runs until the browser, reloaded
by the preview's live reload, shows the change: what the writer sees.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from synthetic import generate

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
COMMANDS = {"helpsite": ["-m", "helpsite.cli", "serve"], "mkdocs": ["-m", "mkdocs", "serve"]}
TIMEOUT = 600.0
SETTLE = 1.5  # seconds between saves, so the watcher sees each save as its own change


class Server:
    """`mkdocs serve` on a free port, and polling one served page until it shows a text."""

    def __init__(self, project: Path, command: str = "helpsite"):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, *COMMANDS[command], "-a", f"127.0.0.1:{port}",
             "-f", str(project / "mkdocs.yml")],
            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # serve mounts the site at site_url's path; article-0000 is a copy of onoffice.md.
        self.base = f"http://127.0.0.1:{port}/help/"
        self.browser: Browser | None = None


    def page(self, path: str = "article-0000/") -> str:
        if self.browser:
            return self.browser.shown(self.base + path)
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(self, text: str, since: float, path: str = "article-0000/",
                 present: bool = True) -> float:
        """Seconds from ``since`` until the page at ``path`` contains ``text`` (or, with
        ``present=False``, no longer does)."""
        while (text in self.page(path)) != present:
            if self.process.poll() is not None:
                raise SystemExit("mkdocs serve exited")
            if time.perf_counter() - since > TIMEOUT:
                raise SystemExit(f"the page did not show {text!r} within {TIMEOUT:.0f} s")
            time.sleep(0.05)
        return time.perf_counter() - since

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Browser:
    """One chromium tab on the page being edited, as a writer keeps it open."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.instance = self.playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        self.tab = self.instance.new_page()

    def shown(self, url: str) -> str:
        """The open page's content, opening ``url`` first if another page is open."""
        from playwright.sync_api import Error

        try:
            if self.tab.url != url:
                self.tab.goto(url)
            return self.tab.content()
        except Error:  # between two documents while the live reload navigates
            return ""

    def close(self) -> None:
        self.instance.close()
        self.playwright.stop()


def edit_seconds(server: Server, file: Path, path: str, saves: int, change) -> float:
    """Median save-to-reload time of ``saves`` saves; ``change(text, run)`` returns the new
    text and the string the served page must then show."""
    original = file.read_text(encoding="utf-8")
    times = []
    server.page(path)  # the page is open (and built) before the first save
    for run in range(saves):
        time.sleep(SETTLE)
        text, wanted = change(original, run)
        start = time.perf_counter()
        file.write_text(text, encoding="utf-8")
        times.append(server.wait_for(wanted, start, path))
    # Back to the original, and wait for that rebuild so the next series starts idle.
    time.sleep(SETTLE)
    file.write_text(original, encoding="utf-8")
    server.wait_for(wanted, time.perf_counter(), path, present=False)
    return statistics.median(times)


def page_change(text: str, run: int) -> tuple[str, str]:
    # Letters, not digits: a number typed into a translation is drift.
    marker = f"Frase di prova {'abcdefghijklmnopqrstuvwxyz'[run % 26]}."
    return text.rstrip("\n") + f"\n\n{marker}\n", marker


def yaml_change(text: str, run: int) -> tuple[str, str]:
    close = f"18:{10 + run:02d}"
    return text.replace('to: "18:00"', f'to: "{close}"', 1), f"09:00–{close}"


def measure(project: Path, saves: int, command: str,
            browser: bool) -> tuple[float, float, float]:
    server = Server(project, command)
    try:
        first = server.wait_for("18:00", server.started)
        server.browser = Browser() if browser else None
        page = edit_seconds(server, project / "docs" / "it" / "article-0000.md",
                            "it/article-0000/", saves, page_change)
        data = edit_seconds(server, project / "data" / "desks" / "onoffice.yaml",
                            "article-0000/", saves, yaml_change)
    finally:
        if server.browser:
            server.browser.close()
        server.close()
    return first, page, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 500])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--command", choices=sorted(COMMANDS), default="helpsite")
    parser.add_argument("--browser", action="store_true",
                        help="time until an open chromium tab shows the change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            project = generate(Path(scratch) / f"synthetic-{size}", size)
            first, page, data = measure(project, args.saves, args.command, args.browser)
            languages = len(list((project / "docs").iterdir()))
            print(f"{size:4d} articles x {languages}: first preview {first:6.2f} s, "
                  f"page edit -> reload {page:6.2f} s, YAML edit -> reload {data:6.2f} s "
                  f"(medians of {args.saves} saves)", flush=True)


if __name__ == "__main__":
    main()
