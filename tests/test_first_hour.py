"""A newcomer's first hour, replayed: a two-language site (the example's German and Danish
strings, one small desk), then a new desk with a fee in both languages, its page built,
Dutch added, the Danish page translated, and each mistake issue 22 met on the way, with
what helpsite now says (file:line:col and the next step).

The steps run in order on one project (module scope); each test is one step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, TINY, _merge, normalise_spaces, write
from helpsite.cli.main import main
from helpsite.site.preview import Preview

PAGE = """\
---
desk: acme
source_language: de
---

# Acme-Support

{{ desk.answer_box }}

Sie erreichen uns {{ desk.service.support.hours }}, per E-Mail an {{ desk.email }}.

{{ desk.service.support.lines }}

## Was kostet ein Anruf?

{{ desk.fee["acme-ticket"].terms }}
"""

FEES = """\
fees:
  acme-ticket:
    currency: EUR
    services: [support]
    calls_from: [DE, AT]
    charges:
      - {kind: flat, label: ticket-fee, price: 15}
      - {kind: block, block: 5 minutes, price: 2.50}
  acme-evening:
    currency: EUR
    services: [support]
    office_hours: support
    when: {office_hours: outside}
    charges:
      - {kind: block, block: 15 minutes, price: 30}
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """The example's mkdocs.yml and home pages with German and Danish only, their strings,
    and the tiny fixture's desk."""
    root = tmp_path_factory.mktemp("first-hour") / "site"
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"        - locale: (it|es|en|fr)\n(?:          .*\n)+", "", config)
    config = (config.replace("lang: [de, it, es, da, en, fr]", "lang: [de, da]")
              .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
              .replace("  - hooks/helpsite_mkdocs.py", f"  - {REPO / 'hooks/helpsite_mkdocs.py'}")
              .replace("  - hooks\n", ""))
    write(root, "mkdocs.yml", config)
    shutil.copytree(TINY / "data" / "desks", root / "data" / "desks")
    for lang in ("de", "da"):
        strings = yaml.safe_load((REPO / f"data/i18n/{lang}.yaml").read_text(encoding="utf-8"))
        own = TINY / f"data/i18n/{lang}.yaml"
        _merge(strings, yaml.safe_load(own.read_text(encoding="utf-8")))
        write(root, f"data/i18n/{lang}.yaml", yaml.safe_dump(strings, allow_unicode=True))
        for page in ("index.md", "translation-status.md"):
            text = (REPO / f"docs/{lang}/{page}").read_text(encoding="utf-8")
            write(root, f"docs/{lang}/{page}", text)
    return root


