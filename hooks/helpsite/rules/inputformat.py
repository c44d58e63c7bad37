"""One grammar for what the fee calculator reads: a call's length, an amount, a start and a
country, the same for the page's script and for ``helpsite fee``.

Compiled from CLDR, so a German page reads "4,5" as 4.5 minutes, "1.000,00" as a
thousand and "23.11.2026, 22:00" as a date and time, a Danish one "23.11.2026 22.00",
an English one "11/23/2026 10:00 pm", whatever the browser's own format. Each production
is a regular expression that JavaScript and Python read alike (ASCII digits, spaces
spelled out, case spelled out as [aA]: the two engines differ on \\d, \\s and
case-insensitive matching), matched against the whole text, and the names of its groups.
The script only matches them and adds the groups up (``read_*`` below, written once more in
helpsite-fees.js); which separators, field orders and limits there are is decided here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from fractions import Fraction

import phonenumbers
from babel import Locale
from babel.dates import (format_datetime, get_date_format, get_datetime_format,
                         get_time_format, tokenize_pattern)
from babel.numbers import get_decimal_symbol, get_group_symbol
from pydantic import BaseModel, ConfigDict

from helpsite.model.types import MAX_AMOUNT

MAX_SECONDS = 30 * 24 * 3600  # a call or a task longer than 30 days is a typo
YEARS = (1970, 2999)
SPACE = r"[ \t\u00a0\u202f]"  # what people type between words, and CLDR's no-break spaces
_SYNTAX = set("^$\\.*+?()[]{}|/-")
_DATE_FIELDS = {"d": "([0-9]{1,2})", "M": "([0-9]{1,2})", "y": "([0-9]{4}|[0-9]{2})"}


class Production(BaseModel):
    """A pattern, matched against the whole text, and what each of its groups is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    fields: tuple[str, ...]


def _production(pattern: str, *fields: str) -> Production:
    return Production(pattern=f"{SPACE}*(?:{pattern}){SPACE}*", fields=fields)


class InputFormat(BaseModel):
    """The grammar for one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: Production  # whole (groups allowed), fraction
    length: Production  # minutes as an amount (whole, fraction) or hours, minutes[, seconds]
    start: Production  # year, month, day, hour, minute, am or pm: ISO or the language's
    max_seconds: int
    max_amount: str
    years: tuple[int, int]  # time zone rules exist for these


def _escape(text: str) -> str:
    """A literal in a pattern: spaces (any kind) match any spacing, punctuation itself."""
    out = []
    for char in text:
        if char.isspace() or char in "\u200e\u200f":
            if not out or out[-1] != SPACE + "*":
                out.append(SPACE + "*")
        else:
            out.append("\\" + char if char in _SYNTAX else char)
    return "".join(out)


def _any_case(text: str) -> str:
    """'PM' -> '[pP][mM]'; dots optional and spaces free ('p. m.' reads 'pm' and 'P.M.')."""
    out = []
    for char in text:
        if char == ".":
            out.append(r"\.?")
        elif char.isspace():
            out.append(SPACE + "*")
        elif len(char.lower()) == len(char.upper()) == 1 and char.lower() != char.upper():
            out.append(f"[{char.lower()}{char.upper()}]")
        else:
            out.append(_escape(char))
    return "".join(out)


def _symbol(char: str) -> str:
    """A number symbol as typed: a no-break space (French groups) is any space."""
    return SPACE if char.isspace() else _escape(char)


def _time_separator(locale: str) -> str:
    """The separator of hours and minutes in the language's short time ("." in Danish)."""
    tokens = tokenize_pattern(get_time_format("short", locale=locale).pattern)
    for (kind, value), (next_kind, _) in zip(tokens, tokens[1:]):
        if kind == "chars" and next_kind == "field":
            return value.strip() or ":"
    return ":"


def _time_separators(locale: str) -> str:
    """':' and the language's own: either reads, unless it is the decimal separator."""
    separators = {":", _time_separator(locale)} - {get_decimal_symbol(locale)}
    return "(?:" + "|".join(sorted(map(_escape, separators))) + ")"


def _date(locale: str) -> tuple[str, list[str]]:
    """The language's short date, any day and month with one or two digits, the year
    with two or four."""
    pattern, parts, fields = get_date_format("short", locale=locale).pattern, [], []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            parts.append(_escape(value))
        elif value[0] in _DATE_FIELDS and not (value[0] == "M" and value[1] > 2):
            parts.append(_DATE_FIELDS[value[0]])
            fields.append(value[0])
        else:
            raise ValueError(f"the calculator cannot read {locale}'s short date pattern "
                             f"{pattern!r} (field {value[0] * value[1]!r})")
    return "".join(parts), fields


def _glue(text: str) -> str:
    """What stands between date and time: optional, so "27.11.2026 18:00" also reads."""
    return "".join(SPACE + "*" if char.isspace() else f"(?:{_escape(char)})?" for char in text)


