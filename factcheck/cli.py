"""The factcheck command line: parse options, call the core, print, exit. Nothing else.

Exit codes: 0 clean; 1 findings (open conflicts, or what --fail-on names); 2 invalid input or usage.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from factcheck import __version__
from factcheck.errors import (
    EXIT_INVALID,
    Diagnostic,
    FactcheckError,
    InvalidArgumentError,
    QuoteNotFoundError,
    SourceNotFoundError,
    format_diagnostic,
)
from factcheck.escaping import dump_json, guard_lines, one_line, printable

if TYPE_CHECKING:
    from factcheck.warm import OutputMemo

app = typer.Typer(
    name="factcheck",
    help="Check that quoted evidence stands in its sources, grade claims, and fail CI while conflicts are open.\n\n"
    "Exit codes: 0 clean; 1 findings (open conflicts, or what --fail-on names); 2 invalid input or usage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
claim_app = typer.Typer(
    help="Add claims and evidence to claims.yaml (comments, order and quoting are kept).",
    no_args_is_help=True,
)
source_app = typer.Typer(help="Work with one source under sources/.", no_args_is_help=True)
app.add_typer(claim_app, name="claim")
app.add_typer(source_app, name="source")

ProjectOption = Annotated[
    Path,
    typer.Option("--project", "-p", help="Project folder holding claims.yaml and sources/.", file_okay=False),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite cache file; safe to delete, rebuilt from the files.",
        show_default="PROJECT/.factcheck/factcheck.db",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = EXIT_INVALID) -> typer.Exit:
    typer.echo(
        message if message.startswith(("error:", "warning:")) or ": error: " in message else f"error: {message}",
        err=True,
    )
    return typer.Exit(code)


def handles_errors(func: F) -> F:
    """Turn a FactcheckError from the core into `error: …` on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FactcheckError as exc:
            raise _fail(_error_text(exc), exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _error_text(exc: FactcheckError) -> str:
    """The error's message with control characters shown, not obeyed; a message of diagnostics keeps its lines."""
    if exc.diagnostics:  # one formatted diagnostic a line, each escaped already
        return "\n".join(printable(line) for line in str(exc).split("\n"))
    return printable(str(exc))


def _progress() -> Callable[[str], None] | None:
    if sys.stderr.isatty():
        return lambda message: typer.echo(f"factcheck: {printable(message)}", err=True)
    return None


def _notice(message: str) -> None:
    """A line from the core that is always said (a cache rebuilt or done without), on stderr."""
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """factcheck: a ledger of claims, checked against the sources they quote."""


# ---------------------------------------------------------------- check


class CheckFormat(StrEnum):
    """Output formats of `check`."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    """What makes `check` exit 1."""

    conflict = "conflict"
    warning = "warning"
    none = "none"


def _github_escape(value: str, *, prop: bool = False) -> str:
    """Escape for a workflow command as GitHub's runner unescapes it; other control characters are shown as `\\x1b`."""
    value = printable(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the file and line."""
    level = {"error": "error", "warning": "warning", "note": "notice"}[d.severity]
    props = [f"file={_github_escape(d.path, prop=True)}"] if d.path else []
    if d.line is not None:
        props.append(f"line={d.line}")
    if d.col is not None:
        props.append(f"col={d.col}")
    props.append(f"title={_github_escape(d.title, prop=True)}")
    return f"::{level} {','.join(props)}::{_github_escape(d.message)}"


@app.command()
@handles_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the project (created if absent).")] = Path("."),
    github: Annotated[
        bool,
        typer.Option(
            "--github",
            help="Also write .github/workflows/factcheck.yml (at the top of the git repository holding FOLDER) "
            "that runs check on every push and pull request; on an existing project, write only that.",
        ),
    ] = False,
) -> None:
    """Start a project: claims.yaml (commented, with its JSON schema for editors), sources/ and a .gitignore line.

    Refuses, changing nothing, when claims.yaml or claims.schema.json is there already (with --github: when the
    workflow file is there already).

    Example: factcheck init ledger --github, then factcheck source add article.html --project ledger
    """
    from factcheck.project import init_project

    done = init_project(folder, github=github)
    if done.kept_project:
        typer.echo(f"kept the existing project in {printable(str(folder))}")
    for path in done.written:
        typer.echo(f"created {printable(_from_here(path))}{'/' if path.is_dir() else ''}")
    if done.install is not None and done.install.requirement is None:
        typer.echo(f"warning: {printable(_from_here(done.workflow))}: FACTCHECK_INSTALL is empty: "
                   f"{printable(done.install.reason)}; set it to what pip can install factcheck from in CI "
                   "(e.g. 'factcheck @ git+https://HOST/OWNER/factcheck@TAG'), or the workflow stops there", err=True)
    if done.kept_project:
        return
    shown = printable(str(folder))
    typer.echo(f"next: factcheck source add FILE --project {shown}, then factcheck claim add ID \"TEXT\" "
               f"--project {shown}, then factcheck check --project {shown}")


def _from_here(path: Path | None) -> str:
    """A path as given, or one found upwards (a repository's top) shown from the current folder when it is inside."""
    if path is None or not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@app.command()
@handles_errors
def validate(project: ProjectOption = Path(".")) -> None:
    """Check claims.yaml against its schema only: no source read, no cache, no quote anchored (a fast hook).

    Prints the schema errors `check` would print, and exits 2 when there is one, else 0.

    Example: factcheck validate --project ledger
    """
    from factcheck.project import ProjectPaths, validate_claims

    paths = ProjectPaths.at(project)
    diagnostics = validate_claims(paths)
    for d in diagnostics:
        typer.echo(d.format())
    errors = sum(d.count for d in diagnostics if d.severity == "error")
    shown = printable(paths.shown(paths.claims))
    typer.echo(f"{shown}: {errors} schema error{'s' if errors != 1 else ''}" if errors else f"{shown}: valid",
               err=True)
    raise typer.Exit(EXIT_INVALID if errors else 0)


def _write_step_summary(diagnostics: list[Diagnostic], counts: dict[str, int], code: int) -> None:
    """Append the check's Markdown summary to $GITHUB_STEP_SUMMARY when Actions names one (steps share the file)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from factcheck.renderers import render_check_summary

    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(render_check_summary(counts, diagnostics, code))
    except OSError as exc:
        typer.echo(f"warning: GITHUB_STEP_SUMMARY {target}: cannot write the summary: {exc.strerror}", err=True)


def _print_annotations(diagnostics: list[Diagnostic]) -> None:
    """Annotations up to GitHub's cap per level, the rest as plain log lines, and a notice saying how many."""
    shown: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for d in diagnostics:
        if shown[d.severity] < GITHUB_ANNOTATIONS_SHOWN:
            typer.echo(format_github(d))
            shown[d.severity] += 1
        else:
            typer.echo(guard_lines(d.format()))
            left[d.severity] += d.count
    if left:
        more = ", ".join(f"{n} more {level}{'s' if n != 1 else ''}" for level, n in sorted(left.items()))
        typer.echo(f"::notice title=factcheck::{more} in the log (GitHub shows {GITHUB_ANNOTATIONS_SHOWN} "
                   "annotations of each kind per step)")


@app.command()
def check(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text (file:line:col: severity: message), json, GitHub Actions annotations, or SARIF 2.1.0 "
            "(for GitHub code scanning).",
            show_default="github when GITHUB_ACTIONS=true, else text",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="What makes the exit code 1: open conflicts, also warnings (quote drift), or none."),
    ] = FailOn.conflict,
) -> None:
    """Check every quote, grade every claim, and exit 1 while a conflict is open.

    Example: factcheck check --project . --format github
    """
    tried = _UNREPLAYED.pop((os.getcwd(), project, db, output_format, fail_on), None)  # main() stat'ed them
    fmt, root, memo = tried or _check_memo(project, db, output_format, fail_on, time.time_ns())
    replayed = None if tried else _replay(memo)
    if replayed is not None:
        raise typer.Exit(replayed)

    from factcheck.project import ProjectPaths, check_project, repository_path
    from factcheck.report import all_diagnostics

    def to_repository(path: str) -> str:
        return repository_path(project, path, root)

    root_uri = (root or project.resolve()).as_uri().rstrip("/") + "/"  # what SARIF's relative paths start from
    notices: list[str] = []

    def notice(message: str) -> None:
        notices.append(message)
        _notice(message)

    try:
        result = check_project(ProjectPaths.at(project, db), _progress(), notice, keep_going=True)
    except FactcheckError as exc:
        diagnostics = exc.diagnostics or [Diagnostic("", None, None, "error", str(exc))]
        _print_check(fmt, diagnostics, None, exc.exit_code, to_repository, root_uri)
        raise typer.Exit(exc.exit_code) from None
    code = result.exit_code(fail_on.value)
    with _recorded_echoes() as echoes:
        _print_check(fmt, all_diagnostics(result), result, code, to_repository, root_uri)
    if memo is not None and not notices and None not in echoes:  # a notice says the cache was not used as it is
        memo.keep(code, echoes)
    raise typer.Exit(code)


def _check_memo(project: Path, db: Path | None, output_format: CheckFormat | None, fail_on: FailOn, started: int,
                ) -> tuple[CheckFormat, Path | None, OutputMemo | None]:
    """The format `check` prints in, the repository holding the project, and the output kept for these options."""
    from factcheck.gitrev import repository_root
    from factcheck.warm import open_memo

    fmt = output_format or (CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text)
    root = repository_root(project, os.environ.get("GITHUB_WORKSPACE"))
    if fmt is CheckFormat.github and os.environ.get("GITHUB_STEP_SUMMARY"):  # a file the run writes: not output
        return fmt, root, None
    return fmt, root, open_memo("check", [fmt.value, fail_on.value, str(root), str(project)], project, db, started)


def _replay(memo: OutputMemo | None) -> int | None:
    """Print the output kept for a run whose inputs are all unchanged, and return its exit code; else None."""
    kept = memo.replay() if memo is not None else None
    if kept is None:
        return None
    for text, err, nl in kept[1]:
        typer.echo(text, err=err, nl=nl)
    return kept[0]


# The options `_warm_check` reads, by every name they go by; the value follows or comes after `=`.
_CHECK_OPTIONS = {"--project": "project", "-p": "project", "--db": "db", "--format": "format", "-f": "format",
                  "--fail-on": "fail_on"}


def _warm_check(args: list[str], started: int, *, handover: bool = False) -> int | None:
    """The exit code of a `check` answered from its kept output before Typer parses anything; None to run Typer.

    Typer coerces each option with a pydantic validator it builds at run time (0.1 s, most of a warm run). Only the
    plainest command lines are read here: anything else (--help, a repeated or unknown option, a value that is not
    a choice) goes to Typer, which parses it and says what is wrong as usual. With `handover`, what was stat'ed is
    left for that `check`, so it does not stat every input again.
    """
    if not args or args[0] != "check":
        return None
    given: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in _CHECK_OPTIONS or _CHECK_OPTIONS[name] in given:
            return None
        value = value if eq else next(rest, "")
        if not value or value.startswith("-"):
            return None
        given[_CHECK_OPTIONS[name]] = value
    try:
        fmt = CheckFormat(given["format"]) if "format" in given else None
        fail_on = FailOn(given.get("fail_on", FailOn.conflict.value))
    except ValueError:
        return None
    db = Path(given["db"]) if "db" in given else None
    project = Path(given.get("project", "."))
    opened = _check_memo(project, db, fmt, fail_on, started)
    replayed = _replay(opened[2])
    if replayed is None and handover:  # the full run that follows in this process keeps its output under this memo
        _UNREPLAYED[(os.getcwd(), project, db, fmt, fail_on)] = opened
    return replayed


# What main() found when it could not answer a `check` from its kept output, for the check it runs next (once).
_UNREPLAYED: dict[tuple[str, Path, Path | None, CheckFormat | None, FailOn], tuple[Any, ...]] = {}


@contextlib.contextmanager
def _recorded_echoes() -> Iterator[list[tuple[str, bool, bool] | None]]:
    """Every typer.echo call made inside, to print again on a warm run; None for one that cannot be replayed."""
    calls: list[tuple[str, bool, bool] | None] = []
    echo = typer.echo

    def recording(message: Any = None, file: Any = None, nl: bool = True, err: bool = False, color: Any = None) -> None:
        replayable = isinstance(message, str) and file is None and color is None
        calls.append((message, err, nl) if replayable else None)
        echo(message, file=file, nl=nl, err=err, color=color)

    # Patched where every printer of check looks it up, so the printers stay as they are.
    typer.echo = recording
    try:
        yield calls
    finally:
        typer.echo = echo


# GitHub shows at most 10 error and 10 warning annotations of a step; the rest go to the log as plain lines.
GITHUB_ANNOTATIONS_SHOWN = 10


def _print_check(fmt: CheckFormat, diagnostics: list[Diagnostic], result: Any, code: int,
                 to_repository: Callable[[str], str] = lambda path: path, root_uri: str | None = None) -> None:
    if fmt is not CheckFormat.text:  # machine formats name files from the repository root, whatever --project is
        diagnostics = [dataclasses.replace(d, path=to_repository(d.path)) for d in diagnostics]
    open_count = len(result.open_conflicts) if result else 0
    counts = {
        "claims": len(result.ledger.claims) if result else 0,
        "errors": sum(d.count for d in diagnostics if d.severity == "error" and d.title != "open conflict"),
        "warnings": sum(d.count for d in diagnostics if d.severity == "warning"),
        "open_conflicts": open_count,
        "resolved_conflicts": len(result.conflicts) - open_count if result else 0,
    }
    if fmt is CheckFormat.sarif:
        _print_sarif(diagnostics, result, code, root_uri, counts)
    elif fmt is CheckFormat.json:
        from factcheck.findings import rule_id

        typer.echo(
            dump_json(
                {
                    "exit_code": code,
                    "summary": counts,
                    "diagnostics": [
                        {
                            "path": d.path,
                            "line": d.line,
                            "col": d.col,
                            "severity": d.severity,
                            "title": d.title,
                            "rule": rule_id(d),  # as in --format sarif (factcheck/findings.py)
                            "message": d.message,
                        }
                        for d in diagnostics
                    ],
                    "conflicts": [c.model_dump(mode="json") for c in result.conflicts] if result else [],
                }
                # The project's vocabulary files, when it has any (a project without rules/ reads as before).
                | ({"rules": [f.to_json() for f in result.vocabulary.files]} if result and result.vocabulary.files
                   else {}),
            )
        )
    else:
        if result is not None and result.vocabulary.files:
            typer.echo(result.vocabulary.summary(), err=True)
        if fmt is CheckFormat.github:
            _print_annotations(diagnostics)
            _write_step_summary(diagnostics, counts, code)
        else:
            for d in diagnostics:
                typer.echo(d.format())
        _print_counts(result, counts)


def _print_counts(result: Any, counts: dict[str, int]) -> None:
    """The summary line on stderr, after a run that checked the project."""
    if result is not None:
        typer.echo(f"{counts['claims']} claims checked: {counts['errors']} errors, {counts['warnings']} warnings, "
                   f"{counts['open_conflicts']} open conflicts, {counts['resolved_conflicts']} resolved", err=True)


def _print_sarif(diagnostics: list[Diagnostic], result: Any, code: int, root_uri: str | None,
                 summary: dict[str, int]) -> None:
    """The SARIF log on stdout, nothing else there; the summary line on stderr, as for the other formats."""
    from importlib.metadata import PackageNotFoundError, metadata

    from factcheck.sarif import render_sarif

    try:  # the project's address, when the installed package names one
        urls = metadata("factcheck").get_all("Project-URL") or []
        home = next((url.split(",", 1)[1].strip() for url in urls if "," in url), None)
    except PackageNotFoundError:
        home = None
    typer.echo(dump_json(render_sarif(diagnostics, version=__version__, exit_code=code, completed=result is not None,
                                      summary=summary if result is not None else None, root_uri=root_uri,
                                      information_uri=home)))
    if result is not None and result.vocabulary.files:
        typer.echo(result.vocabulary.summary(), err=True)
    _print_counts(result, summary)


# ---------------------------------------------------------------- report


class ClaimKind(StrEnum):
    """What a claim is about: an event at its time, or a state over it."""

    event = "event"
    state = "state"


class ReportFormat(StrEnum):
    """Output formats of `report`."""

    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


@app.command()
@handles_errors
def report(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False),
    ] = None,
    comment: Annotated[
        bool,
        typer.Option(
            "--comment",
            help="With --format markdown: a pull-request comment (outcome, open conflicts, problems), in --max-chars.",
        ),
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(
            help="With --comment: the most characters to print; what does not fit is counted in a note.",
            show_default="65000 (GitHub refuses comments over 65,536)",
        ),
    ] = None,
    link: Annotated[
        str | None,
        typer.Option(help="With --comment: the full report's URL, named where the comment leaves things out."),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(help="With --comment: a git revision; the comment also says what the change from it did "
                     "(as `factcheck diff BASE`)."),
    ] = None,
) -> None:
    """Show every claim with its verdict, grade, evidence and conflicts.

    Example: factcheck report --format markdown --output report.md
    """
    from factcheck.project import ProjectPaths, check_project
    from factcheck.renderers import RENDERERS
    from factcheck.report import build_report
    from factcheck.yamlfile import write_atomically

    if comment and output_format is not ReportFormat.markdown:
        raise _fail("--comment needs --format markdown (a pull-request comment is Markdown)")
    if not comment and (max_chars is not None or link is not None or base is not None):
        raise _fail("--max-chars, --link and --base shape a comment: add --comment")
    if comment:
        from factcheck.comment import COMMENT_MAX_CHARS, COMMENT_MIN_CHARS

        max_chars = COMMENT_MAX_CHARS if max_chars is None else max_chars
        if max_chars < COMMENT_MIN_CHARS:
            raise _fail(f"--max-chars {max_chars} is too small for a comment: give at least {COMMENT_MIN_CHARS}")
    result = check_project(ProjectPaths.at(project, db), _progress(), _notice)
    built = build_report(result)
    color = output is None and output_format is ReportFormat.text and sys.stdout.isatty()
    width = max(100, shutil.get_terminal_size((120, 40)).columns) if color else 120
    if comment:
        from factcheck.comment import render_comment

        change = None
        if base is not None:  # the working tree was just checked, so the diff's head side reads a warm cache
            from factcheck.project import diff_project

            change = diff_project(project, base, None, db, _progress(), _notice)
        text = render_comment(built, max_chars=max_chars or COMMENT_MAX_CHARS, link=link, change=change)
    else:
        text = RENDERERS[output_format.value](built, color=color, width=width)
    for d in built.diagnostics:
        if d.severity in ("error", "warning") and not d.message.startswith("open conflict"):
            typer.echo(format_diagnostic(d.path, d.line, d.col, d.severity, d.message), err=True)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(output, text)
        typer.echo(f"wrote {output} ({output_format.value}, {len(built.claims)} claims)", err=True)


