"""The data model: what a support desk states, as frozen pydantic models.

Every fact a page shows lives here once, built from the scalar types of types.py; load.py
turns ``data/desks/*.yaml`` into these models.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BeforeValidator, Field, StrictBool, StrictInt, StrictStr,
                      field_serializer, model_validator)

from helpsite.model.charges import Charge, Minimum, When
from helpsite.model.types import (Amount, Countries, Currency, DateRule, DateValue, Duration,
                                  DurationValue, Email, Language, LocalDateTime, MAX_COUNT,
                                  MINUTES_PER_DAY, Phone, Slug, Strict, TimeOfDay, TimeZone,
                                  WEEKDAYS, Weekdays, holiday_region)
from helpsite.sources.yamlsource import SourceDocument

# Windows of a service's week, and special days: every window and day is a step of the
# open-now timelines the pages carry for a year; real desks need a dozen or two.
MAX_WINDOWS = 100
MAX_SPECIAL_DAYS = 400


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


class Closures(Strict):
    """Days a service does not open: a region's public holidays and explicit dates."""

    holidays: Annotated[str, BeforeValidator(holiday_region)] | None = None
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


class Band(Strict):
    """A time band for surcharges: weekly windows, and a region's public holidays all day."""

    hours: tuple[Window, ...] = Field((), max_length=MAX_WINDOWS)
    holidays: Annotated[str, BeforeValidator(holiday_region)] | None = None
    closed_on: None = None  # a band has no closures or special days: it is a schedule
    special_hours: tuple[()] = ()


class Vat(Strict):
    rate: Amount
    label: Slug


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
            for key_path, when in charge.whens():
                yield ("charges", i, *key_path), when


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
