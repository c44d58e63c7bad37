"""Addresses and names, compared whole: web addresses, e-mail addresses, identifiers."""

from __future__ import annotations

import re

from babel.localedata import locale_identifiers

from helpsite.drift.reading import Text
from helpsite.drift.words import SPACE


class Addresses:
    """Web and e-mail addresses, read on the text as written: "zwei" in an address stays a
    word. A web address is compared without its language (see normalise_url)."""

    URL = re.compile(r"""
        (?<![\w/])https?://              # a scheme, not inside a word or a path
        [^\s<>"'()\[\]]{1,2000}          # up to a space, a quote or a bracket""", re.VERBOSE)
    EMAIL = re.compile(r"""
        (?<![\w.+-])[\w.+-]{1,64}        # the mailbox
        @[\w-]{1,63}                     # at the host
        (?:\.[\w-]{1,63}){0,8}           # its domains
        \.[A-Za-z]{2,24}(?![\w-])        # and the top-level one""", re.VERBOSE)

    def read(self, text: Text, language: str) -> None:
        text.read(self.URL, lambda m: ("url", normalise_url(m[0].rstrip(".,;:!?"), language)))
        text.read(self.EMAIL, lambda m: ("email", m[0].lower()))


def normalise_url(url: str, language: str) -> str:
    """An address without its language: /de/ and /fr/ paths, de. hosts and ?lang=de are the
    same link in each language's page."""
    url = url.rstrip("/")
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    segments = [segment for segment in path.split("/")
                if not _is_language_tag(segment.split("?")[0], language)]
    path = re.sub(rf"([?&](?:lang|language|hl|locale)=)[\w-]+", r"\1", "/".join(segments))
    labels = host.lower().split(".")
    if len(labels) > 2 and _is_language_tag(labels[0], language):
        labels = labels[1:]
    return f"{scheme.lower()}://{'.'.join(labels)}{slash if path else ''}{path}".rstrip("/")


def _is_language_tag(segment: str, language: str) -> bool:
    """"de", "fr", "en-US", "pt_BR": a segment naming a language CLDR knows."""
    match = re.fullmatch(r"([a-z]{2,3})(?:[-_][A-Za-z]{2,4})?", segment, re.IGNORECASE)
    return match is not None and match[1].lower() in _LANGUAGES


_LANGUAGES = frozenset(code.split("_")[0] for code in locale_identifiers())


class Identifiers:
    """Names such as "COVID-19" come and go between translations (a changed one is found);
    versions and IP addresses are facts."""

    # An identifier starts with a letter and mixes letters and digits: TLS-ALPN-01,
    # COVID-19, IPv6, x86_64, SHA-256. Versions have three parts or more; IP addresses four.
    PATTERN = re.compile(r"""
        (?<![\w.-])(?:
          v\d{1,6}(?:\.\d{1,6}){1,5}                     # v2.3, v2.3.1
        | \d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?           # 192.168.1.1, with a port
        | \d{1,6}(?:\.\d{1,6}){2,5}                      # 2.3.1
        | [^\W\d_]{1,40}(?:[-_][^\W\d_]{1,40}){0,5}      # TLS-ALPN, x, SHA
          [-_]?\d{1,20}(?:[-_.]?\w{1,20}){0,6}           # -01, 86_64, -256
        )(?![\w-]|\.\d)""", re.VERBOSE)
    # Thousands grouped: "1.000.000", "10.000.000.000".
    GROUPED = re.compile(r"""
        \d{1,3}            # 1, 10, 100
        (?:\.\d{3}){2,4}    # .000.000: two groups of three or more""", re.VERBOSE)

    def read(self, text: Text, is_money) -> None:
        """``is_money``: whether a run is an amount ("DKK1,000.00"), not a name."""
        text.read(self.PATTERN, lambda m: None if is_money(m[0]) or self._is_grouped(m[0])
                  or _is_clock_range(m)
                  else ("identifier", _core(m[0]), not re.match(r"v?\d", m[0])))

    def _is_grouped(self, text: str) -> bool:
        """"1.000.000" and "10.000.000.000" are numbers with their thousands grouped, not
        versions; four groups each up to 255 without a leading zero stay an IP address."""
        groups = text.split(".")
        if not self.GROUPED.fullmatch(text):
            return False
        address = len(groups) == 4 and all(int(group) <= 255 and (group == "0" or group[0] != "0")
                                           for group in groups)
        return not address


def _core(text: str) -> str:
    """The part of an identifier that carries its digits: "COVID-19-Impfung" and
    "anti-COVID-19" are both "covid-19"."""
    core = re.search(r"[^\W\d_]*[-_]?\d[\w.]*?(?=(?:[-_][^\W\d_]+)*$)", text)
    return (core[0] if core else text).lower()


def _is_clock_range(match: re.Match) -> bool:
    """"9 AM-5 PM", "9 h-17 h", "9 Uhr-17 Uhr": the clock word of a range's first hour,
    then its second, is no name."""
    before = match.string[max(0, match.start() - 2):match.start()]  # never the whole text
    return (re.match(r"(?:[ap]m|h|uhr|uur)-\d", match[0], re.IGNORECASE) is not None
            and re.search(rf"\d[{SPACE}]?\Z", before) is not None)
