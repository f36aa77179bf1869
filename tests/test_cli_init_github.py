"""`factcheck init --github`: a workflow at the repository's top that checks the project; nothing overwritten."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from factcheck import project as project_module
from factcheck.cli import app
from factcheck.workflow import InstallSpec
from tests.conftest import snapshot

runner = CliRunner()
SPEC = "factcheck @ git+https://example.org/acme/factcheck@0123456789abcdef0123456789abcdef01234567"
WARNING = (
    "warning: .github/workflows/factcheck.yml: FACTCHECK_INSTALL is empty: factcheck was installed from /src/factcheck, "
    "which CI cannot reach; set it to what pip can install factcheck from in CI (e.g. 'factcheck @ "
    "git+https://HOST/OWNER/factcheck@TAG'), or the workflow stops there\n"
)


@pytest.fixture
def installed_from(monkeypatch: pytest.MonkeyPatch) -> dict[str, InstallSpec]:
    """Pretend factcheck was installed from SPEC (a test may change it), whatever installed the one under test."""
    spec = {"now": InstallSpec(SPEC)}
    monkeypatch.setattr(project_module, "_running_install", lambda _repository: spec["now"])
    return spec


def workflow_of(file: Path) -> dict:
    return YAML(typ="safe").load(file.read_text(encoding="utf-8"))


def test_in_a_git_repository_the_workflow_goes_to_its_top_and_names_the_project(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    result = runner.invoke(app, ["init", "repo/ledgers/pk", "--github"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "created repo/.github/workflows/factcheck.yml",
        'next: factcheck source add FILE --project repo/ledgers/pk, then factcheck claim add ID "TEXT" --project '
        "repo/ledgers/pk, then factcheck check --project repo/ledgers/pk",
    ]
    assert (tmp_path / "repo" / "ledgers" / "pk" / "claims.yaml").is_file()
    job = workflow_of(tmp_path / "repo" / ".github" / "workflows" / "factcheck.yml")["jobs"]["check"]
    assert job["env"] == {"FACTCHECK_INSTALL": SPEC, "FACTCHECK_PROJECT": "ledgers/pk"}
    cache = next(step["with"] for step in job["steps"] if step.get("uses", "").startswith("actions/cache@"))
    assert cache["path"] == "${{ env.FACTCHECK_PROJECT }}/.factcheck"
    assert "format('{0}/claims.yaml', env.FACTCHECK_PROJECT)" in cache["key"]
    assert "format('{0}/sources/**', env.FACTCHECK_PROJECT)" in cache["key"]


def test_outside_a_git_repository_the_workflow_goes_into_the_project(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    result = runner.invoke(app, ["init", "ledger", "--github"])
    assert result.exit_code == 0, result.output
    assert "created ledger/.github/workflows/factcheck.yml\n" in result.stdout and result.stderr == ""
    job = workflow_of(tmp_path / "ledger" / ".github" / "workflows" / "factcheck.yml")["jobs"]["check"]
    assert job["env"]["FACTCHECK_PROJECT"] == "."


def test_an_existing_workflow_is_refused_and_nothing_is_written(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "factcheck.yml").write_text("# mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = runner.invoke(app, ["init", "ledger", "--github"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path}/.github/workflows/factcheck.yml: already there; factcheck init --github writes a new "
        "workflow and changes nothing in an existing one (delete or rename the file first, or edit it by hand)\n"
    )
    assert snapshot(tmp_path) == before and not (tmp_path / "ledger").exists()


def test_a_file_where_the_workflows_folder_should_be_is_refused_before_anything_is_written(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github").write_text("not a folder\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "ledger", "--github"])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {tmp_path}/.github: not a folder, so the workflow cannot go under it "
                             "(move the file)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", ".github"]


def test_on_an_existing_project_only_the_workflow_is_written(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    (tmp_path / "claims.yaml").write_text("claims: []  # mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "--github"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "kept the existing project in .\ncreated .github/workflows/factcheck.yml\n"
    assert (tmp_path / "claims.yaml").read_text(encoding="utf-8") == "claims: []  # mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".github", "claims.yaml"]
    assert runner.invoke(app, ["init"]).exit_code == 2  # without --github an existing project is still refused


def test_a_project_path_a_workflow_cannot_hold_is_refused_before_anything_is_written(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    (tmp_path / ".git").mkdir()
    result = runner.invoke(app, ["init", "led${{ github.token }}", "--github"])
    assert result.exit_code == 2
    assert "led${{ github.token }}: the project folder's path has characters a workflow cannot hold" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git"]


def test_when_ci_cannot_install_this_factcheck_the_workflow_says_so_and_stops(
    tmp_path: Path, installed_from: dict[str, InstallSpec]
) -> None:
    installed_from["now"] = InstallSpec(None, "factcheck was installed from /src/factcheck, which CI cannot reach")
    result = runner.invoke(app, ["init", "--github"])
    assert result.exit_code == 0, result.output
    assert result.stderr == WARNING
    job = workflow_of(tmp_path / ".github" / "workflows" / "factcheck.yml")["jobs"]["check"]
    assert job["env"]["FACTCHECK_INSTALL"] == ""
    install = next(step["run"] for step in job["steps"] if step.get("name") == "Install factcheck")
    # The step as the runner runs it (bash -e): it stops with an annotation instead of installing nothing.
    ran = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", install], capture_output=True,
                         text=True, env={**os.environ, **{k: str(v) for k, v in job["env"].items()}}, check=False)
    assert ran.returncode == 2
    assert ran.stdout.startswith("::error file=.github/workflows/factcheck.yml::set FACTCHECK_INSTALL to what pip")


def test_the_install_read_from_this_distribution_is_a_requirement_or_a_reason(tmp_path: Path) -> None:
    """The factcheck under test is installed somehow: the workflow gets a requirement, or init says why not."""
    spec = project_module._running_install(tmp_path.as_posix())
    assert (spec.requirement is None) != (spec.reason == "")
    assert spec.requirement is None or spec.requirement.startswith(("factcheck", "./", "."))
