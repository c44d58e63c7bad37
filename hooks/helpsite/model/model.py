"""The data model: what a support desk states, validated on load.

Every fact a page shows lives here once. Loading turns ``data/desks/*.yaml`` into frozen
pydantic models; any problem is reported as ``data/FILE.yaml:LINE:COL: what is wrong``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Callable, Literal
import zoneinfo

import phonenumbers
from babel import Locale
from babel.numbers import get_territory_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_serializer,
    model_validator,
)

from helpsite.errors import Problem, SourceError
from helpsite.sources.hidden import is_hidden, name as character_name, visible
from helpsite.sources.yamlsource import SourceDocument, load_yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
DURATION_UNITS = ("second", "minute", "hour", "day", "week", "month")
_ENGLISH = Locale("en")
# Hours must mean the same on every machine: zones come from the pinned tzdata package,
# never from the host's /usr/share/zoneinfo (which may be older, or lack a zone).
zoneinfo.reset_tzpath(to=[])
_ZONES = frozenset(zone for zone in zoneinfo.available_timezones()
                   if ("/" in zone or zone == "UTC") and zone != "Factory")
# Legal tender in some country today: not XXX (no currency), XAU (gold) or DEM (replaced).
_CURRENCIES = frozenset().union(*(get_territory_currencies(territory, tender=True)
                                  for territory in _ENGLISH.territories))
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) & set(_ENGLISH.territories)
MAX_AMOUNT = Decimal(10) ** 9  # a price or rate; more would be a typo (and overflow)
MAX_COUNT = 10 ** 12
# Windows of a service's week, and special days: every window and day is a step of the
# open-now timelines the pages carry for a year; real desks need a dozen or two.
MAX_WINDOWS = 100
MAX_SPECIAL_DAYS = 400


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


# --- schedules and services -----------------------------------------------------------


class Window(Strict):
    """Opening hours on some weekdays; ``to`` earlier than ``from`` crosses midnight."""

    days: Weekdays = Field(description="The days: mon-fri, fri, sat,sun or daily.")
    start: TimeOfDay = Field(alias="from", description='Opening time, "HH:MM".')
    end: TimeOfDay = Field(alias="to", description='Closing time, "HH:MM"; earlier than '
                           '"from" crosses midnight, "24:00" is the end of the day.')

    @field_serializer("days")
    def _day_names(self, days: tuple[int, ...]) -> list[str]:
        return [WEEKDAYS[day] for day in days]

    @field_serializer("start", "end")
    def _clock(self, minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    @model_validator(mode="after")
    def _not_empty(self) -> Window:
        if self.start == self.end:
            raise ValueError("a window must not start and end at the same time")
        if self.start == MINUTES_PER_DAY:
            raise ValueError('a window cannot start at "24:00"')
        return self


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


def _holiday_region(value: Any) -> str:
    import holidays  # noqa: PLC0415 - loads its country tables only where a desk uses it

    country, _, subdivision = _text(value).partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"{value!r}: the holidays package knows no country {country!r}")
    if subdivision and subdivision not in supported[country]:
        raise ValueError(f"{value!r}: {country} has no subdivision {subdivision!r} "
                         f"(known: {', '.join(supported[country])})")
    return value


class Closures(Strict):
    """Days a service does not open: a region's public holidays and explicit dates."""

    holidays: Annotated[str, BeforeValidator(_holiday_region)] | None = None
    dates: tuple[DateValue, ...] = ()

    @field_serializer("dates")
    def _date_texts(self, dates: tuple[DateRule, ...]) -> list[str]:
        return [str(rule) for rule in dates]


class SpecialHours(Strict):
    """Hours that replace a day's usual ones (and any closure); no times: closed."""

    date: DateValue
    start: TimeOfDay | None = Field(None, alias="from")
    end: TimeOfDay | None = Field(None, alias="to")

    @field_serializer("date")
    def _date_text(self, rule: DateRule) -> str:
        return str(rule)

    @field_serializer("start", "end")
    def _clock(self, minutes: int | None) -> str | None:
        return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"

    @model_validator(mode="after")
    def _both_or_neither(self) -> SpecialHours:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'from' and 'to', or neither for a closed day")
        if self.start is not None and self.start == self.end:
            raise ValueError("special hours must not start and end at the same time")
        return self


