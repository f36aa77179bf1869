"""Plain ungraded support outweighed by plain ungraded contradiction from several independent voices is refuted,
not in dispute; reports of one party's denial are one voice."""

from __future__ import annotations

from factcheck.models import Anchor, Claim, EvidenceCheck, SourceMeta
from factcheck.scoring import find_conflicts, score_claim


def _check(index: int, source: str, stance: str, sentence: str) -> EvidenceCheck:
    anchor = Anchor(start=0, end=len(sentence), method="exact", similarity=1.0, exact=sentence, prefix="", suffix="")
    return EvidenceCheck(claim_id="c", index=index, source_id=source, stance=stance, quote=sentence,  # type: ignore[arg-type]
                         anchor=anchor, sentence=sentence)


def _assess(claim: Claim, items: list[tuple[str, str, str]]) -> tuple[str, int, list[str]]:
    checks = [_check(i, source, stance, sentence) for i, (source, stance, sentence) in enumerate(items)]
    metas = {source: SourceMeta(id=source) for source, _, _ in items}  # nobody graded them: F
    assessment = score_claim(claim, checks, metas, {source: source for source in metas})
    conflicts = find_conflicts([claim], {claim.id: assessment})
    return assessment.verdict, assessment.credibility, [c.kind for c in conflicts]


TRANSFER = Claim(id="c", text="Chelsea signed Neymar from Barcelona in August 2014.")
SUPPORT = ("satire", "supports", "Chelsea signed Neymar from Barcelona on Monday.")


def test_one_site_against_several_independent_plain_denials_is_refuted_without_a_within_claim_conflict() -> None:
    verdict, grade, conflicts = _assess(TRANSFER, [
        SUPPORT,
        ("wire-a", "contradicts", "Neymar has not signed for Chelsea."),
        ("paper-b", "contradicts", "The Neymar transfer story is not true."),
    ])
    assert (verdict, grade, conflicts) == ("refuted", 4, [])


def test_one_against_one_stays_conflicting_and_is_a_within_claim_conflict() -> None:
    verdict, _, conflicts = _assess(TRANSFER, [SUPPORT, ("wire-a", "contradicts", "Neymar has not signed for Chelsea.")])
    assert (verdict, conflicts) == ("conflicting", ["within-claim"])


def test_reports_of_one_partys_denial_are_one_voice() -> None:
    approval = Claim(id="c", text="The FDA approved the drug in May 2015.")
    verdict, _, conflicts = _assess(approval, [
        ("trade-a", "supports", "The FDA approved the drug last week."),
        ("wire-a", "contradicts", "The company denied that the drug had been approved."),
        ("paper-b", "contradicts", "The drugmaker denied the approval."),
    ])
    assert (verdict, conflicts) == ("conflicting", ["within-claim"])


def test_a_negated_future_is_a_denial_not_a_plan() -> None:
    verdict, _, _ = _assess(Claim(id="c", text="The band's singer is Paul Horner."), [
        ("hoax", "supports", "The band's singer is Paul Horner."),
        ("paper-a", "contradicts", "His name is not and never will be Paul Horner."),
        ("paper-b", "contradicts", "The singer is not Paul Horner."),
    ])
    assert verdict == "refuted"


def test_support_cited_to_unnamed_officials_does_not_hold_a_plain_contradiction_off() -> None:
    verdict, grade, _ = _assess(TRANSFER, [
        ("paper-a", "supports", "Citing club officials, the newspaper said Chelsea signed Neymar from Barcelona."),
        SUPPORT,
        ("wire-a", "contradicts", "Neymar has not signed for Chelsea."),
    ])
    assert (verdict, grade) == ("conflicting", 4)


def test_other_days_for_the_event_dispute_its_date_and_do_not_outweigh_it() -> None:
    signing = Claim(id="c", text="Chelsea signed Juan Cuadrado on 31 January 2015.")
    other_day = _assess(signing, [
        ("blog", "supports", "Chelsea completed the signing of Juan Cuadrado on 31 January."),
        ("wire-a", "contradicts", "Cuadrado joined Chelsea on February 2, a day after the window shut."),
        ("paper-b", "contradicts", "Cuadrado signed for Chelsea on 2 February."),
    ])
    assert other_day[:2] == ("conflicting", 4)
    # the same two voices denying the signing itself still outweigh it
    denied = _assess(signing, [
        ("blog", "supports", "Chelsea completed the signing of Juan Cuadrado on 31 January."),
        ("wire-a", "contradicts", "Cuadrado has not signed for Chelsea."),
        ("paper-b", "contradicts", "The Cuadrado transfer story is not true."),
    ])
    assert denied[:2] == ("refuted", 4)


def test_one_article_cited_both_ways_and_nothing_else_is_not_refuted_by_no_one() -> None:
    verdict, _, _ = _assess(TRANSFER, [
        ("paper", "supports", "Chelsea signed Neymar from Barcelona on Monday."),
        ("paper", "contradicts", "Barcelona later said Neymar had not signed for Chelsea."),
    ])
    assert verdict != "refuted"
