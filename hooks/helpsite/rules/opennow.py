"""Whether one of some services answers at an instant, and the sentence that says so.

``situation_at`` is the rule, ``said`` says it in a language. ``compile_steps``
evaluates a state built on it at every instant where it can change and hands the page a
timeline of (instant, state) steps; the page's script (pages/theme/assets/helpsite-open-now.js)
only finds the step that holds now. A build compiles the same timeline in every language:
``changes`` finds its steps once, before any words, and ``worded`` says them in each.
"""

from __future__ import annotations

import datetime as dt
import json
import functools
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from helpsite.model.types import time_zone
from helpsite.rules.schedule import UTC, WEEK_AHEAD, Timeline


@dataclass(frozen=True)
class ServiceTexts:
    """The sentences of one service in one language. Times are minutes after midnight on
    the desk's clock; a day is a weekday (Monday 0) within a week, else a date."""

    open: Callable[[int], str]  # closing time -> "open until ..."
    closed: Callable[[int | dt.date, int], str]  # opening day and time -> "opens on ..."
    closed_today: Callable[[int], str]  # opening time -> "opens today at ..."


@dataclass(frozen=True)
class Situation:
    """Whether a service answers, or when it opens, before it is said in a language."""

    open: bool
    which: int  # the service it speaks of, by its place in the list asked about
    minute: int  # its closing time while open, else its opening time, on the desk's clock
    day: int | dt.date | None = None  # the day it opens, if not today: a weekday or a date


def situation_at(timelines: list[Timeline], instant: dt.datetime) -> Situation | None:
    """The first service that is open says so; else the one that opens first says when.
    None: the instant is outside the timelines (nothing is known there)."""
    for which, timeline in enumerate(timelines):
        current = timeline.current(instant)
        if current is not None:
            return Situation(True, which, _minute(timeline.local(current[1])))
    best = None
    for which, timeline in enumerate(timelines):
        opening = timeline.next_opening(instant)
        if opening is not None and (best is None or opening < best[0]):
            best = (opening, timeline, which)
    if best is None:
        return None
    opening, timeline, which = best
    opens = timeline.local(opening)
    days = (opens.date() - timeline.local(instant).date()).days
    if days == 0:
        return Situation(False, which, _minute(opens))
    return Situation(False, which, _minute(opens),
                     opens.date() if days > WEEK_AHEAD else opens.weekday())


def said(situation: Situation, texts: ServiceTexts) -> str:
    """The situation in the words of its service's ``texts``."""
    if situation.open:
        return texts.open(situation.minute)
    if situation.day is None:
        return texts.closed_today(situation.minute)
    return texts.closed(situation.day, situation.minute)


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


@functools.lru_cache(maxsize=4096)
def _local_midnight(timezone: str, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=time_zone(timezone)).astimezone(UTC)


@functools.lru_cache(maxsize=256)  # the same in every language
def breakpoints(timelines: tuple[Timeline, ...]) -> list[dt.datetime]:
    """Every instant where ``situation_at`` may change: openings, closings, and the midnights
    at which an opening becomes "today" or "this week"."""
    points = set()
    for timeline in timelines:
        for start, end in timeline.intervals:
            points.update((start, end))
            day = timeline.local(start).date()
            points.add(_local_midnight(timeline.timezone, day))
            points.add(_local_midnight(timeline.timezone, day - dt.timedelta(days=WEEK_AHEAD)))
    return sorted(points)


def compile_steps(state_at: Callable[[dt.datetime], Hashable], points, first: dt.datetime,
                  last: dt.datetime) -> dict:
    """``state_at`` (JSON values) from ``first`` to ``last`` as steps a script can look up:
    ``worded`` ``changes``."""
    return worded(changes(state_at, points, first, last), lambda state: state)


@dataclass(frozen=True)
class Changes:
    """Where a key changes over a stretch of time (``changes``), before any words."""

    steps: tuple[tuple[int, Hashable], ...]  # (minute since the epoch, key) where it changed
    keys: tuple[Hashable, ...]  # the distinct keys, in the order they first hold
    packed: tuple[int, ...]  # the steps as ``worded`` writes them, each key its own state
    until: int  # the minute the last step ends


