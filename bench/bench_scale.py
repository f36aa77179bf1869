"""Benchmark factcheck at scale: generated ledgers of 2,000 to 100,000 sources, each figure beside the floor.

Run from the repository root with the project's interpreter:

    python bench/bench_scale.py                                  # 2,000 sources, 400 claims
    python bench/bench_scale.py --sources 2000 20000 100000     # the scaling table
    python bench/bench_scale.py --sources 100000 --timeout 3600 --skip suggest search

For each size it generates `bench_check.py`'s ledger (sources written as they are made), then times, each as a
separate process: the floor script (`floor.py`), `python -c "import factcheck.cli"`, a cold `check`, warm checks,
a check after one source was edited, `suggest` for some claims, and `search --from FILE` with many queries, whose
latency per query is also taken in one warm process. It prints a Markdown table per size and, at the end, the
scaling table; progress goes to stderr. It exits 1 when a run fails or times out, or a target of issue 14 is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_check  # noqa: E402  (the generator and the timed runner live beside this script)
from bench_check import Run, cli_command, run_timed  # noqa: E402

FLOOR_SCRIPT = Path(__file__).resolve().parent / "floor.py"
STEPS = ("warm", "edit", "suggest", "search")
# Issue 14's targets: those it sets on the 2,000-source ledger, and those it sets at 100,000 sources.
COLD_FLOOR_RATIO = 5.0
WARM_IMPORT_RATIO = 2.0
EDIT_TARGET_S = 1.5
SUGGEST_TARGET_MS = 50.0
BIG_WARM_TARGET_S = 1.5
BIG_RSS_TARGET = 2**30
SEARCH_P95_TARGET_MS = 50.0

# Times each query as `factcheck search` runs it (its FTS5 queries, with snippets) in one warm process.
_LATENCY = """\
import json, sys, time
from pathlib import Path
from factcheck.project import ProjectPaths, SearchQuery, _search_rows
from factcheck.store import Store
queries = Path(sys.argv[2]).read_text("utf-8").splitlines()
store = Store(ProjectPaths.at(Path(sys.argv[1])).db)
ms = []
try:
    for query in queries:
        start = time.perf_counter()
        _search_rows(store, SearchQuery(query))
        ms.append((time.perf_counter() - start) * 1000)
finally:
    store.close()
