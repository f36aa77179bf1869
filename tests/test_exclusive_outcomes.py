"""Conflicts between claims on any topic: outcomes that exclude each other, one-off events twice, and denials."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import scoring
from factcheck.cli import app
from factcheck.events import read_event
from factcheck.models import Claim
from factcheck.scoring import find_undeclared_conflicts

runner = CliRunner()


def flagged(*claims: Claim) -> dict[tuple[str, ...], str]:
    """The pairs flagged among the claims, with their reasons (no assessments: the rules read the text)."""
    return {tuple(c.claims): c.reason for c in find_undeclared_conflicts(list(claims), {})}


def claim(cid: str, text: str, kind: str = "event") -> Claim:
    return Claim(id=cid, text=text, kind=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "said"),
    [
        (claim("dead", "Macaulay Culkin was found dead in his Manhattan apartment in November 2014."),
         claim("alive", "Macaulay Culkin was alive in November 2014; the report of his death was a hoax."),
         "dead and alive exclude each other"),
        (claim("bought-a", "WhatsApp was acquired by Facebook in October 2014."),
         claim("bought-b", "WhatsApp was acquired by Google in October 2014."),
         "two different parties the same acquisition of WhatsApp"),
        (claim("won", "Dilma Rousseff won Brazil's presidential election in October 2014."),
         claim("lost", "Dilma Rousseff lost Brazil's presidential election in October 2014."),
         "won and lost exclude each other"),
        (claim("won-a", "Dilma Rousseff won Brazil's presidential election in October 2014."),
         claim("won-b", "Aécio Neves won Brazil's presidential election in October 2014."),
         "only one can have won"),
        (claim("plays", "Christian Bale stars as Steve Jobs in Danny Boyle's biopic."),
         claim("left", "In November 2014 Christian Bale withdrew from the role of Steve Jobs."),
         "holds the role and has left the role exclude each other"),
        (claim("ceo", "Tim Cook remains chief executive of Apple in 2015.", "state"),
         claim("quit", "Tim Cook resigned as chief executive of Apple in 2015."),
         "holds the role and has left the role exclude each other"),
        (claim("deep", "The Managua crater was 5 metres deep."),
         claim("shallow", "The Managua crater was about 1.5 metres deep."),
         "one depth of one thing cannot have both values"),
        (claim("wide", "Nicaragua's meteorite crater was 12 metres wide."),
         claim("wider", "The crater in Managua was 40 metres wide."),
         "one width of one thing cannot have both values"),
        (claim("worth-5m", "The stolen painting was worth $5 million."),
         claim("worth-50m", "The stolen painting was worth $50 million."),
         "one sum of one thing"),
        (claim("unnamed", "The meteorite crater is 12 metres wide."),
         claim("unnamed-2", "The meteorite crater is 40 metres wide."),
         "for the crater"),
        (claim("cast", "Christian Bale has been cast as Steve Jobs."),
         claim("dropped", "Christian Bale has dropped out of the Steve Jobs biopic."),
         "holds the role and has left the role exclude each other"),
        (claim("accepted", "Robert Plant accepted an offer to reunite Led Zeppelin in 2014."),
         claim("rejected", "Robert Plant turned down an offer to reunite Led Zeppelin in 2014."),
         "accepted and rejected exclude each other"),
        (claim("feb", "The Apple Watch was released in February 2015."),
         claim("apr", "The Apple Watch went on sale in April 2015."),
         "it happens once, so one date is wrong"),
        (claim("killed", "Boko Haram leader Abubakar Shekau was killed by Nigeria's military in 2013."),
         claim("video", "In a video released around 31 October 2014, Boko Haram leader Abubakar Shekau denied "
                        "agreeing to any ceasefire."),
         "the dead do not act"),
        (claim("aged-57", "Henry Jackson died in November 2014, aged 57."),
         claim("aged-75", "Henry Jackson died in November 2014, aged 75."),
         "one age of one thing"),
    ],
    ids=lambda x: x.id if isinstance(x, Claim) else "",
)
def test_outcomes_that_exclude_each_other_are_a_conflict_with_a_reason(a: Claim, b: Claim, said: str) -> None:
    found = flagged(a, b)
    assert list(found) == [tuple(sorted((a.id, b.id)))], found
    assert said in next(iter(found.values()))
    assert find_undeclared_conflicts([a, b], {})[0].kind == "exclusive-outcome"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two people's deaths, and a hoax beside the death it denies
        (claim("culkin", "Macaulay Culkin was found dead in his Manhattan apartment in November 2014."),
         claim("rose", "Axl Rose was found dead in his West Hollywood home in December 2014.")),
        (claim("culkin", "Macaulay Culkin was found dead in his Manhattan apartment in November 2014."),
         claim("hoax", "An earlier hoax, in April 2014, also claimed Macaulay Culkin had been found dead.")),
        # one campus bought by two companies, years apart; and one buyer's two purchases of different things
        (claim("starwood", "Starwood bought the Pacific Shores campus in 2006 for about $833 million."),
         claim("informatica", "Informatica acquired two of the ten Pacific Shores buildings in 2012.")),
        (claim("google-a", "In 2014 Google bought six office buildings at Pacific Shores Center."),
         claim("google-b", "In 2014 Google bought the Moffett Place campus in Sunnyvale.")),
        # a plan, then the withdrawal; and another actor's role
        (claim("will-play", "In October 2014 Aaron Sorkin said Christian Bale would play Steve Jobs."),
         claim("left", "In November 2014 Christian Bale withdrew from the role of Steve Jobs.")),
        (claim("plays", "Christian Bale stars as Steve Jobs in Danny Boyle's biopic."),
         claim("rogen", "Seth Rogen plays Steve Wozniak in the Steve Jobs biopic.")),
        # the unveiling and the launch are two events; the schedule is not the launch
        (claim("unveiled", "Apple unveiled the Apple Watch on 9 September 2014."),
         claim("on-sale", "The Apple Watch went on sale in April 2015.")),
        (claim("scheduled", "Apple had scheduled the Apple Watch to begin shipping in March 2015."),
         claim("on-sale", "The Apple Watch went on sale in April 2015.")),
        # values of two different things, and one value rounded twice
        (claim("crater", "The Managua crater was 5 metres deep."),
         claim("lake", "The Managua lake was 20 metres deep.")),
        (claim("deep", "The Managua crater was 5 metres deep."),
         claim("about", "The Managua crater was about 5.2 metres deep.")),
        # a denial is about the denial, not a rival to the event
        (claim("agreed", "Boko Haram agreed a ceasefire with the Nigerian government in October 2014."),
         claim("denied", "In a video released around 31 October 2014, Boko Haram leader Abubakar Shekau denied "
                         "agreeing to any ceasefire.")),
        # two stages of one deal; sales figures over unnamed periods
        (claim("bought", "Facebook bought WhatsApp for $19 billion in February 2014."),
         claim("completed", "Facebook completed its acquisition of WhatsApp in October 2014.")),
        (claim("weekend", "Apple sold 10 million iPhones in the first weekend."),
         claim("day", "Tim Cook said Apple sold 4 million iPhones in the first 24 hours.")),
        # recurring events
        (claim("won-2010", "Dilma Rousseff won Brazil's presidential election in October 2010."),
         claim("won-2014", "Dilma Rousseff won Brazil's presidential election in October 2014.")),
    ],
    ids=lambda x: x.id if isinstance(x, Claim) else "",
)
def test_distinct_events_and_claims_about_denials_are_not_conflicts(a: Claim, b: Claim) -> None:
    assert flagged(a, b) == {}


# ---------------------------------------------------------------- the example on the bundled ledger

DENIAL_SOURCE = """---
id: fo-briefing-2018-05-14
title: Weekly press briefing
publisher: Example Wire
published: 2018-05-14
kind: news
---
The foreign office spokesman on Monday denied reports that Pakistan and Russia had signed a new defence treaty.
"""

DENIAL_CLAIM = """
  - id: fo-denied-treaty-2018
    text: In May 2018 the foreign office denied that Pakistan and Russia had signed a new defence treaty.
    evidence:
      - source: fo-briefing-2018-05-14
        quote: The foreign office spokesman on Monday denied reports that Pakistan and Russia had signed a new
          defence treaty.
        stance: supports
