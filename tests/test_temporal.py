"""Tests for time expressions: one table case or more per rule, the seed articles' dates, what must not fire,
and a quality floor measured on TimeML (TimeBank and AQUAINT) when the shared evaluation folder is present."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from factcheck import temporal
from factcheck.temporal import RULES, find_times

D = dt.date

# (text, value, precision, vague) of each mention, in order.
Expected = list[tuple[str, str, str, bool]]

# ---------------------------------------------------------------- one case or more per rule

RULE_CASES: list[tuple[str, str, dt.date | None, Expected]] = [
    ("iso_date", "The report is dated 2018-04-25.", D(2018, 5, 1), [("2018-04-25", "2018-04-25", "day", False)]),
    ("iso_date", "Filed at 2018-04-25T10:30.", None, [("2018-04-25T10:30", "2018-04-25T10:30", "time", False)]),
    ("numeric_date", "Signed on 25/04/2018 in Moscow.", None, [("25/04/2018", "2018-04-25", "day", False)]),
    ("numeric_date", "Signed on 04/25/2018 in Moscow.", None, [("04/25/2018", "2018-04-25", "day", False)]),
    ("numeric_date", "Signed on 24.04.2018.", None, [("24.04.2018", "2018-04-24", "day", False)]),
    ("week_of_month", "His visit was scheduled in the first week of October 2017.", D(2017, 9, 15),
     [("the first week of October 2017", "2017-W40", "week", False)]),
    ("week_of_month", "General Bajwa to visit Russia in October's first week", D(2017, 9, 15),
     [("October's first week", "2017-W40", "week", False)]),
    ("week_of_month", "It will be heard in court the week of March 6.", D(2000, 2, 24),
     [("the week of March 6", "2000-W10", "week", False)]),
    ("week_of_month", "Talks resume in the last week of December 2017.", None,
     [("the last week of December 2017", "2017-W52", "week", False)]),
    ("time_of_day", "The hearing opened at 10 a.m. Tuesday.", D(2018, 4, 25),
     [("10 a.m. Tuesday", "2018-04-24T10:00", "time", False)]),
    ("time_of_day", "The blast came at about 10:35 a.m. on Aug. 7, 1998.", None,
     [("about 10:35 a.m. on Aug. 7, 1998", "1998-08-07T10:35", "time", True)]),
    ("time_of_day", "The offer expires at noon tomorrow.", D(2018, 4, 25),
     [("noon tomorrow", "2018-04-26T12:00", "time", False)]),
    ("month_day", "April 24, 2018 — Russia's military chief says", None,
     [("April 24, 2018", "2018-04-24", "day", False)]),
    ("month_day", "Published in Dawn, April 25th, 2018", None, [("April 25th, 2018", "2018-04-25", "day", False)]),
    ("month_day", "The doctor was shot on the night of Friday, Oct. 23.", D(1998, 10, 26),
     [("Friday, Oct. 23", "1998-10-23", "day", False)]),
    ("month_day", "The child must be returned by Jan. 14, the service ruled.", D(2000, 1, 7),
     [("Jan. 14", "2000-01-14", "day", False)]),
    ("month_day", "The summit met Jan. 10-12, 2018.", None,
     [("Jan. 10", "2018-01-10", "day", False), ("12, 2018", "2018-01-12", "day", False)]),
    ("month_day", "The summit will be held on May 14 and 15.", D(2018, 4, 25),
     [("May 14", "2018-05-14", "day", False), ("15", "2018-05-15", "day", False)]),
    # "effective June 1": a change announced ahead of its day, whatever the tense of the announcement
    ("month_day", "The board approved the new pay scale, effective June 1.", D(1989, 10, 26),
     [("June 1", "1990-06-01", "day", False)]),
    ("day_month", "The deal was signed on 24 April 2018.", None, [("24 April 2018", "2018-04-24", "day", False)]),
    ("day_month", "Updated 18 Dec, 2024", None, [("18 Dec, 2024", "2024-12-18", "day", False)]),
    ("day_month", "They met on the 25th of April.", D(2018, 4, 26), [("the 25th of April", "2018-04-25", "day", False)]),
    ("month_range", "The spokesperson said that last year, both the countries held joint military exercise in "
     "September-October.", D(2017, 9, 15),
     [("last year", "2016", "year", False), ("September", "2016-09", "month", False),
      ("October", "2016-10", "month", False)]),
    ("month_range", "Exports fell in May and June 2017.", None,
     [("May", "2017-05", "month", False), ("June 2017", "2017-06", "month", False)]),
    ("month_range", "The winter season ran December-January 2018.", None,
     [("December", "2017-12", "month", False), ("January 2018", "2018-01", "month", False)]),
    ("month_year", "Both sides had signed a defence cooperation agreement in November 2014.", None,
     [("November 2014", "2014-11", "month", False)]),
    ("month_year", "It began in early November 2014.", None, [("early November 2014", "2014-11", "month", True)]),
    ("month_year", "Prices rose in January this year.", D(1998, 2, 19), [("January this year", "1998-01", "month", False)]),
    ("month_year", "Elections are due in October of 2017.", None, [("October of 2017", "2017-10", "month", False)]),
    ("quarter", "Net income in the third quarter rose 5%.", D(1989, 11, 2),
     [("the third quarter", "1989-Q3", "quarter", False)]),
    ("quarter", "It reported a third-quarter loss of $70 million.", D(1989, 11, 2),
     [("third-quarter", "1989-Q3", "quarter", False)]),
    ("quarter", "Sales grew in Q3 2017 and in the fourth quarter of 2017.", None,
     [("Q3 2017", "2017-Q3", "quarter", False), ("the fourth quarter of 2017", "2017-Q4", "quarter", False)]),
    ("quarter", "Net rose in the third quarter. In the year-ago quarter, it lost money.", D(1989, 11, 2),
     [("the third quarter", "1989-Q3", "quarter", False), ("the year-ago quarter", "1988-Q3", "quarter", False)]),
    ("quarter", "Profit fell last quarter.", D(2018, 4, 25), [("last quarter", "2018-Q1", "quarter", False)]),
    ("quarter", "Profit rose in the second quarter. Sales for last year's quarter were lower.", D(1989, 11, 1),
     [("the second quarter", "1989-Q2", "quarter", False), ("last year's quarter", "1988-Q2", "quarter", False)]),
    ("quarter", "Profit rose in the third quarter, from $2 million for the corresponding period last year.",
     D(1989, 11, 1), [("the third quarter", "1989-Q3", "quarter", False),
                      ("the corresponding period last year", "1988-Q3", "quarter", False)]),
    ("quarter", "Net rose in the third quarter. For the quarter a year ago, it lost money.", D(1989, 11, 1),
     [("the third quarter", "1989-Q3", "quarter", False), ("the quarter a year ago", "1988-Q3", "quarter", False)]),
    ("quarter", "Sales in the latest period rose 5%.", D(1989, 11, 1),
     [("the latest period", "1989-Q3", "quarter", False)]),
    ("quarter", "The firm posted a profit for the fiscal-first quarter.", D(1989, 11, 1),
     [("the fiscal-first quarter", "1989-Q1", "quarter", False)]),
    ("half", "Growth slowed in the first half of 2018.", None, [("the first half of 2018", "2018-H1", "half", False)]),
    ("half", "It expects a recovery in the second half of this year.", D(2018, 4, 25),
     [("the second half of this year", "2018-H2", "half", False)]),
    ("season", "Trump unveiled a new strategy for Afghanistan and South Asia in summer of 2017.", None,
     [("summer of 2017", "2017-SU", "season", False)]),
    ("season", "He was killed by a sniper's bullet last fall.", D(1999, 4, 10),
     [("last fall", "1998-FA", "season", False)]),
    ("season", "The marches are not going to be left on their own this summer.", D(1998, 3, 22),
     [("this summer", "1998-SU", "season", False)]),
    ("season", "It happened in the winter of nineteen ninety-four.", None,
     [("the winter of nineteen ninety-four", "1994-WI", "season", False)]),
    ("decade", "Trade grew through the 1990s.", None, [("the 1990s", "199", "decade", False)]),
    ("decade", "It was a hit in the '90s.", D(2018, 4, 25), [("the '90s", "199", "decade", False)]),
    ("decade", "The group held power in the late 1970s.", None, [("the late 1970s", "197", "decade", True)]),
    ("century", "She is a 20th century democrat.", None, [("20th century", "19", "century", False)]),
    ("century", "The temple dates from the eleventh century.", None, [("the eleventh century", "10", "century", False)]),
    ("holiday", "Elian was found Thanksgiving Day clinging to an inner tube.", D(2000, 1, 7),
     [("Thanksgiving Day", "1999-11-25", "day", False)]),
    ("holiday", "Protesters prayed as Easter week began.", D(2000, 4, 17), [("Easter week", "2000-W16", "week", False)]),
    ("year_range", "Exports doubled in 2009-2010.", None,
     [("2009", "2009", "year", False), ("2010", "2010", "year", False)]),
    ("year_range", "The 1992-93 season was cancelled.", None,
     [("1992", "1992", "year", False), ("93", "1993", "year", False)]),
    ("year", "His predecessor had earlier visited Russia in 2015.", None, [("2015", "2015", "year", False)]),
    ("year", "General Raheel Sharif visited Moscow in the year 2015.", None,
     [("the year 2015", "2015", "year", False)]),
    ("year", "The latest visit took place as far back as 1969, when Grechko made a trip.", None,
     [("1969", "1969", "year", False)]),
    ("year", "Output rose in mid-2017 and early 2018.", None,
     [("mid-2017", "2017", "year", True), ("early 2018", "2018", "year", True)]),
    ("year", "The convictions were thrown out in nineteen ninety-six.", None,
     [("nineteen ninety-six", "1996", "year", False)]),
    ("year", "Sales were slightly above fiscal 1989 sales.", None, [("fiscal 1989", "1989", "year", False)]),
    ("year", "Net rose in the third quarter, though it fell in the 1988 quarter.", D(1989, 11, 1),
     [("the third quarter", "1989-Q3", "quarter", False), ("1988 quarter", "1988-Q3", "quarter", False)]),
    ("year", "Net rose in the third quarter. Costs in the 1989 period were lower.", D(1989, 11, 1),
     [("the third quarter", "1989-Q3", "quarter", False), ("1989 period", "1989-Q3", "quarter", False)]),
    ("ago", "Putin was planning to visit Pakistan two years ago.", D(2014, 11, 21),
     [("two years ago", "2012", "year", False)]),
    ("ago", "Ice melting between Pakistan and Russia had started around five years back.", D(2017, 9, 15),
     [("around five years back", "2012", "year", True)]),
    ("ago", "He referred to it in a speech six weeks ago.", D(1998, 3, 1), [("six weeks ago", "1998-W03", "week", False)]),
    ("ago", "The fire broke out 11 days ago.", D(1999, 4, 19), [("11 days ago", "1999-04-08", "day", False)]),
    ("ago", "Cancer was diagnosed five months ago.", D(1998, 3, 31), [("five months ago", "1997-10", "month", False)]),
    ("ago", "They met a few years ago.", D(1998, 2, 12), [("a few years ago", "PAST_REF", "ref", True)]),
    ("relative", "Last month, Russia's top military official said Pakistan is important.", D(2018, 5, 12),
     [("Last month", "2018-04", "month", False)]),
    ("relative", "An intense programme has been developed for this year.", D(2018, 4, 25),
     [("this year", "2018", "year", False)]),
    ("relative", "The court will rule next week.", D(1998, 3, 6), [("next week", "1998-W11", "week", False)]),
    ("relative", "The company went public earlier this month.", D(1989, 10, 27),
     [("earlier this month", "1989-10", "month", True)]),
    ("relative", "Officials became more open over the weekend.", D(1991, 2, 25),
     [("the weekend", "1991-W08-WE", "week", False)]),
    ("relative", "Leaders will meet this weekend.", D(2018, 4, 25), [("this weekend", "2018-W17-WE", "week", False)]),
    ("relative", "It plans to ship the chip early next year.", D(1989, 10, 27),
     [("early next year", "1990", "year", True)]),
    ("the_year", "It forecast an earnings increase for the full year.", D(1989, 11, 2),
     [("the full year", "1989", "year", False)]),
    ("the_year", "It expects to complete the transaction by year-end.", D(1989, 11, 2),
     [("year-end", "1989-12-31", "day", False)]),
    ("the_year", "The percentage change is since year-end.", D(1989, 11, 2), [("year-end", "1988-12-31", "day", False)]),
    ("the_year", "Cuts should be in place by year's end.", D(1989, 10, 26), [("year's end", "1989", "year", True)]),
    ("anaphoric", "He fled to Florida in June 1998 and returned to Cuba later that year.", None,
     [("June 1998", "1998-06", "month", False), ("later that year", "1998", "year", True)]),
    ("anaphoric", "He was made a general in 1995, and the following year he was appointed.", None,
     [("1995", "1995", "year", False), ("the following year", "1996", "year", False)]),
    ("relative_day", "President Bush implied as much yesterday.", D(1990, 8, 13),
     [("yesterday", "1990-08-12", "day", False)]),
    ("relative_day", "FS receives Amb Wells for a call at MOFA today.", D(2018, 4, 24),
     [("today", "2018-04-24", "day", False)]),
    ("relative_day", "Tomorrow the board of supervisors will vote.", D(1998, 3, 3),
     [("Tomorrow", "1998-03-04", "day", False)]),
    ("relative_day", "He spoke on television last night and will speak again tonight.", D(1998, 1, 20),
     [("last night", "1998-01-19TNI", "time", False), ("tonight", "1998-01-20TNI", "time", False)]),
    ("relative_day", "Shares fell this morning.", D(1998, 2, 6), [("this morning", "1998-02-06TMO", "time", False)]),
    ("weekday", "Pakistan and Russia on Tuesday reaffirmed their commitment.", D(2018, 4, 25),
     [("Tuesday", "2018-04-24", "day", False)]),
    ("weekday", "The two leaders will meet on Friday.", D(2018, 4, 25), [("Friday", "2018-04-27", "day", False)]),
    ("weekday", "He arrived last Friday and leaves next Monday.", D(2018, 4, 25),
     [("last Friday", "2018-04-20", "day", False), ("next Monday", "2018-04-30", "day", False)]),
    ("weekday", "The blasts came early Friday morning.", D(1998, 8, 8),
     [("early Friday morning", "1998-08-07TMO", "time", True)]),
    ("weekday", "Relatives said they would look for ways around Wednesday's ruling.", D(2000, 1, 7),
     [("Wednesday", "2000-01-05", "day", False)]),
    # "according to" beside the date is not a report made that day; "may" looks ahead
    ("weekday", "The delegation may arrive as soon as Tuesday, according to officials.", D(2018, 4, 23),
     [("Tuesday", "2018-04-24", "day", False)]),
    # a verb of delay before "until" points past the publication date, though it is in the past tense
    ("weekday", "The vote was postponed until Tuesday.", D(2018, 4, 26), [("Tuesday", "2018-05-01", "day", False)]),
    # "had been scheduled": a plan of the past, for a day now past
    ("weekday", "The tender offer had been scheduled to expire Friday.", D(1989, 10, 30),
     [("Friday", "1989-10-27", "day", False)]),
    ("month", "In February, Foreign Minister Khawaja Asif visited Moscow.", D(2018, 4, 24),
     [("February", "2018-02", "month", False)]),
    ("month", "Collins will be named commander of the shuttle for a mission in December.", D(1998, 3, 4),
     [("December", "1998-12", "month", False)]),
    ("month", "The boy was rescued off the coast of Florida in late November.", D(2000, 4, 3),
     [("late November", "1999-11", "month", True)]),
    ("month", "The treaty, which the two presidents signed last May, took effect.", D(1998, 2, 27),
     [("last May", "1997-05", "month", False)]),
    ("month", "The bank extended the credit line through January.", D(2018, 10, 30),
     [("January", "2019-01", "month", False)]),
    # "unspecified" after a determiner is an adjective, not a verb in the past tense
    ("month", "The bonus will be paid on a still unspecified date in January.", D(1989, 10, 26),
     [("January", "1990-01", "month", False)]),
    ("reference", "Now critics of the academy are taking aim.", D(1998, 3, 3), [("Now", "PRESENT_REF", "ref", False)]),
    ("reference", "He said Russia had recently played a positive role.", D(2018, 4, 24),
     [("recently", "PAST_REF", "ref", True)]),
    ("reference", "The two nations will fight terrorism together in future.", None,
     [("in future", "FUTURE_REF", "ref", True)]),
    ("reference", "In the past, Russia has often claimed the fleet.", None, [("In the past", "PAST_REF", "ref", True)]),
    ("reference", "Holders may buy shares at the then current price.", None,
     [("then current", "PAST_REF", "ref", True)]),
    ("reference", "Prices will stay low in the near term and in coming quarters.", None,
     [("the near term", "FUTURE_REF", "ref", True), ("coming quarters", "FUTURE_REF", "ref", True)]),
]


def read(text: str, published: dt.date | None) -> Expected:
    return [(m.text, m.value, m.precision, m.vague) for m in find_times(text, published)]


@pytest.mark.parametrize(("rule", "text", "published", "expected"), RULE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(RULE_CASES)])
def test_rule(rule: str, text: str, published: dt.date | None, expected: Expected) -> None:
    assert read(text, published) == expected
    # The case exercises its rule: the rule's own pattern matches the text somewhere a word begins.
    pattern = re.compile(next(r.pattern for r in RULES if r.name == rule), re.IGNORECASE)
    assert any(pattern.match(text, m.start()) for m in re.finditer(r"(?<![\w'’-])[\w'’]", text))


def test_every_rule_has_a_case() -> None:
    assert {r.name for r in RULES} == {c[0] for c in RULE_CASES}


def test_rule_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- the seed articles

# Sentences of the five seed articles' article text (not their comments or sidebars), with every date
# expression in them and the value a careful reader gives it against the article's publication date.
A000, A001, A002, A003, A004 = D(2018, 4, 24), D(2018, 4, 25), D(2017, 9, 15), D(2018, 5, 12), D(2014, 11, 21)
SEED_CASES: list[tuple[str, str, dt.date, Expected]] = [
    ("000", "April 24, 2018 — Russia’s military chief says Pakistan was geostrategically an important country",
     A000, [("April 24, 2018", "2018-04-24", "day", False)]),
    ("000", "In a meeting with Pakistan army chief General Qamar Javed Bajwa who reached Moscow on an official visit "
     "Tuesday, the Russian General acknowledged Pakistan’s achievement in the fight against terrorism", A000,
     [("Tuesday", "2018-04-24", "day", False)]),
    ("000", "He said Russia had recently played a positive role to help resolve complex situations in the region.",
     A000, [("recently", "PAST_REF", "ref", True)]),
    ("000", "In February, Foreign Minister Khawaja Asif visited Moscow to garner Russia’s support after Trump "
     "pressurised Pakistan to do more.", A000, [("February", "2018-02", "month", False)]),
    ("000", "And more recently National Security Adviser Lt-Gen (retd) Nasser Khan Janjua traveled to Russia.", A000,
     [("more recently", "PAST_REF", "ref", True)]),
    ("000", "On Monday in Islamabad, another round of Pakistan-United States talks aimed at getting Islamabad to "
     "fulfil Washington’s expectations ended without any breakthrough or breakdown", A000,
     [("Monday", "2018-04-23", "day", False)]),
    ("000", "A senior official of the State Department’s Bureau of South and Central Asian Affairs Ambassador Alice "
     "Wells visited the capital on Monday on a daylong trip", A000, [("Monday", "2018-04-23", "day", False)]),
    ("000", "This was her second trip in less than a month. She last visited Pakistan from March 28 to April 3.",
     A000, [("March 28", "2018-03-28", "day", False), ("April 3", "2018-04-03", "day", False)]),
    ("000", "Foreign Office spokesman Dr Mohammad Faisal only tweeted a picture of Ambassador Wells at the FO with "
     "the caption: “FS receives Amb Wells for a call at MOFA today.”", A000, [("today", "2018-04-24", "day", False)]),
    ("001", "ISLAMABAD: Pakistan and Russia on Tuesday reaffirmed their commitment to intensify bilateral military "
     "cooperation", A001, [("Tuesday", "2018-04-24", "day", False)]),
    ("001", "It was Gen Bajwa’s first visit to Russia. His predecessor Gen Raheel Sharif had earlier visited Russia "
     "in 2015. The military contacts between the two countries that started in 2007 have strengthened military "
     "cooperation", A001, [("2015", "2015", "year", False), ("2007", "2007", "year", False)]),
    ("001", "The two countries had in February agreed to set up a military cooperation commission for promoting "
     "military cooperation.", A001, [("February", "2018-02", "month", False)]),
    ("001", "Both sides had signed a defence cooperation agreement in November 2014 and later inked "
     "military-technical cooperation accord, which allows arms trade between the two countries and cooperation in "
     "weapon development, in October 2015.", A001,
     [("November 2014", "2014-11", "month", False), ("October 2015", "2015-10", "month", False)]),
    ("001", "According to a Russian source, an intense programme has been developed for this year.", A001,
     [("this year", "2018", "year", False)]),
    ("001", "Published in Dawn, April 25th, 2018", A001, [("April 25th, 2018", "2018-04-25", "day", False)]),
    ("002", "— FO spokesperson says General Bajwa to visit Russia in October’s first week", A002,
     [("October’s first week", "2017-W40", "week", False)]),
    ("002", "In a major policy shift, Chief of Army Staff General Qamar Javed Bajwa will be visiting Russia in the "
     "first week of October.", A002, [("the first week of October", "2017-W40", "week", False)]),
    ("002", "Foreign Office spokesperson Nafees Zakaria confirmed the army chief’s visit at the weekly briefing here "
     "on Thursday, saying that his visit was scheduled in the first week of October 2017.", A002,
     [("Thursday", "2017-09-14", "day", False), ("the first week of October 2017", "2017-W40", "week", False)]),
    ("002", "The spokesperson said that last year, both the countries held joint military exercise in "
     "September-October.", A002,
     [("last year", "2016", "year", False), ("September", "2016-09", "month", False),
      ("October", "2016-10", "month", False)]),
    ("002", "“Regular high-level exchanges between the two sides in the past few years have set the stage for "
     "translating political goodwill into a substantial partnership", A002, []),
    ("002", "On the other hand, ice melting between Pakistan and Russia had started around five years back.", A002,
     [("around five years back", "2012", "year", True)]),
    ("002", "While India’s defence arsenal remains overwhelmingly Russian in origin, Washington – over the past 10 "
     "years – has become New Delhi’s top defence supplier.", A002, []),
    ("002", "Moscow feels betrayed as New Delhi, once a strategic partner of Russia, quietly fell into the lap of "
     "Washington DC back in 2008 with the civil-nuclear deal between the two.", A002, [("2008", "2008", "year", False)]),
    ("002", "Former army chief General Raheel Sharif followed up on the breakthrough by visiting Moscow in the year "
     "2015.", A002, [("the year 2015", "2015", "year", False)]),
    ("002", "Though it was Russian President Vladimir Putin who started cosying up to Islamabad back in the year "
     "2010, there have been successive diplomatic overtures", A002, [("the year 2010", "2010", "year", False)]),
    ("002", "Gen Bajwa has now decided to back up the effort which may pave the way for a major breakthrough.", A002,
     [("now", "PRESENT_REF", "ref", False)]),
    ("002", "In November 2014, Pakistan and Russia signed a landmark defence agreement which provided the base for "
     "further cementing of trust between the two nations.", A002, [("November 2014", "2014-11", "month", False)]),
    ("002", "At the 8th BRICS Summit held at Goa in India, it was Russian delegation which along with China, made "
     "sure that the joint communique’ does not target Pakistan.", A002, []),
    ("002", "The first military exercise between Pakistan and Russia named Druzhba-2016 (Friendship-2016) in "
     "Pakistan was the real challenge which both the countries passed successfully", A002, []),
    # "The same year" points back at Druzhba-2016, a name; with no date to anchor it, it is left alone.
    ("002", "The same year, Russia’s top diplomat Zamir Kabulov defended Pakistan at the Heart of Asia (HoA) "
     "conference held in Amritsar last year despite a joint attack by India and Afghanistan.", A002,
     [("last year", "2016", "year", False)]),
    ("003", "May 12, 2018 (DESPARDES/PKONWEB) — Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and "
     "Russia have signed a defense treaty.", A003, [("May 12, 2018", "2018-05-12", "day", False)]),
    ("003", "Dastgir, while clarifying Pak-US relations as it stands now, said despite threats by the United States, "
     "Pakistan wants to maintain good relations with it.", A003, [("now", "PRESENT_REF", "ref", False)]),
    ("003", "A senior Pakistani defense official said Pakistan and Russia signed a defense MoU sometime after it was "
     "first submitted to Moscow in 2013.", A003, [("2013", "2013", "year", False)]),
    ("003", "Last month, Russia’s top military official said Pakistan is a ‘geo-strategically important’ country",
     A003, [("Last month", "2018-04", "month", False)]),
    ("003", "Russia was one of the first countries (including China), which publicly expressed its solidarity with "
     "Pakistan after President Donald Trump unveiled a new strategy for Afghanistan and South Asia in summer of "
     "2017.", A003, [("summer of 2017", "2017-SU", "season", False)]),
    ("003", "In February, Foreign Minister Khawaja Asif visited Moscow to garner Russia’s support after Trump "
     "pressurized Pakistan to do more.", A003, [("February", "2018-02", "month", False)]),
    ("003", "Dastgir said relations between Pakistan and Russia are strengthening day by day.", A003, []),
    ("004", "These were comments of the Pakistani Prime Minister Nawaz Sharif on Thursday who received Russian "
     "Defense Minister Sergey Shoigu in his government residence", A004, [("Thursday", "2014-11-20", "day", False)]),
    ("004", "The latest visit took place as far back as 1969, when USSR Defense Minister Andrey Grechko made a trip "
     "to the country.", A004, [("1969", "1969", "year", False)]),
    ("004", "millions of Indians are working in North America and Europe and last 30 years have changed Indo-Russo "
     "relations altogether.", A004, []),
    ("004", "President Putin was planning to visit Pakistan two years ago but visit did not take place because "
     "Pakistan was massively involved with United States", A004, [("two years ago", "2012", "year", False)]),
    ("004", "its dependence on US for dealing with terrorism is not even 10% today.", A004,
     [("today", "2014-11-21", "day", False)]),
    ("004", "During their meeting on Thursday, Russia offered Pakistan to expand the practice of calls by warships.",
     A004, [("Thursday", "2014-11-20", "day", False)]),
    ("004", "The Russian defense minister thanked the Pakistani counterpart for Pakistan’s consent to participate in "
     "competitions of pilots and tank operators in 2015.", A004, [("2015", "2015", "year", False)]),
    ("004", "This is pertinent to mention that Pakistan during the last two years always helps Russia at "
     "international forums", A004, []),
]


@pytest.mark.parametrize(("seed", "text", "published", "expected"), SEED_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SEED_CASES)])
def test_seed_article(seed: str, text: str, published: dt.date, expected: Expected) -> None:
    assert read(text, published) == expected


# ---------------------------------------------------------------- what must not fire

NOT_DATES = [
    "its dependence on US is not even 10% of what it was",
    "The country must annually spend at least 10pc of its GDP.",
    "a $100 million arms deal",
    "At the 8th BRICS Summit held at Goa",
    "an exercise named Druzhba-2016 (Friendship-2016)",
    "it may rain later",
    "thousands joined a protest march",
    "Workers will March on the capital.",
    "Washington – over the past 10 years – has become the top supplier",
    "over the past week",
    "the last 30 years have changed relations",
    "Phase 2 of the project",
    "a 3-2 win over Brazil",
    "call 555-1234 or +92 51 2345 1999",
    "a 1200-page report",
    "the report runs to 1999 pages",
    "a man aged 45",
    "in his 30s",
    "about 2000 troops",
    "the fall of Kabul",
    "the fall in oil prices",
    "spring water",
    "May said she would resign.",
    "the second half of the match",
    "the quarter of the population",
    "04/05/2018",
    "ABC's This Week",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert read(text, D(2018, 4, 25)) == []


# ---------------------------------------------------------------- without a publication date


def test_without_publication_date_absolute_expressions_resolve_and_relative_ones_are_left_out() -> None:
    text = "In November 2014 they signed; last month, on Tuesday, they met again, and now they talk."
    assert read(text, None) == [("November 2014", "2014-11", "month", False), ("now", "PRESENT_REF", "ref", False)]


def test_relative_says_whether_the_publication_date_was_needed() -> None:
    found = find_times("In November 2014 they signed; last month they met.", D(2018, 5, 12))
    assert [(m.text, m.relative) for m in found] == [("November 2014", False), ("last month", True)]


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("the first week of October 2017", D(2017, 10, 2), D(2017, 10, 8)),
        ("summer of 2017", D(2017, 6, 1), D(2017, 8, 31)),
        ("winter of 2017", D(2017, 12, 1), D(2018, 2, 28)),
        ("the 1990s", D(1990, 1, 1), D(1999, 12, 31)),
        ("the 20th century", D(1900, 1, 1), D(1999, 12, 31)),
        ("the third quarter of 1989", D(1989, 7, 1), D(1989, 9, 30)),
        ("the second half of 2018", D(2018, 7, 1), D(2018, 12, 31)),
        ("February 2016", D(2016, 2, 1), D(2016, 2, 29)),
        ("April 24, 2018", D(2018, 4, 24), D(2018, 4, 24)),
        ("10 a.m. on April 24, 2018", D(2018, 4, 24), D(2018, 4, 24)),
        ("recently", None, None),
    ],
)
def test_earliest_and_latest_days(text: str, earliest: dt.date | None, latest: dt.date | None) -> None:
    (found,) = find_times(text, D(2018, 4, 25))
    assert (found.earliest, found.latest) == (earliest, latest)


def test_mentions_are_sorted_and_do_not_overlap() -> None:
    text = " ".join(c[1] for c in SEED_CASES)
    found = find_times(text, A000)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert all(text[m.start : m.end] == m.text for m in found)


def test_the_prefilter_loses_nothing() -> None:
    """Trying the rules only where `_STARTS` says a match may begin finds what trying every word finds."""
    for _, text, published, _ in [*RULE_CASES, *SEED_CASES, *((None, t, D(2018, 4, 25), None) for t in NOT_DATES)]:
        assert temporal._scan(text, published, temporal._STARTS) == temporal._scan(
            text, published, temporal._EVERY_WORD
        ), text


# ---------------------------------------------------------------- quality floor on TimeML

TIMEML = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeml"
SCORER = TIMEML.parent / "timeml_score.py"
BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"
needs_timeml = pytest.mark.skipif(
    not (SCORER.exists() and TIMEML.is_dir()),
    reason=f"TimeML evaluation data not found at {TIMEML} (../shared/eval beside the repository); skipped",
)


def _subset() -> list[Path]:
    """Every 4th .tml file by name, from each folder: a fixed sample of TimeBank and AQUAINT."""
    return [f for folder in sorted(p for p in TIMEML.iterdir() if p.is_dir()) for f in sorted(folder.glob("*.tml"))[::4]]


def _scorer() -> ModuleType:
    """The shared scorer, imported from its path (it is not a package)."""
    spec = importlib.util.spec_from_file_location("timeml_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_timeml
def test_timeml_dates_value_f1_stays_above_its_floor() -> None:
    scorer = _scorer()
    dates, _, _ = scorer.score(_subset(), find_times)
    precision = dates["value"] / dates["sys"]
    recall = dates["value"] / dates["gold"]
    f1 = 2 * precision * recall / (precision + recall)
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["temporal"]["timeml_subset_dates_value_f1"]
    assert f1 >= floor, f"dates value F1 on the TimeML subset fell to {f1:.3f}, below the floor {floor}"


@needs_timeml
def test_the_prefilter_loses_nothing_on_timeml() -> None:
    scorer = _scorer()
    for path in _subset():
        dct, text, _ = scorer.parse_tml(path)
        assert temporal._scan(text, dct, temporal._STARTS) == temporal._scan(text, dct, temporal._EVERY_WORD), path.name