print(json.dumps(ms))
"""


def default_claims(sources: int) -> int:
    """Claims for a ledger of this many sources: 400 at 2,000, 2,000 at 20,000, 4,000 at 100,000."""
    if sources <= 2000:
        return max(2, sources // 5)
    if sources <= 20000:
        return max(400, sources // 10)
    return max(2000, sources // 25)


@dataclass
class Step:
    """One measured row: its run (None when not run), a figure of its own, and what went wrong."""

    label: str
    run: Run | None = None
    figure: str = ""
    target: str = ""
    met: bool | None = None  # None: no target at this size
    problem: str = ""


@dataclass
class SizeResult:
    """Everything measured on one generated ledger."""

    sources: int
    claims: int
    megabytes: float
    gen_seconds: float
    steps: dict[str, Step] = field(default_factory=dict)
    floor_inner: float | None = None
    suggest_ms: float | None = None
    p50: float | None = None
    p95: float | None = None

    def ok(self) -> bool:
        """Whether every run finished as expected and met its target."""
        return all(not s.problem and s.met is not False for s in self.steps.values())


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _median(runs: list[Run]) -> Run:
    """One run standing for several: median wall and CPU seconds, the highest RSS, the first failure if any."""
    worst = next((r for r in runs if r.timed_out or r.crashed), runs[0])
    cpus = [r.cpu for r in runs if r.cpu is not None]
    rss = [r.peak_rss for r in runs if r.peak_rss is not None]
    return replace(worst, seconds=statistics.median(r.seconds for r in runs),
                   cpu=statistics.median(cpus) if cpus else None, peak_rss=max(rss) if rss else None)


def _failure(run: Run, expect_exit: int, timeout: float) -> str:
    """What went wrong with a run, or ''."""
    if run.timed_out:
        return f"timed out after {timeout:g} s"
    if run.crashed:
        tail = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
        return f"crashed: {tail}"
    if run.exit_code != expect_exit:
        tail = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "nothing on stderr"
        return f"exit {run.exit_code}, expected {expect_exit} ({tail})"
    return ""


def _verdict(step: Step, met: bool, target: str) -> None:
    step.met, step.target = met, f"{target}: {'ok' if met else 'MISSED'}"


def make_queries(texts: list[str], count: int) -> list[str]:
    """Search-box queries of one to four words of random claims, as bench_discovery.py makes them."""
    rng = random.Random(7)
    queries = []
    for _ in range(count):
        words = [w for w in rng.choice(texts).split() if len(w) > 3]
        queries.append(" ".join(rng.sample(words, k=min(len(words), rng.randint(1, 4)))))
    return queries


def measure(n_sources: int, n_claims: int, root: Path, args: argparse.Namespace) -> SizeResult:
    """Generate one ledger and time every step on it."""
    project, logs = root / f"ledger-{n_sources}", root / f"logs-{n_sources}"
    shutil.rmtree(project, ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    _say(f"[{n_sources} sources] generating {n_claims} claims into {project} ...")
    start = time.perf_counter()
    ledger = bench_check.generate_into(project, n_sources, n_claims, args.seed)
    result = SizeResult(n_sources, len(ledger.claims), ledger.source_bytes / 1e6, time.perf_counter() - start)
    _say(f"[{n_sources} sources] {result.megabytes:.1f} MB generated in {result.gen_seconds:.1f} s")
    base, timeout, steps = cli_command(), args.timeout, result.steps
    check = [*base, "check", "--project", str(project), "--format", "text"]
    floor_cmd = [sys.executable, str(FLOOR_SCRIPT), str(project), "--json"]
    import_cmd = [sys.executable, "-c", "import factcheck.cli"]
    run_timed([*base, "--help"], logs / "prime", timeout)  # compiles bytecode and warms the OS cache
    floors: list[Run] = []
    imports: list[Run] = []

    def floor_run(i: int) -> None:
        _say(f"[{n_sources} sources] floor script ({i + 1}) ...")
        floors.append(run_timed(floor_cmd, logs / f"floor-{i}", timeout))

    floor_run(0)
    shutil.rmtree(project / ".factcheck", ignore_errors=True)
    _say(f"[{n_sources} sources] cold check (timeout {timeout:g} s) ...")
    cold = run_timed(check, logs / "cold", timeout)
    steps["cold"] = Step("cold `check`", cold, problem=_failure(cold, bench_check.EXPECTED_EXIT, timeout))
    finished = not (cold.timed_out or cold.crashed)  # else every later step would be another cold run
    if finished and "warm" not in args.skip:
        # A run keeps its output for the next only once every input, the cache too, is 3 s old (factcheck/warm.py).
        time.sleep(bench_check.SETTLE_S)
        run_timed(check, logs / "keep", timeout)
    warm: list[Run] = []
    for i in range(args.runs):  # alternate with the import, whose time the warm run is compared with
        imports.append(run_timed(import_cmd, logs / f"import-{i}", timeout))
        if finished and "warm" not in args.skip:
            _say(f"[{n_sources} sources] warm check ({i + 1} of {args.runs}) ...")
            warm.append(run_timed(check, logs / f"warm-{i}", timeout))
    for i in range(1, args.floor_runs):
        floor_run(i)
    steps["floor"] = Step(f"floor script (median of {len(floors)})", _median(floors))
    steps["floor"].problem = _failure(steps["floor"].run, 0, timeout)
    try:
        result.floor_inner = statistics.median(json.loads(r.stdout)["seconds"] for r in floors)
        steps["floor"].figure = f"{result.floor_inner:.2f} s after its imports"
    except (ValueError, KeyError):
        pass
    steps["import"] = Step(f'`python -c "import factcheck.cli"` (median of {len(imports)})', _median(imports))
    steps["import"].problem = _failure(steps["import"].run, 0, timeout)
    if warm:
        steps["warm"] = Step(f"warm `check` (median of {len(warm)})", _median(warm))
        problem = next((p for p in (_failure(r, bench_check.EXPECTED_EXIT, timeout) for r in warm) if p), "")
        if not problem and not cold.timed_out and any(r.stdout != cold.stdout for r in warm):
            problem = "stdout differs from the cold run's"
        steps["warm"].problem = problem
    if finished and "edit" not in args.skip:
        touched = bench_check.touch_one_source(ledger, project)
        _say(f"[{n_sources} sources] one source edited ({touched}) ...")
        edit = run_timed(check, logs / "edit", timeout)
        steps["edit"] = Step("one source edited", edit, f"{touched}", problem=_failure(edit, 1, timeout))
    if finished and "suggest" not in args.skip:
        claim_ids = [c.id for c in ledger.claims]
        picked = claim_ids[:: max(1, len(claim_ids) // args.suggest)][: args.suggest]
        _say(f"[{n_sources} sources] suggest for {len(picked)} claims ...")
        run = run_timed([*base, "suggest", *picked, "--project", str(project), "--format", "json"],
                        logs / "suggest", timeout)
        step = steps["suggest"] = Step(f"`suggest`, {len(picked)} claims", run, problem=_failure(run, 0, timeout))
        if not step.problem:
            shown = len(json.loads(run.stdout).get("claims", []))
            step.problem = "" if shown == len(picked) else f"{shown} claims in the output, {len(picked)} asked"
        if not step.problem and "warm" in steps:
            warm_run = steps["warm"].run
            result.suggest_ms = (run.seconds - warm_run.seconds) / len(picked) * 1000
            step.figure = f"{result.suggest_ms:.0f} ms a claim (less one warm check)"
            if run.cpu is not None and warm_run.cpu is not None:  # steadier on a busy machine
                step.figure += f"; CPU {(run.cpu - warm_run.cpu) / len(picked) * 1000:.0f} ms a claim"
    if finished and "search" not in args.skip:
        queries = make_queries([c.text for c in ledger.claims], args.queries)
        query_file = logs / "queries.txt"
        query_file.write_text("\n".join(queries) + "\n", "utf-8")
        _say(f"[{n_sources} sources] search --from, {len(queries)} queries ...")
        run = run_timed([*base, "search", "--from", str(query_file), "--project", str(project)],
                        logs / "search", timeout)
        step = steps["search"] = Step(f"`search --from`, {len(queries)} queries", run,
                                      problem=_failure(run, 0, timeout))
        if not step.problem and len(run.stdout.splitlines()) != len(queries):
            step.problem = f"{len(run.stdout.splitlines())} JSON lines for {len(queries)} queries"
        latency = run_timed([sys.executable, "-c", _LATENCY, str(project), str(query_file)],
                            logs / "latency", timeout)
        if not _failure(latency, 0, timeout):
            ms = sorted(json.loads(latency.stdout))
            result.p50, result.p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
            step.figure = f"per query in one process: p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms"
        else:
            step.figure = f"per-query timing failed: {_failure(latency, 0, timeout)}"
    judge(result)
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return result


def judge(result: SizeResult) -> None:
    """Mark each step against the issue's targets for this size (none between the two sizes it names)."""
    steps, floor = result.steps, result.steps["floor"].run
    small, big = result.sources <= 2000, result.sources >= 100000
    cold = steps["cold"]
    if small and not cold.problem and floor:
        _verdict(cold, cold.run.seconds <= COLD_FLOOR_RATIO * floor.seconds, f"≤ {COLD_FLOOR_RATIO:g}× floor")
    if big and cold.run and not (cold.run.timed_out or cold.run.crashed):
        rss = cold.run.peak_rss
        _verdict(cold, rss is not None and rss <= BIG_RSS_TARGET, "completes, peak RSS ≤ 1 GB")
    if "warm" in steps and not steps["warm"].problem:
        warm, imported = steps["warm"], steps["import"].run
        if small and imported:
            _verdict(warm, warm.run.seconds <= WARM_IMPORT_RATIO * imported.seconds,
                     f"≤ {WARM_IMPORT_RATIO:g}× import")
        if big:
            _verdict(warm, warm.run.seconds <= BIG_WARM_TARGET_S, f"≤ {BIG_WARM_TARGET_S:g} s")
    if small and "edit" in steps and not steps["edit"].problem:
        _verdict(steps["edit"], steps["edit"].run.seconds <= EDIT_TARGET_S, f"≤ {EDIT_TARGET_S:g} s")
    if small and result.suggest_ms is not None:
        _verdict(steps["suggest"], result.suggest_ms <= SUGGEST_TARGET_MS, f"≤ {SUGGEST_TARGET_MS:g} ms a claim")
    if big and result.p95 is not None:
        _verdict(steps["search"], result.p95 <= SEARCH_P95_TARGET_MS, f"p95 ≤ {SEARCH_P95_TARGET_MS:g} ms")


