"""Docs in sync: docs/cli.md is generated from the Typer app, and the README documents every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_cli_reference_is_generated_from_the_app(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "factcheck.cli",
            "utils",
            "docs",
            "--name",
            "factcheck",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), (
        "docs/cli.md is stale: run `python -m typer factcheck.cli utils docs --name factcheck --output docs/cli.md`"
    )


def test_readme_names_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = [
        line.removeprefix("## `").removesuffix("`")
        for line in reference.splitlines()
        if line.startswith("## `")
    ]
    assert commands, "no commands found in docs/cli.md"
    for command in commands:
        assert f"`{command}" in readme, f"README does not document `{command}`"
    for line in reference.splitlines():
        if line.startswith("* `--") and "--help" not in line:
            option = line.split("`")[1].split(" ")[0].rstrip(",")
            assert option in readme, f"README does not document {option}"


def test_readme_check_example_is_what_check_prints(project: Path) -> None:
    """The README's `factcheck check` transcript on the bundled example is the real output, line for line."""
    from typer.testing import CliRunner

    from factcheck.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    transcript = readme.split("$ factcheck check\n", 1)[1].split("$ echo $?\n", 1)
    shown, exit_code = transcript[0].splitlines(), transcript[1].splitlines()[0]
    result = CliRunner().invoke(app, ["check", "--project", str(project)])
    assert result.stdout.splitlines() + result.stderr.splitlines() == shown
    assert str(result.exit_code) == exit_code