# ---------------------------------------------------------------- diff


class DiffFormat(StrEnum):
    """Output formats of `diff`."""

    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handles_errors
def diff(
    base: Annotated[
        str | None,
        typer.Argument(metavar="BASE", help="The git revision to compare from (a commit, branch, tag, HEAD~1).",
                       show_default="HEAD"),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(metavar="HEAD", help="The git revision to compare to.", show_default="the working tree"),
    ] = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
) -> None:
    """Show what a change does to the ledger: claims, verdicts and grades, quotes, conflicts, resolutions, sources.

    Reads the revisions from git (no checkout); exits 0 whatever changed, 2 on a bad revision, no repository, or a
    claims.yaml that cannot be read.
    Example: factcheck diff HEAD~1 --format markdown
    """
    from factcheck.diffrender import DIFF_RENDERERS
    from factcheck.project import diff_project

    found = diff_project(project, base, head, db, _progress(), _notice)
    typer.echo(DIFF_RENDERERS[output_format.value](found), nl=False)
    if not found.compared:
        raise typer.Exit(EXIT_INVALID)


# ---------------------------------------------------------------- schema


class SchemaKind(StrEnum):
    """Which file `schema` describes."""

    claims = "claims"
    source = "source"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="claims: claims.yaml; source: a source file's front matter.")
    ] = SchemaKind.claims,
) -> None:
    """Print the JSON Schema of claims.yaml (or of source front matter), for editors to validate against.

    Example: factcheck schema > claims.schema.json
    """
    from factcheck.models import schema_document

    typer.echo(json.dumps(schema_document(kind is SchemaKind.claims), indent=2, ensure_ascii=False))


