"""Time expressions: find the dates and times in a text and normalise them to TimeML values.

Every expression is read against the document's publication date (TimeML's DCT), keeps its granularity (a month
stays a month, a week an ISO week) and says whether it needed that date (`relative`) and whether it is
approximate (`vague`). Without a publication date, absolute expressions still resolve, and expressions that need
the date are skipped, except the undated references PRESENT_REF, PAST_REF and FUTURE_REF, which need no date.

The patterns live in one table, factcheck/data/temporal.yaml (compiled, `RULES`): each rule is a name, a regex
written with named fragments ({MONTH}, {YEAR4}) and the name of a resolver in `RESOLVERS`. The table order is the
priority order: the first rule that matches at a position and whose resolver accepts the match wins. The rules
are compiled into one combined regex, tried only where a prefilter (`_STARTS`) finds a word that can open a time
expression, so the text is read in a couple of passes however many rules there are.

Conventions follow the TimeML annotation of TimeBank and AQUAINT: "the 1990s" is 199, "the 20th century" 19,
"summer of 2017" 2017-SU, "the third quarter" 1989-Q3, "last week" the ISO week before the publication date's,
"the weekend" 2018-W16-WE, "Friday night" 1998-08-07TNI, "now" PRESENT_REF, "recently" PAST_REF, "the then
current price" PAST_REF, "the future" and "the near term" FUTURE_REF, "year-end" 1989-12-31 but "by year's end"
1989 (as "the end of the year"). Modifiers keep the base value and set `vague` ("early 2018" is 2018). Durations
("the past 10 years", "the past week", "three days") are not dates and are skipped, as are "soon" and
"previously", which TimeBank leaves untagged more often than not.

How the publication date is used:
  * a weekday is the nearest one on or before it, or after it when the sentence speaks of the future;
  * the tense comes from the verbs around the expression: a plan in the past perfect ("had been scheduled to
    expire Friday") is past; a day after "effective", or after "until" or "through" that follows a verb of delay
    ("postponed until Tuesday", "extended through January"), is still to come; "according to" beside a date
    does not make it the day of a report, as "said Tuesday" does;
  * a date without a year ("Jan. 14", "in February", "the summer") is the nearest one when it lies within about
    four months of it, else the one the tense points to (the past by default); after "since", always the past;
  * a month without a year takes a year named earlier in its sentence ("last year ... in September-October");
  * "last February" is never last month: said in March it is the February of the year before;
  * "a year earlier", "a year ago", "the year-ago quarter", "last year's quarter" and "the same period last
    year" beside a quarter just named mean that quarter, a year back (1988-Q3), as financial reports do;
    otherwise the year before the publication date. "The 1988 quarter" and "the 1989 period" name the quarter
    just named, in that year.

No date-parsing library is used: dateparser reads "may" and "we" as dates and has no notion of "last month"
against a reference date, and the readings above need the sentence around the expression anyway.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from factcheck.models import TimeMention, TimePrecision
from factcheck.vocabulary import TemporalTable, package_table

__all__ = ["RULES", "Rule", "find_times"]

Date = dt.date

# ---------------------------------------------------------------- lexicon

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter runs into the next year
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


# ---------------------------------------------------------------- values and their bounds


class _Hit(NamedTuple):
    """A resolved expression before it becomes a TimeMention: its span, value and how it was read."""

    start: int
    end: int
    value: str
    precision: TimePrecision
    vague: bool = False
    relative: bool = False
    anchor: bool = True  # whether later anaphora ("the quarter", "a year earlier") may refer to it


def _last_day_of_month(year: int, month: int) -> Date:
    """The last day of a month (month 13 is January of the next year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = Date(year + 1, 1, 1) if month == 12 else Date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def _first_of_month(year: int, month: int) -> Date:
    """The first day of a month, with months past 12 rolling into the next year."""
    return Date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


_BOUNDS_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[Date, Date]]], ...] = (
    (re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?"),
     lambda m: (Date(*map(int, m.groups()[:3])),) * 2),
    (re.compile(r"(\d{4})-(\d\d)"),
     lambda m: (Date(int(m[1]), int(m[2]), 1), _last_day_of_month(int(m[1]), int(m[2])))),
    (re.compile(r"(\d{4})-W(\d\d)-WE"),
     lambda m: (Date.fromisocalendar(int(m[1]), int(m[2]), 6), Date.fromisocalendar(int(m[1]), int(m[2]), 7))),
    (re.compile(r"(\d{4})-W(\d\d)"),
     lambda m: (Date.fromisocalendar(int(m[1]), int(m[2]), 1), Date.fromisocalendar(int(m[1]), int(m[2]), 7))),
    (re.compile(r"(\d{4})-Q([1-4])"),
     lambda m: (Date(int(m[1]), 3 * int(m[2]) - 2, 1), _last_day_of_month(int(m[1]), 3 * int(m[2])))),
    (re.compile(r"(\d{4})-H([12])"),
     lambda m: (Date(int(m[1]), 6 * int(m[2]) - 5, 1), _last_day_of_month(int(m[1]), 6 * int(m[2])))),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"),
     lambda m: (_first_of_month(int(m[1]), _SEASON_MONTHS[m[2]][0]),
                _last_day_of_month(int(m[1]), _SEASON_MONTHS[m[2]][1]))),
    (re.compile(r"(\d{4})"), lambda m: (Date(int(m[1]), 1, 1), Date(int(m[1]), 12, 31))),
    (re.compile(r"(\d{3})"), lambda m: (Date(max(1, int(m[1]) * 10), 1, 1), Date(int(m[1]) * 10 + 9, 12, 31))),
    (re.compile(r"(\d{2})"), lambda m: (Date(max(1, int(m[1]) * 100), 1, 1), Date(int(m[1]) * 100 + 99, 12, 31))),
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _bounds(value: str) -> tuple[Date | None, Date | None]:
    """The first and last day a TimeML value covers; (None, None) for PAST_REF and the like."""
    for pattern, bounds in _BOUNDS_PATTERNS:
        m = pattern.fullmatch(value)
        if m:
            try:
                return bounds(m)
            except (ValueError, OverflowError):  # a week 53 the year does not have, a year past 9999
                return None, None
    return None, None


def _week(day: Date) -> str:
    """The ISO week holding a day, as a TimeML value."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter(day: Date) -> tuple[int, int]:
    """The (year, quarter) holding a day."""
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    """A quarter moved by `by` quarters."""
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """A month moved by `by` months."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> Date:
    """The n-th given weekday of a month; n = -1 is the last."""
    if n < 0:
        last = _last_day_of_month(year, month)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = Date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> Date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    return Date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


_HOLIDAYS: dict[str, Callable[[int], Date]] = {
    "christmas eve": lambda y: Date(y, 12, 24),
    "christmas": lambda y: Date(y, 12, 25),
    "new year's eve": lambda y: Date(y, 12, 31),
    "new year's": lambda y: Date(y, 1, 1),
    "halloween": lambda y: Date(y, 10, 31),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
}


# ---------------------------------------------------------------- reading words


