"""A passage's stance read in its article: a small logistic model over named features, beside the rules (pure).

The rules in `discovery` judge one passage. An article that calls a claim a hoax three paragraphs later, or that
relays it with "reportedly" throughout, says more than that passage does. The model counts named cues in the
article's sentences that hold the claim's words, in their neighbours and in the whole article, reads the claim's
own wording, and gives a probability for each article stance (agree, disagree, discuss, as FNC-1 labels them). It
changes the rules' stance only where it is sure (thresholds in the model file), and every change names the
features and words that made it.

Trained by bench/train_stance.py on the development headlines of FNC-1's training split; the weights, the cue
words and the thresholds are factcheck/data/stance_model.json.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from factcheck.models import Stance
from factcheck.vocabulary import package_json
from factcheck.wording import StancePatterns, read_polarity

LABELS = ("agree", "disagree", "discuss")
STANCES: tuple[Stance, ...] = ("supports", "contradicts", "qualifies", "mentions")
# A sentence is near the claim when it holds this share of the claim's words (at least one).
NEAR_SHARE = 0.25
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class StanceModel:
    """Cue words, feature scaling, weights per label and the thresholds that let it change a stance."""

    cues: dict[str, re.Pattern[str]]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    intercepts: dict[str, float]
    contradicts_above: float  # p(disagree) above which any stance becomes contradicts
    doubt_support_above: float  # p(disagree) above which the rules' supports becomes qualifies
    keep_contradiction_above: float  # p(disagree) under which the rules' contradicts becomes qualifies
    supports_above: float  # p(agree) above which qualifies or mentions becomes supports ...
    supports_below_disagree: float  # ... when p(disagree) is under this

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """p(agree), p(disagree), p(discuss) for an article's features (a softmax over linear scores)."""
        z = [(features.get(name, 0.0) - m) / (s or 1.0)
             for name, m, s in zip(self.features, self.mean, self.scale, strict=True)]
        scores = {label: self.intercepts[label] + sum(w * x for w, x in zip(self.weights[label], z, strict=True))
                  for label in LABELS}
        top = max(scores.values())
        exp = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exp.values())
        return {label: value / total for label, value in exp.items()}

    def contributions(self, features: dict[str, float], label: str) -> list[tuple[str, float]]:
        """Each feature's push toward a label against the other labels' mean, largest first."""
        others = [other for other in LABELS if other != label]
        pushes = []
        for i, (name, m, s) in enumerate(zip(self.features, self.mean, self.scale, strict=True)):
            z = (features.get(name, 0.0) - m) / (s or 1.0)
            push = z * (self.weights[label][i] - sum(self.weights[o][i] for o in others) / len(others))
            pushes.append((name, push))
        return sorted(pushes, key=lambda p: -p[1])


def load_model(data: dict) -> StanceModel:
    """A model from its JSON form (as bench/train_stance.py writes it)."""
    cues = {name: re.compile(r"(?<![\w'’])(?:" + "|".join(f"(?:{p})" for p in words) + r")(?![\w'’])", re.IGNORECASE)
            for name, words in data["cues"].items()}
    return StanceModel(
        cues=cues,
        features=tuple(data["features"]),
        mean=tuple(data["mean"]),
        scale=tuple(data["scale"]),
        weights={label: tuple(data["weights"][label]) for label in LABELS},
        intercepts={label: float(data["intercepts"][label]) for label in LABELS},
        contradicts_above=float(data["thresholds"]["contradicts_above"]),
        doubt_support_above=float(data["thresholds"]["doubt_support_above"]),
        keep_contradiction_above=float(data["thresholds"]["keep_contradiction_above"]),
        supports_above=float(data["thresholds"]["supports_above"]),
        supports_below_disagree=float(data["thresholds"]["supports_below_disagree"]),
    )


@cache
def package_model() -> StanceModel | None:
    """The model shipped in the package (None when its file is absent, as in a partial checkout)."""
    data = package_json("stance_model")
    return load_model(data) if data is not None else None


@dataclass(frozen=True)
class Article:
    """An article's sentences prepared once for every claim: their stemmed words and the claim-free features."""

    sentences: tuple[str, ...]
    words: tuple[frozenset[str], ...]
    features: dict[str, float]


@dataclass(frozen=True)
class ArticleReading:
    """An article's features for one claim, and for each cue the first words that matched it near the claim."""

    features: dict[str, float]
    words: dict[str, str]

    def with_passage(self, stance: Stance) -> ArticleReading:
        """The reading with the passage's own stance by the rules among its features."""
        return ArticleReading({**self.features, **{f"passage {s}": float(stance == s) for s in STANCES}}, self.words)


def prepare_article(
    sentences: Sequence[str], stem: Callable[[str], str], model: StanceModel, patterns: StancePatterns
) -> Article:
    """An article's sentences with their stemmed words, and the features that do not depend on the claim."""
    article = " ".join(sentences)
    features: dict[str, float] = {}
    for name, pattern in model.cues.items():
        features[f"{name} in the article"] = math.log1p(sum(1 for _ in pattern.finditer(article)))
    for name in RULE_PATTERNS:
        features[f"{name} in the article (rules' words)"] = math.log1p(
            sum(1 for _ in getattr(patterns, name).finditer(article)))
    words = max(1, len(_WORD.findall(article.lower())))
    features["negators per 100 words"] = 100 * sum(1 for _ in patterns.negator.finditer(article)) / words
    features["article words (log)"] = math.log(words)
    stems = tuple(frozenset(stem(w) for w in _WORD.findall(s.lower())) for s in sentences)
    return Article(tuple(sentences), stems, features)


