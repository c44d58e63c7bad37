"""The ``helpsite`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import SourceError
from .project import load_project

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _check(args: argparse.Namespace) -> int:
    try:
        project = load_project(Path(args.root))
    except SourceError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was built", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"ok: {len(project.data.desks)} desks, {len(project.rendered)} pages in "
          f"{', '.join(project.languages)}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpsite", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data, strings and pages")
    check.add_argument("--root", default=".", help="project folder (default: here)")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
