"""Translated strings: complete in every language, and unable to drop a value."""

from __future__ import annotations

import pytest

from helpsite.errors import SourceError
from helpsite.model.strings import StringError, load_strings

from conftest import write


def strings_with(tmp_path, german: str, danish: str):
    write(tmp_path, "data/i18n/de.yaml", german)
    write(tmp_path, "data/i18n/da.yaml", danish)
    return load_strings(tmp_path)


def test_values_fill_the_named_places(tmp_path):
    strings = strings_with(tmp_path, 'fee: "{price} je Block"\n', 'fee: "{price} pr. blok"\n')
    assert strings.format("da", "fee", price="5,95 €") == "5,95 € pr. blok"


def test_a_translation_that_drops_a_value_is_an_error(tmp_path):
    strings = strings_with(tmp_path, 'fee: "{price} je Block"\n', "fee: pr. blok\n")
    with pytest.raises(StringError) as caught:
        strings.format("da", "fee", price="5,95 €")
    assert str(caught.value) == "data/i18n/da.yaml:1:6: string 'fee' leaves out {price}"


def test_a_translation_that_names_an_unknown_value_is_an_error(tmp_path):
    strings = strings_with(tmp_path, 'fee: "{price} je Block"\n', 'fee: "{pris} pr. blok"\n')
    with pytest.raises(StringError) as caught:
        strings.format("da", "fee", price="5,95 €")
    assert str(caught.value) == (
        "data/i18n/da.yaml:1:6: string 'fee' names nothing: {pris}; leaves out {price}")


def test_a_key_missing_in_one_language_names_both_files(tmp_path):
    with pytest.raises(SourceError) as caught:
        strings_with(tmp_path, "a:\n  b: eins\n  c: zwei\n", "a:\n  b: en\n")
    assert [str(p) for p in caught.value.problems] == [
        "data/i18n/da.yaml:2:3: string 'a.c' is missing here (it is at data/i18n/de.yaml:3:6); "
        "add it (the YAML below)"]
    # What to paste: the other language's text, marked for translation.
    assert caught.value.advice == [
        "add to data/i18n/da.yaml (merge with the keys it has; translate each value, then "
        "delete its mark):", "    a:", '      c: "zwei"  # untranslated']


def test_every_missing_key_of_every_language_in_one_run(tmp_path):
    for lang, text in (("de", "a:\n  b: eins\n  c: zwei\nd: drei\n"), ("da", "a:\n  b: en\n"),
                       ("it", "a:\n  c: due\n")):
        write(tmp_path, f"data/i18n/{lang}.yaml", text)
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert sorted((p.path, p.message.split(" is missing")[0]) for p in caught.value.problems) == [
        ("data/i18n/da.yaml", "string 'a.c'"), ("data/i18n/da.yaml", "string 'd'"),
        ("data/i18n/it.yaml", "string 'a.b'"), ("data/i18n/it.yaml", "string 'd'")]
    assert caught.value.advice[4:] == [
        "add to data/i18n/it.yaml (merge with the keys it has; translate each value, then "
        "delete its mark):", "    a:", '      b: "en"  # untranslated',
        '    d: "drei"  # untranslated']


def test_a_string_that_is_not_text(tmp_path):
    with pytest.raises(SourceError) as caught:
        strings_with(tmp_path, "a: 5\n", "a: fem\n")
    assert [str(p) for p in caught.value.problems] == ["data/i18n/de.yaml:1:4: expected text, got 5"]


@pytest.mark.parametrize("text, expected", [
    ('"{price:>200000000}"', "{price:>200000000} is not a plain value name; write {name}"),
    ('"{price!r}"', "{price!r} is not a plain value name"),
    ('"{price.__class__}"', "{price.__class__} is not a plain value name"),
    ('"a lone { brace"', "expected '}' before end of string; write a brace as {{ or }}"),
    ('"a lone } brace"', "Single '}' encountered in format string"),
])
def test_strings_name_values_only_as_plain_names(tmp_path, text, expected):
    write(tmp_path, "data/i18n/de.yaml", f"fees:\n  block: {text}\n")
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    [problem] = caught.value.problems
    assert str(problem).startswith("data/i18n/de.yaml:2:10: ") and expected in str(problem)


def test_a_dotted_key_cannot_override_a_nested_one(tmp_path):
    write(tmp_path, "data/i18n/de.yaml", 'fees:\n  block: "a"\n"fees.block": "b"\n')
    with pytest.raises(SourceError) as caught:
        load_strings(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "data/i18n/de.yaml:3:1: key 'fees.block' contains '.'; nest the keys instead"]
