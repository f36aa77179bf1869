"""`check --format sarif`: the diagnostics of a check as a SARIF 2.1.0 log, for GitHub code scanning and editors."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from factcheck.errors import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INVALID, Diagnostic
from factcheck.findings import RULES, SETTLED_TITLES, Rule, fingerprints, rule_of

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
# Keys of partialFingerprints, versioned as SARIF asks: a change of what goes into one gets a new key.
CONFLICT_FINGERPRINT = "factcheckConflict/v1"
FINDING_FINGERPRINT = "factcheckFinding/v1"
EXIT_CODE_MEANINGS = {EXIT_CLEAN: "clean", EXIT_FINDINGS: "findings", EXIT_INVALID: "invalid input or usage"}
# `[text](target)` in a plain-text message is an embedded link to SARIF viewers (SARIF 2.1.0, 3.11.6).
_EMBEDDED_LINK = re.compile(r"\[[^\]]*\]\(")


def sarif_text(text: str) -> str:
    """Plain message text that no viewer reads as an embedded link: `\\`, `[` and `]` escaped where one could form."""
    if not _EMBEDDED_LINK.search(text):
        return text
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def artifact_uri(path: str) -> str:
    """A relative POSIX path as a URI reference: spaces, `%`, `#`, `\\` and non-ASCII percent-encoded."""
    return quote(path, safe="/")


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level},
    }


def _location(d: Diagnostic) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.path), "uriBaseId": SRCROOT}}
    if d.line is not None and d.line >= 1:  # SARIF lines and columns start at 1; an unknown one is left out
        region: dict[str, int] = {"startLine": d.line}
        if d.col is not None and d.col >= 1:
            region["startColumn"] = d.col
        physical["region"] = region
    return {"physicalLocation": physical}


def render_sarif(
    diagnostics: list[Diagnostic],
    *,
    version: str,
    exit_code: int,
    completed: bool,
    summary: dict[str, int] | None = None,
    root_uri: str | None = None,
    information_uri: str | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run: every rule, one result per finding, and how the run ended.

    Args:
        diagnostics: with paths relative to the root the results name (the repository root).
        completed: False when the check stopped before it could check everything (its errors are then notifications
            when they name no file).
        root_uri: the `file://` URI of that root, ending in `/`, for viewers that open the files.
    """
    rules = list(RULES)
    index = {rule.id: i for i, rule in enumerate(rules)}
    findings = [d for d in diagnostics if d.path and d.title not in SETTLED_TITLES]
    unplaced = [d for d in diagnostics if not d.path]  # about the run, not a file: SARIF calls them notifications
    results = []
    for d, fingerprint in zip(findings, fingerprints(findings), strict=True):
        rule = rule_of(d)
        if rule.id not in index:  # a kind with no entry in the table: its own rule, after the table's
            index[rule.id] = len(rules)
            rules.append(rule)
        result: dict[str, Any] = {
            "ruleId": rule.id,
            "ruleIndex": index[rule.id],
            "level": d.severity,
            "message": {"text": sarif_text(d.message)},
            "locations": [_location(d)],
            "partialFingerprints": (
                {CONFLICT_FINGERPRINT: d.fingerprint} if rule.id.startswith("factcheck/open-conflict/")
                and d.fingerprint else {FINDING_FINGERPRINT: fingerprint}
            ),
        }
        if d.more:  # the check shows a kind's first findings and counts the rest in one line: say how many
            result["properties"] = {"count": d.more}
        results.append(result)
    invocation: dict[str, Any] = {
        "executionSuccessful": completed,
        "exitCode": exit_code,
        "exitCodeDescription": EXIT_CODE_MEANINGS.get(exit_code, "unknown"),
    }
    if unplaced:
        invocation["toolExecutionNotifications"] = [
            {"level": d.severity, "message": {"text": sarif_text(d.message)}} for d in unplaced
        ]
    driver: dict[str, Any] = {"name": "factcheck", "version": version}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = [_rule_json(rule) for rule in rules]
    run: dict[str, Any] = {"tool": {"driver": driver}, "invocations": [invocation]}
    if root_uri:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root_uri}}
    run["columnKind"] = "unicodeCodePoints"  # columns count characters, as the YAML reader does
    run["results"] = results
    if summary is not None:
        run["properties"] = {"summary": summary}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