# ---------------------------------------------------------------- claim add / add-evidence


StanceOption = Annotated[str | None, typer.Option(help="supports, contradicts, qualifies or mentions.")]


def _checked_evidence(project: Path, source: str, quote: str, stance: str, note: str | None) -> Any:
    """An Evidence item whose quote anchors exactly (or after normalising) in the article text of its source."""
    from pydantic import ValidationError

    from factcheck.models import STANCES, Evidence
    from factcheck.project import locate_quote
    from factcheck.sources import read_source, refuse_outside, source_path

    if stance not in STANCES:
        raise InvalidArgumentError(f"--stance: '{stance}' is not one of {', '.join(STANCES)}")
    try:
        evidence = Evidence(source=source, quote=quote, stance=stance, note=note)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise InvalidArgumentError(_first_error(exc)) from None
    file = source_path(project / "sources", source)
    if not file.exists():
        raise SourceNotFoundError(f"no source '{source}': expected {file}")
    refuse_outside(file, project.resolve(), str(file))
    loaded = read_source(file, str(file))
    anchor, closest = locate_quote(quote, loaded)
    if anchor is None or anchor.method == "fuzzy":
        seen = anchor or closest
        hint = f'; the closest passage reads "{seen.exact}" (similarity {seen.similarity:.2f})' if seen else ""
        raise QuoteNotFoundError(
            f"quote not found in the article text of source {source}{hint}; copy the words exactly"
        )
    if anchor.method == "normalized" and anchor.exact != quote:
        typer.echo(
            "note: quote differs from the source in quotes, dashes, spaces or case; wrote the source's own words",
            err=True,
        )
        evidence = evidence.model_copy(update={"quote": anchor.exact})
    return evidence


