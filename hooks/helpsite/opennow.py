"""Whether one of some services answers at an instant, and the sentence that says so.

``status_at`` is the rule. ``compile_status`` evaluates it at every instant where its
answer can change and hands the page a timeline of (instant, sentence) steps; the page's
script (overrides/assets/helpsite-open-now.js) only finds the step that holds now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from .schedule import UTC, WEEK_AHEAD, Timeline


@dataclass(frozen=True)
class ServiceTexts:
    """The sentences of one service in one language; ``open`` gets the closing time."""

    open: Callable[[dt.datetime], str]  # closing instant on the desk's clock -> text
    closed: Callable[[dt.datetime, bool], str]  # opening on the desk's clock, far? -> text
    closed_today: Callable[[dt.datetime], str]


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
            return Status(True, texts.open(timeline.local(current[1])))
    best = None
    for timeline, texts in services:
        opening = timeline.next_opening(instant)
        if opening is not None and (best is None or opening < best[0]):
            best = (opening, timeline, texts)
    if best is None:
        return None
    opening, timeline, texts = best
    days = (timeline.local(opening).date() - timeline.local(instant).date()).days
    if days == 0:
        return Status(False, texts.closed_today(timeline.local(opening)))
    return Status(False, texts.closed(timeline.local(opening), days > WEEK_AHEAD))


def _local_midnight(timeline: Timeline, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(timeline.timezone)).astimezone(UTC)


def breakpoints(services: list[tuple[Timeline, ServiceTexts]]) -> list[dt.datetime]:
    """Every instant where ``status_at`` may change: openings, closings, and the midnights
    at which an opening becomes "today" or "this week"."""
    points = set()
    for timeline, _ in services:
        for start, end in timeline.intervals:
            points.update((start, end))
            day = timeline.local(start).date()
            points.add(_local_midnight(timeline, day))
            points.add(_local_midnight(timeline, day - dt.timedelta(days=WEEK_AHEAD)))
    return sorted(points)


def compile_status(services: list[tuple[Timeline, ServiceTexts]], first: dt.datetime,
                   last: dt.datetime) -> dict:
    """The status from ``first`` to ``last`` as steps a script can look up: minutes since
    the epoch, each step's delta from the one before, and an index into ``texts``."""
    texts: list[list] = []
    steps: list[int] = []
    previous_minute, previous_state = 0, None
    for point in [first, *(p for p in breakpoints(services) if first < p < last)]:
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
