"""Quality gate for `suggest` on real news (FNC-1, ../shared/eval/fnc1-train): floors on the validation headlines'
distinct-article recall and stance F1, and a ceiling on denials proposed as support (tests/eval/baseline.json,
"fnc"). The harness and its printed tables are tests/eval_fnc.py: `python -m tests.eval_fnc`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eval_fnc import Evaluation, available, evaluate, missing_message, report

# A quality gate: one project of 1,472 bodies and 360 claims, about 30 s, so it runs in the second step.
pytestmark = pytest.mark.slow

BASELINE = Path(__file__).resolve().parent / "eval" / "baseline.json"


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    """Both splits measured once for the module."""
    if not available():
        pytest.skip(missing_message())
    return evaluate(tmp_path_factory.mktemp("eval-fnc"))


def test_every_sampled_body_loads(evaluation: Evaluation) -> None:
    assert not evaluation.problems, "errors in the harness's project:\n" + "\n".join(evaluation.problems)
    assert evaluation.sources_loaded == evaluation.sources_written


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