def _first_error(exc: Any) -> str:
    err = exc.errors()[0]
    field = ".".join(map(str, err["loc"]))
    if err["type"] == "string_pattern_mismatch":
        return f"{field}: {err['input']!r} is not a valid id: use lowercase letters, digits, '.', '_' and '-'"
    if err["type"] == "string_too_long":
        limit = err["ctx"]["max_length"]
        hint = ": quote a shorter passage, the sentence or two that carry the claim" if field == "quote" else ""
        return f"{field}: {len(err['input']):,} characters long; the limit is {limit:,}{hint}"
    return f"{field}: {err['msg'].removeprefix('Value error, ')}"


@claim_app.command("add")
@handles_errors
def claim_add(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A new claim id (lowercase slug).")],
    text: Annotated[str, typer.Argument(help="The claim: one checkable statement, who, what, when.")],
    project: ProjectOption = Path("."),
    source: Annotated[str | None, typer.Option(help="Evidence: the id of a source under sources/.")] = None,
    quote: Annotated[str | None, typer.Option(help="Evidence: the words as they stand in the source.")] = None,
    stance: StanceOption = None,
    note: Annotated[str | None, typer.Option(help="Evidence: a note for reviewers.")] = None,
    time: Annotated[
        str | None,
        typer.Option(help="When the claim holds (2014-11, 2018-04-24, 2013/2018-05-12); read from the text if absent."),
    ] = None,
    kind: Annotated[
        ClaimKind, typer.Option(help="event: happens once at its time; state: holds over its time (an office).")
    ] = ClaimKind.event,
) -> None:
    """Add a claim to claims.yaml, with one evidence item if --source, --quote and --stance are given.

    Example: factcheck claim add accord-2015 "Pakistan and Russia signed a military-technical accord in
    October 2015." --source dawn-2018-04-25-bajwa-moscow --quote "inked military-technical cooperation accord"
    --stance supports
    """
    from pydantic import ValidationError

    from factcheck.claims import add_claim
    from factcheck.models import Claim
    from factcheck.project import ProjectPaths, load_project_vocabulary
    from factcheck.timing import claim_time

    evidence = []
    given = [v is not None for v in (source, quote, stance)]
    if any(given) and not all(given):
        raise InvalidArgumentError("evidence needs all three of --source, --quote and --stance")
    if all(given):
        evidence.append(_checked_evidence(project, source, quote, stance, note))  # type: ignore[arg-type]
    try:
        claim = Claim(id=claim_id, text=text, evidence=evidence, time=time, kind=kind.value)
    except ValidationError as exc:
        raise InvalidArgumentError(_first_error(exc)) from None
    vocabulary = load_project_vocabulary(ProjectPaths.at(project))  # a bad rules/ file stops it before any write
    add_claim(project / "claims.yaml", claim)
    when = claim_time(claim, vocabulary=vocabulary)
    dated = f"; time {when.label} ({'given' if claim.time else 'read from the text'})" if when.span else ""
    typer.echo(f"added claim {claim_id}" + (f" with evidence from {source}" if evidence else "") + dated)


