"""Render a Report as text (rich), Markdown, JSON or self-contained HTML: a registry of renderers."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable

from factcheck.errors import Diagnostic, format_diagnostic, location
from factcheck.escaping import LEGACY_COMMAND, dump_json, guard_lines, one_line, printable
from factcheck.report import Matrix, Report, ReportClaim, ReportConflict, ReportEvidence, ReportSource
from factcheck.scoring import UNKNOWN_RELIABILITY

STANCE_MARK = {"supports": "+", "contradicts": "-", "qualifies": "~", "mentions": "·"}


def render_json(report: Report, **_: object) -> str:
    """The report as JSON (documented in the README; `version` changes when a field changes meaning)."""
    return dump_json(report.model_dump(mode="json")) + "\n"


def report_summary_line(report: Report) -> str:
    """'19 claims (13 supported, …); 43 evidence items from 5 sources (…); 2 open conflicts, 4 resolved'."""
    s = report.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s.verdicts.items())
    return (
        f"{count_noun(s.claims, 'claim')} ({verdicts}); {count_noun(s.evidence, 'evidence item')} from "
        f"{count_noun(s.sources, 'source')} ({count_noun(s.origins, 'independent origin')}); "
        f"{count_noun(s.open_conflicts, 'open conflict')}, {s.resolved_conflicts} resolved"
    )


def count_noun(n: int, noun: str) -> str:
    """'1 claim', '2 claims', '0 claims'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _members(report: Report, conflict: ReportConflict) -> list[ReportClaim]:
    return [report.claim(cid) for cid in conflict.claims]


def _side_quotes(report: Report, conflict: ReportConflict, claim: ReportClaim) -> list[ReportEvidence]:
    if conflict.kind == "within-claim":
        return report.quotes_of(claim.id, "supports", "contradicts")
    return report.quotes_of(claim.id, "supports", "contradicts", "qualifies")


def _times(e: ReportEvidence) -> str:
    """'February → 2018-02; last month → 2018-04': the words that gave each time, and what they resolve to."""
    return "; ".join(f"{t.words} → {t.value}" + (" (vague)" if t.vague else "") for t in e.times)


def _stance(e: ReportEvidence) -> str:
    """'supports', or 'supports, read as contradicts' when the scorer read it otherwise (a time mismatch)."""
    return e.stance + (f", read as {e.effective_stance}" if e.effective_stance else "")


def _published(s: ReportSource) -> str:
    """The printed date, or the inferred one marked as inferred, or 'unknown'."""
    if s.published:
        return s.published
    if s.published_inferred:
        i = s.published_inferred
        span = (f"after {i.earliest}" if i.latest is None
                else i.earliest if i.earliest == i.latest else f"{i.earliest}..{i.latest}")
        return f"{span} (inferred, {i.confidence} confidence: {'; '.join(i.evidence)})"
    return "unknown"


def verdict_label(c: ReportClaim) -> str:
    """'supported', or 'unverified (override)' when a reviewer overrode the computed verdict or grade."""
    return c.verdict + (" (override)" if c.override else "")


def _override_line(c: ReportClaim) -> str:
    """Who overrode what, when and why, next to what the evidence gave."""
    o = c.override
    if o is None:
        return ""
    return (
        f"Override by {o.by} on {o.date.isoformat()}: {o.reason} (the evidence gives {c.computed_verdict}, "
        f"grade {c.computed_credibility})"
    )


RATING_MARK = {"consistent": "C", "inconsistent": "I", "neutral": "–"}
ACH_LEGEND = (
    "C consistent, I inconsistent, – neutral; a row that rates every claim alike is non-diagnostic (ND): "
    "it cannot tell the claims apart"
)


def _open_matrices(report: Report) -> list[Matrix]:
    """The matrices of groups that hold an open conflict."""
    open_members = {m for c in report.conflicts if c.status == "open" for m in c.claims}
    return [m for m in report.matrices if open_members & set(m.claims)]


def _strength(e: ReportEvidence) -> str:
    """' (strong)' for evidence that bears on the verdict; nothing for context or unusable items."""
    return f" ({e.strength})" if e.strength != "none" else ""


# ---------------------------------------------------------------- text


