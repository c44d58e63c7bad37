"""`helpsite new page|language|desk` on a copy of the example: each result builds strictly.

A strict build of the six-language example costs ~7 s of CPU and each command's load of it
~3 s, so the slow tests that build share three built projects (module fixtures), each
holding the changes of tests whose names do not meet (a page "billing", "billing/refunds"
and billing.md written by hand cannot share one);
the fixtures run each test's commands in its order and keep what they printed, the tests
assert on that, the project and its site. Tests that change a project further work on a
copy of its sources (data, docs, schema, mkdocs.yml): the only files `helpsite new` writes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.site import schema
from helpsite.cli.main import main
from helpsite.site.project import load_project
from helpsite.cli.scaffold import Plan, ScaffoldError

from conftest import REPO, cli, normalise_spaces

SOURCES = ("data", "docs", "schema")  # with mkdocs.yml: what `helpsite new` reads and writes


def copy_project(source: Path, target: Path, builds: bool = False) -> Path:
    """``source``'s sources at ``target``; ``builds``: with the hooks and overrides that
    MkDocs loads too."""
    for part in (*SOURCES, *(("hooks", "overrides") if builds else ())):
        shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example project's sources."""
    return copy_project(REPO, tmp_path / "example")


def build_strictly(project: Path) -> Path:
    site = project.parent / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


def new(project: Path, *args: str) -> tuple[int, str, str]:
    return cli("new", *args, "--root", str(project))


def snapshot(project: Path) -> dict[str, str]:
    return {file.relative_to(project).as_posix(): file.read_text(encoding="utf-8")
            for file in sorted(project.rglob("*")) if file.is_file()}


