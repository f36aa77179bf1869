"""Rival accounts: two claims the ledger's own evidence sets against each other, on any topic."""

from __future__ import annotations

from factcheck.models import Claim, Evidence
from factcheck.scoring import find_undeclared_conflicts

PASSAGE = "Doctors at the Bali clinic pulled the spider out of his stomach on Sunday."


def _claim(cid: str, text: str, *evidence: tuple[str, str, str]) -> Claim:
    return Claim(id=cid, text=text, evidence=[Evidence(source=s, quote=q, stance=st) for s, q, st in evidence])  # type: ignore[arg-type]


def _rivals(*claims: Claim) -> list[list[str]]:
    return [c.claims for c in find_undeclared_conflicts(list(claims), {}) if c.kind == "rival-accounts"]


def test_one_passage_cited_for_one_claim_and_against_another_sets_them_against_each_other() -> None:
    bali = _claim("bali", "Doctors in Bali removed the spider from the tourist.", ("clinic", PASSAGE, "supports"))
    home = _claim("home", "Doctors removed the spider after the tourist flew home to Perth.",
                  ("clinic", "pulled the spider out of his stomach", "contradicts"))
    assert _rivals(bali, home) == [["bali", "home"]]
    reason = find_undeclared_conflicts([bali, home], {})[0].reason
    assert "clinic" in reason and "'bali'" in reason and "'home'" in reason


def test_the_same_source_cited_the_same_way_for_both_is_no_rivalry() -> None:
    bali = _claim("bali", "Doctors in Bali removed the spider from the tourist.", ("clinic", PASSAGE, "supports"))
    sunday = _claim("sunday", "The spider was removed on a Sunday.", ("clinic", PASSAGE, "supports"))
    assert _rivals(bali, sunday) == []


def test_a_claim_about_a_denial_is_no_rival_of_what_was_denied() -> None:
    denial = "The club denied that the striker had signed, calling the reports false."
    denied = _claim("denied", "The club denied that the striker signed for Juventus.", ("wire", denial, "supports"))
    signed = _claim("signed", "The striker signed for Juventus in May 2015.", ("wire", denial, "contradicts"))
    assert _rivals(denied, signed) == []


def test_a_passage_that_backs_only_the_date_of_one_claim_sets_no_rival() -> None:
    passage = "None were among 28 bodies unearthed a week after the Sept. 26 attack, officials said."
    missing = _claim("missing", "Forty-three students disappeared on 26 September 2014.",
                     ("wire", passage, "supports"))
    bodies = _claim("bodies", "The 28 bodies found in the grave were those of the students.",
                    ("wire", passage, "contradicts"))
    assert _rivals(missing, bodies) == []


def test_one_passage_telling_two_kinds_of_event_sets_no_rival() -> None:
    passage = "Dozens of jets went missing after the militia overran the airport on Aug. 23."
    jets = _claim("jets", "Dozens of jetliners went missing after the militia overran the airport.",
                  ("wire", passage, "supports"))
    captured = _claim("captured", "The militia captured the airport on 26 August 2014.", ("wire", passage, "contradicts"))
    assert _rivals(jets, captured) == []


def test_a_statement_is_no_rival_of_what_it_is_about_but_two_accounts_of_it_are_rivals() -> None:
    passage = "The agency said in a statement on Tuesday that no suspected cases had been found."
    statement = _claim("statement", "The agency issued its statement that no cases had been found on Tuesday.",
                       ("wire", passage, "supports"))
    cases = _claim("cases", "Five suspected cases had been found in the city by Monday.", ("wire", passage, "contradicts"))
    assert _rivals(statement, cases) == []
    monday = _claim("monday", "The agency issued its statement that no cases had been found late on Monday.",
                    ("wire", passage, "contradicts"))
    assert _rivals(statement, monday) == [["monday", "statement"]]
