"""Development harness for `suggest` on real news: FNC-1 headlines as claims against the article bodies they were
paired with (../shared/eval/fnc1-train), all in one project, one `suggest_evidence` call for every claim.

It prints, for the development and the validation headlines separately: recall@1/5/10 of each claim's related
articles (counted as distinct articles) for `suggest` and for plain BM25 over whole bodies in the same run; the
stance confusion matrix over the related articles among suggest's first 10 articles; per-class F1 and macro-F1 over
agree/disagree/discuss; the share of denials proposed as support; and two anchors (always "discuss", a refuting-word
rule). Run it: `python -m tests.eval_fnc` (`--dev-misses N` shows development stance misses, `--dev-not-found N`
related articles suggest ranked low; validation misses are never shown). The gate on its validation figures is
tests/test_eval_fnc.py."""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from factcheck.discovery import Suggestion
from factcheck.intake import render_source
from factcheck.project import ProjectPaths, check_project, suggest_evidence
from factcheck.sources import hash_body
from tests.eval_harness import FNC_DIR, fnc_bodies

STANCES_FILE = FNC_DIR / "train_stances.csv"
SPLITS = ("development", "validation")
# Headlines per split: 240 + 120 headlines touch 1,472 of the 1,673 bodies, and the whole run takes about 30 s.
SAMPLE = {"development": 240, "validation": 120}
SUGGEST_TOP = 50  # passages asked of suggest: enough for 10 distinct articles
RECALL_AT = (1, 5, 10)
STANCE_WITHIN = 10  # stance is read for the related articles among suggest's first 10 distinct articles
CLASSES = ("agree", "disagree", "discuss")
PROPOSED = ("supports", "contradicts", "qualifies", "mentions", "not found")
CLASS_OF = {"supports": "agree", "contradicts": "disagree", "qualifies": "discuss", "mentions": "discuss"}
# The anchor rule's words, as the issue names them; "debunk" stands for debunked, debunks, debunking.
REFUTING = re.compile(r"\b(?:fake|hoax|false|not true|denied|debunk\w*|no evidence)\b", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")


def is_validation(headline: str) -> bool:
    """The split every helper of issue 12 uses: a fifth of the headlines, by the MD5 of their text."""
    return int(hashlib.md5(headline.encode("utf-8")).hexdigest(), 16) % 5 == 0


@cache
def stances() -> dict[str, dict[int, str]]:
    """Headline -> {body ID: stance label}, from the shared training split (empty when it is absent)."""
    if not STANCES_FILE.is_file():
        return {}
    pairs: dict[str, dict[int, str]] = defaultdict(dict)
    with STANCES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pairs[row["Headline"]][int(row["Body ID"])] = row["Stance"]
    return dict(pairs)


def available() -> bool:
    """Whether the shared FNC-1 files are there."""
    return bool(stances()) and bool(fnc_bodies())


def missing_message() -> str:
    """What to say when the data is absent."""
    return f"FNC-1 training split not found at {FNC_DIR} (../shared/eval/fnc1-train is absent)"


@dataclass(frozen=True)
class Case:
    """One sampled headline as a claim: its id, split and the labels of the bodies it was paired with."""

    id: str
    headline: str
    split: str
    labels: dict[int, str]

    @property
    def related(self) -> set[str]:
        """The source ids of the bodies labelled agree, disagree or discuss."""
        return {source_id(b) for b, label in self.labels.items() if label != "unrelated"}


def source_id(body_id: int) -> str:
    """The id (and file name) of a body's source."""
    return f"fnc-{body_id}"


def body_id_of(source: str) -> int:
    """The body ID a source id stands for."""
    return int(source.removeprefix("fnc-"))


def sample(sizes: dict[str, int] | None = None) -> list[Case]:
    """The headlines measured: in each split, those with a related body, ordered by SHA-256 of their text, first N."""
    sizes = sizes or SAMPLE
    cases = []
    for split in SPLITS:
        eligible = [
            h for h, labels in stances().items()
            if (split == "validation") == is_validation(h) and any(s != "unrelated" for s in labels.values())
        ]
        eligible.sort(key=lambda h: hashlib.sha256(h.encode("utf-8")).hexdigest())
        for index, headline in enumerate(eligible[: sizes[split]], 1):
            cases.append(Case(f"{split[:3]}-{index:03d}", headline, split, stances()[headline]))
    return cases


def body_ids(cases: Iterable[Case]) -> list[int]:
    """Every body the cases were paired with, related or not."""
    return sorted({b for case in cases for b in case.labels})


def build_project(folder: Path, cases: list[Case]) -> ProjectPaths:
    """A project of the cases' bodies (news, reliability F, no date) and their headlines as claims without evidence."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    for body_id in body_ids(cases):
        body = fnc_bodies()[body_id]
        front = {"id": source_id(body_id), "published": None, "kind": "news", "reliability": "F",
                 "sha256": hash_body(body)}
        (sources / f"{source_id(body_id)}.md").write_text(render_source(front, body), encoding="utf-8", newline="")
    ledger = {"claims": [{"id": c.id, "text": c.headline, "evidence": []} for c in cases], "resolutions": []}
    with (folder / "claims.yaml").open("w", encoding="utf-8") as handle:
        YAML().dump(ledger, handle)
    return ProjectPaths.at(folder)


# ---------------------------------------------------------------- the BM25 anchor


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: no stemming, no stop list (idf makes common words cheap)."""
    return _TOKEN.findall(text.lower())


def bm25_rankings(
    queries: dict[str, str], documents: dict[str, str], k1: float = 1.2, b: float = 0.75
) -> dict[str, list[str]]:
    """Each query's documents, best first, by Okapi BM25 over whole documents (Lucene's idf, which is never negative).

    Ties go to the smaller id, so the ranking is the same on every run.
    """
    counts = {doc_id: Counter(tokens(text)) for doc_id, text in documents.items()}
    lengths = {doc_id: sum(c.values()) for doc_id, c in counts.items()}
    average = sum(lengths.values()) / len(lengths)
    postings: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(counts):
        for term in counts[doc_id]:
            postings[term].append(doc_id)
    total = len(counts)
    rankings = {}
    for query_id, query in queries.items():
        scores: dict[str, float] = dict.fromkeys(documents, 0.0)
        for term in dict.fromkeys(tokens(query)):
            holders = postings.get(term, [])
            idf = math.log(1 + (total - len(holders) + 0.5) / (len(holders) + 0.5))
            for doc_id in holders:
                tf = counts[doc_id][term]
                scores[doc_id] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[doc_id] / average))
        rankings[query_id] = sorted(scores, key=lambda d: (-scores[d], d))
    return rankings


