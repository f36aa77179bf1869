"""Shared fixtures: every test works on a copy of the bundled project in tmp_path, never on the real files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Run each test in its own folder, with no CI variables leaking in from the machine."""
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY", "FACTCHECK_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    yield


def copy_bundled(dest: Path) -> Path:
    """Copy the bundled example project (claims.yaml and sources/) into a new folder `dest`."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "claims.yaml", dest / "claims.yaml")
    shutil.copytree(ROOT / "sources", dest / "sources")
    return dest


@pytest.fixture(scope="session")
def _warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache of one check of the bundled project, made once per session (a cold check costs about 0.4 s)."""
    from factcheck.project import ProjectPaths, check_project

    checked = copy_bundled(tmp_path_factory.mktemp("warm") / "project")
    check_project(ProjectPaths.at(checked))
    return checked / ".factcheck"


@pytest.fixture
def project(tmp_path: Path, _warm_cache: Path) -> Path:
    """A copy of the bundled example project (claims.yaml and sources/) with a warm cache.

    The cache is keyed by the hashes of what it holds, so a warm copy gives what a cold run gives (test_store and
    test_cli_check prove it); tests of a cold run use `cold_project`.
    """
    dest = copy_bundled(tmp_path / "project")
    shutil.copytree(_warm_cache, dest / ".factcheck")
    return dest


@pytest.fixture
def cold_project(tmp_path: Path) -> Path:
    """A copy of the bundled example project with no cache."""
    return copy_bundled(tmp_path / "project")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, except the cache, to prove a command changed nothing."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".factcheck" not in p.parts
    }
