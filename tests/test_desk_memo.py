"""The compiled timelines (open-now statuses, answer boxes) are kept per desk by the state
(model.context.Context.per_desk): saving one desk compiles that desk's again and no other's,
and the page shows the new hours as a fresh load does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from helpsite.model.context import Context
from helpsite.site.project import SiteState, load_project


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The desk of each timeline compiled since the last clear()."""
    calls: list[str] = []
    original = Context.per_desk

    def recording(self, desk_id, key, make):
        return original(self, desk_id, key, lambda: calls.append(desk_id) or make())

    monkeypatch.setattr(Context, "per_desk", recording)
    return calls


def project(target: Path) -> Path:
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, target / part)
    shutil.copy(REPO / "mkdocs.yml", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_saving_a_desk_compiles_its_timelines_alone(tmp_path, compiled):
    root = project(tmp_path)
    state = SiteState(root)
    state.refresh()
    for page in ("de/contabilita.md", "de/onoffice.md"):
        state.render(page)
    assert {"contabilita", "onoffice"} <= set(compiled)
    # One desk saved, and the other desk's page too (rendered again, its desk unchanged).
    for saved, other, old, new in (("contabilita", "onoffice", '"08:30", to: "17:30"',
                                    '"08:00", to: "17:30"'),
                                   ("onoffice", "contabilita", '"09:00", to: "18:00"',
                                    '"09:00", to: "17:00"')):
        edit(root / f"data/desks/{saved}.yaml", old, new)
        edit(root / f"docs/de/{other}.md", "\n", "\n\n")
        assert state.refresh() is not None
        fresh = load_project(root, only="de").rendered
        compiled.clear()
        for page in (f"de/{saved}.md", f"de/{other}.md"):
            assert state.render(page) == fresh[page]
        assert compiled and set(compiled) == {saved}
