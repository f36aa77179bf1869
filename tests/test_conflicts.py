"""Conflicts nobody declared: one event at two times, and weak claims that may restate strong ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.events import read_event
from factcheck.models import Assessment, Claim, WeighedEvidence
from factcheck.scoring import find_undeclared_conflicts

runner = CliRunner()


# ---------------------------------------------------------------- reading the event of a claim


@pytest.mark.parametrize(
    ("text", "parties", "kind", "phrase"),
    [
        ("Pakistan and Russia signed a defence cooperation agreement in November 2014.", {"pakistan", "russia"},
         "instrument", "defence cooperation agreement"),
        ("A Pakistan-Russia defence MoU was signed after 2013.", {"pakistan", "russia"}, "instrument",
         "defence MoU"),
        ("Islamabad and Moscow inked a new defense treaty.", {"pakistan", "russia"}, "instrument", "defense treaty"),
        ("Russian troops held a joint exercise with Pakistani forces.", {"pakistan", "russia"}, "exercise",
         "joint exercise"),
        ("Gen Bajwa visited Moscow, where the accord was signed.", {"russia"}, "instrument", "accord"),
        ("Moscow decided to lift its arms embargo on Islamabad.", {"pakistan", "russia"}, "embargo", "arms embargo"),
        ("Relations are strengthening day by day.", set(), None, ""),
    ],
)
def test_a_claims_event_is_its_parties_its_kind_and_the_words_that_name_it(
    text: str, parties: set[str], kind: str | None, phrase: str
) -> None:
    event = read_event(text)
    assert (set(event.parties), event.kind, event.phrase) == (parties, kind, phrase)


def test_descriptions_compare_across_spelling_and_synonyms() -> None:
    agreement = read_event("Pakistan and Russia signed a defence cooperation agreement in 2014.")
    assert agreement.likeness(read_event("Pakistan and Russia signed their defense cooperation accord.")) == 1.0
    accord = read_event("Pakistan and Russia signed a military-technical cooperation accord in 2015.")
    assert agreement.likeness(accord) == 0.5


# ---------------------------------------------------------------- the rules


def assessed(claim_id: str, verdict: str, credibility: int, support: str = "strong") -> Assessment:
    return Assessment(
        claim_id=claim_id, verdict=verdict, credibility=credibility, independent_sources=1, articles=1, reasons=[],  # type: ignore[arg-type]
        evidence=[WeighedEvidence(index=0, source_id="s", origin="s", stance="supports", strength=support)],  # type: ignore[arg-type]
    )


def found(claims: list[Claim], assessments: list[Assessment]) -> list[tuple[list[str], str]]:
    return [(c.claims, c.kind) for c in find_undeclared_conflicts(claims, {a.claim_id: a for a in assessments})]


AGREEMENT_2014 = Claim(id="a2014", text="Pakistan and Russia signed a defence cooperation agreement in November 2014.")
ACCORD_2015 = Claim(id="b2015", text="Pakistan and Russia signed a military-technical cooperation accord in October 2015.")
TREATY_2018 = Claim(id="treaty", text="Pakistan and Russia signed a new defence treaty in 2018.")
STRONG = [assessed("a2014", "supported", 1), assessed("b2015", "supported", 2)]


def test_one_instrument_at_two_times_is_a_conflict() -> None:
    redated = Claim(id="z2018", text="Pakistan and Russia signed their defense cooperation agreement in 2018.")
    assert found([AGREEMENT_2014, redated], [STRONG[0], assessed("z2018", "refuted", 5)]) == [
        (["a2014", "z2018"], "same-event")
    ]


def test_two_well_evidenced_instruments_are_not_flagged_against_each_other() -> None:
    assert found([AGREEMENT_2014, ACCORD_2015], STRONG) == []


def test_a_weak_announcement_is_flagged_as_a_possible_restatement_of_earlier_instruments() -> None:
    weak = assessed("treaty", "unverified", 4, support="weak")
    conflicts = find_undeclared_conflicts([AGREEMENT_2014, ACCORD_2015, TREATY_2018],
                                          {a.claim_id: a for a in [*STRONG, weak]})
    # a "defence treaty" shares little with either instrument, so it may restate either
    assert [(c.claims, c.kind, c.status) for c in conflicts] == [
        (["a2014", "treaty"], "restatement", "open"), (["b2015", "treaty"], "restatement", "open")
    ]
    conflict = conflicts[0]
    assert conflict.reason.startswith(
        "possible restatement or conflation: 'treaty' is weakly evidenced and names a defence treaty between "
        "Pakistan and Russia, like the well-evidenced 'a2014' (2014-11)"
    )


def test_a_weak_claim_clearly_like_one_instrument_is_set_against_that_one_alone() -> None:
    alike = Claim(id="restated", text="Pakistan and Russia signed a new defence cooperation pact in 2018.")
    weak = assessed("restated", "unverified", 4, support="weak")
    assert [c for c, _ in found([AGREEMENT_2014, ACCORD_2015, alike], [*STRONG, weak])] == [["a2014", "restated"]]


@pytest.mark.parametrize(
    ("other", "assessment", "why"),
    [
        (Claim(id="treaty", text="India and Russia signed a new defence treaty in 2018."),
         assessed("treaty", "unverified", 4, "weak"), "other parties"),
        (Claim(id="treaty", text="Pakistan and Russia signed a new defence treaty in 2012."),
         assessed("treaty", "unverified", 4, "weak"), "a restatement cannot come before what it restates"),
        (Claim(id="treaty", text="Pakistan and Russia signed a new defence treaty in 2018."),
         assessed("treaty", "unverified", 6, "none"), "no support at all: nothing to restate with"),
        (Claim(id="treaty", text="Pakistan and Russia signed a new defence treaty in 2018."),
         assessed("treaty", "supported", 2), "well evidenced: a second instrument, not a restatement"),
        (Claim(id="visit", text="Gen Bajwa visited Russia, meeting Russian generals, in 2018."),
         assessed("visit", "unverified", 4, "weak"), "a visit is not an instrument"),
    ],
)
def test_no_restatement(other: Claim, assessment: Assessment, why: str) -> None:
    assert found([AGREEMENT_2014, other], [STRONG[0], assessment]) == [], why


def test_recurring_events_at_two_times_are_two_events() -> None:
    first = Claim(id="ex2016", text="Pakistan and Russia held a joint military exercise in 2016.")
    second = Claim(id="ex2017", text="Pakistan and Russia held a joint military exercise in 2017.")
    assert found([first, second], [assessed("ex2016", "supported", 1), assessed("ex2017", "supported", 1)]) == []


# ---------------------------------------------------------------- the bundled ledger, with nothing declared


def test_the_flagship_conflict_is_found_without_any_conflicts_with(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    undeclared = re.sub(r"    conflicts_with:\n(?:      - .*\n)+", "", text)
    assert "conflicts_with" not in undeclared
    claims.write_text(undeclared, encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "json"])
    assert result.exit_code == 1
    conflicts = {c["id"]: c for c in json.loads(result.stdout)["conflicts"]}
    treaty = conflicts["cf-15920f8d"]
    assert (treaty["claims"], treaty["kind"], treaty["status"]) == (
        ["defence-agreement-2014", "defense-treaty-2018"], "restatement", "open"
    )
    flagged = {tuple(c["claims"]) for c in conflicts.values()}
    assert ("defence-agreement-2014", "military-technical-accord-2015") not in flagged
    assert ("druzhba-2016-first-exercise", "second-joint-exercise-2017") not in flagged
    # every conflict found is one an analyst would raise: the treaty, the redated agreement, the MoU
    assert sorted(c["kind"] for c in conflicts.values()) == [
        "restatement", "restatement", "restatement", "restatement", "same-event"
    ]
    assert conflicts["cf-d1cf6bb4"]["kind"] == "restatement"  # the treaty against the 2015 accord, found too


def test_a_first_visit_at_two_times_is_one_event_with_two_dates() -> None:
    planned = Claim(id="oct", text="Gen Bajwa made his first visit to Russia in the first week of October 2017.")
    made = Claim(id="apr", text="Gen Qamar Javed Bajwa made his first visit to Russia in April 2018.")
    other = Claim(id="raheel", text="Gen Raheel Sharif made his first visit to Russia in 2015.")
    assessments = [assessed(c, "supported", 2) for c in ("oct", "apr", "raheel")]
    (conflict,) = find_undeclared_conflicts([planned, made, other], {a.claim_id: a for a in assessments})
    assert (conflict.claims, conflict.kind) == (["apr", "oct"], "same-event")
    assert conflict.reason.startswith("'oct' and 'apr' both name the first visit of Qamar Javed Bajwa")


def test_two_holders_of_one_office_at_one_time_conflict_but_not_at_two_times() -> None:
    asif = Claim(id="asif", text="Khawaja Asif was Pakistan's foreign minister in February 2018.", kind="state")
    dastgir_feb = Claim(id="dastgir", text="Khurram Dastgir Khan was Pakistan's foreign minister in February 2018.",
                        kind="state")
    dastgir_may = Claim(id="dastgir", text="Khurram Dastgir Khan was Pakistan's foreign minister in May 2018.",
                        kind="state")
    (conflict,) = find_undeclared_conflicts([asif, dastgir_feb], {})
    assert (conflict.claims, conflict.kind) == (["asif", "dastgir"], "same-office")
    assert "one office (foreign minister)" in conflict.reason
    assert find_undeclared_conflicts([asif, dastgir_may], {}) == []
