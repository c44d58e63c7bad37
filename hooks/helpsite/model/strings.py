"""Translated strings, one file per language: ``data/i18n/LANG.yaml``.

Keys are nested mappings, addressed with dots (``fees.block``). Every language must have
every key. A string may name values in braces (``{price}``); it must use exactly the values
the code gives it, so a translation cannot silently drop a price or a time.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from pathlib import Path

from helpsite.errors import Problem, SourceError
from helpsite.sources.yamlsource import SourceDocument, parse_yaml, read_source


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


def flatten(document: SourceDocument, lines: list[str]) -> tuple[dict[str, Entry], list[Problem]]:
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

    def format(self, language: str, key: str, **values: str) -> str:
        entry = self.entry(language, key)
        used, given = fields(entry.text), set(values)
        if used != given:
            where = f"{entry.path}:{entry.line}:{entry.column}"
            wrong = ", ".join(f"{{{name}}}" for name in sorted(used - given))
            lost = ", ".join(f"{{{name}}}" for name in sorted(given - used))
            detail = "; ".join(filter(None, [
                wrong and f"names nothing: {wrong}", lost and f"leaves out {lost}"]))
            raise StringError(f"{where}: string {key!r} {detail}")
        return entry.text.format(**values)


class RecordingStrings(Strings):
    """Strings that note a missing key and go on, so that one run finds every string a
    fee needs, in every language: ``missing[language][key]`` holds the values it is given."""

    def __init__(self, strings: Strings):
        super().__init__(strings._entries)
        self.missing: dict[str, dict[str, list[str]]] = {}

    def format(self, language: str, key: str, **values: str) -> str:
        if key not in self._entries.get(language, {}):
            self.missing.setdefault(language, {})[key] = sorted(values)
            return key
        return super().format(language, key, **values)

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
