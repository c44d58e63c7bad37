"""The calculator on the pages, typed into in a real browser, against the Python calculator."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from babel.numbers import parse_decimal

from helpsite.rules import formatting
from helpsite.model.context import Context
from helpsite.rules.fees import Call, calculate
from helpsite.model.load import load_data
from helpsite.model.strings import load_strings

from conftest import REPO, normalise_spaces, sweep

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


# How each language writes a start and a time of day (Danish: 24.11.2026 20.00).
START = {"de": "{d:02}.{M:02}.{y}, {H:02}:{m:02}", "it": "{d:02}/{M:02}/{y}, {H:02}:{m:02}",
         "es": "{d}/{M}/{y}, {H}:{m:02}", "da": "{d:02}.{M:02}.{y} {H:02}.{m:02}"}
TIME_SEPARATOR = {"de": ":", "it": ":", "es": ":", "da": "."}


def typed_duration(seconds: int, lang: str) -> str:
    """Whole minutes, tenths of a minute with a decimal comma (all four languages write
    one), or h:mm:ss."""
    if seconds % 6 == 0:
        return f"{seconds // 60},{seconds % 60 // 6}" if seconds % 60 else str(seconds // 60)
    sep = TIME_SEPARATOR[lang]
    return f"{seconds // 3600}{sep}{seconds // 60 % 60:02}{sep}{seconds % 60:02}"


def typed_start(iso: str, lang: str) -> str:
    at = dt.datetime.fromisoformat(iso)
    return START[lang].format(d=at.day, M=at.month, y=at.year, H=at.hour, m=at.minute)


def fill_duration(form, seconds: int, lang: str) -> None:
    form.locator("input[name=duration]").fill(typed_duration(seconds, lang))


def shown_total(page) -> str:
    return page.locator("form.helpsite-fee output .helpsite-fee-total td").inner_text()


def page_total(page, lang: str) -> tuple[Decimal, Decimal]:
    """The total as shown (read back as a number in the page's language) and as data."""
    output = page.locator("form.helpsite-fee output")
    shown = shown_total(page)
    number = re.search(r"\d[\d.,\u00a0\u202f ]*\d", shown)[0]
    number = number.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return parse_decimal(number, locale=lang, strict=True), Decimal(output.get_attribute("data-total"))


@sweep("lang", LANGUAGES)
def test_emergency_calculator_matches_python(browser, site_url, lang):
    page = browser.new_page()
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{site_url}{prefix}/onoffice/")
    desk, ctx = DATA.desks["onoffice"], Context(STRINGS, lang)
    for seconds in EMERGENCY_SECONDS:
        fill_duration(page.locator("form.helpsite-fee"), seconds, lang)
        result = calculate(ctx, "onoffice-emergency", desk, Call(seconds=seconds))
        expected = result.decimal(result.total)
        assert page_total(page, lang) == (expected, expected), seconds
        # written exactly as the build-time examples write money in this language
        assert shown_total(page) == formatting.money(expected, "EUR", lang)
    page.close()


@sweep("lang", LANGUAGES)
def test_on_call_calculator_matches_python(browser, site_url, lang):
    page = browser.new_page()
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{site_url}{prefix}/oneoffice/")
    form = page.locator("form.helpsite-fee")
    desk, ctx = DATA.desks["oneoffice"], Context(STRINGS, lang)
    for seconds, start, critical, rate in ON_CALL:
        fill_duration(form, seconds, lang)
        form.locator("input[name=start]").fill(typed_start(start, lang))
        form.locator("input[name=condition][value=critical]").set_checked(critical)
        form.locator("input[name=rate]").fill(rate.replace(".", ","))  # a decimal comma
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
    fill_duration(form, 1800, "da")
    form.locator("input[name=condition][value=critical]").set_checked(True)
    form.locator("input[name=rate]").fill("")
    assert message_beside(form, "rate") == "Indtast timeprisen fra jeres aftale."
    assert form.locator("output").get_attribute("data-total") is None
    page.close()


def message_beside(form, name: str) -> str:
    """The message the field's aria-describedby names that is about what is wrong."""
    ids = form.locator(f"[name={name}]").get_attribute("aria-describedby").split()
    [error] = [i for i in ids if i.endswith("-error")]
    return form.locator(f"#{error}").inner_text()


def test_german_decimal_comma_and_the_refusals_beside_their_fields(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/onoffice/")
    form = page.locator("form.helpsite-fee")
    form.locator("input[name=duration]").fill("4,5")  # 4.5 minutes: one started block
    assert normalise_spaces(shown_total(page)) == "5,95 €"
    assert message_beside(form, "duration") == ""
    form.locator("input[name=duration]").fill("4.5")  # "." groups thousands in German
    assert message_beside(form, "duration") == (
        "Schreiben Sie die Dauer in Minuten wie 4,5 oder in Stunden und Minuten wie 1:05, auf "
        "die Sekunde genau, höchstens 30 Tage.")
    assert form.locator("input[name=duration]").get_attribute("aria-invalid") == "true"
    assert form.locator("output").get_attribute("data-total") is None
    form.locator("input[name=duration]").fill("0:05:01")  # two started blocks
    form.locator("select[name=calling_from]").select_option("other")
    assert message_beside(form, "calling_from") == \
        "gilt für Anrufe aus Deutschland, Österreich und der Schweiz"
    form.locator("select[name=calling_from]").select_option("AT")
    assert normalise_spaces(shown_total(page)) == "11,90 €"
    page.close()


@pytest.mark.parametrize("lang, start, message", [
    # The last Sunday of March 2027: Copenhagen's clocks skip from 02:00 to 03:00.
    ("da", "28.03.2027 02.30", "Det klokkeslæt findes ikke den dag (skift til sommertid)."),
    ("de", "28.03.2027, 02:30", "Diese Uhrzeit gibt es an diesem Tag nicht (Zeitumstellung)."),
    # The tests build on 2026-11-22: the compiled calendar ends on 5 December 2027.
    ("de", "06.12.2027, 10:00", "Für dieses Datum kann der Rechner nicht rechnen; wählen Sie "
                                "ein Datum in den nächsten Monaten."),
    ("da", "24.11.2026, 20:00", "Skriv dato og klokkeslæt som 23.11.2026 22.00."),
])
def test_start_refusals_beside_the_start_field(browser, site_url, lang, start, message):
    page = browser.new_page()
    page.goto(f"{site_url}{'' if lang == 'de' else '/' + lang}/oneoffice/")
    form = page.locator("form.helpsite-fee")
    fill_duration(form, 2400, lang)
    form.locator("input[name=rate]").fill("900")
    form.locator("input[name=start]").fill(start)
    assert message_beside(form, "start") == message
    assert form.locator("output").get_attribute("data-total") is None
    page.close()


@pytest.mark.parametrize("lang, start, rate", [
    ("da", "23.11.2026 22:00", "1.000,00"),  # Danish with the other time separator, grouped
    ("da", "23.11.26 22.00", "1000"),
    ("en", "11/23/2026 22:00", "1,000.00"),
    ("en", "11/23/2026 10:00 pm", "1,000"),
    ("fr", "23/11/2026 22:00", "1 000,00"),  # a plain space groups, as CLDR's narrow one
])
def test_what_people_type_is_priced(browser, site_url, lang, start, rate):
    # 40 minutes at 1,000 kr. an hour, critical, at night: 3 quarters = 750.00, as much
    # again outside office hours, 25 % VAT: 1,875.00 kr.
    page = browser.new_page()
    page.goto(f"{site_url}/{lang}/oneoffice/")
    form = page.locator("form.helpsite-fee")
    form.locator("input[name=duration]").fill("40")
    form.locator("input[name=start]").fill(start)
    form.locator("input[name=condition][value=critical]").set_checked(True)
    form.locator("input[name=rate]").fill(rate)
    assert form.locator("output").get_attribute("data-total") == "1875.00"
    assert [message_beside(form, name) for name in ("duration", "start", "rate")] == ["", "", ""]
    page.close()


def test_a_rate_it_cannot_read_is_explained_not_asked_for_again(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/da/oneoffice/")
    form = page.locator("form.helpsite-fee")
    form.locator("input[name=duration]").fill("40")
    form.locator("input[name=condition][value=critical]").set_checked(True)
    form.locator("input[name=rate]").fill("1.000.000.000,01")  # over the limit
    assert message_beside(form, "rate") == \
        "Skriv en timepris på højst 1.000.000.000,00\u00a0kr., som 1.250,50."
    assert form.locator("input[name=rate]").get_attribute("aria-invalid") == "true"
    assert form.locator("output").get_attribute("data-total") is None
    page.close()


def test_start_hint_is_written_as_the_language_writes_dates(browser, site_url):
    page = browser.new_page()
    hints = []
    for lang in LANGUAGES:
        page.goto(f"{site_url}{'' if lang == 'de' else '/' + lang}/oneoffice/")
        start = page.locator("form.helpsite-fee input[name=start]")
        hint = start.get_attribute("aria-describedby").split()[0]
        hints.append((start.input_value(), page.locator(f"#{hint}").inner_text()))
    page.close()
    assert hints == [("23.11.2026, 22:00", "Datum und Uhrzeit wie 23.11.2026, 22:00"),
                     ("23/11/2026, 22:00", "data e ora come 23/11/2026, 22:00"),
                     ("23/11/2026, 22:00", "fecha y hora como 23/11/2026, 22:00"),
                     ("23.11.2026 22.00", "dato og klokkeslæt som 23.11.2026 22.00")]


def test_calculator_stays_hidden_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/onoffice/")
    assert page.locator("form.helpsite-fee").is_hidden()
    assert page.locator("table.helpsite-fee-examples").is_visible()
    context.close()
