"""`report --format markdown --comment`: a pull-request comment that states the gate, fits GitHub's limit, and says
what it left out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.comment import COMMENT_MARKER, COMMENT_MAX_CHARS, Section, render_comment
from factcheck.project import ProjectPaths, check_project
from factcheck.report import build_report
from tests.test_cli_diff import _quiet_git, change_three_things, commit, make_repo, short  # noqa: F401 (a fixture)

runner = CliRunner()
BENCH = Path(__file__).resolve().parent.parent / "bench"


def comment(project: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", "--project", str(project), "--format", "markdown", "--comment", *args])
    return result.exit_code, result.stdout


def test_comment_states_the_gate_and_each_open_conflict_with_both_sides(project: Path) -> None:
    code, text = comment(project)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == COMMENT_MARKER  # the action finds and updates its own comment by this line
    assert lines[1] == "### factcheck: failed: findings to resolve"
    assert "2 open conflicts, 4 resolved; 0 errors, 0 warnings." in lines[3]
    assert "#### Open conflicts (2)" in text
    assert "- **cf-15920f8d** (restatement)" in text and "- **cf-d1cf6bb4** (restatement)" in text
    assert ("  - `defence-agreement-2014` (supported, grade 1): Pakistan and Russia signed a defence cooperation "
            "agreement in November 2014. — supports `dawn-2018-04-25-bajwa-moscow`: “Both sides had signed") in text
    assert "not shown" not in text and "#### Problems" not in text
    assert len(text) < 5_000  # the whole report in Markdown is about 38 kB; the comment says what a reviewer acts on


def test_a_conflict_inside_one_claim_shows_its_support_and_its_contradiction(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    assert runner.invoke(app, ["init", str(ledger)]).exit_code == 0
    for sid, words in (("club", "Ronaldo signed a new contract with Real Madrid on Tuesday, the club said."),
                       ("agent", "Ronaldo has not signed any new contract, his agent said on Wednesday.")):
        (tmp_path / f"{sid}.txt").write_text(words + "\n", encoding="utf-8")
        added = runner.invoke(app, ["source", "add", str(tmp_path / f"{sid}.txt"), "--id", sid, "--project",
                                    str(ledger), "--published", "2015-09-16"])
        assert added.exit_code == 0, added.output
    for args in (["claim", "add", "contract", "Ronaldo signed a new contract with Real Madrid in September 2015.",
                  "--source", "club", "--quote", "Ronaldo signed a new contract with Real Madrid", "--stance",
                  "supports"],
                 ["claim", "add-evidence", "contract", "--source", "agent", "--quote",
                  "Ronaldo has not signed any new contract", "--stance", "contradicts"]):
        assert runner.invoke(app, [*args, "--project", str(ledger)]).exit_code == 0
    code, out = comment(ledger)
    assert code == 0
    assert "- **cf-" in out and "** (within-claim): 'contract' is supported by club and contradicted by agent" in out
    assert ("  - `contract` (conflicting, grade 4): Ronaldo signed a new contract with Real Madrid in September 2015. "
            "— supports `club`: “Ronaldo signed a new contract with Real Madrid” — contradicts `agent`: “Ronaldo has "
            "not signed any new contract”") in out


def test_a_resolved_ledger_says_it_passed(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    resolution = (
        "  - conflict: {id}\n    outcome: distinct\n    by: Test Reviewer\n    date: 2026-12-03\n"
        "    note: checked by hand\n"
    )
    added = "".join(resolution.format(id=cid) for cid in ("cf-15920f8d", "cf-d1cf6bb4"))
    claims.write_text(text.replace("resolutions:\n", "resolutions:\n" + added, 1), encoding="utf-8")
    code, out = comment(project)
    assert code == 0
    assert out.splitlines()[1] == "### factcheck: passed"
    assert "0 open conflicts, 6 resolved" in out and "#### Open conflicts" not in out


def test_a_small_limit_trims_whole_items_and_says_how_many_and_where(project: Path) -> None:
    code, text = comment(project, "--max-chars", "2500", "--link", "https://example.org/runs/7#report")
    assert code == 0
    assert len(text) <= 2500
    assert text.count("- **cf-") == 1
    assert ("… 1 more open conflict not shown (the comment's limit is 2,500 characters): see "
            "[the full report](https://example.org/runs/7#report).") in text
    assert text.rstrip().endswith("<sub>The whole ledger: [the full report](https://example.org/runs/7#report).</sub>")


def test_a_long_first_section_cannot_starve_the_ones_after_it(project: Path) -> None:
    report = build_report(check_project(ProjectPaths.at(project)))
    changes = [Section("Claims added (900)", [f"- `claim-{n:04}`: " + "words " * 40 for n in range(900)], "claim")]
    text = render_comment(report, changes, max_chars=20_000)
    assert len(text) <= 20_000
    shown = text.count("- `claim-")
    assert 50 < shown < 900
    assert f"… {900 - shown} more claims not shown" in text
    assert "#### Open conflicts (2)" in text and text.count("- **cf-") == 2  # still in, after the long section


def test_quoted_text_pings_no_one_links_no_issue_and_runs_no_workflow_command(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    line = "text: Pakistan and Russia signed a defence cooperation agreement in November 2014."
    claims.write_text(text.replace(line, 'text: "Per @octocat and #12 ' + line[6:] + '"', 1), encoding="utf-8")
    code, out = comment(project)
    assert code == 0
    assert "Per @&#8203;octocat and #&#8203;12 Pakistan" in out
    assert "@octocat" not in out and "#12" not in out


def test_with_a_base_the_comment_says_what_the_change_did_to_the_ledger(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    change_three_things(repo)
    commit(repo, "three changes")
    code, text = comment(repo, "--base", "HEAD~1")
    assert code == 0
    assert text.splitlines()[1] == "### factcheck: passed"  # the change resolved the small ledger's one conflict
    assert (f"This change, HEAD\\~1 ({short(repo, 'HEAD~1')}) → the working tree: claims added: 1, conflicts closed: 1, "
            "quotes edited: 1.") in text
    assert [line for line in text.splitlines() if line.startswith("####")] == [
        "#### Claims added (1)", "#### Conflicts closed (1)", "#### Quotes edited (1)",
    ]
    assert "- `commission-agreed` (supported, grade 2; 1 evidence)" in text
    assert "- `cf-15920f8d` (restatement) `defence-agreement-2014` vs `defense-treaty-2018`: resolved: distinct" in text


def test_a_base_that_is_not_a_revision_exits_2(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    result = runner.invoke(app, ["report", "--project", str(repo), "-f", "markdown", "--comment", "--base", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "text", "--comment"], "--comment needs --format markdown"),
        (["--format", "markdown", "--max-chars", "9000"], "--max-chars, --link and --base shape a comment: add --comment"),
        (["--format", "markdown", "--base", "HEAD"], "--max-chars, --link and --base shape a comment: add --comment"),
        (["--format", "markdown", "--comment", "--max-chars", "100"], "--max-chars 100 is too small for a comment"),
    ],
)
def test_options_that_cannot_make_a_comment_are_refused(project: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", "--project", str(project), *args])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.slow
def test_the_2000_source_bench_ledger_fits_one_comment_and_says_what_it_left_out(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import bench_check
    finally:
        sys.path.remove(str(BENCH))
    ledger = tmp_path / "bench"
    bench_check.write_ledger(bench_check.generate(2000, 400), ledger)
    code, text = comment(ledger)
    assert code == 0
    assert len(text) <= COMMENT_MAX_CHARS
    assert "#### Open conflicts (127)" in text
    assert text.count("\n- **") + text.count("\n- `claims.yaml") > 100
    assert "not shown (the comment's limit is 65,000 characters): see `factcheck report`." in text
