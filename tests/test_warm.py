"""The warm path: a `check` with nothing changed prints what the last one printed, and any change is seen."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import factcheck.cli
import factcheck.project
import factcheck.store
import factcheck.warm
from factcheck.claims import CLAIMS_FILE
from factcheck.cli import app
from factcheck.project import DB_RELATIVE, ProjectPaths
from factcheck.vocabulary import RULES_DIR

runner = CliRunner()
DAWN = "dawn-2018-04-25-bajwa-moscow"
# What a warm `check` must not import: what the full run needs to read, score and render.
HEAVY = ["factcheck.project", "factcheck.scoring", "factcheck.models", "pydantic", "rich", "ruamel", "rapidfuzz",
         "sqlite_utils", "sqlite3"]


def run_check(project: Path, *args: str):
    return runner.invoke(app, ["check", "--project", str(project), *args])


def outcome(result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def kept_outputs(project: Path) -> list[Path]:
    return sorted((project / ".factcheck").glob("factcheck.db.check-*.out"))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take every input as settled: in a test, files are seconds old, not the SETTLE_NS a real run waits for."""
    monkeypatch.setattr(factcheck.warm, "SETTLE_NS", 0)


def test_the_layout_it_reads_is_the_projects() -> None:
    paths = ProjectPaths.at(Path("p"))
    assert (factcheck.warm.CLAIMS_NAME, factcheck.warm.SOURCES_NAME, factcheck.warm.RULES_NAME) == (
        paths.claims.name, paths.sources.name, RULES_DIR)
    assert (factcheck.warm.DB_RELATIVE, CLAIMS_FILE) == (DB_RELATIVE, paths.claims.name)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_warm_check_prints_what_the_last_one_printed(
    project: Path, settled: None, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    first = run_check(project, "--format", fmt)
    assert first.exit_code == 1 and len(kept_outputs(project)) == 1
    monkeypatch.setattr(factcheck.project, "check_project", None)  # a full run would crash
    assert outcome(run_check(project, "--format", fmt)) == outcome(first)


def test_each_set_of_options_keeps_its_own_output(project: Path, settled: None) -> None:
    text, json_, quiet = run_check(project), run_check(project, "-f", "json"), run_check(project, "--fail-on", "none")
    assert len(kept_outputs(project)) == 3
    assert quiet.exit_code == 0 and text.exit_code == 1
    assert [outcome(run_check(project)), outcome(run_check(project, "-f", "json"))] == [outcome(text), outcome(json_)]


def test_no_output_is_kept_while_an_input_is_newer_than_the_settle_time(project: Path) -> None:
    # claims.yaml was copied a moment ago: an edit in the same mtime tick as the next run could not be told apart.
    first = run_check(project)
    assert kept_outputs(project) == []
    assert outcome(run_check(project)) == outcome(first)


def test_an_edit_of_the_same_size_is_seen(project: Path, settled: None) -> None:
    first = run_check(project)
    source = project / "sources" / f"{DAWN}.md"
    text = source.read_text(encoding="utf-8")
    stat = source.stat()
    # One letter of a quoted sentence changed, the size kept: the quote drifts.
    source.write_text(text.replace("Bajwa", "Bajwo", 1), encoding="utf-8")
    assert source.stat().st_size == stat.st_size
    second = run_check(project)
    assert second.stdout != first.stdout and "drift" in second.stdout + second.stderr
    source.write_text(text, encoding="utf-8")
    assert outcome(run_check(project)) == outcome(first)


CHANGES = {
    "claims.yaml": lambda p: (p / "claims.yaml").write_text((p / "claims.yaml").read_text() + "# a comment\n"),
    "a new source": lambda p: (p / "sources" / "new.md").write_text("---\ntitle: New\n---\nText.\n"),
    "a removed source": lambda p: (p / "sources" / f"{DAWN}.md").unlink(),
    "a rules folder": lambda p: (p / "rules").mkdir(),
    "a source made unreadable": lambda p: (p / "sources" / f"{DAWN}.md").chmod(0o200),
    "the cache": lambda p: os.utime(p / ".factcheck" / "factcheck.db"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_is_part_of_the_key(
    project: Path, settled: None, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    run_check(project)
    assert len(kept_outputs(project)) == 1
    assert outcome(run_check(project)) == outcome(run_check(project))  # kept, and the same
    CHANGES[change](project)
    monkeypatch.setattr(factcheck.project, "check_project", None)  # a full run crashes: the kept output is not used
    assert isinstance(run_check(project).exception, TypeError)


def test_a_run_that_could_not_use_the_cache_keeps_nothing(
    project: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factcheck.store, "BUSY_TIMEOUT_S", 0.05)
    with (project / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# an edit the cache would remember\n")
    holder = sqlite3.connect(project / DB_RELATIVE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go: the cache files do not change
    try:
        warned = run_check(project)
        again = run_check(project)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert warned.stderr.startswith("warning: could not use the cache") and kept_outputs(project) == []
    assert outcome(again) == outcome(warned)  # said again: the output without the cache was not kept


def test_github_annotations_are_printed_again_and_the_step_summary_written_again(
    project: Path, settled: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = run_check(project, "--format", "github")
    assert len(kept_outputs(project)) == 1
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert outcome(run_check(project, "--format", "github")) == outcome(first)
    assert "open conflicts" in summary.read_text(encoding="utf-8")  # the full run wrote it, as always


@pytest.mark.parametrize(
    ("args", "answered"),
    [
        (["check", "-p", "{p}"], True),
        (["check", "--project={p}", "--format", "text", "--fail-on=conflict"], True),
        (["check", "--project", "{p}", "-f", "text"], True),
        (["check", "--project", "{p}", "--help"], False),
        (["check", "-p", "{p}", "-p", "{p}"], False),  # repeated: Typer's rule applies
        (["check", "-p{p}"], False),
        (["check", "--project"], False),
        (["check", "--project="], False),
        (["check", "-p", "{p}", "--format", "yaml"], False),  # Typer says what the choices are
        (["check", "-p", "{p}", "--fail-on", "conflict"], True),
        (["check", "-p", "{p}", "--fail-on", "none"], False),  # no output kept for these options
        (["check", "-p", "{p}", "--", "x"], False),
        (["report", "-p", "{p}"], False),
        ([], False),
    ],
)
def test_the_command_line_is_read_before_typer_only_when_it_is_plain(
    project: Path, settled: None, capsys: pytest.CaptureFixture[str], args: list[str], answered: bool
) -> None:
    first = run_check(project)
    capsys.readouterr()
    code = factcheck.cli._warm_check([a.replace("{p}", str(project)) for a in args], 0)
    out = capsys.readouterr()
    assert (code, out.out, out.err) == ((first.exit_code, first.stdout, first.stderr) if answered else (None, "", ""))


def test_a_warm_check_imports_none_of_the_full_run(project: Path, settled: None) -> None:
    first = run_check(project)
    assert len(kept_outputs(project)) == 1
    # The console script's way in (main), and the modules loaded once it has answered.
    code = ("import json, sys\nimport factcheck.cli\nsys.argv = ['factcheck', 'check', '-p', sys.argv[1]]\n"
            "try:\n    factcheck.cli.main()\nfinally:\n    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, timeout=60)
    *stderr, modules = done.stderr.splitlines()
    assert (done.returncode, done.stdout, "\n".join(stderr) + "\n") == outcome(first)
    assert [m for m in json.loads(modules) if m in HEAVY or m.split(".")[0] in HEAVY] == []


def test_a_full_run_through_main_stats_its_inputs_once_and_keeps_its_output(
    project: Path, settled: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() stats every input to try the kept output; the full check that follows uses that, not a second pass."""
    counted = []
    real = factcheck.warm.state_key

    def counting(root: Path, db: Path):  # type: ignore[no-untyped-def]
        counted.append(root)
        return real(root, db)

    monkeypatch.setattr(factcheck.warm, "state_key", counting)

    def main(*args: str) -> int:
        monkeypatch.setattr(sys, "argv", ["factcheck", *args])
        with pytest.raises(SystemExit) as done:
            factcheck.cli.main()
        return int(done.value.code or 0)

    assert main("check", "--project", str(project)) == 1
    full = capsys.readouterr()
    assert len(counted) == 2  # one stat pass before, one after the run to keep its output under the cache's new state
    assert factcheck.cli._UNREPLAYED == {}
    counted.clear()
    assert main("check", "--project", str(project)) == 1
    assert capsys.readouterr() == full  # answered from the kept output
    assert len(counted) == 1
