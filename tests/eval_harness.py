"""Shared scaffolding of the labelled scorer gates (tests/test_eval_scoring.py, tests/test_eval_topics.py): a case
as a project of its own, and the tallies that compare its check result with the analyst's expectations."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from factcheck.project import CheckResult, ProjectPaths, check_project

HARNESS_KEYS = {"claim": {"expect"}, "evidence": {"anchor"}}  # labels for the harness, not claims.yaml keys

Pair = frozenset[str]

FNC_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fnc1-train"
FNC_BODIES = FNC_DIR / "train_bodies.csv"


@cache
def fnc_bodies() -> dict[int, str]:
    """Body ID -> article text, from the shared FNC-1 training split (empty when it is absent)."""
    if not FNC_BODIES.is_file():
        return {}
    csv.field_size_limit(sys.maxsize)
    with FNC_BODIES.open(encoding="utf-8", newline="") as handle:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}


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


def run_case(case: dict[str, Any], folder: Path, write_sources: Callable[[Path], None]) -> CheckResult:
    """Check one case as a project of its own: `write_sources` fills its sources/ folder; claims.yaml is the case's."""
    folder.mkdir(parents=True)
    write_sources(folder / "sources")
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
    # A within-claim conflict on a claim the analyst calls `conflicting` is that verdict, already counted above.
    conflicting = {frozenset([c["id"]]) for c in case["claims"] if c["expect"]["verdict"] == "conflicting"}
    flagged = {frozenset(c.claims): c for c in result.conflicts if c.status == "open"}
    for pair, conflict in sorted(flagged.items(), key=lambda item: sorted(item[0])):
        if pair in conflicting and pair not in expected:
            continue
        label = "flagged though listed in no_conflicts" if pair in forbidden else "flagged, not expected"
        scores.precision.add(
            pair in expected, f"conflict {cid}: {pair_name(pair)} {label} ({conflict.kind}: {conflict.reason})"
        )
    for pair in sorted(expected, key=sorted):
        scores.recall.add(pair in flagged, f"conflict {cid}: {pair_name(pair)} expected, not flagged ({case['about']})")
