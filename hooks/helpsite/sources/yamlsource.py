"""Strict YAML reading that remembers where every value came from.

PyYAML's defaults are wrong for support facts: YAML 1.1 reads ``NO`` (Norway) as false and
``22:00`` as the sexagesimal integer 1320, keeps the last of two duplicate keys without a
word, and turns ``5.95`` into a binary float. This loader resolves only ``true``/``false``,
``null``, decimal integers and decimals (as ``Decimal``); everything else stays a string.
It rejects duplicate keys and any explicit tag, and records the position of each value so
that a schema error can name ``file:line:col``.
"""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from helpsite.errors import Problem, SourceError

Location = tuple[int, int]
KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


# libyaml's parser where PyYAML was built with it (several times faster); same behaviour.
class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    yaml_implicit_resolvers: dict = {}


_RESOLVERS = (
    (_BOOL, r"^(?:true|false)$", "tf"),
    (_NULL, r"^(?:~|null|)$", ["~", "n", ""]),
    (_INT, r"^[-+]?[0-9]+$", "-+0123456789"),
    (_FLOAT, r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$", "-+.0123456789"),
)
for _tag, _pattern, _first in _RESOLVERS:
    _StrictLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class SourceDocument:
    """A parsed YAML file: its data, and the position of every value in it."""

    def __init__(self, path: str, data: Any, positions: dict[KeyPath, Location],
                 key_positions: dict[KeyPath, Location] | None = None,
                 flow_style: bool = False):
        self.flow_style = flow_style  # the whole document is one {...} or [...]
        self.path = path
        self.data = data
        self.positions = positions
        self.key_positions = key_positions or {}

    def locate(self, key_path: KeyPath) -> Location:
        """Position of the deepest value along ``key_path`` that exists in the file.

        Schema libraries add their own steps to a location (a union member's name, say);
        steps that name nothing in the document are skipped rather than trusted.
        """
        best: KeyPath = ()
        for step in key_path:
            candidate = best + (step,)
            if candidate in self.positions:
                best = candidate
        return self.positions.get(best, (1, 1))

    def problem(self, key_path: KeyPath, message: str) -> Problem:
        line, column = self.locate(key_path)
        return Problem(self.path, line, column, message)

    def key_problem(self, key_path: KeyPath, message: str) -> Problem:
        """A problem with a key itself (a typo), placed on the key rather than its value."""
        line, column = self.key_positions.get(tuple(key_path)) or self.locate(key_path)
        return Problem(self.path, line, column, message)




def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.tag == _STR:
        return text
    if node.tag == _INT:
        return int(text)
    if node.tag == _FLOAT:
        return Decimal(text)
    if node.tag == _BOOL:
        return text == "true"
    return None


MAX_DEPTH = 40  # nesting of mappings and lists; real files need fewer than ten
MAX_DIGITS = 30  # in one number; a price or count needs fewer than twenty
MAX_BYTES = 2_000_000  # in one source file: far more than any page or data file holds


def _plain_tag(value: str) -> str:
    """The tag a plain (unquoted) scalar gets from this loader's resolvers."""
    for tag, pattern, _ in _RESOLVERS:
        if re.fullmatch(pattern, value):
            return tag
    return _STR


class _Converter:
    def __init__(self, path: str, first_line: int):
        self.seen: set[int] = set()
        self.reused: set[int] = set()
        self.path = path
        self.first_line = first_line
        self.positions: dict[KeyPath, Location] = {}
        self.key_positions: dict[KeyPath, Location] = {}
        self.problems: list[Problem] = []

    def position(self, node: yaml.Node) -> Location:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def problem(self, node: yaml.Node, message: str) -> None:
        line, column = self.position(node)
        self.problems.append(Problem(self.path, line, column, message))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        # Python refuses to read integers of over 4,300 digits (and would take long to).
        if node.tag in (_INT, _FLOAT) and len(node.value) > MAX_DIGITS:
            self.problem(node, f"a number of {len(node.value):,} digits is more than any "
                         f"fact needs (at most {MAX_DIGITS}); shorten it")
            return None
        return _scalar(node)

    def convert(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.positions[key_path] = self.position(node)
        # An alias makes the parser hand out the same node again: refused, so that a few
        # lines cannot expand into billions of values or refer to themselves.
        if id(node) in self.seen:
            if id(node) not in self.reused:  # once per value, however often it is reused
                self.reused.add(id(node))
                self.problem(node, "this value is reused by an alias (*name); aliases are "
                             "not allowed, write the value out")
            return None
        self.seen.add(id(node))
        explicit = isinstance(node, yaml.ScalarNode) and node.tag != (
            _STR if node.style else _plain_tag(node.value))
        if explicit or node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ):
            self.problem(node, f"the tag {node.tag!r} is not allowed; write plain values")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key_path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, key_path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def _mapping(self, node: yaml.MappingNode, key_path: KeyPath) -> dict:
        result: dict = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "keys must be plain values (no merge keys or nested keys)")
                continue
            key = self.scalar(key_node)
            if key in first_seen:
                self.problem(
                    key_node,
                    f"duplicate key {key!r} (first given on line {first_seen[key]})",
                )
                continue
            first_seen[key] = self.position(key_node)[0]
            self.key_positions[key_path + (key,)] = self.position(key_node)
            result[key] = self.convert(value_node, key_path + (key,))
        return result


