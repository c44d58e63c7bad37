"""Comparison of a translation with its source: which values are missing, extra or changed.

Texts are split into blocks (paragraphs, list items, table rows, headings). Blocks are
aligned by the values they contain, so a translation that joins two lines, reorders a
list or drops a paragraph still lines up where it can; values are compared as multisets
within each unaligned stretch, so a number that appears twice in the source must appear
twice in the translation. Structure (list numbering, heading numbers, code, template
placeholders) is not content and is left out, but still vouches for the same value in the
other side's prose (see _without_aside). Digits one language reads as a time and another
as a number or a duration are one value (see _readings). Alignment anchors on blocks whose values are
unique on both sides (as patience diff does), so it stays fast on long, repetitive texts.

A block or a page can silence one check, as Weblate's flags do: an HTML comment
``<!-- helpsite: ignore-prose-values -->`` in or just before a block, or ``flags:
ignore-prose-values`` in a page's front matter. The flags found are reported, so a
silenced block is not forgotten.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import itertools
import re
from collections import Counter
from dataclasses import asdict, dataclass, replace
from decimal import Decimal

import phonenumbers

from helpsite.drift.extract import MAX_VALUES, Value, default_region, extract
from helpsite.errors import TooMuchToRead
from helpsite.sources.blocks import Block
from helpsite.sources.hidden import hidden_characters, name

HIDDEN = "hidden-character"

_WHOLE = {"phone", "email", "url", "identifier"}  # never a mistyped value of another kind
_SMALL_STRETCH = 40_000
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[1-9][\d\u00a0\u202f ()./–-]{4,24}\d(?!\d)")  # blocks x blocks that difflib may align exhaustively


@dataclass(frozen=True)
class Finding:
    kind: str
    lang: str
    reference_lang: str
    expected: str | None  # None: the value is extra in the translation
    found: str | None  # None: the value is missing from the translation
    where: str
    reference_where: str
    expected_text: str | None = None  # as written in the source
    found_text: str | None = None  # as written in the translation
    hint: str = ""  # what to do about it
    column: int | None = None  # of the value in the translation, where it has one

    def as_dict(self) -> dict:
        found = asdict(self)
        for added in ("hint", "column"):  # said in the text; the JSON stays as it was
            del found[added]
        return found

    @property
    def change(self) -> str:
        """What differs, e.g. "time 17:30 became 18:30"."""
        if self.kind == HIDDEN:  # found_text says which character, where, and what to do
            return self.found_text
        expected = self.expected_text or self.expected
        found = self.found_text or self.found
        if self.expected is None and self.found is None:  # no value: what is wrong, in words
            return f"{self.kind} {expected}"
        if self.expected is None:
            return f"{self.kind} {found} is not in the {self.reference_lang} source"
        return (f"{self.kind} {expected} is missing" if self.found is None
                else f"{self.kind} {expected} became {found}")

    def __str__(self) -> str:
        source = "" if self.expected is None else f" (source: {self.reference_where})"
        hint = f"; {self.hint}" if self.hint else ""
        where = f"{self.where}:{self.column}" if self.column else self.where
        return f"{where}: [{self.lang}] {self.change}{source}{hint}"


def hidden_findings(text: str, path: str, lang: str, first_line: int = 1,
                    where: str | None = None) -> list[Finding]:
    """A finding for each value of a page (Markdown, HTML or plain text) that holds a
    character a reader cannot see or that shows another value (see hidden.py); at its line
    and column, or at ``where`` (a string's place in its file)."""
    return [Finding(HIDDEN, lang, lang, None, name(hidden.character),
                    where or f"{path}:{hidden.line}:{hidden.column}", "", found_text=str(hidden))
            for hidden in hidden_characters(text, lang, first_line)]


@dataclass(frozen=True)
class Ignored:
    """A flag that silences a check for a block or a page, listed so it is not forgotten."""
    where: str
    flag: str

    def __str__(self) -> str:
        return f"{self.where}: {self.flag}"


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


def infer_region(*documents: list[Block]) -> str | None:
    """The country of the numbers written in international form in a set of pages: national
    numbers there ("061 285 22 22" beside "+41 61 …") are read as that country's."""
    regions = sum((_international_regions(tuple(blocks)) for blocks in documents), Counter())
    return regions.most_common(1)[0][0] if regions else None


# A source page is compared with each of its translations: its count is made once.
@functools.lru_cache(maxsize=2048)
def _international_regions(blocks: tuple[Block, ...]) -> Counter:
    regions: Counter = Counter()
    candidates = (match[0] for block in blocks for match in _INTERNATIONAL.finditer(block.text))
    for candidate in itertools.islice(candidates, 1000):  # enough to tell; bounded on any input
        regions.update(_regions_named(candidate))
    return regions


@functools.lru_cache(maxsize=4096)  # a desk's numbers stand on many pages
def _regions_named(candidate: str) -> tuple[str, ...]:
    return tuple(phonenumbers.region_code_for_number(match.number)
                 for match in phonenumbers.PhoneNumberMatcher(
                     candidate, None, leniency=phonenumbers.Leniency.VALID))


def compare(reference: list[Block], reference_lang: str, translation: list[Block], lang: str,
            *, ignore_years: bool = False, allowed: set[tuple[str, str]] = frozenset(),
            region: str | None = None, check: str | tuple[str, ...] = "values") -> list[Finding]:
    """Findings for values of ``translation`` that differ from ``reference``.

    ``allowed`` holds (kind, value) pairs the data declares as differing for this language.
    ``region``: the country of phone numbers written without a country code (default: the
    one the pages' international numbers name, else each language's own). A block flagged
    ``ignore-<check>`` on either side gives no finding (``check`` may name several checks:
    the built site's check also honours the flags written for the prose check).
    """
    # A translation speaks of its source's country: "0800-1280" on a Dutch page and its
    # English translation are both Dutch numbers.
    region = region or infer_region(reference, translation) or default_region(reference_lang)

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
    silenced = frozenset(f"ignore-{name}" for name in ((check,) if isinstance(check, str) else check))
    regions = []
    for i1, i2, j1, j2 in _unequal_stretches(_anchors(ref_blocks), _anchors(tr_blocks)):
        ref_region, tr_region = ref_blocks[i1:i2], tr_blocks[j1:j2]
        nearest_tr = (tr_region or tr_blocks[max(j1 - 1, 0):j1] or tr_blocks[:1])
        nearest = nearest_tr[0][0] if nearest_tr else translation[0] if translation else None
        fallback_where = ((nearest.where, nearest.column_of(None)) if nearest
                          else ("(the translation is empty)", None))
        # A value missing from a stretch whose translation is all flagged is silenced with
        # it, wherever the alignment put it (and an extra one where the source is).
        flagged = tuple(bool(side) and all(silenced & block.flags for block, _ in side)
                        for side in (tr_region, ref_region))
        regions.append((*_region_changes(ref_region, tr_region), fallback_where, flagged))
    _without_moved(regions)
    _without_aside(regions, *(aside(blocks, language, part) for part in ("code", "marks")
                              for blocks, language in ((reference, reference_lang),
                                                       (translation, lang))))
    hint = _HINTS.get(check if isinstance(check, str) else check[0], "")
    findings = [dataclasses.replace(finding, hint=hint)
                for lost, added, _, _, fallback_where, flagged in regions
                for finding in _findings(lost, added, reference_lang, lang, fallback_where,
                                         silenced, flagged)]
    return _localised_links(findings)


# What to do about a finding, by the check that made it.
_IGNORE = "<!-- helpsite: ignore-prose-values -->"
_HINTS = {
    "prose-values": f"fix the translation, or if the difference is meant put {_IGNORE} "
                    "before the block",
    "site-values": f"fix the page's source and rebuild, or if the difference is meant put "
                   f"{_IGNORE} before the block",
    "string-values": "write the same values in every language's string, or declare the "
                     "difference in the desk's data (email_by_language, a line's languages)",
    "compare": "fix the translation (--ignore-years leaves out years, --region reads "
               "national phone numbers)",
}


def _without_moved(regions: list[tuple]) -> None:
    """A section moved elsewhere on the page is no pair of missing and extra values: a value
    missing in one stretch and extra in another (in digits or in words) cancel out."""
    gone: set[int] = set()
    for mine, theirs in ((0, 1), (1, 0)):
        elsewhere: dict[tuple, list] = {}
        for region in regions:
            for item in region[theirs] + region[theirs + 2]:
                if id(item) not in gone:
                    elsewhere.setdefault((item[0].kind, item[0].value), []).append(item)
        for region in regions:
            for item in region[mine]:
                twins = elsewhere.get((item[0].kind, item[0].value))
                if twins and id(item) not in gone:
                    gone |= {id(item), id(twins.pop())}
    for region in regions:
        for items in region[:4]:
            items[:] = [item for item in items if id(item) not in gone]


def _without_aside(regions: list, reference_code: Counter, translation_code: Counter,
                   reference_marks: Counter, translation_marks: Counter) -> None:
    """Without values in one side's prose that are outside the other side's prose:
    restatements of code both sides have alike ("naar 50 KB/s" over "`--limit 50`", where
    the source says "(in KB/s)" over the same code; "à 21h30" over "`at 9:30 PM`"), and
    numbers the other side writes only as list or heading numbers ("Étape 1" for
    "1. Schritt"). Code that one side lacks vouches for nothing: a dropped example is found."""
    for mine, theirs in ((0, 1), (1, 0)):
        code = [reference_code, translation_code]
        restated = Counter({key: count for key, count in code[mine].items()
                            if code[theirs][key] == count})
        marks = [reference_marks, translation_marks]
        numbered = marks[theirs] - marks[mine]
        for region in regions:
            kept = []
            for item in region[mine]:
                key = (item[0].kind, item[0].value)
                vouching = restated if restated[key] > 0 else numbered
                if vouching[key] > 0:
                    vouching[key] -= 1
                else:
                    kept.append(item)
            region[mine][:] = kept


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


def _unequal_stretches(a: list, b: list) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) for each stretch where ``a`` and ``b`` differ, in order.

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
            stretches.append((previous[0] + 1, i, previous[1] + 1, j))
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


def _region_changes(ref_region, tr_region) -> tuple[list, list, list, list]:
    """(lost, added, lost words, added words): the values of one stretch that the other
    side's stretch lacks; values in words that are no finding by themselves come last."""
    ref_values = [(v, block) for block, values in ref_region for v in values]
    tr_values = [(v, block) for block, values in tr_region for v in values]
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
    return (_without_repeats(lost, ref_values, tr_values, added),
            _without_repeats(added, tr_values, ref_values, lost),
            [item for item in lost_words if id(item) not in reported],
            [item for item in added_words if id(item) not in reported])


def _findings(lost, added, reference_lang, lang, fallback_where, silenced,
              flagged: tuple[bool, bool]) -> list[Finding]:
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
                kind, lang, reference_lang,
                expected=old[0].value if old else None, found=new[0].value if new else None,
                where=new[1].where_of(new[0]) if new else fallback_where[0],
                column=new[1].column_of(new[0]) if new else fallback_where[1],
                reference_where=old[1].where_of(old[0]) if old else "(not in the source)",
                expected_text=old[0].shown if old else None,
                found_text=new[0].shown if new else None))
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
