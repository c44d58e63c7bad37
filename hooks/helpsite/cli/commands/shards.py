"""``helpsite build`` and ``helpsite merge``: the site built one language per process (a
shard, on this machine or on a CI runner each) and merged into the site."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpsite.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, report
from helpsite.errors import SourceError
from helpsite.site.export import ExportError, language_configs, read_config
from helpsite.site.project import docs_folder
from helpsite.site.publish import PublishError
from helpsite.site.shards import (CHECKS, MB, Limits, ShardError, build_shards, check_sources,
                                  merge, shard_folder, write_checks)


def add(commands, common: argparse.ArgumentParser) -> None:
    build = commands.add_parser(
        "build", parents=[common],
        help="build the site one language per process and merge it (--jobs N at a time), "
             "or build one language's shard (--language LANG --out DIR)")
    build.add_argument("--language", metavar="LL", help="build only this language's shard")
    build.add_argument("--out", metavar="DIR", help="where: the shard's folder (with "
                       "--language), else the site (default: site_dir of mkdocs.yml)")
    build.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="shards built at a time (default: one per core)")
    build.add_argument("--checks", metavar="FILE",
                       help="alone: check the sources across languages once and write FILE "
                            "for the shards; with --language: the shard reads FILE and only "
                            "its own and its source languages' pages")
    build.add_argument("--list-languages", action="store_true",
                       help="print the languages to build shards of, as JSON (a CI matrix)")
    build.add_argument("--shards", metavar="DIR", help="keep the shards in DIR/LANG (default: "
                       "a temporary folder beside the site, removed after the merge)")
    _size_limit(build)
    build.set_defaults(run=_build)
    merge_command = commands.add_parser(
        "merge", parents=[common],
        help="merge every language's shard into the site, check it across languages and "
             "publish it")
    merge_command.add_argument("shards", nargs="+", metavar="SHARD")
    merge_command.add_argument("--out", metavar="DIR",
                               help="the site (default: site_dir of mkdocs.yml)")
    _size_limit(merge_command)
    merge_command.set_defaults(run=_merge)


def _size_limit(command: argparse.ArgumentParser) -> None:
    command.add_argument("--size-limit", type=_megabytes, default=Limits().site, metavar="MB",
                         help="refuse to publish a merged site larger than this (default: "
                              "1000, GitHub Pages' limit of 1 GB; 0: no limit)")


def _megabytes(text: str) -> int | None:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a size in MB (0: no limit)")
    return int(text) * MB or None


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


class _Site:
    """What merging needs of mkdocs.yml."""

    def __init__(self, root: Path):
        config = read_config(root)
        self.root = root
        self.config_file = root / "mkdocs.yml"
        self.docs_dir = docs_folder(self.config_file)
        self.languages = [locale for locale, entry in language_configs(config).items()
                          if entry.get("build", True)]
        self.site_url = config.get("site_url") or ""
        self.site_dir = root / (config.get("site_dir") or "site")


def _site(args: argparse.Namespace, command: str) -> _Site | None:
    try:
        return _Site(Path(args.root))
    except ExportError as error:
        print(f"helpsite {command}: {error}", file=sys.stderr)
    except SourceError as error:
        print(error, file=sys.stderr)
    return None


def _build(args: argparse.Namespace) -> int:
    site = _site(args, "build")
    if site is None:
        return EXIT_UNUSABLE
    if args.list_languages:
        print(json.dumps(site.languages))
        return EXIT_OK
    if args.language is not None:
        if args.out is None:
            print("helpsite build: --language needs --out DIR, the shard's folder",
                  file=sys.stderr)
            return EXIT_UNUSABLE
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        checks = ["--checks", args.checks] if args.checks else []
        os.execv(sys.executable, [sys.executable, "-m", "helpsite_shard", args.language,
                                  "-f", str(site.config_file), "-d", args.out, *checks])
    if args.checks is not None:
        return _checks(site, Path(args.checks))
    target = Path(args.out) if args.out else site.site_dir
    folder = Path(args.shards) if args.shards else shard_folder(target)
    try:
        # The checks across languages once, in a process of their own: every language's
        # sources are read there and let go with it.
        folder.mkdir(parents=True, exist_ok=True)
        checked = subprocess.run([sys.executable, "-m", "helpsite.cli.main", "build",
                                  "--checks", str(folder / CHECKS), "--root", str(site.root)])
        if checked.returncode:
            print(f"helpsite build: {target} was not changed", file=sys.stderr)
            return checked.returncode
        built = build_shards(site.config_file, site.languages, folder, args.jobs,
                             folder / CHECKS)
        failed = [(language, code, output) for language, code, output in built if code]
        for language, code, output in failed:
            print(f"helpsite build: the {language} shard failed:\n{output.rstrip()}",
                  file=sys.stderr)
        if failed:
            print(f"helpsite build: {target} was not changed", file=sys.stderr)
            return max(code for _, code, _ in failed)
        return _merged(site, [folder / language for language in site.languages], target,
                       "build", args.size_limit)
    finally:
        if not args.shards:
            shutil.rmtree(folder, ignore_errors=True)


def _checks(site: _Site, file: Path) -> int:
    """helpsite build --checks FILE: as the one-process build checks the sources, once."""
    checked = check_sources(site.root, site.docs_dir)
    if checked.problems:
        for line in [SourceError(checked.problems), *checked.advice]:
            print(line, file=sys.stderr)
        print(f"helpsite build: {len(checked.problems)} problem(s); {file} was not written",
              file=sys.stderr)
        return EXIT_UNUSABLE
    if checked.findings or checked.outdated:
        code = report(checked.findings, checked.outdated, False)
        print(f"helpsite build: values differ between languages; {file} was not written")
        return code
    write_checks(file, site.root, site.docs_dir, checked.status)
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    site = _site(args, "merge")
    if site is None:
        return EXIT_UNUSABLE
    return _merged(site, [Path(shard) for shard in args.shards],
                   Path(args.out) if args.out else site.site_dir, "merge", args.size_limit)


def _merged(site: _Site, shards: list[Path], target: Path, command: str,
            size_limit: int | None) -> int:
    try:
        result = merge(site.root, shards, target, site.docs_dir, site.site_url, site.languages,
                       Limits(site=size_limit))
    except (ShardError, PublishError) as error:
        print(f"helpsite {command}: {error}; {target} was not changed", file=sys.stderr)
        return EXIT_UNUSABLE
    except SourceError as error:
        print(error, file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as error:
        print(f"helpsite {command}: cannot write {error.filename or target}: {error.strerror}; "
              f"{target} was not changed", file=sys.stderr)
        return EXIT_UNUSABLE
    for item in result.findings:
        print(item)
    if result.findings:
        print(f"{len(result.findings)} finding(s) across languages; {target} was not changed")
        return EXIT_FINDINGS
    for item in result.left:
        print(f"helpsite {command}: published; could not delete an old build: {item}",
              file=sys.stderr)
    for line in result.warnings:
        print(f"helpsite {command}: {line}", file=sys.stderr)
    print(f"published {target}: {len(shards)} languages merged and checked")
    return EXIT_OK
