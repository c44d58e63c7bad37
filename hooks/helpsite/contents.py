"""The site's list of articles, made from the pages themselves.

``{{ articles }}`` on a page (the home page) becomes a bulleted list linking every article
in the page's language, each under its own first heading, so a page added with
``helpsite new page`` is listed without anyone typing a link.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from . import formatting
from .context import PlaceholderError

# A Markdown level-1 heading, without the attribute list ({#id .class}) attr_list allows.
_HEADING = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.MULTILINE)


def title(markdown: str, fallback: str) -> str:
    """The page's first level-1 heading, or ``fallback``."""
    match = _HEADING.search(markdown)
    return match[1].strip() if match else fallback


def article_list(project, language: str) -> Markup:
    """Markdown list items linking each article in ``language``. Articles are rendered
    before the pages that list them, so each title has its facts filled in."""
    items = [Markup("- [{}]({})").format(Markup(page_title(
                 project, f"{language}/{name}", name.removesuffix(".md"))), name)
             for name in project.articles()]
    return Markup("\n").join(items)


def page_title(project, path: str, fallback: str) -> str:
    """A page's title ("de/onoffice.md"): its front matter's, or its first heading with the
    facts filled in, or ``fallback``."""
    page = project.pages.get(path)
    if page is None:  # the preview, before the writer has made every language's copy
        language, name = path.split("/", 1)
        raise PlaceholderError(
            f"the list of articles needs docs/{path}, which does not exist yet; add it with: "
            f"helpsite new page {name.removesuffix('.md')} (a copy to translate in {language})")
    return page.meta.get("title") or title(project.rendered.get(path, page.body), fallback)


def untranslated_notice(strings, meta: dict, language: str, default: str) -> dict | None:
    """A copy awaiting translation (``helpsite new``) is published as its source's text: the
    language that text is written in, and a notice in the page's language that says so."""
    written_in = meta.get("source_language") or default
    if not meta.get("untranslated") or written_in == language:
        return None
    return {"lang": written_in,
            "text": strings.format(language, "page.untranslated",
                                   source_language=formatting.languages((written_in,), language))}
