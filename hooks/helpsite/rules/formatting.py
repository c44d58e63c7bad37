"""Locale formatting of support facts, all through Babel's CLDR data.

Output keeps CLDR's no-break spaces (U+00A0, U+202F) so that "5,95 €" never wraps.
The functions are pure and their arguments hashable, so results are cached: a site
formats the same few hours and amounts on every page of every language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_day_names,
    get_time_format,
    get_timezone,
    get_timezone_name,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision
from babel.units import format_unit

from helpsite.model.model import Window
from helpsite.model.types import DateRule, Duration

_UNIT_IDS = {"second": "duration-second", "minute": "duration-minute", "hour": "duration-hour",
             "day": "duration-day", "week": "duration-week", "month": "duration-month"}


def _clock(minutes: int) -> dt.time:
    return dt.time((minutes // 60) % 24, minutes % 60)


@functools.lru_cache(maxsize=4096)
def time_of_day(minutes: int, locale: str) -> str:
    """09:00 in German, 9:00 in Spanish, 09.00 in Danish."""
    return format_time(_clock(minutes), "short", locale=locale)


@functools.lru_cache(maxsize=4096)
def time_range(start: int, end: int, locale: str) -> str:
    """'09:00–18:00 Uhr', '9:00 AM – 6:00 PM'; a range that crosses midnight keeps its order
    (22:00–07:30). The clock is the one ``time_of_day`` uses, so a page has one."""
    return format_interval(_clock(start), _clock(end), _hour_skeleton(locale), locale=locale)


@functools.lru_cache(maxsize=64)
def _hour_skeleton(locale: str) -> str:
    """CLDR's clock for the language: 12-hour where its short time has 'h' (English)."""
    return "hm" if "h" in get_time_format("short", locale=locale).pattern else "Hm"


@functools.lru_cache(maxsize=4096)
def day_name(weekday: int, locale: str) -> str:
    """Stand-alone weekday name, Monday = 0 (Babel's mapping is keyed so)."""
    return get_day_names("wide", context="stand-alone", locale=locale)[weekday]


@functools.lru_cache(maxsize=4096)
def day_set(days: tuple[int, ...], every_day: str, locale: str) -> str:
    """'Montag–Freitag', 'fredag', 'lunes, miércoles y viernes', or ``every_day``."""
    days = sorted(days)
    if len(days) == 7:
        return every_day
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{day_name(run[0], locale)}–{day_name(run[-1], locale)}")
        else:
            parts.extend(day_name(day, locale) for day in run)
    return format_list(parts, locale=locale)


@functools.lru_cache(maxsize=4096)
def window(win: Window, every_day: str, locale: str) -> str:
    return f"{day_set(win.days, every_day, locale)} {time_range(win.start, win.end, locale)}"


@functools.lru_cache(maxsize=4096)
def windows(wins: tuple[Window, ...], every_day: str, locale: str) -> str:
    return format_list([window(win, every_day, locale) for win in wins], locale=locale)


@functools.lru_cache(maxsize=4096)
def money(amount: Decimal, currency: str, locale: str) -> str:
    """'5,95 €' in German, '1.000,00 kr.' in Danish, 'DKK 1,000.00' in English."""
    return _CURRENCY_SPACING.sub("\u00a0", format_currency(amount, currency, locale=locale))


# CLDR's currencySpacing, which Babel does not apply: a currency written in letters (DKK,
# CHF) and a digit beside it get a no-break space between them.
_CURRENCY_SPACING = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@functools.lru_cache(maxsize=4096)
def percent(value: Decimal, locale: str) -> str:
    """``value`` in percent points, every digit as given: 8.1 -> '8,1 %' (German)."""
    return format_percent(value / 100, locale=locale, decimal_quantization=False)


@functools.lru_cache(maxsize=4096)
def number(value: Decimal | int, locale: str) -> str:
    return format_decimal(value, locale=locale)


@functools.lru_cache(maxsize=4096)
def duration(value: Duration, locale: str) -> str:
    """'2 Stunden', '21 giorni', '1,5 minutter' (90 seconds reads better as minutes).

    Babel's ``format_unit`` leaks the raw unit id ("21 duration-day") where CLDR has no
    long form for a locale, so fall back to the short form there.
    """
    amount, unit = value.shown.amount, value.shown.unit
    unit_id = _UNIT_IDS[unit]
    for length in ("long", "short"):
        text = format_unit(amount, unit_id, length=length, locale=locale)
        if "duration-" not in text:
            return text
    raise ValueError(f"CLDR has no name for {unit_id} in {locale}")


def _date(parts: tuple[int | None, int, int]) -> dt.date:
    return dt.date(parts[0] or 2000, parts[1], parts[2])  # 2000: 29 February exists


