"""Quality gate for the scorer on other topics: the labelled ledgers of tests/eval/topic_cases.yaml, built on FNC-1
news bodies (../shared/eval/fnc1-train), each checked in a project of its own, with floors on verdict and grade
accuracy and on conflict precision and recall for the dev and validation splits (tests/eval/baseline.json,
"topics"). Every quote must anchor: a quote that does not is a harness problem, counted and reported.

Only the dev split's misses are printed; the validation split's are counted, so that nobody tunes on them.
Print the figures and the dev misses: `python -m tests.test_eval_topics` (or `pytest -s tests/test_eval_topics.py`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from factcheck.intake import render_source
from factcheck.project import CheckResult
from factcheck.sources import hash_body
from tests.eval_harness import FNC_BODIES, Scores, Tally, fnc_bodies, run_case, score_case

# A quality gate: it runs the scorer over every labelled case, so it runs in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "eval" / "topic_cases.yaml"
BASELINE = HERE / "eval" / "baseline.json"
BODIES_FILE = FNC_BODIES
SPLITS = ("dev", "validation")
FIGURES = ("verdict_accuracy", "credibility_accuracy", "conflict_precision", "conflict_recall")


@cache
def data() -> dict[str, Any]:
    """The labelled set, as plain data: `sources` and `cases`."""
    return YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))


bodies = fnc_bodies  # Body ID -> article text (empty when ../shared is absent)


def source_text(meta: dict[str, Any]) -> str:
    """The file sources/fnc-<id>.md of one declared body: the analyst's metadata, the pin, then the body."""
    body = bodies()[meta["body"]]
    published = dt.date.fromisoformat(meta["published"]) if meta["published"] else None
    front = {
        "id": meta["id"],
        "publisher": meta["publisher"],
        "published": published,
        "kind": meta["kind"],
        "reliability": meta["reliability"],
        "sha256": hash_body(body),
    }
    return render_source(front, body)


def source_writer(case: dict[str, Any]) -> Any:
    """A function that writes, into a sources/ folder, every body the case cites."""
    declared = {source["id"]: source for source in data()["sources"]}
    used = sorted({item["source"] for claim in case["claims"] for item in claim.get("evidence", [])})

    def write(folder: Path) -> None:
        folder.mkdir()
        for source_id in used:
            (folder / f"{source_id}.md").write_text(source_text(declared[source_id]), encoding="utf-8", newline="")

    return write


@dataclass
class SplitScores:
    """One split's tallies, its anchoring failures and how many cases and claims it holds."""

    scores: Scores = field(default_factory=Scores)
    anchoring: Tally = field(default_factory=Tally)  # asked: evidence items; right: those whose quote anchored
    cases: int = 0
    claims: int = 0

    def figures(self) -> dict[str, float]:
        """The gate's figures (the set labels no origin counts, so origin accuracy is left out)."""
        every = self.scores.figures()
        return {name: every[name] for name in FIGURES}

    def add(self, case: dict[str, Any], result: CheckResult) -> None:
        """Score one case's result and count its quotes that did not anchor."""
        self.cases += 1
        self.claims += len(case["claims"])
        score_case(case, result, self.scores)
        for check in result.checks:
            self.anchoring.add(
                check.anchor is not None,
                f"anchor   {case['id']} / {check.claim_id} evidence[{check.index}] in {check.source_id}: "
                f"{check.problem or 'no anchor'}: {check.quote[:80]!r}",
            )


def evaluate(tmp: Path) -> dict[str, SplitScores]:
    """Run every case under `tmp`; the tallies by split, and over all cases ("all")."""
    by_split = {name: SplitScores() for name in (*SPLITS, "all")}
    for case in data()["cases"]:
        result = run_case(case, tmp / case["id"], source_writer(case))
        by_split[case["split"]].add(case, result)
        by_split["all"].add(case, result)
    return by_split


def table(by_split: dict[str, SplitScores]) -> str:
    """The figures, one row per measure, one column per split, each as a rate and right/asked."""

    def cell(tally: Tally) -> str:
        return f"{tally.rate:.3f} ({tally.right}/{tally.asked})"

    names = {
        "verdict_accuracy": lambda s: s.scores.verdict,
        "credibility_accuracy": lambda s: s.scores.credibility,
        "conflict_precision": lambda s: s.scores.precision,
        "conflict_recall": lambda s: s.scores.recall,
        "quotes_anchored": lambda s: s.anchoring,
    }
    columns = (*SPLITS, "all")
    lines = [f"{'':22}" + "".join(f"{c:>18}" for c in columns)]
    lines.append(f"{'cases / claims':22}" + "".join(f"{f'{by_split[c].cases} / {by_split[c].claims}':>18}" for c in columns))
    for name, tally_of in names.items():
        lines.append(f"{name:22}" + "".join(f"{cell(tally_of(by_split[c])):>18}" for c in columns))
    return "\n".join(lines)


def report(by_split: dict[str, SplitScores]) -> str:
    """The table, every dev miss, and the validation misses as counts only."""
    dev, validation = by_split["dev"], by_split["validation"]
    held = validation.scores
    lines = [
        f"topic figures on {len(data()['cases'])} cases (tests/eval/topic_cases.yaml):",
        table(by_split),
        "",
        f"dev misses ({len(dev.scores.misses()) + len(dev.anchoring.misses)}):",
        *(f"  {miss}" for miss in [*dev.anchoring.misses, *dev.scores.misses()]),
        "",
        "validation misses, counted only (do not tune on them): "
        f"verdict {len(held.verdict.misses)}, grade {len(held.credibility.misses)}, "
        f"false conflicts {len(held.precision.misses)}, missed conflicts {len(held.recall.misses)}, "
        f"quotes not anchored {len(validation.anchoring.misses)}",
    ]
    return "\n".join(lines)


def require_bodies() -> None:
    """Skip when the FNC-1 bodies are not there."""
    if not bodies():
        pytest.skip(f"FNC-1 bodies not found at {BODIES_FILE} (../shared/eval/fnc1-train is absent)")


@pytest.fixture(scope="module")
def topic_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SplitScores]:
    """The tallies over all cases, computed once for the module."""
    require_bodies()
    return evaluate(tmp_path_factory.mktemp("topic-cases"))


def test_every_quote_anchors(topic_scores: dict[str, SplitScores]) -> None:
    anchoring = topic_scores["all"].anchoring
    assert anchoring.asked > 0
    assert not anchoring.misses, "quotes that did not anchor (a harness or case problem):\n" + "\n".join(
        anchoring.misses
    )


@pytest.mark.parametrize("split", SPLITS)
def test_topic_figures_stay_above_their_floors(topic_scores: dict[str, SplitScores], split: str) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["topics"][split]
    figures = topic_scores[split].figures()
    if split == "dev":
        print(report(topic_scores))
    shown = "\n".join(f"  {name}: {value:.3f} (floor {floors[name]})" for name, value in figures.items())
    below = [name for name, value in figures.items() if value < floors[name]]
    assert not below, (
        f"{split}: {', '.join(below)} fell below the floor in tests/eval/baseline.json (topics):\n{shown}\n"
        + ("dev misses: run `python -m tests.test_eval_topics`" if split == "dev" else "validation misses are not shown")
    )


def main() -> int:
    """Print the figures and the dev misses."""
    import tempfile

    if not bodies():
        print(f"FNC-1 bodies not found at {BODIES_FILE} (../shared/eval/fnc1-train is absent)")
        return 1
    with tempfile.TemporaryDirectory(prefix="topic-cases-") as tmp:
        print(report(evaluate(Path(tmp))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
