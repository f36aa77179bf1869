"""Distinct-article recall of `suggest` against plain BM25 over whole bodies, on FNC-1 headlines as claims.

Usage: python bench/retrieval_fnc.py [--split dev|validation] [--sample 150] [--top 100] [--workdir DIR]

One project holds every FNC-1 training body (../shared/eval/fnc1-train) as a source; a seeded sample of the
split's headlines that have at least one related body (agree, disagree or discuss) become claims with no evidence.
`suggest_evidence` runs once for all of them with a large --top. For k = 1, 5, 10 it prints the share of each
claim's related bodies found among the articles of its first k suggestions (counted as distinct articles), and the
same for BM25 over whole bodies (SQLite FTS5, porter tokenizer, the headline's words OR-ed) in the same run.
The split follows the issue: a headline is validation when md5(headline) % 5 == 0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ruamel.yaml import YAML

from factcheck.intake import render_source
from factcheck.project import ProjectPaths, check_project, suggest_evidence
from factcheck.sources import hash_body

FNC_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fnc1-train"
KS = (1, 5, 10)


def split_of(headline: str) -> str:
    """The split every helper of issue 12 uses."""
    return "validation" if int(hashlib.md5(headline.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "dev"


def load(fnc: Path) -> tuple[dict[int, str], dict[str, set[int]]]:
    """Bodies by id, and each headline's related body ids."""
    csv.field_size_limit(sys.maxsize)
    with (fnc / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(handle)}
    related: dict[str, set[int]] = defaultdict(set)
    with (fnc / "train_stances.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["Stance"] != "unrelated":
                related[r["Headline"]].add(int(r["Body ID"]))
    return bodies, related


def write_project(root: Path, bodies: dict[int, str], claims: list[str]) -> None:
    """sources/fnc-<id>.md for every body, and claims.yaml with one claim per headline and no evidence."""
    (root / "sources").mkdir(parents=True)
    for body_id, body in bodies.items():
        front = {"id": f"fnc-{body_id}", "publisher": "FNC-1", "published": None, "kind": "news",
                 "reliability": "C", "sha256": hash_body(body)}
        (root / "sources" / f"fnc-{body_id}.md").write_text(render_source(front, body), encoding="utf-8",
                                                              newline="")
    yaml = YAML()
    yaml.width = 10_000
    with (root / "claims.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump({"claims": [{"id": f"h{i}", "text": text} for i, text in enumerate(claims)]}, handle)


def bm25_bodies(bodies: dict[int, str], claims: list[str], depth: int) -> list[list[int]]:
    """Each claim's body ids, best first, by BM25 over whole bodies."""
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table docs using fts5(text, tokenize='porter')")
    db.executemany("insert into docs (rowid, text) values (?, ?)", bodies.items())
    ranked = []
    for claim in claims:
        words = dict.fromkeys(w.lower() for w in re.findall(r"\w+", claim))
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = db.execute("select rowid from docs where docs match ? order by bm25(docs) limit ?", [match, depth])
        ranked.append([r[0] for r in rows])
    return ranked


def recall(ranked: list[list[int]], gold: list[set[int]], k: int) -> float:
    """Mean share of each claim's related bodies among the distinct articles of its first k results."""
    return sum(len(set(r[:k]) & g) / len(g) for r, g in zip(ranked, gold, strict=True)) / len(gold)


def main(argv: list[str] | None = None) -> int:
    """Build the project, run suggest and BM25, print recall@1/5/10 for both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "validation"), default="dev")
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--per-source", type=int, default=1, help="suggest's --per-source (0: no limit)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--fnc", type=Path, default=FNC_DIR)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (args.fnc / "train_bodies.csv").is_file():
        print(f"skipped: no FNC-1 training data at {args.fnc}", file=sys.stderr)
        return 0
    bodies, related = load(args.fnc)
    headlines = sorted(h for h in related if split_of(h) == args.split)
    claims = random.Random(args.seed).sample(headlines, min(args.sample, len(headlines)))
    gold = [related[h] for h in claims]
    root = (args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-fnc-"))) / "project"
    if root.exists():
        subprocess.run(["rm", "-rf", str(root)], check=True)
    write_project(root, bodies, claims)
    print(f"{args.split}: {len(claims)} headlines as claims, {sum(map(len, gold))} related pairs, "
          f"{len(bodies)} bodies as sources")
    paths = ProjectPaths.at(root)
    started = time.perf_counter()
    check_project(paths)
    print(f"check (cold, builds the index) {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    found = suggest_evidence(paths, None, top=args.top, per_source=args.per_source or None)
    took = time.perf_counter() - started
    suggested = [[int(s.source.removeprefix("fnc-")) for s in found[f"h{i}"]] for i in range(len(claims))]
    # recall@k counts the distinct articles of the first k suggestions.
    bm25 = bm25_bodies(bodies, claims, max(KS))
    print(f"suggest --top {args.top} --per-source {args.per_source}: {took:.1f} s "
          f"({1000 * took / len(claims):.0f} ms a claim, the warm check included); "
          "distinct articles in the first 10 suggestions: "
          f"{sum(len(set(r[:10])) for r in suggested) / len(claims):.1f}")
    print(f"{'':18}" + "".join(f"{'recall@' + str(k):>11}" for k in KS))
    for name, ranked in (("suggest", suggested), ("BM25 whole bodies", bm25)):
        print(f"{name:18}" + "".join(f"{recall(ranked, gold, k):11.3f}" for k in KS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
