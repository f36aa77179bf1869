"""Build a Report from a checked project: the stable structure every output format renders."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from factcheck.errors import Diagnostic
from factcheck.events import read_event
from factcheck.models import Override, Resolution
from factcheck.origins import connected
from factcheck.project import CheckResult, conflict_diagnostics
from factcheck.scoring import CREDIBILITY_WORDS, RELIABILITY_WORDS, SAME_EVENT_LIKENESS
from factcheck.timing import OPEN_END, OPEN_START, claim_time

if TYPE_CHECKING:
    from factcheck.dating import InferredDate
    from factcheck.eventvocab import EventVocabulary

REPORT_VERSION = 1


class ReportTime(BaseModel):
    """A time a quote names, as resolved: the words, the TimeML value and the days it covers."""

    words: str
    value: str
    earliest: str | None = Field(description="First day covered; null when unknown or open ('../2017').")
    latest: str | None = Field(description="Last day covered; null when unknown or open ('2016/..').")
    vague: bool
    relative: bool = Field(description="Read against the source's date ('last month'), not written out in full.")


class ReportEvidence(BaseModel):
    """One evidence item as a reader sees it."""

    source: str
    stance: str
    quote: str
    note: str | None
    start: int | None
    end: int | None
    match: Literal["exact", "normalized", "fuzzy", "missing"]
    similarity: float | None
    prefix: str | None = Field(None, description="Up to 32 characters before the quote (W3C TextQuoteSelector).")
    suffix: str | None = Field(None, description="Up to 32 characters after the quote.")
    strength: str
    reasons: list[str]
    context: str = Field("", description="The sentence the quote stands in.")
    cues: list[str] = Field(default_factory=list, description="What the wording says: hedge, unnamed, planned, ...")
    effective_stance: str | None = Field(
        None, description="The stance the scorer used when it differs from the reviewer's (a time mismatch)."
    )
    times: list[ReportTime] = Field(default_factory=list, description="Times the quote names, resolved.")
    time_reference: str | None = Field(
        None, description="What relative times were read against: 'published 2018-04-25' or 'inferred ...'."
    )


class ReportClaim(BaseModel):
    """One claim with its verdict, grade and evidence."""

    id: str
    text: str
    kind: Literal["event", "state"]
    time: str | None = Field(description="When the claim holds, as a TimeML value or range; null when unknown.")
    time_from: Literal["field", "text"] | None = Field(description="Whether the time was given or read.")
    time_earliest: str | None
    time_latest: str | None
    verdict: str
    credibility: int
    credibility_label: str
    independent_sources: int
    articles: int
    reasons: list[str]
    conflicts: list[str]
    evidence: list[ReportEvidence]
    override: Override | None = Field(None, description="A reviewer's override of the verdict or grade.")
    computed_verdict: str | None = Field(None, description="With an override: the verdict the evidence gave.")
    computed_credibility: int | None = Field(None, description="With an override: the grade the evidence gave.")


class ReportConflict(BaseModel):
    """One conflict, open or resolved."""

    id: str
    claims: list[str]
    kind: str
    status: str
    reason: str
    resolution: Resolution | None
    settled_by: Literal["reviewer", "time"] | None = Field(
        description="Who closed a resolved conflict: a reviewer's resolution, or the claims' times."
    )


class InferredPublished(BaseModel):
    """A publication date read from an undated article's own text."""

    earliest: str
    latest: str | None = Field(description="None when nothing in the text bounds the date from above.")
    confidence: Literal["high", "medium", "low"]
    evidence: list[str]
    label: str = Field(description="As reports show it: '2017-10-02 (inferred, low: ...)'.")


class ReportSource(BaseModel):
    """One source with its grade, pin and origin."""

    id: str
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None
    published: str | None
    published_note: str | None
    retrieved: str | None = Field(None, description="When the source was taken in (ISO date or time), if known.")
    published_inferred: InferredPublished | None = Field(
        description="Where `published` is null: the date the text implies, how sure, and the evidence."
    )
    kind: str
    reliability: str
    reliability_label: str
    reliability_reason: str | None
    sha256: str | None
    pinned: bool
    origin: str
    origin_reason: str | None
    cited_by: int


class ReportDiagnostic(BaseModel):
    """A problem or note about one place in one file."""

    path: str
    line: int | None
    col: int | None
    severity: str
    message: str


class Summary(BaseModel):
    """Counts for the top of a report."""

    claims: int
    verdicts: dict[str, int]
    evidence: int
    sources: int
    origins: int
    open_conflicts: int
    resolved_conflicts: int
    errors: int
    warnings: int


Rating = Literal["consistent", "inconsistent", "neutral"]


class MatrixRow(BaseModel):
    """One evidence item read against every claim of a group: an Analysis of Competing Hypotheses row."""

    claim: str = Field(description="The claim the item was filed under.")
    index: int = Field(description="Its index in that claim's evidence.")
    source: str
    quote: str
    ratings: dict[str, Rating] = Field(description="Claim id -> consistent, inconsistent or neutral.")
    diagnostic: bool = Field(description="False when every claim rates it alike: it cannot tell them apart.")


