"""Writing into the project: every file inside it, every change whole or not at all.

Commands that write (``schema``, ``new``, ``confirm``) name each file relative to the
project's folder. A file, or a folder on its way, that is a symbolic link out of the
project is refused (``inside_project``, as for what the build reads), before anything is
written: a link cannot make a command write to a file elsewhere. Each file is written to
a temporary file beside it and renamed over it, so a failure (a full disk, a folder it may
not write) leaves every file as it was, and a hard link's other name keeps its text. A
file that is replaced keeps its line ends and byte-order mark, as the writer's editor
wrote them, so a change shows in a diff as the lines it changed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from helpsite.errors import Problem, SourceError
from helpsite.sources.yamlsource import inside_project


def write_files(root: Path, files: dict[str, str]) -> Callable[[], None]:
    """Write every file (root-relative path -> text), or none of them. Returns a function
    that puts every file back as it was (for a change that turns out not to load)."""
    targets = {path: _target(root, path) for path in files}
    made: list[Path] = []  # folders this call creates, outermost first
    before: dict[Path, bytes | None] = {}
    path = next(iter(files), "")
    try:
        for path, text in files.items():
            target = targets[path]
            missing = [folder for folder in (target.parent, *target.parent.parents)
                       if not folder.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            before[target] = target.read_bytes() if target.exists() else None
            _replace(target, _as_before(before[target], text))
    except BaseException as error:  # an interrupt too: all or none
        _undo(before, made)
        if isinstance(error, OSError):
            raise SourceError([Problem(path, 1, 1, f"cannot be written ({error.strerror}); "
                                                   "nothing was changed")]) from None
        raise
    return lambda: _undo(before, made)


def _as_before(before: bytes | None, text: str) -> bytes:
    """``text`` with the line ends and byte-order mark of the file it replaces: CRLF where
    most of its lines ended so, a byte-order mark if it had one."""
    if before is not None and before.count(b"\r\n") * 2 > before.count(b"\n"):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if before is not None and before.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text.removeprefix("\ufeff")
    return text.encode("utf-8")


def _target(root: Path, path: str) -> Path:
    """Where ``path`` is written: inside the project, a file or nothing yet."""
    file = root / path
    inside_project(file, path)
    target = file.resolve()  # a link within the project: its target is what changes
    if target.exists() and not target.is_file():
        raise SourceError([Problem(path, 1, 1, "is not a file; move it away first")])
    return target


def _replace(target: Path, data: bytes) -> None:
    """Give ``target`` this content in one step: a new file beside it, renamed over it."""
    mode = target.stat().st_mode & 0o777 if target.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # as open() would have made it, not mkstemp's 0600
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _undo(before: dict[Path, bytes | None], made: list[Path]) -> None:
    for target, data in before.items():
        if data is None:
            target.unlink(missing_ok=True)
        else:
            _replace(target, data)
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:  # something else was put there meanwhile: it stays
            pass
