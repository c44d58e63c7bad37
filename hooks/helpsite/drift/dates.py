"""Dates, months and centuries: "31.05.2023", "31. Mai 2023", "im April", "XV secolo"."""

from __future__ import annotations

import functools
import re

from babel import Locale

from helpsite.drift.numbers import ORDINAL_SUFFIX
from helpsite.drift.reading import Text
from helpsite.drift.words import SPACE, WORDS, alternatives, spaced

# A Roman numeral in capitals, well formed (up to 3999): "XV", "XXI", never "IIII".
_ROMAN = r"""(?=[MDCLXVI])
    M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"""
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


class Dates:
    """Dates as digits (31.05.2023, 2023-05-31, 05/31/2023 in English) or with CLDR's month
    names in the language ("31. Mai 2023", "May 31, 2023", "31 mai"), as YYYY-MM-DD ("-"
    for a year not said); a month alone as YYYY-MM."""

    def __init__(self, language: str):
        locale = Locale.parse(language)
        self.months: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    if len(name.rstrip(".")) >= 3:
                        self.months[name.lower()] = self.months[name.lower().rstrip(".")] = number
        names = alternatives(self.months)
        slash = (r"(?P<m3>\d{1,2})/(?P<d3>\d{1,2})" if language == "en"
                 else r"(?P<d3>\d{1,2})/(?P<m3>\d{1,2})")
        # A day and month without a year ("12/01" for 12 January) where the language writes
        # dates day first with slashes; a two-digit month keeps "24/7" and "1/2" numbers.
        short = locale.date_formats["short"].pattern
        day_month = (r"""
            | (?=\d)(?<![\w.,:/-])(?P<d6>\d{1,2})/(?P<m6>\d{2})  # 12/01
              (?![\w/-]|[.,]\d)""" if short.lower().startswith("d") and "/" in short else "")
        self.dates = re.compile(rf"""
              (?=\d)(?<![\w.,:/-])(?:
                (?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?P<y1>\d{{4}})    # 31.05.2023
              | (?P<y2>\d{{4}})-(?P<m2>\d{{2}})-(?P<d2>\d{{2}})         # 2023-05-31
              | {slash}/(?P<y3>\d{{4}})                                # 31/05/2023, 5/31/2023 in English
              )(?![\w/-]|[.,]\d)
            | (?=\d)(?<![\w.,:])(?P<d4>\d{{1,2}})                    # 31. Mai, 31st May, 31 de mayo
              (?:\.|st|nd|rd|th|er|º)?[{SPACE}](?:de[{SPACE}])?
              (?P<n4>{names})(?:[{SPACE}](?:de[{SPACE}])?(?P<y4>\d{{4}}))?(?!\w)  # and its year
            | (?<!\w)(?=[^\W\d_])(?P<n5>{names})[{SPACE}]           # May 31st, 2023
              (?P<d5>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)
              (?:,?[{SPACE}](?P<y5>\d{{4}}))?(?![\w.,]\d)
            {day_month}""", re.IGNORECASE | re.VERBOSE)
        self.month = _month_names(locale)  # a month's name alone: "im April und Oktober"
        self.century = _century_pattern(language)

    def read(self, text: Text) -> None:
        text.read(self.dates, self._date)
        text.read(self.month,  # "April", or "Januar 2025" with its year
                  lambda m: ("month", f"{m['year'] or '-'}-{self.months[m['name'].lower()]:02d}"))

    def read_centuries(self, text: Text) -> None:
        """Before ordinals: "15th century" = "XV secolo" = "15. Jahrhundert"."""
        if self.century:
            text.read(self.century, _century)

    def _date(self, match: re.Match):
        for n in "123456":
            day = match[f"d{n}"]
            if day is None:
                continue
            month = (int(match[f"m{n}"]) if n in "1236"
                     else self.months.get(match[f"n{n}"].lower().rstrip(".")))
            year = match[f"y{n}"] if n != "6" else None
            if not month or not 1 <= month <= 12 or not 1 <= int(day) <= 31:
                return None
            return "date", f"{year or '-'}-{month:02d}-{int(day):02d}"
        return None


@functools.lru_cache(maxsize=None)
def dates(language: str) -> Dates:
    return Dates(language)


def _month_names(locale: Locale) -> re.Pattern:
    """A month's full name alone, as CLDR writes it or capitalised at a sentence's start:
    lower case "april" in an English text is no month, nor is "Mars" the planet."""
    names = {name for context in ("format", "stand-alone")
             for name in locale.months[context]["wide"].values()}
    forms = {form for name in names for form in (name, name[:1].upper() + name[1:])}
    words = {form: "|".join(before)
             for form, before in WORDS["month_words"].get(locale.language, {}).items()}
    after = {form: "|".join(rf"(?<=(?<!\w){word}[{SPACE}])" for word in before.split("|"))
             for form, before in words.items()}
    also_words = "".join(rf"""
        | (?:{after[form]})
          {re.escape(form)}(?![\w-])                # in May, until May
        | {re.escape(form)}                          # May 2024, (May - October), May.
          (?=[{SPACE}]?[\d–—,.;:)-]|[{SPACE}]*\Z)"""
                         for form in words)
    initials = re.escape("".join(sorted({form[0] for form in forms})))
    return re.compile(rf"""
        (?=[{initials}])(?<![\w.-])(?P<name>                # fails fast on other letters
          (?:{alternatives(forms - set(words))})(?![\w-])  # April, avril, aprile: a whole word
          {also_words}
        )(?:[{SPACE}](?P<year>\d{{4}})(?![\d.,:]))?       # and its year: Januar 2025""",
                      re.VERBOSE)


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(-value if value < following else value
               for value, following in zip(values, [*values[1:], 0]))


def _century_pattern(language: str) -> re.Pattern | None:
    """A century by its number, in digits or Roman numerals: only beside the word for a
    century is a capital "I", "V" or "C" a number."""
    words = WORDS["centuries"].get(language)
    if not words:
        return None
    century = rf"(?:{alternatives(words)})(?!\w)"
    initials = re.escape("".join(sorted({word[0] for word in words}
                                        | {word[0].upper() for word in words})))
    return re.compile(spaced(rf"""
        (?=[\dMDCLXVI{initials}])(?<![\w.,])(?:        # fails fast on other characters
          (?:(?P<digits>\d{{1,2}}){ORDINAL_SUFFIX}?        # 15th, 15., 15e, 15º
            |(?P<roman>{_ROMAN})(?:e|er|ème|\.|º)?)        # XV, XVe, XXI.
          [ ](?i:{century})                               # century, secolo, siècle
        | (?i:{century})[ ](?P<after>{_ROMAN})(?!\w)      # siglo XXI, século XV
        )"""), re.VERBOSE)


def _century(match: re.Match):
    number = int(match["digits"]) if match["digits"] else _roman(match["roman"] or match["after"])
    return ("century", str(number)) if 1 <= number <= 99 else None
