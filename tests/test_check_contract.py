"""The checks' contract, as Weblate's checks/base.py has one: each check a class with an id
that also names its ignore flag, a name, a description and a scope, registered; every
check reports the one Finding type, with its check's id, file, line and column."""

from conftest import REPO
from helpsite.drift.findings import OUTDATED, Finding
from helpsite.model.load import load_data
from helpsite.site import checks
from helpsite.site.checks import (CHECKS, BuiltSite, Files, OutdatedTranslations, Scope,
                                  run_checks)
from helpsite.site.sitechecks import SiteValues
from helpsite.sources.blocks import Flag


def test_every_scope_has_its_checks_each_with_an_id_name_description_and_flag():
    ids = {scope: [check.id for check in checks] for scope, checks in CHECKS.items()}
    assert ids == {
        Scope.SOURCE: ["prose-values", "hidden-characters", "string-values", "fee-labels",
                       "outdated"],
        Scope.SITE: ["hidden-characters", "site-values"],
        Scope.EXTERNAL: ["hidden-characters", "compare"],
    }
    for checks in CHECKS.values():
        for check in checks:
            assert check.name and check.description
            assert str(check.flag) == f"ignore-{check.id}"


def test_flags_are_parsed_not_compared_as_strings():
    assert Flag.parse("ignore-prose-values") == Flag("prose-values")
    assert Flag.parse("ignore-") is None and Flag.parse("prose-values") is None
    assert Flag.all_in(["ignore-compare", "nonsense", "ignore-compare"]) == {Flag("compare")}
    # The built site honours the prose check's flag as well as its own.
    assert SiteValues().silenced_by == {Flag("site-values"), Flag("prose-values")}


def test_a_finding_knows_its_file_line_and_column():
    finding = Finding("prose-values", "time", "de", "da", None, "10:00", "docs/de/x.md:28",
                      "(not in the source)", column=36)
    assert (finding.file, finding.line, finding.column) == ("docs/de/x.md", 28, 36)
    html = Finding("site-values", "time", "es", "de", "22:00", "10:00",
                   "es/x/index.html li[2]", "x/index.html li[2]")
    assert (html.file, html.line, html.column) == ("es/x/index.html", None, None)


def test_an_outdated_translation_is_a_finding_that_reads_and_serialises_as_before():
    outdated = Finding(OutdatedTranslations.id, OUTDATED, "it", "de", "0123456789ab",
                       "ba9876543210", "docs/it/x.md", "docs/de/x.md",
                       next_step="check it, then run: helpsite confirm docs/it/x.md")
    assert str(outdated) == (
        "docs/it/x.md: [it] translation of docs/de/x.md was made from 0123456789ab, the "
        "source is now ba9876543210; check it, then run: helpsite confirm docs/it/x.md")
    assert outdated.as_dict() == {"path": "docs/it/x.md", "lang": "it", "source": "docs/de/x.md",
                                  "recorded": "0123456789ab", "current": "ba9876543210"}
    never = Finding(OutdatedTranslations.id, OUTDATED, "it", "de", None, "ba9876543210",
                    "docs/it/x.md", "docs/de/x.md")
    assert str(never) == "docs/it/x.md: [it] translation of docs/de/x.md was never confirmed"


def test_run_checks_on_pages_from_elsewhere():
    # "10:00" stands at column 15 of "Estamos a las 10:00."; the zero-width space at column
    # 11 of "Llame al 0<U+200B>800 123.", whose two numbers the German page lacks.
    found = run_checks(Files([("de", "a.txt", "Wir sind um 22:00 Uhr da.\n"),
                              ("es", "b.txt", "Estamos a las 10:00.\nLlame al 0\u200b800 123.\n")]),
                       Scope.EXTERNAL)
    assert [(f.check, f.file, f.line, f.column, f.message) for f in found] == [
        ("hidden-characters", "b.txt", 2, 11, 'hidden character U+200B ZERO WIDTH SPACE in '
                                              'the value "0<U+200B>800"; delete it and type '
                                              'the value again'),
        ("compare", "b.txt", 1, 15, "time 22:00 became 10:00"),
        ("compare", "b.txt", 2, 10, "number 0800 is not in the de source"),
        ("compare", "b.txt", 2, 15, "number 123 is not in the de source"),
    ]
    assert found[1].next_step.startswith("fix the translation")
    # In JSON a hidden character's place holds its column, as it always has.
    assert found[0].as_dict()["where"] == "b.txt:2:11"


def test_checking_a_built_site_keeps_no_page_in_memory(example_site):
    # The merge checks a whole site: remembered page texts grew with the site (2,000 articles
    # x 6: 1.3 GB); only the source pages' blocks, which every translation reads, are kept.
    checks._hidden_in_page.cache_clear()
    assert run_checks(BuiltSite(example_site, load_data(REPO)), Scope.SITE) == []
    assert checks._hidden_in_page.cache_info().currsize == 0
