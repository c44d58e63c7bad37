"""Amounts: money in any currency a language writes ("5,95 €", "€ 5,95", "5,95 euros",
"−8,50 €") and percentages."""

from __future__ import annotations

import functools
import re

from babel import Locale
from babel.numbers import get_territory_currencies, list_currencies

from helpsite.drift.numbers import NUMBER, NUMBER_START, amount, canonical, default_region, parse_number
from helpsite.drift.reading import Text
from helpsite.drift.words import SPACE, WORDS, alternatives

# A minus sign, or a dash standing for one, written before an amount: "−8,50 €".
_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"


class Money:
    """An amount and its currency, as "8.5 EUR" (negative: "-8.5 EUR"). Found from its
    number, then a currency just before or after: a pattern that begins with hundreds of
    currency names would try them all at every character."""

    def __init__(self, language: str):
        self.language = language
        codes, names = _currencies(language)
        self.currencies = {**codes, **names}
        self.currency_ends = frozenset(name[-1].lower() for name in self.currencies)
        symbols = alternatives(name for name in names if not name[0].isalnum())
        named = alternatives(name for name in names if name[0].isalnum())
        currency = rf"""(?:
            (?i:{symbols})                         # €, kr., R$: in any case
          | (?<![\w.])(?:(?i:{named})              # euros, Kronen: a whole word,
            |{alternatives(codes)})(?![^\W\d_])    # or an ISO code in capitals
        )"""
        self.amount = re.compile(rf"""
            (?=\d)(?<![\d.,:])
            (?P<amount1>{NUMBER})(?:[.,](?:–|—|-{{1,2}}))?  # 220, Swiss "220.–"
            """, re.VERBOSE)
        self.currency_before = re.compile(rf"""
            (?P<currency1>{currency})[{SPACE}]?\Z        # just before the amount""", re.VERBOSE)
        self.currency_after = re.compile(rf"""
            [{SPACE}]?(?P<currency2>{currency})          # just after the amount""", re.VERBOSE)
        self.percent = re.compile(rf"""
            (?=\d){NUMBER_START}({NUMBER})               # 12,5
            [{SPACE}]?(?:{alternatives(WORDS["percent_words"])})(?!\w)  # %, Prozent""",
                                  re.IGNORECASE | re.VERBOSE)

    def is_money(self, text: str) -> bool:
        """"DKK1,000.00" is an amount in English CLDR's format, not an identifier."""
        glued = re.fullmatch(r"([A-Z]{3})[\d.,]+", text)
        return glued is not None and glued[1] in self.currencies

    def read(self, found: Text) -> None:
        text, spans = found.remaining, []
        for match in self.amount.finditer(text):
            start, end = match.span()
            glued = start > 0 and text[start - 1].isalpha()  # only a currency may touch the digits
            after = None if glued else self.currency_after.match(text, end)
            # "€ −8,50", "€−8,50": the sign stands between the currency and the amount
            signed = start > 0 and text[start - 1] in _MINUS
            currency_end = start - 1 if signed else start
            previous = text[max(0, currency_end - 2):currency_end].rstrip(SPACE)[-1:].lower()
            before = (self.currency_before.search(text, max(0, currency_end - 24), currency_end)
                      if not after and previous in self.currency_ends else None)
            if not after and not before:
                continue
            if after or not signed:  # "−8,50 €", "−€8.50"
                negative = _signed(text, start if after else before.start())
            else:  # "€ −8,50": the currency starts the value
                negative = before.start() == 0 or text[before.start() - 1] in f"\t\n(:{SPACE}"
            written = after["currency2"] if after else before["currency1"]
            number = parse_number(match["amount1"], self.language)
            code = next((self.currencies[form] for form in (written, written.lower(),
                         written.lower().rstrip(".")) if form in self.currencies), None)
            if number is None or code is None:
                continue
            start, end = (start, after.end()) if after else (before.start(), end)
            start -= negative and text[start - 1] in _MINUS  # the sign is part of what is shown
            found.add("money", f"{'-' * negative}{canonical(number)} {code}", start, end)
            spans.append((start, end))
        found.blank(spans)

    def read_percentages(self, found: Text) -> None:
        found.read(self.percent, lambda m: amount("percent", m[1], self.language, "%"))


@functools.lru_cache(maxsize=None)
def money(language: str) -> Money:
    return Money(language)


def _signed(text: str, position: int) -> bool:
    """Whether a minus sign stands right before ``position``, after a space, a bracket or
    a colon but no number: "Gutschrift: −8,50 €" is minus 8.50; "5–8 €", "5 – 8 €" are
    ranges."""
    if position < 1 or text[position - 1] not in _MINUS:
        return False
    if position == 1:
        return True
    return (text[position - 2] in f"\t\n(:{SPACE}"
            and not (position > 2 and text[position - 3].isdigit()))


def _currencies(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """How ``language`` writes currencies -> ISO code: (ISO codes, written in capitals;
    symbols and one-word names, in any case)."""
    locale = Locale.parse(language)
    codes = {code: code for code in list_currencies()}
    names: dict[str, str] = {}
    for source in {Locale.parse("en"), locale}:
        for code, symbol in source.currency_symbols.items():
            if not symbol.isalpha():  # "$", "€", "kr.", "R$", "CA$"; "Ft" could be feet
                names.setdefault(symbol.lower(), code)
    for code, forms in locale._data["currency_names_plural"].items():
        for name in forms.values():
            if " " not in name and len(name) > 3:  # "euros", "kroner", "dollars"
                names.setdefault(name.lower(), code)
    territory = default_region(language)
    for code in get_territory_currencies(territory) if territory else ():
        symbol = locale.currency_symbols.get(code)
        if symbol:  # the language's own "kr." and "kr" are Danish crowns
            names[symbol.lower()] = names[symbol.lower().rstrip(".")] = code
    names.update({"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "euro": "EUR",
                  "euros": "EUR", "fr.": "CHF", "sfr.": "CHF"})
    # "8,50 eur": codes in lower case, where they are no word
    lower = {*WORDS["lower_case_codes"],
             *(code.lower() for code in (get_territory_currencies(territory) if territory else ()))}
    names.update({code: code.upper() for code in lower if code.upper() in codes})
    return codes, names
