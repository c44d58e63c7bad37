"""Comparison of a translation with its source: which values are missing, extra or changed.

Texts are split into blocks (paragraphs, list items, table rows, headings). Blocks are
aligned by the values they contain, so a translation that joins two lines, reorders a
list or drops a paragraph still lines up where it can; values are compared as multisets
within each unaligned stretch, so a number that appears twice in the source must appear
twice in the translation. Structure (list numbering, heading numbers, code, template
placeholders) is not content and is left out, but still vouches for the same value in the
other side's prose (see _without_aside). Digits one language reads as a time and another
as a number or a duration are one value (see _readings). Alignment anchors on blocks whose values are
unique on both sides (as patience diff does), so it stays fast on long, repetitive texts.

A block or a page can silence one check, as Weblate's flags do: an HTML comment
``<!-- helpsite: ignore-prose-values -->`` in or just before a block, or ``flags:
ignore-prose-values`` in a page's front matter. The flags found are reported, so a
silenced block is not forgotten.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import html.parser
import itertools
import re
from collections import Counter
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Iterable, NamedTuple

import phonenumbers

from .extract import MAX_VALUES, TooMuchToRead, Value, default_region, extract
from .hidden import hidden_characters, name

HIDDEN = "hidden-character"
OUTDATED = "outdated"

_WHOLE = {"phone", "email", "url", "identifier"}  # never a mistyped value of another kind
_LIST_MARK = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,9}[.)]\s+)")
_HEADING_NUMBER = re.compile(r"^(#{1,6}\s+|)\d{1,9}(?:\.\d{1,9}){0,9}\.?\s+")
_FLAGS = re.compile(r"<!--\s*helpsite:([^<>]*?)-->")
# A footnote's mark or reference ("[1]", "[^2]"; not the link text "[1](…)"): a pointer
# to a note, not a value of the text.
_FOOTNOTE_MARK = r"\[\^?\d{1,3}\](?!\()"
# Placeholders, tags, footnote marks, attribute lists ("{.text-gray-700}", "{: #hours }") and
# underscores of emphasis ("_Stand: 2025_"): structure, never read as text.
_MARKDOWN_SKIP = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|<[^<>]*>"
                            r"|\{(?::|[ \t]*[.#][^\W\d])[^{}]*\}|" + _FOOTNOTE_MARK +
                            r"|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")  # _emphasis_
_FOOTNOTES = re.compile(_FOOTNOTE_MARK)
_CODE = re.compile(r"`[^`]*`")
# In inline code only versions and IP addresses are facts ("pip install x==0.112.0",
# "ping 192.168.1.1"); the rest is commands and placeholders.
_CODE_FACT = re.compile(r"(?<![\w.])v?\d{1,6}(?:\.\d{1,6}){2,5}(?![\w.]*\d)")
_MARKS = set("-*+•·#0123456789")  # what a line with structure to strip starts with
MAX_LINES = 100_000
MAX_TAGS = 100_000
_SMALL_STRETCH = 40_000  # blocks x blocks that difflib may align exhaustively
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[1-9][\d\u00a0\u202f ()./–-]{4,24}\d(?!\d)")


@dataclass(frozen=True)
class Block:
    text: str
    where: str
    flags: frozenset[Flag] = frozenset()
    line_starts: tuple[int, ...] = ()  # offsets in text where the 2nd, 3rd... line begins
    # Never compared themselves, they vouch for values in prose (see _without_aside):
    code: str = ""  # the block's inline code
    marks: str = ""  # its list or heading number ("1." in "1. Schritt")
    first_column: int = 1  # where the block's text starts on its first line

    def where_of(self, value: Value) -> str:
        """The line of a value in a block that spans several lines."""
        if not self.line_starts:
            return self.where
        path, _, line = self.where.rpartition(":")
        return f"{path}:{int(line) + bisect.bisect_right(self.line_starts, value.start)}"

    def column_of(self, value: Value | None) -> int | None:
        """The column of a value (None: at the block's start) on a block of numbered lines."""
        if not self.where.rpartition(":")[2].isdigit():
            return None  # an HTML page's block: "page.html p[3]"
        if value is None:
            return self.first_column
        index = bisect.bisect_right(self.line_starts, value.start)
        start = self.line_starts[index - 1] if index else 0
        # The first line lost its list or heading number, which stood before the text.
        shift = self.first_column - 1 + len(self.marks) if index == 0 else 0
        return value.start - start + 1 + shift


@dataclass(frozen=True)
class Finding:
    """What a check found: where, in which language, what differs and what to do about it.

    ``kind`` is what the finding is about: a kind of value ("time", "phone") whose
    ``expected`` (in the source) and ``found`` (in the translation) differ, or something
    else wrong ("hidden-character", "outdated", "fee label")."""
    check: str  # the id of the check that found it
    kind: str
    lang: str
    reference_lang: str
    expected: str | None  # None: the value is extra in the translation
    found: str | None  # None: the value is missing from the translation
    where: str  # "path:line", or an HTML page's block: "page.html p[3]"
    reference_where: str
    expected_text: str | None = None  # as written in the source
    found_text: str | None = None  # as written in the translation
    next_step: str = ""  # what to do about it
    column: int | None = None  # of the value in the translation, where it has one

    @property
    def file(self) -> str:
        return self._place[0]

    @property
    def line(self) -> int | None:
        return self._place[1]

    @property
    def _place(self) -> tuple[str, int | None]:
        path, _, line = self.where.rpartition(":")
        if line.isdigit():
            return path, int(line)
        return self.where.rpartition(" ")[0] if self.where.endswith("]") else self.where, None

    def as_dict(self) -> dict:
        if self.kind == OUTDATED:  # the JSON stays as it was before outdated was a finding
            return {"path": self.where, "lang": self.lang, "source": self.reference_where,
                    "recorded": self.expected, "current": self.found}
        found = asdict(self)
        for added in ("check", "next_step", "column"):  # said in the text; the JSON stays
            del found[added]
        return found

    @property
    def message(self) -> str:
        """What is wrong, e.g. "time 17:30 became 18:30"."""
        if self.kind == HIDDEN:  # found_text says which character, where, and what to do
            return self.found_text
        if self.kind == OUTDATED:
            state = "was never confirmed" if self.expected is None else (
                f"was made from {self.expected}, the source is now {self.found}")
            return f"translation of {self.reference_where} {state}"
        expected = self.expected_text or self.expected
        found = self.found_text or self.found
        if self.expected is None and self.found is None:  # no value: what is wrong, in words
            return f"{self.kind} {expected}"
        if self.expected is None:
            return f"{self.kind} {found} is not in the {self.reference_lang} source"
        return (f"{self.kind} {expected} is missing" if self.found is None
                else f"{self.kind} {expected} became {found}")

    def __str__(self) -> str:
        source = ("" if self.expected is None or self.kind == OUTDATED
                  else f" (source: {self.reference_where})")
        next_step = f"; {self.next_step}" if self.next_step else ""
        where = f"{self.where}:{self.column}" if self.column else self.where
        return f"{where}: [{self.lang}] {self.message}{source}{next_step}"


def hidden_findings(check: str, text: str, path: str, lang: str, first_line: int = 1,
                    at: tuple[int, int] | None = None) -> list[Finding]:
    """A finding for each value of a page (Markdown, HTML or plain text) that holds a
    character a reader cannot see or that shows another value (see hidden.py); at its line
    and column, or at ``at`` (a string's line and column in its file)."""
    return [Finding(check, HIDDEN, lang, lang, None, name(hidden.character),
                    f"{path}:{line}", "", found_text=str(hidden), column=column)
            for hidden in hidden_characters(text, lang, first_line)
            for line, column in [at or (hidden.line, hidden.column)]]


@dataclass(frozen=True)
class Flag:
    """A flag that silences one check for a block or a page. Written ``ignore-<check id>``,
    as Weblate names its ignore flags: in a comment ``<!-- helpsite: ignore-prose-values
    -->`` in or before a block, in a page's front matter (``flags:``), or in a built page's
    ``<meta name="helpsite:flags">``."""
    check: str  # the id of the check it silences

    @classmethod
    def parse(cls, word: str) -> Flag | None:
        """The flag a word names; None for a word that names none."""
        check = word.removeprefix("ignore-")
        return cls(check) if check != word and check else None

    @classmethod
    def all_in(cls, words: Iterable[str]) -> frozenset[Flag]:
        return frozenset(flag for word in words if (flag := cls.parse(word)))

    def __str__(self) -> str:
        return f"ignore-{self.check}"


@dataclass(frozen=True)
class Ignored:
    """A flag that silences a check for a block or a page, listed so it is not forgotten."""
    where: str
    flag: Flag

    def __str__(self) -> str:
        return f"{self.where}: {self.flag}"


class Stretch(NamedTuple):
    """Where two sequences differ: a[source_start:source_end] stands where
    b[translation_start:translation_end] does; either may be empty."""
    source_start: int
    source_end: int
    translation_start: int
    translation_end: int


SOURCE, TRANSLATION = 0, 1  # the two sides, to walk them alike


@dataclass
class Changes:
    """The values one stretch's two sides do not share, as (value, block) pairs. Values in
    words that are no finding by themselves are kept apart: they may cancel a value moved
    to another stretch."""
    lost: list  # in the source's stretch, not in the translation's
    added: list  # in the translation's stretch, not in the source's
    lost_words: list
    added_words: list
    where: tuple[str, int | None]  # where a missing value is reported: (place, column)
    flagged: tuple[bool, bool]  # (translation's, source's) blocks all silence the check

    def values(self, side: int) -> list:
        """The values only ``side`` (SOURCE or TRANSLATION) has."""
        return (self.lost, self.added)[side]

    def words(self, side: int) -> list:
        return (self.lost_words, self.added_words)[side]


def _split_structure(line: str) -> tuple[str, str]:
    """(the line without its list or heading number, the number): "1. Schritt" is the
    first step in German where French writes "Étape 1"."""
    if line.lstrip()[:1] not in _MARKS:
        return line, ""
    marks = []
    line = _LIST_MARK.sub(lambda match: marks.append(match[0]) or "", line)
    if line.startswith("#"):
        line = _HEADING_NUMBER.sub(lambda match: marks.append(match[0][len(match[1]):]) or match[1],
                                   line)
    return line, " ".join(marks)


def _flags(text: str) -> frozenset[Flag]:
    return Flag.all_in(word for match in _FLAGS.finditer(text)
                       for word in re.split(r"[\s,]+", match[1]))


def _blank(pattern: re.Pattern, text: str) -> str:
    """Matches of ``pattern`` as spaces, so offsets in the text stay where they were."""
    return pattern.sub(lambda match: " " * len(match[0]), text)


def _code_facts(code: re.Match) -> str:
    """An inline code span as spaces, but for the versions and addresses in it."""
    kept, position = [], 0
    for fact in _CODE_FACT.finditer(code[0]):
        kept += [" " * (fact.start() - position), fact[0]]
        position = fact.end()
    return "".join(kept) + " " * (len(code[0]) - position)


def _blank_comments(text: str) -> str:
    """HTML comments as spaces; an unclosed comment runs to the end (linear, unlike a regex)."""
    parts, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        parts += [text[position:start], " " * (end - start)]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _lines(text: str, path: str) -> list[str]:
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise TooMuchToRead(f"{path}: more than {MAX_LINES} lines, more than any help page "
                            "holds; split the page")
    return lines


def text_blocks(text: str, path: str) -> list[Block]:
    """Plain text: every non-empty line is a block. A line starting "2 Wochen" is content;
    only list marks ("1.", "2)", "-") are structure."""
    blocks = []
    for number, line in enumerate(_lines(text, path), 1):
        if line.strip():
            content, mark = _split_structure(line)
            blocks.append(Block(content, f"{path}:{number}", marks=mark))
    return blocks


def markdown_blocks(text: str, path: str, first_line: int = 1) -> list[Block]:
    """Markdown: paragraphs, list items, table rows and headings, without code or placeholders."""
    blocks: list[Block] = []
    current: list[str] = []
    marks: list[str] = []  # list and heading numbers of the current block
    start = first_line
    in_fence = False
    pending: frozenset = frozenset()  # flags of a comment that stands before its block

    def flush() -> None:
        nonlocal pending
        if current:
            joined = " ".join(current)
            flags = _flags(joined) | pending
            uncommented = _blank_comments(joined)
            content = _CODE.sub(_code_facts, _blank(_MARKDOWN_SKIP, uncommented))
            code = " ".join(span[0].strip("`") for span in _CODE.finditer(uncommented))
            if content.strip() or code or marks:
                offsets, position = [], 0
                for line in current[:-1]:
                    position += len(line) + 1
                    offsets.append(position)
                blocks.append(Block(content, f"{path}:{start}", flags, tuple(offsets),
                                    code, " ".join(marks)))
            if content.strip():
                pending = frozenset()
            else:
                pending = flags
            current.clear()
            marks.clear()

    for number, line in enumerate(_lines(text, path), first_line):
        if line.lstrip().startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _FLAGS.fullmatch(line.strip()):  # a flag on its own line is for the next block
            flush()
            pending |= _flags(line)
            continue
        starts_block = (not line.strip() or _LIST_MARK.match(line) or line.startswith("#")
                        or line.lstrip().startswith("|"))
        if starts_block:
            flush()
        if line.strip():
            if not current:
                start = number
            content, mark = _split_structure(line)
            current.append(content)
            if mark:
                marks.append(mark)
            if line.startswith("#") or line.lstrip().startswith("|"):
                flush()
    flush()
    return blocks


class _HtmlBlocks(html.parser.HTMLParser):
    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
              "figcaption", "blockquote", "legend", "label"}
    SKIP = {"script", "style", "code", "pre", "template", "noscript"}
    SEPARATORS = {"br", "td", "th", "div", "span", "a"}
    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path, self.blocks = path, []
        self.stack: list[list[str]] = []
        self.code: list[list[str]] = []  # inline code, per open block
        self.skipped: list[str] = []  # open elements whose text is not content
        self.counts: Counter = Counter()
        self.pending: frozenset = frozenset()  # flags of a comment before the next block
        # An element hidden from readers (aria-hidden): the status marks, the answer box's
        # invisible longest sentence that holds its size. [tag, nesting] while inside one.
        self.hidden: list | None = None

    def handle_starttag(self, tag, attrs):
        if self.hidden is not None:  # inside text kept from readers: count its tag's nesting
            self.hidden[1] += tag == self.hidden[0]
        elif ("aria-hidden", "true") in attrs and tag not in self.VOID:
            self.hidden = [tag, 1]
        if tag in self.SEPARATORS and self.stack:
            self.stack[-1].append(" ")  # "…DKK<br>moms…" must not read as one word
        if tag in self.SKIP:
            self.skipped.append(tag)
        elif tag in self.BLOCKS:
            self.counts[tag] += 1
            self.stack.append([f"{tag}[{self.counts[tag]}]"])
            self.code.append([])

    def handle_endtag(self, tag):
        if self.hidden is not None and tag == self.hidden[0]:
            self.hidden[1] -= 1
            if not self.hidden[1]:
                self.hidden = None
        if tag in self.SKIP:
            if tag in self.skipped:
                del self.skipped[len(self.skipped) - 1 - self.skipped[::-1].index(tag)]
        elif tag in self.BLOCKS and self.stack:
            label, *parts = self.stack.pop()
            code = " ".join(self.code.pop())
            text = " ".join(_FOOTNOTES.sub("", "".join(parts)).split())
            number = _HEADING_NUMBER.match(text) if tag[0] == "h" else None
            if number:
                text = text[number.end():]
            if text:
                self.blocks.append(Block(text, f"{self.path} {label}", self.pending, code=code,
                                         marks=number[0] if number else ""))
                self.pending = frozenset()

    def handle_data(self, data):
        if not self.stack or self.hidden is not None:
            return
        if not self.skipped:
            self.stack[-1].append(data)
        elif self.skipped == ["code"]:  # inline code, as in Markdown; not <pre> blocks
            self.code[-1].append(data)

    def handle_comment(self, data):
        self.pending |= _flags(f"<!--{data}-->")


