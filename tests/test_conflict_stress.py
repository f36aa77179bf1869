"""A synthetic stress set for conflicts between claims: pairs on many beats that must, or must not, conflict.

Written for the rules' principles, not from any labelled story: a flag needs the same participants, the same event
or measured thing, and times the rule requires. `python -m tests.test_conflict_stress` prints precision and recall.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from factcheck import scoring
from factcheck.claims import load_claims
from factcheck.models import Claim
from factcheck.scoring import find_undeclared_conflicts


def _claim(cid: str, text: str) -> Claim:
    # Who holds an office is a state ("was FIFA president in 2014"); everything else here is an event.
    kind = "state" if re.search(r" (?:president|chief executive|governor) (?:of|in) ", text) else "event"
    return Claim(id=cid, text=text, kind=kind)  # type: ignore[arg-type]


# (name, text a, text b): each pair must NOT be flagged.
MUST_NOT = [
    ("two-signings-of-one-club", "Chelsea signed Juan Cuadrado from Fiorentina in January 2015.",
     "Chelsea signed Pedro from Barcelona in August 2015."),
    ("negated-confirmation-vs-death", "The Pentagon has not confirmed that Ahmed Abdi Godane was killed in September "
     "2014.", "Ahmed Abdi Godane was killed in a US air strike in September 2014."),
    ("sites-claimed-alive-vs-death", "Militant websites claimed that Ahmed Abdi Godane was alive in September 2014.",
     "Ahmed Abdi Godane was killed in a US air strike in September 2014."),
    ("publicist-said-hoax-vs-death", "Reports that Bill Cosby died in November 2014 were a hoax, his publicist said.",
     "Bill Cosby died in November 2014."),
    ("not-aware-of-arrest-vs-arrest", "Scotland Yard said it was not aware of any arrest of Banksy in October 2014.",
     "Banksy was arrested by police in October 2014."),
    ("two-rounds-of-arrests", "Mexican police arrested 22 officers in Iguala in October 2014.",
     "Mexican police arrested 14 more officers in Iguala in October 2014."),
    ("two-attacks-one-month", "A car bomb killed 12 people in Baghdad in March 2015.",
     "A suicide bomber killed 30 people in Baghdad in March 2015."),
    ("counts-of-two-groups", "43 students went missing in Iguala in September 2014.",
     "57 students returned home in Iguala in September 2014."),
    ("two-drug-approvals", "The FDA approved Sovaldi in December 2013.", "The FDA approved Harvoni in October 2014."),
    ("two-elections-two-winners", "Narendra Modi won India's general election in May 2014.",
     "Arvind Kejriwal won the Delhi assembly election in February 2015."),
    ("one-office-two-times", "Steve Jobs was chief executive of Apple in 2010.",
     "Tim Cook was chief executive of Apple in 2015."),
    ("in-office-then-resigned", "Sepp Blatter remains FIFA president in 2014.",
     "Sepp Blatter resigned as FIFA president in June 2015."),
    ("one-buyer-two-purchases", "Facebook bought WhatsApp in February 2014.",
     "Facebook bought Oculus VR in March 2014."),
    ("two-prices-two-things", "Microsoft paid $7.2 billion for Nokia's phone business in 2014.",
     "Microsoft paid $2.5 billion for Mojang in 2014."),
    ("manager-said-signed-vs-joined", "Arsene Wenger said Arsenal had signed Mesut Ozil in September 2013.",
     "Mesut Ozil joined Arsenal from Real Madrid in September 2013."),
    ("club-denied-sale-vs-sale", "Real Madrid denied that Gareth Bale was sold to Manchester United in 2015.",
     "Gareth Bale was sold to Manchester United in 2015."),
    ("two-prices-two-drugs", "Gilead's Sovaldi cost $84,000 for a course of treatment in 2014.",
     "Gilead's Harvoni cost $94,500 for a course of treatment in 2014."),
    ("seats-of-two-parties", "The Labour Party won 232 seats in the UK general election in May 2015.",
     "The Conservative Party won 330 seats in the UK general election in May 2015."),
    ("reported-toll-vs-toll", "Afghan officials reported that the Kabul bombing killed 30 people on 3 March 2015.",
     "The Kabul bombing killed 12 people on 3 March 2015."),
    ("hostage-released-after-capture", "Islamic State fighters captured Peter Kassig in October 2013.",
     "Peter Kassig was freed in November 2014."),
    ("product-not-a-person", "Google Glass died in January 2015, when Google stopped selling it to the public.",
     "Google Glass returned in July 2017 as a tool for factory workers."),
    ("one-killer-two-attacks", "Boko Haram killed 12 people in Chibok in April 2014.",
     "Boko Haram killed 30 people in Chibok in June 2014."),
    ("a-group-loses-members-twice", "Al-Shabaab fighters were killed in a US strike in September 2014.",
     "Al-Shabaab fighters were killed in a US strike in December 2014."),
    ("captives-freed-in-batches", "21 Chibok schoolgirls were freed in October 2016.",
     "82 Chibok schoolgirls were freed in May 2017."),
    ("two-tournaments-one-city", "Serena Williams won a tournament in Miami in March 2015.",
     "Novak Djokovic won a tournament in Miami in March 2015."),
    ("one-title-two-bodies", "Sepp Blatter was FIFA president in 2014.", "Michel Platini was UEFA president in 2014."),
    ("arrest-report-not-confirmed-vs-arrest", "Police did not confirm reports that Joaquin Guzman was arrested in "
     "February 2014.", "Joaquin Guzman was arrested in Mazatlan in February 2014."),
    # a confirmation, with or without "that", is a statement: it rivals no outcome
    ("club-confirmed-death-vs-survived", "Chelsea confirmed Juan Cuadrado's death in a car crash in May 2015.",
     "Juan Cuadrado survived the car crash in May 2015."),
    ("regulator-confirmed-approval-vs-rejected", "The FDA confirmed Sovaldi's approval in December 2013.",
     "The FDA rejected Sovaldi in December 2013."),
    # a toll's count is said of the group; a member named in passing is another claim's
    ("toll-with-member-vs-survived", "Three people, including the pilot John Smith, died in the crash in May 2015.",
     "John Smith survived the crash in May 2015."),
    # a count names one group only when one claim speaks of it as known ("the 33 miners"), and alike in both
    ("two-tolls-alike", "Six people died in a bombing in Kabul on 3 March 2015.",
     "Six people died in a bombing in Kabul on 5 March 2015."),
    ("two-groups-missing", "The 33 miners went missing in Copiapo on 5 August 2010.",
     "Twelve miners went missing in Copiapo on 7 August 2010."),
    ("two-groups-two-places", "The 33 miners went missing in Chile on 5 August 2010.",
     "Thirty-three miners went missing in China on 7 August 2010."),
    ("a-group-in-another-place", "The 12 miners disappeared on 1 May 2014.",
     "Twelve miners disappeared in another mine on 20 May 2014."),
    # a known group holds an outcome as a person does, when both claims name it alike
    ("two-known-groups-dead-and-alive", "The 12 miners were found dead in August 2010.",
     "The 33 miners were still alive in October 2010."),
    ("any-group-dead-known-group-alive", "Thirty-three miners died in a mine in China in 2010.",
     "The 33 miners were still alive in October 2010."),
    # an outcome after a relative clause is its antecedent's, not a name's inside it
    ("relative-clause-name-vs-death", "Thomas Eric Duncan died of Ebola in Dallas on 8 October 2014.",
     "Nina Pham, who treated Thomas Eric Duncan, survived Ebola in October 2014."),
    # "X is (not) Y" conflicts only for one subject, one predicate word for word, at times that may overlap
    ("injured-player-two-identities", "The player injured in the derby was not the club captain.",
     "The player injured in the derby was the club's top scorer."),
    ("two-paintings-said-and-denied", "The painting sold in May was the artist's self-portrait.",
     "The painting stolen in June was not the artist's self-portrait."),
    # an approval and a rejection conflict for one regulator, one product, one time
    ("approved-one-rejected-another", "The FDA approved Sovaldi in December 2013.",
     "The FDA rejected Olysio in December 2013."),
    ("rejected-then-approved", "The FDA rejected Sovaldi in March 2012.", "The FDA approved Sovaldi in December 2013."),
    ("two-regulators", "The FDA approved Sovaldi in January 2014.",
     "The European Medicines Agency rejected Sovaldi in January 2014."),
    ("false-reports-of-an-identity", "It is false that the driver in the crash was Justin Bieber.",
     "The driver in the crash was not Justin Bieber."),
    ("driver-and-passenger", "The driver in the crash was not Justin Bieber.",
     "The passenger in the crash was Justin Bieber."),
    ("one-holder-and-one-not", "Steve Jobs was chief executive of Apple in 2010.",
     "Tim Cook was not the chief executive of Apple in 2010."),
    ("chief-then-not-chief", "Tim Cook was the chief executive of Apple in 2015.",
     "Tim Cook was not the chief executive of Apple in 2010."),
    # one subject said to do a thing and not to: only the same verb and voice, the negated object within the other's,
    # at times that may overlap, in the claim's own voice
    ("not-yet-found-vs-found", "The missing hikers have not yet been found.",
     "The missing hikers were found alive in the Alps in July 2015."),
    ("not-stolen-here-vs-stolen-there", "The painting was not stolen in Paris.", "The painting was stolen in London."),
    ("did-not-sign-one-thing-vs-signed-another", "Lionel Messi did not sign a new contract with Barcelona in 2014.",
     "Lionel Messi signed an endorsement deal with Adidas in 2014."),
    ("two-people-one-verb", "Cristiano Ronaldo did not attend the awards ceremony in 2015.",
     "Lionel Messi attended the awards ceremony in 2015."),
    ("one-sum-each-year", "Taylor Swift earned $64 million in 2014.", "Taylor Swift earned $170 million in 2015."),
    ("sums-for-two-things", "Paris Hilton made $10 million from her perfume line.",
     "Paris Hilton made $1 million from a DJ residency."),
    ("denied-recall-vs-recall", "Toyota denied that it recalled any vehicles in April 2014.",
     "Toyota recalled 6.4 million vehicles in April 2014."),
    ("said-no-recall-vs-recall", "Toyota said it did not recall any vehicles in April 2014.",
     "Toyota recalled 6.4 million vehicles in April 2014."),
    ("did-not-sell-vs-was-sold-by-another", "Manchester United did not sell Angel Di Maria in 2014.",
     "Angel Di Maria was sold by Real Madrid in 2014."),
    ("no-longer-vs-then", "Sepp Blatter is no longer FIFA president.", "Sepp Blatter was FIFA president in 2014."),
    ("two-products-of-one-maker", "The Apple Watch was not released in 2014.",
     "The Apple iPhone 6 was released in September 2014."),
    ("missing-then-found", "Jane Doe went missing on 1 July 2015.", "Jane Doe was found alive on 3 July 2015."),
    ("two-videos-fake-and-genuine", "The video of the beheading was genuine.", "The video of the rescue was fake."),
    ("said-fake-vs-genuine", "Police said the video of the beheading was fake.",
     "The video of the beheading was genuine."),
    ("gunman-and-victim", "The gunman in the Sydney siege was Man Haron Monis.",
     "The first victim in the Sydney siege was Tori Johnson."),
    ("gunmen-of-two-attacks", "The gunman in the Sydney siege was Man Haron Monis.",
     "The gunman in the Ottawa shooting was Michael Zehaf-Bibeau."),
    ("one-gunman-named-twice", "The gunman in the Sydney siege was Man Haron Monis.",
     "The gunman in the Sydney siege was Monis, an Iranian-born cleric."),
    ("two-people-born", "Kim Jong-un was born on 8 January 1983.", "Kim Jong-il was born on 16 February 1941."),
    ("two-recordings-published", "The recording of the shooting was published by CNN in November 2014.",
     "The recording of the press conference was published by CNN in August 2014."),
    ("founded-then-renamed", "Apple was founded in April 1976.", "Apple Computer was renamed Apple Inc. in 2007."),
    ("two-beheadings", "James Foley was beheaded by Islamic State militants in August 2014.",
     "Steven Sotloff was beheaded by Islamic State militants in September 2014."),
    ("ages-of-two-people", "Michael Zehaf-Bibeau was 32 years old.", "Kevin Vickers was 58 years old."),
    ("ages-a-year-apart-at-unknown-times", "Kim Jong-un was 31 years old.", "Kim Jong-un was 32 years old."),
    ("an-approximate-count-and-a-close-one", "The flood in Chennai displaced about 10,000 people.",
     "The flood in Chennai displaced 10,500 people."),
    ("counts-of-two-things", "The recording of the Ferguson shooting captured 11 gunshots.",
     "The recording of the Ferguson shooting captured 2 voices."),
    ("two-roles-two-people", "Abdel-Majed Abdel Bary was the masked rapper in the music video.",
     "Mohammed Emwazi was the masked militant in the beheading video."),
    ("an-album-and-a-single", "Adele released the album in November 2015.",
     "Adele released the single in October 2015."),
    ("two-groups-of-hostages-freed", "The hostages were freed in May 2015.", "The hostages were freed in June 2015."),
    ("one-suspect-released-twice", "Police released the suspect in May 2015.",
     "Police released the suspect in June 2015."),
    ("two-things-of-one-city", "The Detroit museum's painting was not stolen.",
     "The Detroit mayor's car was stolen in May 2015."),
]

# (name, text a, text b): each pair MUST be flagged.
MUST = [
    ("two-buyers-one-player", "Chelsea bought Juan Cuadrado from Fiorentina in January 2015.",
     "Juventus bought Juan Cuadrado from Fiorentina in January 2015."),
    ("killed-vs-alive", "Ahmed Abdi Godane was killed in a US air strike in September 2014.",
     "Ahmed Abdi Godane was alive in September 2014; reports of his death were false."),
    ("two-winners", "Narendra Modi won India's general election in May 2014.",
     "Rahul Gandhi won India's general election in May 2014."),
    ("won-vs-lost", "David Cameron won the UK general election in May 2015.",
     "David Cameron lost the UK general election in May 2015."),
    ("one-approval-two-dates", "The FDA approved Sovaldi in December 2013.", "The FDA approved Sovaldi in May 2014."),
    ("one-price-two-sums", "Facebook paid $19 billion for WhatsApp in February 2014.",
     "Facebook paid $12 billion for WhatsApp in February 2014."),
    ("arrested-vs-not-arrested", "Police arrested Joaquin Guzman in Mazatlan in February 2014.",
     "Joaquin Guzman was not arrested in February 2014 and remained at large."),
    ("resigned-vs-remains", "Sepp Blatter resigned as FIFA president in June 2015.",
     "Sepp Blatter remains FIFA president in June 2015."),
    ("one-name-two-people", "Banksy was identified as Robin Gunningham in 2008.",
     "Banksy was identified as Paul Horner in 2008."),
    ("two-governors-of-one-state", "Lazaro Mazon was the governor of Guerrero in 2014.",
     "Angel Aguirre was the governor of Guerrero in 2014."),
    ("one-launch-two-dates", "Harvoni went on sale in October 2014.", "Harvoni went on sale in January 2015."),
    ("captured-vs-not-captured", "Islamic State fighters captured Peter Kassig in October 2013.",
     "Peter Kassig was not captured in October 2013."),
    ("one-sinkhole-two-depths", "The sinkhole in Guatemala City was 30 metres deep.",
     "The sinkhole in Guatemala City was 100 metres deep."),
    ("false-story-vs-arrest", "Banksy was arrested by police in London in October 2014.",
     "In October 2014 a satirical website published a false story that Banksy had been arrested."),
    ("death-announced-vs-survived", "Juan Cuadrado's death was confirmed in May 2015.",
     "Juan Cuadrado survived the car crash in May 2015."),
    ("one-known-group-missing-twice", "The 33 miners went missing in Copiapo on 5 August 2010.",
     "Thirty-three miners went missing in Copiapo on 7 August 2010."),
    ("is-and-is-not", "Scans showed that the player injured in the derby was not the club captain.",
     "The player injured in the derby was the club captain."),
    ("relative-clause-antecedent-died-vs-alive", "Nina Pham, who treated Thomas Eric Duncan, died in October 2014.",
     "Nina Pham was alive in October 2014."),
    ("is-and-is-not-a-name", "The driver in the crash was Justin Bieber.",
     "The driver in the crash was not Justin Bieber; Bieber was at home in Atlanta."),
    ("approved-vs-rejected", "The FDA approved Sovaldi on 6 December 2013.",
     "The FDA rejected Sovaldi on 6 December 2013."),
    ("time-count-is-no-toll", "Two days after the crash, John Smith was found dead in May 2015.",
     "John Smith was alive in June 2015."),
    ("known-group-dead-then-alive", "The 33 miners were found dead in August 2010.",
     "The 33 miners were still alive in October 2010."),
    ("named-first-then-count-vs-survived", "John Smith and two others died in the crash in May 2015.",
     "John Smith survived the crash in May 2015."),
    ("stolen-vs-not-stolen", "The Stanley Cup was stolen from the team's hotel in Chicago.",
     "The Stanley Cup was not stolen."),
    ("signed-vs-did-not-sign", "Lionel Messi signed a new contract with Barcelona in 2014.",
     "Lionel Messi did not sign a new contract with Barcelona in 2014."),
    ("earned-two-sums", "Taylor Swift earned $64 million in 2014.", "Taylor Swift earned $80 million in 2014."),
    ("raised-a-sum-vs-no-money", "Theranos raised $400 million from investors.",
     "Theranos raised no money from investors."),
    ("exact-sum-vs-vague-sum", "Paris Hilton inherited $50 million from her grandfather.",
     "Paris Hilton inherited a few million dollars from her grandfather."),
    ("met-vs-never-met", "Vladimir Putin met Donald Trump in Moscow in 2013.", "Vladimir Putin has never met Donald Trump."),
    ("attended-vs-did-not", "Kim Kardashian attended the Met Gala in May 2015.",
     "Kim Kardashian didn't attend the Met Gala in May 2015."),
    ("found-vs-still-missing", "The missing hiker Jane Doe was found alive on 3 July 2015.",
     "Jane Doe was still missing on 3 July 2015."),
    ("video-genuine-vs-fake", "The video of the beheading was genuine.", "The video of the beheading was fake."),
    ("photo-doctored-vs-authentic", "The photo of the shark on the highway was doctored.",
     "The photo of the shark on the highway was authentic."),
    ("one-gunman-two-names", "The gunman in the Sydney siege was Man Haron Monis.",
     "The gunman in the Sydney siege was Ahmed Khan."),
    ("born-in-two-years", "Kim Jong-un was born on 8 January 1983.", "Kim Jong-un was born in 1984."),
    ("founded-in-two-years", "Apple was founded in April 1976.", "Apple was founded in 1977."),
    ("one-recording-published-twice", "The recording of the shooting was published by CNN on 14 November 2014.",
     "The recording of the shooting was published by CNN on 1 December 2014."),
    ("beheaded-vs-alive", "James Foley was beheaded by Islamic State militants in August 2014.",
     "James Foley was alive in September 2014."),
    ("ages-two-values", "Michael Zehaf-Bibeau was 32 years old.", "Michael Zehaf-Bibeau was 35 years old."),
    ("ages-a-year-apart-at-one-time", "In October 2014 Michael Zehaf-Bibeau was 32 years old.",
     "In October 2014 Michael Zehaf-Bibeau was 33 years old."),
    ("one-recording-two-counts", "The recording of the Ferguson shooting captured 11 gunshots.",
     "The recording of the Ferguson shooting captured 10 gunshots."),
    ("one-role-two-people", "Abdel-Majed Abdel Bary was the masked militant who beheaded the journalist.",
     "The masked militant who beheaded the journalist was Mohammed Emwazi."),
    ("one-report-made-public-twice", "The Guardian first published the report on 3 May 2015.",
     "The report was first made public on 9 May 2015."),
    ("recalled-vs-recalled-none", "Toyota recalled 6.4 million vehicles in April 2014.",
     "Toyota did not recall any vehicles in April 2014."),
]


def _flagged(a: str, b: str) -> bool:
    return bool(find_undeclared_conflicts([_claim("a", a), _claim("b", b)], {}))


def figures() -> tuple[int, int, int]:
    """(must pairs flagged, must-not pairs flagged, must pairs) on the stress set."""
    found = sum(_flagged(a, b) for _, a, b in MUST)
    false = sum(_flagged(a, b) for _, a, b in MUST_NOT)
    return found, false, len(MUST)


@pytest.mark.parametrize(("a", "b"), [(a, b) for _, a, b in MUST_NOT], ids=[n for n, _, _ in MUST_NOT])
def test_distinct_events_reports_and_other_things_are_not_conflicts(a: str, b: str) -> None:
    assert find_undeclared_conflicts([_claim("a", a), _claim("b", b)], {}) == []


@pytest.mark.parametrize(("a", "b"), [(a, b) for _, a, b in MUST], ids=[n for n, _, _ in MUST])
def test_one_event_with_exclusive_outcomes_or_values_is_a_conflict(a: str, b: str) -> None:
    assert [c.claims for c in find_undeclared_conflicts([_claim("a", a), _claim("b", b)], {})] == [["a", "b"]]


@pytest.mark.slow
def test_comparing_only_pairs_that_share_a_key_finds_what_comparing_every_pair_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The stress set's texts and the bundled ledger mixed into one ledger: 5,000 pairs across beats, many alike.
    texts = [text for _, a, b in MUST + MUST_NOT for text in (a, b)] + [
        "Boko Haram leader Abubakar Shekau was killed by Nigeria's military in 2013.",  # the dead, then acting
        "In a video released on 31 October 2014, Shekau denied agreeing to any ceasefire.",
        "Nigerian officials said Abubakar Shekau appeared in a video in 2014.",
    ]
    claims = [_claim(f"s{i}", text) for i, text in enumerate(texts)]
    claims += load_claims(Path(__file__).parent.parent / "claims.yaml").claims
    blocked = find_undeclared_conflicts(claims, {})
    monkeypatch.setattr(scoring, "_candidate_pairs", lambda signatures: list(
        itertools.combinations(range(len(signatures)), 2)))
    every = find_undeclared_conflicts(claims, {})
    assert {c.kind for c in every} >= {"exclusive-outcome"}
    assert len([c for c in every if c.kind == "exclusive-outcome"]) >= len(MUST)
    assert blocked == every


if __name__ == "__main__":
    found, false, must = figures()
    flagged = found + false
    print(f"stress set: {len(MUST_NOT)} must-not pairs, {must} must pairs")
    print(f"precision {found}/{flagged} = {found / flagged if flagged else 1:.3f}; recall {found}/{must} = "
          f"{found / must:.3f}; false conflicts {false}/{len(MUST_NOT)}")
