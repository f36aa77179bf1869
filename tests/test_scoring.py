"""Verdicts, credibility grades and conflicts: table-driven, from evidence an analyst can read."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Anchor, Claim, EvidenceCheck, Override, Resolution, SourceMeta
from factcheck.scoring import apply_resolutions, conflict_id, find_conflicts, score_claim
from factcheck.wording import WORDING_RULES, read_wording

PLAIN = "Both sides had signed a defence cooperation agreement in November 2014."
HEDGED = "The defense treaty might have been signed then or thereafter, one Pakistani analyst said on condition of anonymity."
UNNAMED = "A senior Pakistani defense official said Pakistan and Russia signed a defense MoU."
PLANNED = (
    "Foreign Office spokesperson confirmed that his visit was scheduled in the first week of October 2017."
)
UNDETAILED = "Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and Russia have signed a defense treaty."
CLUB_SOURCE = "The club source told Sky Sports that the fee was 40 million pounds."
NO_DETAILS = "He however gave no further details of the pact while talking to a private news TV channel."

# source id -> reliability; a and a2 share one origin (a syndicated copy), the rest are independent.
RELIABILITY = {"a": "B", "a2": "D", "b": "C", "c": "B", "d": "D", "e": "E", "f": "F", "g": "F"}
ORIGIN = {"a": "a", "a2": "a", "b": "b", "c": "c", "d": "d", "e": "e", "f": "f", "g": "g"}
METAS = {sid: SourceMeta(id=sid, reliability=grade) for sid, grade in RELIABILITY.items()}


def item(
    index: int, source: str, stance: str, sentence: str = PLAIN, following: str = "", found: bool = True
):
    anchor = Anchor(
        start=0, end=len(sentence), method="exact", similarity=1.0, exact=sentence, prefix="", suffix=""
    )
    return EvidenceCheck(
        claim_id="c",
        index=index,
        source_id=source,
        stance=stance,
        quote=sentence,  # type: ignore[arg-type]
        anchor=anchor if found else None,
        sentence=sentence,
        following=following,
        problem=None if found else "quote not found in the source",
    )


def score(*evidence: tuple):
    checks = [item(i, *spec) for i, spec in enumerate(evidence)]
    return score_claim(Claim(id="c", text="t"), checks, METAS, ORIGIN)


CASES = [
    ("no evidence", [], "unverified", 6),
    ("one reliable origin", [("a", "supports")], "supported", 2),
    ("two independent origins", [("a", "supports"), ("b", "supports")], "supported", 1),
    ("a syndicated copy is not a second origin", [("a", "supports"), ("a2", "supports")], "supported", 2),
    ("only a less reliable source", [("d", "supports")], "supported", 3),
    ("only an ungraded source", [("f", "supports")], "supported", 3),
    ("only an unnamed official", [("a", "supports", UNNAMED)], "supported", 3),
    ("only hedged and anonymous support", [("a", "supports", HEDGED)], "unverified", 4),
    ("only a plan", [("b", "supports", PLANNED)], "unverified", 6),
    ("an announcement nobody detailed", [("d", "supports", UNDETAILED, NO_DETAILS)], "unverified", 4),
    ("an unreliable (E) source alone", [("e", "supports")], "unverified", 4),
    (
        "credible contradiction, planned support",
        [("b", "supports", PLANNED), ("c", "contradicts")],
        "refuted",
        5,
    ),
    ("credible contradiction only", [("c", "contradicts")], "refuted", 5),
    ("less reliable contradiction only", [("d", "contradicts")], "unverified", 4),
    # Ungraded (F) sources: the verdict follows what they plainly say.
    ("plain ungraded contradiction only", [("f", "contradicts")], "refuted", 4),
    ("plain ungraded contradiction, hedged support", [("g", "supports", HEDGED), ("f", "contradicts")], "refuted", 4),
    ("plain ungraded support against plain ungraded contradiction", [("f", "supports"), ("g", "contradicts")],
     "conflicting", 4),
    ("two ungraded origins against one", [("f", "supports"), ("d", "supports"), ("g", "contradicts")],
     "conflicting", 3),
    ("an unnamed official's contradiction does not refute", [("f", "contradicts", UNNAMED)], "unverified", 4),
    ("named ungraded support against only an unnamed source", [("f", "supports"), ("g", "contradicts", CLUB_SOURCE)],
     "supported", 3),
    ("named ungraded support against a less reliable named source", [("f", "supports"), ("d", "contradicts")],
     "unverified", 4),
    ("a less reliable (D) support against ungraded contradiction", [("d", "supports"), ("f", "contradicts")],
     "unverified", 4),
    ("credible evidence on both sides", [("a", "supports"), ("c", "contradicts")], "conflicting", 4),
    (
        "more support than contradiction",
        [("a", "supports"), ("b", "supports"), ("c", "contradicts")],
        "conflicting",
        3,
    ),
    (
        "weak contradiction does not refute",
        [("a", "supports"), ("b", "supports"), ("d", "contradicts")],
        "supported",
        1,
    ),
    ("a quote not found is no evidence", [("a", "supports", PLAIN, "", False)], "unverified", 6),
    ("qualifying evidence is not a refutation", [("a", "supports"), ("c", "qualifies")], "supported", 2),
    ("mentions alone tell nothing", [("a", "mentions")], "unverified", 6),
]


@pytest.mark.parametrize(("case", "evidence", "verdict", "grade"), CASES, ids=[c[0] for c in CASES])
def test_verdict_and_grade(case: str, evidence: list[tuple], verdict: str, grade: int) -> None:
    assessment = score(*evidence)
    assert (assessment.verdict, assessment.credibility) == (verdict, grade)
    assert assessment.reasons, "every grade comes with its reasons"


def test_reasons_name_the_source_grade_and_the_wording() -> None:
    assessment = score(("a", "supports", HEDGED))
    assert assessment.reasons[0] == "support is only hedged, speculative, anonymous, planned or undetailed"
    assert assessment.reasons[1] == (
        "evidence[0] supports (weak): source a is B (usually reliable); speculative ('might have been'): "
        '"might have been"; anonymous source: "on condition of anonymity"; '
        "an analyst's reading, not an official's knowledge: \"one Pakistani analyst\""
    )


def test_articles_and_origins_are_counted_apart() -> None:
    assessment = score(("a", "supports"), ("a2", "supports"), ("b", "supports"))
    assert (assessment.articles, assessment.independent_sources) == (3, 2)
    assert "3 articles, 2 independent origins" in assessment.reasons


@pytest.mark.parametrize("rule", WORDING_RULES, ids=lambda r: f"{r.cue}:{r.explanation}")
def test_every_wording_rule_fires_on_an_example(rule) -> None:
    examples = {
        "speculative ('might have been')": "The treaty might have been signed in April.",
        "hedged ('reportedly')": "The deal was reportedly signed in Moscow.",
        "hedged ('sources say')": "Sources say the accord was inked last week.",
        "speculative ('possibly')": "The pact was possibly signed then.",
        "hedged ('is said to')": "The minister is said to have signed it.",
        "speculative ('may', 'could')": "The girls may be released under the ceasefire.",
        "a belief or appearance ('believe', 'appears to')": "Officials believe it was a piece of the asteroid.",
        "an estimate ('an estimated')": "The club paid an estimated €40 million for the striker.",
        "hearsay ('I heard')": "“I heard that the minister signed it in June,” a visitor said.",
        "anonymous source": "An analyst said on condition of anonymity that it was signed.",
        "attributed to an unnamed official or source": "A senior defense official said the MoU was signed.",
        "an analyst's reading, not an official's knowledge": "One Pakistani analyst thinks the pact was signed.",
        "attributed to a named official, on the record": "Defence Minister Khawaja Asif said the accord was signed.",
        "a plan or schedule, not an event that happened": "The visit was scheduled in the first week of October.",
        "announced without details": "He however gave no further details of the pact.",
        "denial or doubt": "“I don’t know about the current pact”, he said.",
    }
    findings = read_wording(examples[rule.explanation])
    assert rule.cue in [f.cue for f in findings]


def test_plain_reporting_has_no_cues() -> None:
    assert read_wording(PLAIN) == []


def test_within_claim_conflict_needs_plain_evidence_on_both_sides_from_other_origins() -> None:
    claim = Claim(id="c", text="t")
    both = {"c": score(("a", "supports"), ("c", "contradicts"))}
    assert [c.kind for c in find_conflicts([claim], both)] == ["within-claim"]
    planned = {"c": score(("b", "supports", PLANNED), ("c", "contradicts"))}
    assert find_conflicts([claim], planned) == []
    same_origin = {"c": score(("a", "supports"), ("a2", "contradicts"))}
    assert find_conflicts([claim], same_origin) == []


def test_only_an_unnamed_source_against_named_plain_support_is_no_within_claim_conflict() -> None:
    claim = Claim(id="c", text="t")
    against_unnamed = score(("f", "supports"), ("g", "contradicts", CLUB_SOURCE))
    against_named = score(("f", "supports"), ("g", "contradicts"))
    assert find_conflicts([claim], {"c": against_unnamed}) == []
    assert [c.kind for c in find_conflicts([claim], {"c": against_named})] == ["within-claim"]


def test_declared_conflicts_get_one_stable_id_whatever_the_order() -> None:
    a = Claim(id="treaty-2018", text="t", conflicts_with=["agreement-2014"])
    b = Claim(id="agreement-2014", text="t", conflicts_with=["treaty-2018"])
    conflicts = find_conflicts([a, b], {})
    assert len(conflicts) == 1
    assert (
        conflicts[0].id
        == conflict_id(["agreement-2014", "treaty-2018"])
        == conflict_id(["treaty-2018", "agreement-2014"])
    )
    assert conflicts[0].claims == ["agreement-2014", "treaty-2018"]
    assert conflicts[0].status == "open"


def _resolution(conflict: str, outcome: str = "distinct", preferred: str | None = None) -> Resolution:
    return Resolution(
        conflict=conflict, outcome=outcome, preferred=preferred, by="r", date=dt.date(2026, 11, 1), note="n"
    )  # type: ignore[arg-type]


def test_resolutions_close_conflicts_and_bad_ones_are_reported() -> None:
    conflicts = find_conflicts([Claim(id="x", text="t", conflicts_with=["y"]), Claim(id="y", text="t")], {})
    cid = conflicts[0].id
    closed, problems = apply_resolutions(conflicts, [_resolution(cid)])
    assert (closed[0].status, problems) == ("resolved", [])
    _, problems = apply_resolutions(conflicts, [_resolution("cf-00000000")])
    assert problems[0].message == f"no conflict 'cf-00000000'; conflicts now: {cid} (see `factcheck check`)"
    _, problems = apply_resolutions(conflicts, [_resolution(cid, "preferred", "z")])
    assert problems[0].message == f"'z' is not a side of {cid}; use one of x, y"
    _, problems = apply_resolutions(conflicts, [_resolution(cid), _resolution(cid)])
    assert problems[0].message == f"conflict '{cid}' is resolved twice"


def test_a_reviewers_override_replaces_the_grade_and_says_so() -> None:
    override = Override(verdict="unverified", credibility=4, reason="Dawn later retracted the story.", by="A. Reviewer",
                        date=dt.date(2026, 12, 2))
    checks = [item(0, "a", "supports"), item(1, "b", "supports")]
    assessment = score_claim(Claim(id="c", text="t", override=override), checks, METAS, ORIGIN)
    assert (assessment.verdict, assessment.credibility) == ("unverified", 4)
    assert (assessment.computed_verdict, assessment.computed_credibility) == ("supported", 1)
    assert assessment.reasons[0] == (
        "overridden by A. Reviewer on 2026-12-02 to unverified, grade 4 (the evidence gives supported, grade 1): "
        "Dawn later retracted the story."
    )


def test_an_override_may_change_the_grade_alone() -> None:
    override = Override(credibility=3, reason="The minister's office denied it.", by="R", date=dt.date(2026, 12, 2))
    assessment = score_claim(Claim(id="c", text="t", override=override), [item(0, "a", "supports")], METAS, ORIGIN)
    assert (assessment.verdict, assessment.credibility, assessment.computed_credibility) == ("supported", 3, 2)


def test_an_override_must_override_something() -> None:
    with pytest.raises(ValueError, match="an override needs `verdict:`, `credibility:` or both"):
        Override(reason="r", by="b", date=dt.date(2026, 12, 2))


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Defence Minister Khawaja Asif said the accord was signed in Islamabad.", "strong"),
        ("A senior defence official said the accord was signed in Islamabad.", "fair"),
        ("One analyst said the accord was signed in Islamabad.", "weak"),
        ("The accord was signed in Islamabad, one analyst said on condition of anonymity.", "weak"),
    ],
)
def test_attribution_ranks_named_over_unnamed_over_analysts(sentence: str, strength: str) -> None:
    assert score(("a", "supports", sentence)).evidence[0].strength == strength


def test_one_outlet_contradicting_itself_is_a_conflict_but_a_copy_is_not() -> None:
    claim = Claim(id="c", text="t")
    checks = [item(0, "a", "supports"), item(1, "c", "contradicts")]
    same_publisher = {"a": "a", "c": "a"}  # one origin for corroboration: same publisher
    own_texts = {"a": "a", "c": "c"}  # but two texts
    assessment = score_claim(claim, checks, METAS, same_publisher, None, own_texts)
    assert assessment.independent_sources == 1
    assert [c.kind for c in find_conflicts([claim], {"c": assessment})] == ["within-claim"]
    copies = score_claim(claim, checks, METAS, same_publisher, None, {"a": "a", "c": "a"})
    assert find_conflicts([claim], {"c": copies}) == []
