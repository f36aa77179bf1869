"""Quality gate for the scorer: labelled ledgers (tests/eval/scoring_cases.yaml) checked in their own projects, with
floors on verdict, grade and origin accuracy and on conflict precision and recall (tests/eval/baseline.json)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from factcheck.anchoring import anchor_quote
from factcheck.models import Source
from factcheck.project import CheckResult, ProjectPaths, check_project
from factcheck.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
CASES_FILE = Path(__file__).resolve().parent / "eval" / "scoring_cases.yaml"
BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"
VERDICTS = {"supported", "refuted", "conflicting", "unverified"}
HARNESS_KEYS = {"claim": {"expect"}, "evidence": {"anchor"}}  # labels for the harness, not claims.yaml keys

Pair = frozenset[str]


def load_cases() -> list[dict[str, Any]]:
    """The labelled cases, as plain data."""
    return YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


CASES = load_cases()


def ledger_of(case: dict[str, Any]) -> dict[str, Any]:
    """The case's claims as claims.yaml holds them: the harness's labels removed, no resolutions."""
    claims = []
    for claim in case["claims"]:
        kept = {k: v for k, v in claim.items() if k not in HARNESS_KEYS["claim"]}
        kept["evidence"] = [
            {k: v for k, v in item.items() if k not in HARNESS_KEYS["evidence"]} for item in claim.get("evidence", [])
        ]
        claims.append(kept)
    return {"claims": claims, "resolutions": []}


def run_case(case: dict[str, Any], folder: Path) -> CheckResult:
    """Check one case as a project of its own: the bundled sources and the case's claims."""
    folder.mkdir(parents=True)
    shutil.copytree(SOURCES, folder / "sources")
    with (folder / "claims.yaml").open("w", encoding="utf-8") as handle:
        YAML().dump(ledger_of(case), handle)
    return check_project(ProjectPaths.at(folder))


def acceptable(expected: int | list[int]) -> list[int]:
    """An expected grade as the list of grades an analyst accepts."""
    return expected if isinstance(expected, list) else [expected]


def pair_name(pair: Pair) -> str:
    """A pair (or a within-claim conflict) as messages show it."""
    return " vs ".join(sorted(pair)) if len(pair) > 1 else f"{next(iter(pair))} (within-claim)"


@dataclass
class Tally:
    """Right answers over questions asked, and the misses, each ready to print."""

    right: int = 0
    asked: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        """Count one answer; remember the miss."""
        self.asked += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def rate(self) -> float:
        """Right over asked (1.0 when nothing was asked)."""
        return self.right / self.asked if self.asked else 1.0


@dataclass
class Scores:
    """The five figures the baseline keeps, with every miss behind them."""

    verdict: Tally = field(default_factory=Tally)
    credibility: Tally = field(default_factory=Tally)
    origins: Tally = field(default_factory=Tally)
    precision: Tally = field(default_factory=Tally)  # asked: flagged pairs; right: the expected ones among them
    recall: Tally = field(default_factory=Tally)  # asked: expected pairs; right: the flagged ones among them

    def figures(self) -> dict[str, float]:
        """The figures by their baseline names."""
        return {
            "verdict_accuracy": self.verdict.rate,
            "credibility_accuracy": self.credibility.rate,
            "origin_accuracy": self.origins.rate,
            "conflict_precision": self.precision.rate,
            "conflict_recall": self.recall.rate,
        }

    def misses(self) -> list[str]:
        """Every miss, grouped by figure."""
        return [
            *self.verdict.misses, *self.credibility.misses, *self.origins.misses,
            *self.precision.misses, *self.recall.misses,
        ]


