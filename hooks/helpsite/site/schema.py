"""JSON Schemas of the data files, for editors: completion, descriptions, typos flagged.

``helpsite schema`` writes ``schema/desk.schema.json`` from the pydantic model of a desk
and ``schema/strings.schema.json`` from the keys of the source language's strings file
(and, so one command keeps every published schema current, the price plan's).
YAML editors built on yaml-language-server (VS Code's YAML extension among them) read
them through the ``# yaml-language-server: $schema=`` comment in each data file
and ``.vscode/settings.json``. The loader stays the judge: a schema only hints while
typing, so its patterns are looser where the loader checks meaning (a valid phone
number, a known time zone).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from helpsite.model import model, types
from helpsite.rules import priceplan
from helpsite.model.strings import GENDERS, PLURALS, forms_kind
from helpsite.sources.yamlsource import load_yaml

FOLDER = "schema"
DESK_FILE = f"{FOLDER}/desk.schema.json"
STRINGS_FILE = f"{FOLDER}/strings.schema.json"
PRICE_PLAN_FILE = f"{FOLDER}/priceplan.schema.json"  # what the fee script reads, not an editor's
# yaml-language-server reads JSON Schema draft 7 and earlier.
DRAFT = "http://json-schema.org/draft-07/schema#"

_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
_DAYS = rf"{_DAY}(-{_DAY})?"
_DATE = r"([0-9]{4}-)?[0-9]{2}-[0-9]{2}"


def _text(pattern: str, description: str) -> dict:
    """Text of a given shape; yaml-language-server shows ``patternErrorMessage`` instead of
    the bare pattern when the text does not fit."""
    return {"type": "string", "pattern": pattern, "description": description,
            "patternErrorMessage": f"Not in the expected form. {description}"}


# What the YAML holds for each type the model parses from text, keyed by its parser.
_WRITTEN_AS: dict[Any, dict] = {
    types._slug: _text(r"^[a-z0-9]+([-_][a-z0-9]+)*$",
                       "An id: lower-case letters and digits, joined by '-' or '_'."),
    types._minutes_of_day: _text(r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
                                 'A time of day in quotes, "HH:MM", e.g. "09:00".'),
    types._weekdays: _text(rf"^(daily|{_DAYS}(,{_DAYS})*)$",
                           "Days: mon ... sun, a range (mon-fri), a list (sat,sun) or daily."),
    types._duration: _text(rf"^[0-9]+(\.[0-9]+)? *({'|'.join(types.DURATION_UNITS)})s?$",
                           "A number and a unit, e.g. '2 hours' or '90 seconds'."),
    types._phone: _text(r"^\+", "A phone number as customers should see it, starting with + "
                                "and the country code."),
    types._amount: {"type": "number", "minimum": 0,
                    "description": "A plain decimal, e.g. 5.95 or 1000.00."},
    types._date_rule: _text(rf"^{_DATE}(\.\.{_DATE})?$",
                            'A date in quotes: "12-24" every year, "2026-12-24" once, or a run '
                            'such as "12-24..12-26".'),
    types.holiday_region: _text(r"^[A-Z]{2}(-[A-Z0-9]+)?$",
                                 "A country, or country-subdivision, whose public holidays "
                                 "count, e.g. DE or DE-NW."),
    types._local_datetime: _text(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
                                 "Local date and time at the desk, e.g. 2026-11-23T22:00."),
}


class _DataFileSchema(GenerateJsonSchema):
    """Describes what a writer types (``"09:00"``), not what the loader makes of it."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> dict:
        function = schema["function"]["function"]
        if function in _WRITTEN_AS:
            return dict(_WRITTEN_AS[function])
        inner = super().function_before_schema(schema)
        if function is model._hours:
            return {"anyOf": [inner, {"const": "24/7", "description": "Open around the clock."}]}
        return inner

    def encode_default(self, default: Any) -> Any:
        """Amounts default to numbers, as a writer would type them, not to strings."""
        if isinstance(default, Decimal):
            return int(default) if default == default.to_integral_value() else float(default)
        return super().encode_default(default)


def desk_schema() -> dict:
    found = model.Desk.model_json_schema(schema_generator=_DataFileSchema, mode="validation",
                                         ref_template="#/definitions/{model}")
    found["definitions"] = found.pop("$defs")
    return {"$schema": DRAFT, **found, "title": "helpsite desk file (data/desks/ID.yaml)"}


def strings_schema(source: dict, language: str) -> dict:
    """Every key of the source language's strings, each a required string whose description
    is the source text a translation renders. Any language may write a string as forms
    (plural, gender) or a noun with its gender, whatever the source has."""
    def node(value: Any, key: str) -> dict:
        if isinstance(value, dict) and not forms_kind(value):
            return {"title": key, "type": "object", "additionalProperties": False,
                    "required": [str(child) for child in value],
                    "properties": {str(child): node(item, f"{key}.{child}" if key else str(child))
                                   for child, item in value.items()}}
        example = (value.get("text") or list(value.values())[-1]) if isinstance(value, dict) \
            else value
        return {"title": key, "description": f"{language}: {example}",
                "anyOf": [{"type": "string"}, {"$ref": "#/definitions/forms"},
                          {"$ref": "#/definitions/noun"}]}

    text = {"type": "string"}
    return {"$schema": DRAFT, **node(source, ""),
            "title": "helpsite strings file (data/i18n/LANG.yaml)",
            "definitions": {
                "forms": {"type": "object", "minProperties": 1, "additionalProperties": False,
                          "description": "forms by CLDR plural category or by gender",
                          "properties": {name: text for name in PLURALS + GENDERS}},
                "noun": {"type": "object", "additionalProperties": False,
                         "required": ["text", "gender"],
                         "properties": {"text": text, "gender": {"enum": list(GENDERS)}}}}}


def dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def modeline(schema_file: str) -> str:
    """The comment naming a data file's schema, its path relative to the data file.
    yaml-language-server (1.25) reads it only among the comments before the first key."""
    return f"# yaml-language-server: $schema=../../{schema_file}"


def generated(root: Path, source_language: str) -> dict[str, str]:
    """What editor support needs written (relative path -> text): the schemas, and each
    data file that does not start by naming its schema, with the comment put first."""
    strings = root / "data" / "i18n" / f"{source_language}.yaml"
    source = load_yaml(strings, strings.relative_to(root).as_posix()).data
    files = {DESK_FILE: dump(desk_schema()),
             STRINGS_FILE: dump(strings_schema(source, source_language)),
             PRICE_PLAN_FILE: dump(priceplan.json_schema())}
    for folder, schema_file in (("desks", DESK_FILE), ("i18n", STRINGS_FILE)):
        for data_file in sorted((root / "data" / folder).glob("*.yaml")):
            text = data_file.read_text(encoding="utf-8")
            if not text.startswith(modeline(schema_file) + "\n"):
                rest = "".join(line for line in text.splitlines(keepends=True)
                               if not line.startswith("# yaml-language-server:"))
                files[data_file.relative_to(root).as_posix()] = f"{modeline(schema_file)}\n{rest}"
    return files
