"""The floor for `factcheck check`: the least work any checker of a project must do, timed.

For a project folder it parses `claims.yaml` with PyYAML's C loader, then reads every `sources/*.md` file, parses
its front matter with the same loader, finds each quote of the source in its body with `str.find`, and indexes the
paragraphs of every body in SQLite FTS5 with one `executemany` (fed by a generator, so that only one file is held
at a time). It prints the seconds this took (after the imports) and what it did. `bench_scale.py` divides the
times of `factcheck` by the time of this script's process, measured in the same run.

    python bench/floor.py PROJECT [--db FILE] [--json]

PyYAML with libyaml is needed here only (`pip install pyyaml`); factcheck itself does not use it.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import yaml
    from yaml import CSafeLoader
except ImportError:  # PyYAML absent, or built without libyaml: the floor would not be the floor
    CSafeLoader = None

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def load_quotes(project: Path) -> tuple[int, dict[str, list[str]]]:
    """Parse claims.yaml; return the number of claims and the quotes of each source."""
    ledger = yaml.load((project / "claims.yaml").read_bytes(), Loader=CSafeLoader) or {}
    claims = ledger.get("claims") or []
    quotes: dict[str, list[str]] = {}
    for claim in claims:
        for evidence in claim.get("evidence") or []:
            quotes.setdefault(str(evidence.get("source")), []).append(str(evidence.get("quote", "")))
    return len(claims), quotes


def run_floor(project: Path, db_path: Path) -> dict[str, float | int]:
    """Do the floor's work once and return its figures: one pass over the files, feeding one executemany."""
    start = time.perf_counter()
    claims, quotes = load_quotes(project)
    counts = {"sources": 0, "paragraphs": 0, "bytes": 0, "found": 0}
    reading = [0.0]  # seconds spent reading and parsing, inside the generator FTS5 pulls its rows from

    def rows() -> Iterator[tuple[str, str, int]]:
        for file in sorted((project / "sources").glob("*.md")):
            began = time.perf_counter()
            data = file.read_bytes()
            text = data.decode("utf-8")
            head, sep, body = text.partition("\n---\n")
            if not head.startswith("---\n") or not sep:
                raise SystemExit(f"error: {file}: no front matter between two '---' lines")
            meta = yaml.load(head[4:], Loader=CSafeLoader)
            source_id = str(meta.get("id", file.stem)) if isinstance(meta, dict) else file.stem
            counts["found"] += sum(body.find(quote) >= 0 for quote in quotes.get(source_id, ()))
            paragraphs = [para for para in _PARAGRAPH_BREAK.split(body) if para.strip()]
            counts["sources"] += 1
            counts["bytes"] += len(data)
            counts["paragraphs"] += len(paragraphs)
            reading[0] += time.perf_counter() - began
            yield from ((source_id, para, i) for i, para in enumerate(paragraphs))

    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    try:
        db.execute("create virtual table passages using fts5(source_id unindexed, text, para unindexed, "
                   "tokenize='porter')")
        with db:  # one transaction
            db.executemany("insert into passages (source_id, text, para) values (?, ?, ?)", rows())
    finally:
        db.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "read_parse_s": reading[0], "index_s": seconds - reading[0], **counts,
            "claims": claims, "quotes": sum(map(len, quotes.values()))}


def main(argv: list[str] | None = None) -> int:
    """Time the floor on one project and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a factcheck project folder (claims.yaml and sources/)")
    parser.add_argument("--db", type=Path, help="the FTS5 database to write (default: a temporary file)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if CSafeLoader is None:
        print("error: the floor needs PyYAML built with libyaml: pip install pyyaml", file=sys.stderr)
        return 2
    if not (args.project / "claims.yaml").is_file() or not (args.project / "sources").is_dir():
        print(f"error: {args.project} holds no claims.yaml and sources/: give a factcheck project folder",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="factcheck-floor-") as scratch:
        figures = run_floor(args.project, args.db or Path(scratch) / "floor.db")
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"floor: {figures['seconds']:.2f} s for {figures['sources']} sources ({figures['bytes'] / 1e6:.1f} MB,"
              f" {figures['paragraphs']} paragraphs indexed) and {figures['quotes']} quotes of {figures['claims']}"
              f" claims ({figures['found']} found exactly); read and parse {figures['read_parse_s']:.2f} s,"
              f" index {figures['index_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
