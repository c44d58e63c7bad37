"""What the value readers share: a value, the text they read (with what was read blanked),
and numbers written as words turned into digits with the map back to the text as written."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from text_to_num import alpha2digit

from helpsite.drift.words import WORDS, alternatives
from helpsite.errors import TooMuchToRead

MAX_VALUES = 20_000  # in one text: the longest real help pages hold a few hundred
_CHUNK = 400  # text2num's reading grows with the square of a run of words: read in pieces
_DIGIT_RUN = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True)
class Value:
    kind: str
    value: str  # canonical, comparable across languages
    raw: str  # as written
    start: int  # offset in the text
    weak: bool = False  # read from an article or ordinal word: a count only if the other side has it

    @property
    def shown(self) -> str:
        """What a writer reads: the value as written, and its canonical form where it helps."""
        raw = " ".join(self.raw.split())
        return f"{raw} ({self.value})" if self.kind == "phone" else raw


class Text:
    """The text with the values found so far blanked out, so later kinds cannot re-read them.

    Each kind is read in one pass over the remaining text, and the text is rebuilt once per
    pass: reading stays linear however many values a text holds.
    """

    def __init__(self, origin: Origin):
        self.remaining = origin.converted
        self.origin = origin
        self.values: list[Value] = []

    def read(self, pattern: re.Pattern, make) -> None:
        """Take every match for which ``make(match)`` gives (kind, value[, weak])."""
        spans = []
        for match in pattern.finditer(self.remaining):
            made = make(match)
            if made:
                kind, value, *weak = made
                start, end = match.span()
                self.add(kind, value, start, end, bool(weak and weak[0]))
                spans.append((start, end))
        self.blank(spans)

    def add(self, kind: str, value: str, start: int, end: int, weak: bool = False) -> None:
        """A value read from ``start`` to ``end`` of the remaining text."""
        if len(self.values) >= MAX_VALUES:
            raise TooMuchToRead(f"more than {MAX_VALUES} values in one paragraph, more "
                                "than any help page holds; split the text")
        self.values.append(self.origin.value(kind, value, start, end, weak))

    def blank(self, spans) -> None:
        if not spans:
            return
        parts, last = [], 0
        for start, end in spans:
            parts += [self.remaining[last:start], " " * (end - start)]
            last = end
        parts.append(self.remaining[last:])
        self.remaining = "".join(parts)


class Origin:
    """Maps offsets in the text with number words turned into digits back to the text as
    written, and knows which values came from words."""

    def __init__(self, original: str, converted: str, replaced: list[tuple[int, int, int, int]]):
        self.original, self.converted = original, converted
        self.replaced = replaced  # (converted start, end, original start, end), in order
        self.starts = [item[0] for item in replaced]

    def locate(self, offset: int, end: bool) -> tuple[int, bool]:
        """Where ``offset`` (a start, or an ``end``) is in the text as written, and whether
        it falls in words read as a number."""
        index = bisect.bisect_right(self.starts, offset - (1 if end else 0)) - 1
        if index < 0:
            return offset, False
        cstart, cend, ostart, oend = self.replaced[index]
        if offset < cend or (end and offset == cend):
            return (oend if end else ostart), True
        return offset - cend + oend, False

    def value(self, kind: str, value: str, start: int, end: int, weak: bool) -> Value:
        ostart, start_words = self.locate(start, False)
        oend, end_words = self.locate(end, True)
        # Number words are also ordinary words ("ein", "Sei", "anden", "beiden"): a value
        # read from words counts only where the other side has it, or a word of its own.
        weak = weak or start_words or end_words
        return Value(kind, value, self.original[ostart:oend], ostart, weak)


def count_numbers(text: str) -> None:
    if len(_DIGIT_RUN.findall(text)) > 2 * MAX_VALUES:  # "1.000,00" is three runs, one value
        raise TooMuchToRead(f"more than {2 * MAX_VALUES} numbers in one paragraph, more than "
                            "any help page holds; split the text")


def words_to_digits(text: str, language: str, written: str) -> Origin:
    """Numbers written as words, as digits ("sette giorni" -> "7 giorni"), with the map back
    to ``written`` (the text as written; ``text`` is it with the values already read blanked)."""
    try:
        starts = _chunk_starts(text)
        # Only pieces with a word of two letters or more can hold a number word.
        converted = "".join(alpha2digit(_fill_gaps(piece, language), language, threshold=0)
                            if _WORD.search(piece) else piece
                            for piece in (text[start:end] for start, end in
                                          zip(starts, [*starts[1:], len(text)])))
    except (ValueError, RuntimeError):  # a language text2num does not know: words stay words
        return Origin(written, text, [])
    if converted == text:
        return Origin(written, text, [])
    count_numbers(converted)
    original_tokens = [m.span() for m in re.finditer(r"\S+", text)]
    converted_tokens = [m.span() for m in re.finditer(r"\S+", converted)]
    replaced, i = [], 0
    for j, (cstart, cend) in enumerate(converted_tokens):
        if i >= len(original_tokens):
            return Origin(written, text, [])
        ostart, oend = original_tokens[i]
        if text[ostart:oend] == converted[cstart:cend]:
            i += 1
            continue
        following = (converted[slice(*converted_tokens[j + 1])]
                     if j + 1 < len(converted_tokens) else None)
        k = i + 1
        while k < len(original_tokens) and k <= i + 12 and (
                following is None or text[slice(*original_tokens[k])] != following):
            k += 1
        if following is not None and (k >= len(original_tokens) or k > i + 12):
            k = i + 1  # could not tell how many words made the number: map it to one
        replaced.append((cstart, cend, ostart, original_tokens[k - 1][1]))
        i = k
    return Origin(written, converted, replaced)


@functools.lru_cache(maxsize=None)
def _gap_pattern(language: str) -> re.Pattern | None:
    words = WORDS["word_gaps"].get(language)
    return re.compile(rf"(?<!\w)(?:{alternatives(words)})(?!\w)", re.IGNORECASE) if words else None


def _fill_gaps(text: str, language: str) -> str:
    """``text`` with the number words text2num misses (word_gaps) in a form it reads."""
    pattern = _gap_pattern(language)
    gaps = WORDS["word_gaps"].get(language)
    return pattern.sub(lambda match: gaps[match[0].lower()], text) if pattern else text


def _chunk_starts(text: str) -> list[int]:
    """Where to cut ``text`` into pieces of about _CHUNK characters, at a space."""
    starts, position = [0], 0
    while len(text) - position > _CHUNK:
        cut = text.rfind(" ", position + 1, position + _CHUNK)
        position = cut if cut > position else position + _CHUNK
        starts.append(position)
    return starts
