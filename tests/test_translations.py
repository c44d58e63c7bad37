"""`helpsite translations export|import`: a language's pages and strings travel as XLIFF 2.0
or PO through a translator's tool and come back checked, all or nothing."""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.site.checks import source_hash
from helpsite.cli.main import main
from helpsite.cli.exchange import set_strings

from conftest import REPO, TINY, write

X = {"x": "urn:oasis:names:tc:xliff:document:2.0"}

GUIDE = """\
---
desk: desk
source_language: de
title: Anleitung
---

# Anleitung für {{ desk.name }}

Rückrufe sind 14 Tage lang möglich. Schreiben Sie an {{ desk.email }}
oder rufen Sie `support --now` auf.

- Öffnen Sie die [Übersicht](https://example.org/a).
- Wählen Sie <b>Hilfe</b>.

<!-- helpsite: ignore-prose-values -->
| Stufe | Antwort |
| --- | --- |
| Notfall | 2 Stunden |

```text
curl https://example.org
```
"""

# The segments of GUIDE, by hand: page name and source line (a table cell adds its column).
GUIDE_SEGMENTS = {
    "guide.md#title": "Anleitung",
    "guide.md#7": "Anleitung für {{ desk.name }}",
    "guide.md#9": "Rückrufe sind 14 Tage lang möglich. Schreiben Sie an {{ desk.email }} "
                  "oder rufen Sie `support --now` auf.",
    "guide.md#12": "Öffnen Sie die [Übersicht](https://example.org/a).",
    "guide.md#13": "Wählen Sie <b>Hilfe</b>.",
    "guide.md#16.1": "Stufe", "guide.md#16.2": "Antwort",
    "guide.md#18.1": "Notfall", "guide.md#18.2": "2 Stunden",
}


DUTCH = {
    "Rückrufe sind 14 Tage lang möglich. Schreiben Sie an {{ desk.email }} oder rufen Sie "
    "`support --now` auf.": "Terugbellen kan 14 dagen lang. Schrijf naar {{ desk.email }} of "
                            "voer `support --now` uit.",
}


