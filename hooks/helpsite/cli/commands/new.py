"""``helpsite new`` and ``helpsite schema``: the files a new page, language or desk needs,
and the editor schemas of the data files, each written whole or not at all."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpsite.cli import scaffold
from helpsite.cli.common import EXIT_OK, EXIT_UNUSABLE, Parser
from helpsite.errors import SourceError
from helpsite.site import schema
from helpsite.sources import writes


def add(commands, common) -> None:
    new = commands.add_parser(
        "new", help="add a page, a language or a desk with every file and key it needs")
    kinds = new.add_subparsers(dest="kind", required=True, parser_class=Parser)
    page = kinds.add_parser("page", parents=[common],
                            help="a page in every language (copies marked untranslated)")
    page.add_argument("name", metavar="NAME", help="file name without .md, e.g. billing")
    page.add_argument("--desk", help="the desk whose facts the page shows")
    page.add_argument("--source-language", metavar="LL",
                      help="the language the page is written in (default: the site's)")
    page.add_argument("--title", help="the page's heading")
    page.set_defaults(run=run_new)
    language = kinds.add_parser("language", parents=[common],
                                help="a language: strings, pages and mkdocs.yml entry")
    language.add_argument("name", metavar="LL", help="two-letter language code, e.g. fr")
    language.set_defaults(run=run_new)
    desk = kinds.add_parser("desk", parents=[common],
                            help="a desk: data/desks/ID.yaml and its strings in every language")
    desk.add_argument("name", metavar="ID", help="the desk's id, e.g. acme")
    desk.add_argument("--name", dest="desk_name", help="the desk's display name (default: ID)")
    desk.add_argument("--timezone", help="IANA zone, e.g. Europe/Vienna (default: another desk's)")
    desk.set_defaults(run=run_new)

    schema_command = commands.add_parser(
        "schema", parents=[common],
        help="write the editor schemas of the data files (schema/*.schema.json)")
    schema_command.add_argument("--source-language", metavar="LL",
                                help="strings file whose keys the strings schema lists")
    schema_command.set_defaults(run=run_schema)


def run_new(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        if args.kind == "page":
            plan = scaffold.new_page(root, args.name, desk=args.desk,
                                     source_language=args.source_language, title=args.title)
        elif args.kind == "language":
            plan = scaffold.new_language(root, args.name)
        else:
            plan = scaffold.new_desk(root, args.name, name=args.desk_name, timezone=args.timezone)
        plan.apply()
    except scaffold.ScaffoldError as error:
        print(f"helpsite new {args.kind}: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    for path in plan.files:
        print(f"wrote {path}")
    for note in plan.notes:
        print(note)
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        files = schema.generated(root, args.source_language or scaffold.default_language(root))
    except (SourceError, scaffold.ScaffoldError) as error:
        print(f"helpsite schema: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except FileNotFoundError as error:
        print(f"helpsite schema: no strings file {error.filename}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        writes.write_files(root, files)
    except SourceError as error:
        print(f"helpsite schema: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    for path in files:
        print(f"wrote {path}")
    return EXIT_OK
