"""Strings with forms in the translation exchange: plural strings travel as PO plurals
(msgstr[i] in the target's CLDR order) or one XLIFF unit per category, gender and country
forms one entry or unit each; an import writes them back as forms, refuses forms the
language lacks or leaves out, and a round trip reproduces every strings file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from helpsite.cli.main import main
from helpsite.model.strings import flatten, plural_categories
from helpsite.sources.yamlsource import parse_yaml

from conftest import REPO
from test_translations import import_, snapshot

X = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
# Marks a copy of each string with forms (one mark per form line, or after a flow mapping:
# countries {in, from}, nouns {text, gender}) as `helpsite new` marks what awaits translation.
FORM_LINE = re.compile(r"^(\s+(?:zero|one|two|few|many|other|masculine|feminine|neuter|common)"
                       r": .*|\s+[\w-]+: \{.*\})$", re.MULTILINE)


def site(tmp_path: Path, default: str = "de") -> Path:
    """The example's strings, pages and desks, with ``default`` as the source language."""
    root = tmp_path / "site"
    root.mkdir()
    for name in ("data", "docs"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if default != "de":
        config = config.replace("          default: true\n", "").replace(
            f"        - locale: {default}\n", f"        - locale: {default}\n          default: true\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def mark(root: Path, lang: str) -> str:
    """Mark the strings with forms of ``lang`` untranslated; its file as it was."""
    file = root / f"data/i18n/{lang}.yaml"
    original = file.read_text(encoding="utf-8")
    file.write_text(FORM_LINE.sub(r"\1  # untranslated", original), encoding="utf-8")
    return original


def export(capsys, root: Path, lang: str, form: str) -> Path:
    out = root.parent / f"{lang}.{'po' if form == 'po' else 'xlf'}"
    code = main(["translations", "export", lang, "--format", form, "-o", str(out),
                 "--root", str(root)])
    capsys.readouterr()
    assert code == 0
    return out


def existing(original: str, lang: str) -> dict[str, str]:
    """Each segment id's text in the file as it was: ``key`` or ``key#form``."""
    entries, problems = flatten(parse_yaml(original, lang), original.splitlines())
    assert not problems
    return {f"{key}#{name}" if name else key: text for key, entry in entries.items()
            for name, text in (entry.forms or [("", entry.text)])}


def fill_po(file: Path, texts: dict[str, str], lang: str) -> Path:
    po = polib.pofile(str(file), wrapwidth=0)
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {index: texts[f"{entry.msgctxt}#{name}"]
                                   for index, name in enumerate(plural_categories(lang))}
        else:
            entry.msgstr = texts[entry.msgctxt]
    po.save(str(file))
    return file


def fill_xliff(file: Path, texts: dict[str, str | None]) -> Path:
    """Each unit's target the text (its values as text: the import reads <ph> and text alike);
    None leaves a unit untranslated."""
    tree = etree.parse(str(file))
    for unit in tree.iterfind(".//x:unit", X):
        if texts.get(unit.get("name")) is not None:
            target = etree.SubElement(unit.find("x:segment", X), f"{{{X['x']}}}target")
            target.text = texts[unit.get("name")]
    tree.write(str(file), xml_declaration=True, encoding="UTF-8")
    return file


# (target, source): every language once, German from English (the example's default is
# German). Each import loads the whole project to check it still builds: fr runs always,
# the other five with CI=true.
ROUND_TRIPS = [pytest.param(lang, source, marks=[] if lang == "fr" else [pytest.mark.slow])
               for lang, source in [("de", "en"), *((lang, "de") for lang in
                                                  ("da", "en", "es", "fr", "it"))]]


@pytest.mark.parametrize("lang, source", ROUND_TRIPS)
def test_a_round_trip_of_every_string_with_forms_gives_the_file_back_byte_for_byte(
        tmp_path, capsys, lang, source):
    root = site(tmp_path, source)
    original = mark(root, lang)
    texts = existing(original, lang)
    with_forms = {key.partition("#")[0] for key in texts if "#" in key}
    for form in ("po", "xliff"):
        exported = export(capsys, root, lang, form)
        sent = exported.read_text(encoding="utf-8")
        # Every string with forms travels, and each country's two forms.
        assert all(key in sent for key in with_forms) and "countries.DE.from" in sent
        done = fill_po(exported, texts, lang) if form == "po" else fill_xliff(exported, texts)
        code, out, err = import_(capsys, root, done)
        assert (code, err) == (0, ""), err
        assert (root / f"data/i18n/{lang}.yaml").read_text(encoding="utf-8") == original
        mark(root, lang)


ENGLISH_PLURAL = ('  closed_on_dates: "closed on {dates}"\n',
                  '  closed_on_dates:\n    one: "closed on {dates}"\n'
                  '    other: "closed on the dates {dates}"\n')


@pytest.fixture
def french(tmp_path: Path) -> Path:
    """French from English: English has hours.closed_on_dates as one/other, French as
    one/many/other; French's strings with forms await translation."""
    root = site(tmp_path, "en")
    english = root / "data/i18n/en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace(*ENGLISH_PLURAL),
                       encoding="utf-8")
    mark(root, "fr")
    return root


# By hand: French's CLDR categories are one, many, other; English lacks many, so its
# source is English's other; the entry is where the English key is (line 10).
PLURAL_PO = """\
#. keep the values {dates}; data/i18n/en.yaml has no 'many' form: this is its 'other' form; msgstr[0]: one, msgstr[1]: many, msgstr[2]: other
#: data/i18n/en.yaml:10
#, python-brace-format
msgctxt "hours.closed_on_dates"
msgid "closed on {dates}"
msgid_plural "closed on the dates {dates}"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
"""
# English has one text where French has gender forms: it is each form's source. (The
# English lines after line 10 are two further down: its plural has three lines.)
GENDER_PO = """\
#. keep the values {response}, {service}, {time}; data/i18n/en.yaml has one text where fr has forms
#: data/i18n/en.yaml:58
#, python-brace-format
msgctxt "open_now.active#feminine"
msgid "{service} active until {time}, response within {response}"
msgstr ""
"""
COUNTRY_PO = """\
#: data/i18n/en.yaml:156
msgctxt "countries.AT.from"
msgid "Austria"
msgstr ""
"""
MANY_UNIT = """\
    <unit name="hours.closed_on_dates#many">
      <notes>
        <note category="helpsite">keep the values {dates}; data/i18n/en.yaml has no 'many' form: this is its 'other' form</note>
      </notes>
      <originalData>
        <data id="d1">{dates}</data>
      </originalData>
      <segment id="s1" state="initial">
        <source>closed on the dates <ph id="1" dataRef="d1"/></source>
      </segment>
    </unit>
"""
FEMININE_UNIT = """\
    <unit name="open_now.active#feminine">
      <notes>
        <note category="helpsite">keep the values {response}, {service}, {time}; data/i18n/en.yaml has one text where fr has forms</note>
      </notes>
"""
COUNTRY_UNIT = """\
    <unit name="countries.AT.in">
      <segment id="s1" state="initial">
        <source>in Austria</source>
      </segment>
    </unit>
"""


def test_po_has_a_plural_entry_in_frenchs_order_and_an_entry_per_other_form(french, capsys):
    sent = export(capsys, french, "fr", "po").read_text(encoding="utf-8")
    for snippet in (PLURAL_PO, GENDER_PO, COUNTRY_PO):
        assert f"\n{snippet}\n" in sent
    assert "\nmsgctxt \"open_now.active#masculine\"\n" in sent
    assert '"Plural-Forms: nplurals=3; plural=' in sent
    if shutil.which("msgfmt"):  # gettext's own check of the header and the plural entries
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(french.parent / "fr.po")],
                       check=True)


