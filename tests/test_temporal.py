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
from factcheck.temporal import RESOLVERS, RULES, find_times
from factcheck.vocabulary import package_table

D = dt.date

# (text, value, precision, vague) of each mention, in order.
Expected = list[tuple[str, str, str, bool]]

# ---------------------------------------------------------------- one case or more per rule (in the data file)

# The cases are the `examples` of each rule in factcheck/data/temporal.yaml: (rule, text, published, expected).
RULE_CASES: list[tuple[str, str, dt.date | None, Expected]] = [
    (rule.name, example.text, example.published, [(f.text, f.value, f.precision, f.vague) for f in example.found])
    for rule in package_table("temporal").rules
    for example in rule.examples
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


def test_every_resolver_is_used_and_every_rule_names_one() -> None:
    assert set(package_table("temporal").resolvers()) == set(RESOLVERS)


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


@pytest.mark.slow
@needs_timeml
def test_the_prefilter_loses_nothing_on_timeml() -> None:
    scorer = _scorer()
    for path in _subset():
        dct, text, _ = scorer.parse_tml(path)
        assert temporal._scan(text, dct, temporal._STARTS) == temporal._scan(text, dct, temporal._EVERY_WORD), path.name