@functools.lru_cache(maxsize=64)
def input_format(locale: str) -> InputFormat:
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    # At most 13 digits before the limit is checked: no number too long to read.
    amount = (f"([0-9]{{1,3}}(?:{_symbol(group)}[0-9]{{3}}){{1,4}}|[0-9]{{1,13}})"
              f"(?:{_symbol(decimal)}([0-9]{{1,9}}))?")
    separator = _time_separators(locale)
    length = f"{amount}|([0-9]{{1,4}}){separator}([0-5][0-9])(?:{separator}([0-5][0-9]))?"
    # Either clock on every page: with AM or PM (any case, before or after) it is 12-hour.
    day_periods = Locale.parse(locale).day_periods["format"]["abbreviated"]
    period = f"({_any_case(day_periods['am'])})|({_any_case(day_periods['pm'])})"
    time = (f"(?:(?:{period}){SPACE}*)?([0-9]{{1,2}}){separator}([0-9]{{2}})"
            f"(?:{SPACE}*(?:{period}))?")
    time_fields = ["am", "pm", "H", "m", "am", "pm"]
    date, date_fields = _date(locale)
    glue = get_datetime_format("short", locale=locale)  # "{1}, {0}": date, then time
    parts = {"{1}": (date, date_fields), "{0}": (time, time_fields)}
    first, second = sorted(parts, key=glue.index)
    between = glue[glue.index(first) + 3:glue.index(second)]
    iso = f"([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})(?:T|{SPACE}+){time}"
    start = f"{iso}|{parts[first][0]}{_glue(between)}{parts[second][0]}"
    return InputFormat(
        amount=_production(amount, "whole", "fraction"),
        length=_production(length, "whole", "fraction", "h", "m", "s"),
        start=_production(start, "y", "M", "d", *time_fields, *parts[first][1],
                          *parts[second][1]),
        max_seconds=MAX_SECONDS, max_amount=str(MAX_AMOUNT), years=YEARS)


# A call log's length, in every language (the CLI's --duration): H:MM:SS or MM:SS.
CLOCK = _production("([0-9]{1,3}):([0-5][0-9]):([0-5][0-9])|([0-9]{1,5}):([0-5][0-9])",
                    "h", "m", "s", "m", "s")


# Reading: the same steps as helpsite-fees.js's read* functions.

def _match(production: Production, text: str) -> dict[str, str]:
    match = re.fullmatch(production.pattern, text)
    if not match:
        return {}
    return {field: value for field, value in zip(production.fields, match.groups())
            if value is not None}


def read_amount(grammar: InputFormat, text: str) -> Fraction | None:
    value = _match(grammar.amount, text)
    if not value:
        return None
    amount = _amount(value)
    return amount if amount <= Fraction(grammar.max_amount) else None


def _amount(value: dict[str, str]) -> Fraction:
    fraction = value.get("fraction", "")
    return Fraction(int(re.sub("[^0-9]", "", value["whole"]) + fraction), 10 ** len(fraction))


def read_length(grammar: InputFormat, text: str, production: str = "length") -> int | None:
    """Whole seconds, or None (not the language's writing, a fraction of a second, too long).
    ``production``: "length" (the page's field), "amount" (minutes only) or "clock"
    (H:MM:SS or MM:SS, the CLI's ``--duration``)."""
    value = _match(CLOCK if production == "clock" else getattr(grammar, production), text)
    if not value:
        return None
    if "whole" in value:
        seconds = _amount(value) * 60
        if seconds.denominator != 1:
            return None
        seconds = int(seconds)
    else:
        seconds = int(value.get("h", 0)) * 3600 + int(value["m"]) * 60 + int(value.get("s", 0))
    return seconds if seconds <= grammar.max_seconds else None


def read_start(grammar: InputFormat, text: str) -> dt.datetime | None:
    """A wall-clock start, or None (not the language's writing, no such day or time)."""
    value = _match(grammar.start, text)
    if not value:
        return None
    year, hour = int(value["y"]), int(value["H"])
    if len(value["y"]) == 2:
        year += 2000
    if not grammar.years[0] <= year <= grammar.years[1]:
        return None
    if "am" in value or "pm" in value:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if "pm" in value else 0)
    try:
        return dt.datetime(year, int(value["M"]), int(value["d"]), hour, int(value["m"]))
    except ValueError:
        return None


def read_country(text: str) -> str | None:
    """An ISO 3166 code of a country with phone numbers, any case ('de' -> 'DE'), or None."""
    code = text.strip()  # ASCII letters before upper(): "ß".upper() is "SS"
    return code.upper() if re.fullmatch("[A-Za-z]{2}", code) and \
        code.upper() in phonenumbers.SUPPORTED_REGIONS else None


def start_example(moment: dt.datetime, locale: str) -> str:
    """A start as the language writes it, with a four-digit year."""
    pattern = get_datetime_format("short", locale=locale).replace(
        "{1}", re.sub(r"y+", "yyyy", get_date_format("short", locale=locale).pattern)).replace(
        "{0}", get_time_format("short", locale=locale).pattern)
    return format_datetime(moment, pattern, locale=locale)


def hours_example(locale: str) -> str:
    """'1:05' (Danish: '1.05'): one hour and five minutes."""
    return f"1{_time_separator(locale)}05"
