"""Render a LedgerDiff as text, Markdown or JSON; the Markdown as sections, most important first, for a PR comment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factcheck.errors import format_diagnostic
from factcheck.escaping import dump_json, guard_lines, one_line
from factcheck.ledgerdiff import (
    ClaimEdit,
    ClaimEntry,
    ConflictChange,
    EvidenceEntry,
    GradeChange,
    LedgerDiff,
    QuoteChange,
    ResolutionEntry,
    SourceChange,
    StanceChange,
)
from factcheck.renderers import markdown_code, markdown_text

Escape = Callable[[object], str]
# Changes listed per kind in Markdown (a PR comment); the text output lists every one.
MARKDOWN_LINES = 50


@dataclass(frozen=True)
class DiffSection:
    """One kind of change: its key (as in the JSON), its heading, and one line per change (already escaped)."""

    key: str
    title: str
    lines: list[str]


def _plain(text: object) -> str:
    return one_line(str(text))


def _quoted(text: str, esc: Escape, limit: int = 300) -> str:
    text = " ".join(text.split())
    return "“" + esc(text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _grade(verdict: str | None, credibility: int | None) -> str:
    return f"{verdict}, grade {credibility}" if verdict else "not graded"


def _claim(c: ClaimEntry, esc: Escape, code: Escape) -> str:
    missing = f", {c.not_found} not found in its source" if c.not_found else ""
    return (f"{code(c.claim_id)} ({_grade(c.verdict, c.credibility)}; {c.evidence} evidence{missing}): "
            f"{_quoted(c.text, esc)}")


def _edit(e: ClaimEdit, esc: Escape, code: Escape) -> str:
    return f"{code(e.claim_id)} {e.field}: {esc(e.before or 'none')} → {esc(e.after or 'none')}"


def _change(g: GradeChange, esc: Escape, code: Escape) -> str:
    return (f"{code(g.claim_id)}: {g.verdict_before}, grade {g.credibility_before} → {g.verdict_after}, grade "
            f"{g.credibility_after}; why: {esc('; '.join(g.why))}")


def _evidence(e: EvidenceEntry, esc: Escape, code: Escape) -> str:
    found = "" if e.found else " (not found in its source)"
    return (f"{code(e.claim_id)} evidence {e.index + 1}: {e.stance} from {code(e.source_id)}{found}: "
            f"{_quoted(e.quote, esc)}")


def _stance(s: StanceChange, esc: Escape, code: Escape) -> str:
    return (f"{code(s.claim_id)} evidence {s.index + 1} ({code(s.source_id)}): {s.before} → {s.after}: "
            f"{_quoted(s.quote, esc)}")


def _where(before: str | None, after: str | None, esc: Escape) -> str:
    if before == after:
        return f" at {esc(after)}" if after else ""
    return f" ({esc(before or 'not found')} → {esc(after or 'not found')})"


def _quote(q: QuoteChange, esc: Escape, code: Escape) -> str:
    head = f"{code(q.claim_id)} evidence {q.index + 1} ({code(q.source_id)})"
    text = (_quoted(q.after, esc) if q.before == q.after
            else f"{_quoted(q.before, esc)} → {_quoted(q.after, esc)}")
    problem = f"; {esc(q.problem)}" if q.problem else ""
    return f"{head}{_where(q.where_before, q.where_after, esc)}: {text}{problem}"


def _conflict(c: ConflictChange, esc: Escape, code: Escape) -> str:
    members = " vs ".join(code(m) for m in c.claims)
    return f"{code(c.conflict_id)} ({c.kind}) {members}: {esc(c.how)}" + (
        f"; {esc(c.reason)}" if c.change == "opened" else "")


def _resolution(r: ResolutionEntry, esc: Escape, code: Escape) -> str:
    outcome = f"preferred {r.preferred}" if r.outcome == "preferred" else r.outcome
    return f"{code(r.conflict)}: {esc(outcome)} by {esc(r.by)} on {r.date}: {esc(r.note)}"


def _source(s: SourceChange, esc: Escape, code: Escape) -> str:
    return f"{code(s.source_id)} ({esc(s.path)})" + (f": {esc('; '.join(s.what))}" if s.what else "")


def diff_sections(diff: LedgerDiff, esc: Escape = _plain, code: Escape = _plain) -> list[DiffSection]:
    """The diff's non-empty kinds of change, most important first: what a reader must act on, then the rest.

    `esc` escapes text from the files for the output format, `code` an id.
    """
    def problem(d: object) -> str:
        return esc(format_diagnostic(d.path, d.line, d.col, d.severity, d.message))  # type: ignore[attr-defined]

    sections = [
        DiffSection(f"{side}_errors", f"{which.name} could not be checked", [esc(line) for line in which.errors])
        for side, which in (("base", diff.base), ("head", diff.head))
        if which.state == "unreadable"
    ]
    kinds: list[tuple[str, str, list, Callable[..., str]]] = [
        ("problems_added", "new errors", diff.problems_added, lambda d, *_: problem(d)),
        ("conflicts_opened", "conflicts opened", diff.conflicts_opened, _conflict),
        ("grades_changed", "verdicts and grades changed", diff.grades_changed, _change),
        ("quotes_broke", "quotes that broke", diff.quotes("broke"), _quote),
        ("claims_added", "claims added", diff.claims_added, _claim),
        ("claims_removed", "claims removed", diff.claims_removed, _claim),
        ("conflicts_closed", "conflicts closed", diff.conflicts_closed, _conflict),
        ("resolutions_added", "resolutions added", diff.resolutions_added, _resolution),
        ("resolutions_removed", "resolutions removed", diff.resolutions_removed, _resolution),
        ("claims_edited", "claims edited", diff.claims_edited, _edit),
        ("evidence_added", "evidence added", diff.evidence_added, _evidence),
        ("evidence_removed", "evidence removed", diff.evidence_removed, _evidence),
        ("stances_changed", "stances changed", diff.stances_changed, _stance),
        ("quotes_edited", "quotes edited", diff.quotes("edited"), _quote),
        ("quotes_fixed", "quotes fixed", diff.quotes("fixed"), _quote),
        ("quotes_moved", "quotes moved in their source", diff.quotes("moved"), _quote),
        ("sources_added", "sources added", diff.sources_added, _source),
        ("sources_removed", "sources removed", diff.sources_removed, _source),
        ("sources_changed", "sources changed", diff.sources_changed, _source),
        ("problems_fixed", "errors fixed", diff.problems_fixed, lambda d, *_: problem(d)),
    ]
    for key, title, items, line in kinds:
        if items:
            sections.append(DiffSection(key, title, [line(item, esc, code) for item in items]))
    return sections


def heading(diff: LedgerDiff) -> str:
    """'abc1234 → the working tree', each side marked when it held no project or could not be checked."""
    sides = []
    for side in (diff.base, diff.head):
        note = {"absent": " (no project there: an empty ledger)", "unreadable": " (could not be checked)"}
        sides.append(side.name + note.get(side.state, ""))
    return " → ".join(sides)


def summary_line(diff: LedgerDiff) -> str:
    """'claims added: 1, quotes edited: 1, conflicts closed: 1', or what an empty diff says."""
    if not diff.compared:
        return "not compared: a side could not be checked"
    counts = [f"{key.replace('_', ' ')}: {n}" for key, n in diff.counts().items() if n]
    return ", ".join(counts) if counts else "no change to the ledger"


def render_diff_text(diff: LedgerDiff, **_: object) -> str:
    """The diff for a terminal: one heading, one line per change under its kind, a summary line."""
    lines = [f"factcheck diff: {_plain(heading(diff))}"]
    for section in diff_sections(diff):
        lines += ["", f"{section.title} ({len(section.lines)}):"] + [f"  {line}" for line in section.lines]
    lines += ["", summary_line(diff)]
    return guard_lines("\n".join(lines)) + "\n"


def diff_markdown_sections(diff: LedgerDiff, limit: int = MARKDOWN_LINES) -> list[str]:
    """The Markdown body as sections (heading and list), most important first, for a caller to keep as many as fit;
    each lists at most `limit` changes and counts the rest."""
    out = []
    for section in diff_sections(diff, markdown_text, markdown_code):
        lines = [f"#### {section.title} ({len(section.lines)})", ""] + [f"- {line}" for line in section.lines[:limit]]
        if len(section.lines) > limit:
            lines.append(f"- … and {len(section.lines) - limit} more: run `factcheck diff` to see them all")
        out.append("\n".join(lines))
    return out


def render_diff_markdown(
    diff: LedgerDiff, *, max_chars: int | None = None, limit: int = MARKDOWN_LINES, **_: object
) -> str:
    """The diff in Markdown (a PR comment); with `max_chars`, the most important sections that fit, and a line
    saying how many were left out."""
    head = [f"### factcheck diff: {markdown_text(heading(diff))}", "", markdown_text(summary_line(diff)) + "."]
    out = "\n".join(head) + "\n"
    sections = diff_markdown_sections(diff, limit)
    for shown, section in enumerate(sections):
        left = len(sections) - shown
        more = f"\n… {left} more kinds of change not shown: run `factcheck diff` to see them all.\n"
        if max_chars is not None and len(out) + len(section) + 2 + len(more) > max_chars:
            return out + more
        out += "\n" + section + "\n"
    return out


def render_diff_json(diff: LedgerDiff, **_: object) -> str:
    """The diff as JSON (the README documents its fields)."""
    return dump_json(diff.to_json()) + "\n"


DIFF_RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_diff_text,
    "markdown": render_diff_markdown,
    "json": render_diff_json,
}

