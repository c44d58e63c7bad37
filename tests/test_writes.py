"""Every command that writes stays inside the project and changes all its files or none."""

from __future__ import annotations

import errno
import os

import pytest

from helpsite.sources import writes
from helpsite.cli.main import main
from helpsite.errors import SourceError

from test_scaffold import example, snapshot  # noqa: F401


@pytest.fixture
def outside(tmp_path):
    """A folder beside the project, with a file and a folder a link may lead to."""
    folder = tmp_path / "elsewhere"
    (folder / "schema").mkdir(parents=True)
    (folder / "x.yaml").write_text("mine: 1\n")
    (folder / "schema" / "keep.txt").write_text("mine\n")
    return folder


def _files(folder) -> dict:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("link, to, command", [
    ("data/desks/x.yaml", "x.yaml", ["schema"]),  # today: appends to the file elsewhere
    ("schema", "schema", ["schema"]),  # today: three files written into the linked folder
    ("schema", "schema", ["new", "desk", "acme"]),  # today: the strings schema written there
])
def test_a_link_out_of_the_project_is_refused_before_anything_is_written(
        example, outside, capsys, link, to, command):
    if (example / link).is_dir():
        for file in (example / link).iterdir():
            file.rename(outside / to / file.name)
        (example / link).rmdir()
    (example / link).symlink_to(outside / to)
    project, elsewhere = snapshot(example), _files(outside)
    code, err = _run(capsys, *command, "--root", str(example))
    assert code == 2
    assert f"{link}:1:1: is a link to something outside the project; copy it in instead" in err
    assert "Traceback" not in err
    assert _files(outside) == elsewhere and snapshot(example) == project


def test_a_link_within_the_project_is_written_through(tmp_path):
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "alias.yaml").symlink_to("real.yaml")
    writes.write_files(tmp_path, {"alias.yaml": "a: 2\n"})
    assert (tmp_path / "alias.yaml").is_symlink()
    assert (tmp_path / "real.yaml").read_text() == "a: 2\n"


def test_a_write_that_fails_half_way_changes_nothing(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old a\n")
    os.link(tmp_path / "a.txt", tmp_path / "hard.txt")
    replace = os.replace
    calls = []

    def full_at_the_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        replace(source, target)

    monkeypatch.setattr(writes.os, "replace", full_at_the_second)
    with pytest.raises(SourceError) as caught:
        writes.write_files(tmp_path, {"a.txt": "new a\n", "new/deep/b.txt": "b\n"})
    assert str(caught.value) == ("new/deep/b.txt:1:1: cannot be written (No space left on "
                                 "device); nothing was changed")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "hard.txt"]
    assert (tmp_path / "a.txt").read_text() == "old a\n"
    assert (tmp_path / "hard.txt").read_text() == "old a\n"


def test_undo_puts_every_file_back(tmp_path):
    (tmp_path / "a.txt").write_text("old\n")
    (tmp_path / "a.txt").chmod(0o640)
    undo = writes.write_files(tmp_path, {"a.txt": "new\n", "d/b.txt": "b\n"})
    assert (tmp_path / "a.txt").read_text() == "new\n"
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640
    undo()
    assert (tmp_path / "a.txt").read_text() == "old\n" and not (tmp_path / "d").exists()


@pytest.mark.parametrize("before, after", [
    (b"a: 1\r\nb: 2\r\n", b"a: 1\r\nb: 3\r\n"),  # a Windows editor's file stays CRLF
    (b"\xef\xbb\xbfa: 1\nb: 2\n", b"\xef\xbb\xbfa: 1\nb: 3\n"),  # its byte-order mark stays
    (b"a: 1\nb: 2\r\n", b"a: 1\nb: 3\n"),  # most lines end in LF: LF
    (None, b"a: 1\nb: 3\n"),  # a new file: as given
])
def test_a_replaced_file_keeps_its_line_ends_and_byte_order_mark(tmp_path, before, after):
    if before is not None:
        (tmp_path / "x.yaml").write_bytes(before)
    writes.write_files(tmp_path, {"x.yaml": "a: 1\nb: 3\n"})
    assert (tmp_path / "x.yaml").read_bytes() == after