def render_text(report: Report, *, color: bool = False, width: int = 120, **_: object) -> str:
    """A readable summary for the terminal: verdicts, grades, origins, and open conflicts side by side."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = one_line  # every string from the files: one line, control characters shown; Rich gets it as Text

    buffer = io.StringIO()
    # No markup, emoji codes or highlighting: "[/sic]", ":smile:" and URLs in a note print as they stand.
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      markup=False, emoji=False, highlight=False)
    console.print(Text("factcheck report", style="bold"))
    console.print(Text(report_summary_line(report)))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("claim", no_wrap=True)
    table.add_column("time", no_wrap=True)
    for name, justify in (
        ("verdict", "left"),
        ("grade", "right"),
        ("items", "right"),
        ("origins/\narticles", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    table.add_column("conflicts", no_wrap=True)
    verdict_style = {"supported": "green", "refuted": "red", "conflicting": "yellow", "unverified": "dim"}
    for claim in report.claims:
        table.add_row(
            Text(t(claim.id)),
            Text(t(claim.time or "")),
            Text(verdict_label(claim), style=verdict_style[claim.verdict]),
            Text(str(claim.credibility)),
            Text(str(len(claim.evidence))),
            Text(f"{claim.independent_sources}/{claim.articles}"),
            Text("\n".join(t(c) for c in claim.conflicts)),
        )
    console.print(table)
    for claim, reason in _unknown_reliability(report):
        console.print(Text(f"  {t(claim.id)}: {t(reason)}", style="yellow"))
    open_conflicts = [c for c in report.conflicts if c.status == "open"]
    if open_conflicts:
        console.print(Text(f"Open conflicts ({len(open_conflicts)})", style="bold red"))
    for conflict in open_conflicts:
        console.print(Text(f"{t(conflict.id)} ({t(conflict.kind)}): {t(conflict.reason)}", style="bold"))
        side = Table(box=box.SQUARE, show_lines=True, expand=True)
        members = _members(report, conflict)
        for claim in members:
            side.add_column(Text(f"{t(claim.id)}\n{verdict_label(claim)}, grade {claim.credibility}"), ratio=1)
        side.add_row(*[Text(t(claim.text) + (f"\n(time: {t(claim.time)})" if claim.time else "")) for claim in members])
        side.add_row(
            *[
                Text(
                    "\n\n".join(
                        f"{STANCE_MARK[e.stance]} {_stance(e)}{_strength(e)} {t(e.source)}: “{t(e.quote)}”"
                        + (f"\n  time: {t(_times(e))}" if e.times else "")
                        for e in _side_quotes(report, conflict, claim)
                    )
                    or "(no anchored evidence)"
                )
                for claim in members
            ]
        )
        console.print(side)
    for matrix in _open_matrices(report):
        console.print(Text("Competing claims (ACH): " + ", ".join(t(c) for c in matrix.claims), style="bold"))
        ach = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        ach.add_column("evidence", ratio=3, overflow="fold")
        for number, _ in enumerate(matrix.claims, start=1):
            ach.add_column(f"[{number}]", justify="center")
        ach.add_column("", no_wrap=True)
        for row in matrix.rows:
            quote = t(row.quote)
            quote = quote if len(quote) <= 70 else quote[:69] + "…"
            ach.add_row(Text(f"{t(row.claim)}[{row.index}] {t(row.source)}: “{quote}”"),
                        *[RATING_MARK[row.ratings[c]] for c in matrix.claims], "" if row.diagnostic else "ND")
        console.print(ach)
        console.print(Text("  " + "; ".join(f"[{n}] {t(c)}" for n, c in enumerate(matrix.claims, start=1))))
        console.print(Text("  " + ACH_LEGEND))
    resolved = [c for c in report.conflicts if c.status == "resolved"]
    if resolved:
        console.print(Text(f"Resolved conflicts ({len(resolved)})", style="bold"))
        for conflict in resolved:
            res = conflict.resolution
            sides = " vs ".join(t(m) for m in conflict.claims)
            if res is None:  # settled by the claims' times, not by a reviewer
                console.print(Text(f"  {t(conflict.id)} {sides}: {t(conflict.reason)}"))
                continue
            console.print(
                Text(
                    f"  {t(conflict.id)} {sides}: {res.outcome}"
                    + (f" ({t(res.preferred)})" if res.preferred else "")
                    + f", by {t(res.by)} on {res.date.isoformat()}: {t(res.note)}"
                )
            )
    problems = [
        d for d in report.diagnostics if d.severity in ("error", "warning") and "conflict" not in d.message[:20]
    ]
    if problems:
        console.print(Text(f"Problems ({len(problems)})", style="bold"))
        for d in problems:
            console.print(Text("  " + format_diagnostic(d.path, d.line, d.col, d.severity, d.message)))
    console.print(
        Text(
            "Grades: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged. "
            "`factcheck report --format markdown` shows the reasons."
        )
    )
    # Rich wraps long lines, so a wrapped line may begin with words from a note: keep it from reading as a command.
    return guard_lines(buffer.getvalue())


def _unknown_reliability(report: Report) -> list[tuple[ReportClaim, str]]:
    """Each claim whose grade rests on ungraded (F) sources, with the reason that names them."""
    return [(c, r) for c in report.claims for r in c.reasons if r.startswith(UNKNOWN_RELIABILITY)]


# ---------------------------------------------------------------- markdown


# What can open inline Markdown in text: code (`), emphasis (* and a "_" not inside a word), strikethrough (~), math
# ($), a table cell (|), HTML and autolinks (< >), an entity (&copy;), a backslash escape, and a "]" that closes a
# link, an image or a reference ("](", "][", "]:"). A lone "[0]" or "[sic]" is text: no user text can define a
# reference, because a "[" that starts a block is escaped too.
_MD_INLINE = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)|[`*~|$<>]|_+|\](?=[(\[:])|&(?=#?[0-9A-Za-z]+;)")
# What can start a block at the beginning of a line, a list item or a quote: a heading, a list item, a thematic
# break, a setext underline, a link reference definition or a footnote.
_MD_BLOCK_MARK = re.compile(r"^(?:[-+#=\[]|\d{1,9}(?=[.)]))")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _md_escape(match: re.Match[str]) -> str:
    mark = match.group()
    if mark in _MD_ENTITIES:
        return _MD_ENTITIES[mark]
    if mark[0] == "_":
        text, start, end = match.string, match.start(), match.end()
        if start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum():
            return mark  # inside a word ("conflicts_with") an underscore cannot open or close emphasis
        return "\\_" * len(mark)
    return "\\" + mark


# On GitHub "@name" notifies a person and "#12" or "GH-12" links an issue, in a PR comment or a step summary: a
# zero-width space after the mark keeps the text as it reads and pings no one (as Renovate does in its PR bodies).
_GITHUB_REFERENCE = re.compile(r"@(?=[A-Za-z0-9])|#(?=\d)|\bGH(?=-\d)")


def _md(text: object) -> str:
    """Text from the files as Markdown that shows it as it stands: no link, image, emphasis, code, HTML or heading,
    and no mention or issue reference."""
    text = _MD_INLINE.sub(_md_escape, one_line(" ".join(str(text).split())))
    text = _MD_BLOCK_MARK.sub(lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), text)
    return _GITHUB_REFERENCE.sub(lambda m: m.group() + "&#8203;", text)


def _code(text: object) -> str:
    """Text as a Markdown code span, fenced with more backticks than any run inside it (CommonMark)."""
    text = one_line(" ".join(str(text).split()))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# The pieces the other Markdown builders (factcheck diff, the pull-request comment) share with the report.
markdown_text = _md
markdown_code = _code


def _md_evidence(e: ReportEvidence) -> str:
    where = f"{e.match}" + (f" {e.similarity:.2f}" if e.match == "fuzzy" and e.similarity is not None else "")
    where += f", {e.start}–{e.end}" if e.start is not None else ""
    note = f" — _{_md(e.note)}_" if e.note else ""
    when = f" — time: {_md(_times(e))}" if e.times else ""
    return f"**{_stance(e)}**{_strength(e)} {_code(e.source)} [{where}]: “{_md(e.quote)}”{when}{note}"


# What each exit code of `check` means for a pull request.
CHECK_OUTCOME = {0: "passed", 1: "failed: findings to resolve", 2: "failed: invalid input"}


def render_check_summary(counts: dict[str, int], diagnostics: list[Diagnostic], code: int, limit: int = 50) -> str:
    """A check as the Markdown of a GitHub step summary: the outcome, the counts, then each diagnostic (at most
    `limit`); text from the files is escaped, never markup."""
    lines = [
        f"### factcheck check: {CHECK_OUTCOME.get(code, f'exit {code}')}",
        "",
        f"{counts['claims']} claims checked: {counts['errors']} errors, {counts['warnings']} warnings, "
        f"{counts['open_conflicts']} open conflicts, {counts['resolved_conflicts']} resolved.",
    ]
    if diagnostics:
        lines += ["", "| severity | where | what |", "|---|---|---|"]
        for d in diagnostics[:limit]:
            where = location(d.path, d.line, d.col)
            lines.append(f"| {d.severity} | {_code(where) if where else ''} | {_md(d.title)}: {_md(d.message)} |")
        if len(diagnostics) > limit:
            lines += ["", f"… and {len(diagnostics) - limit} more: run `factcheck check` to see them all."]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, **_: object) -> str:
    """The report in Markdown, fit for a pull-request comment; text from the files is escaped, never markup."""
    out = ["# factcheck report", "", report_summary_line(report) + ".", ""]
    open_conflicts = [c for c in report.conflicts if c.status == "open"]
    if open_conflicts:
        out += [f"## Open conflicts ({len(open_conflicts)})", ""]
        for conflict in open_conflicts:
            members = _members(report, conflict)
            out += [f"### {_md(conflict.id)} ({_md(conflict.kind)})", "", _md(conflict.reason), ""]
            out.append(
                "| " + " | ".join(f"{_code(c.id)} ({verdict_label(c)}, grade {c.credibility})" for c in members) + " |"
            )
            out.append("|" + "---|" * len(members))
            out.append("| " + " | ".join(_md(c.text) for c in members) + " |")
            cells = [
                "<br><br>".join(_md_evidence(e) for e in _side_quotes(report, conflict, c))
                or "_(no anchored evidence)_"
                for c in members
            ]
            out += ["| " + " | ".join(cells) + " |", ""]
    if report.matrices:
        out += ["## Competing claims (ACH)", "", ACH_LEGEND + ".", ""]
        for matrix in report.matrices:
            out.append("| evidence | " + " | ".join(_code(c) for c in matrix.claims) + " |")
            out.append("|---|" + ":---:|" * len(matrix.claims))
            for row in matrix.rows:
                label = f"{_code(row.claim)}[{row.index}] {_code(row.source)}: “{_md(row.quote)}”" + (
                    "" if row.diagnostic else " **(ND)**"
                )
                out.append(f"| {label} | " + " | ".join(RATING_MARK[row.ratings[c]] for c in matrix.claims) + " |")
            out.append("")
    out += [
        "## Claims",
        "",
        "| claim | time | verdict | grade | evidence | origins / articles | conflicts |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for c in report.claims:
        # Claim ids are slugs (a-z, 0-9, '.', '_', '-'), safe in a link target.
        out.append(
            f"| [{_code(c.id)}](#{c.id}) | {_md(c.time or '')} | {verdict_label(c)} | {c.credibility} | "
            f"{len(c.evidence)} | {c.independent_sources} / {c.articles} | {', '.join(_md(x) for x in c.conflicts)} |"
        )
    out.append("")
    for c in report.claims:
        out += [
            f"### {_md(c.id)}",
            "",
            f"> {_md(c.text)}",
            "",
            *([f"Time: {_md(c.time)} ({'given' if c.time_from == 'field' else 'read from the text'}"
               f"{', a state' if c.kind == 'state' else ''}).", ""] if c.time else []),
            f"**{verdict_label(c)}**, credibility **{c.credibility}** ({c.credibility_label}); "
            f"{c.articles} articles, {c.independent_sources} independent origins.",
            "",
            *([f"_{_md(_override_line(c))}_", ""] if c.override else []),
            "<details><summary>Why</summary>",
            "",
            *[f"- {_md(r)}" for r in c.reasons],
            "",
            "</details>",
            "",
            *[f"- {_md_evidence(e)}" for e in c.evidence],
            "",
        ]
    resolved = [c for c in report.conflicts if c.status == "resolved"]
    if resolved:
        out += [f"## Resolved conflicts ({len(resolved)})", ""]
        for conflict in resolved:
            res = conflict.resolution
            sides = " vs ".join(_code(m) for m in conflict.claims)
            if res is None:  # settled by the claims' times, not by a reviewer
                out.append(f"- **{_md(conflict.id)}** {sides}: {_md(conflict.reason)}")
                continue
            preferred = f" (preferred: {_code(res.preferred)})" if res.preferred else ""
            out.append(
                f"- **{_md(conflict.id)}** {sides}: {res.outcome}{preferred}, "
                f"by {_md(res.by)} on {res.date.isoformat()}: {_md(res.note)}"
            )
        out.append("")
    out += [
        "## Sources",
        "",
        "| source | publisher | published | reliability | origin | cited |",
        "|---|---|---|---|---|---:|",
    ]
    for s in report.sources:
        published = _md(_published(s))
        pin = "" if s.pinned else " ⚠ pin mismatch"
        out.append(
            f"| {_code(s.id)}{pin} | {_md(s.publisher or '—')} | {published} | {s.reliability} "
            f"({s.reliability_label}) | {_code(s.origin)} | {s.cited_by} |"
        )
    problems = [d for d in report.diagnostics if d.severity != "note"]
    if problems:
        out += ["", "## Problems", ""]
        for d in problems:
            where = location(d.path, d.line, d.col)
            out.append(f"- {_code(where) + ' ' if where else ''}{d.severity}: {_md(d.message)}")
    return guard_lines("\n".join(out) + "\n")


# ---------------------------------------------------------------- html

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.35rem .5rem;
vertical-align:top;text-align:left}th{background:#f4f4f4}.supported{color:#176b2c}.refuted{color:#a31515}
.conflicting{color:#9a6700}.unverified{color:#666}
blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #ccc}
.open{border-left:4px solid #a31515;padding-left:.8rem}
.resolved{border-left:4px solid #888;padding-left:.8rem;color:#555}
code{background:#f4f4f4;padding:0 .2rem}.small{font-size:.85em;color:#555}
.override{border-left:4px solid #9a6700;padding-left:.6rem}
.ach td.consistent{background:#e6f4ea;text-align:center}.ach td.inconsistent{background:#fce8e6;text-align:center}
.ach td.neutral{text-align:center;color:#888}.ach tr.nd td{color:#888}
"""


