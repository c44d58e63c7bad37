"""Pages' converted HTML kept between builds (HELPSITE_PAGE_CACHE=DIR), content-addressed.

An entry's key is a hash of everything the conversion of a page's Markdown reads: the
Markdown itself after helpsite filled in its facts (so it holds exactly the values and
strings the page read, and a desk edit changes the key of the pages that read the desk and
no other), the page's place, every file of the site (its links are resolved against them),
the Markdown configuration, the code that fills and converts (helpsite's source and every
installed distribution's version). What the key does not hold, the cache does not keep:
the theme's templates render every page again in every build, so the navigation, the
strings around the article, the policy and the search index are never taken from it.

An entry is one file named by its key, in its language's folder, its first line the SHA-256
of the rest: a file truncated or altered is a miss, converted again and written over, never
published.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import helpsite

FORMAT = "1"  # what an entry holds; a change makes every older entry a miss
ENVIRONMENT = "HELPSITE_PAGE_CACHE"


def digest(*parts: object) -> str:
    """The SHA-256 of ``parts`` as canonical JSON (any object as its repr: a stable one)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_stable)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stable(value: object) -> object:
    """A value JSON has no form for: a set sorted, a function by its name and its module's
    file (a repr would hold its address, different in every process; a module of the
    project's own is in no distribution's version), anything else by its repr."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if callable(value):
        module = sys.modules.get(getattr(value, "__module__", None) or "")
        source = Path(getattr(module, "__file__", None) or "")
        return [getattr(value, "__module__", None), getattr(value, "__qualname__", repr(value)),
                hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else None]
    return repr(value)


def code_digest(*modules: Path) -> str:
    """helpsite's package (code, templates, data) and ``modules`` (the MkDocs adapter's
    files) byte for byte, with the interpreter's and every installed distribution's version:
    any change to what fills or converts a page is a new key for every page."""
    hashed = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    package = Path(helpsite.__file__).parent
    files = [path for path in sorted(package.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts]
    for path in [*files, *modules]:
        hashed.update(f"{path.relative_to(path.anchor)}\0".encode())
        hashed.update(path.read_bytes())
    versions = sorted(f"{dist.metadata['Name']}=={dist.version}"
                      for dist in metadata.distributions())
    hashed.update("\0".join(versions).encode())
    return hashed.hexdigest()


class PageCache:
    """Entries in ``folder``, read and written by key; counts what the build took from it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits: list[str] = []  # the names given to get(), found
        self.misses: list[str] = []  # and not found (or unusable)
        self._used: set[Path] = set()  # entries read or written by this build

    def _path(self, key: str, name: str) -> Path:
        """Each language in its own folder: a shard prunes its own language alone."""
        return self.folder / name.split("/", 1)[0] / key[:2] / key

    def get(self, key: str, name: str) -> dict | None:
        """The entry under ``key``, or None if there is none, or none intact."""
        entry = None
        try:
            checksum, _, payload = self._path(key, name).read_bytes().partition(b"\n")
            if checksum.decode("ascii", "replace") == hashlib.sha256(payload).hexdigest():
                entry = json.loads(payload)
        except (OSError, ValueError):
            pass  # absent, unreadable or not JSON: converted again
        if not isinstance(entry, dict) or (entry.get("key"), entry.get("name")) != (key, name):
            self.misses.append(name)
            return None
        self.hits.append(name)
        self._used.add(self._path(key, name))
        return entry

    def put(self, key: str, name: str, entry: dict) -> None:
        """Write the entry whole or not at all (a build stopped midway leaves no half)."""
        payload = json.dumps({**entry, "key": key, "name": name},
                             ensure_ascii=False).encode("utf-8")
        path = self._path(key, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self._used.add(path)

    def prune(self) -> int:
        """Delete the entries of the languages built that this build neither read nor wrote
        (older sources' pages), so the folder CI keeps holds one build's pages; the number
        deleted."""
        deleted = 0
        for language in {path.parent.parent for path in self._used}:
            for path in language.glob("*/*"):
                if path in self._used:
                    continue
                path.unlink(missing_ok=True)
                deleted += 1
        return deleted