# ---------------------------------------------------------------- figures


def distinct_articles(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The first (best) passage of each article, in suggest's order."""
    first: dict[str, Suggestion] = {}
    for suggestion in suggestions:
        first.setdefault(suggestion.source, suggestion)
    return list(first.values())


def recall_at(ranked: list[str], related: set[str], k: int) -> float:
    """The share of the related articles among the first k."""
    return len(related.intersection(ranked[:k])) / len(related)


def f1(confusion: Counter, label: str) -> float:
    """F1 of one class over pairs that got a proposal (gold, proposed class); 0 when it is never right."""
    right = confusion[(label, label)]
    proposed = sum(n for (_, p), n in confusion.items() if p == label)
    gold = sum(n for (g, _), n in confusion.items() if g == label)
    return 2 * right / (proposed + gold) if right else 0.0


def macro_f1(confusion: Counter) -> float:
    """The mean of the three classes' F1."""
    return sum(f1(confusion, label) for label in CLASSES) / len(CLASSES)


@dataclass(frozen=True)
class Pair:
    """A related article found in suggest's first articles: its gold label, the passage and the stance proposed."""

    case: Case
    source: str
    gold: str
    passage: Suggestion


@dataclass
class SplitFigures:
    """One split's measurements."""

    claims: int = 0
    related: int = 0
    recall: dict[str, dict[int, float]] = field(default_factory=lambda: {"suggest": {}, "bm25": {}})
    articles_in_top_10_passages: float = 0.0
    short_lists: int = 0  # claims for which suggest's list held fewer than 10 distinct articles
    matrix: Counter = field(default_factory=Counter)  # (gold label, proposed stance or "not found") -> pairs
    found: list[Pair] = field(default_factory=list)
    # Related articles beyond suggest's first 10: (case, source, its article rank in suggest or None, in BM25).
    not_found: list[tuple[Case, str, int | None, int]] = field(default_factory=list)

    def classes(self, decide: Callable[[Pair], str]) -> Counter:
        """(gold, proposed class) over the found pairs, with the class each pair is given by `decide`."""
        return Counter((pair.gold, decide(pair)) for pair in self.found)

    @property
    def suggest_classes(self) -> Counter:
        """(gold, class) of suggest's own proposals."""
        return self.classes(lambda pair: CLASS_OF[pair.passage.stance])

    @property
    def anchors(self) -> dict[str, float]:
        """Macro-F1 of the anchors over the same pairs."""
        return {
            'always "discuss"': macro_f1(self.classes(lambda pair: "discuss")),
            "refuting word in the passage": macro_f1(
                self.classes(lambda pair: "disagree" if REFUTING.search(pair.passage.text) else "discuss")
            ),
            "refuting word in the body": macro_f1(
                self.classes(
                    lambda pair: "disagree" if REFUTING.search(fnc_bodies()[body_id_of(pair.source)]) else "discuss"
                )
            ),
        }

    @property
    def denials(self) -> tuple[int, int]:
        """Disagree pairs proposed as `supports`, and all disagree pairs found."""
        disagree = [pair for pair in self.found if pair.gold == "disagree"]
        return sum(pair.passage.stance == "supports" for pair in disagree), len(disagree)

    def figures(self) -> dict[str, float]:
        """The figures the baseline keeps, by their names there."""
        supported, denials = self.denials
        return {
            **{f"suggest_recall_at_{k}": self.recall["suggest"][k] for k in RECALL_AT},
            **{f"bm25_recall_at_{k}": self.recall["bm25"][k] for k in RECALL_AT},
            "stance_macro_f1": macro_f1(self.suggest_classes),
            "disagree_f1": f1(self.suggest_classes, "disagree"),
            "denials_as_support": supported / denials if denials else 0.0,
        }


@dataclass
class Evaluation:
    """Both splits' figures, the run's timings (seconds) and the sources that did not load."""

    splits: dict[str, SplitFigures]
    seconds: dict[str, float]
    sources_written: int
    sources_loaded: int
    problems: list[str]  # errors: a body that did not load or a claim that did not parse
    warnings: int  # control characters in a few bodies: the article as retrieved, loaded all the same


def score_split(cases: list[Case], suggested: dict[str, list[Suggestion]], bm25: dict[str, list[str]]) -> SplitFigures:
    """Recall, the confusion matrix and the found pairs of one split's cases."""
    figures = SplitFigures(claims=len(cases))
    sums: dict[str, Counter] = {"suggest": Counter(), "bm25": Counter()}
    for case in cases:
        related = case.related
        figures.related += len(related)
        articles = distinct_articles(suggested[case.id])
        ranked = {"suggest": [s.source for s in articles], "bm25": bm25[case.id]}
        for system, order in ranked.items():
            for k in RECALL_AT:
                sums[system][k] += recall_at(order, related, k)
        figures.articles_in_top_10_passages += len({s.source for s in suggested[case.id][:10]})
        figures.short_lists += len(articles) < max(RECALL_AT)
        shown = {s.source: s for s in articles[:STANCE_WITHIN]}
        for body_id, label in sorted(case.labels.items()):
            if label == "unrelated":
                continue
            source = source_id(body_id)
            passage = shown.get(source)
            figures.matrix[(label, passage.stance if passage else "not found")] += 1
            if passage:
                figures.found.append(Pair(case, source, label, passage))
            else:
                rank = ranked["suggest"].index(source) + 1 if source in ranked["suggest"] else None
                figures.not_found.append((case, source, rank, ranked["bm25"].index(source) + 1))
    for system, by_k in sums.items():
        figures.recall[system] = {k: by_k[k] / len(cases) for k in RECALL_AT}
    figures.articles_in_top_10_passages /= len(cases)
    return figures


def evaluate(folder: Path, sizes: dict[str, int] | None = None, per_source: int | None = None) -> Evaluation:
    """Build the project under `folder`, run suggest for every claim once, and measure both splits.

    `per_source` is suggest's `--per-source` (None, the default: no limit per source, and articles ranked since
    more sources match than --top)."""
    cases = sample(sizes)
    clock = time.perf_counter()
    paths = build_project(folder, cases)
    seconds = {"build": time.perf_counter() - clock}
    clock = time.perf_counter()
    result = check_project(paths)
    seconds["check (cold cache)"] = time.perf_counter() - clock
    clock = time.perf_counter()
    check_project(paths)
    seconds["check (warm)"] = time.perf_counter() - clock
    clock = time.perf_counter()
    suggested = suggest_evidence(paths, top=SUGGEST_TOP, per_source=per_source)
    seconds["suggest (warm check + every claim)"] = time.perf_counter() - clock
    clock = time.perf_counter()
    documents = {source_id(b): fnc_bodies()[b] for b in body_ids(cases)}
    bm25 = bm25_rankings({case.id: case.headline for case in cases}, documents)
    seconds["bm25"] = time.perf_counter() - clock
    problems = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics if d.severity == "error"]
    warnings = sum(d.count for d in result.diagnostics if d.severity == "warning")
    splits = {split: score_split([c for c in cases if c.split == split], suggested, bm25) for split in SPLITS}
    return Evaluation(splits, seconds, len(documents), len(result.sources), problems, warnings)


