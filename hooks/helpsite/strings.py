"""Translated strings, one file per language: ``data/i18n/LANG.yaml``.

Keys are nested mappings, addressed with dots (``fees.block``). Every language must have
every key. A string may name values in braces (``{price}``); it must use exactly the values
the code gives it, so a translation cannot silently drop a price or a time.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, SourceError
from .yamlsource import SourceDocument, parse_yaml, read_source


class StringError(Exception):
    """A string is missing or does not fit its values; the message says which and where."""


@dataclass(frozen=True)
class Entry:
    text: str
    path: str
    line: int
    column: int
    untranslated: bool = False  # copied from another language, awaiting translation


# The mark `helpsite new` puts after a string copied from another language.
_UNTRANSLATED = re.compile(r"#\s*untranslated\s*$")


def _flatten(document: SourceDocument, lines: list[str]) -> tuple[dict[str, Entry], list[Problem]]:
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []

    def walk(value, key_path: tuple) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if "." in str(key):  # "fees.block" would clash with fees: {block: ...}
                    problems.append(document.key_problem(
                        key_path + (key,), f"key {key!r} contains '.'; nest the keys instead"))
                    continue
                walk(child, key_path + (key,))
        else:
            if not isinstance(value, str):
                problems.append(document.problem(key_path, f"expected text, got {value!r}"))
            else:
                problems.extend(document.problem(key_path, message)
                                for message in _field_problems(value))
            line, column = document.locate(key_path)
            rest = lines[line - 1][column - 1:] if line <= len(lines) else ""
            entries[".".join(map(str, key_path))] = Entry(str(value), document.path, line, column,
                                                          bool(_UNTRANSLATED.search(rest)))

    walk(document.data, ())
    return entries, problems


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


def _fields(text: str) -> set[str]:
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
            raise StringError(f"string {key!r} is missing in data/i18n/{language}.yaml") from None

    def format(self, language: str, key: str, **values: str) -> str:
        entry = self.entry(language, key)
        used, given = _fields(entry.text), set(values)
        if used != given:
            where = f"{entry.path}:{entry.line}:{entry.column}"
            wrong = ", ".join(f"{{{name}}}" for name in sorted(used - given))
            lost = ", ".join(f"{{{name}}}" for name in sorted(given - used))
            detail = "; ".join(filter(None, [
                wrong and f"names nothing: {wrong}", lost and f"leaves out {lost}"]))
            raise StringError(f"{where}: string {key!r} {detail}")
        return entry.text.format(**values)


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
        entries[file.stem], flatten_problems = _flatten(documents[file.stem], text.splitlines())
        problems.extend(flatten_problems)
    all_keys = set().union(*(language.keys() for language in entries.values()))
    for key in sorted(all_keys):
        have = {lang: found[key] for lang, found in entries.items() if key in found}
        example = next(iter(have.values()))
        for lang in sorted(set(entries) - set(have)):
            # Placed in the file that lacks it, where its parent key is.
            problems.append(documents[lang].problem(
                tuple(key.split(".")), f"string {key!r} is missing here (it is at "
                f"{example.path}:{example.line}:{example.column})"))
    if problems:
        raise SourceError(problems)
    return Strings(entries)
