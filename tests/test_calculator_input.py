"""The calculator reads a call's length, a start and an hourly rate as the page's language
writes them, by one grammar compiled from CLDR (hooks/helpsite/rules/inputformat.py), in the
page's script (node) and in Python (the CLI) alike. Expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import pagescript
from helpsite.cli.main import main
from helpsite.rules.inputformat import (input_format, read_amount, read_country, read_length,
                                        read_start, start_example)
from helpsite.rules.priceplan import wall_minute

from conftest import REPO

LOCALES = ["de", "it", "es", "da", "en", "en_GB", "fr", "nl", "fi", "pl", "ko", "ja", "pt_BR"]
PYTHON = {"length": read_length, "start": read_start, "amount": read_amount}


def read(kind: str, cases: list[tuple[str, str]]) -> list:
    """Each (locale, text) read by the page's script; Python must read it the same."""
    script = pagescript.run([{"kind": kind, "text": text, "input": input_format(locale).model_dump()}
                             for locale, text in cases])
    python = [PYTHON[kind](input_format(locale), text) for locale, text in cases]
    if kind == "start":
        python = [None if at is None else wall_minute(at) for at in python]
    if kind == "amount":
        script = [None if value is None else Fraction(int(value[0]), int(value[1]))
                  for value in script]
    assert script == python, [case for case, a, b in zip(cases, script, python) if a != b]
    return script


def test_lengths_in_minutes_or_hours_and_minutes_with_either_separator():
    assert read("length", [("de", "4,5"), ("de", "0,5"), ("da", "4,5"), ("en", "4.5"),
                           ("en", "0.5"), ("de", "12"), ("it", "1:05"), ("da", "1.05"),
                           ("da", "1:05"), ("de", "0:05:01"), ("de", " 4,25 "), ("de", "1.200"),
                           ("en", "1,200"), ("fr", "1\u202f200"), ("fr", "1 200"),
                           ("de", "43.200"), ("de", "720:00")]) == [
        270, 30, 270, 270, 30, 720, 3900, 3900, 3900, 301, 255, 72000, 72000, 72000, 72000,
        2592000, 2592000]


def test_what_the_language_does_not_write_or_the_limit_refuses_is_refused_not_misread():
    # "4.5" in German is not 45 minutes: "." groups thousands there. A fraction of a
    # second, a minute 60, letters, a comma in English, digits other than 0-9, Python's
    # underscores, more than 30 days (43,200 minutes, 720 hours) and numbers too long to
    # read are refused too.
    texts = [("de", "4.5"), ("de", "4,01"), ("de", "1:60"), ("de", "vier"), ("en", "4,5"),
             ("de", ""), ("de", "-3"), ("de", "\u0665"), ("de", "\uff10\uff15"), ("de", "1_000"),
             ("de", "43201"), ("de", "43.201"), ("de", "720:01"), ("de", "527041"),
             ("de", "9" * 20), ("de", "9" * 22), ("de", "12.34"), ("en", "1,2345"),
             ("de", "1e3"), ("de", "4,5\n")]
    assert read("length", texts) == [None] * len(texts)


def test_amounts_grouped_as_the_language_groups_them():
    assert read("amount", [("da", "1.000,00"), ("de", "1.000,00"), ("en", "1,000.00"),
                           ("fr", "1\u202f000,50"), ("fr", "1 000,50"), ("es", "1250,5"),
                           ("it", "0,01"), ("de", "1.000.000.000"), ("en", "333.33")]) == [
        1000, 1000, 1000, Fraction(2001, 2), Fraction(2001, 2), Fraction(2501, 2),
        Fraction(1, 100), 10 ** 9, Fraction(33333, 100)]
    refused = [("de", "4.5"), ("en", "1,5"), ("de", "1.000.000.000,01"), ("en", "1000000001"),
               ("de", "\u0661\u0660\u0660"), ("de", "1_000"), ("de", "1.00.000"), ("de", ",5")]
    assert read("amount", refused) == [None] * len(refused)


