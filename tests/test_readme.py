"""The README's two commands are the ones CI and writers actually run."""

from __future__ import annotations

import re

import yaml

from conftest import REPO


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_commands_setup_and_tests():
    site, tests = readme_commands()
    assert site.startswith("python3 -m venv .venv && ") and site.endswith("helpsite serve")
    assert tests.startswith("python3 -m venv .venv && ") and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci_lines


def test_readme_fee_examples_are_the_fixtures_policies():
    """The README's copyable policies are the ones tests/test_fees.py prices by hand."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = yaml.safe_load(re.search(r"Examples you can copy.*?```yaml\n(.*?)```", readme, re.S)[1])
    fixture = yaml.safe_load((REPO / "tests/fixtures/rulebook/data/desks/berlin.yaml").read_text())
    fixture["fees"].update(yaml.safe_load(
        (REPO / "tests/fixtures/rulebook/data/desks/copenhagen.yaml").read_text())["fees"])
    for policy_id, policy in snippet["fees"].items():
        assert policy == fixture["fees"][policy_id], policy_id
