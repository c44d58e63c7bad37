"""Edits to YAML text keep what a person wrote and give the intended data."""

from __future__ import annotations

import yaml

from helpsite.sources.yamledit import append_to_mapping, append_to_sequence, compose, find, mark_values

TEXT = """\
# a comment that stays
greeting: Hallo   # a note
items: [a, b]
long: |
  line one
  line two
nested:
  list:
    - name: one     # first
      build: true
  other: x
"""


def test_every_value_is_marked_and_the_data_is_unchanged():
    marked = mark_values(TEXT, "t.yaml", "untranslated")
    assert yaml.safe_load(marked) == yaml.safe_load(TEXT)
    assert marked.splitlines()[:4] == [
        "# a comment that stays", "greeting: Hallo  # untranslated   # a note",
        "items: [a, b]  # untranslated", "long: |  # untranslated"]
    assert "      build: true  # untranslated" in marked


def test_append_to_a_nested_sequence_and_mapping_at_their_indentation():
    root = compose(TEXT, "t.yaml")
    text = append_to_sequence(TEXT, find(root, ("nested", "list")), ["name: two", "build: false"])
    text = append_to_mapping(text, find(compose(text, "t.yaml"), ("nested",)), "more", ["a: 1"])
    assert yaml.safe_load(text)["nested"] == {
        "list": [{"name": "one", "build": True}, {"name": "two", "build": False}],
        "other": "x", "more": {"a": 1}}
    assert "    - name: one     # first\n      build: true\n    - name: two\n" in text


def test_append_after_a_last_line_without_newline():
    root = compose("list:\n  - a", "t.yaml")
    assert append_to_sequence("list:\n  - a", find(root, ("list",)), ["b"]) == "list:\n  - a\n  - b\n"
