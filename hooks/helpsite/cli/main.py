"""The ``helpsite`` command: check the project and sites for drift, price a call."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import NoReturn

from babel import Locale, UnknownLocaleError

from helpsite.cli import exchange, scaffold
from helpsite.rules import formatting
from helpsite.site import safety
from helpsite.model import schema
from helpsite.sources import writes
from helpsite.site.checks import BuiltSite, Files, Scope, label_advice, run_checks, source_hash
from helpsite.drift.findings import Finding
from helpsite.model.context import Context
from helpsite.errors import SourceError
from helpsite.site.export import CONFIG, ExportError, export, read_config
from helpsite.drift.extract import TooMuchToRead
from helpsite.rules.fees import Bill, Call, FeeInputError, calculate
from helpsite.rules.inputformat import read_amount, read_country, read_length, read_start
from helpsite.model.model import load_data
from helpsite.rules.priceplan import PricePlan, compile_plan
from helpsite.site.project import Project, docs_folder, load_project
from helpsite.pages.render import with_front_matter
from helpsite.model.strings import StringError, load_strings
from helpsite.sources.yamlsource import MAX_BYTES, read_bounded

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line saying what is wrong, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_UNUSABLE, f"{self.prog}: {message}\n")


def _fail(message: str) -> int:
    print(f"helpsite fee: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def _printable(text: str) -> str:
    """Text for the terminal: a control character (an escape sequence that would recolour
    or retitle it, a line break) or a direction override shown as its escape, \\x1b."""
    return "".join(char.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(char) == "Cc" or "\u202a" <= char <= "\u202e"
                   or "\u2066" <= char <= "\u2069" else char for char in text)


def _load(root: str) -> Project:
    try:
        return load_project(Path(root), docs_folder(Path(root) / "mkdocs.yml"))
    except SourceError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was built", file=sys.stderr)
        for line in error.advice:
            print(line, file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def _report(findings: list[Finding], outdated: list[Finding], as_json: bool) -> int:
    if as_json:
        print(json.dumps({"findings": [finding.as_dict() for finding in findings],
                          "outdated": [item.as_dict() for item in outdated]},
                         ensure_ascii=False, indent=2))
    else:
        for item in [*findings, *outdated]:
            print(item)
        print(f"{len(findings)} finding(s), {len(outdated)} outdated translation(s)")
    return EXIT_FINDINGS if findings or outdated else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    if not args.site:
        project = _load(args.root)
        try:  # what the build would refuse, as it would say it
            config = read_config(Path(args.root)) if (Path(args.root) / CONFIG).is_file() else {}
        except ExportError as error:
            print(f"helpsite check: {error}", file=sys.stderr)
            return EXIT_UNUSABLE
        unsafe = safety.project_problems(project, config.get("markdown_extensions") or [],
                                         config.get("docs_dir") or "docs")
        for problem in unsafe:
            print(problem, file=sys.stderr)
        if unsafe:
            print(f"{len(unsafe)} problem(s) the build refuses", file=sys.stderr)
            return EXIT_UNUSABLE
        code = _report(project.findings, project.outdated, args.format == "json")
        if args.format == "text":
            for line in label_advice(project.findings):
                print(line)
        waiting = scaffold.untranslated(project) if args.complete else []
        for problem in waiting:
            print(problem, file=sys.stderr)
        if waiting:
            print(f"{len(waiting)} page(s) and string(s) await translation; --complete "
                  "requires none", file=sys.stderr)
        return max(code, EXIT_FINDINGS if waiting else EXIT_OK)
    # The built site only: its build has checked the sources. The data, if there is any,
    # says which differences between languages are declared.
    site, root = Path(args.site), Path(args.root)
    if not site.is_dir():
        print(f"helpsite check: no site folder {site}", file=sys.stderr)
        return EXIT_UNUSABLE
    if next(site.rglob("*.html"), None) is None:  # nothing checked is not "all is well"
        print(f"helpsite check: {site} has no HTML pages; build the site first", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        data = load_data(root) if (root / "data" / "desks").is_dir() else None
        findings = run_checks(BuiltSite(site, data), Scope.SITE)
    except SourceError as error:
        print(error, file=sys.stderr)
        return EXIT_UNUSABLE
    except (FileNotFoundError, TooMuchToRead) as error:
        print(f"helpsite check: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    return _report(findings, [], args.format == "json")


def _compare(args: argparse.Namespace) -> int:
    pages = []
    for argument in args.pages:
        lang, separator, file = argument.partition("=")
        if not separator or not re.fullmatch(r"[a-z]{2}", lang):
            print(f"helpsite compare: {argument!r} is not LANG=FILE", file=sys.stderr)
            return EXIT_UNUSABLE
        try:
            Locale.parse(lang)
        except UnknownLocaleError:
            print(f"helpsite compare: {lang!r} is not a language CLDR knows", file=sys.stderr)
            return EXIT_UNUSABLE
        try:
            pages.append((lang, file, read_bounded(Path(file), file, MAX_BYTES).decode("utf-8")))
        except SourceError as error:
            print(error, file=sys.stderr)
            return EXIT_UNUSABLE
        except UnicodeDecodeError as error:
            print(f"helpsite compare: cannot read {file}: {error}", file=sys.stderr)
            return EXIT_UNUSABLE
    if len(pages) < 2:
        print("helpsite compare: give a reference and at least one translation", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        findings = run_checks(Files(pages, args.ignore_years, args.region), Scope.EXTERNAL)
    except TooMuchToRead as error:
        print(f"helpsite compare: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    return _report(findings, [], args.format == "json")


def _confirm(args: argparse.Namespace) -> int:
    project = _load(args.root)
    root = Path(args.root)
    changes: dict[str, str] = {}
    confirmed: list[str] = []
    for name in args.pages:
        try:
            relative = Path(name).resolve().relative_to((root / "docs").resolve()).as_posix()
        except ValueError:
            print(f"helpsite confirm: {name} is not a page under {root / 'docs'}", file=sys.stderr)
            return EXIT_UNUSABLE
        if not Path(name).is_file():
            print(f"helpsite confirm: {name} does not exist; give a translated page's file, "
                  "e.g. docs/fr/PAGE.md", file=sys.stderr)
            return EXIT_UNUSABLE
        page = project.pages.get(relative)
        source_lang = page.meta.get("source_language") if page else None
        if page is None or not source_lang or relative.startswith(f"{source_lang}/"):
            print(f"helpsite confirm: {name} is not a translated page", file=sys.stderr)
            return EXIT_UNUSABLE
        if page.front_matter.flow_style:
            # A line added after "{desk: x, ...}" would make the front matter invalid YAML.
            print(f"{page.path}:2:1: write the front matter one key per line (not {{...}}), "
                  "then confirm again", file=sys.stderr)
            return EXIT_UNUSABLE
        source = project.pages[f"{source_lang}/{relative.split('/', 1)[1]}"]
        file = root / page.path
        raw = file.read_bytes()
        text = with_front_matter(page.text, "translated_from", source_hash(source.text))
        if raw.count(b"\r\n") * 2 > raw.count(b"\n"):  # keep the writer's line ends (most
            text = text.replace("\n", "\r\n")  # lines') and byte-order mark
        if raw.startswith(b"\xef\xbb\xbf"):
            text = "\ufeff" + text
        changes[page.path] = text
        confirmed.append(f"{page.path}: confirmed as a translation of {source.path}")
    try:
        writes.write_files(root, changes)
    except SourceError as error:
        print(f"helpsite confirm: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    print("\n".join(confirmed))
    return EXIT_OK


def _region(text: str) -> str:
    code = read_country(text)
    if code is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a country code such as CH or DE")
    return code


def _call(args: argparse.Namespace, plan: PricePlan) -> Call:
    """The call as typed, read by the grammar the page's calculator reads (in ``--lang``),
    with its limits; what it refuses is said by the page's sentence after the flag."""
    grammar, text = plan.input, plan.text

    def refuse(flag: str, value: str, sentence: str) -> NoReturn:
        shown = value if len(value) <= 40 else value[:40] + "…"  # one readable line
        raise FeeInputError(f"{flag} {shown!r}: {sentence}")

    seconds = 0
    for flag, value, production in (("--length", args.length, "length"),
                                    ("--minutes", args.minutes, "amount"),
                                    ("--duration", args.duration, "clock")):
        if value is not None:
            seconds = read_length(grammar, value, production)
            if seconds is None:
                refuse(flag, value, text.need_duration if production != "clock" else
                       f"write H:MM:SS or MM:SS, at most {grammar.max_seconds // 3600}:00:00")
    start = rate = country = None
    if args.at is not None and (start := read_start(grammar, args.at)) is None:
        refuse("--at", args.at, text.bad_start)
    if args.hourly_rate is not None and (rate := read_amount(grammar, args.hourly_rate)) is None:
        refuse("--hourly-rate", args.hourly_rate, text.bad_rate)
    if args.calling_from is not None and (country := read_country(args.calling_from)) is None:
        refuse("--calling-from", args.calling_from, "write a country code such as DE")
    return Call(seconds=seconds, start=start, conditions=frozenset(args.condition),
                hourly_rate=rate, calling_from=country)


