"""Time end to end on the bundled project: resolved times in reports, inferred dates, mismatches, plans, timelines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()


def report(project: Path, fmt: str = "json") -> str:
    result = runner.invoke(app, ["report", "--project", str(project), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def claim_of(data: dict, claim_id: str) -> dict:
    return next(c for c in data["claims"] if c["id"] == claim_id)


def add_claims(project: Path, text: str) -> None:
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + text, 1),
                      encoding="utf-8")


def test_evidence_shows_each_time_with_the_words_that_gave_it(project: Path) -> None:
    data = json.loads(report(project))
    (commission,) = claim_of(data, "military-cooperation-commission-2018")["evidence"]
    assert [(t["words"], t["value"], t["relative"]) for t in commission["times"]] == [("February", "2018-02", True)]
    assert commission["time_reference"] == "published 2018-04-25"
    assert "February → 2018-02" in report(project, "markdown")
    assert "time: February → 2018-02 <i>(published 2018-04-25)</i>" in report(project, "html")


def test_claims_carry_their_time_and_kind(project: Path) -> None:
    data = json.loads(report(project))
    assert {c["id"]: c["time"] for c in data["claims"]}["defence-agreement-2014"] == "2014-11"
    mou = claim_of(data, "defence-mou-signed-after-2013")
    assert (mou["time"], mou["time_from"]) == ("2013/2018-05-12", "field")
    assert claim_of(data, "khurram-dastgir-fm-2018-05")["kind"] == "state"


def test_undated_sources_show_their_inferred_date_as_inferred(project: Path) -> None:
    data = json.loads(report(project))
    web = next(s for s in data["sources"] if s["id"] == "web-2017-pakistan-cosying-up-to-russia")
    assert web["published"] is None
    assert (web["published_inferred"]["latest"], web["published_inferred"]["confidence"]) == ("2017-10-02", "low")
    dawn = next(s for s in data["sources"] if s["id"] == "dawn-2018-04-25-bajwa-moscow")
    assert dawn["published_inferred"] is None  # a printed date is never replaced by a guess
    markdown = report(project, "markdown")
    assert "2015-01-01..2017-10-02 (inferred, low confidence: " in markdown
    # relative times in an undated article are read against it, and marked with what they were read against
    (_, last_year) = claim_of(data, "druzhba-2016-first-exercise")["evidence"][:2]
    assert last_year["time_reference"].startswith("inferred 2015-01-01..2017-10-02")


def test_office_holders_at_different_times_do_not_conflict(project: Path) -> None:
    data = json.loads(report(project))
    settled = next(c for c in data["conflicts"] if c["id"] == "cf-6f9594b7")
    assert (settled["status"], settled["settled_by"], settled["resolution"]) == ("resolved", "time", None)
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert "settled by time" in result.stdout and "open conflict cf-6f9594b7" not in result.stdout


def test_a_date_shifted_claim_is_refuted_by_the_quote_that_gives_the_true_date(project: Path) -> None:
    add_claims(project, """  - id: agreement-2015
    text: Pakistan and Russia signed a defence cooperation agreement in November 2015.
    evidence:
      - source: dawn-2018-04-25-bajwa-moscow
        quote: Both sides had signed a defence cooperation agreement in November 2014
        stance: supports
""")
    claim = claim_of(json.loads(report(project)), "agreement-2015")
    assert (claim["verdict"], claim["credibility"]) == ("refuted", 5)
    (evidence,) = claim["evidence"]
    assert (evidence["stance"], evidence["effective_stance"]) == ("supports", "contradicts")
    assert any("the quote says 'November 2014' → 2014-11, the claim says 2015-11" in r for r in claim["reasons"])
    assert "**supports, read as contradicts** (strong)" in report(project, "markdown")


def test_a_visit_that_was_only_scheduled_is_not_a_visit_that_happened(project: Path) -> None:
    add_claims(project, """  - id: bajwa-visit-planned
    text: Gen Bajwa's visit to Russia was scheduled for the first week of October 2017.
    evidence:
      - source: web-2017-pakistan-cosying-up-to-russia
        quote: his visit was scheduled in the first week of October 2017
        stance: supports
  - id: bajwa-visited-oct
    text: Gen Bajwa visited Moscow in early October 2017.
    evidence:
      - source: web-2017-pakistan-cosying-up-to-russia
        quote: his visit was scheduled in the first week of October 2017
        stance: supports
""")
    data = json.loads(report(project))
    assert claim_of(data, "bajwa-visit-planned")["verdict"] == "supported"
    happened = claim_of(data, "bajwa-visited-oct")
    assert (happened["verdict"], happened["credibility"]) == ("unverified", 6)
    assert happened["reasons"][0] == "the only support is a plan or schedule, which is not evidence that it happened"


def test_the_html_report_draws_a_timeline_per_claim_group(project: Path) -> None:
    html = report(project, "html")
    figures = re.findall(r"<figure><figcaption>(.*?)</figcaption>(<svg.*?</svg>)</figure>", html)
    captions = [caption for caption, _ in figures]
    # the instruments in conflict are one group: the treaty, the agreement and accord it is set against, the MoU
    # and the redated agreement
    group = ("defence-agreement-2014 · military-technical-accord-2015 · defense-treaty-2018 · "
             "defence-mou-signed-after-2013 · defence-agreement-signed-2018")
    assert group in captions
    treaty = dict(figures)[group]
    assert ">2014</text>" in treaty and ">2018</text>" in treaty
    assert treaty.count("<rect") >= 6  # three claims and their dated quotes
    # a claim with no time and no dated quote gets no empty chart
    assert not any(caption == "russia-lifts-arms-embargo" for caption in captions)


def test_a_warm_run_reads_no_times_again_but_a_rule_change_does(project: Path, monkeypatch) -> None:
    import factcheck.project as project_module
    from factcheck.project import ProjectPaths, check_project

    first = check_project(ProjectPaths.at(project))

    def no_reading(*_args, **_kwargs):
        raise AssertionError("times were read again although nothing changed")

    monkeypatch.setattr(project_module, "quote_times", no_reading)
    monkeypatch.setattr(project_module, "claim_time", no_reading)
    warm = check_project(ProjectPaths.at(project))
    assert [c.times for c in warm.checks] == [c.times for c in first.checks]
    assert warm.claim_times == first.claim_times
    # a change to the rules that read times (here: a new digest) reads them all again
    monkeypatch.setattr(project_module, "time_rules_key", lambda: "changed-rules")
    with pytest.raises(AssertionError, match="times were read again"):
        check_project(ProjectPaths.at(project))
