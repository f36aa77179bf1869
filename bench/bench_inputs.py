"""Benchmark `factcheck check` on hostile input: a huge ledger of errors and a 10 MB line of garbage.

Run from the repository root with the project's interpreter:

    python bench/bench_inputs.py                    # 100,000 claims citing an unknown source, and the garbage
    python bench/bench_inputs.py --claims 20000     # a quicker run
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GARBAGE_MB = 10


def bundled(dest: Path) -> Path:
    """A copy of the bundled project (claims.yaml and sources/) at dest."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "claims.yaml", dest / "claims.yaml")
    shutil.copytree(ROOT / "sources", dest / "sources")
    return dest


def unknown_sources(dest: Path, claims: int) -> Path:
    """A ledger of `claims` claims, each citing a source that does not exist."""
    project = bundled(dest)
    with (project / "claims.yaml").open("w", encoding="utf-8") as out:
        out.write("claims:\n")
        for i in range(claims):
            out.write(
                f"  - id: c{i}\n    text: Claim number {i} about something.\n    evidence:\n"
                "      - source: nowhere\n        quote: some words here\n        stance: supports\n"
            )
    return project


def garbage(size: int) -> str:
    rng = random.Random(1)
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789 ;,.", k=size))


def garbage_in_claims(dest: Path) -> Path:
    project = bundled(dest)
    file = project / "claims.yaml"
    text = file.read_text(encoding="utf-8")
    junk = garbage(GARBAGE_MB * 1_000_000)
    file.write_text(text.replace("claims:\n", f"claims:\n  - id: junk\n    text: {junk}\n", 1), encoding="utf-8")
    return project


def garbage_in_front_matter(dest: Path) -> Path:
    project = bundled(dest)
    file = project / "sources" / "dawn-2018-04-25-bajwa-moscow.md"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("author: null", f"author: {garbage(GARBAGE_MB * 1_000_000)}", 1), encoding="utf-8")
    return project


def time_check(project: Path, timeout: float) -> tuple[float, int, int, int]:
    """Seconds, exit code, stdout bytes and stdout lines of one `factcheck check`."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", "--project", str(project)],
        capture_output=True,
        timeout=timeout,
    )
    return time.perf_counter() - started, done.returncode, len(done.stdout), done.stdout.count(b"\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims citing an unknown source")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = parser.parse_args()
    cases = [
        (f"{args.claims:,} claims citing an unknown source", lambda d: unknown_sources(d, args.claims)),
        (f"{GARBAGE_MB} MB line of garbage in claims.yaml", garbage_in_claims),
        (f"{GARBAGE_MB} MB line of garbage in front matter", garbage_in_front_matter),
    ]
    print(f"{'case':<48} {'run':<5} {'seconds':>8} {'exit':>5} {'stdout':>12} {'lines':>7}")
    with tempfile.TemporaryDirectory() as scratch:
        for index, (name, build) in enumerate(cases):
            project = build(Path(scratch) / f"case{index}")
            for run in ("cold", "warm"):
                seconds, code, size, lines = time_check(project, args.timeout)
                print(f"{name:<48} {run:<5} {seconds:8.1f} {code:5d} {size:10,} B {lines:7,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
