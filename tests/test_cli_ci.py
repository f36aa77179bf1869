"""`check` in CI: paths from the repository root whatever --project is, and annotations within GitHub's caps."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import GITHUB_ANNOTATIONS_SHOWN, app

runner = CliRunner()


def in_repository(project: Path, tmp_path: Path) -> Path:
    """The bundled ledger moved to ledger/ in a repository (a folder with .git); the ledger's folder."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.move(project, repo / "ledger")
    return repo / "ledger"


def break_stances(ledger: Path, count: int) -> None:
    """Make the first `count` evidence stances invalid, each one an error on its own line."""
    text = (ledger / "claims.yaml").read_text(encoding="utf-8")
    (ledger / "claims.yaml").write_text(text.replace("stance: supports", "stance: support", count), encoding="utf-8")


@pytest.mark.slow
def test_annotations_name_files_from_the_repository_root(project: Path, tmp_path: Path) -> None:
    ledger = in_repository(project, tmp_path)
    break_stances(ledger, 1)
    result = runner.invoke(app, ["check", "--project", str(ledger), "--format", "github"])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0].startswith("::error file=ledger/claims.yaml,line=17,col=17,")
    data = json.loads(runner.invoke(app, ["check", "--project", str(ledger), "--format", "json"]).stdout)
    assert data["diagnostics"][0]["path"] == "ledger/claims.yaml"
    text = runner.invoke(app, ["check", "--project", str(ledger)]).stdout  # a person reads it from the project
    assert text.splitlines()[0].startswith("claims.yaml:17:17: error:")


def test_github_workspace_is_the_root_in_actions(project: Path, tmp_path: Path) -> None:
    break_stances(project, 1)  # tmp_path holds no .git: only the workspace says where the repository is
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "github"],
                           env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert result.stdout.splitlines()[0].startswith("::error file=project/claims.yaml,line=17,")
    outside = runner.invoke(app, ["check", "--project", str(project), "--format", "github"],
                            env={"GITHUB_WORKSPACE": str(tmp_path / "elsewhere")})
    assert outside.stdout.splitlines()[0].startswith("::error file=claims.yaml,line=17,")


def test_annotations_stop_at_githubs_cap_and_say_how_many_more(project: Path) -> None:
    break_stances(project, 13)
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "github"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == GITHUB_ANNOTATIONS_SHOWN == 10
    plain = [line for line in lines if line.startswith("claims.yaml:") and ": error: " in line]
    assert len(plain) == 3  # the rest are in the log, as text
    assert lines[-1] == ("::notice title=factcheck::3 more errors in the log (GitHub shows 10 annotations of each "
                         "kind per step)")


def test_the_step_summary_is_appended_in_actions_with_user_text_escaped(project: Path, tmp_path: Path) -> None:
    text = (project / "claims.yaml").read_text(encoding="utf-8")
    (project / "claims.yaml").write_text(text.replace("stance: supports", "stance: <b>|x|</b>", 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "github"],
                           env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 2
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## an earlier step\n### factcheck check: failed: invalid input\n")
    assert re.search(r"\n18 claims checked: 1 errors, \d+ warnings, \d+ open conflicts, \d+ resolved\.\n", written)
    row = next(line for line in written.splitlines() if "claims[0].evidence[0].stance" in line)
    assert row.startswith("| error | `claims.yaml:17:17` | invalid field: ")
    assert "<b>" not in row and "&lt;b&gt;\\|x\\|&lt;/b&gt;" in row  # shown as text, the table not broken


def test_the_step_summary_counts_open_conflicts_and_is_not_written_outside_actions(project: Path,
                                                                                    tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "github"],
                           env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("### factcheck check: failed: findings to resolve\n")
    assert "open conflicts" in written and "| error | `claims.yaml:" in written
    summary.unlink()
    assert runner.invoke(app, ["check", "--project", str(project), "--format", "text"],
                         env={"GITHUB_STEP_SUMMARY": str(summary)}).exit_code == 1
    assert not summary.exists()  # only the github format writes it


def test_a_step_summary_that_cannot_be_written_is_a_warning_not_a_failure(project: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "github"],
                           env={"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a folder: cannot be opened to append
    assert result.exit_code == 1  # the open conflicts decide it, as without a summary
    assert f"warning: GITHUB_STEP_SUMMARY {tmp_path}: cannot write the summary: " in result.stderr
