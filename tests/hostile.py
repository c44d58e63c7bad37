"""Hostile inputs of about 1 MB for the drift checks: each once made a pattern or the block
alignment take minutes. Shared by the hang-guard test and benchmarks/bench_check.py."""

from __future__ import annotations

from pathlib import Path

SIZE = 1_000_000


def _lines(line: str) -> str:
    return line * (SIZE // len(line))


# name -> (reference text, translation text); plain text, one block per line.
CASES: dict[str, tuple[str, str]] = {
    "one line of digits": ("1" * SIZE, "1" * (SIZE - 1) + "2"),
    "digit lines of 20,000": (_lines("9" * 20_000 + "\n"), _lines("8" * 20_000 + "\n")),
    "grouped digits": ("1.000" * (SIZE // 5), "1,000" * (SIZE // 5)),
    "spaced digits": ("1 " * (SIZE // 2), "2 " * (SIZE // 2)),
    "one long word": ("a" * SIZE, "b" * SIZE),
    "dotted word": ("a." * (SIZE // 2), "a-" * (SIZE // 2)),
    "at signs": ("a@" * (SIZE // 2), "a@a." * (SIZE // 4)),
    "identical lines": (_lines("Preis 5,95 € je Block\n"), _lines("Preis 5,95 € je Block\n")[:-30]),
    "8,000 identical lines": ("Preis 5,95 € je Block\n" * 8000, "Preis 5,95 € je Block\n" * 7999),
    "identical numbers": (_lines("7\n"), _lines("8\n")),
    "money and times": (_lines("€1 1:00 CHF 2.– 3 kr. "), _lines("€2 2:00 CHF 3.– 4 kr. ")),
    "word numbers": (_lines("zwei drei vier "), _lines("tres cuatro cinco ")),
    "markup": ("<p>" * (SIZE // 3), "<li>" * (SIZE // 4)),
}


def write_site(root: Path, reference: str, translation: str) -> Path:
    """A built site of two languages whose one article holds ``reference`` / ``translation``."""
    for lang, body, other in (("de", reference, "es"), ("es", translation, "de")):
        page = root / lang / "page" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<!doctype html><html lang="{lang}"><head>'
            '<meta name="helpsite:source-language" content="de">'
            '</head><body>'
            f'<a href="../../{other}/page/" hreflang="{other}" class="md-select__link">{other}</a>'
            f'<article><p>{body}</p></article></body></html>', encoding="utf-8")
    return root
