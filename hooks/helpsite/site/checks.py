"""Consistency checks, in the style of Weblate's: each a class with an id (which also names
the flag that silences it, ``ignore-<id>``), a name, a description and a scope, registered
for the command that runs its scope; all report ``Finding``s.

Scopes: the project's sources (``helpsite check`` and every build; the subject is the
loaded project), the built site (``helpsite check --site``; a ``BuiltSite``), and pages from
elsewhere (``helpsite compare``; ``Files``). ``run_checks(subject, scope)`` runs them all.
The checks of the sources are here, the others in sitechecks.py (import it to run them).
"""

from __future__ import annotations

import enum
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Iterable

from helpsite.drift.compare import compare, signature
from helpsite.drift.extract import extract
from helpsite.drift.findings import FEE_LABEL, OUTDATED, Finding, Ignored, hidden_findings
from helpsite.errors import Problem
from helpsite.model.model import SiteData
from helpsite.model.strings import StringError
from helpsite.sources.blocks import Block, Flag, markdown_blocks


class Scope(enum.Enum):
    SOURCE = "source"  # the project's sources: helpsite check, every build and the preview
    SITE = "site"  # the built HTML: helpsite check --site
    EXTERNAL = "external"  # pages from elsewhere: helpsite compare


class Check:
    """One check. A subclass names its ``id``, ``name``, ``description`` and ``scope``, and
    finds its findings in the subject of its scope (see the module's docstring)."""
    id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    scope: ClassVar[Scope]
    next_step: ClassVar[str] = ""  # what to do about a finding, where one step fits all

    @property
    def flag(self) -> Flag:
        """The flag that silences this check for a block or a page."""
        return Flag(self.id)

    def findings(self, subject) -> list[Finding]:
        raise NotImplementedError


CHECKS: dict[Scope, list[Check]] = {scope: [] for scope in Scope}


def register(check: type[Check]) -> type[Check]:
    """A check, run in the order registered (the order findings are listed in)."""
    CHECKS[check.scope].append(check())
    return check


def run_checks(subject, scope: Scope) -> list[Finding]:
    """The findings of every check of ``scope`` in ``subject``."""
    if not CHECKS[scope]:  # a scope with no check would pass everything unread
        raise LookupError(f"no {scope.name.lower()} check is registered; the site's and other "
                          "pages' checks register when helpsite.site.sitechecks is imported")
    return [finding for check in CHECKS[scope] for finding in check.findings(subject)]


@dataclass(frozen=True)
class BuiltSite:
    """What ``check --site`` reads: the built pages, and the data that declares differences
    between languages, if there is any."""
    path: Path
    data: SiteData | None = None
    workers: int | None = None  # processes comparing pages (default: one per core)


@dataclass(frozen=True)
class Files:
    """What ``helpsite compare`` reads: (language, file name, text) of a reference page
    first, then of its translations."""
    pages: list[tuple[str, str, str]]
    ignore_years: bool = False
    region: str | None = None  # the country of national phone numbers, if given


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


_IGNORE = "<!-- helpsite: ignore-prose-values -->"


@register
class ProseValues(Check):
    id = "prose-values"
    name = "Values typed into translated prose"
    description = ("A translated page states the same numbers, times, amounts, phone numbers "
                   "and addresses in its own words as the page in its source language.")
    scope = Scope.SOURCE
    next_step = f"fix the translation, or if the difference is meant put {_IGNORE} before the block"

    def findings(self, project) -> list[Finding]:
        found = []
        for path, page, source in _translations(project):
            if self.flag in Flag.all_in(page.meta.get("flags", [])):
                continue
            lang, source_lang = path.split("/", 1)[0], page.meta["source_language"]
            found += _prose_findings(
                (source.body, source.path, source.body_first_line), source_lang,
                (page.body, page.path, page.body_first_line), lang,
                frozenset(declared_differences(project.data, lang, source_lang)), self)
        return found

    def ignored(self, project) -> list[Ignored]:
        """Every flag that silences this check, by page and block, for the status page."""
        found = []
        for path, page in sorted(project.pages.items()):
            if self.flag in Flag.all_in(page.meta.get("flags", [])):
                found.append(Ignored(page.path, self.flag))
            found += [Ignored(block.where, self.flag) for block in
                      _markdown_blocks(page.body, page.path, page.body_first_line)
                      if self.flag in block.flags]
        return found


