"""Benchmark a warm `factcheck check` against the cost of starting Python: time, and what it imports.

Run from the repository root with the project's interpreter:

    python bench/bench_imports.py                          # a copy of the bundled project
    python bench/bench_imports.py --project /tmp/fc/ledger --runs 7

It times, alternating, as separate processes: `python -c pass`, `python -c "import factcheck.cli"`, a warm `check`
with nothing changed (its output kept from the run before) and a warm `check` whose output is not kept (on a copy of
the project whose claims.yaml is touched before each run: every module is imported and every cached row read, nothing
parsed again). It prints the
median wall and CPU time of each and its ratio to the two floors, then the cumulative import time
(`python -X importtime`) of each top-level module the two warm runs import, and their totals.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0  # a warm check within 2x `python -c "import factcheck.cli"` (issue 14)
SETTLE_S = 3.2  # factcheck.warm.SETTLE_NS and a little: only then is a run's output kept
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the child) and exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.returncode


def top_imports(command: list[str]) -> list[tuple[str, int]]:
    """(module, cumulative microseconds) of every top-level import of one run, costliest first."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command], capture_output=True, text=True, check=False)
    top = []
    for line in done.stderr.splitlines():
        found = _IMPORT_LINE.match(line)
        if found and len(found.group(3)) == 1:  # one space: imported by the script itself, not by another module
            top.append((found.group(4), int(found.group(2))))
    return sorted(top, key=lambda item: -item[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a project to check (default: a copy of the bundled one)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command, alternating (default 5)")
    parser.add_argument("--top", type=int, default=12, help="top-level imports listed per run (default 12)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fc-imports-") as scratch:
        project = args.project
        if project is None:
            project = Path(scratch) / "project"
            project.mkdir()
            shutil.copy(ROOT / "claims.yaml", project / "claims.yaml")
            shutil.copytree(ROOT / "sources", project / "sources")
        check = [sys.executable, "-m", "factcheck", "check", "--project", str(project)]
        print(f"project: {project}", file=sys.stderr)
        subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm the cache
        # A copy whose claims.yaml is touched before each run: its output is never kept, its cache always warm.
        copy = Path(shutil.copytree(project, Path(scratch) / "touched", symlinks=True))
        claims = copy / "claims.yaml"
        full = [*check[:-1], str(copy)]
        time.sleep(SETTLE_S)
        subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # keeps its output

        def touched() -> list[str]:
            os.utime(claims)  # a new mtime: the kept output no longer answers, every cached row still does
            return full

        commands = {
            "python -c pass": lambda: [sys.executable, "-c", "pass"],
            "import factcheck.cli": lambda: [sys.executable, "-c", "import factcheck.cli"],
            "check, output kept": lambda: check,
            "check, full warm run": touched,
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                wall, cpu, _code = timed(command())
                walls[name].append(wall)
                cpus[name].append(cpu)
        kept_imports = top_imports(check[1:])
        full_imports = top_imports(touched()[1:])
        floor_imports = top_imports(["-c", "import factcheck.cli"])

    floor_wall = statistics.median(walls["import factcheck.cli"])
    floor_cpu = statistics.median(cpus["import factcheck.cli"])
    bare_wall = statistics.median(walls["python -c pass"])
    bare_cpu = statistics.median(cpus["python -c pass"])
    print(f"{'run':<24}{'wall s':>9}{'cpu s':>9}{'wall/cli':>10}{'cpu/cli':>9}{'wall/pass':>11}{'cpu/pass':>10}")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:<24}{wall:>9.3f}{cpu:>9.3f}{wall / floor_wall:>10.2f}{cpu / floor_cpu:>9.2f}"
              f"{wall / bare_wall:>11.2f}{cpu / bare_cpu:>10.2f}")
    print(f"(medians of {args.runs}, alternating; cli = python -c \"import factcheck.cli\", pass = python -c pass)")

    for title, found in (("check, output kept", kept_imports), ("check, full warm run", full_imports),
                         ("import factcheck.cli", floor_imports)):
        total = sum(us for _, us in found)
        print(f"\n{title}: {len(found)} top-level imports, {total / 1000:.1f} ms cumulative")
        for module, us in found[: args.top]:
            print(f"  {module:<40}{us / 1000:>9.1f} ms")
    ratio = statistics.median(walls["check, output kept"]) / floor_wall
    print(f"\nwarm check / import factcheck.cli: {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
