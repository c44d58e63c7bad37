"""Consistency checks: each a small unit with an id, a name, a description and one method.

Project checks read the sources (``helpsite check``, and every MkDocs build); the site
check reads built HTML (``helpsite check --site``). All report ``compare.Finding``s, except
the translation-status check, which reports translations made from an older source.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import html
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import urlsplit

from helpsite.drift.compare import Finding, Ignored, compare, hidden_findings, signature
from helpsite.sources.blocks import Block, html_blocks, markdown_blocks
from helpsite.errors import Problem, SourceError
from helpsite.drift.extract import extract
from helpsite.model.model import SiteData
from helpsite.model.strings import StringError
from helpsite.sources.yamlsource import MAX_BYTES, read_bounded


def source_hash(text: str) -> str:
    """The version of a source page a translation records in ``translated_from``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def declared_differences(data: SiteData, lang: str, reference_lang: str) -> set[tuple[str, str]]:
    """Values the data says differ between two languages: e-mail overrides, language-only lines."""
    allowed: set[tuple[str, str]] = set()
    for desk in data.desks.values():
        if desk.email_for(lang) != desk.email_for(reference_lang):
            allowed |= {("email", desk.email_for(lang).lower()),
                        ("email", desk.email_for(reference_lang).lower())}
        for line in desk.lines:
            if line.shown_in(lang) != line.shown_in(reference_lang):
                allowed.add(("phone", line.number.e164))
    return allowed


@dataclass(frozen=True)
class Outdated:
    path: str
    lang: str
    source: str
    recorded: str | None
    current: str

    def __str__(self) -> str:
        state = "was never confirmed" if self.recorded is None else (
            f"was made from {self.recorded}, the source is now {self.current}")
        return (f"{self.path}: [{self.lang}] translation of {self.source} {state}; "
                f"check it, then run: helpsite confirm {self.path}")


class ProseValues:
    id = "prose-values"
    name = "Values typed into translated prose"
    description = ("A translated page states the same numbers, times, amounts, phone numbers "
                   "and addresses in its own words as the page in its source language.")

    def findings(self, project) -> list[Finding]:
        found = []
        for path, page, source in _translations(project):
            if f"ignore-{self.id}" in page.meta.get("flags", []):
                continue
            lang, source_lang = path.split("/", 1)[0], page.meta["source_language"]
            found += _prose_findings(
                (source.body, source.path, source.body_first_line), source_lang,
                (page.body, page.path, page.body_first_line), lang,
                frozenset(declared_differences(project.data, lang, source_lang)), self.id)
        return found

    def ignored(self, project) -> list[Ignored]:
        """Every flag that silences this check, by page and block, for the status page."""
        flag, found = f"ignore-{self.id}", []
        for path, page in sorted(project.pages.items()):
            if flag in page.meta.get("flags", []):
                found.append(Ignored(page.path, flag))
            found += [Ignored(block.where, flag) for block in
                      _markdown_blocks(page.body, page.path, page.body_first_line)
                      if flag in block.flags]
        return found


@functools.lru_cache(maxsize=8192)
def _prose_findings(source: tuple[str, str, int], source_lang: str, page: tuple[str, str, int],
                    lang: str, allowed: frozenset, check: str) -> tuple[Finding, ...]:
    """One translation against its source. Remembered, so the preview re-compares only the
    pages that changed."""
    return tuple(compare(list(_markdown_blocks(*source)), source_lang,
                         list(_markdown_blocks(*page)), lang, allowed=allowed, check=check))


@functools.lru_cache(maxsize=4096)
def _markdown_blocks(text: str, path: str, first_line: int) -> tuple[Block, ...]:
    return tuple(markdown_blocks(text, path, first_line))


class HiddenCharacters:
    id = "hidden-characters"
    name = "Hidden characters in values"
    description = ("No value on a page or in a string holds a character that readers cannot "
                   "see or that shows another value: direction controls, zero-width spaces, soft "
                   "hyphens, digits of another script.")

    def findings(self, project) -> list[Finding]:
        found = [finding for path, page in sorted(project.pages.items())
                 for finding in _hidden_in_page(page.body, page.path, path.split("/", 1)[0],
                                                page.body_first_line)]
        # Strings show on every page: each at the place of its value in data/i18n/LANG.yaml.
        return found + [finding for lang, entry in _string_entries(project.strings)
                        for finding in hidden_findings(entry.text, entry.path, lang, where=(
                            f"{entry.path}:{entry.line}:{entry.column}"))]