# ---------------------------------------------------------------- the report


def _row(name: str, cells: Iterable[str], width: int = 12) -> str:
    """One table row: a name, then right-aligned cells."""
    return f"  {name:38}" + "".join(f"{cell:>{width}}" for cell in cells)


def split_report(split: str, figures: SplitFigures) -> list[str]:
    """One split's tables: recall, the confusion matrix, F1 and the anchors."""
    supported, denials = figures.denials
    suggest_classes = figures.suggest_classes
    lines = [
        f"{split}: {figures.claims} claims, {figures.related} related articles; "
        f"stance over the related articles among suggest's first {STANCE_WITHIN} articles ({len(figures.found)})",
        _row("recall (distinct articles)", (f"@{k}" for k in RECALL_AT)),
        *(
            _row(system, (f"{figures.recall[key][k]:.3f}" for k in RECALL_AT))
            for system, key in (("suggest", "suggest"), ("BM25 over whole bodies", "bm25"))
        ),
        _row("articles in suggest's top 10 passages", [f"{figures.articles_in_top_10_passages:.1f}"]),
        _row(f"claims with < {max(RECALL_AT)} articles in its {SUGGEST_TOP}", [str(figures.short_lists)]),
        "",
        _row("gold \\ proposed", PROPOSED),
        *(_row(gold, (str(figures.matrix[(gold, p)]) for p in PROPOSED)) for gold in CLASSES),
        "",
        _row("F1", (*CLASSES, "macro")),
        _row("suggest", (*(f"{f1(suggest_classes, c):.3f}" for c in CLASSES), f"{macro_f1(suggest_classes):.3f}")),
        *(_row(f"anchor: {name}", ("", "", "", f"{value:.3f}")) for name, value in figures.anchors.items()),
        _row("denials proposed as support", [f"{supported}/{denials}", f"{supported / denials if denials else 0:.3f}"]),
    ]
    return lines


