"""Whether one of some services answers at an instant, and the sentence that says so.

``status_at`` is the rule. ``compile_status`` evaluates it at every instant where its
answer can change and hands the page a timeline of (instant, sentence) steps; the page's
script (overrides/assets/helpsite-open-now.js) only finds the step that holds now.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from .schedule import UTC, WEEK_AHEAD, Timeline


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


def status_at(services: list[tuple[Timeline, ServiceTexts]], instant: dt.datetime) -> Status | None:
    """The first service that is open says so; else the one that opens first says when.
    None: the instant is outside the timelines (nothing is known there)."""
    for timeline, texts in services:
        current = timeline.current(instant)
        if current is not None:
            return Status(True, texts.open(_minute(timeline.local(current[1]))))
    best = None
    for timeline, texts in services:
        opening = timeline.next_opening(instant)
        if opening is not None and (best is None or opening < best[0]):
            best = (opening, timeline, texts)
    if best is None:
        return None
    opening, timeline, texts = best
    opens = timeline.local(opening)
    days = (opens.date() - timeline.local(instant).date()).days
    if days == 0:
        return Status(False, texts.closed_today(_minute(opens)))
    day = opens.date() if days > WEEK_AHEAD else opens.weekday()
    return Status(False, texts.closed(day, _minute(opens)))


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


@functools.lru_cache(maxsize=4096)
def _local_midnight(timezone: str, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


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


def compile_status(services: list[tuple[Timeline, ServiceTexts]], first: dt.datetime,
                   last: dt.datetime) -> dict:
    """The status from ``first`` to ``last`` as steps a script can look up: minutes since
    the epoch, each step's delta from the one before, and an index into ``texts``."""
    texts: list[list] = []
    steps: list[int] = []
    previous_minute, previous_state = 0, None
    points = breakpoints(tuple(timeline for timeline, _ in services))
    for point in [first, *(p for p in points if first < p < last)]:
        status = status_at(services, point)
        state = None if status is None else [status.open, status.text]
        if state == previous_state:
            continue
        if state not in texts:
            texts.append(state)
        minute = int(point.timestamp()) // 60
        steps += [minute - previous_minute, texts.index(state)]
        previous_minute, previous_state = minute, state
    return {"until": int(last.timestamp()) // 60, "steps": steps, "texts": texts}
