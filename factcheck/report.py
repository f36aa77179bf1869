"""Build a Report from a checked project: the stable structure every output format renders."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from factcheck.errors import Diagnostic
from factcheck.models import Override, Resolution
from factcheck.project import CheckResult, conflict_diagnostics
from factcheck.scoring import CREDIBILITY_WORDS, RELIABILITY_WORDS
from factcheck.timing import OPEN_END, OPEN_START, claim_time

if TYPE_CHECKING:
    from factcheck.dating import InferredDate

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
    latest: str
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


class Report(BaseModel):
    """What `factcheck report` shows, in every format; `--format json` prints it as is."""

    version: int = REPORT_VERSION
    summary: Summary
    claims: list[ReportClaim]
    conflicts: list[ReportConflict]
    sources: list[ReportSource]
    diagnostics: list[ReportDiagnostic]

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
        when = result.claim_times.get(claim.id) or claim_time(claim)
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
    return Report(
        summary=Summary(
            claims=len(claims),
            verdicts={v: verdicts.get(v, 0) for v in ("supported", "refuted", "conflicting", "unverified")},
            evidence=len(result.checks),
            sources=len(sources),
            origins=len({s.origin for s in sources}),
            open_conflicts=len(result.open_conflicts),
            resolved_conflicts=len(result.conflicts) - len(result.open_conflicts),
            errors=sum(d.severity == "error" for d in result.diagnostics),
            warnings=sum(d.severity == "warning" for d in result.diagnostics),
        ),
        claims=claims,
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


def _day(day: dt.date | None, open_end: dt.date) -> str | None:
    """A day as YYYY-MM-DD; None when unknown or when it is the open end of a range ("since 2016")."""
    return None if day is None or day == open_end else day.isoformat()


def _inferred(found: InferredDate | None) -> InferredPublished | None:
    if found is None:
        return None
    return InferredPublished(
        earliest=found.earliest.isoformat(),
        latest=found.latest.isoformat(),
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