def test_xliff_has_a_unit_per_form_with_the_source_of_the_matching_form(french, capsys):
    sent = export(capsys, french, "fr", "xliff").read_text(encoding="utf-8")
    sent = re.sub(r'<unit id="u\d+" ', "<unit ", sent)
    for snippet in (MANY_UNIT, FEMININE_UNIT, COUNTRY_UNIT):
        assert snippet in sent
    names = re.findall(r'name="(hours\.closed_on_dates#\w+)"', sent)
    assert names == [f"hours.closed_on_dates#{name}" for name in ("one", "many", "other")]


def test_a_plural_entry_with_too_few_forms_is_one_line_and_nothing_is_written(french, capsys):
    texts = existing((REPO / "data/i18n/fr.yaml").read_text(encoding="utf-8"), "fr")
    done = fill_po(export(capsys, french, "fr", "po"), texts, "fr")
    po = polib.pofile(str(done), wrapwidth=0)
    entry = next(entry for entry in po if entry.msgctxt == "hours.closed_on_dates")
    del entry.msgstr_plural[2]
    po.save(str(done))
    # polib's line of an entry is its first, the translator's comment.
    line = done.read_text(encoding="utf-8").splitlines().index(PLURAL_PO.splitlines()[0]) + 1
    before = snapshot(french)
    code, _, err = import_(capsys, french, done)
    first, *rest = err.splitlines()
    assert code == 2 and first.startswith(
        f"{done}:{line}:1: segment hours.closed_on_dates: 2 plural form(s), but fr has 3: "
        "one, many, other; give msgstr[0] to msgstr[2] in that order (Plural-Forms: nplurals=3;")
    assert rest == ["1 problem(s); nothing was written"] and snapshot(french) == before


