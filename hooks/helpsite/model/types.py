"""The scalar types of the data files: what a desk writes as a time, a duration, a phone
number, a country, an amount or a date, each validated with an error in the writer's terms.

pydantic models (model.py, charges.py) are built from these; nothing here knows a desk.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Callable

import phonenumbers
from babel import Locale
from babel.numbers import get_territory_currencies
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
DURATION_UNITS = ("second", "minute", "hour", "day", "week", "month")
_ENGLISH = Locale("en")
# Hours must mean the same on every machine: zones come from the pinned tzdata package,
# never from the host's /usr/share/zoneinfo (which may be older, or lack a zone). They are
# read from it here, for this package alone: zoneinfo.reset_tzpath would change where every
# ZoneInfo of the process comes from (MkDocs', a plugin's, a caller's).
_TZDATA = importlib.resources.files("tzdata")
_ZONES = frozenset(name for name in _TZDATA.joinpath("zones").read_text("utf-8").split()
                   if ("/" in name or name == "UTC") and name != "Factory")
# Legal tender in some country today: not XXX (no currency), XAU (gold) or DEM (replaced).
_CURRENCIES = frozenset().union(*(get_territory_currencies(territory, tender=True)
                                  for territory in _ENGLISH.territories))
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) & set(_ENGLISH.territories)
MAX_AMOUNT = Decimal(10) ** 9  # a price or rate; more would be a typo (and overflow)
MAX_COUNT = 10 ** 12


@functools.cache
def time_zone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone ``name`` (one the model accepts) from the pinned tzdata."""
    with _TZDATA.joinpath("zoneinfo", *name.split("/")).open("rb") as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text in quotes, got {value!r}")
    return value


# --- scalar types ---------------------------------------------------------------------


def _slug(value: Any) -> str:
    value = _text(value)
    if not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", value):
        raise ValueError(f"{value!r} is not an id: use lower-case letters, digits, '-' or '_'")
    return value


Slug = Annotated[str, BeforeValidator(_slug)]


def _minutes_of_day(value: Any) -> int:
    if not isinstance(value, str):
        raise ValueError(f'write a time as "HH:MM" in quotes, got {value!r}')
    match = re.fullmatch(r"(\d{2}):(\d{2})", value)
    if not match:
        raise ValueError(f'{value!r} is not a time; write "HH:MM", e.g. "09:00"')
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{value!r} is not a time of day (00:00 to 24:00)")
    return hours * 60 + minutes


TimeOfDay = Annotated[int, BeforeValidator(_minutes_of_day)]


def _weekdays(value: Any) -> tuple[int, ...]:
    """'mon-fri', 'fri', 'sat,sun' or 'daily' -> weekday numbers, Monday = 0."""
    value = _text(value).strip().lower()
    if value == "daily":
        return tuple(range(7))
    days: set[int] = set()
    for part in value.split(","):
        ends = [end.strip() for end in part.split("-")]
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            raise ValueError(
                f"{value!r} is not a set of days; write e.g. 'mon-fri', 'fri', 'sat,sun' or 'daily'"
            )
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        if last < first:
            raise ValueError(f"{part!r} runs backwards; write the days from Monday to Sunday")
        days.update(range(first, last + 1))
    return tuple(sorted(days))


Weekdays = Annotated[tuple[int, ...], BeforeValidator(_weekdays)]


def _distinct(values: tuple) -> tuple:
    twice = sorted({str(v) for v in values if values.count(v) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} listed more than once")
    return values


@dataclass(frozen=True)
class Duration:
    amount: Decimal
    unit: str

    @property
    def minutes(self) -> Decimal:
        factor = {"second": Decimal(1) / 60, "minute": 1, "hour": 60, "day": MINUTES_PER_DAY,
                  "week": 7 * MINUTES_PER_DAY}.get(self.unit)
        if factor is None:
            raise ValueError(f"a {self.unit} has no fixed number of minutes")
        return self.amount * factor

    @property
    def seconds(self) -> int:
        """Whole seconds; a duration that is not (0.1 seconds, a month) is refused."""
        # From the unit's own seconds: minutes * 60 is inexact for seconds (1/60 * 60).
        seconds = self.minutes * 60 if self.unit != "second" else self.amount
        if seconds != int(seconds):
            raise ValueError(f"{self.amount} {self.unit}s is not a whole number of seconds")
        return int(seconds)

    @property
    def shown(self) -> "Duration":
        """As a reader sees it: 90 seconds read better as 1.5 minutes. Its amount is the
        count a sentence agrees with ("the first 20 minutes are free")."""
        if self.unit == "second" and self.amount >= 60:
            return Duration(self.amount / 60, "minute")
        return self


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    match = re.fullmatch(r"(\d+(?:\.\d+)?) *([a-z]+?)s?", _text(value).strip())
    if not match or match[2] not in DURATION_UNITS:
        raise ValueError(
            f"{value!r} is not a duration; write a number and one of "
            f"{', '.join(DURATION_UNITS)}, e.g. '2 hours' or '90 seconds'"
        )
    if Decimal(match[1]) > 10 ** 6:
        raise ValueError(f"{value!r} is too long a duration; write it in a larger unit")
    return Duration(Decimal(match[1]), match[2])


def _fixed(value: Duration) -> Duration:
    """A duration a bill counts in: whole seconds, in a unit of fixed length."""
    if value.unit == "month":
        raise ValueError("a month has no fixed number of minutes; use days or weeks")
    value.seconds  # noqa: B018 - refuses a fraction of a second
    return value


def _period(value: Duration) -> Duration:
    """A block or increment of billing: longer than nothing."""
    if value.seconds == 0:
        raise ValueError("a billing period must be longer than 0")
    return value


DurationValue = Annotated[Duration, BeforeValidator(_duration)]
FixedDuration = Annotated[Duration, BeforeValidator(_duration), AfterValidator(_fixed)]
Period = Annotated[Duration, BeforeValidator(_duration), AfterValidator(_fixed),
                   AfterValidator(_period)]


@dataclass(frozen=True)
class PhoneNumber:
    """A number as the writer wrote it, beside the E.164 form for links and structured data."""

    display: str
    e164: str
    region: str


def _phone(value: Any) -> PhoneNumber:
    text = _text(value)
    # phonenumbers finds a number inside any text; the page shows the text as written.
    if not re.fullmatch(r"\+?[0-9][0-9 ()./\-]*", text):
        raise ValueError(f"{text!r} is not a phone number; write only digits, spaces and "
                         "+ ( ) - . /, starting with +country code (an extension goes into the "
                         "page's text: a phone link cannot dial it)")
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"{text!r} is not a phone number ({error}); start it with +country code")
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{text!r} is not a valid phone number")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNumber(text, e164, phonenumbers.region_code_for_number(parsed))


