"""`factcheck report`: golden Markdown and JSON for the bundled ledger, text and HTML, and --output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("FACTCHECK_REGEN_GOLDEN") == "1"


def report(project: Path, *args: str):
    return runner.invoke(app, ["report", "--project", str(project), *args])


@pytest.mark.parametrize(("fmt", "golden"), [("markdown", "report.md"), ("json", "report.json")])
def test_report_matches_golden(project: Path, fmt: str, golden: str) -> None:
    """Regenerate with FACTCHECK_REGEN_GOLDEN=1 and review the diff; never regenerate blindly."""
    result = report(project, "--format", fmt)
    assert result.exit_code == 0, result.output
    if REGENERATE:
        (GOLDEN / golden).write_text(result.stdout, encoding="utf-8")
    assert result.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


def test_json_report_has_the_documented_structure(project: Path) -> None:
    data = json.loads(report(project, "--format", "json").stdout)
    assert set(data) == {"version", "summary", "claims", "conflicts", "matrices", "sources", "diagnostics"}
    claim = data["claims"][0]
    assert {"id", "text", "verdict", "credibility", "independent_sources", "reasons", "evidence"} <= set(
        claim
    )
    assert {"source", "stance", "quote", "start", "end", "match", "similarity"} <= set(claim["evidence"][0])
    assert {"id", "claims", "kind", "status", "reason"} <= set(data["conflicts"][0])
    assert {"id", "title", "publisher", "published", "reliability", "sha256", "origin"} <= set(
        data["sources"][0]
    )


def test_json_report_anchors_point_at_the_quoted_words(project: Path) -> None:
    data = json.loads(report(project, "--format", "json").stdout)
    bodies = {}
    for file in (project / "sources").glob("*.md"):
        text = file.read_text(encoding="utf-8")
        bodies[file.stem] = text.split("\n---\n", 1)[1]
    for claim in data["claims"]:
        for ev in claim["evidence"]:
            assert ev["match"] in ("exact", "normalized"), (claim["id"], ev)
            assert bodies[ev["source"]][ev["start"] : ev["end"]] == ev["quote"].replace("\u00a0", "\u00a0")


def test_syndicated_copy_counts_as_one_origin(project: Path) -> None:
    data = json.loads(report(project, "--format", "json").stdout)
    origin = {s["id"]: s["origin"] for s in data["sources"]}
    assert origin["despardes-2018-05-12-defense-treaty"] == "web-2018-04-24-russia-keen-military-ties"
    assert len(set(origin.values())) == 4
    salyukov = next(c for c in data["claims"] if c["id"] == "salyukov-keen-to-expand-2018-04")
    assert (salyukov["independent_sources"], salyukov["articles"]) == (2, 3)
    assert "3 articles, 2 independent origins" in salyukov["reasons"]


def test_text_report_shows_verdicts_and_open_conflicts_side_by_side(project: Path) -> None:
    result = report(project)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(
        "factcheck report\n19 claims (13 supported, 2 refuted, 0 conflicting, 4 unverified)"
    )
    assert "Open conflicts (2)" in out
    assert "cf-15920f8d (restatement)" in out
    header = next(line for line in out.splitlines() if line.startswith("│ defence-agreement-2014"))
    assert "│ defense-treaty-2018" in header  # the two claims' columns stand side by side
    assert "Resolved conflicts (4)" in out


def test_html_report_is_self_contained_and_escapes_source_text(project: Path) -> None:
    claims = project / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "text: Pakistan and Russia signed a defence cooperation agreement in November 2014.",
            "text: Pakistan and Russia signed a defence cooperation agreement in November 2014 <script>alert(1)</script>",
        ),
        encoding="utf-8",
    )
    out = project / "report.html"
    result = report(project, "--format", "html", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {out} (html, 19 claims)\n"
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "src=" not in page and "<link" not in page  # nothing to fetch
    assert "Pakistan’s capital Islamabad" in page


def test_report_on_invalid_input_exits_2_with_the_problems(project: Path) -> None:
    (project / "claims.yaml").write_text("claims:\n  - id: a\n", encoding="utf-8")
    result = report(project)
    assert result.exit_code == 2
    assert result.stderr == "claims.yaml:2:5: error: claims[0].text: required field is missing; add `text:`\n"


def test_an_override_is_shown_as_an_override_in_every_format(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace(
            "  - id: raheel-sharif-russia-visit-2015\n",
            "  - id: raheel-sharif-russia-visit-2015\n    override:\n      credibility: 2\n"
            "      reason: Both reports may rest on one ISPR press release.\n      by: A. Reviewer\n"
            "      date: 2026-12-02\n",
        ),
        encoding="utf-8",
    )
    data = json.loads(report(project, "--format", "json").stdout)
    claim = next(c for c in data["claims"] if c["id"] == "raheel-sharif-russia-visit-2015")
    assert (claim["verdict"], claim["credibility"], claim["computed_credibility"]) == ("supported", 2, 1)
    assert claim["override"]["reason"] == "Both reports may rest on one ISPR press release."
    line = ("Override by A. Reviewer on 2026-12-02: Both reports may rest on one ISPR press release. (the evidence "
            "gives supported, grade 1)")
    assert f"_{line}_" in report(project, "--format", "markdown").stdout
    assert line in report(project, "--format", "html").stdout
    assert "(override)" in report(project, "--format", "text").stdout  # under "supported" in a narrow column


def test_an_override_without_a_reason_is_an_error_with_its_line(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace("  - id: raheel-sharif-russia-visit-2015\n",
                     "  - id: raheel-sharif-russia-visit-2015\n    override:\n      credibility: 2\n"),
        encoding="utf-8",
    )
    result = report(project, "--format", "json")
    assert result.exit_code == 2
    assert "claims.yaml:" in result.output and "override" in result.output and "reason" in result.output


def test_competing_claims_are_laid_out_as_an_ach_matrix(project: Path) -> None:
    data = json.loads(report(project, "--format", "json").stdout)
    (instruments,) = [m for m in data["matrices"] if "defense-treaty-2018" in m["claims"]]
    assert instruments["claims"] == [
        "defence-agreement-2014", "military-technical-accord-2015", "defense-treaty-2018",
        "defence-mou-signed-after-2013", "defence-agreement-signed-2018",
    ]
    rows = {(r["claim"], r["index"]): r for r in instruments["rows"]}
    dawn_2014 = rows[("defence-agreement-2014", 0)]
    # consistent with the 2014 agreement, inconsistent with the claim that redates it, neutral elsewhere
    assert dawn_2014["ratings"] == {
        "defence-agreement-2014": "consistent", "military-technical-accord-2015": "neutral",
        "defense-treaty-2018": "neutral", "defence-mou-signed-after-2013": "neutral",
        "defence-agreement-signed-2018": "inconsistent",
    }
    assert dawn_2014["diagnostic"] is True
    # the minister "gave no further details": doubt from inside counts against the treaty
    assert rows[("defense-treaty-2018", 1)]["ratings"]["defense-treaty-2018"] == "inconsistent"
    # a mention that bears on no claim cannot tell them apart
    assert rows[("defence-agreement-2014", 2)]["diagnostic"] is False
    markdown = report(project, "--format", "markdown").stdout
    assert "## Competing claims (ACH)" in markdown
    assert "| `defence-agreement-2014`[0] `dawn-2018-04-25-bajwa-moscow`: “Both sides had signed a defence " \
           "cooperation agreement in November 2014” | C | – | – | – | I |" in markdown
    assert "<table class='ach'>" in report(project, "--format", "html").stdout
    text = report(project, "--format", "text").stdout
    assert "Competing claims (ACH): defence-agreement-2014, military-technical-accord-2015" in text


def test_markdown_pings_no_one_and_links_no_issue_from_the_ledgers_text(project: Path) -> None:
    """The Markdown report is the natural PR comment: '@name' would notify a person and '#12' link an issue."""
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    line = "text: Pakistan and Russia signed a defence cooperation agreement in November 2014."
    claims.write_text(text.replace(line, 'text: "Per @octocat and #12 and GH-7 ' + line[6:] + '"', 1), encoding="utf-8")
    markdown = CliRunner().invoke(app, ["report", "--project", str(project), "--format", "markdown"]).stdout
    assert "Per @&#8203;octocat and #&#8203;12 and GH&#8203;-7 Pakistan" in markdown
    assert "@octocat" not in markdown and "#12" not in markdown and "GH-7" not in markdown
    plain = CliRunner().invoke(app, ["report", "--project", str(project), "--format", "text"]).stdout
    assert "Per @octocat and #12 and GH-7" in " ".join(plain.split())  # other formats show the text as it is