def translate(text: str) -> str:
    """What the test's translator writes: Dutch where the test knows it, else the text marked
    as Dutch; values untouched."""
    return DUTCH.get(text, f"NL {text}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The tiny site with a richer page (de, and da translated), then Dutch added by
    `helpsite new language nl`: every nl page and string awaits translation."""
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    config = root / "mkdocs.yml"
    # The home pages are translated from German: check --site follows their language
    # selector's absolute links (/tiny/da/) into the site.
    config.write_text("site_url: https://example.org/tiny/\n" + config.read_text()
                      .replace("HOOKS_DIR", str(REPO / "hooks"))
                      .replace("OVERRIDES_DIR", str(REPO / "overrides")))
    write(root, "docs/de/guide.md", GUIDE)
    danish = (GUIDE.replace("title: Anleitung", f"title: Vejledning\ntranslated_from: "
                                                f"{source_hash(GUIDE)}"))
    write(root, "docs/da/guide.md", danish)
    assert main(["new", "language", "nl", "--root", str(root)]) == 0
    return root


def export(capsys, root: Path, form: str) -> Path:
    out = root.parent / f"nl.{'po' if form == 'po' else 'xlf'}"
    code = main(["translations", "export", "nl", "--format", form, "-o", str(out),
                 "--root", str(root)])
    capsys.readouterr()
    assert code == 0
    return out


def import_(capsys, root: Path, file: Path) -> tuple[int, str, str]:
    code = main(["translations", "import", str(file), "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def fill_po(file: Path, change=None) -> Path:
    po = polib.pofile(str(file))
    for entry in po:
        entry.msgstr = translate(entry.msgid)
        if change and entry.msgctxt == change[0]:
            entry.msgstr = change[1](entry.msgstr)
    done = file.with_name("done.po")
    po.save(str(done))
    return done


def fill_xliff(file: Path, change=None) -> Path:
    """As a CAT tool does: each target the translated source, its inline <ph> elements kept
    in their places."""
    tree = etree.parse(str(file))
    for unit in tree.iterfind(".//x:unit", X):
        data = {item.get("id"): item.text for item in unit.iterfind("x:originalData/x:data", X)}
        for segment in unit.iterfind("x:segment", X):
            target = copy.deepcopy(segment.find("x:source", X))
            target.tag = f"{{{X['x']}}}target"
            text = translate("".join([target.text or "", *(data[ph.get("dataRef")]
                                                           + (ph.tail or "") for ph in target)]))
            previous = None
            for ph in target:  # the translation's text between the same placeholders
                before, text = text.split(data[ph.get("dataRef")], 1)
                if previous is None:
                    target.text = before
                else:
                    previous.tail = before
                previous = ph
            if previous is None:
                target.text = text
            else:
                previous.tail = text
            if change and unit.get("name") == change[0]:
                change[1](target)
            segment.append(target)
    done = file.with_name("done.xlf")
    tree.write(str(done), xml_declaration=True, encoding="UTF-8")
    return done


def check_xliff_structure(file: Path) -> None:
    """The XLIFF 2.0 core rules the file relies on, checked with lxml (the OASIS schema,
    xliff_core_2.0.xsd, is not shipped here; where XLIFF_CORE_XSD names a copy, the file is
    validated against it too): namespace and version, languages, unique NMTOKEN ids,
    children in the order the schema requires, every <ph> pointing at a <data> of its unit."""
    if os.environ.get("XLIFF_CORE_XSD"):
        schema = etree.XMLSchema(etree.parse(os.environ["XLIFF_CORE_XSD"]))
        assert schema.validate(etree.parse(str(file))), schema.error_log.last_error
    root = etree.parse(str(file)).getroot()
    assert root.tag == "{urn:oasis:names:tc:xliff:document:2.0}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "de", "nl")
    nmtoken = re.compile(r"[\w.:-]+")
    order = {"notes": 0, "originalData": 1, "segment": 2}
    file_ids = [file.get("id") for file in root]
    assert len(set(file_ids)) == len(file_ids) and all(map(nmtoken.fullmatch, file_ids))
    for element in root:
        assert etree.QName(element).localname == "file" and element.get("original")
        units = element.findall("x:unit", X)
        assert units and len({unit.get("id") for unit in units}) == len(units)
        for unit in units:
            assert nmtoken.fullmatch(unit.get("id"))
            names = [etree.QName(child).localname for child in unit]
            assert names == sorted(names, key=order.__getitem__) and names.count("segment") == 1
            data = {item.get("id") for item in unit.iterfind("x:originalData/x:data", X)}
            for source in unit.iterfind("x:segment/x:source", X):
                refs = [ph.get("dataRef") for ph in source]
                assert all(etree.QName(ph).localname == "ph" and len(ph) == 0 for ph in source)
                assert set(refs) == data and len(refs) == len(data)


def test_po_round_trip_builds_strictly_and_checks_clean(project, capsys):
    exported = export(capsys, project, "po")
    po = polib.pofile(str(exported))
    by_id = {entry.msgctxt: entry for entry in po}
    assert {key: by_id[key].msgid for key in GUIDE_SEGMENTS} == GUIDE_SEGMENTS
    assert by_id["guide.md#9"].comment == "keep as written: {{ desk.email }}  `support --now`"
    assert by_id["guide.md#9"].occurrences == [("docs/de/guide.md", "9")]
    assert by_id["mkdocs.yml#site_name"].msgid == "Tiny"
    # A string: the key path as context, the source language's text, its values flagged.
    active = by_id["open_now.open_until"]
    assert active.msgid == "{service}: jetzt geöffnet, bis {time}"
    assert "python-brace-format" in active.flags
    assert active.comment == "keep the values {service}, {time}"
    assert po.metadata["Language"] == "nl"

    code, out, err = import_(capsys, project, fill_po(exported))
    assert (code, err) == (0, ""), err
    assert "wrote docs/nl/guide.md" in out and "wrote data/i18n/nl.yaml" in out
    guide = (project / "docs/nl/guide.md").read_text(encoding="utf-8")
    assert guide == (
        "---\ndesk: desk\nsource_language: de\ntitle: \"NL Anleitung\"\n"
        f"translated_from: {source_hash(GUIDE)}\n---\n\n"
        "# NL Anleitung für {{ desk.name }}\n\n"
        "Terugbellen kan 14 dagen lang. Schrijf naar {{ desk.email }} of voer "
        "`support --now` uit.\n\n"
        "- NL Öffnen Sie die [Übersicht](https://example.org/a).\n"
        "- NL Wählen Sie <b>Hilfe</b>.\n\n"
        "<!-- helpsite: ignore-prose-values -->\n"
        "| NL Stufe | NL Antwort |\n| --- | --- |\n| NL Notfall | NL 2 Stunden |\n\n"
        "```text\ncurl https://example.org\n```\n")
    strings = (project / "data/i18n/nl.yaml").read_text(encoding="utf-8")
    assert "  # untranslated\n" not in strings
    assert strings.startswith("# Dutch strings, copied from de.yaml")  # comments kept
    assert '  open_until: "NL {service}: jetzt geöffnet, bis {time}"\n' in strings
    # The language's site name in mkdocs.yml, which `new language` copied and marked.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert '          site_name: "NL Tiny"\n' in config and "# untranslated" not in config

    assert main(["check", "--complete", "--root", str(project)]) == 0
    site = project.parent / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    assert "Terugbellen kan 14 dagen lang." in (site / "nl/guide/index.html").read_text()
    assert main(["check", "--site", str(site), "--root", str(project)]) == 0
    capsys.readouterr()
    # Nothing is left to send.
    assert main(["translations", "export", "nl", "--format", "po", "-o",
                 str(project.parent / "again.po"), "--root", str(project)]) == 0
    assert capsys.readouterr().out == "nothing in nl awaits translation from de; no file written\n"
    assert not (project.parent / "again.po").exists()


def test_pages_written_in_another_language_travel_in_their_own_file(project, capsys):
    # XLIFF has one source language per file (srcLang), and so does a PO's msgid.
    assert main(["new", "page", "notes", "--source-language", "da", "--title", "Noter om 2 dage",
                 "--root", str(project)]) == 0
    capsys.readouterr()
    out = project.parent / "nl-da.xlf"
    assert main(["translations", "export", "nl", "-o", str(project.parent / "nl.xlf"),
                 "--root", str(project)]) == 0
    assert capsys.readouterr().out.startswith(
        "not in this file: notes.md, written in da; export them with: helpsite "
        "translations export nl --source da\n")
    assert main(["translations", "export", "nl", "--source", "da", "-o", str(out),
                 "--root", str(project)]) == 0
    assert capsys.readouterr().out.endswith(
        f"wrote {out}: 1 page(s) in 1 segment(s), 0 string(s), from da to nl\n")
    root = etree.parse(str(out)).getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == ("da", "nl")
    assert [unit.get("name") for unit in root.iterfind(".//x:unit", X)] == ["notes.md#5"]
    code, output, _ = import_(capsys, project, fill_xliff(out))
    assert (code, output) == (0, "wrote docs/nl/notes.md\n")
    assert "# NL Noter om 2 dage\n" in (project / "docs/nl/notes.md").read_text(encoding="utf-8")


def test_xliff_round_trip_writes_what_po_writes(project, capsys, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    exported = export(capsys, project, "xliff")
    check_xliff_structure(exported)
    unit = etree.parse(str(exported)).find(".//x:unit[@name='guide.md#9']", X)
    assert [item.text for item in unit.iterfind("x:originalData/x:data", X)] == [
        "{{ desk.email }}", "`support --now`"]
    source = unit.find("x:segment/x:source", X)
    assert source.text == "Rückrufe sind 14 Tage lang möglich. Schreiben Sie an "
    assert [ph.get("dataRef") for ph in source] == ["d1", "d2"]

    done = fill_xliff(exported)
    check_xliff_structure(done)
    assert import_(capsys, project, done)[0] == 0
    assert import_(capsys, twin, fill_po(export(capsys, twin, "po")))[0] == 0
    assert snapshot(project / "docs") == snapshot(twin / "docs")
    assert snapshot(project / "data") == snapshot(twin / "data")


def tampered_number(target) -> None:
    target.text = target.text.replace("14", "15")  # the text before the first <ph>


@pytest.mark.parametrize("form, change, message", [
    ("po", ("guide.md#9", lambda text: text.replace("14", "15")),
     "segment guide.md#9: duration 14 Tage became 15 dagen; write the source's values as they are"),
    ("xliff", ("guide.md#9", tampered_number),
     "segment guide.md#9: duration 14 Tage became 15 dagen; write the source's values as they are"),
    ("po", ("guide.md#9", lambda text: text.replace("{{ desk.email }}", "help@example.org")),
     "segment guide.md#9: {{ desk.email }} is missing; keep placeholders, values in braces, "
     "code and markup exactly as in the source"),
    ("xliff", ("guide.md#9", lambda target: target.remove(target[0])),
     "segment guide.md#9: {{ desk.email }} is missing"),
    ("po", ("open_now.open_until", lambda text: text.replace("{time}", "{hour}")),
     "segment open_now.open_until: {time} is missing"),
    ("po", ("guide.md#12", lambda text: text.replace("/a)", "/b)")),
     "segment guide.md#12: ](https://example.org/a) is missing"),
])
def test_a_tampered_segment_is_refused_with_its_id_and_nothing_is_written(
        project, capsys, form, change, message):
    exported = export(capsys, project, form)
    done = (fill_po if form == "po" else fill_xliff)(exported, change)
    before = snapshot(project)
    code, out, err = import_(capsys, project, done)
    assert code == 2 and out == ""
    first, count = err.splitlines()
    assert re.fullmatch(rf"{re.escape(str(done))}:\d+:1: {re.escape(message)}.*", first)
    assert count == "1 problem(s); nothing was written"
    assert snapshot(project) == before


def test_a_source_changed_since_the_export_is_refused(project, capsys):
    exported = export(capsys, project, "po")
    done = fill_po(exported)
    source = project / "docs/de/guide.md"
    source.write_text(GUIDE.replace("14 Tage", "21 Tage"), encoding="utf-8")
    code, _, err = import_(capsys, project, done)
    assert code == 2
    assert "segment guide.md#title: its source changed or it was translated since the " \
           "export; export again" in err


def test_a_page_half_translated_is_left_and_said_strings_are_written(project, capsys):
    exported = export(capsys, project, "po")
    po = polib.pofile(str(exported))
    for entry in po:
        if entry.msgctxt != "guide.md#13" and entry.msgctxt.startswith(("guide", "hours.")):
            entry.msgstr = translate(entry.msgid)
    po.save(str(exported))
    before = (project / "docs/nl/guide.md").read_text(encoding="utf-8")
    code, out, _ = import_(capsys, project, exported)
    assert code == 0
    assert ("docs/nl/guide.md: left as it was: 1 of 9 segment(s) not translated yet "
            "(first: guide.md#13)") in out
    assert (project / "docs/nl/guide.md").read_text(encoding="utf-8") == before
    strings = (project / "data/i18n/nl.yaml").read_text(encoding="utf-8")
    assert '  every_day: "NL täglich"\n' in strings
    assert "  number: Telefonnummer  # untranslated\n" in strings


def test_exporting_the_source_language_or_an_unknown_one_says_what_to_do(project, capsys):
    assert main(["translations", "export", "de", "--root", str(project)]) == 2
    assert ("'de' is the language the pages are translated from; name a language they are "
            "translated into") in capsys.readouterr().err
    assert main(["translations", "export", "fr", "--root", str(project)]) == 2
    assert ("data/i18n/fr.yaml does not exist; add it with: helpsite new language fr"
            in capsys.readouterr().err)


def test_set_strings_replaces_adds_and_keeps_comments():
    text = ("# strings\na:\n  b: alt  # untranslated\n  c: |  # untranslated\n"
            "    eins\n    zwei\n  d: x  # a note\n")
    assert set_strings(text, "t.yaml", {"a.b": 'neu "1"'}) == (
        '# strings\na:\n  b: "neu \\"1\\""\n  c: |  # untranslated\n    eins\n    zwei\n'
        "  d: x  # a note\n")
    assert set_strings(text, "t.yaml", {"a.c": "drei"}) == (
        '# strings\na:\n  b: alt  # untranslated\n  c: "drei"\n  d: x  # a note\n')
    assert set_strings(text, "t.yaml", {"a.e.f": "neu"}) == text + '  e:\n    f: "neu"\n'
    assert set_strings(text, "t.yaml", {"g": "neu"}) == text + 'g: "neu"\n'
    # All at once, as an import does: one reading of the file.
    assert set_strings(text, "t.yaml", {"a.b": "x", "a.c": "y", "a.e": "z"}) == (
        '# strings\na:\n  b: "x"\n  c: "y"\n  d: x  # a note\n  e: "z"\n')



LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
          + ']>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" '
          'trgLang="nl"><file id="f1"><unit id="u1" name="hours.every_day"><segment>'
          '<source>x</source><target>&i;</target></segment></unit></file></xliff>\n')


@pytest.mark.parametrize("name, text, message", [
    # Entities are not expanded past libxml2's limit; its column is its own.
    ("laughs.xlf", LAUGHS, ": not well-formed XML: Maximum entity amplification factor"),
    ("cut.xlf", "<xliff", ": not well-formed XML:"),
    ("other.xlf", '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
     ':1:1: not an XLIFF 2 file'),
    ("garbage.po", "garbage", ":1:1: not a PO file polib can read"),
    ("nolang.po", 'msgid ""\nmsgstr ""\n', ":1:1: the file does not name its languages"),
])
def test_a_file_that_is_not_an_exchange_file_is_one_line_and_nothing_changes(
        project, capsys, name, text, message):
    file = project.parent / name
    file.write_text(text, encoding="utf-8")
    before = snapshot(project)
    code, out, err = import_(capsys, project, file)
    assert (code, out) == (2, "") and re.match(rf"{re.escape(str(file))}:\d+:\d+", err)
    assert message.lstrip(":0123456789") in err
    assert err.endswith("\n1 problem(s); nothing was written\n") and err.count("\n") == 2
    assert snapshot(project) == before


def test_a_missing_file_or_another_kind_is_named(project, capsys):
    missing = project.parent / "nl.po"
    assert import_(capsys, project, missing) == (
        2, "", f"helpsite translations import: {missing} does not exist; give the file the "
               "translator sent back\n")
    assert import_(capsys, project, project / "mkdocs.yml")[2] == (
        f"helpsite translations import: {project / 'mkdocs.yml'}: give a .po, .xlf or .xliff "
        "file\n")


def test_segments_leave_code_comments_and_admonition_markers_as_they_are():
    from helpsite.cli.exchange import Segment, page_pieces
    from helpsite.sources.pagefile import split_page

    text = ("---\nsource_language: de\n---\n\n!!! note \"Hinweis\"\n    Bitte 5 Tage warten.\n\n"
            "<!--\n```\nkein Code\n-->\nText *eins*\n   weiter.\n\n```\n<!-- im Code\n```\n")
    pieces = page_pieces(split_page(text, "docs/de/n.md"), "n.md")
    segments = [(piece.id, piece.source) for piece in pieces if isinstance(piece, Segment)]
    assert segments == [("n.md#6", "Bitte 5 Tage warten."), ("n.md#12", "Text *eins* weiter.")]
    assert "".join(f"<{piece.id}>" if isinstance(piece, Segment) else piece
                   for piece in pieces) == (
        "\n!!! note \"Hinweis\"\n    <n.md#6>\n\n<!--\n```\nkein Code\n-->\n<n.md#12>\n\n"
        "```\n<!-- im Code\n```\n")


def test_a_segment_whose_source_changed_is_refused_even_without_page_versions(project, capsys):
    # Some tools drop the header that records each page's version; the source text stays.
    exported = export(capsys, project, "po")
    done = fill_po(exported)
    po = polib.pofile(str(done))
    del po.metadata["X-Helpsite-Source-Versions"]
    po.save(str(done))
    (project / "docs/de/guide.md").write_text(GUIDE.replace("Wählen Sie", "Nehmen Sie"),
                                               encoding="utf-8")
    code, _, err = import_(capsys, project, done)
    assert code == 2
    assert [line.split(": ", 1)[1] for line in err.splitlines()[:-1]] == [
        "segment guide.md#13: its source changed or it was translated since the export; "
        "export again"]
