"""A pull-request comment: the gate's state, what the change did to the ledger, the open conflicts, within a size."""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.diffrender import diff_sections, heading, summary_line
from factcheck.escaping import guard_lines
from factcheck.ledgerdiff import LedgerDiff
from factcheck.renderers import (
    CHECK_OUTCOME,
    count_noun,
    markdown_code,
    markdown_text,
    report_summary_line,
    verdict_label,
)
from factcheck.report import Report, ReportConflict

# The first line of every comment: the action finds its own comment by it and updates it instead of adding another.
COMMENT_MARKER = "<!-- factcheck-comment -->"
# GitHub refuses a comment body over 65,536 characters; the default leaves room for what a workflow adds around it.
COMMENT_MAX_CHARS = 65_000
# A quote in a comment is a reminder of the evidence, not the evidence: the report has it whole.
QUOTE_CHARS = 240
# The smallest limit that still holds the marker, the summary and the notes of what was left out.
COMMENT_MIN_CHARS = 2_000


@dataclass(frozen=True)
class Section:
    """A heading and its items, most important first; items that do not fit are counted, not cut in half."""

    title: str
    items: list[str] = field(default_factory=list)
    noun: str = "item"  # what an item is, for '… 3 more open conflicts not shown'
    intro: str = ""


def _clip(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _conflict_item(report: Report, conflict: ReportConflict) -> str:
    """One open conflict: its claims with verdict and grade, why it is open, and each side's first quote."""
    sides = []
    for claim_id in conflict.claims:
        claim = report.claim(claim_id)
        # A conflict inside one claim is its support against its contradiction: one quote of each.
        stances = (("supports",), ("contradicts",)) if conflict.kind == "within-claim" else (
            ("supports", "contradicts", "qualifies"),)
        firsts = [quotes[0] for wanted in stances if (quotes := report.quotes_of(claim_id, *wanted))]
        shown = "".join(f" — {e.stance} {markdown_code(e.source)}: “{markdown_text(_clip(e.quote))}”" for e in firsts)
        sides.append(f"  - {markdown_code(claim.id)} ({verdict_label(claim)}, grade {claim.credibility}): "
                     f"{markdown_text(_clip(claim.text))}{shown or ' — no anchored evidence'}")
    head = f"- **{markdown_text(conflict.id)}** ({markdown_text(conflict.kind)}): "
    return "\n".join([head + markdown_text(_clip(conflict.reason, 400)), *sides])


def gate_code(report: Report) -> int:
    """The exit code `check` gives for this report with the default --fail-on: 2 errors, 1 open conflicts, else 0."""
    if report.summary.errors:
        return 2
    return 1 if report.summary.open_conflicts else 0


def report_sections(report: Report) -> list[Section]:
    """What the comment shows of the ledger itself: its open conflicts, then its errors and warnings."""
    open_conflicts = [c for c in report.conflicts if c.status == "open"]
    problems = [d for d in report.diagnostics if d.severity in ("error", "warning")
                and not d.message.startswith("open conflict")]
    sections = []
    if open_conflicts:
        sections.append(Section(
            f"Open conflicts ({len(open_conflicts)})",
            [_conflict_item(report, c) for c in open_conflicts],
            "open conflict",
            "Each stays open until a reviewer resolves it under `resolutions:` in the claims file.",
        ))
    if problems:
        sections.append(Section(
            f"Problems ({len(problems)})",
            [f"- {markdown_code(d.path + (f':{d.line}' if d.line else ''))} {d.severity}: "
             f"{markdown_text(_clip(d.message, 400))}" for d in problems],
            "problem",
        ))
    return sections


def fair_shares(budget: int, needs: list[int]) -> list[int]:
    """Split budget max-min fairly: a need under an equal share is met in full, the rest split what it left."""
    shares = [0] * len(needs)
    left = budget
    for done, index in enumerate(sorted(range(len(needs)), key=lambda i: needs[i])):
        shares[index] = min(needs[index], left // (len(needs) - done))
        left -= shares[index]
    return shares


def change_sections(diff: LedgerDiff) -> list[Section]:
    """What the change did to the ledger, as `factcheck diff` lists it, most important kind first."""
    return [
        Section(f"{s.title[0].upper()}{s.title[1:]} ({len(s.lines)})", [f"- {line}" for line in s.lines], "change")
        for s in diff_sections(diff, markdown_text, markdown_code)
    ]


def render_comment(
    report: Report,
    changes: list[Section] | None = None,
    *,
    max_chars: int = COMMENT_MAX_CHARS,
    link: str | None = None,
    change: LedgerDiff | None = None,
) -> str:
    """The comment's Markdown: marker, outcome line, the change's sections, then the ledger's, under max_chars.

    Each section gets a fair share of the room (what a short one leaves goes to the others), fills it with whole items
    in order, and counts the rest in a note that says where to read them (the link, or `factcheck report`).
    """
    if max_chars < COMMENT_MIN_CHARS:
        raise ValueError(f"a comment needs at least {COMMENT_MIN_CHARS} characters; got {max_chars}")
    code = gate_code(report)
    where = f"[the full report]({link})" if link else "`factcheck report`"
    head = [
        COMMENT_MARKER,
        f"### factcheck: {CHECK_OUTCOME[code]}",
        "",
        report_summary_line(report)
        + f"; {count_noun(report.summary.errors, 'error')}, {count_noun(report.summary.warnings, 'warning')}.",
    ]
    if change is not None:
        changes = [*change_sections(change), *(changes or [])]
        head += ["", f"This change, {markdown_text(heading(change))}: {markdown_text(summary_line(change))}."]
    footer = ["", "---", f"<sub>The whole ledger: {where}.</sub>"]
    sections = [*(changes or []), *report_sections(report)]
    # Room for every section's heading and a note on what it left out, so a long first section cannot starve the rest.
    note_room = sum(len(s.title) + len(s.intro) + len(where) + 200 for s in sections)
    budget = max_chars - len("\n".join(head + footer)) - note_room
    shares = fair_shares(budget, [sum(len(item) + 1 for item in s.items) for s in sections])
    body: list[str] = []
    for section, share in zip(sections, shares, strict=True):
        body += ["", f"#### {section.title}", *([section.intro] if section.intro else []), ""]
        shown = 0
        for item in section.items:
            cost = len(item) + 1
            if cost > share:
                break
            body.append(item)
            share -= cost
            shown += 1
        left = len(section.items) - shown
        if left:
            noun = section.noun + ("s" if left != 1 else "")
            body += ["", f"… {left} more {noun} not shown (the comment's limit is {max_chars:,} "
                         f"characters): see {where}."]
    text = guard_lines("\n".join(head + body + footer) + "\n")
    if len(text) > max_chars:  # an estimate above was off: never post what GitHub would refuse
        raise AssertionError(f"comment of {len(text)} characters over the limit of {max_chars}")
    return text
