"""The README's two commands are the ones CI and writers actually run."""

from __future__ import annotations

import re
from decimal import Decimal

from helpsite.fees import Call, calculate
from helpsite.model import load_data

from conftest import REPO


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_commands_setup_and_tests():
    site, tests = readme_commands()
    assert site.startswith("python3 -m venv .venv && ") and site.endswith("mkdocs serve")
    assert tests.startswith("python3 -m venv .venv && ") and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci_lines


def test_readme_fee_example_is_a_valid_policy_with_the_advertised_price(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(fees:\n  acme-support:.*?)```", readme, re.S)[1]
    desk = (
        "name: Acme\ntimezone: Europe/Zurich\nservices:\n  support:\n    purpose: support\n"
        "    hours: 24/7\n" + snippet)
    (tmp_path / "data" / "desks").mkdir(parents=True)
    (tmp_path / "data" / "desks" / "acme.yaml").write_text(desk)
    acme = load_data(tmp_path).desks["acme"]
    # 20 minutes: ticket 20.00 + 2 started quarters x 42.00 = 104.00; VAT 8.1 % = 8.424 -> 8.42
    result = calculate("acme-support", acme, Call(minutes=Decimal(20)))
    assert [line.amount for line in result.lines] == [
        Decimal("20.00"), Decimal("84.00"), Decimal("8.42")]
    assert result.total == Decimal("112.42")
