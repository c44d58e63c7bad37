"""Strings with forms in the translation exchange: plural strings travel as PO plurals
(msgstr[i] in the target's CLDR order) or one XLIFF unit per category, gender and country
forms one entry or unit each; an import writes them back as forms, refuses forms the
language lacks or leaves out, and a round trip reproduces every strings file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree

from helpsite.cli.main import main
from helpsite.model.strings import flatten, plural_categories
from helpsite.sources.yamlsource import parse_yaml

from conftest import REPO

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


def import_(capsys, root: Path, file: Path) -> tuple[int, str, str]:
    code = main(["translations", "import", str(file), "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def existing(original: str, lang: str) -> dict[str, str]:
    """Each segment id's text in the file as it was: ``key`` or ``key#form``."""
    entries, problems = flatten(parse_yaml(original, lang), original.splitlines())
    assert not problems
    return {f"{key}#{name}" if name else key: text for key, entry in entries.items()
            for name, text in (entry.forms or [("", entry.text)])}


def fill_po(file: Path, texts: dict[str, str], lang: str) -> Path:
    po = polib.pofile(str(file))
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