@claim_app.command("add-evidence")
@handles_errors
def claim_add_evidence(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The claim to add evidence to.")],
    source: Annotated[str, typer.Option(help="The id of a source under sources/.")],
    quote: Annotated[str, typer.Option(help="The words as they stand in the source.")],
    stance: Annotated[str, typer.Option(help="supports, contradicts, qualifies or mentions.")],
    project: ProjectOption = Path("."),
    note: Annotated[str | None, typer.Option(help="A note for reviewers.")] = None,
) -> None:
    """Add an evidence item to a claim; the quote must stand in the article text of its source.

    Example: factcheck claim add-evidence defence-agreement-2014 --source dawn-2018-04-25-bajwa-moscow
    --quote "Both sides had signed a defence cooperation agreement in November 2014" --stance supports
    """
    from factcheck.claims import add_evidence

    evidence = _checked_evidence(project, source, quote, stance, note)
    index = add_evidence(project / "claims.yaml", claim_id, evidence)
    typer.echo(f"added evidence[{index}] to claim {claim_id}")


# ---------------------------------------------------------------- search and suggest


class SearchFormat(StrEnum):
    """Output formats of `search` and `suggest`."""

    text = "text"
    json = "json"


TextOrJson = Annotated[SearchFormat, typer.Option("--format", "-f", help="Output format.")]


def _marked(snippet: str, color: bool, escape: bool = True) -> str:
    """A snippet with its matches (between \\x01 and \\x02) shown: bold on a terminal, **like this** elsewhere.

    Args:
        escape: show control characters in the text as escapes (for the terminal, not for JSON).
    """
    on, off = ("\x1b[1m", "\x1b[0m") if color else ("**", "**")
    return "".join(
        on if part == "\x01" else off if part == "\x02" else printable(part) if escape else part
        for part in re.split("([\x01\x02])", snippet)
    )


def _iso_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidArgumentError(f"{option}: '{value}' is not a date: write YYYY-MM-DD") from None


@app.command()
@handles_errors
def search(
    query: Annotated[
        str | None, typer.Argument(help='Words to find; "quoted words" must stand together. Or use --from.')
    ] = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
    source: Annotated[str | None, typer.Option(help="Only this source (its id).")] = None,
    since: Annotated[str | None, typer.Option(help="Only sources published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only sources published on or before YYYY-MM-DD.")] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="How many passages to show.")] = 10,
    per_source: Annotated[
        int | None, typer.Option(min=1, help="At most N passages of one source (1: one passage per article).")
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="FILE",
            help="Run many queries in one process: one query per line of FILE ('-' for stdin), or JSON lines "
            '{"query": ..., "source", "since", "until", "top", "per_source"} (each optional but "query"; the '
            "command's options are the defaults). Prints JSON lines: one {\"query\", \"hits\"} object per query.",
        ),
    ] = None,
    output_format: TextOrJson = SearchFormat.text,
) -> None:
    """Search the article text of every source (BM25 over sentences; comments and sidebars are never searched).

    Passages with every word come first, then those with some. With --since or --until, sources without a printed
    date are left out. With --from, many queries run in one process and each prints one JSON line.

    Example: factcheck search "defence cooperation" agreement --since 2018-01-01
    """
    from factcheck.project import ProjectPaths, SearchQuery, search_project_many

    if (query is None) == (from_file is None):
        raise InvalidArgumentError("give either a QUERY or --from FILE, not both" if query is not None
                                   else "give a QUERY to search for, or --from FILE with one query per line")
    defaults = SearchQuery(query or "", source_id=source, since=_iso_date(since, "--since"),
                           until=_iso_date(until, "--until"), top=top, per_source=per_source)
    asked = [defaults] if from_file is None else _batch_queries(from_file, defaults)
    found = search_project_many(ProjectPaths.at(project, db), asked, progress=_progress(), notice=_notice)
    if from_file is not None:
        for one, hits in zip(asked, found, strict=True):
            typer.echo(dump_json(_search_json(one.query, hits), indent=None))
        return
    hits = found[0]
    if output_format is SearchFormat.json:
        typer.echo(dump_json(_search_json(defaults.query, hits)))
        return
    if not hits:
        typer.echo(f"no passage matches {query!r}", err=True)
        return
    color = sys.stdout.isatty()
    for number, hit in enumerate(hits, start=1):
        typer.echo(f"{number}. {one_line(hit.source)} ({one_line(hit.publisher or 'publisher unknown')}, "
                   f"{hit.published or 'undated'}) [{hit.start}–{hit.end}]")
        # The snippet starts its line: guard it, so a passage cannot read as a CI workflow command.
        typer.echo(guard_lines("   " + _marked(" ".join(hit.snippet.split()), color)))


