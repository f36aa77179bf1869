"""`factcheck init`: a new project that the other commands accept, and nothing overwritten (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.claims import load_claims
from factcheck.cli import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_init_then_source_add_and_claim_add_make_a_project_check_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "ledger"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    assert {p.name for p in folder.iterdir()} == {"claims.yaml", "claims.schema.json", "sources", ".gitignore"}
    assert [p.name for p in (folder / "sources").iterdir()] == [".gitkeep"]  # so that git keeps the folder
    assert "next: factcheck source add FILE --project" in result.output
    assert load_claims(folder / "claims.yaml").claims == []
    article = tmp_path / "club.txt"
    article.write_text("Ronaldo signed a new contract with Real Madrid on Tuesday, the club said.\n", encoding="utf-8")
    added = run("source", "add", str(article), "--project", str(folder), "--id", "club-2015", "--publisher", "Club",
                "--published", "2015-09-15")
    assert added.exit_code == 0, added.output
    claim = run("claim", "add", "ronaldo-contract", "Ronaldo signed a new contract with Real Madrid.",
                "--source", "club-2015", "--quote", "Ronaldo signed a new contract with Real Madrid on Tuesday",
                "--stance", "supports", "--project", str(folder))
    assert claim.exit_code == 0, claim.output
    text = (folder / "claims.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=claims.schema.json\n")  # the comments stay
    assert "  - id: ronaldo-contract\n" in text and "claims: []" not in text
    checked = run("check", "--project", str(folder))
    assert checked.exit_code == 0, checked.output
    assert "0 errors" in checked.output


def test_the_schema_describes_the_ledger_and_the_gitignore_keeps_the_cache_out(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")  # no newline at the end
    assert run("init", str(tmp_path)).exit_code == 0
    schema = json.loads((tmp_path / "claims.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["claims"] and "claims" in schema["properties"]
    assert "evidence" in json.dumps(schema)
    assert schema == json.loads(run("schema").stdout)  # the same document `factcheck schema` prints
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()[0] == "*.pyc"
    assert ".factcheck/" in (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    (tmp_path / "claims.yaml").unlink()
    (tmp_path / "claims.schema.json").unlink()
    again = run("init", str(tmp_path))
    assert again.exit_code == 0, again.output
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").count(".factcheck/") == 1  # not added twice
    created = [line for line in again.output.splitlines() if line.startswith("created ")]
    assert not [line for line in created if ".gitignore" in line or "sources" in line]  # both were there: kept


def test_init_refuses_an_existing_project_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "claims.yaml").write_text("claims: []  # mine\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "claims.yaml: already there" in result.output and "changes nothing" in result.output
    assert (tmp_path / "claims.yaml").read_text(encoding="utf-8") == "claims: []  # mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml"]


def test_init_names_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "ledger").write_text("", encoding="utf-8")
    result = run("init", str(tmp_path / "ledger"))
    assert result.exit_code == 2 and "not a folder" in result.output


def test_a_clone_of_a_new_project_with_no_source_yet_checks_clean(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Git keeps no empty folder: without a file in sources/, CI's clone would say 'no sources/ folder'."""
    import subprocess

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    assert run("init", str(repo / "ledger")).exit_code == 0
    assert (repo / "ledger" / "sources" / ".gitkeep").is_file()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-qm", "init")
    subprocess.run(["git", "clone", "-q", str(repo), str(tmp_path / "clone")], check=True, capture_output=True)
    checked = run("check", "--project", str(tmp_path / "clone" / "ledger"))
    assert checked.exit_code == 0, checked.output
    # A ledger committed with an empty sources/ (no .gitkeep) reads back from git as one with an empty sources/.
    (repo / "ledger" / "sources" / ".gitkeep").unlink()
    git("add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-qm", "rm")
    assert run("diff", "--project", str(repo / "ledger")).stdout.endswith("\nno change to the ledger\n")
