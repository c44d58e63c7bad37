"""``helpsite translations export|import|refresh``: what a language awaits, as a file for
translators' tools, and their translations written back; untranslated copies made again
from their sources."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpsite.cli import exchange, scaffold
from helpsite.cli.common import EXIT_OK, EXIT_UNUSABLE, Parser, command, stopped
from helpsite.errors import SourceError


def add(commands, common) -> None:
    translations = commands.add_parser(
        "translations", help="exchange files for translators' tools (XLIFF 2.0 or PO)")
    actions = translations.add_subparsers(dest="action", required=True, parser_class=Parser)
    export_file = command(actions, "export", common, run,
                          "what a language awaits: new and outdated pages by segment, "
                          "untranslated strings")
    export_file.add_argument("lang", metavar="LL", help="the language to translate into, e.g. nl")
    export_file.add_argument("--format", choices=["xliff", "po"], default="xliff")
    export_file.add_argument("--source", metavar="LL",
                             help="the pages written in this language (default: the site's "
                                  "default language, which also gives the strings)")
    export_file.add_argument("-o", "--output", metavar="FILE",
                             help="where to write it (default: LL.xlf or LL.po here)")
    import_file = command(actions, "import", common, run,
                          "write a translated file's pages and strings back, all or nothing")
    import_file.add_argument("file", metavar="FILE", help="a .xlf, .xliff or .po file")
    refresh = command(actions, "refresh", common, run,
                      "make untranslated copies again from their sources' current text")
    refresh.add_argument("lang", metavar="LL", help="the language of the copies, e.g. nl")
    refresh.add_argument("pages", metavar="PAGE", nargs="*",
                         help="pages to refresh, e.g. faq (default: every untranslated copy)")
    refresh.add_argument("--force", action="store_true",
                         help="also replace copies edited since they were copied")


def run(args: argparse.Namespace) -> int:
    root, command = Path(args.root), f"helpsite translations {args.action}"
    try:
        if args.action == "export":
            data, work = exchange.export(root, args.lang, args.format, args.source)
            for source, names in sorted(work.elsewhere.items()):
                print(f"not in this file: {', '.join(names)}, written in {source}; export "
                      f"them with: helpsite translations export {args.lang} --source {source}")
            if not work.segments:
                print(f"nothing in {args.lang} awaits translation from {work.source_lang}; "
                      "no file written")
                return EXIT_OK
            out = Path(args.output or f"{args.lang}.{'po' if args.format == 'po' else 'xlf'}")
            out.write_bytes(data)
            segments = len(work.segments) - len(work.strings) - len(work.config)
            strings = len({segment.key for segment in work.strings}) + len(work.config)
            forms = [segment.key for segment in work.strings if segment.form]
            with_forms = f", {len(set(forms))} with {len(forms)} forms" if forms else ""
            print(f"wrote {out}: {len(work.pages)} page(s) in {segments} segment(s), "
                  f"{strings} string(s){with_forms}, "
                  f"from {work.source_lang} to {args.lang}")
            return EXIT_OK
        if args.action == "refresh":
            plan = scaffold.refresh_copies(root, args.lang, args.pages, args.force)
            left = plan.notes
        else:
            plan, left = exchange.import_file(root, Path(args.file))
        plan.apply()
    except (exchange.ExchangeError, scaffold.ScaffoldError) as error:
        print(f"{command}: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except SourceError as error:
        return stopped(error, "written")
    for path in plan.files:
        print(f"wrote {path}")
    for note in left:
        print(note)
    return EXIT_OK
