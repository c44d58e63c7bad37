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


def fetch_until(url: str, wanted: str, seconds: float) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = normalise_spaces(response.read().decode("utf-8"))
            if wanted in text:
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
