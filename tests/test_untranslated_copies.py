"""Untranslated copies follow their source until someone translates them; `helpsite
translations refresh` makes a copy again from its source's current text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import normalise_spaces
from helpsite.cli.main import main
from helpsite.site.copies import copy_of
from helpsite.site.preview import Preview
from helpsite.site.project import load_project

SOURCE_ADDITION = "\nWir rufen bis 17:30 zurück.\n"


@pytest.fixture
def copied(tiny: Path) -> Path:
    """The tiny site with its Danish home page an untranslated copy of the German one, then
    a sentence with a value added to the German page."""
    source = tiny / "docs" / "de" / "index.md"
    (tiny / "docs" / "da" / "index.md").write_text(copy_of(source.read_text(), True))
    source.write_text(source.read_text() + SOURCE_ADDITION)
    return tiny


def check(capsys, root: Path) -> tuple[int, dict]:
    code = main(["check", "--root", str(root), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_copy_shows_its_sources_current_text_and_no_copy_fails(copied, capsys):
    # Before: "[da] time 17:30 is missing" and an outdated translation.
    assert check(capsys, copied) == (0, {"findings": [], "outdated": []})
    danish = normalise_spaces(load_project(copied).rendered["da/index.md"])
    assert "Wir rufen bis 17:30 zurück." in danish  # the source's text, as written
    assert "mandag–torsdag 08.00–16.00" in danish  # its facts in the copy's language
    assert "Zeiten:" in danish and "Åbent" not in danish


def test_an_edited_copy_shows_its_own_text_and_is_not_checked_until_translated(copied, capsys):
    page = copied / "docs" / "da" / "index.md"
    page.write_text(page.read_text().replace("Zeiten:", "Åbent (ikke færdig) 09:00:"))
    assert check(capsys, copied) == (0, {"findings": [], "outdated": []})
    assert "Åbent (ikke færdig) 09:00:" in load_project(copied).rendered["da/index.md"]
    # Its mark deleted, it is a translation: checked, and made from an older source.
    page.write_text(page.read_text().replace("untranslated: true\n", ""))
    code, report = check(capsys, copied)
    assert code == 1
    assert ("time", "09:00") in {(f["kind"], f["found"]) for f in report["findings"]}
    assert [item["path"] for item in report["outdated"]] == ["docs/da/index.md"]


def test_refresh_makes_the_copy_again_from_the_current_source(copied, capsys):
    page, source = copied / "docs" / "da" / "index.md", copied / "docs" / "de" / "index.md"
    assert main(["translations", "refresh", "da", "--root", str(copied)]) == 0
    assert capsys.readouterr().out == "wrote docs/da/index.md\n"
    assert page.read_text() == copy_of(source.read_text(), True)
    assert SOURCE_ADDITION.strip() in page.read_text()
    assert main(["translations", "refresh", "da", "index", "--root", str(copied)]) == 0
    assert capsys.readouterr().out == (
        "every untranslated copy in docs/da/ is already its source's current text\n")


def test_refresh_keeps_an_edited_copy_unless_forced(copied, capsys):
    page = copied / "docs" / "da" / "index.md"
    edited = page.read_text().replace("Zeiten:", "Åbent:")
    page.write_text(edited)
    assert main(["translations", "refresh", "da", "index", "--root", str(copied)]) == 2
    assert capsys.readouterr().err == (
        "helpsite translations refresh: docs/da/index.md was edited since it was copied, and "
        "shows its own text; translate it and delete its 'untranslated: true' line, or drop the "
        "edits with: helpsite translations refresh da index --force\n")
    assert page.read_text() == edited
    assert main(["translations", "refresh", "da", "--root", str(copied)]) == 0
    assert capsys.readouterr().out.startswith("left as it was: docs/da/index.md was edited")
    assert page.read_text() == edited
    assert main(["translations", "refresh", "da", "index", "--force", "--root", str(copied)]) == 0
    assert "Zeiten:" in page.read_text()


@pytest.mark.parametrize("args, message", [
    (["nl"], "the site has no language 'nl' (it has: da, de)"),
    (["da", "billing"], "docs/da/billing.md does not exist; name a page of docs/da/ without "
                        ".md, e.g. faq or billing/invoices"),
    (["de", "index"], "docs/de/index.md is not a copy of another language's page; only "
                      "untranslated copies are refreshed"),
])
def test_refresh_mistakes(copied, capsys, args, message):
    assert main(["translations", "refresh", *args, "--root", str(copied)]) == 2
    assert capsys.readouterr().err == f"helpsite translations refresh: {message}\n"


def test_a_translated_page_is_not_refreshed(tiny, capsys):
    assert main(["translations", "refresh", "da", "index", "--root", str(tiny)]) == 2
    assert capsys.readouterr().err == (
        "helpsite translations refresh: docs/da/index.md is translated (it has no "
        "'untranslated: true'); only untranslated copies are refreshed\n")


def test_the_preview_rebuilds_a_copy_when_its_source_changes(copied):
    preview = Preview(copied)
    preview.refresh()
    for page in sorted(preview.pending):
        preview.markdown(page, "")
        preview.built(page)
    source = copied / "docs" / "de" / "index.md"
    source.write_text(source.read_text().replace("17:30", "18:00"))
    preview.refresh()
    assert "da/index.md" in preview.pending
    assert "Wir rufen bis 18:00 zurück." in preview.markdown("da/index.md", "")
