"""Sentences built from grammar (issue 20, item 5): strings with plural and gender forms,
countries with the preposition each language needs, and every sentence of the review desk
(tests/sentences.py) free of glue faults. Expected texts are worked out by hand from
data/i18n/*.yaml, tests/fixtures/review/ and CLDR's patterns; none of them held before."""

from __future__ import annotations

import re

import pytest
from babel.dates import get_month_names

import sentences
from conftest import REPO, normalise_spaces, write
from helpsite.errors import SourceError
from helpsite.model.load import load_data
from helpsite.model.strings import StringError, load_strings
from helpsite.site.structure import country_problems

STRINGS, REVIEW = load_strings(REPO), load_data(sentences.REVIEW)
SAID = {lang: dict(sentences.sentences(lang, STRINGS, REVIEW)) for lang in sentences.LANGUAGES}

# (what, language, the sentence): agreement, countries, dates, money and counts.
EXPECTED = [
    ("emergency-hotline open until", "fr",
     "Ligne d’urgence active jusqu’à 18:00, réponse sous 2 heures"),
    ("night-emergency open always", "fr",
     "Support d’urgence de nuit actif à toute heure, réponse sous 1 heure"),
    ("emergency-hotline open until", "it",
     "Linea di emergenza attiva fino alle 18:00, risposta entro 2 ore"),
    ("night-emergency open always", "es",
     "Soporte de emergencia nocturno activo las 24 horas del día, respuesta en un plazo de "
     "1 hora"),
    ("emergency-hotline closed, opens on a weekday", "fr",
     "Ligne d’urgence fermée, rouvre lundi à 09:00"),
    ("support closed, opens on a weekday", "fr", "Support fermé, rouvre lundi à 09:00"),
    ("support closed, opens on a date", "de",
     "Support: geschlossen, öffnet am Montag, 4. Januar um 09:00 Uhr"),
    ("support closed, opens on a date", "en",
     "Support: closed, opens Monday, January 4 at 9:00 AM"),
    ("hours support", "de",
     "Montag–Freitag 09:00–18:00 Uhr und Samstag 10:00–14:00 Uhr; geschlossen an gesetzlichen "
     "Feiertagen in den Niederlanden; geschlossen am 24. Dezember und 31. Dezember; "
     "23. Dezember 2026: 09:00–12:00 Uhr; 30. Dezember 2026: geschlossen"),
    ("hours support", "fr",
     "lundi–vendredi 09:00 – 18:00 et samedi 10:00 – 14:00 ; fermé les jours fériés aux "
     "Pays-Bas ; fermé les 24 décembre et 31 décembre ; 23 décembre 2026 : 09:00 – 12:00 ; "
     "30 décembre 2026 : fermé"),
    ("hours support", "it",
     "lunedì–venerdì 09:00–18:00 e sabato 10:00–14:00; chiuso nei giorni festivi nei Paesi "
     "Bassi; chiuso nei giorni 24 dicembre e 31 dicembre; 23 dicembre 2026: 09:00–12:00; "
     "30 dicembre 2026: chiuso"),
    ("hours support", "es",
     "lunes–viernes 9:00–18:00 y sábado 10:00–14:00; cerrado los días festivos en los Países "
     "Bajos; cerrado los días 24 de diciembre y 31 de diciembre; 23 de diciembre de 2026: "
     "9:00–12:00; 30 de diciembre de 2026: cerrado"),
    ("hours support", "da",
     "mandag–fredag 09.00–18.00 og lørdag 10.00–14.00; lukket på helligdage i Nederlandene; "
     "lukket den 24. december og 31. december; 23. december 2026: 09.00–12.00; "
     "30. december 2026: lukket"),
    ("hours support", "en",
     "Monday–Friday 9:00 AM – 6:00 PM and Saturday 10:00 AM – 2:00 PM; closed on public "
     "holidays in the Netherlands; closed on December 24 and December 31; December 23, 2026: "
     "9:00 AM – 12:00 PM; December 30, 2026: closed"),
    ("fee emergency term 4", "de",
     "gilt für Anrufe aus Deutschland, Österreich, der Schweiz und den Niederlanden"),
    ("fee emergency term 4", "fr",
     "s’applique aux appels d’Allemagne, d’Autriche, de Suisse et des Pays-Bas"),
    ("fee emergency term 4", "it",
     "vale per le chiamate dalla Germania, dall'Austria, dalla Svizzera e dai Paesi Bassi"),
    ("fee emergency term 4", "es",
     "se aplica a las llamadas desde Alemania, Austria, Suiza y los Países Bajos"),
    ("fee emergency term 4", "da",
     "gælder for opkald fra Tyskland, Østrig, Schweiz og Nederlandene"),
    ("fee emergency term 4", "en",
     "applies to calls from Germany, Austria, Switzerland, and the Netherlands"),
    # Plural forms by the free duration's amount: 'one' (1 minute) and 'other' (20 minutes).
    ("fee emergency term 2", "de", "1 Minute zu Beginn ist kostenlos"),
    ("fee rate term 3", "de", "die ersten 20 Minuten sind kostenlos"),
    ("fee emergency term 2", "it", "1 minuto iniziale senza costi"),
    ("fee rate term 3", "it", "20 minuti iniziali senza costi"),
    ("fee emergency term 2", "es", "1 minuto inicial sin coste"),
    ("fee rate term 3", "es", "20 minutos iniciales sin coste"),
    ("fee rate term 3", "en", "20 minutes free at the start of the call"),
    # A numeric hourly rate says per hour; Danish 'påbegyndte' agrees with 15 minutes.
    ("fee rate term 2", "en", "working time at CHF 180.00 per hour, charged per 15 minutes or "
                              "part thereof"),
    ("fee rate term 2", "de", "Arbeitszeit zum Stundensatz von 180,00 CHF, abgerechnet je "
                              "angefangene 15 Minuten"),
    ("fee rate term 2", "da", "arbejde til en timepris på 180,00 CHF, afregnet pr. påbegyndte "
                              "15 minutter"),
    ("fee on-call term 1", "en", "DKK 1,000.00 start fee for calls that are not "
                                 "business-critical, outside office hours"),
    ("fee on-call term 5", "it", "più IVA danese (moms) al 25%"),
    ("fee on-call term 5", "es", "más el 25 % de IVA danés (moms)"),
    # The calculator's rows: 'par 15 minutes entamée' left the participle without its noun.
    ("calculator on-call row 3", "fr", "Temps de travail par tranche de 15 minutes entamée"),
    ("calculator on-call row 3", "da", "Arbejde pr. påbegyndte 15 minutter"),
    ("calculator on-call row 2", "it", "Intervento di durata inferiore a 15 minuti in orario "
                                      "d'ufficio, compreso nel contratto"),
    # A started interval as tariff pages write it (docs-review/sentences.md): "or part
    # thereof", "o fracción", "o frazione", "par tranche de … entamée".
    ("fee emergency term 1", "en", "€5.95 per 5 minutes or part thereof"),
    ("fee emergency term 1", "es", "5,95 € por cada 5 minutos o fracción"),
    ("fee emergency term 1", "it", "5,95 € per ogni 5 minuti o frazione"),
    ("fee emergency term 1", "fr", "5,95 € par tranche de 5 minutes entamée"),
    ("fee on-call term 2", "en", "working time at the hourly rate of your agreement, charged "
                                 "per 15 minutes or part thereof"),
    ("fee on-call term 2", "es", "trabajo a la tarifa por hora de su contrato, facturado por "
                                 "cada 15 minutos o fracción"),
    ("fee on-call term 2", "it", "lavoro alla tariffa oraria del vostro contratto, fatturato "
                                 "per ogni 15 minuti o frazione"),
    ("calculator emergency row 1", "en", "Each 5 minutes or part thereof"),
    ("calculator emergency row 1", "es", "Bloques de 5 minutos o fracción"),
    ("calculator emergency row 1", "it", "Blocchi di 5 minuti o frazione"),
    ("calculator emergency row 1", "fr", "Tranches de 5 minutes entamées"),
    ("calculator on-call row 3", "en", "Working time per 15 minutes or part thereof"),
    ("calculator on-call row 3", "es", "Trabajo por cada 15 minutos o fracción"),
    ("calculator on-call row 3", "it", "Lavoro per ogni 15 minuti o frazione"),
    # A start fee as the trade calls it: Italian 'diritto di chiamata', Danish 'starttillæg'.
    ("fee on-call term 1", "it", "1.000,00 DKK di diritto di chiamata per le chiamate non "
                                 "critiche fuori dall'orario d'ufficio"),
    ("fee on-call term 1", "da", "1.000,00 kr. i starttillæg for opkald, der ikke er "
                                 "driftskritiske, uden for normal arbejdstid"),
    ("calculator on-call row 1", "it", "Diritto di chiamata"),
    ("calculator on-call row 1", "da", "Starttillæg"),
    # English support pages: "plus VAT at 20%", "Response within 2 hours".
    ("fee on-call term 5", "en", "plus Danish VAT (moms) at 25%"),
    ("fee emergency term 3", "en", "minimum charge of €10.00 per call"),
    ("emergency-hotline open until", "en", "Emergency hotline active until 6:00 PM, response "
                                           "within 2 hours"),
    # Around the clock as service pages say it: "24 ore su 24", "las 24 horas del día",
    # "24 heures sur 24, 7 jours sur 7".
    ("hours night-emergency", "it", "24 ore su 24, 7 giorni su 7"),
    ("hours night-emergency", "es", "las 24 horas del día, los 7 días de la semana"),
    ("hours night-emergency", "fr", "24 heures sur 24, 7 jours sur 7"),
    ("support open always", "it", "Assistenza: disponibile 24 ore su 24"),
    ("night-emergency open always", "it", "Assistenza di emergenza notturna attiva 24 ore su "
                                          "24, risposta entro 1 ora"),
    ("zone", "en", "Times: Central European Time"),
    ("zone", "de", "Uhrzeiten: Mitteleuropäische Zeit"),
    ("zone", "fr", "Heures : heure d’Europe centrale"),
    ("shared number (onOffice, AT)", "de", "Dieselbe Nummer: Support ohne Gebühr, "
                                           "Notfallhotline und Notfall-Support in der Nacht "
                                           "gebührenpflichtig."),
]