@functools.lru_cache(maxsize=4096)
def date_rule(rule: DateRule, locale: str) -> str:
    """'24. Dezember' every year, '28. Dezember 2026' once, '24.–26. Dezember' as a run."""
    skeleton = "MMMMd" if rule.first[0] is None else "yMMMMd"
    first, last = _date(rule.first), _date(rule.last)
    if first == last:
        return format_skeleton("MMMMd", first, locale=locale) if rule.first[0] is None \
            else format_date(first, "long", locale=locale)
    if last < first:  # a yearly run over New Year
        last = last.replace(year=first.year + 1)
    return format_interval(first, last, skeleton, locale=locale)


@functools.lru_cache(maxsize=4096)
def date_rules(rules: tuple[DateRule, ...], locale: str) -> str:
    return format_list([date_rule(rule, locale) for rule in rules], locale=locale)


@functools.lru_cache(maxsize=4096)
def day_and_date(day: dt.date, locale: str) -> str:
    """'Montag, 4. Januar', 'Monday, January 4', 'lunedì 4 gennaio': an opening more than a
    week ahead, in CLDR's weekday-and-date pattern widened to full names as CLDR's skeleton
    matching does (Babel's returns the abbreviated one)."""
    skeletons = Locale.parse(locale).datetime_skeletons
    pattern = str(skeletons.get("MMMMEd") or skeletons["MMMEd"])
    pattern = re.sub(r"M{3,4}", "MMMM", re.sub(r"E+", "EEEE", pattern))
    return format_date(day, pattern, locale=locale)


@functools.lru_cache(maxsize=4096)
def countries(codes: tuple[str, ...], locale: str) -> str:
    """'Deutschland und Schweiz'."""
    territories = Locale.parse(locale).territories
    return names([territories[code] for code in codes], locale)


def places(text, codes: tuple[str, ...], form: str, locale: str) -> str:
    """Countries or regions with the preposition and article the sentence needs ('aus
    Deutschland, aus Österreich und aus der Schweiz', 'aux Pays-Bas'), as translators write
    them (CLDR has bare names only): ``countries.CODE.in`` or ``.from`` of the strings
    (``text``) for a country, ``regions.CODE`` (in) for a subdivision."""
    return names([text(f"countries.{code}.{form}") if "-" not in code
                  else text(f"regions.{code}") for code in codes], locale)


def names(items: list[str], locale: str) -> str:
    """'Notfallhotline und Notfall-Support in der Nacht'."""
    return format_list(list(items), locale=locale)


@functools.lru_cache(maxsize=4096)
def languages(codes: tuple[str, ...], locale: str) -> str:
    """'Deutsch, Italienisch und Spanisch'; 'tysk, italiensk og spansk'."""
    names = Locale.parse(locale).languages
    return format_list([names[code] for code in codes], locale=locale)




@functools.lru_cache(maxsize=4096)
def timezone(zone: str, locale: str) -> str:
    """'Mitteleuropäische Zeit', 'Central European Time': CLDR's generic name of the zone a
    desk's hours are given in (its location format glues 'Deutschland (Berlin) (Ortszeit)')."""
    return get_timezone_name(get_timezone(zone), "long", locale=locale)


@functools.lru_cache(maxsize=4096)
def weekday_and_time(moment: dt.datetime, locale: str) -> str:
    """'Montag 22:00': a wall-clock moment in a week, for worked examples."""
    return f"{day_name(moment.weekday(), locale)} {time_of_day(moment.hour * 60 + moment.minute, locale)}"


def money_parts(currency: str, locale: str) -> dict[str, str]:
    """How ``money`` writes an amount, as parts a browser script can reassemble.

    Browsers' Intl data can differ from Babel's (Italian drops the group separator in
    1.687,50), so the page's calculator formats with these parts instead, and prints what
    the build-time examples print. The sample has the currency's own number of decimals
    (none for JPY, three for KWD).
    """
    digits = get_currency_precision(currency)
    fraction = "987"[:digits]
    sample = money(Decimal(f"1234567.{fraction or 0}"), currency, locale)
    match = re.search(r"1(?P<group>\D?)234(?P=group)567(?:(?P<decimal>\D)" + fraction + ")?",
                      sample) if fraction else re.search(r"1(?P<group>\D?)234(?P=group)567", sample)
    if match is None:
        raise ValueError(f"cannot read the money format of {locale} from {sample!r}")
    # CLDR's minimum grouping: Spanish writes 1234 but 12.345.
    min_group = 2 if match["group"] and match["group"] not in money(
        Decimal(1234), currency, locale) else 1
    return {"before": sample[:match.start()], "after": sample[match.end():],
            "group": match["group"], "decimal": match.groupdict().get("decimal") or "",
            "min_group": min_group}
