"""``helpsite serve``: the writers' preview, run by MkDocs' side of it (helpsite_serve)."""

from __future__ import annotations

import argparse
import os
import sys


def add(commands, common) -> None:
    serve = commands.add_parser(
        "serve", help="preview the site while you edit, rebuilding only what changed "
                      "(-a IP:PORT to serve elsewhere, -f FILE for another mkdocs.yml)")
    serve.set_defaults(run=run)


def run(args: argparse.Namespace, serve_args: list[str]) -> int:
    """The writers' preview (helpsite_serve, MkDocs' side of it): after a save it builds only
    the pages the save changed, those open in a browser first."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.execv(sys.executable, [sys.executable, "-m", "helpsite_serve", *serve_args])
