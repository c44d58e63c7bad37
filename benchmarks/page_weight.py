"""Page weight per article: HTML + CSS + JS a browser actually loads, gzipped.

    python benchmarks/page_weight.py

Builds the example site, serves it on 127.0.0.1, opens every article in Debian's chromium
and adds up what was loaded, gzip -9 each. "own" is what this project adds to Material's
page: its CSS and scripts, and the markup it generates (JSON-LD, calculator data, open-now
data), gzipped together.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
OWN_FILES = ("helpsite-fees.js", "helpsite-open-now.js", "helpsite-theme.js")
# The site's stylesheet is in each page (<style>), as is its structured data.
OWN_MARKUP = re.compile(
    r'<style>.*?</style>|<script type="application/ld\+json">.*?</script>'
    r'|<form class="helpsite-fee".*?</form>'
    r'|<span class="helpsite-open-now".*?</span>|<meta name="helpsite:[^>]*>', re.DOTALL)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
                        "-d", str(site)], check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        print(f"{'page':28} {'html':>7} {'css':>7} {'js':>7} {'total':>8} {'own':>7}  (KB gzipped)")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            for lang in ("de", "it", "es", "da"):
                for article in ("onoffice", "oneoffice", "contabilita"):
                    path = f"{'' if lang == 'de' else '/' + lang}/{article}/"
                    page = browser.new_page()
                    loaded = []
                    page.on("response", lambda response: loaded.append(response))
                    page.goto(base + path, wait_until="networkidle")
                    sizes = {"html": 0, "css": 0, "js": 0}
                    own = 0
                    for response in loaded:
                        kind = ("css" if response.url.endswith(".css") else
                                "js" if response.url.endswith(".js") else
                                "html" if "text/html" in response.headers.get("content-type", "")
                                else None)
                        if kind is None:
                            continue
                        body = response.body()
                        sizes[kind] += gz(body)
                        if response.url.rsplit("/", 1)[-1] in OWN_FILES:
                            own += gz(body)
                        if kind == "html":
                            own += gz("".join(OWN_MARKUP.findall(body.decode("utf-8"))).encode())
                    page.close()
                    total = sum(sizes.values())
                    print(f"{path:28} {sizes['html'] / 1024:7.1f} {sizes['css'] / 1024:7.1f} "
                          f"{sizes['js'] / 1024:7.1f} {total / 1024:8.1f} {own / 1024:7.1f}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
