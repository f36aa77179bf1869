"""The stance `suggest` proposes for a passage: negation, denial, refutation and reporting on any topic (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.discovery import Candidate, rank_candidates
from factcheck.models import Claim
from factcheck.timing import claim_time
from factcheck.vocabulary import InvalidVocabularyError, load_vocabulary


def propose(claim: str, passage: str, vocabulary=None) -> tuple[str, list[str]]:
    """The stance and reasons proposed for one passage, as `suggest` would show them."""
    when = claim_time(Claim(id="c", text=claim))
    (suggestion,) = rank_candidates(claim, when, [Candidate("s", 0, len(passage), passage, -1.0)],
                                    vocabulary=vocabulary)
    return suggestion.stance, suggestion.reasons


CASES = [
    # football
    ("Ronaldo signed a new contract with Real Madrid.",
     "Real Madrid said Ronaldo has not signed a new contract with the club.", "contradicts", 'negates: "not signed'),
    ("Ronaldo signed a new contract with Real Madrid.",
     "Ronaldo has reportedly signed a new contract with Real Madrid.", "qualifies", 'reports it: "reportedly"'),
    ("Ronaldo signed a new contract with Real Madrid.",
     "Ronaldo signed a new contract with Real Madrid on Tuesday.", "supports", "same kind of event (contract)"),
    # drugs
    ("The cyclist tested positive for EPO.",
     "The cyclist's team dismissed the reports as false and said he never tested positive.", "contradicts",
     'refutes: "dismissed the reports as'),
    ("The cyclist tested positive for EPO.",
     "According to a French newspaper, the cyclist tested positive for EPO.", "qualifies",
     'reports it: "According to"'),
    # a celebrity hoax
    ("Morgan Freeman died at his home in Mississippi.",
     "The report that Morgan Freeman died at his home in Mississippi is a hoax.", "contradicts", 'refutes: "hoax"'),
    ("Morgan Freeman's death was a hoax.",
     "Morgan Freeman's death was not a hoax, his family said.", "contradicts",
     "takes back the claim's refutation: \"not a hoax\""),
    ("Morgan Freeman's death was a hoax.",
     "Fans were relieved to learn that Morgan Freeman's death was a hoax spread by a fake news site.", "supports",
     'as the claim does (refutes: "hoax")'),
    # company deals
    ("Apple bought the music streaming company Beats.",
     "Apple has denied reports that it bought the music streaming company Beats, saying they are not true.",
     "contradicts", 'denial: "denied"'),
    ("Apple did not buy the music streaming company Beats.",
     "Apple bought the music streaming company Beats for $3 billion.", "contradicts",
     'asserts what the claim denies (negates: "not buy'),
    ("Apple did not buy the music streaming company Beats.",
     "Apple never bought the music streaming company Beats.", "supports", 'as the claim does'),
    ("Apple bought the music streaming company Beats.",
     "The paper retracted its story that Apple bought the music streaming company Beats.", "contradicts",
     'retracts: "retracted"'),
    # a headline in title case: its capitals are not names, so its own negation is read
    ("Ronaldo Has Not Signed A New Contract With Real Madrid",
     "Ronaldo has not signed a new contract with Real Madrid, the club said.", "supports", "as the claim does"),
    # one word of the claim negated in passing is no denial
    ("Chinese parents try to sell their son to pay for treatment.",
     "The parents can't afford treatment, so they are trying to sell their son.", "supports", None),
]


@pytest.mark.parametrize(("claim", "passage", "stance", "reason"), CASES)
def test_the_proposed_stance_reads_negation_denial_and_reporting(
    claim: str, passage: str, stance: str, reason: str | None
) -> None:
    proposed, reasons = propose(claim, passage)
    assert proposed == stance, reasons
    if reason:
        assert any(reason in r for r in reasons), reasons


def test_a_projects_rules_extend_the_refuting_words(tmp_path: Path) -> None:
    claim, passage = "The striker joined Arsenal.", "The striker joining Arsenal was pure fantasy, his agent said."
    assert propose(claim, passage)[0] == "supports"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "wording.yaml").write_text("stance:\n  refutation: ['pure fantasy']\n", encoding="utf-8")
    stance, reasons = propose(claim, passage, load_vocabulary(rules))
    assert (stance, reasons[-1]) == ("contradicts", 'refutes: "pure fantasy"')


def test_a_bad_stance_pattern_is_an_error_at_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "wording.yaml").write_text("stance:\n  refutation: ['pure (fantasy']\n", encoding="utf-8")
    with pytest.raises(InvalidVocabularyError) as caught:
        load_vocabulary(rules, lambda p: p.relative_to(tmp_path).as_posix())
    assert [d.format() for d in caught.value.diagnostics] == [
        "rules/wording.yaml:2:16: error: stance.refutation[0]: not a valid regular expression: missing ), "
        "unterminated subpattern at position 5; fix the pattern (Python `re` syntax)"]
