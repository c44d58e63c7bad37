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

import polib
import yaml
from lxml import etree

from helpsite.cli import scaffold
from helpsite.sources import yamledit
from helpsite.site.checks import declared_differences, source_hash
from helpsite.drift.compare import compare
from helpsite.sources.blocks import Block, markdown_blocks
from helpsite.errors import Problem, SourceError
from helpsite.model.load import load_data
from helpsite.site.project import read_page
from helpsite.sources.pagefile import PageSource, with_front_matter
from helpsite.model.strings import Entry, fields, flatten
from helpsite.sources.yamlsource import parse_yaml

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
# The version of each source page, so an import can tell that the source changed since.
HELPSITE = "urn:helpsite:translations"
_VERSION = f"{{{HELPSITE}}}sourceVersion"

# What a translator must keep as written: placeholders, inline code, HTML and comments,
# link targets, attribute lists ({ #id }), character references and a string's {values}.
_PROTECTED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->|`[^`\n]*`|<[^<>\n]+>"
                        r"|\]\([^()\s]*\)|\{\s*[:#.][^{}\n]*\}|\{[^\W\d]\w*\}|&#?\w+;")
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


@dataclass(frozen=True)
class Segment:
    id: str  # "onoffice.md#12" (page and source line), "onoffice.md#title", or a key path
    source: str
    origin: str  # where the source text is: "docs/de/onoffice.md:12"
    fields: tuple[str, ...] = ()  # a string's {values}

    @property
    def protected(self) -> list[str]:
        return _PROTECTED.findall(self.source)

    @property
    def note(self) -> str:
        if self.fields:
            return "keep the values " + ", ".join(f"{{{name}}}" for name in self.fields)
        kept = list(dict.fromkeys(self.protected))
        return "keep as written: " + "  ".join(kept) if kept else ""


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
    segments = [Segment(key, entry.text, f"{entry.path}:{entry.line}",
                        tuple(sorted(fields(entry.text))))
                for key, entry in sorted(source_strings.items())
                if source_lang == default and (key not in strings or strings[key].untranslated)]
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


def to_po(work: Work) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "helpsite", "Language": work.lang,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Helpsite-Source-Language": work.source_lang,
        # Each page's source version: an import refuses a page whose source changed since.
        "X-Helpsite-Source-Versions": " ".join(f"{job.name}={source_hash(job.source.text)}"
                                               for job in work.pages),
    }
    for segment in work.segments.values():
        path, _, line = segment.origin.rpartition(":")
        po.append(polib.POEntry(
            msgctxt=segment.id, msgid=segment.source, msgstr="", comment=segment.note,
            occurrences=[(path, line)],
            # Poedit and msgfmt check that a translation keeps a string's {values}.
            flags=["python-brace-format"] if segment.fields else []))
    return str(po)


def to_xliff(work: Work) -> bytes:
    E = lambda tag, **attributes: etree.Element(f"{{{XLIFF}}}{tag}", **attributes)  # noqa: E731
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF, "hs": HELPSITE},
                         version="2.0", srcLang=work.source_lang, trgLang=work.lang)
    files = [(job.source.path, job.segments, {_VERSION: source_hash(job.source.text)})
             for job in work.pages]
    if work.strings:
        files.append((f"data/i18n/{work.source_lang}.yaml", work.strings, {}))
    if work.config:
        files.append((scaffold.CONFIG, work.config, {}))
    for number, (original, segments, extra) in enumerate(files, 1):
        file = E("file", id=f"f{number}", original=original)
        file.attrib.update(extra)
        root.append(file)
        for unit_number, segment in enumerate(segments, 1):
            unit = E("unit", id=f"u{unit_number}", name=segment.id)
            file.append(unit)
            if segment.note:
                notes = E("notes")
                notes.append(E("note", category="helpsite"))
                notes[0].text = segment.note
                unit.append(notes)
            protected = segment.protected
            if protected:
                data = E("originalData")
                for index, text in enumerate(protected, 1):
                    item = E("data", id=f"d{index}")
                    item.text = text
                    data.append(item)
                unit.append(data)
            part = E("segment", id="s1", state="initial")
            source = E("source")
            _fill(source, segment.source, E)
            part.append(source)
            unit.append(part)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _fill(element, text: str, E) -> None:
    """``text`` as the element's content, each protected part an empty <ph> (XLIFF 2.0
    4.2.3.3) pointing at its original text in <originalData>."""
    parts = _PROTECTED.split(text)
    element.text = parts[0]
    for index, (_, after) in enumerate(zip(_PROTECTED.findall(text), parts[1:]), 1):
        placeholder = E("ph", id=str(index), dataRef=f"d{index}")
        placeholder.tail = after
        element.append(placeholder)


def export(root: Path, lang: str, form: str, source_lang: str | None = None
           ) -> tuple[bytes, Work]:
    work = read_work(root, lang, source_lang)
    data = to_xliff(work) if form == "xliff" else to_po(work).encode("utf-8")
    return data, work


# --- reading translations back ---------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    id: str
    source: str  # as the file has it: a tool may drop the page versions, never the source
    text: str
    where: tuple[int, int]  # line and column in the exchange file


@dataclass
class Received:
    lang: str
    source_lang: str
    versions: dict[str, str]  # page name -> source version at export
    translations: list[Translation] = field(default_factory=list)


def _from_po(path: Path, display: str) -> Received:
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as error:
        raise SourceError([Problem(display, 1, 1, f"not a PO file polib can read: {error}")])
    lang = po.metadata.get("Language", "")
    versions = dict(item.split("=", 1) for item in
                    po.metadata.get("X-Helpsite-Source-Versions", "").split() if "=" in item)
    received = Received(lang, po.metadata.get("X-Helpsite-Source-Language", ""), versions)
    for entry in po:
        # Fuzzy (Poedit's "needs work") and empty entries are not translations yet.
        if entry.msgstr and not entry.fuzzy and not entry.obsolete:
            received.translations.append(Translation(entry.msgctxt or entry.msgid, entry.msgid,
                                                     entry.msgstr, (entry.linenum, 1)))
    return received


def _from_xliff(path: Path, display: str) -> Received:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = re.sub(r", line \d+, column \d+$", "", error.msg or "")
        raise SourceError([Problem(display, line, column + 1, f"not well-formed XML: {message}; "
                                   "save it from the translation tool again")])
    except OSError as error:
        raise SourceError([Problem(display, 1, 1, f"cannot be read: {error.strerror}")])
    if root.tag != f"{{{XLIFF}}}xliff" or not root.get("version", "").startswith("2."):
        raise SourceError([Problem(display, root.sourceline or 1, 1,
                                   "not an XLIFF 2 file (xmlns=\"" + XLIFF + "\")")])
    received = Received(root.get("trgLang", ""), root.get("srcLang", ""), {})
    ns = {"x": XLIFF}
    for file in root.iterfind("x:file", ns):
        if file.get(_VERSION):
            received.versions[file.get("original", "").split("/", 2)[-1]] = file.get(_VERSION)
        for unit in file.iterfind("x:unit", ns):
            original = {item.get("id"): item.text or "" for item in unit.iterfind(
                "x:originalData/x:data", ns)}
            targets = unit.findall("x:segment/x:target", ns)
            text = "".join(_text(target, original) for target in targets)
            if text.strip():
                where = targets[0].sourceline or unit.sourceline or 1
                source = "".join(_text(source, original)
                                 for source in unit.findall("x:segment/x:source", ns))
                received.translations.append(Translation(unit.get("name") or unit.get("id"),
                                                         source, text, (where, 1)))
    return received


def _text(element, original: dict[str, str]) -> str:
    """A <target>'s text, each <ph> as the original text it points at."""
    parts = [element.text or ""]
    for child in element:
        if etree.QName(child).localname == "ph":
            parts.append(original.get(child.get("dataRef"), f"<ph id={child.get('id')!r}>"))
        else:
            parts.append(_text(child, original))
        parts.append(child.tail or "")
    return "".join(parts)


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
    received = (_from_po if suffix == ".po" else _from_xliff)(file, display)
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
    problems, texts = [], {}
    for translation in received.translations:
        segment = segments.get(translation.id)
        page = translation.id.split("#", 1)[0] if "#" in translation.id else None
        # A page's segment is a block (its spaces are Markdown's); a string's are its own:
        # the hours separator "; " keeps its space.
        source = translation.source.strip() if page else translation.source
        if segment is None or page in changed or source != segment.source:
            problems.append(_refusal(display, translation, "its source changed or it was "
                                     "translated since the export; export again"))
            continue
        reason = check_translation(segment, translation.text, work.source_lang, work.lang,
                                   allowed)
        if reason:
            problems.append(_refusal(display, translation, reason))
        texts[translation.id] = translation.text.strip() if page else translation.text
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
    updated = set_strings(strings_text, work.strings_path, {
        segment.id: texts[segment.id] for segment in work.strings if segment.id in texts})
    if updated != strings_text:
        plan.files[work.strings_path] = updated
    config_text = (work.root / scaffold.CONFIG).read_text(encoding="utf-8")
    nodes = _config_texts(work.root, work.lang)
    for start, end, new in sorted((_replacement(config_text, nodes[key], json.dumps(
            texts[segment.id], ensure_ascii=False)) for segment in work.config
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


def set_strings(text: str, display: str, values: dict[str, str]) -> str:
    """``text`` with each string at its dotted key set to its value, untranslated marks
    removed and comments kept; a missing key is added under the deepest parent that exists.
    One reading of the file for all the values there are (a language has hundreds)."""
    root = yamledit.compose(text, display)
    edits, missing = [], {}
    for key, value in values.items():
        node = yamledit.find(root, tuple(key.split(".")))
        if isinstance(node, yaml.ScalarNode):
            edits.append(_replacement(text, node, json.dumps(value, ensure_ascii=False)))
        else:
            missing[key] = value
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    for key, value in missing.items():
        text = _added(text, display, key, json.dumps(value, ensure_ascii=False))
    return text


def _replacement(text: str, node: yaml.ScalarNode, quoted: str) -> tuple[int, int, str]:
    """(start, end, new text) replacing a scalar and the untranslated mark after it."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):  # a block scalar: its header line holds the mark
        return start, text.rfind("\n", start, end) + 1 or end, quoted + "\n"
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
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