def _print_bill(bill: Bill, ctx: Context, as_json: bool) -> None:
    amount = bill.decimal
    if as_json:
        print(json.dumps({
            "policy": bill.policy, "currency": bill.currency, "covered": bill.covered,
            **({"lines": [{"label": line.label, "quantity": line.quantity,
                           "amount": str(amount(line.amount))} for line in bill.lines],
                "net": str(amount(bill.net)), "vat": str(amount(bill.vat)),
                "total": str(amount(bill.total))} if bill.covered else {"reason": bill.reason}),
        }, ensure_ascii=False, indent=2))
        return
    if not bill.covered:
        print(bill.reason)
        return
    money = lambda value: formatting.money(amount(value), bill.currency, ctx.language)  # noqa: E731
    rows = [(line.label, money(line.amount)) for line in bill.lines]
    rows.append((ctx.text("calculator.total"), money(bill.total)))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:>14}")


def _fee(args: argparse.Namespace) -> int:
    # Only data and strings: pricing a call renders no page.
    root = Path(args.root)
    try:
        data, strings = load_data(root), load_strings(root)
    except SourceError as error:
        print(error, file=sys.stderr)
        return EXIT_UNUSABLE
    policies = data.fee_policies()
    if args.list:
        for policy_id, (_, desk, policy) in sorted(policies.items()):
            print(f"{policy_id}\t{_printable(desk.name)}\t{policy.currency}")
        return EXIT_OK
    if args.policy is None:
        return _fail("name a policy, or use --list")
    if args.policy not in policies:
        return _fail(f"no fee policy {args.policy!r} (known: {', '.join(sorted(policies))})")
    _, desk, policy = policies[args.policy]
    language = args.lang or next((lang for lang in desk.languages[:1] if lang in strings.languages),
                                 None)
    if language is None:  # a desk that names no language of the site: the site's own
        try:
            language = scaffold.default_language(root)
        except scaffold.ScaffoldError as error:
            return _fail(f"{error}; or give --lang")
    if language not in strings.languages:
        return _fail(f"no language {language!r} (known: {', '.join(strings.languages)})")
    unknown = [name for name in args.condition if name not in policy.conditions]
    if unknown:
        return _fail(f"{args.policy} has no condition {unknown[0]!r} "
                     f"(conditions: {', '.join(policy.conditions) or 'none'})")
    try:
        ctx = Context(strings, language)
        call = _call(args, compile_plan(ctx, args.policy, desk, policy))
        bill = calculate(ctx, args.policy, desk, call)
    except FeeInputError as error:
        flag = {"hourly_rate": "--hourly-rate", "start": "--at"}.get(error.missing)
        return _fail(f"{flag} is needed: {error}" if flag else str(error))
    except StringError as error:
        return _fail(str(error))
    _print_bill(bill, ctx, args.format == "json")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
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


