"""Site search: one index per language, and the values on a page in the forms people type.

The theme's search splits text at spaces and hyphens and matches what a visitor types as
the start of a word ("44686" finds "44686…"). A phone number is written in one grouping
("+49 241 44686-112") but typed in any other ("0241 44686", "44686112"); an amount as the
language writes it ("5,95 €") but typed with either decimal mark. So each page gets, in a
field of its own that results never show, every phone number as the digits from each
position on (any group a visitor types starts one of them), in international, "00" and
national form, and each amount and time of day in its usual spellings. Each section gets
its own, so a result leads to the section that holds the number.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import phonenumbers

from selectolax.lexbor import LexborHTMLParser, LexborNode

from helpsite.sources.blocks import Block, BlockReader, read
from helpsite.drift.extract import extract
from helpsite.errors import TooMuchToRead

# Where the theme cuts a page into entries: at each heading with an id; the title's (h1)
# entry is the page's own.
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

FIELD = "values"  # the index field that holds them (declared in mkdocs.yml)
_SHORTEST_GROUP = 3  # a shorter group of digits would find almost every number


@functools.lru_cache(maxsize=4096)  # a desk's numbers stand on each of its pages
def phone_terms(e164: str) -> tuple[str, ...]:
    number = phonenumbers.parse(e164)
    international = e164.lstrip("+")
    national = re.sub(r"\D", "", phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL))
    terms = []
    for digits in (international, "00" + international, national):
        terms += [digits[start:] for start in range(len(digits) - _SHORTEST_GROUP + 1)]
    return tuple(terms)


def amount_terms(amount: Decimal) -> list[str]:
    whole, _, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}"  # 1,250
    forms = [f"{whole},{cents}", f"{whole}.{cents}",
             f"{grouped.replace(',', '.')},{cents}", f"{grouped}.{cents}"]
    if cents == "00":
        forms += [whole, grouped.replace(",", "."), grouped]
    return forms


def time_terms(clock: str) -> list[str]:
    """Also "22h00", the one form of a time no amount or phone number shares: the page's
    script writes a typed "22:00" so before it searches (pages/theme/assets/helpsite-theme.js),
    as the theme would read "22:" as the name of a field."""
    hours, minutes = clock.split(":")
    return [f"{h}{mark}{minutes}" for h in (hours, str(int(hours))) for mark in (":", ".", "", "h")]


def _terms(blocks: list[Block], language: str) -> list[str]:
    terms: list[str] = []
    # The text as the drift checks read it (table cells apart, scripts left out), block by
    # block: extract() remembers the blocks that many pages repeat.
    for value in (value for block in blocks for value in _values(block.text, language)):
        if value.kind == "phone":
            terms += phone_terms(value.value)
        elif value.kind == "money":
            terms += amount_terms(Decimal(value.value.split()[0]))
        elif value.kind == "time":
            terms += time_terms(value.value)
    return terms


def _values(text: str, language: str) -> list:
    """A block's values; none from a block with more than any help page holds. Placeholders
    can fill a paragraph that check read as a few lines with thousands of values: its text
    is still searched, it only gets no spellings of them ("22.00" for "22:00")."""
    try:
        return extract(text, language)
    except TooMuchToRead:
        return []


def page_terms(content: LexborHTMLParser, language: str) -> dict[str, str]:
    """The extra search terms of each of a page's entries: {"": the top's, "#id": a
    section's}, each space-separated, each term once. ``content``: the page's content HTML
    as blocks.parse reads it (the content check reads the same tree).

    Each heading with an id starts an entry, whose values are those of the blocks after it
    (as the theme cuts a page); the heading's own text is the entry's title, which the theme
    indexes itself."""
    readers = {"": BlockReader("")}

    def entry(node: LexborNode, tag: str, attributes: dict) -> BlockReader | None:
        if tag in _HEADINGS and (anchor := attributes.get("id")):
            return readers.setdefault("" if tag == "h1" else f"#{anchor}", BlockReader(""))
        return None

    read(content.root, readers[""], entry)
    return {anchor: " ".join(dict.fromkeys(_terms(reader.blocks, language)))
            for anchor, reader in readers.items()}


def language_root(language: str, default: str) -> str:
    """Where a language's pages live, from the site's root: "" for the default, "es/"."""
    return "" if language == default else f"{language}/"


def language_indexes(config: dict, entries: list[dict], languages: list[str], default: str,
                     terms: dict[str, str], lunr_languages: list[str]) -> dict[str, dict]:
    """For each language that has entries, its search index, addressed from the language's
    root: {"es/": index}. ``terms`` maps a page's or a section's URL ("es/onoffice/#coste")
    to its ``page_terms``."""
    roots = {language_root(language, default): language for language in languages}
    docs: dict[str, list[dict]] = {}
    for entry in entries:
        first = entry["location"].split("/", 1)[0] + "/"
        root = first if first in roots else ""
        doc = dict(entry, location=entry["location"][len(root):])
        if terms.get(entry["location"]):
            doc[FIELD] = terms[entry["location"]]
        docs.setdefault(root, []).append(doc)
    # lunr stems and filters stop words in the page's language alone; a language that lunr
    # cannot read falls back to the theme's first.
    return {root: {"config": dict(config, lang=[roots[root]] if roots[root] in lunr_languages
                                  else lunr_languages[:1]),
                   "docs": language_docs}
            for root, language_docs in docs.items()}
