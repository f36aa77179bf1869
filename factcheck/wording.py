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


def read_wording(sentence: str, following: str = "", *, rules: WordingTable | None = None) -> list[WordingFinding]:
    """The cues in a quote's sentence; the next sentence is read only for missing detail ("He gave no details").

    Args:
        rules: the wording table (a project's, merged); the package's by default.
    """
    findings = []
    for rule in WORDING_RULES if rules is None else compile_wording(rules):
        text = sentence + " " + following if rule.cue == "no-detail" else sentence
        match = rule.pattern.search(text)
        if match:
            findings.append(WordingFinding(rule.cue, match.group(0), rule.explanation))
    return findings


# Past-tense words that report an event as done; "to be signed", "would visit" are not.
_HAPPENED = re.compile(
    r"(?<!\bbe )(?<!\bto )(?<!\bwould )(?<!\bwill )(?<!\bnot )"
    r"\b(?:took place|went ahead|was held|were held|was signed|were signed|has visited|have visited|arrived in"
    r"|landed in|was completed|were completed)\b",
    re.IGNORECASE,
)


def reported_as_done(sentence: str) -> str | None:
    """The words saying a planned event did happen ("The visit, scheduled for May, took place"), if any."""
    match = _HAPPENED.search(sentence)
    return match.group(0) if match else None
