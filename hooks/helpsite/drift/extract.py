"""Typed extraction: the phone numbers, times, amounts and other values in a text.

Each value is read in the text's own language and reduced to a canonical form, so that
"09.00", "9:00" and "09:00 Uhr" are the same time, "5,95 €", "€ 5,95" and "5,95 euros" the
same amount, "+49 241 44686-112" and "0049 241 44686112" the same number, and "sette
giorni", "7 Tagen" and "seven days" the same duration. Sources: Babel's number symbols and
CLDR's currency and unit names, phonenumbers' matcher, text2num for numbers written as
words, and the words of data/value_words.yaml. Values are whole tokens: "6" is never found
inside "16", and identifiers such as "TLS-ALPN-01", "v2.3.1" or an IP address are compared
whole, not read as numbers.

Each kind of value has its reader (addresses, phones, dates, amounts, durations, times,
counts), which owns its patterns; this module reads them in turn. Every pattern has bounded
repetition and a left boundary, so reading is linear in the length of the text, whatever
it holds.
"""

from __future__ import annotations

import functools

from helpsite.drift.addresses import Addresses, Identifiers
from helpsite.drift.amounts import money
from helpsite.drift.counts import numbers
from helpsite.drift.dates import dates
from helpsite.drift.durations import durations
from helpsite.sources.hidden import without_format
from helpsite.drift.numbers import default_region
from helpsite.drift.phones import Phones
from helpsite.drift.reading import MAX_VALUES, Origin, Text, Value, count_numbers, words_to_digits
from helpsite.drift.times import times

__all__ = ["MAX_VALUES", "Value", "default_region", "extract"]

_ADDRESSES, _IDENTIFIERS, _PHONES = Addresses(), Identifiers(), Phones()


def extract(text: str, language: str, *, ignore_years: bool = False,
            region: str | None = None) -> list[Value]:
    """Every value in ``text`` (written in ``language``), in order of appearance.

    ``region`` is the country whose national format phone numbers without a country code
    are read in (default: the language's likely country). Kinds are read most specific
    first, each blanking what it read: addresses, identifiers, money (before phones, whose
    matcher would read part of "1.687,50 DKK" as a number), phones, percentages,
    durations, times, and last plain numbers. Format characters (zero-width spaces, soft
    hyphens, direction marks) show nothing and are read as nothing: they are findings of
    their own (see hidden.py).
    """
    return list(_extract(without_format(text), language, ignore_years,
                         region or default_region(language)))


@functools.lru_cache(maxsize=65536)  # sites repeat the same sentences on many pages
def _extract(text: str, language: str, ignore_years: bool, region: str | None) -> tuple[Value, ...]:
    count_numbers(text)
    amounts, counts, lengths = money(language), numbers(language), durations(language)
    # Addresses and identifiers first, on the text as written: "zwei" in an URL stays a word.
    raw = Text(Origin(text, text, []))
    _ADDRESSES.read(raw, language)
    _PHONES.read(raw, region, international=True)
    dates(language).read(raw)
    _IDENTIFIERS.read(raw, amounts.is_money)
    lengths.read_always(raw)
    counts.read_scaled(raw)
    lengths.read_in_words(raw)
    # Then on the text with numbers in words written as digits.
    found = Text(words_to_digits(raw.remaining, language, written=text))
    counts.read_scaled(found)
    dates(language).read_centuries(found)
    amounts.read(found)
    _PHONES.read(found, region)
    amounts.read_percentages(found)
    lengths.read_minutes_seconds(found)
    times(language).read(found)
    lengths.read_ranges(found)
    lengths.read(found)
    counts.read(found, ignore_years)
    return tuple(sorted(raw.values + found.values, key=lambda value: value.start))