def _schema(args: argparse.Namespace) -> int:
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


def _export(args: argparse.Namespace) -> int:
    try:
        written = export(Path(args.root), Path(args.out))
    except ExportError as error:
        print(f"helpsite export: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except SourceError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was exported", file=sys.stderr)
        return EXIT_UNUSABLE
    for folder in written:
        print(f"wrote {folder}/: build it with: mkdocs build -f {folder}/mkdocs.yml")
    return EXIT_OK


def _translations(args: argparse.Namespace) -> int:
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
            print(f"wrote {out}: {len(work.pages)} page(s) in {segments} segment(s), "
                  f"{len(work.strings) + len(work.config)} string(s), from {work.source_lang} "
                  f"to {args.lang}")
            return EXIT_OK
        plan, left = exchange.import_file(root, Path(args.file))
        plan.apply()
    except (exchange.ExchangeError, scaffold.ScaffoldError) as error:
        print(f"{command}: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except SourceError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_UNUSABLE
    for path in plan.files:
        print(f"wrote {path}")
    for note in left:
        print(note)
    return EXIT_OK


def _serve(args: argparse.Namespace, serve_args: list[str]) -> int:
    """The writers' preview (helpsite_serve, MkDocs' side of it): after a save it builds only
    the pages the save changed, those open in a browser first."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.execv(sys.executable, [sys.executable, "-m", "helpsite_serve", *serve_args])


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="helpsite", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser(
        "check", parents=[common],
        help="validate the sources and find values that differ between languages")
    check.add_argument("--site", help="check this built site (HTML) instead of the sources")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--complete", action="store_true",
                       help="also fail while pages or strings await translation (for CI)")
    check.set_defaults(run=_check)

    comparison = commands.add_parser(
        "compare", help="compare pages that exist elsewhere: REF_LANG=FILE LANG=FILE ...")
    comparison.add_argument("pages", nargs="+", metavar="LANG=FILE")
    comparison.add_argument("--ignore-years", action="store_true",
                            help="do not compare numbers that look like years (1900-2099)")
    comparison.add_argument("--region", type=_region, metavar="CC",
                            help="country of phone numbers written without a country code, "
                                 "e.g. CH (default: the one the pages' international numbers "
                                 "name, else the source language's)")
    comparison.add_argument("--format", choices=["text", "json"], default="text")
    comparison.set_defaults(run=_compare)

    confirm = commands.add_parser(
        "confirm", parents=[common],
        help="record that translated pages match the current version of their source")
    confirm.add_argument("pages", nargs="+", metavar="docs/LANG/PAGE.md")
    confirm.set_defaults(run=_confirm)

    fee = commands.add_parser("fee", parents=[common], help="price a call under a fee policy")
    fee.add_argument("policy", nargs="?", help="policy id, e.g. onoffice-emergency")
    fee.add_argument("--list", action="store_true", help="list the fee policies")
    length = fee.add_mutually_exclusive_group()
    length.add_argument("--length", help="length of the call as the page's calculator reads "
                        "it in --lang: minutes (4,5 in German) or hours and minutes (1:05)")
    length.add_argument("--minutes", help="length of the call in minutes, e.g. 12 or 4.5 "
                        "(4,5 in German: numbers as --lang writes them)")
    length.add_argument("--duration", help="length of the call as H:MM:SS or MM:SS, e.g. 1:05:00")
    fee.add_argument("--at", help="start, local time at the desk: YYYY-MM-DDTHH:MM or as "
                     "--lang writes it (23.11.2026 22:00 in German)")
    fee.add_argument("--condition", action="append", default=[], metavar="NAME",
                     help="a named condition the call meets, e.g. urgent (repeatable)")
    fee.add_argument("--hourly-rate", help="the hourly rate of your agreement, where needed, "
                     "as --lang writes it (1.250,50 in German)")
    fee.add_argument("--calling-from", metavar="CC", help="country the call comes from, e.g. DE")
    fee.add_argument("--lang", help="language of labels, of what is typed and of numbers (default: the desk's "
                     "first, else the site's default language)")
    fee.add_argument("--format", choices=["text", "json"], default="text")
    fee.set_defaults(run=_fee)

    new = commands.add_parser(
        "new", help="add a page, a language or a desk with every file and key it needs")
    kinds = new.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    page = kinds.add_parser("page", parents=[common],
                            help="a page in every language (copies marked untranslated)")
    page.add_argument("name", metavar="NAME", help="file name without .md, e.g. billing")
    page.add_argument("--desk", help="the desk whose facts the page shows")
    page.add_argument("--source-language", metavar="LL",
                      help="the language the page is written in (default: the site's)")
    page.add_argument("--title", help="the page's heading")
    page.set_defaults(run=_new)
    language = kinds.add_parser("language", parents=[common],
                                help="a language: strings, pages and mkdocs.yml entry")
    language.add_argument("name", metavar="LL", help="two-letter language code, e.g. fr")
    language.set_defaults(run=_new)
    desk = kinds.add_parser("desk", parents=[common],
                            help="a desk: data/desks/ID.yaml and its strings in every language")
    desk.add_argument("name", metavar="ID", help="the desk's id, e.g. acme")
    desk.add_argument("--name", dest="desk_name", help="the desk's display name (default: ID)")
    desk.add_argument("--timezone", help="IANA zone, e.g. Europe/Vienna (default: another desk's)")
    desk.set_defaults(run=_new)

    schema_command = commands.add_parser(
        "schema", parents=[common],
        help="write the editor schemas of the data files (schema/*.schema.json)")
    schema_command.add_argument("--source-language", metavar="LL",
                                help="strings file whose keys the strings schema lists")
    schema_command.set_defaults(run=_schema)

    export_command = commands.add_parser(
        "export", parents=[common],
        help="write each language as a plain MkDocs project with every fact filled in")
    export_command.add_argument("out", metavar="OUT", help="a new folder")
    export_command.set_defaults(run=_export)

    translations = commands.add_parser(
        "translations", help="exchange files for translators' tools (XLIFF 2.0 or PO)")
    actions = translations.add_subparsers(dest="action", required=True, parser_class=_Parser)
    export_file = actions.add_parser(
        "export", parents=[common],
        help="what a language awaits: new and outdated pages by segment, untranslated strings")
    export_file.add_argument("lang", metavar="LL", help="the language to translate into, e.g. nl")
    export_file.add_argument("--format", choices=["xliff", "po"], default="xliff")
    export_file.add_argument("--source", metavar="LL",
                             help="the pages written in this language (default: the site's "
                                  "default language, which also gives the strings)")
    export_file.add_argument("-o", "--output", metavar="FILE",
                             help="where to write it (default: LL.xlf or LL.po here)")
    export_file.set_defaults(run=_translations)
    import_file = actions.add_parser(
        "import", parents=[common],
        help="write a translated file's pages and strings back, all or nothing")
    import_file.add_argument("file", metavar="FILE", help="a .xlf, .xliff or .po file")
    import_file.set_defaults(run=_translations)

    serve = commands.add_parser(
        "serve", help="preview the site while you edit, rebuilding only what changed "
                      "(-a IP:PORT to serve elsewhere, -f FILE for another mkdocs.yml)")
    serve.set_defaults(run=_serve)

    try:
        args, unknown = parser.parse_known_args(argv)
        if args.run is _serve:
            return _serve(args, unknown)
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        return args.run(args)
    except SystemExit as exit_:  # argparse and project loading exit; callers get the code
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main())
