"""Git access for `diff`: the repository a project is in, a revision named by the user, its files without a checkout."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from factcheck.errors import InvalidRevisionError

# Git's file modes: what ls-tree lists for a file, an executable, a symbolic link and a submodule.
_FILE_MODES = {"100644", "100755"}
_LINK_MODE = "120000"


def repository_root(start: Path, workspace: str | None = None) -> Path | None:
    """The repository a project is in: $GITHUB_WORKSPACE when it holds the project, else the nearest .git folder."""
    here = start.resolve()
    if workspace:
        root = Path(workspace).resolve()
        if here == root or root in here.parents:
            return root
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), None)


@dataclass(frozen=True)
class Repository:
    """The work tree a project sits in, and the project's folder inside it."""

    top: Path
    prefix: str  # posix, ending in '/' (git's --show-prefix), or '' when the project is the top folder


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git in `folder`; its messages in English, so the errors we read from it read the same everywhere."""
    # Literal pathspecs: a project folder named `*` or `:x` is that folder, not a pattern.
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1"}
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise InvalidRevisionError(
            "git is not installed (or not on PATH): factcheck diff reads the revisions from git"
        ) from None


def find_repository(folder: Path) -> Repository:
    """The git work tree holding `folder`; raises InvalidRevisionError when there is none."""
    done = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    if done.returncode != 0 or len(lines) < 2 or not lines[0]:
        raise InvalidRevisionError(
            f"{folder}: not in a git repository (or in its .git folder): factcheck diff compares git revisions "
            "of a project; run it in a repository's work tree, or name the project with --project"
        )
    return Repository(top=Path(lines[0]), prefix=lines[1])


def resolve_revision(repo: Repository, revision: str) -> str:
    """The commit a revision names (a hash, branch, tag, HEAD~1 ...), as its full hash."""
    problem = "" if revision.strip() and not revision.startswith("-") else "it is empty or starts with '-'"
    if not problem:
        done = _git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.decode("ascii").strip()
        problem = "no such commit"
    raise InvalidRevisionError(
        f"{revision!r}: not a revision of {repo.top} ({problem}): name a commit, branch or tag, as "
        "`git log --oneline` shows them"
    )


def short_hash(repo: Repository, commit: str) -> str:
    """A commit's abbreviated hash, as git log shows it."""
    done = _git(repo.top, "rev-parse", "--short", commit)
    return done.stdout.decode("ascii").strip() or commit[:7]


def export_project(repo: Repository, commit: str, dest: Path, parts: Sequence[str] = (".",)) -> bool:
    """Make `dest` hold the project's files (those under `parts` of its folder) as they are at `commit`; False when
    there are none there (the project did not exist yet).

    A folder exported before is brought up to date: only files whose blob changed are written (a manifest beside
    it, `dest.manifest.json`, says which blob each file holds). Files are written as git stores them (no clean or
    smudge filters); symbolic links stay links, so the checks that refuse a link leading out of the project refuse
    it here too; submodules are left out.
    """
    specs = [(PurePosixPath(repo.prefix) / part).as_posix() if repo.prefix else part for part in parts]
    listed = _git(repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
    if listed.returncode != 0:
        message = listed.stderr.decode("utf-8", "replace").strip()
        raise InvalidRevisionError(f"cannot list the files of {commit[:12]}: {message}")
    entries: dict[str, list[str]] = {}  # path inside the project -> [mode, object]
    for record in listed.stdout.split(b"\0"):
        if not record:
            continue
        info, _, raw_path = record.partition(b"\t")
        mode, kind, obj = info.decode("ascii").split(" ")
        path = os.fsdecode(raw_path)
        if kind != "blob" or (mode not in _FILE_MODES and mode != _LINK_MODE):
            continue
        inside = PurePosixPath(path[len(repo.prefix):])
        if not inside.parts or any(part in ("", ".", "..") for part in inside.parts):
            continue  # git refuses such paths; never write outside dest if one came through
        entries[inside.as_posix()] = [mode, obj]
    manifest = dest.with_name(dest.name + ".manifest.json")
    try:
        held = json.loads(manifest.read_text(encoding="utf-8")) if dest.is_dir() else None
    except (OSError, ValueError):
        held = None
    manifest.unlink(missing_ok=True)  # until the folder matches a manifest again
    if not isinstance(held, dict):
        shutil.rmtree(dest, ignore_errors=True)
        held = {}
    dest.mkdir(parents=True, exist_ok=True)
    for inside in held.keys() - entries.keys():
        (dest / inside).unlink(missing_ok=True)
    changed = [inside for inside, entry in entries.items()
               if held.get(inside) != entry or not (dest / inside).is_symlink() and not (dest / inside).is_file()]
    blobs = _read_blobs([entries[inside][1] for inside in changed], repo.top)
    for inside in changed:
        mode, obj = entries[inside]
        target = dest / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        if mode == _LINK_MODE:
            os.symlink(os.fsdecode(blobs[obj]), target)
        else:
            target.write_bytes(blobs[obj])
    from factcheck.yamlfile import write_atomically  # here: `check` imports this module for repository_root only

    write_atomically(manifest, json.dumps(entries))
    return bool(entries)


@contextlib.contextmanager
def revision_space(folder: Path) -> Iterator[Path]:
    """A folder for revisions' files and cache, kept between runs and held by one process at a time.

    Where it cannot be made or locked (a read-only place, no POSIX locks), a temporary one that is removed after.
    """
    try:
        import fcntl

        folder.mkdir(parents=True, exist_ok=True)
        lock = (folder / "lock").open("a")
    except (ImportError, OSError):
        with tempfile.TemporaryDirectory(prefix="factcheck-diff-") as scratch:
            yield Path(scratch)
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another diff on this project waits here, then finds the files it needs
        yield folder


def _read_blobs(objects: list[str], top: Path) -> dict[str, bytes]:
    """The contents of blobs, read in one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(objects))
    if not wanted:
        return {}
    done = _git(top, "cat-file", "--batch", stdin="".join(f"{obj}\n" for obj in wanted).encode("ascii"))
    if done.returncode != 0:
        raise InvalidRevisionError(f"cannot read files from git: {done.stderr.decode('utf-8', 'replace').strip()}")
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for obj in wanted:
        end = data.index(b"\n", at)
        header = data[at:end].decode("ascii").split(" ")
        if len(header) != 3:
            raise InvalidRevisionError(f"cannot read {obj} from git: {' '.join(header)}")
        size = int(header[2])
        out[obj] = data[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content, then a newline
    return out
