"""Values as readers see them: characters that are invisible or show another value are
findings of their own in page prose, in built pages, in `helpsite compare` and in data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.cli.main import main
from helpsite.drift.compare import compare
from helpsite.sources.blocks import text_blocks
from helpsite.sources.hidden import displayed, hidden_characters

from conftest import REPO
from test_checks import copy_project, edit

RLO, PDF, ZWSP, SHY = "\u202e", "\u202c", "\u200b", "\u00ad"


def found(text: str, language: str) -> list[tuple[int, int, str, str]]:
    return [(hidden.line, hidden.column, f"U+{ord(hidden.character):04X}", hidden.value)
            for hidden in hidden_characters(text, language)]


@pytest.mark.parametrize("text, language, expected", [
    # An override around a time: it shows "00:22".
    (f"Notdienst ab {RLO}22:00{PDF} Uhr", "de", [(1, 14, "U+202E", f"{RLO}22:00{PDF}")]),
    # A Bengali four, which looks like a Latin 8, in a phone number.
    ("Appelez le\n+33 1 23 45 67 ৪9", "fr", [(2, 16, "U+09EA", "৪9")]),
    # A zero-width space inside a number; a soft hyphen inside a price.
    (f"Chiamate il 0241 4468{ZWSP}6112", "it", [(1, 22, "U+200B", f"4468{ZWSP}6112")]),
    (f"Cuesta 8,50{SHY} €", "es", [(1, 12, "U+00AD", f"8,50{SHY}")]),
    # Fullwidth and mathematical digits are digits of no language's page.
    ("Open until ２２:00", "en", [(1, 12, "U+FF12", "２２:00")]),
    ("Open until 𝟐2:00", "en", [(1, 12, "U+1D7D0", "𝟐2:00")]),
    # An override that starts before the words of a sentence reorders its value too.
    (f"{RLO}Anruf bis 22:00{PDF}.", "de", [(1, 1, "U+202E", f"{RLO}Anruf bis 22:00{PDF}")]),
    # A zero-width space next to a placeholder: the rendered value holds it.
    (f"Escriba a {ZWSP}{{{{ desk.email }}}}.", "es", [(1, 11, "U+200B", f"{ZWSP}{{{{")]),
    # Written as a character reference in HTML.
    ("<td>&#8238;22:00&#8236;</td> bis", "de", [(1, 5, "U+202E", f"{RLO}22:00{PDF}")]),
    # An override reorders across inline tags, up to its end.
    (f"<td>{RLO}<b>22:00</b>{PDF}</td> bis", "de", [(1, 5, "U+202E", f"{RLO}22:00{PDF}")]),
])
def test_a_hidden_character_in_a_value_is_found_at_its_line_and_column(text, language, expected):
    assert found(text, language) == expected


@pytest.mark.parametrize("text, language", [
    (f"Der Kunden{SHY}dienst hilft 24 Stunden.", "de"),  # a soft hyphen in a word: typography
    (f"Bienvenue{ZWSP} chez nous : 8,50 €", "fr"),  # not in a value
    ("الدعم حتى \u200f22:00", "ar"),  # a right-to-left mark is how Arabic keeps digits in order
    ("সাপোর্ট ১০টা থেকে", "bn"),  # Bengali digits on a Bengali page
    ("پشتیبانی ۲۴ساعت\u200cها", "fa"),  # a non-joiner between letters is Persian spelling
    ("\ufeffOpen 9:00–17:00", "en"),  # a byte order mark before the text
    (f"<p>{ZWSP}</p><td>1</td>", "de"),  # a tag ends a value
])
def test_a_format_character_outside_a_value_or_a_languages_own_digits_are_no_finding(text, language):
    assert found(text, language) == []


def test_an_override_is_shown_as_readers_see_it_and_not_read_as_the_source_value():
    assert displayed(f"{RLO}22:00{PDF}") == "00:22"
    message = str(hidden_characters(f"Notdienst ab {RLO}22:00{PDF} Uhr", "de")[0])
    assert message == ('hidden character U+202E RIGHT-TO-LEFT OVERRIDE and 1 more in the value '
                       '"<U+202E>22:00<U+202C>", which shows as "00:22"; delete it and type the '
                       'value again')


def test_values_are_compared_as_displayed_without_format_characters():
    """The zero-width space no longer splits the number (a finding of its own says where it
    is); the minus sign before a price is a changed price, named by both values."""
    source = text_blocks("Rufen Sie +49 241 44686112 an. Es kostet 8,50 €.", "de.txt")
    blocks = text_blocks(f"Appelez le +49 241 4468{ZWSP}6112. Cela coûte 8,50 €.", "fr.txt")
    assert compare(source, "de", blocks, "fr") == []
    blocks = text_blocks("Appelez le +49 241 44686112. Cela coûte −8,50 €.", "fr.txt")
    assert [str(finding) for finding in compare(source, "de", blocks, "fr")] == [
        "fr.txt:1:41: [fr] money 8,50 € became −8,50 € (source: de.txt:1)"]


def test_compare_names_hidden_characters_in_each_file(tmp_path, capsys):
    (tmp_path / "de.txt").write_text("Notdienst von 22:00 bis 7:30 Uhr.\n", encoding="utf-8")
    (tmp_path / "it.txt").write_text(f"Emergenze dalle {RLO}22:00{PDF} alle 7:30.\n",
                                     encoding="utf-8")
    assert main(["compare", f"de={tmp_path / 'de.txt'}", f"it={tmp_path / 'it.txt'}"]) == 1
    lines = capsys.readouterr().out.splitlines()
    # One finding, at line 1 column 17, and no time finding: 22:00 is read as written.
    assert lines == [f"{tmp_path / 'it.txt'}:1:17: [it] hidden character U+202E RIGHT-TO-LEFT "
                     'OVERRIDE and 1 more in the value "<U+202E>22:00<U+202C>", which shows as '
                     '"00:22"; delete it and type the value again',
                     "1 finding(s), 0 outdated translation(s)"]


@pytest.mark.parametrize("old, new, where, character", [
    ('"+49 241 44686-112"', f'"+49 241 44686-{RLO}112"', "data/desks/onoffice.yaml:32:13",
     "U+202E RIGHT-TO-LEFT OVERRIDE at character 15"),
    ("email: support@onOffice.com", f"email: support{ZWSP}@onOffice.com",
     "data/desks/onoffice.yaml:6:8", "U+200B ZERO WIDTH SPACE at character 8"),
    ("name: onOffice", "name: onOffice ৪", "data/desks/onoffice.yaml:3:7",
     "U+09EA BENGALI DIGIT FOUR at character 10"),
])
def test_a_desk_value_with_a_hidden_character_is_refused_at_load(tmp_path, capsys, old, new,
                                                                  where, character):
    project = tmp_path
    shutil.copytree(REPO / "data", project / "data")
    shutil.copytree(REPO / "docs", project / "docs")
    edit(project / "data" / "desks" / "onoffice.yaml", old, new)
    assert main(["check", "--root", str(project)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"{where}: {character} of ")
    assert error.splitlines()[0].endswith("delete it and type the value again")


def test_a_string_with_a_hidden_character_is_found_at_its_value(tmp_path, capsys):
    """Strings show on every page: a zero-width space beside "{price}" in data/i18n."""
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    edit(tmp_path / "data" / "i18n" / "fr.yaml", 'minimum: "au moins {price} par appel"',
         f'minimum: "au moins {{price}}{ZWSP} par appel"')
    line = next(number for number, text in enumerate(
        (tmp_path / "data" / "i18n" / "fr.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "au moins" in text)
    assert main(["check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"data/i18n/fr.yaml:{line}:12: [fr] hidden character U+200B ZERO WIDTH SPACE in the "
        'value "{price}<U+200B>"; delete it and type the value again')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example project with hidden characters in two pages and a changed time, built
    once for the tests below."""
    project = copy_project(tmp_path_factory.mktemp("hidden"))
    docs = project / "docs"
    # A writer's override around the e-mail address a placeholder shows.
    edit(docs / "es" / "onoffice.md", "Escriba a {{ desk.email }}.",
         f"Escriba a {RLO}{{{{ desk.email }}}}{PDF}.")
    # A time typed over a placeholder, with an override: it shows "00:22".
    edit(docs / "it" / "onoffice.md", '{{ desk.service["night-emergency"].hours }}',
         f"ogni giorno {RLO}22:00{PDF}–7:30")
    # The Italian page's flag silences its value check, not its hidden character.
    edit(docs / "it" / "onoffice.md", "faq: true\n", "faq: true\nflags: [ignore-prose-values]\n")
    # One value changed in a sentence typed into every page: 10:00 instead of 22:00.
    for page in docs.glob("*/onoffice.md"):
        typed = "La hotline ferme à 10 h 00." if page.parent.name == "fr" else "Hotline: 22:00."
        page.write_text(page.read_text(encoding="utf-8") + f"\n{typed}\n", encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=False))
    return project


