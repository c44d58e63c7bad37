"""Every kind of bad data stops loading with data/FILE.yaml:LINE:COL and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpsite.errors import SourceError
from helpsite.model import load_data

from conftest import write

VALID_DESK = """
    name: Desk
    timezone: Europe/Berlin
    services:
      support:
        purpose: support
        hours:
          - {days: mon-fri, from: "09:00", to: "18:00"}
    lines:
      - number: "+49 241 446 86 122"
        countries: [DE]
        services: [support]
    access:
      presets:
        - {period: 1 hour, default: true}
        - {period: permanent}
      data_export_default: false
      overview_covers: 6 months
"""


def problems_for(tmp_path: Path, text: str) -> list[str]:
    write(tmp_path, "data/desks/desk.yaml", text)
    with pytest.raises(SourceError) as caught:
        load_data(tmp_path)
    return [str(problem) for problem in caught.value.problems]


def test_the_valid_desk_loads(tmp_path):
    write(tmp_path, "data/desks/desk.yaml", VALID_DESK)
    desk = load_data(tmp_path).desks["desk"]
    assert desk.lines[0].number.e164 == "+4924144686122"
    assert desk.lines[0].number.display == "+49 241 446 86 122"
    assert desk.services["support"].hours[0].start == 9 * 60


def test_unknown_key_is_a_typo(tmp_path):
    text = VALID_DESK.replace("    timezone:", "    timezon:")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:1:1: 'timezone' is missing",
        "data/desks/desk.yaml:2:1: unknown key 'timezon' (a typo?)",
    ]


def test_wrong_type(tmp_path):
    text = VALID_DESK.replace("data_export_default: false", "data_export_default: 3")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:16:24: Input should be a valid boolean"]


def test_yaml_1_1_booleans_are_not_booleans(tmp_path):
    # PyYAML would read "no" as false; here it stays text and is rejected as such.
    text = VALID_DESK.replace("data_export_default: false", "data_export_default: no")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:16:24: Input should be a valid boolean"]


def test_time_past_midnight(tmp_path):
    text = VALID_DESK.replace('to: "18:00"', 'to: "25:00"')
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:7:44: '25:00' is not a time of day (00:00 to 24:00)"]


def test_unquoted_time_is_a_time_not_a_sexagesimal_number(tmp_path):
    # YAML 1.1 reads 18:00 as 1080; the strict loader keeps it as the text "18:00".
    write(tmp_path, "data/desks/desk.yaml", VALID_DESK.replace('to: "18:00"', "to: 18:00"))
    assert load_data(tmp_path).desks["desk"].services["support"].hours[0].end == 18 * 60


def test_time_without_leading_zero(tmp_path):
    text = VALID_DESK.replace('from: "09:00"', 'from: "9:00"')
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:7:31: '9:00' is not a time; write \"HH:MM\", e.g. \"09:00\""]


def test_invalid_phone_number(tmp_path):
    text = VALID_DESK.replace("+49 241 446 86 122", "+49 241 1")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:9:13: '+49 241 1' is not a valid phone number"]


def test_window_without_end(tmp_path):
    text = VALID_DESK.replace(', to: "18:00"', "")
    assert problems_for(tmp_path, text) == ["data/desks/desk.yaml:7:9: 'to' is missing"]


@pytest.mark.parametrize("first, second, found", [
    ("{period: 1 hour}", "{period: permanent}", 0),
    ("{period: 1 hour, default: true}", "{period: permanent, default: true}", 2),
])
def test_presets_need_exactly_one_default(tmp_path, first, second, found):
    text = VALID_DESK.replace("{period: 1 hour, default: true}", first)
    text = text.replace("{period: permanent}", second)
    assert problems_for(tmp_path, text) == [
        f"data/desks/desk.yaml:14:5: exactly one preset must be the default (found {found})"]


def test_duplicate_key_is_rejected_not_overwritten(tmp_path):
    text = VALID_DESK.replace("    timezone: Europe/Berlin\n",
                              "    timezone: Europe/Berlin\n    name: Other\n")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:3:1: duplicate key 'name' (first given on line 1)"]


def test_python_tag_is_rejected(tmp_path):
    text = VALID_DESK.replace("name: Desk", "name: !!python/object/apply:os.system [ls]")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:1:7: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed; write plain values"]


def test_reference_to_unknown_service(tmp_path):
    text = VALID_DESK.replace("services: [support]", "services: [suport]")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:11:16: service 'suport' is not defined (services: support)"]


def test_every_file_is_reported_at_once(tmp_path):
    write(tmp_path, "data/desks/other.yaml", "name: [1]\n")
    found = problems_for(tmp_path, VALID_DESK.replace("Europe/Berlin", "Europe/Bxl"))
    assert found == [
        "data/desks/desk.yaml:2:11: 'Europe/Bxl' is not an IANA time zone such as Europe/Berlin",
        "data/desks/other.yaml:1:1: 'timezone' is missing",
        "data/desks/other.yaml:1:7: Input should be a valid string",
    ]
