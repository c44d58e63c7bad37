"""Translation exchange: what a language awaits, as XLIFF 2.0 or PO for translators' tools,
and their translations written back (``helpsite translations export|import``).

Export splits each page awaiting translation in a language (a copy marked ``untranslated``,
or a translation made from an older source) into segments, one per block of its source
page (heading, paragraph, list item, table cell, title), and adds every string of
``data/i18n/LANG.yaml`` that is missing or marked ``# untranslated``. Placeholders, inline
code, HTML and link targets are protected: XLIFF ``<ph>`` elements whose text stays in the
unit's ``<originalData>``, or in PO kept verbatim and listed in a note.

Import reads the translations back and refuses the whole file when a segment's protected
parts or values differ from its source (the drift check of compare.py, per segment), or
when a source changed since the export; otherwise it writes pages and strings in one step
that is undone if the project would no longer load.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpsite.cli import scaffold
from helpsite.cli.exchangefiles import (PROTECTED as _PROTECTED, Outgoing, Received, Segment,
                                        Translation, plural_forms, read_po, read_xliff,
                                        to_po, to_xliff)
from helpsite.sources import yamledit
from helpsite.site.checks import declared_differences, source_hash
from helpsite.drift.compare import compare
from helpsite.sources.blocks import Block, markdown_blocks
from helpsite.errors import Problem, SourceError
from helpsite.model.load import load_data
from helpsite.site.project import read_page
from helpsite.sources.pagefile import PageSource, with_front_matter
from helpsite.model.strings import (GENDERS, Entry, fields, flatten, forms_kind,
                                     plural_categories)
from helpsite.sources.yamlsource import parse_yaml

_LIST = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+")
_HEADING = re.compile(r"#{1,6}\s+")
_TABLE_RULE = re.compile(r"\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")
_FENCES = ("```", "~~~")
_KEPT = ("<!--", "!!!", "???")  # a comment; an admonition's "!!! note" line
_WORD = re.compile(r"[^\W\d_]")
_FRONT_TEXTS = ("title", "description")
_MARK = re.compile(rf"\s*#\s*{scaffold.UNTRANSLATED}\s*$")  # after a copied value


# An exchange file holds a language's pages and strings: the example's is 47 kB.
MAX_BYTES = 32 * 2**20


class ExchangeError(Exception):
    """The command cannot run; the message says why and what to do."""


@dataclass
class PageJob:
    """A page to translate: its source, its copy in the language, and the source body as
    text kept as it is and segments to translate, in order."""
    name: str
    source: PageSource
    target: PageSource
    pieces: list[str | Segment]
    front: list[tuple[str, Segment]]  # front matter texts: (key, segment)

    @property
    def segments(self) -> list[Segment]:
        return [*(segment for _, segment in self.front),
                *(piece for piece in self.pieces if isinstance(piece, Segment))]


@dataclass
class Work:
    """Everything a language awaits, read from the project's files."""
    root: Path
    lang: str
    source_lang: str  # of every segment: XLIFF has one source language per file
    pages: list[PageJob]
    strings: list[Segment]  # only from the site's default language, which they are written in
    strings_path: str
    elsewhere: dict[str, list[str]]  # pages awaiting translation from other languages
    config: list[Segment]  # the language's site_name and site_description in mkdocs.yml

    @property
    def segments(self) -> dict[str, Segment]:
        return {segment.id: segment for segment in
                [*(s for job in self.pages for s in job.segments), *self.strings, *self.config]}


def _has_words(text: str) -> bool:
    return bool(_WORD.search(_PROTECTED.sub(" ", text)))


