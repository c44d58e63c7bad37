"""Hostile inputs of about 1 MB finish, with a result or one clear line saying why not.

Each once took minutes (a quadratic pattern or alignment). The alarm is a hang guard, not a
timing: benchmarks/bench_check.py --hostile measures the times.
"""

from __future__ import annotations

import signal

import pytest

import hostile
from helpsite.cli.main import main

REFUSED = "more than any help page holds"
# case -> (exit code of compare and of check --site, what the output says), worked out by hand:
# a run of more than 15 digits is no value; "a@a.a" has no top-level domain; a text with more
# numbers, values or lines than any help page is refused with the limit it passed.
EXPECTED = {
    "one line of digits": (0, "0 finding(s)"),
    "digit lines of 20,000": (0, "0 finding(s)"),
    "grouped digits": (2, REFUSED),
    "spaced digits": (2, REFUSED),
    "one long word": (0, "0 finding(s)"),
    "dotted word": (0, "0 finding(s)"),
    "at signs": (0, "0 finding(s)"),
    "identical lines": (2, REFUSED),
    "8,000 identical lines": (1, "money 5,95 € is missing"),
    "identical numbers": (2, REFUSED),
    "money and times": (2, REFUSED),
    "word numbers": (2, REFUSED),
    "markup": (0, "0 finding(s)"),
}


@pytest.fixture
def hang_guard():
    def hung(signum, frame):
        raise TimeoutError("no result within 60 s")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_every_case_has_an_expectation():
    assert set(EXPECTED) == set(hostile.CASES)


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_compare_finishes(name, tmp_path, capsys, hang_guard):
    reference, translation = hostile.CASES[name]
    (tmp_path / "de.txt").write_text(reference, encoding="utf-8")
    (tmp_path / "es.txt").write_text(translation, encoding="utf-8")
    code = main(["compare", f"de={tmp_path / 'de.txt'}", f"es={tmp_path / 'es.txt'}"])
    output = capsys.readouterr()
    assert (code, EXPECTED[name][1] in output.out + output.err) == (EXPECTED[name][0], True)


# The built site's page holds the text in one paragraph: a page of more tags than any
# help page is refused before it is parsed, and a sentence said again in one paragraph is
# the same fact (compare._without_repeats), so 8,000 copies are in step with 7,999.
SITE_EXPECTED = EXPECTED | {"markup": (2, REFUSED), "8,000 identical lines": (0, "0 finding(s)")}


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_site_check_finishes(name, tmp_path, capsys, hang_guard):
    site = hostile.write_site(tmp_path / "site", *hostile.CASES[name])
    code = main(["check", "--root", str(tmp_path), "--site", str(site)])
    output = capsys.readouterr()
    expected = SITE_EXPECTED[name]
    assert (code, expected[1] in output.out + output.err) == (expected[0], True)
