"""The floor for `factcheck check`: the least work any checker of a project must do, timed.

For a project folder it reads every `sources/*.md` file, parses its front matter with PyYAML's C loader, indexes
the paragraphs of every body in SQLite FTS5 with one `executemany`, parses `claims.yaml` with the same loader and
finds every quote in its source's body with `str.find`. It prints the seconds this took (after the imports) and
what it did. `bench_scale.py` divides the times of `factcheck` by this one, measured in the same run.

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
from pathlib import Path

try:
    import yaml
    from yaml import CSafeLoader
except ImportError:  # PyYAML absent, or built without libyaml: the floor would not be the floor
    CSafeLoader = None

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def read_project(project: Path) -> tuple[dict[str, str], list[tuple[str, str, int]], int]:
    """Every source's body by id, its paragraphs as (id, text, index) rows, and the bytes read."""
    bodies: dict[str, str] = {}
    rows: list[tuple[str, str, int]] = []
    size = 0
    for file in sorted((project / "sources").glob("*.md")):
        data = file.read_bytes()
        size += len(data)
        text = data.decode("utf-8")
        head, sep, body = text.partition("\n---\n")
        if not head.startswith("---\n") or not sep:
            raise SystemExit(f"error: {file}: no front matter between two '---' lines")
        meta = yaml.load(head[4:], Loader=CSafeLoader)
        source_id = str(meta.get("id", file.stem)) if isinstance(meta, dict) else file.stem
        bodies[source_id] = body
        rows += [(source_id, para, i) for i, para in enumerate(_PARAGRAPH_BREAK.split(body)) if para.strip()]
    return bodies, rows, size


def index_paragraphs(db_path: Path, rows: list[tuple[str, str, int]]) -> None:
    """Write every paragraph into a fresh FTS5 table in one transaction and one executemany."""
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    try:
        db.execute("create virtual table passages using fts5(source_id unindexed, text, para unindexed, "
                   "tokenize='porter')")
        with db:
            db.executemany("insert into passages (source_id, text, para) values (?, ?, ?)", rows)
    finally:
        db.close()


def find_quotes(project: Path, bodies: dict[str, str]) -> tuple[int, int, int]:
    """Parse claims.yaml and look for every quote in its source; return claims, quotes, and quotes found."""
    ledger = yaml.load((project / "claims.yaml").read_bytes(), Loader=CSafeLoader) or {}
    claims = ledger.get("claims") or []
    quotes = found = 0
    for claim in claims:
        for evidence in claim.get("evidence") or []:
            quotes += 1
            body = bodies.get(str(evidence.get("source")))
            found += body is not None and body.find(str(evidence.get("quote", ""))) >= 0
    return len(claims), quotes, found


def run_floor(project: Path, db_path: Path) -> dict[str, float | int]:
    """Do the floor's work once and return its figures."""
    start = time.perf_counter()
    bodies, rows, size = read_project(project)
    read_s = time.perf_counter() - start
    index_paragraphs(db_path, rows)
    index_s = time.perf_counter() - start - read_s
    claims, quotes, found = find_quotes(project, bodies)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "read_parse_s": read_s, "index_s": index_s, "sources": len(bodies),
            "paragraphs": len(rows), "bytes": size, "claims": claims, "quotes": quotes, "found": found}


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
