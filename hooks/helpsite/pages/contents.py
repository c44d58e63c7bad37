"""The site's list of articles, made from the pages themselves.

``{{ articles }}`` on a page (the home page) becomes a bulleted list linking every article
in the page's language, each under its own first heading, so a page added with
``helpsite new page`` is listed without anyone typing a link.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import markdown
from markupsafe import Markup, escape

from helpsite.rules import formatting
from helpsite.model.context import PlaceholderError
from helpsite.pages.markup import Markdown

# A Markdown level-1 heading, without the attribute list ({#id .class}) attr_list allows.
_HEADING = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.MULTILINE)


def title(markdown: str, fallback: str) -> str:
    """The page's first level-1 heading, or ``fallback``."""
    match = _HEADING.search(markdown)
    return match[1].strip() if match else fallback


def first_heading(markdown_text: str) -> str:
    """The line of the page's first level-1 heading, as typed; "" if it has none."""
    match = _HEADING.search(markdown_text)
    return match[0] if match else ""


def article_list(pages: dict, articles: list[str], language: str, heading) -> Markup:
    """Markdown list items linking each of ``articles`` in ``language``, each under its
    title (page_title)."""
    items = [Markdown("- [{}]({})").format(
                 page_title(pages, f"{language}/{name}", name.removesuffix(".md"),
                            heading).unescape(),
                 Markup(quote(name)))  # a name makes no scheme ("javascript:x.md"), no markup
             for name in articles]
    return Markup("\n").join(items)


def page_title(pages: dict, path: str, fallback: str | None, heading) -> Markup | None:
    """What the page ("de/onoffice.md") is called in menus and lists (shown_title);
    ``heading(path)`` is its first heading with its facts filled in."""
    page = pages.get(path)
    if page is None:  # the preview, before the writer has made every language's copy
        language, name = path.split("/", 1)
        raise PlaceholderError(
            f"the list of articles needs docs/{path}, which does not exist yet; add it with: "
            f"helpsite new page {name.removesuffix('.md')} (a copy to translate in {language})")
    return shown_title(page.meta, "" if page.meta.get("title") else heading(path), fallback)


def file_title(page) -> str:
    """MkDocs' name for a page without a title or heading (a MkDocs page): its file's, as
    MkDocs writes it."""
    if page.is_homepage:
        return "Home"
    name = page.file.name.replace("-", " ").replace("_", " ")
    return name.capitalize() if name.lower() == name else name


def shown_title(meta: dict, markdown_text: str, fallback: str | None) -> Markup | None:
    """A page's title as the theme writes it, HTML: its front matter's, or its first heading
    with the facts filled in, or ``fallback`` (a file or folder name), or None. Each is text:
    a front matter's or a name shows as typed, a heading as its page shows it."""
    if meta.get("title"):
        return escape(str(meta["title"]))
    heading = title(markdown_text, None)
    if heading is not None:
        return heading_text(heading)
    return None if fallback is None else escape(fallback)


_HEADINGS = markdown.Markdown()  # Markdown without extensions reads a heading's inline markup
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&!]")  # what may make a heading more than its text


def heading_text(heading: str) -> Markup:
    """A heading's Markdown as the text it shows (`<b>` in code is the characters <b>; raw
    tags are dropped, as the theme drops them from page titles), escaped."""
    if not _INLINE_MARKUP.search(heading):  # most are plain words: no need to read them
        return escape(" ".join(heading.split()))
    return escape(Markup(_HEADINGS.reset().convert(heading)).striptags())


def untranslated_notice(strings, meta: dict, language: str, default: str) -> dict | None:
    """A copy awaiting translation (``helpsite new``) is published as its source's text: the
    language that text is written in, and a notice in the page's language that says so."""
    written_in = meta.get("source_language") or default
    if not meta.get("untranslated") or written_in == language:
        return None
    return {"lang": written_in,
            "text": strings.format(language, "page.untranslated",
                                   source_language=formatting.languages((written_in,), language))}
