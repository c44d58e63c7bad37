"""Comparison of a translation with its source: which values are missing, extra or changed.

Both are blocks (see sources/blocks.py), aligned by the values they contain, so a translation that
joins two lines, reorders a list or drops a paragraph still lines up where it can; values
are compared as multisets within each unaligned stretch (a ``Stretch``), so a number that
appears twice in the source must appear twice in the translation. Structure (list
numbering, heading numbers, code) is not content, but still vouches for the same value in
the other side's prose (see _without_aside). Digits one language reads as a time and
another as a number or a duration are one value (see _readings). Alignment anchors on
blocks whose values are unique on both sides (as patience diff does), so it stays fast on
long, repetitive texts. A block flagged for the check (see blocks.Flag) gives no finding.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

import phonenumbers

from helpsite.drift.extract import MAX_VALUES, Value, default_region, extract
from helpsite.drift.findings import Finding
from helpsite.errors import TooMuchToRead
from helpsite.sources.blocks import Block, Flag

_WHOLE = {"phone", "email", "url", "identifier"}  # never a mistyped value of another kind
_SMALL_STRETCH = 40_000  # blocks x blocks that difflib may align exhaustively
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[1-9][\d\u00a0\u202f ()./–-]{4,24}\d(?!\d)")


class Stretch(NamedTuple):
    """Where two sequences differ: a[source_start:source_end] stands where
    b[translation_start:translation_end] does; either may be empty."""
    source_start: int
    source_end: int
    translation_start: int
    translation_end: int


SOURCE, TRANSLATION = 0, 1  # the two sides, to walk them alike


@dataclass
class Changes:
    """The values one stretch's two sides do not share, as (value, block) pairs. Values in
    words that are no finding by themselves are kept apart: they may cancel a value moved
    to another stretch."""
    lost: list  # in the source's stretch, not in the translation's
    added: list  # in the translation's stretch, not in the source's
    lost_words: list
    added_words: list
    where: tuple[str, int | None]  # where a missing value is reported: (place, column)
    flagged: tuple[bool, bool]  # (translation's, source's) blocks all silence the check

    def values(self, side: int) -> list:
        """The values only ``side`` (SOURCE or TRANSLATION) has."""
        return (self.lost, self.added)[side]

    def words(self, side: int) -> list:
        return (self.lost_words, self.added_words)[side]


def signature(values: list[Value]) -> tuple:
    """The values of a block as a comparable multiset. Values read from words ("ein", "en",
    "third") do not count where digits are beside them: articles are everywhere, and would
    keep blocks that agree from lining up."""
    strong = [value for value in values if not value.weak]
    return tuple(sorted((value.kind, value.value) for value in strong)) or ("words", *sorted(
        (value.kind, value.value) for value in values))


def _anchors(blocks: list[tuple[Block, list[Value]]]) -> list:
    """What lines blocks up: their signatures, but a block with values in words only
    ("ein Fall", "en sag") lines up with none, for so many blocks hold one; they stay
    within the stretch of the blocks around them."""
    return [signature(values) if any(not value.weak for value in values) else object()
            for _, values in blocks]


def infer_country(*documents: list[Block]) -> str | None:
    """The country of the numbers written in international form in a set of pages: national
    numbers there ("061 285 22 22" beside "+41 61 …") are read as that country's."""
    countries = sum((_international_countries(tuple(blocks)) for blocks in documents), Counter())
    return countries.most_common(1)[0][0] if countries else None


# A source page is compared with each of its translations: its count is made once.
@functools.lru_cache(maxsize=2048)
def _international_countries(blocks: tuple[Block, ...]) -> Counter:
    countries: Counter = Counter()
    candidates = (match[0] for block in blocks for match in _INTERNATIONAL.finditer(block.text))
    for candidate in itertools.islice(candidates, 1000):  # enough to tell; bounded on any input
        countries.update(_countries_named(candidate))
    return countries


@functools.lru_cache(maxsize=4096)  # a desk's numbers stand on many pages
def _countries_named(candidate: str) -> tuple[str, ...]:
    return tuple(phonenumbers.region_code_for_number(match.number)
                 for match in phonenumbers.PhoneNumberMatcher(
                     candidate, None, leniency=phonenumbers.Leniency.VALID))


