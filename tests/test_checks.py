"""The checks on this project's sources, its build and its built site."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpsite.cli.main import main

from conftest import REPO, cli


def copy_project(target: Path) -> Path:
    """A copy of the example project in ``target``."""
    for part in ("data", "docs", "overrides", "hooks"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the example project that a test may edit."""
    return copy_project(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(capsys, *args) -> tuple[int, dict]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_example_project_and_site_are_consistent(capsys, example_site):
    assert check(capsys, "--root", str(REPO), "--site", str(example_site)) == (
        0, {"findings": [], "outdated": []})


def test_number_typed_into_translated_prose_fails_the_strict_build(project, caplog):
    page = project / "docs" / "es" / "onoffice.md"
    edit(page, '{{ desk.service["night-emergency"].hours }}', "todos los días 10:00–7:30")
    with pytest.raises(Abort):
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True))
    # Where it is, and what to do about it.
    assert ("docs/es/onoffice.md:49:50: [es] time 10:00 is not in the de source; fix the "
            "translation, or if the difference is meant put <!-- helpsite: ignore-prose-values"
            " --> before the block") in caplog.text
    # As written: a writer searches the page for "7:30", not for "07:30".
    assert "docs/es/onoffice.md:49:56: [es] time 7:30 is not in the de source" in caplog.text


def test_prose_drift_from_the_command_line(project, capsys):
    # The German OneOffice page is a translation of the Danish one.
    edit(project / "docs" / "de" / "oneoffice.md",
         "Neue Fälle sehen wir innerhalb von {{ desk.service.support.triage_within }} durch",
         "Neue Fälle sehen wir innerhalb von 2 Stunden durch")
    code, report = check(capsys, "--root", str(project))
    assert code == 1
    assert report["findings"] == [{
        "kind": "duration", "lang": "de", "reference_lang": "da", "expected": None,
        "found": "PT2H", "where": "docs/de/oneoffice.md:28", "reference_where": "(not in the source)",
        "expected_text": None, "found_text": "2 Stunden",
    }]
    assert main(["check", "--root", str(project)]) == 1
    assert capsys.readouterr().out.startswith(
        "docs/de/oneoffice.md:28:36: [de] duration 2 Stunden is not in the da source; fix the "
        "translation, or if the difference is meant put <!-- helpsite: ignore-prose-values --> "
        "before the block\n")


def test_value_in_one_languages_string_is_an_undeclared_override(project, capsys):
    # "24 ore su 24" says around the clock (value_words.yaml): 48 hours do not
    edit(project / "data" / "i18n" / "it.yaml", "24 ore su 24, 7 giorni su 7",
         "per 48 ore, tutti i giorni")
    code, report = check(capsys, "--root", str(project))
    assert code == 1
    assert [(f["kind"], f["lang"], f["expected"], f["found"], f["where"])
            for f in report["findings"]] == [
        ("duration", "it", None, "P2D", "data/i18n/it.yaml:8")]


def test_changed_source_makes_translations_outdated_until_confirmed(project, capsys):
    edit(project / "docs" / "de" / "onoffice.md", "## An welche Adresse schreibe ich?",
         "## An welche Adresse schreibe ich eine E-Mail?")
    code, report = check(capsys, "--root", str(project))
    assert code == 1
    assert sorted(item["path"] for item in report["outdated"]) == [
        "docs/da/onoffice.md", "docs/en/onoffice.md", "docs/es/onoffice.md",
        "docs/fr/onoffice.md", "docs/it/onoffice.md"]
    assert main(["confirm", "--root", str(project), str(project / "docs/it/onoffice.md")]) == 0
    capsys.readouterr()
    _, report = check(capsys, "--root", str(project))
    assert sorted(item["path"] for item in report["outdated"]) == [
        "docs/da/onoffice.md", "docs/en/onoffice.md", "docs/es/onoffice.md",
        "docs/fr/onoffice.md"]


def test_status_page_lists_outdated_translations_and_is_not_in_the_navigation(project, caplog):
    edit(project / "docs" / "it" / "contabilita.md", "## Orari", "## Orari di assistenza")
    site = project / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    # Values on pages are escaped for Markdown ("[" as "&#91;"): compare the text shown.
    status = html.unescape((site / "it" / "translation-status" / "index.html").read_text("utf-8"))
    assert "Traduzioni superate" in status
    assert "docs/de/contabilita.md: [de] translation of docs/it/contabilita.md" in status
    assert "translation-status" not in (site / "it" / "index.html").read_text(encoding="utf-8")
    assert "docs/es/contabilita.md: [es] translation" in caplog.text  # warned in the build too


def test_site_check_names_the_page_and_element(project, capsys, example_site):
    site = project / "built"
    shutil.copytree(example_site, site)
    # The visible list item, not the copy in the page's FAQ JSON-LD.
    edit(site / "es" / "onoffice" / "index.html",
         "<li>Soporte de emergencia nocturno: todos los días 22:00–7:30",
         "<li>Soporte de emergencia nocturno: todos los días 10:00–7:30")
    code, report = check(capsys, "--root", str(project), "--site", str(site))
    assert code == 1
    assert [(f["kind"], f["expected"], f["found"], f["where"]) for f in report["findings"]] == [
        ("time", "22:00", "10:00", "es/onoffice/index.html li[9]")]


