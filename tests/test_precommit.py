"""The pre-commit hooks, run by `pre-commit try-repo` as a user's commit would run them: factcheck-check fails on an
open conflict, factcheck-schema on a schema error, and both pass on a clean ledger.

Offline: pre-commit builds the hook's virtualenv and pip-installs this repository into it, which needs the package
index. Here pip gets no index at all (PIP_NO_INDEX, and a dead PIP_INDEX_URL to prove nothing is fetched); the
build backend comes from the setuptools wheel virtualenv ships, and the run-time dependencies from this test
environment, seen through PYTHONPATH (a view of its site-packages without factcheck itself, so the hook runs the
copy pip installed from the hook repository, not the one under test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]
pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")
virtualenv = pytest.importorskip("virtualenv", reason="pre-commit's python hooks are built with virtualenv")

OPEN_CONFLICTS = ("cf-15920f8d", "cf-d1cf6bb4")  # the two the bundled ledger keeps open on purpose


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=factcheck tests", "-c", "user.email=tests@invalid", "-c",
                    "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's hook definitions and package, as they are in the working tree, committed in a repository
    of their own (try-repo would leave out files that are new and not committed yet)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "factcheck", repo / "factcheck", ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks under test")
    return repo


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment for pre-commit: no package index, caches and pre-commit's store in a temp folder."""
    base = tmp_path_factory.mktemp("offline")
    deps = base / "deps"
    deps.mkdir()
    for site in dict.fromkeys((sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])):
        for entry in Path(site).iterdir():
            hidden = entry.name.startswith(("factcheck", "__editable__")) or entry.suffix == ".pth"
            if not hidden and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUALENV_", "PYTHON", "GIT_"))}
    env.update({
        "PRE_COMMIT_HOME": str(base / "pre-commit"),
        "PIP_CONFIG_FILE": os.devnull,  # not the machine's index or find-links
        "PIP_NO_INDEX": "1",
        "PIP_INDEX_URL": "http://127.0.0.1:9/",  # nothing listens there: any fetch would fail the install
        "PIP_FIND_LINKS": str(embedded),  # setuptools for the isolated build, as virtualenv ships it
        "PIP_NO_CACHE_DIR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(deps),
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "VIRTUALENV_OVERRIDE_APP_DATA": str(base / "virtualenv"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "NO_COLOR": "1",
    })
    return env


def target_repo(tmp_path: Path, edit: str = "") -> Path:
    """A git repository holding a copy of the bundled ledger, claims.yaml changed by `edit`."""
    repo = tmp_path / "ledger"
    repo.mkdir()
    shutil.copytree(ROOT / "sources", repo / "sources")
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    if edit == "resolve":
        text += "".join(
            f"\n  - conflict: {conflict}\n    outcome: accepted\n    by: hook test\n    date: 2026-12-03\n"
            f"    note: Accepted for the test, so that no conflict is open.\n"
            for conflict in OPEN_CONFLICTS
        )
    elif edit == "schema":
        text = text.replace("stance: supports", "stance: support", 1)
    (repo / "claims.yaml").write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def try_repo(hook_repo: Path, target: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *args, "--color", "never"],
                          cwd=target, env=env, capture_output=True, text=True, check=False, timeout=600)


def hook_line(output: str, name: str) -> str:
    """The status pre-commit printed for a hook: Passed, Failed or Skipped."""
    line = next(line for line in output.splitlines() if line.startswith(name + "."))
    return line.rsplit(".", 1)[1].split(")")[-1]


def test_the_check_hook_fails_on_an_open_conflict(hook_repo: Path, offline: dict[str, str], tmp_path: Path
                                                  ) -> None:
    target = target_repo(tmp_path)
    ran = try_repo(hook_repo, target, offline, "--all-files")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert hook_line(ran.stdout, "factcheck check") == "Failed"
    assert hook_line(ran.stdout, "factcheck validate") == "Passed"
    assert "- exit code: 1" in ran.stdout
    for conflict in OPEN_CONFLICTS:
        assert f"error: open conflict {conflict} (restatement)" in ran.stdout
    assert "19 claims checked: 0 errors, 0 warnings, 2 open conflicts, 4 resolved" in ran.stdout


def test_both_hooks_pass_once_the_conflicts_are_resolved_and_a_source_alone_skips_the_schema_hook(
    hook_repo: Path, offline: dict[str, str], tmp_path: Path
) -> None:
    target = target_repo(tmp_path, "resolve")
    ran = try_repo(hook_repo, target, offline, "--files", "sources/dawn-2018-04-25-bajwa-moscow.md")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert hook_line(ran.stdout, "factcheck check") == "Passed"
    assert hook_line(ran.stdout, "factcheck validate") == "Skipped"  # only claims.yaml triggers it
    ran = try_repo(hook_repo, target, offline, "factcheck-schema", "--files", "claims.yaml")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert hook_line(ran.stdout, "factcheck validate") == "Passed"


def test_the_schema_hook_fails_on_a_schema_error(hook_repo: Path, offline: dict[str, str], tmp_path: Path) -> None:
    target = target_repo(tmp_path, "schema")
    ran = try_repo(hook_repo, target, offline, "factcheck-schema", "--all-files")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert hook_line(ran.stdout, "factcheck validate") == "Failed"
    assert "- exit code: 2" in ran.stdout
    assert ("claims.yaml:17:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
            "qualifies, mentions") in ran.stdout
