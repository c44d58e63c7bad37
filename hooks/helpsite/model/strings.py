"""Translated strings, one file per language: ``data/i18n/LANG.yaml``.

Keys are nested mappings, addressed with dots (``fees.block``). Every language must have
every key. A string may name values in braces (``{price}``); it must use exactly the values
the code gives it, so a translation cannot silently drop a price or a time.

A string may have forms in one language and be plain text in another:

- plural forms, one per CLDR plural category of the language (``one``/``other`` in German,
  ``one``/``many``/``other`` in French), chosen by the count the code gives;
- gender forms (``masculine``, ``feminine``, ...), chosen by the gender of the noun the
  sentence names: a noun string carries its own (``{text: Ligne d’urgence, gender:
  feminine}``), so the translator, not the code, says what a word's gender is.
"""

from __future__ import annotations

import functools
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from helpsite.errors import Problem, SourceError
from helpsite.sources.yamlsource import SourceDocument, parse_yaml, read_source


class StringError(Exception):
    """A string is missing or does not fit its values; the message says which and where."""


PLURALS = ("zero", "one", "two", "few", "many", "other")  # CLDR's plural categories
GENDERS = ("masculine", "feminine", "neuter", "common")
_NOUN = {"text", "gender"}


@dataclass(frozen=True)
class Entry:
    text: str  # a string with forms: its last form (a translator's example of it)
    path: str
    line: int
    column: int
    untranslated: bool = False  # copied from another language, awaiting translation
    forms: tuple[tuple[str, str], ...] = ()  # (plural category or gender, text)
    gender: str | None = None  # a noun's

    @property
    def kind(self) -> str:
        """'plural', 'gender' or '' (one text)."""
        return "" if not self.forms else "plural" if self.forms[0][0] in PLURALS else "gender"

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.forms] or [self.text]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Noun(str):
    """A noun's text that remembers its gender, for the sentence that names it to agree."""

    def __new__(cls, text: str, gender: str | None, where: str):
        noun = super().__new__(cls, text)
        noun.gender, noun.where = gender, where
        return noun


@functools.lru_cache(maxsize=64)
def _plural_rule(language: str):
    return Locale.parse(language).plural_form


def plural_categories(language: str) -> tuple[str, ...]:
    """CLDR's plural categories of ``language``, in CLDR's order: ('one', 'other') in German."""
    tags = _plural_rule(language).tags | {"other"}
    return tuple(category for category in PLURALS if category in tags)


def plural_category(language: str, count) -> str:
    return _plural_rule(language)(count)


# The mark `helpsite new` puts after a string copied from another language.
_UNTRANSLATED = re.compile(r"#\s*untranslated\s*$")


def flatten(document: SourceDocument, lines: list[str]) -> tuple[dict[str, Entry], list[Problem]]:
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []

    def marked(key_path: tuple) -> bool:
        line, column = document.locate(key_path)
        return bool(_UNTRANSLATED.search(lines[line - 1][column - 1:] if line <= len(lines)
                                         else ""))

    def entry(key_path: tuple, text: str, **extra) -> None:
        # A string with forms is where its key is, marked where a form is.
        forms = [key_path + (name,) for name, _ in extra.get("forms", ())]
        line, column = (document.key_positions.get(key_path) if forms else None) \
            or document.locate(key_path)
        entries[".".join(map(str, key_path))] = Entry(
            text, document.path, line, column, any(map(marked, forms or [key_path])), **extra)

    def text_of(value, key_path: tuple) -> str:
        if not isinstance(value, str):
            problems.append(document.problem(key_path, f"expected text, got {value!r}"))
            return str(value)
        problems.extend(document.problem(key_path, message) for message in _field_problems(value))
        return value

    def walk(value, key_path: tuple) -> None:
        kind = forms_kind(value)
        if kind == "noun":
            gender = value.get("gender")
            if gender not in GENDERS:
                problems.append(document.problem(key_path + ("gender",), (
                    f"gender {gender!r} is not one of {', '.join(GENDERS)}; write the noun's "
                    "gender") if "gender" in value else "a noun with a text gives its gender "
                    f"(gender: one of {', '.join(GENDERS)})"))
            entry(key_path, text_of(value.get("text"), key_path + ("text",)),
                  gender=gender if gender in GENDERS else None)
        elif kind:
            known = PLURALS if kind == "plural" else GENDERS
            for name in value:
                if name not in known:
                    problems.append(document.key_problem(key_path + (name,), (
                        f"{name!r} is not a {kind} form; the forms of this string are "
                        f"{', '.join(known)}")))
            forms = tuple((name, text_of(text, key_path + (name,)))
                          for name in known for text in [value.get(name)] if name in value)
            if forms:
                entry(key_path, forms[-1][1], forms=forms)
        elif isinstance(value, dict):
            for key, child in value.items():
                if "." in str(key):  # "fees.block" would clash with fees: {block: ...}
                    problems.append(document.key_problem(
                        key_path + (key,), f"key {key!r} contains '.'; nest the keys instead"))
                    continue
                walk(child, key_path + (key,))
        else:
            entry(key_path, text_of(value, key_path))

    walk(document.data, ())
    return entries, problems