def _h(text: object) -> str:
    """Text from the files for HTML text or a quoted attribute: escaped, its line breaks as character references
    (so no line of the page begins with it), other control characters shown as escapes, `##[` broken up."""
    escaped = html.escape(str(text), quote=True).replace(LEGACY_COMMAND, "#&#35;[")
    for char, ref in (("\r", "&#13;"), ("\n", "&#10;"), ("\u2028", "&#8232;"), ("\u2029", "&#8233;")):
        escaped = escaped.replace(char, ref)
    return printable(escaped, keep="\t")


def _html_evidence(e: ReportEvidence) -> str:
    where = e.match + (f" {e.similarity:.2f}" if e.match == "fuzzy" and e.similarity is not None else "")
    note = f"<div class='small'>{_h(e.note)}</div>" if e.note else ""
    when = f"<div class='small'>time: {_h(_times(e))} <i>({_h(e.time_reference)})</i></div>" if e.times else ""
    return (
        f"<div><b>{_h(_stance(e))}</b> <span class='small'>{_h(_strength(e))} ({_h(where)})</span> "
        f"<code>{_h(e.source)}</code><blockquote>{_h(e.quote)}</blockquote>{when}{note}</div>"
    )


_STANCE_COLOUR = {"supports": "#176b2c", "contradicts": "#a31515", "qualifies": "#9a6700", "mentions": "#888"}
_VERDICT_COLOUR = {"supported": "#176b2c", "refuted": "#a31515", "conflicting": "#9a6700", "unverified": "#888"}


