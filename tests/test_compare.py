"""Comparison of translations with their source, on fixtures written from the seed facts.

The fixtures restate the facts of the onOffice pages in our own words: the German original,
a faithful Italian translation, and a Spanish one with the real page's defects (night
support from 10:00 instead of 22:00, the 21 days dropped, a Spanish line added and the
Austrian direct line dropped).
"""

from __future__ import annotations

import json

import pytest

from helpsite.cli.main import main
from helpsite.drift.compare import compare
from helpsite.sources.blocks import html_blocks, text_blocks

GERMAN = """\
Kontakt zum Support

Im Chat sehen Sie die Nachrichten der letzten 21 Tage.
Schreiben Sie an support@onOffice.com.
Direkte Durchwahl:
  • Deutschland, Schweiz: +49 241 446 86 122
  • Österreich: +43 (1) 3619857-60
Supportzeiten: Montag – Freitag 09.00 – 18.00 Uhr
Notfallhotline:
  • Deutschland: +49 241 44686-112
  • Österreich: +43 (1) 3619857-60
  • Schweiz: +41 31 511 27 92
Hotline von 7:30 bis 22:00 Uhr, 7 Tage, Antwort in 2 Stunden; nachts von 22:00 bis 7:30 Uhr, 7 Tage, Antwort in 10 Stunden.
Je angefangenem 5-Minuten-Block kostet es 5,95 €.
Die Übersicht zeigt die letzten 6 Monate.
"""

ITALIAN = """\
Contattare l'assistenza

Nella chat vedete i messaggi degli ultimi 21 giorni.
Scrivete a assistenzaclienti@onOffice.com.
Numeri diretti:
  • Germania, Svizzera: +49 241 44686122
  • Austria: +43 1 361985760
Orari: lunedì – venerdì 9:00 – 18:00
Linea di emergenza:
  • Germania: 0049 241 44686112
  • Austria: +43 (1) 3619857-60
  • Svizzera: +41 31 511 27 92
Linea dalle 7.30 alle 22.00, 7 giorni, risposta entro 2 ore; di notte dalle 22.00 alle 7.30, 7 giorni, risposta entro 10 ore.
Ogni blocco iniziato di 5 minuti costa € 5,95.
La panoramica mostra gli ultimi 6 mesi.
"""

SPANISH = """\
Contactar con el soporte

Puede abrir el chat en la barra lateral.
Escriba a contacto@onoffice.es.
Líneas directas:
  • España: +34 936073620
  • Alemania, Suiza: +49 241 446 86 122
Horario: de lunes a viernes 09.00 – 18.00
Línea de emergencia:
  • Alemania: +49 241 44686-112
  • Austria: +43 (1) 3619857-60
  • Suiza: +41 31 511 27 92
Línea de 7:30 a 22:00, 7 días, respuesta en 2 horas; soporte de emergencia de 10:00 a 7:30, 7 días, respuesta en 10 horas.
Cada bloque de 5 minutos o fracción cuesta 5,95 euros.
El resumen muestra los últimos 6 meses.
"""


def findings(translation: str, lang: str, reference: str = GERMAN):
    return [(f.kind, f.expected, f.found) for f in
            compare(text_blocks(reference, "de.txt"), "de", text_blocks(translation, f"{lang}.txt"), lang)]


def test_faithful_italian_has_no_numeric_finding():
    assert findings(ITALIAN, "it") == [
        ("email", "support@onoffice.com", "assistenzaclienti@onoffice.com")]


def test_spanish_drift_is_found_value_by_value():
    assert sorted(findings(SPANISH, "es"), key=str) == sorted([
        ("duration", "P21D", None),
        ("email", "support@onoffice.com", "contacto@onoffice.es"),
        ("phone", None, "+34936073620"),
        ("phone", "+431361985760", None),
        ("time", "22:00", "10:00"),
    ], key=str)


def test_findings_name_both_languages_and_where():
    [night] = [f for f in compare(text_blocks(GERMAN, "de.txt"), "de",
                                  text_blocks(SPANISH, "es.txt"), "es") if f.kind == "time"]
    assert (night.lang, night.reference_lang, night.where, night.reference_where) == (
        "es", "de", "es.txt:13", "de.txt:13")