def _hours(value: Any) -> Any:
    """``24/7`` is shorthand for one window that never closes."""
    if value == "24/7":
        return [{"days": "daily", "from": "00:00", "to": "24:00"}]
    return value


class Service(Strict):
    """Something customers can reach, and when; its name in each language is the string
    services.DESK.SERVICE in data/i18n/LANG.yaml."""

    purpose: Literal["support", "emergency", "on-call", "booking"] = Field(
        description="What the service is for.")
    hours: Annotated[tuple[Window, ...], BeforeValidator(_hours),
                     Field(min_length=1, max_length=MAX_WINDOWS)] = Field(
        description="When it answers: a list of windows, or 24/7.")
    response_time: DurationValue | None = Field(
        None, description="How soon it answers, e.g. '2 hours'.")
    average_answer_time: DurationValue | None = Field(
        None, description="How long a caller waits on average, e.g. '90 seconds'.")
    triage_within: DurationValue | None = Field(
        None, description="How soon a new case is looked at, e.g. '1 hour'.")
    menu_key: Annotated[StrictInt, Field(ge=0, le=99)] | None = Field(
        None, description="The key to press in the phone menu to reach it.")
    closed_on: Closures | None = Field(
        None, description="Days it does not open: a region's public holidays and dates.")
    special_hours: tuple[SpecialHours, ...] = Field(
        (), max_length=MAX_SPECIAL_DAYS,
        description="Hours that replace a day's usual ones; without times, closed.")

    @property
    def always_open(self) -> bool:
        """24/7 with no closure and no special day."""
        return not self.closed_on and not self.special_hours and any(
            w.days == tuple(range(7)) and w.start == 0 and w.end == MINUTES_PER_DAY
            for w in self.hours)


class Line(Strict):
    """A phone number and what it serves."""

    number: Phone = Field(description="Shown as written; tel: links use the E.164 form.")
    countries: Countries = Field(
        min_length=1, description="ISO 3166 codes of the countries it serves, e.g. [DE, AT].")
    services: tuple[Slug, ...] = Field(min_length=1, description="Ids of the services it serves.")
    languages: tuple[Language, ...] | None = Field(
        None, description="Shown only on these languages' pages (default: all).")

    def shown_in(self, language: str) -> bool:
        return self.languages is None or language in self.languages


# --- fees ------------------------------------------------------------------------------


# The charge kinds own their arithmetic and texts; they use the scalar types above.
from helpsite.rules.charges import Charge, Minimum, When  # noqa: E402


class Band(Strict):
    """A time band for surcharges: weekly windows, and a region's public holidays all day."""

    hours: tuple[Window, ...] = Field((), max_length=MAX_WINDOWS)
    holidays: Annotated[str, BeforeValidator(_holiday_region)] | None = None
    closed_on: None = None  # a band has no closures or special days: it is a schedule
    special_hours: tuple[()] = ()


class Vat(Strict):
    rate: Amount
    label: Slug


def _local_datetime(value: Any) -> dt.datetime:
    text = _text(value)
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"{text!r} is not a local date and time like 2026-11-23T22:00")


LocalDateTime = Annotated[dt.datetime, BeforeValidator(_local_datetime)]


class FeeExample(Strict):
    """A call worked out on the page: its cost is computed at build time."""

    minutes: Amount = Decimal(0)
    at: LocalDateTime | None = None
    conditions: tuple[Slug, ...] = ()  # the named conditions that hold for this call
    hourly_rate: Amount | None = None

    @property
    def seconds(self) -> int:
        return Duration(self.minutes, "minute").seconds

    @model_validator(mode="after")
    def _whole_seconds(self) -> FeeExample:
        self.seconds  # noqa: B018 - raises for a fraction of a second
        return self