@functools.lru_cache(maxsize=None)
def _literal(needle: str) -> re.Pattern:
    """``needle`` in any case; searching with it spares lowering a whole page (a third of
    the time `check --site` spent per page)."""
    return re.compile(re.escape(needle), re.IGNORECASE)


def _without_elements(text: str, tag: str) -> str:
    """``text`` without <tag>…</tag> elements, found by literal search: linear on any input."""
    opening, closing = _literal(f"<{tag}"), _literal(f"</{tag}>")
    parts, position = [], 0
    while start := opening.search(text, position):
        end = closing.search(text, start.end())
        parts.append(text[position:start.start()])
        position = end.end() if end else len(text)
    parts.append(text[position:])
    return "".join(parts)


_DATA_ATTRIBUTE = re.compile(r"\sdata-[\w-]{1,100}=\"[^\"<>]*\"")


def html_blocks(text: str, path: str) -> list[Block]:
    """HTML: the block elements of the page's <article> (or body), without code or scripts."""
    if text.count("<") > MAX_TAGS:
        raise TooMuchToRead(f"{path}: more than {MAX_TAGS} tags, more than any help page "
                            "holds; split the page")
    start = _literal("<article").search(text)
    end = max((match.start() for match in _literal("</article>").finditer(text)), default=-1)
    article = text[start.start():end] if start and start.start() < end else text
    # Scripts and data attributes are never content; dropping them first halves the parsing.
    markup = _DATA_ATTRIBUTE.sub("", _without_elements(article, "script"))
    parser = _HtmlBlocks(path)
    parser.feed(markup)
    parser.close()
    return parser.blocks