@functools.lru_cache(maxsize=8192)
def _prose_findings(source: tuple[str, str, int], source_lang: str, page: tuple[str, str, int],
                    lang: str, allowed: frozenset, check: ProseValues) -> tuple[Finding, ...]:
    """One translation against its source. Remembered, so the preview re-compares only the
    pages that changed."""
    return tuple(compare(list(_markdown_blocks(*source)), source_lang,
                         list(_markdown_blocks(*page)), lang, allowed=allowed, check=check.id,
                         next_step=check.next_step))


@functools.lru_cache(maxsize=4096)
def _markdown_blocks(text: str, path: str, first_line: int) -> tuple[Block, ...]:
    return tuple(markdown_blocks(text, path, first_line))


class HiddenCharacters(Check):
    """In each scope, the texts of its subject (``texts``) are read alike."""
    id = "hidden-characters"
    name = "Hidden characters in values"
    description = ("No value on a page or in a string holds a character that readers cannot "
                   "see or that shows another value: direction controls, zero-width spaces, soft "
                   "hyphens, digits of another script.")

    def findings(self, subject) -> list[Finding]:
        return [finding for text, path, lang, first_line in self.texts(subject)
                for finding in self.in_text(text, path, lang, first_line)]

    def in_text(self, text: str, path: str, lang: str, first_line: int) -> Iterable[Finding]:
        return _hidden_in_page(self.id, text, path, lang, first_line)

    def texts(self, subject) -> Iterable[tuple[str, str, str, int]]:
        """(text, path, language, number of its first line) of each page of ``subject``."""
        raise NotImplementedError


@register
class HiddenInSources(HiddenCharacters):
    scope = Scope.SOURCE

    def findings(self, project) -> list[Finding]:
        # Strings show on every page: each at the place of its value in data/i18n/LANG.yaml.
        return super().findings(project) + [
            finding for lang, entry in _string_entries(project.strings)
            for text in entry.texts  # every form of a string with forms
            for finding in hidden_findings(self.id, text, entry.path, lang,
                                           at=(entry.line, entry.column))]

    def texts(self, project) -> Iterable[tuple[str, str, str, int]]:
        return ((page.body, page.path, path.split("/", 1)[0], page.body_first_line)
                for path, page in sorted(project.pages.items()))


def _string_entries(strings) -> Iterable[tuple]:
    """(language, entry) for every string each language has."""
    for lang in strings.languages:
        for key in strings.keys():
            try:
                yield lang, strings.entry(lang, key)
            except StringError:
                continue  # a missing string is another check's finding


@functools.lru_cache(maxsize=4096)  # the preview re-reads only the pages that changed
def _hidden_in_page(check: str, text: str, path: str, lang: str,
                    first_line: int) -> tuple[Finding, ...]:
    return tuple(hidden_findings(check, text, path, lang, first_line))


@register
class StringValues(Check):
    id = "string-values"
    name = "Values in translated strings"
    description = ("A string in data/i18n/ contains the same values in every language; a "
                   "value that one language adds or changes is an undeclared override.")
    scope = Scope.SOURCE
    next_step = ("write the same values in every language's string, or declare the "
                 "difference in the desk's data (email_by_language, a line's languages)")

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
                                     check=self.id, next_step=self.next_step)
        return found