class FeePolicy(Strict):
    currency: Currency
    services: tuple[Slug, ...] = Field(min_length=1)
    calls_from: Countries = ()
    office_hours: Slug | None = None
    conditions: tuple[Slug, ...] = ()  # named conditions a call may meet, e.g. urgent
    bands: dict[Slug, Band] = {}
    when: When = When()  # calls the policy covers at all
    vat: Vat | None = None
    minimum: Minimum | None = None
    charges: tuple[Charge, ...] = Field(min_length=1)
    examples: tuple[FeeExample, ...] = ()

    def whens(self):
        """Every condition of the policy with its key path in the YAML."""
        yield ("when",), self.when
        for i, charge in enumerate(self.charges):
            yield ("charges", i, "when"), charge.when
            for j, surcharge in enumerate(getattr(charge, "surcharges", ())):
                yield ("charges", i, "surcharges", j, "when"), surcharge.when


# --- access presets, facts, desks ------------------------------------------------------


class Preset(Strict):
    period: DurationValue | Literal["today", "permanent"] = Field(
        description="How long access lasts: a duration, today or permanent.")
    default: StrictBool = Field(False, description="The preset chosen first; exactly one is.")


def _one_default(presets: tuple[Preset, ...]) -> tuple[Preset, ...]:
    defaults = sum(preset.default for preset in presets)
    if defaults != 1:
        raise ValueError(f"exactly one preset must be the default (found {defaults})")
    return presets


class Access(Strict):
    """Support-access settings a customer grants."""

    presets: Annotated[tuple[Preset, ...], AfterValidator(_one_default)] = Field(
        min_length=1, description="The access periods offered, in order.")
    data_export_default: StrictBool = Field(description="Whether data export starts switched on.")
    overview_covers: DurationValue = Field(description="How far back the access overview goes.")


