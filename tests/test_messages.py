"""Writers' messages: each names file:line:col, says what is wrong and what to do next."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import TINY, write


def test_a_listed_article_missing_in_a_language_is_named_with_what_to_do(tmp_path):
    # The preview renders a home page while a new article exists in one language only;
    # it logged "docs/da/index.md:7:1: 'da/guide.md'" and nothing else.
    from helpsite.pages.contents import article_list
    from helpsite.model.context import PlaceholderError
    from helpsite.site.project import load_project

    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    guide = "---\ndesk: desk\nsource_language: de\n---\n\n# Anleitung\n"
    write(root, "docs/de/guide.md", guide)
    write(root, "docs/da/guide.md", guide)
    project = load_project(root)
    del project.pages["da/guide.md"]
    with pytest.raises(PlaceholderError, match=re.escape(
            "the list of articles needs docs/da/guide.md, which does not exist yet; add it "
            "with: helpsite new page guide (a copy to translate in da)")):
        article_list(project.pages, project.articles(), "da", lambda path: "")


def test_a_new_fee_label_is_asked_for_in_every_language_at_once(tmp_path, capsys):
    # A page shows the fee: each language's page used to name only its first missing
    # label, so a writer fixed them one run at a time.
    from helpsite.cli.main import main

    from conftest import REPO

    for part in ("data", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    desk = tmp_path / "data" / "desks" / "oneoffice.yaml"
    desk.write_text(desk.read_text().replace("label: start-fee", "label: setup-fee"))
    assert main(["check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    for lang in ("da", "de", "en", "es", "fr", "it"):
        for key in ("fees.labels.setup-fee", "calculator.labels.setup-fee"):
            assert re.search(rf"^data/i18n/{lang}\.yaml:\d+:\d+: \[{lang}\] fee label string "
                             rf"'{re.escape(key)}' is missing \(source: fee policy [\w-]+ at "
                             r"data/desks/oneoffice\.yaml:\d+:\d+\); add it \(the YAML block "
                             r"below\)", err, re.M)
    assert ("add to data/i18n/it.yaml (merge with the keys it has):\n    calculator:\n"
            "      labels:\n        setup-fee: \"\"  # write the text\n    fees:\n"
            "      labels:\n        setup-fee: \"\"  # write the text\n") in err


def test_a_value_missing_from_a_translation_without_values_names_the_translation():
    # It said "(translation has no values): [nl] time 17:30 is missing": no file to open.
    from helpsite.drift.compare import compare
    from helpsite.sources.blocks import markdown_blocks

    found = compare(markdown_blocks("# Zeiten\n\nBis 17:30 Uhr.\n", "docs/de/a.md"), "de",
                    markdown_blocks("# Tijden\n\nTot de avond.\n", "docs/nl/a.md"), "nl")
    assert [str(finding) for finding in found] == [
        "docs/nl/a.md:1:1: [nl] time 17:30 is missing (source: docs/de/a.md:3)"]
