"""`factcheck check`: exit codes, compiler-style messages, GitHub annotations, and every bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from tests.conftest import snapshot

runner = CliRunner()

TREATY_VS_2014 = "cf-15920f8d"
TREATY_VS_2015 = "cf-d1cf6bb4"
DAWN = "dawn-2018-04-25-bajwa-moscow"


def run_check(project: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["check", "--project", str(project), *args], env=env)


def error_lines(stdout: str) -> list[str]:
    """Input errors only (open conflicts are findings, not input errors)."""
    return [line for line in stdout.splitlines() if ": error: " in line and "open conflict" not in line]


def test_bundled_ledger_fails_on_the_open_treaty_conflicts(project: Path) -> None:
    result = run_check(project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"claims.yaml:78:5: error: open conflict {TREATY_VS_2014} (restatement): 'defence-agreement-2014' vs '"
        f"defense-treaty-2018': possible restatement or conflation: 'defense-treaty-2018' is weakly evidenced "
        f"and names a defence treaty between Pakistan and Russia, like the well-evidenced 'defence-agreement-2"
        f"014' (2014-11); it may be the same instrument, named or announced again (also declared with conflict"
        f"s_with); resolve it by adding `- conflict: {TREATY_VS_2014}` with outcome, by, date and note under `"
        f"resolutions:`",
        f"claims.yaml:78:5: error: open conflict {TREATY_VS_2015} (restatement): 'defense-treaty-2018' vs 'mil"
        f"itary-technical-accord-2015': possible restatement or conflation: 'defense-treaty-2018' is weakly ev"
        f"idenced and names a defence treaty between Pakistan and Russia, like the well-evidenced 'military-te"
        f"chnical-accord-2015' (2015-10); it may be the same instrument, named or announced again (also declar"
        f"ed with conflicts_with); resolve it by adding `- conflict: {TREATY_VS_2015}` with outcome, by, date "
        f"and note under `resolutions:`",
        "claims.yaml:207:5: note: conflict cf-6f9594b7 'khawaja-asif-fm-moscow-2018-02' vs 'khurram-dastgir-f"
        "m-2018-05': declared incompatible, but settled by time: 'khawaja-asif-fm-moscow-2018-02' holds at 20"
        "18-02 and 'khurram-dastgir-fm-2018-05' at 2018-05; a state at one time does not conflict with anothe"
        "r at a time that does not overlap",
        "claims.yaml:12:9: note: conflict cf-7f1d1c2c (same-event) 'defence-agreement-2014' vs 'defence-agree"
        "ment-signed-2018' resolved as preferred by seed ledger review on 2026-12-02",
        "claims.yaml:86:9: note: conflict cf-d2c62729 (restatement) 'defence-agreement-2014' vs 'defence-mou-"
        "signed-after-2013' resolved as accepted by seed ledger review on 2026-12-02",
        "claims.yaml:86:9: note: conflict cf-c1e23004 (restatement) 'defence-mou-signed-after-2013' vs 'milit"
        "ary-technical-accord-2015' resolved as accepted by seed ledger review on 2026-12-02",
    ]
    assert result.stderr == "19 claims checked: 0 errors, 0 warnings, 2 open conflicts, 4 resolved\n"


RESOLUTIONS = f"""
  - conflict: {TREATY_VS_2014}
    outcome: distinct
    by: A. Reviewer
    date: 2026-11-21
    note: The 2018 announcement gives no details; treated as a separate, unconfirmed instrument.
  - conflict: {TREATY_VS_2015}
    outcome: preferred
    preferred: military-technical-accord-2015
    by: A. Reviewer
    date: 2026-11-21
    note: The 2015 accord is documented; the 2018 'treaty' is likely a re-announcement.
