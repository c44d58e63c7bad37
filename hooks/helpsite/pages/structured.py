"""Machine-readable facts: schema.org JSON-LD for pages, and one JSON file of all facts.

Both come from the same validated data as the page text, so search engines and other tools
read the numbers and hours the customer reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from helpsite.sources.blocks import BlockReader, read
from helpsite.model.model import Desk, Service, SiteData, Window
from helpsite.model.types import MINUTES_PER_DAY
from helpsite.rules.schedule import build_date, horizon, windows_on

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CONTACT_TYPES = {"support": "customer support", "emergency": "emergency",
                 "on-call": "emergency", "booking": "customer support"}


def _hhmm(minutes: int) -> str:
    """As the desk files write times: "24:00" is midnight at the end of the day."""
    minutes = minutes - MINUTES_PER_DAY if minutes > MINUTES_PER_DAY else minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(minutes: int) -> str:
    # schema.org has no 24:00; the last minute of the day stands for "until midnight".
    return "23:59" if minutes == MINUTES_PER_DAY else f"{minutes // 60:02d}:{minutes % 60:02d}"


def opening_hours(window: Window) -> dict:
    """schema.org reads a ``closes`` earlier than ``opens`` as running into the next day."""
    return {"@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{SCHEMA_DAYS[day]}" for day in window.days],
            "opens": _clock(window.start), "closes": _clock(window.end)}


def organization(desk: Desk, lang: str) -> dict:
    """The desk as an Organization with a ContactPoint per line and service shown in ``lang``."""
    email = desk.email_for(lang)
    points = []
    for line in desk.lines:
        if not line.shown_in(lang):
            continue
        for service_id in line.services:
            points.append(_contact_point(desk, service_id, email, line.number.e164,
                                         list(line.countries)))
    served_by_lines = {service_id for line in desk.lines for service_id in line.services}
    for service_id in desk.services:
        if service_id not in served_by_lines and email:
            points.append(_contact_point(desk, service_id, email, None, None))
    result: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization",
                              "name": desk.name}
    if email:
        result["email"] = email
    result["contactPoint"] = points
    return result


def _contact_point(desk: Desk, service_id: str, email: str | None, telephone: str | None,
                   countries: list[str] | None) -> dict:
    service = desk.services[service_id]
    point: dict[str, Any] = {"@type": "ContactPoint",
                             "contactType": CONTACT_TYPES[service.purpose]}
    if telephone:
        point["telephone"] = telephone
    if email:
        point["email"] = email
    if countries:
        point["areaServed"] = countries
    if desk.languages:
        point["availableLanguage"] = list(desk.languages)
    point["hoursAvailable"] = [opening_hours(window) for window in service.hours]
    special = special_opening_hours(service)
    if special:
        point["specialOpeningHoursSpecification"] = special
    return point


def special_days(service: Service, today: dt.date | None = None):
    """Days over the pages' horizon whose hours differ from the weekly ones (a holiday, a
    closed date, special hours), each with its windows as (start, end) minutes."""
    if not service.closed_on and not service.special_hours:
        return
    first, last = horizon(today or build_date())
    day = first
    while day <= last:
        weekly = [(w.start, w.end if w.end > w.start else w.end + MINUTES_PER_DAY)
                  for w in service.hours if day.weekday() in w.days]
        actual = windows_on(service, day)
        if sorted(actual) != sorted(weekly):
            yield day, actual
        day += dt.timedelta(days=1)


def special_opening_hours(service: Service) -> list[dict]:
    """schema.org's way to say a day differs: valid on that date, opens = closes = 00:00
    for a day closed all day."""
    specs = []
    for day, windows in special_days(service):
        for start, end in windows or [(0, 0)]:
            specs.append({"@type": "OpeningHoursSpecification", "validFrom": day.isoformat(),
                          "validThrough": day.isoformat(), "opens": _clock(start),
                          "closes": _clock(end % MINUTES_PER_DAY if end > MINUTES_PER_DAY else end)})
    return specs


def _not_answer(tag: str, attributes: dict) -> bool:
    """Material appends a permalink anchor (¶) to each heading; the calculator is a form to
    fill."""
    return tag == "form" or (tag == "a" and attributes.get("class") == "headerlink")


class _Text:
    """An element's text, each piece apart."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def start(self, tag: str, attributes: dict) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        self.parts.append(data)

    def comment(self, data: str) -> None:
        pass


def _question(heading: LexborNode) -> str:
    text = _Text()
    read(heading, text, lambda node, tag, attributes:
         text if _not_answer(tag, attributes) else None)
    return " ".join(" ".join(text.parts).split())


def faq_page(content: LexborHTMLParser) -> dict:
    """An FAQPage from a page whose second-level headings are the questions. ``content``:
    the page's content HTML as blocks.parse reads it."""
    answers: list[tuple[str, BlockReader]] = []
    current = BlockReader("")  # what stands before the first question answers none

    def answer(node: LexborNode, tag: str, attributes: dict) -> BlockReader | None:
        nonlocal current
        if tag == "h2":
            current = BlockReader("")
            answers.append((_question(node), current))
            return current
        return current if _not_answer(tag, attributes) else None

    # The answer's text as a reader sees it: the pages' data blocks for the open-now script
    # (<script>) are not part of it.
    read(content.root, current, answer)
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": name, "acceptedAnswer": {
            "@type": "Answer", "text": " ".join(block.text for block in reader.blocks)}}
        for name, reader in answers]}


def facts(data: SiteData) -> dict:
    """Every desk's facts (lines, schedules, fees, presets) as plain JSON values; a service
    with closures also lists the days that differ from its weekly hours."""
    result = {"desks": {desk_id: desk.model_dump(mode="json", by_alias=True, exclude_none=True)
                        for desk_id, desk in data.desks.items()}}
    for desk_id, desk in data.desks.items():
        for service_id, service in desk.services.items():
            days = [{"date": day.isoformat(), "hours": [
                {"from": _hhmm(start), "to": _hhmm(end)} for start, end in windows]}
                for day, windows in special_days(service)]
            if days:
                result["desks"][desk_id]["services"][service_id]["special_days"] = days
    return result
