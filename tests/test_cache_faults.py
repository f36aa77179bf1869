"""A cache that heals: every way the cache can break gives a clean run's output and one line on stderr, never a crash.

Each test warms the cache of a copy of the bundled project, breaks it one way, and checks that `factcheck check`
exits as a clean run does, prints the same report, and says on stderr, in one line before the summary, that it
rebuilt the cache (moving the damaged one aside) or ran without one. The run after a rebuild is quiet again.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import factcheck.store
from factcheck.cli import app
from factcheck.store import Store, run_with_cache

# Each fault is a whole damaged project run through the CLI: they run in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
DB = Path(".factcheck") / "factcheck.db"
SHOWN = ".factcheck/factcheck.db"
REBUILT = f"note: could not use the cache {SHOWN} ({{}}); moved it to {SHOWN}.bad and rebuilt it from the files\n"
BYPASSED = f"warning: could not use the cache {SHOWN} ({{}}); ran without a cache\n"


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str, str]]:
    """A copy of the bundled project after one `check`, and that run's exit code, stdout and stderr."""
    folder = tmp_path_factory.mktemp("warmed")
    shutil.copy(ROOT / "claims.yaml", folder / "claims.yaml")
    shutil.copytree(ROOT / "sources", folder / "sources")
    result = check(folder)
    assert result.exit_code == 1, result.output
    assert not (folder / f"{DB}-wal").exists()  # the last connection folded its log into the file and removed it
    return folder, (result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def project(cold_project: Path) -> Path:
    """These tests make the cache's faults themselves: they start from a project with no cache (`warm` has one)."""
    return cold_project


@pytest.fixture
def clean(warmed: tuple[Path, tuple[int, str, str]]) -> tuple[int, str, str]:
    """What every fault must give: the exit code, stdout and stderr of `check` on the intact project."""
    return warmed[1]


def check(project: Path, *args: str):
    return runner.invoke(app, ["check", "--project", str(project), *args])


@pytest.fixture
def warm(tmp_path: Path, warmed: tuple[Path, tuple[int, str, str]]) -> Path:
    """A project with a warm cache (a copy of one, which is quicker than warming each)."""
    return Path(shutil.copytree(warmed[0], tmp_path / "warm"))


def assert_heals(project: Path, clean: tuple[int, str, str], notice: str, *args: str) -> None:
    """The run prints the clean report with the notice first on stderr; after a rebuild, the next run is quiet."""
    code, stdout, stderr = clean
    first = check(project, *args)
    assert first.exception is None or isinstance(first.exception, SystemExit), first.exception
    assert (first.exit_code, first.stdout, first.stderr) == (code, stdout, notice + stderr)
    if notice.startswith("note:"):  # rebuilt (a cache that cannot be used is said again each run: nothing changed)
        second = check(project, *args)
        assert (second.exit_code, second.stdout, second.stderr) == clean


def execute(project: Path, *statements: str) -> None:
    conn = sqlite3.connect(project / DB)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


# ---------------------------------------------------------------- a damaged file


def test_a_truncated_cache_is_moved_aside_and_rebuilt(warm: Path, clean: tuple[int, str, str]) -> None:
    db = warm / DB
    damaged = db.read_bytes()[: db.stat().st_size // 2]
    db.write_bytes(damaged)
    assert_heals(warm, clean, REBUILT.format("database disk image is malformed"))
    assert (warm / f"{DB}.bad").read_bytes() == damaged  # kept for a bug report, not deleted


def test_random_bytes_over_its_pages_rebuild_it(warm: Path, clean: tuple[int, str, str]) -> None:
    db = warm / DB
    data = bytearray(db.read_bytes())
    page = 4096
    noise = random.Random(10)
    for start in range(page, len(data), 2 * page):  # every other page after the first (the header stays)
        data[start : start + page] = noise.randbytes(min(page, len(data) - start))
    db.write_bytes(bytes(data))
    assert_heals(warm, clean, REBUILT.format("database disk image is malformed"))


def test_a_garbled_header_rebuilds_it(warm: Path, clean: tuple[int, str, str]) -> None:
    db = warm / DB
    db.write_bytes(b"\x00" * 100 + db.read_bytes()[100:])
    assert_heals(warm, clean, REBUILT.format("file is not a database"))


def test_a_foreign_sqlite_file_in_its_place_is_moved_aside_not_deleted(
    project: Path, clean: tuple[int, str, str]
) -> None:
    (project / DB).parent.mkdir()
    conn = sqlite3.connect(project / DB)
    conn.execute("create table users (id integer primary key, name text)")
    conn.execute("insert into users (name) values ('ada')")
    conn.commit()
    conn.close()
    assert_heals(project, clean, REBUILT.format("it is not a factcheck cache: it holds users"))
    kept = sqlite3.connect(project / f"{DB}.bad")
    assert kept.execute("select name from users").fetchall() == [("ada",)]
    kept.close()


def test_a_cache_from_a_newer_factcheck_is_rebuilt(warm: Path, clean: tuple[int, str, str]) -> None:
    execute(warm, "insert into _sqlite_migrations (migration_set, name, applied_at) "
                  "values ('factcheck', 'm999_future', '2030-01-01')")
    assert_heals(warm, clean, REBUILT.format("a newer factcheck wrote it (m999_future)"))


@pytest.mark.parametrize(
    "table", ["anchors", *(pytest.param(t, marks=pytest.mark.slow) for t in ("passages_fts", "_sqlite_migrations"))]
)
def test_a_dropped_table_rebuilds_it(warm: Path, clean: tuple[int, str, str], table: str) -> None:
    execute(warm, f"drop table {table}")
    reason = {
        "_sqlite_migrations": "it is not a factcheck cache: it holds anchors, claims, conflicts, …",
    }.get(table, f"table {table} is missing")
    assert_heals(warm, clean, REBUILT.format(reason))


@pytest.mark.slow
def test_a_dropped_column_found_mid_run_rebuilds_it(warm: Path, clean: tuple[int, str, str]) -> None:
    execute(warm, "alter table times drop column times")
    assert_heals(warm, clean, REBUILT.format("no such column: times"))


# ---------------------------------------------------------------- garbled rows, found deep in a run


def slow(statements: list[str], error: str, id: str):  # noqa: A002 - pytest's own name for it
    """A variant run with -m slow: one garbled row of each table runs in the quick suite, the others there."""
    return pytest.param(statements, error, id=id, marks=pytest.mark.slow)


@pytest.mark.parametrize(
    ("statements", "error"),
    [
        pytest.param(["update source_files set meta = '{\"id\": 7'"], "ValidationError", id="source_files.meta"),
        slow(["update source_files set not_article = 'not json'"], "JSONDecodeError", "source_files.not_article"),
        slow(["update source_files set front_matter_lines = 'many'"], "ValidationError",
             "source_files.front_matter_lines"),
        pytest.param(["update anchors set anchor = '{\"start\": \"here\"}'"], "ValidationError", id="anchors.anchor"),
        slow(["update anchors set closest = x'c328'"], "ValidationError", "anchors.closest"),
        # The cached ledger is the file's sha256 and a line break, then JSON: keep the hash, or it is merely stale.
        pytest.param(["update state set value = substr(value, 1, 65) || '{' where key like 'claims:%'"],
                     "JSONDecodeError", id="state.claims"),
        slow(["update state set value = substr(value, 1, 65) || '{\"claims\": []}' where key like 'claims:%'"],
             "KeyError", "state.claims-shape"),
        slow(["update state set value = '[1, 2]' where key = 'origins'"], "AttributeError", "state.origins"),
        slow(["update state set value = '{\"earliest\": \"soon\"}' where key like 'dating:%'"], "ValueError",
             "state.dating"),
        pytest.param(["update times set times = '[[1, 2]]'"], "ValueError", id="times.times"),
        pytest.param(["update fingerprints set hashes = x'ff00ff'", "delete from state where key = 'origins'"],
                     "ValueError", id="fingerprints.hashes"),
    ],
)
def test_a_garbled_cached_row_rebuilds_it(
    warm: Path, clean: tuple[int, str, str], statements: list[str], error: str
) -> None:
    execute(warm, *statements)
    assert_heals(warm, clean, REBUILT.format(f"a cached value does not decode: {error}"))


# ---------------------------------------------------------------- a cache that cannot be written


def test_a_file_named_like_its_folder_means_running_without_a_cache(
    project: Path, clean: tuple[int, str, str]
) -> None:
    (project / ".factcheck").write_text("not a folder\n", encoding="utf-8")
    assert_heals(project, clean, BYPASSED.format(
        "its folder .factcheck is a file: move that file away to get the cache back"
    ))
    assert (project / ".factcheck").read_text(encoding="utf-8") == "not a folder\n"


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make a file or folder unwritable for this process, for real: by its mode, or for root, which ignores modes,
    by the immutable attribute (ext4, xfs, btrfs); skip where neither is possible."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: nothing makes a file unwritable")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_an_unwritable_cache_folder_means_running_without_a_cache(
    warm: Path, clean: tuple[int, str, str]
) -> None:
    with unwritable(warm / ".factcheck"):
        assert_heals(warm, clean, BYPASSED.format("unable to open database file"))
    assert check(warm).stderr == clean[2]  # writable again: the cache is used, quietly


@pytest.mark.slow
def test_a_read_only_cache_file_means_running_without_a_cache_once_a_write_is_needed(
    warm: Path, clean: tuple[int, str, str]
) -> None:
    with unwritable(warm / DB):
        unchanged = check(warm)  # a warm run with nothing new writes nothing: the cache serves as it is
        assert (unchanged.exit_code, unchanged.stdout, unchanged.stderr) == clean
        with (warm / "claims.yaml").open("a", encoding="utf-8") as handle:
            handle.write("# an edit the cache would remember\n")
        assert_heals(warm, clean, BYPASSED.format("attempt to write a readonly database"))


def test_a_read_only_database_opened_by_sqlite_means_running_without_a_cache(
    warm: Path, clean: tuple[int, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same through SQLite's own read-only mode: runs everywhere, root or not, whatever the file system."""

    def read_only(path: Path | None, timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:" if path is None else path, timeout=timeout)
        if path is not None:
            conn.execute("PRAGMA query_only = ON")  # every write now fails as on a read-only file
        return conn

    monkeypatch.setattr(factcheck.store, "_connect", read_only)
    (warm / "sources" / "dawn-2018-04-25-bajwa-moscow.md").touch()
    with (warm / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# an edit the cache would remember\n")
    assert_heals(warm, clean, BYPASSED.format("attempt to write a readonly database"))


def test_a_cache_locked_past_the_timeout_means_running_without_it(
    warm: Path, clean: tuple[int, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factcheck.store, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(warm / DB, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go
    try:
        unchanged = check(warm)  # readers never wait, and a warm run has nothing to write
        assert (unchanged.exit_code, unchanged.stdout, unchanged.stderr) == clean
        with (warm / "claims.yaml").open("a", encoding="utf-8") as handle:
            handle.write("# an edit the cache would remember\n")
        result = check(warm)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.exit_code, result.stdout, result.stderr) == (
        clean[0], clean[1], BYPASSED.format("another process kept it locked for 0.2 s") + clean[2]
    )
    assert check(warm).stderr == clean[2]


# ---------------------------------------------------------------- a file named with --db


def test_a_foreign_file_named_with_db_is_left_as_it_is(project: Path, clean: tuple[int, str, str]) -> None:
    mine = project / "notes.sqlite"
    conn = sqlite3.connect(mine)
    conn.execute("create table notes (text)")
    conn.commit()
    conn.close()
    before = mine.read_bytes()
    notice = (
        "warning: could not use the cache notes.sqlite (it is not a factcheck cache: it holds notes); left it as it "
        "is, since it may not be a factcheck cache, and ran without a cache\n"
    )
    result = check(project, "--db", str(mine))
    assert (result.exit_code, result.stdout, result.stderr) == (clean[0], clean[1], notice + clean[2])
    assert mine.read_bytes() == before
    assert not (project / "notes.sqlite.bad").exists()


def test_a_file_that_is_not_a_database_named_with_db_is_left_as_it_is(
    project: Path, clean: tuple[int, str, str]
) -> None:
    result = check(project, "--db", str(project / "claims.yaml"))
    assert (result.exit_code, result.stdout) == clean[:2]
    assert result.stderr == (
        "warning: could not use the cache claims.yaml (file is not a database); left it as it is, since it may not "
        "be a factcheck cache, and ran without a cache\n" + clean[2]
    )
    assert (project / "claims.yaml").read_bytes() == (ROOT / "claims.yaml").read_bytes()


@pytest.mark.slow
def test_a_damaged_factcheck_cache_named_with_db_is_rebuilt(
    project: Path, clean: tuple[int, str, str]
) -> None:
    cache = project / "elsewhere.db"
    assert check(project, "--db", str(cache)).exit_code == 1
    execute_on = sqlite3.connect(cache)
    execute_on.execute("update anchors set anchor = 'garbage'")
    execute_on.commit()
    execute_on.close()
    result = check(project, "--db", str(cache))
    assert (result.exit_code, result.stdout, result.stderr) == (
        clean[0], clean[1],
        "note: could not use the cache elsewhere.db (a cached value does not decode: ValidationError); moved it to "
        "elsewhere.db.bad and rebuilt it from the files\n" + clean[2],
    )


# ---------------------------------------------------------------- other commands, and what is not the cache's fault


@pytest.mark.slow
def test_search_heals_too(warm: Path) -> None:
    before = runner.invoke(app, ["search", "--project", str(warm), "defence cooperation"])
    execute(warm, "drop table passages_fts")
    after = runner.invoke(app, ["search", "--project", str(warm), "defence cooperation"])
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)
    assert after.stderr == REBUILT.format("table passages_fts is missing") + before.stderr


def test_suggest_without_a_cache_finds_what_it_finds_with_one(project: Path) -> None:
    """The check and the search share the cache in memory: the passages the check indexed are there to search."""
    args = ["suggest", "defence-agreement-2014", "--project", str(project), "--format", "json", "--top", "20"]
    with_cache = runner.invoke(app, args)
    assert with_cache.exit_code == 0, with_cache.output
    shutil.rmtree(project / ".factcheck")
    (project / ".factcheck").write_text("", encoding="utf-8")
    without = runner.invoke(app, args)
    assert (without.exit_code, without.stdout) == (with_cache.exit_code, with_cache.stdout)
    assert json.loads(without.stdout)["claims"][0]["suggestions"]  # passages were found in the cache in memory
    assert without.stderr == BYPASSED.format(
        "its folder .factcheck is a file: move that file away to get the cache back"
    ) + with_cache.stderr


def test_sources_verify_says_once_that_it_ran_without_a_cache(project: Path) -> None:
    args = ["sources", "verify", "--project", str(project)]
    with_cache = runner.invoke(app, args)
    shutil.rmtree(project / ".factcheck")
    (project / ".factcheck").write_text("", encoding="utf-8")
    without = runner.invoke(app, args)
    assert (without.exit_code, without.stdout) == (with_cache.exit_code, with_cache.stdout)
    assert without.stderr == BYPASSED.format(
        "its folder .factcheck is a file: move that file away to get the cache back"
    ) + with_cache.stderr


def test_a_cache_that_cannot_be_moved_aside_means_running_without_one(
    warm: Path, clean: tuple[int, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    execute(warm, "drop table anchors")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(factcheck.store.os, "replace", refuse)
    result = check(warm)
    assert (result.exit_code, result.stdout, result.stderr) == (
        clean[0], clean[1],
        f"warning: could not use the cache {SHOWN} (table anchors is missing), nor rebuild it (Permission "
        "denied); ran without a cache\n" + clean[2],
    )


def run_raising(store_path: Path, error: Exception, calls: list[bool]) -> Callable[[], object]:
    def work(store: Store) -> object:
        calls.append(store.fresh)
        raise error

    return lambda: run_with_cache(store_path, work, notices.append, shown="x.db", default=True)


notices: list[str] = []


def test_a_bug_is_not_taken_for_damage_on_a_fresh_cache(tmp_path: Path) -> None:
    calls: list[bool] = []
    with pytest.raises(KeyError):
        run_raising(tmp_path / "x.db", KeyError("a bug"), calls)()
    assert calls == [True]  # not run again: a fresh cache cannot hold garbled rows


def test_a_bug_on_a_warm_cache_is_raised_after_one_retry(tmp_path: Path) -> None:
    Store(tmp_path / "x.db").close()
    calls: list[bool] = []
    with pytest.raises(KeyError):
        run_raising(tmp_path / "x.db", KeyError("a bug"), calls)()
    assert calls == [False, True]  # retried once on a rebuilt cache, where it failed again: a bug, raised as such
