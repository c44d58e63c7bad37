"""Numbers as people write them in any language, and the canonical forms values take."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.core import get_global

from helpsite.drift.words import SPACE

# Lengths beyond any real value: longer digit runs are identifiers, not numbers.
DIGITS = 15

# A number as people write it in any language: groups of three, a decimal part.
NUMBER = (rf"""(?x:
    \d{{1,3}}[.,]\d{{3}}(?:[{SPACE}]\d{{3}}){{0,3}}  # 0,000 000 01: decimals in groups,
      [{SPACE}]\d{{1,2}}(?!\d)                     # the last one shorter
  | \d{{1,3}}(?:[.,'’{SPACE}]\d{{3}}){{1,4}}         # 1.000.000, 1 000, 1'000
      (?:[.,]\d{{1,9}})?                           # and its decimals
  | \d{{1,{DIGITS}}}(?:[.,]\d{{1,9}})?              # 1000, 3.16, 0.00000001
)""")
NUMBER_START = r"(?<![\w.,:])"  # never inside a word, a number or a time
# A whole number and a common fraction: "1 1/2 Stunden", "1 ½ hours", "1½", "¾".
FRACTIONS = {"½": "0.5", "¼": "0.25", "¾": "0.75", "1/2": "0.5", "1/4": "0.25", "3/4": "0.75"}
FRACTION = rf"""(?:
    (?:\d{{1,3}}[{SPACE}]?)?[½¼¾]           # 1½, 1 ½, ½
  | \d{{1,3}}[{SPACE}](?:1/2|1/4|3/4)(?!\d)  # 1 1/2
)"""
# What makes a number a rank: "1st", "2e", "1re", "15.", "15º".
ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|re|ère|e|ème|de|ste|º|ª|°|o|a|\.)"

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_CALENDAR = {"month": "M", "year": "Y"}
UNITS = (*_SECONDS, *_CALENDAR)


@functools.lru_cache(maxsize=None)
def _symbols(language: str) -> tuple[str, str]:
    symbols = Locale.parse(language).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


@functools.lru_cache(maxsize=None)
def default_region(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language, language)
    return Locale.parse(likely).territory


def parse_number(text: str, language: str) -> Decimal | None:
    """A written number; a separator before exactly three digits means what the language
    says it means ("1.000" is 1000 in German, 1 in English); any other is a decimal point."""
    decimal, group = _symbols(language)
    fraction = re.fullmatch(rf"(\d{{0,3}})[{SPACE}]?(½|¼|¾|1/2|1/4|3/4)", text)
    if fraction:
        return Decimal(fraction[1] or 0) + Decimal(FRACTIONS[fraction[2]])
    text = re.sub(f"[{SPACE}'’]", "", text)
    separators = [index for index, character in enumerate(text) if character in ".,"]
    if separators:
        last = separators[-1]
        tail = len(text) - last - 1
        kinds = {text[index] for index in separators}
        if len(kinds) == 2 or (tail != 3 or text[last] == decimal) and len(separators) == 1:
            whole = re.sub(r"[.,]", "", text[:last])
            if len(kinds) == 1 and tail == 3 and text[last] != decimal:
                text = whole + text[last + 1:]
            else:
                text = f"{whole}.{text[last + 1:]}"
        elif text[last] == group or tail == 3:
            text = text.replace(text[last], "")
        else:
            return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def canonical(number: Decimal) -> str:
    return format(number.normalize(), "f")


def amount(kind: str, text: str, language: str, suffix: str = ""):
    """(kind, the canonical number with ``suffix``), or None where ``text`` is no number."""
    number = parse_number(text, language)
    return None if number is None else (kind, f"{canonical(number)}{suffix}")


def duration(length: Decimal, unit: str) -> str:
    """ISO 8601 in the largest whole unit up to days: P21D, PT2H, PT90S; P6M and P3Y stay."""
    if unit in _CALENDAR:
        return f"P{canonical(length)}{_CALENDAR[unit]}"
    seconds = length * _SECONDS[unit]
    for size, letter, in_time in ((86400, "D", False),
                                  (3600, "H", True), (60, "M", True), (1, "S", True)):
        if seconds % size == 0 or size == 1:
            return f"P{'T' if in_time else ''}{canonical(seconds / size)}{letter}"
    raise AssertionError("unreachable")
