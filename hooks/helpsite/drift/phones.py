"""Phone numbers, read by phonenumbers' matcher in the country they are written for."""

from __future__ import annotations

import re

import phonenumbers

from helpsite.drift.numbers import DIGITS
from helpsite.drift.reading import Text
from helpsite.errors import TooMuchToRead

_MAX_CANDIDATES = 5000


class Phones:
    """Each number as E.164 ("+49 241 44686-112" and "0049 241 44686112" are one)."""

    # Where a phone number may be: a short run of digits and separators.
    CANDIDATE = re.compile(r"""
        (?<![\w+])(?:\+|00)?\(?\d        # a "+", "00" or bracket, then a digit,
        [\d\u00a0\u202f ()./–-]{4,24}\d  # digits and separators,
        (?!\d)                           # to the last digit""", re.VERBOSE)
    # A number with its country code ("+32.(0)2.511.12.34") is read before identifiers,
    # which would take its dotted digits for a version.
    INTERNATIONAL = re.compile(r"""
        (?<![\w+])\+\d                   # a "+" and a digit,
        [\d\u00a0\u202f ()./–-]{4,24}\d  # digits and separators,
        (?!\d)                           # to the last digit""", re.VERBOSE)
    # A number no country's plan knows, written as one: a trunk "0" or a "+" and then digit
    # groups ("02 6943 0746" read outside Italy, "+02 6943 0746"). Read as it is written,
    # so that a "+" typed before a national number is a change, not loose digits.
    UNKNOWN = re.compile(r"""
        \+?\(?0(?:[1-9]\d{0,3})?\)?      # +0, (0), 02, (0221)
        [\u00a0\u202f ./–-][1-9]         # a separator, a digit that is not 0,
        [\d\u00a0\u202f ./–-]{4,24}\d    # more digits and separators""", re.VERBOSE)
    # A phone matcher reads "09.00 – 18.00" as a number in some countries; such runs are times.
    TIMES_ONLY = re.compile(r"\d{1,2}[.:]\d{2}(?:\s*[–—-]\s*\d{1,2}[.:]\d{2})*")

    def read(self, found: Text, region: str | None, international: bool = False) -> None:
        """Numbers of ``region`` (national ones), or only ``international`` ones."""
        pattern = self.INTERNATIONAL if international else self.CANDIDATE
        candidates = list(pattern.finditer(found.remaining))
        if len(candidates) > _MAX_CANDIDATES:
            raise TooMuchToRead(f"more than {_MAX_CANDIDATES} runs of digits that could be "
                                "phone numbers in one paragraph; split the text")
        spans = []
        for candidate in candidates:
            offset = candidate.start()
            for match in phonenumbers.PhoneNumberMatcher(candidate[0], region,
                                                         leniency=phonenumbers.Leniency.VALID):
                if self.TIMES_ONLY.fullmatch(match.raw_string.strip()):
                    continue
                e164 = phonenumbers.format_number(match.number,
                                                  phonenumbers.PhoneNumberFormat.E164)
                start, end = offset + match.start, offset + match.end
                found.add("phone", e164, start, end)
                spans.append((start, end))
            after_decimal = found.remaining[offset - 1:offset] in (",", ".")  # "0,000 000 01"
            if ((not spans or spans[-1][0] < offset) and not after_decimal
                    and self._is_unknown(candidate[0])):
                digits = re.sub(r"\D", "", candidate[0])
                value = "+" * candidate[0].startswith("+") + digits
                found.add("phone", value, offset, candidate.end())
                spans.append((offset, candidate.end()))
        found.blank(spans)

    def _is_unknown(self, text: str) -> bool:
        digits = sum(character.isdigit() for character in text)
        return (self.UNKNOWN.fullmatch(text) is not None and 8 <= digits <= DIGITS
                and not self.TIMES_ONLY.fullmatch(text))
