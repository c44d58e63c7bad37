"""Typed extraction: the phone numbers, times, amounts and other values in a text.

Each value is read in the text's own language (Babel's number symbols, CLDR's unit names,
phonenumbers' matcher with the language's likely country) and reduced to a canonical form,
so that "09.00", "9:00" and "09:00 Uhr" are the same time, "5,95 €" and "€ 5,95" the same
amount, and "+49 241 44686-112" and "0049 241 44686112" the same number. Values are whole
tokens: "6" is never found inside "16".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers
from babel import Locale
from babel.core import get_global

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_CURRENCIES = [
    (r"€|\bEUR\b|\beuros?\b", "EUR"),
    (r"\bkr\.?|\bDKK\b", "DKK"),
    (r"\bCHF\b|\bFr\.", "CHF"),
    (r"\$|\bUSD\b", "USD"),
    (r"£|\bGBP\b", "GBP"),
]
_PERCENT = r"[\s\u00a0\u202f]?(?:%|procent\b|Prozent\b|per\s?cento\b|por\s?ciento\b)"
_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# A phone matcher reads "09.00 – 18.00" as a number in some countries; such runs are times.
_TIMES_ONLY = re.compile(r"\d{1,2}[.:]\d{2}(?:\s*[–—-]\s*\d{1,2}[.:]\d{2})*")
_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-4])[:.]([0-5]\d)(?![\d]|[.,]\d)")


@dataclass(frozen=True)
class Value:
    kind: str
    value: str  # canonical, comparable across languages
    raw: str  # as written
    start: int  # offset in the text


@functools.lru_cache(maxsize=None)
def _region(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language, language)
    return Locale.parse(likely).territory


@functools.lru_cache(maxsize=None)
def _number_pattern(language: str) -> str:
    symbols = Locale.parse(language).number_symbols["latn"]
    group = re.escape(symbols["group"]) + r"\u00a0\u202f "
    decimal = re.escape(symbols["decimal"])
    return rf"\d{{1,3}}(?:[{group}]\d{{3}})+(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?"


def _parse_number(text: str, language: str) -> Decimal | None:
    symbols = Locale.parse(language).number_symbols["latn"]
    plain = text
    for group in (symbols["group"], "\u00a0", "\u202f", " "):
        plain = plain.replace(group, "")
    try:
        return Decimal(plain.replace(symbols["decimal"], "."))
    except InvalidOperation:
        return None


def _canonical(number: Decimal) -> str:
    return format(number.normalize(), "f")


@functools.lru_cache(maxsize=None)
def _unit_pattern(language: str) -> tuple[re.Pattern, dict[str, str]]:
    """CLDR's names for time units in ``language`` (Stunde, Stunden, Std.) -> unit."""
    patterns = Locale.parse(language)._data["unit_patterns"]
    words: dict[str, str] = {}
    for unit in (*_SECONDS, "month"):
        for forms in patterns[f"duration-{unit}"].values():
            for form, pattern in forms.items():
                if form == "per" or not isinstance(pattern, str):
                    continue
                word = pattern.replace("{0}", "").strip()
                if len(word.rstrip(".")) >= 2:
                    words[word.lower()] = unit
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    number = _number_pattern(language)
    return re.compile(rf"(?<![\w.,])({number})[\s\u00a0-]?({alternatives})(?!\w)",
                      re.IGNORECASE), words


def _duration(amount: Decimal, unit: str) -> str:
    """ISO 8601 in the largest whole unit up to days: P21D, PT2H, PT90S; months stay P6M."""
    if unit == "month":
        return f"P{_canonical(amount)}M"
    seconds = amount * _SECONDS[unit]
    for size, letter, in_time in ((86400, "D", False),
                                  (3600, "H", True), (60, "M", True), (1, "S", True)):
        if seconds % size == 0 or size == 1:
            return f"P{'T' if in_time else ''}{_canonical(seconds / size)}{letter}"
    raise AssertionError("unreachable")


