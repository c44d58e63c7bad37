"""Shards: each language built on its own (any machine, any order), then merged into the site.

The checks of the sources across languages (drift, outdated translations, every page in
every language) run once for the site, before the shards (``helpsite build --checks FILE``):
FILE holds the translation status every language's status page shows, and a shard given it
reads only its own language's pages and those of its source languages.

A shard is the folder one language's build writes (``helpsite build --language LANG``):
that language's pages and search index, the theme's files, ``facts.json``, its part of the
sitemap, and ``MANIFEST``, which says which language it holds, of which site, built from
which sources, and which inline scripts its pages carry. ``merge`` puts the shards together
into the same site the one-process build writes, byte for byte: the files every shard
writes must agree, the sitemap is every language's part in the build's order, ``_headers``
lists every shard's scripts; then it checks the values across languages (``check --site``)
and every translation's address, and publishes the whole as a build does (publish.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from helpsite.drift.findings import Finding, Ignored
from helpsite.model.load import load_data
from helpsite.site import safety, sitemaps
from helpsite.site.checks import LanguageStatus, Scope
from helpsite.site.sitechecks import BuiltSite, run_checks
from helpsite.site.project import SiteState
from helpsite.site.publish import StagedSite
from helpsite.sources.blocks import Flag

MANIFEST = "helpsite-shard.json"
CHECKS = "helpsite-checks.json"  # where helpsite build --jobs keeps the checks for its shards
SITEMAP = sitemaps.SITEMAP
# Written by the merge from every shard's part; every other file is a shard's own or the
# same in every shard.
_SITE_WIDE = {MANIFEST, SITEMAP, SITEMAP + ".gz", "_headers"}
_SOURCES = ("mkdocs.yml", "data", "overrides")
_ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="[^"]+" href="([^"]+)"/>')


class ShardError(Exception):
    """Shards that cannot be merged (missing, from other sources, disagreeing)."""


@dataclass(frozen=True)
class Manifest:
    language: str
    default: str
    languages: tuple[str, ...]  # in the order the one-process build builds them
    sources: str  # sources_digest of what the shard was built from
    scripts: tuple[str, ...]  # the inline scripts its pages carry, as the policy lists them

    @classmethod
    def read(cls, shard: Path) -> Manifest:
        try:
            raw = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
            return cls(raw["language"], raw["default"], tuple(raw["languages"]), raw["sources"],
                       tuple(raw["scripts"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise ShardError(f"{shard} is not a shard (no readable {MANIFEST}); build one with: "
                             "helpsite build --language LANG --out DIR") from None


def build_order(default: str, languages: list[str]) -> list[str]:
    """static-i18n builds the default language first, then the others as configured."""
    return [default, *(language for language in languages if language != default)]


def sources_digest(root: Path, docs_dir: str) -> str:
    """Every source file's name and content: shards with equal digests were built from the
    same project."""
    digest = hashlib.sha256()
    for top in (*_SOURCES, docs_dir):
        path = root / top
        files = sorted(file for file in path.rglob("*") if file.is_file()) if path.is_dir() \
            else [path] if path.is_file() else []
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class Checked:
    """The sources checked across languages: their problems, their drift, and the status
    the shards' status pages show (written only when there is neither)."""
    problems: list
    advice: list[str]
    findings: list[Finding]
    outdated: list[Finding]
    status: dict[str, LanguageStatus]


def check_sources(root: Path, docs_dir: str) -> Checked:
    """Every check of the sources that reads more than one language, as the one-process
    build runs them; the pages are read and checked, not rendered (each shard renders its
    own, and refuses what it cannot)."""
    state = SiteState(root, docs_dir)
    state.refresh()
    found = state.validation()
    return Checked(found.problems, found.advice, found.findings, found.outdated, found.summary)


def write_checks(file: Path, root: Path, docs_dir: str, status: dict[str, LanguageStatus]
                 ) -> None:
    """The status for the shards, with the digest of the sources it was checked on. Found
    drift stops the build before this is written, so only what is missing and what is
    silenced remain to say."""
    file.write_text(json.dumps({
        "sources": sources_digest(root, docs_dir),
        "status": {language: {"missing": found.missing,
                              "ignored": [[item.where, item.flag.check] for item in found.ignored]}
                   for language, found in status.items()}}, indent=1), encoding="utf-8")


