"""Scaffolding: ``helpsite new page|language|desk`` writes every file and key one needs.

A new language gets a copy of the source language's strings and pages; a new page gets a
file in every language; a new desk gets its data file and its strings in every language.
Text copied from another language is marked as awaiting translation: a page by
``untranslated: true`` in its front matter, a string by the comment ``# untranslated``.

Each command plans all its changes first, writes them, then loads the whole project; if
that fails, every file is put back as it was and the problems are reported.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import yaml
from babel import Locale, UnknownLocaleError
from pydantic import TypeAdapter, ValidationError

from helpsite.site import schema
from helpsite.sources import writes, yamledit
from helpsite.site.copies import UNTRANSLATED, copy_of, unedited
from helpsite.errors import Problem, SourceError
from helpsite.drift.extract import default_region
from helpsite.model.types import Slug, TimeZone
from helpsite.site.project import Project, load_project
from helpsite.sources.pagefile import split_page
from helpsite.model.strings import flatten, plural_categories, site_languages
from helpsite.sources.yamlsource import parse_yaml

CONFIG = "mkdocs.yml"


class ScaffoldError(Exception):
    """The command cannot run; the message says why and what to do."""


@dataclass
class Plan:
    """Files to write (root-relative path -> full text) and what to tell the writer."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def apply(self) -> Project:
        """Write every file, then prove the project still loads; on failure restore all."""
        try:
            undo = writes.write_files(self.root, self.files)
        except SourceError as error:
            raise ScaffoldError(str(error)) from None
        try:
            return load_project(self.root)
        except BaseException as error:
            undo()
            if isinstance(error, SourceError):
                raise ScaffoldError(f"{error}\nthe result would not build, so nothing was "
                                    "changed") from None
            raise


def _languages(root: Path) -> tuple[str, yaml.SequenceNode, yaml.Node]:
    """mkdocs.yml's text, its list of languages, and the default language's entry."""
    if not (root / CONFIG).is_file():
        raise ScaffoldError(f"no {CONFIG} in {root.resolve()}; run this in the project's folder "
                            "or give it with --root")
    text = (root / CONFIG).read_text(encoding="utf-8")
    try:
        config = yamledit.compose(text, CONFIG)
    except SourceError as error:
        raise ScaffoldError(str(error)) from None
    languages = yamledit.find(config, ("plugins", yamledit.has_key("i18n"), "i18n", "languages"))
    if not isinstance(languages, yaml.SequenceNode) or not languages.value:
        raise ScaffoldError(f"{CONFIG}: no 'plugins: - i18n: languages:' list; add the "
                            "mkdocs-static-i18n plugin with the site's languages first")
    default = next((entry for entry in languages.value
                    if yamledit.scalar(entry, ("default",)) == "true"), languages.value[0])
    return text, languages, default


def default_language(root: Path) -> str:
    """The site's default language: the source of new pages and languages."""
    return yamledit.scalar(_languages(root)[2], ("locale",))


class Site:
    """The project as it is now: its loaded sources and its mkdocs.yml."""

    def __init__(self, root: Path):
        self.root = root
        self.config_text, self.languages_node, self.default = _languages(root)
        try:
            self.project = load_project(root)
        except SourceError as error:
            raise ScaffoldError(f"{error}\nfix the problems above first; nothing was changed")
        self.default_language = yamledit.scalar(self.default, ("locale",))

    def strings_text(self, language: str) -> str:
        return (self.root / "data" / "i18n" / f"{language}.yaml").read_text(encoding="utf-8")

    def page_names(self) -> list[str]:
        return sorted(path.split("/", 1)[1] for path in self.project.pages
                      if path.startswith(f"{self.default_language}/"))

    def schema_files(self, plan: Plan) -> None:
        """Keep the editor schema of the strings in step with new keys, where there is one."""
        if (self.root / schema.FOLDER).is_dir():
            path = f"data/i18n/{self.default_language}.yaml"
            text = plan.files.get(path) or self.strings_text(self.default_language)
            plan.files[schema.STRINGS_FILE] = schema.dump(
                schema.strings_schema(parse_yaml(text, path).data, self.default_language))