def blocks_for(path: str, text: str) -> list[Block]:
    """Blocks of a file of any supported kind, chosen by its name."""
    lowered = path.lower()
    if lowered.endswith((".html", ".htm")):
        return html_blocks(text, path)
    if lowered.endswith((".md", ".markdown")):
        return markdown_blocks(text, path)
    return text_blocks(text, path)


def signature(values: list[Value]) -> tuple:
    """The values of a block as a comparable multiset. Values read from words ("ein", "en",
    "third") do not count where digits are beside them: articles are everywhere, and would
    keep blocks that agree from lining up."""
    strong = [value for value in values if not value.weak]
    return tuple(sorted((value.kind, value.value) for value in strong)) or ("words", *sorted(
        (value.kind, value.value) for value in values))


def _anchors(blocks: list[tuple[Block, list[Value]]]) -> list:
    """What lines blocks up: their signatures, but a block with values in words only
    ("ein Fall", "en sag") lines up with none, for so many blocks hold one; they stay
    within the stretch of the blocks around them."""
    return [signature(values) if any(not value.weak for value in values) else object()
            for _, values in blocks]


def infer_country(*documents: list[Block]) -> str | None:
    """The country of the numbers written in international form in a set of pages: national
    numbers there ("061 285 22 22" beside "+41 61 …") are read as that country's."""
    countries = sum((_international_countries(tuple(blocks)) for blocks in documents), Counter())
    return countries.most_common(1)[0][0] if countries else None


