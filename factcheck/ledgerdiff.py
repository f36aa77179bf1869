"""What a change does to the ledger: claims, verdicts and grades, evidence and quotes, conflicts, resolutions, sources.

Pure: two checked ledgers in, a LedgerDiff out. Claims, sources and conflicts are matched by id (conflict ids are
made from their claims, so they are stable); a claim's evidence items by source and quote, then by source and the
closest quote (an edited quote), so inserting an item does not make every later one look changed.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from factcheck.claims import Ledger
from factcheck.errors import Diagnostic
from factcheck.models import Assessment, Claim, Conflict, Evidence, EvidenceCheck, Resolution, Source

# How alike two quotes of one source must be (difflib ratio) for the second to count as the first one edited.
EDITED_QUOTE_RATIO = 0.5
# Diagnostics the diff already shows as a quote or conflict change: not repeated as problems.
SHOWN_ELSEWHERE = frozenset({
    "quote not found", "quote in non-article text", "quote drift", "open conflict", "resolved conflict",
    "settled by time",
})  # fmt: skip
# Claim fields whose edits the diff names (evidence has its own entries).
CLAIM_FIELDS = ("text", "time", "kind", "conflicts_with", "override", "note")
MAX_NEW_REASONS = 3


class CheckedLedger(Protocol):
    """What the diff reads of a checked project (project.CheckResult has it)."""

    ledger: Ledger
    sources: dict[str, Source]
    checks: list[EvidenceCheck]
    assessments: dict[str, Assessment]
    conflicts: list[Conflict]
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class Side:
    """One side of a diff: its name, whether it could be checked, and if not, why."""

    name: str
    state: Literal["checked", "absent", "unreadable"] = "checked"
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimEntry:
    """A claim added or removed, with its verdict and grade on the side where it exists."""

    claim_id: str
    text: str
    verdict: str | None
    credibility: int | None
    evidence: int
    not_found: int = 0  # its quotes that do not anchor in their source


@dataclass(frozen=True)
class ClaimEdit:
    """One field of a claim that changed (its text, time, kind, declared conflicts, override or note), or whether it
    follows the schema (`schema`: valid, or invalid and left out of the check)."""

    claim_id: str
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class GradeChange:
    """A claim whose verdict or credibility grade changed, and what in its evidence changed with it."""

    claim_id: str
    verdict_before: str
    verdict_after: str
    credibility_before: int
    credibility_after: int
    why: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceEntry:
    """An evidence item added to or removed from a claim that is on both sides."""

    claim_id: str
    index: int
    source_id: str
    stance: str
    quote: str
    found: bool


@dataclass(frozen=True)
class StanceChange:
    """An evidence item whose stance changed."""

    claim_id: str
    index: int
    source_id: str
    quote: str
    before: str
    after: str


@dataclass(frozen=True)
class QuoteChange:
    """A quote edited, moved in its source, broken (anchored before, not now) or fixed (the other way)."""

    claim_id: str
    index: int
    source_id: str
    change: Literal["edited", "moved", "broke", "fixed"]
    before: str
    after: str
    where_before: str | None  # sources/x.md:12, where the quote was anchored
    where_after: str | None
    problem: str | None = None  # with broke: why it is not usable now


@dataclass(frozen=True)
class ConflictChange:
    """A conflict opened (open now; absent or resolved before) or closed (open before; resolved or gone now)."""

    conflict_id: str
    kind: str
    claims: tuple[str, ...]
    change: Literal["opened", "closed"]
    how: str
    reason: str
    resolution: dict[str, Any] | None = None


@dataclass(frozen=True)
class ResolutionEntry:
    """A resolution added to or removed from claims.yaml."""

    conflict: str
    outcome: str
    preferred: str | None
    by: str
    date: str
    note: str


@dataclass(frozen=True)
class SourceChange:
    """A source added, removed, or changed (its text or its front matter)."""

    source_id: str
    path: str
    change: Literal["added", "removed", "changed"]
    what: tuple[str, ...] = ()


@dataclass
class LedgerDiff:
    """Everything a change does to the ledger, each list in file order."""

    base: Side
    head: Side
    claims_added: list[ClaimEntry] = field(default_factory=list)
    claims_removed: list[ClaimEntry] = field(default_factory=list)
    claims_edited: list[ClaimEdit] = field(default_factory=list)
    grades_changed: list[GradeChange] = field(default_factory=list)
    evidence_added: list[EvidenceEntry] = field(default_factory=list)
    evidence_removed: list[EvidenceEntry] = field(default_factory=list)
    stances_changed: list[StanceChange] = field(default_factory=list)
    quotes_changed: list[QuoteChange] = field(default_factory=list)
    conflicts_opened: list[ConflictChange] = field(default_factory=list)
    conflicts_closed: list[ConflictChange] = field(default_factory=list)
    resolutions_added: list[ResolutionEntry] = field(default_factory=list)
    resolutions_removed: list[ResolutionEntry] = field(default_factory=list)
    sources_added: list[SourceChange] = field(default_factory=list)
    sources_removed: list[SourceChange] = field(default_factory=list)
    sources_changed: list[SourceChange] = field(default_factory=list)
    problems_added: list[Diagnostic] = field(default_factory=list)
    problems_fixed: list[Diagnostic] = field(default_factory=list)

    CHANGES = (
        "claims_added", "claims_removed", "claims_edited", "grades_changed", "evidence_added", "evidence_removed",
        "stances_changed", "quotes_changed", "conflicts_opened", "conflicts_closed", "resolutions_added",
        "resolutions_removed", "sources_added", "sources_removed", "sources_changed", "problems_added",
        "problems_fixed",
    )  # fmt: skip

    @property
    def compared(self) -> bool:
        """Whether both sides could be read (an absent project counts as an empty ledger)."""
        return "unreadable" not in (self.base.state, self.head.state)

    @property
    def empty(self) -> bool:
        """Whether the change does nothing to the ledger."""
        return self.compared and not any(getattr(self, name) for name in self.CHANGES)

    def quotes(self, *changes: str) -> list[QuoteChange]:
        """The quote changes of these kinds (edited, moved, broke, fixed)."""
        return [q for q in self.quotes_changed if q.change in changes]

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, quote changes by kind (quotes_broke ...)."""
        out = {name: len(getattr(self, name)) for name in self.CHANGES if name != "quotes_changed"}
        for change in ("edited", "moved", "broke", "fixed"):
            out[f"quotes_{change}"] = len(self.quotes(change))
        return out

    def to_json(self) -> dict[str, Any]:
        """The diff as JSON-ready data (the README documents its fields)."""
        changes = {}
        for name in self.CHANGES:
            items = [dataclasses.asdict(item) for item in getattr(self, name)]
            if name.startswith("problems"):
                items = [{k: v for k, v in item.items() if k != "more"} for item in items]
            changes[name] = items
        return {
            "version": 1,
            "base": dataclasses.asdict(self.base),
            "head": dataclasses.asdict(self.head),
            "empty": self.empty,
            "summary": self.counts(),
            **changes,
        }



