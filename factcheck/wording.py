"""What the wording of a passage says about its weight: hedges, attribution, missing detail, modality (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Cue = Literal["hedge", "anonymous", "unnamed", "analyst", "named", "planned", "no-detail", "denial"]


@dataclass(frozen=True)
class WordingRule:
    """One pattern, what it signals, and the words a report uses for it."""

    cue: Cue
    pattern: re.Pattern[str]
    explanation: str


def _rule(cue: Cue, pattern: str, explanation: str) -> WordingRule:
    return WordingRule(cue, re.compile(pattern, re.IGNORECASE), explanation)


# The table is read top to bottom; every rule that matches adds its reason.
WORDING_RULES: tuple[WordingRule, ...] = (
    _rule("hedge", r"\b(?:might|may|could|would) have been\b", "speculative ('might have been')"),
    _rule("hedge", r"\b(?:reportedly|allegedly|purportedly|apparently)\b", "hedged ('reportedly')"),
    _rule(
        "hedge",
        r"\bsources? (?:say|said|says|claim|claimed|suggest)\b"
        r"|\bsources? (?:[\w’'.-]+ ){1,3}(?:say|said|says|claim|claimed)\b|\bfrom (?:\w+ ){0,2}sources\b"
        r"|\b(?:reports|rumou?rs) (?:say|said|suggest|suggested|tip|tipped|indicate|indicated)\b",
        "hedged ('sources say')",
    ),
    _rule("hedge", r"\bthere is (?:a )?possibility\b|\bpossibly\b|\bperhaps\b", "speculative ('possibly')"),
    _rule("hedge", r"\bis (?:said|believed|thought|understood) to\b", "hedged ('is said to')"),
    # Lower-case only, so that the month in "in May last year" is not read as a modal; "it may be noted that" is
    # the writer's aside, not a doubt.
    _rule(
        "hedge",
        r"(?-i:\b(?:may|might|could(?! not\b)) (?:well |also |even |soon |still )?"
        r"(?!have been\b|be (?:mentioned|noted|recalled|added|stated)\b)[a-z]+\b)",
        "speculative ('may', 'could')",
    ),
    _rule("hedge", r"\b(?:believes?|appears? to|seems? to)\b", "a belief or appearance ('believe', 'appears to')"),
    _rule("anonymous", r"\bon (?:the )?condition of anonymity\b|\banonymous\b", "anonymous source"),
    _rule(
        "unnamed",
        # The noun must end its phrase: "a senior official said", "a source close to", not "an official launch date".
        r"\ba (?:senior |top |high-ranking |retired )?(?:\w+ ){0,2}(?:official|diplomat|source|officer)\b"
        r"(?=\s*(?:[,.;:!?)”\"'’]|$)|\s+(?:said|says|told|who|from|with|at|in|on|close|familiar|speaking|quoted"
        r"|cited|added|confirmed|according|involved|knowledgeable|(?<!source )of)\b)"
        r"|\bdiplomatic source\b|\bofficials said\b",
        "attributed to an unnamed official or source",
    ),
    _rule(
        "analyst",
        r"\b(?:one|an|a|some) (?:\w+ )?(?:analyst|observer|expert|commentator)s?\b",
        "an analyst's reading, not an official's knowledge",
    ),
    WordingRule(
        "named",
        re.compile(
            r"\b(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Pp]rime|[Ii]nterior)\s+[Mm]inister|[Mm]inister|[Ss]pokes(?:man|woman|person)"
            r"|[Ss]ecretary|Gen(?:eral)?\.?|[Aa]mbassador|[Cc]ommander|[Pp]resident|[Cc]hief)"
            r"\s+(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+(?:,[^,]{1,60},)?\s+(?:has\s+)?"
            r"(?:said|says|told|confirmed|revealed|announced|stated|added)\b"
        ),
        "attributed to a named official, on the record",
    ),
    _rule(
        "planned",
        r"\b(?:scheduled|planned|planning|expected|due) (?:to|for|in)\b|\bwas scheduled\b|\bwill be visiting\b"
        r"|\bis to (?:visit|sign|meet)\b|\b(?:would|will) (?:also )?(?:visit|sign|meet|conduct|hold|travel)\b"
        r"|\b(?:would|will) be (?:the |his |her |their |its )?(?:first|next|maiden|second) (?:\w+ )?"
        r"(?:visit|trip|meeting|exercise|round)\b"
        # Any future: "will go on sale", "we'll get it in February"; a negated one ("will not be starring") denies.
        r"|(?-i:\b(?:will|shall)\s+(?!not\b|never\b|have been\b)[a-z]+\b|\b[A-Za-z]+[’']ll\s+(?!not\b|never\b)[a-z]+\b)"
        r"|\b(?:had|has|have) (?:scheduled|planned)\b|\b(?:is|are|was|were) set to\b|\bgear(?:s|ing)? up to\b",
        "a plan or schedule, not an event that happened",
    ),
    _rule(
        "no-detail",
        r"\bgave no (?:further )?details?\b|\bno (?:further )?details? (?:were|was) (?:given|provided|released)\b"
        r"|\bdid not (?:elaborate|give details)\b",
        "announced without details",
    ),
    _rule(
        "denial",
        r"\bI don[’']t know about\b|\bdenied\b|\bno such (?:agreement|treaty|deal|pact)\b",
        "denial or doubt",
    ),
)

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

# Where a sentence turns to another clause: a semicolon or dash, or a comma before a joining word.
_CLAUSE_BREAK = re.compile(
    r";|\s[—–]\s|,\s+(?=(?:and|but|yet|while|whereas|having|after|although|though|since|which|when)\b)",
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


def read_wording(sentence: str, following: str = "", *, quote: str | None = None) -> list[WordingFinding]:
    """The cues in a quote's sentence; the next sentence is read only for missing detail ("He gave no details").

    Given the quote as it stands in the sentence, hedges, plans and denials are read in the quote's clause only.
    """
    clause = _quote_clause(sentence, quote) if quote else sentence
    findings = []
    for rule in WORDING_RULES:
        if rule.cue == "no-detail":
            text = sentence + " " + following
        else:
            text = clause if rule.cue in CLAUSE_CUES else sentence
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


def reported_as_done(sentence: str, *, quote: str | None = None) -> str | None:
    """The words saying a planned event did happen ("The visit, scheduled for May, took place"), if any."""
    match = _HAPPENED.search(_quote_clause(sentence, quote) if quote else sentence)
    return match.group(0) if match else None