def _string_entries(strings) -> Iterable[tuple]:
    """(language, entry) for every string each language has."""
    for lang in strings.languages:
        for key in strings.keys():
            try:
                yield lang, strings.entry(lang, key)
            except StringError:
                continue  # a missing string is another check's finding


@functools.lru_cache(maxsize=4096)  # the preview re-reads only the pages that changed
def _hidden_in_page(text: str, path: str, lang: str, first_line: int) -> tuple[Finding, ...]:
    return tuple(hidden_findings(text, path, lang, first_line))


class StringValues:
    id = "string-values"
    name = "Values in translated strings"
    description = ("A string in data/i18n/ contains the same values in every language; a "
                   "value that one language adds or changes is an undeclared override.")

    def findings(self, project) -> list[Finding]:
        found = []
        strings = project.strings
        for key in strings.keys():
            # A copy awaiting translation is the source's text, not this language's.
            blocks = {lang: [Block(entry.text, f"{entry.path}:{entry.line}",
                                   first_column=entry.column)]
                      for lang in strings.languages for entry in [strings.entry(lang, key)]
                      if not entry.untranslated}
            signatures = {lang: signature(extract(block[0].text, lang))
                          for lang, block in blocks.items()}
            majority = Counter(signatures.values()).most_common(1)[0][0]
            reference = next(lang for lang, values in signatures.items() if values == majority)
            for lang, values in signatures.items():
                if values != majority:
                    found += compare(blocks[reference], reference, blocks[lang], lang,
                                     check=self.id)
        return found


class OutdatedTranslations:
    id = "outdated"
    name = "Translations made from an older source"
    description = ("Each translated page records (translated_from) the version of its source "
                   "page it was made from; a changed source makes it outdated until confirmed.")

    def findings(self, project) -> list[Outdated]:
        outdated = []
        for path, page, source in _translations(project):
            current = source_hash(source.text)
            recorded = page.meta.get("translated_from")
            if recorded != current:
                outdated.append(Outdated(page.path, path.split("/", 1)[0], source.path,
                                         recorded, current))
        return outdated