"""


def test_a_claim_that_a_treaty_was_denied_is_not_a_restatement_of_the_treaties(project: Path) -> None:
    (project / "sources" / "fo-briefing-2018-05-14.md").write_text(DENIAL_SOURCE, encoding="utf-8")
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    before, marker, after = text.partition("\nresolutions:")
    claims.write_text(before.rstrip("\n") + "\n" + DENIAL_CLAIM + marker + after, encoding="utf-8")
    assert runner.invoke(app, ["source", "pin", "fo-briefing-2018-05-14", "--project", str(project)]).exit_code == 0
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "json"])
    involving = [c for c in json.loads(result.stdout)["conflicts"] if "fo-denied-treaty-2018" in c["claims"]]
    assert involving == [], involving
    # It is weakly evidenced (one ungraded source), the case in which the restatement rule fires: the denial alone
    # keeps it out.
    report = json.loads(runner.invoke(app, ["report", "--project", str(project), "--format", "json"]).stdout)
    denied = next(c for c in report["claims"] if c["id"] == "fo-denied-treaty-2018")
    assert (denied["verdict"], denied["credibility"]) == ("supported", 3)


def test_one_name_identified_as_two_people_is_a_conflict_but_the_same_person_twice_is_not() -> None:
    emwazi = claim("emwazi", "Jihadi John was identified as Mohammed Emwazi in February 2015.")
    bary = claim("bary", "In August 2014 the militant Jihadi John was named as Abdel-Majed Abdel Bary.")
    again = claim("again", "Jihadi John was unmasked as Emwazi by reporters.")
    (reason,) = flagged(emwazi, bary).values()
    assert "one cannot be two different people" in reason
    assert flagged(emwazi, again) == {}


def test_one_attack_with_two_death_tolls_conflicts_but_two_attacks_do_not() -> None:
    twelve = claim("twelve", "A suicide bomber killed 12 people in Kabul on 3 March 2015.")
    thirty = claim("thirty", "A suicide bomber killed 30 people in Kabul on 3 March 2015.")
    june = claim("june", "A suicide bomber killed 30 people in Kabul on 9 June 2015.")
    found = flagged(twelve, thirty, june)
    assert list(found) == [("thirty", "twelve")]
    assert "one number of people of one thing cannot have both values" in found[("thirty", "twelve")]


def test_one_deal_between_companies_at_two_dates_is_one_event_with_two_dates() -> None:
    may = claim("may", "Gazprom and CNPC signed a gas supply contract in May 2014.")
    november = claim("november", "Gazprom and CNPC signed the gas supply contract in November 2014.")
    other = claim("other", "Gazprom and CNPC signed a pipeline construction deal in November 2014.")
    found = find_undeclared_conflicts([may, november, other], {})
    assert [(c.claims, c.kind) for c in found] == [(["may", "november"], "same-event")]
    assert "between CNPC and Gazprom" in found[0].reason


def test_a_hoax_says_the_opposite_outcome_but_a_denial_is_only_about_the_denial() -> None:
    died = claim("died", "Macaulay Culkin died in November 2014.")
    hoax = claim("hoax", "Reports that Macaulay Culkin died in November 2014 were a hoax.")
    denied = claim("denied", "In November 2014 Macaulay Culkin's publicist denied that he had died.")
    assert list(flagged(died, hoax)) == [("died", "hoax")]
    assert flagged(died, denied) == {}


# ---------------------------------------------------------------- each guard against over-firing, on other beats
# (guard, a pair that must conflict, a pair that must not): the guard removes the second without losing the first.
GUARDS = [
    ("a-statement-is-about-the-statement",
     ("Chelsea bought Juan Cuadrado from Fiorentina in January 2015.",
      "Juventus bought Juan Cuadrado from Fiorentina in January 2015."),
     ("Sky Sports reported that Chelsea had bought Juan Cuadrado in January 2015.",
      "Juventus bought Juan Cuadrado from Fiorentina in January 2015.")),
    ("a-trailing-attribution-is-a-statement-too",
     ("Bill Cosby died in November 2014.", "Bill Cosby was alive in November 2014; reports of his death were a hoax."),
     ("Bill Cosby died in November 2014.", "Reports that Bill Cosby died in November 2014 were a hoax, his publicist "
                                           "said.")),
    ("a-negated-report-is-not-the-opposite-outcome",
     ("Ahmed Abdi Godane was killed in a US air strike in September 2014.",
      "Ahmed Abdi Godane was not killed in September 2014."),
     ("Ahmed Abdi Godane was killed in a US air strike in September 2014.",
      "The Pentagon has not confirmed that Ahmed Abdi Godane was killed in September 2014.")),
    ("a-negation-flips-only-what-it-stands-before",
     ("Joaquin Guzman was arrested in Mazatlan in February 2014.", "Joaquin Guzman was not arrested in February 2014."),
     ("Joaquin Guzman was arrested in Mazatlan in February 2014.",
      "Joaquin Guzman was not extradited in February 2014 and was detained in Mexico.")),
    ("the-one-killed-is-the-object",
     ("Gunmen loyal to Ahmed Madobe killed Omar Hammami in September 2013.",
      "Omar Hammami was alive in September 2013; reports of his death were false."),
     ("Gunmen loyal to Ahmed Madobe killed Omar Hammami in September 2013.",
      "Ahmed Madobe was alive in September 2013; reports of his death were false.")),
    ("in-a-statement-only-the-speaker-acts",
     ("Abubakar Shekau was killed by Nigeria's military in 2013.",
      "In 2014 Abubakar Shekau said the schoolgirls had been married off."),
     ("Abubakar Shekau was killed by Nigeria's military in 2013.",
      "Nigerian officials said in 2014 Abubakar Shekau appeared in a new video.")),
    ("one-who-killed-himself-is-dead",
     ("Robin Williams killed himself in August 2014.", "Robin Williams was alive in September 2014."),
     ("Robin Williams killed himself in August 2014.", "Robin Williams was alive in July 2014.")),
    ("a-count-added-to-another-is-no-rival",
     ("A suicide bomber killed 12 people in Kabul on 3 March 2015.",
      "A suicide bomber killed 30 people in Kabul on 3 March 2015."),
     ("Mexican police arrested 22 officers in Iguala in October 2014.",
      "Mexican police arrested 14 more officers in Iguala in October 2014.")),
    ("counts-of-unnamed-people-need-one-day",
     ("A car bomb killed 12 people in Baghdad on 3 March 2015.", "A car bomb killed 30 people in Baghdad on 3 March 2015."),
     ("A car bomb killed 12 people in Baghdad in March 2015.",
      "A suicide bomber killed 30 people in Baghdad in March 2015.")),
    ("a-count-needs-an-event",
     ("Facebook paid $19 billion for WhatsApp in February 2014.",
      "Facebook paid $12 billion for WhatsApp in February 2014."),
     ("43 students went missing in Iguala in September 2014.",
      "57 students returned home in Iguala in September 2014.")),
    ("one-office-of-one-body",
     ("Lazaro Mazon was the governor of Guerrero in 2014.", "Angel Aguirre was the governor of Guerrero in 2014."),
     ("Sepp Blatter was FIFA president in 2014.", "Michel Platini was UEFA president in 2014.")),
    ("a-product-is-not-a-person",
     ("Whitney Houston died in February 2012.", "Whitney Houston performed in Los Angeles in March 2012."),
     ("Google Glass died in January 2015, when Google stopped selling it to the public.",
      "Google Glass returned in July 2017 as a tool for factory workers.")),
    ("a-death-is-once-for-a-person-not-a-group",
     ("Ahmed Abdi Godane died in September 2014.", "Ahmed Abdi Godane died in June 2015."),
     ("Al-Shabaab fighters were killed in a US strike in September 2014.",
      "Al-Shabaab fighters were killed in a US strike in December 2014.")),
    ("a-confirmation-is-dated-as-a-statement",
     ("Ahmed Abdi Godane died on 1 September 2014.", "Ahmed Abdi Godane died on 5 October 2014."),
     ("The death of Ahmed Abdi Godane was confirmed on 5 September 2014.",
      "The death of Ahmed Abdi Godane was confirmed by al-Shabaab on 6 September 2014.")),
    ("the-contest-is-not-the-city",
     ("Narendra Modi won India's general election in May 2014.", "Rahul Gandhi won India's general election in May 2014."),
     ("Serena Williams won a tournament in Miami in March 2015.",
      "Novak Djokovic won a tournament in Miami in March 2015.")),
    ("winning-seats-is-not-winning-the-contest",
     ("David Cameron won the UK general election in May 2015.", "David Cameron lost the UK general election in May 2015."),
     ("The Labour Party won 232 seats in the UK general election in May 2015.",
      "The Conservative Party won 330 seats in the UK general election in May 2015.")),
    ("one-contest-named-alike",
     ("Real Madrid won the Champions League in May 2014.", "Atletico Madrid won the Champions League in May 2014."),
     ("Gilead won FDA approval for Sovaldi in 2013.", "Janssen won FDA approval for Olysio in 2013.")),
    ("a-rate-is-its-own-measure",
     ("Sovaldi costs $84,000 per course of treatment.", "Sovaldi costs $54,000 per course of treatment."),
     ("Sovaldi costs $84,000 per course of treatment.", "Sovaldi costs $1,000 per pill.")),
    ("declining-to-comment-is-not-rejecting",
     ("Robert Plant declined an offer to reunite Led Zeppelin in 2014.",
      "Robert Plant accepted an offer to reunite Led Zeppelin in 2014."),
     ("The FDA declined to comment on Sovaldi in 2014.",
      "The FDA accepted Gilead's application for Sovaldi in 2014.")),
    ("a-possessive-after-the-words-is-not-the-holder",
     ("Alexander Mora was alive in September 2014.", "Alexander Mora was killed in September 2014."),
     ("Argentine experts recovered Alexander Mora's remains in November 2014.",
      "Alexander Mora was killed in September 2014.")),
    ("two-sums-need-one-thing-they-are-of",
     ("Real Madrid's revenue was €550 million in 2013.", "Real Madrid's revenue was €250 million in 2013."),
     ("Real Madrid's revenue was €550 million in 2013.", "Real Madrid's wage bill was €250 million in 2013.")),
    ("a-unit-measures-its-own-dimensions",
     ("Mo Farah's race was 5 km long in 2014.", "Mo Farah's race was 10 km long in 2014."),
     ("Mo Farah ran 5 km for charity in 2014.", "Mo Farah ran 10 km for charity in 2014.")),
    ("an-interim-deal-is-another-instrument",
     ("Iran and the United States reached a nuclear deal in July 2015.",
      "Iran and the United States reached a nuclear deal in November 2013."),
     ("Iran and the United States reached a nuclear deal in July 2015.",
      "Iran and the United States reached an interim nuclear deal in November 2013.")),
    ("signing-and-expanding-are-two-stages",
     ("Apple and IBM signed a partnership agreement in July 2014.",
      "Apple and IBM signed a partnership agreement in March 2015."),
     ("Apple and IBM signed a partnership agreement in July 2014.",
      "Apple and IBM expanded their partnership agreement in March 2015.")),
    ("a-statement-does-not-date-the-instrument",
     ("Russia and China signed a gas supply deal in May 2014.", "Russia and China signed a gas supply deal in "
                                                                "November 2014."),
     ("Russia and China signed a gas supply deal in May 2014.",
      "Russia and China signed a gas supply deal in November 2014, officials said.")),
    ("a-launch-is-once-per-market",
     ("Apple launched the iPhone 6 in September 2014.", "Apple launched the iPhone 6 in November 2014."),
     ("Apple launched the iPhone 6 in September 2014.", "Apple launched the iPhone 6 in China in October 2014.")),
    ("outcomes-that-come-and-go-need-one-known-time",
     ("Joaquin Guzman was arrested in Mazatlan in February 2014.", "Joaquin Guzman remained at large in February 2014."),
     ("Joaquin Guzman was arrested in Mazatlan in February 2014.", "Joaquin Guzman remained at large.")),
    ("two-winners-need-one-known-time",
     ("Real Madrid won the Champions League in May 2014.", "Atletico Madrid won the Champions League in May 2014."),
     ("Real Madrid won the Champions League.", "Atletico Madrid won the Champions League.")),
    ("a-group-freed-in-batches",
     ("Harvoni went on sale in October 2014.", "Harvoni went on sale in January 2015."),
     ("21 Chibok schoolgirls were freed in October 2016.", "82 Chibok schoolgirls were freed in May 2017.")),
]


@pytest.mark.parametrize(("must", "must_not"), [(m, n) for _, m, n in GUARDS], ids=[g for g, _, _ in GUARDS])
def test_each_guard_drops_a_false_conflict_and_keeps_a_true_one(
    must: tuple[str, str], must_not: tuple[str, str]
) -> None:
    state = "state" if " governor of " in must[0] or " president in " in must_not[0] else "event"
    assert list(flagged(claim("a", must[0], state), claim("b", must[1], state))) == [("a", "b")]
    assert flagged(claim("a", must_not[0], state), claim("b", must_not[1], state)) == {}


def test_the_woman_detained_is_the_one_another_claim_names_and_a_wife_and_a_former_wife_conflict() -> None:
    named = claim("named", "Turkish police detained a woman named Diana Ramazova in Istanbul in January 2015.")
    wife = claim("wife", "The woman detained in Istanbul in January 2015 was a current wife of Aslan Byutukaev.")
    former = claim("former", "Diana Ramazova is a former wife of Byutukaev.")
    other = claim("other", "Zarema Musaeva is a former wife of Byutukaev.")
    denied = claim("denied", "Russian officials denied that the woman detained in Istanbul was Byutukaev's wife.")
    found = flagged(named, wife, former, other, denied)
    assert list(found) == [("former", "wife")], found
    assert "Diana Ramazova is married" in found[("former", "wife")]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Aaron Sorkin said Christian Bale would play Steve Jobs.", True),
        ("According to police, the striker was arrested in Madrid in 2014.", True),
        ("The Pentagon confirmed on 5 September 2014 that Godane was killed.", True),
        ("Gilead's Sovaldi was approved in December 2013, as the company announced.", True),
        ("The Pentagon has not confirmed the death of Godane.", True),
        ("US officials found no evidence that the fighters were captured at the border in 2014.", True),
        ("Iran and the United States reached a nuclear deal in July 2015.", False),
        ("Apple announced the Apple Watch in September 2014.", False),
        ("The death of Big Bank Hank was announced in November 2014.", False),
        ("Banksy was arrested in October 2014 and his identity revealed.", False),
        ("Claims that Bill Cosby died in 2014 were a hoax.", False),
        ("A satirical website published a false story that Banksy had been arrested.", False),
        ("Robert Plant is said to have turned down the offer.", False),
        ("Chelsea added Juan Cuadrado to its squad in January 2015.", False),
        ("The coach added that Juan Cuadrado had signed.", True),
    ],
)
def test_what_makes_a_claim_one_about_a_statement(text: str, reported: bool) -> None:
    assert read_event(text).reported is reported


def test_candidate_pairs_come_in_order_once_each_as_from_one_set_of_every_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Made a claim at a time (a set of every pair was 0.5 GB at 4,000 claims); the order decides the conflicts' order.
    rng = random.Random(14)
    facts = [({("verb", rng.randrange(6)) for _ in range(rng.randrange(3))},
              {f"n{rng.randrange(4)}" for _ in range(rng.randrange(2))},
              {f"n{rng.randrange(4)}" for _ in range(rng.randrange(3))}) for _ in range(60)]
    expected: set[tuple[int, int]] = set()
    for i, (keys, dead, _) in enumerate(facts):
        for j, (keys_j, _, actors_j) in enumerate(facts):
            if i != j and (keys & keys_j and i < j or dead & actors_j):
                expected.add((min(i, j), max(i, j)))
    monkeypatch.setattr(scoring, "_pair_keys", lambda signature: signature)
    assert list(scoring._candidate_pairs(facts)) == sorted(expected)
    assert len(expected) > 300
