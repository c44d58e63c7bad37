"""Untranslated copies: a page copied from its source page (``helpsite new``), marked
``untranslated: true``, shows its source's current text until someone translates it.

A copy records the version of the source it was made from (``translated_from``), so an
unedited copy is recognised: its text less the marks is that version. Such a copy follows
its source (the build and the preview render the source's body in the copy's language);
a copy someone has started to edit shows its own text. Neither is checked as a
translation until its mark is deleted (checks._translations).
"""

from __future__ import annotations

import dataclasses
import re

from helpsite.site.checks import source_hash
from helpsite.sources.pagefile import PageSource, with_front_matter

UNTRANSLATED = "untranslated"
_MARKS = re.compile(rf"^(?:{UNTRANSLATED}|translated_from):.*\n", re.MULTILINE)


def copy_of(source_text: str, translated: bool) -> str:
    """A page copied from its source, marked as not yet translated. A translation also
    records the source's version: the copy follows that source while unedited, and a later
    change to the source shows as outdated once the copy is translated."""
    text = with_front_matter(source_text, UNTRANSLATED, "true")
    if not translated:
        return text
    return with_front_matter(text, "translated_from", source_hash(source_text))


def unedited(page: PageSource) -> bool:
    """Whether a marked copy is still the text it was copied as."""
    front = page.text[:len(page.text) - len(page.body)]
    recorded = page.meta.get("translated_from")
    return recorded is not None and source_hash(_MARKS.sub("", front) + page.body) == recorded


def source_of(pages: dict[str, PageSource], relative: str) -> str | None:
    """The source page (docs-relative) an unedited copy follows; None for any other page."""
    page, (language, name) = pages[relative], relative.split("/", 1)
    source = f"{page.meta.get('source_language')}/{name}"
    if (not page.meta.get(UNTRANSLATED) or page.meta.get("source_language") in (None, language)
            or source not in pages or not unedited(page)):
        return None
    return source


def shown(pages: dict[str, PageSource], relative: str) -> PageSource:
    """The page as readers get it: an unedited copy with its source's current body (lines
    and problems are the source file's)."""
    source = source_of(pages, relative)
    if source is None:
        return pages[relative]
    return dataclasses.replace(pages[relative], path=pages[source].path, body=pages[source].body,
                               body_first_line=pages[source].body_first_line)


def followers(pages: dict[str, PageSource], changed: set[str]) -> set[str]:
    """The unedited copies of these pages (docs-relative): what a change to them changes."""
    return {relative for relative in pages if source_of(pages, relative) in changed}