def forms_kind(value) -> str:
    """What a mapping in a strings file is: a noun with its gender, plural or gender forms
    of one string (any key naming a form makes it one), or '' (keys nested further)."""
    if not isinstance(value, dict) or not value:
        return ""
    if "text" in value and set(value) <= _NOUN:
        return "noun"
    if set(value) & set(PLURALS):
        return "plural"
    return "gender" if set(value) & set(GENDERS) else ""


def form_problems(language: str, entries: dict[str, Entry],
                  document: SourceDocument) -> list[Problem]:
    """Plural forms give exactly the categories of the language's CLDR plural rule; gender
    forms give every gender the language's nouns have."""
    problems = []
    categories = plural_categories(language)
    nouns: dict[str, str] = {}  # gender -> the first noun that has it
    for key, entry in entries.items():
        if entry.gender:
            nouns.setdefault(entry.gender, f"{key!r} at {entry.where}")
    for key, entry in sorted(entries.items()):
        given = [name for name, _ in entry.forms]
        if entry.kind == "plural":
            lacking = [name for name in categories if name not in given]
            if lacking:
                problems.append(document.key_problem(tuple(key.split(".")), (
                    f"string {key!r} lacks the plural form(s) {', '.join(lacking)}; add them "
                    f"(CLDR's plural categories of {language}: {', '.join(categories)})")))
            problems.extend(document.key_problem(tuple(key.split(".")) + (name,), (
                f"{language} has no plural category {name!r}; delete this form (CLDR's "
                f"categories of {language}: {', '.join(categories)})"))
                for name in given if name not in categories)
        elif entry.kind == "gender":
            problems.extend(document.key_problem(tuple(key.split(".")), (
                f"string {key!r} has no {gender} form, but {noun} is {gender}; add one"))
                for gender, noun in sorted(nouns.items()) if gender not in given)
    return problems


