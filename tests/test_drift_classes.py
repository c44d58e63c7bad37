"""The value classes real translated pages wrote differently (issue 21): times with "h" and
separate minutes, phone numbers as organisations print them, currency codes in lower case,
centuries in Roman numerals, minus signs before prices. In each language a variant in
format only is no finding, and a change of one value is named by its old and new value."""

from __future__ import annotations

import pytest

from helpsite.drift.compare import compare
from helpsite.sources.blocks import blocks_for, text_blocks


def findings(source: str, source_lang: str, translation: str, lang: str) -> list[str]:
    return [str(finding).split(": ", 1)[1].split(" (source")[0] for finding in compare(
        text_blocks(source, "s.txt"), source_lang, text_blocks(translation, "t.txt"), lang)]


# (source, its language, a translation in format only, its language,
#  the translation with one value changed, the finding that names both values)
CASES = [
    # Times written with "h" and separate minutes, French and Belgian.
    ("Ouvert de 8:00 à 13:00.", "fr", "Ouvert de 8 h 00 à 13 h 00.", "fr",
     "Ouvert de 8 h 00 à 14 h 00.", "[fr] time 13:00 became 14 h 00"),
    ("Geöffnet von 8:30 bis 13:00 Uhr.", "de", "Ouvert de 8h30 à 13 heures.", "fr",
     "Ouvert de 8h30 à 12 heures.", "[fr] time 13:00 became 12"),
    ("Support until 22:00.", "en", "Le support répond jusqu’à 22 h.", "fr",
     "Le support répond jusqu’à 21 h 30.", "[fr] time 22:00 became 21 h 30"),
    ("Rufen Sie uns um 10:30 an.", "de", "Appelez-nous à 10 h 30.", "fr",
     "Appelez-nous à 10 h 45.", "[fr] time 10:30 became 10 h 45"),
    ("Ouvert de 9 h 00 à 22 h 00.", "fr", "Open van 9.00 tot 22 uur.", "nl",
     "Open van 9.00 tot 21 uur.", "[nl] time 22 h 00 became 21"),
    ("Ouvert de 9 h 00 à 17 h 30.", "fr", "Aperto dalle 9:00 alle 17:30.", "it",
     "Aperto dalle 9:00 alle 18:30.", "[it] time 17 h 30 became 18:30"),
    # Phone numbers as organisations print them.
    ("Bel +32 2 511 12 34.", "nl", "Appelez le +32.(0)2.511.12.34.", "fr",
     "Appelez le +32.(0)2.511.12.43.", "[fr] phone +32 2 511 12 34 (+3225111234) became "
     "+32.(0)2.511.12.43 (+3225111243)"),
    ("Call +44 20 7946 0000.", "en", "Rufen Sie +44 (0)20 7946 0000 an.", "de",
     "Rufen Sie +44 (0)20 7946 0001 an.", "[de] phone +44 20 7946 0000 (+442079460000) became "
     "+44 (0)20 7946 0001 (+442079460001)"),
    ("Ring +45 33 12 34 56.", "da", "Llame al +45.33.12.34.56.", "es",
     "Llame al +45.33.12.34.65.", "[es] phone +45 33 12 34 56 (+4533123456) became "
     "+45.33.12.34.65 (+4533123465)"),
    # Currency codes in lower case.
    ("Es kostet 8,50 €.", "de", "Cela coûte 8,50 eur.", "fr",
     "Cela coûte 8,90 eur.", "[fr] money 8,50 € became 8,90 eur"),
    ("It costs USD 12.", "en", "Costa 12 usd.", "it",
     "Costa 21 usd.", "[it] money USD 12 became 21 usd"),
    ("Det koster 95 kr.", "da", "It costs 95 dkk.", "en",
     "It costs 59 dkk.", "[en] money 95 kr. became 59 dkk"),
    # Centuries in digits and Roman numerals; "I", "V" and "C" words stay words.
    ("Das Archiv reicht ins 15. Jahrhundert zurück.", "de",
     "L'archivio risale al XV secolo.", "it",
     "L'archivio risale al XVI secolo.", "[it] century 15. Jahrhundert became XVI secolo"),
    ("Seit dem 15. Jahrhundert.", "de", "Since the 15th century.", "en",
     "Since the 14th century.", "[en] century 15. Jahrhundert became 14th century"),
    ("Desde el siglo XXI.", "es", "Depuis le XXIe siècle.", "fr",
     "Depuis le XXe siècle.", "[fr] century siglo XXI became XXe siècle"),
    ("Seit dem 21. Jahrhundert, Typ C und Phase I.", "de",
     "Since the twenty-first century, type C and phase I.", "en",
     "Since the 20th century, type C and phase I.", "[en] century 21. Jahrhundert became 20th century"),
    # A minus sign before a price the source writes without one.
    ("Es kostet 8,50 €.", "de", "It costs €8.50.", "en",
     "It costs −€8.50.", "[en] money 8,50 € became −€8.50"),
    ("Gutschrift: −5,00 €.", "de", "Crédit : −5,00 €.", "fr",
     "Crédit : 5,00 €.", "[fr] money −5,00 € became 5,00 €"),
    # A 12-hour range with the marker spaced off and the dash tight (pages seen first in
    # the fresh corpus): both ends are times, so "9 PM became 19 h" is named.
    ("Mon-Fri 9 AM-5 PM", "en", "Mo-Fr 9:00-17:00 Uhr", "de",
     "Mo-Fr 9:00-18:00 Uhr", "[de] time 5 PM became 18:00"),
    ("Mon-Fri 8 AM-9 PM", "en", "Lun-ven 8 h à 21 h", "fr",
     "Lun-ven 8 h à 19 h", "[fr] time 9 PM became 19 h"),
    ("Mon-Fri 9 AM-5 PM", "en", "lun-vie 9 a. m.-5 p. m.", "es",
     "lun-vie 9 a. m.-7 p. m.", "[es] time 5 PM became 7 p. m."),
    ("Ouvert de 9 h à 17 h.", "fr", "Open 9 AM-5 PM daily.", "en",
     "Open 9 AM-4 PM daily.", "[en] time 17 h became 4 PM"),
    # A clock word on both ends, the dash tight: both are times; a range of whole hours
    # from the morning to a smaller hour ends in the afternoon ("9-5").
    ("Mon-Fri 9 AM-5 PM", "en", "Ma-vr 9 uur-5 uur", "nl",
     "Ma-vr 9 uur-6 uur", "[nl] time 5 PM became 6"),
    ("Mo-Fr 9 Uhr-17 Uhr", "de", "Lun-ven 9 h-17 h", "fr",
     "Lun-ven 9 h-18 h", "[fr] time 17 became 18 h"),
    ("Open from 9 to 5 o'clock.", "en", "Geöffnet von 9 bis 17 Uhr.", "de",
     "Geöffnet von 9 bis 16 Uhr.", "[de] time 5 became 16"),
    # A "+" typed before a national number, where no country is known: the number as
    # written, so that the "+" a reader would dial is a change.
    ("Phone: 02 6943 0746", "en", "Telefono: 02-6943-0746", "it", "Telefono: +02 6943 0746",
     "[it] phone 02 6943 0746 (0269430746) became +02 6943 0746 (+0269430746)"),
    ("Phone: 022 306 05 17", "en", "Telefon: (022) 306 05 17", "pl", "Telefon: +022 306 05 17",
     "[pl] phone 022 306 05 17 (0223060517) became +022 306 05 17 (+0223060517)"),
    # A month with its year is one value: the year's change is named with the month's.
    ("Stand: Januar 2025", "de", "Effective date: January 2025", "en",
     "Effective date: December 2024", "[en] month Januar 2025 became December 2024"),
    ("Stand: Januar 2025", "de", "En vigueur : 1er janvier 2025", "fr",
     "En vigueur : janvier 2024", "[fr] month Januar 2025 became janvier 2024"),
    # Around the clock and days a week in Swedish and Polish: one fact each, no duration.
    ("Support 24 hours a day, 7 days a week.", "en",
     "Support 24 timmar om dygnet, 7 dagar i veckan.", "sv",
     "Support 24 timmar om dygnet, 5 dagar i veckan.",
     "[sv] always 7 days a week became 5 dagar i veckan"),
    ("Support 24 hours a day, 7 days a week.", "en",
     "Wsparcie całodobowo przez 7 dni w tygodniu.", "pl",
     "Wsparcie całodobowo przez 5 dni w tygodniu.",
     "[pl] always 7 days a week became przez 5 dni w tygodniu"),
    ("Rund um die Uhr, 7 Tage die Woche.", "de", "Dygnet runt, 7 dagar i veckan.", "sv",
     "Dygnet runt, 6 dagar i veckan.", "[sv] always 7 Tage die Woche became 6 dagar i veckan"),
]


