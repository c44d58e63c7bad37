"""Script injection by a page's raw HTML and by files under docs/, counted in the build, the
preview and the export, each result opened in Debian's chromium (issue 17).

    .venv/bin/python benchmarks/csp_red_team.py [--only build,preview,export]

Runs against whichever helpsite the interpreter imports (run it with each checkout's .venv
to compare two). Each input goes into a copy of the tiny fixture (both languages' page, or
a file under docs/de/); per class it prints how many were tried, how many made a script
run in chromium (a dialog), how many sent it to another site (a request off 127.0.0.1),
and how many were refused with a located error (file:line:col), the rest being published
inert.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

import helpsite

REPO = Path(helpsite.__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny"
# A refusal: a file:line:col that the page or file would publish something.
LOCATED = re.compile(r"(docs|data|overrides)/[^\s:]+:\d+:\d+: .*would (be )?publish")
AWAY = "https://elsewhere.example/"

RAW_HTML = [
    "<!--><script>alert(1)</script>", "<!--->x<img src=x onerror=alert(1)>",
    "<![CDATA[ x ><script>alert(1)</script>", "<svg><style><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    f'<!--><meta http-equiv="refresh" content="0;url={AWAY}">',
    f'<base href="{AWAY}">', f'<iframe src="{AWAY}"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    f'<form action="{AWAY}"><input name=p><button>Go</button></form>',
    "<!--!><img src=x onerror=alert(1)>-->", "<!-- --!><img src=x onerror=alert(1)>",
    "<select><style><img src=x onerror=alert(1)></style></select>",
    "<script>alert(1)</script >", "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]>",
    "<? <img src=x onerror=alert(1)> ?>", "<img/src=x/onerror=alert(1)>",
    '<details open ontoggle="alert(1)">x</details>',
    f'<meta http-equiv="refresh" content="0;url={AWAY}">',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<a href="vbscript:msgbox(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
]
DOCS_FILES = {
    "page.html": "<script>alert(1)</script>",
    "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "tool.js": "alert(1)",
    "doc.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
}


def _project(folder: Path, raw: str | None = None, file: tuple[str, str] | None = None) -> Path:
    project = folder / "tiny"
    shutil.copytree(TINY, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides"))
                      .replace("strict: true\n", ""))  # drift from the edit is not the point
    config.write_text(config.read_text() + "markdown_extensions: [attr_list, md_in_html]\n")
    if raw is not None:
        for lang in ("de", "da"):
            page = project / "docs" / lang / "index.md"
            page.write_text(page.read_text() + f"\nSee {raw} here.\n")
    if file is not None:
        (project / "docs" / "de" / file[0]).write_text(file[1])
    return project


class Browser:
    """Opens every file of a site in chromium: dialogs seen, requests that left 127.0.0.1."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])

    def visit(self, site: Path) -> tuple[int, int]:
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        dialogs, away = [], []
        page = self._browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        def route(route):
            if route.request.url.startswith("http://127.0.0.1"):
                return route.continue_()
            away.append(route.request.url)
            return route.abort()

        page.route("**/*", route)
        try:
            for path in sorted(site.rglob("*")):
                if path.suffix in (".html", ".svg", ".xhtml", ".js") and path.is_file():
                    relative = path.relative_to(site).as_posix()
                    url = f"http://127.0.0.1:{server.server_port}/{relative}"
                    try:
                        page.goto(url, timeout=10_000)
                        page.wait_for_timeout(300)
                    except Exception:  # a page that navigated away mid-load
                        pass
        finally:
            page.close()
            server.shutdown()
        return len(dialogs), len(away)

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _build(project: Path) -> tuple[Path | None, str]:
    site = project.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                             str(project / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return (site if result.returncode == 0 else None), result.stdout + result.stderr


def _export(project: Path) -> tuple[Path | None, str]:
    out = project.parent / "export"
    result = subprocess.run([sys.executable, "-m", "helpsite.cli", "export", str(out),
                             "--root", str(project)], capture_output=True, text=True)
    if result.returncode:
        return None, result.stdout + result.stderr
    site = project.parent / "exported"
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                            str(out / "de" / "mkdocs.yml"), "-d", str(site)],
                           capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1"})
    return (site if build.returncode == 0 else None), result.stderr + build.stderr


def _preview(project: Path) -> tuple[Path | None, str]:
    import socket

    from helpsite_serve import PreviewSite

    lines: list[str] = []

    class Told(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    told = Told()
    for name in ("helpsite", "helpsite.site.preview", "mkdocs", "helpsite_serve"):
        logging.getLogger(name).addHandler(told)
    site_dir = project.parent / "preview"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        site = PreviewSite(str(project / "mkdocs.yml"), str(site_dir), f"127.0.0.1:{port}")
    except Exception as error:  # helpsite serve says this one line and does not start
        return None, str(error)
    try:
        while site._step(long=True):
            pass
    except Exception as error:  # helpsite serve logs it and waits for a save
        lines.append(str(error))
    finally:
        site.stop()
        site.config.plugins.on_shutdown()
        for name in ("helpsite", "helpsite.site.preview", "mkdocs", "helpsite_serve"):
            logging.getLogger(name).removeHandler(told)
    shown = "\n".join(path.read_text(encoding="utf-8", errors="replace")
                      for path in site_dir.rglob("*.html"))
    return site_dir, "\n".join(lines) + shown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="build,preview,export")
    parser.add_argument("--limit", type=int, help="the first N inputs of each class")
    args = parser.parse_args()
    modes = args.only.split(",")
    inputs = [("raw HTML in a page", {"raw": raw}) for raw in RAW_HTML[:args.limit]] + [
        ("files under docs/", {"file": item}) for item in list(DOCS_FILES.items())[:args.limit]]
    browser = Browser()
    counts: dict[tuple[str, str], Counter] = {}
    try:
        for mode in modes:
            run = {"build": _build, "preview": _preview, "export": _export}[mode]
            for kind, case in inputs:
                with tempfile.TemporaryDirectory() as folder:
                    site, said = run(_project(Path(folder), **case))
                    ran, away = browser.visit(site) if site is not None else (0, 0)
                    count = counts.setdefault((mode, kind), Counter())
                    count["tried"] += 1
                    count["script ran"] += ran > 0
                    count["navigation"] += away > 0
                    # The preview refuses a page by keeping its last version, with a banner.
                    refused = site is None or mode == "preview"
                    count["refused, located"] += (refused and not ran
                                                  and bool(LOCATED.search(said)))
                    print(f"{mode}\t{kind}\t{case}\tran={ran} away={away} published="
                          f"{site is not None} located={bool(LOCATED.search(said))}", flush=True)
    finally:
        browser.close()
    print(f"helpsite at {REPO}")
    print("| where | class | tried | script ran | navigation | refused, located |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for (mode, kind), count in counts.items():
        print(f"| {mode} | {kind} | {count['tried']} | {count['script ran']} | "
              f"{count['navigation']} | {count['refused, located']} |")


if __name__ == "__main__":
    main()