def diff_results(
    base: CheckedLedger | None, head: CheckedLedger | None, *, base_side: Side | None = None,
    head_side: Side | None = None,
) -> LedgerDiff:
    """What changes from `base` to `head`; None stands for a side where the project does not exist (empty)."""
    diff = LedgerDiff(base=base_side or Side("base"), head=head_side or Side("head"))
    old, new = _View(base), _View(head)
    _diff_sources(old, new, diff)
    _diff_conflicts(old, new, diff)
    _diff_resolutions(old, new, diff)
    _diff_problems(old, new, diff)
    for claim in new.claims.values():
        if claim.id in old.invalid:
            diff.claims_edited.append(ClaimEdit(claim.id, "schema", "invalid (left out)", "valid"))
        elif claim.id not in old.claims:
            diff.claims_added.append(_claim_entry(new, claim))
    for claim in old.claims.values():
        if claim.id in new.invalid:  # still there, but left out of the check: its error is a new problem
            diff.claims_edited.append(ClaimEdit(claim.id, "schema", "valid", "invalid (left out)"))
        elif claim.id not in new.claims:
            diff.claims_removed.append(_claim_entry(old, claim))
    for claim in new.claims.values():
        before = old.claims.get(claim.id)
        if before is None:
            continue
        for name in CLAIM_FIELDS:
            was, now = _field(before, name), _field(claim, name)
            if was != now:
                diff.claims_edited.append(ClaimEdit(claim.id, name, was, now))
        _diff_evidence(old, new, before, claim, diff)
        grade = _grade_change(old, new, claim.id, diff)
        if grade is not None:
            diff.grades_changed.append(grade)
    return diff


