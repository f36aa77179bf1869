"""Work across processes: the same results as in one process, in order, whatever happens to a worker."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import project, workers
from factcheck.cli import app
from factcheck.errors import InvalidArgumentError
from factcheck.workers import map_chunks
from tests.conftest import copy_bundled

runner = CliRunner()
MAIN = os.getpid()


def squares(context: int, items: Sequence[int]) -> list[tuple[int, int, int]]:
    """Each item, its square plus the context, and the process that worked it out."""
    return [(item, item * item + context, os.getpid()) for item in items]


def dies_in_a_worker(context: int, items: Sequence[int]) -> list[tuple[int, int, int]]:
    if os.getpid() != MAIN and 40 in items:
        os._exit(3)  # as a worker killed by the OOM killer would: no exception, no result
    return squares(context, items)


def fails_in_a_worker(context: int, items: Sequence[int]) -> list[tuple[int, int, int]]:
    if os.getpid() != MAIN and 70 in items:
        raise MemoryError("worker only")
    return squares(context, items)


def fails_everywhere(context: int, items: Sequence[int]) -> list[tuple[int, int, int]]:
    if 70 in items:
        raise ValueError("a bug in the work")
    return squares(context, items)


def results(rows: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    return [(item, value) for item, value, _ in rows]


EXPECTED = [(i, i * i + 5) for i in range(100)]


@pytest.fixture(autouse=True)
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_ENV, "2")


def test_across_processes_the_results_come_in_item_order() -> None:
    rows = list(map_chunks(squares, range(100), 5, parallel=True, chunk=7))
    assert results(rows) == EXPECTED
    assert MAIN not in {pid for *_, pid in rows}  # worked in the workers, not here


def test_one_worker_or_few_items_work_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    few = list(map_chunks(squares, range(100), 5, chunk=7))  # fewer than MIN_PARALLEL items
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    off = list(map_chunks(squares, range(100), 5, parallel=True, chunk=7))
    assert results(few) == results(off) == EXPECTED
    assert {pid for *_, pid in few + off} == {MAIN}


@pytest.mark.parametrize("run", range(3))
def test_a_worker_that_dies_leaves_the_rest_to_this_process(run: int) -> None:
    rows = list(map_chunks(dies_in_a_worker, range(100), 5, parallel=True, chunk=10))
    assert results(rows) == EXPECTED
    assert MAIN in {pid for *_, pid in rows}


@pytest.mark.parametrize("run", range(3))
def test_an_error_in_a_worker_is_worked_again_here(run: int) -> None:
    rows = list(map_chunks(fails_in_a_worker, range(100), 5, parallel=True, chunk=10))
    assert results(rows) == EXPECTED


def test_an_error_the_work_always_raises_raises_here_as_in_one_process() -> None:
    with pytest.raises(ValueError, match="a bug in the work"):
        list(map_chunks(fails_everywhere, range(100), 5, parallel=True, chunk=10))


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_worker_count_that_is_no_whole_number_above_zero_is_refused(
    monkeypatch: pytest.MonkeyPatch, cold_project: Path, value: str
) -> None:
    monkeypatch.setenv(workers.WORKERS_ENV, value)
    with pytest.raises(InvalidArgumentError):
        workers.worker_count()
    result = runner.invoke(app, ["check", "--project", str(cold_project)])
    assert result.exit_code == 2
    assert result.stdout == (  # check prints its errors on stdout, as it prints every problem it finds
        f"error: FACTCHECK_WORKERS={value!r}: give the number of processes to work in, 1 or more (1 works in this "
        "one)\n"
    )


def cache_rows(project: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(project / ".factcheck" / "factcheck.db") as conn:
        return {
            table: conn.execute(f"select * from {table} order by 1, 2").fetchall()
            for table in ("source_files", "sources", "passages", "documents_fts")
        }


def note_process() -> None:
    with open(os.environ["PIDS_FILE"], "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")


LOAD_SOURCE_FILES = project._load_source_files
SEGMENT_SOURCES = project._segment_sources


def load_source_files(context, files):
    """project._load_source_files, noting the process that runs it (a module-level function: workers get it by name)."""
    note_process()
    return LOAD_SOURCE_FILES(context, files)


def segment_sources(context, sources):
    """project._segment_sources, noting the process that runs it."""
    note_process()
    return SEGMENT_SOURCES(context, sources)


@pytest.mark.slow
def test_a_check_across_processes_holding_no_body_prints_and_caches_what_one_in_one_process_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every source its own chunk, so even the bundled five are parsed and segmented across processes; a file that
    # does not parse brings its errors back from its worker, and a body its warnings.
    serial = copy_bundled(tmp_path / "serial")
    (serial / "sources" / "broken.md").write_text("---\nid: [\n---\nbody\n", encoding="utf-8")
    with (serial / "sources" / "dawn-2018-04-25-bajwa-moscow.md").open("a", encoding="utf-8") as handle:
        handle.write("Debris \x07 here.\n")
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    monkeypatch.setattr(workers, "MIN_PARALLEL", 1)
    monkeypatch.setattr(workers, "CHUNK", 1)
    monkeypatch.setattr(project, "_load_source_files", load_source_files)
    monkeypatch.setattr(project, "_segment_sources", segment_sources)
    monkeypatch.setenv("PIDS_FILE", str(tmp_path / "pids"))
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    one = runner.invoke(app, ["check", "--format", "json", "--project", str(serial)])
    assert set((tmp_path / "pids").read_text().split()) == {str(MAIN)}
    (tmp_path / "pids").unlink()
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    monkeypatch.setattr(project, "HELD_BODIES", 0)  # and every body let go of once parsed, read again when needed
    two = runner.invoke(app, ["check", "--format", "json", "--project", str(parallel)])
    assert str(MAIN) not in (tmp_path / "pids").read_text().split()
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert '"path": "sources/broken.md"' in one.stdout and "control character U+0007 (BEL)" in one.stdout
    assert cache_rows(parallel) == cache_rows(serial)


def square_here(context: int) -> tuple[int, int]:
    """The context squared, and the process that worked it out."""
    return context * context, os.getpid()


def fails_ahead(context: int) -> int:
    raise ValueError("a bug in the work")


def dies_ahead(context: int) -> int:
    os._exit(3)


def test_work_ahead_is_done_in_another_process_and_collected_later() -> None:
    started = workers.ahead(square_here, 7)
    assert started is not None
    value, pid = started.result()
    assert value == 49 and pid != MAIN


@pytest.mark.parametrize("work", [fails_ahead, dies_ahead])
def test_work_ahead_that_fails_or_dies_answers_none_for_this_process_to_do_it(work) -> None:
    started = workers.ahead(work, 7)
    assert started is not None
    assert started.result() is None


def test_work_ahead_is_not_started_with_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    assert workers.ahead(square_here, 7) is None


def test_work_ahead_left_uncollected_is_stopped() -> None:
    started = workers.ahead(square_here, 7)
    assert started is not None
    started.close()
    assert not started._process.is_alive()