class Fact(Strict):
    """A single stated value that belongs to no larger concept (chat history, a plan name)."""

    duration: DurationValue | None = Field(None, description="A duration, e.g. '21 days'.")
    count: Annotated[StrictInt, Field(ge=-MAX_COUNT, le=MAX_COUNT)] | None = Field(
        None, description="A whole number.")
    text: StrictStr | None = Field(None, description="A text shown as written (a plan name).")

    @model_validator(mode="after")
    def _exactly_one(self) -> Fact:
        given = [name for name in ("duration", "count", "text") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a fact has exactly one of: duration, count, text")
        return self


class Desk(Strict):
    """A support desk: data/desks/ID.yaml. Pages show its facts through placeholders."""

    name: StrictStr = Field(description="The desk's name as pages show it.")
    timezone: TimeZone = Field(description="IANA zone the hours are given in, e.g. Europe/Berlin.")
    languages: tuple[Language, ...] = Field((), description="The languages the desk answers in.")
    email: Email | None = Field(None, description="The support e-mail address.")
    email_by_language: dict[Language, Email] = Field(
        {}, description="Only where a language's pages give another address: LANG: address.")
    services: dict[Slug, Service] = Field(
        {}, description="What customers can reach, and when, by service id.")
    lines: tuple[Line, ...] = Field((), description="Phone numbers and the services they serve.")
    fees: dict[Slug, FeePolicy] = Field({}, description="Fee policies by id (README: Fees).")
    access: Access | None = Field(None, description="Support-access presets.")
    facts: dict[Slug, Fact] = Field(
        {}, description="Single values by id: each one duration, count or text.")
    lists: dict[Slug, tuple[Slug, ...]] = Field(
        {}, description="Lists of item ids; item texts are lists.DESK.ITEM in data/i18n/LANG.yaml.")

    def email_for(self, language: str) -> str | None:
        return self.email_by_language.get(language, self.email)


@dataclass(frozen=True)
class SiteData:
    desks: dict[str, Desk]
    documents: dict[str, SourceDocument]

    def fee_policies(self) -> dict[str, tuple[str, Desk, FeePolicy]]:
        """Every fee policy by id, with the id of its desk and the desk itself."""
        return {pid: (desk_id, desk, policy) for desk_id, desk in self.desks.items()
                for pid, policy in desk.fees.items()}


# --- loading ---------------------------------------------------------------------------


# pydantic words its errors in Python's types ("Input should be a valid boolean"); a writer
# reads what the value is not, in YAML's terms, and what to write instead.
_NOT_TRUE_OR_FALSE = ("is not true or false", "write true or false")
_NOT_WHOLE = ("is not a whole number", "write digits only, e.g. 3")
_NOT_NUMBER = ("is not a number", "write digits, e.g. 5.95")
_NOT_LIST = ("is not a list", "write [a, b] or one '- item' per line")
_NOT_KEYS = ("is not a set of 'key: value' entries", "write the keys indented below it")
_NOT_CHOICE = ("is not one of the choices", "write one of {expected}")
_WRITE_INSTEAD = {
    "bool_type": _NOT_TRUE_OR_FALSE, "bool_parsing": _NOT_TRUE_OR_FALSE,
    "int_type": _NOT_WHOLE, "int_parsing": _NOT_WHOLE, "int_from_float": _NOT_WHOLE,
    "float_type": _NOT_NUMBER, "float_parsing": _NOT_NUMBER,
    "decimal_type": _NOT_NUMBER, "decimal_parsing": _NOT_NUMBER,
    "string_type": ("is not text", 'put it in quotes, e.g. "08:00"'),
    "list_type": _NOT_LIST, "tuple_type": _NOT_LIST,
    "dict_type": _NOT_KEYS, "model_type": _NOT_KEYS,
    "too_short": ("is an empty list", "give at least {min_length} item(s)"),
    "too_long": ("is a longer list than a desk needs", "give at most {max_length} items"),
    "literal_error": _NOT_CHOICE, "enum": _NOT_CHOICE,
}


def _in_writers_terms(item: dict) -> str:
    if item["type"] not in _WRITE_INSTEAD:
        return item["msg"].removeprefix("Value error, ")
    what, advice = _WRITE_INSTEAD[item["type"]]
    value = item["input"]
    shown = "this" if isinstance(value, (dict, list, tuple)) and value else (
        repr(value) if isinstance(value, str) else str(value).lower() if value is not None
        else "an empty value")
    return f"{shown} {what}; {advice.format(**item.get('ctx', {}))}"


def _known_keys() -> set[str]:
    """Every key the project's models accept (data files and front matter)."""
    keys, models = set(), [BaseModel]
    while models:
        for model in models.pop().__subclasses__():
            models.append(model)
            if model.__module__.startswith("helpsite."):
                keys |= {field.alias or name for name, field in model.model_fields.items()}
    return keys


def _mapping_at(data: Any, key_path: tuple) -> dict:
    for step in key_path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def schema_problems(document: SourceDocument, error: ValidationError) -> list[Problem]:
    problems = []
    errors = error.errors()
    # A list whose only item is wrong is also "too short": one message per cause.
    locations = [tuple(item["loc"]) for item in errors]
    errors = [item for item in errors if not (item["type"] == "too_short" and any(
        other[:len(item["loc"])] == tuple(item["loc"]) and other != tuple(item["loc"])
        for other in locations))]
    # An unknown key beside a missing one it resembles is one typo: name the right key.
    missing = [tuple(item["loc"]) for item in errors if item["type"] == "missing"]
    meant, suggested = {}, {}
    for item in errors:
        key_path = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and isinstance(key_path[-1], str):
            siblings = [path[-1] for path in missing if path[:-1] == key_path[:-1]]
            close = difflib.get_close_matches(key_path[-1], siblings, n=1)
            if close:
                meant[key_path] = close[0]
            else:  # an optional key: the nearest key the files know, not one already here
                present = _mapping_at(document.data, key_path[:-1])
                close = difflib.get_close_matches(
                    key_path[-1], sorted(_known_keys() - set(present)), n=1)
                suggested[key_path] = close[0] if close else None
    for item in errors:
        key_path = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and (key_path in meant or suggested.get(key_path)):
            problems.append(document.key_problem(
                key_path, f"unknown key {key_path[-1]!r}: did you mean "
                f"{meant.get(key_path) or suggested[key_path]!r}?"))
        elif item["type"] == "extra_forbidden":
            problems.append(document.key_problem(
                key_path, f"unknown key {key_path[-1]!r}: no key of that name is known here; "
                "check its spelling and indentation"))
        elif item["type"] == "missing":
            if key_path not in {path[:-1] + (name,) for path, name in meant.items()}:
                problems.append(document.problem(key_path, f"{key_path[-1]!r} is missing"))
        else:
            problems.append(document.problem(key_path, _in_writers_terms(item)))
    return problems


def _reference_problems(document: SourceDocument, desk: Desk) -> list[Problem]:
    problems = []

    def require_service(service_id: str, key_path: tuple) -> None:
        if service_id not in desk.services:
            known = ", ".join(sorted(desk.services)) or "none"
            problems.append(document.problem(
                key_path, f"service {service_id!r} is not defined (services: {known})"))

    for i, line in enumerate(desk.lines):
        for j, service_id in enumerate(line.services):
            require_service(service_id, ("lines", i, "services", j))
    for policy_id, policy in desk.fees.items():
        for j, service_id in enumerate(policy.services):
            require_service(service_id, ("fees", policy_id, "services", j))
        if policy.office_hours is not None:
            require_service(policy.office_hours, ("fees", policy_id, "office_hours"))
        for key_path, when in policy.whens():
            for name in when.conditions:
                if name not in policy.conditions:
                    problems.append(document.problem(
                        ("fees", policy_id, *key_path, name),
                        f"condition {name!r} is not declared; add it to 'conditions:' "
                        f"(declared: {', '.join(policy.conditions) or 'none'})"))
            if when.band is not None and when.band not in policy.bands:
                problems.append(document.problem(
                    ("fees", policy_id, *key_path, "band"),
                    f"band {when.band!r} is not defined (bands: "
                    f"{', '.join(policy.bands) or 'none'})"))
        for j, example in enumerate(policy.examples):
            for k, name in enumerate(example.conditions):
                if name not in policy.conditions:
                    problems.append(document.problem(
                        ("fees", policy_id, "examples", j, "conditions", k),
                        f"condition {name!r} is not declared in 'conditions:'"))
        needs_office_hours = any(when.office_hours for _, when in policy.whens()) or any(
            "office_hours" in charge.asks() for charge in policy.charges)
        if needs_office_hours and policy.office_hours is None:
            problems.append(document.problem(
                ("fees", policy_id),
                "a charge depends on office hours, so the policy needs 'office_hours: SERVICE'"))
    return problems


def _hidden_problems(document: SourceDocument, value: Any = None, key_path: tuple = ()) -> list[Problem]:
    """Every text in a desk file with a character readers cannot see or that shows another
    value (see hidden.py): a phone number, an address, a price, a name are shown as written."""
    value = document.data if not key_path and value is None else value
    if isinstance(value, dict):
        return [problem for key, item in value.items()
                for problem in _hidden_problems(document, item, (*key_path, key))]
    if isinstance(value, (list, tuple)):
        return [problem for index, item in enumerate(value)
                for problem in _hidden_problems(document, item, (*key_path, index))]
    if not isinstance(value, str):
        return []
    hidden = next((index for index, character in enumerate(value) if is_hidden(character)), None)
    if hidden is None:
        return []
    return [document.problem(key_path, (
        f"{character_name(value[hidden])} at character {hidden + 1} of {visible(value)!r}: a character "
        "readers cannot see, or that shows another value; delete it and type the value again"))]


def load_desk(file: Path, display_path: str) -> tuple[Desk, SourceDocument]:
    document = load_yaml(file, display_path)
    problems = _hidden_problems(document)
    if problems:
        raise SourceError(problems)
    try:
        desk = Desk.model_validate(document.data)
    except ValidationError as error:
        raise SourceError(schema_problems(document, error))
    problems = _reference_problems(document, desk)
    if problems:
        raise SourceError(problems)
    return desk, document


def load_data(root: Path) -> SiteData:
    """Load every ``data/desks/*.yaml`` below ``root``; report all problems at once."""
    desks: dict[str, Desk] = {}
    documents: dict[str, SourceDocument] = {}
    problems: list[Problem] = []
    files = sorted((root / "data" / "desks").glob("*.yaml"))
    for stray in sorted((root / "data").rglob("*.yml")):  # would be left out without a word
        problems.append(Problem(stray.relative_to(root).as_posix(), 1, 1,
                                "data files end in .yaml; rename this one"))
    if not files:
        raise SourceError([*problems, Problem("data/desks", 1, 1, "no desk files (*.yaml) found")])
    for file in files:
        display_path = file.relative_to(root).as_posix()
        try:
            desk, document = load_desk(file, display_path)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        desks[file.stem] = desk
        documents[file.stem] = document
    if problems:
        raise SourceError(problems)
    return SiteData(desks, documents)
