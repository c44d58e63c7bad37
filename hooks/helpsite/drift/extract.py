"""Typed extraction: the phone numbers, times, amounts and other values in a text.

Each value is read in the text's own language and reduced to a canonical form, so that
"09.00", "9:00" and "09:00 Uhr" are the same time, "5,95 €", "€ 5,95" and "5,95 euros" the
same amount, "+49 241 44686-112" and "0049 241 44686112" the same number, and "sette
giorni", "7 Tagen" and "seven days" the same duration. Sources: Babel's number symbols and
CLDR's currency and unit names, phonenumbers' matcher, text2num for numbers written as
words. Values are whole tokens: "6" is never found inside "16", and identifiers such as
"TLS-ALPN-01", "v2.3.1" or an IP address are compared whole, not read as numbers.

Every pattern has bounded repetition and a left boundary, so reading is linear in the
length of the text, whatever it holds.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers
import yaml
from babel import Locale
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.numbers import get_territory_currencies, list_currencies
from text_to_num import alpha2digit

from helpsite.errors import TooMuchToRead
from helpsite.sources.hidden import without_format

# Per-language words for centuries and the currency codes read in lower case.
_WORDS = yaml.safe_load(importlib.resources.files(__package__).joinpath(
    "data", "value_words.yaml").read_text(encoding="utf-8"))

# Lengths beyond any real value: longer digit runs are identifiers, not numbers.
_DIGITS = 15
_CHUNK = 400  # text2num's reading grows with the square of a run of words: read in pieces

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_CALENDAR = {"month": "M", "year": "Y"}
_SPACE = "\u00a0\u202f\u2009 "

# Forms CLDR's unit names lack: German dative and adjective compounds ("98 Tagen",
# "14-wöchigen"), genitives ("30 minutters"), Dutch and Danish short forms, and working
# days ("10 business days" is "10 jours ouvrables": days, as a translation counts them).
_UNIT_EXTRAS = {
    "de": {"tagen": "day", "monaten": "month", "jahren": "year", "tägig": "day",
           "wöchig": "week", "stündig": "hour", "minütig": "minute", "monatig": "month",
           "jährig": "year", "sekündig": "second", "std": "hour", "min": "minute",
           "werktage": "day", "werktagen": "day", "arbeitstage": "day", "arbeitstagen": "day"},
    "da": {"minutters": "minute", "timers": "hour", "dages": "day", "ugers": "week",
           "måneders": "month", "års": "year", "hverdage": "day", "arbejdsdage": "day"},
    "en": {"hrs": "hour", "mins": "minute", "secs": "second", "business days": "day",
           "business day": "day", "working days": "day", "working day": "day",
           "calendar days": "day"},
    "nl": {"minuten": "minute", "uren": "hour", "werkdagen": "day", "werkdag": "day"},
    "fr": {"mn": "minute"},
}
# Number words text2num does not read: multiplicatives ("twice", "zweimal", "tweemaal")
# and the Spanish apocope before a noun ("veintiún días"); European Portuguese "bilião"
# is 10^12, which text2num reads as Brazilian "bilhão" (10^9): it becomes a scale word
# that _SCALES reads. Each is one word for one word, so the map back to the text as
# written stays exact.
_WORD_GAPS = {
    "en": {"once": "1×", "twice": "2×", "thrice": "3×"},
    "de": {f"{word}mal": f"{number}×" for number, word in enumerate(
        ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"), 1)},
    "nl": {f"{word}maal": f"{number}×" for number, word in enumerate(
        ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"), 1)},
    "es": {"veintiún": "veintiuno"},
    "pt": {"bilião": "trilhão", "biliões": "trilhões"},
}
# Articles read as "one" by text2num ("ein Konto", "un compte", "en time") and ordinal
# words ("the second time") are counts only where the other language has the same value.
_PERCENT_WORDS = ("%", "procent", "prozent", "per cent", "percent", "pour cent", "por ciento",
                  "per cento", "por cento", "pct")
_TIME_WORDS_AFTER = r"uhr|uur|h\b|o['’]clock|heures?\b"
_TIME_WORDS_BEFORE = {
    "de": "um|ab|bis|von|zwischen|gegen|seit",
    "en": "at|from|to|until|till|between|before|after|by",
    "fr": "à|de|dès|jusqu['’]à|entre|avant|après|vers",
    "es": "a las|desde las|hasta las|de las|entre las|las|a la|desde la|hasta la",
    "it": "alle|dalle|ore|entro le|fino alle|tra le|dopo le|prima delle|dalle ore|alle ore",
    "pt": "às|das|até às|até as|entre as|a partir das|as",
    "nl": "om|van|tot|vanaf|tussen|na",
    "da": "kl\\.|klokken|fra|til|mellem|efter|før",
}
# Words that make a bare hour a time of day ("ore 17", "a las 17", "à 9h"), where what
# follows is no noun ("alle 3 domande" is three questions).
_HOUR_WORDS_BEFORE = {
    "it": "ore|alle|dalle",
    "es": "las",
    "pt": "às|das|as",
    "nl": "om",
}
# Words that may follow such an hour, where any other word makes the number a count.
_AFTER_HOUR = "horas?|ore|heures?|uur|uhr|in|en|e|y|et|del|della|de|da|circa|precise|puntuali"
# French writes the hour with an "h" ("à 9h", "dès 8h30"); "à 10 jours" is no time.
_H_WORDS_BEFORE = {"fr": "à|dès|vers|jusqu['’]à"}
# How a range of hours starts and what joins its ends, beside a dash: "van 9 tot 17 uur",
# "dalle 9 alle 13", "de las 9 a las 17", "de 9h à 17h".
_RANGE_START = {
    "it": "dalle|dalle ore", "es": "de las|desde las|de|desde", "pt": "das|de", "fr": "de",
    "nl": "van|vanaf", "de": "von|ab", "da": "fra|fra kl\\.|kl\\.", "en": "from",
}
_GENERIC_STARTS = {"de", "desde", "from", "ab", "fra", "vanaf"}
_RANGE_JOIN = {
    "it": "alle|alle ore|a", "es": "a las|hasta las|a", "pt": "às|as|a", "fr": "à",
    "nl": "tot", "de": "bis", "da": "til", "en": "to|until|till",
}
# Words after an hour that make it a time of day at the end of a range whose other end
# is one ("de 8h30 à 13 heures"); "2,50 – 3 hours" stays a duration.
_CLOCK_WORDS = ("uhr", "uur", "heures", "ore", "horas", "timer", "o'clock", "o’clock")
# The 12-hour clock's marker: "pm", "p.m.", Spanish and Portuguese "p. m.", "PM".
_AMPM = rf"(?P<ampm>[ap])(?:\.[{_SPACE}]?)?m\.?(?!\w)"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|re|ère|e|ème|de|ste|º|ª|°|o|a|\.)"
_URL = re.compile(r"(?<![\w/])https?://[^\s<>\"'()\[\]]{1,2000}")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}"
                    r"\.[A-Za-z]{2,24}(?![\w-])")
# An identifier starts with a letter and mixes letters and digits: TLS-ALPN-01, COVID-19,
# IPv6, x86_64, SHA-256. Versions have three parts or more; IP addresses four.
_IDENTIFIER = re.compile(
    r"(?<![\w.-])(?:v\d{1,6}(?:\.\d{1,6}){1,5}"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?"
    r"|\d{1,6}(?:\.\d{1,6}){2,5}"
    r"|[^\W\d_]{1,40}(?:[-_][^\W\d_]{1,40}){0,5}[-_]?\d{1,20}(?:[-_.]?\w{1,20}){0,6})"
    r"(?![\w-]|\.\d)")
# Durations said in words no number reader knows: a quarter of an hour, half an hour.
_WORD_DURATIONS = re.compile(
    r"(?<!\w)(?=[kvqchdm])(?:kwartier|viertelstunde|quarter(?:[ -]of[ -]an)?[ -]hour|quart d['’]heure"
    r"|kvarter|cuarto de hora|quarto d['’]ora|quarto de hora|halbe stunde|half[ -]an[ -]hour"
    r"|half[ -]hour|half ?uur|demi-heure|media hora|mezz['’]ora|meia hora|halv ?time)(?!\w)",
    re.IGNORECASE)
_WORD_DURATION_VALUES = {prefix: value for value, prefixes in (
    ("PT15M", ("kwar", "vier", "quar", "kvar", "cuar")),
    ("PT30M", ("halb", "half", "demi", "medi", "mezz", "meia", "halv"))) for prefix in prefixes}
# "Around the clock" and "every day of the week" are one fact each, however many digits a
# language spends on them ("24 h/24", "24 heures sur 24", "las 24 horas del día", "24/7"):
# read whole, before any digit in them counts as a number or a duration.
_ROUND_THE_CLOCK = {
    "en": r"(?:24[ ]?hours?[ ]a[ ]day|(?:a?round)[ ]the[ ]clock)",
    "fr": r"(?:24[ ]?h(?:eures)?[ ]?(?:/|sur)[ ]?24)",
    "es": r"(?:(?:las[ ])?24[ ]horas[ ](?:del|al)[ ]día)",
    "pt": r"(?:24[ ]horas[ ](?:por|ao)[ ]dia)",
    "it": r"(?:24[ ]ore[ ](?:su[ ]24|al[ ]giorno))",
    "de": r"(?:rund[ ]um[ ]die[ ]uhr|24[ ]stunden[ ](?:am|pro)[ ]tag)",
    "nl": r"(?:24[ ]uur[ ]per[ ](?:dag|etmaal)|de[ ]klok[ ]rond)",
    "da": r"(?:døgnet[ ]rundt|24[ ]timer[ ](?:i[ ]døgnet|om[ ]dagen))",
    "sv": r"(?:dygnet[ ]runt|24[ ]timmar[ ](?:om|per|i)[ ](?:dygnet|dagen|dygn))",
    "pl": r"(?:całodobowo|przez[ ]całą[ ]dobę|24[ ]godziny[ ](?:na|przez)[ ]dobę)",
}
# The same for the days of a week; the first digit is how many ("5 j/7" is five of seven).
_DAYS_A_WEEK = {
    "en": r"(?:[1-7][ ]days?[ ](?:a|per)[ ]week)",
    "fr": r"(?:[1-7][ ]?j(?:ours)?[ ]?(?:/|sur)[ ]?7)",
    "es": r"(?:(?:los[ ])?[1-7][ ]días[ ](?:de[ ]la|a[ ]la|por)[ ]semana)",
    "pt": r"(?:[1-7][ ]dias[ ](?:por|da)[ ]semana)",
    "it": r"(?:[1-7][ ]giorni[ ](?:su[ ]7|alla[ ]settimana|a[ ]settimana))",
    "de": r"(?:[1-7][ ]tage[ ](?:die|pro|in[ ]der)[ ]woche)",
    "nl": r"(?:[1-7][ ]dagen[ ](?:per|in[ ]de)[ ]week)",
    "da": r"(?:[1-7][ ]dage[ ](?:om|i)[ ]ugen)",
    "sv": r"(?:[1-7][ ]dagar[ ](?:i|per|om)[ ]veckan)",
    "pl": r"(?:(?:przez[ ])?[1-7][ ]dni[ ](?:w[ ]tygodniu|na[ ]tydzień))",
}
# Scale words after digits multiply them ("21 millioner", "10 biljoen"), in each language's
# own scale: Dutch, German, Danish, French, Italian, Spanish and European Portuguese count
# long (billion = 10^12, with miljard/Milliarde = 10^9), English and Brazilian short.
_SCALES = {
    "en": {"million": 6, "millions": 6, "billion": 9, "billions": 9, "trillion": 12,
           "trillions": 12},
    "de": {"million": 6, "millionen": 6, "mio.": 6, "milliarde": 9, "milliarden": 9,
           "mrd.": 9, "billion": 12, "billionen": 12},
    "nl": {"miljoen": 6, "miljard": 9, "biljoen": 12},
    "da": {"million": 6, "millioner": 6, "mio.": 6, "milliard": 9, "milliarder": 9,
           "mia.": 9, "billion": 12, "billioner": 12},
    "fr": {"million": 6, "millions": 6, "milliard": 9, "milliards": 9, "billion": 12,
           "billions": 12},
    "it": {"milione": 6, "milioni": 6, "miliardo": 9, "miliardi": 9, "bilione": 12,
           "bilioni": 12},
    "es": {"millón": 6, "millones": 6, "mil millones": 9, "billón": 12, "billones": 12},
    "pt": {"milhão": 6, "milhões": 6, "mil milhões": 9, "bilhão": 9, "bilhões": 9,
           "bilião": 12, "biliões": 12, "trilhão": 12, "trilhões": 12},
}
# Words text2num reads as the ordinal "2nd" that are often a unit or a preposition:
# "per second", "un secondo" (one second), "secondo le regole" (according to the rules).
# Each is the rank only before a noun (a word not listed here), and in Italian and
# Portuguese only after an article as well.
_SECOND = {"en": "second", "it": "secondo", "pt": "segundo"}
_NOT_A_NOUN = {
    "en": "or|and|to|for|of|later|before|after|ago|at|in|on|per|is|was|then|if|so|but|by|"
          "with|the|a|an|it|this|that|you|we|they|or|longer|more|less|delay",
    "it": "e|o|di|per|fa|dopo|prima|circa|in|a|al|il|la|lo|le|i|gli|che|me|te|noi|voi|loro|"
          "lui|lei|quanto|cui",
    "pt": "e|ou|de|por|depois|antes|atrás|em|a|o|os|as|que|me|ele|ela|eles|elas|nós|você|"
          "vocês|cerca",
}
_ARTICLE_BEFORE = {
    "it": "il|lo|l['’]|del|dello|nel|nello|dal|dallo|al|allo|sul|sullo|un|uno|ogni|questo|"
          "quel|la|della|nella|alla|sulla|una|questa",
    "pt": "o|do|no|ao|pelo|um|a|da|na|à|pela|uma|este|esta|cada",
}
_UNIT_BEFORE = {"en": "per"}  # "per second" is a unit before any word

# A phone matcher reads "09.00 – 18.00" as a number in some countries; such runs are times.
_TIMES_ONLY = re.compile(r"\d{1,2}[.:]\d{2}(?:\s*[–—-]\s*\d{1,2}[.:]\d{2})*")
# Where a phone number may be: a short run of digits and separators, read by phonenumbers.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:\+|00)?\(?\d[\d\u00a0\u202f ()./–-]{4,24}\d(?!\d)")
# A number with its country code ("+32.(0)2.511.12.34") is read before identifiers, which
# would take its dotted digits for a version.
_INTERNATIONAL_CANDIDATE = re.compile(
    r"(?<![\w+])\+\d[\d\u00a0\u202f ()./–-]{4,24}\d(?!\d)")
# A number no country's plan knows, written as one: a trunk "0" or a "+" and then digit
# groups ("02 6943 0746" read outside Italy, "+02 6943 0746"). Read as it is written, so
# that a "+" typed before a national number is a change, not loose digits.
_UNKNOWN_PHONE = re.compile(
    r"\+?\(?0(?:[1-9]\d{0,3})?\)?[\u00a0\u202f ./–-][1-9][\d\u00a0\u202f ./–-]{4,24}\d")
_MAX_PHONE_CANDIDATES = 5000
MAX_VALUES = 20_000  # in one text: the longest real help pages hold a few hundred
_DIGIT_RUN = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True)
class Value:
    kind: str
    value: str  # canonical, comparable across languages
    raw: str  # as written
    start: int  # offset in the text
    weak: bool = False  # read from an article or ordinal word: a count only if the other side has it

    @property
    def shown(self) -> str:
        """What a writer reads: the value as written, and its canonical form where it helps."""
        raw = " ".join(self.raw.split())
        return f"{raw} ({self.value})" if self.kind == "phone" else raw


@functools.lru_cache(maxsize=None)
def _symbols(language: str) -> tuple[str, str]:
    symbols = Locale.parse(language).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


@functools.lru_cache(maxsize=None)
def default_region(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language, language)
    return Locale.parse(likely).territory


# A number as people write it in any language: groups of three, a decimal part.
_NUMBER = (rf"""(?x:
    \d{{1,3}}[.,]\d{{3}}(?:[{_SPACE}]\d{{3}}){{0,3}}  # 0,000 000 01: decimals in groups,
      [{_SPACE}]\d{{1,2}}(?!\d)                     # the last one shorter
  | \d{{1,3}}(?:[.,'’{_SPACE}]\d{{3}}){{1,4}}         # 1.000.000, 1 000, 1'000
      (?:[.,]\d{{1,9}})?                            # and its decimals
  | \d{{1,{_DIGITS}}}(?:[.,]\d{{1,9}})?              # 1000, 3.16, 0.00000001
)""")
_NUMBER_START = r"(?<![\w.,:])"
# A whole number and a common fraction: "1 1/2 Stunden", "1 ½ hours", "1½", "¾".
_FRACTIONS = {"½": "0.5", "¼": "0.25", "¾": "0.75", "1/2": "0.5", "1/4": "0.25", "3/4": "0.75"}
_FRACTION = rf"""(?:
    (?:\d{{1,3}}[{_SPACE}]?)?[½¼¾]           # 1½, 1 ½, ½
  | \d{{1,3}}[{_SPACE}](?:1/2|1/4|3/4)(?!\d)  # 1 1/2
)"""


def parse_number(text: str, language: str) -> Decimal | None:
    """A written number; a separator before exactly three digits means what the language
    says it means ("1.000" is 1000 in German, 1 in English); any other is a decimal point."""
    decimal, group = _symbols(language)
    fraction = re.fullmatch(rf"(\d{{0,3}})[{_SPACE}]?(½|¼|¾|1/2|1/4|3/4)", text)
    if fraction:
        return Decimal(fraction[1] or 0) + Decimal(_FRACTIONS[fraction[2]])
    text = re.sub(f"[{_SPACE}'’]", "", text)
    separators = [index for index, character in enumerate(text) if character in ".,"]
    if separators:
        last = separators[-1]
        tail = len(text) - last - 1
        kinds = {text[index] for index in separators}
        if len(kinds) == 2 or (tail != 3 or text[last] == decimal) and len(separators) == 1:
            whole = re.sub(r"[.,]", "", text[:last])
            if len(kinds) == 1 and tail == 3 and text[last] != decimal:
                text = whole + text[last + 1:]
            else:
                text = f"{whole}.{text[last + 1:]}"
        elif text[last] == group or tail == 3:
            text = text.replace(text[last], "")
        else:
            return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _canonical(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _duration(amount: Decimal, unit: str) -> str:
    """ISO 8601 in the largest whole unit up to days: P21D, PT2H, PT90S; P6M and P3Y stay."""
    if unit in _CALENDAR:
        return f"P{_canonical(amount)}{_CALENDAR[unit]}"
    seconds = amount * _SECONDS[unit]
    for size, letter, in_time in ((86400, "D", False),
                                  (3600, "H", True), (60, "M", True), (1, "S", True)):
        if seconds % size == 0 or size == 1:
            return f"P{'T' if in_time else ''}{_canonical(seconds / size)}{letter}"
    raise AssertionError("unreachable")


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _unit_words(language: str) -> dict[str, str]:
    """CLDR's names for time units in ``language`` (Stunde, Stunden, Std.) -> unit."""
    patterns = Locale.parse(language)._data["unit_patterns"]
    words: dict[str, str] = {}
    for unit in (*_SECONDS, *_CALENDAR):
        for forms in patterns.get(f"duration-{unit}", {}).values():
            for form, pattern in forms.items():
                if form == "per" or not isinstance(pattern, str):
                    continue
                word = pattern.replace("{0}", "").strip().lower()
                if len(word.rstrip(".")) >= 2 or word == "h":
                    words[word] = unit
    words.update(_UNIT_EXTRAS.get(language, {}))
    words.setdefault("h", "hour")  # "72h", "24 h": written so in every language
    return words


@functools.lru_cache(maxsize=None)
def _currencies(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """How ``language`` writes currencies -> ISO code: (ISO codes, written in capitals;
    symbols and one-word names, in any case)."""
    locale = Locale.parse(language)
    codes = {code: code for code in list_currencies()}
    names: dict[str, str] = {}
    for source in {Locale.parse("en"), locale}:
        for code, symbol in source.currency_symbols.items():
            if not symbol.isalpha():  # "$", "€", "kr.", "R$", "CA$"; "Ft" could be feet
                names.setdefault(symbol.lower(), code)
    for code, forms in locale._data["currency_names_plural"].items():
        for name in forms.values():
            if " " not in name and len(name) > 3:  # "euros", "kroner", "dollars"
                names.setdefault(name.lower(), code)
    territory = default_region(language)
    for code in get_territory_currencies(territory) if territory else ():
        symbol = locale.currency_symbols.get(code)
        if symbol:  # the language's own "kr." and "kr" are Danish crowns
            names[symbol.lower()] = names[symbol.lower().rstrip(".")] = code
    names.update({"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "euro": "EUR",
                  "euros": "EUR", "fr.": "CHF", "sfr.": "CHF"})
    # "8,50 eur": codes in lower case, where they are no word
    lower = {*_WORDS["lower_case_codes"],
             *(code.lower() for code in (get_territory_currencies(territory) if territory else ()))}
    names.update({code: code.upper() for code in lower if code.upper() in codes})
    return codes, names


@dataclass(frozen=True)
class _Patterns:
    money: re.Pattern
    currency_before: re.Pattern
    currency_after: re.Pattern
    currencies: dict[str, str]
    currency_ends: frozenset  # the last characters of all currency forms, lower case
    percent: re.Pattern
    minutes_seconds: re.Pattern
    units: re.Pattern
    unit_words: dict[str, str]
    hyphen_units: re.Pattern
    times: re.Pattern
    hour_times: re.Pattern
    clock_ranges: re.Pattern
    range_start: re.Pattern
    ordinal: re.Pattern
    number: re.Pattern
    unit_ranges: re.Pattern
    unit_after: re.Pattern  # a unit right after a range of hours: "5–10 Tagen" are days
    round_the_clock: re.Pattern | None
    scaled: re.Pattern | None
    century: re.Pattern | None


@functools.lru_cache(maxsize=None)
def _patterns(language: str) -> _Patterns:
    codes, names = _currencies(language)
    words = _unit_words(language)
    symbols = _alternatives(name for name in names if not name[0].isalnum())
    named = _alternatives(name for name in names if name[0].isalnum())
    currency = (rf"(?:(?i:{symbols})|(?<![\w.])(?:(?i:{named})|{_alternatives(codes)})"
                rf"(?![^\W\d_]))")
    currency1, currency2 = (f"(?P<currency{n}>{currency})" for n in (1, 2))
    amount1, amount2 = (rf"(?P<amount{n}>{_NUMBER})(?:[.,](?:–|—|-{{1,2}}))?"  # Swiss "220.–"
                        for n in (1, 2))
    minute_words = _alternatives(w for w, unit in words.items() if unit == "minute")
    unit_alternatives = _alternatives(words)
    # A clock word just before: one fixed-width look-behind per word ("um ", "a las ").
    before = "|".join(rf"(?<=(?<!\w){word}[{_SPACE}])"
                      for word in _TIME_WORDS_BEFORE.get(language, "").split("|") if word)
    # 22:00, 22.00, 22h00 and French "22 h 00"; "2 h 30 min" is a duration
    clock = (rf"([01]?\d|2[0-4])(?:[:.]|[{_SPACE}]?h[{_SPACE}]?)([0-5]\d)"
             rf"(?![{_SPACE}]?(?:{minute_words})(?!\w))")
    dotted = "." in Locale.parse(language).time_formats["short"].pattern
    # A bare hour, or one with minutes after a comma ("ore 17", "dalle 18,30", "à 9h"),
    # right after a word that makes it a time of day.
    def after(words: str) -> str:
        return "|".join(rf"(?<=(?<!\w){word}[{_SPACE}])" for word in words.split("|") if word)

    hour_words, h_words = (after(words.get(language, ""))
                           for words in (_HOUR_WORDS_BEFORE, _H_WORDS_BEFORE))
    hour_after_word = (rf"""
            | (?:{h_words})(?P<hour_h>[01]?\d|2[0-4])      # à 9h, dès 8h30, à 10 h 30
                [{_SPACE}]?h(?:[{_SPACE}]?(?P<minute_h>[0-5]\d))?(?!\w)
            """ if h_words else "") + (rf"""
            | (?:{hour_words})(?P<hour_w>[01]?\d|2[0-4])   # ore 17, dalle 18,30, a las 9
                (?:[:.,](?P<minute_w>[0-5]\d)(?![\d]|[.,]\d)  # with minutes: a time
                  |(?![\d:.,]\d|\d)                          # a bare hour, but not
                   (?![{_SPACE}]?(?!(?:{_AFTER_HOUR})\b)[^\W\d_]{{2}}))  # "alle 3 domande"
            """ if hour_words else "")
    return _Patterns(
        # Found from its number, then a currency just before or after: a pattern that
        # begins with hundreds of currency names would try them all at every character.
        # "DKK1,000.00" (English CLDR) puts the code right before the digits.
        money=re.compile(rf"(?=\d)(?<![\d.,:]){amount1}"),
        currency_before=re.compile(rf"{currency1}[{_SPACE}]?\Z"),
        currency_after=re.compile(rf"[{_SPACE}]?{currency2}"),
        currencies={**codes, **names},
        currency_ends=frozenset(name[-1].lower() for name in {**codes, **names}),
        percent=re.compile(rf"(?=\d){_NUMBER_START}({_NUMBER})[{_SPACE}]?(?:{_alternatives(_PERCENT_WORDS)})(?!\w)",
                           re.IGNORECASE),
        minutes_seconds=re.compile(rf"(?=\d)(?<![\d:])(\d{{1,4}}):([0-5]\d)[{_SPACE}]?(?:{minute_words})(?!\w)",
                                   re.IGNORECASE),
        units=re.compile(rf"(?=[\d½¼¾]){_NUMBER_START}((?x:{_FRACTION})|{_NUMBER}){_ORDINAL_SUFFIX}?"
                         rf"[{_SPACE}-]?({unit_alternatives})(?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)",
                         re.IGNORECASE),
        unit_words=words,
        hyphen_units=re.compile(r"(?=\d)(?<![\w.,])(\d{1,6})-(\w{1,20})", re.IGNORECASE),
        # 22:00 is always a time; 22.00 / 22h00 / 22 Uhr / 10 pm only where a clock word says so.
        times=re.compile(
            # Every alternative starts at a digit: the look-ahead fails fast everywhere else.
            rf"(?=\d)(?<!\d)(?:(?<![\w.,:])([01]?\d|2[0-4]){'[:.]' if dotted else ':'}([0-5]\d)(?![\d]|[.,]\d)"
            rf"|(?<![\w.,:]){clock}(?=[{_SPACE}]?[–—-][{_SPACE}]?\d{{1,2}}[.:h]\d\d)"
            rf"|(?:(?<=[–—-])|(?<=[–—-][{_SPACE}])){clock}(?![\d]|[.,]\d)"
            rf"|(?<![\w.,:]){clock}(?=[{_SPACE}]?(?:{_TIME_WORDS_AFTER}))"
            + (rf"|(?:{before}){clock}(?![\d]|[.,]\d)" if before else "")
            + rf"|(?<![\w.,:])([01]?\d|2[0-4])[{_SPACE}]?h[{_SPACE}]?([0-5]\d)(?!\w)"
            + rf"(?![{_SPACE}]?(?:{minute_words})(?!\w)))",
            re.IGNORECASE),
        hour_times=re.compile(rf"""
            (?=\d)(?<!\d)(?:
              (?<![\w.,:])(?P<hour12>1[0-2]|0?\d)        # 10 pm, 9:30 a.m., 5.15pm,
                (?:[:.](?P<minute12>[0-5]\d))?[{_SPACE}]?{_AMPM}  # 5:00 p. m., 1:30 PM
            | (?<![\w.,:])(?P<hour>[01]?\d|2[0-4])        # 17 Uhr, 5 o'clock
                [{_SPACE}](?:uhr|o['’]clock)(?!\w)
            | (?:(?<=\bom[{_SPACE}])|(?<=\btot[{_SPACE}])   # om 17 uur, van 9 uur
                |(?<=\bvan[{_SPACE}])|(?<=\bvanaf[{_SPACE}]))
                (?P<hour_nl>[01]?\d|2[0-4])[{_SPACE}]uur(?!\w)
            | (?:(?<=\bkl\.[{_SPACE}])|(?<=\bkl[{_SPACE}]))  # Danish kl. 17
                (?P<hour_da>[01]?\d|2[0-4])(?![\w.:,]\d|\d)
            {hour_after_word}
            )""", re.IGNORECASE | re.VERBOSE),
        clock_ranges=re.compile(rf"""
            (?=\d)(?<![\w.,:])
            (?P<h1>[01]?\d|2[0-4])                                    # 9, 9.00, 9h30, 16,30,
              (?:(?P<s1>[:.,]|[{_SPACE}]?h[{_SPACE}]?)(?P<m1>[0-5]\d))?  # 8 h 00
            (?P<x1>[{_SPACE}]?h(?!\w))?                               # French 9h, 9 h
            (?:[{_SPACE}]?(?P<w1>uhr|uur)(?!\w))?                      # 9 Uhr-17 Uhr
            (?:[{_SPACE}]*[–—-][{_SPACE}]*                              # a dash, or the
              |[{_SPACE}]+(?:{_RANGE_JOIN.get(language, "to")})[{_SPACE}]+)  # language's "to"
            (?P<h2>[01]?\d|2[0-4])(?:(?P<s2>[:.,]|[{_SPACE}]?h[{_SPACE}]?)(?P<m2>[0-5]\d))?
            (?P<x2>[{_SPACE}]?h(?!\w))?
            (?![\d]|[.,]\d)
            (?![{_SPACE}]?{_AMPM})                                   # "9:00 a 5:00 p. m." is 17:00
            (?:[{_SPACE}]?(?P<word>uhr|uur|o['’]clock|horas|heures|ore|timer)(?!\w))?  # o'clock, hours
            """, re.IGNORECASE | re.VERBOSE),
        range_start=re.compile(rf"(?<!\w)(?:{_RANGE_START.get(language, 'from')})[{_SPACE}]+\Z",
                               re.IGNORECASE),
        ordinal=re.compile(r"(?=\d)(?<![\w.,])(\d{1,6})(?:st|nd|rd|th|er|re|ère|ème|e|de|ste|º|ª|°)(?!\w)"),
        number=re.compile(rf"(?=[\d½¼¾]){_NUMBER_START}((?x:{_FRACTION})|{_NUMBER})(?![\w]|[.,]\d)"),
        unit_ranges=re.compile(rf"""
            (?=\d){_NUMBER_START}(?P<low>{_NUMBER})          # 5
            (?:[{_SPACE}]*[–—-][{_SPACE}]*                    # a dash, or the language's "to":
              |[{_SPACE}]+(?:{_RANGE_JOIN.get(language, "to")})[{_SPACE}]+)  # à, bis, a, tot
            (?P<high>{_NUMBER})[{_SPACE}-]?                   # 10
            (?P<unit>{unit_alternatives})(?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)  # days, jours, Tage
            """, re.IGNORECASE | re.VERBOSE),
        unit_after=re.compile(rf"""
            [{_SPACE}]?({unit_alternatives})             # Tagen, days
            (?:(?<=\w\w\w\w)\w{{0,3}})?(?!\w)          # and their endings
            """, re.IGNORECASE | re.VERBOSE),
        round_the_clock=_round_the_clock_pattern(language),
        scaled=_scaled_pattern(language),
        century=_century_pattern(language))


class _Text:
    """The text with the values found so far blanked out, so later kinds cannot re-read them.

    Each kind is read in one pass over the remaining text, and the text is rebuilt once per
    pass: reading stays linear however many values a text holds.
    """

    def __init__(self, origin: "_Origin"):
        self.remaining = origin.converted
        self.origin = origin
        self.values: list[Value] = []

    def read(self, pattern: re.Pattern, make) -> None:
        """Take every match for which ``make(match)`` gives (kind, value[, weak])."""
        spans = []
        for match in pattern.finditer(self.remaining):
            made = make(match)
            if made:
                if len(self.values) >= MAX_VALUES:
                    raise TooMuchToRead(f"more than {MAX_VALUES} values in one paragraph, more "
                                        "than any help page holds; split the text")
                kind, value, *weak = made
                start, end = match.span()
                self.values.append(self.origin.value(kind, value, start, end, bool(weak and weak[0])))
                spans.append((start, end))
        self.blank(spans)

    def blank(self, spans) -> None:
        if not spans:
            return
        parts, last = [], 0
        for start, end in spans:
            parts += [self.remaining[last:start], " " * (end - start)]
            last = end
        parts.append(self.remaining[last:])
        self.remaining = "".join(parts)


class _Origin:
    """Maps offsets in the text with number words turned into digits back to the text as
    written, and knows which values came from words."""

    def __init__(self, original: str, converted: str, replaced: list[tuple[int, int, int, int]]):
        self.original, self.converted = original, converted
        self.replaced = replaced  # (converted start, end, original start, end), in order
        self.starts = [item[0] for item in replaced]

    def _locate(self, offset: int, end: bool) -> tuple[int, bool]:
        index = bisect.bisect_right(self.starts, offset - (1 if end else 0)) - 1
        if index < 0:
            return offset, False
        cstart, cend, ostart, oend = self.replaced[index]
        if offset < cend or (end and offset == cend):
            return (oend if end else ostart), True
        return offset - cend + oend, False

    def value(self, kind: str, value: str, start: int, end: int, weak: bool) -> Value:
        ostart, start_words = self._locate(start, False)
        oend, end_words = self._locate(end, True)
        # Number words are also ordinary words ("ein", "Sei", "anden", "beiden"): a value
        # read from words counts only where the other side has it, or a word of its own.
        weak = weak or start_words or end_words
        return Value(kind, value, self.original[ostart:oend], ostart, weak)


def _count_numbers(text: str) -> None:
    if len(_DIGIT_RUN.findall(text)) > 2 * MAX_VALUES:  # "1.000,00" is three runs, one value
        raise TooMuchToRead(f"more than {2 * MAX_VALUES} numbers in one paragraph, more than "
                            "any help page holds; split the text")


def _words_to_digits(text: str, language: str, written: str) -> _Origin:
    """Numbers written as words, as digits ("sette giorni" -> "7 giorni"), with the map back
    to ``written`` (the text as written; ``text`` is it with the values already read blanked)."""
    try:
        starts = _chunk_starts(text)
        # Only pieces with a word of two letters or more can hold a number word.
        converted = "".join(alpha2digit(_fill_gaps(piece, language), language, threshold=0)
                            if _WORD.search(piece) else piece
                            for piece in (text[start:end] for start, end in
                                          zip(starts, [*starts[1:], len(text)])))
    except (ValueError, RuntimeError):  # a language text2num does not know: words stay words
        return _Origin(written, text, [])
    if converted == text:
        return _Origin(written, text, [])
    _count_numbers(converted)
    original_tokens = [m.span() for m in re.finditer(r"\S+", text)]
    converted_tokens = [m.span() for m in re.finditer(r"\S+", converted)]
    replaced, i = [], 0
    for j, (cstart, cend) in enumerate(converted_tokens):
        if i >= len(original_tokens):
            return _Origin(written, text, [])
        ostart, oend = original_tokens[i]
        if text[ostart:oend] == converted[cstart:cend]:
            i += 1
            continue
        following = (converted[slice(*converted_tokens[j + 1])]
                     if j + 1 < len(converted_tokens) else None)
        k = i + 1
        while k < len(original_tokens) and k <= i + 12 and (
                following is None or text[slice(*original_tokens[k])] != following):
            k += 1
        if following is not None and (k >= len(original_tokens) or k > i + 12):
            k = i + 1  # could not tell how many words made the number: map it to one
        replaced.append((cstart, cend, ostart, original_tokens[k - 1][1]))
        i = k
    return _Origin(written, converted, replaced)


@functools.lru_cache(maxsize=None)
def _gap_pattern(language: str) -> re.Pattern | None:
    words = _WORD_GAPS.get(language)
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})(?!\w)", re.IGNORECASE) if words else None


def _fill_gaps(text: str, language: str) -> str:
    """``text`` with the number words text2num misses (_WORD_GAPS) in a form it reads."""
    pattern = _gap_pattern(language)
    return pattern.sub(lambda match: _WORD_GAPS[language][match[0].lower()], text) if pattern else text


def _chunk_starts(text: str) -> list[int]:
    """Where to cut ``text`` into pieces of about _CHUNK characters, at a space."""
    starts, position = [0], 0
    while len(text) - position > _CHUNK:
        cut = text.rfind(" ", position + 1, position + _CHUNK)
        position = cut if cut > position else position + _CHUNK
        starts.append(position)
    return starts


def extract(text: str, language: str, *, ignore_years: bool = False,
            region: str | None = None) -> list[Value]:
    """Every value in ``text`` (written in ``language``), in order of appearance.

    ``region`` is the country whose national format phone numbers without a country code
    are read in (default: the language's likely country). Kinds are read most specific
    first, each blanking what it read: addresses, identifiers, money (before phones, whose
    matcher would read part of "1.687,50 DKK" as a number), phones, percentages,
    durations, times, and last plain numbers. Format characters (zero-width spaces, soft
    hyphens, direction marks) show nothing and are read as nothing: they are findings of
    their own (see hidden.py).
    """
    return list(_extract(without_format(text), language, ignore_years,
                         region or default_region(language)))


@functools.lru_cache(maxsize=65536)  # sites repeat the same sentences on many pages
def _extract(text: str, language: str, ignore_years: bool, region: str | None) -> tuple[Value, ...]:
    _count_numbers(text)
    patterns = _patterns(language)
    # Addresses and identifiers first, on the text as written: "zwei" in an URL stays a word.
    raw = _Text(_Origin(text, text, []))
    raw.read(_URL, lambda m: ("url", normalise_url(m[0].rstrip(".,;:!?"), language)))
    raw.read(_EMAIL, lambda m: ("email", m[0].lower()))
    _phones(raw, region, _INTERNATIONAL_CANDIDATE)
    dates = _dates(language)
    raw.read(dates.pattern, lambda m: _date(m, dates.months))
    raw.read(dates.month,  # "April", or "Januar 2025" with its year
             lambda m: ("month", f"{m['year'] or '-'}-{dates.months[m['name'].lower()]:02d}"))
    # Names such as "COVID-19" come and go between translations (a changed one is found);
    # versions and IP addresses are facts.
    raw.read(_IDENTIFIER, lambda m: None if _is_money(m[0], patterns) or _is_grouped(m[0])
             or _is_clock_range(m)
             else ("identifier", _identifier(m[0]), not re.match(r"v?\d", m[0])))
    if patterns.round_the_clock:
        _round_the_clock(raw, patterns.round_the_clock)
    if patterns.scaled:  # before text2num reads "21 millioner" as 21 and 1000000
        raw.read(patterns.scaled, lambda m: _scaled(m, language))
    raw.read(_WORD_DURATIONS, lambda m: ("duration", _WORD_DURATION_VALUES[m[0].lower()[:4]], True))
    found = _Text(_words_to_digits(raw.remaining, language, written=text))
    if patterns.scaled:  # "two trillion", "dos billones": words text2num reads, scales it does not
        found.read(patterns.scaled, lambda m: _scaled(m, language))
    if patterns.century:  # before ordinals: "15th century" = "XV secolo" = "15. Jahrhundert"
        found.read(patterns.century, _century)
    _money(found, language, patterns)
    _phones(found, region)
    found.read(patterns.percent, lambda m: _amount("percent", m[1], language, "%"))
    found.read(patterns.minutes_seconds,
               lambda m: ("duration", _duration(Decimal(int(m[1]) * 60 + int(m[2])), "second")))
    _clock_ranges(found, patterns)
    found.read(patterns.hour_times, _hour_time)
    found.read(patterns.times, _time)
    _unit_ranges(found, language, patterns)
    found.read(patterns.units, lambda m: _unit(m, language, patterns))
    found.read(patterns.hyphen_units, lambda m: _hyphen_unit(m, patterns))
    # "1st", "2e", "1re": a rank, as often written as a word ("first", "zweite")
    found.read(patterns.ordinal, lambda m: None if _is_unit_word(m, found.origin, language)
               else ("number", str(int(m[1])), True))
    found.read(patterns.number, lambda m: _number(m, language, ignore_years))
    return tuple(sorted(raw.values + found.values, key=lambda value: value.start))


@dataclass(frozen=True)
class _DatePatterns:
    pattern: re.Pattern
    months: dict[str, int]
    month: re.Pattern  # a month's name alone: "im April und Oktober"


@functools.lru_cache(maxsize=None)
def _dates(language: str) -> _DatePatterns:
    """Dates as digits (31.05.2023, 2023-05-31, 05/31/2023 in English) or with CLDR's month
    names in ``language`` ("31. Mai 2023", "May 31, 2023", "31 mai")."""
    locale = Locale.parse(language)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                if len(name.rstrip(".")) >= 3:
                    months[name.lower()] = months[name.lower().rstrip(".")] = number
    names = _alternatives(months)
    slash = r"(?P<m3>\d{1,2})/(?P<d3>\d{1,2})" if language == "en" else r"(?P<d3>\d{1,2})/(?P<m3>\d{1,2})"
    # A day and month without a year ("12/01" for 12 January) where the language writes
    # dates day first with slashes; a two-digit month keeps "24/7" and "1/2" numbers.
    short = locale.date_formats["short"].pattern
    day_month = (r"""
        | (?=\d)(?<![\w.,:/-])(?P<d6>\d{1,2})/(?P<m6>\d{2})  # 12/01
          (?![\w/-]|[.,]\d)""" if short.lower().startswith("d") and "/" in short else "")
    return _DatePatterns(re.compile(rf"""
          (?=\d)(?<![\w.,:/-])(?:
            (?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?P<y1>\d{{4}})    # 31.05.2023
          | (?P<y2>\d{{4}})-(?P<m2>\d{{2}})-(?P<d2>\d{{2}})         # 2023-05-31
          | {slash}/(?P<y3>\d{{4}})                                # 31/05/2023, 5/31/2023 in English
          )(?![\w/-]|[.,]\d)
        | (?=\d)(?<![\w.,:])(?P<d4>\d{{1,2}})                    # 31. Mai, 31st May, 31 de mayo
          (?:\.|st|nd|rd|th|er|º)?[{_SPACE}](?:de[{_SPACE}])?
          (?P<n4>{names})(?:[{_SPACE}](?:de[{_SPACE}])?(?P<y4>\d{{4}}))?(?!\w)  # and its year
        | (?<!\w)(?=[^\W\d_])(?P<n5>{names})[{_SPACE}]           # May 31st, 2023
          (?P<d5>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)
          (?:,?[{_SPACE}](?P<y5>\d{{4}}))?(?![\w.,]\d)
        {day_month}""", re.IGNORECASE | re.VERBOSE), months, _month_names(locale))


# Month names that are also a word in their language ("May I", "May unlock"): a month
# only after one of these words, or before a digit, a dash or punctuation ("in May",
# "May 2024", "(May - October)", "until May.").
_MONTH_WORDS = {"en": {"May": "in|of|since|until|till|from|by|before|after|during|each|every|"
                              "last|next|early|late|mid|through|between|and|or|to"}}


def _month_names(locale: Locale) -> re.Pattern:
    """A month's full name alone, as CLDR writes it or capitalised at a sentence's start:
    lower case "april" in an English text is no month, nor is "Mars" the planet."""
    names = {name for context in ("format", "stand-alone")
             for name in locale.months[context]["wide"].values()}
    forms = {form for name in names for form in (name, name[:1].upper() + name[1:])}
    words = _MONTH_WORDS.get(locale.language, {})
    after = {form: "|".join(rf"(?<=(?<!\w){word}[{_SPACE}])" for word in before.split("|"))
             for form, before in words.items()}
    also_words = "".join(rf"""
        | (?:{after[form]})
          {re.escape(form)}(?![\w-])                # in May, until May
        | {re.escape(form)}                          # May 2024, (May - October), May.
          (?=[{_SPACE}]?[\d–—,.;:)-]|[{_SPACE}]*\Z)"""
                         for form in words)
    initials = re.escape("".join(sorted({form[0] for form in forms})))
    return re.compile(rf"""
        (?=[{initials}])(?<![\w.-])(?P<name>                # fails fast on other letters
          (?:{_alternatives(forms - set(words))})(?![\w-])  # April, avril, aprile: a whole word
          {also_words}
        )(?:[{_SPACE}](?P<year>\d{{4}})(?![\d.,:]))?       # and its year: Januar 2025""",
                      re.VERBOSE)


def _date(match: re.Match, months: dict[str, int]):
    for n in "123456":
        day = match[f"d{n}"]
        if day is None:
            continue
        month = int(match[f"m{n}"]) if n in "1236" else months.get(match[f"n{n}"].lower().rstrip("."))
        year = match[f"y{n}"] if n != "6" else None
        if not month or not 1 <= month <= 12 or not 1 <= int(day) <= 31:
            return None
        return "date", f"{year or '-'}-{month:02d}-{int(day):02d}"
    return None


def _identifier(text: str) -> str:
    """The part of an identifier that carries its digits: "COVID-19-Impfung" and
    "anti-COVID-19" are both "covid-19"."""
    core = re.search(r"[^\W\d_]*[-_]?\d[\w.]*?(?=(?:[-_][^\W\d_]+)*$)", text)
    return (core[0] if core else text).lower()


def _is_clock_range(match: re.Match) -> bool:
    """"9 AM-5 PM", "9 h-17 h", "9 Uhr-17 Uhr": the clock word of a range's first hour,
    then its second, is no name."""
    before = match.string[max(0, match.start() - 2):match.start()]  # never the whole text
    return (re.match(r"(?:[ap]m|h|uhr|uur)-\d", match[0], re.IGNORECASE) is not None
            and re.search(rf"\d[{_SPACE}]?\Z", before) is not None)


def _is_money(text: str, patterns: _Patterns) -> bool:
    """"DKK1,000.00" is an amount in English CLDR's format, not an identifier."""
    glued = re.fullmatch(r"([A-Z]{3})[\d.,]+", text)
    return glued is not None and glued[1] in patterns.currencies


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


def _amount(kind: str, text: str, language: str, suffix: str = ""):
    amount = parse_number(text, language)
    return None if amount is None else (kind, f"{_canonical(amount)}{suffix}")


# A minus sign, or a dash standing for one, written before an amount: "−8,50 €".
_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"


def _signed(text: str, position: int) -> bool:
    """Whether a minus sign stands right before ``position``, after a space, a bracket or
    a colon but no number: "Gutschrift: −8,50 €" is minus 8.50; "5–8 €", "5 – 8 €" are
    ranges."""
    if position < 1 or text[position - 1] not in _MINUS:
        return False
    if position == 1:
        return True
    return (text[position - 2] in f"\t\n(:{_SPACE}"
            and not (position > 2 and text[position - 3].isdigit()))


def _money(found: _Text, language: str, patterns: _Patterns) -> None:
    text, spans = found.remaining, []
    for match in patterns.money.finditer(text):
        start, end = match.span()
        glued = start > 0 and text[start - 1].isalpha()  # only a currency may touch the digits
        after = None if glued else patterns.currency_after.match(text, end)
        # "€ −8,50", "€−8,50": the sign stands between the currency and the amount
        signed = start > 0 and text[start - 1] in _MINUS
        currency_end = start - 1 if signed else start
        previous = text[max(0, currency_end - 2):currency_end].rstrip(_SPACE)[-1:].lower()
        before = (patterns.currency_before.search(text, max(0, currency_end - 24), currency_end)
                  if not after and previous in patterns.currency_ends else None)
        if not after and not before:
            continue
        if after or not signed:  # "−8,50 €", "−€8.50"
            negative = _signed(text, start if after else before.start())
        else:  # "€ −8,50": the currency starts the value
            negative = before.start() == 0 or text[before.start() - 1] in f"\t\n(:{_SPACE}"
        written = after["currency2"] if after else before["currency1"]
        amount = parse_number(match["amount1"], language)
        code = next((patterns.currencies[form] for form in (written, written.lower(),
                     written.lower().rstrip(".")) if form in patterns.currencies), None)
        if amount is None or code is None:
            continue
        start, end = (start, after.end()) if after else (before.start(), end)
        start -= negative and text[start - 1] in _MINUS  # the sign is part of what is shown
        value = f"{'-' * negative}{_canonical(amount)} {code}"
        found.values.append(found.origin.value("money", value, start, end, False))
        spans.append((start, end))
    found.blank(spans)


def _phones(found: _Text, region: str | None, pattern: re.Pattern = _PHONE_CANDIDATE) -> None:
    candidates = list(pattern.finditer(found.remaining))
    if len(candidates) > _MAX_PHONE_CANDIDATES:
        raise TooMuchToRead(f"more than {_MAX_PHONE_CANDIDATES} runs of digits that could be "
                            "phone numbers in one paragraph; split the text")
    spans = []
    for candidate in candidates:
        offset = candidate.start()
        for match in phonenumbers.PhoneNumberMatcher(candidate[0], region,
                                                     leniency=phonenumbers.Leniency.VALID):
            if _TIMES_ONLY.fullmatch(match.raw_string.strip()):
                continue
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            start, end = offset + match.start, offset + match.end
            found.values.append(found.origin.value("phone", e164, start, end, False))
            spans.append((start, end))
        after_decimal = found.remaining[offset - 1:offset] in (",", ".")  # "0,000 000 01"
        if ((not spans or spans[-1][0] < offset) and not after_decimal
                and _is_unknown_phone(candidate[0])):
            digits = re.sub(r"\D", "", candidate[0])
            value = "+" * candidate[0].startswith("+") + digits
            found.values.append(found.origin.value("phone", value, offset, candidate.end(), False))
            spans.append((offset, candidate.end()))
    found.blank(spans)


def _is_unknown_phone(text: str) -> bool:
    digits = sum(character.isdigit() for character in text)
    return (_UNKNOWN_PHONE.fullmatch(text) is not None and 8 <= digits <= _DIGITS
            and not _TIMES_ONLY.fullmatch(text))


def _clock_ranges(found: _Text, patterns: _Patterns) -> None:
    """Both ends of a range of hours that says it is one of times of day: minutes on both
    ends ("09.00 a 17.00 horas"), "h" on both ("9h - 17h"), a clock word after it ("9-17 Uhr",
    "van 9 tot 17 uur") or a start that only times have ("dalle 9 alle 13", "de las 9 a
    las 17"). A range such as "2-3 Tage" is left to the other readings."""
    text, spans = found.remaining, []
    for match in patterns.clock_ranges.finditer(text):
        minutes = match["m1"] and match["m2"]
        started = patterns.range_start.search(text, max(0, match.start() - 16), match.start())
        if minutes and "," in (match["s1"], match["s2"]) and not started:
            continue  # "2,50 - 3,75" are decimals
        # "dalle 9 alle 13", "de las 9 a las 17" are times; "de 2 a 4 horas" are hours
        only_times = started and started[0].split()[-1].lower() not in _GENERIC_STARTS
        word = (match["word"] or "").lower()
        # "9-17h", "9 - 17 uur": the hours of a day ("2-3 uur", "12-24h" are hours)
        day = 10 <= int(match["h2"]) <= 23 and int(match["h1"]) < int(match["h2"])
        # "de 8h30 à 13 heures", "van 8.30 tot 22 uur": one end a time of day, the other
        # with a clock word, both are times
        clock_end = (match["m1"] or match["m2"]) and (word in _CLOCK_WORDS or match["x2"])
        # "9 h - 17 h" written with spaces are hours of a day only by their numbers
        spaced = any(match[x] and match[x][0] != "h" for x in ("x1", "x2"))
        if not (minutes or (match["x1"] and match["x2"] and (day or not spaced))
                or word in ("uhr", "o'clock", "o’clock") or clock_end
                or only_times or day and (match["x2"] or word == "uur") or match["w1"] and word):
            continue
        unit = patterns.unit_after.match(text, match.end())
        if unit and _unit_of(unit[1], patterns) not in (None, "hour"):
            continue  # "von 5–10 Tagen" are days
        # "9-5", "van 9 uur tot 5 uur": a range of whole hours that starts in the morning
        # and ends on a smaller hour ends in the afternoon, as the 12-hour habit says;
        # "22-6 Uhr" is a night, and minutes ("10:00 a 7:30") say a 24-hour clock
        hours = [int(match["h1"]), int(match["h2"])]
        if 0 < hours[1] < hours[0] < 12 and not (match["m1"] or match["m2"]):
            hours[1] += 12
        for end, hour in zip("12", hours):
            start = match.start(f"h{end}")
            stop = max(match.end(group) for group in (f"h{end}", f"m{end}", f"x{end}")
                       if match[group])
            value = f"{hour:02d}:{match[f'm{end}'] or '00'}"
            found.values.append(found.origin.value("time", value, start, stop, False))
            spans.append((start, stop))
    found.blank(spans)


def _hour_time(match: re.Match):
    groups = match.groupdict()
    if groups["ampm"]:  # 10 pm, 9:30 a.m.
        hour = int(groups["hour12"]) % 12 + (12 if groups["ampm"].lower() == "p" else 0)
        return "time", f"{hour:02d}:{groups['minute12'] or '00'}"
    hour = next(groups[name] for name in ("hour", "hour_nl", "hour_da", "hour_h", "hour_w")
                if groups.get(name))
    minute = groups.get("minute_h") or groups.get("minute_w") or "00"
    return "time", f"{int(hour):02d}:{minute}"


def _time(match: re.Match):
    groups = [group for group in match.groups()]
    pairs = [(groups[index], groups[index + 1]) for index in range(0, len(groups), 2)]
    hour, minute = next(pair for pair in pairs if pair[0] is not None)
    return "time", f"{int(hour):02d}:{minute or '00'}"


def _unit(match: re.Match, language: str, patterns: _Patterns):
    amount = parse_number(match[1], language)
    unit = _unit_of(match[2], patterns)
    if amount is None or unit is None:
        return None
    return "duration", _duration(amount, unit)


def _unit_of(word: str, patterns: _Patterns) -> str | None:
    word = " ".join(word.lower().split())
    return patterns.unit_words.get(word) or patterns.unit_words.get(word.rstrip("."))


def _hyphen_unit(match: re.Match, patterns: _Patterns):
    """German compounds: "14-wöchigen", "5-Minuten-Block", "2-Stunden-Fenster"."""
    word = match[2].lower()
    for stem, unit in patterns.unit_words.items():
        if len(stem) >= 3 and word.startswith(stem):
            return "duration", _duration(Decimal(match[1]), unit)
    return None


def _number(match: re.Match, language: str, ignore_years: bool):
    if ignore_years and re.fullmatch(r"(19|20)\d\d", match[1]):
        return None
    return _amount("number", match[1], language)


_GROUPED = re.compile(r"""
    \d{1,3}            # 1, 10, 100
    (?:\.\d{3}){2,4}    # .000.000: two groups of three or more""", re.VERBOSE)


def _is_grouped(text: str) -> bool:
    """"1.000.000" and "10.000.000.000" are numbers with their thousands grouped, not
    versions; four groups each up to 255 without a leading zero stay an IP address."""
    groups = text.split(".")
    if not _GROUPED.fullmatch(text):
        return False
    address = len(groups) == 4 and all(int(group) <= 255 and (group == "0" or group[0] != "0")
                                       for group in groups)
    return not address


def _spaced(phrase: str) -> str:
    """A phrase from the tables above with any space CLDR or a writer puts between words."""
    return phrase.replace("[ ]", f"[{_SPACE}]")


@functools.lru_cache(maxsize=None)
def _round_the_clock_pattern(language: str) -> re.Pattern | None:
    if language not in _ROUND_THE_CLOCK:
        return None
    return re.compile(_spaced(rf"""
        (?=[\dardlpc])(?<![\w.,/])(?:                    # a digit, around, rund, de, las, przez
          (?P<both>24[ ]?[/x×][ ]?7(?:[ ]?/[ ]?365)?)  # 24/7, 24x7, 24/7/365
        | (?P<day>{_ROUND_THE_CLOCK[language]})         # 24 h/24, rund um die Uhr
        | (?P<week>{_DAYS_A_WEEK[language]})            # 7 j/7, los 7 días de la semana
        )(?![\w/])"""), re.IGNORECASE | re.VERBOSE)


def _round_the_clock(raw: _Text, pattern: re.Pattern) -> None:
    """Read "around the clock" (24h) and "N days a week" (Nd/7) as one fact each; they
    are values in words, a count only where the other side says so too."""
    spans = []
    for match in pattern.finditer(raw.remaining):
        start, end = match.span()
        days = re.search(r"\d", match["week"])[0] if match["week"] else "7"
        facts = (["24h"] if not match["week"] else []) + ([f"{days}d/7"] if not match["day"] else [])
        raw.values += [raw.origin.value("always", fact, start, end, True) for fact in facts]
        spans.append((start, end))
    raw.blank(spans)


@functools.lru_cache(maxsize=None)
def _scaled_pattern(language: str) -> re.Pattern | None:
    if language not in _SCALES:
        return None
    return re.compile(_spaced(rf"""
        (?=\d)(?<![\w.,])(?P<number>{_NUMBER})                 # 21, 1,5
        [ ](?P<scale>{_alternatives(_SCALES[language])})(?!\w)   # millioner, biljoen"""),
        re.IGNORECASE | re.VERBOSE)


# A Roman numeral in capitals, well formed (up to 3999): "XV", "XXI", never "IIII".
_ROMAN = r"""(?=[MDCLXVI])
    M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"""
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(-value if value < following else value
               for value, following in zip(values, [*values[1:], 0]))


@functools.lru_cache(maxsize=None)
def _century_pattern(language: str) -> re.Pattern | None:
    """A century by its number, in digits or Roman numerals: only beside the word for a
    century is a capital "I", "V" or "C" a number."""
    words = _WORDS["centuries"].get(language)
    if not words:
        return None
    century = rf"(?:{_alternatives(words)})(?!\w)"
    initials = re.escape("".join(sorted({word[0] for word in words}
                                        | {word[0].upper() for word in words})))
    return re.compile(_spaced(rf"""
        (?=[\dMDCLXVI{initials}])(?<![\w.,])(?:        # fails fast on other characters
          (?:(?P<digits>\d{{1,2}}){_ORDINAL_SUFFIX}?        # 15th, 15., 15e, 15º
            |(?P<roman>{_ROMAN})(?:e|er|ème|\.|º)?)        # XV, XVe, XXI.
          [ ](?i:{century})                               # century, secolo, siècle
        | (?i:{century})[ ](?P<after>{_ROMAN})(?!\w)      # siglo XXI, século XV
        )"""), re.VERBOSE)


def _century(match: re.Match):
    number = int(match["digits"]) if match["digits"] else _roman(match["roman"] or match["after"])
    return ("century", str(number)) if 1 <= number <= 99 else None


def _scaled(match: re.Match, language: str):
    amount = parse_number(match["number"], language)
    if amount is None:
        return None
    exponent = _SCALES[language][" ".join(match["scale"].lower().split())]
    return "number", _canonical(amount.scaleb(exponent))


def _unit_ranges(found: _Text, language: str, patterns: _Patterns) -> None:
    """Both ends of a range carry its unit: "5-10 days", "5 à 10 jours", "5 bis 10 Tage"
    are 5 and 10 days alike."""
    spans = []
    for match in patterns.unit_ranges.finditer(found.remaining):
        unit = _unit_of(match["unit"], patterns)
        ends = [(parse_number(match[end], language), match.start(end), stop)
                for end, stop in (("low", match.end("low")), ("high", match.end()))]
        if unit is None or any(amount is None for amount, _, _ in ends):
            continue
        for amount, start, stop in ends:
            found.values.append(found.origin.value("duration", _duration(amount, unit),
                                                   start, stop, False))
            spans.append((start, stop))
    found.blank(spans)


@functools.lru_cache(maxsize=None)
def _rank_context(language: str) -> tuple[re.Pattern, re.Pattern | None, re.Pattern | None]:
    """(a noun after the word, a "per" before it, an article before it) for _is_unit_word."""
    noun = re.compile(rf"""
        [{_SPACE}]+                             # after a space,
        (?!(?:{_NOT_A_NOUN[language]})(?!\w))   # a word that is no function word
        [^\W\d_]""", re.IGNORECASE | re.VERBOSE)
    per, article = (re.compile(rf"""
        (?<!\w)(?:{words[language]})            # "per", "il", "o"
        [{_SPACE}]*\Z                           # just before the word""", re.IGNORECASE | re.VERBOSE)
        if language in words else None for words in (_UNIT_BEFORE, _ARTICLE_BEFORE))
    return noun, per, article


def _is_unit_word(match: re.Match, origin: _Origin, language: str) -> bool:
    """Whether text2num's "2nd" is "second" (the unit, or Italian and Portuguese "according
    to") rather than the rank: the rank stands before a noun, after an article."""
    start, from_words = origin._locate(match.start(), False)
    word = re.match(r"\w*", origin.original[start:origin._locate(match.end(), True)[0]])[0]
    if not from_words or word.lower() != _SECOND.get(language):
        return False
    end = start + len(word)  # "second." ends before its full stop
    noun, per, article = _rank_context(language)
    before = origin.original[max(0, start - 20):start]
    is_rank = (noun.match(origin.original, end) is not None
               and not (per and per.search(before))
               and (article is None or article.search(before) is not None))
    return not is_rank
