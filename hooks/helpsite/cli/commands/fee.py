"""``helpsite fee``: a call priced under a fee policy, as the page's calculator prices it,
read by the grammar the page's calculator reads."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import NoReturn

from helpsite.cli import scaffold
from helpsite.cli.common import EXIT_OK, EXIT_UNUSABLE
from helpsite.errors import SourceError
from helpsite.model.context import Context
from helpsite.model.load import load_data
from helpsite.model.strings import StringError, load_strings
from helpsite.rules import formatting
from helpsite.rules.fees import Bill, Call, FeeInputError, calculate
from helpsite.rules.inputformat import read_amount, read_country, read_length, read_start
from helpsite.rules.priceplan import PricePlan, compile_plan


def add(commands, common) -> None:
    fee = commands.add_parser("fee", parents=[common], help="price a call under a fee policy")
    fee.add_argument("policy", nargs="?", help="policy id, e.g. onoffice-emergency")
    fee.add_argument("--list", action="store_true", help="list the fee policies")
    length = fee.add_mutually_exclusive_group()
    length.add_argument("--length", help="length of the call as the page's calculator reads "
                        "it in --lang: minutes (4,5 in German) or hours and minutes (1:05)")
    length.add_argument("--minutes", help="length of the call in minutes, e.g. 12 or 4.5 "
                        "(4,5 in German: numbers as --lang writes them)")
    length.add_argument("--duration", help="length of the call as H:MM:SS or MM:SS, e.g. 1:05:00")
    fee.add_argument("--at", help="start, local time at the desk: YYYY-MM-DDTHH:MM or as "
                     "--lang writes it (23.11.2026 22:00 in German)")
    fee.add_argument("--condition", action="append", default=[], metavar="NAME",
                     help="a named condition the call meets, e.g. urgent (repeatable)")
    fee.add_argument("--hourly-rate", help="the hourly rate of your agreement, where needed, "
                     "as --lang writes it (1.250,50 in German)")
    fee.add_argument("--calling-from", metavar="CC", help="country the call comes from, e.g. DE")
    fee.add_argument("--lang", help="language of labels, of what is typed and of numbers (default: the desk's "
                     "first, else the site's default language)")
    fee.add_argument("--format", choices=["text", "json"], default="text")
    fee.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"helpsite fee: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def _printable(text: str) -> str:
    """Text for the terminal: a control character (an escape sequence that would recolour
    or retitle it, a line break) or a direction override shown as its escape, \\x1b."""
    return "".join(char.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(char) == "Cc" or "\u202a" <= char <= "\u202e"
                   or "\u2066" <= char <= "\u2069" else char for char in text)


def _call(args: argparse.Namespace, plan: PricePlan) -> Call:
    """The call as typed, read by the grammar the page's calculator reads (in ``--lang``),
    with its limits; what it refuses is said by the page's sentence after the flag."""
    grammar, text = plan.input, plan.text

    def refuse(flag: str, value: str, sentence: str) -> NoReturn:
        shown = value if len(value) <= 40 else value[:40] + "…"  # one readable line
        raise FeeInputError(f"{flag} {shown!r}: {sentence}")

    seconds = 0
    for flag, value, production in (("--length", args.length, "length"),
                                    ("--minutes", args.minutes, "amount"),
                                    ("--duration", args.duration, "clock")):
        if value is not None:
            seconds = read_length(grammar, value, production)
            if seconds is None:
                refuse(flag, value, text.need_duration if production != "clock" else
                       f"write H:MM:SS or MM:SS, at most {grammar.max_seconds // 3600}:00:00")
    start = rate = country = None
    if args.at is not None and (start := read_start(grammar, args.at)) is None:
        refuse("--at", args.at, text.bad_start)
    if args.hourly_rate is not None and (rate := read_amount(grammar, args.hourly_rate)) is None:
        refuse("--hourly-rate", args.hourly_rate, text.bad_rate)
    if args.calling_from is not None and (country := read_country(args.calling_from)) is None:
        refuse("--calling-from", args.calling_from, "write a country code such as DE")
    return Call(seconds=seconds, start=start, conditions=frozenset(args.condition),
                hourly_rate=rate, calling_from=country)


def _print_bill(bill: Bill, ctx: Context, as_json: bool) -> None:
    amount = bill.decimal
    if as_json:
        print(json.dumps({
            "policy": bill.policy, "currency": bill.currency, "covered": bill.covered,
            **({"lines": [{"label": line.label, "quantity": line.quantity,
                           "amount": str(amount(line.amount))} for line in bill.lines],
                "net": str(amount(bill.net)), "vat": str(amount(bill.vat)),
                "total": str(amount(bill.total))} if bill.covered else {"reason": bill.reason}),
        }, ensure_ascii=False, indent=2))
        return
    if not bill.covered:  # as the JSON's "covered": false, then the page's reason
        print(f"not covered: {bill.reason}")
        return
    money = lambda value: formatting.money(amount(value), bill.currency, ctx.language)  # noqa: E731
    rows = [(line.label, money(line.amount)) for line in bill.lines]
    rows.append((ctx.text("calculator.total"), money(bill.total)))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:>14}")


def run(args: argparse.Namespace) -> int:
    # Only data and strings: pricing a call renders no page.
    root = Path(args.root)
    try:
        data, strings = load_data(root), load_strings(root)
    except SourceError as error:
        print(error, file=sys.stderr)
        return EXIT_UNUSABLE
    policies = data.fee_policies()
    if args.list:
        for policy_id, (_, desk, policy) in sorted(policies.items()):
            print(f"{policy_id}\t{_printable(desk.name)}\t{policy.currency}")
        return EXIT_OK
    if args.policy is None:
        return _fail("name a policy, or use --list")
    if args.policy not in policies:
        return _fail(f"no fee policy {args.policy!r} (known: {', '.join(sorted(policies))})")
    _, desk, policy = policies[args.policy]
    language = args.lang or next((lang for lang in desk.languages[:1] if lang in strings.languages),
                                 None)
    if language is None:  # a desk that names no language of the site: the site's own
        try:
            language = scaffold.default_language(root)
        except scaffold.ScaffoldError as error:
            return _fail(f"{error}; or give --lang")
    if language not in strings.languages:
        return _fail(f"no language {language!r} (known: {', '.join(strings.languages)})")
    unknown = [name for name in args.condition if name not in policy.conditions]
    if unknown:
        return _fail(f"{args.policy} has no condition {unknown[0]!r} "
                     f"(conditions: {', '.join(policy.conditions) or 'none'})")
    try:
        ctx = Context(strings, language)
        call = _call(args, compile_plan(ctx, args.policy, desk, policy))
        bill = calculate(ctx, args.policy, desk, call)
    except FeeInputError as error:
        flag = {"hourly_rate": "--hourly-rate", "start": "--at"}.get(error.missing)
        return _fail(f"{flag} is needed: {error}" if flag else str(error))
    except StringError as error:
        return _fail(str(error))
    _print_bill(bill, ctx, args.format == "json")
    return EXIT_OK
