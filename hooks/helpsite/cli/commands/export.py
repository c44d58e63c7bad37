"""``helpsite export OUT``: every language as a MkDocs project needing no hooks, facts filled in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpsite.cli.common import EXIT_OK, EXIT_UNUSABLE, stopped
from helpsite.errors import SourceError
from helpsite.site.export import ExportError, export


def add(commands, common) -> None:
    export_command = commands.add_parser(
        "export", parents=[common],
        help="write each language as a MkDocs project needing no hooks: every fact filled "
             "in, as HTML inside the Markdown (the calculators with their data as JSON)")
    export_command.add_argument("out", metavar="OUT", help="a new folder")
    export_command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        written = export(Path(args.root), Path(args.out))
    except ExportError as error:
        print(f"helpsite export: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except SourceError as error:
        return stopped(error, "exported")
    for folder in written:
        print(f"wrote {folder}/: build it with: mkdocs build -f {folder}/mkdocs.yml")
    return EXIT_OK