def without_languages(project: Path, *languages: str) -> None:
    """The example as it was before these languages were added."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for language in languages:
        (project / "data" / "i18n" / f"{language}.yaml").unlink()
        shutil.rmtree(project / "docs" / language)
        start = text.index(f"        - locale: {language}\n")
        end = text.index("build: true\n", start) + len("build: true\n")
        text = text[:start] + text[end:]
    config.write_text(text, encoding="utf-8")


class Made:
    """A project made by a fixture: what each command printed, by its arguments, and the
    site built from the result."""

    def __init__(self, project: Path) -> None:
        self.project, self.said, self.site = project, {}, None

    def new(self, *args: str) -> None:
        self.said[args] = new(self.project, *args)

    def check(self) -> None:
        self.said["check"] = cli("check", "--root", str(self.project))


@pytest.fixture(scope="module")
def topic(tmp_path_factory) -> Made:
    """A page in a new topic; built (test_new_page_in_a_topic_makes_the_topic_and_builds:
    its "billing" meets the other fixtures', and the one test outside the slow ones builds
    its own project, which would make this one's work part of every run)."""
    made = Made(copy_project(REPO, tmp_path_factory.mktemp("topic") / "example", builds=True))
    made.new("page", "billing/refunds", "--desk", "onoffice", "--title", "Erstattungen")
    made.site = build_strictly(made.project)
    return made


@pytest.fixture(scope="module")
def pages_and_desk(tmp_path_factory) -> Made:
    """A page written in German alone, then its copies; a page written in Italian; a desk
    and its page; built (test_a_page_written_in_one_language_gets_its_missing_copies,
    test_a_copy_awaiting_translation_says_so_and_marks_its_text_as_the_sources,
    test_new_desk_has_its_strings_in_every_language_and_a_page_can_show_it)."""
    made = Made(copy_project(REPO, tmp_path_factory.mktemp("pages") / "example", builds=True))
    (made.project / "docs" / "de" / "billing.md").write_text(
        "---\ndesk: onoffice\nsource_language: de\n---\n\n# Rechnungen\n\n"
        "Schreiben Sie an {{ desk.email }}.\n", encoding="utf-8")
    made.check()
    made.new("page", "billing", "--title", "X")
    made.new("page", "billing")
    made.new("page", "prezzi", "--source-language", "it", "--title", "Prezzi")
    # Last: the test compares the strings' schema with the one the project gives now.
    made.new("desk", "acme", "--name", "Acme Hilfe", "--timezone", "Europe/Vienna")
    made.new("page", "acme", "--desk", "acme")
    made.site = build_strictly(made.project)
    return made


@pytest.fixture(scope="module")
def desk_and_page(tmp_path_factory) -> Made:
    """A skeleton desk with pages showing its answer box, then a new page in every language;
    built (test_new_desk_is_a_skeleton_that_checks_and_whose_answer_box_builds,
    test_new_page_in_every_language_listed_on_each_home_page)."""
    made = Made(copy_project(REPO, tmp_path_factory.mktemp("desk") / "example", builds=True))
    # A name that would break spliced YAML stays one value: the file is written as data.
    made.new("desk", "acme", "--name", "Acme: 24/7 # 'best'")
    made.check()
    for language in load_project(made.project).languages:
        (made.project / "docs" / language / "acme.md").write_text(
            "---\ndesk: acme\n---\n\n# Acme\n\n{{ desks.acme.answer_box }}\n", encoding="utf-8")
    made.new("page", "billing", "--desk", "onoffice", "--title", "Rechnungen")
    made.site = build_strictly(made.project)
    return made


@pytest.fixture(scope="module")
def dutch(tmp_path_factory) -> Made:
    """Dutch added by `helpsite new language nl`; not built (the three tests that read it
    load it, check it or read its mkdocs.yml)."""
    made = Made(copy_project(REPO, tmp_path_factory.mktemp("dutch") / "example", builds=True))
    made.new("language", "nl")
    return made


def test_new_languages_build_strictly_and_the_site_check_passes(capsys, tmp_path):
    example = copy_project(REPO, tmp_path / "example", builds=True)
    without_languages(example, "fr", "en")
    for language in ("fr", "en"):
        code, out, err = new(example, "language", language)
        assert (code, err) == (0, "")
        assert f"wrote data/i18n/{language}.yaml" in out
    config = (example / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# The writers' status page is built but kept out of the customers' navigation." in config
    for language in ("fr", "en"):
        assert f'        - locale: "{language}"\n' in config  # quoted: YAML reads no as false
    assert ('          site_description: "Support-Kontakte, Zeiten und Gebühren, in jeder Sprache '
            'gleich."  # untranslated\n') in config
    site = build_strictly(example)
    page = normalise_spaces((site / "fr" / "onoffice" / "index.html").read_text())
    assert '<html lang="fr"' in page
    assert "lundi" in page and "vendredi" in page  # the hours in French, from CLDR
    assert main(["check", "--root", str(example), "--site", str(site), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


@pytest.mark.slow  # loads the six-language example twice: CI runs it
def test_a_new_languages_strings_are_the_sources_marked_untranslated(dutch):
    example = dutch.project
    assert dutch.said[("language", "nl")][0] == 0
    copy = (example / "data" / "i18n" / "nl.yaml").read_text(encoding="utf-8")
    assert "  every_day: täglich  # untranslated\n" in copy
    assert copy.startswith("# yaml-language-server: $schema=../../schema/strings.schema.json\n"
                           "# Dutch strings, copied from de.yaml")
    project = load_project(example)
    assert {project.strings.entry("nl", key).untranslated for key in project.strings.keys()} == {True}
    assert not any(project.strings.entry("de", key).untranslated for key in project.strings.keys())
    page = project.pages["nl/onoffice.md"]
    assert page.meta["untranslated"] is True
    assert page.body == project.pages["de/onoffice.md"].body
    # Each page is copied from its own source language: this article was written in Italian.
    assert project.pages["nl/contabilita.md"].body == project.pages["it/contabilita.md"].body


def test_a_page_written_in_another_language_is_copied_from_it(example):
    assert new(example, "page", "prezzi", "--source-language", "it")[0] == 0
    project = load_project(example)
    assert "untranslated" not in project.pages["it/prezzi.md"].meta
    copy = project.pages["de/prezzi.md"]
    assert (copy.meta["untranslated"], copy.meta["source_language"]) == (True, "it")
    assert project.outdated == []  # the copy records the version of its source


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_a_copy_awaiting_translation_says_so_and_marks_its_text_as_the_sources(pages_and_desk):
    assert pages_and_desk.said[("page", "prezzi", "--source-language", "it",
                                "--title", "Prezzi")][0] == 0
    site = pages_and_desk.site
    notices = {"": "Diese Seite ist noch nicht übersetzt; sie wird auf Italienisch angezeigt.",
               "da/": "Denne side er endnu ikke oversat; den vises på italiensk.",
               "fr/": "Cette page n’est pas encore traduite. Elle est affichée en italien."}
    for root, notice in notices.items():
        page = (site / root / "prezzi" / "index.html").read_text(encoding="utf-8")
        # The notice in the page's language, then the Italian text marked as Italian.
        assert re.search(f'<p class="helpsite-untranslated" role="note">{re.escape(notice)}'
                         '</p>\\s*<div lang="it">.*<h1 id="prezzi">Prezzi<', page, re.DOTALL), root
    source = (site / "it" / "prezzi" / "index.html").read_text(encoding="utf-8")
    assert 'class="helpsite-untranslated"' not in source and '<div lang="it">' not in source


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_new_page_in_every_language_listed_on_each_home_page(desk_and_page):
    example = desk_and_page.project
    code, out, err = desk_and_page.said[("page", "billing", "--desk", "onoffice",
                                         "--title", "Rechnungen")]
    assert (code, err) == (0, "")
    languages = sorted(file.stem for file in (example / "data" / "i18n").glob("*.yaml"))
    for language in languages:
        assert (example / "docs" / language / "billing.md").exists()
    site = desk_and_page.site
    for language in languages:
        home = site / ("" if language == "de" else language) / "index.html"
        assert '<a href="billing/">Rechnungen</a>' in home.read_text(encoding="utf-8")
    # The copies await translation: the writers' status page lists them as missing.
    status = (site / "it" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row">it</th><td>billing.md</td>' in status
    assert '<th scope="row">de</th><td>keine</td>' in (
        site / "translation-status" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_new_page_in_a_topic_makes_the_topic_and_builds(topic, tmp_path):
    made = topic
    code, out, err = made.said[("page", "billing/refunds", "--desk", "onoffice",
                                "--title", "Erstattungen")]
    assert (code, err) == (0, "")
    languages = sorted(file.stem for file in (made.project / "data" / "i18n").glob("*.yaml"))
    for language in languages:
        assert (made.project / "docs" / language / "billing" / "refunds.md").exists()
        assert (made.project / "docs" / language / "billing" / "index.md").exists()
    assert "# Billing\n" in (made.project / "docs" / "de" / "billing" / "index.md").read_text()
    page = (made.site / "billing" / "refunds" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Erstattungen" in page
    # A second article in the topic leaves the topic's page as the writer made it.
    example = copy_project(made.project, tmp_path / "example")
    (example / "docs" / "de" / "billing" / "index.md").write_text(
        "---\nsource_language: de\n---\n\n# Rechnungen\n", encoding="utf-8")
    assert new(example, "page", "billing/reminders")[0] == 0
    assert "# Rechnungen" in (example / "docs" / "de" / "billing" / "index.md").read_text()
    assert new(example, "page", "a/b/c")[1:] == (
        "", "helpsite new page: 'a/b/c': one topic folder at most, as in billing/refunds\n")


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_new_desk_has_its_strings_in_every_language_and_a_page_can_show_it(pages_and_desk):
    example = pages_and_desk.project
    code, out, err = pages_and_desk.said[("desk", "acme", "--name", "Acme Hilfe",
                                          "--timezone", "Europe/Vienna")]
    assert (code, err) == (0, "")
    assert pages_and_desk.said[("page", "acme", "--desk", "acme")][0] == 0
    assert (example / "data" / "desks" / "acme.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/desk.schema.json\n")
    project = load_project(example)
    assert project.data.desks["acme"].name == "Acme Hilfe"
    # Each language's existing name for a "support" service is reused.
    assert project.strings.entry("de", "services.acme.support").text == "Support"
    assert project.strings.entry("it", "services.acme.support").text == "Assistenza"
    # The editor schema of the strings knows the new key.
    strings_schema = (example / schema.STRINGS_FILE).read_text(encoding="utf-8")
    assert strings_schema == schema.generated(example, "de")[schema.STRINGS_FILE]
    assert '"acme"' in strings_schema
    assert pages_and_desk.site.is_dir()  # built strictly by the fixture


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_new_desk_is_a_skeleton_that_checks_and_whose_answer_box_builds(desk_and_page):
    example = desk_and_page.project
    # A name that would break spliced YAML stays one value: the file is written as data.
    code, _, err = desk_and_page.said[("desk", "acme", "--name", "Acme: 24/7 # 'best'")]
    assert (code, err) == (0, "")
    code, out, _ = desk_and_page.said["check"]
    assert code == 0
    assert out == "0 finding(s), 0 outdated translation(s)\n"
    desk = load_project(example).data.desks["acme"]
    # The site's languages, its default (mkdocs.yml: default: true) first; phonenumbers'
    # example number for Germany, the default language's likeliest country.
    assert (desk.name, desk.languages, desk.email) == (
        "Acme: 24/7 # 'best'", ("de", "da", "en", "es", "fr", "it"), "support@example.org")
    assert [(line.number.display, line.countries, line.services) for line in desk.lines] == [
        ("+49 30 123456", ("DE",), ("support",))]
    # (the fixture wrote an answer-box page for the desk in each language before building)
    for page in ("acme/index.html", "it/acme/index.html"):
        html = (desk_and_page.site / page).read_text(encoding="utf-8")
        assert "+49 30 123456" in html and "support@example.org" in html


@pytest.mark.slow  # loads the six-language example several times: CI runs it
def test_new_language_adds_its_search_stemmer_where_lunr_has_one(dutch, tmp_path):
    code, out, _ = dutch.said[("language", "nl")]
    assert code == 0 and "added nl to the search stemmers" in out
    config = (dutch.project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      lang: [de, it, es, da, en, fr, nl]\n" in config
    assert "# Every language's stemmer, named here" in config  # comments kept
    search = load_config(str(dutch.project / "mkdocs.yml")).plugins["material/search"].config
    assert search.lang == ["de", "it", "es", "da", "en", "fr", "nl"]
    # Polish: the theme has its labels, lunr no stemmer; the writer is told, the list kept.
    example = copy_project(dutch.project, tmp_path / "example")
    code, out, _ = new(example, "language", "pl")
    assert code == 0 and "search in pl finds whole words only: lunr has no stemmer" in out
    assert "      lang: [de, it, es, da, en, fr, nl]\n" in (example / "mkdocs.yml").read_text()


@pytest.mark.parametrize("args, message", [
    (["language", "xx"], "'xx' is not a language CLDR knows"),
    (["language", "FRA"], "'FRA' is not a two-letter language code"),
    (["language", "de"], "the site already has 'de': data/i18n/de.yaml exists"),
    (["page", "Billing Page"], "the page name 'Billing Page' is not an id: use lower-case "
                               "letters, digits, '-' or '_'"),
    (["page", "onoffice"], "already exists; choose another name"),
    (["page", "billing", "--desk", "nope"], "there is no desk 'nope' (known: contabilita, "
                                            "oneoffice, onoffice); create it with: "
                                            "helpsite new desk nope"),
    (["page", "billing", "--source-language", "pt"], "--source-language 'pt' is not one of"),
    (["desk", "onoffice"], "data/desks/onoffice.yaml already exists; choose another id"),
    (["desk", "acme", "--timezone", "Europe/Bxl"],
     "--timezone 'Europe/Bxl' is not an IANA time zone such as Europe/Berlin"),
    # The theme has no labels in these: the build would stop at TemplateNotFound.
    (["language", "no"], "the theme has no translation for 'no' (partials/languages/no.html)"),
    (["language", "ga"], "the theme has no translation for 'ga'"),
    # Published at /it/, the Italian home page's address; /onoffice/, a page's.
    (["page", "it"], "a page named 'it' would have the address of the 'it' language's pages"),
    (["page", "it/refunds"], "a page named 'it/refunds' would have the address of the 'it'"),
    (["page", "onoffice/index"], "docs/da/onoffice.md has the address that 'onoffice/index' "
                                 "would have"),
    (["desk", "acme", "--name", "Acme\nemail: x@example.com\n#"],
     "--name 'Acme\\nemail: x@example.com\\n#' holds a line break or control character"),
    (["desk", "acme", "--name", "Acme\x1b]0;owned\x07"], "holds a line break or control"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_changes(example, args, message):
    before = snapshot(example)
    code, out, err = new(example, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"helpsite new {args[0]}: ") and message in err
    assert err.count("\n") == 1
    assert snapshot(example) == before


def test_a_plan_that_would_not_load_is_undone(example):
    before = snapshot(example)
    plan = Plan(example, {"data/desks/zz.yaml": "name: Zed\n",
                          "docs/xx/page.md": "# A page in no language\n"})
    with pytest.raises(ScaffoldError) as caught:
        plan.apply()
    assert "data/desks/zz.yaml:1:1: 'timezone' is missing" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert snapshot(example) == before
    assert not (example / "docs" / "xx").exists()


@pytest.mark.slow  # loads the six-language example several times: CI runs it
def test_check_complete_fails_while_copies_await_translation(dutch, capsys):
    example = dutch.project
    assert dutch.said[("language", "nl")][0] == 0
    assert main(["check", "--root", str(example)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(example), "--complete"]) == 1
    err = capsys.readouterr().err.splitlines()
    # The copy of docs/de/onoffice.md: its fifth line is "untranslated: true".
    assert ("docs/nl/onoffice.md:5:15: not translated yet: translate the page and delete this "
            "line, then run helpsite confirm docs/nl/onoffice.md") in err
    assert "docs/nl/index.md:2:15: not translated yet: translate the page and delete this line" in err
    assert any(line.startswith("data/i18n/nl.yaml:") and "string 'hours.every_day' is not "
               "translated yet" in line for line in err)
    assert err[-1].endswith("await translation; --complete requires none")
    assert main(["check", "--root", str(REPO), "--complete"]) == 0


@pytest.mark.slow  # a strict build of the six-language example: CI runs it
def test_a_page_written_in_one_language_gets_its_missing_copies(pages_and_desk):
    example = pages_and_desk.project
    # (the fixture wrote docs/de/billing.md, "# Rechnungen" for onoffice, before the check)
    code, _, err = pages_and_desk.said["check"]
    assert code == 2
    assert ("docs/de/billing.md:1:1: docs/da/billing.md is missing: every page exists in every "
            "language; add untranslated copies with: helpsite new page billing"
            ) in err
    assert pages_and_desk.said[("page", "billing", "--title", "X")][0] == 2
    code, out, err = pages_and_desk.said[("page", "billing")]
    assert (code, err) == (0, "")
    assert "wrote docs/it/billing.md" in out
    copy = load_project(example).pages["it/billing.md"]
    assert copy.meta["untranslated"] is True
    assert copy.body == "\n# Rechnungen\n\nSchreiben Sie an {{ desk.email }}.\n"
    assert pages_and_desk.site.is_dir()  # built strictly by the fixture


def test_fee_list_shows_control_characters_escaped(example, capsys):
    desk = example / "data" / "desks" / "onoffice.yaml"
    desk.write_text(desk.read_text(encoding="utf-8").replace(
        "name: onOffice", 'name: "on\\e[31mOffice\\a"'), encoding="utf-8")
    assert main(["fee", "--list", "--root", str(example)]) == 0
    out = capsys.readouterr().out
    # (a direction override in a desk's text is refused at load: test_drift_hidden.py)
    assert "onoffice-emergency\ton\\x1b[31mOffice\\x07\tEUR\n" in out
    assert "\x1b" not in out and "\x07" not in out
