"""The two exchange formats, written and read: gettext PO and XLIFF 2.0.

A string with forms travels form by form. PO has a plural model: a plural string is one
entry, ``msgid``/``msgid_plural`` and ``msgstr[0..n-1]`` in the target language's CLDR
category order, the header's ``Plural-Forms`` derived from the same CLDR rule. PO has no
gender, and XLIFF 2.0 core has neither: every other form is its own entry or unit, named
``key#form``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby

import polib
from babel import Locale
from babel.plural import to_gettext
from lxml import etree

from helpsite.errors import Problem, SourceError

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
# The version of each source page, so an import can tell that the source changed since.
HELPSITE = "urn:helpsite:translations"
VERSION = f"{{{HELPSITE}}}sourceVersion"

# What a translator must keep as written: placeholders, inline code, HTML and comments,
# link targets, attribute lists ({ #id }), character references and a string's {values}.
PROTECTED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->|`[^`\n]*`|<[^<>\n]+>"
                       r"|\]\([^()\s]*\)|\{\s*[:#.][^{}\n]*\}|\{[^\W\d]\w*\}|&#?\w+;")


@dataclass(frozen=True)
class Segment:
    id: str  # "onoffice.md#12" (page and source line), "onoffice.md#title", a key path, or
    # "key#form" for one form of a string with forms
    source: str
    origin: str  # where the source text is: "docs/de/onoffice.md:12"
    fields: tuple[str, ...] = ()  # a string's {values}
    form: str = ""  # of a string with forms: its plural category or gender
    plural: bool = False  # a plural form: its form is a CLDR category
    remark: str = ""  # where a form's source text comes from, when not from the same form

    @property
    def protected(self) -> list[str]:
        return PROTECTED.findall(self.source)

    @property
    def key(self) -> str:
        return self.id.rpartition("#")[0] if self.form else self.id

    @property
    def note(self) -> str:
        if self.fields:
            note = "keep the values " + ", ".join(f"{{{name}}}" for name in self.fields)
        else:
            kept = list(dict.fromkeys(self.protected))
            note = "keep as written: " + "  ".join(kept) if kept else ""
        return "; ".join(filter(None, [note, self.remark]))


@dataclass(frozen=True)
class Outgoing:
    """What an exchange file carries: per source file, its segments and page version."""
    lang: str
    source_lang: str
    files: list[tuple[str, list[Segment], str | None]]  # (original, segments, version)


@dataclass(frozen=True)
class Translation:
    id: str
    source: str | None  # as the file has it (None: a plural form the file has no source of)
    text: str
    where: tuple[int, int]  # line and column in the exchange file


@dataclass
class Received:
    lang: str
    source_lang: str
    versions: dict[str, str]  # page name -> source version at export
    translations: list[Translation] = field(default_factory=list)
    plural_counts: list[tuple[str, int, tuple[int, int]]] = field(default_factory=list)
    # (key, forms given, where) of each PO plural entry, checked against the language


def plural_forms(lang: str) -> str:
    """The PO header's Plural-Forms from the CLDR rule, so msgstr[i] is the i-th CLDR category
    (Babel's gettext table, get_plural, has 2 forms for fr, es and it where CLDR has 3). PO
    counts are whole numbers, whose CLDR exponent ``e`` is 0."""
    return re.sub(r"\be\b", "0", to_gettext(Locale.parse(lang).plural_form))


# --- writing ---------------------------------------------------------------------------------


def to_po(out: Outgoing) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "helpsite", "Language": out.lang,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Plural-Forms": plural_forms(out.lang),
        "X-Helpsite-Source-Language": out.source_lang,
        # Each page's source version: an import refuses a page whose source changed since.
        "X-Helpsite-Source-Versions": " ".join(
            f"{original.split('/', 2)[-1]}={version}"
            for original, _, version in out.files if version),
    }
    segments = [segment for _, file_segments, _ in out.files for segment in file_segments]
    # A plural string's forms make one entry, anything else one entry each.
    for _, group in groupby(segments, lambda s: s.key if s.plural else s.id):
        forms = list(group)
        first, plural = forms[0], forms[0].plural
        path, _, line = first.origin.rpartition(":")
        entry = polib.POEntry(
            msgctxt=first.key if plural else first.id, msgid=first.source, msgstr="",
            comment="; ".join(dict.fromkeys(
                part for form in forms for part in form.note.split("; ") if part)),
            occurrences=[(path, line)],
            # Poedit and msgfmt check that a translation keeps a string's {values}.
            flags=["python-brace-format"] if first.fields else [])
        if plural:
            entry.msgid_plural = forms[-1].source  # "other", the last category
            entry.msgstr_plural = {index: "" for index in range(len(forms))}
            entry.comment += "; " + ", ".join(f"msgstr[{index}]: {form.form}"
                                              for index, form in enumerate(forms))
        po.append(entry)
    return str(po)


def to_xliff(out: Outgoing) -> bytes:
    E = lambda tag, **attributes: etree.Element(f"{{{XLIFF}}}{tag}", **attributes)  # noqa: E731
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF, "hs": HELPSITE},
                         version="2.0", srcLang=out.source_lang, trgLang=out.lang)
    for number, (original, segments, version) in enumerate(out.files, 1):
        file = E("file", id=f"f{number}", original=original)
        if version:
            file.set(VERSION, version)
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
    parts = PROTECTED.split(text)
    element.text = parts[0]
    for index, (_, after) in enumerate(zip(PROTECTED.findall(text), parts[1:]), 1):
        placeholder = E("ph", id=str(index), dataRef=f"d{index}")
        placeholder.tail = after
        element.append(placeholder)


# --- reading ---------------------------------------------------------------------------------


def read_po(path, display: str, categories) -> Received:
    """The translations of a PO file; ``categories(lang)`` names a language's plural forms in
    msgstr order."""
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as error:
        raise SourceError([Problem(display, 1, 1, f"not a PO file polib can read: {error}")])
    lang = po.metadata.get("Language", "")
    versions = dict(item.split("=", 1) for item in
                    po.metadata.get("X-Helpsite-Source-Versions", "").split() if "=" in item)
    received = Received(lang, po.metadata.get("X-Helpsite-Source-Language", ""), versions)
    for entry in po:
        # Fuzzy (Poedit's "needs work") and obsolete entries are not translations yet.
        if entry.fuzzy or entry.obsolete:
            continue
        where = (entry.linenum, 1)
        if entry.msgid_plural:
            texts = [text for _, text in sorted(entry.msgstr_plural.items())]
            if not any(texts):
                continue
            key = entry.msgctxt or entry.msgid
            received.plural_counts.append((key, len(texts), where))
            names = categories(lang) if re.fullmatch(r"[a-z]{2}", lang) else ()
            if len(names) != len(texts):
                continue  # the import says what the language's forms are
            for index, (name, text) in enumerate(zip(names, texts)):
                if not text:
                    continue
                source = entry.msgid if index == 0 else (
                    entry.msgid_plural if index == len(names) - 1 else None)
                received.translations.append(Translation(f"{key}#{name}", source, text, where))
        elif entry.msgstr:
            received.translations.append(Translation(entry.msgctxt or entry.msgid, entry.msgid,
                                                     entry.msgstr, where))
    return received


def read_xliff(path, display: str) -> Received:
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
        if file.get(VERSION):
            received.versions[file.get("original", "").split("/", 2)[-1]] = file.get(VERSION)
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
