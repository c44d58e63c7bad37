"""Bounded input (issue 18): every source is a regular file of a bounded size and depth,
read before it is parsed; what the build refuses, check refuses, with the same one line.

Cases that once crashed (SIGSEGV), filled the memory or hung run the command in a forked
child with a time and memory limit, so that such a failure is a failed test, not a stuck or
killed suite.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import sys
from pathlib import Path

import pytest

from helpsite.cli.main import main

NESTED = "[" * 50_000 + "]" * 50_000
FRONT = "---\ndesk: desk\nsource_language: de\n---\n\n"
TWO_WINDOWS = ('      - {days: mon-thu, from: "08:00", to: "16:00"}\n'
               '      - {days: fri, from: "08:00", to: "15:00"}\n')


def helpsite(*arguments: str) -> tuple[int, str]:
    """The command in a forked child of at most 1 GB that gets SIGALRM after 20 s: (exit
    code, or minus the signal that ended it; what it wrote to stderr)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery, just the command
        os.close(read)
        sys.stderr = os.fdopen(write, "w")  # pytest has its own in sys.stderr
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        signal.alarm(20)
        code = 3
        try:
            code = main(list(arguments))
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        err = pipe.read()
    _, status = os.waitpid(pid, 0)
    return (os.waitstatus_to_exitcode(status), err)


def run(capsys, *arguments: str) -> tuple[int, str]:
    code = main(list(arguments))
    return code, capsys.readouterr().err


# -- depth, numbers, file types: one located line, never a crash or a hang --------------------


@pytest.mark.parametrize("relative, head", [
    ("data/desks/desk.yaml", None),  # None: after what the file holds
    ("docs/de/index.md", "---\ndesk: desk\n"),
    ("data/i18n/de.yaml", ""),
])
def test_50000_nested_brackets_are_one_line_not_a_crash(tiny, relative, head):
    file = tiny / relative
    head = file.read_text() if head is None else head
    file.write_text(head + f"x: {NESTED}\n" + ("---\n" if relative.endswith(".md") else ""))
    # The document's mapping is the first level, the 40th "[" (column 3 + 40) the 41st.
    where = f"{relative}:{head.count(chr(10)) + 1}:43"
    code, err = helpsite("check", "--root", str(tiny))
    assert code == 2 and f"{where}: values are nested more than 40 levels deep" in err, err


def test_a_number_of_5000_digits_is_one_line(tiny, capsys):
    desk = tiny / "data" / "desks" / "desk.yaml"
    lines = desk.read_text().count("\n")
    desk.write_text(desk.read_text() + "facts:\n  n: {count: " + "9" * 5000 + "}\n")
    code, err = run(capsys, "check", "--root", str(tiny))
    assert (code, err.splitlines()[0]) == (2, f"data/desks/desk.yaml:{lines + 2}:14: a number of "
                                              "5,000 digits is more than any fact needs (at most "
                                              "30); shorten it")


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


@pytest.mark.parametrize("relative, make, message", [
    ("data/desks/x.yaml", _folder, "is a folder, not a file; rename or move it"),
    ("data/desks/x.yaml", _loop, "is a link that leads back to itself; replace it with a file"),
    ("data/desks/x.yaml", os.mkfifo, "is not a regular file (a FIFO or a device); replace it "
                                     "with a file"),
    ("docs/de/x.md", os.mkfifo, "is not a regular file (a FIFO or a device); replace it with a "
                                "file"),
])
def test_a_source_that_is_not_a_regular_file_is_one_line(tiny, relative, make, message):
    make(tiny / relative)
    code, err = helpsite("check", "--root", str(tiny))
    assert code == 2 and f"{relative}:1:1: {message}" in err, err


def test_a_source_over_2_mb_is_refused_before_it_is_read(tiny, capsys):
    page = tiny / "docs" / "de" / "index.md"
    page.write_text(page.read_text() + "x" * 2_000_000)
    code, err = run(capsys, "check", "--root", str(tiny))
    assert code == 2 and ("docs/de/index.md:1:1: is more than 2,000,000 bytes long, more than "
                          "any source file needs; split it") in err