@register
class FeeLabels(Check):
    id = "fee-labels"
    kind = FEE_LABEL
    name = "Fee labels in every language"
    description = ("Every fee policy can be priced and described in every language: each "
                   "label, condition, band and VAT name it uses has its string.")
    scope = Scope.SOURCE

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
                    path, line, column = at.rsplit(":", 2)
                    found.append(Finding(self.id, self.kind, lang, lang, None, None,
                                         f"{path}:{line}",
                                         f"{where.path}:{where.line}:{where.column}",
                                         expected_text=detail, column=int(column),
                                         next_step=f"write it with the values policy "
                                                   f"{policy_id} gives it"))
                for key in set(strings.missing.get(lang, {})) - known:
                    users.setdefault(key, f"fee policy {policy_id} at "
                                          f"{where.path}:{where.line}:{where.column}")
        for lang, keys in sorted(strings.missing.items()):
            near = {key: strings.near(lang, key) for key in keys}
            for key in sorted(keys, key=lambda key: (near[key].line, near[key].column, key)
                              if near[key] else (1, 1, key)):
                path, line, column = ((near[key].path, near[key].line, near[key].column)
                                      if near[key] else (f"data/i18n/{lang}.yaml", 1, 1))
                uses = (", it may use " + ", ".join(f"{{{name}}}" for name in keys[key])
                        if keys[key] else "")  # the YAML block has no room to say it
                found.append(Finding(self.id, self.kind, lang, lang, key, None,
                                     f"{path}:{line}", users[key], column=column,
                                     expected_text=f"string {key!r}",
                                     next_step=f"add it (the YAML block below){uses}"))
        return found


@register
class OutdatedTranslations(Check):
    id = "outdated"
    name = "Translations made from an older source"
    description = ("Each translated page records (translated_from) the version of its source "
                   "page it was made from; a changed source makes it outdated until confirmed.")
    scope = Scope.SOURCE

    def findings(self, project) -> list[Finding]:
        outdated = []
        for path, page, source in _translations(project):
            current = source_hash(source.text)
            recorded = page.meta.get("translated_from")
            if recorded != current:
                outdated.append(Finding(
                    self.id, OUTDATED, path.split("/", 1)[0], page.meta["source_language"],
                    recorded, current, page.path, source.path,
                    next_step=f"check it, then run: helpsite confirm {page.path}"))
        return outdated


def label_advice(findings: list[Finding]) -> list[str]:
    """For the fee labels no language has, the YAML to paste into each strings file."""
    from helpsite.model.strings import paste_block, to_write

    missing: dict[str, dict[str, str]] = {}
    for finding in findings:
        if finding.check == FeeLabels.id and finding.found is None and finding.expected:
            missing.setdefault(finding.lang, {})[finding.expected] = to_write([])
    return [line for lang, keys in sorted(missing.items()) for line in [
        f"add to data/i18n/{lang}.yaml (merge with the keys it has):",
        *(f"    {text}" for text in paste_block(keys))]]


def label_problems(findings: list[Finding]) -> list[Problem]:
    """The fee-label findings as problems, for a build that stops on a page showing a fee:
    it would name only the first missing label of each language."""
    problems = []
    for finding in findings:
        if finding.check == FeeLabels.id:
            problems.append(Problem(finding.file, finding.line, finding.column,
                                    str(finding).split(": ", 1)[1]))
    return problems


@dataclass(frozen=True)
class LanguageStatus:
    missing: list[str]  # pages with no translation in this language yet
    outdated: list[Finding]
    inconsistent: list[Finding]
    ignored: list[Ignored]  # flags that silence a check, so they are not forgotten


def translation_status(project) -> tuple[list[Finding], list[Finding], dict[str, LanguageStatus]]:
    """Run the checks of the sources; return their findings, the outdated pages apart, and a
    per-language summary for the writers' status page."""
    found = run_checks(project, Scope.SOURCE)
    findings = [finding for finding in found if finding.check != OutdatedTranslations.id]
    outdated = [finding for finding in found if finding.check == OutdatedTranslations.id]
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