"""


def test_resolving_the_conflicts_makes_check_pass_and_keeps_them_visible(project: Path) -> None:
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + RESOLUTIONS, encoding="utf-8")
    result = run_check(project)
    assert result.exit_code == 0, result.stdout
    assert (
        f"note: conflict {TREATY_VS_2015} (restatement) 'defense-treaty-2018' vs 'military-technical-accord-2015' "
        "resolved as preferred by A. Reviewer on 2026-11-21" in result.stdout
    )
    assert result.stderr == "19 claims checked: 0 errors, 0 warnings, 0 open conflicts, 6 resolved\n"


def test_github_format_is_chosen_automatically_in_github_actions(project: Path) -> None:
    result = run_check(project, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=claims.yaml,line=78,col=5,title=open conflict::open conflict cf-15920f8d"
    )
    assert "::notice file=claims.yaml,line=207,col=5,title=settled by time::" in result.stdout


def test_json_format_carries_exit_code_summary_and_conflicts(project: Path) -> None:
    result = run_check(project, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["exit_code"] == 1
    assert data["summary"] == {
        "claims": 19,
        "errors": 0,
        "warnings": 0,
        "open_conflicts": 2,
        "resolved_conflicts": 4,
    }
    assert {c["id"]: c["status"] for c in data["conflicts"]} == {
        TREATY_VS_2014: "open",
        TREATY_VS_2015: "open",
        "cf-6f9594b7": "resolved",
        "cf-7f1d1c2c": "resolved",
        "cf-c1e23004": "resolved",
        "cf-d2c62729": "resolved",
    }


def test_fail_on_none_exits_zero_with_open_conflicts(project: Path) -> None:
    assert run_check(project, "--fail-on", "none").exit_code == 0


def test_fuzzy_drift_is_a_warning_and_fails_only_with_fail_on_warning(project: Path) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace(
            "quote: Both sides had signed a defence cooperation agreement in November 2014",
            "quote: Both sides had signed the defence cooperation agreement in November 2014",
        ),
        encoding="utf-8",
    )
    result = run_check(project, "--fail-on", "warning")
    warning = next(line for line in result.stdout.splitlines() if ": warning: " in line)
    assert warning.startswith(
        "claims.yaml:16:16: warning: claims[0].evidence[0].quote: quote drifted from source "
        f"{DAWN} (similarity 0.9"
    )
    assert warning.endswith(
        'the source reads "Both sides had signed a defence cooperation agreement in November 2014"; '
        "copy its words into the quote"
    )
    assert result.exit_code == 1
    claims.write_text(claims.read_text(encoding="utf-8") + RESOLUTIONS, encoding="utf-8")
    assert run_check(project).exit_code == 0
    assert run_check(project, "--fail-on", "warning").exit_code == 1


# ---------------------------------------------------------------- bad input: exit 2, file and line, nothing changed


def _append(path: str, text: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        file = project / path
        file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, old
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _write(path: str, data: bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        (project / path).write_bytes(data)

    return mutate


def _strip_front_matter(project: Path) -> None:
    file = project / "sources" / f"{DAWN}.md"
    file.write_text(file.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")


def _latin1(project: Path) -> None:
    file = project / "sources" / f"{DAWN}.md"
    file.write_bytes(file.read_bytes().replace("Bajwa’s".encode(), "Bajwa\xe9s".encode("latin-1"), 1))


ALIAS_BOMB = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
claims: []
"""