def page_pieces(page: PageSource, name: str) -> list[str | Segment]:
    """The body of ``page`` as text to keep and segments to translate: one segment per
    heading, paragraph, list item and table cell that has words outside placeholders."""
    lines = page.body.splitlines(keepends=True)
    pieces: list[str | Segment] = []
    first = page.body_first_line

    def add(prefix: str, text: str, end: str, at: int, part: str = "") -> None:
        if _has_words(text):
            pieces.extend([prefix, Segment(f"{name}#{at + first}{part}", text.strip(),
                                           f"{page.path}:{at + first}"), end])
        else:
            pieces.append(prefix + text + end)

    index, fenced, comment = 0, False, False
    while index < len(lines):
        line = lines[index]
        bare = line.rstrip("\r\n")
        ending, stripped = line[len(bare):], bare.strip()
        if comment or fenced or not stripped or stripped.startswith((*_FENCES, *_KEPT)) \
                or _TABLE_RULE.fullmatch(bare):
            # Code, comments (flags for the drift check among them), admonition markers and
            # blank lines stay as they are.
            if comment:
                comment = "-->" not in stripped
            elif stripped.startswith(_FENCES):
                fenced = not fenced
            elif stripped.startswith("<!--") and not fenced:
                comment = "-->" not in stripped
            pieces.append(line)
            index += 1
            continue
        if heading := _HEADING.match(bare):
            add(heading[0], bare[heading.end():], ending, index)
            index += 1
            continue
        if stripped.startswith("|"):
            cells = bare.split("|")
            pieces.append(cells[0] + "|")
            for number, cell in enumerate(cells[1:-1], 1):
                leading = cell[:len(cell) - len(cell.lstrip())]
                trailing = cell[len(cell.rstrip()):]
                add(leading, cell.strip(), trailing + "|", index, f".{number}")
            pieces.append(cells[-1] + ending)
            index += 1
            continue
        # A paragraph or list item, with the lines that continue it, as one line.
        mark = _LIST.match(bare)
        prefix = mark[0] if mark else bare[:len(bare) - len(bare.lstrip())]
        start, texts = index, [bare[len(prefix):]]
        index += 1
        while index < len(lines) and _continues(lines[index]):
            texts.append(lines[index].strip())
            index += 1
        if _has_words(" ".join(texts)):
            add(prefix, " ".join(texts), lines[index - 1][len(lines[index - 1].rstrip("\r\n")):],
                start)
        else:
            pieces.extend(lines[start:index])
    return pieces


