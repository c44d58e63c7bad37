"""Language rules met on real translated pages, restated in our own words: each is a source,
an in-step translation that writes the same facts its own way (no finding), and that
translation with one value changed, which is named as written and on its line.

Expected values are worked out by hand: "5:00 p. m." is 17:00, "10 biljoen" is 10 x 10^12
(Dutch counts long: miljard 10^9, biljoen 10^12), "0,000 000 01" is 10^-8, "5-10 business
days" is 5 and 10 days, "7 j/7" is seven days of seven.
"""

from __future__ import annotations

import pytest

from helpsite.drift.compare import compare
from helpsite.sources.blocks import text_blocks
from helpsite.drift.extract import extract

# name: (source language, source, translation language, in-step translation,
#        changed translation, (kind, expected, found), the changed value as written)
RULES = {
    # 1. The 12-hour clock, spaced as Spanish writes it, or in capitals
    "Spanish a. m. and p. m.": (
        "es", "Atendemos de lunes a viernes, de 7:40 a. m. a 5:00 p. m.",
        "en", "We answer Monday to Friday, 7:40 a.m. to 5:00 p.m.",
        "We answer Monday to Friday, 7:40 a.m. to 6:00 p.m.", ("time", "17:00", "18:00"),
        "6:00 p.m."),
    "Spanish a la 1:30 p. m.": (
        "es", "La oficina cierra a la 1:30 p. m. los sábados.",
        "de", "Das Büro schließt samstags um 13:30 Uhr.",
        "Das Büro schließt samstags um 13:45 Uhr.", ("time", "13:30", "13:45"), "13:45"),
    "English capitals": (
        "en", "Lines open at 8:15 AM and close at 9:00 PM.",
        "pt", "As linhas abrem às 8:15 e fecham às 21:00.",
        "As linhas abrem às 8:15 e fecham às 22:00.", ("time", "21:00", "22:00"), "22:00"),
    # 2. Around the clock, every day: one fact, whatever digits a language spends on it
    "French h/24 and j/7": (
        "fr", "Le service répond 24 h/24 et 7 j/7.",
        "es", "El servicio responde las 24 horas del día, los 7 días de la semana.",
        "El servicio responde las 24 horas del día, los 6 días de la semana.",
        ("always", "7d/7", "6d/7"), "los 6 días de la semana"),
    "German around the clock and 24/7": (
        "de", "Die Hotline ist rund um die Uhr, 7 Tage die Woche erreichbar.",
        "en", "The hotline answers 24/7.",
        "The hotline answers 24 hours a day, 5 days a week.",
        ("always", "7d/7", "5d/7"), "5 days a week"),
    "Italian su 24, Dutch per dag": (
        "it", "Il numero risponde 24 ore su 24, 7 giorni su 7.",
        "nl", "Het nummer is 24 uur per dag, 7 dagen per week bereikbaar.",
        "Het nummer is 24 uur per dag, 6 dagen per week bereikbaar.",
        ("always", "7d/7", "6d/7"), "6 dagen per week"),
    # 3. Thousands in groups, decimals in groups
    "Danish dots, English commas": (
        "da", "Der går 1.000.000 enheder på en mønt.",
        "en", "A coin holds 1,000,000 units.",
        "A coin holds 100,000,000 units.", ("number", "1000000", "100000000"), "100,000,000"),
    "Dutch dots, French spaces": (
        "nl", "Het plan omvat tot 2.500.000 aanvragen.",
        "fr", "Le plan comprend jusqu’à 2 500 000 demandes.",
        "Le plan comprend jusqu’à 2 500 001 demandes.", ("number", "2500000", "2500001"),
        "2 500 001"),
    "decimals in groups": (
        "da", "Den mindste enhed er 0,000 000 01 mønt.",
        "it", "L’unità più piccola è 0.00000001 moneta.",
        "L’unità più piccola è 0.0000001 moneta.", ("number", "0.00000001", "0.0000001"),
        "0.0000001"),
    # 4. A range's ends share its unit
    "English dash, French à": (
        "en", "Delivery takes 5-10 business days.",
        "fr", "La livraison prend 5 à 10 jours ouvrables.",
        "La livraison prend 5 à 12 jours ouvrables.", ("duration", "P10D", "P12D"),
        "12 jours"),
    "German bis, Spanish de a": (
        "de", "Die Prüfung dauert 5 bis 10 Tage.",
        "es", "La revisión dura de 5 a 10 días.",
        "La revisión dura de 5 a 15 días.", ("duration", "P10D", "P15D"), "15 días"),
    "Dutch tot, German en dash": (
        "nl", "U hoort binnen 5 tot 10 dagen van ons.",
        "de", "Sie hören innerhalb von 5–10 Tagen von uns.",
        "Sie hören innerhalb von 3–10 Tagen von uns.", ("duration", "P5D", "P3D"), "3"),
    # 5. "second" the unit, "secondo"/"segundo" = according to, are no rank
    "per second, al secondo": (
        "en", "The meter counts 10 units per second.",
        "it", "Il contatore conta 10 unità al secondo.",
        "Il contatore conta 12 unità al secondo.", ("number", "10", "12"), "12"),
    "Italian according to": (
        "it", "Secondo le regole, il rimborso arriva in 3 giorni.",
        "en", "Under the rules, the refund arrives in 3 days.",
        "Under the rules, the refund arrives in 4 days.", ("duration", "P3D", "P4D"), "4 days"),
    "Portuguese according to": (
        "pt", "Segundo as regras, o reembolso chega em 3 dias.",
        "es", "Según las normas, el reembolso llega en 3 días.",
        "Según las normas, el reembolso llega en 5 días.", ("duration", "P3D", "P5D"), "5 días"),
    "a second, then 2": (
        "en", "Wait a second, then press 2.",
        "fr", "Attendez une seconde, puis appuyez sur 2.",
        "Attendez une seconde, puis appuyez sur 3.", ("number", "2", "3"), "3"),
    # 5. Scale words in each language's own scale
    "Dutch long scale": (
        "nl", "Het netwerk doet 10 biljoen berekeningen per seconde.",
        "en", "The network makes 10 trillion calculations per second.",
        "The network makes 10 billion calculations per second.",
        ("number", "10000000000000", "10000000000"), "10 billion"),
    "Danish millioner, Italian milioni": (
        "da", "Der bliver kun 21 millioner mønter.",
        "it", "Ci saranno solo 21 milioni di monete.",
        "Ci saranno solo 22 milioni di monete.", ("number", "21000000", "22000000"),
        "22 milioni"),
    "Spanish billón in words": (
        "es", "El límite es un billón de unidades.",
        "en", "The limit is one trillion units.",
        "The limit is one billion units.", ("number", "1000000000000", "1000000000"),
        "one billion"),
    "European Portuguese biliões in words": (
        "pt", "O limite é de dois biliões de unidades.",
        "de", "Die Grenze liegt bei 2 Billionen Einheiten.",
        "Die Grenze liegt bei 2 Milliarden Einheiten.",
        ("number", None, "2000000000"), "2 Milliarden"),  # words count where matched
    "French compound number before millions": (
        "fr", "Il y aura vingt et un millions de pièces.",
        "pt", "Haverá 21 milhões de moedas.",
        "Haverá 22 milhões de moedas.", ("number", None, "22000000"), "22 milhões"),
    # 6. A month's name alone
    "German months": (
        "en", "Upgrades happen in April and October.",
        "de", "Upgrades finden im April und Oktober statt.",
        "Upgrades finden im April und November statt.", ("month", "--10", "--11"), "November"),
    "French months": (
        "fr", "Le parc est ouvert entre mai et septembre.",
        "en", "The park is open between May and September.",
        "The park is open between May and August.", ("month", "--09", "--08"), "August"),
}


