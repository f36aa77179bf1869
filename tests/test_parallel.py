"""Several factcheck processes on one project at once: each prints what a run alone prints.

Two CI jobs, an editor plugin and a terminal may all run `check` on one project: they share the cache, so they
must neither fail nor disagree, even when they all find it missing and build it at the same moment.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each process imports factcheck, then waits for the barrier file, so that all of them open the cold cache together.
LAUNCH = (
    "import os, sys, time\n"
    "from factcheck.cli import main\n"
    "barrier = sys.argv.pop(1)\n"
    "while not os.path.exists(barrier): time.sleep(0.001)\n"
    "sys.argv[0] = 'factcheck'\n"
    "main()\n"
)


def solo(project: Path, *args: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run([sys.executable, "-m", "factcheck", *args, "--project", str(project)], capture_output=True)
    return done.returncode, done.stdout, done.stderr


def at_once(project: Path, barrier: Path, commands: list[list[str]]) -> list[tuple[int, bytes, bytes]]:
    """Run the commands as separate processes released at one moment; their exit codes, stdout and stderr."""
    barrier.unlink(missing_ok=True)
    running = [
        subprocess.Popen([sys.executable, "-c", LAUNCH, str(barrier), *args, "--project", str(project)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for args in commands
    ]
    time.sleep(1.0)  # every interpreter started and imported factcheck
    barrier.touch()
    out = []
    for process in running:
        stdout, stderr = process.communicate(timeout=120)
        out.append((process.returncode, stdout, stderr))
    return out


@pytest.fixture
def cold(cold_project: Path) -> Path:
    """The bundled project with no cache."""
    assert not (cold_project / ".factcheck").exists()
    return cold_project


@pytest.mark.slow
def test_eight_checks_at_once_on_a_cold_cache_print_what_one_alone_prints(cold: Path, tmp_path: Path) -> None:
    expected = solo(cold, "check")
    assert expected[0] == 1 and b"internal error" not in expected[2]
    for _ in range(2):
        shutil.rmtree(cold / ".factcheck")
        assert at_once(cold, tmp_path / "go", [["check"]] * 8) == [expected] * 8


@pytest.mark.slow
def test_different_commands_at_once_print_what_each_alone_prints(cold: Path, tmp_path: Path) -> None:
    commands = [["check"], ["check", "--format", "json"], ["report", "--format", "markdown"],
                ["search", "defence cooperation"], ["sources", "verify"], ["check", "--format", "github"]]
    expected = []
    for args in commands:
        shutil.rmtree(cold / ".factcheck", ignore_errors=True)
        expected.append(solo(cold, *args))
    shutil.rmtree(cold / ".factcheck")
    assert at_once(cold, tmp_path / "go", commands) == expected
