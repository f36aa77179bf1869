"""Time in scoring: a claim's time, a quote's resolved times, mismatches, plans, and states that change hands."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Anchor, Claim, EvidenceCheck, SourceMeta
from factcheck.scoring import find_conflicts, score_claim
from factcheck.timing import Reference, claim_time, quote_times

DAWN = Reference(dt.date(2018, 4, 25), dt.date(2018, 4, 25), "published 2018-04-25")
METAS = {"dawn": SourceMeta(id="dawn", reliability="B"), "web": SourceMeta(id="web", reliability="C")}
ORIGIN = {"dawn": "dawn", "web": "web"}


def check(sentence: str, stance: str = "supports", source: str = "dawn", reference: Reference | None = DAWN,
          quote: str | None = None, index: int = 0) -> EvidenceCheck:
    """An anchored evidence item whose quote stands in `sentence`, with its times resolved as `check` does."""
    quote = quote or sentence
    start = sentence.index(quote)
    anchor = Anchor(start=start, end=start + len(quote), method="exact", similarity=1.0, exact=quote, prefix="",
                    suffix="")
    return EvidenceCheck(
        claim_id="c", index=index, source_id=source, stance=stance, quote=quote, anchor=anchor,  # type: ignore[arg-type]
        sentence=sentence, times=quote_times(sentence, 0, anchor.start, anchor.end, reference),
    )


def values(sentence: str, reference: Reference | None = DAWN, quote: str | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in check(sentence, reference=reference, quote=quote).times]


# ------------------------------------------------------------------ claim times


@pytest.mark.parametrize(
    ("text", "time", "label"),
    [
        ("Pakistan and Russia signed a defence cooperation agreement in November 2014.", None, "2014-11"),
        ("Gen Bajwa visited Russia in the first week of October 2017.", None, "2017-W40"),
        ("They held a joint exercise in September-October 2016.", None, "2016-09/2016-10"),
        ("Military contacts between Pakistan and Russia began in 2007.", None, "2007"),
        ("Russia lifted its arms embargo on Pakistan.", None, ""),
        ("Russia lifted its arms embargo on Pakistan in 2014.", "2014-06/2015", "2014-06/2015"),
        # vague within a month or a year, never outside it: the claim's time is that month or year
        ("Militants captured the aid worker near Kobani in late November 2014.", None, "2014-11"),
        ("The club signed the striker in mid-2014.", None, "2014"),
        ("The company was founded around five years back.", None, ""),
        ("The band split in the late 1970s.", None, ""),
    ],
)
def test_a_claims_time_comes_from_its_text_or_its_time_field(text: str, time: str | None, label: str) -> None:
    assert claim_time(Claim(id="c", text=text, time=time)).label == label


def test_a_claim_about_a_plan_is_known_as_one() -> None:
    assert claim_time(Claim(id="c", text="Gen Bajwa was scheduled to visit Russia in October 2017.")).planned
    assert not claim_time(Claim(id="c", text="Gen Bajwa visited Russia in October 2017.")).planned


# ------------------------------------------------------------------ quote times


def test_relative_times_are_read_against_the_sources_date() -> None:
    sentence = "The two countries had in February agreed to set up a military cooperation commission."
    assert values(sentence) == [("February", "2018-02")]


def test_only_times_inside_the_quote_count_but_the_sentence_gives_their_context() -> None:
    sentence = "In February, Foreign Minister Khawaja Asif visited Moscow, and last month the army chief followed."
    assert values(sentence, quote="Foreign Minister Khawaja Asif visited Moscow") == []
    assert values(sentence, quote="last month the army chief followed") == [("last month", "2018-03")]


def test_the_day_a_statement_was_made_is_not_the_time_of_what_it_reports() -> None:
    assert values("The spokesman said on Tuesday that the accord allows arms trade.") == []
    assert values("He told reporters on Monday that both sides are satisfied.") == []
    # ...but a date inside what was said is the time of the event
    assert values("Shoigu said Pakistan signed the agreement in November 2014.") == [("November 2014", "2014-11")]


def test_a_relative_time_read_against_an_inferred_range_covers_every_day_it_could_mean() -> None:
    inferred = Reference(dt.date(2015, 1, 1), dt.date(2017, 10, 2), "inferred 2015-01-01..2017-10-02 (low: ...)")
    times = check("The spokesperson said that last year, both countries held a joint exercise.", reference=inferred)
    (last_year,) = times.times
    assert (last_year.value, last_year.earliest, last_year.latest) == (
        "2014/2016", dt.date(2014, 1, 1), dt.date(2016, 12, 31)
    )


def test_without_any_date_for_the_source_relative_times_stay_unresolved() -> None:
    assert all(m.earliest is None or not m.relative for m in check("They met last month.", reference=None).times)


# ------------------------------------------------------------------ scoring with time


AGREEMENT_2014 = "Both sides had signed a defence cooperation agreement in November 2014."


def test_the_same_event_at_another_time_contradicts_the_claim_and_shows_both_times() -> None:
    claim = Claim(id="c", text="Pakistan and Russia signed a defence cooperation agreement in November 2015.")
    assessment = score_claim(claim, [check(AGREEMENT_2014)], METAS, ORIGIN)
    assert (assessment.verdict, assessment.credibility) == ("refuted", 5)
    (weighed,) = assessment.evidence
    assert (weighed.stance, weighed.effective_stance) == ("supports", "contradicts")
    assert "the quote says 'November 2014' → 2014-11, the claim says 2015-11" in " ".join(weighed.reasons)


def test_the_same_event_at_the_claims_time_supports_it() -> None:
    claim = Claim(id="c", text="Pakistan and Russia signed a defence cooperation agreement in 2014.")
    assessment = score_claim(claim, [check(AGREEMENT_2014)], METAS, ORIGIN)
    assert assessment.verdict == "supported"
    assert "time agrees: 'November 2014' → 2014-11 (claim: 2014)" in assessment.evidence[0].reasons


def test_a_quote_without_times_is_not_judged_on_time() -> None:
    claim = Claim(id="c", text="Pakistan and Russia signed a defence cooperation agreement in November 2015.")
    assessment = score_claim(claim, [check("Both sides had signed a defence cooperation agreement.")], METAS, ORIGIN)
    assert assessment.verdict == "supported"


def test_a_vague_time_never_decides() -> None:
    claim = Claim(id="c", text="Military contacts between Pakistan and Russia began in 2007.")
    vague = check("Ice melting between Pakistan and Russia had started around five years back.")
    assert score_claim(claim, [vague], METAS, ORIGIN).verdict == "supported"


PLAN = "Zakaria confirmed the army chief’s visit, saying that his visit was scheduled in the first week of October 2017."


def test_a_plan_is_not_evidence_that_it_happened() -> None:
    claim = Claim(id="c", text="Gen Bajwa visited Russia in the first week of October 2017.")
    assessment = score_claim(claim, [check(PLAN, source="web")], METAS, ORIGIN)
    assert (assessment.verdict, assessment.credibility) == ("unverified", 6)
    assert assessment.reasons[0] == "the only support is a plan or schedule, which is not evidence that it happened"
    assert assessment.evidence[0].strength == "none"


def test_a_plan_supports_a_claim_about_the_plan() -> None:
    claim = Claim(id="c", text="Gen Bajwa's visit to Russia was scheduled for the first week of October 2017.")
    assessment = score_claim(claim, [check(PLAN, source="web")], METAS, ORIGIN)
    assert (assessment.verdict, assessment.evidence[0].strength) == ("supported", "strong")


def test_a_report_that_the_planned_event_did_not_happen_still_contradicts() -> None:
    claim = Claim(id="c", text="President Putin visited Pakistan in 2012.")
    quote = "President Putin was planning to visit Pakistan in 2012 but the visit did not take place."
    assessment = score_claim(claim, [check(quote, stance="contradicts")], METAS, ORIGIN)
    assert assessment.evidence[0].strength != "none"




def test_a_state_at_another_time_says_nothing_about_the_claims_time() -> None:
    claim = Claim(id="c", text="Khawaja Asif was Pakistan's foreign minister in February 2018.", kind="state")
    other_holder = check("Khurram Dastgir Khan took over as foreign minister in May 2018.", stance="contradicts")
    assessment = score_claim(claim, [other_holder], METAS, ORIGIN)
    assert assessment.evidence[0].strength == "none"
    assert assessment.verdict == "unverified"
    assert "a state at one time says nothing about another" in assessment.evidence[0].reasons[0]


def test_an_event_claim_is_contradicted_by_the_event_at_another_time() -> None:
    claim = Claim(id="c", text="Khawaja Asif visited Moscow in May 2018.")
    assessment = score_claim(claim, [check("Khawaja Asif visited Moscow in February 2018.")], METAS, ORIGIN)
    assert assessment.verdict == "refuted"


def test_declared_conflicts_between_states_at_times_that_do_not_overlap_are_settled_by_time() -> None:
    feb = Claim(id="asif", text="Khawaja Asif was foreign minister in February 2018.", kind="state",
                conflicts_with=["dastgir"])
    may = Claim(id="dastgir", text="Khurram Dastgir Khan was foreign minister in May 2018.", kind="state")
    (conflict,) = find_conflicts([feb, may], {})
    assert conflict.status == "resolved" and conflict.resolution is None
    assert "settled by time: 'asif' holds at 2018-02 and 'dastgir' at 2018-05" in conflict.reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # two holders of one office in the same month: a real conflict
        (("Khawaja Asif was foreign minister in May 2018.", "state"),
         ("Khurram Dastgir Khan was foreign minister in May 2018.", "state")),
        # one event at two times: that is what a conflict is
        (("The treaty was signed in 2014.", "event"), ("The treaty was signed in 2018.", "event")),
        # no time on one side: nothing to settle it with
        (("Khawaja Asif was foreign minister.", "state"), ("Khurram Dastgir Khan was foreign minister in May 2018.",
                                                           "state")),
    ],
)
def test_other_declared_conflicts_stay_open(first: tuple[str, str], second: tuple[str, str]) -> None:
    a = Claim(id="a", text=first[0], kind=first[1], conflicts_with=["b"])  # type: ignore[arg-type]
    b = Claim(id="b", text=second[0], kind=second[1])  # type: ignore[arg-type]
    assert [c.status for c in find_conflicts([a, b], {})] == ["open"]


@pytest.mark.parametrize(
    ("claim_text", "quote", "verdict"),
    [
        # "since 2016" runs on: an exercise in 2017 falls inside it
        ("Pakistan and Russia have held joint exercises every year since 2016.",
         "Pakistan and Russia held their second joint exercise in 2017.", "supported"),
        # a time that only bounds the event ("after the 2014 agreement") does not date it
        ("Pakistan and Russia held their first joint exercise in 2016.",
         "Two years after the 2014 agreement, Pakistan and Russia held their first joint exercise.", "supported"),
        ("Russia lifted its arms embargo on Pakistan by 2017.", "Russia lifted its arms embargo in June 2014.",
         "supported"),
        # ...but a closed time that misses an open one still counts against it
        ("Russia lifted its arms embargo on Pakistan after 2015.", "Russia lifted its arms embargo in June 2014.",
         "refuted"),
    ],
)
def test_open_ended_times_bound_the_event_instead_of_dating_it(claim_text: str, quote: str, verdict: str) -> None:
    assessment = score_claim(Claim(id="c", text=claim_text), [check(quote)], METAS, ORIGIN)
    assert assessment.verdict == verdict, assessment.reasons


def test_an_open_ended_claim_time_is_labelled_as_open() -> None:
    assert claim_time(Claim(id="c", text="Military contacts have grown since 2007.")).label == "2007/.."
    assert claim_time(Claim(id="c", text="Russia lifted the embargo by 2017.")).label == "../2017"


@pytest.mark.parametrize(
    ("quote", "counts"),
    [
        ("The visit, which was scheduled for the first week of October 2017, took place on 3 October.", True),
        ("The exercise planned for October 2017 was held in Cherat.", True),
        ("The accord is expected to be signed in October 2017.", False),
        ("His visit was scheduled in the first week of October 2017 but it did not take place.", False),
    ],
)
def test_a_plan_reported_as_done_counts_as_support(quote: str, counts: bool) -> None:
    claim = Claim(id="c", text="It happened in October 2017.")
    weighed = score_claim(claim, [check(quote)], METAS, ORIGIN).evidence[0]
    assert (weighed.strength != "none") == counts, weighed.reasons


def test_an_article_cannot_report_as_done_what_came_after_it_was_written() -> None:
    claim = Claim(id="c", text="Col Gen Oleg Salyukov met Gen Bajwa in Moscow in May 2018.")
    quote = check("The Pakistan army chief met with Colonel General Oleg Salyukov at Kremlin Palace.",
                  reference=Reference(dt.date(2018, 4, 24), dt.date(2018, 4, 24), "published 2018-04-24"))
    quote.published_by = dt.date(2018, 4, 24)
    assessment = score_claim(claim, [quote], METAS, ORIGIN)
    assert (assessment.verdict, assessment.evidence[0].effective_stance) == ("refuted", "contradicts")
    assert "nothing later than its writing (2018-04-24)" in " ".join(assessment.evidence[0].reasons)


def test_a_quote_running_into_the_next_sentence_does_not_take_that_sentences_date() -> None:
    claim = Claim(id="c", text="Gen Bajwa's April 2018 trip to Moscow was his first visit to Russia.")
    quote = check("It was Gen Bajwa's first visit to Russia. His predecessor Gen Raheel Sharif had earlier visited "
                  "Russia in 2015.")
    assessment = score_claim(claim, [quote], METAS, ORIGIN)
    assert assessment.verdict == "supported"
    assert "another time, in a quote of several sentences" in " ".join(assessment.evidence[0].reasons)


def test_missing_detail_about_a_pact_does_not_weaken_the_title_of_the_man_who_announced_it() -> None:
    claim = Claim(id="c", text="Khurram Dastgir Khan was Pakistan's foreign minister in May 2018.", kind="state")
    quote = check("Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and Russia have signed a defense "
                  "treaty.", source="web")
    quote.following = "He however gave no further details of the pact."
    assert score_claim(claim, [quote], METAS, ORIGIN).evidence[0].strength == "strong"


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("In November 2014 Pakistan said it had signed the agreement.", ["November 2014"]),
        ("The deal was signed on Tuesday, officials said.", ["Tuesday"]),  # news style: the day of the signing
        ("On Monday, Khan told reporters that the pact exists.", []),
    ],
)
def test_a_day_opening_a_saying_is_dropped_but_not_an_event_date(sentence: str, kept: list) -> None:
    assert [text for text, _ in values(sentence)] == kept