class SiteValues:
    id = "site-values"
    name = "Values on the built pages"
    description = ("Every article in every language of the built site shows the same values "
                   "as the article in its source language: what customers actually see.")
    # The built page shows the writer's prose: a flag that silences the prose check there
    # (a comment in a block, `flags:` in front matter, which the build writes into the
    # page's <meta name="helpsite:flags">) silences this one too.
    silenced_by = (id, ProseValues.id)

    def findings(self, site: Path, data: SiteData | None = None,
                 workers: int | None = None) -> list[Finding]:
        """``workers``: processes comparing pages (default: one per core). Parsing HTML is
        most of the check's time and languages are independent, so on a large site the
        translated pages are shared out in runs, in order; each run parses its sources."""
        pairs, hidden = [], []
        for page in sorted(site.rglob("*.html")):
            text = _read(site, page)
            lang, source_lang = _html_lang(text), _meta(text, "helpsite:source-language")
            if lang:  # every page, sources too: what customers see
                hidden += hidden_findings(text, page.relative_to(site).as_posix(), lang)
            if not lang or not source_lang or lang == source_lang:
                continue
            page_flags = (_meta(text, "helpsite:flags") or "").split()
            if any(f"ignore-{check}" in page_flags for check in self.silenced_by):
                continue
            href = _alternate(text, source_lang)
            if href is None:
                raise FileNotFoundError(f"{page}: no hreflang={source_lang} link to its source page")
            allowed = declared_differences(data, lang, source_lang) if data else set()
            pairs.append(_PagePair(_resolve(site, page, href, text), source_lang, page, lang,
                                   frozenset(allowed)))
        workers = min(workers or os.cpu_count() or 1, len(pairs) // _PAGES_PER_WORKER or 1)
        if workers < 2:
            return hidden + _compare_pages(site, pairs, self.silenced_by)
        size = -(-len(pairs) // workers)
        runs = [pairs[start:start + size] for start in range(0, len(pairs), size)]
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            done = pool.map(_compare_pages, [site] * len(runs), runs, [self.silenced_by] * len(runs))
            return hidden + [finding for found in done for finding in found]


# Below this many translated pages per process, starting processes costs more than it saves.
_PAGES_PER_WORKER = 200


@dataclass(frozen=True)
class _PagePair:
    source: Path
    source_lang: str
    page: Path
    lang: str
    allowed: frozenset


def _compare_pages(site: Path, pairs: list[_PagePair], checks: tuple[str, ...]) -> list[Finding]:
    @functools.lru_cache(maxsize=None)  # a source page serves all its translations
    def blocks(page: Path) -> list[Block]:
        return html_blocks(_read(site, page), page.relative_to(site).as_posix())

    return [finding for pair in pairs
            for finding in compare(blocks(pair.source), pair.source_lang, blocks(pair.page),
                                   pair.lang, allowed=pair.allowed, check=checks)]


def _read(site: Path, page: Path) -> str:
    """A built page's text; one located problem where it is not UTF-8, or not a regular file
    of a page's size (a FIFO or /dev/zero would hang or fill the memory)."""
    raw = read_bounded(page, page.relative_to(site).as_posix(), MAX_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError([Problem(page.relative_to(site).as_posix(), line, column,
                                   "this page is not UTF-8; rebuild the site")])


class FeeLabels:
    id = "fee-labels"
    kind = "fee label"
    name = "Fee labels in every language"
    description = ("Every fee policy can be priced and described in every language: each "
                   "label, condition, band and VAT name it uses has its string.")

    def findings(self, project) -> list[Finding]:
        from helpsite.model.context import Context
        from helpsite.pages.feeterms import fee_terms
        from helpsite.rules.priceplan import compile_plan
        from helpsite.model.strings import RecordingStrings, StringError

        found = []
        # Every missing string of every policy, in every language, in one run.
        strings = RecordingStrings(project.strings)
        users: dict[str, str] = {}  # key -> the policy that first needs it
        for policy_id, (desk_id, desk, policy) in sorted(project.data.fee_policies().items()):
            where = project.data.documents[desk_id].problem(("fees", policy_id), "")
            for lang in project.languages:
                known = set(strings.missing.get(lang, {}))
                try:
                    compile_plan(Context(strings, lang), policy_id, desk, policy)
                    fee_terms(Context(strings, lang), policy)
                except StringError as error:  # a string that does not fit its values
                    at, _, detail = str(error).partition(": ")
                    found.append(Finding(self.kind, lang, lang, None, None, at,
                                         f"{where.path}:{where.line}:{where.column}",
                                         expected_text=detail,
                                         hint=f"write it with the values policy {policy_id} "
                                              "gives it"))
                for key in set(strings.missing.get(lang, {})) - known:
                    users.setdefault(key, f"fee policy {policy_id} at "
                                          f"{where.path}:{where.line}:{where.column}")
        for lang, keys in sorted(strings.missing.items()):
            near = {key: strings.near(lang, key) for key in keys}
            for key in sorted(keys, key=lambda key: (near[key].line, near[key].column, key)
                              if near[key] else (1, 1, key)):
                at = (f"{near[key].path}:{near[key].line}:{near[key].column}" if near[key]
                      else f"data/i18n/{lang}.yaml:1:1")
                uses = (", it may use " + ", ".join(f"{{{name}}}" for name in keys[key])
                        if keys[key] else "")  # the YAML block has no room to say it
                found.append(Finding(self.kind, lang, lang, key, None, at, users[key],
                                     expected_text=f"string {key!r}",
                                     hint=f"add it (the YAML block below){uses}"))
        return found


def label_advice(findings: list[Finding]) -> list[str]:
    """For the fee labels no language has, the YAML to paste into each strings file."""
    from helpsite.model.strings import paste_block, to_write

    missing: dict[str, dict[str, str]] = {}
    for finding in findings:
        if finding.kind == FeeLabels.kind and finding.found is None and finding.expected:
            missing.setdefault(finding.lang, {})[finding.expected] = to_write([])
    return [line for lang, keys in sorted(missing.items()) for line in [
        f"add to data/i18n/{lang}.yaml (merge with the keys it has):",
        *(f"    {text}" for text in paste_block(keys))]]


def label_problems(findings: list[Finding]) -> list[Problem]:
    """The fee-label findings as problems, for a build that stops on a page showing a fee:
    it would name only the first missing label of each language."""
    problems = []
    for finding in findings:
        if finding.kind == FeeLabels.kind:
            path, line, column = finding.where.rsplit(":", 2)
            problems.append(Problem(path, int(line), int(column),
                                    str(finding).split(": ", 1)[1]))
    return problems


PROJECT_CHECKS = (ProseValues(), HiddenCharacters(), StringValues(), FeeLabels())


@dataclass(frozen=True)
class LanguageStatus:
    missing: list[str]  # pages with no translation in this language yet
    outdated: list[Outdated]
    inconsistent: list[Finding]
    ignored: list[Ignored]  # flags that silence a check, so they are not forgotten


def translation_status(project) -> tuple[list[Finding], list[Outdated], dict[str, LanguageStatus]]:
    """Run the project checks; return their findings, the outdated pages, and a per-language
    summary for the writers' status page."""
    findings = [finding for check in PROJECT_CHECKS for finding in check.findings(project)]
    outdated = OutdatedTranslations().findings(project)
    ignored = ProseValues().ignored(project)
    names = {path.split("/", 1)[1] for path in project.pages}
    summary = {
        lang: LanguageStatus(
            # A copy awaiting translation (helpsite new) is published, but still missing.
            missing=sorted(name for name in names if f"{lang}/{name}" not in project.pages
                           or project.pages[f"{lang}/{name}"].meta.get("untranslated")),
            outdated=[item for item in outdated if item.lang == lang],
            inconsistent=[finding for finding in findings if finding.lang == lang],
            ignored=[item for item in ignored if item.where.startswith(f"docs/{lang}/")])
        for lang in project.languages}
    return findings, outdated, summary


def _translations(project) -> Iterable[tuple]:
    """(path, page, source page) for every page translated from another language's page
    (a copy still marked untranslated is its source's text, not yet a translation)."""
    for path, page in sorted(project.pages.items()):
        lang, name = path.split("/", 1)
        source_lang = page.meta.get("source_language")
        source = project.pages.get(f"{source_lang}/{name}")
        # No source: structure_problems names the missing page (the preview checks anyway).
        if source and source_lang != lang and not page.meta.get("untranslated"):
            yield path, page, source


def _html_lang(text: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", text)
    return match[1] if match else None


def _meta(text: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)"', text)
    return match[1] if match else None


def _alternate(text: str, lang: str) -> str | None:
    # The language selector's links: the page's <head> lists no translations (they are in
    # sitemap.xml, see pages/theme/partials/helpsite-meta.html).
    for tag in re.findall(r"<a\b[^>]*\bhreflang=\"[^\"]*\"[^>]*>", text):
        if f'hreflang="{lang}"' in tag:
            return re.search(r'href="([^"]*)"', tag)[1]
    return None


def _resolve(site: Path, page: Path, href: str, text: str) -> Path:
    """The built file a link of ``page`` points to. A home page's language selector links
    absolutely (``/help/da/``): that path is the site's address (its canonical URL's path
    less the page's own place in the site; ``/`` without a site_url) and a place in it."""
    if href.startswith("/"):
        base = "/"
        canonical = re.search(r'<link rel="canonical" href="([^"]*)"', text)
        if canonical:
            path = urlsplit(html.unescape(canonical[1])).path
            own = page.relative_to(site).as_posix()
            for suffix in (own, own.removesuffix("index.html")):
                if path.endswith("/" + suffix) or not suffix:
                    base = path[:len(path) - len(suffix)]
                    break
        if not href.startswith(base):
            raise FileNotFoundError(f"{page}: its link {href} is outside the site ({base})")
        target = PurePosixPath(href[len(base):])
    else:
        target = PurePosixPath(page.parent.relative_to(site).as_posix()) / href
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    resolved = site.joinpath(*parts)
    return resolved / "index.html" if resolved.is_dir() else resolved
