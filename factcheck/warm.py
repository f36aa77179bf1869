"""The warm path: a command's output kept beside the cache and printed again while none of its inputs has changed.

A `check` with nothing changed would otherwise import every module, read every source and score every claim only to
print what it printed last time. The output is kept under a key made of the stat (size, mtime, ctime, inode, mode) of
every file the command reads (claims.yaml, sources/, rules/, the cache itself), of factcheck's code and the installed
packages, and of the command's options. Stat misses an edit that keeps a file's size within the same clock tick, so,
as git does with its index, an output is kept only when every input is older than the run that made it by more than
any file system's timestamp granularity: an edit after that always shows as a new mtime and ctime.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# What the output of a run depends on, as the project layout names it (tests/test_warm.py checks they agree).
CLAIMS_NAME = "claims.yaml"
SOURCES_NAME = "sources"
RULES_NAME = "rules"
DB_RELATIVE = Path(".factcheck") / "factcheck.db"
# Inputs must be this much older than the run that keeps an output: FAT's mtime ticks are 2 s, ext4's a few ms.
SETTLE_NS = 3_000_000_000
_HEADER = "factcheck output memo 1"
_PACKAGE = Path(__file__).resolve().parent

# An echo call to replay: the text, whether it went to stderr, whether a newline followed.
Echo = tuple[str, bool, bool]


@dataclass
class OutputMemo:
    """The kept output of one command with one set of options in one project, and the state of its inputs now."""

    file: Path
    slot: str  # a digest of the command and its options
    state: str  # a digest of the stat of every input, when the run started
    root: Path
    db: Path
    started_ns: int  # when the run started, before it read any input

    @property
    def key(self) -> str:
        """What the kept output must have been made under to be printed again."""
        return _digest([self.slot, self.state])

    def replay(self) -> tuple[int, list[Echo]] | None:
        """The exit code and echo calls kept for these inputs, or None when there are none (or they are stale)."""
        try:
            with open(self.file, encoding="utf-8") as handle:
                if handle.readline() != _HEADER + "\n" or handle.readline() != self.key + "\n":
                    return None
                kept = json.loads(handle.read())
            return int(kept["exit_code"]), [(str(t), bool(e), bool(n)) for t, e, n in kept["echoes"]]
        except (OSError, ValueError, KeyError, TypeError):  # absent, half-written by an older run, or foreign
            return None

    def keep(self, exit_code: int, echoes: Sequence[Echo]) -> bool:
        """Keep a run's output when its inputs had settled before it started and are unchanged since; True if kept.

        The cache is stat'ed again now, after the run wrote to it, so the next run finds the key this one keeps.
        """
        now = state_key(self.root, self.db)
        if now is None or now[0] != self.state or now[1] >= self.started_ns - SETTLE_NS:
            return False
        from factcheck.yamlfile import write_atomically  # the slow path has imported it already

        payload = json.dumps({"exit_code": exit_code, "echoes": list(echoes)}, ensure_ascii=False)
        try:
            write_atomically(self.file, f"{_HEADER}\n{self.key}\n{payload}")
        except OSError:  # a read-only or vanished cache folder: the next run is simply not faster
            return False
        return True


def open_memo(command: str, options: Sequence[str], root: Path, db: Path | None, started_ns: int) -> OutputMemo | None:
    """The memo of `command` run with `options` on the project at `root`; None when its inputs cannot be stat'ed.

    A run that writes to the cache (a cold one, an edit) keeps nothing: the key holds the cache's stat.

    Args:
        db: the cache file given with --db, or None for the project's own.
        started_ns: time.time_ns() when the run started, before any input was read.
    """
    db = db if db is not None else root / DB_RELATIVE
    state = state_key(root, db)
    if state is None:
        return None
    slot = _digest([command, *options, str(db.resolve())])  # one file a set of options: formats do not evict
    return OutputMemo(db.with_name(f"{db.name}.{command}-{slot[:16]}.out"), slot, state[0], root, db,
                      started_ns)


def state_key(root: Path, db: Path) -> tuple[str, int] | None:
    """A digest of the stat of every input of a run, and when the newest changed; None when one cannot be read."""
    parts: list[str] = [sys.version, sys.executable, str(root.resolve())]
    newest = 0
    try:
        for folder in (_PACKAGE, *(_site_folders())):
            newest = max(newest, _code_state(folder, parts))
        newest = max(newest, _file_state(str(root / CLAIMS_NAME), CLAIMS_NAME, parts))
        for name in (SOURCES_NAME, RULES_NAME):
            folder = root / name
            parts.append(f"{name}={folder.resolve()}")
            newest = max(newest, _folder_state(str(folder), name, parts))
        if not db.is_file():  # no cache yet: nothing to replay, and nothing worth keeping
            return None
        newest = max(newest, _file_state(str(db), "db", parts))
        newest = max(newest, _file_state(f"{db}-wal", "wal", parts))
    except OSError:
        return None
    return _digest(parts), newest


def _file_state(path: str, name: str, parts: list[str], entry: os.DirEntry[str] | None = None) -> int:
    """Add one file's stat (or its absence) to parts; when it last changed. Strings, not Paths: 100,000 of them."""
    try:
        st = entry.stat() if entry is not None else os.stat(path)
    except FileNotFoundError:
        parts.append(f"{name} absent")
        return 0
    link = os.readlink(path) if (entry.is_symlink() if entry is not None else os.path.islink(path)) else ""
    parts.append(f"{name} {st.st_mode} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev} {link}")
    return max(st.st_mtime_ns, st.st_ctime_ns)  # ctime: a chmod, or a rename over it, is a change too


def _folder_state(folder: str, name: str, parts: list[str]) -> int:
    """Add the stat of every entry of a folder (and of its sub-folders) to parts; the newest change."""
    newest = 0
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except FileNotFoundError:
        parts.append(f"{name} absent")
        return 0
    except NotADirectoryError:
        return _file_state(folder, name, parts)
    # Plain files in bulk, as numbers rather than one string each: 100,000 sources take 0.2 s less.
    names: list[str] = []
    ids, times = array("Q"), array("q")
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            newest = max(newest, _folder_state(entry.path, f"{name}/{entry.name}", parts))
        elif entry.is_symlink():  # with the link's own text
            newest = max(newest, _file_state(entry.path, f"{name}/{entry.name}", parts, entry))
        else:
            try:
                st = entry.stat()
            except FileNotFoundError:  # removed since it was listed
                parts.append(f"{name}/{entry.name} absent")
                continue
            names.append(entry.name)
            ids.extend((st.st_mode, st.st_size, st.st_ino, st.st_dev))
            times.extend((st.st_mtime_ns, st.st_ctime_ns))
    if names:
        parts.extend((f"{name}: " + "/".join(names), ids.tobytes().hex(), times.tobytes().hex()))
        newest = max(newest, *times)
    return newest


def _code_state(folder: Path, parts: list[str]) -> int:
    """Add factcheck's own files, or the installed packages of a site folder (their dist-info folders), to parts."""
    newest = 0
    if folder == _PACKAGE:
        for top, folders, files in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(files):
                path = os.path.join(top, name)
                newest = max(newest, _file_state(path, f"code/{os.path.relpath(path, folder)}", parts))
        return newest
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".dist-info"):  # its folder is made anew when a package is installed or upgraded
            parts.append(f"package {entry.name} {entry.stat().st_mtime_ns}")
    return newest


def _site_folders() -> list[Path]:
    """The folders of installed packages on sys.path."""
    return [Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
