"""pydantic's validation errors in a writer's terms: what the value is not, in YAML's words,
what to write instead, and the key meant where a key is misspelt."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from helpsite.errors import Problem
from helpsite.sources.yamlsource import SourceDocument


# pydantic words its errors in Python's types ("Input should be a valid boolean"); a writer
# reads what the value is not, in YAML's terms, and what to write instead.
_NOT_TRUE_OR_FALSE = ("is not true or false", "write true or false")
_NOT_WHOLE = ("is not a whole number", "write digits only, e.g. 3")
_NOT_NUMBER = ("is not a number", "write digits, e.g. 5.95")
_NOT_LIST = ("is not a list", "write [a, b] or one '- item' per line")
_NOT_KEYS = ("is not a set of 'key: value' entries", "write the keys indented below it")
_NOT_CHOICE = ("is not one of the choices", "write one of {expected}")
_WRITE_INSTEAD = {
    "bool_type": _NOT_TRUE_OR_FALSE, "bool_parsing": _NOT_TRUE_OR_FALSE,
    "int_type": _NOT_WHOLE, "int_parsing": _NOT_WHOLE, "int_from_float": _NOT_WHOLE,
    "float_type": _NOT_NUMBER, "float_parsing": _NOT_NUMBER,
    "decimal_type": _NOT_NUMBER, "decimal_parsing": _NOT_NUMBER,
    "string_type": ("is not text", 'put it in quotes, e.g. "08:00"'),
    "list_type": _NOT_LIST, "tuple_type": _NOT_LIST,
    "dict_type": _NOT_KEYS, "model_type": _NOT_KEYS,
    "too_short": ("is an empty list", "give at least {min_length} item(s)"),
    "too_long": ("is a longer list than a desk needs", "give at most {max_length} items"),
    "literal_error": _NOT_CHOICE, "enum": _NOT_CHOICE,
}


def _in_writers_terms(item: dict) -> str:
    if item["type"] not in _WRITE_INSTEAD:
        return item["msg"].removeprefix("Value error, ")
    what, advice = _WRITE_INSTEAD[item["type"]]
    value = item["input"]
    shown = "this" if isinstance(value, (dict, list, tuple)) and value else (
        repr(value) if isinstance(value, str) else str(value).lower() if value is not None
        else "an empty value")
    return f"{shown} {what}; {advice.format(**item.get('ctx', {}))}"


def _known_keys() -> set[str]:
    """Every key the project's models accept (data files and front matter)."""
    keys, models = set(), [BaseModel]
    while models:
        for model in models.pop().__subclasses__():
            models.append(model)
            if model.__module__.startswith("helpsite."):
                keys |= {field.alias or name for name, field in model.model_fields.items()}
    return keys


def _mapping_at(data: Any, key_path: tuple) -> dict:
    for step in key_path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def schema_problems(document: SourceDocument, error: ValidationError) -> list[Problem]:
    problems = []
    errors = error.errors()
    # A list whose only item is wrong is also "too short": one message per cause.
    locations = [tuple(item["loc"]) for item in errors]
    errors = [item for item in errors if not (item["type"] == "too_short" and any(
        other[:len(item["loc"])] == tuple(item["loc"]) and other != tuple(item["loc"])
        for other in locations))]
    # An unknown key beside a missing one it resembles is one typo: name the right key.
    missing = [tuple(item["loc"]) for item in errors if item["type"] == "missing"]
    meant, suggested = {}, {}
    for item in errors:
        key_path = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and isinstance(key_path[-1], str):
            siblings = [path[-1] for path in missing if path[:-1] == key_path[:-1]]
            close = difflib.get_close_matches(key_path[-1], siblings, n=1)
            if close:
                meant[key_path] = close[0]
            else:  # an optional key: the nearest key the files know, not one already here
                present = _mapping_at(document.data, key_path[:-1])
                close = difflib.get_close_matches(
                    key_path[-1], sorted(_known_keys() - set(present)), n=1)
                suggested[key_path] = close[0] if close else None
    for item in errors:
        key_path = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and (key_path in meant or suggested.get(key_path)):
            problems.append(document.key_problem(
                key_path, f"unknown key {key_path[-1]!r}: did you mean "
                f"{meant.get(key_path) or suggested[key_path]!r}?"))
        elif item["type"] == "extra_forbidden":
            problems.append(document.key_problem(
                key_path, f"unknown key {key_path[-1]!r}: no key of that name is known here; "
                "check its spelling and indentation"))
        elif item["type"] == "missing":
            if key_path not in {path[:-1] + (name,) for path, name in meant.items()}:
                problems.append(document.problem(key_path, f"{key_path[-1]!r} is missing"))
        else:
            problems.append(document.problem(key_path, _in_writers_terms(item)))
    return problems