def _theme_languages(root: Path, config_text: str) -> set[str]:
    """The languages the theme can write its own labels in: Material's translations, and
    any the project adds in its custom_dir (partials/languages/LL.html)."""
    theme = importlib.util.find_spec("material")
    folders = [Path(theme.origin).parent / "templates" / "partials" / "languages"] if theme else []
    custom = yamledit.scalar(yamledit.compose(config_text, CONFIG), ("theme", "custom_dir"))
    if custom:
        folders.append(root / custom / "partials" / "languages")
    return {file.stem for folder in folders if folder.is_dir() for file in folder.glob("*.html")}


def _stemmers() -> set[str]:
    """The languages lunr can stem for the search plugin: English, built in, and those whose
    stemmer Material ships (lunr.LL.min.js) and MkDocs's lang: option accepts (it drops the
    others, such as el, and searches them in English)."""
    def shipped(package: str, folder: str, suffix: str) -> set[str]:
        spec = importlib.util.find_spec(package)
        files = (Path(spec.origin).parent / folder).glob(f"lunr.*{suffix}") if spec else []
        return {code for file in files
                if re.fullmatch(r"[a-z]{2}", code := file.name.removeprefix("lunr.")
                                .removesuffix(suffix))}

    return {"en"} | (shipped("material", "templates/assets/javascripts/lunr/min", ".min.js")
                     & shipped("mkdocs", "contrib/search/lunr-language", ".js"))


def _with_stemmer(text: str, code: str) -> tuple[str, str]:
    """mkdocs.yml's text with ``code`` added to the search plugin's ``lang:`` list, and what
    to tell the writer; the text unchanged where it cannot be."""
    lang = yamledit.find(yamledit.compose(text, CONFIG),
                         ("plugins", yamledit.has_key("search"), "search", "lang"))
    if code not in _stemmers():
        return text, (f"search in {code} finds whole words only: lunr has no stemmer for it, "
                      f"so it is not in the search plugin's lang: list")
    if not isinstance(lang, yaml.SequenceNode) or not lang.value:
        return text, (f"{CONFIG} names no 'plugins: - search: lang:' list, so the search uses "
                      f"the theme's language; add {code} to such a list to stem {code} words")
    if code in {item.value for item in lang.value}:
        return text, f"the search already stems {code}"
    if lang.flow_style:  # [de, it]: the new code before the closing bracket
        end = lang.value[-1].end_mark.index
        return text[:end] + f", {code}" + text[end:], f"added {code} to the search stemmers"
    return (yamledit.append_to_sequence(text, lang, [code]),
            f"added {code} to the search stemmers")


def _address(name: str) -> str:
    """The address a page name (docs/LANG/NAME.md) is published at, within its language."""
    return name.removesuffix("index").rstrip("/") if name.split("/")[-1] == "index" else name


def _check_address(root: Path, name: str) -> None:
    """A new page may not take the address of a language's home or of another page."""
    languages = site_languages(root)
    if name.split("/")[0] in languages:
        raise ScaffoldError(f"a page named {name!r} would have the address of the "
                            f"{name.split('/')[0]!r} language's pages; choose another name")
    for language in languages:
        for page in sorted((root / "docs" / language).rglob("*.md")):
            other = page.relative_to(root / "docs" / language).with_suffix("").as_posix()
            if other != name and _address(other) == _address(name):
                raise ScaffoldError(f"docs/{language}/{other}.md has the address that "
                                    f"{name!r} would have; choose another name")


def untranslated(project: Project) -> list[Problem]:
    """Every copy still marked as awaiting translation, where its mark is."""
    problems = [page.front_matter.problem(
        (UNTRANSLATED,), "not translated yet: translate the page and delete this line"
        + (f", then run helpsite confirm {page.path}" if page.meta.get("source_language") else ""))
        for _, page in sorted(project.pages.items()) if page.meta.get(UNTRANSLATED)]
    strings = project.strings
    for language in strings.languages:
        for key in strings.keys():
            entry = strings.entry(language, key)
            if entry.untranslated:
                problems.append(Problem(entry.path, entry.line, entry.column,
                                        f"string {key!r} is not translated yet: translate it "
                                        f"and delete the '# {UNTRANSLATED}' mark"))
    return problems


