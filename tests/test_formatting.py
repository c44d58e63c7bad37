"""Locale formatting, with expected strings written out by hand for each language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpsite.rules import formatting
from helpsite.model.model import Window
from helpsite.model.types import Duration

from conftest import normalise_spaces

MON_FRI = Window.model_validate({"days": "mon-fri", "from": "09:00", "to": "18:00"})
MON_THU = Window.model_validate({"days": "mon-thu", "from": "08:30", "to": "17:30"})
FRIDAY = Window.model_validate({"days": "fri", "from": "08:30", "to": "12:00"})
NIGHT = Window.model_validate({"days": "daily", "from": "22:00", "to": "07:30"})
WEEKEND = Window.model_validate({"days": "sat,sun", "from": "10:00", "to": "14:00"})


@pytest.mark.parametrize("locale, expected", [
    ("de", "Montag–Freitag 09:00–18:00 Uhr"),
    ("it", "lunedì–venerdì 09:00–18:00"),
    ("es", "lunes–viernes 9:00–18:00"),
    ("da", "mandag–fredag 09.00–18.00"),
])
def test_weekday_window(locale, expected):
    assert normalise_spaces(formatting.window(MON_FRI, "daily", locale)) == expected


@pytest.mark.parametrize("locale, expected", [
    ("de", "Montag–Donnerstag 08:30–17:30 Uhr und Freitag 08:30–12:00 Uhr"),
    ("it", "lunedì–giovedì 08:30–17:30 e venerdì 08:30–12:00"),
    ("es", "lunes–jueves 8:30–17:30 y viernes 8:30–12:00"),
    ("da", "mandag–torsdag 08.30–17.30 og fredag 08.30–12.00"),
])
def test_two_windows_are_listed_with_the_locales_and(locale, expected):
    assert normalise_spaces(formatting.windows((MON_THU, FRIDAY), "-", locale)) == expected


@pytest.mark.parametrize("locale, every_day, expected", [
    ("de", "täglich", "täglich 22:00–07:30 Uhr"),
    ("es", "todos los días", "todos los días 22:00–7:30"),
    ("da", "alle dage", "alle dage 22.00–07.30"),
])
def test_window_across_midnight_keeps_its_order(locale, every_day, expected):
    assert normalise_spaces(formatting.window(NIGHT, every_day, locale)) == expected


def test_two_separate_days_are_listed_not_ranged():
    assert formatting.day_set(WEEKEND.days, "-", "de") == "Samstag und Sonntag"
    assert formatting.day_set((0, 2, 4), "-", "it") == "lunedì, mercoledì e venerdì"


@pytest.mark.parametrize("locale, expected", [
    ("de", "07:30"), ("it", "07:30"), ("es", "7:30"), ("da", "07.30")])
def test_time_of_day(locale, expected):
    assert formatting.time_of_day(7 * 60 + 30, locale) == expected


@pytest.mark.parametrize("locale, eur, dkk", [
    ("de", "5,95 €", "1.000,00 DKK"),
    ("it", "5,95 €", "1.000,00 DKK"),
    ("es", "5,95 €", "1.000,00 DKK"),
    ("da", "5,95 €", "1.000,00 kr."),
])
def test_money(locale, eur, dkk):
    assert normalise_spaces(formatting.money(Decimal("5.95"), "EUR", locale)) == eur
    assert normalise_spaces(formatting.money(Decimal("1000.00"), "DKK", locale)) == dkk


@pytest.mark.parametrize("locale, expected", [
    ("de", "100 %"), ("it", "100%"), ("es", "100 %"), ("da", "100 %")])
def test_percent(locale, expected):
    assert normalise_spaces(formatting.percent(Decimal(100), locale)) == expected


@pytest.mark.parametrize("locale, days, months, hours, answer", [
    ("de", "21 Tage", "6 Monate", "2 Stunden", "1,5 Minuten"),
    # CLDR has no long Italian day/month names; the short ones stand in, never "duration-day".
    ("it", "21 giorni", "6 mesi", "2 ore", "1,5 minuti"),
    ("es", "21 días", "6 meses", "2 horas", "1,5 minutos"),
    ("da", "21 dage", "6 måneder", "2 timer", "1,5 minut"),
])
def test_durations(locale, days, months, hours, answer):
    def fmt(amount, unit):
        return normalise_spaces(formatting.duration(Duration(Decimal(amount), unit), locale))

    assert fmt(21, "day") == days
    assert fmt(6, "month") == months
    assert fmt(2, "hour") == hours
    assert fmt(90, "second") == answer


@pytest.mark.parametrize("locale, expected", [
    ("de", "Deutschland, Österreich und Schweiz"),
    ("it", "Germania, Austria e Svizzera"),
    ("es", "Alemania, Austria y Suiza"),
    ("da", "Tyskland, Østrig og Schweiz"),
])
def test_countries(locale, expected):
    assert formatting.countries(("DE", "AT", "CH"), locale) == expected


@pytest.mark.parametrize("locale", ["de", "it", "es", "da"])
@pytest.mark.parametrize("currency", ["EUR", "DKK", "CHF"])
def test_money_parts_reassemble_babels_money(locale, currency):
    # The page's calculator script assembles amounts from these parts.
    parts = formatting.money_parts(currency, locale)
    for whole, fraction in [("0", "00"), ("17", "85"), ("1250", "00"), ("1234567", "89")]:
        grouped = f"{int(whole):,}".replace(",", parts["group"])
        assembled = parts["before"] + grouped + parts["decimal"] + fraction + parts["after"]
        assert assembled == formatting.money(Decimal(f"{whole}.{fraction}"), currency, locale)