def _site(root: Path, make) -> Path:
    site = root / "site"
    (site / "it").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html lang="de"><head><meta name="helpsite:source-language" content="de"></head>'
        "<body><p>22:00</p></body></html>")
    make(site / "it" / "index.html")
    return site


@pytest.mark.parametrize("make, message", [
    (lambda page: page.symlink_to("/dev/zero"), "is not a regular file (a FIFO or a device)"),
    (os.mkfifo, "is not a regular file (a FIFO or a device)"),
])
def test_check_site_reads_regular_files_only(tmp_path, make, message):
    site = _site(tmp_path, make)
    code, err = helpsite("check", "--site", str(site), "--root", str(tmp_path))
    assert code == 2 and f"it/index.html:1:1: {message}" in err, err


@pytest.mark.parametrize("make", [lambda path: path.symlink_to("/dev/zero"), os.mkfifo])
def test_compare_reads_regular_files_only(tmp_path, make):
    make(tmp_path / "a.md")
    (tmp_path / "b.md").write_text("22:00")
    code, err = helpsite("compare", f"de={tmp_path / 'a.md'}", f"it={tmp_path / 'b.md'}")
    assert code == 2 and f"{tmp_path / 'a.md'}:1:1: is not a regular file" in err, err


# -- what the build refuses, check refuses, with the same line ---------------------------------


def _elsewhere(tiny: Path) -> None:
    (tiny / "docs").rename(tiny.parent / "elsewhere")
    config = tiny / "mkdocs.yml"
    config.write_text(config.read_text() + "docs_dir: ../elsewhere\n")


def test_docs_outside_the_project_is_refused_by_check_and_build_alike(tiny, capsys, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    _elsewhere(tiny)
    line = (tiny / "mkdocs.yml").read_text().count("\n")
    expected = (f"mkdocs.yml:{line}:11: docs_dir ../elsewhere is not a folder inside the "
                "project; keep the pages in one, e.g. docs")
    assert run(capsys, "check", "--root", str(tiny)) == (2, expected + "\n1 problem(s); "
                                                         "nothing was built\n")
    with pytest.raises(Abort):  # was a ValueError's traceback
        build(load_config(str(tiny / "mkdocs.yml"), site_dir=str(tiny.parent / "site")))
    assert caplog.messages == [f"helpsite: 1 problem(s):\n{expected}"]


def test_hundreds_of_hour_windows_are_refused_by_check(tiny, capsys):
    # The build rendered a year of open-now steps for each window (58 s for 5,040, then
    # TooMuchToRead) while check passed them.
    windows = "".join(f'      - {{days: mon, from: "{h:02}:00", to: "{h:02}:30"}}\n'
                      for h in range(24)) * 5  # 120 windows
    desk = tiny / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace(TWO_WINDOWS, windows))
    code, err = run(capsys, "check", "--root", str(tiny))
    assert (code, err.splitlines()[0]) == (2, "data/desks/desk.yaml:10:7: this is a longer list "
                                              "than a desk needs; give at most 100 items")


def test_a_paragraph_of_6500_phone_numbers_is_one_line(tiny, capsys):
    phones = "".join(f"+45 7021 {1000 + n}, " for n in range(6_500))  # 90 KB
    for lang in ("de", "da"):
        (tiny / "docs" / lang / "index.md").write_text(FRONT + phones + "\n")
    code, err = run(capsys, "check", "--root", str(tiny))
    assert code == 2 and err.splitlines()[0].startswith(
        "docs/de/index.md:6:1: more than 5000 runs of digits that could be phone numbers")


