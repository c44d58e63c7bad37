"""Publishing a build: the site changes only when a whole build has succeeded, in one step.

The site folder (``site``) is a symbolic link to a complete build in ``.site.builds/``. A
build writes into a fresh folder there (``ID.new``); only when it has finished, strict
warnings included, does one ``os.replace`` of a new link over ``site`` make it current
(atomic on POSIX: at every moment ``site`` is the old build or the new one). The build it
replaced stays beside it until the next success. A failed or interrupted build leaves the
published site byte-identical; one build at a time per folder (a lock file beside it).

A ``site`` that is still a real folder (from before this layout) is exchanged with the
link in one step too (Linux ``renameat2(RENAME_EXCHANGE)``); where the system cannot
exchange, two renames leave a moment without ``site``, once. A ``site`` that is a link the
user made (a deploy layout pointing elsewhere) is followed: the build is published where
it points, the same way, and the user's link stays as it was.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import tempfile
from pathlib import Path

_MAX_LINKS = 40  # links followed from site_dir before giving up (a loop)


class PublishError(Exception):
    """The site folder cannot be built into (another build holds it)."""


class StagedSite:
    def __init__(self, target: Path, dirty: bool = False):
        """Lock the site folder and make a fresh build folder. ``dirty``: the new build
        starts as a copy of the published one (``mkdocs build --dirty`` rewrites only the
        pages that changed), so it too is published whole or not at all."""
        self.target = _published_place(target.absolute())
        parent, name = self.target.parent, self.target.name
        parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(parent / f".{name}.lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise PublishError(f"another build is writing {self.target} now; wait for it "
                               "to finish") from None
        self.builds = parent / f".{name}.builds"
        try:
            self.builds.mkdir(exist_ok=True)
            # Left over by a build that was killed (no build holds the lock now): a half
            # written build, or a link that never replaced the site.
            for stale in self.builds.iterdir():
                if stale.is_symlink():
                    stale.unlink()
                elif stale.suffix == ".new":
                    shutil.rmtree(stale)
            self.staging = Path(tempfile.mkdtemp(suffix=".new", dir=self.builds))
            umask = os.umask(0)
            os.umask(umask)
            self.staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the site from a server
            current = self.current()
            if dirty and current is not None:
                shutil.copytree(current, self.staging, symlinks=True, dirs_exist_ok=True)
        except BaseException:
            self.discard()
            raise

    def current(self) -> Path | None:
        """The build the site shows now, if it is one of ours (not a plain folder)."""
        if self.target.is_symlink() and _ours(self.target):
            return self.target.parent / os.readlink(self.target)
        return None

    def publish(self) -> list[str]:
        """Put the new build in place of the published one, in one step. Returns what
        could not be tidied away afterwards (the site is published all the same)."""
        built = self.staging.with_suffix("")
        link = built.with_suffix(".old")  # after an exchange, the old folder
        try:
            os.rename(self.staging, built)
            self.staging = built
            previous = self.current()
            os.symlink(built.relative_to(self.target.parent), link)
            if self.target.is_symlink() or not self.target.exists():
                os.replace(link, self.target)  # the one step that publishes
            else:  # a real folder, from before builds were kept in .site.builds
                _exchange(link, self.target)
                previous = link  # now the old folder, kept like a previous build
        except BaseException:
            if self.current() != built:  # (an interrupt may land just after the step)
                if link.is_symlink():
                    link.unlink()
                self.discard()
            else:
                self._release()
            raise
        self._release()
        return self._prune(keep={built.name, previous.name if previous else None})

    def _prune(self, keep: set) -> list[str]:
        """Delete every build but the published one and the one it replaced."""
        left = []
        for entry in self.builds.iterdir():
            if entry.name not in keep:
                try:
                    entry.unlink() if entry.is_symlink() else shutil.rmtree(entry)
                except OSError as error:
                    left.append(f"{entry}: {error.strerror}")
        return left

    def discard(self) -> None:
        """Forget the new build; the published site stays as it was."""
        staging = getattr(self, "staging", None)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def _ours(link: Path) -> bool:
    return re.fullmatch(rf"\.{re.escape(link.name)}\.builds/[^/]+", os.readlink(link)) is not None


def _published_place(site: Path) -> Path:
    """Where the build is published: ``site`` itself, or where a link the user made leads."""
    for _ in range(_MAX_LINKS):
        if not site.is_symlink() or _ours(site):
            return site
        site = site.parent.resolve() / os.readlink(site)
        site = site.parent.resolve() / site.name
    raise PublishError(f"{site}: too many symbolic links (a loop?); point site_dir at a folder")


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> None:
    """Swap two names in one step, where the system can (Linux 3.15+); else with two
    renames, which leave a moment without ``b`` (this happens once, migrating a folder)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(code, os.strerror(code), str(b))
    aside = a.with_suffix(".aside")
    os.rename(b, aside)
    os.replace(a, b)
    os.rename(aside, a)
