"""Plain numbers: scaled ("21 millioner"), ranks ("1st", "2e") and the rest, last."""

from __future__ import annotations

import functools
import re

from helpsite.drift.numbers import FRACTION, NUMBER, NUMBER_START, amount, canonical, parse_number
from helpsite.drift.reading import Origin, Text
from helpsite.drift.words import SPACE, WORDS, alternatives, parts, spaced


class Numbers:
    def __init__(self, language: str):
        self.language = language
        scales = WORDS["scales"].get(language)
        # Scale words after digits multiply them, in the language's own scale.
        self.scaled = re.compile(spaced(rf"""
            (?=\d)(?<![\w.,])(?P<number>{NUMBER})                 # 21, 1,5
            [ ](?P<scale>{alternatives(scales)})(?!\w)   # millioner, biljoen"""),
            re.IGNORECASE | re.VERBOSE) if scales else None
        self.ordinal = re.compile(r"""
            (?=\d)(?<![\w.,])(\d{1,6})                          # 1, 2, 15
            (?:st|nd|rd|th|er|re|ère|ème|e|de|ste|º|ª|°)(?!\w)  # 1st, 2e, 1re, 15º""",
                                  re.VERBOSE)
        self.number = re.compile(rf"""
            (?=[\d½¼¾]){NUMBER_START}((?x:{FRACTION})|{NUMBER})  # 7, 1.000, ½
            (?![\w]|[.,]\d)                                      # whole""", re.VERBOSE)

    def read_scaled(self, text: Text) -> None:
        """Before text2num reads "21 millioner" as 21 and 1000000; again after it, for
        "two trillion", "dos billones": words text2num reads, scales it does not."""
        if self.scaled:
            text.read(self.scaled, self._scaled)

    def read(self, found: Text, ignore_years: bool) -> None:
        # "1st", "2e", "1re": a rank, as often written as a word ("first", "zweite")
        found.read(self.ordinal, lambda m: None if _is_unit_word(m, found.origin, self.language)
                   else ("number", str(int(m[1])), True))
        found.read(self.number, lambda m: None if ignore_years and re.fullmatch(
            r"(19|20)\d\d", m[1]) else amount("number", m[1], self.language))

    def _scaled(self, match: re.Match):
        number = parse_number(match["number"], self.language)
        if number is None:
            return None
        exponent = WORDS["scales"][self.language][" ".join(match["scale"].lower().split())]
        return "number", canonical(number.scaleb(exponent))


@functools.lru_cache(maxsize=None)
def numbers(language: str) -> Numbers:
    return Numbers(language)


@functools.lru_cache(maxsize=None)
def _rank_context(language: str) -> tuple[re.Pattern, re.Pattern | None, re.Pattern | None]:
    """(a noun after the word, a "per" before it, an article before it) for _is_unit_word."""
    noun = re.compile(rf"""
        [{SPACE}]+                             # after a space,
        (?!(?:{parts("not_a_noun", language)})(?!\w))   # a word that is no function word
        [^\W\d_]""", re.IGNORECASE | re.VERBOSE)
    per, article = (re.compile(rf"""
        (?<!\w)(?:{parts(table, language)})            # "per", "il", "o"
        [{SPACE}]*\Z                           # just before the word""", re.IGNORECASE | re.VERBOSE)
        if language in WORDS[table] else None for table in ("unit_before", "article_before"))
    return noun, per, article


def _is_unit_word(match: re.Match, origin: Origin, language: str) -> bool:
    """Whether text2num's "2nd" is "second" (the unit, or Italian and Portuguese "according
    to") rather than the rank: the rank stands before a noun, after an article."""
    start, from_words = origin.locate(match.start(), False)
    word = re.match(r"\w*", origin.original[start:origin.locate(match.end(), True)[0]])[0]
    if not from_words or word.lower() != WORDS["second"].get(language):
        return False
    end = start + len(word)  # "second." ends before its full stop
    noun, per, article = _rank_context(language)
    before = origin.original[max(0, start - 20):start]
    is_rank = (noun.match(origin.original, end) is not None
               and not (per and per.search(before))
               and (article is None or article.search(before) is not None))
    return not is_rank
