"""check --site on a home page written from another language: its language selector links
absolutely (/ or /help/), which name a place in the site, not in the file system."""

from __future__ import annotations

import json

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpsite.cli.main import main


@pytest.mark.parametrize("site_url", [None, "https://example.org/help/"])
def test_a_home_page_with_a_source_language_is_compared_with_its_source(tiny, capsys, site_url):
    config = tiny / "mkdocs.yml"
    if site_url:
        config.write_text(config.read_text().replace("site_name: Tiny",
                                                     f"site_name: Tiny\nsite_url: {site_url}"))
    site = tiny / "site"
    build(load_config(str(config), site_dir=str(site)))
    danish = site / "da" / "index.html"
    assert f'href="{"/help/" if site_url else "/"}" hreflang="de"' in danish.read_text()
    assert main(["check", "--root", str(tiny), "--site", str(site)]) == 0
    capsys.readouterr()
    # A value changed on the built Danish home page is found against the German one.
    danish.write_text(danish.read_text().replace("fredag 08.00–15.00", "fredag 08.00–14.00"))
    assert main(["check", "--root", str(tiny), "--site", str(site), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["expected"], f["found"], f["reference_where"].split(" ")[0]) for f in findings] == [
        ("15:00", "14:00", "index.html")]