class Matrix(BaseModel):
    """Claims in conflict (the columns) against all their evidence (the rows)."""

    claims: list[str]
    rows: list[MatrixRow]


class Report(BaseModel):
    """What `factcheck report` shows, in every format; `--format json` prints it as is."""

    version: int = REPORT_VERSION
    summary: Summary
    claims: list[ReportClaim]
    conflicts: list[ReportConflict]
    matrices: list[Matrix] = Field(default_factory=list, description="One per group of claims in conflict.")
    sources: list[ReportSource]
    diagnostics: list[ReportDiagnostic]

    def claim_groups(self) -> list[list[ReportClaim]]:
        """Claims joined by conflicts, in ledger order; a claim in no conflict is a group of its own."""
        group_of = connected(
            (c.id for c in self.claims),
            ((c.claims[0], other) for c in self.conflicts for other in c.claims[1:]),
        )
        groups: dict[str, list[ReportClaim]] = {}
        for claim in self.claims:
            groups.setdefault(group_of[claim.id], []).append(claim)
        return list(groups.values())

    def claim(self, claim_id: str) -> ReportClaim:
        """One claim by id."""
        return next(c for c in self.claims if c.id == claim_id)

    def quotes_of(self, claim_id: str, *stances: str) -> list[ReportEvidence]:
        """A claim's anchored evidence with the given stances."""
        return [e for e in self.claim(claim_id).evidence if e.stance in stances and e.match != "missing"]


def build_report(result: CheckResult) -> Report:
    """Turn a checked project into a Report."""
    conflicts_of: dict[str, list[str]] = {}
    for conflict in result.conflicts:
        for member in conflict.claims:
            conflicts_of.setdefault(member, []).append(conflict.id)
    claims = []
    for claim in result.ledger.claims:
        assessment = result.assessments[claim.id]
        weighed = {w.index: w for w in assessment.evidence}
        evidence = []
        for check in result.checks_for(claim.id):
            w = weighed.get(check.index)
            evidence.append(
                ReportEvidence(
                    source=check.source_id,
                    stance=check.stance,
                    quote=check.quote,
                    note=check.note,
                    start=check.anchor.start if check.anchor and not check.problem else None,
                    end=check.anchor.end if check.anchor and not check.problem else None,
                    match=check.match,
                    similarity=check.anchor.similarity if check.anchor and not check.problem else None,
                    prefix=check.anchor.prefix if check.anchor and not check.problem else None,
                    suffix=check.anchor.suffix if check.anchor and not check.problem else None,
                    strength=w.strength if w else "none",
                    reasons=w.reasons if w else [],
                    context=check.sentence,
                    cues=w.cues if w else [],
                    effective_stance=w.effective_stance if w else None,
                    times=[
                        ReportTime(
                            words=m.text,
                            value=m.value,
                            earliest=_day(m.earliest, OPEN_START),
                            latest=_day(m.latest, OPEN_END),
                            vague=m.vague,
                            relative=m.relative,
                        )
                        for m in check.times
                    ],
                    time_reference=check.time_reference,
                )
            )
        when = result.claim_times.get(claim.id) or claim_time(claim, vocabulary=result.vocabulary)
        claims.append(
            ReportClaim(
                id=claim.id,
                text=claim.text,
                kind=claim.kind,
                time=when.label or None,
                time_from=("field" if claim.time else "text") if when.span else None,
                time_earliest=_day(when.span.earliest, OPEN_START) if when.span else None,
                time_latest=_day(when.span.latest, OPEN_END) if when.span else None,
                verdict=assessment.verdict,
                credibility=assessment.credibility,
                credibility_label=CREDIBILITY_WORDS[assessment.credibility],
                independent_sources=assessment.independent_sources,
                articles=assessment.articles,
                reasons=assessment.reasons,
                conflicts=conflicts_of.get(claim.id, []),
                evidence=evidence,
                override=assessment.override,
                computed_verdict=assessment.computed_verdict,
                computed_credibility=assessment.computed_credibility,
            )
        )
    cited = Counter(check.source_id for check in result.checks)
    sources = []
    for source in sorted(result.sources.values(), key=lambda s: s.id):
        meta = source.meta
        origin = result.origins.origin_of.get(source.id, source.id)
        sources.append(
            ReportSource(
                id=source.id,
                title=meta.title,
                publisher=meta.publisher,
                author=meta.author,
                url=meta.url,
                published=meta.published.isoformat() if meta.published else None,
                published_note=meta.published_note,
                retrieved=meta.retrieved.isoformat() if meta.retrieved else None,
                published_inferred=_inferred(result.inferred_dates.get(source.id)),
                kind=meta.kind,
                reliability=meta.reliability,
                reliability_label=RELIABILITY_WORDS[meta.reliability],
                reliability_reason=meta.reliability_reason,
                sha256=meta.sha256,
                pinned=source.pinned,
                origin=origin,
                origin_reason=result.origins.reason(source.id) if len(result.origins.members(origin)) > 1 else None,
                cited_by=cited.get(source.id, 0),
            )
        )
    diagnostics = all_diagnostics(result)
    verdicts = Counter(c.verdict for c in claims)
    report = Report(
        summary=Summary(
            claims=len(claims),
            verdicts={v: verdicts.get(v, 0) for v in ("supported", "refuted", "conflicting", "unverified")},
            evidence=len(result.checks),
            sources=len(sources),
            origins=len({s.origin for s in sources}),
            open_conflicts=len(result.open_conflicts),
            resolved_conflicts=len(result.conflicts) - len(result.open_conflicts),
            errors=sum(d.count for d in result.diagnostics if d.severity == "error"),
            warnings=sum(d.count for d in result.diagnostics if d.severity == "warning"),
        ),
        claims=claims,
        matrices=[],
        conflicts=[
            ReportConflict(
                id=c.id,
                claims=c.claims,
                kind=c.kind,
                status=c.status,
                reason=c.reason,
                resolution=c.resolution,
                settled_by=None if c.status == "open" else "reviewer" if c.resolution else "time",
            )
            for c in result.conflicts
        ],
        sources=sources,
        diagnostics=[ReportDiagnostic(**_diag(d)) for d in diagnostics],
    )
    report.matrices = [
        competing_matrix(group, result.vocabulary.events) for group in report.claim_groups() if len(group) > 1
    ]
    return report