class _Text:
    """The text with each found value blanked out, so later kinds cannot re-read it."""

    def __init__(self, text: str):
        self.original = text
        self.remaining = text
        self.values: list[Value] = []

    def take(self, kind: str, value: str, start: int, end: int) -> None:
        self.values.append(Value(kind, value, self.original[start:end], start))
        self.remaining = self.remaining[:start] + " " * (end - start) + self.remaining[end:]


@dataclass(frozen=True)
class _Patterns:
    money: tuple[tuple[re.Pattern, str], ...]
    percent: re.Pattern
    minutes_seconds: re.Pattern
    units: re.Pattern
    unit_words: dict[str, str]
    number: re.Pattern


@functools.lru_cache(maxsize=None)
def _patterns(language: str) -> _Patterns:
    number = _number_pattern(language)
    units, words = _unit_pattern(language)
    minute_words = "|".join(re.escape(w) for w, unit in words.items() if unit == "minute")
    return _Patterns(
        money=tuple((re.compile(rf"(?:(?:{currency})\s?({number})|({number})\s?(?:{currency}))"), code)
                    for currency, code in _CURRENCIES),
        percent=re.compile(rf"(?<![\w.,])({number})(?:{_PERCENT})"),
        minutes_seconds=re.compile(rf"(?<![\d:])(\d+):([0-5]\d)\s?(?:{minute_words})(?!\w)",
                                   re.IGNORECASE),
        units=units, unit_words=words,
        number=re.compile(rf"(?<![\w.,])({number})(?![\w]|[.,]\d)"))


def extract(text: str, language: str, *, ignore_years: bool = False) -> list[Value]:
    """Every value in ``text`` (written in ``language``), in order of appearance.

    Kinds are read most specific first, each blanking what it read: addresses, money
    (before phones, whose matcher would read part of "1.687,50 DKK" as a number), phones,
    percentages, durations, times, and last plain numbers.
    """
    return list(_extract(text, language, ignore_years))


@functools.lru_cache(maxsize=65536)  # sites repeat the same sentences on many pages
def _extract(text: str, language: str, ignore_years: bool) -> tuple[Value, ...]:
    patterns = _patterns(language)
    found = _Text(text)
    for match in _URL.finditer(found.remaining):
        found.take("url", match[0].rstrip("/"), *match.span())
    for match in _EMAIL.finditer(found.remaining):
        found.take("email", match[0].lower(), *match.span())
    for money, code in patterns.money:
        for match in money.finditer(found.remaining):
            amount = _parse_number(match[1] or match[2], language)
            if amount is not None:
                found.take("money", f"{_canonical(amount)} {code}", *match.span())
    if any(character.isdigit() for character in found.remaining):
        for match in phonenumbers.PhoneNumberMatcher(found.remaining, _region(language),
                                                     leniency=phonenumbers.Leniency.VALID):
            if _TIMES_ONLY.fullmatch(match.raw_string.strip()):
                continue
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.take("phone", e164, match.start, match.end)
    for match in patterns.percent.finditer(found.remaining):
        amount = _parse_number(match[1], language)
        if amount is not None:
            found.take("percent", f"{_canonical(amount)}%", *match.span())
    for match in patterns.minutes_seconds.finditer(found.remaining):
        seconds = Decimal(int(match[1]) * 60 + int(match[2]))
        found.take("duration", _duration(seconds, "second"), *match.span())
    for match in patterns.units.finditer(found.remaining):
        amount = _parse_number(match[1], language)
        if amount is not None:
            found.take("duration", _duration(amount, patterns.unit_words[match[2].lower()]),
                       *match.span())
    for match in _TIME.finditer(found.remaining):
        found.take("time", f"{int(match[1]):02d}:{match[2]}", *match.span())
    for match in patterns.number.finditer(found.remaining):
        amount = _parse_number(match[1], language)
        if amount is None:
            continue
        if ignore_years and re.fullmatch(r"(19|20)\d\d", match[1]):
            continue
        found.take("number", _canonical(amount), *match.span())
    return tuple(sorted(found.values, key=lambda value: value.start))
