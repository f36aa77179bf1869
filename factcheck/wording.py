"""What the wording of a passage says about its weight: hedges, attribution, missing detail, modality (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable
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


# ---------------------------------------------------------------- what a passage says of a claim's words


@dataclass(frozen=True)
class StancePatterns:
    """The `stance:` word lists of a wording table, each compiled to one pattern of whole words."""

    negator: re.Pattern[str]
    not_negating: re.Pattern[str]
    refutation: re.Pattern[str]
    retraction: re.Pattern[str]
    report: re.Pattern[str]
    unconfirmed: re.Pattern[str]


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w'’])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w'’])", re.IGNORECASE)


def compile_stance(table: WordingTable | None = None) -> StancePatterns:
    """The stance patterns of a wording table (the package's by default), compiled once per table."""
    table = table or package_table("wording")
    return table.compiled("stance", lambda: StancePatterns(*(_any_of(getattr(table.stance, f)) for f in (
        "negators", "not_negating", "refutation", "retraction", "report", "unconfirmed"))))


@dataclass(frozen=True)
class Polarity:
    """Whether a text says a claim's words are not so, and the words that say it (none: it does not)."""

    refuted: str = ""  # "a hoax", "denied": the text says a claim or a report is false
    negated: str = ""  # "did not file molestation charges": a negator before the claim's words
    retracted: str = ""  # "retracted": a report taken back
    reported: str = ""  # "reportedly", "according to": relayed, not asserted
    cancelled: str = ""  # "not a hoax": a refutation the text takes back
    unconfirmed: str = ""  # "has not confirmed": confirmation withheld, which qualifies rather than denies

    @property
    def negative(self) -> bool:
        """The text says the claim's words are not so."""
        return bool(self.refuted or self.negated or self.retracted)

    @property
    def deciding(self) -> str:
        """The words that make it negative, as a reason shows them."""
        for label, words in (("refutes", self.refuted), ("negates", self.negated), ("retracts", self.retracted)):
            if words:
                return f'{label}: "{words}"'
        return ""


_STANCE_CLAUSE = re.compile(r"[.;:!?…]+(?:\s|$)|\s[—–]\s|,\s+(?=(?:but|while|although|though|whereas)\b)|\sbut\s")
_SCOPE_END = re.compile(r"[,()\"“”]|\s(?:and|or|because|after|before|when|while|since|as|if)\s")
_SCOPE_WORDS = 8
_MODAL = re.compile(r"(?-i:\b(?:may|might|could|whether)\b)|\?", re.IGNORECASE)


def _is_title_case(text: str) -> bool:
    """Whether a text capitalises nearly every longer word, as headlines do ("That ESPN Panel Isn't Real")."""
    longer = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def read_polarity(
    text: str, is_claim_word: Callable[[str], bool], patterns: StancePatterns, *, negated_words: int = 2
) -> Polarity:
    """What a text says of a claim's words: refuted, negated (a negator before at least `negated_words` of them in
    its clause), retracted or only reported. `is_claim_word` says whether a word (lower case) is one of the claim's.
    """
    refuted = negated = cancelled = unconfirmed = ""
    start = 0
    # In a headline's title case every word looks like a name: the capitals tell nothing there.
    capitals_are_names = not _is_title_case(text)
    for stop in [*(m.start() for m in _STANCE_CLAUSE.finditer(text)), len(text)]:
        clause, start = text[start:stop], stop
        if not clause.strip():
            continue
        refutations = list(patterns.refutation.finditer(clause))
        withheld = list(patterns.unconfirmed.finditer(clause))
        unconfirmed = unconfirmed or (withheld[0].group(0) if withheld else "")
        masked = [(m.start(), m.end()) for m in (*patterns.not_negating.finditer(clause), *refutations, *withheld)]
        # "has not confirmed reports that it was a hoax": the refutation is withheld too, not asserted
        taken_back = {r.start() for r in refutations if any(w.end() <= r.start() for w in withheld)}
        for neg in patterns.negator.finditer(clause):
            if any(a <= neg.start() < b for a, b in masked):
                continue  # "not only", or the negator of "not true", "no evidence": read as a whole
            end = _SCOPE_END.search(clause, neg.end())
            scope_end = end.start() if end else len(clause)
            words = list(re.finditer(r"[\w'’-]+", clause[neg.end() : scope_end]))[:_SCOPE_WORDS]
            if not words:
                continue
            scope = (neg.end(), neg.end() + words[-1].end())
            # "is not a hoax", "never denied": the negator takes the refutation back
            hit = next((r for r in refutations if scope[0] <= r.start() < scope[1]), None)
            if hit is not None:
                taken_back.add(hit.start())
                cancelled = cancelled or clause[neg.start() : hit.end()].strip()
                continue
            held = [w.end() for w in words if is_claim_word(w.group().lower().strip("'’-"))]
            if capitals_are_names and held and all(w.group()[:1].isupper() for w in words if w.end() in held):
                continue  # "chose not to unmask Jihadi John": only names of the claim's, not what it says of them
            # in a passage, one of the claim's words after a negator is often something else negated ("can't afford
            # treatment"); a claim's own negation is read with one ("hasn't been arrested")
            last = max(held) if len(held) >= negated_words else None
            if last is not None and not negated:
                negated = " ".join(clause[neg.start() : neg.end() + last].split())
        # "could easily be a hoax", "claims it was fake": a refutation someone speculates or reports is not one
        doubted = _MODAL.search(clause)
        if not refuted and not doubted:
            refuted = next((m.group(0) for m in refutations if m.start() not in taken_back), "")
    retracted = patterns.retraction.search(text)
    reported = patterns.report.search(text)
    return Polarity(refuted, negated, retracted.group(0) if retracted else "", reported.group(0) if reported else "",
                    cancelled, unconfirmed)
