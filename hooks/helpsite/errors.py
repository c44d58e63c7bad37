"""Errors that point a writer at the file, line and column that is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # One line, whatever a library's message looked like.
        return f"{self.path}:{self.line}:{self.column}: {' '.join(self.message.split())}"


class SourceError(Exception):
    """One or more problems in the project's sources; nothing has been written."""

    def __init__(self, problems: list[Problem], advice: list[str] | None = None):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        self.advice = advice or []  # lines to show after the problems, e.g. YAML to paste
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # raised in a worker process of `check --site`, shown by the parent
        return SourceError, (self.problems, self.advice)


class TooMuchToRead(ValueError):
    """A text holds more than any help page could (lines, tags, value-like runs); it is
    refused, not half-read."""
