"""Benchmark `factcheck diff HEAD~1`: a git history of two commits, timed cold (no cache) and warm.

The second commit adds a claim, edits a quote and edits one source (pin updated), on the bundled seed ledger and on
bench_check.py's synthetic 2,000-source ledger. Run from the repository root with the project's interpreter:

    python bench/bench_diff.py              # seed and synthetic ledgers
    python bench/bench_diff.py --seed-only
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_check  # noqa: E402  (the generator of the synthetic ledger)

from factcheck.sources import pin_source  # noqa: E402

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> None:
    """Run git quietly in repo."""
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=GIT_ENV)


def commit_all(repo: Path, message: str) -> None:
    """Stage everything and commit."""
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false",
        "commit", "-q", "-m", message)


def second_commit(project: Path) -> None:
    """Add a claim (a copy of the first, new id), shorten one quote by its last word, edit one source."""
    claims = project / "claims.yaml"
    lines = claims.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- id:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith(("- id:", "resolutions")))
    copy = [line.replace(lines[start].split("id:")[1].strip(), "bench-added-claim", 1) if i == 0 else line
            for i, line in enumerate(lines[start:end])]
    quote_at = next(i for i in range(start, end) if lines[i].lstrip().startswith("quote:"))
    if not lines[quote_at + 1].lstrip().startswith(("stance:", "note:")):
        raise SystemExit("bench: the first quote spans lines; pick another")
    words = lines[quote_at].rstrip().rstrip("\"'.").split(" ")
    lines[quote_at] = " ".join(words[:-1]) + (lines[quote_at][-1] if lines[quote_at][-1] in "\"'" else "")
    claims.write_text("\n".join(lines[:start] + copy + lines[start:]), encoding="utf-8")
    sources = sorted((project / "sources").glob("*.md"))
    source = sources[len(sources) // 2]
    text = source.read_text(encoding="utf-8")
    end_fm = text.index("\n---\n", 4) + 5
    source.write_text(text[:end_fm] + "An added first paragraph.\n\n" + text[end_fm:], encoding="utf-8")
    pin_source(source)


def time_diff(project: Path, runs: int) -> tuple[float, list[float], str]:
    """Seconds of a cold `diff HEAD~1` and of `runs` warm ones, and the summary line the diff printed."""
    shutil.rmtree(project / ".factcheck", ignore_errors=True)
    cmd = [sys.executable, "-m", "factcheck", "diff", "HEAD~1", "--project", str(project)]
    timings = []
    out = ""
    for _ in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=GIT_ENV)
        timings.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"bench: diff exited {done.returncode}: {done.stderr}")
        out = done.stdout.rstrip("\n").rsplit("\n", 1)[-1]
    return timings[0], timings[1:], out


def time_check(project: Path) -> float:
    """Seconds of a warm `check` (the working-tree half of a warm diff), for comparison."""
    cmd = [sys.executable, "-m", "factcheck", "check", "--project", str(project)]
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=GIT_ENV)
    return time.perf_counter() - start


def bench(name: str, make: object, workdir: Path, runs: int) -> None:
    """Build the two-commit history in workdir/name and print its figures."""
    project = workdir / name
    project.mkdir()
    make(project)  # type: ignore[operator]
    (project / ".gitignore").write_text(".factcheck/\n", encoding="utf-8")
    git(project, "init", "-q")
    commit_all(project, "ledger")
    second_commit(project)
    commit_all(project, "a claim added, a quote edited, a source edited")
    cold, warm, summary = time_diff(project, runs)
    check = time_check(project)
    print(f"{name}: diff HEAD~1 cold {cold:.2f} s, warm {statistics.median(warm):.2f} s (median of {runs}: "
          f"{', '.join(f'{t:.2f}' for t in warm)}); warm check {check:.2f} s")
    print(f"  {summary}")


def seed_project(project: Path) -> None:
    """The bundled example."""
    shutil.copy(ROOT / "claims.yaml", project / "claims.yaml")
    shutil.copytree(ROOT / "sources", project / "sources")


def synthetic_project(project: Path) -> None:
    """bench_check.py's 2,000 sources and 400 claims."""
    project.rmdir()
    bench_check.write_ledger(bench_check.generate(2000, 400), project)


def main() -> None:
    """Parse options, run the benchmarks, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed-only", action="store_true", help="Skip the 2,000-source ledger.")
    parser.add_argument("--runs", type=int, default=3, help="Warm runs to take the median of.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as folder:
        bench("seed", seed_project, Path(folder), args.runs)
        if not args.seed_only:
            bench("synthetic-2000", synthetic_project, Path(folder), args.runs)


if __name__ == "__main__":
    main()
