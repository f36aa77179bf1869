"""Undated articles: their inferred date is a range their own text cannot contradict (issue 11, item 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from factcheck.intake import render_source
from factcheck.models import Claim, SourceMeta
from factcheck.project import ProjectPaths, check_project
from factcheck.scoring import score_claim
from factcheck.sources import hash_body
from factcheck.timing import Reference
from tests.test_timing import check

# Undated articles whose only dated past event shares a sentence with a plan: read as a whole sentence, "2011" and
# "2010" looked upcoming, so each article seemed written before 2011 and its report of a 2015 event impossible.
APPROVAL = (
    "Regulators approved the migraine drug Zalvora on Tuesday. "
    "It builds on a 2011 discovery, and doctors will prescribe it from next month."
)
TRANSFER = (
    "Midfielder Luis Ortega joined Real Betis last week, the club said. "
    "He grew up idolising the 2010 World Cup winners, and he will make his debut on Sunday."
)


def write_project(folder: Path, bodies: dict[str, str], claims: list[dict]) -> ProjectPaths:
    (folder / "sources").mkdir(parents=True)
    for source_id, body in bodies.items():
        front = {"id": source_id, "publisher": None, "published": None, "kind": "news", "reliability": "F",
                 "sha256": hash_body(body)}
        (folder / "sources" / f"{source_id}.md").write_text(render_source(front, body), encoding="utf-8")
    with (folder / "claims.yaml").open("w", encoding="utf-8") as handle:
        YAML().dump({"claims": claims, "resolutions": []}, handle)
    return ProjectPaths.at(folder)


@pytest.mark.parametrize(
    ("body", "quote", "text"),
    [
        (APPROVAL, "Regulators approved the migraine drug Zalvora on Tuesday", "Regulators approved Zalvora in March 2015."),
        (TRANSFER, "Midfielder Luis Ortega joined Real Betis last week", "Luis Ortega joined Real Betis in August 2015."),
    ],
)
def test_a_relative_time_in_an_undated_article_never_turns_support_into_contradiction(
    tmp_path: Path, body: str, quote: str, text: str
) -> None:
    paths = write_project(tmp_path / "p", {"art": body}, [
        {"id": "c", "text": text, "evidence": [{"source": "art", "quote": quote, "stance": "supports"}]},
    ])
    result = check_project(paths)
    assessment = result.assessments["c"]
    assert (assessment.verdict, assessment.credibility) == ("supported", 3), assessment.reasons
    assert assessment.evidence[0].effective_stance is None
    assert not [c for c in result.conflicts if c.kind == "within-claim"]


def test_a_weekday_read_against_a_range_of_weeks_is_vague_and_keeps_every_reading() -> None:
    inferred = Reference(dt.date(2015, 3, 1), dt.date(2015, 3, 20), "inferred 2015-03-01..2015-03-20 (low)",
                         inferred=True)
    (tuesday,) = check("The striker signed on Tuesday at the training ground.", reference=inferred).times
    assert tuesday.vague and tuesday.earliest < dt.date(2015, 3, 1) < tuesday.latest


def test_a_relative_time_whose_readings_agree_across_the_range_stays_firm() -> None:
    # Written some time from January to June 2015: "September 9 last year" is 2014-09-09 on every day of it.
    inferred = Reference(dt.date(2015, 1, 5), dt.date(2015, 6, 20), "inferred 2015-01-05..2015-06-20 (low)",
                         inferred=True)
    (day,) = check("The phone was unveiled on September 9 last year.", reference=inferred).times
    assert not day.vague and day.value == "2014-09-09"


def test_an_inferred_date_does_not_say_when_the_article_was_written_by() -> None:
    """A date read from the text only bounds the writing: it cannot make the text's own report impossible."""
    inferred = Reference(dt.date(2010, 1, 1), dt.date(2012, 1, 1), "inferred 2010..2012 (low)", inferred=True)
    published = Reference(dt.date(2012, 1, 1), dt.date(2012, 1, 1), "published 2012-01-01")
    assert inferred.written_by is None and published.written_by == dt.date(2012, 1, 1)
    item = check("The band released its fourth album.", reference=inferred)
    item.published_by = inferred.written_by
    claim = Claim(id="c", text="The band released its fourth album in 2014.")
    metas = {"dawn": SourceMeta(id="dawn", reliability="F")}
    assessment = score_claim(claim, [item], metas, {"dawn": "dawn"})
    assert (assessment.verdict, assessment.evidence[0].effective_stance) == ("supported", None)


def test_a_month_without_a_year_does_not_date_an_article() -> None:
    from factcheck.dating import infer_published

    # "in April" and "this winter" take 2012 from the text around them: only "since 2012" bounds the writing.
    found = infer_published("The studio has worked on the film since 2012 and was due to start filming this winter, "
                            "after the director quit in April.")
    assert found is not None and (found.earliest, found.latest) == (dt.date(2012, 1, 1), None)


def test_a_month_that_borrows_the_year_of_an_open_range_is_vague() -> None:
    sentence = "The studio has worked on the film since 2012, and the director quit in April over pay."
    (april,) = check(sentence, quote="the director quit in April over pay", reference=None).times
    assert april.vague
    # ...while a month in a sentence that names its year plainly keeps that year
    (march,) = check("In 2014 the band split up, and the singer left in March.", quote="the singer left in March",
                     reference=None).times
    assert (march.value, march.vague) == ("2014-03", False)
