"""How a language writes what the fee calculator asks: a call's length and its start.

Compiled from CLDR into patterns the page's script matches, so a German page reads "4,5"
as 4.5 minutes and "23.11.2026, 22:00" as a date and time, a Danish one "23.11.2026
22.00", whatever the browser's own format. The script only matches these patterns and
checks the ranges; which separators and which field order a language uses is decided
here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel import Locale
from babel.dates import (format_datetime, get_date_format, get_datetime_format,
                         get_time_format, tokenize_pattern)
from babel.numbers import get_decimal_symbol, get_group_symbol
from pydantic import BaseModel, ConfigDict

_SYNTAX = set("^$\\.*+?()[]{}|/")
_NUMBER_FIELDS = {"d": r"(\d{1,2})", "M": r"(\d{1,2})", "y": r"(\d{4})", "H": r"(\d{1,2})",
                  "h": r"(\d{1,2})", "m": r"(\d{2})"}
_HOURS = {"H": "H", "k": "H", "h": "h", "K": "h"}  # 0-23 or 1-12 with AM/PM


class InputFormat(BaseModel):
    """Patterns (JavaScript and Python regular expressions alike, anchored) and how to
    read their groups."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    decimal: str  # the decimal separator ("," in German)
    group: str  # the group separator: refused inside a typed number ("4.5" in German)
    duration: str  # minutes with decimals (groups 1, 2) or h:mm[:ss] (groups 3, 4, 5)
    start: str  # a date and a time of day
    start_fields: tuple[str, ...]  # what each group of ``start`` is: d, M, y, H or h, m, a
    periods: tuple[str, str]  # AM and PM as the language writes them (12-hour clocks)


def _escape(text: str) -> str:
    """A literal in a pattern: spaces (any kind) match any spacing, punctuation itself."""
    out = []
    for char in text:
        if char.isspace() or char in "\u200e\u200f":
            if not out or out[-1] != r"\s*":
                out.append(r"\s*")
        else:
            out.append("\\" + char if char in _SYNTAX else char)
    return "".join(out)


def _fields(pattern: str, locale: str, fields: list[str], periods: tuple[str, str]) -> str:
    parts = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            parts.append(_escape(value))
            continue
        letter = _HOURS.get(value[0], value[0])
        if letter == "a":
            parts.append("(" + "|".join(_escape(period) for period in periods) + ")")
        elif letter in _NUMBER_FIELDS and not (letter == "M" and value[1] > 2):
            parts.append(_NUMBER_FIELDS[letter])
        else:
            raise ValueError(f"the calculator cannot read {locale}'s short date or time "
                             f"pattern {pattern!r} (field {value[0] * value[1]!r})")
        fields.append(letter)
    return "".join(parts)


def _glue(text: str) -> str:
    """What stands between date and time: optional, so "27.11.2026 18:00" also reads."""
    return "".join(r"\s*" if char.isspace() else f"(?:{_escape(char)})?" for char in text)


@functools.lru_cache(maxsize=64)
def input_format(locale: str) -> InputFormat:
    day_periods = Locale.parse(locale).day_periods["format"]["abbreviated"]
    periods = (day_periods["am"], day_periods["pm"])
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    time_separators = {":", _time_separator(locale)} - {decimal}
    separator = "(?:" + "|".join(sorted(map(_escape, time_separators))) + ")"
    duration = (r"^\s*(?:(\d+)(?:" + _escape(decimal) + r"(\d+))?|(\d+)" + separator
                + r"([0-5]\d)(?:" + separator + r"([0-5]\d))?)\s*$")
    fields: list[str] = []
    glue = get_datetime_format("short", locale=locale)  # "{1}, {0}": date, then time
    patterns = {"{1}": get_date_format("short", locale=locale).pattern,
                "{0}": get_time_format("short", locale=locale).pattern}
    first, second = sorted(patterns, key=glue.index)
    between = glue[glue.index(first) + 3:glue.index(second)]
    start = (r"^\s*" + _fields(patterns[first], locale, fields, periods) + _glue(between)
             + _fields(patterns[second], locale, fields, periods) + r"\s*$")
    return InputFormat(decimal=decimal, group=group, duration=duration, start=start,
                       start_fields=tuple(fields), periods=periods)


def _time_separator(locale: str) -> str:
    """The separator of hours and minutes in the language's short time ("." in Danish)."""
    tokens = tokenize_pattern(get_time_format("short", locale=locale).pattern)
    for (kind, value), (next_kind, _) in zip(tokens, tokens[1:]):
        if kind == "chars" and next_kind == "field":
            return value.strip() or ":"
    return ":"


def start_example(moment: dt.datetime, locale: str) -> str:
    """A start as the language writes it, with a four-digit year (what the pattern asks)."""
    pattern = get_datetime_format("short", locale=locale).replace(
        "{1}", re.sub(r"y+", "yyyy", get_date_format("short", locale=locale).pattern)).replace(
        "{0}", get_time_format("short", locale=locale).pattern)
    return format_datetime(moment, pattern, locale=locale)


def hours_example(locale: str) -> str:
    """'1:05' (Danish: '1.05'): one hour and five minutes."""
    return f"1{_time_separator(locale)}05"