class _View:
    """One side's ledger, indexed for the diff."""

    def __init__(self, result: CheckedLedger | None) -> None:
        self.claims: dict[str, Claim] = {}
        self.checks: dict[tuple[str, int], EvidenceCheck] = {}
        self.sources: dict[str, Source] = {}
        self.assessments: dict[str, Assessment] = {}
        self.conflicts: dict[str, Conflict] = {}
        self.resolutions: list[Resolution] = []
        self.diagnostics: list[Diagnostic] = []
        self.invalid: set[str] = set()
        if result is None:
            return
        for claim in result.ledger.claims:
            self.claims.setdefault(claim.id, claim)  # a duplicate id is an error reported by check
        tree = result.ledger.tree  # with schema errors: the ids of the claims left out, so they are not "removed"
        listed = tree.get("claims") if result.ledger.problems and hasattr(tree, "get") else None
        self.invalid = {
            item.get("id") for item in (listed if isinstance(listed, list) else [])
            if hasattr(item, "get") and isinstance(item.get("id"), str)
        } - set(self.claims)
        self.checks = {(c.claim_id, c.index): c for c in result.checks}
        self.sources = dict(result.sources)
        self.assessments = dict(result.assessments)
        self.conflicts = {c.id: c for c in result.conflicts}
        self.resolutions = list(result.ledger.resolutions)
        self.diagnostics = list(result.diagnostics)

    def found(self, claim_id: str, index: int) -> bool:
        """Whether an evidence item's quote anchors in its source."""
        check = self.checks.get((claim_id, index))
        return check is not None and check.match != "missing"

    def where(self, claim_id: str, index: int) -> str | None:
        """The file and line where a quote is anchored: sources/x.md:12."""
        check = self.checks.get((claim_id, index))
        if check is None or check.anchor is None or check.problem:
            return None
        source = self.sources.get(check.source_id)
        if source is None:
            return None
        line = source.front_matter_lines + source.body.count("\n", 0, check.anchor.start) + 1
        return f"{source.path}:{line}"

    def span(self, claim_id: str, index: int) -> tuple[int, int] | None:
        check = self.checks.get((claim_id, index))
        if check is None or check.anchor is None or check.problem:
            return None
        return check.anchor.start, check.anchor.end

    def problem(self, claim_id: str, index: int) -> str | None:
        check = self.checks.get((claim_id, index))
        if check is None:
            return "not checked"
        if check.problem:
            return check.problem
        return None if check.anchor is not None else "not found in its source"


def _field(claim: Claim, name: str) -> str | None:
    value = getattr(claim, name)
    if value is None:
        return None
    if name == "override":
        o = value
        parts = [f"verdict {o.verdict}" if o.verdict else "", f"grade {o.credibility}" if o.credibility else ""]
        return f"{' and '.join(p for p in parts if p)} by {o.by} on {o.date.isoformat()}: {o.reason}"
    if name == "conflicts_with":
        return ", ".join(value) or None
    return str(value)


def _claim_entry(view: _View, claim: Claim) -> ClaimEntry:
    assessment = view.assessments.get(claim.id)
    missing = sum(1 for i in range(len(claim.evidence)) if not view.found(claim.id, i))
    return ClaimEntry(
        claim.id, claim.text, assessment.verdict if assessment else None,
        assessment.credibility if assessment else None, len(claim.evidence), missing,
    )