def score_case(case: dict[str, Any], result: CheckResult, scores: Scores) -> None:
    """Compare one case's check result with the analyst's expectations, adding to the tallies."""
    cid = case["id"]
    for claim in case["claims"]:
        expect, got = claim["expect"], result.assessments[claim["id"]]
        where = f"{cid} / {claim['id']}"
        why = f"(why: {expect['why']})"
        scores.verdict.add(
            got.verdict == expect["verdict"], f"verdict  {where}: expected {expect['verdict']}, got {got.verdict} {why}"
        )
        grades = acceptable(expect["credibility"])
        scores.credibility.add(
            got.credibility in grades,
            f"grade    {where}: expected {'/'.join(map(str, grades))}, got {got.credibility} {why}",
        )
        if "independent_sources" in expect:
            scores.origins.add(
                got.independent_sources == expect["independent_sources"],
                f"origins  {where}: expected {expect['independent_sources']}, got {got.independent_sources} {why}",
            )
    expected = {frozenset(p) for p in case.get("conflicts") or []}
    forbidden = {frozenset(p) for p in case.get("no_conflicts") or []}
    flagged = {frozenset(c.claims): c for c in result.conflicts if c.status == "open"}
    for pair, conflict in sorted(flagged.items(), key=lambda item: sorted(item[0])):
        label = "flagged though listed in no_conflicts" if pair in forbidden else "flagged, not expected"
        scores.precision.add(
            pair in expected, f"conflict {cid}: {pair_name(pair)} {label} ({conflict.kind}: {conflict.reason})"
        )
    for pair in sorted(expected, key=sorted):
        scores.recall.add(pair in flagged, f"conflict {cid}: {pair_name(pair)} expected, not flagged ({case['about']})")


def evaluate(tmp: Path) -> Scores:
    """Run every case under `tmp` and tally the results."""
    scores = Scores()
    for case in CASES:
        score_case(case, run_case(case, tmp / case["id"]), scores)
    return scores


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Scores:
    """The tallies over all cases, computed once for the module."""
    return evaluate(tmp_path_factory.mktemp("scoring-cases"))


# ---------------------------------------------------------------- the cases themselves


@cache
def bundled_source(source_id: str) -> Source:
    """A bundled source, parsed (its non-article regions found)."""
    return read_source(SOURCES / f"{source_id}.md")


QUOTES = [
    (case["id"], claim["id"], index, item)
    for case in CASES
    for claim in case["claims"]
    for index, item in enumerate(claim.get("evidence", []))
]


@pytest.mark.parametrize(
    ("case_id", "claim_id", "index", "item"), QUOTES, ids=[f"{c}-{cl}-{i}" for c, cl, i, _ in QUOTES]
)
def test_every_quote_anchors_in_its_source_unless_labelled_missing(
    case_id: str, claim_id: str, index: int, item: dict[str, Any]
) -> None:
    source = bundled_source(item["source"])
    exclude = [(r.start, r.end) for r in source.not_article]
    anchor = anchor_quote(item["quote"], source.body, exclude=exclude)
    if item.get("anchor") == "missing":
        assert anchor is None, f"{case_id} / {claim_id} evidence[{index}] is labelled missing but anchors: {anchor}"
    else:
        assert anchor is not None, f"{case_id} / {claim_id} evidence[{index}]: quote not in {source.id}: {item['quote']}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    ids = [claim["id"] for claim in case["claims"]]
    assert len(ids) == len(set(ids)), f"{case['id']}: claim ids repeat"
    for claim in case["claims"]:
        expect = claim["expect"]
        assert expect["verdict"] in VERDICTS, f"{case['id']} / {claim['id']}: unknown verdict {expect['verdict']}"
        assert all(1 <= g <= 6 for g in acceptable(expect["credibility"])), f"{case['id']} / {claim['id']}: grade"
        assert expect.get("why"), f"{case['id']} / {claim['id']}: say why"
    expected = [frozenset(p) for p in case.get("conflicts") or []]
    forbidden = [frozenset(p) for p in case.get("no_conflicts") or []]
    for pair in expected + forbidden:
        assert pair <= set(ids), f"{case['id']}: {sorted(pair)} names a claim the case does not have"
    assert not set(expected) & set(forbidden), f"{case['id']}: a pair is both expected and forbidden"


# ---------------------------------------------------------------- quality floor


def test_scoring_figures_stay_above_their_floors(scores: Scores) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["scoring"]
    figures = scores.figures()
    report = "\n".join(f"  {name}: {value:.3f} (floor {floors[name]})" for name, value in figures.items())
    misses = "\n".join(f"  {miss}" for miss in scores.misses())
    print(f"scoring figures on {len(CASES)} cases:\n{report}\nmisses:\n{misses}")
    below = [name for name, value in figures.items() if value < floors[name]]
    assert not below, (
        f"{', '.join(below)} fell below the floor in tests/eval/baseline.json:\n{report}\n"
        f"cases that missed (case / claim: expected vs got):\n{misses}"
    )