def _check_id(value: str, what: str) -> str:
    try:
        return TypeAdapter(Slug).validate_python(value)
    except ValidationError as error:
        raise ScaffoldError(f"{what} {error.errors()[0]['msg'].removeprefix('Value error, ')}")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def new_language(root: Path, code: str) -> Plan:
    if not re.fullmatch(r"[a-z]{2}", code):
        raise ScaffoldError(f"{code!r} is not a two-letter language code; use a lower-case "
                            "ISO 639-1 code such as fr, en or nl")
    try:
        locale = Locale.parse(code)
    except UnknownLocaleError:
        raise ScaffoldError(f"{code!r} is not a language CLDR knows, so dates, times and money "
                            "could not be written in it; check the code (e.g. fr, en, nl)") from None
    theme = _theme_languages(root, _languages(root)[0])
    if code not in theme:
        raise ScaffoldError(f"the theme has no translation for {code!r} (partials/languages/"
                            f"{code}.html), so the site would not build; codes it has: "
                            f"{', '.join(sorted(lang for lang in theme if len(lang) == 2))}")
    site = Site(root)
    if code in site.project.languages:
        raise ScaffoldError(f"the site already has {code!r}: data/i18n/{code}.yaml exists")
    if (root / "docs" / code).exists():
        raise ScaffoldError(f"docs/{code}/ already exists; move it away or remove it first")
    clash = next((name for name in site.page_names() if name.split("/")[0] in (code, f"{code}.md")),
                 None)
    if clash is not None:
        raise ScaffoldError(f"docs/{site.default_language}/{clash} has the address /{code}/, the "
                            f"new language's home page; rename it first")
    plan, default = Plan(root), site.default_language
    name = locale.get_display_name(code)
    plan.files[f"data/i18n/{code}.yaml"] = _strings_copy(site, code, locale)
    for page_name in site.page_names():
        page = site.project.pages[f"{default}/{page_name}"]
        source_lang = page.meta.get("source_language")
        source = site.project.pages[f"{source_lang}/{page_name}"] if source_lang else page
        plan.files[f"docs/{code}/{page_name}"] = copy_of(source.text, bool(source_lang))
    config = yamledit.compose(site.config_text, CONFIG)
    # The site's name and description in the default language, to translate.
    texts = [f"{key}: {_quoted(text)}  # {UNTRANSLATED}" for key in ("site_name", "site_description")
             for text in [yamledit.scalar(site.default, (key,)) or yamledit.scalar(config, (key,))]
             if text]
    config_text = yamledit.append_to_sequence(site.config_text, site.languages_node, [
        f"locale: {_quoted(code)}", f"name: {_quoted(name[:1].upper() + name[1:])}", *texts,
        "build: true"])
    plan.files[CONFIG], search_note = _with_stemmer(config_text, code)
    plan.notes += [
        f"added {locale.get_display_name('en')} ({code}): data/i18n/{code}.yaml, "
        f"{len(site.page_names())} page(s) in docs/{code}/ and its entry in {CONFIG}",
        search_note,
        f"next: translate the values marked '# {UNTRANSLATED}' in data/i18n/{code}.yaml and "
        f"in {CONFIG}",
        f"then translate each page in docs/{code}/, delete its 'untranslated: true' line and run "
        f"helpsite confirm docs/{code}/PAGE.md"]
    return plan


def _strings_copy(site: Site, code: str, locale: Locale) -> str:
    default = site.default_language
    text = yamledit.mark_values(_plurals_for(site.strings_text(default), default, code),
                                f"data/i18n/{default}.yaml", UNTRANSLATED)
    # The source's opening comment describes the source; the copy gets its own, after the
    # line naming the schema, which editors read only before the first key.
    lines = text.splitlines(keepends=True)
    modeline = "".join(line for line in lines[:1] if line.startswith("# yaml-language-server:"))
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    text = "".join(lines)
    return (f"{modeline}# {locale.get_display_name('en')} strings, copied from {default}.yaml by "
            f"'helpsite new language {code}'.\n# Translate each value marked "
            f"'# {UNTRANSLATED}', then delete the mark.\n{text}")


