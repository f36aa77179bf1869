"""Benchmark reading claims.yaml and front matter: libyaml (factcheck/fastyaml.py) against the round-trip parse.

Run from the repository root with the project's interpreter:

    python bench/bench_parse.py                      # bench_check.py's ledger: 2000 sources, 400 claims
    python bench/bench_parse.py --sources 500 --claims 100 --repeat 5

The ledger is generated in memory (bench_check.generate, same seed, no files). Each row times one way of reading,
alternating the two ways `--repeat` times and printing the medians, in CPU seconds of this process (so other jobs on
the machine matter less) and wall seconds, and the ratio. "YAML only" is the parse alone; "parse_*" adds what check
does with it (pydantic validation, the id and not_article checks, the sha256 of the body, positions).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import generate, render_claims, render_source  # noqa: E402

from factcheck.claims import parse_claims  # noqa: E402
from factcheck.fastyaml import libyaml_loader, load_fast  # noqa: E402
from factcheck.sources import parse_source, split_front_matter  # noqa: E402
from factcheck.yamlfile import new_yaml  # noqa: E402


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def compare(label: str, before: Callable[[], object], after: Callable[[], object], repeat: int) -> None:
    """Time both ways, alternating, and print the medians and the ratio."""
    runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for _ in range(repeat):
        runs["before"].append(timed(before))
        runs["after"].append(timed(after))
    cpu_b, wall_b = (statistics.median(r[i] for r in runs["before"]) for i in (0, 1))
    cpu_a, wall_a = (statistics.median(r[i] for r in runs["after"]) for i in (0, 1))
    print(f"| {label} | {cpu_b:.3f} | {cpu_a:.3f} | {cpu_b / cpu_a:.1f}x | {wall_b:.3f} | {wall_a:.3f} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sources", type=int, default=2000, help="number of sources (default 2000)")
    p.add_argument("--claims", type=int, default=400, help="number of claims (default 400)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each way, alternating (default 3)")
    args = p.parse_args(argv)

    ledger = generate(args.sources, args.claims)
    claims_text = render_claims(ledger)
    files = [(f"sources/{doc.id}.md", render_source(doc)) for doc in ledger.sources]
    fronts = [split_front_matter(text, path)[0] for path, text in files]
    print(f"{len(files)} sources ({sum(map(len, fronts)) / 1e3:.0f} kB of front matter), claims.yaml "
          f"{len(claims_text) / 1e3:.0f} kB; loader {libyaml_loader().__name__}")

    fast_ledger, slow_ledger = parse_claims(claims_text), parse_claims(claims_text, round_trip=True)
    assert fast_ledger.tree is None, "claims.yaml was not read with libyaml"
    assert fast_ledger.to_cache() == slow_ledger.to_cache()

    def sources_round_trip() -> list[object]:
        with mock.patch("factcheck.sources.load_fast", lambda *args, **kwargs: None):
            return [parse_source(text, path) for path, text in files]

    def sources_fast() -> list[object]:
        return [parse_source(text, path) for path, text in files]

    assert sources_fast() == sources_round_trip()

    print("\n| reading | before: round trip, CPU s | after: libyaml, CPU s | ratio | before, wall s | after, wall s |")
    print("|---|---:|---:|---:|---:|---:|")
    compare("claims.yaml, YAML only", lambda: new_yaml().load(claims_text),
            lambda: load_fast(claims_text, positions=True), args.repeat)
    compare("claims.yaml, parse_claims", lambda: parse_claims(claims_text, round_trip=True),
            lambda: parse_claims(claims_text), args.repeat)
    compare(f"{len(fronts)} front matters, YAML only", lambda: [new_yaml().load(f) for f in fronts],
            lambda: [load_fast(f) for f in fronts], args.repeat)
    compare(f"{len(files)} sources, parse_source", sources_round_trip, sources_fast, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
