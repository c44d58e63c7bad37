"""The writers' preview core: after a save, which pages must be rebuilt, what their banner
says, and that the last good pages stay when a source breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, normalise_spaces
from helpsite.errors import Problem
from helpsite.site.preview import Preview
from helpsite.site.project import load_project

LANGUAGES = ["da", "de", "en", "es", "fr", "it"]
NAMES = ["contabilita.md", "index.md", "oneoffice.md", "onoffice.md", "translation-status.md"]
STATUS = {f"{lang}/translation-status.md" for lang in LANGUAGES}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    return tmp_path


def built(preview: Preview) -> Preview:
    """Everything pending rendered and built, as a full round of the preview would."""
    preview.refresh()
    for page in sorted(preview.pending):
        preview.markdown(page, "")
        preview.built(page)
    return preview


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_refresh_makes_every_page_pending(example):
    preview = Preview(example)
    assert preview.refresh() == []  # the example has no problems
    assert preview.pending == {f"{lang}/{name}" for lang in LANGUAGES for name in NAMES}
    assert built(preview).pending == set()
    assert preview.refresh() is None  # nothing changed


def test_a_page_edit_rebuilds_that_page_and_the_status_pages(example):
    preview = built(Preview(example))
    page = example / "docs" / "it" / "onoffice.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUna frase nuova.\n", encoding="utf-8")
    preview.refresh()
    assert preview.pending == {"it/onoffice.md"} | STATUS
    assert "Una frase nuova." in preview.markdown("it/onoffice.md", "")


def test_a_desk_edit_rebuilds_the_pages_that_read_the_desk(example):
    preview = built(Preview(example))
    edit(example / "data" / "desks" / "onoffice.yaml", 'to: "18:00"', 'to: "18:30"')
    preview.refresh()
    # The onOffice articles, and the home pages, whose list of articles names the desks.
    assert preview.pending == ({f"{lang}/onoffice.md" for lang in LANGUAGES}
                               | {f"{lang}/index.md" for lang in LANGUAGES} | STATUS)
    assert "09:00–18:30" in normalise_spaces(preview.markdown("de/onoffice.md", ""))
    # All of it: the answer box and the open-now statuses were kept from before the edit.
    assert preview.markdown("de/onoffice.md", "") == load_project(example).rendered[
        "de/onoffice.md"]


def test_a_broken_desk_keeps_the_last_good_pages_with_a_notice_on_every_page(example):
    preview = built(Preview(example))
    desk = example / "data" / "desks" / "onoffice.yaml"
    edit(desk, 'to: "18:00"', 'to: "25:00"')
    new = preview.refresh()
    assert [str(notice.where) for notice in new] == ["data/desks/onoffice.yaml:16:44"]
    assert "25:00" in new[0].message
    assert preview.pending == set(preview.pages)  # the banner goes on every page
    assert preview.notices("es/contabilita.md") == new
    assert "09:00–18:00" in normalise_spaces(preview.markdown("de/onoffice.md", ""))

    edit(desk, 'to: "25:00"', "to: [")  # not even YAML
    [notice] = preview.refresh()
    assert notice.where.startswith("data/desks/onoffice.yaml:")
    assert "09:00–18:00" in normalise_spaces(preview.markdown("de/onoffice.md", ""))

    edit(desk, "to: [", 'to: "18:00"')
    assert preview.refresh() == []
    assert preview.notices("es/contabilita.md") == []


def test_drift_typed_into_a_translation_is_a_notice_on_that_page_only(example):
    preview = built(Preview(example))
    page = example / "docs" / "it" / "onoffice.md"
    text = page.read_text(encoding="utf-8")
    # After the file's last line come a blank line and then the typed sentence.
    page.write_text(text + "\nDi notte dalle 23:00.\n", encoding="utf-8")
    [notice] = preview.refresh()
    assert notice.where == f"docs/it/onoffice.md:{text.count(chr(10)) + 2}:16"  # the time's column
    assert "23:00" in notice.message and "ignore-prose-values" in notice.message  # what to do
    assert preview.notices("it/onoffice.md") == [notice]
    assert preview.notices("de/onoffice.md") == []
    assert "it/onoffice.md" in preview.pending


def test_a_placeholder_error_keeps_the_last_good_rendering(example):
    preview = built(Preview(example))
    good = preview.markdown("da/oneoffice.md", "")
    edit(example / "docs" / "da" / "oneoffice.md", "{{ desk.name }}", "{{ desk.nmae }}")
    preview.refresh()
    assert preview.markdown("da/oneoffice.md", "") == good
    [notice] = preview.notices("da/oneoffice.md")
    assert notice.where.startswith("docs/da/oneoffice.md:") and "nmae" in notice.message


def test_pages_a_browser_shows_are_built_first(example):
    preview = Preview(example)
    preview.refresh()
    preview.locate("it/oneoffice/", "it/oneoffice.md")
    preview.shown("it/oneoffice/", 1)
    assert preview.wanted() == {"it/oneoffice.md"}
    assert preview.next_pending(["de", "it"]) == "it/oneoffice.md"
    preview.built("it/oneoffice.md")
    # Then the home pages, the given languages' first; then the rest, the same way.
    assert preview.next_pending(["it", "de"]) == "it/index.md"
    assert preview.next_pending(["de", "it"]) == "de/index.md"
    preview.pending -= {f"{lang}/index.md" for lang in LANGUAGES}
    assert preview.next_pending(["it"]) == "it/contabilita.md"
    preview.shown("it/oneoffice/", -1)
    assert preview.wanted() == set()


def test_a_new_page_changes_the_layout_an_edit_does_not(example):
    preview = built(Preview(example))
    edit(example / "docs" / "it" / "onoffice.md", "\n", "\n\n")
    preview.refresh()
    assert not preview.layout_changed
    new = example / "docs" / "it" / "nuova.md"
    new.write_text("# Nuova\n", encoding="utf-8")
    preview.refresh()
    assert preview.layout_changed and "it/nuova.md" in preview.pending
    assert preview.title("it/nuova.md", "nuova") == "Nuova"


def test_unsafe_html_keeps_the_last_safe_version_with_a_notice(example):
    preview = built(Preview(example))
    assert preview.checked_html("it/onoffice.md", "<p>safe</p>", []) == "<p>safe</p>"
    problem = Problem("docs/it/onoffice.md", 3, 5, "the page would publish a script")
    assert preview.checked_html("it/onoffice.md", "<script>x</script>", [problem]) == "<p>safe</p>"
    assert [str(notice) for notice in preview.notices("it/onoffice.md")] == [
        "docs/it/onoffice.md:3:5: the page would publish a script"]
    assert preview.checked_html("da/onoffice.md", "<script>x</script>", [problem]) == ""
    preview.checked_html("it/onoffice.md", "<p>fixed</p>", [])
    assert preview.notices("it/onoffice.md") == []


def test_the_drift_checks_can_follow_a_quick_first_refresh(example):
    page = example / "docs" / "it" / "onoffice.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDi notte dalle 23:00.\n",
                    encoding="utf-8")
    preview = Preview(example)
    assert preview.refresh(checks=False) == []
    assert preview.unchecked and preview.notices("it/onoffice.md") == []
    for name in sorted(preview.pending - STATUS):
        preview.markdown(name, "")
        preview.built(name)
    [notice] = preview.check()
    assert "23:00" in notice.message and not preview.unchecked
    # The page the finding concerns, and the status pages, which list findings.
    assert preview.pending == {"it/onoffice.md"} | STATUS
    assert preview.notices("it/onoffice.md") == [notice]


def test_a_status_page_runs_the_checks_it_lists(example):
    preview = Preview(example)
    preview.refresh(checks=False)
    preview.markdown("de/translation-status.md", "")
    assert not preview.unchecked