def compare(reference: list[Block], reference_lang: str, translation: list[Block], lang: str,
            *, ignore_years: bool = False, allowed: set[tuple[str, str]] = frozenset(),
            region: str | None = None, check: str = "values",
            silenced_by: frozenset[Flag] | None = None, next_step: str = "") -> list[Finding]:
    """Findings of ``check`` for values of ``translation`` that differ from ``reference``,
    each with the ``next_step`` to take.

    ``allowed`` holds (kind, value) pairs the data declares as differing for this language.
    ``region``: the country (phonenumbers' region code) of phone numbers written without a
    country code (default: the one the pages' international numbers name, else each
    language's own). A block with one of the flags ``silenced_by`` (default: the check's
    own) on either side gives no finding.
    """
    # A translation speaks of its source's country: "0800-1280" on a Dutch page and its
    # English translation are both Dutch numbers.
    region = region or infer_country(reference, translation) or default_region(reference_lang)

    def read(blocks: list[Block], language: str) -> list[tuple[Block, list[Value]]]:
        pairs, count = [], 0
        for block in blocks:
            try:
                values = [value for value in extract(block.text, language,
                                                     ignore_years=ignore_years, region=region)
                          if (value.kind, value.value) not in allowed]
            except TooMuchToRead as error:  # extract reads text; the block knows where it is
                raise TooMuchToRead(f"{block.where}: {error}") from None
            count += len(values)
            if count > MAX_VALUES:
                raise TooMuchToRead(f"{block.where}: more than {MAX_VALUES} values on one page, "
                                    "more than any help page holds; split the page")
            if values:
                pairs.append((block, values))
        return pairs

    def aside(blocks: list[Block], language: str, part: str) -> Counter:
        return Counter((value.kind, value.value) for block in blocks if getattr(block, part)
                       for value in extract(getattr(block, part), language,
                                            ignore_years=ignore_years, region=region))

    ref_blocks, tr_blocks = read(reference, reference_lang), read(translation, lang)
    silenced = frozenset({Flag(check)}) if silenced_by is None else silenced_by
    changes = []
    for stretch in _unequal_stretches(_anchors(ref_blocks), _anchors(tr_blocks)):
        source_side = ref_blocks[stretch.source_start:stretch.source_end]
        translation_side = tr_blocks[stretch.translation_start:stretch.translation_end]
        j1 = stretch.translation_start
        nearest_tr = (translation_side or tr_blocks[max(j1 - 1, 0):j1] or tr_blocks[:1])
        nearest = nearest_tr[0][0] if nearest_tr else translation[0] if translation else None
        fallback_where = ((nearest.where, nearest.column_of(None)) if nearest
                          else ("(the translation is empty)", None))
        # A value missing from a stretch whose translation is all flagged is silenced with
        # it, wherever the alignment put it (and an extra one where the source is).
        flagged = tuple(bool(side) and all(silenced & block.flags for block, _ in side)
                        for side in (translation_side, source_side))
        changes.append(_stretch_changes(source_side, translation_side, fallback_where, flagged))
    _without_moved(changes)
    _without_aside(changes, *(aside(blocks, language, part) for part in ("code", "marks")
                              for blocks, language in ((reference, reference_lang),
                                                       (translation, lang))))
    findings = [finding for change in changes for finding in
                _findings(change, check, reference_lang, lang, silenced, next_step)]
    return _localised_links(findings)


def _without_moved(changes: list[Changes]) -> None:
    """A section moved elsewhere on the page is no pair of missing and extra values: a value
    missing in one stretch and extra in another (in digits or in words) cancel out."""
    gone: set[int] = set()
    for mine, theirs in ((SOURCE, TRANSLATION), (TRANSLATION, SOURCE)):
        elsewhere: dict[tuple, list] = {}
        for change in changes:
            for item in change.values(theirs) + change.words(theirs):
                if id(item) not in gone:
                    elsewhere.setdefault((item[0].kind, item[0].value), []).append(item)
        for change in changes:
            for item in change.values(mine):
                twins = elsewhere.get((item[0].kind, item[0].value))
                if twins and id(item) not in gone:
                    gone |= {id(item), id(twins.pop())}
    for change in changes:
        for items in (change.lost, change.added, change.lost_words, change.added_words):
            items[:] = [item for item in items if id(item) not in gone]


def _without_aside(changes: list[Changes], reference_code: Counter, translation_code: Counter,
                   reference_marks: Counter, translation_marks: Counter) -> None:
    """Without values in one side's prose that are outside the other side's prose:
    restatements of code both sides have alike ("naar 50 KB/s" over "`--limit 50`", where
    the source says "(in KB/s)" over the same code; "à 21h30" over "`at 9:30 PM`"), and
    numbers the other side writes only as list or heading numbers ("Étape 1" for
    "1. Schritt"). Code that one side lacks vouches for nothing: a dropped example is found."""
    for mine, theirs in ((SOURCE, TRANSLATION), (TRANSLATION, SOURCE)):
        code = [reference_code, translation_code]
        restated = Counter({key: count for key, count in code[mine].items()
                            if code[theirs][key] == count})
        marks = [reference_marks, translation_marks]
        numbered = marks[theirs] - marks[mine]
        for change in changes:
            kept = []
            for item in change.values(mine):
                key = (item[0].kind, item[0].value)
                vouching = restated if restated[key] > 0 else numbered
                if vouching[key] > 0:
                    vouching[key] -= 1
                else:
                    kept.append(item)
            change.values(mine)[:] = kept