def run(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def strict_build(root: Path) -> Path:
    site = root.parent / "built"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_01_new_desk_then_a_page_builds_strictly(root, capsys):
    code, out, _ = run(capsys, root, "new", "desk", "acme", "--name", "Acme GmbH",
                       "--timezone", "Europe/Vienna")
    assert code == 0
    assert out.endswith("next: put the real facts into data/desks/acme.yaml; add a page with "
                        "helpsite new page NAME --desk acme\n")
    desk = yaml.safe_load((root / "data/desks/acme.yaml").read_text(encoding="utf-8"))
    assert desk["languages"] == ["de", "da"]  # the site's, its default first
    assert (desk["email"], desk["lines"][0]["number"]) == ("support@example.org", "+49 30 123456")
    code, out, _ = run(capsys, root, "new", "page", "acme", "--desk", "acme")
    assert code == 0 and "wrote docs/da/acme.md\n" in out
    (root / "docs/de/acme.md").write_text(PAGE.replace('\n## Was kostet ein Anruf?\n\n'
                                                       '{{ desk.fee["acme-ticket"].terms }}\n', ""),
                                          encoding="utf-8")
    # Before: "desk 'acme' has no number for language 'de'" from the answer box.
    danish = normalise_spaces((strict_build(root) / "da/acme/index.html").read_text())
    assert "mandag–fredag 09.00–17.00" in danish and 'href="tel:+4930123456"' in danish


def test_02_missing_fee_labels_in_every_language_in_one_run_with_yaml_to_paste(root, capsys):
    (root / "docs/de/acme.md").write_text(PAGE, encoding="utf-8")
    with (root / "data/desks/acme.yaml").open("a", encoding="utf-8") as desk:
        desk.write(FEES)
    code, out, err = run(capsys, root, "check")
    assert code == 2 and out == ""
    policy = "(source: fee policy acme-ticket at data/desks/acme.yaml:19:5)"
    lines = err.splitlines()
    assert lines[:4] == [
        f"data/i18n/da.yaml:41:16: [da] fee label string 'calculator.labels.ticket-fee' is "
        f"missing {policy}; add it (the YAML block below)",
        f"data/i18n/da.yaml:89:16: [da] fee label string 'fees.labels.ticket-fee' is missing "
        f"{policy}; add it (the YAML block below), it may use {{price}}",
        f"data/i18n/de.yaml:39:16: [de] fee label string 'calculator.labels.ticket-fee' is "
        f"missing {policy}; add it (the YAML block below)",
        f"data/i18n/de.yaml:88:16: [de] fee label string 'fees.labels.ticket-fee' is missing "
        f"{policy}; add it (the YAML block below), it may use {{price}}"]
    paste = ["    calculator:", "      labels:", '        ticket-fee: ""  # write the text',
             "    fees:", "      labels:", '        ticket-fee: ""  # write the text']
    assert "\n".join(lines[-14:]) == "\n".join([
        "add to data/i18n/da.yaml (merge with the keys it has):", *paste,
        "add to data/i18n/de.yaml (merge with the keys it has):", *paste])
    for lang, label, sentence in (("de", "Ticketgebühr", "{price} Ticketgebühr je Anruf"),
                                  ("da", "Billetgebyr", "{price} billetgebyr pr. opkald")):
        strings = root / f"data/i18n/{lang}.yaml"
        text = strings.read_text(encoding="utf-8")
        text = re.sub(r"(\ncalculator:\n(?:  .*\n)*?  labels:\n)",
                      lambda m: m[1] + f"    ticket-fee: {label}\n", text, count=1)
        text = re.sub(r"(\nfees:\n(?:  .*\n)*?  labels:\n)",
                      lambda m: m[1] + f"    ticket-fee: '{sentence}'\n", text, count=1)
        strings.write_text(text, encoding="utf-8")
    assert run(capsys, root, "check") == (0, "0 finding(s), 0 outdated translation(s)\n", "")


def test_03_fee_speaks_the_desks_first_language_and_names_what_is_missing(root, capsys):
    code, out, _ = run(capsys, root, "fee", "acme-ticket", "--minutes", "12")
    assert (code, normalise_spaces(out)) == (0, (  # German: the desk's first language
        "Ticketgebühr                             15,00 €\n"
        "Angefangene Blöcke von 5 Minuten          7,50 €\n"
        "Gesamt                                   22,50 €\n"))
    code, out, err = run(capsys, root, "fee", "acme-ticket", "--minutes", "12",
                         "--calling-from", "ES")
    assert (code, out) == (0, "not covered: gilt für Anrufe aus Deutschland und Österreich\n")
    code, out, err = run(capsys, root, "fee", "acme-evening", "--minutes", "12")
    assert (code, out) == (2, "")
    assert err.startswith("helpsite fee: --at is needed: ")


def test_04_new_language_gets_its_search_stemmer(root, capsys):
    code, out, _ = run(capsys, root, "new", "language", "nl")
    assert code == 0 and "added nl to the search stemmers\n" in out
    assert "      lang: [de, da, nl]\n" in (root / "mkdocs.yml").read_text(encoding="utf-8")


def test_05_copies_follow_their_source_until_translated(root, capsys):
    edit(root / "docs/de/acme.md", "## Was kostet", "Rückrufe bis 17:30.\n\n## Was kostet")
    # Before: "[nl] time 17:30 is missing" and "[da] time 17:30 is missing", both outdated.
    assert run(capsys, root, "check") == (0, "0 finding(s), 0 outdated translation(s)\n", "")
    code, out, err = run(capsys, root, "translations", "refresh", "da", "acme")
    assert (code, out, err) == (0, "wrote docs/da/acme.md\n", "")
    assert "Rückrufe bis 17:30." in (root / "docs/da/acme.md").read_text(encoding="utf-8")


def test_06_a_page_translated_and_confirmed(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    page = root / "docs/da/acme.md"
    text = page.read_text(encoding="utf-8").replace("untranslated: true\n", "")
    for german, danish in (("Sie erreichen uns", "Du kan kontakte os"),
                           (", per E-Mail an", ", via e-mail på"),
                           ("Rückrufe bis", "Vi ringer tilbage indtil"),
                           ("Was kostet ein Anruf?", "Hvad koster et opkald?")):
        text = text.replace(german, danish)
    page.write_text(text.replace("17:30", "17.30"), encoding="utf-8")
    assert run(capsys, root, "check") == (0, "0 finding(s), 0 outdated translation(s)\n", "")
    code, out, _ = run(capsys, root, "confirm", "docs/da/acme.md")
    assert (code, out) == (0, "docs/da/acme.md: confirmed as a translation of docs/de/acme.md\n")
    site = strict_build(root)
    assert "Vi ringer tilbage indtil 17.30." in (site / "da/acme/index.html").read_text()
    assert "Rückrufe bis 17:30." in (site / "nl/acme/index.html").read_text()  # follows


@pytest.mark.parametrize("file, old, new, message", [
    ("docs/de/acme.md", "{{ desk.email }}.", "{{ desk.email }.",
     "docs/de/acme.md:10:67: this placeholder is not closed; end it with }}"),
    ("data/desks/acme.yaml", "    purpose: support\n",
     "    purpose: support\n    respone_time: 2 hours\n",
     "data/desks/acme.yaml:11:5: unknown key 'respone_time': did you mean 'response_time'?"),
])
def test_07_mistakes_name_the_place_and_the_next_step(root, capsys, file, old, new, message):
    before = (root / file).read_text(encoding="utf-8")
    edit(root / file, old, new)
    try:
        assert run(capsys, root, "check") == (
            2, "", f"{message}\n1 problem(s); nothing was built\n")  # once, not per copy
    finally:
        (root / file).write_text(before, encoding="utf-8")


def test_08_confirm_on_a_missing_file(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert run(capsys, root, "confirm", "docs/nl/acme-faq.md") == (2, "", (
        "helpsite confirm: docs/nl/acme-faq.md does not exist; give a translated page's "
        "file, e.g. docs/fr/PAGE.md\n"))


def test_09_the_preview_says_what_a_page_without_its_copies_lacks(root):
    # Before: "WARNING - docs/it/index.md:7:1: 'it/feelab.md'", no message.
    write(root, "docs/de/feelab.md", "---\ndesk: acme\nsource_language: de\n---\n\n# Gebühren\n")
    try:
        preview = Preview(root)
        notices = [str(notice) for notice in preview.refresh()]
        assert notices == [
            f"docs/de/feelab.md:1:1: docs/{lang}/feelab.md is missing: every page exists in "
            "every language; add untranslated copies with: helpsite new page feelab"
            for lang in ("da", "nl")]
        preview.markdown("da/index.md", "")
        assert str(preview.render_problem("da/index.md")) == (
            "docs/da/index.md:6:1: the list of articles needs docs/da/feelab.md, which does not "
            "exist yet; add it with: helpsite new page feelab (a copy to translate in da)")
    finally:
        (root / "docs/de/feelab.md").unlink()
