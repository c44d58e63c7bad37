"""Compiled timelines travel packed: a run of steps that repeats earlier ones is one pair,
and the page's script expands it to the same states (issue 20: the onOffice article's data
was 91 KB of its 132 KB, most of it a week's hours written out 61 times)."""

from __future__ import annotations

import datetime as dt
import re

import pagescript
from conftest import REPO
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.rules.opennow import packed
from helpsite.pages.serviceview import status_timeline
from helpsite.model.strings import load_strings


def test_a_repeated_run_is_one_pair_saying_how_far_back_and_how_long():
    # Steps (delta, state): 10/0, 5/1, 5/0, then 5/1, 5/0 again, which are the two from
    # two steps back.
    assert packed([10, 0, 5, 1, 5, 0, 5, 1, 5, 0]) == [10, 0, 5, 1, 5, 0, -2, 2]
    # A run may overlap what it repeats: four times 7/3 after the first.
    assert packed([7, 3, 7, 3, 7, 3, 7, 3, 7, 3]) == [7, 3, -1, 4]
    # A single repeated step stays as it is (a pair for a pair saves nothing).
    assert packed([1, 0, 2, 1, 2, 0, 1, 1]) == [1, 0, 2, 1, 2, 0, 1, 1]


def test_the_script_reads_a_packed_year_as_the_rule_states_it():
    """At every step's start and the minute before, over the whole horizon of a desk's
    support hours (holidays and both clock changes included)."""
    desk = load_data(REPO).desks["onoffice"]
    today = dt.date(2026, 11, 22)
    timeline = status_timeline(Context(load_strings(REPO), "de"), "onoffice", desk,
                               ["support"], today=today)
    expanded: list[int] = []  # written out here by the definition in packed's docstring
    for first, second in zip(timeline["steps"][::2], timeline["steps"][1::2]):
        if first >= 0:
            expanded += [first, second]
        else:
            for _ in range(second):
                expanded += expanded[len(expanded) + 2 * first:len(expanded) + 2 * first + 2]
    assert len(timeline["steps"]) < len(expanded) / 10
    minutes, at = [], 0
    for delta in expanded[::2]:
        at += delta
        minutes += [at - 1, at]
    states = [None] + [timeline["texts"][index] for index in expanded[1::2] for _ in (0, 1)]
    seen = pagescript.run([{"kind": "step", "timeline": "t", "now": minute * 60000}
                           for minute in minutes], timelines={"t": timeline})
    assert seen == states[:-1]


def test_an_article_with_a_year_of_statuses_weighs_little(example_site):
    page = (example_site / "es" / "onoffice" / "index.html").read_text(encoding="utf-8")
    data = re.findall(r'<script type="application/json">(.*?)</script>', page, re.S)
    assert sum(map(len, data)) < 20_000  # 91,000 characters before
