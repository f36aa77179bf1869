"""A new source with no reliability grade yet (F) is no false alarm, and reports say when a grade rests on one
(issue 11, item 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.intake import render_source
from factcheck.sources import hash_body

runner = CliRunner()

PLAIN = "Islamabad: Pakistan and Russia signed a new defence pact in Moscow on 2 May 2018, the foreign office said."
HEDGED = "Islamabad: Pakistan and Russia reportedly signed a new defence pact in Moscow on 2 May 2018."
PACT = "Pakistan and Russia signed a new defence pact in May 2018."


def add_wire(project: Path, body: str, reliability: str | None = None) -> None:
    """A newly added source: dated, and graded only when `reliability` is given (F, the default, otherwise)."""
    front = {"id": "newwire-2018-05-03", "publisher": "Newwire", "published": dt.date(2018, 5, 3), "kind": "wire",
             "sha256": hash_body(body)}
    if reliability:
        front["reliability"] = reliability
    (project / "sources" / "newwire-2018-05-03.md").write_text(render_source(front, body), encoding="utf-8")
    yaml = YAML()
    ledger = yaml.load((project / "claims.yaml").read_text(encoding="utf-8"))
    quote = body.split(": ", 1)[1].rstrip(".").split(",")[0]
    ledger["claims"].append({"id": "pact-2018", "text": PACT, "evidence": [
        {"source": "newwire-2018-05-03", "quote": quote, "stance": "supports"}]})
    with (project / "claims.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(ledger, handle)


def check(project: Path) -> dict:
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def flagged_with_pact(project: Path) -> list[list[str]]:
    return [c["claims"] for c in check(project)["conflicts"] if "pact-2018" in c["claims"] and c["status"] == "open"]


def test_plain_support_from_a_source_nobody_graded_is_not_a_weak_claim(project: Path) -> None:
    before = {c["id"] for c in check(project)["conflicts"]}
    add_wire(project, PLAIN)
    assert flagged_with_pact(project) == []
    # ...and the bundled ledger's own conflicts are still all there
    assert before <= {c["id"] for c in check(project)["conflicts"]}


@pytest.mark.parametrize(("body", "grade", "why"), [
    (HEDGED, None, "hedged wording makes it weak, graded or not"),
    (PLAIN, "D", "a source graded not usually reliable makes it weak"),
])
def test_what_the_evidence_says_and_who_said_it_still_make_a_claim_weak(
    project: Path, body: str, grade: str | None, why: str
) -> None:
    add_wire(project, body, grade)
    assert ["defence-agreement-2014", "pact-2018"] in flagged_with_pact(project), why


@pytest.mark.parametrize(("fmt", "shown"), [
    ("text", "pact-2018: grade rests on sources of unknown reliability (F): newwire-2018-05-03; grade them in "
             "sources/ to firm it up"),
    ("markdown", "- grade rests on sources of unknown reliability (F): newwire-2018-05-03; grade them in sources/ to "
                 "firm it up"),
    ("html", "<li>grade rests on sources of unknown reliability (F): newwire-2018-05-03; grade them in sources/ to "
             "firm it up</li>"),
])
def test_reports_say_when_a_grade_rests_on_an_unknown_reliability(project: Path, fmt: str, shown: str) -> None:
    add_wire(project, PLAIN)
    result = runner.invoke(app, ["report", "--project", str(project), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert shown in " ".join(result.stdout.split())  # the terminal wraps long lines
    assert result.stdout.count("unknown reliability") == 1  # the bundled claims rest on graded sources only


def test_the_json_report_carries_the_reason_with_the_claim(project: Path) -> None:
    add_wire(project, PLAIN)
    data = json.loads(runner.invoke(app, ["report", "--project", str(project), "--format", "json"]).stdout)
    claims = {c["id"]: c for c in data["claims"]}
    assert "grade rests on sources of unknown reliability (F): newwire-2018-05-03; grade them in sources/ to firm it " \
           "up" in claims["pact-2018"]["reasons"]
    assert (claims["pact-2018"]["verdict"], claims["pact-2018"]["credibility"]) == ("supported", 3)
    assert not [r for c in data["claims"] if c["id"] != "pact-2018" for r in c["reasons"] if "unknown reliab" in r]
