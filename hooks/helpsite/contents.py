"""The site's list of articles, made from the pages themselves.

``{{ articles }}`` on a page (the home page) becomes a bulleted list linking every article
in the page's language, each under its own first heading, so a page added with
``helpsite new page`` is listed without anyone typing a link.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# A Markdown level-1 heading, without the attribute list ({#id .class}) attr_list allows.
_HEADING = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.MULTILINE)


def title(markdown: str, fallback: str) -> str:
    """The page's first level-1 heading, or ``fallback``."""
    match = _HEADING.search(markdown)
    return match[1].strip() if match else fallback


def article_list(project, language: str) -> Markup:
    """Markdown list items linking each article in ``language``. Articles are rendered
    before the pages that list them, so each title has its facts filled in."""
    items = []
    for name in project.articles():
        page = project.pages[f"{language}/{name}"]
        heading = page.meta.get("title") or title(
            project.rendered.get(f"{language}/{name}", page.body), name.removesuffix(".md"))
        items.append(Markup("- [{}]({})").format(Markup(heading), name))
    return Markup("\n").join(items)
