"""The stance `suggest` proposes, measured on FNC-1's related headline/body pairs (../shared/eval/fnc1-train).

Usage: python bench/stance_fnc.py [--split development|validation] [--limit N] [--pick rank|bm25] [--misses K]

For each related pair (agree, disagree, discuss) of the split, the body is segmented as `factcheck` segments a
source (paragraphs and sentences) and the headline is taken as the claim. `--pick rank` (the default) ranks every
passage of the body with `rank_candidates`, as `suggest` does, and takes the stance of its best passage; `--pick
bm25` takes the passage BM25 scores best for the headline's words and judges that one alone. Printed: the
confusion matrix, per-class F1 and macro-F1 over agree/disagree/discuss (agree -> supports, disagree ->
contradicts, discuss -> qualifies or mentions), and the share of disagree pairs proposed as supports; beside two
anchors: always answering discuss, and a refuting-word rule over the whole body.

The split (shared by every helper on issue 12): a headline is validation when the md5 of its UTF-8 bytes is 0
modulo 5, development otherwise. Tune on development only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import re
import sys
import time
from collections import Counter
from functools import cache
from pathlib import Path

from factcheck import discovery
from factcheck.discovery import Candidate, own_terms, rank_candidates
from factcheck.models import Claim
from factcheck.sources import segment
from factcheck.timing import claim_time
from factcheck.vocabulary import package_vocabulary

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fnc1-train"
GOLD = ("agree", "disagree", "discuss")
PROPOSED = ("supports", "contradicts", "qualifies", "mentions")
AS_GOLD = {"supports": "agree", "contradicts": "disagree", "qualifies": "discuss", "mentions": "discuss"}
REFUTING = re.compile(r"\b(?:fake|hoax|false|not true|denied|debunk\w*|no evidence)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def split_of(headline: str) -> str:
    """The issue's split: validation when the headline's md5 is 0 modulo 5."""
    return "validation" if int(hashlib.md5(headline.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "development"


def load_pairs(data: Path, split: str) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """The related (headline, body id, stance) pairs of a split, and the bodies by id."""
    with (data / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
    with (data / "train_stances.csv").open(encoding="utf-8", newline="") as f:
        pairs = [(row["Headline"], row["Body ID"], row["Stance"]) for row in csv.DictReader(f)
                 if row["Stance"] in GOLD and split_of(row["Headline"]) == split]
    return pairs, bodies


@cache
def passages_of(body_id: str, body: str) -> tuple[tuple[int, int, str], ...]:
    """The body's paragraphs and sentences as factcheck segments a source."""
    return tuple((p.start, p.end, p.text) for p in segment(body_id, body, []))


def bm25_scores(terms: list[str], texts: list[str], idf: dict[str, float], mean_length: float) -> list[float]:
    """BM25 (k1 1.2, b 0.75) of each text for the terms."""
    scores = []
    for text in texts:
        words = _WORD.findall(text.lower())
        counts = Counter(words)
        norm = 1.2 * (0.25 + 0.75 * len(words) / mean_length)
        scores.append(sum(idf.get(t, 0.0) * counts[t] * 2.2 / (counts[t] + norm) for t in terms if counts[t]))
    return scores