def read_checks(file: Path, root: Path, docs_dir: str) -> dict[str, LanguageStatus]:
    """The status ``write_checks`` wrote, if it was checked on these sources."""
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        status = {language: LanguageStatus(list(found["missing"]), [], [],
                                           [Ignored(where, Flag(check))
                                            for where, check in found["ignored"]])
                  for language, found in raw["status"].items()}
        sources = raw["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ShardError(f"{file} holds no checks of the sources; write them with: helpsite "
                         f"build --checks {file}") from None
    if sources != sources_digest(root, docs_dir):
        raise ShardError(f"{file} was checked on other sources than {root}; check them again "
                         f"with: helpsite build --checks {file}")
    return status


def finish_shard(site: Path, manifest: Manifest) -> None:
    """After a shard's build: the root search index is the default language's alone (the
    theme's plugin writes one for whatever was built); say what the shard holds."""
    if manifest.language != manifest.default:
        index = site / "search" / "search_index.json"
        index.unlink(missing_ok=True)
        if index.parent.is_dir() and not any(index.parent.iterdir()):
            index.parent.rmdir()
    (site / MANIFEST).write_text(json.dumps(vars(manifest), indent=1), encoding="utf-8")


def _missing_addresses(site: Path, sitemap: str, site_url: str) -> list[str]:
    """Every translation's address the sitemap names (the pages' hreflang links and the
    language selector lead to the same) that no file of the merged site answers."""
    prefix = urlsplit(site_url).path
    missing = []
    for href in dict.fromkeys(_ALTERNATE.findall(sitemap)):
        path = urlsplit(href).path.removeprefix(prefix)
        if not (site / path / "index.html").is_file() and not (site / path).is_file():
            missing.append(href)
    return missing


MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What a merged site may weigh. ``site``: bytes, refused above (GitHub Pages publishes
    sites of at most 1 GB; None: no limit); ``index``: bytes of one language's search index,
    warned about above (every reader's browser downloads it whole on the first search);
    ``sitemap``: the sitemap protocol's, a sitemap index above."""
    site: int | None = 1000 * MB
    index: int = 5 * MB
    sitemap: sitemaps.Limits = sitemaps.LIMITS


@dataclass
class Merged:
    findings: list[Finding]
    published: bool
    left: list[str]  # old builds that could not be deleted
    warnings: list[str]  # search indexes over the limit


def merge(root: Path, shards: list[Path], target: Path, docs_dir: str, site_url: str,
          languages: list[str], limits: Limits = Limits()) -> Merged:
    """Assemble the shards into ``target`` and publish it if the values agree across
    languages; ``ShardError`` if they cannot be merged (nothing is published then)."""
    manifests = {}
    for shard in shards:
        manifest = Manifest.read(shard.resolve())
        if manifest.language in manifests:
            raise ShardError(f"two shards of {manifest.language}: {manifests[manifest.language][0]} "
                             f"and {shard}; give one")
        manifests[manifest.language] = (shard.resolve(), manifest)
    digest = sources_digest(root, docs_dir)
    for language, (shard, manifest) in manifests.items():
        if manifest.sources != digest:
            raise ShardError(f"{shard} ({language}) was built from other sources than {root}; "
                             f"build it again with: helpsite build --language {language}")
        if manifest.languages != tuple(build_order(manifest.default, languages)):
            raise ShardError(f"{shard} ({language}) is of a site with the languages "
                             f"{', '.join(manifest.languages)}, not {', '.join(languages)}")
    missing = [language for language in languages if language not in manifests]
    if missing:
        raise ShardError(f"no shard of {', '.join(missing)}; build it with: helpsite build "
                         f"--language {missing[0]} --out DIR")
    default = next(iter(manifests.values()))[1].default
    ordered = [manifests[language] for language in build_order(default, languages)]
    _check_size([shard for shard, _ in ordered], target, limits.site)
    staged = StagedSite(target)
    try:
        site = staged.staging
        heads, parts = set(), []
        for shard, _ in ordered:
            _copy_shard(shard, site)
            try:
                head, part, tail = sitemaps.split((shard / SITEMAP).read_text(encoding="utf-8"))
            except sitemaps.SitemapError as error:
                raise ShardError(f"{shard / SITEMAP}: {error}") from None
            heads.add((head, tail))
            parts.extend(part)
        if len(heads) != 1:
            raise ShardError("the shards' sitemaps begin or end differently; build them with "
                             "the same theme")
        (head, tail), = heads
        sitemap = head + "".join(parts) + tail
        try:
            files = sitemaps.sitemap_files(sitemap, site_url, languages, default, limits.sitemap)
        except sitemaps.SitemapError as error:
            raise ShardError(f"the sitemap: {error}") from None
        sitemaps.write(site, files, sitemaps.gzip_mtime(ordered[-1][0] / (SITEMAP + ".gz")))
        scripts = dict.fromkeys(script for _, manifest in ordered for script in manifest.scripts)
        (site / "_headers").write_text(safety.headers_file(scripts), encoding="utf-8")
        unanswered = _missing_addresses(site, sitemap, site_url)
        if unanswered:
            raise ShardError(f"{len(unanswered)} translation address(es) lead to no page, "
                             f"e.g. {unanswered[0]}")
        data = load_data(root) if (root / "data" / "desks").is_dir() else None
        findings = run_checks(BuiltSite(site, data), Scope.SITE)  # as check --site
    except BaseException:
        staged.discard()
        raise
    if findings:
        staged.discard()
        return Merged(findings, False, [], [])
    warnings = _large_indexes(site, default, languages, limits.index)
    return Merged([], True, staged.publish(), warnings)


def _check_size(shards: list[Path], target: Path, limit: int | None) -> None:
    """Refuse, before writing anything, a site over ``limit`` bytes or over the disk's free
    space: the size of every shard's files, each file several shards write counted once."""
    files: dict[str, int] = {}
    for shard in shards:
        for folder, _, names in os.walk(shard):
            for name in names:
                relative = os.path.relpath(os.path.join(folder, name), shard)
                size = os.path.getsize(os.path.join(folder, name))
                # every shard's part of the sitemap ends in the site's
                files[relative] = files.get(relative, 0) + size if relative == SITEMAP else size
    size = sum(files.values())
    if limit is not None and size > limit:
        raise ShardError(f"the site would be {size / MB:,.0f} MB, over the limit of "
                         f"{limit / MB:,.0f} MB (GitHub Pages publishes at most 1 GB); publish "
                         "it on another host and give --size-limit MB, or make the pages lighter")
    parent = target.absolute().parent
    while not parent.exists():
        parent = parent.parent
    free = shutil.disk_usage(parent).free
    if size > free:
        raise ShardError(f"the site would be {size / MB:,.0f} MB and {parent} has "
                         f"{free / MB:,.0f} MB free; free some space or merge on a larger disk")


def _large_indexes(site: Path, default: str, languages: list[str], limit: int) -> list[str]:
    """One line for each language whose search index is over ``limit`` bytes."""
    lines = []
    for language in build_order(default, languages):
        index = site / ("" if language == default else language) / "search" / "search_index.json"
        if index.is_file() and index.stat().st_size > limit:
            lines.append(f"the {language} search index is {index.stat().st_size / MB:,.1f} MB, "
                         f"over {limit / MB:g} MB: every reader's browser downloads it whole on "
                         "the first search (README: Limits of a large site)")
    return lines


def _copy_shard(shard: Path, site: Path) -> None:
    """A shard's files into the site; a file another shard wrote too must be the same."""
    for folder, _, names in os.walk(shard):
        for name in names:
            source = Path(folder, name)
            relative = source.relative_to(shard)
            if relative.as_posix() in _SITE_WIDE:
                continue
            destination = site / relative
            if destination.exists():
                if destination.read_bytes() != source.read_bytes():
                    raise ShardError(f"the shards disagree on {relative.as_posix()} ({shard} "
                                     "differs); build them from the same sources and versions")
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


# -- running shards here, one process each -------------------------------------------------

def build_shards(config_file: Path, languages: list[str], folder: Path, jobs: int,
                 checks: Path) -> list[tuple[str, int, str]]:
    """Build each language's shard into ``folder/LANG`` in its own process, ``jobs`` at a
    time, each given the sources' ``checks``; (language, exit code, what it printed) for
    each."""
    def one(language: str) -> tuple[str, int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "helpsite_shard", language, "-f", str(config_file),
             "-d", str(folder / language), "--checks", str(checks)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        return language, done.returncode, done.stdout

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(one, languages))


def shard_folder(target: Path) -> Path:
    """Where ``helpsite build --jobs`` keeps its shards: beside the site, removed after."""
    target.absolute().parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.shards.", dir=target.absolute().parent))
