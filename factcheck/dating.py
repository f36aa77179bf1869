"""When an undated article was written: inferred from its own text, with a confidence and the evidence (pure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from factcheck.vocabulary import Vocabulary, package_vocabulary
from factcheck.wording import clause_of, read_wording

Confidence = Literal["high", "medium", "low"]

# A sign-off such as "Published in Dawn, April 25th, 2018" dates the article itself.
_SIGN_OFF = re.compile(r"^(?:Published|Posted|First published)\b[^\n]{0,80}$", re.MULTILINE | re.IGNORECASE)
# A dateline opens the story: "May 12, 2018 (DESPARDES/PKONWEB) —" or "April 24, 2018 —".
_DATELINE_WINDOW = 400
_DATELINE_DASH = re.compile(r"^[^\n]{0,120}?[—–-]{1,2}\s", re.MULTILINE)
# Words that put a dated event ahead of the writing: "will", "scheduled", "consent to participate ... in 2015".
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|upcoming|next|scheduled|planned|expected|due"
    r"|(?:invitation|consent|plans?|intends?|intention) to)\b",
    re.I,
)
_YEAR = re.compile(r"\d{4}|[’']\d{2}\b")
_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+|early\s+|late\s+|mid-?)?$", re.I)


@dataclass(frozen=True)
class InferredDate:
    """A publication date read from the text: a range of days, how sure, and why."""

    earliest: dt.date
    latest: dt.date | None  # None: nothing in the text bounds it from above (only past events are named)
    confidence: Confidence
    evidence: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """'2018-04-25 (high: ...)', '2015-01-01..2017-10-01 (low: ...)' or 'after 2010-01-01 (low: ...)'."""
        if self.latest is None:
            span = f"after {self.earliest}"
        else:
            span = self.earliest.isoformat() if self.earliest == self.latest else f"{self.earliest}..{self.latest}"
        return f"{span} ({self.confidence}: {'; '.join(self.evidence)})"


def infer_published(article: str, *, vocabulary: Vocabulary | None = None) -> InferredDate | None:
    """The publication date an article's text implies, or None when it gives nothing to go on.

    Args:
        vocabulary: the time rules and wording cues to read the article with; the package's by default.
    """
    vocabulary = vocabulary or package_vocabulary()
    signed = _from_sign_off(article, vocabulary)
    if signed:
        return signed
    dated = _from_dateline(article, vocabulary)
    if dated:
        return dated
    return _from_mentions(article, vocabulary)


def _full_dates(text: str, vocabulary: Vocabulary) -> list[tuple[int, int, dt.date, str]]:
    from factcheck.temporal import find_times  # its rules compile on import: only when there is text to date

    return [
        (m.start, m.end, m.earliest, m.text)
        for m in find_times(text, None, rules=vocabulary.temporal)
        if not m.relative and m.precision == "day" and m.earliest is not None
    ]


def _from_sign_off(article: str, vocabulary: Vocabulary) -> InferredDate | None:
    for line in reversed(list(_SIGN_OFF.finditer(article))):
        days = _full_dates(line.group(0), vocabulary)
        if days:
            day = days[-1][2]
            return InferredDate(day, day, "high", [f"sign-off \"{line.group(0).strip()}\""])
    return None


def _from_dateline(article: str, vocabulary: Vocabulary) -> InferredDate | None:
    head = article[:_DATELINE_WINDOW]
    for start, end, day, words in _full_dates(head, vocabulary):
        line_start = head.rfind("\n", 0, start) + 1
        line_end = head.find("\n", end)
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        # The date opens its line and a dash follows soon after: a dateline, not an event in the story.
        if start - line_start <= 3 and _DATELINE_DASH.match(line):
            return InferredDate(day, day, "high", [f"dateline \"{words}\""])
    return None


def _from_mentions(article: str, vocabulary: Vocabulary) -> InferredDate | None:
    """Bounds from dated events: written after the last past event it names, before the first upcoming one."""
    from factcheck.temporal import find_times

    past: list[tuple[dt.date, str]] = []
    upcoming: list[tuple[dt.date, str]] = []
    for mention in find_times(article, None, rules=vocabulary.temporal):
        if mention.relative or mention.earliest is None or mention.latest is None or mention.vague:
            continue
        if not _YEAR.search(mention.text):  # "in April", "this winter": a year borrowed from the text around it
            continue
        left, sentence = _sentence_at(article, mention.start, mention.end)
        # Only the mention's own clause tells its tense: in "based on the 2011 biography, and shooting will begin
        # soon" the book is past. "In progress since 2012" names a past start, whatever follows.
        clause = clause_of(sentence, mention.start - left, mention.end - left)
        since = _SINCE.search(article[max(0, mention.start - 12) : mention.start])
        planned = not since and (
            any(f.cue == "planned" for f in read_wording(clause, rules=vocabulary.wording)) or _FUTURE.search(clause)
        )
        if planned:
            upcoming.append((mention.earliest, mention.text))
        else:
            past.append((mention.earliest, mention.text))
    if not past and not upcoming:
        return None
    evidence = []
    earliest = max(past)[0] if past else dt.date(1900, 1, 1)
    if past:
        evidence.append(f"names \"{max(past)[1]}\" as past")
    latest_candidates = [day for day, _ in upcoming if day >= earliest]
    if latest_candidates:
        latest = min(latest_candidates)
        words = next(w for d, w in upcoming if d == latest)
        evidence.append(f"\"{words}\" is still ahead")
    else:
        # A past event bounds the writing from below and never pins it: an article about 2015 may recall 2010.
        evidence.append("nothing dated lies ahead, so no later bound")
        return InferredDate(earliest, None, "low", evidence)
    confidence: Confidence = "medium" if (latest - earliest).days <= 92 else "low"
    return InferredDate(earliest, latest, confidence, evidence)


def _sentence_at(text: str, start: int, end: int) -> tuple[int, str]:
    """Where the sentence around start..end begins, and the sentence."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return left + 1, text[left + 1 : right + 1]