# A source page is compared with each of its translations: its count is made once.
@functools.lru_cache(maxsize=2048)
def _international_countries(blocks: tuple[Block, ...]) -> Counter:
    countries: Counter = Counter()
    candidates = (match[0] for block in blocks for match in _INTERNATIONAL.finditer(block.text))
    for candidate in itertools.islice(candidates, 1000):  # enough to tell; bounded on any input
        countries.update(_countries_named(candidate))
    return countries


@functools.lru_cache(maxsize=4096)  # a desk's numbers stand on many pages
def _countries_named(candidate: str) -> tuple[str, ...]:
    return tuple(phonenumbers.region_code_for_number(match.number)
                 for match in phonenumbers.PhoneNumberMatcher(
                     candidate, None, leniency=phonenumbers.Leniency.VALID))


def compare(reference: list[Block], reference_lang: str, translation: list[Block], lang: str,
            *, ignore_years: bool = False, allowed: set[tuple[str, str]] = frozenset(),
            region: str | None = None, check: str = "values",
            silenced_by: frozenset[Flag] | None = None, next_step: str = "") -> list[Finding]:
    """Findings of ``check`` for values of ``translation`` that differ from ``reference``,
    each with the ``next_step`` to take.

    ``allowed`` holds (kind, value) pairs the data declares as differing for this language.
    ``region``: the country (phonenumbers' region code) of phone numbers written without a
    country code (default: the one the pages' international numbers name, else each
    language's own). A block with one of the flags ``silenced_by`` (default: the check's
    own) on either side gives no finding.
    """
    # A translation speaks of its source's country: "0800-1280" on a Dutch page and its
    # English translation are both Dutch numbers.
    region = region or infer_country(reference, translation) or default_region(reference_lang)

    def read(blocks: list[Block], language: str) -> list[tuple[Block, list[Value]]]:
        pairs, count = [], 0
        for block in blocks:
            try:
                values = [value for value in extract(block.text, language,
                                                     ignore_years=ignore_years, region=region)
                          if (value.kind, value.value) not in allowed]
            except TooMuchToRead as error:  # extract reads text; the block knows where it is
                raise TooMuchToRead(f"{block.where}: {error}") from None
            count += len(values)
            if count > MAX_VALUES:
                raise TooMuchToRead(f"{block.where}: more than {MAX_VALUES} values on one page, "
                                    "more than any help page holds; split the page")
            if values:
                pairs.append((block, values))
        return pairs

    def aside(blocks: list[Block], language: str, part: str) -> Counter:
        return Counter((value.kind, value.value) for block in blocks if getattr(block, part)
                       for value in extract(getattr(block, part), language,
                                            ignore_years=ignore_years, region=region))

    ref_blocks, tr_blocks = read(reference, reference_lang), read(translation, lang)
    silenced = frozenset({Flag(check)}) if silenced_by is None else silenced_by
    changes = []
    for stretch in _unequal_stretches(_anchors(ref_blocks), _anchors(tr_blocks)):
        source_side = ref_blocks[stretch.source_start:stretch.source_end]
        translation_side = tr_blocks[stretch.translation_start:stretch.translation_end]
        j1 = stretch.translation_start
        nearest_tr = (translation_side or tr_blocks[max(j1 - 1, 0):j1] or tr_blocks[:1])
        nearest = nearest_tr[0][0] if nearest_tr else translation[0] if translation else None
        fallback_where = ((nearest.where, nearest.column_of(None)) if nearest
                          else ("(the translation is empty)", None))
        # A value missing from a stretch whose translation is all flagged is silenced with
        # it, wherever the alignment put it (and an extra one where the source is).
        flagged = tuple(bool(side) and all(silenced & block.flags for block, _ in side)
                        for side in (translation_side, source_side))
        changes.append(_stretch_changes(source_side, translation_side, fallback_where, flagged))
    _without_moved(changes)
    _without_aside(changes, *(aside(blocks, language, part) for part in ("code", "marks")
                              for blocks, language in ((reference, reference_lang),
                                                       (translation, lang))))
    findings = [finding for change in changes for finding in
                _findings(change, check, reference_lang, lang, silenced, next_step)]
    return _localised_links(findings)


