"""Edits to YAML files that keep everything a person wrote: comments, order, quoting.

Loading and dumping a file would lose its comments, so these functions read the file's
node positions and splice new lines into its text.
"""

from __future__ import annotations

from typing import Callable

import yaml

from helpsite.errors import Problem, SourceError

Step = str | Callable[[yaml.Node], bool]


class _AnyTags(yaml.SafeLoader):
    """Composes any file MkDocs reads (``!ENV`` and ``!!python/name`` tags included);
    composing builds nodes only, so no tag is ever run."""


def compose(text: str, display_path: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_AnyTags)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError([Problem(display_path, line, column, f"invalid YAML: {error.problem}")])


def find(node: yaml.Node | None, steps: tuple[Step, ...]) -> yaml.Node | None:
    """The node at ``steps``: a key in a mapping, or the first item of a sequence that a
    predicate accepts. None where the path leads nowhere."""
    for step in steps:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and callable(step):
            node = next((item for item in node.value if step(item)), None)
        else:
            return None
    return node


def has_key(key: str) -> Callable[[yaml.Node], bool]:
    return lambda node: isinstance(node, yaml.MappingNode) and find(node, (key,)) is not None


def scalar(node: yaml.Node | None, steps: tuple[Step, ...] = ()) -> str | None:
    found = find(node, steps)
    return found.value if isinstance(found, yaml.ScalarNode) else None


def last_line(node: yaml.Node) -> int:
    """The 0-based line holding the end of ``node``'s content. A block scalar ends at the
    start of the line after it."""
    if isinstance(node, yaml.MappingNode) and node.value:
        return last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value:
        return last_line(node.value[-1])
    mark = node.end_mark
    return mark.line - 1 if mark.column == 0 and mark.line > node.start_mark.line else mark.line


def insert_after(text: str, node: yaml.Node, new_lines: list[str]) -> str:
    """``text`` with ``new_lines`` inserted after the last line of ``node``."""
    lines = text.splitlines(keepends=True)
    at = last_line(node) + 1
    if at > len(lines) - 1 and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines[:at] + [line + "\n" for line in new_lines] + lines[at:])


def append_to_mapping(text: str, mapping: yaml.MappingNode, key: str, value_lines: list[str]) -> str:
    """Add ``key:`` with the block ``value_lines`` (indented under it) as the mapping's last
    entry, at the indentation of its other keys."""
    indent = " " * mapping.value[0][0].start_mark.column
    return insert_after(text, mapping, [f"{indent}{key}:"] +
                        [f"{indent}  {line}" for line in value_lines])


def append_to_sequence(text: str, sequence: yaml.SequenceNode, item_lines: list[str]) -> str:
    """Add a block item (its first line after the dash) at the end of a block sequence."""
    first = sequence.value[0]
    dash = " " * sequence.start_mark.column
    inner = " " * first.start_mark.column
    return insert_after(text, sequence, [f"{dash}- {item_lines[0]}"] +
                        [f"{inner}{line}" for line in item_lines[1:]])


def mark_values(text: str, display_path: str, comment: str) -> str:
    """``text`` with ``# comment`` after every one-line value and every block scalar's
    header, e.g. to mark a copy of another language's strings as awaiting translation."""
    root = compose(text, display_path)
    ends: list[int] = []

    def walk(node: yaml.Node) -> None:
        if node.start_mark.line == node.end_mark.line and not (
                isinstance(node, yaml.MappingNode) and not node.flow_style):
            ends.append(node.end_mark.index)  # a scalar, or a flow list such as [a, b]
        elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            ends.append(text.index("\n", node.start_mark.index))  # after the | or > header
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    if root is not None:
        walk(root)
    for index in sorted(ends, reverse=True):
        text = f"{text[:index]}  # {comment}{text[index:]}"
    return text
