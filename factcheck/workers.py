"""Work on many items across processes, results in item order, and in one process when that is cheaper or fails.

Only pure, deterministic work goes through here (parsing and segmenting sources), so a run in one process and a
run across several give the same results: whenever the pool cannot be used (no fork, a worker that dies, an error
in one), the chunks not yet answered are done again in this process, where an error raises as it always would.
`FACTCHECK_WORKERS=1` turns it off; by default there is one worker a CPU.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from factcheck.errors import InvalidArgumentError

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "FACTCHECK_WORKERS"
# Below this many items, starting processes and pickling results costs more than it saves.
MIN_PARALLEL = 200
# Items a worker takes at a time: few enough round trips, and results that come back while others are worked on.
CHUNK = 100

# What every chunk's work reads (rules, cached rows): set in each worker once, by fork, not pickled per chunk.
_context: Any = None


def worker_count() -> int:
    """How many processes to work in: FACTCHECK_WORKERS, else one a CPU."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return os.cpu_count() or 1
    try:
        count = int(raw)
    except ValueError:
        count = 0
    if count < 1:
        raise InvalidArgumentError(
            f"{WORKERS_ENV}={raw!r}: give the number of processes to work in, 1 or more (1 works in this one)"
        )
    return count


def map_chunks(
    work: Callable[[Any, Sequence[T]], list[R]],
    items: Sequence[T],
    context: Any = None,
    *,
    parallel: bool | None = None,
    chunk: int | None = None,
) -> Iterator[R]:
    """`work(context, chunk)` over `items` in chunks, yielding the results in item order.

    Across processes when `parallel` (by default: when there are MIN_PARALLEL items or more) and there is more than
    one worker; `work` must be a module-level function (it is sent to the workers by name), its results picklable.
    """
    size = chunk or CHUNK
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    workers = min(worker_count(), len(chunks))
    done = 0
    if parallel is None:
        parallel = len(items) >= MIN_PARALLEL
    if parallel and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # fork: the workers start as copies of this process, so `context` is not pickled and nothing is imported.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_set_context,
                                   initargs=(context,))
        try:
            # A few chunks ahead of the one awaited, not all: results wait in memory only as long as it takes to
            # use them.
            pending: deque[Future[list[R]]] = deque()
            for part in chunks:
                pending.append(pool.submit(_work_in_worker, work, part))
                if len(pending) > 2 * workers:
                    results = pending.popleft().result()
                    done += 1
                    yield from results
            while pending:
                results = pending.popleft().result()
                done += 1
                yield from results
        except Exception:  # a worker that died or failed: this process does what is left, as a serial run would
            pass
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for part in chunks[done:]:
        yield from work(context, part)


def _set_context(context: Any) -> None:
    global _context
    _context = context


def _work_in_worker(work: Callable[[Any, Sequence[T]], list[R]], part: Sequence[T]) -> list[R]:
    return work(_context, part)


class Ahead(Generic[R]):
    """Work started in a forked process (see `ahead`): `result()` waits for it, None when the process gave none."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self._process, self._conn = process, conn

    def result(self) -> R | None:
        """What the work returned, or None when it raised or its process died (the caller then does it itself)."""
        try:
            ok, value = self._conn.recv()
        except Exception:  # the process died before it answered, or its answer does not unpickle
            ok, value = False, None
        self.close()
        return value if ok else None

    def close(self) -> None:
        """Stop the process if it is still at work, and release it."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def ahead(work: Callable[[Any], R], context: Any) -> Ahead[R] | None:
    """`work(context)` started now in a forked process, for this one to collect later; None when there is one
    worker or no fork (the caller does the work itself, as it would have).

    A plain process and a pipe, no executor: an executor's thread would be alive when later pools fork."""
    if worker_count() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    process = fork.Process(target=_work_ahead, args=(work, context, sender), daemon=True)
    try:
        process.start()
    except OSError:
        receiver.close()
        sender.close()
        return None
    sender.close()
    return Ahead(process, receiver)


def _work_ahead(work: Callable[[Any], R], context: Any, conn: Connection) -> None:
    try:
        answer: tuple[bool, Any] = (True, work(context))
    except BaseException:  # the parent does the work again in its own process, where an error raises as it would
        answer = (False, None)
    try:
        conn.send(answer)
    except Exception:  # an answer that does not pickle: the parent does the work itself
        conn.send((False, None))
    conn.close()
