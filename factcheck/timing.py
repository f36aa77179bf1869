"""The times a claim and a quote speak of: a claim's span, a quote's resolved mentions, planned or done (pure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Literal

from factcheck.models import Claim, TimeMention
from factcheck.timeline import Relation, TimeSpan, relate, value_span
from factcheck.vocabulary import Vocabulary, package_vocabulary
from factcheck.wording import read_wording

ClaimKind = Literal["event", "state"]

# "said on Tuesday", "told reporters on Monday", "confirmed the visit at the weekly briefing on Thursday": the day
# of the statement, not of what it reports. No finite verb may come between ("said Pakistan signed in 2014" is content).
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|stated|added|confirmed|announced)"
    r"(?:\s+(?!that\b|had\b|has\b|have\b|was\b|were\b|is\b|are\b|will\b|would\b)(?![\w’']+ed\b)[\w’']+){0,10}\s+$",
    re.IGNORECASE,
)
# "On Monday, Khan told reporters": the comma sets the saying apart from its day.
_OPENING = re.compile(r"^\s*(?:[Oo]n|[Ll]ast|[Tt]his|[Ee]arlier)?\s*$")
_SPEECH_AFTER = re.compile(
    r"^\s?,\s*(?:[Hh]e|[Ss]he|[Tt]hey|[Oo]fficials?|[Tt]he \w+|[A-Z][\w’'-]+) (?:said|says|told|added)\b"
)


# "since 2016", "after the 2014 agreement": the time only bounds the event, which may lie anywhere after it.
_QUALIFIER = r"\s+(?:the\s+|early\s+|late\s+|mid-?)?$"
_OPEN_AFTER = re.compile(r"\b(?:since|after|following|from|starting(?: in)?|beginning(?: in)?)" + _QUALIFIER,
                         re.IGNORECASE)
_OPEN_BEFORE = re.compile(r"\b(?:before|until|till|by|prior to|ahead of)" + _QUALIFIER, re.IGNORECASE)
OPEN_START, OPEN_END = dt.date.min, dt.date.max  # the ends of an open range: "since 2016" runs to OPEN_END


def open_ended(text: str, m: TimeMention) -> TimeMention:
    """A mention that only bounds its event ("since 2016", "by 2017", "after the 2014 accord"), opened on one side."""
    if m.earliest is None or m.latest is None:
        return m
    before = text[max(0, m.start - 30) : m.start]
    if _OPEN_AFTER.search(before):
        return replace(m, value=f"{m.value}/..", latest=OPEN_END)
    if _OPEN_BEFORE.search(before):
        return replace(m, value=f"../{m.value}", earliest=OPEN_START)
    return m


@dataclass(frozen=True)
class ClaimTime:
    """When a claim holds, whether it is an event or a state, and whether it is itself about a plan."""

    span: TimeSpan | None
    kind: ClaimKind
    planned: bool

    @property
    def label(self) -> str:
        """The value the time came from, or '' when the claim names none."""
        return self.span.label if self.span else ""


# "late November 2014", "early 2018", "mid-2014": vague within the month or year, never outside it.
_WITHIN = re.compile(r"(?:the\s+)?(?:early|late|mid)[\s-]+(?:\w+\s+)?\d{4}$", re.IGNORECASE)


def claim_time(claim: Claim, *, vocabulary: Vocabulary | None = None) -> ClaimTime:
    """The claim's explicit `time:` or else the span of the absolute dates its text names.

    Args:
        vocabulary: the wording cues and time rules to read the claim with; the package's by default.
    """
    from factcheck.temporal import find_times  # compiling its rules costs 0.2 s: only when there is text to read

    vocabulary = vocabulary or package_vocabulary()
    planned = any(f.cue == "planned" for f in read_wording(claim.text, rules=vocabulary.wording))
    if claim.time:
        return ClaimTime(value_span(claim.time), claim.kind, planned)
    firm = [
        open_ended(claim.text, m) for m in find_times(claim.text, None, rules=vocabulary.temporal)
        if not m.relative and (not m.vague or _WITHIN.match(m.text)) and m.earliest is not None and m.latest is not None
    ]
    if not firm:
        return ClaimTime(None, claim.kind, planned)
    earliest = min(m.earliest for m in firm)  # type: ignore[type-var]
    latest = max(m.latest for m in firm)  # type: ignore[type-var]
    label = firm[0].value if len(firm) == 1 else f"{_value_of(earliest, firm)}/{_value_of(latest, firm, last=True)}"
    return ClaimTime(TimeSpan(earliest, latest, label), claim.kind, planned)  # type: ignore[arg-type]


def _value_of(day: dt.date, mentions: list[TimeMention], last: bool = False) -> str:
    for m in mentions:
        if (m.latest if last else m.earliest) == day:
            return m.value
    return day.isoformat()


@dataclass(frozen=True)
class Reference:
    """The days an article may have been written on: one day when published, a range when inferred."""

    earliest: dt.date
    latest: dt.date
    label: str
    inferred: bool = False  # read from the article's own text: it bounds the writing, never contradicts the text

    @property
    def written_by(self) -> dt.date | None:
        """The last day the article can have been written, when its date is known rather than inferred."""
        return None if self.inferred else self.latest


def quote_times(
    sentence: str,
    sentence_start: int,
    quote_start: int,
    quote_end: int,
    reference: Reference | None,
    *,
    vocabulary: Vocabulary | None = None,
) -> list[TimeMention]:
    """The times a quote names, read in its sentence against its article's date; offsets are the body's.

    A relative time ("last year") read against an inferred range of dates covers every day it could mean. The day
    a statement was made ("said on Tuesday") is left out: it dates the saying, not what was said.
    """
    from factcheck.temporal import find_times  # compiling its rules costs 0.2 s: only when there is text to read

    def in_quote(m: TimeMention) -> bool:
        return sentence_start + m.start < quote_end and quote_start < sentence_start + m.end

    rules = (vocabulary or package_vocabulary()).temporal
    found = find_times(sentence, reference.latest if reference else None, rules=rules)
    late = [_borrowed(sentence, m, found) for m in found if in_quote(m)]
    if reference and reference.earliest != reference.latest:
        early = {(m.start, m.end): m for m in find_times(sentence, reference.earliest, rules=rules)}
        late = [_widen(m, early.get((m.start, m.end))) for m in late]
    return [
        replace(open_ended(sentence, m), start=sentence_start + m.start, end=sentence_start + m.end)
        for m in late
        if not _speech_time(sentence, m)
    ]


_OWN_YEAR = re.compile(r"\d{4}|[’']\d{2}\b")


def _borrowed(sentence: str, m: TimeMention, found: list[TimeMention]) -> TimeMention:
    """A date with no year of its own ("in April") that took the year of an open range before it ("since 2012"):
    that year only bounds the range, so the date is vague."""
    if m.relative or m.vague or _OWN_YEAR.search(m.text):
        return m
    anchors = [a for a in found if a.end <= m.start and _OWN_YEAR.search(a.text)]
    if anchors and open_ended(sentence, anchors[-1]) is not anchors[-1]:
        return replace(m, vague=True)
    return m


def _widen(late: TimeMention, early: TimeMention | None) -> TimeMention:
    """A relative mention resolved at both ends of an inferred date: the span covering both readings.

    When the two readings differ, the range is wider than the expression's own unit ("on Tuesday" against two
    weeks, "last year" or "September 9 last year" across a new year): it could mean any of them, so it is vague.
    """
    if not late.relative or early is None or early.value == late.value:
        return late
    if early.earliest is None or late.latest is None:
        return replace(late, vague=True)
    return replace(late, value=f"{early.value}/{late.value}", earliest=early.earliest, vague=True)


# "May 12, 2018 (DESPARDES/PKONWEB) —": a dateline dates the article, not the events it reports.
_DATELINE_BEFORE = re.compile(r"^\s*(?:[A-Z][A-Z .'-]{1,30},?\s*)?$")  # nothing, or a place: "MOSCOW, "
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)\n]{1,40}\)\s*)?[—–:]|^\s*(?:\([^)\n]{1,40}\)\s*)?-{1,2}\s")


def _speech_time(sentence: str, m: TimeMention) -> bool:
    if _DATELINE_BEFORE.match(sentence[: m.start]) and _DATELINE_AFTER.match(sentence[m.end : m.end + 50]):
        return True
    # "On Monday, Khan told reporters ...": the day opens the sentence and dates the saying. "The deal was signed on
    # Tuesday, officials said" is news style for the day of the signing, so a day after the event stays.
    opens = _OPENING.match(sentence[: m.start]) is not None
    return bool(_SPEECH_BEFORE.search(sentence[max(0, m.start - 120) : m.start])) or (
        opens and bool(_SPEECH_AFTER.match(sentence[m.end :]))
    )


def relate_times(claim: ClaimTime, times: list[TimeMention]) -> tuple[Relation, str]:
    """How a quote's firm times meet the claim's span, and the words that show it ('last month' → 2018-04)."""
    firm = [m for m in times if not m.vague and m.earliest is not None and m.latest is not None]
    if claim.span is None or not firm:
        return "unknown", ""
    said = ", ".join(f"'{m.text}' → {m.value}" for m in firm)
    return relate(claim.span, (TimeSpan(m.earliest, m.latest, m.value) for m in firm)), said  # type: ignore[arg-type]
