"""Times as spans of days: TimeML values to [earliest, latest], and how a quote's times meet a claim's (pure)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Relation = Literal["overlaps", "disjoint", "unknown"]

_SEASONS = {"WI": (12, 2), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}
_VALUE = re.compile(
    r"^(?:(?P<century>\d{2})|(?P<decade>\d{3})|(?P<year>\d{4})"
    r"(?:-(?:W(?P<week>\d{2})|(?P<part>SP|SU|FA|AU|WI|Q[1-4]|H[12])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?)"
    r"(?:T.*)?$"
)


@dataclass(frozen=True)
class TimeSpan:
    """The days a time covers, inclusive, with the words or value it came from."""

    earliest: dt.date
    latest: dt.date
    label: str

    def overlaps(self, other: TimeSpan) -> bool:
        """Whether the two spans share at least one day."""
        return self.earliest <= other.latest and other.earliest <= self.latest


class InvalidTimeValueError(ValueError):
    """A time value that is neither a TimeML date value nor a range of two."""


def value_span(value: str) -> TimeSpan:
    """The days a TimeML date value covers: 2014-11, 2018-04-24, 2017-W40, 2016-SU, 201 (the 2010s), 20 (1900s).

    A range is two values joined by '/': 2016-09/2016-10.
    """
    value = value.strip()
    if "/" in value:
        first, _, last = value.partition("/")
        if "/" in last or not first.strip() or not last.strip():
            raise InvalidTimeValueError(
                f"'{value}' is not a range: write two date values joined by one '/', like 2016-09/2016-10"
            )
        a, b = value_span(first), value_span(last)
        if b.latest < a.earliest:
            raise InvalidTimeValueError(
                f"'{value}': the range ends before it starts; write the earlier value first ({last.strip()}/"
                f"{first.strip()})"
            )
        return TimeSpan(a.earliest, b.latest, value)
    match = _VALUE.match(value)
    if not match:
        raise InvalidTimeValueError(
            f"'{value}' is not a date value: use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, YYYY-SU (season), YYYY-Q1, "
            "a decade like 201, or a range like 2016-09/2016-10"
        )
    try:
        return TimeSpan(*_bounds(match), value)
    except ValueError as exc:
        raise InvalidTimeValueError(f"'{value}' is not a real date: {exc}") from None


def _bounds(match: re.Match[str]) -> tuple[dt.date, dt.date]:
    if match["century"]:
        start = int(match["century"]) * 100
        return dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)
    if match["decade"]:
        start = int(match["decade"]) * 10
        return dt.date(max(start, 1), 1, 1), dt.date(start + 9, 12, 31)
    year = int(match["year"])
    if match["week"]:
        first = dt.date.fromisocalendar(year, int(match["week"]), 1)
        return first, first + dt.timedelta(days=6)
    if match["part"]:
        part = match["part"]
        first_month, last_month = (_SEASONS | _QUARTERS | _HALVES)[part]
        if part == "WI":  # winter runs from December into the next year
            return dt.date(year, 12, 1), _month_end(year + 1, 2)
        return dt.date(year, first_month, 1), _month_end(year, last_month)
    if match["month"]:
        month = int(match["month"])
        if match["day"]:
            day = dt.date(year, month, int(match["day"]))
            return day, day
        return dt.date(year, month, 1), _month_end(year, month)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def relate(claim: TimeSpan, times: Iterable[TimeSpan]) -> Relation:
    """overlaps when any of the times meets the claim's span; disjoint when none does; unknown without times."""
    spans = list(times)
    if not spans:
        return "unknown"
    return "overlaps" if any(claim.overlaps(span) for span in spans) else "disjoint"