def changes(key_at: Callable[[dt.datetime], Hashable], points, first: dt.datetime,
            last: dt.datetime) -> Changes:
    """``key_at`` evaluated at ``first`` and at each of the sorted ``points`` where it may
    change, up to ``last``, from the first key that is not None on."""
    steps: list[tuple[int, Hashable]] = []
    previous = None
    for point in [first, *(p for p in points if first < p < last)]:
        key = key_at(point)
        if key != previous:
            steps.append((int(point.timestamp()) // 60, key))
            previous = key
    keys, numbered = _numbered(steps, lambda key: key, None)
    return Changes(tuple(steps), tuple(keys), tuple(packed(numbered)),
                   int(last.timestamp()) // 60)


def worded(found: Changes, words: Callable[[Hashable], Any]) -> dict:
    """The ``changes`` of a key, each key said by ``words`` (a JSON value; None where
    nothing is known, as for the key None), as the page's script reads them: minutes since
    the epoch, each step's delta from the one before, and an index into ``texts`` (the
    distinct states). The steps come ``packed``. Where two keys say the same, their steps
    merge; else every language has the steps the keys have, packed once."""
    states = [words(key) for key in found.keys]
    texts = [json.dumps(state) for state in states]
    if len(set(texts)) == len(texts) and texts[:1] != ["null"]:
        return {"until": found.until, "steps": list(found.packed), "texts": states}
    said = dict(zip(found.keys, texts))
    distinct, numbered = _numbered(found.steps, said.__getitem__, "null")
    state = dict(zip(texts, states))
    return {"until": found.until, "steps": packed(numbered),
            "texts": [state[text] for text in distinct]}


def _numbered(steps, value_of: Callable[[Hashable], Hashable],
              before: Hashable) -> tuple[list[Hashable], list[int]]:
    """The distinct values of (minute, key) steps (``value_of`` the key; ``before``: the
    value before the first step), in the order they first hold, and the steps as pairs of
    a delta in minutes from the step before and the value's index, a step that does not
    change the value merged into the one before."""
    numbers: dict[Hashable, int] = {}  # each value's index (a search made this quadratic)
    out: list[int] = []
    previous_minute, previous = 0, before
    for minute, key in steps:
        value = value_of(key)
        if value == previous:
            continue
        out += [minute - previous_minute, numbers.setdefault(value, len(numbers))]
        previous_minute, previous = minute, value
    return list(numbers), out


# How far back ``packed`` looks for a repeat: a week of a desk's steps fits many times over.
LOOK_BACK = 128


def packed(steps: list[int]) -> list[int]:
    """Steps with each run that repeats earlier ones written as the pair (-k, n): "the next n
    steps are those from k steps back". Hours repeat weekly, so a year's timeline (15 KB of
    JSON on a page, most of its weight) shrinks to a few hundred bytes; the page's script
    expands it. A delta is never negative, so the pair cannot be mistaken for a step."""
    pairs = list(zip(steps[::2], steps[1::2]))
    seen: dict[tuple[int, int], list[int]] = {}  # where each step occurred, latest last
    out: list[int] = []
    at = 0
    while at < len(pairs):
        back, length = 0, 0
        for earlier in reversed(seen.get(pairs[at], [])):
            if at - earlier > LOOK_BACK:
                break
            if at + length >= len(pairs) or pairs[at + length] != pairs[earlier + length]:
                continue  # cannot repeat more than the best so far
            n = 1
            while at + n < len(pairs) and pairs[at + n] == pairs[earlier + n]:
                n += 1
            if n > length:
                back, length = at - earlier, n
        run = length if length > 1 else 1
        out += [-back, length] if length > 1 else pairs[at]
        for place in range(at, at + run):
            seen.setdefault(pairs[place], []).append(place)
        at += run
    return out

