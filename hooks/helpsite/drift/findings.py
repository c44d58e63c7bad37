"""What a check found, and the flags that silence a check, listed so none is forgotten."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from helpsite.sources.blocks import Flag
from helpsite.sources.hidden import hidden_characters, name

HIDDEN = "hidden-character"
OUTDATED = "outdated"
FEE_LABEL = "fee label"


@dataclass(frozen=True)
class Finding:
    """What a check found: where, in which language, what differs and what to do about it.

    ``kind`` is what the finding is about: a kind of value ("time", "phone") whose
    ``expected`` (in the source) and ``found`` (in the translation) differ, or something
    else wrong ("hidden-character", "outdated", "fee label")."""
    check: str  # the id of the check that found it
    kind: str
    lang: str
    reference_lang: str
    expected: str | None  # None: the value is extra in the translation
    found: str | None  # None: the value is missing from the translation
    where: str  # "path:line", or an HTML page's block: "page.html p[3]"
    reference_where: str
    expected_text: str | None = None  # as written in the source
    found_text: str | None = None  # as written in the translation
    next_step: str = ""  # what to do about it
    column: int | None = None  # of the value in the translation, where it has one

    @property
    def file(self) -> str:
        return self._place[0]

    @property
    def line(self) -> int | None:
        return self._place[1]

    @property
    def _place(self) -> tuple[str, int | None]:
        path, _, line = self.where.rpartition(":")
        if line.isdigit():
            return path, int(line)
        return self.where.rpartition(" ")[0] if self.where.endswith("]") else self.where, None

    def as_dict(self) -> dict:
        if self.kind == OUTDATED:  # the JSON stays as it was before outdated was a finding
            return {"path": self.where, "lang": self.lang, "source": self.reference_where,
                    "recorded": self.expected, "current": self.found}
        found = asdict(self)
        for added in ("check", "next_step", "column"):  # said in the text; the JSON stays
            del found[added]
        if self.kind in (HIDDEN, FEE_LABEL) and self.column:  # their place held the column
            found["where"] = f"{self.where}:{self.column}"
        return found

    @property
    def message(self) -> str:
        """What is wrong, e.g. "time 17:30 became 18:30"."""
        if self.kind == HIDDEN:  # found_text says which character, where, and what to do
            return self.found_text
        if self.kind == OUTDATED:
            state = "was never confirmed" if self.expected is None else (
                f"was made from {self.expected}, the source is now {self.found}")
            return f"translation of {self.reference_where} {state}"
        expected = self.expected_text or self.expected
        found = self.found_text or self.found
        if self.expected is None and self.found is None:  # no value: what is wrong, in words
            return f"{self.kind} {expected}"
        if self.expected is None:
            return f"{self.kind} {found} is not in the {self.reference_lang} source"
        return (f"{self.kind} {expected} is missing" if self.found is None
                else f"{self.kind} {expected} became {found}")

    def __str__(self) -> str:
        source = ("" if self.expected is None or self.kind == OUTDATED
                  else f" (source: {self.reference_where})")
        next_step = f"; {self.next_step}" if self.next_step else ""
        where = f"{self.where}:{self.column}" if self.column else self.where
        return f"{where}: [{self.lang}] {self.message}{source}{next_step}"


def hidden_findings(check: str, text: str, path: str, lang: str, first_line: int = 1,
                    at: tuple[int, int] | None = None) -> list[Finding]:
    """A finding for each value of a page (Markdown, HTML or plain text) that holds a
    character a reader cannot see or that shows another value (see hidden.py); at its line
    and column, or at ``at`` (a string's line and column in its file)."""
    return [Finding(check, HIDDEN, lang, lang, None, name(hidden.character),
                    f"{path}:{line}", "", found_text=str(hidden), column=column)
            for hidden in hidden_characters(text, lang, first_line)
            for line, column in [at or (hidden.line, hidden.column)]]


@dataclass(frozen=True)
class Ignored:
    """A flag that silences a check for a block or a page, listed so it is not forgotten."""
    where: str
    flag: Flag

    def __str__(self) -> str:
        return f"{self.where}: {self.flag}"
