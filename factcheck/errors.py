"""Errors the core raises, the diagnostics they carry, and the exit codes they map to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from factcheck.escaping import printable

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Diagnostic:
    """One message about one place in one file, in the compiler style editors understand."""

    path: str
    line: int | None
    col: int | None
    severity: Severity
    message: str
    title: str = "factcheck"
    more: int = 0  # a '... and N more like this' line stands for N diagnostics not shown
    rule: str = ""  # the kind of finding when the title does not say it all (factcheck/findings.py reads the title)
    fingerprint: str | None = None  # what identifies the finding across runs and edits (a conflict's id)

    @property
    def count(self) -> int:
        """How many diagnostics this one stands for: 1, or N for a '... and N more' line."""
        return self.more or 1

    def format(self) -> str:
        """Render as `path:line:col: severity: message` on one line, control characters escaped."""
        return format_diagnostic(self.path, self.line, self.col, self.severity, self.message)


def location(path: str, line: int | None, col: int | None) -> str:
    """`path:line:col`, leaving out what is not known (never `:None`); empty without a path."""
    if not path:
        return ""
    where = path
    if line is not None:
        where += f":{line}"
        if col is not None:
            where += f":{col}"
    return where


def format_diagnostic(path: str, line: int | None, col: int | None, severity: str, message: str) -> str:
    """`path:line:col: severity: message` on one line: a newline or escape code in user text is shown, not obeyed."""
    where = location(path, line, col)
    return printable(f"{where}: {severity}: {message}" if where else f"{severity}: {message}")


def more_like_this(first_omitted: Diagnostic, count: int) -> Diagnostic:
    """One line, where the first omitted diagnostic stood, that stands for it and the `count` - 1 after it."""
    d = first_omitted
    kind = f"{d.severity}s" if count > 1 else d.severity
    return Diagnostic(
        d.path,
        d.line,
        d.col,
        d.severity,
        f"... and {count:,} more {kind} like this ({d.title}) from here on, not shown; fix these and run again",
        title=d.title,
        more=count,
        rule=d.rule,
    )


def cap_per_kind(diagnostics: list[Diagnostic], limit: int) -> list[Diagnostic]:
    """At most `limit` diagnostics of each kind (severity and title), the first in file order; a line counts the rest.

    Kept diagnostics keep their order; a kind's count line takes the place of its first omitted diagnostic.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, d in enumerate(diagnostics):
        groups.setdefault((d.severity, d.title), []).append(index)
    summaries: dict[int, Diagnostic] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) <= limit:
            continue
        ordered = sorted(
            members, key=lambda i: (diagnostics[i].path, diagnostics[i].line or 0, diagnostics[i].col or 0, i)
        )
        omitted = ordered[limit:]
        summaries[omitted[0]] = more_like_this(diagnostics[omitted[0]], sum(diagnostics[i].count for i in omitted))
        dropped.update(omitted[1:])
    return [summaries.get(i, d) for i, d in enumerate(diagnostics) if i not in dropped]


class FactcheckError(Exception):
    """An error whose message is ready for a user; the CLI prints it and exits with `exit_code`."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str = "", diagnostics: list[Diagnostic] | None = None) -> None:
        self.diagnostics = list(diagnostics or [])
        if not message:
            message = "\n".join(d.format() for d in self.diagnostics)
        super().__init__(message)


class InvalidClaimsFileError(FactcheckError):
    """claims.yaml cannot be read or does not follow the schema."""


class InvalidSourceError(FactcheckError):
    """A file under sources/ cannot be read or its front matter is invalid."""


class SourceNotFoundError(FactcheckError):
    """A source id names no file under sources/."""


class ClaimNotFoundError(FactcheckError):
    """A claim id names no claim in claims.yaml."""


class DuplicateIdError(FactcheckError):
    """An id that must be unique is used already."""


class QuoteNotFoundError(FactcheckError):
    """A quote cannot be anchored in the article text of its source."""


class ProjectNotFoundError(FactcheckError):
    """The project directory has no claims.yaml or sources/."""


class ProjectExistsError(FactcheckError):
    """`init` would overwrite a file of an existing project."""


class InvalidArgumentError(FactcheckError):
    """A command-line argument has a value the command cannot use."""


class InvalidRevisionError(FactcheckError):
    """A git revision cannot be read: no repository, no such commit, or git missing."""
