"""A page's file: its YAML front matter, read strictly and remembering where each value came
from, and its Markdown body; and the text with a key of its front matter set."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpsite.errors import Problem, SourceError
from helpsite.sources.yamlsource import SourceDocument, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class PageSource:
    path: str
    text: str  # the whole file, front matter included
    front_matter: SourceDocument
    body: str
    body_first_line: int

    @property
    def meta(self) -> dict:
        return self.front_matter.data


def split_page(text: str, display_path: str) -> PageSource:
    """Separate YAML front matter (validated strictly) from the Markdown body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if re.match(r"---[ \t]*\n", text):
            raise SourceError([Problem(display_path, 1, 1, "the front matter is not closed: "
                                       "end it with a line '---'")])
        return PageSource(display_path, text, SourceDocument(display_path, {}, {}), text, 1)
    front_matter = parse_yaml(match[1] or "", display_path, first_line=2)
    if not isinstance(front_matter.data, dict):
        raise SourceError([Problem(display_path, 2, 1, "front matter must be a mapping")])
    return PageSource(display_path, text, front_matter, text[match.end():],
                      match[0].count("\n") + 1)


def with_front_matter(text: str, key: str, value: str) -> str:
    """The page text with ``key: value`` set in its front matter (added if absent)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return f"---\n{key}: {value}\n---\n\n{text}"
    inner = match[1] or ""
    line = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    inner = line.sub(f"{key}: {value}", inner) if line.search(inner) else inner + f"{key}: {value}\n"
    return f"---\n{inner}---\n" + text[match.end():]
