"""The words the value readers need beside CLDR's, per language (data/value_words.yaml),
and how words go into a pattern."""

from __future__ import annotations

import importlib.resources
import re

import yaml

WORDS = yaml.safe_load(importlib.resources.files(__package__).joinpath(
    "data", "value_words.yaml").read_text(encoding="utf-8"))

SPACE = "\u00a0\u202f\u2009 "  # the spaces written between a number and its unit


def alternatives(words) -> str:
    """Literal words as one alternation, the longest first."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def parts(table: str, language: str | None = None, default: str = "") -> str:
    """A table of parts of patterns as one alternation: the table's (all languages'), or
    ``language``'s (``default`` where it has none)."""
    found = WORDS[table] if language is None else WORDS[table].get(language)
    return "|".join(found) if found else default


def spaced(phrase: str) -> str:
    """A pattern with any space CLDR or a writer puts between words where it says "[ ]"."""
    return phrase.replace("[ ]", f"[{SPACE}]")