def _diff_evidence(old: _View, new: _View, before: Claim, after: Claim, diff: LedgerDiff) -> None:
    """Pair the claim's items (same source and quote; then same source, closest quote) and say what changed."""
    olds = list(enumerate(before.evidence))
    news = list(enumerate(after.evidence))
    pairs: list[tuple[int, int]] = []
    for j, item in news:
        match = next((i for i, was in olds if (was.source, was.quote) == (item.source, item.quote)), None)
        if match is not None:
            pairs.append((match, j))
            olds = [(i, was) for i, was in olds if i != match]
    paired_new = {j for _, j in pairs}
    news = [(j, item) for j, item in news if j not in paired_new]
    # Then edited quotes: the most alike pair of one source first.
    scored = sorted(
        ((_likeness(was, item), i, j) for i, was in olds for j, item in news if was.source == item.source),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    edited: list[tuple[int, int]] = []
    for ratio, i, j in scored:
        if ratio < EDITED_QUOTE_RATIO:
            break
        if any(i == a or j == b for a, b in edited):
            continue
        edited.append((i, j))
    pairs += edited
    gone = {i for i, _ in edited}
    came = {j for _, j in edited}
    for j, item in news:
        if j not in came:
            diff.evidence_added.append(_evidence_entry(new, after.id, j, item))
    for i, was in olds:
        if i not in gone:
            diff.evidence_removed.append(_evidence_entry(old, before.id, i, was))
    for i, j in sorted(pairs, key=lambda p: p[1]):
        was, item = before.evidence[i], after.evidence[j]
        if was.stance != item.stance:
            diff.stances_changed.append(StanceChange(after.id, j, item.source, item.quote, was.stance, item.stance))
        change = _quote_change(old, new, after.id, i, j, was, item)
        if change is not None:
            diff.quotes_changed.append(change)


def _likeness(a: Evidence, b: Evidence) -> float:
    matcher = difflib.SequenceMatcher(None, a.quote, b.quote, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= EDITED_QUOTE_RATIO else 0.0


def _evidence_entry(view: _View, claim_id: str, index: int, item: Evidence) -> EvidenceEntry:
    return EvidenceEntry(claim_id, index, item.source, item.stance, item.quote, view.found(claim_id, index))


def _quote_change(
    old: _View, new: _View, claim_id: str, i: int, j: int, was: Evidence, item: Evidence
) -> QuoteChange | None:
    found_before, found_after = old.found(claim_id, i), new.found(claim_id, j)
    change: Literal["edited", "moved", "broke", "fixed"] | None = None
    if found_before and not found_after:
        change = "broke"
    elif found_after and not found_before:
        change = "fixed"
    elif was.quote != item.quote:
        change = "edited"
    elif found_after and old.span(claim_id, i) != new.span(claim_id, j):
        change = "moved"
    if change is None:
        return None
    return QuoteChange(
        claim_id, j, item.source, change, was.quote, item.quote, old.where(claim_id, i), new.where(claim_id, j),
        new.problem(claim_id, j) if change == "broke" else None,
    )


def _diff_sources(old: _View, new: _View, diff: LedgerDiff) -> None:
    for sid, source in new.sources.items():
        if sid not in old.sources:
            diff.sources_added.append(SourceChange(sid, source.path, "added"))
            continue
        was = old.sources[sid]
        what = []
        if was.path != source.path:
            what.append(f"file: {was.path} → {source.path}")
        if was.body_sha256 != source.body_sha256:
            what.append("text changed")
        before, after = was.meta.model_dump(mode="json"), source.meta.model_dump(mode="json")
        for key in after:
            if before.get(key) == after[key]:
                continue
            if key == "sha256" and "text changed" in what:
                what.append("pin updated" if source.pinned else "pin changed")
            else:
                what.append(f"{key}: {_value(before.get(key))} → {_value(after[key])}")
        if what:
            diff.sources_changed.append(SourceChange(sid, source.path, "changed", tuple(what)))
    for sid, source in old.sources.items():
        if sid not in new.sources:
            diff.sources_removed.append(SourceChange(sid, source.path, "removed"))


def _value(value: object) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v.get("start", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _diff_conflicts(old: _View, new: _View, diff: LedgerDiff) -> None:
    for cid, conflict in new.conflicts.items():
        if conflict.status != "open":
            continue
        was = old.conflicts.get(cid)
        if was is None:
            how = "new"
        elif was.status == "resolved":
            how = "reopened: its resolution is gone"
        else:
            continue
        diff.conflicts_opened.append(_conflict_change(conflict, "opened", how))
    for cid, was in old.conflicts.items():
        if was.status != "open":
            continue
        now = new.conflicts.get(cid)
        if now is not None and now.status == "open":
            continue
        if now is not None and now.resolution is not None:
            r = now.resolution
            how = f"resolved: {_outcome(r)} by {r.by} on {r.date.isoformat()}: {r.note}"
            diff.conflicts_closed.append(_conflict_change(was, "closed", how, r))
            continue
        if now is not None:  # resolved by factcheck itself: settled by time
            diff.conflicts_closed.append(_conflict_change(was, "closed", f"settled: {now.reason}"))
            continue
        removed = [m for m in was.claims if m not in new.claims]
        how = (f"gone: {'claims' if len(removed) > 1 else 'claim'} {' and '.join(removed)} removed" if removed
               else "gone: the claims no longer conflict")
        diff.conflicts_closed.append(_conflict_change(was, "closed", how))


def _outcome(r: Resolution) -> str:
    return f"preferred {r.preferred}" if r.outcome == "preferred" else r.outcome


def _conflict_change(c: Conflict, change: Literal["opened", "closed"], how: str,
                     resolution: Resolution | None = None) -> ConflictChange:
    return ConflictChange(c.id, c.kind, tuple(c.claims), change, how, c.reason,
                          resolution.model_dump(mode="json") if resolution else None)


def _resolution_entry(r: Resolution) -> ResolutionEntry:
    return ResolutionEntry(r.conflict, r.outcome, r.preferred, r.by, r.date.isoformat(), r.note)


def _diff_resolutions(old: _View, new: _View, diff: LedgerDiff) -> None:
    before = [_resolution_entry(r) for r in old.resolutions]
    after = [_resolution_entry(r) for r in new.resolutions]
    closing = {c.conflict_id for c in diff.conflicts_closed if c.resolution is not None}
    reopened = {c.conflict_id for c in diff.conflicts_opened if c.how.startswith("reopened")}
    # A resolution that closes a conflict is shown with it; one removed that reopens a conflict, likewise.
    diff.resolutions_added = [r for r in after if r not in before and r.conflict not in closing]
    diff.resolutions_removed = [r for r in before if r not in after and r.conflict not in reopened]


def _problem_key(d: Diagnostic) -> tuple[str, str, str]:
    return d.path, d.title, d.message


def _diff_problems(old: _View, new: _View, diff: LedgerDiff) -> None:
    def errors(view: _View) -> list[Diagnostic]:
        return [d for d in view.diagnostics if d.severity == "error" and d.title not in SHOWN_ELSEWHERE]

    before = {_problem_key(d) for d in errors(old)}
    after = {_problem_key(d) for d in errors(new)}
    diff.problems_added = [d for d in errors(new) if _problem_key(d) not in before]
    diff.problems_fixed = [d for d in errors(old) if _problem_key(d) not in after]


def _grade_change(old: _View, new: _View, claim_id: str, diff: LedgerDiff) -> GradeChange | None:
    was, now = old.assessments.get(claim_id), new.assessments.get(claim_id)
    if was is None or now is None or (was.verdict, was.credibility) == (now.verdict, now.credibility):
        return None
    return GradeChange(claim_id, was.verdict, now.verdict, was.credibility, now.credibility,
                       tuple(_why(old, new, claim_id, was, now, diff)))


def _why(old: _View, new: _View, claim_id: str, was: Assessment, now: Assessment, diff: LedgerDiff) -> list[str]:
    """What changed in a claim's evidence (and around it) that goes with its new verdict or grade."""
    why: list[str] = []
    for e in diff.evidence_added:
        if e.claim_id == claim_id:
            why.append(f"evidence added: {e.stance} from {e.source_id}" + ("" if e.found else " (quote not found)"))
    for e in diff.evidence_removed:
        if e.claim_id == claim_id:
            why.append(f"evidence removed: {e.stance} from {e.source_id}")
    for s in diff.stances_changed:
        if s.claim_id == claim_id:
            why.append(f"stance of evidence {s.index + 1} ({s.source_id}): {s.before} → {s.after}")
    for q in diff.quotes_changed:
        if q.claim_id == claim_id and q.change != "moved":
            why.append(f"quote {q.change} (evidence {q.index + 1}, {q.source_id})")
    for edit in diff.claims_edited:
        if edit.claim_id == claim_id and edit.field != "note":
            if edit.field == "override":
                why.append(f"override {'removed' if edit.after is None else 'set'}"
                           + (f": {edit.after}" if edit.after else ""))
            else:
                why.append(f"claim {edit.field} changed")
    for c in diff.conflicts_opened + diff.conflicts_closed:
        if claim_id in c.claims:
            why.append(f"conflict {c.conflict_id} {c.change}")
    cited = {e.source for e in (new.claims[claim_id].evidence if claim_id in new.claims else [])}
    for s in diff.sources_changed:
        if s.source_id in cited:
            why.append(f"source {s.source_id} changed: {'; '.join(s.what)}")
    if was.independent_sources != now.independent_sources:
        why.append(f"independent sources: {was.independent_sources} → {now.independent_sources}")
    fresh = [r for r in now.reasons if r not in was.reasons][:MAX_NEW_REASONS]
    if not why and not fresh:
        why.append("the same evidence is weighed differently (factcheck's rules or vocabulary changed)")
    why += [f"now: {r}" for r in fresh]
    return why