def _plurals_for(text: str, source: str, code: str) -> str:
    """The source's strings with each plural string's forms made the new language's CLDR
    categories: a category it lacks gets a copy of the 'other' form, one it does not have
    goes, so the copy loads and the translator sees every form to write."""
    path = f"data/i18n/{source}.yaml"
    document = parse_yaml(text, path)
    entries, _ = flatten(document, text.splitlines())
    lines = text.splitlines(keepends=True)
    wanted = plural_categories(code)
    edits: list[tuple[int, list[str]]] = []  # (line index, the lines replacing it)
    for key, entry in entries.items():
        if entry.kind != "plural":
            continue
        key_path = tuple(key.split("."))
        rows = {name: document.key_positions[key_path + (name,)][0] - 1 for name, _ in entry.forms}
        other = lines[rows["other"]]
        indent = other[:len(other) - len(other.lstrip())]
        for name in rows:
            if name not in wanted:
                edits.append((rows[name], []))
        added = [f"{indent}{name}: {other.lstrip().partition(': ')[2]}" for name in wanted
                 if name not in rows]
        edits.append((rows["other"], added + [other]))
    for row, replacement in sorted(edits, reverse=True):
        lines[row:row + 1] = replacement
    return "".join(lines)


def refresh_copies(root: Path, language: str, names: list[str], force: bool = False) -> Plan:
    """Each untranslated copy of ``language`` (or the named ones) made again from its
    source's current text. A copy someone has edited is kept unless ``force``."""
    site = Site(root)
    if language not in site.project.languages:
        raise ScaffoldError(f"the site has no language {language!r} (it has: "
                            f"{', '.join(site.project.languages)})")
    pages = site.project.pages
    wanted = [f"{language}/{name.removesuffix('.md')}.md" for name in names] or sorted(
        path for path, page in pages.items()
        if path.startswith(f"{language}/") and page.meta.get(UNTRANSLATED))
    plan = Plan(root)
    for relative in wanted:
        page = pages.get(relative)
        source_lang = page.meta.get("source_language") if page else None
        if page is None:
            raise ScaffoldError(f"docs/{relative} does not exist; name a page of docs/{language}/ "
                                "without .md, e.g. faq or billing/invoices")
        if not page.meta.get(UNTRANSLATED) or source_lang in (None, language):
            what = ("is translated (it has no 'untranslated: true')" if source_lang not in
                    (None, language) else "is not a copy of another language's page")
            if names:
                raise ScaffoldError(f"{page.path} {what}; only untranslated copies are refreshed")
            continue
        if not unedited(page) and not force:
            message = (f"{page.path} was edited since it was copied, and shows its own text; "
                       "translate it and delete its 'untranslated: true' line, or drop the "
                       f"edits with: helpsite translations refresh {language} "
                       f"{relative.split('/', 1)[1].removesuffix('.md')} --force")
            if names:
                raise ScaffoldError(message)
            plan.notes.append(f"left as it was: {message}")
            continue
        source = pages[f"{source_lang}/{relative.split('/', 1)[1]}"]
        text = copy_of(source.text, True)
        if text != page.text:
            plan.files[page.path] = text
    if not plan.files:
        plan.notes.append(f"every untranslated copy in docs/{language}/ is already its source's "
                          "current text" if not plan.notes else "nothing else to refresh")
    return plan


def new_page(root: Path, name: str, desk: str | None = None,
             source_language: str | None = None, title: str | None = None) -> Plan:
    # "topic/name": a page in a topic folder, which the menu shows as one entry (README:
    # Topics); the topic's own page, which names it, is made with its first article.
    *topics, leaf = name.removesuffix(".md").split("/")
    if len(topics) > 1:
        raise ScaffoldError(f"{name!r}: one topic folder at most, as in billing/refunds")
    name = "/".join([*(_check_id(topic, "the topic name") for topic in topics),
                     _check_id(leaf, "the page name")])
    _check_address(root, name)
    plan = _new_page(root, name, desk, source_language, title)
    if topics and leaf != "index" and not (root / "docs" / default_language(root) / topics[0]
                                           / "index.md").exists():
        _check_address(root, f"{topics[0]}/index")
        topic = _new_page(root, f"{topics[0]}/index", None, source_language,
                          topics[0].replace("-", " ").replace("_", " ").capitalize())
        plan.files.update(topic.files)
        plan.notes.insert(0, f"added the topic {topics[0]}/ with its page index.md, which "
                             "names it in the menu")
    return plan