def test_starts_as_people_type_them():
    at = wall_minute(dt.datetime(2026, 11, 23, 22, 0))
    assert read("start", [
        ("da", "23.11.2026 22:00"), ("da", "23.11.2026 22.00"), ("da", "23.11.26 22.00"),
        ("en", "11/23/2026 22:00"), ("en", "11/23/2026, 10:00 pm"), ("en", "11/23/26 10:00 PM"),
        ("en", "11/23/2026 10:00pM"), ("es", "23/11/2026, 10:00 p. m."), ("es", "23/11/2026 10:00 pm"),
        ("de", "23.11.2026, 22:00"), ("de", "23.11.2026 10:00 PM"), ("fr", "23/11/2026 22:00"),
        ("it", "23/11/26, 22:00"), ("de", "2026-11-23T22:00"), ("en", "2026-11-23 10:00 pm")]) == [
        at] * 15


def test_impossible_dates_and_times_are_refused():
    texts = [("de", "31.02.2027 10:00"), ("de", "27.11.2026 24:00"), ("de", "27.11.2026 10:61"),
             ("de", "11/27/2026 10:00"), ("en", "11/27/2026 13:00 pm"), ("en", "11/27/2026 0:30 am"),
             ("de", "27.11.1969 10:00"), ("de", "27.11.3000 10:00"), ("de", "27.11.0026 10:00"),
             ("de", "\u0662\u0667.11.2026 10:00"), ("da", "23.11.2026,22.00"), ("de", "27.11.2026")]
    assert read("start", texts) == [None] * len(texts)


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(moments=st.lists(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)),
                        min_size=20, max_size=20),
       locale=st.sampled_from(LOCALES))
def test_a_start_written_by_cldr_reads_back_as_the_same_wall_clock_minute(moments, locale):
    """Babel writes each moment in the language's short format (four-digit year); the
    script and Python read it back to the same minute."""
    moments = [moment.replace(second=0, microsecond=0) for moment in moments]
    seen = read("start", [(locale, start_example(moment, locale)) for moment in moments])
    assert seen == [wall_minute(moment) for moment in moments]


def test_countries_are_codes_of_countries_with_phone_numbers_in_any_case():
    assert [read_country(text) for text in ["de", "DE", " ch ", "Es"]] == ["DE", "DE", "CH", "ES"]
    assert [read_country(text) for text in ["ZZ", "001", "D", "DEU", "\u00df", "\uff24\uff25"]] == [
        None] * 6


@pytest.mark.parametrize("options, covered", [
    (["--calling-from", "de"], True), (["--calling-from", " at "], True),
    (["--calling-from", "es"], False)])
def test_the_command_reads_country_codes_in_any_case(capsys, options, covered):
    code = main(["fee", "onoffice-emergency", "--root", str(REPO), "--minutes", "3",
                 "--format", "json", *options])
    assert (code, '"covered": ' + ("true" if covered else "false") in capsys.readouterr().out) == (
        0, True)


@pytest.mark.parametrize("options, line", [
    (["--calling-from", "ZZ"], "--calling-from 'ZZ': write a country code such as DE"),
    (["--calling-from", "001"], "--calling-from '001': write a country code such as DE"),
    (["--minutes", "\u0665"], "--minutes '\u0665': " + "{length}"),
    (["--minutes", "\uff10\uff15"], "--minutes '\uff10\uff15': " + "{length}"),
    (["--minutes", "1_000"], "--minutes '1_000': " + "{length}"),
    (["--length", "527041"], "--length '527041': " + "{length}"),
    (["--hourly-rate", "1.000.000.000,01"], "--hourly-rate '1.000.000.000,01': Schreiben Sie "
     "einen Stundensatz bis 1.000.000.000,00\u00a0€, etwa 1.250,50."),
    (["--length", "9" * 99], f"--length '{'9' * 40}…': " + "{length}"),
])
def test_the_command_refuses_what_the_page_refuses_in_one_line(capsys, options, line):
    length = ("Schreiben Sie die Dauer in Minuten wie 4,5 oder in Stunden und Minuten wie 1:05, "
              "auf die Sekunde genau, höchstens 30 Tage.")
    code = main(["fee", "onoffice-emergency", "--root", str(REPO), *options])
    assert (code, capsys.readouterr().err) == (2, f"helpsite fee: {line.format(length=length)}\n")
