"""Durations, as ISO 8601 ("7 Tagen", "sette giorni", "seven days" are P7D), and the
facts "around the clock" (24h) and "N days a week" (Nd/7)."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from babel import Locale

from helpsite.drift.numbers import (FRACTION, NUMBER, NUMBER_START, ORDINAL_SUFFIX, UNITS, duration,
                      parse_number)
from helpsite.drift.reading import Text
from helpsite.drift.words import SPACE, WORDS, alternatives, parts, spaced

# Durations said in words no number reader knows: a quarter of an hour, half an hour; each
# told by its first four letters.
_WORDS_OF_DURATIONS = "|".join(word.replace(" ", r"\ ")  # a space in a word is one
                               for words in WORDS["durations_in_words"].values() for word in words)
_IN_WORDS = re.compile(rf"""
    (?<!\w)(?=[kvqchdm])          # fails fast on other letters
    (?:{_WORDS_OF_DURATIONS})     # kwartier, half an hour
    (?!\w)""", re.IGNORECASE | re.VERBOSE)
_IN_WORDS_VALUES = {word[:4]: value for value, words in WORDS["durations_in_words"].items()
                    for word in words}


class Durations:
    """A number and a unit of time: CLDR's names for it in the language (Stunde, Stunden,
    Std.) and the forms CLDR lacks (unit_extras)."""

    def __init__(self, language: str):
        self.language = language
        self.words = _unit_words(language)
        self.minute_words = alternatives(w for w, unit in self.words.items() if unit == "minute")
        units = alternatives(self.words)
        self.minutes_seconds = re.compile(rf"""
            (?=\d)(?<![\d:])(\d{{1,4}}):([0-5]\d)      # 12:30
            [{SPACE}]?(?:{self.minute_words})(?!\w)      # Minuten, min""", re.IGNORECASE | re.VERBOSE)
        self.units = re.compile(rf"""
            (?=[\d½¼¾]){NUMBER_START}((?x:{FRACTION})|{NUMBER})  # 7, 1½, 1 1/2
            {ORDINAL_SUFFIX}?[{SPACE}-]?                        # 14-, 24.
            ({units})(?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)          # Tage, days, and endings""",
                                re.IGNORECASE | re.VERBOSE)
        # German compounds: "14-wöchigen", "5-Minuten-Block", "2-Stunden-Fenster".
        self.hyphenated = re.compile(r"""
            (?=\d)(?<![\w.,])(\d{1,6})   # 14
            -(\w{1,20})                  # -wöchigen""", re.IGNORECASE | re.VERBOSE)
        join = parts("range_join", language, "to")
        self.ranges = re.compile(rf"""
            (?=\d){NUMBER_START}(?P<low>{NUMBER})          # 5
            (?:[{SPACE}]*[–—-][{SPACE}]*                    # a dash, or the language's "to":
              |[{SPACE}]+(?:{join})[{SPACE}]+)  # à, bis, a, tot
            (?P<high>{NUMBER})[{SPACE}-]?                   # 10
            (?P<unit>{units})(?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)  # days, jours, Tage
            """, re.IGNORECASE | re.VERBOSE)
        # A unit right after a range of hours: "5–10 Tagen" are days.
        self.unit_after = re.compile(rf"""
            [{SPACE}]?({units})             # Tagen, days
            (?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)          # and their endings
            """, re.IGNORECASE | re.VERBOSE)
        self.always = _round_the_clock_pattern(language)

    def unit_of(self, word: str) -> str | None:
        word = " ".join(word.lower().split())
        return self.words.get(word) or self.words.get(word.rstrip("."))

    def read_always(self, raw: Text) -> None:
        """Read "around the clock" (24h) and "N days a week" (Nd/7) as one fact each; they
        are values in words, a count only where the other side says so too."""
        if not self.always:
            return
        spans = []
        for match in self.always.finditer(raw.remaining):
            start, end = match.span()
            days = re.search(r"\d", match["week"])[0] if match["week"] else "7"
            facts = ((["24h"] if not match["week"] else [])
                     + ([f"{days}d/7"] if not match["day"] else []))
            for fact in facts:
                raw.add("always", fact, start, end, True)
            spans.append((start, end))
        raw.blank(spans)

    def read_in_words(self, raw: Text) -> None:
        raw.read(_IN_WORDS, lambda m: ("duration", _IN_WORDS_VALUES[m[0].lower()[:4]], True))

    def read_minutes_seconds(self, found: Text) -> None:
        found.read(self.minutes_seconds, lambda m: (
            "duration", duration(Decimal(int(m[1]) * 60 + int(m[2])), "second")))

    def read_ranges(self, found: Text) -> None:
        """Both ends of a range carry its unit: "5-10 days", "5 à 10 jours", "5 bis 10 Tage"
        are 5 and 10 days alike."""
        spans = []
        for match in self.ranges.finditer(found.remaining):
            unit = self.unit_of(match["unit"])
            ends = [(parse_number(match[end], self.language), match.start(end), stop)
                    for end, stop in (("low", match.end("low")), ("high", match.end()))]
            if unit is None or any(length is None for length, _, _ in ends):
                continue
            for length, start, stop in ends:
                found.add("duration", duration(length, unit), start, stop)
                spans.append((start, stop))
        found.blank(spans)

    def read(self, found: Text) -> None:
        found.read(self.units, self._unit)
        found.read(self.hyphenated, self._hyphenated)

    def _unit(self, match: re.Match):
        length = parse_number(match[1], self.language)
        unit = self.unit_of(match[2])
        if length is None or unit is None:
            return None
        return "duration", duration(length, unit)

    def _hyphenated(self, match: re.Match):
        word = match[2].lower()
        for stem, unit in self.words.items():
            if len(stem) >= 3 and word.startswith(stem):
                return "duration", duration(Decimal(match[1]), unit)
        return None


@functools.lru_cache(maxsize=None)
def durations(language: str) -> Durations:
    return Durations(language)


def _unit_words(language: str) -> dict[str, str]:
    """CLDR's names for time units in ``language`` (Stunde, Stunden, Std.) -> unit."""
    patterns = Locale.parse(language)._data["unit_patterns"]
    words: dict[str, str] = {}
    for unit in UNITS:
        for forms in patterns.get(f"duration-{unit}", {}).values():
            for form, pattern in forms.items():
                if form == "per" or not isinstance(pattern, str):
                    continue
                word = pattern.replace("{0}", "").strip().lower()
                if len(word.rstrip(".")) >= 2 or word == "h":
                    words[word] = unit
    words.update(WORDS["unit_extras"].get(language, {}))
    words.setdefault("h", "hour")  # "72h", "24 h": written so in every language
    return words


def _round_the_clock_pattern(language: str) -> re.Pattern | None:
    if language not in WORDS["round_the_clock"]:
        return None
    return re.compile(spaced(rf"""
        (?=[\dardlpc])(?<![\w.,/])(?:                    # a digit, around, rund, de, las, przez
          (?P<both>24[ ]?[/x×][ ]?7(?:[ ]?/[ ]?365)?)  # 24/7, 24x7, 24/7/365
        | (?P<day>{WORDS["round_the_clock"][language]})   # 24 h/24, rund um die Uhr
        | (?P<week>{WORDS["days_a_week"][language]})      # 7 j/7, los 7 días de la semana
        )(?![\w/])"""), re.IGNORECASE | re.VERBOSE)
