"""The build's "today" comes from SOURCE_DATE_EPOCH, so a build is reproducible and the
tests' fixed dates stay inside the compiled timelines."""

from __future__ import annotations

import datetime as dt

import pytest

from helpsite.rules.schedule import build_date, horizon


def test_source_date_epoch_sets_the_builds_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22 00:00 UTC
    assert build_date() == dt.date(2026, 11, 22)
    # From the first of last month, 430 days on.
    assert horizon(build_date()) == (dt.date(2026, 10, 1), dt.date(2027, 12, 5))


def test_without_source_date_epoch_today_is_the_clocks(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == dt.date.today()


def test_a_malformed_source_date_epoch_is_refused(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-11-22")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        build_date()
