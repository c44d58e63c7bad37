"""Pages read as blocks of text: paragraphs, list items, table rows and headings of
Markdown, HTML or plain text, each with where it stands, without code, placeholders,
scripts or markup, and with the flags a writer set on it (``<!-- helpsite: ignore-X -->``).

The drift checks compare blocks across languages; search and structured data read the
text of a page's HTML the same way.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from selectolax.lexbor import LexborHTMLParser, LexborNode

from helpsite.errors import TooMuchToRead

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


class Located(Protocol):
    """A value found in a block's text, from its offset ``start``."""

    start: int


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

    def where_of(self, value: Located) -> str:
        """The line of a value in a block that spans several lines."""
        if not self.line_starts:
            return self.where
        path, _, line = self.where.rpartition(":")
        return f"{path}:{int(line) + bisect.bisect_right(self.line_starts, value.start)}"

    def column_of(self, value: Located | None) -> int | None:
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
    if "helpsite:" not in text:  # most blocks: a page's every block is read in each build
        return frozenset()
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
            uncommented = _blank_comments(joined) if "<!--" in joined else joined
            content = _blank(_MARKDOWN_SKIP, uncommented)
            code = ""
            if "`" in uncommented:
                content = _CODE.sub(_code_facts, content)
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
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if stripped.startswith("<!--") and _FLAGS.fullmatch(stripped):
            flush()  # a flag on its own line is for the next block
            pending |= _flags(line)
            continue
        own_line = line.startswith("#") or stripped.startswith("|")  # a heading, a table row
        if not stripped or own_line or _LIST_MARK.match(line):
            flush()
        if stripped:
            if not current:
                start = number
            content, mark = _split_structure(line)
            current.append(content)
            if mark:
                marks.append(mark)
            if own_line:
                flush()
    flush()
    return blocks


class Reader(Protocol):
    """What ``read`` hands a document to."""

    def start(self, tag: str, attributes: dict) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, data: str) -> None: ...

    def comment(self, data: str) -> None: ...


class BlockReader:
    """The blocks of an HTML document, read from its elements' starts and ends, its text
    and its comments in document order (``read``)."""

    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
              "figcaption", "blockquote", "legend", "label"}
    SKIP = {"script", "style", "code", "pre", "template", "noscript"}
    SEPARATORS = {"br", "td", "th", "div", "span", "a"}
    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, path: str):
        self.path, self.blocks = path, []
        self.stack: list[list[str]] = []
        self.code: list[list[str]] = []  # inline code, per open block
        self.skipped: list[str] = []  # open elements whose text is not content
        self.counts: Counter = Counter()
        self.pending: frozenset = frozenset()  # flags of a comment before the next block
        # An element hidden from readers (aria-hidden): the status marks, the answer box's
        # invisible longest sentence that holds its size. [tag, nesting] while inside one.
        self.hidden: list | None = None

    def start(self, tag: str, attributes: dict) -> None:
        if self.hidden is not None:  # inside text kept from readers: count its tag's nesting
            self.hidden[1] += tag == self.hidden[0]
        elif attributes.get("aria-hidden") == "true" and tag not in self.VOID:
            self.hidden = [tag, 1]
        if tag in self.SEPARATORS and self.stack:
            self.stack[-1].append(" ")  # "…DKK<br>moms…" must not read as one word
        if tag in self.SKIP:
            self.skipped.append(tag)
        elif tag in self.BLOCKS:
            self.counts[tag] += 1
            self.stack.append([f"{tag}[{self.counts[tag]}]"])
            self.code.append([])

    def end(self, tag: str) -> None:
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

    def data(self, data: str) -> None:
        if not self.stack or self.hidden is not None:
            return
        if not self.skipped:
            self.stack[-1].append(data)
        elif self.skipped == ["code"]:  # inline code, as in Markdown; not <pre> blocks
            self.code[-1].append(data)

    def comment(self, data: str) -> None:
        self.pending |= _flags(f"<!--{data}-->")


def parse(html: str) -> LexborHTMLParser:
    """The document a browser would build from ``html`` (Lexbor, an HTML5-conformant
    parser, with scripting on as in chromium: <noscript> is text)."""
    return LexborHTMLParser(html, scripting=True)


def read(node: LexborNode, reader: Reader,
         handover: Callable[[LexborNode, str, dict], Reader | None] | None = None) -> None:
    """Hands ``reader`` what ``node`` and everything in it hold, in document order: each
    element's start and end, text and comment. ``handover`` may name, at an element (the
    node, its tag and attributes), the reader of what follows it, the same reader to leave
    the element out; the element itself goes to neither. A loop, not recursion: a page may
    nest its elements deeper than Python's stack."""
    start, end, data, comment = reader.start, reader.end, reader.data, reader.comment
    ends: list[tuple[LexborNode, str]] = []  # the elements entered, whose ends are to come
    current = node
    while True:
        tag = current.tag
        if tag == "-text":
            data(current.text_content)
        elif tag == "-comment":
            comment(current.comment_content)
        elif tag[0] != "-":  # an element (not a doctype)
            attributes = current.attributes
            successor = handover(current, tag, attributes) if handover is not None else None
            if successor is not None:
                start, end, data, comment = (successor.start, successor.end, successor.data,
                                             successor.comment)
            else:
                start(tag, attributes)
                child = current.child
                if child is not None:
                    ends.append((current, tag))
                    current = child
                    continue
                end(tag)
        following = current.next if ends else None
        while following is None and ends:
            current, tag = ends.pop()
            end(tag)
            following = current.next if ends else None
        if following is None:
            return
        current = following


@functools.lru_cache(maxsize=None)
def _literal(needle: str) -> re.Pattern:
    """``needle`` in any case; searching with it spares lowering a whole page (a third of
    the time `check --site` spent per page)."""
    return re.compile(re.escape(needle), re.IGNORECASE)


def html_blocks(text: str, path: str) -> list[Block]:
    """HTML: the block elements of the page's <article> (or body), without code or scripts."""
    if text.count("<") > MAX_TAGS:
        raise TooMuchToRead(f"{path}: more than {MAX_TAGS} tags, more than any help page "
                            "holds; split the page")
    start = _literal("<article").search(text)
    end = max((match.start() for match in _literal("</article>").finditer(text)), default=-1)
    article = text[start.start():end] if start and start.start() < end else text
    reader = BlockReader(path)
    read(parse(article).root, reader)
    return reader.blocks


def blocks_for(path: str, text: str) -> list[Block]:
    """Blocks of a file of any supported kind, chosen by its name."""
    lowered = path.lower()
    if lowered.endswith((".html", ".htm")):
        return html_blocks(text, path)
    if lowered.endswith((".md", ".markdown")):
        return markdown_blocks(text, path)
    return text_blocks(text, path)