def _localised_links(findings: list[Finding]) -> list[Finding]:
    """A translation may link to the page in its own language (bag-coronavirus.ch/zertifikat
    and ofsp-coronavirus.ch/certificat): a link that became another, anywhere on the page, is
    no finding; a link only one side has still is."""
    links = [finding for finding in findings if finding.kind == "url"]
    lost = [finding for finding in links if finding.found is None]
    added = [finding for finding in links if finding.expected is None]
    pairs = min(len(lost), len(added))
    kept = set(map(id, lost[pairs:] + added[pairs:]))
    return [finding for finding in findings if finding.kind != "url" or id(finding) in kept]


def _unequal_stretches(a: list, b: list) -> list[Stretch]:
    """Each stretch where ``a`` and ``b`` differ, in order.

    Matches are found as patience diff does: common ends, then blocks unique on both sides
    in increasing order on both, recursively between them; difflib only for small stretches
    without such anchors. Each level is linear, so long repetitive texts stay fast.
    """
    matched: list[tuple[int, int]] = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            matched.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            matched.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_common(a, b, alo, ahi, blo, bhi)
        if anchors:
            edges = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
            matched.extend(anchors)
            work.extend((i + 1, k, j + 1, l) for (i, j), (k, l) in zip(edges, edges[1:]))
        elif (ahi - alo) * (bhi - blo) <= _SMALL_STRETCH:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            matched.extend((alo + i + k, blo + j + k) for i, j, size in
                           matcher.get_matching_blocks() for k in range(size))
    matched.sort()
    stretches, previous = [], (-1, -1)
    for i, j in [*matched, (len(a), len(b))]:
        if i > previous[0] + 1 or j > previous[1] + 1:
            stretches.append(Stretch(previous[0] + 1, i, previous[1] + 1, j))
        previous = (i, j)
    return stretches


def _unique_common(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """Pairs of positions of items that occur once in a[alo:ahi] and once in b[blo:bhi],
    the longest run increasing on both sides (patience sorting)."""
    counts_a = Counter(a[alo:ahi])
    counts_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if counts_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi)
             if counts_a[a[i]] == 1 and a[i] in where_b]
    tails: list[int] = []  # tails[k]: smallest b position ending an increasing run of k+1
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = j, index
        previous.append(tail_index[k - 1] if k else -1)
    run, index = [], tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _unmatched(mine, theirs) -> tuple[list, list]:
    """Values of ``mine`` the other side lacks: (read from digits, read from words). A word
    the other side lacks ("ein", "un", "beiden") was perhaps never a number."""
    surplus = Counter(v.value for v, _ in mine) - Counter(v.value for v, _ in theirs)
    strong, weak = [], []
    for value, block in sorted(mine, key=lambda item: not item[0].weak):  # words first
        if surplus[value.value] > 0:
            surplus[value.value] -= 1
            (weak if value.weak else strong).append((value, block))
    return strong, weak


def _without_repeats(mine: list, mine_values: list, theirs_values: list, theirs: list) -> list:
    """``mine`` without values said again in one paragraph that the other side says once
    and replaces by nothing of their kind: "48 Stunden … vor Ablauf der 48 Stunden" is in
    step with "48 heures … avant la fin de ce délai"; "bis 22:00 … von 22:00" is not with
    "a 22:00 … de 10:00"."""
    replaced = {value.kind for value, _ in theirs}
    said = Counter(value.value for value, _ in theirs_values)
    repeats = Counter(value for (value, _), count in
                      Counter((value.value, id(block)) for value, block in mine_values).items()
                      for _ in range(count - 1))
    kept = []
    for value, block in mine:
        if value.kind not in replaced and said[value.value] and repeats[value.value]:
            repeats[value.value] -= 1
        else:
            kept.append((value, block))
    return kept


def _readings(value: Value) -> set[tuple[str, str]]:
    """Other readings of the digits of ``value``, one of which the other language may have
    given them: "16 anni" is 16; "ore 17" is 17 or 17:00, "9-17 uur" is 17 hours or 17:00,
    "ore 16,30" is 16.3 or 16:30; "domenica 12" is the 12th; "22 febbraio" is 22/2/2020;
    "am 1. April" is in April, "1. April 2025" in April 2025."""
    if value.kind == "time":
        hour, minute = value.value.split(":")
        readings = {("number", str(Decimal(f"{int(hour)}.{minute}").normalize()))}
        if minute == "00":  # the duration as extract writes it: 24 hours is P1D
            readings |= {("number", str(int(hour))),
                         ("duration", "P1D" if hour == "24" else f"PT{int(hour)}H")}
        return readings
    if value.kind == "date":
        year, month, day = value.value.rsplit("-", 2)
        return ({("number", str(int(day))), ("month", f"--{month}")}
                | ({("date", f"--{month}-{day}"), ("month", f"{year}-{month}")}
                   if year != "-" else set()))
    amount = re.match(r"P?T?(\d[\d.]*)[A-Z% ]", value.value)
    return {("number", amount[1])} if amount and value.kind != "number" else set()


