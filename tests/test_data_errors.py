"""Every kind of bad data stops loading with data/FILE.yaml:LINE:COL and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpsite.errors import SourceError
from helpsite.model.load import load_data

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
        "data/desks/desk.yaml:2:1: unknown key 'timezon': did you mean 'timezone'?"]
    # An optional key has no "missing" sibling: the nearest key the files know is named.
    text = VALID_DESK.replace("    timezone: Europe/Berlin", "    timezone: Europe/Berlin\n    emial: x")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:3:1: unknown key 'emial': did you mean 'email'?"]
    text = VALID_DESK.replace("    timezone: Europe/Berlin",
                              "    timezone: Europe/Berlin\n    respone_time: 1 hour")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:3:1: unknown key 'respone_time': did you mean 'response_time'?"]
    text = VALID_DESK.replace("    timezone: Europe/Berlin", "    timezone: Europe/Berlin\n    qqq: x")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:3:1: unknown key 'qqq': no key of that name is known here; check "
        "its spelling and indentation"]


def test_wrong_shape_says_what_to_write(tmp_path):
    text = VALID_DESK.replace("countries: [DE]", "countries: DE")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:10:16: 'DE' is not a list; write [a, b] or one '- item' per line"]


def test_wrong_type(tmp_path):
    text = VALID_DESK.replace("data_export_default: false", "data_export_default: 3")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:16:24: 3 is not true or false; write true or false"]


def test_yaml_1_1_booleans_are_not_booleans(tmp_path):
    # PyYAML would read "no" as false; here it stays text and is rejected as such.
    text = VALID_DESK.replace("data_export_default: false", "data_export_default: no")
    assert problems_for(tmp_path, text) == [
        "data/desks/desk.yaml:16:24: 'no' is not true or false; write true or false"]


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
        'data/desks/other.yaml:1:7: this is not text; put it in quotes, e.g. "08:00"',
    ]


# --- hostile and broken input: a located problem, never a traceback or a silent change ------

FEES = """
    fees:
      pay:
        currency: EUR
        services: [support]
        charges:
          - {kind: block, block: 5 minutes, price: 1.00}