def test_site_check_shared_out_to_processes_finds_what_one_process_finds(
        project, example_site, monkeypatch):
    from helpsite.model.load import load_data
    from helpsite.site import sitechecks

    site = project / "built"
    shutil.copytree(example_site, site)
    edit(site / "es" / "onoffice" / "index.html",
         "<li>Soporte de emergencia nocturno: todos los días 22:00–7:30",
         "<li>Soporte de emergencia nocturno: todos los días 10:00–7:30")
    edit(site / "fr" / "onoffice" / "index.html",
         "<li>Support d’urgence de nuit : tous les jours 22:00\u2009–\u200907:30",
         "<li>Support d’urgence de nuit : tous les jours 23:00\u2009–\u200907:30")
    data = load_data(project)
    alone = sitechecks.SiteValues().findings(sitechecks.BuiltSite(site, data, workers=1))
    monkeypatch.setattr(sitechecks, "_PAGES_PER_WORKER", 1)  # the example is small: share it out
    shared = sitechecks.SiteValues().findings(sitechecks.BuiltSite(site, data, workers=3))
    assert shared == alone
    assert [(f.lang, f.expected, f.found, f.where) for f in shared] == [
        ("es", "22:00", "10:00", "es/onoffice/index.html li[9]"),
        ("fr", "22:00", "23:00", "fr/onoffice/index.html li[8]")]  # no Spanish line


def test_a_page_too_big_to_read_in_a_worker_process_is_one_line(
        project, example_site, capsys, monkeypatch):
    from helpsite.site import sitechecks

    site = project / "built"
    shutil.copytree(example_site, site)
    edit(site / "fr" / "onoffice" / "index.html", "</article>", "<b>" * 100_001 + "</article>")
    monkeypatch.setattr(sitechecks, "_PAGES_PER_WORKER", 1)
    assert main(["check", "--root", str(project), "--site", str(site)]) == 2
    error = capsys.readouterr().err
    assert "fr/onoffice/index.html: more than 100000 tags" in error and "Traceback" not in error


def test_a_source_error_survives_the_trip_from_a_worker_process():
    import pickle

    from helpsite.errors import Problem, SourceError

    error = SourceError([Problem("b.html", 3, 1, "not UTF-8"), Problem("a.html", 1, 2, "x")])
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_site_check_without_a_site_folder_is_unusable(capsys):
    assert main(["check", "--root", str(REPO), "--site", "/nonexistent"]) == 2


@pytest.fixture(scope="module")
def flagged(tmp_path_factory) -> dict:
    """One project and one build for the two tests of flags (each flag silences its own
    page's values, so they share them): a block flag in the German OneOffice page, then a
    time typed into the Spanish onOffice page, then a page flag there; each step checked."""
    project = copy_project(tmp_path_factory.mktemp("flagged"))
    said = {}
    edit(project / "docs" / "de" / "oneoffice.md",
         "Neue Fälle sehen wir innerhalb von {{ desk.service.support.triage_within }} durch",
         "<!-- helpsite: ignore-prose-values -->\n"
         "Neue Fälle sehen wir innerhalb von 2 Stunden durch")
    said["block flag"] = cli("check", "--root", str(project), "--format", "json")
    page = project / "docs" / "es" / "onoffice.md"
    edit(page, '{{ desk.service["night-emergency"].hours }}', "todos los días 10:00–7:30")
    said["time typed"] = cli("check", "--root", str(project), "--format", "json")
    edit(page, "faq: true\n", "faq: true\nflags: [ignore-prose-values]\n")
    said["page flag"] = cli("check", "--root", str(project), "--format", "json")
    site = project / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    return {"project": project, "site": site, "said": said}


@pytest.mark.slow  # a build of the six-language example: CI runs it
def test_a_flag_silences_one_block_and_the_status_page_lists_it(flagged, capsys):
    # (the fixture put the flag before the German OneOffice page's "2 Stunden")
    code, out, _ = flagged["said"]["block flag"]
    assert (code, json.loads(out)["findings"]) == (0, [])
    site = flagged["site"]
    status = (site / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert "Abgeschaltete Prüfungen" in status
    # Listed at the block it silences, the line after the comment.
    assert "docs/de/oneoffice.md:29: ignore-prose-values" in status
    # The comment reaches the built page: the site check honours it too.
    assert check(capsys, "--root", str(flagged["project"]), "--site", str(site))[1][
        "findings"] == []


@pytest.mark.slow  # a build of the six-language example: CI runs it
def test_a_page_flag_silences_the_page(flagged, capsys, tmp_path):
    # (the fixture typed "10:00–7:30" into the Spanish onOffice page, then flagged the page)
    assert flagged["said"]["time typed"][0] == 1
    assert json.loads(flagged["said"]["page flag"][1])["findings"] == []
    # The build writes the page's flags into its <meta>, which the site check reads.
    project = flagged["project"]
    site = flagged["site"]
    built = site / "es" / "onoffice" / "index.html"
    meta = '<meta name="helpsite:flags" content="ignore-prose-values">'
    assert meta in built.read_text(encoding="utf-8")
    assert check(capsys, "--root", str(project), "--site", str(site))[1]["findings"] == []
    site = shutil.copytree(site, tmp_path / "site")  # the other test reads the built site
    built = site / "es" / "onoffice" / "index.html"
    edit(built, meta, "")
    code, report = check(capsys, "--root", str(project), "--site", str(site))
    assert (code, [(f["kind"], f["expected"], f["found"]) for f in report["findings"]]) == (
        1, [("time", "22:00", "10:00")])