def _search_json(query: str, hits: list) -> dict[str, Any]:
    """One query's hits as --format json and --from print them."""
    return {"query": query, "hits": [
        {"source": h.source, "publisher": h.publisher, "published": h.published, "start": h.start, "end": h.end,
         "text": h.text, "snippet": _marked(h.snippet, False, escape=False), "score": round(h.score, 4)}
        for h in hits
    ]}


def _batch_queries(spec: str, defaults: Any) -> list:
    """The queries of --from: plain lines, or JSON objects whose fields override the command's options."""
    from factcheck.project import SearchQuery

    where = "stdin" if spec == "-" else spec
    try:
        text = sys.stdin.read() if spec == "-" else Path(spec).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"--from: cannot read {where}: {exc}") from None
    fields = {"query": str, "source": str, "since": str, "until": str, "top": int, "per_source": int}
    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            queries.append(dataclasses.replace(defaults, query=line.strip()))
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(f"--from {where}:{number}: not a JSON object: {exc.msg}") from None
        wrong = [k for k, v in item.items() if k not in fields or not isinstance(v, fields[k]) or isinstance(v, bool)]
        if wrong or not isinstance(item.get("query"), str):
            raise InvalidArgumentError(
                f"--from {where}:{number}: "
                + (f"'{wrong[0]}' is not a field or has the wrong type" if wrong else "no \"query\" text")
                + f"; fields: {', '.join(fields)}"
            )
        if item.get("top", 1) < 1 or item.get("per_source", 1) < 1:
            raise InvalidArgumentError(f"--from {where}:{number}: top and per_source must be at least 1")
        queries.append(SearchQuery(
            item["query"], source_id=item.get("source", defaults.source_id),
            since=_iso_date(item["since"], f"--from {where}:{number}: since") if "since" in item else defaults.since,
            until=_iso_date(item["until"], f"--from {where}:{number}: until") if "until" in item else defaults.until,
            top=min(item.get("top", defaults.top), 1000), per_source=item.get("per_source", defaults.per_source),
        ))
    return queries


@app.command()
@handles_errors
def suggest(
    claim_ids: Annotated[
        list[str] | None, typer.Argument(metavar="[CLAIM_ID]...", help="Claims to suggest evidence for (default: all).")
    ] = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="Suggestions per claim.")] = 5,
    per_source: Annotated[
        int | None,
        typer.Option(min=1, help="Show at most N passages of one source (1 lists distinct articles), always ranking "
                     "whole articles, as suggest does when more sources match than --top."),
    ] = None,
    output_format: TextOrJson = SearchFormat.text,
    accept: Annotated[
        str | None,
        typer.Option(help="With one CLAIM_ID: file suggestions N[,M...] (as numbered) as evidence in claims.yaml."),
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Walk through the suggestions: accept, reject, change stance, skip.")
    ] = False,
) -> None:
    """Suggest passages that may support, contradict or qualify each claim, with a proposed stance and reasons.

    Passages a claim already cites, and suggestions rejected in --review (kept in rejected.yaml), are left out.

    Example: factcheck suggest defence-agreement-2014 --top 3, then factcheck suggest defence-agreement-2014
    --accept 1,3
    """
    from factcheck.project import ProjectPaths, suggest_evidence

    if accept and (not claim_ids or len(claim_ids) != 1):
        raise InvalidArgumentError("--accept needs exactly one CLAIM_ID: the claim the suggestions are for")
    if accept and review:
        raise InvalidArgumentError("use either --accept or --review, not both")
    paths = ProjectPaths.at(project, db)
    found = suggest_evidence(paths, claim_ids or None, top=top, progress=_progress(), notice=_notice,
                             per_source=per_source)
    if accept:
        shown = found[claim_ids[0]]  # type: ignore[index]
        _accept(project, claim_ids[0], [shown[n - 1] for n in _numbers(accept, len(shown))])  # type: ignore[index]
        return
    if review:
        _review(project, found)
        return
    if output_format is SearchFormat.json:
        typer.echo(dump_json({"claims": [
            {"id": claim_id, "suggestions": [
                {"source": s.source, "start": s.start, "end": s.end, "text": s.text, "stance": s.stance,
                 "score": s.score, "reasons": s.reasons} for s in suggestions
            ]} for claim_id, suggestions in found.items()
        ]}))
        return
    for claim_id, suggestions in found.items():
        typer.echo(f"{claim_id}: {len(suggestions)} suggestion{'' if len(suggestions) == 1 else 's'}")
        for number, s in enumerate(suggestions, start=1):
            typer.echo(f"  {number}. {s.stance} ({s.score:.2f}) {one_line(s.source)} [{s.start}–{s.end}]")
            typer.echo(f"     “{one_line(' '.join(s.text.split()))}”")
            typer.echo(guard_lines(f"     {one_line('; '.join(s.reasons))}"))


def _numbers(spec: str, available: int) -> list[int]:
    """'1,3' -> [1, 3], each checked against the suggestions shown."""
    numbers = []
    for part in spec.split(","):
        part = part.strip()
        if not part.isdigit() or not 1 <= int(part) <= available:
            raise InvalidArgumentError(
                f"--accept: '{part}' is not a suggestion number; there are {available} (1-{available})"
                if available else "--accept: this claim has no suggestions"
            )
        numbers.append(int(part))
    return list(dict.fromkeys(numbers))