def _without_moved(changes: list[Changes]) -> None:
    """A section moved elsewhere on the page is no pair of missing and extra values: a value
    missing in one stretch and extra in another (in digits or in words) cancel out."""
    gone: set[int] = set()
    for mine, theirs in ((SOURCE, TRANSLATION), (TRANSLATION, SOURCE)):
        elsewhere: dict[tuple, list] = {}
        for change in changes:
            for item in change.values(theirs) + change.words(theirs):
                if id(item) not in gone:
                    elsewhere.setdefault((item[0].kind, item[0].value), []).append(item)
        for change in changes:
            for item in change.values(mine):
                twins = elsewhere.get((item[0].kind, item[0].value))
                if twins and id(item) not in gone:
                    gone |= {id(item), id(twins.pop())}
    for change in changes:
        for items in (change.lost, change.added, change.lost_words, change.added_words):
            items[:] = [item for item in items if id(item) not in gone]


def _without_aside(changes: list[Changes], reference_code: Counter, translation_code: Counter,
                   reference_marks: Counter, translation_marks: Counter) -> None:
    """Without values in one side's prose that are outside the other side's prose:
    restatements of code both sides have alike ("naar 50 KB/s" over "`--limit 50`", where
    the source says "(in KB/s)" over the same code; "à 21h30" over "`at 9:30 PM`"), and
    numbers the other side writes only as list or heading numbers ("Étape 1" for
    "1. Schritt"). Code that one side lacks vouches for nothing: a dropped example is found."""
    for mine, theirs in ((SOURCE, TRANSLATION), (TRANSLATION, SOURCE)):
        code = [reference_code, translation_code]
        restated = Counter({key: count for key, count in code[mine].items()
                            if code[theirs][key] == count})
        marks = [reference_marks, translation_marks]
        numbered = marks[theirs] - marks[mine]
        for change in changes:
            kept = []
            for item in change.values(mine):
                key = (item[0].kind, item[0].value)
                vouching = restated if restated[key] > 0 else numbered
                if vouching[key] > 0:
                    vouching[key] -= 1
                else:
                    kept.append(item)
            change.values(mine)[:] = kept