def run(capsys, *args) -> list[str]:
    main(["check", *args])
    return capsys.readouterr().out.splitlines()


def test_check_finds_hidden_characters_in_prose_and_names_a_change_by_both_values(built, capsys):
    lines = run(capsys, "--root", str(built))
    hidden = [line for line in lines if "hidden character" in line]
    line = next(number for number, text in enumerate(
        (built / "docs" / "es" / "onoffice.md").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("Escriba a"))
    assert hidden[0].startswith(f"docs/es/onoffice.md:{line}:11: [es] hidden character U+202E "
                                "RIGHT-TO-LEFT OVERRIDE and 1 more in the value")
    assert [line.split(": ", 1)[1] for line in hidden[1:]] == [
        '[it] hidden character U+202E RIGHT-TO-LEFT OVERRIDE and 1 more in the value '
        '"<U+202E>22:00<U+202C>", which shows as "00:22"; delete it and type the value again']
    lines = [line for line in lines if ("[fr]" in line or "[it]" in line)
             and "translation of" not in line]  # the source changed: translations outdated
    fr, de = (len((built / "docs" / lang / "onoffice.md").read_text(encoding="utf-8").splitlines())
              for lang in ("fr", "de"))
    assert lines == [f"docs/fr/onoffice.md:{fr}:20: [fr] time 22:00 became 10 h 00 "
                     f"(source: docs/de/onoffice.md:{de}); fix the translation, or if the "
                     "difference is meant put <!-- helpsite: ignore-prose-values --> before "
                     "the block",
                     # its flag silences the Italian page's typed times, not the override
                     *[line for line in hidden if "[it]" in line]]


def test_site_check_finds_hidden_characters_on_built_pages_and_names_both_values(built, capsys):
    lines = run(capsys, "--root", str(built), "--site", str(built / "site"))
    hidden = sorted(line for line in lines if "hidden character" in line)
    # Each value stands twice: in the article and in the page's FAQ data for search engines.
    assert [line.split(": ", 1)[0].rsplit(":", 2)[0] for line in hidden] == [
        "es/onoffice/index.html", "es/onoffice/index.html", "it/onoffice/index.html",
        "it/onoffice/index.html"]
    assert all("which shows as \"se.eciffono@otcatnoc" in line for line in hidden[:2])
    assert all('"<U+202E>22:00<U+202C>", which shows as "00:22"' in line for line in hidden[2:])
    # The override is a finding; the time itself is read as written, so the Italian page
    # has no time finding; the French one names the change by both values.
    values = [line for line in lines if "hidden character" not in line and "/onoffice/" in line]
    assert [line.split(": ", 1)[1] for line in values] == [
        "[fr] time 22:00 became 10 h 00 (source: onoffice/index.html p[25]); fix the page's "
        "source and rebuild, or if the difference is meant put <!-- helpsite: "
        "ignore-prose-values --> before the block"]


LANGUAGES = st.sampled_from(["de", "fr", "it", "es", "en", "nl", "da", "pt"])


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), position=st.integers(0, 5),
       character=st.sampled_from([RLO, PDF, ZWSP, SHY, "\u200c", "\u200d", "\u2060", "\ufeff",
                                  "\u2066", "\u200e", "\u061c"]), lang=LANGUAGES)
