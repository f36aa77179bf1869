"""TimeML values as spans of days, and how times relate."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.timeline import InvalidTimeValueError, TimeSpan, relate, value_span

D = dt.date


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("2014-11", D(2014, 11, 1), D(2014, 11, 30)),
        ("2018-04-24", D(2018, 4, 24), D(2018, 4, 24)),
        ("2016", D(2016, 1, 1), D(2016, 12, 31)),
        ("2017-W40", D(2017, 10, 2), D(2017, 10, 8)),
        ("2017-SU", D(2017, 6, 1), D(2017, 8, 31)),
        ("2017-WI", D(2017, 12, 1), D(2018, 2, 28)),
        ("2016-Q1", D(2016, 1, 1), D(2016, 3, 31)),
        ("2016-H2", D(2016, 7, 1), D(2016, 12, 31)),
        ("201", D(2010, 1, 1), D(2019, 12, 31)),
        ("19", D(1900, 1, 1), D(1999, 12, 31)),
        ("2016-09/2016-10", D(2016, 9, 1), D(2016, 10, 31)),
        ("2018-04-24T10:00", D(2018, 4, 24), D(2018, 4, 24)),
        ("2016-02", D(2016, 2, 1), D(2016, 2, 29)),
    ],
)
def test_value_span(value: str, earliest: dt.date, latest: dt.date) -> None:
    span = value_span(value)
    assert (span.earliest, span.latest, span.label) == (earliest, latest, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "'soon' is not a date value: use YYYY, YYYY-MM, YYYY-MM-DD"),
        ("2014-13", "'2014-13' is not a real date: month must be in 1..12"),
        ("2018-02-30", "'2018-02-30' is not a real date: day is out of range for month"),
        ("2016-10/2016-09", "'2016-10/2016-09': the range ends before it starts; write the earlier value first "
                            "(2016-09/2016-10)"),
        ("2013/2015/2018", "'2013/2015/2018' is not a range: write two date values joined by one '/', like "
                           "2016-09/2016-10"),
        ("2013/", "'2013/' is not a range: write two date values joined by one '/'"),
        ("/2013", "'/2013' is not a range: write two date values joined by one '/'"),
    ],
)
def test_invalid_values_say_what_to_write(value: str, message: str) -> None:
    with pytest.raises(InvalidTimeValueError) as caught:
        value_span(value)
    assert str(caught.value).startswith(message)


def test_relate() -> None:
    claim = value_span("2014-11")
    assert relate(claim, [value_span("2014")]) == "overlaps"
    assert relate(claim, [value_span("2015-10"), value_span("2014-11-20")]) == "overlaps"
    assert relate(claim, [value_span("2018")]) == "disjoint"
    assert relate(claim, []) == "unknown"
    assert TimeSpan(D(2018, 2, 1), D(2018, 2, 28), "a").overlaps(TimeSpan(D(2018, 2, 28), D(2018, 3, 1), "b"))
