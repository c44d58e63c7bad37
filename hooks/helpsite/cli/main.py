"""The ``helpsite`` command: check the project and sites for drift, price a call."""

from __future__ import annotations

import argparse
import sys

from helpsite.cli.commands import check, export, fee, new, serve, translations
from helpsite.cli.common import Parser

COMMANDS = (check, fee, new, export, translations, serve)  # in the order --help lists them


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="helpsite", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.add(commands, common)
    try:
        args, unknown = parser.parse_known_args(argv)
        if args.run is serve.run:  # MkDocs' own arguments go to MkDocs
            return serve.run(args, unknown)
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        return args.run(args)
    except SystemExit as exit_:  # argparse and project loading exit; callers get the code
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main())