def _localised_links(findings: list[Finding]) -> list[Finding]:
    """A translation may link to the page in its own language (bag-coronavirus.ch/zertifikat
    and ofsp-coronavirus.ch/certificat): a link that became another, anywhere on the page, is
    no finding; a link only one side has still is."""
    links = [finding for finding in findings if finding.kind == "url"]
    lost = [finding for finding in links if finding.found is None]
    added = [finding for finding in links if finding.expected is None]
    pairs = min(len(lost), len(added))
    kept = set(map(id, lost[pairs:] + added[pairs:]))
    return [finding for finding in findings if finding.kind != "url" or id(finding) in kept]


def _unequal_stretches(a: list, b: list) -> list[Stretch]:
    """Each stretch where ``a`` and ``b`` differ, in order.

    Matches are found as patience diff does: common ends, then blocks unique on both sides
    in increasing order on both, recursively between them; difflib only for small stretches
    without such anchors. Each level is linear, so long repetitive texts stay fast.
    """
    matched: list[tuple[int, int]] = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            matched.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            matched.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_common(a, b, alo, ahi, blo, bhi)
        if anchors:
            edges = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
            matched.extend(anchors)
            work.extend((i + 1, k, j + 1, l) for (i, j), (k, l) in zip(edges, edges[1:]))
        elif (ahi - alo) * (bhi - blo) <= _SMALL_STRETCH:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            matched.extend((alo + i + k, blo + j + k) for i, j, size in
                           matcher.get_matching_blocks() for k in range(size))
    matched.sort()
    stretches, previous = [], (-1, -1)
    for i, j in [*matched, (len(a), len(b))]:
        if i > previous[0] + 1 or j > previous[1] + 1:
            stretches.append(Stretch(previous[0] + 1, i, previous[1] + 1, j))
        previous = (i, j)
    return stretches