def _accept(project: Path, claim_id: str, chosen: list) -> None:
    """File the chosen suggestions in one write of claims.yaml: a kill files all of them or none."""
    from factcheck.claims import add_evidence_items

    items = [_checked_evidence(project, s.source, s.text, s.stance, None) for s in chosen]
    indexes = add_evidence_items(project / "claims.yaml", claim_id, items)
    for index, item in zip(indexes, items, strict=True):
        typer.echo(f"added evidence[{index}] to claim {claim_id}: {item.stance} from {item.source}")
    # What was filed is cited now and no longer suggested, so the same numbers would name other passages.
    typer.echo("note: filed suggestions are no longer suggested, so the others are numbered anew: list them again "
               "before another --accept", err=True)


def _file_suggestion(project: Path, claim_id: str, source: str, text: str, stance: str) -> None:
    from factcheck.claims import add_evidence

    evidence = _checked_evidence(project, source, text, stance, None)
    index = add_evidence(project / "claims.yaml", claim_id, evidence)
    typer.echo(f"added evidence[{index}] to claim {claim_id}: {stance} from {source}")


def _review(project: Path, found: dict) -> None:
    """Ask about each suggestion in turn; accepting files it, rejecting remembers it in rejected.yaml."""
    from factcheck.rejections import REJECTED_FILE, add_rejection

    stances = ("supports", "contradicts", "qualifies", "mentions")
    for claim_id, suggestions in found.items():
        for number, s in enumerate(suggestions, start=1):
            typer.echo(f"\n{claim_id} — suggestion {number}/{len(suggestions)}: {s.stance} ({s.score:.2f}) "
                       f"{one_line(s.source)}")
            typer.echo(f"  “{one_line(' '.join(s.text.split()))}”")
            typer.echo(guard_lines(f"  {one_line('; '.join(s.reasons))}"))
            stance = s.stance
            while True:
                answer = typer.prompt("[a]ccept, [r]eject, [c]hange stance, [s]kip, [q]uit", default="s")
                answer = answer.strip().lower()
                if answer in ("c", "change"):
                    chosen = typer.prompt(f"stance ({', '.join(stances)})", default=stance).strip()
                    if chosen in stances:
                        stance = chosen
                        typer.echo(f"  stance: {stance}")
                    else:
                        typer.echo(f"  '{chosen}' is not a stance; use one of {', '.join(stances)}")
                    continue
                break
            if answer in ("a", "accept"):
                _file_suggestion(project, claim_id, s.source, s.text, stance)
            elif answer in ("r", "reject"):
                add_rejection(project / REJECTED_FILE, claim_id, s.source, s.text, dt.date.today())
                typer.echo(f"  rejected: it will not be suggested again for {claim_id} ({REJECTED_FILE})")
            elif answer in ("q", "quit"):
                return


# ---------------------------------------------------------------- source pin