# The features that count what denies a claim, read apart when the claim itself denies.
_NEGATIVE_CUE = re.compile(r"^(?:fabricated|denied|false|no_evidence|debunked|doubt|refutation|retraction) |"
                           r"^claim (?:negated|refuted) near$|^negators per")
# The rules' own word lists (factcheck/data/wording.yaml, stance:) the model also counts.
RULE_PATTERNS = ("refutation", "unconfirmed", "retraction", "report")


def read_article(
    claim_text: str,
    claim_words: set[str],
    stem: Callable[[str], str],
    article: Article,
    model: StanceModel,
    patterns: StancePatterns,
) -> ArticleReading:
    """The named features of an article's sentences about a claim (the passage's own stance: `with_passage`)."""
    sentences = article.sentences
    shares = [len(claim_words & words) / len(claim_words) if claim_words else 0.0 for words in article.words]
    near_at = [i for i, share in enumerate(shares) if share >= NEAR_SHARE and share > 0]
    around_at = sorted({j for i in near_at for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)})
    near = " ".join(sentences[i] for i in near_at)
    around = " ".join(sentences[i] for i in around_at)
    features = dict(article.features)
    found: dict[str, str] = {}
    for name, pattern in model.cues.items():
        near_hits = [m.group(0) for m in pattern.finditer(near)]
        features[f"{name} near the claim"] = math.log1p(len(near_hits))
        features[f"{name} around the claim"] = math.log1p(sum(1 for _ in pattern.finditer(around)))
        features[f"{name} in the claim"] = float(bool(pattern.search(claim_text)))
        if near_hits:
            found[name] = near_hits[0]
    for name in RULE_PATTERNS:
        features[f"{name} near the claim (rules' words)"] = math.log1p(
            sum(1 for _ in getattr(patterns, name).finditer(near)))
    readings = [read_polarity(sentences[i], lambda w: stem(w) in claim_words, patterns) for i in near_at]
    features["claim negated near"] = math.log1p(sum(1 for r in readings if r.negated))
    features["claim refuted near"] = math.log1p(sum(1 for r in readings if r.refuted))
    features["claim reported near"] = math.log1p(sum(1 for r in readings if r.reported))
    features["sentences near"] = math.log1p(len(near_at))
    features["share of sentences near"] = len(near_at) / len(sentences) if sentences else 0.0
    features["first near sentence"] = (near_at[0] if near_at else 20) / 20 if len(sentences) else 1.0
    features["best sentence share"] = max(shares, default=0.0)
    features["claim is a question"] = float("?" in claim_text)
    features["claim negated"] = float(bool(patterns.negator.search(claim_text)))
    refuting_claim = max(features.get(f"{name} in the claim", 0.0) for name in ("fabricated", "false", "denied"))
    refuting_near = sum(features.get(f"{name} near the claim", 0.0) for name in ("fabricated", "false", "debunked"))
    features["claim refutes x refutation near"] = refuting_claim * refuting_near
    # A denial of a claim that itself denies ("That panel isn't real") agrees with it: each negative cue is counted
    # apart for a claim that asserts and one that denies, so that the weights can differ.
    said = read_polarity(claim_text, lambda w: stem(w) in claim_words, patterns, negated_words=1)
    denies = 1.0 if said.negative or refuting_claim else 0.0
    features["claim denies"] = denies
    for name in [n for n in features if _NEGATIVE_CUE.search(n)]:
        features[f"{name}, claim denies"] = features[name] * denies
    return ArticleReading(features, found)


def decide(rule_stance: Stance, reading: ArticleReading, model: StanceModel) -> tuple[Stance, str]:
    """The stance after reading the article, and the reason when it differs from the rules' (else "")."""
    reading = reading.with_passage(rule_stance)
    p = model.probabilities(reading.features)
    if p["disagree"] > model.contradicts_above and rule_stance != "contradicts":
        return "contradicts", _because(model, reading, "disagree", p)
    if rule_stance == "supports" and p["disagree"] > model.doubt_support_above:
        return "qualifies", _because(model, reading, "disagree", p)
    if rule_stance == "contradicts" and p["disagree"] < model.keep_contradiction_above:
        return "qualifies", _because(model, reading, "discuss", p)
    if (rule_stance in ("qualifies", "mentions") and p["agree"] > model.supports_above
            and p["disagree"] < model.supports_below_disagree):
        return "supports", _because(model, reading, "agree", p)
    return rule_stance, ""


def _because(model: StanceModel, reading: ArticleReading, label: str, p: dict[str, float]) -> str:
    """'its article reads as disagree (p 0.71): fabricated near the claim ("hoax"), ...', the top three pushes."""
    named = []
    for name, push in model.contributions(reading.features, label)[:3]:
        if push <= 0:
            break
        cue = name.split(" ")[0]
        words = reading.words.get(cue) if name.endswith("near the claim") else None
        named.append(f'{name} ("{words}")' if words else name)
    return f"its article reads as {label} (p {p[label]:.2f}): " + ", ".join(named)