BAD_INPUTS = [
    (
        "tab in indentation",
        _replace(
            "claims.yaml",
            "\n  - id: military-technical-accord-2015",
            "\n\t- id: military-technical-accord-2015",
        ),
        [
            "claims.yaml:30:1: error: invalid YAML: found character '\\t' that cannot start any token "
            "(while scanning for the next token); indent with spaces, not tabs"
        ],
    ),
    (
        "unclosed quote",
        _write("claims.yaml", b'claims:\n  - id: a\n    text: "Pakistan and Russia signed\n'),
        [
            "claims.yaml:4:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar); "
            "check for an unclosed quote"
        ],
    ),
    (
        "claims is not a list",
        _write("claims.yaml", b"claims:\n  id: a\n  text: b\n"),
        ["claims.yaml:1:1: error: claims: must be a list (lines starting with `- `), not a mapping"],
    ),
    (
        "duplicate claim id",
        _replace("claims.yaml", "- id: military-cooperation-commission-2018", "- id: defence-agreement-2014"),
        [
            "claims.yaml:39:9: error: claims[2].id: duplicate claim id 'defence-agreement-2014' (first used on "
            "line 12); give each claim its own id"
        ],
    ),
    (
        "missing text",
        _replace(
            "claims.yaml",
            "    text: Pakistan and Russia signed a defence cooperation agreement in November 2014.\n",
            "",
        ),
        ["claims.yaml:12:5: error: claims[0].text: required field is missing; add `text:`"],
    ),
    (
        "unknown stance",
        _replace("claims.yaml", "stance: supports", "stance: support"),
        [
            "claims.yaml:17:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
            "qualifies, mentions"
        ],
    ),
    (
        "unknown key",
        _replace(
            "claims.yaml", "        stance: supports\n", "        stance: supports\n        notes: typo\n"
        ),
        [
            "claims.yaml:18:9: error: claims[0].evidence[0].notes: unknown key 'notes'; did you mean 'note'? "
            "allowed keys: source, quote, stance, note"
        ],
    ),
    (
        "evidence naming a source that does not exist",
        _replace("claims.yaml", f"source: {DAWN}", "source: dawn-2018-04-26-bajwa-moscow"),
        [
            "claims.yaml:15:17: error: claims[0].evidence[0].source: no source 'dawn-2018-04-26-bajwa-moscow' in "
            f"sources/; did you mean '{DAWN}'?; add it as sources/dawn-2018-04-26-bajwa-moscow.md or fix the id"
        ],
    ),
    (
        "source id that tries to leave sources/",
        _replace("claims.yaml", f"source: {DAWN}", "source: ../../etc/passwd"),
        [
            "claims.yaml:15:17: error: claims[0].evidence[0].source: '../../etc/passwd' is not a valid source id: "
            "ids are slugs (lowercase letters, digits, '.', '_', '-'), not paths; see `factcheck sources list`"
        ],
    ),
    (
        "quote not in its source",
        _replace(
            "claims.yaml",
            "quote: Both sides had signed a defence cooperation agreement in November 2014",
            "quote: Both sides had signed a nuclear energy agreement in March 2016",
        ),
        [
            f"claims.yaml:16:16: error: claims[0].evidence[0].quote: quote not found in source {DAWN}; closest "
            'passage (similarity 0.76): "Both sides had signed a defence cooperation agreement in November 2014"'
        ],
    ),
    (
        "quote inside reader comments",
        _replace(
            "claims.yaml",
            f"source: {DAWN}\n        quote: Both sides had signed a defence cooperation agreement in November 2014",
            "source: web-2017-pakistan-cosying-up-to-russia\n        quote: India will ensure that Russia cannot "
            "sell any critical weapons to Pakistan.",
        ),
        [
            "claims.yaml:16:16: error: claims[0].evidence[0].quote: quote lies in non-article text of source "
            "web-2017-pakistan-cosying-up-to-russia (numbered reader comments before 'Comments are closed.'), "
            "which is never evidence; quote the article itself"
        ],
    ),
    (
        "quote inside Dawn's December 2024 sidebar",
        _replace(
            "claims.yaml",
            "quote: Both sides had signed a defence cooperation agreement in November 2014",
            "quote: Without privacy safeguards, a centralised digital ID system could be misused for surveillance.",
        ),
        [
            f"claims.yaml:16:16: error: claims[0].evidence[0].quote: quote lies in non-article text of source {DAWN} "
            "(sidebar after the 'Published in <outlet>, <date>' sign-off), which is never evidence; quote the "
            "article itself"
        ],
    ),
    (
        "source without front matter",
        _strip_front_matter,
        [
            f"sources/{DAWN}.md:1:1: error: no front matter: start the file with a `---` line, then `id:`, "
            "`title:`, `publisher:`, `published:`, `kind:`, `reliability:`, `sha256:` lines, then a closing `---` line"
        ],
    ),
    (
        "source with an invalid date",
        _replace(f"sources/{DAWN}.md", "published: 2018-04-25", "published: 2018-04-31"),
        [
            f"sources/{DAWN}.md:8:12: error: published: '2018-04-31' is not a valid date: write YYYY-MM-DD "
            "(a real calendar date)"
        ],
    ),
    (
        "source that is not UTF-8",
        _latin1,
        [
            f"sources/{DAWN}.md:22:17: error: not UTF-8 text (byte 0xe9 at offset 1107): re-save the file as UTF-8"
        ],
    ),
    (
        "binary source",
        _write("sources/photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        [
            "sources/photo.md:3:1: error: binary file (NUL byte at offset 8): a source must be UTF-8 text with front matter"
        ],
    ),
    (
        "empty claims.yaml",
        _write("claims.yaml", b""),
        [
            "claims.yaml:1:1: error: the file is empty: start it with `claims:` and a list of claims "
            "(see README, 'claims.yaml')"
        ],
    ),
    (
        "resolution naming an unknown conflict",
        _append("claims.yaml", "  - conflict: cf-00000000\n    outcome: distinct\n    by: r\n    date: 2026-12-02\n"
                               "    note: n\n"),
        [
            "claims.yaml:362:15: error: resolutions[3].conflict: no conflict 'cf-00000000'; conflicts now: "
            "cf-15920f8d, cf-6f9594b7, cf-7f1d1c2c, cf-c1e23004, cf-d1cf6bb4, cf-d2c62729 (see `factcheck check`)"
        ],
    ),
    (
        "YAML alias bomb",
        _write("claims.yaml", ALIAS_BOMB),
        [
            "claims.yaml:2:8: error: invalid YAML: YAML aliases are not allowed (found *a); write the value out in full"
        ],
    ),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_exits_2_names_file_and_line_and_changes_nothing(
    project: Path, case: str, mutate: Callable[[Path], None], expected: list[str]
) -> None:
    mutate(project)
    before = snapshot(project)
    result = run_check(project)
    assert result.exit_code == 2, result.stdout
    assert error_lines(result.stdout) == expected
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(project) == before


def test_bad_input_in_github_format_is_an_annotation(project: Path) -> None:
    _replace("claims.yaml", "stance: supports", "stance: support")(project)
    result = run_check(project, "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        "::error file=claims.yaml,line=17,col=17,title=invalid field::claims[0].evidence[0].stance: 'support' is "
        "not one of supports, contradicts, qualifies, mentions"
    )


def test_every_problem_is_reported_in_one_run(project: Path) -> None:
    _replace("claims.yaml", "stance: supports", "stance: support")(project)
    _replace(
        "claims.yaml",
        "    text: Pakistan and Russia signed a military-technical",
        "    txt: Pakistan and Russia signed a military-technical",
    )(project)
    result = run_check(project)
    assert result.exit_code == 2
    assert [line.split(": error: ")[1].split(":")[0] for line in error_lines(result.stdout)] == [
        "claims[0].evidence[0].stance",
        "claims[1].text",
        "claims[1].txt",
    ]


def test_missing_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stdout == (
        f"error: {tmp_path / 'nowhere'}: not a factcheck project (no claims.yaml, no "
        "sources/): run factcheck in a project folder or name one with --project\n"
    )


def test_unreadable_claims_file_is_an_input_error(project: Path) -> None:
    (project / "claims.yaml").unlink()
    (project / "claims.yaml").mkdir()
    result = run_check(project)
    assert result.exit_code == 2
    assert result.stdout == "error: claims.yaml: cannot read it: Is a directory\n"


def test_evidence_may_cite_a_source_by_its_alias(project: Path) -> None:
    _replace("claims.yaml", f"source: {DAWN}", "source: 001_bc96871de7cbd0cd")(project)
    result = run_check(project, "--format", "json")
    assert json.loads(result.stdout)["summary"]["errors"] == 0
    assert result.exit_code == 1


def test_a_warm_run_from_the_cache_prints_exactly_what_a_cold_run_printed(cold_project: Path) -> None:
    project = cold_project
    assert not (project / ".factcheck").exists()
    cold = run_check(project, "--fail-on", "warning")
    warm = run_check(project, "--fail-on", "warning")
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    _replace(
        "claims.yaml",
        "quote: Both sides had signed a defence cooperation agreement in November 2014",
        "quote: Both sides had signed the defence cooperation agreement in November 2014",
    )(project)
    cold = run_check(project)
    warm = run_check(project)
    assert "claims.yaml:16:16: warning:" in warm.stdout
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


@pytest.mark.slow
def test_a_50_mb_source_still_works(project: Path) -> None:
    """Correctness only; bench/bench_check.py --big-source-mb 50 measures the time (about 8 s here)."""
    paragraph = (
        "Officials from both ministries met again to discuss trade, energy and security, and said talks would "
        "continue after the next round in the capital. "
    ) * 3
    count = 50_000_000 // (len(paragraph) + 2)
    body = "\n\n".join(
        [paragraph] * (count - 10)
        + ["The big archive records the Zanzibar accord of March 2019."]
        + [paragraph] * 10
    )
    import hashlib

    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    (project / "sources" / "big-archive.md").write_text(
        f'---\nid: big-archive\nkind: news\nreliability: C\nsha256: "{sha}"\n---\n{body}', encoding="utf-8"
    )
    with (project / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n  - conflict: cf-15920f8d\n    outcome: distinct\n    by: r\n    date: 2026-11-21\n    note: n\n"
            "  - conflict: cf-d1cf6bb4\n    outcome: distinct\n    by: r\n    date: 2026-11-21\n    note: n\n"
        )
    _replace(
        "claims.yaml",
        "claims:\n",
        "claims:\n  - id: zanzibar\n    text: The Zanzibar accord was signed in "
        "March 2019.\n    evidence:\n      - source: big-archive\n        quote: the Zanzibar accord of "
        "March 2019\n        stance: supports\n",
    )(project)
    result = run_check(project, "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["summary"]["errors"], data["summary"]["warnings"]) == (0, 0, 0)


def test_a_source_edited_while_a_big_project_is_checked_stops_the_check(
    monkeypatch: pytest.MonkeyPatch, cold_project: Path
) -> None:
    from factcheck import models, project

    monkeypatch.setattr(project, "HELD_BODIES", 0)  # as past 5,000 sources: bodies are read again when needed
    anchor_ledger = project.anchor_ledger

    def edit_then_anchor(*args, **kwargs):
        file = cold_project / "sources" / f"{DAWN}.md"
        file.write_text(file.read_text(encoding="utf-8").replace("Moscow", "Moskva", 1), encoding="utf-8")
        models._REREAD.clear()  # no body read again before the edit is at hand
        return anchor_ledger(*args, **kwargs)

    monkeypatch.setattr(project, "anchor_ledger", edit_then_anchor)
    result = run_check(cold_project)
    assert result.exit_code == 2
    assert result.stdout == (
        f"sources/{DAWN}.md: error: the file changed while factcheck was checking it: run the command again\n"
    )
    monkeypatch.setattr(project, "anchor_ledger", anchor_ledger)
    again = run_check(cold_project)  # run again: the edited file is checked as it now is
    assert f"body of source {DAWN} no longer matches its sha256 pin" in again.stdout