def _new_page(root: Path, name: str, desk: str | None, source_language: str | None,
              title: str | None) -> Plan:
    leaf = name.rsplit("/", 1)[-1]
    languages = site_languages(root)
    present = [lang for lang in languages if (root / "docs" / lang / f"{name}.md").exists()]
    if present and len(present) < len(languages):
        if desk or source_language or title:
            raise ScaffoldError(f"docs/{present[0]}/{name}.md exists already; run "
                                f"'helpsite new page {name}' alone to add the missing languages")
        return _missing_copies(root, name, languages, present)
    site = Site(root)
    source_language = source_language or site.default_language
    if source_language not in languages:
        raise ScaffoldError(f"--source-language {source_language!r} is not one of the site's "
                            f"languages: {', '.join(languages)}")
    if desk is not None and desk not in site.project.data.desks:
        raise ScaffoldError(f"there is no desk {desk!r} (known: "
                            f"{', '.join(sorted(site.project.data.desks))}); "
                            f"create it with: helpsite new desk {desk}")
    existing = [f"docs/{lang}/{name}.md" for lang in languages
                if (root / "docs" / lang / f"{name}.md").exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists; choose another name")
    front = ([f"desk: {desk}"] if desk else []) + [f"source_language: {source_language}"]
    heading = title or leaf.replace("-", " ").replace("_", " ").capitalize()
    # Placeholders run inside comments too: name only what every desk has.
    hint = (f"Facts come from data/desks/{desk}.yaml through placeholders such as "
            "{{ desk.name }} (README: Placeholders in pages)." if desk else "Write the page here.")
    source_text = "---\n" + "\n".join(front) + f"\n---\n\n# {heading}\n\n<!-- {hint} -->\n"
    plan = Plan(root)
    plan.files[f"docs/{source_language}/{name}.md"] = source_text
    for language in languages:
        if language != source_language:
            plan.files[f"docs/{language}/{name}.md"] = copy_of(source_text, True)
    plan.notes += [
        f"added docs/{source_language}/{name}.md and untranslated copies in "
        f"{', '.join(lang for lang in languages if lang != source_language)}; "
        "home pages with {{ articles }} list it",
        f"next: write docs/{source_language}/{name}.md (the copies show it until translated); "
        f"to translate one, run helpsite translations refresh LANG {name}, translate "
        f"docs/LANG/{name}.md, delete its 'untranslated: true' line and run helpsite confirm "
        f"docs/LANG/{name}.md"]
    return plan


def _missing_copies(root: Path, name: str, languages: list[str], present: list[str]) -> Plan:
    """A page that exists in some languages: untranslated copies of its source for the rest."""
    default = default_language(root)
    first = f"docs/{present[0]}/{name}.md"
    try:
        meta = split_page((root / first).read_text(encoding="utf-8"), first).meta
    except SourceError as error:
        raise ScaffoldError(f"{error}\nfix the problems above first; nothing was changed")
    source_lang = meta.get("source_language") or (default if default in present else present[0])
    source = root / "docs" / str(source_lang) / f"{name}.md"
    if not source.exists():
        raise ScaffoldError(f"{first} was written in {source_lang!r} (source_language), but "
                            f"docs/{source_lang}/{name}.md does not exist; write it first")
    plan, text = Plan(root), source.read_text(encoding="utf-8")
    missing = [lang for lang in languages if lang not in present]
    for language in missing:
        plan.files[f"docs/{language}/{name}.md"] = copy_of(
            text, bool(meta.get("source_language")))
    plan.notes.append(f"added untranslated copies of docs/{source_lang}/{name}.md in "
                      f"{', '.join(missing)}; translate them, delete their 'untranslated: true' "
                      f"line and run helpsite confirm docs/LANG/{name}.md")
    return plan


# Above the data, which is written as YAML data (never spliced text): what to do with it.
DESK_HEADER = """\
# Desk {desk_id}: created by 'helpsite new desk {desk_id}'. The number, e-mail address and
# hours are EXAMPLES: replace them with the desk's real facts before publishing
# (README: The desk file).
"""


def _desk_skeleton(name: str, timezone: str, languages: list[str], country: str) -> dict:
    """A desk that builds: every language of the site, a support service with office hours,
    an example number of the site's country that serves it, and an example e-mail."""
    number = phonenumbers.format_number(phonenumbers.example_number(country),
                                        phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return {
        "name": name, "timezone": timezone, "languages": languages,
        "email": "support@example.org",
        "services": {"support": {"purpose": "support",
                                 "hours": [{"days": "mon-fri", "from": "09:00", "to": "17:00"}]}},
        "lines": [{"number": number, "countries": [country], "services": ["support"]}],
    }


def new_desk(root: Path, desk_id: str, name: str | None = None,
             timezone: str | None = None) -> Plan:
    desk_id = _check_id(desk_id, "the desk id")
    name = name or desk_id
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in name):
        raise ScaffoldError(f"--name {name!r} holds a line break or control character; give "
                            "the name as one line of text")
    site = Site(root)
    desks = site.project.data.desks
    if desk_id in desks:
        raise ScaffoldError(f"data/desks/{desk_id}.yaml already exists; choose another id")
    timezone = timezone or (desks[min(desks)].timezone if desks else "Europe/Berlin")
    try:
        TypeAdapter(TimeZone).validate_python(timezone)
    except ValidationError as error:
        raise ScaffoldError(f"--timezone {error.errors()[0]['msg'].removeprefix('Value error, ')}")
    plan = Plan(root)
    modeline = f"{schema.modeline(schema.DESK_FILE)}\n" if (root / schema.FOLDER).is_dir() else ""
    # The site's language first: it is the one `helpsite fee` speaks for the desk.
    languages = [site.default_language, *(lang for lang in site.project.languages
                                          if lang != site.default_language)]
    country = default_region(site.default_language)
    plan.files[f"data/desks/{desk_id}.yaml"] = modeline + DESK_HEADER.format(desk_id=desk_id) \
        + yaml.safe_dump(_desk_skeleton(name, timezone, languages, country), sort_keys=False,
                         default_flow_style=None, allow_unicode=True, width=1000)
    untranslated = []
    for language in site.project.languages:
        path = f"data/i18n/{language}.yaml"
        label, marked = _service_label(site, language, "support")
        if marked:
            untranslated.append(path)
        plan.files[path] = _add_service_string(site.strings_text(language), path, desk_id,
                                               label, marked)
    site.schema_files(plan)
    plan.notes += [f"added data/desks/{desk_id}.yaml and the name of its service in every "
                   f"data/i18n/LANG.yaml (services.{desk_id}.support)"]
    if untranslated:
        plan.notes.append(f"next: translate the values marked '# {UNTRANSLATED}' in "
                          + ", ".join(untranslated))
    plan.notes.append(f"next: put the real facts into data/desks/{desk_id}.yaml; add a page with "
                      f"helpsite new page NAME --desk {desk_id}")
    return plan


def _service_label(site: Site, language: str, service_id: str) -> tuple[str, bool]:
    """The language's existing name of a service with this id at another desk, with its
    gender where it has one, so a new desk starts translated; else the id itself, marked
    untranslated."""
    strings = site.project.strings
    known = [key for key in strings.keys()
             if key.startswith("services.") and key.endswith(f".{service_id}")]
    if known:
        entry = strings.entry(language, known[0])
        return (f"{{text: {_quoted(entry.text)}, gender: {entry.gender}}}" if entry.gender
                else _quoted(entry.text)), False
    return _quoted(service_id), True


def _add_service_string(text: str, path: str, desk_id: str, label: str, marked: bool) -> str:
    root = yamledit.compose(text, path)
    services = yamledit.find(root, ("services",))
    value = f"support: {label}" + (f"  # {UNTRANSLATED}" if marked else "")
    if isinstance(services, yaml.MappingNode) and services.value:
        return yamledit.append_to_mapping(text, services, desk_id, [value])
    return text.rstrip("\n") + f"\nservices:\n  {desk_id}:\n    {value}\n"