def report(evaluation: Evaluation) -> str:
    """Both splits' tables and the run's timings."""
    claims = sum(figures.claims for figures in evaluation.splits.values())
    suggest_seconds = evaluation.seconds["suggest (warm check + every claim)"] - evaluation.seconds["check (warm)"]
    lines = [
        f"suggest on FNC-1 ({FNC_DIR.name}): {claims} headlines as claims, {evaluation.sources_written} bodies as "
        f"sources ({evaluation.sources_loaded} loaded, {evaluation.warnings} warnings), suggest --top {SUGGEST_TOP}",
        "",
    ]
    for split in SPLITS:
        lines += [*split_report(split, evaluation.splits[split]), ""]
    seconds = evaluation.seconds
    end_to_end = seconds["build"] + seconds["check (cold cache)"] + seconds["suggest (warm check + every claim)"]
    lines.append(
        f"seconds: end to end (build + check + suggest) {end_to_end:.1f}; "
        + ", ".join(f"{name} {value:.1f}" for name, value in seconds.items())
        + f"; suggest {1000 * suggest_seconds / claims:.0f} ms a claim (less a warm check)"
    )
    lines += [f"problem: {problem}" for problem in evaluation.problems]
    return "\n".join(lines)


def dev_misses(evaluation: Evaluation, limit: int) -> str:
    """Development pairs whose proposed stance is not their label's, denials first (never validation ones)."""
    found = evaluation.splits["development"].found
    wrong = [pair for pair in found if CLASS_OF[pair.passage.stance] != pair.gold]
    wrong.sort(key=lambda pair: (CLASSES.index(pair.gold) != 1, pair.case.id, pair.source))
    lines = [f"development stance misses ({len(wrong)} of {len(found)}; first {limit}):"]
    for pair in wrong[:limit]:
        text = " ".join(pair.passage.text.split())
        lines += [
            f"  {pair.case.id} {pair.source}: {pair.gold} proposed as {pair.passage.stance}",
            f"    claim:   {pair.case.headline}",
            f"    passage: {text[:240]}",
            f"    reasons: {'; '.join(pair.passage.reasons)}",
        ]
    return "\n".join(lines)


