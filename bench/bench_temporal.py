"""Time `find_times` on about 5 MB of TimeML news text and of synthetic news, in MB per second.

Run: python bench/bench_temporal.py [megabytes] [--timeml DIR]

The TimeML texts are read from ../shared/eval/timeml (beside the repository) unless --timeml names the folder;
without them that part of the benchmark is skipped. The target is at least 1 MB of text per second on news; a
third figure, on text made of dated sentences only, shows the cost per mention.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import random
import time
from pathlib import Path

from factcheck.temporal import find_times

TIMEML = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeml"
TARGET_MB_PER_S = 1.0

# Sentence templates in the seed articles' register, dense in dates of every kind and in numbers that are not.
TEMPLATES = [
    "The army chief met the Russian commander on {weekday}, the ministry said {weekday2}.",
    "Both sides had signed a defence cooperation agreement in {month} {year} and an accord in {month2} {year2}.",
    "{Month} {day}, {year} — Officials said the talks would resume {rel} and end by {month} {day2}.",
    "The spokesperson said that last year both countries held joint exercises in {month}-{month2}.",
    "Ties had started to warm around {n} years ago, and in the first week of {month} {year} a visit was planned.",
    "Over the past {n} years, trade grew by {pct}% to ${amount} million, with {count} troops at the 8th summit.",
    "In the third quarter, profit rose {pct}% from a year earlier; the company expects more in early {year}.",
    "The case will be heard {rel}, and the boy was found on Thanksgiving Day, {n} weeks ago.",
    "The exercise, named Druzhba-{year}, was held in the summer of {year2} and again in the {decade}s.",
    "It may rain, but a protest march is set for 10 a.m. {weekday}, then the weekend rally.",
    "Phase {n} of the plan, page {count}, says the 3-2 vote came on {day} {month} {year} after {rel}.",
    "Now the ministry says it had recently reviewed the {century}th century treaty and the 1990s accords.",
]
# Sentences without dates, as most of a news story is: three of them for each dated sentence above.
FILLER = [
    "Pakistan would continue to play its part to keep conflicts away from the region, the general said.",
    "The flurry of visits suggested a new push to diversify its foreign policy options.",
    "Russian diplomats made sure that the communique was not targeted at a single country.",
    "The strategy reflects the intention of the administration to hold the country accountable.",
    "Analysts said the talks ended without any breakthrough or breakdown, but new issues have been added.",
    "The army chief thanked the commander and said his country reciprocated the desire for closer engagement.",
]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
RELATIVE = ["last month", "next week", "this year", "yesterday", "tomorrow", "earlier this month", "last Friday"]


def synthetic(megabytes: float, filler_per_dated: int = 3) -> str:
    """Deterministic news text of about `megabytes` MB: dated sentences from the templates above, each followed
    by `filler_per_dated` sentences without dates (0 gives a stress test made of dates only)."""
    rng = random.Random(20180425)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for _ in range(filler_per_dated):
            parts.append(rng.choice(FILLER))
            size += len(parts[-1]) + 1
        sentence = rng.choice(TEMPLATES).format(
            weekday=rng.choice(WEEKDAYS), weekday2=rng.choice(WEEKDAYS), month=rng.choice(MONTHS),
            month2=rng.choice(MONTHS), Month=rng.choice(MONTHS), day=rng.randint(1, 28), day2=rng.randint(1, 28),
            year=rng.randint(1990, 2019), year2=rng.randint(1990, 2019), rel=rng.choice(RELATIVE),
            n=rng.randint(2, 12), pct=rng.randint(1, 99), amount=rng.randint(1, 900), count=rng.randint(1000, 9000),
            decade=rng.choice([1960, 1970, 1980, 1990]), century=rng.randint(11, 20),
        )
        parts.append(sentence)
        size += len(sentence) + 1
        if rng.random() < 0.2:
            parts.append("\n\n")
    return " ".join(parts)


def timeml_text(folder: Path, megabytes: float) -> str | None:
    """The TimeML documents' texts, concatenated and repeated to about `megabytes` MB; None without them."""
    scorer_path = folder.parent / "timeml_score.py"
    if not folder.is_dir() or not scorer_path.exists():
        return None
    spec = importlib.util.spec_from_file_location("timeml_score", scorer_path)
    if spec is None or spec.loader is None:
        return None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    texts = [scorer.parse_tml(path)[1] for path in sorted(folder.rglob("*.tml"))]
    once = "\n\n".join(texts)
    return once * max(1, round(megabytes * 1_000_000 / len(once)))


def measure(label: str, text: str, published: dt.date, target: bool = True) -> float:
    """Time one find_times call over the whole text (best of three) and print MB/s, against the target."""
    best = float("inf")
    found = 0
    for _ in range(3):
        start = time.perf_counter()
        found = len(find_times(text, published))
        best = min(best, time.perf_counter() - start)
    rate = len(text) / 1e6 / best
    verdict = "ok" if rate >= TARGET_MB_PER_S else f"BELOW the {TARGET_MB_PER_S} MB/s target"
    if not target:
        verdict = "(stress figure, no target)"
    print(f"{label:<16} {len(text) / 1e6:5.1f} MB  {best:6.2f} s  {rate:5.2f} MB/s  {found:7d} mentions  {verdict}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("megabytes", nargs="?", type=float, default=5.0)
    parser.add_argument("--timeml", type=Path, default=TIMEML, help="folder of TimeML .tml files")
    args = parser.parse_args()
    text = timeml_text(args.timeml, args.megabytes)
    if text is None:
        print(f"TimeML texts not found at {args.timeml}: skipped")
    else:
        measure("TimeML news", text, dt.date(1998, 2, 13))
    measure("synthetic news", synthetic(args.megabytes), dt.date(2018, 4, 25))
    # Not a target, a stress figure: every sentence full of dates and date-like numbers.
    measure("dates only", synthetic(args.megabytes, filler_per_dated=0), dt.date(2018, 4, 25), target=False)


if __name__ == "__main__":
    main()
