"""Where a page's Markdown has code (fenced blocks, inline spans): placeholders there are
shown as written, so a page can show one as an example."""

from __future__ import annotations

import re


def code_spans(body: str) -> list[tuple[int, int]]:
    """Where the body has code (fenced blocks, inline spans): placeholders there are shown
    as written, so a page can show one as an example. Linear in the body's length."""
    spans: list[tuple[int, int]] = []
    fence = None
    offset = 0
    runs: list[tuple[int, int]] = []  # backtick runs of the current paragraph: (start, length)
    for line in body.splitlines(keepends=True):
        marker = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is not None:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence[1]) \
                    and not line.strip().strip(marker[1][0]):
                spans.append((fence[2], offset + len(line)))
                fence = None
        elif marker:
            spans += _inline_spans(runs)
            runs, fence = [], (marker[1][0], marker[1], offset)
        elif not line.strip():  # a code span does not cross paragraphs
            spans += _inline_spans(runs)
            runs = []
        else:
            runs += [(offset + m.start(), len(m[0])) for m in re.finditer(r"`+", line)]
        offset += len(line)
    if fence is not None:
        spans.append((fence[2], len(body)))
    return sorted(spans + _inline_spans(runs))


def _inline_spans(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An inline code span runs from a backtick run to the next run of the same length."""
    following: dict[int, int] = {}
    closer: list[int | None] = [None] * len(runs)
    for index in range(len(runs) - 1, -1, -1):
        closer[index] = following.get(runs[index][1])
        following[runs[index][1]] = index
    spans, index = [], 0
    while index < len(runs):
        end = closer[index]
        if end is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[end][0] + runs[end][1]))
        index = end + 1
    return spans


def raw_code(body: str) -> str:
    """The body with its code wrapped in {% raw %}, so placeholders there stay as written."""
    parts, start = [], 0
    for first, last in code_spans(body):
        parts += [body[start:first], "{% raw %}", body[first:last], "{% endraw %}"]
        start = last
    return "".join(parts) + body[start:]
