"""The shape of a project, checked before anything is rendered: which files are pages,
the keys a page's front matter may set, every page in every language agreeing on its desk
and source language, no phone line limited to languages the site does not have, and every
country a sentence names written with its preposition in every language's strings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from helpsite.errors import Problem, SourceError
from helpsite.model.model import SiteData
from helpsite.model.strings import RecordingStrings, Strings
from helpsite.model.types import Language, Slug
from helpsite.model.wording import schema_problems
from helpsite.sources.pagefile import PageSource, split_page
from helpsite.sources.yamlsource import read_source


class FrontMatter(BaseModel):
    """The keys a page may set; anything else is a typo."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    description: str | None = None
    desk: Slug | None = None
    source_language: Language | None = None
    translated_from: str | None = None  # helpsite confirm writes the source's version here
    untranslated: bool = False  # a copy of the source awaiting translation (helpsite new)
    faq: bool = False  # second-level headings are questions: publish an FAQPage
    search: dict | None = None
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] = []
    # Weblate-style: silence one check for the whole page, listed on the status page.
    flags: list[Literal["ignore-prose-values"]] = []


def read_page(file: Path, docs: Path, root: Path,
              languages: list[str]) -> tuple[PageSource | None, list[Problem]]:
    """One page file, its front matter validated; ``None`` and the problems if it is broken."""
    relative = file.relative_to(docs).as_posix()
    display = file.relative_to(root).as_posix()
    if relative.split("/", 1)[0] not in languages or "/" not in relative:
        return None, [Problem(display, 1, 1, "pages belong in docs/LANG/ for one of: "
                              + ", ".join(languages))]
    try:
        page = split_page(read_source(file, display), display)
        FrontMatter.model_validate(page.meta)
    except SourceError as error:
        return None, error.problems
    except ValidationError as error:
        return None, schema_problems(page.front_matter, error)
    return page, []


def structure_problems(pages: dict[str, PageSource], broken: set[str], languages: list[str],
                        data: SiteData, present: list[str] | None = None) -> list[Problem]:
    """Every page exists in every language (of ``present``, if given: the languages a shard
    reads all pages of) and agrees on its desk and source language."""
    problems = []
    by_name: dict[str, dict[str, PageSource]] = {}
    for relative, page in pages.items():
        language, name = relative.split("/", 1)
        by_name.setdefault(name, {})[language] = page
    for name, versions in sorted(by_name.items()):
        some = next(iter(versions.values()))
        for language in languages if present is None else present:
            if language not in versions and f"{language}/{name}" not in broken:
                problems.append(Problem(some.path, 1, 1,
                                        f"docs/{language}/{name} is missing: every page "
                                        "exists in every language; add untranslated copies "
                                        f"with: helpsite new page {name.removesuffix('.md')}"))
        for key in ("desk", "source_language"):
            values = {page.meta.get(key) for page in versions.values()}
            if len(values) > 1:
                problems.append(Problem(some.path, 1, 1, f"the language versions of {name} "
                                        f"disagree on {key}: {sorted(map(str, values))}"))
        for page in versions.values():
            desk = page.meta.get("desk")
            if desk is not None and desk not in data.desks:
                problems.append(page.front_matter.problem(
                    ("desk",), f"there is no desk {desk!r} (known: {', '.join(sorted(data.desks))})"))
            source = page.meta.get("source_language")
            if source is not None and source not in languages:
                problems.append(page.front_matter.problem(
                    ("source_language",), f"{source!r} is not one of the site's languages"))
    return problems


def unshown_lines(data: SiteData, languages: list[str]) -> list[Problem]:
    """A line limited to languages the site does not have would be shown nowhere."""
    return [data.documents[desk_id].problem(
                ("lines", index, "languages"),
                f"this line is shown in none of the site's languages ({', '.join(languages)})")
            for desk_id, desk in data.desks.items() for index, line in enumerate(desk.lines)
            if line.languages is not None and not set(line.languages) & set(languages)]


def named_countries(data: SiteData) -> dict[tuple[str, str], tuple[str, tuple]]:
    """Each country a sentence names, with the form it needs -> the desk and key path that
    first names it: ``from`` for the calls a fee covers, ``in`` for the holidays a service
    or band keeps. (A line's countries are labels, CLDR's bare names.)"""
    found: dict[tuple[str, str], tuple[str, tuple]] = {}
    for desk_id, desk in sorted(data.desks.items()):
        places = [(("fees", policy_id, "calls_from"), policy.calls_from, "from")
                  for policy_id, policy in desk.fees.items()]
        places += [(("services", service_id, "closed_on", "holidays"),
                    (service.closed_on.holidays,), "in")
                   for service_id, service in desk.services.items()
                   if service.closed_on and service.closed_on.holidays]
        places += [(("fees", policy_id, "bands", name, "holidays"), (band.holidays,), "in")
                   for policy_id, policy in desk.fees.items()
                   for name, band in policy.bands.items() if band.holidays]
        for key_path, codes, form in places:
            for code in codes:
                if "-" not in code:  # a subdivision's name is under regions:
                    found.setdefault((code, form), (desk_id, key_path))
    return found


def country_problems(data: SiteData, strings: Strings) -> list[Problem]:
    """A country a sentence names needs its name with the preposition the sentence needs
    ('in den Niederlanden', 'aus der Schweiz') in every language: one line for each missing
    in a language, where the other countries are, naming the desk that names it."""
    near, problems = RecordingStrings(strings), []
    keys = set(strings.keys())
    for (code, form), (desk_id, key_path) in sorted(named_countries(data).items()):
        if f"countries.{code}.{form}" in keys:
            continue
        where = data.documents[desk_id].problem(key_path, "")
        for lang in strings.languages:
            at = near.near(lang, f"countries.{code}.{form}")
            problems.append(Problem(
                at.path if at else f"data/i18n/{lang}.yaml", at.line if at else 1,
                at.column if at else 1,
                f"country {code} (desk {desk_id}, {where.path}:{where.line}:{where.column}) has "
                f"no {form!r} name here; add under countries: {code}: {{{form}: ...}} (its "
                "name with the preposition and article the sentence needs)"))
    return problems