def _seconds(run: Run | None) -> str:
    return f"{run.seconds:.2f}" if run else ""


def _mb(run: Run | None) -> str:
    return f"{run.peak_rss / 2**20:.0f} MB" if run and run.peak_rss else "n/a"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}×" if a is not None and b else ""


def detail_table(result: SizeResult) -> str:
    """The Markdown table of one size: every step with wall and CPU time, peak RSS and ratios to the floor."""
    floor = result.steps["floor"].run
    head = (f"{result.sources:,} sources, {result.claims:,} claims ({result.megabytes:.1f} MB; generated in "
            f"{result.gen_seconds:.1f} s)")
    lines = [f"| {head} | wall s | CPU s | peak RSS | × floor | × floor (CPU) | figure | target |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for key in ("floor", "import", "cold", *STEPS):
        step = result.steps.get(key)
        if step is None:
            continue
        run = step.run
        compared = run and floor and key not in ("floor", "import")
        ratio = _ratio(run.seconds, floor.seconds) if compared else ""
        cpu_ratio = _ratio(run.cpu, floor.cpu) if compared else ""
        figure = step.figure
        if key == "warm" and run and result.steps["import"].run:
            figure = f"{_ratio(run.seconds, result.steps['import'].run.seconds)} import; {figure}".rstrip("; ")
        if step.problem:
            figure = f"**{step.problem}**" + (f"; {figure}" if figure else "")
        cpu = f"{run.cpu:.2f}" if run and run.cpu is not None else "n/a"
        lines.append(f"| {step.label} | {_seconds(run)} | {cpu} | {_mb(run)} | {ratio} | {cpu_ratio} | {figure} "
                     f"| {step.target} |")
    return "\n".join(lines)


def _cell(result: SizeResult, key: str, extra: str = "") -> str:
    step = result.steps.get(key)
    if step is None or step.run is None:
        return "not run"
    if step.run.timed_out or step.run.crashed:
        return step.problem
    return f"{step.run.seconds:.2f} s{extra}" + (" (!)" if step.problem else "")


def scaling_table(results: list[SizeResult]) -> str:
    """One row per size: the figures issue 14 asks for, with their ratios."""
    lines = ["| sources | claims | MB | floor | cold `check` | warm `check` | one source edited | `suggest` a claim "
             "| `search` p50 / p95 | peak RSS cold / warm |",
             "|---:|---:|---:|---:|---|---|---|---:|---|---|"]
    for r in results:
        floor, imported = r.steps["floor"].run, r.steps["import"].run
        cold = r.steps["cold"].run
        warm = r.steps.get("warm")
        cold_ratio = _ratio(cold.seconds, floor.seconds) if cold and not cold.timed_out else ""
        warm_ratio = _ratio(warm.run.seconds, imported.seconds) if warm and warm.run and imported else ""
        suggest = f"{r.suggest_ms:.0f} ms" if r.suggest_ms is not None else "n/a"
        search = f"{r.p50:.1f} / {r.p95:.1f} ms" if r.p95 is not None else "n/a"
        rss = f"{_mb(cold)} / {_mb(warm.run if warm else None)}"
        lines.append(
            f"| {r.sources:,} | {r.claims:,} | {r.megabytes:.0f} | {_seconds(floor)} s "
            f"| {_cell(r, 'cold', f' ({cold_ratio} floor)' if cold_ratio else '')} "
            f"| {_cell(r, 'warm', f' ({warm_ratio} import)' if warm_ratio else '')} "
            f"| {_cell(r, 'edit')} | {suggest} | {search} | {rss} |"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sources", type=int, nargs="+", default=[2000],
                   help="ledger sizes in sources, one run each (default 2000)")
    p.add_argument("--claims", type=int, help="claims per ledger (default 400 at 2,000 sources, 2,000 at 20,000, "
                   "4,000 at 100,000)")
    p.add_argument("--runs", type=int, default=3, help="warm checks and imports to take the median of (default 3)")
    p.add_argument("--floor-runs", type=int, default=3, help="floor runs to take the median of (default 3)")
    p.add_argument("--suggest", type=int, default=50, help="claims to run `suggest` for (default 50)")
    p.add_argument("--queries", type=int, default=200, help="queries for `search --from` (default 200)")
    p.add_argument("--skip", nargs="+", default=[], choices=STEPS, help="steps not to run")
    p.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed (default 1800)")
    p.add_argument("--memory-limit-gb", type=float, help="cap the address space of this script and every run "
                   "(RLIMIT_AS), so that a run out of memory fails alone instead of pushing the machine to swap "
                   "or the OOM killer")
    p.add_argument("--workdir", type=Path, help="write ledgers and logs under DIR (default: a temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the ledgers (and the temp folder)")
    p.add_argument("--seed", type=int, default=bench_check.SEED, help=f"random seed (default {bench_check.SEED})")
    args = p.parse_args(argv)
    if min(args.sources) < 2 or (args.claims is not None and args.claims < 2):
        p.error("need --sources >= 2 and --claims >= 2 (a declared conflict stays open)")
    if args.runs < 1 or args.floor_runs < 1 or args.suggest < 1 or args.queries < 1:
        p.error("--runs, --floor-runs, --suggest and --queries must be at least 1")
    return args


def compile_package() -> None:
    """Byte-compile factcheck's modules once, as installing a wheel does.

    With PYTHONDONTWRITEBYTECODE set (as on some CI machines) an editable install would otherwise compile every
    module from source in every timed run: about 0.1-0.25 s a run that no installed copy pays.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("factcheck")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Measure every size asked for, then print the tables."""
    args = parse_args(argv)
    if args.memory_limit_gb:
        import resource

        limit = int(args.memory_limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # inherited by every run started from here
    compile_package()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    try:
        for n in args.sources:
            results.append(measure(n, args.claims or default_claims(n), root, args))
            print(f"\n{detail_table(results[-1])}\n", flush=True)
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            _say(f"ledgers and logs in {root}")
    command = " ".join(["python bench/bench_scale.py", "--sources", *map(str, args.sources)])
    print(f"Scaling (`{command}`; {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs):\n")
    print(scaling_table(results))
    return 0 if all(r.ok() for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
