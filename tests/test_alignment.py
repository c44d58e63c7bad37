"""The alignment of two sequences of blocks (compare._unequal_stretches): each expected
stretch worked out by hand from the steps the docstring names (common ends, blocks unique
on both sides in increasing order, difflib for small stretches without anchors)."""

import pytest

from helpsite.drift.compare import Stretch, _unequal_stretches, _unique_common, compare
from helpsite.sources.blocks import text_blocks


@pytest.mark.parametrize("source, translation, stretches", [
    # Alike, or both empty: nothing differs.
    ("ABC", "ABC", []),
    ("", "", []),
    # One side empty: all of the other is one stretch.
    ("", "AB", [Stretch(0, 0, 0, 2)]),
    ("AB", "", [Stretch(0, 2, 0, 0)]),
    # Insertions and deletions, at the start, in the middle, at the end.
    ("ABC", "AXBC", [Stretch(1, 1, 1, 2)]),
    ("ABC", "XABC", [Stretch(0, 0, 0, 1)]),
    ("ABC", "ABCX", [Stretch(3, 3, 3, 4)]),
    ("ABC", "BC", [Stretch(0, 1, 0, 0)]),
    ("ABC", "AC", [Stretch(1, 2, 1, 1)]),
    ("ABC", "AB", [Stretch(2, 3, 2, 2)]),
    # A block changed, between equal ends that are repeated.
    ("AXA", "AYA", [Stretch(1, 2, 1, 2)]),
    # Two blocks swapped: C (the later of the two runs of one) anchors; B is lost before
    # it and added after it.
    ("ABCD", "ACBD", [Stretch(1, 2, 1, 1), Stretch(3, 3, 2, 3)]),
    # First and last swapped, no common end: B and C are the longest run increasing on both
    # sides; A and D each stand against the other.
    ("ABCD", "DBCA", [Stretch(0, 1, 0, 1), Stretch(3, 4, 3, 4)]),
    # A repeated block dropped: the common start and end leave one A in between.
    ("AAB", "AB", [Stretch(1, 2, 1, 1)]),
    # Repeated blocks only, no anchor: difflib's longest match that starts first in the
    # source, XAX at source 0-2 and translation 1-3 (AXA is as long, but starts later).
    ("XAXA", "AXAX", [Stretch(0, 0, 0, 1), Stretch(3, 4, 4, 4)]),
    # Three anchors, a block changed between the first two and one added after the last.
    ("PQRST", "PZRSTU", [Stretch(1, 2, 1, 2), Stretch(5, 5, 5, 6)]),
])
def test_stretches(source, translation, stretches):
    assert _unequal_stretches(list(source), list(translation)) == stretches


def test_stretch_fields_are_named():
    stretch = _unequal_stretches(list("ABC"), list("AXYC"))[0]
    assert (stretch.source_start, stretch.source_end,
            stretch.translation_start, stretch.translation_end) == (1, 2, 1, 3)


def test_difflib_up_to_the_small_stretch_limit():
    """200 x 200 blocks without anchors (40,000 pairs, the limit) are still matched by
    difflib: XY... of the source up to 199 is the translation from 1 on."""
    source, translation = ["X", "Y"] * 100, ["Y", "X"] * 100
    assert _unequal_stretches(source, translation) == [Stretch(0, 0, 0, 1),
                                                        Stretch(199, 200, 200, 200)]


def test_beyond_the_limit_one_stretch():
    """202 x 200 blocks without anchors or common ends: not searched, one stretch."""
    source, translation = ["X", "Y"] * 100 + ["Z", "Z"], ["Y", "X"] * 100
    assert _unequal_stretches(source, translation) == [Stretch(0, 202, 0, 200)]


@pytest.mark.parametrize("a, b, bounds, pairs", [
    ("ABCD", "DBCA", (0, 4, 0, 4), [(1, 1), (2, 2)]),  # A-D and D-A cross the run
    ("ABA", "AB", (0, 3, 0, 2), [(1, 1)]),  # A twice in a: no anchor
    ("AB", "ABB", (0, 2, 0, 3), [(0, 0)]),  # B twice in b: no anchor
    ("ABC", "CBA", (1, 3, 0, 2), [(2, 0)]),  # within bounds: B,C against C,B; C is last
    ("ABC", "ABC", (1, 1, 0, 3), []),  # an empty side
    # The longest run increasing on both sides: A, B, D, F (of C, E, B, D the later two)
    ("ACEBDF", "ABCDEF", (0, 6, 0, 6), [(0, 0), (3, 1), (4, 3), (5, 5)]),
])
def test_unique_common(a, b, bounds, pairs):
    assert _unique_common(list(a), list(b), *bounds) == pairs


def test_a_missing_value_is_placed_at_the_block_before_its_empty_stretch():
    """12:00 is missing between 11:00 (translation line 2) and 13:00: its stretch in the
    translation is empty, so the finding stands at the start of the block before it."""
    found = compare(text_blocks("10:00\n11:00\n12:00\n13:00\n", "a.txt"), "de",
                    text_blocks("10:00\n11:00\n13:00\n", "b.txt"), "es")
    assert [(f.where, f.column, f.expected, f.found) for f in found] == [
        ("b.txt:2", 1, "12:00", None)]
    empty = compare(text_blocks("10:00\n", "a.txt"), "de", [], "es")
    assert [str(f) for f in empty] == [
        "(the translation is empty): [es] time 10:00 is missing (source: a.txt:1)"]


def test_a_date_without_its_year_is_the_same_date():
    """"22 February" is 22 February 2020 where the source says the year; the 23rd is not."""
    source = text_blocks("Am 22. Februar 2020 geschlossen.\n", "a.txt")
    assert compare(source, "de", text_blocks("Closed on 22 February.\n", "b.txt"), "en") == []
    changed = compare(source, "de", text_blocks("Closed on 23 February.\n", "b.txt"), "en")
    assert [(f.expected, f.found) for f in changed] == [("2020-02-22", "--02-23")]