@pytest.mark.parametrize("source, source_lang, same, lang, changed, finding", CASES)
def test_a_format_only_variant_is_no_finding(source, source_lang, same, lang, changed, finding):
    assert findings(source, source_lang, same, lang) == []


@pytest.mark.parametrize("source, source_lang, same, lang, changed, finding", CASES)
def test_a_changed_value_is_named_by_its_old_and_its_new_value(source, source_lang, same, lang,
                                                               changed, finding):
    assert findings(source, source_lang, changed, lang) == [finding]


@pytest.mark.parametrize("source, source_lang, translation, lang", [
    # A night range and a range with minutes stay on the 24-hour clock.
    ("Nachtdienst 22-6 Uhr.", "de", "Service de nuit de 22 h à 6 h.", "fr"),
    ("Línea de 10:00 a 7:30.", "es", "Linea dalle 10:00 alle 7:30.", "it"),
    # Ranges of prices and hours keep their dash: it is no minus sign.
    ("Es kostet 5–8 €.", "de", "Cela coûte de 5 à 8 €.", "fr"),
    ("Es kostet 5 € – 8 €.", "de", "It costs €5 – €8.", "en"),
    # A duration with "h" and minutes stays a duration.
    ("Die Fahrt dauert 2 Stunden 30 Minuten.", "de", "Le trajet dure 2 h 30 min.", "fr"),
    # Roman numerals away from a century are words or names: no value.
    ("Karl V. und Pius IX. kamen.", "de", "Carlo V e Pio IX vennero.", "it"),
    ("Phase I", "en", "Fase II", "it"),
])
def test_what_only_looks_like_these_classes_is_no_finding(source, source_lang, translation, lang):
    assert findings(source, source_lang, translation, lang) == []


