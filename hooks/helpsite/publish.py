"""Publishing a build: the site folder changes only when a whole build has succeeded.

A build writes into a fresh folder beside the published one; only when it has finished,
strict warnings included, is that folder renamed into place. A failed or interrupted build
leaves the published folder byte-identical. One build at a time per folder (a lock file
beside it), so two builds cannot mix their pages.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path


class PublishError(Exception):
    """The site folder cannot be built into (another build holds it)."""


class StagedSite:
    def __init__(self, target: Path):
        self.target = target.absolute()
        parent, name = self.target.parent, self.target.name
        parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(parent / f".{name}.lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise PublishError(f"another build is writing {self.target} now; wait for it "
                               "to finish") from None
        # Left over by a build that was killed: no build holds them now.
        for stale in parent.glob(f".{name}.*-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=parent))
        umask = os.umask(0)
        os.umask(umask)
        self.staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the site from a server

    def publish(self) -> None:
        """Put the new build in place of the published one."""
        try:
            old = None
            if self.target.exists() or self.target.is_symlink():
                old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-",
                                            dir=self.target.parent))
                os.rename(self.target, old / "site")
            os.rename(self.staging, self.target)
            if old is not None:
                shutil.rmtree(old)
        finally:
            self._release()

    def discard(self) -> None:
        """Forget the new build; the published folder stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()
