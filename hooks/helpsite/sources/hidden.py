"""Characters in a value that change what a reader sees, or that a reader cannot see.

A right-to-left override shows "22:00" as "00:22"; a zero-width space or a soft hyphen
inside a phone number breaks the link and the comparison; a Bengali "৪" (four) reads as a
Latin 8. The value checks compare characters, customers read the rendering: these
characters are findings of their own wherever a value is written (page prose, built
pages, files given to ``helpsite compare``) and refused in data files.

"In a value" means in a word that holds a digit, an "@" or a page's placeholder ("{{"): a
soft hyphen in "Kundendienst" or a joiner in a name is typography, in "+49 241 4468<U+200B>6"
it is not. A bidirectional override, embedding or isolate reorders everything up to its
end, so it is in a value when a value follows before it ends. Marks (U+200E, U+200F, U+061C) are how
right-to-left languages keep a number in order: in those languages they are no finding;
joiners (U+200C, U+200D) between two letters are spelling in Persian and Indic scripts.
Digits of any script but Latin and the language's own (CLDR's default and native
numbering systems) are findings however they are used.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

_OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"  # embeddings, overrides, isolates
_CLOSERS = "\u202c\u2069"  # pop directional formatting, pop directional isolate
_MARKS = "\u200e\u200f\u061c"
_JOINERS = "\u200c\u200d"  # zero width non-joiner and joiner
_RLO, _PDF = "\u202e", "\u202c"
_LATIN = frozenset("0123456789")
# Digits by numbering system (CLDR's ids): Unicode's name of each system's zero.
_ZEROS = {"latn": "DIGIT ZERO", "arab": "ARABIC-INDIC DIGIT ZERO",
          "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO", "beng": "BENGALI DIGIT ZERO",
          "deva": "DEVANAGARI DIGIT ZERO", "gujr": "GUJARATI DIGIT ZERO",
          "guru": "GURMUKHI DIGIT ZERO", "knda": "KANNADA DIGIT ZERO",
          "mlym": "MALAYALAM DIGIT ZERO", "mymr": "MYANMAR DIGIT ZERO",
          "orya": "ORIYA DIGIT ZERO", "tamldec": "TAMIL DIGIT ZERO",
          "telu": "TELUGU DIGIT ZERO", "thai": "THAI DIGIT ZERO", "tibt": "TIBETAN DIGIT ZERO",
          "khmr": "KHMER DIGIT ZERO", "laoo": "LAO DIGIT ZERO"}
_REFERENCE = r"&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"
_WORD = r"[^\s<>\"]"  # a value ends at a space, a tag or an attribute's quote
_WORD_BEFORE = re.compile(rf"{_WORD}{{0,64}}\Z")
_WORD_AFTER = re.compile(rf"{_WORD}{{0,64}}")
# What an override reorders, bounded: up to its end (a character or a reference), a line's
# end or a tag.
_CLOSER_REFERENCE = r"\#(?:8236|8297|[xX]202[cC]|[xX]2069);"  # after its "&"
_CLOSER = re.compile(rf"[{_CLOSERS}]|&{_CLOSER_REFERENCE}")
_GOVERNED = re.compile(rf"""(?:
    [^\n<&{_CLOSERS}]                                   # a character,
  | <[^<>\n]{{0,200}}>                                  # a tag: "<b>22:00</b>",
  | &(?!{_CLOSER_REFERENCE})                            # an "&" that does not end it
){{0,200}}""", re.VERBOSE)
_TAG = re.compile(r"<[^<>]*>")
_TRAILING = ".,;:!?)"  # punctuation after a value
# A digit, an address, a page's placeholder ("{{ desk.email }}") or a string's ("{price}")
_IN_A_VALUE = re.compile(r"\d|@|\{\{|\}\}|\{\w{1,40}\}")


# Where Unicode has format characters: beyond these planes are only private use areas.
_PLANES = (range(0x80, 0x20000), range(0xE0000, 0xE1000))


@functools.lru_cache(maxsize=None)
def _format_ranges() -> tuple[tuple[int, int], ...]:
    """The runs of format characters (Unicode category Cf), as (first, last)."""
    runs: list[tuple[int, int]] = []
    for code in (code for plane in _PLANES for code in plane):
        if unicodedata.category(chr(code)) == "Cf":
            if runs and runs[-1][1] == code - 1:
                runs[-1] = (runs[-1][0], code)
            else:
                runs.append((code, code))
    return tuple(runs)


def _format_class() -> str:
    """A regular expression's class of the format characters."""
    return "[" + "".join(re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "")
                         for low, high in _format_ranges()) + "]"


@functools.lru_cache(maxsize=None)
def _candidates() -> re.Pattern:
    """Every format character and every digit that is not ASCII, or a character reference
    ("&#8238;", "&shy;") that may stand for one."""
    return re.compile(rf"{_format_class()}|(?![0-9])\d|{_REFERENCE}")


@functools.lru_cache(maxsize=None)
def _format_characters() -> re.Pattern:
    return re.compile(_format_class())