def competing_matrix(group: list[ReportClaim], vocabulary: EventVocabulary | None = None) -> Matrix:
    """Every anchored item of a group of competing claims, rated against each claim (Heuer's ACH matrix).

    An item is rated against its own claim by its stance (support that does not count, a plan, is neutral; a
    qualification that denies or withholds detail is inconsistent); against
    another claim by that claim's own item citing the same passage, if any; else, when both claims name the same
    event, by whether the item's times meet that claim's; else neutral.
    """
    events = {c.id: read_event(c.text, vocabulary) for c in group}
    rows = []
    for claim in group:
        for index, item in enumerate(claim.evidence):
            if item.match == "missing":
                continue
            ratings: dict[str, Rating] = {}
            for column in group:
                if column.id == claim.id:
                    ratings[column.id] = _own_rating(item)
                    continue
                shared = next((e for e in column.evidence if _same_passage(e, item)), None)
                if shared is not None:
                    ratings[column.id] = _own_rating(shared)
                elif events[claim.id].same_kind(events[column.id]) and (
                    events[claim.id].likeness(events[column.id]) >= SAME_EVENT_LIKENESS
                ):
                    ratings[column.id] = _time_rating(item, column)
                else:
                    ratings[column.id] = "neutral"
            rows.append(MatrixRow(claim=claim.id, index=index, source=item.source, quote=item.quote,
                                  ratings=ratings, diagnostic=len(set(ratings.values())) > 1))
    return Matrix(claims=[c.id for c in group], rows=rows)


def _own_rating(item: ReportEvidence) -> Rating:
    stance = item.effective_stance or item.stance
    if stance == "qualifies" and {"denial", "no-detail"} & set(item.cues):
        return "inconsistent"  # "gave no further details", "I don't know about the current pact": doubt from inside
    if stance == "supports" and item.strength != "none":
        return "consistent"
    if stance == "contradicts" and item.strength != "none":
        return "inconsistent"
    return "neutral"


def _same_passage(a: ReportEvidence, b: ReportEvidence) -> bool:
    return (a.source == b.source and None not in (a.start, a.end, b.start, b.end)
            and a.start < b.end and b.start < a.end)  # type: ignore[operator]


def _time_rating(item: ReportEvidence, claim: ReportClaim) -> Rating:
    """consistent when the item names a firm time within the claim's, inconsistent when all miss it."""
    if claim.time is None:
        return "neutral"
    lo, hi = claim.time_earliest or "0000", claim.time_latest or "9999"
    firm = [t for t in item.times if not t.vague and (t.earliest or t.latest)]
    if not firm:
        return "neutral"
    meets = any((t.earliest or "0000") <= hi and lo <= (t.latest or "9999") for t in firm)
    return "consistent" if meets else "inconsistent"


def _day(day: dt.date | None, open_end: dt.date) -> str | None:
    """A day as YYYY-MM-DD; None when unknown or when it is the open end of a range ("since 2016")."""
    return None if day is None or day == open_end else day.isoformat()


def _inferred(found: InferredDate | None) -> InferredPublished | None:
    if found is None:
        return None
    return InferredPublished(
        earliest=found.earliest.isoformat(),
        latest=found.latest.isoformat() if found.latest else None,
        confidence=found.confidence,
        evidence=found.evidence,
        label=f"{found.describe()}, inferred",
    )


def all_diagnostics(result: CheckResult) -> list[Diagnostic]:
    """Input problems first, then conflicts, each group in file order."""
    return _ordered(result.diagnostics) + conflict_diagnostics(result)


def _ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.path, d.line or 0, d.col or 0))


def _diag(d: Diagnostic) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity, "message": d.message}
