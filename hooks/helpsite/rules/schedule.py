"""When a service answers: weekly windows, closures, public holidays and special hours,
turned into real instants on the desk's clock.

One rule decides everything that depends on opening hours: ``opening_intervals``. The
open-now status, "opens on ...", office hours in fees and the compiled timeline the page's
script reads all come from it, so the browser holds no calendar or time-zone logic.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

from helpsite.model.model import Closures, Service
from helpsite.model.types import MINUTES_PER_DAY, time_zone

UTC = dt.timezone.utc
WEEK_AHEAD = 6  # an opening up to 6 days ahead is named by its weekday, later by its date


@functools.lru_cache(maxsize=256)
def public_holidays(region: str, year: int) -> dict[dt.date, str]:
    """The public holidays of ``region`` ("DE-NW", "DK") in one year, from `holidays`."""
    country, _, subdivision = region.partition("-")
    return dict(holidays.country_holidays(country, subdiv=subdivision or None, years=year))


def closed_on(closures: Closures | None, day: dt.date) -> bool:
    if closures is None:
        return False
    if closures.holidays and day in public_holidays(closures.holidays, day.year):
        return True
    return any(rule.matches(day) for rule in closures.dates)


def _local(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock minute of ``day`` as an instant; 24:00 is the next midnight. A time the
    clocks skip (DST gap) counts as the instant it would be under the old offset (fold 0)."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
    return naive.replace(tzinfo=zone).astimezone(UTC)


def windows_on(service: Service, day: dt.date) -> list[tuple[int, int]]:
    """(start, end) minutes of the windows that start on ``day``; end may pass 24:00."""
    special = [s for s in service.special_hours if s.date.matches(day)]
    if special:
        return [(s.start, s.end if s.end > s.start else s.end + MINUTES_PER_DAY)
                for s in special if s.start is not None]
    if closed_on(service.closed_on, day):
        return []
    return [(w.start, w.end if w.end > w.start else w.end + MINUTES_PER_DAY)
            for w in service.hours if day.weekday() in w.days]


def opening_intervals(service: Service, timezone: str, first: dt.date,
                      last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """Open intervals (UTC, half-open) of windows starting from ``first`` to ``last``,
    touching ones merged, so a 24/7 line is one interval."""
    zone, merged = time_zone(timezone), []
    day = first
    while day <= last:
        for start, end in sorted(windows_on(service, day)):
            begin, finish = _local(day, start, zone), _local(day, end, zone)
            if finish <= begin:
                continue
            if merged and begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
            else:
                merged.append((begin, finish))
        day += dt.timedelta(days=1)
    return merged


@dataclass(frozen=True)
class Timeline:
    """A service's open intervals over a stretch of days (instants in UTC)."""

    service: Service
    timezone: str
    intervals: tuple[tuple[dt.datetime, dt.datetime], ...]
    starts: tuple[dt.datetime, ...] = ()  # the intervals' starts, for bisection

    @classmethod
    @functools.lru_cache(maxsize=1024)  # every language of a site asks for the same ones
    def of(cls, service: Service, timezone: str, first: dt.date, last: dt.date) -> Timeline:
        # One day earlier: a window that starts the evening before ``first`` still counts.
        intervals = tuple(opening_intervals(service, timezone, first - dt.timedelta(days=1), last))
        return cls(service, timezone, intervals, tuple(start for start, _ in intervals))

    def current(self, instant: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
        index = bisect.bisect_right(self.starts, instant) - 1
        if index >= 0 and instant < self.intervals[index][1]:
            return self.intervals[index]
        return None

    def next_opening(self, instant: dt.datetime) -> dt.datetime | None:
        index = bisect.bisect_right(self.starts, instant)
        return self.intervals[index][0] if index < len(self.intervals) else None

    def is_open(self, instant: dt.datetime) -> bool:
        return self.current(instant) is not None

    def local(self, instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(time_zone(self.timezone))


def is_open_at(service: Service, timezone: str, wall_clock: dt.datetime,
               timeline: Timeline | None = None) -> bool:
    """Whether ``service`` is open at a wall-clock time on the desk's clock; ``timeline``:
    its intervals over a stretch of days that includes that time, if already made."""
    day = wall_clock.date()
    timeline = timeline or Timeline.of(service, timezone, day, day)
    return timeline.is_open(wall_clock.replace(tzinfo=time_zone(timezone)).astimezone(UTC))


def wall_clock_exists(wall_clock: dt.datetime, timezone: str) -> bool:
    """False for a time the clocks skip at the start of daylight saving time."""
    zone = time_zone(timezone)
    round_trip = wall_clock.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) == wall_clock


def build_date() -> dt.date:
    """The build's "today": the day of SOURCE_DATE_EPOCH (UTC) when it is set, so a build
    of the same commit compiles the same timelines; else the clock's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
    return dt.datetime.fromtimestamp(int(epoch), UTC).date()


def horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a page's compiled timeline covers: from the first of last month, for 430
    days, so a build is stable within a month and a page stays right for over a year."""
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return first, first + dt.timedelta(days=430)