def _unique_common(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """Pairs of positions of items that occur once in a[alo:ahi] and once in b[blo:bhi],
    the longest run increasing on both sides (patience sorting)."""
    counts_a = Counter(a[alo:ahi])
    counts_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if counts_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi)
             if counts_a[a[i]] == 1 and a[i] in where_b]
    tails: list[int] = []  # tails[k]: smallest b position ending an increasing run of k+1
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = j, index
        previous.append(tail_index[k - 1] if k else -1)
    run, index = [], tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _unmatched(mine, theirs) -> tuple[list, list]:
    """Values of ``mine`` the other side lacks: (read from digits, read from words). A word
    the other side lacks ("ein", "un", "beiden") was perhaps never a number."""
    surplus = Counter(v.value for v, _ in mine) - Counter(v.value for v, _ in theirs)
    strong, weak = [], []
    for value, block in sorted(mine, key=lambda item: not item[0].weak):  # words first
        if surplus[value.value] > 0:
            surplus[value.value] -= 1
            (weak if value.weak else strong).append((value, block))
    return strong, weak


def _without_repeats(mine: list, mine_values: list, theirs_values: list, theirs: list) -> list:
    """``mine`` without values said again in one paragraph that the other side says once
    and replaces by nothing of their kind: "48 Stunden … vor Ablauf der 48 Stunden" is in
    step with "48 heures … avant la fin de ce délai"; "bis 22:00 … von 22:00" is not with
    "a 22:00 … de 10:00"."""
    replaced = {value.kind for value, _ in theirs}
    said = Counter(value.value for value, _ in theirs_values)
    repeats = Counter(value for (value, _), count in
                      Counter((value.value, id(block)) for value, block in mine_values).items()
                      for _ in range(count - 1))
    kept = []
    for value, block in mine:
        if value.kind not in replaced and said[value.value] and repeats[value.value]:
            repeats[value.value] -= 1
        else:
            kept.append((value, block))
    return kept


def _readings(value: Value) -> set[tuple[str, str]]:
    """Other readings of the digits of ``value``, one of which the other language may have
    given them: "16 anni" is 16; "ore 17" is 17 or 17:00, "9-17 uur" is 17 hours or 17:00,
    "ore 16,30" is 16.3 or 16:30; "domenica 12" is the 12th; "22 febbraio" is 22/2/2020;
    "am 1. April" is in April, "1. April 2025" in April 2025."""
    if value.kind == "time":
        hour, minute = value.value.split(":")
        readings = {("number", str(Decimal(f"{int(hour)}.{minute}").normalize()))}
        if minute == "00":  # the duration as extract writes it: 24 hours is P1D
            readings |= {("number", str(int(hour))),
                         ("duration", "P1D" if hour == "24" else f"PT{int(hour)}H")}
        return readings
    if value.kind == "date":
        year, month, day = value.value.rsplit("-", 2)
        return ({("number", str(int(day))), ("month", f"--{month}")}
                | ({("date", f"--{month}-{day}"), ("month", f"{year}-{month}")}
                   if year != "-" else set()))
    amount = re.match(r"P?T?(\d[\d.]*)[A-Z% ]", value.value)
    return {("number", amount[1])} if amount and value.kind != "number" else set()


