"""What every command shares: its exit codes, its argument errors, the project loaded or a
stop that says why, and findings reported as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from helpsite.drift.findings import Finding
from helpsite.errors import SourceError
from helpsite.site.project import Project, docs_folder, load_project

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """Bad arguments: one line saying what is wrong, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_UNUSABLE, f"{self.prog}: {message}\n")


def command(commands, name: str, common: argparse.ArgumentParser, run, help: str
            ) -> argparse.ArgumentParser:
    """A command of ``commands`` that takes the shared options (``common``: --root) and runs
    ``run`` with the parsed arguments; its own arguments are added to what it returns."""
    parser = commands.add_parser(name, parents=[common], help=help)
    parser.set_defaults(run=run)
    return parser


def load(root: str) -> Project:
    """The project at ``root``, or a stop (exit 2) after its problems, one a line."""
    try:
        return load_project(Path(root), docs_folder(Path(root) / "mkdocs.yml"))
    except SourceError as error:
        raise SystemExit(stopped(error, "built"))


def stopped(error: SourceError, undone: str) -> int:
    """Exit 2 after the problems, one a line, and what was therefore not done."""
    print(error, file=sys.stderr)
    print(f"{len(error.problems)} problem(s); nothing was {undone}", file=sys.stderr)
    for line in error.advice:
        print(line, file=sys.stderr)
    return EXIT_UNUSABLE


def report(findings: list[Finding], outdated: list[Finding], as_json: bool) -> int:
    if as_json:
        print(json.dumps({"findings": [finding.as_dict() for finding in findings],
                          "outdated": [item.as_dict() for item in outdated]},
                         ensure_ascii=False, indent=2))
    else:
        for item in [*findings, *outdated]:
            print(item)
        print(f"{len(findings)} finding(s), {len(outdated)} outdated translation(s)")
    return EXIT_FINDINGS if findings or outdated else EXIT_OK
