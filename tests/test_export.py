"""`helpsite export`: each language as a MkDocs project of its own (Markdown with the facts
filled in as HTML) that MkDocs builds without the hooks."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import escape
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.site import safety
from helpsite.cli.main import main

from conftest import REPO, cli, normalise_spaces


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, tuple[int, str, str]]:
    """The example exported once (two tests read it): the folder, and what the command
    returned and printed."""
    out = tmp_path_factory.mktemp("exported") / "export"
    return out, cli("export", str(out), "--root", str(REPO))


def test_exported_german_site_builds_with_plain_mkdocs_and_the_theme(exported, tmp_path):
    out, (code, printed, _) = exported
    assert code == 0
    assert f"wrote {out.as_posix()}/de/" in printed
    config = yaml.safe_load((out / "de" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and [next(iter(p)) for p in config["plugins"]] == ["search"]
    assert config["theme"]["name"] == "material" and config["theme"]["language"] == "de"
    for page in (out / "de" / "docs").glob("*.md"):
        assert "{{" not in page.read_text(encoding="utf-8"), page.name
    site = tmp_path / "site"
    build(load_config(str(out / "de" / "mkdocs.yml"), site_dir=str(site), strict=True))
    page = normalise_spaces((site / "onoffice" / "index.html").read_text(encoding="utf-8"))
    # Worked out from data/desks/onoffice.yaml: support mon-fri 09:00-18:00, e-mail address.
    assert "Montag–Freitag 09:00–18:00" in page
    assert 'href="mailto:support@onOffice.com"' in page
    assert "assets/helpsite-open-now.js" in page  # the status script still comes along
    # The hooks' policy comes along too, listing exactly the inline scripts Material wrote.
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    inline = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(inline) == 3 and html.unescape(policy) == safety.policy(
        safety.script_hash(script) for script in inline)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="onoffice/"' in home
    assert "onoffice" in json.loads((site / "facts.json").read_text(encoding="utf-8"))["desks"]


def test_every_language_is_exported_with_its_own_site_name(exported):
    out, (code, _, _) = exported
    assert code == 0
    languages = sorted(file.stem for file in (REPO / "data" / "i18n").glob("*.yaml"))
    assert sorted(folder.name for folder in out.iterdir()) == languages
    italian = yaml.safe_load((out / "it" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert italian["site_name"] == "Aiuto e contatti"
    assert italian["site_url"] == "https://example.org/help/it/"
    assert {"name": "Deutsch", "link": "https://example.org/help/", "lang": "de"} in (
        italian["extra"]["alternate"])
    front = (out / "it" / "docs" / "onoffice.md").read_text(encoding="utf-8")
    assert "translated_from" not in front and "source_language" not in front


def test_export_into_a_folder_in_use_changes_nothing(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["export", str(tmp_path), "--root", str(REPO)]) == 2
    assert capsys.readouterr().err == (
        f"helpsite export: {tmp_path} is not empty; give a new folder, or delete it first\n")
    assert [file.name for file in tmp_path.iterdir()] == ["notes.txt"]


def test_front_matter_titles_show_as_typed_in_the_exported_site(tiny, tmp_path, capsys):
    """Plain MkDocs and the theme write a page's title and description raw into <title>,
    the menu and <meta>: the export escapes them, as the hooks do in a build."""
    title = '</title><meta http-equiv="refresh" content="0;url=https://elsewhere.example/"><b>x'
    page = tiny / "docs" / "de" / "index.md"
    text = page.read_text(encoding="utf-8")
    front = f"title: '{title}'\ndescription: '<i>d</i>'\n"
    page.write_text(text.replace("---\n", "---\n" + front, 1) if text.startswith("---\n")
                    else f"---\n{front}---\n\n{text}", encoding="utf-8")
    out = tmp_path / "export"
    assert main(["export", str(out), "--root", str(tiny)]) == 0, capsys.readouterr().err
    site = tmp_path / "site"
    build(load_config(str(out / "de" / "mkdocs.yml"), site_dir=str(site), strict=True))
    built = (site / "index.html").read_text(encoding="utf-8")
    assert "http-equiv=\"refresh\"" not in built and "<b>x" not in built and "<i>d" not in built
    assert str(escape(title)) in built  # shown as the characters typed
