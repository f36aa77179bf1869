"""Quality gate for `suggest` on real news (FNC-1, ../shared/eval/fnc1-train): floors on the validation headlines'
distinct-article recall and stance F1, and a ceiling on denials proposed as support (tests/eval/baseline.json,
"fnc"). The harness and its printed tables are tests/eval_fnc.py: `python -m tests.eval_fnc`. The harness's own
arithmetic (BM25, recall, F1) is checked here too, on small data, in the fast suite."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.eval_fnc import (
    REFUTING,
    Evaluation,
    available,
    bm25_rankings,
    distinct_articles,
    evaluate,
    f1,
    is_validation,
    macro_f1,
    missing_message,
    recall_at,
    report,
)

BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    """Both splits measured once for the module."""
    if not available():
        pytest.skip(missing_message())
    return evaluate(tmp_path_factory.mktemp("eval-fnc"))


# A quality gate: one project of 1,472 bodies and 360 claims, about 30 s, so it runs in the second step.
@pytest.mark.slow
def test_every_sampled_body_loads(evaluation: Evaluation) -> None:
    assert not evaluation.problems, "errors in the harness's project:\n" + "\n".join(evaluation.problems)
    assert evaluation.sources_loaded == evaluation.sources_written


@pytest.mark.slow
def test_fnc_validation_figures_stay_within_their_bounds(evaluation: Evaluation) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["fnc"]
    floors, ceilings = baseline["validation"], baseline["validation_ceilings"]
    figures = evaluation.splits["validation"].figures()
    print(report(evaluation))
    shown = "\n".join(
        f"  {name}: {figures[name]:.3f} (floor {floor})" for name, floor in floors.items()
    ) + "\n" + "\n".join(f"  {name}: {figures[name]:.3f} (at most {ceiling})" for name, ceiling in ceilings.items())
    out = [name for name, floor in floors.items() if figures[name] < floor]
    out += [name for name, ceiling in ceilings.items() if figures[name] > ceiling]
    assert not out, (
        f"validation: {', '.join(out)} out of bounds in tests/eval/baseline.json (fnc):\n{shown}\n"
        "validation misses are not shown; development figures and misses: `python -m tests.eval_fnc --dev-misses 40`"
    )


# ---------------------------------------------------------------- the harness's arithmetic (fast)


def test_the_split_is_the_md5_rule_every_helper_uses() -> None:
    # int(md5(h).hexdigest(), 16) % 5 for "a".."j" is 2 3 3 3 1 4 3 3 2 0: only "j" is validation.
    assert [h for h in "abcdefghij" if is_validation(h)] == ["j"]
    assert is_validation("Validation " * 3) is (int(hashlib.md5(("Validation " * 3).encode()).hexdigest(), 16) % 5 == 0)


def test_bm25_ranks_whole_documents_by_rare_words_then_by_id() -> None:
    documents = {
        "d1": "the cat sat on the mat",
        "d2": "the dog sat on the log",
        "d3": "a cat and a dog",
        "d4": "nothing here at all",
    }
    ranking = bm25_rankings({"q": "dog log"}, documents)["q"]
    assert ranking[:2] == ["d2", "d3"]
    assert ranking[2:] == ["d1", "d4"]  # no shared word: ties broken by id


def test_recall_counts_an_article_once_however_many_passages() -> None:
    def passage(source: str, start: int) -> Any:  # only `source` is read; a stand-in survives new Suggestion fields
        return SimpleNamespace(source=source, start=start)

    ranked = [s.source for s in distinct_articles([passage("a", 0), passage("a", 5), passage("b", 0), passage("c", 0)])]
    assert ranked == ["a", "b", "c"]
    assert recall_at(ranked, {"b", "z"}, 1) == 0.0
    assert recall_at(ranked, {"b", "z"}, 2) == 0.5


def test_f1_per_class_and_macro() -> None:
    confusion = Counter({("agree", "agree"): 2, ("agree", "discuss"): 2, ("disagree", "discuss"): 1,
                         ("discuss", "discuss"): 3, ("discuss", "agree"): 1})
    assert f1(confusion, "agree") == pytest.approx(2 * 2 / (3 + 4))
    assert f1(confusion, "disagree") == 0.0
    assert f1(confusion, "discuss") == pytest.approx(2 * 3 / (6 + 4))
    assert macro_f1(confusion) == pytest.approx((4 / 7 + 0.6) / 3)


@pytest.mark.parametrize(
    ("text", "refutes"),
    [("Officials denied the report.", True), ("The story is a HOAX.", True), ("It was debunked.", True),
     ("That is not true, he said.", True), ("There is no evidence of it.", True), ("A falsetto singer.", False),
     ("He confirmed the report.", False)],
)
def test_the_refuting_word_anchor(text: str, refutes: bool) -> None:
    assert bool(REFUTING.search(text)) is refutes
