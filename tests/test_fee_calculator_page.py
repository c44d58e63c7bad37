"""The calculator on the pages, typed into in a real browser, against the Python calculator."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from babel.numbers import parse_decimal

from helpsite import formatting
from helpsite.context import Context
from helpsite.fees import Call, calculate
from helpsite.model import load_data
from helpsite.strings import load_strings

from conftest import REPO

LANGUAGES = ["de", "it", "es", "da"]
DATA, STRINGS = load_data(REPO), load_strings(REPO)

EMERGENCY_SECONDS = [0, 30, 60, 299, 300, 301, 599, 600, 720, 870, 900, 1799, 1800, 3600, 3601,
                     5400, 7200, 19999]

ON_CALL = [  # seconds, start (local at the desk), critical, hourly rate
    (0, "2026-11-23T22:00", False, ""),
    (0, "2026-11-24T10:00", False, ""),
    (0, "2026-11-23T22:00", True, ""),
    (600, "2026-11-24T10:00", False, "900"),
    (899, "2026-11-24T10:00", True, "900"),
    (900, "2026-11-24T10:00", True, "900"),
    (2400, "2026-11-24T20:00", True, "900"),
    (2400, "2026-11-24T20:00", False, "900"),
    (600, "2026-11-24T20:00", True, "333.33"),
    (1200, "2026-11-24T10:00", True, "0.01"),
    (3660, "2026-11-27T14:59", False, "1250.50"),
    (3660, "2026-11-27T15:00", False, "1250.50"),
    (300, "2026-11-26T15:59", True, "800"),
    (300, "2026-11-26T16:00", True, "800"),
    (7200, "2026-11-28T11:00", True, "999.99"),
    (60, "2026-11-29T23:59", False, "700"),
    (2730, "2027-03-29T08:00", True, "850"),
    (1800, "2026-10-25T02:30", False, "850"),
    (36000, "2026-12-24T18:00", False, "1100"),
    (435, "2026-11-23T07:59", True, "640"),
]


def fill_duration(form, seconds: int) -> None:
    form.locator("input[name=minutes]").fill(str(seconds // 60))
    form.locator("input[name=seconds]").fill(str(seconds % 60))


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
    desk, ctx = DATA.desks["onoffice"], Context(STRINGS, lang)
    for seconds in EMERGENCY_SECONDS:
        fill_duration(page.locator("form.helpsite-fee"), seconds)
        result = calculate(ctx, "onoffice-emergency", desk, Call(seconds=seconds))
        expected = result.decimal(result.total)
        assert page_total(page, lang) == (expected, expected), seconds
        # written exactly as the build-time examples write money in this language
        assert shown_total(page) == formatting.money(expected, "EUR", lang)
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_call_calculator_matches_python(browser, site_url, lang):
    page = browser.new_page()
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{site_url}{prefix}/oneoffice/")
    form = page.locator("form.helpsite-fee")
    desk, ctx = DATA.desks["oneoffice"], Context(STRINGS, lang)
    for seconds, start, critical, rate in ON_CALL:
        fill_duration(form, seconds)
        form.locator("input[name=start]").fill(start)
        form.locator("input[name=condition][value=critical]").set_checked(critical)
        form.locator("input[name=rate]").fill(rate)
        result = calculate(ctx, "oneoffice-on-call", desk, Call(
            seconds=seconds, start=dt.datetime.fromisoformat(start),
            conditions=frozenset({"critical"} if critical else ()),
            hourly_rate=Fraction(rate) if rate else None))
        expected = result.decimal(result.total)
        assert page_total(page, lang) == (expected, expected), (seconds, start, critical, rate)
    page.close()


def test_missing_rate_is_explained_not_priced(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/da/oneoffice/")
    form = page.locator("form.helpsite-fee")
    fill_duration(form, 1800)
    form.locator("input[name=condition][value=critical]").set_checked(True)
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
