"""The calculator on the pages, typed into in a real browser, against the Python calculator."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal

from helpsite import formatting
from helpsite.fees import Call, calculate
from helpsite.model import load_data

from conftest import REPO

LANGUAGES = ["de", "it", "es", "da"]
DATA = load_data(REPO)

EMERGENCY_MINUTES = ["0", "0.5", "1", "4.99", "5", "5.01", "9.99", "10", "12", "14.5", "15",
                     "29.98", "30", "45", "59.99", "60", "61", "90", "120", "333.33"]

ON_CALL = [  # minutes, start (local at the desk), critical, hourly rate
    ("0", "2026-11-23T22:00", False, ""),
    ("0", "2026-11-24T10:00", False, ""),
    ("0", "2026-11-23T22:00", True, ""),
    ("10", "2026-11-24T10:00", False, "900"),
    ("14.99", "2026-11-24T10:00", True, "900"),
    ("15", "2026-11-24T10:00", True, "900"),
    ("40", "2026-11-24T20:00", True, "900"),
    ("40", "2026-11-24T20:00", False, "900"),
    ("10", "2026-11-24T20:00", True, "333.33"),
    ("20", "2026-11-24T10:00", True, "0.01"),
    ("61", "2026-11-27T14:59", False, "1250.50"),
    ("61", "2026-11-27T15:00", False, "1250.50"),
    ("5", "2026-11-26T15:59", True, "800"),
    ("5", "2026-11-26T16:00", True, "800"),
    ("120", "2026-11-28T11:00", True, "999.99"),
    ("1", "2026-11-29T23:59", False, "700"),
    ("45.5", "2026-03-30T08:00", True, "850"),
    ("30", "2026-10-25T02:30", False, "850"),
    ("600", "2026-12-24T18:00", False, "1100"),
    ("7.25", "2026-11-23T07:59", True, "640"),
]


def shown_total(page) -> str:
    return page.locator("form.helpsite-fee output .helpsite-fee-total td").inner_text()


def page_total(page, lang: str) -> tuple[Decimal, Decimal]:
    """The total as shown (read back as a number in the page's language) and as data."""
    output = page.locator("form.helpsite-fee output")
    shown = shown_total(page)
    number = re.search(r"\d[\d.,\u00a0\u202f ]*\d", shown)[0]
    number = number.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return parse_decimal(number, locale=lang, strict=True), Decimal(output.get_attribute("data-total"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_emergency_calculator_matches_python(browser, site_url, lang):
    page = browser.new_page()
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{site_url}{prefix}/onoffice/")
    desk = DATA.desks["onoffice"]
    for minutes in EMERGENCY_MINUTES:
        page.fill("form.helpsite-fee input[name=minutes]", minutes)
        expected = calculate("onoffice-emergency", desk, Call(minutes=Decimal(minutes))).total
        assert page_total(page, lang) == (expected, expected), minutes
        # written exactly as the build-time examples write money in this language
        assert shown_total(page) == formatting.money(expected, "EUR", lang)
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_call_calculator_matches_python(browser, site_url, lang):
    page = browser.new_page()
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{site_url}{prefix}/oneoffice/")
    form = page.locator("form.helpsite-fee")
    desk = DATA.desks["oneoffice"]
    for minutes, start, critical, rate in ON_CALL:
        form.locator("input[name=minutes]").fill(minutes)
        form.locator("input[name=start]").fill(start)
        form.locator("input[name=critical]").set_checked(critical)
        form.locator("input[name=rate]").fill(rate)
        expected = calculate("oneoffice-on-call", desk, Call(
            minutes=Decimal(minutes), start=dt.datetime.fromisoformat(start), critical=critical,
            hourly_rate=Decimal(rate) if rate else None)).total
        assert page_total(page, lang) == (expected, expected), (minutes, start, critical, rate)
    page.close()


def test_missing_rate_is_explained_not_priced(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/da/oneoffice/")
    form = page.locator("form.helpsite-fee")
    form.locator("input[name=minutes]").fill("30")
    form.locator("input[name=critical]").set_checked(True)
    form.locator("input[name=rate]").fill("")
    assert form.locator("output").inner_text() == "Indtast timeprisen fra jeres aftale."
    assert form.locator("output").get_attribute("data-total") is None
    page.close()


def test_calculator_stays_hidden_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/onoffice/")
    assert page.locator("form.helpsite-fee").is_hidden()
    assert page.locator("table.helpsite-fee-examples").is_visible()
    context.close()