def _number(words: str) -> float | None:
    """A small cardinal written in digits or words ("two", "twenty-five", "a", "half a"); None if vague."""
    words = re.sub(r"[\s-]+", " ", words.lower()).strip()
    if words.isdigit():
        return int(words)
    fixed = {"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "half a": 0.5}
    if words in fixed:
        return fixed[words]
    parts = words.split()
    if parts and all(p in _UNITS or p in _TENS for p in parts):
        return sum(_UNITS.get(p, 0) + _TENS.get(p, 0) for p in parts)
    return None


def _ordinal(words: str) -> int | None:
    """An ordinal in digits or words: "3rd", "third", "twenty-first"."""
    words = re.sub(r"[\s-]+", " ", words.lower()).strip()
    digits = re.match(r"\d+", words)
    if digits:
        return int(digits.group())
    parts = words.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ORDINALS:
        return _TENS[parts[0]] + _ORDINALS[parts[1]]
    return _ORDINALS.get(words)


def _year(words: str) -> int | None:
    """A year written in digits ("2018") or spoken ("nineteen ninety-six", "two thousand and one")."""
    words = re.sub(r"[\s-]+", " ", words.lower()).replace(" and ", " ").strip()
    if words.isdigit():
        return int(words)
    parts = words.split()
    if parts[:2] == ["two", "thousand"]:
        return 2000 + (int(_number(" ".join(parts[2:])) or 0) if parts[2:] else 0)
    if parts and parts[0] in ("nineteen", "eighteen", "twenty"):
        century = _UNITS.get(parts[0]) or _TENS[parts[0]]
        rest = [p for p in parts[1:] if p != "oh"]
        if rest == ["hundred"]:
            return century * 100
        tail = _number(" ".join(rest))
        return century * 100 + int(tail) if tail is not None else None
    return None


def _words(text: str | None) -> str:
    """Lowercased, with single spaces: "Last  Week" -> "last week" ("" for None)."""
    return " ".join(text.lower().split()) if text else ""


def _month(name: str) -> int:
    """The month number of a month name or abbreviation."""
    return _MONTHS[name.lower().rstrip(".")]


def _weekday(name: str) -> int:
    """The weekday number (Monday 0) of a weekday name or abbreviation."""
    return _WEEKDAYS[name.lower().rstrip(".")]


def _day(words: str) -> int | None:
    """The day of a month, written "7", "7th" or "seventh"."""
    return _ordinal(words)


# ---------------------------------------------------------------- the document being read

# Where a sentence ends: end punctuation, optional closing quotes, then space; or a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘`(\[]*[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt st sen rep gov prof jr sr co corp inc ltd no vs gens maj capt sgt adm cmdr rev "
    "u.s u.n u.k a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)
_REPORTING = (
    r"said|says|say|told|tells|announced|reported|added|stated|confirmed|noted|according|quoted|cited|declared|"
    r"insisted|explained|wrote|claimed|saying|telling|adding|announcing|revealed|disclosed|acknowledged|denied"
)
_FUTURE = (
    r"will|won't|wo|'ll|’ll|shall|going\s+to|gonna|scheduled|schedule|expected|expects?|plans?\s+to|planning|"
    r"planned\s+to|intends?|intended|upcoming|next(?!\s+to\b)|would|might|(?-i:may)|due|set\s+to|hopes?\s+to|"
    r"aims?\s+to|is\s+to|are\s+to|tomorrow|coming|forthcoming|ahead|soon|to\s+be\s+held"
)
# Past tense: auxiliaries, irregular verbs, and (checked below) regular verbs in -ed.
_PAST = (
    r"was|were|had|did|has|have|ago|last|earlier|since|recently|yesterday|arose|ate|awoke|became|began|bore|"
    r"bought|brought|broke|built|came|caught|chose|dealt|drew|drove|fell|felt|fled|flew|fought|forgot|found|"
    r"froze|gave|got|grew|heard|held|hid|hung|kept|knew|laid|led|left|lost|made|meant|met|paid|ran|rang|rose|"
    r"sang|sank|sat|saw|shook|shot|slid|sold|sought|spent|spoke|stole|stood|struck|swore|swept|took|taught|"
    r"thought|threw|told|tore|went|withdrew|won|wore|wrote|"
    r"\w{2,}ed"
)
# A past participle after "be", "been" or "being" takes its tense from the auxiliary ("will be named").
_PASSIVE = re.compile(r"\b(?:be|been|being|(is|are|am))\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "had" or "had been" right before a future cue puts the plan, and mostly its day, in the past.
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?$", re.IGNORECASE)
# Verbs that move an event to a later day ("postponed until", "extended through").
_DEFERRAL = re.compile(
    r"\b(?:postpon|delay|defer|extend|adjourn|put\s+off|push(?:ed)?\s+back|reschedul)\w*\b[^.;!?]*$", re.IGNORECASE
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|its|his|her|their|our|these|those)\s+(?:(?:still|yet|as|so|very|\w+ly)\s+)?$",
    re.IGNORECASE,
)
_AUXILIARIES = frozenset("was were had did has have ago last earlier since recently yesterday".split())
_CUES = re.compile(rf"\b(?:(?P<rep>{_REPORTING})|(?P<fut>{_FUTURE})|(?P<past>{_PAST}))\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w'’.-]+)[\s,]*$")
_WORD_AFTER = re.compile(r"^[\s,]*([\w'’-]+)")
_PREPOSITIONS = frozenset(
    "in on since by until till through from to during before after of last this next early late mid between and "
    "or for around about throughout that at".split()
)
_NEAR_DAYS = 120  # a yearless date this close to the publication date is the nearest one
_NEAR_AGAINST_TENSE = 75  # ... and this close when the tense points the other way ("ruled it must go by Jan. 14")
_SURELY_PAST = -2  # what `tense` says after "since": past, however near the future date
_ANCHOR_SENTENCES = 2  # how far back "that year", "a year earlier" and bare clock times may look for their anchor


class _Doc:
    """The text being read, its publication date, and what has been read so far (for anaphora)."""

    def __init__(self, text: str, dct: Date | None) -> None:
        self.text = text
        self.dct = dct
        self._sentence_starts: list[int] | None = None
        self._cue_cache: dict[int, list[tuple[int, int, int]]] = {}
        self.last_day: tuple[int, Date] | None = None  # (sentence, day) of the last day-precise mention
        self.last_year: tuple[int, int] | None = None  # (sentence, year) of the last mention with a year
        self.last_quarter: tuple[int, int, int] | None = None  # (sentence, year, quarter) of the last quarter
        self.last_month: tuple[int, int, int] | None = None  # (sentence, year, month) of the last month or day
        self.sentence_year: tuple[int, int, bool] | None = None  # (sentence, year, relative) of a year named

    # -- sentences

    def sentence_index(self, pos: int) -> int:
        """The index of the sentence holding a position."""
        if self._sentence_starts is None:
            starts = [0]
            for m in _SENTENCE_END.finditer(self.text):
                word = _WORD_BEFORE.search(self.text, max(0, m.start() - 12), m.start() + 1)
                if m.group().startswith(".") and word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                    continue
                starts.append(m.end())
            self._sentence_starts = starts
        return bisect.bisect_right(self._sentence_starts, pos) - 1

    def sentence(self, pos: int) -> tuple[int, int]:
        """The start and end of the sentence holding a position."""
        index = self.sentence_index(pos)
        starts = self._sentence_starts or [0]
        return starts[index], starts[index + 1] if index + 1 < len(starts) else len(self.text)

    def word_before(self, pos: int) -> str:
        """The word just before a position, lowercased ("" at the start)."""
        m = _WORD_BEFORE.search(self.text, max(0, pos - 30), pos)
        return m.group(1).lower() if m else ""

    def word_after(self, pos: int) -> str:
        """The word just after a position, as written ("" at the end)."""
        m = _WORD_AFTER.search(self.text[pos : pos + 30])
        return m.group(1) if m else ""

    def tense(self, start: int, end: int) -> int:
        """Whether the sentence around a mention speaks of the past (-1), the future (+1), or does not say (0);
        `_SURELY_PAST` after "since".

        The nearest tense cue before the mention decides (English puts the verb first: "will visit in April"),
        else the nearest after it. A reporting verb right next to the mention ("said Tuesday") makes it past;
        reporting verbs elsewhere are ignored, as they date the report rather than the event.
        """
        word = self.word_before(start)
        if word == "since":
            return _SURELY_PAST  # "since March", "since year-end": whatever the verb, that time has passed
        if word == "effective":
            return 1  # "effective Feb. 1": a change announced ahead of the day it takes effect
        if word in ("until", "till", "through", "to") and _DEFERRAL.search(self.text, max(0, start - 90), start):
            return 1  # "postponed until Tuesday", "extended the loans through January": a day still to come
        before: tuple[int, int] | None = None
        after: tuple[int, int] | None = None
        for cue_start, cue_end, kind in self._cues(start):
            if start <= cue_start < end:
                continue
            is_before = cue_end <= start
            gap = start - cue_end if is_before else cue_start - end
            if kind == 0:  # a reporting verb
                # "said Tuesday", "Tuesday, officials said"; but "Tuesday, according to" dates the event, not a report
                if gap <= 4 and not self.text.startswith("according", cue_start):
                    return -1
                continue
            if is_before:
                before = (gap, kind)
            elif after is None:
                after = (gap, kind)
        if before and (after is None or before[0] <= 3 * after[0] + 10):
            return before[1]
        return after[1] if after else 0

    def _cues(self, pos: int) -> list[tuple[int, int, int]]:
        """The tense cues of the sentence holding a position: (start, end, kind), kind 0 for a reporting verb,
        -1 for the past and +1 for the future; read once per sentence."""
        index = self.sentence_index(pos)
        if index in self._cue_cache:
            return self._cue_cache[index]
        s0, s1 = self.sentence(pos)
        text = self.text
        cues = []
        for m in _CUES.finditer(text, s0, s1):
            word = m.group()
            kind = 0 if m.group("rep") else 1 if m.group("fut") else -1
            if kind > 0 and _PLUPERFECT.search(text, max(s0, m.start() - 12), m.start()):
                kind = -1  # "had been scheduled to expire Friday", "had planned to": a plan of the past
            elif kind < 0 and word.lower() not in _AUXILIARIES:
                if word[0].isupper() and word.endswith("ed"):
                    continue  # "United", "Limited": names, not verbs
                if word.endswith("ed") and _DETERMINER_BEFORE.search(text, max(s0, m.start() - 24), m.start()):
                    continue  # "a still unspecified date", "the proposed merger": adjectives, not verbs
                passive = _PASSIVE.search(text, max(s0, m.start() - 20), m.start())
                if passive:
                    # "will be named": the auxiliary carries the tense; "the case is heard in May": a plan.
                    if not passive.group(1):
                        continue
                    kind = 1
            cues.append((m.start(), m.end(), kind))
        self._cue_cache[index] = cues
        return cues

    # -- what has been read

    def note(self, hit: _Hit) -> None:
        """Remember a mention as a possible anchor for later ones."""
        value = hit.value
        if len(value) < 4 or not value[:4].isdigit():
            return  # PAST_REF and the like, decades and centuries anchor nothing
        sentence = self.sentence_index(hit.start)
        year = int(value[:4])
        self.last_year = (sentence, year)
        if hit.precision == "year":
            self.sentence_year = (sentence, year, hit.relative)
        elif hit.precision in ("day", "time"):
            self.last_day = (sentence, Date(year, int(value[5:7]), int(value[8:10])))
            self.last_month = (sentence, year, int(value[5:7]))
        elif hit.precision == "month":
            self.last_month = (sentence, year, int(value[5:7]))
        elif hit.precision == "quarter" and hit.anchor:
            quarter = int(value[6])
            # A report compares results of a quarter that has ended; "expects fourth-quarter profit" is no anchor.
            if self.dct is None or _last_day_of_month(year, 3 * quarter) < self.dct:
                self.last_quarter = (sentence, year, quarter)

    def year_for(self, pos: int, explicit: int | None) -> tuple[int | None, bool]:
        """The year of an expression: its own, else one named earlier in its sentence ("last year ... in
        September"), else None; and whether that year needed the publication date."""
        if explicit is not None:
            return explicit, False
        if self.sentence_year and self.sentence_year[0] == self.sentence_index(pos):
            return self.sentence_year[1], self.sentence_year[2]
        return None, True

    def anchor_year(self, pos: int) -> int | None:
        """The year of a recent mention ("that year"), if one is near enough to be the one meant."""
        if self.last_year and self.sentence_index(pos) - self.last_year[0] <= _ANCHOR_SENTENCES:
            return self.last_year[1]
        return None


def _choose_year(bounds: Callable[[int], tuple[Date, Date]], dct: Date, direction: int) -> int:
    """The year of a yearless date ("Jan. 14", "in February", "the summer"), read against `dct`.

    The nearest one, when it lies close to `dct` (a deadline next month, a visit last month): within
    `_NEAR_DAYS`, or `_NEAR_AGAINST_TENSE` days when it lies on the side the tense argues against. Further
    away, the tense decides: the latest one begun by `dct` for the past (and by default), the earliest one
    not yet over for the future.
    """
    y = dct.year
    candidates = (y - 1, y, y + 1)

    def offset(c: int) -> int:
        start, end = bounds(c)
        return (start + (end - start) / 2 - dct).days

    nearest = min(candidates, key=lambda c: abs(offset(c)))
    side = (offset(nearest) > 0) - (offset(nearest) < 0)
    limit = _NEAR_AGAINST_TENSE if direction and side and side != (direction > 0) - (direction < 0) else _NEAR_DAYS
    if abs(offset(nearest)) <= limit and direction != _SURELY_PAST:
        return nearest
    if direction > 0:
        return next(c for c in (y - 1, y, y + 1, y + 2) if bounds(c)[1] >= dct)
    return next(c for c in (y + 1, y, y - 1, y - 2) if bounds(c)[0] <= dct)


def _weekday_near(dct: Date, weekday: int, direction: int, strict: bool = False) -> Date:
    """The given weekday on or before `dct` (after it, for the future); `strict` excludes `dct` itself."""
    if direction > 0:
        delta = (weekday - dct.weekday()) % 7 or (7 if strict else 0)
        return dct + dt.timedelta(days=delta)
    delta = (dct.weekday() - weekday) % 7 or (7 if strict else 0)
    return dct - dt.timedelta(days=delta)


# ---------------------------------------------------------------- resolvers

Resolver = Callable[[re.Match[str], _Doc], list[_Hit] | None]


def _g(m: re.Match[str], *names: str) -> str | None:
    """The first of some named groups that took part in the match (alternatives of a rule use different names)."""
    for name in names:
        if name in m.re.groupindex and m.group(name) is not None:
            return m.group(name)
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without trailing spaces, commas or possessive 's."""
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    if text[end - 2 : end] in ("'s", "’s") and end - 2 > start:
        end -= 2
    return start, end


def _hit(m: re.Match[str], value: str, precision: TimePrecision, *, vague: bool = False,
         relative: bool = False, span: tuple[int, int] | None = None, anchor: bool = True) -> list[_Hit]:
    """One hit over the match (or over `span`)."""
    start, end = _trim(m.string, *(span or m.span()))
    return [_Hit(start, end, value, precision, vague, relative, anchor)]


def _vague(m: re.Match[str]) -> bool:
    """Whether a modifier ("early", "the end of") or an approximation ("around") makes the expression vague."""
    approx = _g(m, "approx")
    if approx:
        return approx.lower() not in ("just", "only")
    return _g(m, "mod", "pre") is not None


def _explicit_year(doc: _Doc, year: str | None = None, yy: str | None = None, relyear: str | None = None,
                   ) -> int | None:
    """The year an expression names itself ("2018", "nineteen ninety-six", "'98", "this year"), if any."""
    if year:
        return _year(year)
    if yy:
        base = doc.dct.year if doc.dct else 2000
        found = base // 100 * 100 + int(yy)
        return found - 100 if found > base + 10 else found
    if relyear and doc.dct:
        return doc.dct.year + {"this": 0, "last": -1, "next": 1}[relyear.lower()]
    return None


def _month_day(doc: _Doc, span: tuple[int, int], month: int, day: int | None, year: int | None,
               weekday: int | None = None) -> tuple[Date, bool] | None:
    """The date of a month and day; a missing year comes from the sentence, the weekday, or the tense."""
    if not day or day > _last_day_of_month(2000, month).day:
        return None
    # A year named earlier in the sentence is not borrowed here: "approved in 1987 ... bought through Sept. 29".
    relative = year is None
    if year is None:
        if doc.dct is None:
            return None
        if weekday is not None:  # "Friday, Oct. 23": the nearest year where that date is a Friday
            fits = [y for y in range(doc.dct.year - 1, doc.dct.year + 2)
                    if _valid(y, month, day) and Date(y, month, day).weekday() == weekday]
            if fits:
                year = min(fits, key=lambda y: abs((Date(y, month, day) - doc.dct).days))  # type: ignore[operator]
        if year is None:
            year = _choose_year(lambda y: (_safe_date(y, month, day),) * 2, doc.dct, doc.tense(*span))
    if not _valid(year, month, day):
        return None
    return Date(year, month, day), relative


def _valid(year: int, month: int, day: int) -> bool:
    """Whether a year, month and day make a date."""
    try:
        Date(year, month, day)
    except ValueError:
        return False
    return True


def _safe_date(year: int, month: int, day: int) -> Date:
    """A date, with 29 February read as 28 February in common years (only to compare years)."""
    return Date(year, month, min(day, _last_day_of_month(year, month).day))


def _resolve_iso(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    if not _valid(int(m["y"]), int(m["m"]), int(m["d"])):
        return None
    day = Date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m["hh"]:
        return _hit(m, f"{day.isoformat()}T{m['hh']}:{m['mm']}", "time")
    return _hit(m, day.isoformat(), "day")


def _resolve_numeric(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    if m["sep1"] != m["sep2"]:
        return None
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        year += 1900 if year > 50 else 2000
    # Only what cannot be misread: one part above 12 says which is the day (or both parts are equal).
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:
        return None
    if not _valid(year, month, day):
        return None
    return _hit(m, Date(year, month, day).isoformat(), "day")


def _week_of(year: int, month: int, nth: str) -> str:
    """The ISO week meant by "the first/second/last week of" a month: the one holding that Thursday.

    A week belongs to the month that holds most of its days, the rule ISO 8601 uses for the first week of a
    year; so the first week of October 2017 is W40 (2-8 October), not W39 (25 September-1 October).
    """
    n = -1 if nth.lower() in ("last", "final") else _ordinal(nth) or 1
    return _week(_nth_weekday(year, month, 3, n))


def _resolve_week_of_month(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    month = _month(_g(m, "month", "month2", "month3") or "")
    year, relative = doc.year_for(m.start(), _explicit_year(doc, _g(m, "year")))
    if year is None:
        if doc.dct is None:
            return None
        year = _choose_year(lambda y: (Date(y, month, 1), _last_day_of_month(y, month)), doc.dct,
                            doc.tense(*m.span()))
    day = _g(m, "day")
    if day:
        number = _day(day)
        if not number or not _valid(year, month, number):
            return None
        return _hit(m, _week(Date(year, month, number)), "week", relative=relative)
    return _hit(m, _week_of(year, month, _g(m, "nth", "nth2") or "first"), "week", relative=relative)


def _resolve_time(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    noon = _g(m, "noon")
    has_day = _g(m, "wd", "rel", "month") is not None
    if noon:
        if not has_day and doc.word_before(m.start()) not in (
                "at", "by", "until", "till", "before", "after", "around", "about", "from", "since", "past", "to"):
            return None  # "high noon", "the midnight sun"
        hour, minute = (24, 0) if noon.lower() == "midnight" else (12, 0)
    else:
        number = _number(_g(m, "h", "h2", "h3") or "")
        hour, minute = int(number or 0), int(_g(m, "min") or 0)
        ampm = (_g(m, "ampm") or "").lower()
        part = (_g(m, "part") or "").lower()
        if hour > 12 or hour < 1 or minute > 59:
            return None
        if (ampm.startswith("p") or part in ("afternoon", "evening")) and hour < 12:
            hour += 12
        elif (ampm.startswith("a") or part == "morning") and hour == 12:
            hour = 0
        if re.search(r"[\d$£€#/.:,-]\s?$", m.string[max(0, m.start() - 2) : m.start()]):
            return None  # part of a longer number, a price or a score
    relative = True
    wd, rel, month = _g(m, "wd"), _g(m, "rel"), _g(m, "month")
    if month:
        found = _month_day(doc, m.span(), _month(month), _day(m["day"] or ""), _explicit_year(doc, _g(m, "year")))
        if not found:
            return None
        day, relative = found
    elif doc.dct is None:
        return None
    elif wd:
        day = _weekday_near(doc.dct, _weekday(wd), doc.tense(*m.span()))
    elif rel:
        day = doc.dct + dt.timedelta(days={"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[rel.lower()])
    else:  # a bare clock time belongs to the last day the text named, else to the publication date
        day = doc.last_day[1] if doc.last_day else doc.dct
    start = m.start("approx") if m["approx"] else m.start()  # "at about 10 a.m." without its "at"
    return _hit(m, f"{day.isoformat()}T{hour:02d}:{minute:02d}", "time", vague=_vague(m), relative=relative,
                span=(start, m.end()))


def _resolve_month_day(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    wd = _g(m, "wd")
    year = _explicit_year(doc, _g(m, "year"), _g(m, "yy"), _g(m, "relyear"))
    found = _month_day(doc, m.span(), _month(m["month"]), _day(m["day"]), year, _weekday(wd) if wd else None)
    if not found:
        return None
    day, relative = found
    day2 = _g(m, "day2")
    if not day2:
        return _hit(m, day.isoformat(), "day", relative=relative)
    # "Jan. 10-12": one mention for each end, in the same month.
    end_day = int(day2)
    if not day.day < end_day <= _last_day_of_month(day.year, day.month).day:
        return None
    first = _trim(m.string, m.start(), m.end("day"))
    second = _trim(m.string, m.start("day2"), m.end())
    return [_Hit(*first, day.isoformat(), "day", False, relative),
            _Hit(*second, day.replace(day=end_day).isoformat(), "day", False, relative)]


def _resolve_day_month(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    if re.search(r"[\d$£€#.,]\s?$", m.string[max(0, m.start() - 2) : m.start()]):
        return None  # "1.5 May" is not a date
    wd = _g(m, "wd")
    year = _explicit_year(doc, _g(m, "year"))
    found = _month_day(doc, m.span(), _month(m["month"]), _day(m["day"]), year, _weekday(wd) if wd else None)
    if not found:
        return None
    return _hit(m, found[0].isoformat(), "day", relative=found[1])


def _resolve_month_year(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    year = _explicit_year(doc, _g(m, "year"), _g(m, "yy"), _g(m, "relyear"))
    if year is None:
        return None
    return _hit(m, f"{year:04d}-{_month(m['month']):02d}", "month", vague=_vague(m),
                relative=_g(m, "relyear") is not None)


def _month_allowed(m: re.Match[str], doc: _Doc, group: str = "month") -> bool:
    """Whether a bare month name is a month: "May" and "March" need a preposition or a modifier before them."""
    if _g(m, "mod", "rel"):
        return True
    name = m[group]
    before = doc.word_before(m.start())
    if name.lower() in ("may", "march"):
        return before in _PREPOSITIONS and before not in ("to", "and", "or", "that", "of")
    after = doc.word_after(m.end())
    # A capitalised word right after a bare month is usually a name ("April Glaspie", "August Wilson").
    return before in _PREPOSITIONS or not (after[:1].isupper() and not after.isupper())


def _month_year_of(doc: _Doc, span: tuple[int, int], month: int, rel: str) -> tuple[int, bool] | None:
    """The year of a yearless month: named earlier in the sentence, implied by last/next, or from the tense."""
    year, relative = doc.year_for(span[0], None)
    if year is not None and not rel:
        return year, relative
    if doc.dct is None:
        return None
    dct = doc.dct

    def bounds(y: int) -> tuple[Date, Date]:
        return Date(y, month, 1), _last_day_of_month(y, month)

    if rel in ("last", "past", "this past"):
        # The latest one before this month, but "last February" said in March is not last month (the writer
        # would have said "last month"): it is the February of the year before.
        previous = _shift_month(dct.year, dct.month, -1)
        return next(y for y in (dct.year, dct.year - 1)
                    if (y, month) < (dct.year, dct.month) and ((y, month) != previous or y != dct.year)), True
    if rel in ("next", "coming", "this coming"):
        return next(y for y in (dct.year, dct.year + 1) if bounds(y)[0] > dct), True
    if rel == "this":
        return dct.year, True
    return _choose_year(bounds, dct, doc.tense(*span)), True


def _resolve_month(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    if not _month_allowed(m, doc):
        return None
    month = _month(m["month"])
    found = _month_year_of(doc, m.span(), month, _words(_g(m, "rel")))
    if not found:
        return None
    return _hit(m, f"{found[0]:04d}-{month:02d}", "month", vague=_vague(m), relative=found[1])


def _resolve_month_range(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "September-October", "May and June 2017": two mentions, in the year given, the sentence's, or the tense's."""
    if not _month_allowed(m, doc, "m1"):
        return None
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    year = _explicit_year(doc, _g(m, "year"))
    relative = False
    if year is None:
        found = _month_year_of(doc, m.span(), m1, "")
        if not found:
            return None
        year, relative = found
        year1, year2 = year, year + (m2 < m1)
    else:
        year1, year2 = year - (m2 < m1), year  # "December-January 2018" begins in 2017
    first = _trim(m.string, m.start(), m.end("m1"))
    second = _trim(m.string, m.start("m2"), m.end())
    return [_Hit(*first, f"{year1:04d}-{m1:02d}", "month", _vague(m), relative),
            _Hit(*second, f"{year2:04d}-{m2:02d}", "month", False, relative)]


def _resolve_year_range(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "2009-2010" and "1992-93": one mention for each year."""
    if not _year_allowed(doc, m.span("y1"), plain=True, ranged=True):
        return None
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if not y1 < y2 <= y1 + 30:
        return None
    return [_Hit(*m.span("y1"), f"{y1:04d}", "year"), _Hit(*m.span("y2"), f"{y2:04d}", "year")]


# Words after a number that make it a count ("2000 troops"), unless a year is asked for ("in 1998 elections").
_COUNT_AFTER = re.compile(r"\s+(?:[a-z]+s|people|men|women|children|km|kg|feet|yen|sq|square|per|more|fewer|of)\b")
# ... and the nouns that make it a count even then ("up to 1999 pages"), unless "the" asks for a year.
_COUNT_NOUN = re.compile(
    r"[\s-]+(?:pages?|people|persons|men|women|children|troops|soldiers|workers|jobs|employees|members|votes|"
    r"deaths|casualties|refugees|students|words|miles|kilometers|kilometres|km|kg|tons|tonnes|feet|metres|meters|"
    r"acres|hectares|dollars|rupees|euros|pounds|yen|shares|barrels|units|cars|homes|houses|copies|calories|"
    r"points|times|rounds|signatures|hours|minutes|seconds)\b"
)
_YEAR_CONTEXT = frozenset(
    "in since by until till through from to during before after of early late mid between and or year "
    "fiscal circa around the than".split()
)
_COUNT_BEFORE = frozenset(
    "about some nearly almost over than only least just approximately roughly all those these no no. number "
    "page pages rs rs. flight room route highway model version phase aged age ages code tu su boeing "
    "airbus b".split()
)


def _year_allowed(doc: _Doc, span: tuple[int, int], plain: bool, ranged: bool = False) -> bool:
    """Whether a four-digit number is a year, not a count, a price, a code or part of a name ("Druzhba-2016").

    Args:
        ranged: the number opens a range ("2009-2010"), so a dash and a number may follow it.
    """
    start, end = span
    text = doc.text
    before = text[max(0, start - 5) : start]
    after = text[end : end + 14] if not ranged else ""
    if re.search(r"(?:[A-Za-z]-|\d[-–]\s?|[\w$£€#/:.+]|\d[\s,])$", before) and not re.search(
            r"(?i:\b(?:mid|pre|post))-$", before):
        return False
    if re.match(r"\s*(?:%|percent|per\s*cent|pc\b|[-–]\s*\d|[.,]\d|\s*(?:[ap]\.?m\b|hours?\b|hrs\b|GMT|GW|MW))",
                after):
        return False
    word = doc.word_before(start)
    if word in _COUNT_BEFORE:
        return False
    year = int(text[start:end])
    if doc.dct and year > doc.dct.year + 50:
        return False
    if plain and _COUNT_NOUN.match(after) and word != "the":
        return False
    if plain and _COUNT_AFTER.match(after) and word not in _YEAR_CONTEXT:
        return False
    # Below 1800 a bare number is more often a count; it is a year only after a word that asks for one.
    return not (plain and year < 1800 and word not in _YEAR_CONTEXT)


def _resolve_year(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    plain = _g(m, "mod", "the", "fiscal") is None
    if m["yy"]:
        if doc.word_before(m.start()) not in ("in", "since", "of", "by", "until", "from", "class") and plain:
            return None
        year = _explicit_year(doc, yy=m["yy"])
    elif m["year"].isdigit():
        if not _year_allowed(doc, m.span("year"), plain):
            return None
        year = int(m["year"])
    else:
        year = _year(m["year"])
        # "two thousand" alone is a count; as a year it wants "the year", "in", "since" and the like.
        if year is None or (year == 2000 and plain and doc.word_before(m.start()) not in ("in", "since", "until")):
            return None
    if year is None:
        return None
    if m["period"] and doc.last_quarter and year in (doc.last_quarter[1], doc.last_quarter[1] - 1):
        # "the 1988 period" beside a quarter of 1989: the same quarter, a year back; "the 1989 period": that quarter
        return _hit(m, f"{year:04d}-Q{doc.last_quarter[2]}", "quarter", anchor=False)
    return _hit(m, f"{year:04d}", "year", vague=_vague(m))


def _resolve_decade(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    before = doc.text[max(0, m.start() - 40) : m.start()].lower()
    if not m["cent"] and re.search(r"\b(?:his|her|their|my|your|our|its|whose)\s+$", before):
        return None  # an age: "in his 30s", "in her late twenties"
    if m["dig3"] and not m["the"]:
        return None  # a bare "90s" is as often a temperature or a score
    if m["cent"]:
        value = int(m["cent"]) * 10 + int(m["dig"])
    else:
        digit = int(m["dig2"] or m["dig3"] or _DECADE_WORDS[(m["word"] or "").lower()])
        base = doc.dct.year if doc.dct else 2000
        value = base // 100 * 10 + digit
        if value * 10 > base:  # "the '90s" is the latest nineties that has begun
            value -= 10
    return _hit(m, f"{value:03d}", "decade", vague=_vague(m), relative=not m["cent"])


def _resolve_century(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    n = _ordinal(m["ord"])
    if not n or n > 21:
        return None
    return _hit(m, f"{n - 1:02d}", "century", vague=_vague(m))


def _resolve_season(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    code = _SEASONS[m["season"].lower()]
    rel = _words(m["rel"])
    explicit = _explicit_year(doc, m["year"], relyear=m["relyear"])
    if explicit is None and not (rel or m["mod"]):
        if not m["the"] and doc.word_before(m.start()) not in (
                "in", "during", "by", "until", "since", "through", "over", "throughout", "this", "last", "next"):
            return None  # "prices fall", "spring water"
        after = m.string[m.end() : m.end() + 30]
        if re.match(r"\s+(?:of|in)\s+(?!\d)", after) or re.match(r"\s+(?-i:[A-Z])", after):
            return None  # "the fall of Kabul", "the fall in prices", "the Winter Olympics"
    first, last = _SEASON_MONTHS[code]

    def bounds(y: int) -> tuple[Date, Date]:
        return _first_of_month(y, first), _last_day_of_month(y, last)

    named, relative = doc.year_for(m.start(), explicit)
    if named is not None and (explicit is not None or not rel):
        year = named
        relative = relative or m["relyear"] is not None
    elif doc.dct is None:
        return None
    else:
        relative = True
        dct = doc.dct
        current = next(y for y in (dct.year, dct.year - 1) if bounds(y)[0] <= dct)  # the latest one begun
        if rel in ("last", "past", "this past"):
            year = current if bounds(current)[1] < dct else current - 1
        elif rel in ("next", "coming", "this coming"):
            year = current + 1
        elif rel == "this":
            year = current if bounds(current)[1] >= dct or current + 1 > dct.year else current + 1
        else:
            year = _choose_year(bounds, dct, doc.tense(*m.span()))
    return _hit(m, f"{year:04d}-{code}", "season", vague=_vague(m), relative=relative)


def _quarter_number(word: str) -> int | None:
    """1-4 from "first" ... "fourth", "1st" ... "4th", and "final"."""
    if word.lower() == "final":
        return 4
    n = _ordinal(word)
    return n if n and 1 <= n <= 4 else None


def _reference_quarter(doc: _Doc) -> tuple[int, int] | None:
    """The quarter a financial report is about: the last one named, else the last one ended before the DCT."""
    if doc.last_quarter:
        return doc.last_quarter[1], doc.last_quarter[2]
    if doc.dct is None:
        return None
    return _shift_quarter(*_quarter(doc.dct), -1)


def _resolve_quarter(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "the third quarter", "third-quarter", "Q3 2017", "the quarter", "the year-ago quarter", "last quarter"."""
    if m["qn"]:  # Q3, Q3 2017
        year = int(m["qyear"]) if m["qyear"] else (doc.dct.year if doc.dct else None)
        if year is None:
            return None
        return _hit(m, f"{year:04d}-Q{m['qn']}", "quarter", relative=not m["qyear"])
    if m["ago"] or m["sunit"]:
        # "the year-ago quarter", "the year-earlier third quarter", "last year's quarter", "the same period last year"
        ref = _reference_quarter(doc)
        if (m["aunit"] or m["sunit"]).lower() == "period" and not doc.last_quarter:
            return _hit(m, f"{doc.dct.year - 1:04d}", "year", relative=True) if doc.dct else None
        if ref is None:
            return None
        quarter = _quarter_number(m["aq"]) if m["aq"] else ref[1]
        return _hit(m, f"{ref[0] - 1:04d}-Q{quarter}", "quarter", relative=True, anchor=False)
    if m["oq"]:  # "the third quarter", "third-quarter", "the 1988 second quarter", "the fourth quarter of 2017"
        quarter = _quarter_number(m["oq"])
        if quarter is None:
            return None
        year = _explicit_year(doc, m["oyear"] or m["oyear2"], relyear=m["orel"])
        relative = year is None
        if year is None:
            if doc.dct is None:
                return None
            # The quarter of that number that has begun by the publication date: reports look back.
            year = doc.dct.year if _quarter(doc.dct)[1] >= quarter else doc.dct.year - 1
        return _hit(m, f"{year:04d}-Q{quarter}", "quarter", relative=relative)
    # "the quarter", "the latest quarter", "this quarter", "last quarter", "the latest period"
    which = (m["which"] or "").lower()
    unit = m["wunit"].lower()
    after = m.string[m.end() : m.end() + 14]
    if re.match(r"\s+of\s+(?!\d|fiscal|this|last|next)|[-\s]+(?:point|percent|mile|hour|century|final)", after):
        return None  # "the quarter of the population", "a quarter-point", "the quarter final"
    if unit == "period" and (which not in ("latest", "current", "same", "")
                             or not (doc.last_quarter or which == "latest")):
        return None  # "the period" means a quarter only in a report that has named one; "the latest period" always
    if doc.dct is None:
        return None
    if which in ("last", "previous", "prior", "preceding"):
        if m["det"]:
            return None  # "the last quarter" of what? left alone
        year, quarter = _shift_quarter(*_quarter(doc.dct), -1)
    elif which in ("this", "current"):
        year, quarter = _quarter(doc.dct)
    elif which == "next":
        year, quarter = _shift_quarter(*_quarter(doc.dct), 1)
    else:
        if not m["det"]:
            return None
        year, quarter = _reference_quarter(doc) or (0, 0)
    return _hit(m, f"{year:04d}-Q{quarter}", "quarter", relative=True)


def _resolve_half(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """Halves of a year: "the first half of 2018", "the second half of this year", "first-half profit"."""
    half = 1 if m["h"].lower() in ("first", "1st") else 2
    year = _explicit_year(doc, m["year"], relyear=m["relyear"])
    if year is None and not m["ofyear"]:
        # Without a year, only a hyphenated "first-half" before a figure is a half year; "the second half" of
        # a match or of a speech is not.
        if "-" not in m.group() or doc.word_after(m.end()).lower() not in (
                "profit", "profits", "earnings", "results", "sales", "revenue", "revenues", "loss", "losses",
                "net", "income", "growth", "output"):
            return None
    year, relative = doc.year_for(m.start(), year)
    if year is None:
        if doc.dct is None:
            return None
        year = doc.dct.year
    return _hit(m, f"{year:04d}-H{half}", "half", relative=relative or m["relyear"] is not None)


def _resolve_holiday(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    name = _words(m["name"]).replace("’", "'")
    if name != "election day":
        name = re.sub(r" (?:day|sunday)$", "", name)
    holiday = _HOLIDAYS[name]
    year, relative = doc.year_for(m.start(), _explicit_year(doc, m["year"]))
    if year is None:
        if doc.dct is None:
            return None
        rel = (m["rel"] or "").lower()
        direction = -1 if rel == "last" else 1 if rel == "next" else doc.tense(*m.span())
        year = _choose_year(lambda y: (holiday(y), holiday(y)), doc.dct, direction)
    day = holiday(year)
    if m["week"]:
        return _hit(m, _week(day), "week", relative=relative)
    return _hit(m, day.isoformat(), "day", relative=relative)


_UNIT_YEARS = {"year": 1, "decade": 10, "century": 100}


def _resolve_ago(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "two years ago", "around five years back", "a year earlier", "three weeks from now", "year-ago"."""
    if m["unit2"]:
        unit, n, direction = "year", 1.0, m["dir2"].lower()
    else:
        unit = m["unit"].lower().rstrip("s").replace("centurie", "century")
        n, direction = _number(m["n"]), _words(m["dir"])
    if not m["unit2"] and doc.word_before(m.start()) in ("the", "for", "last", "past", "within"):
        return None  # "for two years before", "the past two years": durations
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    anaphoric = direction in ("earlier", "later", "before", "after")
    if n is None:  # "a few years ago", "several months back": only the side of now is known
        return _hit(m, "PAST_REF", "ref", vague=True, relative=True) if direction in ("ago", "back") else None
    near_quarter = doc.last_quarter and doc.sentence_index(m.start()) - doc.last_quarter[0] <= _ANCHOR_SENTENCES
    if unit == "year" and n == 1 and near_quarter and direction in ("ago", "earlier", "before"):
        # Financial reports compare a quarter with the same quarter a year before: "up 5% from a year earlier".
        return _hit(m, f"{doc.last_quarter[1] - 1:04d}-Q{doc.last_quarter[2]}", "quarter", relative=True,
                    anchor=False)
    vague = _vague(m)
    if anaphoric:
        if unit not in _UNIT_YEARS:
            return None  # "three days later" is a duration in TimeML, and its anchor is seldom sure
        base = None if m["unit2"] or (n == 1 and unit == "year") else doc.anchor_year(m.start())
        if base is None:
            if doc.dct is None or direction not in ("earlier", "before"):
                return None
            base = doc.dct.year
        years = _UNIT_YEARS[unit] * n
        return _hit(m, f"{int(base + sign * years):04d}", "year", vague=vague or years != int(years), relative=True)
    if doc.dct is None:
        return None
    dct = doc.dct
    if unit == "day":
        return _hit(m, (dct + dt.timedelta(days=sign * n)).isoformat(), "day", vague=vague, relative=True)
    if unit == "week":
        return _hit(m, _week(dct + dt.timedelta(weeks=sign * n)), "week", vague=vague, relative=True)
    if unit == "month":
        year, month = _shift_month(dct.year, dct.month, int(sign * n))
        return _hit(m, f"{year:04d}-{month:02d}", "month", vague=vague or n != int(n), relative=True)
    years = _UNIT_YEARS[unit] * n
    if years != int(years):  # "half a year ago": the year of the month it points at
        year, _ = _shift_month(dct.year, dct.month, int(sign * years * 12))
        return _hit(m, f"{year:04d}", "year", vague=True, relative=True)
    return _hit(m, f"{dct.year + sign * int(years):04d}", "year", vague=vague, relative=True)


_SHIFTS = {"last": -1, "past": -1, "this past": -1, "previous": -1, "this": 0, "current": 0, "the current": 0,
           "next": 1, "coming": 1, "the coming": 1, "this coming": 1, "the": 0, "over the": 0}


def _resolve_relative(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "last month", "this week", "next year", "earlier this month", "the weekend", "the current year"."""
    rel = _words(m["rel"] or m["the"])
    unit = _words(m["unit"])
    if m["unit"][0].isupper() and not m["unit"].isupper():
        return None  # "This Week", "Next Year": a title, not a time
    if rel in ("last", "past") and doc.word_before(m.start()) in ("the", "over", "for", "within", "during"):
        return None  # "the last year", "over the past week": durations
    if rel in ("past", "coming") and unit != "weekend":
        return None  # "past year" without "last": a duration more often than not
    if doc.dct is None:
        return None
    dct = doc.dct
    shift = _SHIFTS[rel]
    vague = _vague(m)
    if unit == "weekend":
        if rel in ("the", "over the", "this"):  # the one just past, or the coming one if the sentence looks ahead
            shift = 0 if dct.weekday() >= 5 else (1 if doc.tense(*m.span()) > 0 or rel == "this" else -1)
            if shift == 1:
                shift = 0  # the coming weekend belongs to the same ISO week as a weekday
        elif shift < 0 and dct.weekday() >= 5:
            shift = -1
        day = dct + dt.timedelta(weeks=shift) if shift >= 0 or dct.weekday() >= 5 else (
            dct - dt.timedelta(days=dct.weekday() + 1))
        return _hit(m, _week(day) + "-WE", "week", vague=vague, relative=True, span=_weekend_span(m))
    if unit == "week":
        return _hit(m, _week(dct + dt.timedelta(weeks=shift)), "week", vague=vague, relative=True)
    if unit == "month":
        year, month = _shift_month(dct.year, dct.month, shift)
        return _hit(m, f"{year:04d}-{month:02d}", "month", vague=vague, relative=True)
    if unit == "quarter":
        year, quarter = _shift_quarter(*_quarter(dct), shift)
        return _hit(m, f"{year:04d}-Q{quarter}", "quarter", vague=vague, relative=True)
    if unit == "decade":
        return _hit(m, f"{dct.year // 10 + shift:03d}", "decade", vague=vague, relative=True)
    if unit == "century":
        return _hit(m, f"{dct.year // 100 + shift:02d}", "century", vague=vague, relative=True)
    return _hit(m, f"{dct.year + shift:04d}", "year", vague=vague, relative=True)


def _weekend_span(m: re.Match[str]) -> tuple[int, int]:
    """ "over the weekend" without its "over"."""
    start = m.start()
    if (m["the"] or "").lower().startswith("over"):
        start = m.start("the") + m["the"].lower().index("the")
    return start, m.end()


def _resolve_the_year(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "the year", "the full year", "the current fiscal year", "earlier in the year": this year; "year-end":
    its last day (the one to come, or the one past after "since"); "year's end", "year end": like "the end of the
    year", the year itself, vague."""
    if doc.dct is None:
        return None
    if m["end"]:
        year = _choose_year(lambda y: (Date(y, 12, 31),) * 2, doc.dct, doc.tense(*m.span()))
        if "-" not in m["end"]:  # "by year's end", "at year end": the end of the year, read as that year
            return _hit(m, f"{year:04d}", "year", vague=True, relative=True)
        return _hit(m, f"{year:04d}-12-31", "day", vague=_vague(m), relative=True)
    # "the latest fiscal year" is the last one closed; the others are the year of publication.
    year = doc.dct.year - 1 if "latest" in (m["which"] or "").lower() else doc.dct.year
    return _hit(m, f"{year:04d}", "year", vague=_vague(m), relative=True)


_ANAPHORIC_SHIFTS = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}


def _resolve_anaphoric(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "that year", "the following year", "later that year", "that day", "the next day": from a recent mention."""
    unit = m["unit"].lower()
    shift = _ANAPHORIC_SHIFTS.get(m["which"].split()[-1].lower(), 0)
    if unit == "year":
        year = doc.anchor_year(m.start())
        if year is None:
            return None
        return _hit(m, f"{year + shift:04d}", "year", vague=_vague(m), relative=True)
    if unit == "month" and doc.last_month and doc.sentence_index(m.start()) - doc.last_month[0] <= _ANCHOR_SENTENCES:
        year, month = _shift_month(doc.last_month[1], doc.last_month[2], shift)  # "in March ... the following month"
        return _hit(m, f"{year:04d}-{month:02d}", "month", relative=True)
    if doc.last_day is None or doc.sentence_index(m.start()) - doc.last_day[0] > _ANCHOR_SENTENCES:
        return None
    day = doc.last_day[1]
    if unit == "day":
        return _hit(m, (day + dt.timedelta(days=shift)).isoformat(), "day", relative=True)
    if unit == "week":
        return _hit(m, _week(day + dt.timedelta(weeks=shift)), "week", relative=True)
    year, month = _shift_month(day.year, day.month, shift)
    return _hit(m, f"{year:04d}-{month:02d}", "month", relative=True)


_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1, "this": 0,
                  "the day before yesterday": -2, "the day after tomorrow": 2}


def _resolve_relative_day(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "yesterday", "today", "tomorrow", "tonight", "last night", "this morning", "the day before yesterday"."""
    if doc.dct is None:
        return None
    word = _words(m["rel"])
    day = doc.dct + dt.timedelta(days=_RELATIVE_DAYS[word])
    part = {"last night": "night", "tonight": "tonight"}.get(word, (m["part"] or "").lower())
    if part:
        return _hit(m, f"{day.isoformat()}T{_PARTS_OF_DAY[part]}", "time", vague=_vague(m), relative=True)
    return _hit(m, day.isoformat(), "day", vague=_vague(m), relative=True)


def _resolve_weekday(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "Tuesday", "last Friday", "next Monday", "Friday morning", "early Tuesday", "the previous Friday"."""
    if doc.dct is None:
        return None
    wd = _weekday(m["wd"])
    rel = _words(m["rel"])
    if rel in ("last", "this past"):
        day = _weekday_near(doc.dct, wd, -1, strict=True)
    elif rel in ("next", "this coming", "coming"):
        day = _weekday_near(doc.dct, wd, 1, strict=True)
    elif rel in ("the previous", "the following"):
        base = doc.last_day[1] if doc.last_day else doc.dct
        day = _weekday_near(base, wd, -1 if rel == "the previous" else 1, strict=True)
    elif re.match(r"['’]s\b", m.string[m.end("wd") : m.end("wd") + 3]):
        day = _weekday_near(doc.dct, wd, -1)  # "Wednesday's ruling": an event already reported
    else:
        day = _weekday_near(doc.dct, wd, doc.tense(*m.span()))
    part = (m["part"] or "").lower()
    if part:
        return _hit(m, f"{day.isoformat()}T{_PARTS_OF_DAY[part]}", "time", vague=_vague(m), relative=True)
    return _hit(m, day.isoformat(), "day", vague=_vague(m), relative=True)


_DURATION_AFTER = re.compile(
    r"\s+(?:\d|few|several|many|couple|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|"
    r"hundred|decade|century|centuries|week|month|year|day|hour|quarter|weekend|summer|winter|spring|fall|autumn|"
    r"season|generation|half)",
    re.IGNORECASE,
)
_REF_VALUES = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}


def _resolve_reference(m: re.Match[str], doc: _Doc) -> list[_Hit] | None:
    """ "now", "currently" (PRESENT_REF); "recently", "in the past" (PAST_REF); "the future", "soon" (FUTURE_REF)."""
    kind = next(k for k in ("present", "past", "future") if m[k])
    word = _words(m[kind])
    after = m.string[m.end() : m.end() + 24]
    if word in ("the past", "past", "in the past") and _DURATION_AFTER.match(after):
        return None  # "the past 10 years", "the past week": durations
    if word == "past" and doc.word_before(m.start()) != "in":
        return None  # "past" alone is an adjective ("past mistakes"), except in "in past"
    then = re.search(r"\bthen[\s-]+$", m.string[max(0, m.start() - 8) : m.start()], re.IGNORECASE)
    if word == "current" and then:  # "the then current price": current at a time now past
        return _hit(m, "PAST_REF", "ref", vague=True, relative=True, span=(m.start() - len(then.group()), m.end()))
    return _hit(m, _REF_VALUES[kind], "ref", vague=kind != "present", relative=True)


# ---------------------------------------------------------------- the table


class Rule(NamedTuple):
    """One pattern of the table: its name, its regex (matched case-insensitively) and the resolver of a match."""

    name: str
    pattern: str
    resolve: Resolver


# The resolvers a rule of temporal.yaml may name: the Python that turns a match into a TimeML value.
RESOLVERS: dict[str, Resolver] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "week_of_month": _resolve_week_of_month,
    "time": _resolve_time,
    "month_day": _resolve_month_day,
    "day_month": _resolve_day_month,
    "month_range": _resolve_month_range,
    "month_year": _resolve_month_year,
    "quarter": _resolve_quarter,
    "half": _resolve_half,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "holiday": _resolve_holiday,
    "year_range": _resolve_year_range,
    "year": _resolve_year,
    "ago": _resolve_ago,
    "relative": _resolve_relative,
    "the_year": _resolve_the_year,
    "anaphoric": _resolve_anaphoric,
    "relative_day": _resolve_relative_day,
    "weekday": _resolve_weekday,
    "month": _resolve_month,
    "reference": _resolve_reference,
}


def _strip_names(pattern: str) -> str:
    """A pattern with its named groups made anonymous, so that many patterns can share one regex."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_FLAGS = re.IGNORECASE


def _with_groups(pattern: str, groups: set[str]) -> str:
    """A project's pattern with every group its resolver reads: those it lacks are there, and never match."""
    missing = sorted(groups - set(re.compile(pattern, _FLAGS).groupindex))
    return pattern + "(?:(?!)" + "".join(f"(?P<{g}>)" for g in missing) + ")?" if missing else pattern


@dataclass(frozen=True)
class TimeRules:
    """A temporal table compiled: its rules, each rule's regex, and all of them in one regex."""

    rules: tuple[Rule, ...]
    compiled: tuple[re.Pattern[str], ...]
    # One pass over the text: each rule is one alternative, tried only where a word begins.
    combined: re.Pattern[str]
    # Where a match may begin (see _STARTS).
    starts: re.Pattern[str]


def compile_temporal(table: TemporalTable) -> TimeRules:
    """A temporal table compiled (once per table)."""
    return table.compiled("temporal", lambda: _compile_rules(table))


def _compile_rules(table: TemporalTable, package: bool = False) -> TimeRules:
    reads = {} if package else package_table("temporal").resolvers()
    rules = tuple(
        Rule(r.name, _with_groups(table.expand(r.pattern), reads.get(r.resolver, set())), RESOLVERS[r.resolver])
        for r in table.rules
    )
    combined = re.compile(
        r"(?<![\w'’-])(?:" + "|".join(f"(?P<r{i}>{_strip_names(rule.pattern)})" for i, rule in enumerate(rules)) + ")",
        _FLAGS,
    )
    # The prefilter knows the words that open the package's rules; a project's own rules are looked for as well.
    known = set() if package else {rule.pattern for rule in _PACKAGE.rules}
    extra = [_strip_names(rule.pattern) for rule in rules if not package and rule.pattern not in known]
    starts = _STARTS if not extra else re.compile(
        _STARTS.pattern + r"|(?<![\w'’-])(?=" + "|".join(f"(?:{p})" for p in extra) + ")", _FLAGS
    )
    return TimeRules(rules, tuple(re.compile(rule.pattern, _FLAGS) for rule in rules), combined, starts)


def _trie(words: set[str]) -> str:
    """A regex matching exactly the given words, written as a trie, so the engine tries one branch per letter."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(tree)


# Where a match may begin: a digit, a month or weekday, or a word that opens some rule. Trying the combined regex
# only there, rather than at every word, is what makes the scan fast; `tests/test_temporal.py` checks on real
# text that it loses nothing. Common words (the, a, in ...) count only before another opening word.
_OPENERS = (
    "early late mid earlier later middle beginning turn first second third fourth final latter last next this "
    "past coming previous current currently latest preceding quarter period week weekend year years fiscal "
    "calendar financial fy half few several many couple dozen noon midnight midday yesterday today tonight "
    "tomorrow now nowadays recently lately recent future christmas halloween thanksgiving easter election spring "
    "summer fall autumn winter twenties thirties forties fifties sixties seventies eighties nineties hundred "
    "thousand shortly approximately roughly nearly almost barely around about over under following prior same "
    "that century decade month months day days full entire near short corresponding comparable"
)
_FILLERS = "the a an more less some just only most new good right these end start close"
_FOLLOWERS = "of than least"  # may follow a common word ("the end of", "more than", "at least") but open nothing
_OPENING = _trie({*_OPENERS.split(), *_UNITS, *_TENS, *_ORDINALS, *_MONTHS, *_WEEKDAYS})
_FILLER = _trie(set(_FILLERS.split()))
_NEXT = _trie({*_OPENERS.split(), *_UNITS, *_TENS, *_ORDINALS, *_MONTHS, *_WEEKDAYS, *_FILLERS.split(),
               *_FOLLOWERS.split()})
_STARTS = re.compile(
    rf"(?<![\w'’-])(?:\d|['’]\d|(?-i:Q[1-4])|{_OPENING}\b"
    rf"|{_FILLER}(?=\s+(?:{_NEXT}\b|\d|['’]\d))"
    rf"|in(?=\s+(?:the\s+)?(?:past|future)\b)|at(?=\s+(?:present|about|around|least|noon|midnight|midday|\d)))",
    re.IGNORECASE,
)
# Every word start: the reference the prefilter is tested against.
_EVERY_WORD = re.compile(r"(?<![\w'’-])[\w'’]")

_PACKAGE: TimeRules = package_table("temporal").compiled(
    "temporal", lambda: _compile_rules(package_table("temporal"), package=True)
)
# The package's table (factcheck/data/temporal.yaml), in priority order.
RULES: tuple[Rule, ...] = _PACKAGE.rules


def find_times(text: str, published: Date | None, *, rules: TemporalTable | None = None) -> list[TimeMention]:
    """Every date and time expression in `text`, normalised against the publication date, sorted by start.

    Args:
        published: the document's publication date; with None, only expressions that need no date are kept.
        rules: the temporal table (a project's, merged); the package's by default.
    """
    table = _PACKAGE if rules is None else compile_temporal(rules)
    return _scan(text, published, table.starts, table)


def _scan(
    text: str, published: Date | None, starts: re.Pattern[str], table: TimeRules | None = None
) -> list[TimeMention]:
    """Try the rules at each position `starts` finds, left to right, keeping the first reading accepted."""
    table = table or _PACKAGE
    rules, compiled = table.rules, table.compiled
    doc = _Doc(text, published)
    mentions: list[TimeMention] = []
    pos = 0
    for candidate in starts.finditer(text):
        start = candidate.start()
        if start < pos:
            continue
        m = table.combined.match(text, start)
        if m is None:
            continue
        hits: list[_Hit] | None = None
        # The combined regex names the first rule that matches here; if its resolver declines, later rules try.
        for index in range(int((m.lastgroup or "r0")[1:]), len(rules)):
            rm = compiled[index].match(text, start)
            if rm is None:
                continue
            try:
                hits = rules[index].resolve(rm, doc)
            except (ValueError, OverflowError):  # a date outside what datetime holds (year 0, year 10000)
                hits = None
            except (IndexError, KeyError):  # a project's rule without a group its resolver reads, or a word it lacks
                hits = None
            if hits:
                pos = rm.end()
                break
        for hit in hits or ():
            if (mentions and hit.start < mentions[-1].end) or hit.value.startswith("0000"):
                continue  # overlapping, or before year 1 (a publication date at the edge of the calendar)
            try:
                doc.note(hit)
            except (ValueError, OverflowError):
                pass  # an anchor beyond year 9999 is no anchor
            earliest, latest = _bounds(hit.value)
            mentions.append(TimeMention(hit.start, hit.end, text[hit.start : hit.end], hit.value, hit.precision,
                                        earliest, latest, hit.vague, hit.relative))
    return mentions