@pytest.mark.parametrize("old, new, expected", [
    ("22:00 bis 7:30", "23:00 bis 7:30", ("time", "22:00", "23:00")),
    ("5,95 €", "5,59 €", ("money", "5.95 EUR", "5.59 EUR")),
    ("+41 31 511 27 92", "+41 31 511 27 93", ("phone", "+41315112792", "+41315112793")),
    ("letzten 21 Tage", "letzten 12 Tage", ("duration", "P21D", "P12D")),
    ("letzten 6 Monate", "letzten 16 Monate", ("duration", "P6M", "P16M")),
])
def test_one_changed_value_is_named(old, new, expected):
    assert findings(GERMAN.replace(old, new, 1), "de") == [expected]


def test_a_repeated_number_must_be_repeated():
    once = GERMAN.replace("  • Österreich: +43 (1) 3619857-60\nSupportzeiten", "Supportzeiten")
    assert findings(once, "de") == [("phone", "+431361985760", None)]


def test_six_is_not_found_in_sixteen():
    reference = "Wir haben 6 Leitungen.\n"
    assert [(f.kind, f.expected, f.found) for f in compare(
        text_blocks(reference, "a"), "de", text_blocks("Wir haben 16 Leitungen.\n", "b"), "de")] == [
        ("number", "6", "16")]


@pytest.mark.parametrize("variant", [
    GERMAN.replace("09.00 – 18.00", "9:00 – 18:00"),
    GERMAN.replace("7:30 bis 22:00", "7.30 bis 22.00"),
    GERMAN.replace("+49 241 446 86 122", "+49 241 44686122"),
    GERMAN.replace("+49 241 446 86 122", "0049 241 44686122"),
    GERMAN.replace("5,95 €", "€ 5,95"),
])
def test_format_differences_are_not_findings(variant):
    assert findings(variant, "de") == []


def test_compare_command_json_and_exit_codes(tmp_path, capsys):
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "it.md").write_text(ITALIAN, encoding="utf-8")
    assert main(["compare", f"de={tmp_path / 'de.txt'}", f"it={tmp_path / 'it.md'}",
                 "--format", "json"]) == 1  # the e-mail address differs
    assert [f["kind"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["email"]
    assert main(["compare", f"de={tmp_path / 'de.txt'}", f"es={tmp_path / 'es.txt'}",
                 "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert {"kind": "time", "lang": "es", "reference_lang": "de", "expected": "22:00",
            "found": "10:00", "where": f"{tmp_path / 'es.txt'}:13",
            "reference_where": f"{tmp_path / 'de.txt'}:13", "expected_text": "22:00",
            "found_text": "10:00"} in found
    assert main(["compare", f"de={tmp_path / 'de.txt'}", f"de={tmp_path / 'de.txt'}"]) == 0
    capsys.readouterr()
    assert main(["compare", f"de={tmp_path / 'de.txt'}", f"es={tmp_path / 'nope.txt'}"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_compare_reads_html(tmp_path, capsys):
    (tmp_path / "de.html").write_text(
        "<html><body><article><p>Nachts ab <b>22:00</b> Uhr</p><li>5,95 €</li></article></body></html>")
    (tmp_path / "es.html").write_text(
        "<html><body><article><p>Por la noche desde las 10:00</p><li>5,95 €</li></article></body></html>")
    assert main(["compare", f"de={tmp_path / 'de.html'}", f"es={tmp_path / 'es.html'}"]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'es.html'} p[1]: [es] time 22:00 became 10:00" in out


def test_a_comment_in_html_silences_the_next_element_for_its_check():
    from helpsite.sources.blocks import html_blocks
    source = "<article><p>Nachts ab 22:00</p><p>5,95 €</p></article>"
    translation = ("<article><!-- helpsite: ignore-compare --><p>De noche desde las 10:00</p>"
                   "<p>6,95 €</p></article>")
    found = compare(html_blocks(source, "de.html"), "de", html_blocks(translation, "es.html"),
                    "es", check="compare")
    assert [(f.kind, f.expected, f.found) for f in found] == [("money", "5.95 EUR", "6.95 EUR")]


def test_text_hidden_from_readers_is_not_compared():
    """The answer box keeps each row's longest status sentence invisible (aria-hidden) to hold
    its size; a row that one language alone lists must not bring its times into the check."""
    blocks = html_blocks('<article><ul><li><a href="tel:+34936073620">+34 936073620</a> '
                         '<span aria-hidden="true">abre <span>el lunes</span> a las 9:00</span>'
                         '<span> Soporte</span></li><li><span aria-hidden="true">●</span> '
                         '22:00<img aria-hidden="true" alt=""> y 7:30</li></ul></article>',
                         "es.html")
    assert [block.text for block in blocks] == ["+34 936073620 Soporte", "22:00 y 7:30"]
