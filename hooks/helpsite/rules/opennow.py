"""Whether one of some services answers at an instant, and the sentence that says so.

``status_at`` is the rule. ``compile_steps`` evaluates a state built on it at every instant
where it can change and hands the page a timeline of (instant, state) steps; the page's
script (pages/theme/assets/helpsite-open-now.js) only finds the step that holds now.
"""

from __future__ import annotations

import datetime as dt
import json
import functools
from dataclasses import dataclass
from typing import Any, Callable

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
class Status:
    open: bool
    text: str
    which: int  # the service it speaks of, by its place in the list asked about


def status_at(services: list[tuple[Timeline, ServiceTexts]], instant: dt.datetime) -> Status | None:
    """The first service that is open says so; else the one that opens first says when.
    None: the instant is outside the timelines (nothing is known there)."""
    for which, (timeline, texts) in enumerate(services):
        current = timeline.current(instant)
        if current is not None:
            return Status(True, texts.open(_minute(timeline.local(current[1]))), which)
    best = None
    for which, (timeline, texts) in enumerate(services):
        opening = timeline.next_opening(instant)
        if opening is not None and (best is None or opening < best[0]):
            best = (opening, timeline, texts, which)
    if best is None:
        return None
    opening, timeline, texts, which = best
    opens = timeline.local(opening)
    days = (opens.date() - timeline.local(instant).date()).days
    if days == 0:
        return Status(False, texts.closed_today(_minute(opens)), which)
    day = opens.date() if days > WEEK_AHEAD else opens.weekday()
    return Status(False, texts.closed(day, _minute(opens)), which)


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


@functools.lru_cache(maxsize=4096)
def _local_midnight(timezone: str, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=time_zone(timezone)).astimezone(UTC)


@functools.lru_cache(maxsize=256)  # the same in every language
def breakpoints(timelines: tuple[Timeline, ...]) -> list[dt.datetime]:
    """Every instant where ``status_at`` may change: openings, closings, and the midnights
    at which an opening becomes "today" or "this week"."""
    points = set()
    for timeline in timelines:
        for start, end in timeline.intervals:
            points.update((start, end))
            day = timeline.local(start).date()
            points.add(_local_midnight(timeline.timezone, day))
            points.add(_local_midnight(timeline.timezone, day - dt.timedelta(days=WEEK_AHEAD)))
    return sorted(points)


def compile_steps(state_at: Callable[[dt.datetime], Any], points, first: dt.datetime,
                  last: dt.datetime) -> dict:
    """``state_at`` from ``first`` to ``last`` as steps a script can look up, evaluated at
    ``first`` and at each of the sorted ``points`` where it may change: minutes since the
    epoch, each step's delta from the one before, and an index into ``texts`` (the distinct
    states, JSON values; null where nothing is known). The steps come ``packed``."""
    texts: list = []
    numbers: dict[str, int] = {}  # each state's index in texts (a search made this quadratic)
    steps: list[int] = []
    previous_minute, previous_state = 0, None
    for point in [first, *(p for p in points if first < p < last)]:
        state = state_at(point)
        if state == previous_state:
            continue
        number = numbers.setdefault(json.dumps(state), len(texts))
        if number == len(texts):
            texts.append(state)
        minute = int(point.timestamp()) // 60
        steps += [minute - previous_minute, number]
        previous_minute, previous_state = minute, state
    return {"until": int(last.timestamp()) // 60, "steps": packed(steps), "texts": texts}


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