@source_app.command("add")
@handles_errors
def source_add(
    target: Annotated[
        str, typer.Argument(metavar="PATH_OR_URL", help="An .html/.htm, .txt or .md file, or an http(s) URL.")
    ],
    source_id: Annotated[
        str | None, typer.Option("--id", help="The new id.", show_default="a slug of publisher, date and title")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The address the page was read at (for a saved file).")] = None,
    publisher: Annotated[str | None, typer.Option(help="The outlet, in place of the page's site name.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date, YYYY-MM-DD, in place of the one found in the page.")
    ] = None,
    reliability: Annotated[
        str | None, typer.Option(help="Reliability grade A-F.", show_default="F, cannot be judged")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a source with the same id.")] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Take a page or file in as sources/ID.md, keep its original bytes beside it, and print the new id.

    HTML goes through trafilatura (text, title, author, site, original date); .txt and .md are taken as they are.

    What is not found stays null and is said on stderr. A URL is fetched with a 10 s timeout and a 20 MB limit.

    Nothing is written when anything is refused: another scheme, an HTTP error, a wrong type, an existing id.

    Example: factcheck source add https://example.com/news/pakistan-russia-talks --reliability B
    """
    from factcheck.intake import add_source

    result = add_source(
        project, target, now=dt.datetime.now(dt.UTC), source_id=source_id, url=url, publisher=publisher,
        published=dt.date.fromisoformat(p) if (p := _iso_date(published, "--published")) else None,
        reliability=reliability, replace=replace,
    )
    for note in result.notes:
        typer.echo(f"note: {one_line(note)}", err=True)
    typer.echo(f"{'replaced' if result.replaced else 'added'} {result.path} ({len(result.body):,} characters, "
               f"sha256 {result.meta['sha256'][:12]}); original kept as {result.original.name}", err=True)
    typer.echo(result.source_id)


@source_app.command("pin")
@handles_errors
def source_pin(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The id of a source under sources/.")],
    project: ProjectOption = Path("."),
) -> None:
    """Accept a source's current body: set its sha256 pin (the rest of the front matter is kept).

    Example: factcheck source pin dawn-2018-04-25-bajwa-moscow
    """
    from factcheck.sources import pin_source, refuse_outside, source_path

    file = source_path(project / "sources", source_id)
    if not file.exists():
        raise SourceNotFoundError(f"no source '{source_id}': expected {file}")
    refuse_outside(file, project.resolve(), str(file))
    old, new = pin_source(file)
    if old == new:
        typer.echo(f"{source_id} already pinned at {new[:12]}")
    else:
        typer.echo(f"pinned {source_id}: {str(old)[:12] if old else 'unpinned'} -> {new[:12]}")


# ---------------------------------------------------------------- sources: list, show, verify; export


sources_app = typer.Typer(help="List, show and verify every source under sources/.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("list")
@handles_errors
def sources_list(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output_format: TextOrJson = SearchFormat.text,
) -> None:
    """List every source: id, publisher, date, reliability, origin and how many evidence items cite it.

    Example: factcheck sources list --format json
    """
    from factcheck.project import ProjectPaths, check_project
    from factcheck.report import build_report

    report = build_report(check_project(ProjectPaths.at(project, db), _progress(), _notice))
    rows = [
        {"id": s.id, "publisher": s.publisher, "published": s.published,
         "published_inferred": s.published_inferred.label if s.published_inferred else None,
         "reliability": s.reliability, "origin": s.origin, "cited_by": s.cited_by, "pinned": s.pinned}
        for s in report.sources
    ]
    if output_format is SearchFormat.json:
        typer.echo(dump_json({"sources": rows}))
        return
    width = max((len(r["id"]) for r in rows), default=2)
    typer.echo(f"{'id':<{width}}  {'publisher':<24} {'published':<12} rel  {'cited':>5}  origin")
    for r in rows:
        inferred = next((s.published_inferred for s in report.sources if s.id == r["id"]), None)
        date = r["published"] or (f"~{inferred.latest or '>' + inferred.earliest}" if inferred else "?")
        origin = "" if r["origin"] == r["id"] else r["origin"]
        pin = "" if r["pinned"] else "  (pin!)"
        publisher = one_line(r["publisher"] or "—")[:24]
        typer.echo(f"{r['id']:<{width}}  {publisher:<24} {one_line(date)[:12]:<12} {r['reliability']:<4} "
                   f"{r['cited_by']:>5}  {origin}{pin}")


@sources_app.command("show")
@handles_errors
def sources_show(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The id of a source under sources/.")],
    project: ProjectOption = Path("."),
    db: DbOption = None,
) -> None:
    """Show one source: its front matter, pins, origin, non-article stretches and the claims that cite it.

    Example: factcheck sources show dawn-2018-04-25-bajwa-moscow
    """
    from factcheck.claims import _did_you_mean
    from factcheck.project import ProjectPaths, check_project
    from factcheck.report import build_report

    result = check_project(ProjectPaths.at(project, db), _progress(), _notice)
    if source_id not in result.sources:
        raise SourceNotFoundError(f"no source '{source_id}'{_did_you_mean(source_id, list(result.sources))}")
    source = result.sources[source_id]
    shown = next(s for s in build_report(result).sources if s.id == source_id)
    meta = source.meta.model_dump(mode="json", exclude_none=False)
    typer.echo(f"{source_id} ({one_line(str(source.path))})")
    for key, value in meta.items():
        if key not in ("id", "not_article") and value not in (None, [], ""):
            typer.echo(f"  {key}: {printable(str(value))}")  # as written: a newline shows as \\n
    if shown.published_inferred:
        typer.echo(f"  published (inferred): {one_line(shown.published_inferred.label)}")
    typer.echo(f"  body: {len(source.body):,} characters, sha256 {source.body_sha256[:12]} "
               f"({'matches its pin' if source.pinned else 'does NOT match its pin'})")
    typer.echo(f"  origin: {shown.origin}" + (f" ({one_line(shown.origin_reason)})" if shown.origin_reason else ""))
    for region in source.not_article:
        typer.echo(f"  not article: {region.start}–{region.end}: {one_line(region.reason)}")
    citing = [c for c in result.checks if c.source_id == source_id]
    typer.echo(f"  cited by {len(citing)} evidence item{'' if len(citing) == 1 else 's'}:")
    for check in citing:
        where = f"{check.anchor.start}–{check.anchor.end}" if check.anchor else "not found"
        quote = one_line(" ".join(check.quote.split()))
        typer.echo(f"    {check.claim_id}[{check.index}] {check.stance} ({where}): “{quote}”")


@sources_app.command("verify")
@handles_errors
def sources_verify(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output_format: TextOrJson = SearchFormat.text,
) -> None:
    """Re-hash every source and its kept original; say which quotes in changed sources moved, changed or were lost.

    Exits 2 while any source is unpinned or changed; `factcheck source pin ID` accepts a reviewed change.

    Example: factcheck sources verify
    """
    from factcheck.project import ProjectPaths, verification_diagnostics, verify_sources

    verification = verify_sources(ProjectPaths.at(project, db), _progress(), _notice)
    diagnostics = verification_diagnostics(verification)
    if output_format is SearchFormat.json:
        typer.echo(dump_json({
            "clean": verification.clean,
            "sources": [s.__dict__ for s in verification.sources],
            "quotes": [{**q.__dict__, "before": list(q.before) if q.before else None,
                        "after": list(q.after) if q.after else None} for q in verification.quotes],
        }))
    else:
        for d in diagnostics:
            typer.echo(d.format())
        changed = sum(s.body != "pinned" or s.original in ("changed", "missing") for s in verification.sources)
        counts = {k: sum(q.status == k for q in verification.quotes) for k in ("moved", "changed", "lost")}
        typer.echo(f"{len(verification.sources)} sources verified: {changed} unpinned or changed; quotes in them: "
                   f"{counts['moved']} moved, {counts['changed']} changed, {counts['lost']} lost", err=True)
    if not verification.clean:
        raise typer.Exit(EXIT_INVALID)


class ExportFormat(StrEnum):
    """What `export` writes."""

    prov = "prov"


@app.command()
@handles_errors
def export(
    what: Annotated[ExportFormat, typer.Argument(help="prov: the provenance graph as W3C PROV-O in JSON-LD.")],
    project: ProjectOption = Path("."),
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")
    ] = None,
) -> None:
    """Export the provenance graph: sources, their retrieval and publisher, quotes, claims and copies (PROV-O).

    Example: factcheck export prov --output provenance.jsonld
    """
    from factcheck.project import ProjectPaths, check_project
    from factcheck.provenance import render_prov
    from factcheck.report import build_report
    from factcheck.yamlfile import write_atomically

    text = render_prov(build_report(check_project(ProjectPaths.at(project, db), _progress(), _notice)))
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(output, text)
        typer.echo(f"wrote {output} (PROV-O JSON-LD)", err=True)


def main() -> None:
    """Entry point of the console script; a crash exits 2 with one line, never 1 (which means findings)."""
    try:
        replayed = _warm_check(sys.argv[1:], time.time_ns(), handover=True)
        if replayed is not None:
            sys.exit(replayed)
        app()
    except Exception as exc:  # a bug: say so plainly, and keep CI from mistaking it for findings
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        typer.echo(
            f"error: internal error: {type(exc).__name__}: {printable(str(exc))}; this is a bug in factcheck "
            "(set FACTCHECK_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INVALID)


if __name__ == "__main__":
    main()
