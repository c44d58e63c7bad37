"""Times of day, as HH:MM: "09.00", "9:00", "09:00 Uhr", "9 pm", "ore 17", "9h30", and
both ends of a range of hours ("9-17 Uhr", "dalle 9 alle 13")."""

from __future__ import annotations

import functools
import re

from babel import Locale

from helpsite.drift.durations import Durations, durations
from helpsite.drift.reading import Text
from helpsite.drift.words import SPACE, WORDS, parts

# The 12-hour clock's marker: "pm", "p.m.", Spanish and Portuguese "p. m.", "PM".
_AMPM = rf"(?P<ampm>[ap])(?:\.[{SPACE}]?)?m\.?(?!\w)"


def _after(words: str) -> str:
    """Look-behinds for each of ``words`` (a table's parts) and a space just before: one
    fixed-width look-behind per word ("um ", "a las "); a space in a word is one."""
    escaped = (word.replace(" ", r"\ ") for word in words.split("|") if word)
    return "|".join(rf"(?<=(?<!\w){word}[{SPACE}])" for word in escaped)


class Times:
    """22:00 is always a time; 22.00, 22h00, 22 Uhr, 10 pm only where a clock word says so."""

    def __init__(self, language: str):
        self.durations: Durations = durations(language)
        minutes = self.durations.minute_words
        # 22:00, 22.00, 22h00 and French "22 h 00"; "2 h 30 min" is a duration
        clock = rf"""(?:
            ([01]?\d|2[0-4])(?:[:.]|[{SPACE}]?h[{SPACE}]?)([0-5]\d)  # 22:00, 22h00, 22 h 00
            (?![{SPACE}]?(?:{minutes})(?!\w)))                      # not 2 h 30 min
            """
        separator = "[:.]" if "." in Locale.parse(language).time_formats["short"].pattern else ":"
        before = _after(parts("time_words_before", language))
        after_word = rf"| (?:{before}){clock}(?![\d]|[.,]\d)" if before else ""  # um 22.00
        # Every alternative starts at a digit: the look-ahead fails fast everywhere else.
        self.times = re.compile(rf"""
            (?=\d)(?<!\d)(?:
              (?<![\w.,:])([01]?\d|2[0-4]){separator}([0-5]\d)(?![\d]|[.,]\d)  # 22:00, 22.00 in German
            | (?<![\w.,:]){clock}(?=[{SPACE}]?[–—-][{SPACE}]?\d{{1,2}}[.:h]\d\d)  # a range's start
            | (?:(?<=[–—-])|(?<=[–—-][{SPACE}])){clock}(?![\d]|[.,]\d)      # and its end
            | (?<![\w.,:]){clock}(?=[{SPACE}]?(?:{parts("time_words_after")}))  # 22.00 Uhr
            {after_word}
            | (?<![\w.,:])([01]?\d|2[0-4])[{SPACE}]?h[{SPACE}]?([0-5]\d)(?!\w)  # 22h00
              (?![{SPACE}]?(?:{minutes})(?!\w))
            )""", re.IGNORECASE | re.VERBOSE)
        # A bare hour, or one with minutes after a comma ("ore 17", "dalle 18,30", "à 9h"),
        # right after a word that makes it a time of day.
        hour_words = _after(parts("hour_words_before", language))
        h_words = _after(parts("h_words_before", language))
        hour_after_word = (rf"""
            | (?:{h_words})(?P<hour_h>[01]?\d|2[0-4])      # à 9h, dès 8h30, à 10 h 30
                [{SPACE}]?h(?:[{SPACE}]?(?P<minute_h>[0-5]\d))?(?!\w)
            """ if h_words else "") + (rf"""
            | (?:{hour_words})(?P<hour_w>[01]?\d|2[0-4])   # ore 17, dalle 18,30, a las 9
                (?:[:.,](?P<minute_w>[0-5]\d)(?![\d]|[.,]\d)  # with minutes: a time
                  |(?![\d:.,]\d|\d)                          # a bare hour, but not
                   (?![{SPACE}]?(?!(?:{parts("after_hour")})\b)[^\W\d_]{{2}}))  # "alle 3 domande"
            """ if hour_words else "")
        self.hours = re.compile(rf"""
            (?=\d)(?<!\d)(?:
              (?<![\w.,:])(?P<hour12>1[0-2]|0?\d)        # 10 pm, 9:30 a.m., 5.15pm,
                (?:[:.](?P<minute12>[0-5]\d))?[{SPACE}]?{_AMPM}  # 5:00 p. m., 1:30 PM
            | (?<![\w.,:])(?P<hour>[01]?\d|2[0-4])        # 17 Uhr, 5 o'clock
                [{SPACE}](?:uhr|o['’]clock)(?!\w)
            | (?:(?<=\bom[{SPACE}])|(?<=\btot[{SPACE}])   # om 17 uur, van 9 uur
                |(?<=\bvan[{SPACE}])|(?<=\bvanaf[{SPACE}]))
                (?P<hour_nl>[01]?\d|2[0-4])[{SPACE}]uur(?!\w)
            | (?:(?<=\bkl\.[{SPACE}])|(?<=\bkl[{SPACE}]))  # Danish kl. 17
                (?P<hour_da>[01]?\d|2[0-4])(?![\w.:,]\d|\d)
            {hour_after_word}
            )""", re.IGNORECASE | re.VERBOSE)
        self.ranges = re.compile(rf"""
            (?=\d)(?<![\w.,:])
            (?P<h1>[01]?\d|2[0-4])                                    # 9, 9.00, 9h30, 16,30,
              (?:(?P<s1>[:.,]|[{SPACE}]?h[{SPACE}]?)(?P<m1>[0-5]\d))?  # 8 h 00
            (?P<x1>[{SPACE}]?h(?!\w))?                               # French 9h, 9 h
            (?:[{SPACE}]?(?P<w1>uhr|uur)(?!\w))?                      # 9 Uhr-17 Uhr
            (?:[{SPACE}]*[–—-][{SPACE}]*                              # a dash, or the
              |[{SPACE}]+(?:{parts("range_join", language, "to")})[{SPACE}]+)  # language's "to"
            (?P<h2>[01]?\d|2[0-4])(?:(?P<s2>[:.,]|[{SPACE}]?h[{SPACE}]?)(?P<m2>[0-5]\d))?
            (?P<x2>[{SPACE}]?h(?!\w))?
            (?![\d]|[.,]\d)
            (?![{SPACE}]?{_AMPM})                                   # "9:00 a 5:00 p. m." is 17:00
            (?:[{SPACE}]?(?P<word>uhr|uur|o['’]clock|horas|heures|ore|timer)(?!\w))?  # o'clock, hours
            """, re.IGNORECASE | re.VERBOSE)
        self.range_start = re.compile(
            rf"(?<!\w)(?:{parts('range_start', language, 'from')})[{SPACE}]+\Z", re.IGNORECASE)

    def read(self, found: Text) -> None:
        self.read_ranges(found)
        found.read(self.hours, _hour)
        found.read(self.times, _time)

    def read_ranges(self, found: Text) -> None:
        """Both ends of a range of hours that says it is one of times of day: minutes on
        both ends ("09.00 a 17.00 horas"), "h" on both ("9h - 17h"), a clock word after it
        ("9-17 Uhr", "van 9 tot 17 uur") or a start that only times have ("dalle 9 alle 13",
        "de las 9 a las 17"). A range such as "2-3 Tage" is left to the other readings."""
        text, spans = found.remaining, []
        for match in self.ranges.finditer(text):
            minutes = match["m1"] and match["m2"]
            started = self.range_start.search(text, max(0, match.start() - 16), match.start())
            if minutes and "," in (match["s1"], match["s2"]) and not started:
                continue  # "2,50 - 3,75" are decimals
            # "dalle 9 alle 13", "de las 9 a las 17" are times; "de 2 a 4 horas" are hours
            only_times = started and started[0].split()[-1].lower() not in WORDS["generic_starts"]
            word = (match["word"] or "").lower()
            # "9-17h", "9 - 17 uur": the hours of a day ("2-3 uur", "12-24h" are hours)
            day = 10 <= int(match["h2"]) <= 23 and int(match["h1"]) < int(match["h2"])
            # "de 8h30 à 13 heures", "van 8.30 tot 22 uur": one end a time of day, the other
            # with a clock word, both are times
            clock_end = (match["m1"] or match["m2"]) and (word in WORDS["clock_words"]
                                                          or match["x2"])
            # "9 h - 17 h" written with spaces are hours of a day only by their numbers
            spaced = any(match[x] and match[x][0] != "h" for x in ("x1", "x2"))
            if not (minutes or (match["x1"] and match["x2"] and (day or not spaced))
                    or word in ("uhr", "o'clock", "o’clock") or clock_end
                    or only_times or day and (match["x2"] or word == "uur") or match["w1"] and word):
                continue
            unit = self.durations.unit_after.match(text, match.end())
            if unit and self.durations.unit_of(unit[1]) not in (None, "hour"):
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
                found.add("time", f"{hour:02d}:{match[f'm{end}'] or '00'}", start, stop)
                spans.append((start, stop))
        found.blank(spans)


@functools.lru_cache(maxsize=None)
def times(language: str) -> Times:
    return Times(language)


def _hour(match: re.Match):
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
