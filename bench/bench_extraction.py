"""Score the article text `factcheck source add` takes in from HTML, against trafilatura called directly.

Run: python bench/bench_extraction.py [DIR] [--limit N]

DIR is the article-extraction folder of the ScrapingHub benchmark (181 news pages as html/*.html.gz and
ground-truth.json with each page's `articleBody`); by default ../shared/eval/article-extraction beside the
repository, and the benchmark is skipped with a message when it is absent. Each page is written to a scratch
project and taken in with `factcheck.intake.add_source`, the function `source add` calls; the body is read back
from the source file it wrote. The reference is `trafilatura.extract` on the same bytes with the same settings
(`intake.EXTRACT_SETTINGS`, as the benchmark's own run_trafilatura.py calls it).

Scores follow the benchmark's evaluate.py: text is split into tokens with the regex \\w+ (Unicode word characters,
case kept), tokens are joined into shingles of 4, and each page's true positives, false positives and false
negatives (shingle counts) are divided by their sum, so a long page weighs no more than a short one. Precision
and recall are averaged over pages, and F1 is the harmonic mean of the two averages. A second line scores single
tokens (a bag of \\w+ words) the same way. The benchmark's published F1 for trafilatura is 0.958.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from factcheck import intake
from factcheck.sources import read_source

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"
PUBLISHED_F1 = 0.958
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """The n-token shingles of a text, counted; a text shorter than n tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, predicted: str, n: int) -> Counts:
    """True positives, false positives and false negatives of one page, divided by their sum."""
    gold, got = shingles(true, n), shingles(predicted, n)
    tp, fp, fn = sum((gold & got).values()), sum((got - gold).values()), sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(pages: list[Counts]) -> tuple[float, float, float]:
    """Precision and recall averaged over pages, and the F1 of the two averages (the benchmark's convention)."""

    def ratio(hit: float, miss: float, other: float) -> float:
        if miss == other == 0:
            return 1.0
        return hit / (hit + miss) if hit + miss else 0.0

    precision = statistics.mean(ratio(tp, fp, fn) for tp, fp, fn in pages if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp) for tp, fp, fn in pages if tp + fn > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> int:
    """Run the intake and trafilatura on every page and print their scores, dates found and time per page."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=EVAL, help="the article-extraction folder")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (sorted by key)")
    args = parser.parse_args()
    folder: Path = args.folder
    if (folder / "article-extraction").is_dir():  # ../shared/eval given
        folder = folder / "article-extraction"
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file() or not (folder / "html").is_dir():
        print(f"article-extraction benchmark not found at {folder} (need ground-truth.json and html/): skipped; "
              "pass its folder as the first argument", file=sys.stderr)
        return 0
    try:
        import trafilatura
    except ImportError:
        print(f"trafilatura is not installed: skipped; {intake.HTML_EXTRA_HINT}", file=sys.stderr)
        return 0

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit]
    now = dt.datetime.now(dt.UTC)
    ours: dict[int, list[Counts]] = {4: [], 1: []}
    direct: dict[int, list[Counts]] = {4: [], 1: []}
    our_times, direct_times = [], []
    dated = dated_extensive = refused = differ = 0
    with tempfile.TemporaryDirectory(prefix="fc-bench-extraction-") as scratch:
        project = Path(scratch)
        (project / "sources").mkdir()
        inbox = project / "inbox"
        inbox.mkdir()
        for number, key in enumerate(keys, start=1):
            data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
            page = inbox / f"{key}.html"
            page.write_bytes(data)
            started = time.perf_counter()
            try:
                result = intake.add_source(project, str(page), now=now, source_id=f"p-{key[:16]}",
                                           url=truth[key].get("url") or None)
            except intake.IntakeError:
                our_times.append(time.perf_counter() - started)
                body, published = "", None
                refused += 1
            else:
                our_times.append(time.perf_counter() - started)
                body, published = read_source(result.path).body, result.meta["published"]
            started = time.perf_counter()
            reference = trafilatura.extract(data, **intake.EXTRACT_SETTINGS) or ""
            direct_times.append(time.perf_counter() - started)
            # Not timed: what htmldate finds when it may also read dates out of the running text.
            found = trafilatura.extract_metadata(trafilatura.load_html(data), date_config={
                **intake.date_settings(now), "extensive_search": True})
            dated += published is not None
            dated_extensive += bool(found.date)
            differ += _TOKEN.findall(body) != _TOKEN.findall(reference)
            for n in (4, 1):
                ours[n].append(page_counts(truth[key]["articleBody"], body, n))
                direct[n].append(page_counts(truth[key]["articleBody"], reference, n))
            if sys.stderr.isatty():
                print(f"\r{number}/{len(keys)} pages", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)

    print(f"article extraction: {len(keys)} pages from {folder}")
    print(f"{'precision / recall / F1':<24} {'shingles of 4 tokens':>22}  {'single tokens':>22}")
    for name, counts in (("factcheck intake", ours), ("trafilatura.extract", direct)):
        cells = ["{:.3f} / {:.3f} / {:.3f}".format(*scores(counts[n])) for n in (4, 1)]
        print(f"{name:<24} {cells[0]:>22}  {cells[1]:>22}")
    print(f"published F1 for trafilatura: {PUBLISHED_F1}; pages where our tokens differ from trafilatura's: {differ}; "
          f"pages refused (no text): {refused}")
    print(f"publication date found: {dated / len(keys):.1%} of pages (markup and address only, as recorded); "
          f"{dated_extensive / len(keys):.1%} with htmldate's extensive search of the text")
    print(f"time per page: intake {statistics.mean(our_times) * 1000:.0f} ms mean, "
          f"{statistics.median(our_times) * 1000:.0f} ms median, {max(our_times) * 1000:.0f} ms max "
          f"(extraction, metadata and date, two files written); trafilatura.extract alone "
          f"{statistics.mean(direct_times) * 1000:.0f} ms mean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
