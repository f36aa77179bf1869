"""What the wording of a passage says about its weight: hedges, attribution, missing detail, modality (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.vocabulary import Cue, WordingTable, package_table


@dataclass(frozen=True)
class WordingRule:
    """One pattern, what it signals, and the words a report uses for it."""

    cue: Cue
    pattern: re.Pattern[str]
    explanation: str


def compile_wording(table: WordingTable) -> tuple[WordingRule, ...]:
    """The rules of a wording table, compiled (once per table)."""
    return table.compiled(
        "wording",
        lambda: tuple(WordingRule(r.cue, re.compile(r.pattern, re.IGNORECASE), r.explanation) for r in table.rules),
    )


# The package's table (factcheck/data/wording.yaml), read top to bottom; every rule that matches adds its reason.
WORDING_RULES: tuple[WordingRule, ...] = compile_wording(package_table("wording"))

# Cues that make support weak (it cannot confirm a claim on its own).
WEAKENING_CUES: frozenset[Cue] = frozenset({"hedge", "anonymous", "analyst", "planned", "no-detail"})


@dataclass(frozen=True)
class WordingFinding:
    """One rule that matched, with the words that matched it."""

    cue: Cue
    words: str
    explanation: str


# Cues about who said it hold for the whole sentence ("The deal was signed, a senior official said"); cues about
# what is said (a hedge, a plan, a denial) hold only in their clause: in "due to begin selling from April, having
# revealed the watch in October 2014" the plan is the sale's, not the reveal's.
CLAUSE_CUES: frozenset[Cue] = frozenset({"hedge", "planned", "denial"})

# Where a sentence turns to another clause: a semicolon or dash, a comma before a joining word, or a relative
# clause that says something of its own ("apparently produced a crater that was 1.5 metres deep": the hedge is the
# cause's, not the depth's).
_CLAUSE_BREAK = re.compile(
    r";|\s[—–]\s|—|,\s+(?=(?:and|but|yet|so|while|whereas|having|after|although|though|since|which|when)\b)"
    r"|\s(?=(?:that|which|who)\s+(?:was|were|is|are|had|has|measured|measures)\b)"
    # "an audio tape, allegedly recorded during the shooting, in which eleven gunshots can be heard": the hedge is the
    # recording's, not what can be heard on it
    r"|,?\s(?=(?:in|on|from|of|by|through)\s+which\b)"
    # "The recording, first played late Monday, was allegedly made by ...": the subject's aside is not the predicate
    r"|,\s+(?=(?:was|were|is|are|has|have|had)\s)",
    re.IGNORECASE,
)


def clause_of(sentence: str, start: int, end: int) -> str:
    """The clause (or run of clauses) of `sentence` that holds the characters start..end."""
    left, right = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return sentence[left:right]


def _quote_clause(sentence: str, quote: str) -> str:
    """The clause that holds the quote, or the whole sentence when the quote is not found in it as it stands."""
    at = sentence.find(quote)
    return sentence if at < 0 else clause_of(sentence, at, at + len(quote))


def read_wording(
    sentence: str, following: str = "", *, quote: str | None = None, rules: WordingTable | None = None
) -> list[WordingFinding]:
    """The cues in a quote's sentence; the next sentence is read only for missing detail ("He gave no details").

    Given the quote as it stands in the sentence, hedges, plans and denials are read in the quote's clause only;
    `rules` is a project's merged wording table (the package's by default).
    """
    clause = _quote_clause(sentence, quote) if quote else sentence
    # '"He injured his ankle in August. ... worsened," the source said.': who speaks is named after the quotation
    speaker = sentence + " " + _attribution(sentence, following)
    findings = []
    for rule in WORDING_RULES if rules is None else compile_wording(rules):
        if rule.cue == "no-detail":
            text = sentence + " " + following
        else:
            text = clause if rule.cue in CLAUSE_CUES else speaker
        match = rule.pattern.search(text)
        if match:
            findings.append(WordingFinding(rule.cue, match.group(0), rule.explanation))
    return findings


_ATTRIBUTION = re.compile(
    r"""[,.!?]?\s*[”"]\s*,?\s*([^.!?"“”]{0,80}?\b(?:said|says|told|tells|added|adds)\b[^.!?"“”]{0,60})""")


def _attribution(sentence: str, following: str) -> str:
    """Who a quotation is attributed to after it closes in the next sentence ('..., the source said'), when the
    quote's sentence opens a quotation that does not close in it; "" otherwise."""
    curly_open = sentence.count("“") > sentence.count("”")
    straight_open = sentence.count('"') % 2 == 1
    if not (curly_open or straight_open):
        return ""
    match = _ATTRIBUTION.search(following)
    return match.group(1) if match else ""


# Past-tense words that report an event as done; "to be signed", "would visit" are not.
_HAPPENED = re.compile(
    r"(?<!\bbe )(?<!\bto )(?<!\bwould )(?<!\bwill )(?<!\bnot )"
    r"\b(?:took place|went ahead|was held|were held|was signed|were signed|has visited|have visited|arrived in"
    r"|landed in|was completed|were completed)\b",
    re.IGNORECASE,
)


def reported_as_done(sentence: str, *, quote: str | None = None) -> str | None:
    """The words saying a planned event did happen ("The visit, scheduled for May, took place"), if any."""
    match = _HAPPENED.search(_quote_clause(sentence, quote) if quote else sentence)
    return match.group(0) if match else None
