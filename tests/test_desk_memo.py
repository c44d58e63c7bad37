"""The compiled timelines (open-now statuses, answer boxes) are kept per desk by the state
(model.context.Context.per_desk): saving one desk compiles that desk's again and no other's,
and the page shows the new hours as a fresh load does. Their steps are found once for every
language (Context.every_language); each language still says them in its own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import datetime as dt
from zoneinfo import ZoneInfo

from conftest import REPO
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.model.strings import load_strings
from helpsite.pages.serviceview import status_timeline
from helpsite.site.project import SiteState, load_project

DATA, STRINGS = load_data(REPO), load_strings(REPO)
TODAY = dt.date(2026, 11, 22)
BERLIN, COPENHAGEN = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/Copenhagen")
FRIDAY_1759 = dt.datetime(2026, 11, 27, 17, 59, tzinfo=BERLIN)
FRIDAY_1800 = dt.datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)
FRIDAY_2200_DK = dt.datetime(2026, 11, 27, 22, 0, tzinfo=COPENHAGEN)


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


def state_at(timeline: dict, moment: dt.datetime):
    """What the page's script finds in a compiled timeline (opennow.packed, expanded)."""
    steps, pairs = timeline["steps"], []
    for at in range(0, len(steps), 2):
        if steps[at] < 0:  # the next n steps are those from k steps back
            for _ in range(steps[at + 1]):
                pairs.append(pairs[len(pairs) + steps[at]])
        else:
            pairs.append((steps[at], steps[at + 1]))
    minute, found, now = 0, None, int(moment.timestamp()) // 60
    for delta, number in pairs:
        minute += delta
        if minute > now:
            break
        found = timeline["texts"][number]
    return found


@pytest.fixture
def found(monkeypatch) -> list[str]:
    """The desk of each timeline whose steps were found (for every language) since the
    last clear()."""
    calls: list[str] = []
    original = Context.every_language

    def recording(self, desk_id, key, make):
        steps = key[0] == "steps"
        return original(self, desk_id, key, lambda: steps and calls.append(desk_id) or make())

    monkeypatch.setattr(Context, "every_language", recording)
    return calls


def test_languages_share_the_steps_and_keep_their_own_words(found):
    """One memo for every language: de, da and es find their steps once, and each states
    its own time format (18:00, kl. 18.00; 9:00 in Spanish) and separators (fr: U+202F
    before ";"), as data/i18n/LANG.yaml say."""
    facts: dict = {}
    onoffice, oneoffice = DATA.desks["onoffice"], DATA.desks["oneoffice"]
    support = {lang: status_timeline(Context(STRINGS, lang, facts=facts), "onoffice", onoffice,
                                     ["support"], today=TODAY) for lang in ("de", "da", "es")}
    assert len(found) == 1
    assert {lang: state_at(timeline, FRIDAY_1759) for lang, timeline in support.items()} == {
        "de": [True, "Support: jetzt geöffnet, bis 18:00 Uhr"],
        "da": [True, "Support: åben nu, indtil kl. 18.00"],
        "es": [True, "Soporte: disponible ahora, hasta las 18:00"]}
    assert {lang: state_at(timeline, FRIDAY_1800) for lang, timeline in support.items()} == {
        "de": [False, "Support: geschlossen, öffnet am Montag um 09:00 Uhr"],
        "da": [False, "Support: lukket, åbner mandag kl. 09.00"],
        "es": [False, "Soporte: no disponible, vuelve a atender el lunes a las 9:00"]}
    # Friday night in Copenhagen: the on-call service, priced outside office hours; four
    # terms joined by each language's hours.separator.
    on_call = {lang: state_at(status_timeline(Context(STRINGS, lang, facts=facts), "oneoffice",
                                              oneoffice, ["on-call"], ("DK",), today=TODAY),
                              FRIDAY_2200_DK)[1] for lang in ("de", "fr")}
    assert len(found) == 2
    assert on_call["fr"].count("\u202f; ") == 3 and "; " not in on_call["fr"].replace(
        "\u202f; ", "")
    assert on_call["de"].count("; ") == 3 and "\u202f" not in on_call["de"]


def test_saving_a_desk_finds_its_steps_again_in_every_language(tmp_path, found):
    """The preview: after a save, the desk's steps are found again (once, for de and fr),
    the other desk's kept; both languages show the new closing time."""
    root = project(tmp_path)
    state = SiteState(root)
    state.refresh()
    for page in ("de/onoffice.md", "fr/onoffice.md", "de/contabilita.md"):
        state.render(page)
    edit(root / "data/desks/onoffice.yaml", '"09:00", to: "18:00"', '"09:00", to: "17:00"')
    assert state.refresh() is not None
    found.clear()
    fresh = {lang: load_project(root, only=lang).rendered for lang in ("de", "fr")}
    found.clear()
    for page in ("de/onoffice.md", "fr/onoffice.md", "de/contabilita.md"):
        assert state.render(page) == fresh[page.split("/")[0]][page]
    assert found and set(found) == {"onoffice"}
    assert "bis 17:00" in state.render("de/onoffice.md")
    assert "jusqu\u2019à 17:00" in state.render("fr/onoffice.md")


def test_a_value_worked_out_once_still_ties_each_page_to_its_desk(tmp_path, monkeypatch):
    """Two pages show the same desk's name: the second takes the value the first worked out
    (render._value: once per language), and both are rendered again when the desk is saved
    (the desks a value read go with it)."""
    from helpsite.pages import render

    root = project(tmp_path)
    for name in ("a", "b"):
        (root / f"docs/de/{name}.md").write_text("# {{ desks.contabilita.name }}\n",
                                                 encoding="utf-8")
    shown = []
    monkeypatch.setattr(render, "show", lambda value: shown.append(value) or render.Markup(
        value))
    state = SiteState(root)
    state.refresh()
    assert state.render("de/a.md") == state.render("de/b.md") == "# Contabilità in Cloud\n"
    assert shown == ["Contabilità in Cloud"]
    state.take_stale()
    edit(root / "data/desks/contabilita.yaml", "name: Contabilità in Cloud", "name: Cloud")
    assert state.refresh() is not None
    assert {"de/a.md", "de/b.md"} <= state.take_stale()
    assert state.render("de/b.md") == state.render("de/a.md") == "# Cloud\n"