def test_a_form_french_lacks_or_leaves_out_is_refused_where_the_unit_is(french, capsys):
    texts = existing((REPO / "data/i18n/fr.yaml").read_text(encoding="utf-8"), "fr")
    exported = export(capsys, french, "fr", "xliff")
    # A tool that renamed the many unit: French has no few, and many is then missing.
    done = fill_xliff(exported, texts)
    text = done.read_text(encoding="utf-8").replace('name="hours.closed_on_dates#many"',
                                                   'name="hours.closed_on_dates#few"')
    done.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    target = {name: next(number for number, row in enumerate(lines, 1) if number > start
                         and "<target>" in row)
              for name in ("one", "few")
              for start in [next(number for number, row in enumerate(lines, 1)
                                 if f'name="hours.closed_on_dates#{name}"' in row)]}
    before = snapshot(french)
    code, _, err = import_(capsys, french, done)
    assert code == 2 and err.splitlines() == [  # in the file's order
        f"{done}:{target['one']}:1: segment hours.closed_on_dates#one: the form(s) many of "
        "string hours.closed_on_dates are not translated; translate every form of it, or none",
        f"{done}:{target['few']}:1: segment hours.closed_on_dates#few: fr has no plural "
        "category 'few'; its forms are one, many, other: translate those (export again for "
        "their units)",
        "2 problem(s); nothing was written"]
    assert snapshot(french) == before


def test_set_strings_writes_forms_and_keeps_what_holds_already():
    from helpsite.cli.exchange import set_strings
    text = ("a:\n  b: eins  # untranslated\n  c:\n    one: x  # untranslated\n    other: y\n"
            "  d: {in: i, from: f}  # untranslated\n  e: |  # untranslated\n    z\n")
    assert set_strings(text, "t.yaml", {
        "a.b": {"one": "e", "other": "f"},  # one text becomes forms
        "a.c": {"one": "x", "many": "m", "other": "y"},  # a form added: written anew
        "a.d.in": "i", "a.d.from": "g",  # the flow mapping's mark goes with its last text
        "a.e": "z\n",  # as it is: only the mark goes
        "a.f": {"one": "n", "other": "o"},  # missing: added as forms
    }) == ('a:\n  b: {one: "e", other: "f"}\n  c: {one: "x", many: "m", other: "y"}\n'
           '  d: {in: i, from: "g"}\n  e: |\n    z\n  f: {one: "n", other: "o"}\n')
