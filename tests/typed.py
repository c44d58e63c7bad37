"""Fee calculator input as people type it, generated: the length, start and hourly rate of
a call in a language's own writing and in the common other ways (grouped amounts, either
time separator, 12-hour times in any case, two-digit years, ISO), with what must be refused
mixed in (the other decimal separator, too large, foreign digits, underscores, impossible
dates). Shared by tests/test_calculator_differential.py and
benchmarks/bench_calculator_grammar.py."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from babel.dates import format_datetime, get_date_format
from babel.numbers import format_decimal, get_decimal_symbol

TIME_SEPARATOR = {"da": "."}  # besides ":", which every language reads
FOREIGN = [str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"),
           str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")]


def _number(rng: random.Random, value: Decimal, lang: str, pattern: str) -> str:
    text = format_decimal(value, pattern, locale=lang)
    return text.replace("\u202f", " ") if rng.random() < 0.5 else text  # French: any space


def length(rng: random.Random, lang: str) -> str:
    decimal = get_decimal_symbol(lang)
    sep = rng.choice([":", TIME_SEPARATOR.get(lang, ":")])
    kind = rng.choice(["minutes", "minutes", "grouped", "decimal", "decimal", "hm", "hm", "hms",
                       "other decimal", "too long", "foreign", "hundredths"])
    if kind == "minutes":
        return str(rng.randint(0, 600))
    if kind == "grouped":
        return _number(rng, Decimal(rng.randint(1000, 43200)), lang, "#,##0")
    if kind == "decimal":  # tenths of a minute: whole seconds
        return f"{rng.randint(0, 300)}{decimal}{rng.randint(0, 9)}"
    if kind == "hundredths":  # 0.6 s: refused unless a multiple of 5
        return f"{rng.randint(0, 30)}{decimal}{rng.randint(0, 99):02}"
    if kind == "hm":
        return f"{rng.randint(0, 30)}{sep}{rng.randint(0, 59):02}"
    if kind == "hms":
        return f"{rng.randint(0, 5)}{sep}{rng.randint(0, 59):02}{sep}{rng.randint(0, 59):02}"
    if kind == "other decimal":
        return f"{rng.randint(0, 30)}{'.' if decimal == ',' else ','}{rng.randint(1, 9)}"
    if kind == "too long":
        return rng.choice(["43201", "527041", f"720{sep}01", "9" * 20, "9" * 22,
                           _number(rng, Decimal(rng.randint(43201, 10 ** 6)), lang, "#,##0")])
    return rng.choice([str(rng.randint(1, 99)).translate(rng.choice(FOREIGN)), "1_000", "-3",
                       "1e3", "vier"])


def start(rng: random.Random, lang: str, first: dt.date, last: dt.date) -> str:
    moment = dt.datetime.combine(first, dt.time()) + dt.timedelta(
        minutes=rng.randrange(int((last - first).total_seconds()) // 60))
    date = get_date_format("short", locale=lang).pattern
    date = date.replace("yy", "y").replace("y", rng.choice(["yyyy", "yy"]))
    clock = rng.choice(["HH:mm", "H:mm", "h:mm a", "h:mma"])
    clock = clock.replace(":", rng.choice([":", TIME_SEPARATOR.get(lang, ":")]))
    glue = rng.choice([", ", " "])
    kind = rng.choice(["own", "own", "own", "iso", "impossible", "foreign"])
    if kind == "iso":
        date, glue = "yyyy-MM-dd", rng.choice(["T", " "])
    text = format_datetime(moment, f"{date}'{glue}'{clock}", locale=lang)
    if "a" in clock:  # AM and PM in any case
        text = rng.choice([str.lower, str.upper, str.title])(text)
    if kind == "impossible":
        text = rng.choice([format_datetime(moment, f"{date}' 24:00'", locale=lang),
                           format_datetime(moment, f"{date}' 13:00 pm'", locale=lang),
                           "31.02.2027 10:00", "02/31/2027 10:00", "31/02/2027 10:00",
                           "30.11.1969 10:00"])
    if kind == "foreign":
        text = text.translate(rng.choice(FOREIGN))
    return text


def rate(rng: random.Random, lang: str) -> str:
    value = Decimal(rng.randint(1, 200_000_000)) / 100
    kind = rng.choice(["grouped", "grouped", "plain", "whole", "other decimal", "too high",
                       "foreign", "empty"])
    if kind == "grouped":
        return _number(rng, value, lang, "#,##0.00")
    if kind == "plain":
        return _number(rng, value, lang, "0.##")
    if kind == "whole":
        return str(int(value))
    if kind == "other decimal":
        return f"{int(value)}{'.' if get_decimal_symbol(lang) == ',' else ','}{rng.randint(1, 9)}"
    if kind == "too high":
        return _number(rng, Decimal(rng.randint(10 ** 11 + 1, 10 ** 13)) / 100, lang, "#,##0.00")
    if kind == "foreign":
        return rng.choice(["1_000", str(int(value)).translate(rng.choice(FOREIGN)), " "])
    return ""


def form(rng: random.Random, lang: str, plan, policy, first: dt.date, last: dt.date) -> dict:
    """The calculator's fields as typed (the page's ``formValues``) for a compiled ``plan``
    of ``policy``, starts between ``first`` and ``last`` (the plan's calendar)."""
    return {"duration": length(rng, lang),
            "start": start(rng, lang, first, last) if plan.asks_start else "",
            "rate": rate(rng, lang) if plan.asks_rate else "",
            "conditions": rng.sample(list(policy.conditions), rng.randint(0, len(policy.conditions))),
            "callingFrom": rng.choice([None, *policy.calls_from]) if policy.calls_from else None}


def fee_argv(lang: str, policy_id: str, fields: dict, length_flag: str = "--length") -> list[str]:
    """The same call typed into ``helpsite fee``: the page's fields as its flags, an empty
    one left out as the page leaves it out."""
    argv = ["fee", policy_id, "--lang", lang, "--format", "json",
            f"{length_flag}={fields['duration']}"]
    argv += [f"--at={fields['start']}"] if fields["start"] else []
    argv += [f"--hourly-rate={fields['rate']}"] if fields["rate"] else []
    argv += [f"--calling-from={fields['callingFrom']}"] if fields["callingFrom"] else []
    for name in fields["conditions"]:
        argv += ["--condition", name]
    return argv