def findings(source: str, source_lang: str, translation: str, lang: str):
    return compare(text_blocks(source, "a.txt"), source_lang, text_blocks(translation, "b.txt"),
                   lang)


@pytest.mark.parametrize("name", list(RULES))
def test_in_step_translation_has_no_finding(name):
    source_lang, source, lang, in_step, *_ = RULES[name]
    assert findings(source, source_lang, in_step, lang) == []


@pytest.mark.parametrize("name", list(RULES))
def test_one_changed_value_is_named_as_written_on_its_line(name):
    source_lang, source, lang, _, changed, expected, written = RULES[name]
    # Two lines without values before the change: its line is the third.
    found = findings(source, source_lang, f"Intro\nMore\n{changed}", lang)
    assert [(f.kind, f.expected, f.found) for f in found] == [expected]
    assert (found[0].found_text, found[0].where) == (written, "b.txt:3")


def test_a_month_dropped_from_one_side_is_found():
    found = findings("Upgrades finden im April und Oktober statt.", "de",
                     "Upgrades happen in April.", "en")
    assert [(f.kind, f.expected, f.found, f.expected_text) for f in found] == [
        ("month", "--10", None, "Oktober")]


@pytest.mark.parametrize("text, lang, expected", [
    # grouped thousands are numbers in any language; versions and addresses stay whole
    ("10.000.000.000 Anfragen", "de", [("number", "10000000000")]),
    ("Server 192.168.100.200", "en", [("identifier", "192.168.100.200")]),
    ("client v2.3.1, Merkblatt 6.02", "de", [("identifier", "v2.3.1"), ("number", "6.02")]),
    ("1.234 units", "en", [("number", "1.234")]),  # one separator follows the language
    ("1.234 Einheiten", "de", [("number", "1234")]),
    # "May I" and "May unlock" are no month; "in May", "May 2025" are
    ("May I help? Users May unlock it.", "en", []),
    ("Closed in May and from May 2025.", "en", [("month", "--05"), ("month", "--05"),
                                                ("number", "2025")]),
    # a real rank is still read, from words, as a count only if the other side has it
    ("Press it a second time.", "en", [("number", "2")]),
    ("il secondo giorno", "it", [("duration", "P2D")]),
])
def test_values_read_by_the_language_rules(text, lang, expected):
    assert [(value.kind, value.value) for value in extract(text, lang)] == expected
