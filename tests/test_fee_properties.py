"""Properties of the fee calculator over many generated calls (hypothesis)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from helpsite.fees import Call, calculate, round_money
from helpsite.cli import main
from helpsite.strings import load_strings

from test_fees import ONEOFFICE, ONOFFICE, REPO

STRINGS = load_strings(REPO)
minutes = st.decimals(min_value=0, max_value=600, places=2)
rates = st.decimals(min_value=0, max_value=5000, places=2)
# Copenhagen's spring-forward gap is 02:00-03:00; the unit tests cover it.
starts = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)) \
    .filter(lambda moment: moment.hour != 2).map(lambda moment: moment.replace(second=0, microsecond=0))
on_call = st.builds(Call, minutes=minutes, start=starts, critical=st.booleans(), hourly_rate=rates)


@given(st.lists(minutes, min_size=2, max_size=2).map(sorted))
def test_block_total_never_decreases_as_minutes_grow(pair):
    shorter, longer = pair
    assert calculate("onoffice-emergency", ONOFFICE, Call(minutes=shorter)).total <= \
        calculate("onoffice-emergency", ONOFFICE, Call(minutes=longer)).total


@given(on_call, minutes)
def test_on_call_total_never_decreases_as_minutes_grow(call, extra):
    longer = Call(minutes=call.minutes + extra, start=call.start, critical=call.critical,
                  hourly_rate=call.hourly_rate)
    assert calculate("oneoffice-on-call", ONEOFFICE, call).total <= \
        calculate("oneoffice-on-call", ONEOFFICE, longer).total


@given(minutes)
def test_block_total_is_a_multiple_of_the_block_price(length):
    result = calculate("onoffice-emergency", ONOFFICE, Call(minutes=length))
    assert result.total % Decimal("5.95") == 0


@given(on_call)
@settings(max_examples=200)
def test_vat_is_the_rate_times_net_within_rounding(call):
    result = calculate("oneoffice-on-call", ONEOFFICE, call)
    assert abs(result.vat - result.net * Decimal("0.25")) <= Decimal("0.005")
    assert result.vat == round_money(result.net * Decimal("0.25"), "DKK")
    assert result.total == result.net + result.vat
    assert sum(line.amount for line in result.lines) == result.total


@given(on_call)
@settings(max_examples=15, deadline=None)  # each run loads the whole project
def test_result_does_not_depend_on_the_language(call):
    results = set()
    for lang in STRINGS.languages:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["fee", "oneoffice-on-call", "--root", str(REPO), "--lang", lang,
                         "--format", "json", "--minutes", str(call.minutes),
                         "--at", call.start.strftime("%Y-%m-%dT%H:%M"),
                         "--critical" if call.critical else "--non-critical",
                         "--hourly-rate", str(call.hourly_rate)]) == 0
        found = json.loads(out.getvalue())
        results.add((found["total"], tuple(line["amount"] for line in found["lines"])))
    assert len(results) == 1