def _without_twins(lost: list, added: list) -> tuple[list, list]:
    """Without pairs of a lost and an added value that are one value read two ways (see
    _readings): one for one, in the order written."""
    gone: set[int] = set()
    for one, other in ((lost, added), (added, lost)):
        by_key: dict[tuple, list] = {}
        for item in other:
            by_key.setdefault((item[0].kind, item[0].value), []).append(item)
        for item in one:
            if id(item) in gone:
                continue
            for reading in sorted(_readings(item[0])):
                twins = [twin for twin in by_key.get(reading, ()) if id(twin) not in gone]
                if twins:
                    gone |= {id(item), id(twins[0])}
                    break
    return ([item for item in lost if id(item) not in gone],
            [item for item in added if id(item) not in gone])


def _stretch_changes(source_side, translation_side, where: tuple[str, int | None],
                     flagged: tuple[bool, bool]) -> Changes:
    """The values of one stretch that the other side's stretch lacks."""
    ref_values = [(v, block) for block, values in source_side for v in values]
    tr_values = [(v, block) for block, values in translation_side for v in values]
    lost, lost_words = _unmatched(ref_values, tr_values)
    added, added_words = _unmatched(tr_values, ref_values)
    # Words on both sides that differ are a change ("zwei" became "drei"); a word with
    # nothing in words in its place is no finding (a digit in its place is one, by itself).
    # One for one, and never an article: "en", "un", "ein" are everywhere.
    for kind in {v.kind for v, _ in lost_words} & {v.kind for v, _ in added_words}:
        pairs = zip(*([item for item in items if item[0].kind == kind and item[0].value != "1"]
                      for items in (lost_words, added_words)))
        for old, new in pairs:
            lost.append(old)
            added.append(new)
    reported = set(map(id, lost + added))
    lost, added = _without_twins(lost, added)
    return Changes(_without_repeats(lost, ref_values, tr_values, added),
                   _without_repeats(added, tr_values, ref_values, lost),
                   [item for item in lost_words if id(item) not in reported],
                   [item for item in added_words if id(item) not in reported],
                   where, flagged)


def _findings(change: Changes, check: str, reference_lang: str, lang: str, silenced: frozenset,
              next_step: str) -> list[Finding]:
    lost, added, flagged = change.lost, change.added, change.flagged
    findings = []
    for kind in dict.fromkeys(v.kind for v, _ in lost + added):
        lost_kind = [(v, b) for v, b in lost if v.kind == kind]
        added_kind = [(v, b) for v, b in added if v.kind == kind]
        for index in range(max(len(lost_kind), len(added_kind))):
            old = lost_kind[index] if index < len(lost_kind) else None
            new = added_kind[index] if index < len(added_kind) else None
            if ((old and silenced & old[1].flags) or (new and silenced & new[1].flags)
                    or (new is None and flagged[0]) or (old is None and flagged[1])):
                continue
            findings.append(Finding(
                check, kind, lang, reference_lang,
                expected=old[0].value if old else None, found=new[0].value if new else None,
                where=new[1].where_of(new[0]) if new else change.where[0],
                column=new[1].column_of(new[0]) if new else change.where[1],
                reference_where=old[1].where_of(old[0]) if old else "(not in the source)",
                expected_text=old[0].shown if old else None,
                found_text=new[0].shown if new else None, next_step=next_step))
    # In one paragraph on each side, a value missing and another of a kind typed in its
    # place are one value changed ("time 22:00 became 10 days").
    paragraphs = {side: {id(block) for _, block in items} for side, items in (("lost", lost),
                                                                               ("added", added))}
    if len(paragraphs["lost"]) == len(paragraphs["added"]) == 1:
        return _one_change(findings)
    return findings


def _one_change(findings: list[Finding]) -> list[Finding]:
    """One value missing and one of another kind added: named by both, where the new one
    stands. Addresses and phone numbers are lines of their own, never a mistyped value."""
    changeable = [finding for finding in findings if finding.kind not in _WHOLE]
    missing = [finding for finding in changeable if finding.found is None]
    extra = [finding for finding in changeable if finding.expected is None]
    if len(missing) != 1 or len(extra) != 1:
        return findings
    (old,), (new,) = missing, extra
    changed = replace(old, found=new.found, found_text=new.found_text, where=new.where)
    return [changed if finding is old else finding for finding in findings if finding is not new]
