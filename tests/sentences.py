"""Every sentence the templates can say for one desk, in every language: the wording review
of issue 20. The desk (tests/fixtures/review/) has every kind there is: hours with holidays
in a country and in a region, closed and special days, an emergency line with a response
time, a 24/7 one, lines in five countries, a block fee with a free minute and a minimum, an
hourly rate of the agreement with a start fee, surcharge, inclusion and VAT, a numeric
hourly rate with free minutes. The strings are the example's (data/i18n/).

    python tests/sentences.py            # the table, one block per sentence
    python tests/sentences.py fr         # one language
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from helpsite.model.context import Context  # noqa: E402
from helpsite.model.load import load_data  # noqa: E402
from helpsite.model.model import Service  # noqa: E402
from helpsite.model.strings import load_strings  # noqa: E402
from helpsite.pages.answerbox import AnswerBox  # noqa: E402
from helpsite.pages.feeterms import PriceNow, fee_terms  # noqa: E402
from helpsite.pages.serviceview import ServiceView, service_texts, span  # noqa: E402
from helpsite.rules import formatting  # noqa: E402
from helpsite.rules.priceplan import compile_plan  # noqa: E402

LANGUAGES = ("it", "de", "es", "da", "en", "fr")
DESK_ID = "onoffice"
REVIEW = REPO / "tests" / "fixtures" / "review"
BERLIN = ZoneInfo("Europe/Berlin")
# 2026-11-23 is a Monday: office hours at 10:00, outside them at 20:00.
INSIDE = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
OUTSIDE = dt.datetime(2026, 11, 23, 20, 0, tzinfo=BERLIN)
# A service answering around the clock with no response time says "open around the clock".
ALWAYS_OPEN = Service.model_validate({"purpose": "support", "hours": "24/7"})


def sentences(language: str, strings=None, data=None) -> list[tuple[str, str]]:
    """(what, sentence) for every sentence of the review desk in ``language``."""
    strings = strings or load_strings(REPO)
    data = data or load_data(REVIEW)
    desk = data.desks[DESK_ID]
    ctx = Context(strings, language)
    rows: list[tuple[str, str]] = []
    for sid, service in desk.services.items():
        rows.append((f"hours {sid}", ServiceView(ctx, DESK_ID, desk, service, sid).hours))
    rows.append(("zone", ctx.text("answer.clock", zone=formatting.timezone(desk.timezone,
                                                                          language))))
    there, here = (formatting.time_of_day(minutes, language) for minutes in (11 * 60, 5 * 60))
    rows.append(("time there", ctx.text("answer.time_there", there=there)))
    rows.append(("time yours", ctx.text("answer.time_yours", there=there, here=here)))
    rows.append(("unknown", ctx.text("answer.unknown")))
    for sid, service in [*desk.services.items(), ("support", ALWAYS_OPEN)]:
        texts = service_texts(ctx, DESK_ID, sid, service)
        kind = "always" if service.always_open else "until"
        rows.append((f"{sid} open {kind}", texts.open(18 * 60)))
        if not service.always_open:
            rows.append((f"{sid} closed, opens on a weekday", texts.closed(0, 9 * 60)))
            rows.append((f"{sid} closed, opens on a date", texts.closed(dt.date(2027, 1, 4),
                                                                       9 * 60)))
            rows.append((f"{sid} closed, opens today", texts.closed_today(9 * 60)))
    first, last, _, _ = span(dt.date(2026, 11, 22))
    prices = PriceNow(ctx, desk, first, last)
    for sid in desk.services:
        for countries in ((), ("DE",)):
            for moment, when in ((INSIDE, "office hours"), (OUTSIDE, "outside")):
                price = prices.text(sid, countries, moment.astimezone(dt.timezone.utc))
                if price:
                    status = service_texts(ctx, DESK_ID, sid, desk.services[sid]).open(18 * 60)
                    rows.append((f"{sid} priced, {when}, from {'/'.join(countries) or 'anywhere'}",
                                 ctx.text("open_now.priced", status=status, price=price)))
    for policy_id, policy in desk.fees.items():
        for number, term in enumerate(fee_terms(ctx, policy)):
            rows.append((f"fee {policy_id} term {number + 1}", term))
        # The calculator's rows: what each line of a bill is called.
        plan = compile_plan(ctx, policy_id, desk, policy)
        labels = [line.label for rule in plan.charges for case in rule.cases
                  for line in case.lines]
        labels += [label for label in (plan.minimum_label, plan.vat_label) if label]
        rows += [(f"calculator {policy_id} row {number + 1}", label)
                 for number, label in enumerate(labels)]
    # onOffice's Austrian line (the example's desk): support free, emergencies charged.
    example = load_data(REPO).desks[DESK_ID]
    for note in AnswerBox(ctx, DESK_ID, example).shared_number("AT").values():
        rows.append(("shared number (onOffice, AT)", note))
    return rows


def table(languages=LANGUAGES) -> str:
    strings, data = load_strings(REPO), load_data(REVIEW)
    by_language = {lang: sentences(lang, strings, data) for lang in languages}
    lines, seen = [], set()
    for index, (what, _) in enumerate(by_language[languages[0]]):
        said = tuple(by_language[lang][index][1] for lang in languages)
        if said not in seen:  # a price from DE as from anywhere: once
            seen.add(said)
            lines.append(f"## {what}")
            lines += [f"{lang}: {text}" for lang, text in zip(languages, said)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(tuple(sys.argv[1:]) or LANGUAGES))