def _field_problems(text: str) -> list[str]:
    """A string names values as plain {name}; a lone brace, a format ({price:>9}) or a
    conversion ({price!r}) would fail or let a translation make a huge text."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        return [f"{error}; write a brace as {{{{ or }}}}"]
    return [f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} "
            f"is not a plain value name; write {{name}}"
            for _, name, spec, conversion in fields
            if name is not None and (not name.isidentifier() or spec or conversion)]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class Strings:
    def __init__(self, entries: dict[str, dict[str, Entry]]):
        self._entries = entries

    @property
    def languages(self) -> list[str]:
        return sorted(self._entries)

    def keys(self) -> list[str]:
        return sorted(set().union(*(entries.keys() for entries in self._entries.values())))

    def entry(self, language: str, key: str) -> Entry:
        try:
            return self._entries[language][key]
        except KeyError:
            raise StringError(f"string {key!r} is missing in data/i18n/{language}.yaml; add "
                              "it there") from None

    def noun(self, language: str, key: str) -> Noun:
        entry = self.entry(language, key)
        if entry.forms:
            raise StringError(f"{entry.where}: string {key!r} names a thing; write it as "
                              "one text (with its gender where sentences agree with it)")
        return Noun(entry.text, entry.gender, entry.where)

    def format(self, language: str, key: str, count=None, **values: str) -> str:
        """The string with ``values`` filled in: of a string with forms, the form for
        ``count`` (plural) or for the gender of the noun among ``values``."""
        entry = self.entry(language, key)
        text = self._form(language, key, entry, count, values)
        used, given = fields(text), set(values)
        if used != given:
            where = entry.where
            wrong = ", ".join(f"{{{name}}}" for name in sorted(used - given))
            lost = ", ".join(f"{{{name}}}" for name in sorted(given - used))
            detail = "; ".join(filter(None, [
                wrong and f"names nothing: {wrong}", lost and f"leaves out {lost}"]))
            raise StringError(f"{where}: string {key!r} {detail}")
        return text.format(**values)

    @staticmethod
    def _form(language: str, key: str, entry: Entry, count, values: dict) -> str:
        forms = dict(entry.forms)
        if entry.kind == "plural":
            if count is None:
                raise StringError(f"{entry.where}: string {key!r} has plural forms, but is "
                                  "given no count; write it as one text")
            return forms[plural_category(language, count)]
        if entry.kind == "gender":
            nouns = [value for value in values.values() if isinstance(value, Noun)]
            if len(nouns) != 1:
                raise StringError(f"{entry.where}: string {key!r} has gender forms, but names "
                                  f"{len(nouns)} nouns; write it as one text")
            if nouns[0].gender not in forms:
                raise StringError(
                    f"{nouns[0].where}: {nouns[0]!s} gives no gender, which string {key!r} at "
                    f"{entry.where} agrees with; write it as {{text: ..., gender: ...}}"
                    if nouns[0].gender is None else
                    f"{entry.where}: string {key!r} has no {nouns[0].gender} form; add one")
            return forms[nouns[0].gender]
        return entry.text


class RecordingStrings(Strings):
    """Strings that note a missing key and go on, so that one run finds every string a
    fee needs, in every language: ``missing[language][key]`` holds the values it is given."""

    def __init__(self, strings: Strings):
        super().__init__(strings._entries)
        self.missing: dict[str, dict[str, list[str]]] = {}

    def format(self, language: str, key: str, count=None, **values: str) -> str:
        if key not in self._entries.get(language, {}):
            self.missing.setdefault(language, {})[key] = sorted(values)
            return key
        return super().format(language, key, count, **values)

    def near(self, language: str, key: str) -> Entry | None:
        """The string of ``language`` nearest to where ``key`` belongs: the one sharing the
        longest part of its key path."""
        def shared(other: str) -> int:
            return len([1 for a, b in zip(other.split("."), key.split(".")) if a == b])
        entries = self._entries.get(language, {})
        return entries[max(entries, key=shared)] if entries else None


def paste_block(missing: dict[str, str]) -> list[str]:
    """YAML lines adding the ``missing`` keys (dotted key -> what follows "key: "), nested as
    in the strings files."""
    lines: list[str] = []
    written: list[str] = []
    for key, value in sorted(missing.items()):
        *parents, leaf = key.split(".")
        common = 0
        while common < min(len(written), len(parents)) and written[common] == parents[common]:
            common += 1
        lines += [f"{'  ' * depth}{parents[depth]}:" for depth in range(common, len(parents))]
        lines.append(f"{'  ' * len(parents)}{leaf}: {value}")
        written = parents
    return lines


def to_write(values: list[str]) -> str:
    """A value for a string no language has yet: empty, with the values it may use."""
    uses = f"; it may use {', '.join('{' + name + '}' for name in values)}" if values else ""
    return f'""  # write the text{uses}'


def _language_files(root: Path) -> list[Path]:
    return sorted((root / "data" / "i18n").glob("*.yaml"))


def site_languages(root: Path) -> list[str]:
    """The site's languages: one strings file each."""
    return [file.stem for file in _language_files(root)]


def load_strings(root: Path) -> Strings:
    """Load ``data/i18n/*.yaml``; every language must define the same keys."""
    files = _language_files(root)
    if not files:
        raise SourceError([Problem("data/i18n", 1, 1, "no language files (LANG.yaml) found")])
    entries: dict[str, dict[str, Entry]] = {}
    documents: dict[str, SourceDocument] = {}
    problems: list[Problem] = []
    for file in files:
        try:
            text = read_source(file, file.relative_to(root).as_posix())
            documents[file.stem] = parse_yaml(text, file.relative_to(root).as_posix())
        except SourceError as error:
            problems.extend(error.problems)
            continue
        entries[file.stem], flatten_problems = flatten(documents[file.stem], text.splitlines())
        problems.extend(flatten_problems)
        problems.extend(form_problems(file.stem, entries[file.stem], documents[file.stem]))
    all_keys = set().union(*(language.keys() for language in entries.values()))
    missing: dict[str, dict[str, str]] = {}
    for key in sorted(all_keys):
        have = {lang: found[key] for lang, found in entries.items() if key in found}
        example = next(iter(have.values()))
        for lang in sorted(set(entries) - set(have)):
            # Placed in the file that lacks it, where its parent key is.
            problems.append(documents[lang].problem(
                tuple(key.split(".")), f"string {key!r} is missing here (it is at "
                f"{example.path}:{example.line}:{example.column}); add it (the YAML below)"))
            if not any(other.startswith(f"{key}.") for other in all_keys):  # a string, not
                missing.setdefault(lang, {})[key] = (  # a mapping another file has as one
                    f"{json.dumps(example.text, ensure_ascii=False)}  # untranslated")
    if problems:
        raise SourceError(problems, advice=[
            line for lang, keys in sorted(missing.items()) for line in [
                f"add to data/i18n/{lang}.yaml (merge with the keys it has; translate each "
                "value, then delete its mark):", *(f"    {text}" for text in paste_block(keys))]])
    return Strings(entries)
