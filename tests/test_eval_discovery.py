"""Quality gate for evidence discovery: labelled claims (tests/eval/discovery_cases.yaml) put in one project, with
floors on recall@5 and on the stances proposed for the passages found (tests/eval/baseline.json, "discovery")."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from factcheck.models import Source
from factcheck.project import ProjectPaths
from factcheck.sources import read_source, region_at
from tests.eval_harness import Tally

# A quality gate: it runs the scorer over every labelled case, so it runs in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
CASES_FILE = Path(__file__).resolve().parent / "eval" / "discovery_cases.yaml"
BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"
TOP = 5
STANCES = {"supports", "contradicts", "qualifies", "mentions"}
PASSAGE_WORDS = (5, 25)

Span = tuple[str, int, int]  # source id, start, end


def load_cases() -> list[dict[str, Any]]:
    """The labelled cases, as plain data."""
    return YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


CASES = load_cases()


@cache
def bundled_source(source_id: str) -> Source:
    """A bundled source, parsed (its non-article regions found)."""
    return read_source(SOURCES / f"{source_id}.md", f"sources/{source_id}.md")


def locate(source_id: str, text: str, what: str) -> Span:
    """Where `text` stands verbatim in a bundled source's body; fails clearly when it does not."""
    file = SOURCES / f"{source_id}.md"
    if not file.exists():
        pytest.fail(f"{what}: no source '{source_id}' under sources/")
    body = bundled_source(source_id).body
    start = body.find(text)
    if start < 0:
        pytest.fail(f"{what}: not found verbatim in the body of {source_id}: {text!r}")
    return source_id, start, start + len(text)


def alternatives(item: dict[str, Any]) -> list[dict[str, str]]:
    """An expected item as the list of passages any one of which counts (one, unless it is an any_of group)."""
    return item["any_of"] if "any_of" in item else [item]


def label(item: dict[str, Any]) -> str:
    """An expected item as misses show it."""
    return " | ".join(f"{alt['source']}: “{alt['passage']}”" for alt in alternatives(item))


def overlaps(span: Span, source_id: str, start: int, end: int) -> bool:
    """Whether [start, end) of `source_id` overlaps the span."""
    sid, s, e = span
    return sid == source_id and start < e and s < end


def ledger() -> dict[str, Any]:
    """One claim per case, as claims.yaml holds it: id = the case id, evidence = the case's cites."""
    claims = []
    for case in CASES:
        claim: dict[str, Any] = {"id": case["id"], "text": case["claim"]["text"]}
        for key in ("time", "kind"):
            if key in case["claim"]:
                claim[key] = case["claim"][key]
        claim["evidence"] = [
            {"source": c["source"], "quote": c["quote"], "stance": c["stance"]} for c in case.get("cites") or []
        ]
        claims.append(claim)
    return {"claims": claims, "resolutions": []}


def clip(text: str, limit: int = 110) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_top(suggestions: list[Any]) -> str:
    """The top suggestions of a claim, one line each."""
    if not suggestions:
        return "      (no suggestions)"
    return "\n".join(
        f"      {rank}. {s.source} [{s.start}:{s.end}] {s.stance} {s.score:.3f}: “{clip(s.text)}”"
        for rank, s in enumerate(suggestions, 1)
    )


@dataclass
class Scores:
    """The three figures the baseline keeps, every miss behind them, and any cited passage suggested again."""

    recall: Tally = field(default_factory=Tally)  # asked: expected items; right: found in the top 5
    contradiction: Tally = field(default_factory=Tally)  # asked: found `contradicts` items; right: stance matches
    stance: Tally = field(default_factory=Tally)  # asked: found items; right: stance matches
    resuggested: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """The figures by their baseline names."""
        return {
            "recall_at_5": self.recall.rate,
            "contradiction_stance_accuracy": self.contradiction.rate,
            "stance_accuracy": self.stance.rate,
        }

    def misses(self) -> list[str]:
        """Every miss: not found first, then wrong stances (contradictions are counted in both stance figures)."""
        return [*self.recall.misses, *self.stance.misses]


