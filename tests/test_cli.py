"""`helpsite check` on the example project and on a broken copy."""

from __future__ import annotations

import json
import shutil

import pytest

from helpsite.cli.main import main

from conftest import REPO, normalise_spaces


def test_check_passes_on_the_example_site(capsys):
    assert main(["check", "--root", str(REPO)]) == 0
    assert capsys.readouterr().out == "0 finding(s), 0 outdated translation(s)\n"


def test_check_names_the_problem_and_exits_2(tmp_path, capsys):
    for part in ("data", "docs"):  # a project is its data and its pages
        shutil.copytree(REPO / part, tmp_path / part)
    desk = tmp_path / "data" / "desks" / "oneoffice.yaml"
    desk.write_text(desk.read_text().replace("timezone: Europe/Copenhagen",
                                             "timezone: Europe/Copenhagen\nname: Again"))
    assert main(["check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "data/desks/oneoffice.yaml:7:1: duplicate key 'name' (first given on line 4)" in err
    assert "1 problem(s); nothing was built" in err


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--root", str(REPO)])
    out, err = capsys.readouterr()
    return code, out, err


def test_fee_list(capsys):
    assert run(capsys, "fee", "--list") == (
        0, "oneoffice-on-call\tOneOffice\tDKK\nonoffice-emergency\tonOffice\tEUR\n", "")


def test_fee_json_for_twelve_minutes_of_emergency_hotline(capsys):
    code, out, _ = run(capsys, "fee", "onoffice-emergency", "--minutes", "12", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "policy": "onoffice-emergency", "currency": "EUR", "covered": True,
        "lines": [{"label": "Angefangene Blöcke von 5 Minuten", "quantity": 3, "amount": "17.85"}],
        "net": "17.85", "vat": "0.00", "total": "17.85"}


def test_fee_json_for_a_non_critical_on_call_call_on_monday_night(capsys):
    code, out, _ = run(capsys, "fee", "oneoffice-on-call", "--at", "2026-11-23T22:00",
                       "--format", "json")
    found = json.loads(out)
    assert (code, found["currency"], found["total"]) == (0, "DKK", "1250.00")
    assert [(normalise_spaces(line["label"]), line["amount"]) for line in found["lines"]] == [
        ("Starttillæg", "1000.00"), ("moms, 25 %", "250.00")]


def test_fee_text_in_the_chosen_language(capsys):
    code, out, _ = run(capsys, "fee", "onoffice-emergency", "--duration", "5:01", "--lang", "it")
    assert code == 0
    assert normalise_spaces(out).split("\n")[-2].split() == ["Totale", "11,90", "€"]


# What the German page says beside the length field (onoffice's first language).
GERMAN_LENGTH = ("Schreiben Sie die Dauer in Minuten wie 4,5 oder in Stunden und Minuten wie 1:05, "
                 "auf die Sekunde genau, höchstens 30 Tage.")


@pytest.mark.parametrize("args, message", [
    (["onoffice-emergency", "--minutes", "-3"], f"--minutes '-3': {GERMAN_LENGTH}"),
    (["onoffice-emergency", "--minutes", "twelve"], f"--minutes 'twelve': {GERMAN_LENGTH}"),
    (["onoffice-emergency", "--duration", "5:75"],
     "--duration '5:75': write H:MM:SS or MM:SS, at most 720:00:00"),
    (["nope", "--minutes", "3"], "no fee policy 'nope' (known: oneoffice-on-call, onoffice-emergency)"),
    # What the call lacks is named by its flag, then said as the page says it.
    (["oneoffice-on-call", "--minutes", "30", "--at", "2026-11-23T22:00", "--condition",
      "critical"], "--hourly-rate is needed: Indtast timeprisen fra jeres aftale."),
    (["oneoffice-on-call", "--minutes", "30"],
     "--at is needed: Angiv, hvornår opkaldet begynder."),
    (["oneoffice-on-call", "--at", "2026-02-30T10:00", "--condition", "critical"],
     "--at '2026-02-30T10:00': Skriv dato og klokkeslæt som 23.11.2026 22.00."),
    (["oneoffice-on-call", "--at", "2026-03-29T02:30", "--lang", "de"],
     "Diese Uhrzeit gibt es an diesem Tag nicht (Zeitumstellung)."),
    (["oneoffice-on-call", "--condition", "urgent"],
     "oneoffice-on-call has no condition 'urgent' (conditions: critical)"),
    (["onoffice-emergency", "--minutes", "4,501"], f"--minutes '4,501': {GERMAN_LENGTH}"),
    (["onoffice-emergency", "--lang", "sv"], "no language 'sv' (known: da, de, en, es, fr, it)"),
])
def test_fee_bad_input_exits_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, "fee", *args)
    assert (code, out, err) == (2, "", f"helpsite fee: {message}\n")


def test_fee_for_a_desk_without_languages_speaks_the_sites_default_language(tmp_path, capsys):
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    desk = tmp_path / "data" / "desks" / "oneoffice.yaml"
    desk.write_text(desk.read_text().replace("languages: [da]", ""))
    code = main(["fee", "oneoffice-on-call", "--at", "2026-11-23T22:00", "--format", "json",
                 "--root", str(tmp_path)])
    found = json.loads(capsys.readouterr().out)
    # German, mkdocs.yml's default: true language; not Danish, the first strings file.
    assert (code, [normalise_spaces(line["label"]) for line in found["lines"]]) == (
        0, ["Startgebühr", "dänische Mehrwertsteuer (moms), 25 %"])


def test_unknown_option_exits_2_with_one_line(capsys):
    code, out, err = run(capsys, "fee", "onoffice-emergency", "--minuts", "3")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "unrecognized arguments: --minuts" in err