def _without_twins(lost: list, added: list) -> tuple[list, list]:
    """Without pairs of a lost and an added value that are one value read two ways (see
    _readings): one for one, in the order written."""
    gone: set[int] = set()
    for one, other in ((lost, added), (added, lost)):
        by_key: dict[tuple, list] = {}
        for item in other:
            by_key.setdefault((item[0].kind, item[0].value), []).append(item)
        for item in one:
            if id(item) in gone:
                continue
            for reading in sorted(_readings(item[0])):
                twins = [twin for twin in by_key.get(reading, ()) if id(twin) not in gone]
                if twins:
                    gone |= {id(item), id(twins[0])}
                    break
    return ([item for item in lost if id(item) not in gone],
            [item for item in added if id(item) not in gone])


def _stretch_changes(source_side, translation_side, where: tuple[str, int | None],
                     flagged: tuple[bool, bool]) -> Changes:
    """The values of one stretch that the other side's stretch lacks."""
    ref_values = [(v, block) for block, values in source_side for v in values]
    tr_values = [(v, block) for block, values in translation_side for v in values]
    lost, lost_words = _unmatched(ref_values, tr_values)
    added, added_words = _unmatched(tr_values, ref_values)
    # Words on both sides that differ are a change ("zwei" became "drei"); a word with
    # nothing in words in its place is no finding (a digit in its place is one, by itself).
    # One for one, and never an article: "en", "un", "ein" are everywhere.
    for kind in {v.kind for v, _ in lost_words} & {v.kind for v, _ in added_words}:
        pairs = zip(*([item for item in items if item[0].kind == kind and item[0].value != "1"]
                      for items in (lost_words, added_words)))
        for old, new in pairs:
            lost.append(old)
            added.append(new)
    reported = set(map(id, lost + added))
    lost, added = _without_twins(lost, added)
    return Changes(_without_repeats(lost, ref_values, tr_values, added),
                   _without_repeats(added, tr_values, ref_values, lost),
                   [item for item in lost_words if id(item) not in reported],
                   [item for item in added_words if id(item) not in reported],
                   where, flagged)


def _findings(change: Changes, check: str, reference_lang: str, lang: str, silenced: frozenset,
              next_step: str) -> list[Finding]:
    lost, added, flagged = change.lost, change.added, change.flagged
    findings = []
    for kind in dict.fromkeys(v.kind for v, _ in lost + added):
        lost_kind = [(v, b) for v, b in lost if v.kind == kind]
        added_kind = [(v, b) for v, b in added if v.kind == kind]
        for index in range(max(len(lost_kind), len(added_kind))):
            old = lost_kind[index] if index < len(lost_kind) else None
            new = added_kind[index] if index < len(added_kind) else None
            if ((old and silenced & old[1].flags) or (new and silenced & new[1].flags)
                    or (new is None and flagged[0]) or (old is None and flagged[1])):
                continue
            findings.append(Finding(
                check, kind, lang, reference_lang,
                expected=old[0].value if old else None, found=new[0].value if new else None,
                where=new[1].where_of(new[0]) if new else change.where[0],
                column=new[1].column_of(new[0]) if new else change.where[1],
                reference_where=old[1].where_of(old[0]) if old else "(not in the source)",
                expected_text=old[0].shown if old else None,
                found_text=new[0].shown if new else None, next_step=next_step))
    # In one paragraph on each side, a value missing and another of a kind typed in its
    # place are one value changed ("time 22:00 became 10 days").
    paragraphs = {side: {id(block) for _, block in items} for side, items in (("lost", lost),
                                                                               ("added", added))}
    if len(paragraphs["lost"]) == len(paragraphs["added"]) == 1:
        return _one_change(findings)
    return findings


def _one_change(findings: list[Finding]) -> list[Finding]:
    """One value missing and one of another kind added: named by both, where the new one
    stands. Addresses and phone numbers are lines of their own, never a mistyped value."""
    changeable = [finding for finding in findings if finding.kind not in _WHOLE]
    missing = [finding for finding in changeable if finding.found is None]
    extra = [finding for finding in changeable if finding.expected is None]
    if len(missing) != 1 or len(extra) != 1:
        return findings
    (old,), (new,) = missing, extra
    changed = replace(old, found=new.found, found_text=new.found_text, where=new.where)
    return [changed if finding is old else finding for finding in findings if finding is not new]