def score_case(case: dict[str, Any], suggestions: list[Any], scores: Scores) -> None:
    """Compare one claim's top suggestions with the analyst's expectations, adding to the tallies."""
    cid = case["id"]
    top = suggestions[:TOP]
    for item in case["expected"]:
        spans = [locate(alt["source"], alt["passage"], f"{cid} expected") for alt in alternatives(item)]
        hit = next(
            ((rank, s) for rank, s in enumerate(top, 1) if any(overlaps(sp, s.source, s.start, s.end) for sp in spans)),
            None,
        )
        head = f"{cid}: expected ({item['stance']}) {label(item)}"
        why = f"    why: {item['why']}"
        scores.recall.add(
            hit is not None,
            f"not found  {head}\n    claim: {case['claim']['text']}\n{why}\n    top {TOP}:\n{show_top(top)}",
        )
        if hit is None:
            continue
        rank, got = hit
        miss = f"stance     {head}\n    found at {rank} with stance {got.stance}, expected {item['stance']}\n{why}"
        scores.stance.add(got.stance == item["stance"], miss)
        if item["stance"] == "contradicts":
            scores.contradiction.add(got.stance == "contradicts", miss)
    cited = [locate(c["source"], c["quote"], f"{cid} cites") for c in case.get("cites") or []]
    for s in suggestions:
        if any(overlaps(span, s.source, s.start, s.end) for span in cited):
            scores.resuggested.append(
                f"{cid}: suggested {s.source} [{s.start}:{s.end}] “{clip(s.text)}”, already cited"
            )


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Scores:
    """The tallies over all cases: one project holding every case's claim, one call to suggest_evidence."""
    try:
        from factcheck.project import suggest_evidence
    except ImportError:
        pytest.fail(
            "factcheck.project.suggest_evidence does not exist yet: the discovery gate needs "
            "suggest_evidence(paths, claim_ids=None, top=5) -> {claim_id: [Suggestion, ...]}"
        )
    folder = tmp_path_factory.mktemp("discovery-cases")
    shutil.copytree(SOURCES, folder / "sources")
    with (folder / "claims.yaml").open("w", encoding="utf-8") as handle:
        YAML().dump(ledger(), handle)
    suggestions = suggest_evidence(ProjectPaths.at(folder), claim_ids=None, top=TOP)
    result = Scores()
    for case in CASES:
        assert case["id"] in suggestions, f"suggest_evidence returned nothing for claim {case['id']}"
        score_case(case, suggestions[case["id"]], result)
    return result


# ---------------------------------------------------------------- the cases themselves


def expected_passages() -> list[tuple[str, int, dict[str, str]]]:
    """Every passage the cases name (each alternative of an any_of group), with its case and item."""
    return [
        (case["id"], index, alt)
        for case in CASES
        for index, item in enumerate(case["expected"])
        for alt in alternatives(item)
    ]


PASSAGES = expected_passages()


@pytest.mark.parametrize(
    ("case_id", "index", "alt"), PASSAGES, ids=[f"{c}-{i}-{a['source'][:12]}" for c, i, a in PASSAGES]
)
def test_expected_passage_stands_once_in_the_article_text(case_id: str, index: int, alt: dict[str, str]) -> None:
    source = bundled_source(alt["source"])
    where = f"{case_id} expected[{index}]"
    _, start, end = locate(alt["source"], alt["passage"], where)
    assert source.body.count(alt["passage"]) == 1, f"{where}: passage stands more than once in {source.id}"
    region = region_at(source.not_article, start, end)
    assert region is None, f"{where}: passage lies in non-article text of {source.id} ({region.reason})"
    words = len(alt["passage"].split())
    assert PASSAGE_WORDS[0] <= words <= PASSAGE_WORDS[1], f"{where}: {words} words, not 5-25"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    cid = case["id"]
    assert set(case) <= {"id", "claim", "cites", "expected"}, f"{cid}: unknown keys {set(case)}"
    assert set(case["claim"]) <= {"text", "time", "kind"} and case["claim"].get("text"), f"{cid}: claim"
    assert case["expected"], f"{cid}: expects nothing"
    cited = []
    for c in case.get("cites") or []:
        assert c["stance"] in STANCES, f"{cid}: cites stance {c['stance']}"
        span = locate(c["source"], c["quote"], f"{cid} cites")
        assert region_at(bundled_source(c["source"]).not_article, span[1], span[2]) is None, f"{cid}: cite"
        cited.append(span)
    for index, item in enumerate(case["expected"]):
        assert item["stance"] in STANCES, f"{cid} expected[{index}]: unknown stance {item['stance']}"
        assert item.get("why"), f"{cid} expected[{index}]: say why"
        if "any_of" in item:
            assert len(item["any_of"]) >= 2, f"{cid} expected[{index}]: any_of needs two or more passages"
            assert not set(item) - {"any_of", "stance", "why"}, f"{cid} expected[{index}]: any_of with source"
        for alt in alternatives(item):
            _, start, end = locate(alt["source"], alt["passage"], f"{cid} expected[{index}]")
            assert not any(overlaps(span, alt["source"], start, end) for span in cited), (
                f"{cid} expected[{index}] overlaps a passage the claim already cites"
            )


def test_case_ids_are_unique() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids repeat"


# ---------------------------------------------------------------- quality floor


def test_suggest_never_proposes_a_passage_the_claim_already_cites(scores: Scores) -> None:
    assert not scores.resuggested, "already-cited passages suggested again:\n" + "\n".join(scores.resuggested)


def test_discovery_figures_stay_above_their_floors(scores: Scores) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert "discovery" in baseline, "tests/eval/baseline.json has no 'discovery' floors"
    floors = baseline["discovery"]
    figures = scores.figures()
    counts = {
        "recall_at_5": scores.recall,
        "contradiction_stance_accuracy": scores.contradiction,
        "stance_accuracy": scores.stance,
    }
    report = "\n".join(
        f"  {name}: {value:.3f} ({counts[name].right}/{counts[name].asked}; floor {floors[name]})"
        for name, value in figures.items()
    )
    misses = "\n".join(f"  {miss}" for miss in scores.misses())
    print(f"discovery figures on {len(CASES)} cases:\n{report}\nmisses:\n{misses}")
    below = [name for name, value in figures.items() if value < floors[name]]
    assert not below, (
        f"{', '.join(below)} fell below the floor in tests/eval/baseline.json:\n{report}\n"
        f"misses (case: expected passage; what the top {TOP} were; why it was expected):\n{misses}"
    )