"""


@pytest.mark.parametrize("old, new, expected", [
    ("data_export_default: false", "data_export_default: !!bool yes",
     "16:24: the tag 'tag:yaml.org,2002:bool' is not allowed; write plain values"),
    ("name: Desk", "name: !!str 12", "1:7: the tag 'tag:yaml.org,2002:str' is not allowed"),
    ("name: Desk", "name: &a Desk\n    other: *a", "1:7: this value is reused by an alias"),
    ("timezone: Europe/Berlin", "timezone: localtime", "2:11: 'localtime' is not an IANA time zone"),
    ("timezone: Europe/Berlin", "timezone: Factory", "2:11: 'Factory' is not an IANA time zone"),
    ('countries: [DE]', 'countries: [ZZ]', "10:17: 'ZZ' is not an ISO 3166 country code"),
    ('countries: [DE]', 'countries: [EU]', "10:17: 'EU' is not an ISO 3166 country code"),
    ('countries: [DE]', 'countries: [DE, AT, DE]', "10:16: DE listed more than once"),
    ('        hours:\n          - {days: mon-fri, from: "09:00", to: "18:00"}', "        hours: []",
     "6:12: [] is an empty list; give at least 1 item(s)"),
    ('"+49 241 446 86 122"', '"+49 241 446 86 122 ext. 5"', "9:13: '+49 241 446 86 122 ext. 5' "
     "is not a phone number; write only digits"),
])
def test_hostile_desk_values_are_located_problems(tmp_path, old, new, expected):
    text = VALID_DESK.replace(old, new)
    assert text != VALID_DESK
    found = problems_for(tmp_path, text)
    assert len(found) == 1 and found[0].startswith("data/desks/desk.yaml:" + expected.split(" ")[0]), found
    assert expected.split(" ", 1)[1] in found[0]


@pytest.mark.parametrize("charge, expected", [
    ("{kind: block, block: 0 minutes, price: 1.00}", "a billing period must be longer than 0"),
    ("{kind: block, block: 1 month, price: 1.00}", "a month has no fixed number of minutes"),
    ("{kind: block, block: 5 minutes, price: 100000000000000000000000000}", "is more than"),
    ("{kind: block, block: 5 minutes, price: !!float 1e26}", "the tag"),
    ("{kind: block, block: 5 minutes, price: 1.00, free: 1 month}", "a month has no fixed"),
    ("{kind: block, block: 5 seconds, price: 1.00, free: 0.5 seconds}",
     "0.5 seconds is not a whole number of seconds"),
    ("{kind: blok, block: 5 minutes, price: 1.00}",
     "unknown charge kind 'blok'; write kind: and one of flat, block, hourly"),
    ("{kind: [block], block: 5 minutes, price: 1.00}", "unknown charge kind ['block']"),
    ("{block: 5 minutes, price: 1.00}", "a charge needs kind: and one of flat, block, hourly"),
])
def test_hostile_charges_are_located_problems(tmp_path, charge, expected):
    text = VALID_DESK + FEES.replace("{kind: block, block: 5 minutes, price: 1.00}", charge)
    [found] = problems_for(tmp_path, text)
    assert found.startswith("data/desks/desk.yaml:24:") and expected in found, found


@pytest.mark.parametrize("currency", ["XXX", "XAU", "DEM", "eur", "EURO"])
def test_currencies_that_are_no_money_are_refused(tmp_path, currency):
    [found] = problems_for(tmp_path, VALID_DESK + FEES.replace("currency: EUR", f"currency: {currency}"))
    assert found == (f"data/desks/desk.yaml:21:15: {currency!r} is not a current ISO 4217 "
                     "currency code such as EUR or DKK")


@pytest.mark.parametrize("currency", ["JPY", "ISK", "DKK", "CHF"])
def test_currencies_without_or_with_minor_units_load(tmp_path, currency):
    write(tmp_path, "data/desks/desk.yaml", VALID_DESK + FEES.replace("EUR", currency))
    assert load_data(tmp_path).desks["desk"].fees["pay"].currency == currency


def test_minus_zero_is_zero(tmp_path):
    write(tmp_path, "data/desks/desk.yaml", VALID_DESK + FEES.replace("1.00", "-0.00"))
    price = load_data(tmp_path).desks["desk"].fees["pay"].charges[0].price
    assert str(price) == "0.00"


def test_a_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    found = problems_for(tmp_path, "\n".join(lines) + "\n")
    assert found == [f"data/desks/desk.yaml:{line}:{column}: this value is reused by an alias "
                     "(*name); aliases are not allowed, write the value out"
                     for line, column in [(n, 4) for n in range(1, 9)]]


def test_a_self_referencing_alias_is_refused(tmp_path):
    found = problems_for(tmp_path, "name: &a [*a]\n")
    assert found == ["data/desks/desk.yaml:1:7: this value is reused by an alias (*name); "
                     "aliases are not allowed, write the value out"]


def test_deep_nesting_is_refused(tmp_path):
    found = problems_for(tmp_path, "name: " + "[" * 1000 + "]" * 1000 + "\n")
    assert len(found) == 1 and found[0].startswith("data/desks/desk.yaml:1:")


@pytest.mark.parametrize("content, expected", [
    (b"name: D\xe9sk\n", "data/desks/desk.yaml:1:8: is not UTF-8 text; save it as UTF-8"),
    (b"name: Desk\ntimezone: Europe/Berlin\x00\n", "data/desks/desk.yaml:2:24: contains a NUL character"),
])
def test_bytes_that_are_not_text_are_located(tmp_path, content, expected):
    (tmp_path / "data" / "desks").mkdir(parents=True)
    (tmp_path / "data" / "desks" / "desk.yaml").write_bytes(content)
    with pytest.raises(SourceError) as caught:
        load_data(tmp_path)
    assert [str(p) for p in caught.value.problems][0].startswith(expected)


def test_a_byte_order_mark_and_crlf_are_read_as_text(tmp_path):
    (tmp_path / "data" / "desks").mkdir(parents=True)
    text = "\ufeff" + VALID_DESK.replace("\n    ", "\n").strip().replace("\n", "\r\n") + "\r\n"
    (tmp_path / "data" / "desks" / "desk.yaml").write_bytes(text.encode("utf-8"))
    assert load_data(tmp_path).desks["desk"].name == "Desk"


def test_a_yml_file_is_not_ignored_without_a_word(tmp_path):
    write(tmp_path, "data/desks/desk.yaml", VALID_DESK)
    write(tmp_path, "data/desks/other.yml", VALID_DESK)
    assert problems_for(tmp_path, VALID_DESK) == [
        "data/desks/other.yml:1:1: data files end in .yaml; rename this one"]


@pytest.mark.parametrize("number", ["tel +49 241 446 86 122", "+49 241 446 86 122*",
                                    "+49 241 446 86 122 <b>", "[+49 241 446 86 122](x)"])
def test_a_phone_number_is_only_the_number(tmp_path, number):
    [found] = problems_for(tmp_path, VALID_DESK.replace("+49 241 446 86 122", number))
    assert found.startswith("data/desks/desk.yaml:9:13: ") and "write only digits" in found


@pytest.mark.parametrize("charge, expected", [
    # Each kind names the conditions it depends on; the loader checks them all.
    ("{kind: hourly, rate: 60, increment: 15 minutes, included_inside_office_hours: 15 minutes}",
     "a charge depends on office hours, so the policy needs 'office_hours: SERVICE'"),
    ("{kind: hourly, rate: 60, increment: 15 minutes, surcharges: [{percent: 50, when: "
     "{band: night}}]}", "band 'night' is not defined (bands: none)"),
    ("{kind: flat, label: start-fee, price: 10, when: {office_hours: outside}}",
     "a charge depends on office hours, so the policy needs 'office_hours: SERVICE'"),
])
def test_what_a_charge_depends_on_is_defined(tmp_path, charge, expected):
    text = VALID_DESK + FEES.replace("{kind: block, block: 5 minutes, price: 1.00}", charge)
    [found] = problems_for(tmp_path, text)
    assert found.startswith("data/desks/desk.yaml:") and found.endswith(expected), found