def _check_depth(text: str, display_path: str, first_line: int) -> None:
    """Refuse text nested deeper than MAX_DEPTH before it is composed: libyaml's parser keeps
    its own stack, but PyYAML's composer recurses once per level, and 50,000 nested "["
    overflow the C stack (the process dies without a word). Reading the events is linear."""
    depth = 0
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise SourceError([Problem(display_path, mark.line + first_line, mark.column + 1,
                                           f"values are nested more than {MAX_DEPTH} levels "
                                           "deep; write them flatter")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, display_path: str, first_line: int = 1) -> SourceDocument:
    """Parse YAML text strictly; raise ``SourceError`` naming every problem in it.

    ``first_line`` is the file line the text starts on (front matter starts on line 2).
    """
    node = _compose(text, display_path, first_line)
    if node is None:
        return SourceDocument(display_path, {}, {(): (first_line, 1)})
    converter = _Converter(display_path, first_line)
    data = converter.convert(node, ())
    if converter.problems:
        raise SourceError(converter.problems)
    return SourceDocument(display_path, data, converter.positions, converter.key_positions,
                          flow_style=bool(getattr(node, "flow_style", False)))


def _compose(text: str, display_path: str, first_line: int) -> yaml.Node | None:
    """The YAML text's node tree, its depth checked first; one located problem if it is not
    YAML."""
    try:
        _check_depth(text, display_path, first_line)
        return yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        raise SourceError([Problem(display_path, line, column, f"invalid YAML: {error.problem}")])
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + first_line
        column = error.position - text.rfind("\n", 0, error.position)
        raise SourceError([Problem(display_path, line, column, f"the character "
                                   f"U+{error.character:04X} is not allowed here; remove it")])
    except (yaml.YAMLError, RecursionError) as error:
        raise SourceError([Problem(display_path, first_line, 1, f"invalid YAML: {error}")])


def top_level(file: Path, display_path: str, key: str) -> tuple[str, Location] | None:
    """A top-level key's value as written, and where, in a YAML file this loader does not
    check (mkdocs.yml, whose tags are MkDocs'); None if the file does not set it."""
    node = _compose(read_source(file, display_path), display_path, 1)
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
        if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
            return value_node.value, (value_node.start_mark.line + 1,
                                      value_node.start_mark.column + 1)
    return None


def inside_project(file: Path, display_path: str) -> None:
    """Refuse a file reached through a symbolic link out of the project (``display_path`` is
    relative to the project's folder): /etc/passwd must not be published. The problem names
    the link itself, once however many files lie behind it."""
    parts = Path(display_path).parts
    root = file.absolute().parents[len(parts) - 1]
    resolved_root = root.resolve()
    for depth in range(1, len(parts) + 1):
        step = root.joinpath(*parts[:depth])
        if not step.is_symlink():
            continue
        try:
            target = step.resolve()
        except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop
            raise SourceError([Problem("/".join(parts[:depth]), 1, 1, "is a link that leads "
                                       "back to itself; replace it with a file")]) from None
        if not target.is_relative_to(resolved_root):
            raise SourceError([Problem("/".join(parts[:depth]), 1, 1, "is a link to something "
                                       "outside the project; copy it in instead")])


def read_bounded(file: Path, display_path: str, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them: a folder, a FIFO (which would wait
    for a writer forever), a device such as /dev/zero (endless) or a link that leads nowhere
    is one located problem, found before anything is read."""
    def refuse(message: str) -> SourceError:
        return SourceError([Problem(display_path, 1, 1, message)])

    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise refuse(f"cannot read it ({error.strerror}); make it a readable file") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise refuse("is a folder, not a file; rename or move it")
        if not stat.S_ISREG(status.st_mode):
            raise refuse("is not a regular file (a FIFO or a device); replace it with a file")
        # At most one byte more than allowed: the file may have grown since.
        data = os.read(descriptor, limit + 1) if status.st_size <= limit else b""
    finally:
        os.close(descriptor)
    if status.st_size > limit or len(data) > limit:
        raise refuse(f"is more than {limit:,} bytes long, more than any source file needs; "
                     "split it")
    return data


def read_source(file: Path, display_path: str) -> str:
    """A source file's text: inside the project, UTF-8, without NUL. A byte-order mark is
    dropped and line ends are read as "\\n"."""
    inside_project(file, display_path)
    data = read_bounded(file, display_path, MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise SourceError([Problem(display_path, line, column,
                                   "is not UTF-8 text; save it as UTF-8")]) from None
    if "\0" in text:
        position = text.index("\0")
        raise SourceError([Problem(display_path, text.count("\n", 0, position) + 1,
                                   position - text.rfind("\n", 0, position),
                                   "contains a NUL character; remove it")])
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(file: Path, display_path: str) -> SourceDocument:
    return parse_yaml(read_source(file, display_path), display_path)
