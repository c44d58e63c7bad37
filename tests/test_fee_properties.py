"""Differential tests: generated schedules and price plans, each case through the Python
rule and through the page's own script (node), compared as values.

Seeded (derandomize) so a failure reproduces; each example is one batch of calls or
instants, run in one node process. Counts: 60 plans x 20 calls and 60 schedules x 20
instants = 2,400 cases per run.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings, strategies as st

from helpsite.model.charges import Call, FeeInputError
from helpsite.model.context import Context
from helpsite.rules.fees import price
from helpsite.model.model import Desk
from helpsite.rules.opennow import said, situation_at
from helpsite.rules.priceplan import browser_json, calendar_fact, check_start, compile_plan, wall_minute
from helpsite.rules.schedule import UTC, Timeline
from helpsite.pages.serviceview import service_texts, status_timeline
from helpsite.model.strings import load_strings

import pagescript
from conftest import REPO, rulebook_project

STRINGS = load_strings(REPO)
BATCH = 20
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
FIRST, LAST = dt.date(2026, 10, 15), dt.date(2027, 4, 15)  # both DST changes of the season
ZONES = ["Europe/Berlin", "Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe"]

clock = st.integers(0, 24 * 4).map(lambda q: f"{q * 15 // 60:02d}:{q * 15 % 60:02d}")
days = st.sampled_from(["mon-fri", "daily", "sat,sun", "sun", "mon-thu", "fri"])


@st.composite
def window(draw) -> dict:
    start, end = draw(clock), draw(clock)
    if start == end or start == "24:00":
        end, start = "24:00", "00:00" if start == "24:00" else start
        if start == end:
            start = "00:00"
    return {"days": draw(days), "from": start, "to": end}


dates = st.dates(FIRST, LAST).map(lambda d: d.isoformat())


@st.composite
def service(draw) -> dict:
    result = {"purpose": "support", "hours": draw(st.lists(window(), min_size=1, max_size=3))}
    holidays = draw(st.sampled_from([None, "DE-NW", "DK", "US-NY"]))
    closed = draw(st.lists(st.one_of(dates, st.sampled_from(["12-24", "12-31..01-01"])),
                           max_size=2))
    if holidays or closed:
        result["closed_on"] = {**({"holidays": holidays} if holidays else {}), "dates": closed}
    specials = draw(st.lists(st.tuples(dates, st.one_of(st.none(), window())), max_size=2))
    result["special_hours"] = [{"date": d, **({"from": w["from"], "to": w["to"]} if w else {})}
                               for d, w in specials]
    return result


def desk(services: dict, zone: str, fees: dict | None = None) -> Desk:
    return Desk.model_validate({"name": "Generated", "timezone": zone, "services": services,
                                "fees": fees or {}})


def instants(zone: str):
    local = st.datetimes(dt.datetime.combine(FIRST, dt.time()) + dt.timedelta(days=2),
                         dt.datetime.combine(LAST, dt.time()) - dt.timedelta(days=2))
    near_change = st.sampled_from([dt.datetime(2026, 10, 25, 1), dt.datetime(2027, 3, 28, 1),
                                   dt.datetime(2026, 11, 1, 1), dt.datetime(2027, 3, 14, 1),
                                   dt.datetime(2027, 4, 4, 1), dt.datetime(2026, 12, 25)])
    offset = st.integers(-180, 180).map(lambda m: dt.timedelta(minutes=m))
    naive = st.one_of(local.map(lambda t: t.replace(second=0, microsecond=0)),
                      st.builds(lambda t, o: t + o, near_change, offset))
    return naive.map(lambda t: t.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC))


@SETTINGS
@given(data=st.data(), zone=st.sampled_from(ZONES),
       services=st.lists(service(), min_size=1, max_size=2))
def test_open_now_python_and_script_agree(data, zone, services):
    ids = ["support", "emergency-hotline"][:len(services)]
    generated = desk(dict(zip(ids, services)), zone)
    ctx = Context(STRINGS, data.draw(st.sampled_from(["de", "it", "es", "da"])))
    compiled = status_timeline(ctx, "onoffice", generated, ids, today=FIRST)
    moments = data.draw(st.lists(instants(zone), min_size=BATCH, max_size=BATCH))
    script = pagescript.run([{"kind": "status", "timeline": "t", "now": m.timestamp() * 1000}
                             for m in moments], timelines={"t": compiled})
    for moment, seen in zip(moments, script):
        day = moment.date()
        around = [Timeline.of(generated.services[sid], zone, day - dt.timedelta(days=2),
                              day + dt.timedelta(days=60)) for sid in ids]
        expected = situation_at(around, moment)
        assert seen == (None if expected is None else {"open": expected.open, "text": said(
            expected, service_texts(ctx, "onoffice", ids[expected.which],
                                    generated.services[ids[expected.which]]))}), moment


money = st.sampled_from(["0", "0.5", "5.95", "36", "99.995", "120", "333.33", "1000.125"])
durations = st.sampled_from(["10 seconds", "1 minute", "5 minutes", "10 minutes", "15 minutes",
                             "1 hour"])
when = st.sampled_from([{}, {"urgent": True}, {"urgent": False}, {"office_hours": "outside"},
                        {"office_hours": "inside"}, {"band": "evening"}, {"band": "sundays-and-holidays"}])


@st.composite
def charge(draw) -> dict:
    kind = draw(st.sampled_from(["flat", "block", "hourly"]))
    if kind == "flat":
        return {"kind": "flat", "label": "start-fee", "price": draw(money), "when": draw(when)}
    free = draw(st.one_of(st.none(), durations))
    common = {"when": draw(when), **({"free": free} if free else {})}
    if kind == "block":
        return {"kind": "block", "block": draw(durations), "price": draw(money), **common}
    result = {"kind": "hourly", "rate": draw(st.one_of(money, st.just("agreement"))),
              "increment": draw(durations), **common,
              "surcharges": [{"percent": p, "when": w} for p, w in draw(st.lists(
                  st.tuples(st.sampled_from(["50", "100", "8.1", "150"]),
                            when.filter(bool)), max_size=2))]}
    if draw(st.booleans()):
        result["included_inside_office_hours"] = draw(durations)
    return result


@st.composite
def policy(draw) -> dict:
    from decimal import Decimal

    result = {"currency": draw(st.sampled_from(["JPY", "EUR", "KWD", "DKK", "CHF"])),
              "services": ["support"], "office_hours": "support", "conditions": ["urgent"],
              "bands": {"evening": {"hours": [{"days": "mon-sat", "from": "18:00", "to": "22:00"}]},
                        "sundays-and-holidays": {"hours": [{"days": "sun", "from": "00:00", "to": "24:00"}],
                                     "holidays": "DE-NW"}},
              "when": draw(st.sampled_from([{}, {}, {"office_hours": "outside"}])),
              "charges": draw(st.lists(charge(), min_size=1, max_size=4))}
    if draw(st.booleans()):
        result["vat"] = {"rate": Decimal(draw(st.sampled_from(["19", "8.1", "25", "7.7", "0"]))),
                         "label": "moms"}
    if draw(st.booleans()):
        result["minimum"] = {"price": Decimal(draw(money))}
    if draw(st.booleans()):
        result["calls_from"] = ["DE", "AT"]
    for item in result["charges"]:
        for key in ("price", "rate"):
            if key in item and item[key] != "agreement":
                item[key] = Decimal(item[key])
        for surcharge in item.get("surcharges", ()):
            surcharge["percent"] = Decimal(surcharge["percent"])
    return result


@st.composite
def call(draw) -> Call:
    start = draw(st.one_of(st.none(), st.datetimes(
        dt.datetime.combine(FIRST, dt.time()), dt.datetime.combine(LAST, dt.time())).map(
        lambda t: t.replace(second=0, microsecond=0)), st.sampled_from(
        [dt.datetime(2027, 3, 28, 2, 30), dt.datetime(2026, 10, 25, 2, 30),
         dt.datetime(2026, 12, 25, 10), dt.datetime(2026, 11, 23, 18), dt.datetime(2026, 11, 23)])))
    return Call(seconds=draw(st.one_of(st.integers(0, 20000), st.sampled_from([0, 70, 899, 900]))),
                start=start, conditions=frozenset(draw(st.sampled_from([(), ("urgent",)]))),
                hourly_rate=draw(st.one_of(st.none(), money.map(Fraction))),
                calling_from=draw(st.sampled_from([None, "DE", "ES"])))


@functools.lru_cache(maxsize=1)
def fixture_strings():
    """The example's strings with the rulebook fixture's labels (bands, conditions)."""
    root = rulebook_project(Path(tempfile.mkdtemp()) / "project")
    return load_strings(root)


def python_result(plan, generated, fee, call_: Call) -> dict:
    try:
        check_start(plan, generated, call_.start)

        def calendar(name: str) -> bool:
            if call_.start is None:
                raise FeeInputError(plan.text.need_start)
            return calendar_fact(generated, fee, name, call_.start)

        bill = price(plan, call_, calendar)
    except FeeInputError as error:
        return {"error": str(error)}
    dec = lambda amount: str(bill.decimal(amount))  # noqa: E731
    return {"covered": bill.covered, "reason": bill.reason,
            "lines": [[line.label, line.quantity, dec(line.amount)] for line in bill.lines],
            "net": dec(bill.net), "vat": dec(bill.vat), "total": dec(bill.total)}


@SETTINGS
@given(fee=policy(), calls=st.lists(call(), min_size=BATCH, max_size=BATCH),
       lang=st.sampled_from(["de", "it", "es", "da"]))
def test_price_plans_python_and_script_agree(fee, calls, lang):
    strings = fixture_strings()
    generated = desk({"support": {"purpose": "support",
                                  "hours": [{"days": "mon-fri", "from": "08:00", "to": "18:00"}],
                                  "closed_on": {"holidays": "DE-NW"}}},
                     "Europe/Berlin", {"p": fee})
    policy_model = generated.fees["p"]
    plan = compile_plan(Context(strings, lang), "p", generated, policy_model, FIRST, LAST)
    cases = [{"kind": "fee", "plan": "p", "call": {
        "seconds": c.seconds, "start": None if c.start is None else wall_minute(c.start),
        "conditions": sorted(c.conditions), "callingFrom": c.calling_from,
        "rate": None if c.hourly_rate is None else str(float(c.hourly_rate))}} for c in calls]
    script = pagescript.run(cases, plans={"p": browser_json(plan)})
    for call_, seen in zip(calls, script):
        seen.pop("formatted", None)
        assert seen == python_result(plan, generated, policy_model, call_), call_
