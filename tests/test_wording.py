"""Sentences a native speaker would write where money and time are (issue 20, items 3 and 5).
Each expected text is written out by hand from data/i18n/*.yaml, data/desks/oneoffice.yaml
and CLDR's patterns; each failed on the wording before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from conftest import REPO, normalise_spaces
from helpsite.rules import formatting
from helpsite.model.charges import HourlyCharge
from helpsite.model.context import Context
from helpsite.pages.feeterms import PriceNow
from helpsite.pages.feeview import FeeView
from helpsite.model.load import load_data
from helpsite.pages.serviceview import service_texts, span
from helpsite.model.strings import load_strings

DATA, STRINGS = load_data(REPO), load_strings(REPO)


def test_english_money_follows_cldr_currency_spacing():
    """CLDR's currencySpacing: letters of a currency code and a digit get a no-break space."""
    assert formatting.money(Decimal("1000"), "DKK", "en") == "DKK\u00a01,000.00"
    assert formatting.money(Decimal("5.95"), "EUR", "en") == "€5.95"  # a symbol: none
    assert formatting.money_parts("DKK", "en")["before"] == "DKK\u00a0"  # the calculator too


@pytest.mark.parametrize("lang, expected", [
    ("en", "8:00 AM – 4:00 PM"),  # 12-hour, as English statuses ("until 4:00 PM")
    ("de", "08:00–16:00 Uhr"),
    ("da", "08.00–16.00")])
def test_hours_use_the_clock_of_the_statuses(lang, expected):
    assert normalise_spaces(formatting.time_range(8 * 60, 16 * 60, lang)) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "Central European Time"), ("de", "Mitteleuropäische Zeit"),
    ("fr", "heure d’Europe centrale"), ("es", "hora de Europa central")])
def test_the_desks_zone_is_named_as_cldr_names_it(lang, expected):
    assert formatting.timezone("Europe/Berlin", lang) == expected


def test_a_numeric_hourly_rate_says_per_hour():
    charge = HourlyCharge.model_validate({"kind": "hourly", "rate": 180,
                                          "increment": "15 minutes"})
    ctx = Context(STRINGS, "en")
    [terms] = charge.terms(ctx.text, lambda amount: formatting.money(amount, "CHF", "en"),
                           lambda value: formatting.duration(value, "en"),
                           lambda value: formatting.percent(value, "en"))
    assert normalise_spaces(terms) == (
        "working time at CHF 180.00 per hour, charged per 15 minutes or part thereof")


def test_french_statuses_agree_and_set_their_semicolons():
    """'Ligne d'urgence actif' made the adjective disagree: the status takes the form of
    the service's gender, which its name in fr.yaml carries."""
    ctx = Context(STRINGS, "fr")
    desk = DATA.desks["onoffice"]
    texts = service_texts(ctx, "onoffice", "emergency-hotline", desk.services["emergency-hotline"])
    assert normalise_spaces(texts.open(22 * 60)) == (
        "Ligne d’urgence active jusqu’à 22:00, réponse sous 2 heures")
    assert normalise_spaces(texts.closed(0, 9 * 60)) == "Ligne d’urgence fermée, rouvre lundi à 09:00"
    night = service_texts(ctx, "onoffice", "night-emergency", desk.services["night-emergency"])
    assert normalise_spaces(night.open(7 * 60 + 30)) == (
        "Support d’urgence de nuit actif jusqu’à 07:30, réponse sous 10 heures")
    first, last, _, _ = span(dt.date(2026, 11, 22))
    on_call = PriceNow(ctx, DATA.desks["oneoffice"], first, last)
    friday_night = dt.datetime(2026, 11, 27, 22, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    terms = on_call.text("on-call", ("DK",), friday_night)
    assert terms.count("\u202f; ") == 3 and "; " not in terms.replace("\u202f; ", "")
    assert normalise_spaces(terms) == (
        "1 000,00 DKK de frais de démarrage pour les appels non critiques pour l’activité, en "
        "dehors des heures de bureau ; temps de travail au tarif horaire de votre contrat, "
        "facturé par tranche de 15 minutes entamée ; 100 % de majoration sur le tarif horaire "
        "si le travail commence en dehors des heures de bureau ; plus 25 % de TVA danoise (moms)")


def test_a_condition_inside_an_example_is_a_phrase_not_a_sentence():
    """'40 minutter, Opkaldet er driftskritisk' put a sentence after a comma."""
    ctx = Context(STRINGS, "da")
    view = FeeView(ctx, "oneoffice-on-call", DATA.desks["oneoffice"],
                   DATA.desks["oneoffice"].fees["oneoffice-on-call"])
    assert "<td>tirsdag 20.00, 40 minutter, driftskritisk opkald, timepris 900,00\u00a0kr. " \
        "(eksempel)</td>" in str(view.examples)