@functools.lru_cache(maxsize=None)
def _locale(language: str) -> Locale | None:
    """The locale of a page's language as pages write it ("de", "pt-BR"); None for a
    language CLDR does not know, whose pages are read with Latin digits, left to right."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


@functools.lru_cache(maxsize=None)
def own_digits(language: str) -> frozenset[str]:
    """Latin digits, which every language's pages use, and the digits of the language's
    default and native numbering systems."""
    locale = _locale(language)
    systems = {"latn"} if locale is None else {"latn", locale.default_numbering_system,
                                               *dict(locale.other_numbering_systems).values()}
    zeros = [unicodedata.lookup(_ZEROS[system]) for system in systems if system in _ZEROS]
    return frozenset(chr(ord(zero) + offset) for zero in zeros for offset in range(10))


def without_format(text: str) -> str:
    """``text`` as a reader sees its characters: without the format characters, which show
    nothing (the order an override gives is not rebuilt; the override is a finding). Read
    for every block a drift check compares: a search, which finds none in most, is four
    times faster than str.translate."""
    if text.isascii() or _format_characters().search(text) is None:
        return text
    return _format_characters().sub("", text)


def name(character: str) -> str:
    """"U+202E RIGHT-TO-LEFT OVERRIDE"."""
    return f"U+{ord(character):04X} {unicodedata.name(character, 'UNNAMED CHARACTER')}"


def visible(text: str, digits: frozenset[str] = _LATIN) -> str:
    """``text`` with its hidden characters written out: "<U+202E>22:00<U+202C>"."""
    return "".join(f"<U+{ord(c):04X}>" if is_hidden(c, digits) else c for c in text)


def displayed(text: str) -> str:
    """What a reader sees of a value with a right-to-left override in it: the overridden
    characters in reverse order ("<U+202E>22:00<U+202C>" shows "00:22"); format characters
    show nothing."""
    parts = re.split(f"({_RLO}[^{_PDF}]*)", text)
    shown = "".join(part[:0:-1] if part.startswith(_RLO) else part for part in parts)
    return "".join(c for c in shown if unicodedata.category(c) != "Cf")


def is_hidden(character: str, digits: frozenset[str] = _LATIN) -> bool:
    """A format character, or a digit of a numbering system not in ``digits``."""
    category = unicodedata.category(character)
    return category == "Cf" or (category == "Nd" and character not in digits)


@dataclass(frozen=True)
class Hidden:
    line: int
    column: int
    character: str  # the first hidden character of the value
    value: str  # the value as written, hidden characters and all
    more: int  # how many other hidden characters the same value holds

    def __str__(self) -> str:
        others = f" and {self.more} more" if self.more else ""
        shown = visible(displayed(self.value))  # the message itself holds none
        shows = f", which shows as \"{shown}\"" if _RLO in self.value else ""
        return (f"hidden character {name(self.character)}{others} in the value "
                f"\"{visible(self.value)}\"{shows}; delete it and type the value again")


def hidden_characters(text: str, language: str, first_line: int = 1) -> list[Hidden]:
    """The values in ``text`` (prose, Markdown or HTML) that hold hidden characters, one
    finding per value, with the line and column of its first hidden character."""
    digits = own_digits(language)
    locale = _locale(language)
    right_to_left = locale is not None and locale.character_order == "right-to-left"
    found, newlines, covered = [], None, -1
    for match in _candidates().finditer(text):
        start = match.start()
        if start < covered:
            continue  # in a value already reported
        character = html.unescape(match[0]) if match[0].startswith("&") else match[0]
        if len(character) != 1 or not is_hidden(character, digits):
            continue
        if right_to_left and character in _MARKS:
            continue
        if character in _JOINERS and text[start - 1:start].isalpha() and text[
                match.end():match.end() + 1].isalpha():
            continue  # between letters: how Persian and Indic scripts spell ("می‌خواهم")
        first = _WORD_BEFORE.search(text, max(0, start - 64), start).start()
        if character in _OPENERS:
            # "<U+202E>22:00 Uhr<U+202C>": the value runs to the override's end
            end = _GOVERNED.match(text, match.end()).end()
            closer = _CLOSER.match(text, end)
            end = closer.end() if closer else end
        else:
            end = _WORD_AFTER.match(text, start).end()
        while end > start + 1 and text[end - 1] in _TRAILING:  # "22:00." ends before its stop
            end -= 1
        word = html.unescape(_TAG.sub("", text[first:end]))
        if not _IN_A_VALUE.search(word):
            covered = end  # nothing in it is a value
            continue
        if newlines is None:
            newlines = [newline.start() for newline in re.finditer("\n", text)]
        line = bisect.bisect_left(newlines, start)
        column = start - (newlines[line - 1] + 1 if line else 0) + 1
        more = sum(1 for c in word if is_hidden(c, digits)) - 1
        found.append(Hidden(first_line + line, column, character, word, max(more, 0)))
        covered = end
    return found
