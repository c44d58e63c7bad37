"""Comparison of a translation with its source: which values are missing, extra or changed.

Texts are split into blocks (paragraphs, list items, table rows, headings). Blocks are
aligned by the values they contain, so a translation that joins two lines, reorders a
list or drops a paragraph still lines up where it can; values are compared as multisets
within each unaligned stretch, so a number that appears twice in the source must appear
twice in the translation. Structure (list numbering, heading numbers, code, template
placeholders) is not content and is left out.
"""

from __future__ import annotations

import difflib
import html.parser
import re
from collections import Counter
from dataclasses import asdict, dataclass

from .extract import Value, extract

_LIST_MARK = re.compile(r"^\s*(?:[-*+•·]\s+|\d+[.)]\s+)")
_HEADING_NUMBER = re.compile(r"^(#{1,6}\s+)?\d+(?:\.\d+)*\.?\s+")
_NOT_CONTENT = re.compile(r"<script\b.*?</script>|\sdata-[\w-]+=\"[^\"]*\"", re.DOTALL | re.IGNORECASE)
_MARKDOWN_SKIP = re.compile(r"`[^`]*`|\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->|<[^>]+>", re.DOTALL)


@dataclass(frozen=True)
class Block:
    text: str
    where: str


@dataclass(frozen=True)
class Finding:
    kind: str
    lang: str
    reference_lang: str
    expected: str | None  # None: the value is extra in the translation
    found: str | None  # None: the value is missing from the translation
    where: str
    reference_where: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        if self.expected is None:
            return (f"{self.where}: [{self.lang}] {self.kind} {self.found} is not in the "
                    f"{self.reference_lang} source")
        what = (f"{self.kind} {self.expected} is missing" if self.found is None
                else f"{self.kind} {self.expected} became {self.found}")
        return f"{self.where}: [{self.lang}] {what} (source: {self.reference_where})"


def _strip_structure(line: str) -> str:
    return _HEADING_NUMBER.sub(r"\1", _LIST_MARK.sub("", line))


