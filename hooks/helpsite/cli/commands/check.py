"""``helpsite check``, ``compare`` and ``confirm``: values that differ between languages,
in the sources, a built site or any files, and translations recorded as up to date."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError

from helpsite.cli import scaffold
from helpsite.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, command, load, report
from helpsite.errors import SourceError, TooMuchToRead
from helpsite.model.load import load_data
from helpsite.rules.inputformat import read_country
from helpsite.site import safety
from helpsite.site.checks import Scope, label_advice, source_hash
from helpsite.site.sitechecks import BuiltSite, Files, run_checks
from helpsite.site.export import CONFIG, ExportError, read_config
from helpsite.sources import writes
from helpsite.sources.pagefile import with_front_matter
from helpsite.sources.yamlsource import MAX_BYTES, read_bounded


def add(commands, common) -> None:
    check = command(commands, "check", common, run_check,
                    "validate the sources and find values that differ between languages")
    check.add_argument("--site", help="check this built site (HTML) instead of the sources")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--complete", action="store_true",
                       help="also fail while pages or strings await translation (for CI)")

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
    comparison.set_defaults(run=run_compare)

    confirm = command(commands, "confirm", common, run_confirm,
                      "record that translated pages match the current version of their source")
    confirm.add_argument("pages", nargs="+", metavar="docs/LANG/PAGE.md")


def run_check(args: argparse.Namespace) -> int:
    if not args.site:
        project = load(args.root)
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
        code = report(project.findings, project.outdated, args.format == "json")
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
    return report(findings, [], args.format == "json")


def run_compare(args: argparse.Namespace) -> int:
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
    return report(findings, [], args.format == "json")


def run_confirm(args: argparse.Namespace) -> int:
    project = load(args.root)
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
        changes[page.path] = with_front_matter(page.text, "translated_from",
                                               source_hash(source.text))
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
