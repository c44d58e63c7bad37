"""The calculator reads a call's length and start as the page's language writes them, by
patterns compiled from CLDR (hooks/helpsite/inputformat.py), in the page's script (node)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

import pagescript
from helpsite.inputformat import input_format, start_example
from helpsite.priceplan import wall_minute

LOCALES = ["de", "it", "es", "da", "en", "en_GB", "fr", "nl", "fi", "pl", "ko", "ja", "pt_BR"]


def durations(cases: list[tuple[str, str]]) -> list:
    return pagescript.run([{"kind": "duration", "text": text,
                            "input": input_format(locale).model_dump()} for locale, text in cases])


def test_minutes_with_the_languages_decimal_separator():
    assert durations([("de", "4,5"), ("de", "0,5"), ("da", "4,5"), ("en", "4.5"),
                      ("en", "0.5"), ("de", "12"), ("it", "1:05"), ("da", "1.05"),
                      ("da", "1:05"), ("de", "0:05:01"), ("de", " 4,25 ")]) == [
        270, 30, 270, 270, 30, 720, 3900, 3900, 3900, 301, 255]


def test_what_the_language_does_not_write_is_refused_not_misread():
    # "4.5" in German is not 45 minutes: "." groups thousands there. A fraction of a
    # second, a minute 60, letters and a comma in English are refused too.
    assert durations([("de", "4.5"), ("de", "4,01"), ("de", "1:60"), ("de", "vier"),
                      ("en", "4,5"), ("de", ""), ("de", "-3")]) == [None] * 7


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(moments=st.lists(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)),
                        min_size=20, max_size=20),
       locale=st.sampled_from(LOCALES))
def test_a_start_written_by_cldr_reads_back_as_the_same_wall_clock_minute(moments, locale):
    """Babel writes each moment in the language's short format (four-digit year); the
    script reads it back to the same minute."""
    moments = [moment.replace(second=0, microsecond=0) for moment in moments]
    seen = pagescript.run([{"kind": "start", "text": start_example(moment, locale),
                            "input": input_format(locale).model_dump()} for moment in moments])
    assert seen == [wall_minute(moment) for moment in moments]


def test_impossible_dates_and_times_are_refused():
    german = input_format("de").model_dump()
    assert pagescript.run([{"kind": "start", "text": text, "input": german} for text in [
        "31.02.2027 10:00", "27.11.2026 24:00", "27.11.2026 10:61", "11/27/2026 10:00",
        "27.11.26 10:00", "2026-11-27T10:00"]]) == [None] * 6
    assert pagescript.run([{"kind": "start", "text": "27.11.2026 18:00", "input": german},
                           {"kind": "start", "text": "27.11.2026, 18:00", "input": german}]) == [
        wall_minute(dt.datetime(2026, 11, 27, 18, 0))] * 2