def text_blocks(text: str, path: str) -> list[Block]:
    """Plain text: every non-empty line is a block."""
    return [Block(_strip_structure(line), f"{path}:{number}")
            for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def markdown_blocks(text: str, path: str, first_line: int = 1) -> list[Block]:
    """Markdown: paragraphs, list items, table rows and headings, without code or placeholders."""
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line
    in_fence = False

    def flush() -> None:
        if current:
            blocks.append(Block(_MARKDOWN_SKIP.sub(" ", " ".join(current)), f"{path}:{start}"))
            current.clear()

    for number, line in enumerate(text.splitlines(), first_line):
        if line.lstrip().startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        starts_block = (not line.strip() or _LIST_MARK.match(line) or line.startswith("#")
                        or line.lstrip().startswith("|"))
        if starts_block:
            flush()
        if line.strip():
            if not current:
                start = number
            current.append(_strip_structure(line))
            if line.startswith("#") or line.lstrip().startswith("|"):
                flush()
    flush()
    return blocks


class _HtmlBlocks(html.parser.HTMLParser):
    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
              "figcaption", "blockquote", "legend", "label"}
    SKIP = {"script", "style", "code", "pre", "template", "noscript"}

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path, self.blocks = path, []
        self.stack: list[list[str]] = []
        self.skipping = 0
        self.in_article = None  # None: no <article> seen; then the whole body counts
        self.counts: Counter = Counter()

    SEPARATORS = {"br", "td", "th", "div", "span", "a"}

    def handle_starttag(self, tag, attrs):
        if tag in self.SEPARATORS and self.stack:
            self.stack[-1].append(" ")  # "…DKK<br>moms…" must not read as one word
        if tag == "article":
            self.in_article = True
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.counts[tag] += 1
            self.stack.append([f"{tag}[{self.counts[tag]}]"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS and self.stack:
            label, *parts = self.stack.pop()
            text = " ".join("".join(parts).split())
            if text:
                self.blocks.append(Block(_HEADING_NUMBER.sub("", text) if tag[0] == "h" else text,
                                         f"{self.path} {label}"))

    def handle_data(self, data):
        if self.stack and not self.skipping:
            self.stack[-1].append(data)


def html_blocks(text: str, path: str) -> list[Block]:
    """HTML: the block elements of the page's <article> (or body), without code or scripts."""
    article = re.search(r"<article\b.*?</article>", text, re.DOTALL | re.IGNORECASE)
    # Scripts and data attributes are never content; dropping them first halves the parsing.
    markup = _NOT_CONTENT.sub("", article[0] if article else text)
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


def _values(blocks: list[Block], language: str, ignore_years: bool) -> list[list[Value]]:
    return [extract(block.text, language, ignore_years=ignore_years) for block in blocks]


def signature(values: list[Value]) -> tuple:
    """The values of a block as a comparable multiset."""
    return tuple(sorted((value.kind, value.value) for value in values))


def compare(reference: list[Block], reference_lang: str, translation: list[Block], lang: str,
            *, ignore_years: bool = False,
            allowed: set[tuple[str, str]] = frozenset()) -> list[Finding]:
    """Findings for values of ``translation`` that differ from ``reference``.

    ``allowed`` holds (kind, value) pairs the data declares as differing for this language.
    """
    def keep(values: list[Value]) -> list[Value]:
        return [v for v in values if (v.kind, v.value) not in allowed]

    ref_blocks = [(b, keep(v)) for b, v in zip(reference, _values(reference, reference_lang, ignore_years))]
    tr_blocks = [(b, keep(v)) for b, v in zip(translation, _values(translation, lang, ignore_years))]
    ref_blocks = [(b, v) for b, v in ref_blocks if v]
    tr_blocks = [(b, v) for b, v in tr_blocks if v]
    matcher = difflib.SequenceMatcher(None, [signature(v) for _, v in ref_blocks],
                                      [signature(v) for _, v in tr_blocks], autojunk=False)
    findings: list[Finding] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ref_region, tr_region = ref_blocks[i1:i2], tr_blocks[j1:j2]
        nearest_tr = (tr_region or tr_blocks[max(j1 - 1, 0):j1] or tr_blocks[:1])
        fallback_where = nearest_tr[0][0].where if nearest_tr else "(translation has no values)"
        findings.extend(_region_findings(ref_region, tr_region, reference_lang, lang, fallback_where))
    return findings


def _region_findings(ref_region, tr_region, reference_lang, lang, fallback_where) -> list[Finding]:
    ref_values = [(v, block.where) for block, values in ref_region for v in values]
    tr_values = [(v, block.where) for block, values in tr_region for v in values]
    missing = Counter(v.value for v, _ in ref_values) - Counter(v.value for v, _ in tr_values)
    extra = Counter(v.value for v, _ in tr_values) - Counter(v.value for v, _ in ref_values)
    lost = [(v, w) for v, w in ref_values if missing[v.value] and not missing.subtract([v.value])]
    added = [(v, w) for v, w in tr_values if extra[v.value] and not extra.subtract([v.value])]
    findings = []
    for kind in dict.fromkeys(v.kind for v, _ in lost + added):
        lost_kind = [(v, w) for v, w in lost if v.kind == kind]
        added_kind = [(v, w) for v, w in added if v.kind == kind]
        for index in range(max(len(lost_kind), len(added_kind))):
            old = lost_kind[index] if index < len(lost_kind) else None
            new = added_kind[index] if index < len(added_kind) else None
            findings.append(Finding(
                kind, lang, reference_lang,
                expected=old[0].value if old else None, found=new[0].value if new else None,
                where=new[1] if new else fallback_where,
                reference_where=old[1] if old else "(not in the source)"))
    return findings