def _continues(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not (_LIST.match(line) or _HEADING.match(line)
                                   or stripped.startswith(("|", *_KEPT, *_FENCES)))


def _page_job(name: str, source: PageSource, target: PageSource) -> PageJob:
    front = [(key, Segment(f"{name}#{key}", source.meta[key].strip(),
                           f"{source.path}:{source.front_matter.locate((key,))[0]}"))
             for key in _FRONT_TEXTS
             if isinstance(source.meta.get(key), str) and _has_words(source.meta[key])]
    return PageJob(name, source, target, page_pieces(source, name), front)


def _read_strings(root: Path, lang: str) -> dict[str, Entry]:
    path = f"data/i18n/{lang}.yaml"
    file = root / path
    if not file.is_file():
        raise ExchangeError(f"the site has no language {lang!r}: {path} does not exist; "
                            f"add it with: helpsite new language {lang}")
    text = file.read_text(encoding="utf-8")
    entries, problems = flatten(parse_yaml(text, path), text.splitlines())
    if problems:
        raise SourceError(problems)
    return entries


def read_work(root: Path, lang: str, source_lang: str | None = None) -> Work:
    """What ``lang`` awaits from ``source_lang`` (default: the site's default language, the
    strings' language). Read file by file, not as a loaded project: a language whose
    strings are missing does not load, and is just what a translator is sent."""
    try:
        default = scaffold.default_language(root)
    except scaffold.ScaffoldError as error:
        raise ExchangeError(str(error)) from None
    source_lang = source_lang or default
    if lang == source_lang:
        raise ExchangeError(f"{lang!r} is the language the pages are translated from; name "
                            "a language they are translated into")
    source_strings = _read_strings(root, source_lang)
    strings = _read_strings(root, lang)
    genders = {entry.gender for entry in strings.values() if entry.gender}
    segments = [segment for key, entry in sorted(source_strings.items())
                if source_lang == default and (key not in strings or strings[key].untranslated)
                for segment in _string_segments(key, entry, strings.get(key), lang, genders)]
    docs = root / "docs"
    pages, problems, elsewhere = [], [], {}

    def page(relative: str) -> PageSource | None:
        found, found_problems = read_page(docs / relative, docs, root,
                                          [relative.split("/", 1)[0]])
        problems.extend(found_problems)
        return found

    for file in sorted((docs / lang).rglob("*.md")):
        name = file.relative_to(docs / lang).as_posix()
        target = page(f"{lang}/{name}")
        if target is None:
            continue
        origin = target.meta.get("source_language")
        if origin == lang or not (origin or target.meta.get("untranslated")):
            continue  # written in this language, or its own page kept by hand
        if (origin or default) != source_lang:
            elsewhere.setdefault(origin or default, []).append(name)
            continue
        source_file = f"{source_lang}/{name}"
        if not (docs / source_file).is_file():
            problems.append(Problem(target.path, 1, 1, f"its source docs/{source_file} does "
                                    "not exist"))
            continue
        source = page(source_file)
        if source is None:
            continue
        if target.meta.get("untranslated") or (
                origin and target.meta.get("translated_from") != source_hash(source.text)):
            pages.append(_page_job(name, source, target))
    if problems:
        raise SourceError(problems)
    config = [segment for key, node in _config_texts(root, lang).items()
              if _MARK.match(_rest_of_line(root.joinpath(scaffold.CONFIG), node))
              for segment in [Segment(f"{scaffold.CONFIG}#{key}", node.value,
                                      f"{scaffold.CONFIG}:{node.start_mark.line + 1}")]
              ] if source_lang == default else []
    return Work(root, lang, source_lang, pages, segments, f"data/i18n/{lang}.yaml", elsewhere,
                config)


def _string_segments(key: str, source: Entry, target: Entry | None, lang: str,
                     genders: set[str]) -> list[Segment]:
    """A string's segments: one, or one per form the language needs. Forms are the target's
    kind where it has the string (a language may have forms where the source has one text):
    every CLDR plural category of the language, or the genders its nouns have."""
    kind = target.kind if target else source.kind
    origin = f"{source.path}:{source.line}"
    if not kind:
        return [Segment(key, source.text, origin, tuple(sorted(fields(source.text))))]
    given = dict(source.forms) if source.kind == kind else {}
    if kind == "plural":
        names = plural_categories(lang)
    else:
        wanted = genders | {name for name, _ in target.forms} if target else genders
        names = tuple(name for name in GENDERS if name in (wanted or given))
    segments = []
    for name in names:
        if name in given:
            text, remark = given[name], ""
        elif kind == "plural" and given:
            text, remark = given["other"], (f"{source.path} has no {name!r} form: this is its "
                                            "'other' form")
        else:
            text, remark = source.text, (
                f"{source.path} has one text where {lang} has forms" if not source.forms else
                f"{source.path} has no {name!r} form: this is its {source.forms[-1][0]!r} form")
        segments.append(Segment(f"{key}#{name}", text, origin, tuple(sorted(fields(text))),
                                name, kind == "plural", remark))
    return segments


def _config_texts(root: Path, lang: str) -> dict[str, yaml.ScalarNode]:
    """The texts of ``lang``'s entry in mkdocs.yml (``helpsite new language`` copies them
    from the default language, marked untranslated)."""
    text = (root / scaffold.CONFIG).read_text(encoding="utf-8")
    languages = yamledit.find(yamledit.compose(text, scaffold.CONFIG),
                              ("plugins", yamledit.has_key("i18n"), "i18n", "languages"))
    entry = next((item for item in getattr(languages, "value", [])
                  if yamledit.scalar(item, ("locale",)) == lang), None)
    found = {key: yamledit.find(entry, (key,)) for key in ("site_name", "site_description")}
    return {key: node for key, node in found.items() if isinstance(node, yaml.ScalarNode)}


def _rest_of_line(file: Path, node: yaml.Node) -> str:
    text = file.read_text(encoding="utf-8")
    end = text.find("\n", node.end_mark.index)
    return text[node.end_mark.index:len(text) if end < 0 else end]


# --- writing the exchange file -------------------------------------------------------------


def outgoing(work: Work) -> Outgoing:
    files = [(job.source.path, job.segments, source_hash(job.source.text))
             for job in work.pages]
    if work.strings:
        files.append((f"data/i18n/{work.source_lang}.yaml", work.strings, None))
    if work.config:
        files.append((scaffold.CONFIG, work.config, None))
    return Outgoing(work.lang, work.source_lang, files)


def export(root: Path, lang: str, form: str, source_lang: str | None = None
           ) -> tuple[bytes, Work]:
    work = read_work(root, lang, source_lang)
    data = to_xliff(outgoing(work)) if form == "xliff" else to_po(outgoing(work)).encode("utf-8")
    return data, work


# --- reading translations back ---------------------------------------------------------------


def _refusal(display: str, translation: Translation, message: str) -> Problem:
    return Problem(display, *translation.where, f"segment {translation.id}: {message}")


def check_translation(segment: Segment, text: str, source_lang: str, lang: str,
                      allowed: set) -> str | None:
    """Why ``text`` cannot stand for ``segment`` in ``lang``, or None."""
    found = _PROTECTED.findall(text)
    lost = Counter(segment.protected) - Counter(found)
    extra = Counter(found) - Counter(segment.protected)
    if lost or extra:
        part = next(iter(lost or extra))
        return (f"{part} {'is missing' if lost else 'is not in the source'}; keep placeholders, "
                "values in braces, code and markup exactly as in the source")
    if segment.fields:  # a string: one block, whatever its lines
        blocks = ([Block(segment.source, segment.id)], [Block(text, segment.id)])
    elif "\n" in text.strip():
        return "a segment is one block of the page: write it without line breaks"
    else:
        blocks = (markdown_blocks(segment.source, segment.id), markdown_blocks(text, segment.id))
    findings = compare(blocks[0], source_lang, blocks[1], lang, allowed=allowed)
    if findings:
        changes = ", ".join(finding.message for finding in findings)
        return f"{changes}; write the source's values as they are"
    return None


def import_file(root: Path, file: Path) -> tuple[scaffold.Plan, list[str]]:
    """The writes an exchange file asks for, checked; and what was left as it was."""
    display = str(file)
    suffix = file.suffix.lower()
    if suffix not in (".po", ".xlf", ".xliff"):
        raise ExchangeError(f"{display}: give a .po, .xlf or .xliff file")
    if not file.is_file():
        raise ExchangeError(f"{display} does not exist; give the file the translator sent back")
    if file.stat().st_size > MAX_BYTES:
        raise ExchangeError(f"{display} is over {MAX_BYTES // 2**20} MiB, far more than a "
                            "language's pages and strings; is it the right file?")
    received = read_po(file, display, plural_categories) if suffix == ".po" else \
        read_xliff(file, display)
    if not all(re.fullmatch(r"[a-z]{2}", code) for code in (received.lang, received.source_lang)):
        raise SourceError([Problem(display, 1, 1, "the file does not name its languages (PO: "
                                   "Language and X-Helpsite-Source-Language, XLIFF: srcLang and "
                                   "trgLang); export it again")])
    work = read_work(root, received.lang, received.source_lang)
    segments = work.segments
    changed = {job.name for job in work.pages
               if received.versions.get(job.name) not in (None, source_hash(job.source.text))}
    data = load_data(root)
    allowed = declared_differences(data, work.lang, work.source_lang)
    forms: dict[str, list[Segment]] = {}  # a string with forms: its segments, one per form
    for segment in work.strings:
        if segment.form:
            forms.setdefault(segment.key, []).append(segment)
    problems, texts, first = [], {}, {}
    for key, count, where in received.plural_counts:
        names = [segment.form for segment in forms.get(key, [])]
        if not names and count != len(plural_categories(work.lang)):
            # read_po could not tell its forms apart, and nothing of it awaits translation.
            problems.append(Problem(display, *where, f"segment {key}: its source changed or "
                                    "it was translated since the export; export again"))
        elif names and count != len(names):
            problems.append(Problem(display, *where, (
                f"segment {key}: {count} plural form(s), but {work.lang} has {len(names)}: "
                f"{', '.join(names)}; give msgstr[0] to msgstr[{len(names) - 1}] in that order "
                f"(Plural-Forms: {plural_forms(work.lang)})")))
    for translation in received.translations:
        segment = segments.get(translation.id)
        key, _, form = translation.id.rpartition("#")
        if segment is None and key in forms:
            names = ", ".join(segment.form for segment in forms[key])
            problems.append(_refusal(display, translation, (
                f"{work.lang} has no plural category {form!r}" if forms[key][0].plural else
                f"the string has no {form!r} form in {work.lang}") + f"; its forms are {names}: "
                "translate those (export again for their units)"))
            continue
        # A page's segment is a block (its spaces are Markdown's); a string's are its own:
        # the hours separator "; " keeps its space.
        block = segment not in work.strings
        page = key if block else None
        source = translation.source.strip() if block and translation.source else \
            translation.source
        if segment is None or page in changed or source not in (None, segment.source):
            problems.append(_refusal(display, translation, "its source changed or it was "
                                     "translated since the export; export again"))
            continue
        reason = check_translation(segment, translation.text, work.source_lang, work.lang,
                                   allowed)
        if reason:
            problems.append(_refusal(display, translation, reason))
        texts[translation.id] = translation.text.strip() if block else translation.text
        first.setdefault(segment.key, translation)
    for key, translation in first.items():
        lacking = [segment.form for segment in forms.get(key, []) if segment.id not in texts]
        if lacking:
            problems.append(_refusal(display, translation, (
                f"the form(s) {', '.join(lacking)} of string {key} are not translated; "
                "translate every form of it, or none")))
    if problems:
        raise SourceError(problems)
    return _plan(work, texts)


def _plan(work: Work, texts: dict[str, str]) -> tuple[scaffold.Plan, list[str]]:
    plan, left = scaffold.Plan(work.root), []
    for job in work.pages:
        waiting = [segment.id for segment in job.segments if segment.id not in texts]
        if waiting:
            if len(waiting) < len(job.segments):
                left.append(f"{job.target.path}: left as it was: {len(waiting)} of "
                            f"{len(job.segments)} segment(s) not translated yet "
                            f"(first: {waiting[0]})")
            continue
        plan.files[job.target.path] = _page_text(job, texts)
    strings_text = (work.root / work.strings_path).read_text(encoding="utf-8")
    values: dict[str, str | dict[str, str]] = {}
    for segment in work.strings:
        if segment.id in texts and segment.form:
            values.setdefault(segment.key, {})[segment.form] = texts[segment.id]
        elif segment.id in texts:
            values[segment.id] = texts[segment.id]
    updated = set_strings(strings_text, work.strings_path, values)
    if updated != strings_text:
        plan.files[work.strings_path] = updated
    config_text = (work.root / scaffold.CONFIG).read_text(encoding="utf-8")
    nodes = _config_texts(work.root, work.lang)
    for start, end, new in sorted((_replacement(config_text, nodes[key], texts[segment.id])
            for segment in work.config
            for key in [segment.id.split("#")[1]] if segment.id in texts), reverse=True):
        config_text = config_text[:start] + new + config_text[end:]
        plan.files[scaffold.CONFIG] = config_text
    return plan, left


def _page_text(job: PageJob, texts: dict[str, str]) -> str:
    body = "".join(texts[piece.id] if isinstance(piece, Segment) else piece
                   for piece in job.pieces)
    front_end = len(job.target.text) - len(job.target.body)
    text = re.sub(rf"^{scaffold.UNTRANSLATED}:.*\n", "", job.target.text[:front_end],
                  flags=re.MULTILINE) + body
    for key, segment in job.front:
        text = with_front_matter(text, key, json.dumps(texts[segment.id], ensure_ascii=False))
    if job.source.meta.get("source_language"):
        # As helpsite confirm does: the version of the source this translates.
        text = with_front_matter(text, "translated_from", source_hash(job.source.text))
    return text


def set_strings(text: str, display: str, values: dict[str, str | dict[str, str]]) -> str:
    """``text`` with each string at its dotted key set to its value (a dict: its forms),
    untranslated marks removed and comments kept; a value as the file has it stays as it is
    written. A missing key is added under the deepest parent that exists. One reading of the
    file for all the values there are (a language has hundreds)."""
    root = yamledit.compose(text, display)
    edits, missing, done, parents = [], {}, set(), []

    def put(node: yaml.Node, value: str) -> None:
        edits.append(_replacement(text, node, value))
        done.add(id(node))

    for key, value in values.items():
        path = tuple(key.split("."))
        node = yamledit.find(root, path)
        kind = forms_kind(dict.fromkeys(_keys(node), ""))
        parent = node if isinstance(node, yaml.MappingNode) else yamledit.find(root, path[:-1])
        if node is None:
            missing[key] = value
        elif kind == "noun" and isinstance(value, str):
            put(yamledit.find(node, ("text",)), value)
        elif isinstance(value, dict) and _keys(node) == set(value) and all(
                isinstance(child, yaml.ScalarNode) for _, child in node.value):
            for name, form in value.items():
                put(yamledit.find(node, (name,)), form)
        elif isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            put(node, value)
        else:  # one text becomes forms, or forms change: the whole value written anew
            holder = yamledit.find(root, path[:-1])
            key_node = next(name for name, child in holder.value if child is node)
            line_end = text.find("\n", _line_start(text, yamledit.last_line(node)))
            edits.append((key_node.end_mark.index, len(text) if line_end < 0 else line_end,
                          ": " + _written(value)))
            continue
        parents.append(parent)
    for parent in {id(parent): parent for parent in parents if parent is not None}.values():
        # A flow mapping ({in: ..., from: ...}) carries one mark, after it, for all its texts.
        if parent.flow_style and all(id(child) in done for name, child in parent.value
                                     if name.value != "gender"):
            end = parent.end_mark.index
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            if _MARK.match(text[end:line_end]):
                edits.append((end, line_end, ""))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    for key, value in missing.items():
        text = _added(text, display, key, _written(value))
    return text


def _keys(node: yaml.Node | None) -> set[str]:
    return {name.value for name, _ in node.value} if isinstance(node, yaml.MappingNode) else set()


def _line_start(text: str, line: int) -> int:
    return sum(len(row) for row in text.splitlines(keepends=True)[:line])


def _written(value: str | dict[str, str]) -> str:
    """A value as YAML: one quoted text, or forms as a flow mapping of quoted texts."""
    quote = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731
    if isinstance(value, str):
        return quote(value)
    return "{" + ", ".join(f"{name}: {quote(form)}" for name, form in value.items()) + "}"


def _replacement(text: str, node: yaml.ScalarNode, value: str) -> tuple[int, int, str]:
    """(start, end, new text) replacing a scalar and the untranslated mark after it; a
    scalar that already holds ``value`` is kept as written, losing only its mark."""
    start, end = node.start_mark.index, node.end_mark.index
    block = node.style in ("|", ">")  # a block scalar: its header line holds the mark
    line_end = text.find("\n", start if block else end)
    line_end = len(text) if line_end < 0 else line_end
    if node.value == value:
        rest = start if block else end
        mark = (_MARK.search if block else _MARK.match)(text[rest:line_end])
        return (rest + mark.start(), line_end, "") if mark else (end, end, "")
    quoted = json.dumps(value, ensure_ascii=False)
    if block:
        return start, text.rfind("\n", start, end) + 1 or end, quoted + "\n"
    return start, line_end if _MARK.match(text[end:line_end]) else end, quoted


def _added(text: str, display: str, key: str, quoted: str) -> str:
    steps = key.split(".")
    node, depth = yamledit.compose(text, display), 0
    while depth < len(steps) and (child := yamledit.find(node, (steps[depth],))) is not None:
        node, depth = child, depth + 1
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise ExchangeError(f"{display}: cannot add {key!r}: {'.'.join(steps[:depth])!r} is "
                            "not a mapping of strings")
    indent = " " * node.value[0][0].start_mark.column
    missing = steps[depth:]
    # The keys that are missing, each nested under the one before, the value on the last.
    lines = [f"{indent}{'  ' * level}{step}:" for level, step in enumerate(missing)]
    lines[-1] += f" {quoted}"
    return yamledit.insert_after(text, node, lines)
