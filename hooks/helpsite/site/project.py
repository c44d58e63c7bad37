"""A whole help-site project: data, strings and pages, loaded and rendered up front.

Everything is rendered before a build writes anything, so a bad fact, a missing string
or a broken placeholder stops the build with every problem listed and the previous site
left as it was.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from helpsite.site.checks import label_advice, label_problems, translation_status
from helpsite.drift.findings import Finding
from helpsite.pages.contents import article_list
from helpsite.errors import Problem, SourceError
from helpsite.errors import TooMuchToRead
from helpsite.model.load import load_data
from helpsite.model.model import SiteData
from helpsite.model.types import Language, Slug
from helpsite.model.wording import schema_problems
from helpsite.model.context import Context
from helpsite.pages.render import PageProblem, render_body
from helpsite.pages.views import Deferred, status_markdown
from helpsite.sources.pagefile import PageSource, split_page
from helpsite.model.strings import Strings, load_strings
from helpsite.sources.yamlsource import read_source, top_level


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


@dataclass(frozen=True)
class Project:
    root: Path
    data: SiteData
    strings: Strings
    pages: dict[str, PageSource]  # docs-relative path, e.g. "de/onoffice.md"
    rendered: dict[str, str]
    findings: list[Finding] = field(default_factory=list)  # values that drifted
    outdated: list[Finding] = field(default_factory=list)  # translations of older sources

    @property
    def languages(self) -> list[str]:
        return self.strings.languages

    def articles(self) -> list[str]:
        """Language-neutral names of pages that declare a source language."""
        return sorted({path.split("/", 1)[1] for path, page in self.pages.items()
                       if page.meta.get("source_language")})


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


def _read_pages(docs: Path, root: Path, languages: list[str]
                ) -> tuple[dict[str, PageSource], set[str], list[Problem]]:
    """The pages that could be read, the names of those that could not, and why not."""
    pages: dict[str, PageSource] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    for file in sorted(docs.rglob("*.md")):
        relative = file.relative_to(docs).as_posix()
        page, page_problems = read_page(file, docs, root, languages)
        problems.extend(page_problems)
        if page is not None:
            pages[relative] = page
        elif relative.split("/", 1)[0] in languages and "/" in relative:
            broken.add(relative)
    return pages, broken, problems


def structure_problems(pages: dict[str, PageSource], broken: set[str], languages: list[str],
                        data: SiteData) -> list[Problem]:
    """Every page exists in every language and agrees on its desk and source language."""
    problems = []
    by_name: dict[str, dict[str, PageSource]] = {}
    for relative, page in pages.items():
        language, name = relative.split("/", 1)
        by_name.setdefault(name, {})[language] = page
    for name, versions in sorted(by_name.items()):
        some = next(iter(versions.values()))
        for language in languages:
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


def _unshown_lines(data: SiteData, languages: list[str]) -> list[Problem]:
    """A line limited to languages the site does not have would be shown nowhere."""
    return [data.documents[desk_id].problem(
                ("lines", index, "languages"),
                f"this line is shown in none of the site's languages ({', '.join(languages)})")
            for desk_id, desk in data.desks.items() for index, line in enumerate(desk.lines)
            if line.languages is not None and not set(line.languages) & set(languages)]


def checked_status(project: Project) -> tuple[list[Finding], list[Finding], dict]:
    """``translation_status``; a page with more values than any help page holds is the
    problem it is, at its line, as the build's and the preview's."""
    try:
        return translation_status(project)
    except TooMuchToRead as error:  # "docs/de/x.md:7: more than ... values"
        path, line, message = re.fullmatch(r"(.+?):(\d+): (.*)", str(error), re.DOTALL).groups()
        raise SourceError([Problem(path, int(line), 1, message)]) from None


def render_page(project: Project, relative: str, page: PageSource,
                contexts: dict[str, Context], summary: dict, reads: set[str] | None = None) -> str:
    """One page's Markdown with every fact filled in, in the language of its folder."""
    language = relative.split("/", 1)[0]
    ctx = contexts[language]
    return render_body(page, project.data, ctx, {
        "translation_status": Deferred(status_markdown, summary, ctx.strings, language),
        "articles": Deferred(article_list, project, language)}, reads)


def load_project(root: Path, docs_dir: str = "docs") -> Project:
    """Load, validate and render everything; raise ``SourceError`` listing every problem."""
    problems: list[Problem] = []
    data = strings = None
    advice: list[str] = []
    try:
        data = load_data(root)
    except SourceError as error:
        problems.extend(error.problems)
    try:
        strings = load_strings(root)
    except SourceError as error:
        problems.extend(error.problems)
        advice = error.advice
    if data is None or strings is None:
        raise SourceError(problems, advice)
    problems.extend(_unshown_lines(data, strings.languages))
    pages, broken, page_problems = _read_pages(root / docs_dir, root, strings.languages)
    problems.extend(page_problems)
    problems.extend(structure_problems(pages, broken, strings.languages, data))
    if problems:
        raise SourceError(problems)
    if not pages:  # nothing checked is not "all is well"
        raise SourceError([Problem(docs_dir, 1, 1, "there are no pages (docs/LANG/*.md); add "
                                   "one with: helpsite new page NAME")])
    project = Project(root, data, strings, pages, rendered={})
    findings, outdated, summary = checked_status(project)
    project.findings.extend(findings)
    project.outdated.extend(outdated)
    contexts = {language: Context(strings, language) for language in strings.languages}
    # Articles first: a page listing them ({{ articles }}) shows their rendered titles.
    for relative, page in sorted(pages.items(),
                                 key=lambda item: not item[1].meta.get("source_language")):
        try:
            project.rendered[relative] = render_page(project, relative, page, contexts, summary)
        except PageProblem as error:
            problems.append(error.problem)
    if problems:
        # Every missing fee label at once, not each page's first.
        raise SourceError(problems + label_problems(project.findings),
                          label_advice(project.findings))
    return project


def docs_folder(config_file: Path) -> str:
    """Where the pages are: the configuration's docs_dir (MkDocs' default: docs), relative
    to the project. check and the build read it here, and both refuse a folder outside the
    project (it would be published, and its links checked by nothing)."""
    root = config_file.parent
    found = top_level(config_file, config_file.name, "docs_dir") if config_file.is_file() else None
    if found is None:
        return "docs"
    folder, (line, column) = found
    path = Path(os.path.normpath(root.absolute() / folder))
    if path == root.absolute() or not path.is_relative_to(root.absolute()):
        raise SourceError([Problem(config_file.name, line, column, f"docs_dir {folder} is not a "
                                   "folder inside the project; keep the pages in one, e.g. docs")])
    return path.relative_to(root.absolute()).as_posix()


def source_fingerprint(root: Path, docs_dir: str = "docs") -> tuple:
    """What the project was loaded from: every source file's path, size and mtime. Equal
    fingerprints mean the loaded project is still current."""
    files = [*sorted((root / "data").rglob("*.yaml")), *sorted((root / docs_dir).rglob("*.md"))]
    return tuple((str(file), *stamp(file)) for file in files)


def stamp(file: Path | os.DirEntry) -> tuple[int, int]:
    """A file's size and modification time; (-1, -1) for one that cannot be read (a link
    to itself), which loading reports where it is."""
    try:
        status = file.stat()
    except OSError:
        return -1, -1
    return status.st_size, status.st_mtime_ns

