"""The MkDocs hooks on a two-language fixture site, through MkDocs' own API."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import normalise_spaces


def build_site(root: Path) -> Path:
    site = root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config)
    return site


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def error_of_build(root: Path, caplog: pytest.LogCaptureFixture) -> str:
    """MkDocs logs a hook's PluginError and aborts; return what it logged."""
    with pytest.raises(Abort):
        build_site(root)
    return caplog.text


def test_builds_both_languages_with_facts_filled_in(tiny):
    site = build_site(tiny)
    german = normalise_spaces((site / "index.html").read_text())
    danish = normalise_spaces((site / "da" / "index.html").read_text())
    assert '<html lang="de"' in german and '<html lang="da"' in danish
    assert "Zeiten: Montag–Donnerstag 08:00–16:00 Uhr und Freitag 08:00–15:00 Uhr." in german
    assert "Åbent: mandag–torsdag 08.00–16.00 og fredag 08.00–15.00." in danish
    for page in (german, danish):
        assert '<a href="tel:+4570211813">+45 7021 1813</a>' in page
    assert 'href="mailto:help@example.org"' in german
    assert 'href="mailto:hjaelp@example.org"' in danish and "help@example.org" not in danish


def test_html_in_a_value_is_escaped(tiny):
    desk = tiny / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace("Kleiner Desk", "<script>alert(1)</script> Desk"))
    page = (build_site(tiny) / "index.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Desk" in page


def test_bad_data_stops_the_build_and_keeps_the_previous_site(tiny, caplog):
    site = build_site(tiny)
    before = snapshot(site)
    desk = tiny / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace('to: "16:00"', 'to: "16:60"'))
    message = error_of_build(tiny, caplog)
    assert "data/desks/desk.yaml:10:44: '16:60' is not a time of day (00:00 to 24:00)" in message
    assert snapshot(site) == before


def test_placeholder_that_names_nothing_is_an_error_with_its_line(tiny, caplog):
    page = tiny / "docs" / "da" / "index.md"
    page.write_text(page.read_text().replace("support.hours", "support.hourz"))
    message = error_of_build(tiny, caplog)
    assert "docs/da/index.md:9:8: placeholder names nothing:" in message
    assert "'hourz'" in message


def test_unknown_desk_in_a_placeholder_lists_the_known_ones(tiny, caplog):
    page = tiny / "docs" / "de" / "index.md"
    page.write_text(page.read_text().replace("# {{ desk.name }}", "# {{ desks.other.name }}"))
    assert "docs/de/index.md:6:3: there is no desk 'other' (known: desk)" in error_of_build(tiny, caplog)


def test_string_missing_in_one_language(tiny, caplog):
    strings = tiny / "data" / "i18n" / "da.yaml"
    strings.write_text(strings.read_text().replace("  number: Telefonnummer\n", ""))
    message = error_of_build(tiny, caplog)
    assert ("data/i18n/da.yaml:6:3: string 'lines.number' is missing here "
            "(it is at data/i18n/de.yaml:7:11); add it (the YAML below)") in message


def test_page_missing_in_one_language(tiny, caplog):
    (tiny / "docs" / "da" / "index.md").unlink()
    assert "docs/da/index.md is missing: every page exists in every language" in error_of_build(tiny, caplog)


def test_unknown_front_matter_key(tiny, caplog):
    page = tiny / "docs" / "de" / "index.md"
    page.write_text(page.read_text().replace("source_language:", "sorce_language:"))
    assert "docs/de/index.md:3:1: unknown key 'sorce_language': did you mean 'source_language'?" in error_of_build(tiny, caplog)


def test_languages_of_mkdocs_yml_and_strings_must_agree(tiny, caplog):
    os.remove(tiny / "data" / "i18n" / "da.yaml")
    assert "mkdocs.yml builds ['da', 'de'] but data/i18n/ has ['de']" in error_of_build(tiny, caplog)


def test_a_line_shown_in_no_language_of_the_site_is_an_error(tiny, caplog):
    desk = tiny / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace("    services: [support]\n",
                                             "    services: [support]\n    languages: [it]\n"))
    assert ("data/desks/desk.yaml:16:16: this line is shown in none of the site's languages "
            "(da, de)") in error_of_build(tiny, caplog)
