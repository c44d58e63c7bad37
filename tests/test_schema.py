"""The editor schemas: in step with the model and the strings, and agreeing with the loader."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import given, settings, strategies as st
from jsonschema import Draft7Validator
from pydantic import TypeAdapter, ValidationError

from helpsite.model import types
from helpsite.cli.main import main
from helpsite.cli.scaffold import default_language
from helpsite.site import schema
from helpsite.sources.yamlsource import load_yaml

from conftest import REPO


def committed(path: str) -> dict:
    return json.loads((REPO / path).read_text(encoding="utf-8"))


def test_committed_schemas_and_data_files_are_what_helpsite_schema_writes():
    for path, text in schema.generated(REPO, default_language(REPO)).items():
        assert (REPO / path).exists() and (REPO / path).read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run helpsite schema")


def test_helpsite_schema_writes_the_schemas_and_names_them_in_new_data_files(tmp_path, capsys):
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "data" / "desks" / "new.yaml").write_text("name: New\ntimezone: Europe/Rome")
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {schema.DESK_FILE}\nwrote {schema.STRINGS_FILE}\nwrote {schema.PRICE_PLAN_FILE}\n"
        "wrote data/desks/new.yaml\n")
    assert json.loads((tmp_path / schema.DESK_FILE).read_text()) == committed(schema.DESK_FILE)
    assert (tmp_path / "data" / "desks" / "new.yaml").read_text() == (
        "# yaml-language-server: $schema=../../schema/desk.schema.json\n"
        "name: New\ntimezone: Europe/Rome")


@pytest.mark.parametrize("kind, folder", [("desk", "desks"), ("strings", "i18n")])
def test_every_data_file_passes_its_schema(kind, folder):
    validator = Draft7Validator(committed(f"schema/{kind}.schema.json"))
    settings_ = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings_["yaml.schemas"][f"./schema/{kind}.schema.json"] == f"data/{folder}/*.yaml"
    for file in sorted((REPO / "data" / folder).glob("*.yaml")):
        data = json.loads(json.dumps(load_yaml(file, file.name).data, default=float))
        assert [error.message for error in validator.iter_errors(data)] == [], file.name


def test_a_typo_and_a_missing_key_are_flagged_while_typing():
    validator = Draft7Validator(committed(schema.DESK_FILE))
    messages = sorted(error.message for error in validator.iter_errors(
        {"name": "Acme", "emial": "a@example.org"}))
    assert messages == ["'timezone' is a required property",
                        "Additional properties are not allowed ('emial' was unexpected)"]


def test_the_desk_schema_describes_its_fields():
    desk = committed(schema.DESK_FILE)
    described = {name for name, field in desk["properties"].items() if field.get("description")}
    assert {"name", "timezone", "services", "lines", "fees"} <= described


def schema_accepts(kind, value: str) -> bool:
    return re.search(schema._WRITTEN_AS[kind]["pattern"], value) is not None


def model_accepts(type_, value: str) -> bool:
    try:
        TypeAdapter(type_).validate_python(value)
    except ValidationError:
        return False
    return True


@settings(deadline=None, max_examples=300)
@given(st.from_regex(r"\A[0-9]{1,3}:[0-9]{1,2}\Z") | st.text("0123456789:", max_size=6))
def test_time_pattern_agrees_with_the_loader(value):
    assert schema_accepts(types._minutes_of_day, value) == model_accepts(types.TimeOfDay, value)


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from([*types.WEEKDAYS, "daily", "-", ",", "mon-fri", "sun-mon"]),
                min_size=1, max_size=4).map("".join))
def test_days_pattern_agrees_with_the_loader_on_well_ordered_days(value):
    # The schema cannot tell 'sun-mon' (backwards) from 'mon-sun'; the loader does.
    if schema_accepts(types._weekdays, value) and not model_accepts(types.Weekdays, value):
        assert any(part.count("-") == 1 and types.WEEKDAYS.index(part.split("-")[0]) >
                   types.WEEKDAYS.index(part.split("-")[1]) for part in value.split(","))
    else:
        assert schema_accepts(types._weekdays, value) == model_accepts(types.Weekdays, value)


@settings(deadline=None, max_examples=300)
@given(st.tuples(st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{0,2})?\Z"), st.sampled_from(["", " "]),
                 st.sampled_from([*types.DURATION_UNITS, "hr", "days", "weeks", "mins", "ss"]))
       .map("".join))
def test_duration_pattern_agrees_with_the_loader(value):
    assert schema_accepts(types._duration, value) == model_accepts(types.DurationValue, value)