@pytest.mark.parametrize("what, lang, expected", EXPECTED)
def test_the_review_desk_says_what_a_native_speaker_would(what, lang, expected):
    assert normalise_spaces(SAID[lang][what]) == expected


# German nouns are written with a capital wherever they stand, as English month names are.
PROPER = {"de": {"Arbeitszeit", "Aufgaben"},
          "en": set(get_month_names("wide", locale="en").values())}


def every_sentence():
    for lang, said in SAID.items():
        for what, text in said.items():
            yield lang, what, normalise_spaces(text)


@pytest.mark.parametrize("lang", sentences.LANGUAGES)
def test_no_capital_after_a_semicolon(lang):
    after = [(what, word) for _, what, text in every_sentence() if _ == lang
             for word in re.findall(r" ; ?(\w+)|; (\w+)", text) for word in [word[0] or word[1]]]
    assert after, "the review desk has parts after semicolons"
    capitals = [(what, word) for what, word in after if word[0].isupper()
                and word not in PROPER.get(lang, ())]
    assert capitals == []


@pytest.mark.parametrize("lang", sentences.LANGUAGES)
def test_no_glue_faults(lang):
    """No doubled spaces or stops, no space before a comma or stop, no value left in
    braces, no currency code stuck to its digits, no number left without its unit."""
    faults = re.compile(r"  |\. \.|\.\.| [,.]|[{}]|\b[A-Z]{3}\d|\d[A-Z]{3}\b|^\s|\s$"
                        r"|\b(per|pro|je|pr\.|par|por)$")
    found = [(what, text) for language, what, text in every_sentence()
             if language == lang and faults.search(text)]
    assert found == []