@settings(deadline=None, max_examples=80)
def test_a_format_character_anywhere_in_a_time_is_one_finding_and_no_changed_value(
        hour, minute, position, character, lang):
    time = f"{hour:02d}:{minute:02d}"
    text = f"Hotline {time[:position]}{character}{time[position:]}"
    assert [(hidden.line, hidden.column, hidden.character)
            for hidden in hidden_characters(text, lang)] == [(1, 9 + position, character)]
    assert compare(text_blocks(f"Hotline {time}", "s.txt"), "de",
                   text_blocks(text, "t.txt"), lang) == []


@given(digits=st.text("0123456789", min_size=8, max_size=8), position=st.integers(0, 7),
       zero=st.sampled_from(["\u0660", "\u06f0", "\u09e6", "\u0966", "\uff10", "\U0001d7ce"]),
       lang=LANGUAGES)
@settings(deadline=None, max_examples=80)
def test_a_digit_of_another_script_in_a_phone_number_is_named(digits, position, zero, lang):
    foreign = chr(ord(zero) + int(digits[position]))
    number = f"+49 241 {digits[:position]}{foreign}{digits[position + 1:]}"
    assert [(hidden.column, hidden.character) for hidden in hidden_characters(
        f"Tel. {number}", lang)] == [(14 + position, foreign)]