Phone = Annotated[PhoneNumber, BeforeValidator(_phone)]


def _text_type(is_valid: Callable[[str], Any], explanation: str) -> Any:
    """A text field that must pass ``is_valid``; the error says what it should have been."""
    def validate(value: Any) -> str:
        value = _text(value)
        if not is_valid(value):
            raise ValueError(f"{value!r} is not {explanation}")
        return value

    return Annotated[str, BeforeValidator(validate)]


Country = _text_type(lambda v: v in _COUNTRIES, "an ISO 3166 country code such as DE or AT")
Countries = Annotated[tuple[Country, ...], AfterValidator(_distinct)]
Language = _text_type(lambda v: re.fullmatch(r"[a-z]{2}", v),
                      "a two-letter language code such as de or it")
# Letters, digits and . _ % + - before the @, host names after it: nothing a link or
# Markdown could read as syntax.
Email = _text_type(
    lambda v: len(v) <= 254 and re.fullmatch(
        r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}", v),
    "an e-mail address")
TimeZone = _text_type(lambda v: v in _ZONES, "an IANA time zone such as Europe/Berlin")
Currency = _text_type(lambda v: v in _CURRENCIES, "a current ISO 4217 currency code such as "
                      "EUR or DKK")


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(f"expected a number such as 5.95, got {value!r}")
    if value < 0:
        raise ValueError(f"{value} is negative")
    if value > MAX_AMOUNT:
        raise ValueError(f"{value} is more than {MAX_AMOUNT:,}")
    return abs(Decimal(value))  # -0.00 would print as "-0,00 €"


Amount = Annotated[Decimal, BeforeValidator(_amount)]


# --- dates --------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRule:
    """A date or a run of dates, yearly ("12-24", "12-24..12-26") or once ("2026-12-28")."""

    first: tuple[int | None, int, int]  # (year or None for every year, month, day)
    last: tuple[int | None, int, int]

    def matches(self, day: dt.date) -> bool:
        if self.first[0] is None:
            key, first, last = (day.month, day.day), self.first[1:], self.last[1:]
            return first <= key <= last if first <= last else key >= first or key <= last
        return dt.date(*self.first) <= day <= dt.date(*self.last)

    def __str__(self) -> str:
        def one(parts: tuple) -> str:
            year, month, day = parts
            return f"{month:02d}-{day:02d}" if year is None else f"{year}-{month:02d}-{day:02d}"
        return one(self.first) if self.first == self.last else f"{one(self.first)}..{one(self.last)}"


def _date_part(text: str) -> tuple[int | None, int, int]:
    match = re.fullmatch(r"(?:(\d{4})-)?(\d{2})-(\d{2})", text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write \"12-24\" (every year) or \"2026-12-24\"")
    year = int(match[1]) if match[1] else None
    try:
        dt.date(year or 2024, int(match[2]), int(match[3]))  # 2024: 02-29 exists
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar")
    return year, int(match[2]), int(match[3])


def _date_rule(value: Any) -> DateRule:
    if isinstance(value, DateRule):
        return value
    first, _, last = _text(value).partition("..")
    rule = DateRule(_date_part(first), _date_part(last or first))
    if (rule.first[0] is None) != (rule.last[0] is None):
        raise ValueError(f"{value!r} mixes a yearly date with a dated one")
    if rule.first[0] is not None and rule.first > rule.last:
        raise ValueError(f"{value!r} runs backwards")
    return rule


DateValue = Annotated[DateRule, BeforeValidator(_date_rule)]


def holiday_region(value: Any) -> str:
    import holidays  # noqa: PLC0415 - loads its country tables only where a desk uses it

    country, _, subdivision = _text(value).partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"{value!r}: the holidays package knows no country {country!r}")
    if subdivision and subdivision not in supported[country]:
        raise ValueError(f"{value!r}: {country} has no subdivision {subdivision!r} "
                         f"(known: {', '.join(supported[country])})")
    return value


def _local_datetime(value: Any) -> dt.datetime:
    text = _text(value)
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"{text!r} is not a local date and time like 2026-11-23T22:00")


LocalDateTime = Annotated[dt.datetime, BeforeValidator(_local_datetime)]
