"""Wording cues read where they belong: a plan, hedge or denial in the quote's clause; who said it, sentence-wide."""

from __future__ import annotations

import pytest

from factcheck.models import Anchor, Claim, EvidenceCheck, SourceMeta
from factcheck.scoring import score_claim
from factcheck.wording import clause_of, read_wording

LAUNCH = (
    "The company is due to begin selling the Pebble Time from April, having revealed the colour wearable in "
    "October 2014."
)


def cues(sentence: str, quote: str | None = None) -> list[str]:
    return [f.cue for f in read_wording(sentence, quote=quote)]


def test_a_plan_in_another_clause_does_not_make_a_reported_fact_a_plan() -> None:
    assert "planned" not in cues(LAUNCH, quote="revealed the colour wearable in October 2014")
    assert "planned" in cues(LAUNCH, quote="due to begin selling the Pebble Time from April")


def test_without_the_quote_the_whole_sentence_is_read_as_before() -> None:
    assert "planned" in cues(LAUNCH)


def test_who_said_it_holds_for_every_clause_of_the_sentence() -> None:
    sentence = "The merger closed in May, and the new board will meet in June, a senior company official said."
    found = cues(sentence, quote="The merger closed in May")
    assert "unnamed" in found and "planned" not in found


def test_a_hedge_in_another_clause_stays_there() -> None:
    sentence = "The striker signed on Monday; the fee may reach 40 million euros."
    assert "hedge" not in cues(sentence, quote="The striker signed on Monday")
    assert "hedge" in cues(sentence, quote="the fee may reach 40 million euros")


def test_a_hedge_on_a_verb_does_not_reach_the_relative_clause_after_it() -> None:
    sentence = "The storm apparently caused a sinkhole that was about 30 metres deep, near the stadium."
    assert "hedge" not in cues(sentence, quote="about 30 metres deep")
    assert "hedge" in cues(sentence, quote="caused a sinkhole")
    assert "hedge" in cues("The stadium cost a sum that was reportedly $500 million.", quote="$500 million")


@pytest.mark.parametrize(
    ("sentence", "unnamed"),
    [
        ("Fans waited for a mysterious official launch date for the album.", False),
        ("The band kept an official statement short.", False),
        ("The drought is a source of worry for farmers.", False),
        ("A senior health official said the drug was approved.", True),
        ("A source close to the club confirmed the transfer.", True),
        ("The vote was rigged, a diplomat said.", True),
    ],
)
def test_unnamed_means_an_unnamed_person_not_the_adjective_official(sentence: str, unnamed: bool) -> None:
    assert ("unnamed" in cues(sentence)) is unnamed


@pytest.mark.parametrize(
    ("sentence", "cue", "found"),
    [
        ("The phone will go on sale in April.", "planned", True),
        ("We’ll get the console sometime in February.", "planned", True),
        ("The singer will not be touring this year.", "planned", False),
        ("Will Smith signed the contract.", "planned", False),
        ("The club had scheduled the friendly for July.", "planned", True),
        ("The hostages may be released under the deal.", "hedge", True),
        ("In May last year the deal was signed.", "hedge", False),
        ("It may be noted that the treaty was signed in 2014.", "hedge", False),
        ("Police could not confirm the arrest.", "hedge", False),
        ("Investigators believe it was a gas leak.", "hedge", True),
        ("The latest reports tip a March arrival.", "hedge", True),
        ("Reporters heard from their own sources that the event is off.", "hedge", True),
    ],
)
def test_future_modal_and_belief_cues(sentence: str, cue: str, found: bool) -> None:
    assert (cue in cues(sentence)) is found


def test_clause_of_splits_at_joining_words_not_at_every_comma() -> None:
    sentence = "Officials, speaking on Monday, said the plant opened, and it will expand next year."
    at = sentence.index("the plant opened")
    assert clause_of(sentence, at, at + len("the plant opened")) == "Officials, speaking on Monday, said the plant opened"


def test_a_supporting_quote_beside_a_plan_counts_as_support() -> None:
    """A reader's quote on the October reveal is evidence for the reveal, whatever is planned for April."""
    check = _one_check(LAUNCH, "having revealed the colour wearable in October 2014")
    claim = Claim(id="c", text="Pebble revealed the Pebble Time in October 2014.")
    assessment = score_claim(claim, [check], {"s": SourceMeta(id="s", reliability="B")}, {"s": "s"})
    assert (assessment.verdict, assessment.credibility) == ("supported", 2)


def test_a_hedge_on_an_aside_does_not_reach_the_relative_clause_or_the_predicate_after_it() -> None:
    tape = "The network aired a tape, allegedly recorded at the protest, in which nine shots can be heard."
    assert "hedge" not in cues(tape, quote="in which nine shots can be heard")
    assert "hedge" in cues(tape, quote="allegedly recorded at the protest")
    aired = "The tape, first played late on Monday night, was allegedly made by a bystander."
    assert "hedge" not in cues(aired, quote="The tape, first played late on Monday night")
    assert "hedge" in cues(aired, quote="was allegedly made by a bystander")


def test_a_named_expert_is_on_the_record_and_an_unnamed_one_is_an_analysts_reading() -> None:
    assert "analyst" not in cues("Jane Roe, an expert on audio forensics, said she heard ten shots.")
    assert "analyst" in cues("An expert on audio forensics said she heard ten shots.")
    assert "analyst" in cues("The pact was signed then or thereafter, one analyst said.")


def test_a_quotation_is_attributed_to_the_speaker_named_after_it_closes() -> None:
    sentence = '"He hurt his knee in late August while drilling.'
    following = 'He limped for weeks," the source said.'
    found = [f.cue for f in read_wording(sentence, following, quote="He hurt his knee in late August while drilling.")]
    assert "unnamed" in found
    # a closed quotation keeps its own attribution; the next sentence's speaker is someone else's
    closed = '"He hurt his knee in late August," Minister Lee said.'
    assert "unnamed" not in [f.cue for f in read_wording(closed, following)]


@pytest.mark.parametrize(("sentence", "hedged"), [
    ("I heard that the striker injured his ankle in June.", True),
    ("My first inclination is that someone is trying to fool the network.", True),
    ("More likely, the expert said, it was a mite.", True),
    ("The club paid an estimated 40 million euros for the striker.", True),
    ("The club paid 40 million euros for the striker.", False),
])
def test_hearsay_guesses_and_estimates_are_hedges(sentence: str, hedged: bool) -> None:
    assert ("hedge" in cues(sentence)) is hedged


def _one_check(sentence: str, quote: str) -> EvidenceCheck:
    start = sentence.index(quote)
    anchor = Anchor(start=start, end=start + len(quote), method="exact", similarity=1.0, exact=quote, prefix="",
                    suffix="")
    return EvidenceCheck(claim_id="c", index=0, source_id="s", stance="supports", quote=quote, anchor=anchor,
                         sentence=sentence)


def test_a_hedge_the_speaker_said_is_what_was_said_when_the_claim_is_about_the_saying() -> None:
    sentence = "“My first inclination is that someone is trying to fool the network,” the analyst Jane Roe said."
    check = _one_check(sentence, "My first inclination is that someone is trying to fool the network")
    metas = {"s": SourceMeta(id="s", reliability="B")}
    said = Claim(id="c", text="Jane Roe said her first thought was that the tape was a hoax.")
    assert score_claim(said, [check], metas, {"s": "s"}).verdict == "supported"
    hoax = Claim(id="c", text="The tape was a hoax.")  # the guess itself is only a guess
    assert score_claim(hoax, [check], metas, {"s": "s"}).verdict == "unverified"
