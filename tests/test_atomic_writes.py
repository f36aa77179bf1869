"""Files the tool writes: the mode the umask gives to new ones, existing modes kept, killed writes' temp files cleaned."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import yamlfile
from factcheck.cli import app
from factcheck.yamlfile import STALE_TEMP_SECONDS, remove_stale_temp_files, write_atomically

runner = CliRunner()


@pytest.fixture(params=[0o022, 0o077], ids=["umask 022", "umask 077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under this umask, and restore the machine's after it."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_mode_the_umask_gives(project: Path, tmp_path: Path, umask: int) -> None:
    expected = 0o666 & ~umask  # 0644 under 022, 0600 under 077: what `touch` would make
    report = tmp_path / "report.md"
    assert runner.invoke(app, ["report", "--project", str(project), "--format", "markdown", "-o", str(report)]
                         ).exit_code == 0
    text = tmp_path / "statement.txt"
    text.write_text("Khurram Dastgir Khan said the two countries had signed a defence pact.\n", encoding="utf-8")
    added = runner.invoke(app, ["source", "add", str(text), "--project", str(project)])
    assert added.exit_code == 0, added.output
    fresh = tmp_path / "fresh"
    (fresh / "sources").mkdir(parents=True)
    claim = runner.invoke(app, ["claim", "add", "a-claim", "Pakistan and Russia signed a pact.", "--project",
                                str(fresh)])
    assert claim.exit_code == 0, claim.output
    written = [report, project / "sources" / "statement.md", project / "sources" / "statement.orig.txt",
               fresh / "claims.yaml"]
    assert {str(p.relative_to(tmp_path)): oct(mode(p)) for p in written} == {
        str(p.relative_to(tmp_path)): oct(expected) for p in written
    }


def test_an_existing_file_keeps_its_mode(project: Path, tmp_path: Path) -> None:
    previous = os.umask(0o077)  # would give 0600 to a new file
    try:
        keeps_its_mode(project, tmp_path)
    finally:
        os.umask(previous)


def keeps_its_mode(project: Path, tmp_path: Path) -> None:
    claims = project / "claims.yaml"
    claims.chmod(0o640)
    report = tmp_path / "report.md"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(0o604)
    result = runner.invoke(app, ["claim", "add", "a-claim", "Pakistan and Russia signed a pact.", "--project",
                                 str(project)])
    assert result.exit_code == 0, result.output
    write_atomically(report, "new\n")
    assert "a-claim" in claims.read_text(encoding="utf-8") and report.read_text(encoding="utf-8") == "new\n"
    assert (oct(mode(claims)), oct(mode(report))) == (oct(0o640), oct(0o604))


def killed_write(folder: Path, name: str, age: float, random: str = "k1ll3d_x") -> Path:
    """A temp file as a write_atomically killed between writing it and renaming it leaves behind."""
    temp = folder / f".{name}.factcheck-{random}.tmp"
    temp.write_text("half a fi", encoding="utf-8")
    then = time.time() - age
    os.utime(temp, (then, then))
    return temp


def test_a_killed_writes_temp_files_are_cleaned_by_the_next_write_in_that_folder(project: Path) -> None:
    old_claims = killed_write(project, "claims.yaml", 3600)
    old_source = killed_write(project / "sources", "new-source.md", 3600)
    running = killed_write(project, "claims.yaml", 1, "runn1ng_")  # another process's write, in progress: left alone
    others = [project / ".notes.k1ll3d_x.tmp", project / ".claims.yaml.factcheck-short.tmp", project / "x.tmp"]
    for other in others:  # not our name pattern: never ours to remove
        other.write_text("keep", encoding="utf-8")
        os.utime(other, (0, 0))
    result = runner.invoke(app, ["claim", "add", "a-claim", "Pakistan and Russia signed a pact.", "--project",
                                 str(project)])
    assert result.exit_code == 0, result.output
    assert not old_claims.exists() and running.exists() and all(p.exists() for p in others)
    assert old_source.exists()  # nothing was written in sources/ yet
    text = project / "statement.txt"
    text.write_text("Khurram Dastgir Khan said the two countries had signed a defence pact.\n", encoding="utf-8")
    assert runner.invoke(app, ["source", "add", str(text), "--project", str(project)]).exit_code == 0
    assert not old_source.exists()
    assert sorted(p.name for p in project.rglob("*.tmp")) == sorted(p.name for p in [running, *others])


def test_stale_means_older_than_a_minute(tmp_path: Path) -> None:
    temp = killed_write(tmp_path, "report.md", 0)
    now = temp.stat().st_mtime
    assert remove_stale_temp_files(tmp_path, now=now + STALE_TEMP_SECONDS - 1) == []
    assert remove_stale_temp_files(tmp_path, now=now + STALE_TEMP_SECONDS + 1) == [temp]
    assert not temp.exists()


def test_a_failed_write_leaves_no_temp_file_and_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "claims.yaml"
    target.write_text("claims: []\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yamlfile.os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "claims: [changed]\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml"]
    assert target.read_text(encoding="utf-8") == "claims: []\n"