def _date(day: str | None) -> dt.date | None:
    return dt.date.fromisoformat(day) if day else None


def timeline_svg(claims: list[ReportClaim]) -> str:
    """An inline SVG of a claim group: each claim's time as a bar, each quote's resolved times beneath it."""
    # label, colour, spans (None: an open end, "since 2016"), tooltip
    rows: list[tuple[str, str, list[tuple[dt.date | None, dt.date | None, str, bool]], str]] = []
    for claim in claims:
        spans: list[tuple[dt.date | None, dt.date | None, str, bool]] = []
        if claim.time_earliest or claim.time_latest:
            spans.append((_date(claim.time_earliest), _date(claim.time_latest), claim.time or "", False))
        rows.append((claim.id, _VERDICT_COLOUR[claim.verdict], spans, f"{claim.id}: {claim.text}"))
        for index, e in enumerate(claim.evidence):
            firm = [
                (_date(t.earliest), _date(t.latest), f"{t.words} → {t.value}", t.vague)
                for t in e.times
                if t.earliest or t.latest
            ]
            if firm:
                stance = e.effective_stance or e.stance
                source = e.source if len(e.source) <= 30 else e.source[:29] + "…"
                rows.append((f"  [{index}] {source} ({_stance(e)})", _STANCE_COLOUR[stance], firm,
                             f"{e.source}: “{e.quote}”"))
    # The axis fits the firm times; a vague one ("around five years back") is drawn clipped to it.
    days = [d for _, _, spans, _ in rows for a, b, _, vague in spans if not vague for d in (a, b) if d]
    days = days or [d for _, _, spans, _ in rows for a, b, _, _ in spans for d in (a, b) if d]
    if not days:
        return ""
    first_year, last_year = min(days).year, max(days).year + 1
    first, last = dt.date(first_year, 1, 1), dt.date(last_year, 1, 1) - dt.timedelta(days=1)
    lo, hi = dt.date(first_year, 1, 1).toordinal(), dt.date(last_year, 1, 1).toordinal()
    label_w, plot_w, row_h, top = 330, 420, 18, 22
    height = top + row_h * len(rows) + 6

    def x(day: dt.date) -> float:
        return label_w + plot_w * (day.toordinal() - lo) / (hi - lo)

    out = [f"<svg class='timeline' role='img' viewBox='0 0 {label_w + plot_w + 24} {height}' "
           f"width='{label_w + plot_w + 24}' height='{height}' xmlns='http://www.w3.org/2000/svg'>",
           f"<title>Timeline of {_h(', '.join(c.id for c in claims))}</title>"]
    step = max(1, round((last_year - first_year) / 8))
    for year in range(first_year, last_year + 1, step):
        tx = x(dt.date(year, 1, 1))
        out.append(f"<line x1='{tx:.1f}' y1='{top - 6}' x2='{tx:.1f}' y2='{height}' stroke='#ddd'/>"
                   f"<text x='{tx:.1f}' y='{top - 9}' font-size='10' text-anchor='middle' fill='#555'>{year}</text>")
    for i, (label, colour, spans, tip) in enumerate(rows):
        y = top + i * row_h
        weight = " font-weight='bold'" if not label.startswith(" ") else ""
        out.append(f"<g><title>{_h(tip)}</title><text x='4' y='{y + 12}' font-size='11'{weight} "
                   f"xml:space='preserve'>{_h(label[:52])}</text>")
        for a, b, words, vague in spans:
            x0, x1 = x(max(a or first, first)), x(min(b or last, last) + dt.timedelta(days=1))
            if x1 <= x0:
                continue
            dash = " stroke-dasharray='2,2' fill-opacity='0.15'" if vague else ""
            out.append(f"<rect x='{x0:.1f}' y='{y + 3}' width='{max(x1 - x0, 3):.1f}' height='{row_h - 6}' "
                       f"fill='{colour}' stroke='{colour}'{dash}><title>{_h(words)}</title></rect>")
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def render_html(report: Report, **_: object) -> str:
    """The report as one self-contained HTML file; every piece of source text is escaped."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>factcheck report</title><style>{_CSS}</style></head><body>",
        "<h1>factcheck report</h1>",
        f"<p>{_h(report_summary_line(report))}</p>",
    ]
    for conflict in report.conflicts:
        members = _members(report, conflict)
        status = "open" if conflict.status == "open" else "resolved"
        parts.append(
            f"<section class='{status}'><h2>{_h(status.title())} conflict {_h(conflict.id)} ({_h(conflict.kind)})</h2>"
        )
        parts.append(f"<p>{_h(conflict.reason)}</p>")
        if conflict.resolution:
            res = conflict.resolution
            parts.append(
                f"<p><b>Resolution:</b> {_h(res.outcome)}{' (' + _h(res.preferred) + ')' if res.preferred else ''}, "
                f"by {_h(res.by)} on {_h(res.date.isoformat())}: {_h(res.note)}</p>"
            )
        parts.append(
            "<table><tr>"
            + "".join(
                f"<th>{_h(c.id)} <span class='{_h(c.verdict)}'>{_h(verdict_label(c))}</span>, "
                f"grade {c.credibility}</th>"
                for c in members
            )
            + "</tr><tr>"
            + "".join(f"<td>{_h(c.text)}</td>" for c in members)
            + "</tr><tr>"
            + "".join(
                "<td>"
                + (
                    "".join(_html_evidence(e) for e in _side_quotes(report, conflict, c))
                    or "<i>no anchored evidence</i>"
                )
                + "</td>"
                for c in members
            )
            + "</tr></table></section>"
        )
    if report.matrices:
        parts.append(f"<h2>Competing claims (ACH)</h2><p class='small'>{_h(ACH_LEGEND)}.</p>")
        for matrix in report.matrices:
            parts.append(
                "<table class='ach'><tr><th>evidence</th>"
                + "".join(f"<th>{_h(c)}</th>" for c in matrix.claims)
                + "</tr>"
                + "".join(
                    f"<tr class='{'' if row.diagnostic else 'nd'}'><td><code>{_h(row.claim)}</code>[{row.index}] "
                    f"<code>{_h(row.source)}</code>: “{_h(row.quote)}”{'' if row.diagnostic else ' <b>(ND)</b>'}</td>"
                    + "".join(
                        f"<td class='{row.ratings[c]}'>{RATING_MARK[row.ratings[c]]}</td>" for c in matrix.claims
                    )
                    + "</tr>"
                    for row in matrix.rows
                )
                + "</table>"
            )
    parts.append(
        "<h2>Claims</h2><table><tr><th>claim</th><th>verdict</th><th>grade</th><th>evidence</th>"
        "<th>origins / articles</th></tr>"
    )
    for c in report.claims:
        parts.append(
            f"<tr><td><a href='#{_h(c.id)}'>{_h(c.id)}</a></td><td class='{_h(c.verdict)}'>{_h(verdict_label(c))}</td>"
            f"<td>{c.credibility}</td><td>{len(c.evidence)}</td><td>{c.independent_sources} / {c.articles}</td></tr>"
        )
    parts.append("</table>")
    timelines = [(group, timeline_svg(group)) for group in report.claim_groups()]
    timelines = [(group, svg) for group, svg in timelines if svg]
    if timelines:
        parts.append("<h2>Timelines</h2><p class='small'>Each claim's time (bold rows, coloured by verdict) and "
                     "the times its quotes name, resolved against their sources' dates (coloured by stance; "
                     "dashed: vague). Hover for the words.</p>")
        for group, svg in timelines:
            parts.append(f"<figure><figcaption>{_h(' · '.join(c.id for c in group))}</figcaption>{svg}</figure>")
    for c in report.claims:
        parts.append(
            f"<section id='{_h(c.id)}'><h3>{_h(c.id)}</h3><p>{_h(c.text)}</p>"
            + (f"<p class='small'>time: {_h(c.time)} ({'given' if c.time_from == 'field' else 'read from the text'}"
               f"{', a state' if c.kind == 'state' else ''})</p>" if c.time else "")
            + f"<p><b class='{_h(c.verdict)}'>{_h(verdict_label(c))}</b>, credibility <b>{c.credibility}</b> "
            f"({_h(c.credibility_label)})</p>"
            + (f"<p class='override'>{_h(_override_line(c))}</p>" if c.override else "")
            + "<details><summary>Why</summary><ul>"
            + "".join(f"<li>{_h(r)}</li>" for r in c.reasons)
            + "</ul></details>"
            + "".join(_html_evidence(e) for e in c.evidence)
            + "</section>"
        )
    parts.append(
        "<h2>Sources</h2><table><tr><th>source</th><th>publisher</th><th>published</th><th>reliability</th>"
        "<th>origin</th><th>cited</th></tr>"
    )
    for s in report.sources:
        note = f"<div class=small>{_h(s.published_note)}</div>" if s.published_note else ""
        parts.append(
            f"<tr><td>{_h(s.id)}{'' if s.pinned else ' ⚠ pin mismatch'}</td><td>{_h(s.publisher or '—')}</td>"
            f"<td>{_h(_published(s))}{note}</td>"
            f"<td>{_h(s.reliability)} ({_h(s.reliability_label)})</td><td>{_h(s.origin)}</td><td>{s.cited_by}</td></tr>"
        )
    parts.append("</table>")
    problems = [d for d in report.diagnostics if d.severity != "note"]
    if problems:
        parts.append(
            "<h2>Problems</h2><ul>"
            + "".join(
                f"<li>{'<code>' + _h(where) + '</code> ' if (where := location(d.path, d.line, d.col)) else ''}"
                f"{_h(d.severity)}: {_h(d.message)}</li>"
                for d in problems
            )
            + "</ul>"
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}
