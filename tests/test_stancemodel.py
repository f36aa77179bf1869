"""The article stance model: a passage's stance read again in its article, with the features that changed it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from factcheck.discovery import ArticleReader, Candidate, Suggestion, _stem, own_terms, rank_candidates
from factcheck.models import Claim
from factcheck.stancemodel import LABELS, load_model, package_model, prepare_article, read_article
from factcheck.timing import Reference, claim_time, quote_times
from factcheck.wording import compile_stance

MODEL_FILE = Path(__file__).resolve().parent.parent / "factcheck" / "data" / "stance_model.json"
CLAIM = "A woman had a third breast implanted to become less attractive to men."
HOAX = [
    "A woman had a third breast implanted to become less attractive to men, a Florida radio station reported.",
    "The story of the woman's third breast implant was a hoax: she wore a fake prosthetic, her publicist admitted.",
    "Police records show the photos were fake and the clinic does not exist.",
]


def toy_model(**thresholds: float) -> dict:
    """A hand-made model: fabrication near the claim pushes disagree, confirmation pushes agree."""
    features = ["fabricated near the claim", "confirmed near the claim", "passage contradicts"]
    return {
        "cues": {"fabricated": ["hoax", "fake"], "confirmed": ["confirmed"]},
        "features": features,
        "mean": [0.0, 0.0, 0.0],
        "scale": [1.0, 1.0, 1.0],
        "weights": {"agree": [0.0, 4.0, 0.0], "disagree": [4.0, 0.0, 2.0], "discuss": [0.0, 0.0, 0.0]},
        "intercepts": {"agree": 0.0, "disagree": 0.0, "discuss": 1.0},
        "thresholds": {"contradicts_above": 0.6, "doubt_support_above": 0.3, "keep_contradiction_above": 0.2,
                       "supports_above": 0.6, "supports_below_disagree": 0.2, **thresholds},
    }


def suggestion(stance: str, text: str = HOAX[0]) -> Suggestion:
    return Suggestion("s", 0, len(text), text, stance, 0.5, ["search rank 1"])  # type: ignore[arg-type]


def reread(model: dict, stance: str, sentences: list[str], claim: str = CLAIM) -> Suggestion:
    reader = ArticleReader(lambda _source: sentences, model=load_model(model))
    (out,) = reader(claim, [suggestion(stance, sentences[0])])
    return out


def test_a_hoax_article_turns_a_supporting_passage_into_a_contradiction_and_says_why() -> None:
    out = reread(toy_model(), "supports", HOAX)
    assert out.stance == "contradicts"
    assert out.reasons[-1].startswith("its article reads as disagree (p ")
    assert 'fabricated near the claim ("hoax")' in out.reasons[-1]


def test_a_plain_article_leaves_the_rules_stance_and_adds_no_reason() -> None:
    plain = ["A woman had a third breast implanted, her surgeon said.", "The operation took four hours."]
    out = reread(toy_model(), "supports", plain)
    assert (out.stance, out.reasons) == ("supports", ["search rank 1"])


def test_a_confirming_article_turns_mentions_into_support_but_not_when_it_also_calls_it_fake() -> None:
    confirmed = ["The clinic confirmed a woman had a third breast implanted.", "She is recovering."]
    assert reread(toy_model(), "mentions", confirmed).stance == "supports"
    mixed = ["The clinic confirmed a woman had a third breast implanted.", "Critics called the woman's third breast fake."]
    # p(agree) is over supports_above, but p(disagree) is over supports_below_disagree: no support while it doubts
    assert reread(toy_model(contradicts_above=0.99, supports_above=0.3), "mentions", mixed).stance == "mentions"
    assert reread(toy_model(contradicts_above=0.99, supports_above=0.3, supports_below_disagree=0.9), "mentions",
                  mixed).stance == "supports"


def test_a_contradiction_the_article_does_not_bear_out_becomes_qualifies() -> None:
    plain = ["A woman had a third breast implanted, her surgeon said.", "The operation took four hours."]
    model = toy_model(keep_contradiction_above=0.9)
    out = reread(model, "contradicts", plain)
    assert out.stance == "qualifies"
    assert out.reasons[-1].startswith("its article reads as discuss")


def test_a_support_in_an_article_that_leans_to_doubt_becomes_qualifies() -> None:
    out = reread(toy_model(contradicts_above=0.99, doubt_support_above=0.3), "supports", HOAX)
    assert out.stance == "qualifies"


def test_probabilities_sum_to_one_and_contributions_name_every_feature() -> None:
    model = load_model(toy_model())
    p = model.probabilities({"fabricated near the claim": 1.0})
    assert set(p) == set(LABELS) and abs(sum(p.values()) - 1) < 1e-9
    assert p["disagree"] > p["discuss"] > p["agree"] > 0
    pushes = dict(model.contributions({"fabricated near the claim": 1.0}, "disagree"))
    assert set(pushes) == set(toy_model()["features"]) and pushes["fabricated near the claim"] > 0


def test_the_shipped_model_reads_every_feature_it_was_trained_on() -> None:
    """A feature renamed in the code but not retrained would silently read as 0."""
    model = package_model()
    assert model is not None, "factcheck/data/stance_model.json is missing: run bench/train_stance.py"
    claim_words = {_stem(w) for w in own_terms(CLAIM) if not w.isdigit()}
    article = prepare_article(HOAX, _stem, model, compile_stance())
    produced = read_article(CLAIM, claim_words, _stem, article, model, compile_stance()).with_passage("supports")
    assert set(model.features) <= set(produced.features)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert len(data["weights"]["disagree"]) == len(data["features"]) == len(data["mean"]) == len(data["scale"])
    assert MODEL_FILE.stat().st_size < 100_000  # small: a few kB of named weights


def test_the_shipped_model_does_not_propose_a_hoax_article_as_support() -> None:
    out = ArticleReader(lambda _source: HOAX)(CLAIM, [suggestion("supports")])[0]
    assert out.stance != "supports"
    assert "its article reads as disagree" in out.reasons[-1]


def test_without_a_model_the_suggestions_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = ArticleReader(lambda _source: HOAX)
    reader.model = None
    given = [suggestion("supports")]
    assert reader(CLAIM, given) == given


def test_a_contradiction_the_event_decided_is_left_to_the_rules() -> None:
    """A visit dated otherwise contradicts whatever words its article uses: the model reads words, not dates."""
    plain = ["A woman had a third breast implanted, her surgeon said.", "The operation took four hours."]
    reader = ArticleReader(lambda _source: plain, model=load_model(toy_model(keep_contradiction_above=0.9)))
    dated = Suggestion("s", 0, 10, plain[0], "contradicts", 0.5, ["the same event at another time"], from_event=True)
    assert reader(CLAIM, [dated]) == [dated]
    assert reader(CLAIM, [suggestion("contradicts", plain[0])])[0].stance == "qualifies"


def test_a_date_shifted_visit_stays_a_contradiction_through_suggest() -> None:
    claim = "Gen Bajwa visited Moscow in March 2018."
    text = "Gen Bajwa visited Moscow on 24 April 2018 for talks."
    when = claim_time(Claim(id="c", text=claim))
    times = quote_times(text, 0, 0, len(text), Reference(dt.date(2018, 4, 25), dt.date(2018, 4, 25), "published"))
    (judged,) = rank_candidates(claim, when, [Candidate("s", 0, len(text), text, -1.0, times)])
    assert (judged.stance, judged.from_event) == ("contradicts", True)
    assert ArticleReader(lambda _source: [text])(claim, [judged]) == [judged]
