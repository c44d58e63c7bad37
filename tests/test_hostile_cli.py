"""The helpsite command given hostile or broken input: one line, exit 2, nothing damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpsite.cli.main import main

from conftest import REPO
from test_cli import GERMAN_LENGTH


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("options, message", [
    (["--minutes", ""], f"--minutes '': {GERMAN_LENGTH}"),
    (["--minutes", "1e308"], f"--minutes '1e308': {GERMAN_LENGTH}"),
    (["--minutes", "nan"], f"--minutes 'nan': {GERMAN_LENGTH}"),
    (["--minutes", "-1"], f"--minutes '-1': {GERMAN_LENGTH}"),
    (["--duration", "99999999999999999999:00"],
     "--duration '99999999999999999999:00': write H:MM:SS or MM:SS, at most 720:00:00"),
    (["--minutes", "5", "--at", "0001-01-01T00:00"],
     "--at '0001-01-01T00:00': Schreiben Sie Datum und Uhrzeit wie 23.11.2026, 14:30."),
    (["--minutes", "5", "--hourly-rate", "1e400"], "--hourly-rate '1e400': Schreiben Sie einen "
     "Stundensatz bis 1.000.000.000,00\u00a0€, etwa 1.250,50."),
])
def test_fee_input_that_is_not_a_call_is_one_line(capsys, monkeypatch, options, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # the example start: 23.11.2026 14:30
    code, out, err = run(capsys, "fee", "onoffice-emergency", *options, "--root", str(REPO))
    assert (code, out, err) == (2, "", f"helpsite fee: {message}\n")


def test_minus_zero_minutes_is_refused(capsys):
    code, out, _ = run(capsys, "fee", "onoffice-emergency", "--minutes", "-0", "--root", str(REPO))
    assert (code, out) == (2, "")


@pytest.fixture
def project(tmp_path) -> Path:
    for part in ("data", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    return tmp_path


def test_confirm_refuses_flow_style_front_matter_and_changes_nothing(project, capsys):
    page = project / "docs" / "it" / "onoffice.md"
    text = page.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    meta = [line.split(": ", 1) for line in text[4:end].splitlines()]
    flow = "---\n{" + ", ".join(f"{k}: {v}" for k, v in meta) + "}\n---\n" + text[end + 5:]
    page.write_text(flow, encoding="utf-8")
    code, _, err = run(capsys, "confirm", "--root", str(project), str(page))
    assert code == 2 and err.startswith("docs/it/onoffice.md:2:1: write the front matter one key")
    assert page.read_text(encoding="utf-8") == flow


def test_confirm_keeps_crlf_line_ends_and_a_byte_order_mark(project, capsys):
    page = project / "docs" / "it" / "onoffice.md"
    source = project / "docs" / "de" / "onoffice.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
    crlf = "\ufeff" + page.read_text(encoding="utf-8").replace("\n", "\r\n")
    page.write_bytes(crlf.encode("utf-8"))
    assert run(capsys, "confirm", "--root", str(project), str(page))[0] == 0
    written = page.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in written.replace(b"\r\n", b"")
    assert written != crlf.encode("utf-8")  # translated_from changed
    assert main(["check", "--root", str(project)]) in (0, 1)  # the page still loads


def test_confirm_refuses_a_path_outside_docs(project, capsys):
    code, _, err = run(capsys, "confirm", "--root", str(project), "/etc/passwd")
    assert code == 2 and "helpsite confirm: /etc/passwd is not a page under" in err


def test_confirm_on_a_missing_file_says_it_does_not_exist(project, capsys):
    missing = project / "docs" / "it" / "onofice.md"
    code, out, err = run(capsys, "confirm", "--root", str(project), str(missing))
    assert (code, out) == (2, "")
    assert err == (f"helpsite confirm: {missing} does not exist; give a translated page's "
                   "file, e.g. docs/fr/PAGE.md\n")


def test_check_site_on_an_empty_folder_is_not_all_well(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--site", str(tmp_path), "--root", str(tmp_path))
    assert code == 2 and out == "" and "has no HTML pages; build the site first" in err


def test_compare_with_a_language_cldr_does_not_know(tmp_path, capsys):
    (tmp_path / "a.md").write_text("22:00")
    (tmp_path / "b.md").write_text("23:00")
    code, _, err = run(capsys, "compare", f"de={tmp_path / 'a.md'}", f"xx={tmp_path / 'b.md'}")
    assert (code, err) == (2, "helpsite compare: 'xx' is not a language CLDR knows\n")


# Odd links and languages in a built site (checks.py, the drift helper's, handles them).
SOURCE = ('<html lang="de"><head><meta name="helpsite:source-language" content="de"></head>'
          "<body><p>22:00</p></body></html>")


@pytest.mark.parametrize("lang, href", [("it", "../../../x/"), ("it", "/"), ("pt-BR", "../")])
def test_check_site_with_odd_links_and_languages_is_one_line(tmp_path, capsys, lang, href):
    (tmp_path / "it").mkdir()
    (tmp_path / "index.html").write_text(SOURCE)
    (tmp_path / "it" / "index.html").write_text(
        f'<html lang="{lang}"><head><meta name="helpsite:source-language" content="de">'
        f'<link rel="alternate" href="{href}" hreflang="de"></head><body><p>23:00</p></body></html>')
    code, _, err = run(capsys, "check", "--site", str(tmp_path), "--root", str(tmp_path))
    assert code in (1, 2) and "Traceback" not in err


def test_check_site_with_a_page_that_is_not_utf8_is_one_line(tmp_path, capsys):
    (tmp_path / "index.html").write_bytes(b'<html lang="de"><body>\xff</body></html>')
    code, _, err = run(capsys, "check", "--site", str(tmp_path), "--root", str(tmp_path))
    assert (code, err) == (2, "index.html:1:23: this page is not UTF-8; rebuild the site\n")
