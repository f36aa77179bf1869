"""`factcheck validate`: claims.yaml's schema errors as `check` prints them, with no source read and no cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()
STANCE_ERROR = (
    "claims.yaml:17:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
    "qualifies, mentions"
)


def test_the_bundled_ledger_is_valid_and_no_cache_is_made(cold_project: Path) -> None:
    result = runner.invoke(app, ["validate", "--project", str(cold_project)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "claims.yaml: valid\n")
    assert not (cold_project / ".factcheck").exists()


def test_a_schema_error_is_printed_as_check_prints_it_and_exits_2(project: Path) -> None:
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("stance: supports", "stance: support", 1),
                      encoding="utf-8")
    result = runner.invoke(app, ["validate", "--project", str(project)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, STANCE_ERROR + "\n", "claims.yaml: 1 schema error\n")


def test_sources_are_not_read(project: Path) -> None:
    """A source that check would refuse does not slow or fail the schema hook: that is check's business."""
    (project / "sources" / "dawn-2018-04-25-bajwa-moscow.md").write_bytes(b"\xff\xfe not UTF-8")
    result = runner.invoke(app, ["validate", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["check", "--project", str(project)]).exit_code == 2


@pytest.mark.parametrize(
    ("text", "stdout"),
    [
        ("claims: [\n", "claims.yaml:2:1: error: invalid YAML: expected the node content, but found '<stream end>' "
                        "(while parsing a flow node)"),
        ("", "claims.yaml:1:1: error: the file is empty: start it with `claims:` and a list of claims (see README, "
             "'claims.yaml')"),
        ("claims:\n  - id: a\n    text: A claim.\n    conflicts_with: [b]\n",
         "claims.yaml:4:22: error: claims[0].conflicts_with[0]: no claim with id 'b'"),
        ("claims:\n  - id: a\n    text: A claim.\n    evidence:\n      - source: s\n        quote: Words.\n"
         "        stance: support\n",
         "claims.yaml:7:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
         "qualifies, mentions"),
    ],
    ids=["yaml syntax", "empty", "unknown claim", "stance"],
)
def test_what_is_wrong_with_the_file_alone_is_reported(tmp_path: Path, text: str, stdout: str) -> None:
    (tmp_path / "claims.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (2, stdout + "\n")
    assert stdout in runner.invoke(app, ["check"]).stdout.splitlines()  # what check says of it, word for word


def test_outside_a_project_it_says_where_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: .: not a factcheck project (no claims.yaml, no sources/): run factcheck in a project folder or name "
        "one with --project\n"
    )


def test_a_claims_file_linked_from_outside_the_project_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: hunter2\n", encoding="utf-8")
    (tmp_path / "ledger").mkdir()
    os.symlink(secret, tmp_path / "ledger" / "claims.yaml")
    result = runner.invoke(app, ["validate", "--project", "ledger"])
    assert result.exit_code == 2
    assert result.stdout == f"claims.yaml: error: symlink to {secret} outside the project: copy the file into the project instead\n"
    assert "hunter2" not in result.output
