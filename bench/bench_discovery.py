"""Time `search` and `suggest` on the synthetic 2,000-source ledger of bench_check.py and print the figures.

Usage: python bench/bench_discovery.py [--sources 2000] [--claims 400] [--queries 200] [--workdir DIR]

Targets: search p95 under 50 ms (the FTS5 query with its snippet, in a warm process); suggest under 100 ms per
claim (`suggest` for every claim, after the one `check` it runs first). Also printed: the wall time of the
`factcheck search` command, which loads and hashes every source before it searches.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_check  # noqa: E402  (the generator lives beside this script)

from factcheck.project import ProjectPaths, check_project, query_terms, suggest_evidence  # noqa: E402
from factcheck.store import Store  # noqa: E402

SEARCH_P95_TARGET_MS = 50.0
SUGGEST_PER_CLAIM_TARGET_MS = 100.0


def main(argv: list[str] | None = None) -> int:
    """Generate, index, then time searches and suggestions; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-discovery-"))
    project = root / "ledger"
    ledger = bench_check.generate(args.sources, args.claims)
    if project.exists():
        subprocess.run(["rm", "-rf", str(project)], check=True)
    project.mkdir(parents=True)
    bench_check.write_ledger(ledger, project)
    print(f"ledger: {args.sources} sources, {args.claims} claims in {project}")

    started = time.perf_counter()
    result = check_project(ProjectPaths.at(project))
    print(f"check (cold, builds the index)   {time.perf_counter() - started:8.2f} s")

    rng = random.Random(7)
    texts = [c.text for c in result.ledger.claims]
    queries = []
    for _ in range(args.queries):
        words = [w for w in rng.choice(texts).split() if len(w) > 3]
        queries.append(" ".join(rng.sample(words, k=min(len(words), rng.randint(1, 4)))))
    store = Store(ProjectPaths.at(project).db)
    timings = []
    try:
        for query in queries:
            t0 = time.perf_counter()
            terms = query_terms(query)
            every = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            hits = store.search_passages([every], limit=10, raw=True) if len(terms) > 1 else []
            if len(hits) < 10:
                store.search_passages(terms, limit=10)
            timings.append((time.perf_counter() - t0) * 1000)
    finally:
        store.close()
    timings.sort()
    p50, p95 = statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]
    print(f"search: {len(queries)} queries    p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (target p95 < "
          f"{SEARCH_P95_TARGET_MS:.0f} ms)")

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "factcheck", "search", queries[0], "--project", str(project)],
                   check=True, capture_output=True)
    print(f"`factcheck search` command       {time.perf_counter() - t0:8.2f} s   (process, load and hash sources, "
          "query)")

    t0 = time.perf_counter()
    check_project(ProjectPaths.at(project))
    check_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    suggestions = suggest_evidence(ProjectPaths.at(project), None, top=5)
    total = time.perf_counter() - t0
    per_claim = (total - check_seconds) / max(1, len(suggestions)) * 1000
    print(f"suggest --all: {len(suggestions)} claims     {total:6.2f} s total, {check_seconds:.2f} s of it the "
          f"warm check; {per_claim:5.1f} ms per claim   (target < {SUGGEST_PER_CLAIM_TARGET_MS:.0f} ms)")
    missed = p95 >= SEARCH_P95_TARGET_MS or per_claim >= SUGGEST_PER_CLAIM_TARGET_MS
    print("targets:", "MISSED" if missed else "met")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
