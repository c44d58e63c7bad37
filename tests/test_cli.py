"""`helpsite check` on the example project and on a broken copy."""

from __future__ import annotations

import shutil

from helpsite.cli import main

from conftest import REPO


def test_check_passes_on_the_example_site(capsys):
    assert main(["check", "--root", str(REPO)]) == 0
    assert capsys.readouterr().out == "ok: 3 desks, 16 pages in da, de, es, it\n"


def test_check_names_the_problem_and_exits_2(tmp_path, capsys):
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    desk = tmp_path / "data" / "desks" / "oneoffice.yaml"
    desk.write_text(desk.read_text().replace("timezone: Europe/Copenhagen",
                                             "timezone: Europe/Copenhagen\nname: Again"))
    assert main(["check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "data/desks/oneoffice.yaml:5:1: duplicate key 'name' (first given on line 3)" in err
    assert "1 problem(s); nothing was built" in err