def test_what_check_passes_the_build_builds_however_placeholders_fill_a_paragraph(tiny, capsys):
    """6,000 placeholders of four times each: a few lines to check, 24,000 values once
    filled in, which the build's search terms read (TooMuchToRead, a traceback)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for lang in ("de", "da"):
        (tiny / "docs" / lang / "index.md").write_text(
            FRONT + "{{ desk.service.support.hours }} " * 6000 + "\n")
    assert run(capsys, "check", "--root", str(tiny))[0] == 1  # da: never confirmed
    build(load_config(str(tiny / "mkdocs.yml"), site_dir=str(tiny.parent / "site"),
                      strict=False))
    assert "08:00–16:00" in (tiny.parent / "site" / "index.html").read_text("utf-8")


def test_a_project_without_pages_is_not_all_well(tiny, capsys):
    for page in (tiny / "docs").rglob("*.md"):
        page.unlink()
    assert run(capsys, "check", "--root", str(tiny)) == (
        2, "docs:1:1: there are no pages (docs/LANG/*.md); add one with: helpsite new page "
           "NAME\n1 problem(s); nothing was built\n")


# -- arguments --------------------------------------------------------------------------------


def test_export_to_a_file_is_one_line(tiny, capsys):
    assert run(capsys, "export", "--root", str(tiny), "/dev/null") == (
        2, "helpsite export: /dev/null is not a folder; give a new folder\n")


def test_serve_on_a_port_that_does_not_exist_is_one_line(tiny, capsys):
    import helpsite_serve

    with pytest.raises(SystemExit) as exit_:
        helpsite_serve.main(["-f", str(tiny / "mkdocs.yml"), "-a", "127.0.0.1:99999"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "helpsite serve: error: argument -a/--dev-addr: '127.0.0.1:99999' is not IP:PORT "
        "with a port from 1 to 65535, e.g. 127.0.0.1:8000")


# -- the preview under faults -----------------------------------------------------------------


def test_a_page_too_long_to_check_is_a_banner_and_the_preview_keeps_updating(tiny):
    from helpsite.site.preview import Preview

    preview = Preview(tiny)
    preview.refresh()
    page = tiny / "docs" / "da" / "index.md"
    page.write_text(page.read_text() + "\n" + "1 " * 45_000 + "\n")
    preview.refresh()  # raised TooMuchToRead, and so did every refresh after it
    line = page.read_text().count("\n")
    assert [str(notice) for notice in preview.notices("da/index.md")] == [
        f"docs/da/index.md:{line}:1: more than 40000 numbers in one paragraph, more than any "
        "help page holds; split the text"]
    desk = tiny / "data" / "desks" / "desk.yaml"
    desk.write_text(desk.read_text().replace('to: "16:00"', 'to: "17:00"'))
    preview.refresh()
    assert "de/index.md" in preview.pending
    assert "17:00" in preview.markdown("de/index.md", "")


def _preview_site(tiny: Path, site_dir: Path):
    from helpsite_serve import PreviewSite

    return PreviewSite(str(tiny / "mkdocs.yml"), str(site_dir), "127.0.0.1:8765")


def test_a_page_cut_off_while_written_is_never_served(tiny, tmp_path, monkeypatch):
    """A browser asking while the preview writes a page got it empty or cut off (a 200
    holding only the live-reload script); the page is written whole, or not at all."""
    from mkdocs import utils

    site_dir = tmp_path / "site"
    site = _preview_site(tiny, site_dir)
    try:
        site.start()
        served = site_dir / "index.html"
        before = served.read_bytes()
        real = utils.write_file

        def disk_full(content: bytes, path: str) -> None:  # for pages, half way through
            if not Path(path).name.startswith("index.html"):
                return real(content, path)
            real(content[:len(content) // 2], path)
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(utils, "write_file", disk_full)
        desk = tiny / "data" / "desks" / "desk.yaml"
        desk.write_text(desk.read_text().replace('to: "16:00"', 'to: "17:00"'))
        site.round()
        with site.lock:  # what the background builds in idle time, here and now
            while site._step(long=True):
                pass
        assert served.read_bytes() == before
        assert list(site_dir.rglob("*.partial")) == []
    finally:
        site.stop()
        site.config.plugins.on_shutdown()


def test_serve_with_a_link_out_of_docs_says_so_and_serves_on(tiny, tmp_path, caplog):
    (tiny / "docs" / "de" / "host.txt").symlink_to("/etc/hostname")
    site = _preview_site(tiny, tmp_path / "site")
    try:
        site.start()  # raised PluginError: helsite serve ended in a traceback
    finally:
        site.stop()
        site.config.plugins.on_shutdown()
    assert ("docs/de/host.txt:1:1: is a link to something outside the project; copy it in "
            "instead") in caplog.text
