"""Publication dates inferred from an undated article's own text: sign-offs, datelines, and dated events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.dating import infer_published
from factcheck.project import article_text
from factcheck.sources import read_source

SOURCES = Path(__file__).resolve().parent.parent / "sources"


def seed(name: str) -> str:
    return article_text(read_source(SOURCES / f"{name}.md", name))


@pytest.mark.parametrize(
    ("name", "day", "because"),
    [
        ("dawn-2018-04-25-bajwa-moscow", dt.date(2018, 4, 25), 'sign-off "Published in Dawn, April 25th, 2018"'),
        ("despardes-2018-05-12-defense-treaty", dt.date(2018, 5, 12), 'dateline "May 12, 2018"'),
        ("web-2018-04-24-russia-keen-military-ties", dt.date(2018, 4, 24), 'dateline "April 24, 2018"'),
    ],
)
def test_dated_seeds_agree_with_their_front_matter(name: str, day: dt.date, because: str) -> None:
    found = infer_published(seed(name))
    assert found is not None
    assert (found.earliest, found.latest, found.confidence, found.evidence) == (day, day, "high", [because])


def test_the_undated_2017_seed_is_bounded_by_its_past_and_its_upcoming_events() -> None:
    found = infer_published(seed("web-2017-pakistan-cosying-up-to-russia"))
    assert found is not None
    # Its front matter, by a reader: written late August to end of September 2017.
    assert found.earliest <= dt.date(2017, 8, 20) and found.latest >= dt.date(2017, 9, 30)
    assert found.latest == dt.date(2017, 10, 2)
    assert '"the first week of October 2017" is still ahead' in found.evidence
    assert found.confidence == "low"


def test_the_undated_opinion_piece_was_written_before_the_2015_competitions_it_looks_forward_to() -> None:
    found = infer_published(seed("eurasia-news-kharakov-russia-pakistan-relations"))
    assert found is not None
    # Its front matter, by a reader: most likely late 2014, within mid-2013 to end of 2014.
    assert found.latest == dt.date(2015, 1, 1)
    assert '"2015" is still ahead' in found.evidence
    assert found.describe().startswith("1969-01-01..2015-01-01 (low: ")


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "confidence"),
    [
        ("The ministers met in Moscow.\n\nPublished in Dawn, March 3rd, 2016", "2016-03-03", "2016-03-03", "high"),
        ("Jan 5, 2019 — The ministers met in Moscow on Monday.", "2019-01-05", "2019-01-05", "high"),
        ("The accord was signed in March 2016. The next round is scheduled for May 2016.", "2016-03-01",
         "2016-05-01", "medium"),
        # A past event bounds the writing from below and never pins it: no upcoming event, no later bound.
        ("The accord was signed in 2009 and renewed in 2012.", "2012-01-01", None, "low"),
        ("Apple unveiled the watch in September 2014, four years after the original iPad in 2010.", "2014-09-01",
         None, "low"),
    ],
)
def test_rules(text: str, earliest: str, latest: str | None, confidence: str) -> None:
    found = infer_published(text)
    assert found is not None
    got = (found.earliest.isoformat(), found.latest.isoformat() if found.latest else None, found.confidence)
    assert got == (earliest, latest, confidence)


def test_an_open_ended_date_reads_no_relative_time() -> None:
    # "last year" in an article known only to be written after 2010 could be any year since: it is left unread,
    # so a reviewer's `supports` is never turned into a time mismatch by a guessed year.
    from factcheck.models import Source, SourceMeta
    from factcheck.project import source_reference

    found = infer_published("The original iPad came out in 2010. Apple showed the watch last year.")
    assert found is not None and found.latest is None
    assert found.describe().startswith("after 2010-01-01 (low: ")
    meta = SourceMeta(id="x", published=None)
    source = Source(meta=meta, path="sources/x.md", body="", body_sha256="0" * 64, front_matter_lines=0)
    assert source_reference(source, found) is None


def test_an_event_in_the_story_is_not_a_dateline() -> None:
    found = infer_published("The ministers met in Moscow.\nOn March 3, 2016 they signed the accord.")
    assert found is not None and found.confidence != "high"


def test_nothing_dated_gives_nothing() -> None:
    assert infer_published("The ministers met in Moscow last week and will meet again next month.") is None


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        # The future word is in another clause: the book came out before the article.
        ("The film is based on the 2011 biography, and shooting will begin within two months.", "2011-01-01"),
        # "since 2012" names a past start, whatever the rest of the sentence plans.
        ("The club has been in talks since 2012 and is due to sign the striker.", "2012-01-01"),
    ],
)
def test_a_mention_is_upcoming_only_when_its_own_clause_says_so(text: str, earliest: str) -> None:
    found = infer_published(text)
    assert found is not None
    assert found.earliest.isoformat() == earliest and found.latest is None
