"""Pages' HTML kept on disk while a build waits to write them.

MkDocs reads and converts every page of a language before it writes the first one, and
static-i18n keeps every language's pages until the whole site is built: held in memory,
their HTML made a build's peak grow with the site. A build puts each page's HTML here as
soon as it is converted and takes it back to write the page, then lets it go, so it holds
one page's HTML at a time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path


class PageStore:
    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="helpsite-pages-")
        self._files: dict[str, Path] = {}
        self._count = 0

    def put(self, key: str, html: str) -> None:
        self._count += 1
        path = Path(self._folder.name, str(self._count))
        path.write_text(html, encoding="utf-8")
        self._files[key] = path

    def take(self, key: str) -> str | None:
        """The HTML put under ``key`` (once); None if there is none."""
        path = self._files.pop(key, None)
        if path is None:
            return None
        html = path.read_text(encoding="utf-8")
        path.unlink()
        return html

    def close(self) -> None:
        self._folder.cleanup()
