"""Typed extraction: values read in the text's own language, compared by value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpsite.drift.compare import compare
from helpsite.sources.blocks import markdown_blocks, text_blocks
from helpsite.drift.extract import extract


def values(text: str, lang: str, **options) -> list[tuple[str, str]]:
    return [(value.kind, value.value) for value in extract(text, lang, **options)]


@pytest.mark.parametrize("text, lang", [
    ("ab 09.00 Uhr", "de"), ("dalle 9:00", "it"), ("desde las 9:00", "es"), ("fra kl. 09.00", "da"),
    ("ab 09:00 h", "de"),
])
def test_times_in_any_notation_are_minutes_after_midnight(text, lang):
    assert values(text, lang) == [("time", "09:00")]


@pytest.mark.parametrize("text", [
    "+49 241 446 86 122", "+49 241 44686122", "0049 241 44686122", "+49 (241) 446-86-122"])
def test_phone_numbers_compare_as_e164(text):
    assert values(f"Tel. {text}.", "de") == [("phone", "+4924144686122")]


def test_phone_without_country_code_is_read_with_the_languages_country():
    assert values("Ring på 7021 1813", "da") == [("phone", "+4570211813")]


@pytest.mark.parametrize("text, lang", [
    ("5,95 €", "de"), ("€ 5,95", "it"), ("5,95 euros", "es"), ("5,95 EUR", "da"),
    ("5,95\u00a0€", "de")])
def test_money_is_amount_and_currency(text, lang):
    assert values(f"Preis {text} je Block", lang)[0] == ("money", "5.95 EUR")


def test_danish_money_with_group_separator():
    assert values("1.000,00 kr. + moms", "da") == [("money", "1000 DKK")]


@pytest.mark.parametrize("text, lang, expected", [
    ("21 Tage", "de", "P21D"), ("21 giorni", "it", "P21D"), ("21 días", "es", "P21D"),
    ("21 dage", "da", "P21D"), ("6 Monate", "de", "P6M"), ("6 mesi", "it", "P6M"),
    ("2 Stunden", "de", "PT2H"), ("2 ore", "it", "PT2H"), ("5-Minuten-Block", "de", "PT5M"),
    ("1:30 minutter", "da", "PT90S"), ("1,5 Minuten", "de", "PT90S"), ("2 Wochen", "de", "P14D"),
])
def test_durations_carry_their_unit(text, lang, expected):
    assert values(text, lang) == [("duration", expected)]


def test_months_are_not_minutes():
    assert values("6 Monate und 6 Minuten", "de") == [("duration", "P6M"), ("duration", "PT6M")]


@pytest.mark.parametrize("text, lang", [("100 %", "de"), ("100%", "it"), ("100\u00a0%", "da")])
def test_percent(text, lang):
    assert values(f"{text} Aufschlag", lang) == [("percent", "100%")]


def test_numbers_are_whole_tokens():
    assert values("Es gibt 16 Plätze", "de") == [("number", "16")]
    assert ("number", "6") not in values("Es gibt 16 Plätze", "de")


def test_addresses():
    assert values("Schreiben Sie an Support@onOffice.com oder https://example.org/hilfe/.", "de") == [
        ("email", "support@onoffice.com"), ("url", "https://example.org/hilfe")]


def test_years_are_skipped_only_when_asked():
    assert values("Stand 2026: 3 Linien", "de") == [("number", "2026"), ("number", "3")]
    assert values("Stand 2026: 3 Linien", "de", ignore_years=True) == [("number", "3")]


def test_time_ranges_are_not_phone_numbers():
    assert values("Orari: 09.00 – 18.00 h", "it") == [("time", "09:00"), ("time", "18:00")]


def test_structure_is_not_content():
    markdown = "## 2. Zeiten\n\n1. Anmelden\n2. Weiter klicken\n\n`code 42` und {{ desk.x }} 7 Tage\n"
    blocks = markdown_blocks(markdown, "page.md")
    found = [v for block in blocks for v in values(block.text, "de")]
    assert found == [("duration", "P7D")]


def test_list_numbering_in_plain_text_is_skipped():
    assert [values(block.text, "de") for block in text_blocks("1. anmelden\n2) weiter 5 €\n", "x")] == [
        [], [("money", "5 EUR")]]


VALUE_LIKE = st.lists(st.sampled_from([
    "09.00", "9:00", "22:00 Uhr", "5,95 €", "€ 5,95", "1.000,00 kr.", "+49 241 44686-112",
    "7021 1813", "21 Tage", "6 mesi", "1:30 minutter", "100 %", "6", "16", "2026", "a@b.dk",
    "https://x.org/", "1. ", "- ", "# 2. ", " ", "\n", "\n\n", "–", ",", ".", "x"]), max_size=60).map("".join)
TEXTS = st.one_of(st.text(max_size=400), VALUE_LIKE)


@settings(deadline=None)  # a language's first text builds its patterns (Babel, CLDR)
@given(TEXTS, st.sampled_from(["de", "it", "es", "da"]))
def test_extraction_never_raises(text, lang):
    extract(text, lang)


@settings(deadline=None)
@given(TEXTS, st.sampled_from(["de", "it", "es", "da"]))
def test_a_text_compared_with_itself_has_no_finding(text, lang):
    blocks = text_blocks(text, "x.txt")
    assert compare(blocks, lang, blocks, lang) == []


@pytest.mark.parametrize("text, lang, expected", [
    ("ore 17,00", "it", ["17:00"]), ("dalle 18,30", "it", ["18:30"]), ("alle 17.", "it", ["17:00"]),
    ("a las 9 en punto", "es", ["09:00"]), ("às 18", "pt", ["18:00"]), ("à 9h du matin", "fr", ["09:00"]),
    ("5 p.m.", "en", ["17:00"]), ("5.15pm", "en", ["17:15"]), ("12am", "en", ["00:00"]),
    ("van 9 tot 17 uur", "nl", ["09:00", "17:00"]), ("9 - 17 uur", "nl", ["09:00", "17:00"]),
    ("9-17 Uhr", "de", ["09:00", "17:00"]), ("de 9h à 17h", "fr", ["09:00", "17:00"]),
    ("9-17h", "fr", ["09:00", "17:00"]), ("dalle 9 alle 13", "it", ["09:00", "13:00"]),
    ("de las 9 a las 17", "es", ["09:00", "17:00"]), ("das 9 às 18", "pt", ["09:00", "18:00"]),
    ("fra kl. 9 til 17", "da", ["09:00", "17:00"]), ("de 09.00 a 17.00 horas", "es", ["09:00", "17:00"]),
])
def test_times_of_day_in_each_languages_words(text, lang, expected):
    assert values(text, lang) == [("time", time) for time in expected]


@pytest.mark.parametrize("text, lang, expected", [
    ("alle 3 domande", "it", [("number", "3")]),
    ("jusqu’à 10 jours", "fr", [("duration", "P10D")]),
    ("de 2 a 4 horas", "es", [("duration", "PT2H"), ("duration", "PT4H")]),
    ("binnen 2-3 uur", "nl", [("duration", "PT2H"), ("duration", "PT3H")]),
    ("sous 12-24h", "fr", [("duration", "PT12H"), ("duration", "P1D")]),
    ("from 9 to 5", "en", [("number", "9"), ("number", "5")]),
    ("de 2,50 a 3,75 kilos", "es", [("number", "2.5"), ("number", "3.75")]),
    ("Support 24/7", "fr", [("always", "24h"), ("always", "7d/7")]),
])
def test_numbers_beside_clock_words_that_are_no_times(text, lang, expected):
    assert values(text, lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("zweimal", "de", "2"), ("Dreimal", "de", "3"), ("twice", "en", "2"), ("once", "en", "1"),
    ("tweemaal", "nl", "2"), ("veintiún", "es", "21"), ("dos veces", "es", "2"),
])
def test_number_words_text2num_misses(text, lang, expected):
    [value] = extract(text, lang)
    assert (value.kind, value.value, value.raw, value.weak) == ("number", expected, text.split()[0], True)


@pytest.mark.parametrize("text, lang, expected", [
    ("1 1/2 Stunden", "de", "PT90M"), ("1 ½ hours", "en", "PT90M"), ("1½ uur", "nl", "PT90M"),
    ("½ heure", "fr", "PT30M"), ("2 ¼ ore", "it", "PT135M"),
])
def test_fractions_of_units(text, lang, expected):
    assert values(text, lang) == [("duration", expected)]


@pytest.mark.parametrize("text, lang", [
    ("12/01", "fr"), ("12/01", "it"), ("12/01", "es"), ("12/01", "pt"), ("12. Januar", "de"),
    ("January 12th", "en"), ("12 janvier", "fr"), ("12 de enero", "es"), ("12 gennaio", "it"),
])
def test_a_day_and_month_in_its_written_forms(text, lang):
    assert values(text, lang) == [("date", "--01-12")]