# --- plural forms ----------------------------------------------------------------------

@pytest.mark.parametrize("lang, forms, lacking, categories", [
    ("da", {"other": "{n} minutter"}, "one", "one, other"),
    ("de", {"other": "{n} Minuten"}, "one", "one, other"),
    ("en", {"one": "{n} minute"}, "other", "one, other"),
    ("fr", {"one": "{n} minute", "other": "{n} minutes"}, "many", "one, many, other"),
    ("it", {"one": "{n} minuto", "other": "{n} minuti"}, "many", "one, many, other"),
    ("es", {"other": "{n} minutos"}, "one, many", "one, many, other"),
])
def test_a_plural_string_lacking_a_category_of_its_language_is_one_line(
        tmp_path, lang, forms, lacking, categories):
    body = "".join(f'    {name}: "{text}"\n' for name, text in forms.items())
    write(tmp_path, f"data/i18n/{lang}.yaml", f"fees:\n  free:\n{body}")
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"data/i18n/{lang}.yaml:2:3: string 'fees.free' lacks the plural form(s) {lacking}; "
        f"add them (CLDR's plural categories of {lang}: {categories})"]


def test_a_category_the_language_does_not_have_is_named_where_it_is(tmp_path):
    write(tmp_path, "data/i18n/de.yaml",
          'free:\n  one: "{n} Minute"\n  few: "{n} Minuten"\n  other: "{n} Minuten"\n')
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        "data/i18n/de.yaml:3:3: de has no plural category 'few'; delete this form (CLDR's "
        "categories of de: one, other)"]