def test_a_value_changed_into_another_kind_is_named_by_both():
    assert findings("Anruf bis 22:00 Uhr.", "de", "Call until 10 days.", "en") == [
        "[en] time 22:00 became 10 days"]
    # A dropped line and an added line are two findings, never one change.
    assert findings("Rufen Sie +49 241 44686112 an.\nIm Chat: 21 Tage.", "de",
                    "Llame al +34 936073620.", "es") == [
        "[es] phone +49 241 44686112 (+4924144686112) became +34 936073620 (+34936073620)",
        "[es] duration 21 Tage is missing"]


@pytest.mark.parametrize("path, source, source_lang, translation, lang, changed, finding", [
    # An attribute list names classes ("gray-700" is a colour's shade), not a value.
    ("p.md", "Die Frist beträgt 14 Tage.\n{.text-lg .text-gray-700}", "de",
     "The period is 14 days.\n{: .text-gray-700 #period }", "en",
     "The period is 30 days.\n{.text-gray-800}", "[en] duration 14 Tage became 30 days"),
    # Underscores of emphasis are markup: the year inside "_…_" is read.
    ("p.md", "_Stand: 12. Mai 2025_", "de", "_As of 12 May 2025_", "en",
     "_As of 12 May 2024_", "[en] date 12. Mai 2025 became 12 May 2024"),
    # A footnote mark points to a note; the note's own values still count.
    ("p.md", "Spenden: 5.000 €", "de", "Dons [^1] : 5 000 €", "fr",
     "Dons [^1] : 6 000 €", "[fr] money 5.000 € became 6 000 €"),
    ("p.html", "<ol><li>A list of all donors, as of 2008.</li></ol>", "en",
     "<ol><li>[1] Una lista di tutti i donatori, al 2008.</li></ol>", "it",
     "<ol><li>[1] Una lista di tutti i donatori, al 2009.</li></ol>",
     "[it] number 2008 became 2009"),
])
def test_markup_that_names_or_points_is_no_value(path, source, source_lang, translation, lang,
                                                 changed, finding):
    def found(text: str) -> list[str]:
        return [str(f).split(": ", 1)[1].split(" (source")[0] for f in compare(
            blocks_for("s" + path, source), source_lang, blocks_for(path, text), lang)]
    assert found(translation) == []
    assert found(changed) == [finding]