def _cache_by_text(vocabulary: object) -> None:
    """Read each text's event and wording once: one vocabulary is used throughout."""
    read_event, read_wording = discovery.read_event, discovery.read_wording
    events: dict[str, object] = {}
    wordings: dict[str, object] = {}

    def cached_event(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if text not in events:
            events[text] = read_event(text, *args, **kwargs)
        return events[text]

    def cached_wording(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if args or set(kwargs) - {"rules"}:
            return read_wording(text, *args, **kwargs)
        if text not in wordings:
            wordings[text] = read_wording(text, **kwargs)
        return wordings[text]

    discovery.read_event = cached_event  # type: ignore[assignment]
    discovery.read_wording = cached_wording  # type: ignore[assignment]


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (0 when nothing was right)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def scores(pairs: list[tuple[str, str]]) -> tuple[dict[str, float], float]:
    """Per-class F1 over agree/disagree/discuss for (gold, answer) pairs, and their mean."""
    per = {}
    for label in GOLD:
        tp = sum(1 for g, a in pairs if g == label and a == label)
        fp = sum(1 for g, a in pairs if g != label and a == label)
        fn = sum(1 for g, a in pairs if g == label and a != label)
        per[label] = f1(tp, fp, fn)
    return per, sum(per.values()) / len(per)


def main(argv: list[str] | None = None) -> int:
    """Judge every sampled pair and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("development", "validation"), default="development")
    parser.add_argument("--limit", type=int, default=0, help="a random sample of this many pairs (0: all)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--pick", choices=("rank", "bm25"), default="rank")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses of each kind (development)")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not (args.data / "train_stances.csv").exists():
        print(f"skipped: {args.data} is absent (FNC-1 training split)")
        return 0
    if args.misses and args.split != "development":
        parser.error("--misses reads development pairs only")
    pairs, bodies = load_pairs(args.data, args.split)
    if args.limit:
        pairs = random.Random(args.seed).sample(pairs, min(args.limit, len(pairs)))
    vocabulary = package_vocabulary()
    # A body is judged against many headlines: read each passage once (suggest caches these by text too).
    _cache_by_text(vocabulary)
    all_passages = [text for body_id, body in bodies.items() for _, _, text in passages_of(body_id, body)]
    document_frequency: Counter[str] = Counter()
    for text in all_passages:
        document_frequency.update(set(_WORD.findall(text.lower())))
    n = len(all_passages)
    idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in document_frequency.items()}
    mean_length = sum(len(_WORD.findall(t.lower())) for t in all_passages) / n

    started = time.perf_counter()
    judged: list[tuple[str, str, str, str, list[str], str]] = []  # gold, stance, headline, text, reasons, body id
    for headline, body_id, gold in pairs:
        passages = passages_of(body_id, bodies[body_id])
        terms = [t for t in own_terms(headline) if not t.isdigit()]
        bm25 = bm25_scores(terms, [t for _, _, t in passages], idf, mean_length)
        order = sorted(range(len(passages)), key=lambda i: -bm25[i])
        if args.pick == "bm25":
            order = order[:1]
        candidates = [Candidate(body_id, passages[i][0], passages[i][1], passages[i][2], -bm25[i] or -1e-9)
                      for i in order]
        when = claim_time(Claim(id="c", text=headline), vocabulary=vocabulary)
        best = rank_candidates(headline, when, candidates, 1, vocabulary=vocabulary)
        if not best:
            judged.append((gold, "mentions", headline, "", [], body_id))
            continue
        judged.append((gold, best[0].stance, headline, best[0].text, best[0].reasons, body_id))
    elapsed = time.perf_counter() - started

    print(f"FNC-1 {args.split}: {len(judged)} related pairs ({dict(Counter(g for g, *_ in judged))}), "
          f"pick={args.pick}, {elapsed:.1f} s")
    matrix = Counter((g, s) for g, s, *_ in judged)
    print(f"{'gold / proposed':<16}" + "".join(f"{p:>12}" for p in PROPOSED))
    for g in GOLD:
        print(f"{g:<16}" + "".join(f"{matrix[(g, p)]:>12}" for p in PROPOSED))
    per, macro = scores([(g, AS_GOLD[s]) for g, s, *_ in judged])
    disagree = [s for g, s, *_ in judged if g == "disagree"]
    as_support = sum(1 for s in disagree if s == "supports") / len(disagree) if disagree else 0.0
    print("F1: " + ", ".join(f"{k} {v:.3f}" for k, v in per.items()) + f"; macro-F1 {macro:.3f}")
    print(f"disagree proposed as supports: {as_support:.1%} (target <= 10%); macro-F1 target >= 0.50, "
          f"disagree F1 >= 0.35")
    _, always = scores([(g, "discuss") for g, *_ in judged])
    rule = [(g, "disagree" if REFUTING.search(bodies[b]) else "discuss") for g, _, _, _, _, b in judged]
    rule_per, rule_macro = scores(rule)
    print(f"anchors: always discuss macro-F1 {always:.3f}; refuting-word rule over the body macro-F1 "
          f"{rule_macro:.3f} (disagree F1 {rule_per['disagree']:.3f})")
    # Which rule decided each proposed contradiction, by gold label: where the false ones come from.
    deciding: Counter[tuple[str, str]] = Counter()
    for gold, stance, _, _, reasons, _ in judged:
        if stance == "contradicts":
            rule = reasons[-1].split(":")[0].split(" (")[0] if reasons else ""
            deciding[(rule, gold)] += 1
    print("contradicts decided by: " + "; ".join(
        f"{rule} " + "/".join(str(deciding[(rule, g)]) for g in GOLD)
        for rule in sorted({r for r, _ in deciding}, key=lambda r: -sum(deciding[(r, g)] for g in GOLD))
    ) + " (agree/disagree/discuss)")
    if args.misses:
        rng = random.Random(args.seed)
        for gold, wrong in (("disagree", "supports"), ("disagree", "mentions"), ("agree", "contradicts"),
                            ("discuss", "contradicts"), ("discuss", "supports"), ("agree", "mentions"),
                            ("disagree", "qualifies"), ("agree", "qualifies")):
            misses = [j for j in judged if j[0] == gold and j[1] == wrong]
            print(f"\n--- {gold} proposed as {wrong}: {len(misses)}")
            for _, _, headline, text, reasons, _ in rng.sample(misses, min(args.misses, len(misses))):
                print(f"* {headline}\n  > {text[:300]}\n  {reasons}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