def dev_not_found(evaluation: Evaluation, limit: int) -> str:
    """Development related articles beyond suggest's first 10, those BM25 ranks best first (never validation ones)."""
    missed = sorted(evaluation.splits["development"].not_found, key=lambda m: (m[3], m[0].id, m[1]))
    lines = [f"development related articles not in suggest's first {STANCE_WITHIN} ({len(missed)}; first {limit}):"]
    for case, source, rank, bm25_rank in missed[:limit]:
        body = " ".join(fnc_bodies()[body_id_of(source)].split())
        lines += [
            f"  {case.id} {source} ({case.labels[body_id_of(source)]}): BM25 rank {bm25_rank}, suggest "
            + (f"article rank {rank}" if rank else f"not in its top {SUGGEST_TOP} passages"),
            f"    claim: {case.headline}",
            f"    body:  {body[:200]}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and, when asked, development stance misses)."""
    parser = argparse.ArgumentParser(prog="python -m tests.eval_fnc", description=__doc__.splitlines()[0])
    parser.add_argument("--dev-misses", type=int, default=0, metavar="N", help="show N development stance misses")
    parser.add_argument("--dev-not-found", type=int, default=0, metavar="N",
                        help="show N development related articles suggest did not rank in its first 10")
    for split in SPLITS:
        parser.add_argument(f"--{split}", type=int, default=SAMPLE[split], metavar="N",
                            help=f"{split} headlines to sample (default {SAMPLE[split]}, as the gate measures)")
    parser.add_argument("--per-source", type=int, default=None, metavar="N",
                        help="run suggest with --per-source N (articles ranked, N passages of each)")
    args = parser.parse_args(argv)
    if not available():
        print(missing_message())
        return 1
    with tempfile.TemporaryDirectory(prefix="eval-fnc-") as tmp:
        evaluation = evaluate(Path(tmp), {split: getattr(args, split) for split in SPLITS}, args.per_source)
    print(report(evaluation))
    if args.dev_misses:
        print("\n" + dev_misses(evaluation, args.dev_misses))
    if args.dev_not_found:
        print("\n" + dev_not_found(evaluation, args.dev_not_found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
