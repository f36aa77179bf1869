"""Benchmark parallel `factcheck check` runs on one project: failures, and byte-identity with a solo run.

Run from the repository root with the project's interpreter:

    python bench/bench_parallel.py                          # 50 rounds of 8 cold runs on the bundled project
    python bench/bench_parallel.py --rounds 10 --procs 16
    python bench/bench_parallel.py --sources 200 --claims 40  # a synthetic ledger (bench_check.py's generator)
    python bench/bench_parallel.py --hold-lock 10            # also: check while another process holds the lock

Each round deletes the project's cache and starts all processes at once (they wait on a barrier file, so they
open the cold cache together). A process fails when its exit code, stdout or stderr differs from a solo cold run's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Run by each process: import factcheck, wait for the barrier file to appear, then run the CLI as `factcheck` does.
LAUNCH = (
    "import os, sys, time\n"
    "from factcheck.cli import main\n"
    "barrier = sys.argv.pop(1)\n"
    "while not os.path.exists(barrier): time.sleep(0.001)\n"
    "sys.argv[0] = 'factcheck'\n"
    "main()\n"
)
HOLD = (
    "import sqlite3, sys, time\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "conn.execute('COMMIT')\n"
)


def run_solo(project: Path, args: list[str]) -> tuple[int, bytes, bytes]:
    shutil.rmtree(project / ".factcheck", ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "factcheck", "check", "--project", str(project), *args],
                          capture_output=True)
    return done.returncode, done.stdout, done.stderr


def run_round(project: Path, procs: int, args: list[str], work: Path) -> tuple[list[tuple[int, bytes, bytes]], float]:
    """Start `procs` cold runs released at the same moment; their results and the round's wall time."""
    shutil.rmtree(project / ".factcheck", ignore_errors=True)
    barrier = work / "go"
    barrier.unlink(missing_ok=True)
    running = [
        subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(barrier), "check", "--project", str(project), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(procs)
    ]
    time.sleep(1.0)  # let every interpreter start and import factcheck, so they open the cache together
    started = time.perf_counter()
    barrier.touch()
    results = []
    for process in running:
        out, err = process.communicate()
        results.append((process.returncode, out, err))
    return results, time.perf_counter() - started


def hold_lock(project: Path, seconds: float, args: list[str]) -> None:
    """Time `check` while another process holds the cache's write lock: warm and unchanged, then after an edit."""
    run_solo(project, args)  # warm it
    claims = project / "claims.yaml"
    for label, edit in (("warm, nothing changed", False), ("claims.yaml edited", True)):
        if edit:
            claims.write_bytes(claims.read_bytes() + b"\n# edited while the cache was locked\n")
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project / ".factcheck" / "factcheck.db"),
                                   str(seconds)], stdout=subprocess.PIPE)
        assert holder.stdout is not None
        holder.stdout.readline()  # "locked"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "factcheck", "check", "--project", str(project), *args],
                              capture_output=True)
        took = time.perf_counter() - started
        holder.wait()
        notices = [line for line in done.stderr.decode().splitlines() if line.startswith(("note:", "warning:"))]
        print(f"lock held {seconds:g} s, {label:24} exit {done.returncode}  {took:6.2f} s  "
              f"{notices[0] if notices else 'no notice'}")


def main(argv: list[str] | None = None) -> int:
    """Run the rounds and print the figures; exit 1 when any process failed or printed something else."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=50, help="rounds of parallel cold runs (default 50)")
    parser.add_argument("--procs", type=int, default=8, help="processes started at once per round (default 8)")
    parser.add_argument("--sources", type=int, default=0,
                        help="use a synthetic ledger of this many sources (default: the bundled project)")
    parser.add_argument("--claims", type=int, default=40, help="claims of the synthetic ledger (default 40)")
    parser.add_argument("--format", default="text", help="check's --format (default text)")
    parser.add_argument("--hold-lock", type=float, default=0,
                        help="also time check while another process holds the write lock this many seconds")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="factcheck-parallel-"))
    try:
        project = work / "project"
        if args.sources:
            import bench_check

            project.mkdir()
            bench_check.write_ledger(bench_check.generate(args.sources, args.claims), project)
            what = f"a synthetic ledger of {args.sources} sources and {args.claims} claims"
        else:
            project.mkdir()
            shutil.copy(ROOT / "claims.yaml", project / "claims.yaml")
            shutil.copytree(ROOT / "sources", project / "sources")
            what = "the bundled project"
        check_args = ["--format", args.format]
        solo = run_solo(project, check_args)
        print(f"{args.rounds} rounds of {args.procs} parallel cold `check` runs on {what}; solo run: exit {solo[0]}, "
              f"{len(solo[1])} bytes of stdout, {len(solo[2])} of stderr")
        failures = 0
        kinds: Counter[str] = Counter()
        walls = []
        for number in range(1, args.rounds + 1):
            results, wall = run_round(project, args.procs, check_args, work)
            walls.append(wall)
            bad = [r for r in results if r != solo]
            failures += len(bad)
            for code, _out, err in bad:
                last = (err.decode(errors="replace").strip().splitlines() or ["(no stderr)"])[-1]
                kinds[f"exit {code}: {last[:120]}"] += 1
            if bad:
                print(f"round {number}: {len(bad)} of {args.procs} differ from the solo run")
        total = args.rounds * args.procs
        print(f"processes: {total}, failed or different: {failures}, byte-identical to the solo run: "
              f"{total - failures}")
        print(f"round wall time: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s")
        for kind, count in kinds.most_common():
            print(f"  {count:4} x {kind}")
        if args.hold_lock:
            hold_lock(project, args.hold_lock, check_args)
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
