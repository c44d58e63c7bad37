"""The MkDocs side of the page cache (helpsite.site.pagecache): a page whose conversion the
cache holds is not converted again. Its filled Markdown, once every plugin's on_page_markdown
before this adapter's has run, is the key's page part; on a hit MkDocs converts an empty
text and on_page_content puts back what the conversion made: the HTML, the table of
contents, the title found in it, the anchors MkDocs checks links against, and the page's
search terms. Everything after (the theme's templates, the search index, the sitemap, the
policy) runs as without the cache.

A conversion that logged a warning is not kept: taken from the cache, it would pass a
--strict build silently.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from helpsite.pages.render import LateData
from helpsite.site.pagecache import ENVIRONMENT, PageCache, code_digest, digest

log = logging.getLogger("mkdocs.plugins.helpsite")


class _Warned(logging.Handler):
    """Whether MkDocs warned since the last reset (while converting one page)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warned = False

    def emit(self, record: logging.LogRecord) -> None:
        self.warned = True


class PageConversions:
    def __init__(self, folder: Path) -> None:
        self.cache = PageCache(folder)
        adapter = Path(__file__).parent
        self.code = code_digest(*sorted(adapter.glob("helpsite_*.py")))
        self.site: str | None = None  # the language build's part of every key
        self.files: Files | None = None
        self.late: LateData | None = None
        self._converting: dict[str, tuple[str, str]] = {}  # page -> (key, its Markdown)
        self._taken: dict[str, tuple[dict, str]] = {}  # page -> (entry, its Markdown)
        self._warnings = _Warned()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    @classmethod
    def from_environment(cls) -> PageConversions | None:
        folder = os.environ.get(ENVIRONMENT, "").strip()
        return cls(Path(folder).absolute()) if folder else None

    def start(self, config: MkDocsConfig, files: Files, late: LateData) -> None:
        """A language's build (on_nav, once every plugin has placed its files): what every
        page's conversion reads besides its Markdown; ``late``, the build's data blocks."""
        unknown = [name for name in config.markdown_extensions if not _pure(name)]
        if unknown:
            raise PluginError(f"helpsite: the page cache cannot tell what the Markdown "
                              f"extension {unknown[0]} reads besides the page; build without "
                              f"{ENVIRONMENT}")
        configured = Path(config.config_file_path).read_bytes()
        settings = {name: config[name] for name in (
            "markdown_extensions", "mdx_configs", "validation", "use_directory_urls",
            "site_url", "docs_dir", "strict")}
        # MkDocs records links to other pages' anchors only when it does not log debug.
        level = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()
        every = sorted((file.src_uri, file.dest_uri, file.url, str(file.inclusion))
                       for file in files)
        self.site = digest(self.code, configured.decode("utf-8", "replace"), settings, level,
                           every)
        self.files, self.late = files, late

    def markdown(self, page: Page, markdown: str) -> str:
        """The text MkDocs converts: ``markdown``, or nothing when the cache holds the page."""
        name = page.file.src_uri
        between, blocks = self.late.split(markdown)
        key = digest(self.site, name, page.file.dest_uri, page.url, between,
                     [data for _, data in blocks])
        entry = self.cache.get(key, name)
        if entry is None:
            self._converting[name] = key, markdown
            self._warnings.warned = False
            return markdown
        # This build fills the entry's data blocks as it fills the pages it converts.
        text = json.dumps(entry)
        for token, data in entry["blocks"]:
            if data is not None:
                text = text.replace(token, self.late.put(data))
        self._taken[name] = json.loads(text), markdown
        return ""

    def taken(self, page: Page, content: str) -> dict | None:
        """On a hit, the page as its conversion left it; the entry, whose "terms" are the
        page's search terms if they were found."""
        found = self._taken.pop(page.file.src_uri, None)
        if found is None:
            return None
        entry, markdown = found
        if (page.markdown, content) != ("", ""):  # the cache would drop that plugin's text
            raise PluginError(f"helpsite: a plugin changed {page.file.src_uri} after helpsite "
                              f"filled it in; build without {ENVIRONMENT}")
        page.markdown, page.content = markdown, entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            page.links_to_anchors = {self.files.get_file_from_path(path): links
                                     for path, links in entry["links"].items()}
        return entry

    def keep(self, page: Page, content: str, terms: dict | None) -> None:
        """After a conversion (and the checks of its HTML): keep it, unless it warned."""
        key, markdown = self._converting.pop(page.file.src_uri)
        if self._warnings.warned or markdown != page.markdown:
            return  # or a plugin changed the Markdown after the key was made
        links = page.links_to_anchors
        self.cache.put(key, page.file.src_uri, {"blocks": self.late.split(markdown)[1],
            "content": content, "toc": [_token(item) for item in page.toc],
            "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids),
            "links": None if links is None else {file.src_uri: found
                                                 for file, found in links.items()},
            "terms": terms})

    def finish(self) -> None:
        """The build published: the cache keeps this build's pages alone."""
        pruned = self.cache.prune()
        log.info(f"helpsite: page cache {self.cache.folder}: {len(self.cache.hits)} page(s) "
                 f"taken from it, {len(self.cache.misses)} converted, {pruned} old entries "
                 "deleted")
        log.debug("helpsite: page cache: converted " + " ".join(self.cache.misses))

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)


# Python-Markdown's own extensions, which read nothing but the text and their settings.
_BUILT_IN = {"abbr", "admonition", "attr_list", "def_list", "extra", "fenced_code",
             "footnotes", "md_in_html", "tables", "toc", "codehilite", "legacy_attrs",
             "legacy_em", "meta", "nl2br", "sane_lists", "smarty", "wikilinks"}
_READS_FILES = {"pymdownx.snippets", "pymdownx.b64"}


def _pure(name: object) -> bool:
    """Whether the extension converts from the page's text and its settings alone (a key
    can hold nothing else): Python-Markdown's, the theme's, pymdownx's but snippets and b64
    (which read files)."""
    if not isinstance(name, str):
        return False
    short = name.removeprefix("markdown.extensions.")
    return (short in _BUILT_IN or name.startswith("material.extensions.")
            or (name.startswith("pymdownx.") and name not in _READS_FILES))


def _token(item: AnchorLink) -> dict:
    """A table-of-contents entry as Markdown's toc extension gave it to MkDocs (get_toc)."""
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_token(child) for child in item.children]}
