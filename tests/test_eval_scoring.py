"""Quality gate for the scorer: labelled ledgers (tests/eval/scoring_cases.yaml) checked in their own projects, with
floors on verdict, grade and origin accuracy and on conflict precision and recall (tests/eval/baseline.json)."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from factcheck.anchoring import anchor_quote
from factcheck.models import Source
from factcheck.project import CheckResult
from factcheck.sources import read_source
from tests.eval_harness import Scores, acceptable, score_case
from tests.eval_harness import run_case as run_in_project

# A quality gate: it runs the scorer over every labelled case, so it runs in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
CASES_FILE = Path(__file__).resolve().parent / "eval" / "scoring_cases.yaml"
BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"
VERDICTS = {"supported", "refuted", "conflicting", "unverified"}


def load_cases() -> list[dict[str, Any]]:
    """The labelled cases, as plain data."""
    return YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


CASES = load_cases()


def run_case(case: dict[str, Any], folder: Path) -> CheckResult:
    """Check one case as a project of its own: the bundled sources and the case's claims."""
    return run_in_project(case, folder, lambda sources: shutil.copytree(SOURCES, sources))


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