def test_a_string_may_have_forms_in_one_language_and_be_plain_in_another(tmp_path):
    write(tmp_path, "data/i18n/de.yaml",
          'free:\n  one: "{n} gratis"\n  other: "die ersten {n} gratis"\n')
    write(tmp_path, "data/i18n/fr.yaml", 'free: "sans frais pendant {n}"\n')
    strings = load_strings(tmp_path)
    assert strings.format("de", "free", 1, n="1 Minute") == "1 Minute gratis"
    assert strings.format("de", "free", 20, n="20 Minuten") == "die ersten 20 Minuten gratis"
    assert strings.format("de", "free", 1.5, n="1,5 Minuten") == "die ersten 1,5 Minuten gratis"
    assert strings.format("fr", "free", 1, n="1 minute") == "sans frais pendant 1 minute"


# --- gender forms ----------------------------------------------------------------------

FRENCH = """\
services:
  hotline: {text: Ligne d’urgence, gender: feminine}
  night: {text: Support de nuit, gender: masculine}
active:
  masculine: "{service} actif"
  feminine: "{service} active"
"""


def test_a_sentence_agrees_with_the_gender_its_noun_carries(tmp_path):
    write(tmp_path, "data/i18n/fr.yaml", FRENCH)
    strings = load_strings(tmp_path)
    hotline, night = (strings.noun("fr", f"services.{name}") for name in ("hotline", "night"))
    assert strings.format("fr", "active", service=hotline) == "Ligne d’urgence active"
    assert strings.format("fr", "active", service=night) == "Support de nuit actif"


def test_gender_forms_must_cover_the_genders_of_the_languages_nouns(tmp_path):
    write(tmp_path, "data/i18n/fr.yaml", FRENCH.replace('  feminine: "{service} active"\n', ""))
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        "data/i18n/fr.yaml:4:1: string 'active' has no feminine form, but 'services.hotline' "
        "at data/i18n/fr.yaml:2:12 is feminine; add one"]


def test_a_noun_without_its_gender_in_an_agreeing_sentence_says_where_to_give_it(tmp_path):
    write(tmp_path, "data/i18n/fr.yaml", FRENCH + "plain: Support\n")
    strings = load_strings(tmp_path)
    with pytest.raises(StringError) as caught:
        strings.format("fr", "active", service=strings.noun("fr", "plain"))
    assert str(caught.value) == (
        "data/i18n/fr.yaml:7:8: Support gives no gender, which string 'active' at "
        "data/i18n/fr.yaml:4:1 agrees with; write it as {text: ..., gender: ...}")


def test_an_unknown_gender_is_named(tmp_path):
    write(tmp_path, "data/i18n/fr.yaml", FRENCH.replace("gender: masculine", "gender: male"))
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        "data/i18n/fr.yaml:3:42: gender 'male' is not one of masculine, feminine, neuter, "
        "common; write the noun's gender"]


# --- countries -------------------------------------------------------------------------

def test_a_country_a_sentence_names_without_its_name_is_one_line_per_language(tmp_path):
    write(tmp_path, "data/desks/desk.yaml", """\
        name: Desk
        timezone: Europe/Rome
        services:
          support: {purpose: support, hours: 24/7}
        lines:
          - {number: "+39 06 1234567", countries: [SM], services: [support]}
        fees:
          calls:
            currency: EUR
            services: [support]
            calls_from: [DE, IT]
            charges:
              - {kind: block, block: 1 minute, price: 1}
        """)
    problems = country_problems(load_data(tmp_path), STRINGS)
    # A line's countries are labels (CLDR's names): San Marino needs no sentence form.
    assert [problem.path for problem in problems] == [
        f"data/i18n/{lang}.yaml" for lang in sorted(sentences.LANGUAGES)]
    french = [str(problem) for problem in problems if problem.path.endswith("fr.yaml")]
    assert french == [
        "data/i18n/fr.yaml:167:31: country IT (desk desk, data/desks/desk.yaml:11:17) has no "
        "'from' name here; add under countries: IT: {from: ...} (its name with the "
        "preposition and article the sentence needs)"]


def test_the_example_desks_countries_all_have_their_names():
    assert country_problems(load_data(REPO), STRINGS) == []


def test_a_string_with_forms_copied_for_translation_is_marked_untranslated(tmp_path):
    write(tmp_path, "data/i18n/de.yaml",
          'free:\n  one: "{n} gratis"  # untranslated\n  other: "{n} gratis"  # untranslated\n'
          'done: fertig\n')
    strings = load_strings(tmp_path)
    assert (strings.entry("de", "free").untranslated, strings.entry("de", "done").untranslated) \
        == (True, False)
