"""Bad bytes, oversized input, symlinks and clashes: each located (file:line:col), each with its fix, and one bad
file never stops the rest of the project from being checked."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.claims import load_claims, parse_claims
from factcheck.cli import app
from factcheck.errors import InvalidClaimsFileError
from tests.conftest import ROOT, snapshot

runner = CliRunner()
# About 4 s of CLI runs on hostile input: in the slow step (CI runs it) to keep the fast step well under a minute.
pytestmark = pytest.mark.slow

DAWN = "dawn-2018-04-25-bajwa-moscow"
DESPARDES = "despardes-2018-05-12-defense-treaty"
WEB_2018 = "web-2018-04-24-russia-keen-military-ties"


@pytest.fixture(scope="module")
def warm_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project with its cache built once, so each test's run re-reads only what the test changed."""
    root = tmp_path_factory.mktemp("warm") / "project"
    root.mkdir()
    shutil.copy(ROOT / "claims.yaml", root / "claims.yaml")
    shutil.copytree(ROOT / "sources", root / "sources")
    assert runner.invoke(app, ["check", "--project", str(root)]).exit_code == 1
    return root


@pytest.fixture
def project(warm_template: Path, tmp_path: Path) -> Path:
    """A copy of the bundled project and of its warm cache."""
    dest = tmp_path / "project"
    shutil.copytree(warm_template, dest, symlinks=True)
    return dest


def run(project: Path, *args: str):
    return runner.invoke(app, [*args, "--project", str(project)])


def errors(stdout: str) -> list[str]:
    """Input errors, without the open conflicts the bundled ledger always has."""
    return [line for line in stdout.splitlines() if ": error: " in line and "open conflict" not in line]


def warnings(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": warning: " in line]


def replace(file: Path, old: str, new: str, count: int = 1) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, count), encoding="utf-8")


# ---------------------------------------------------------------- control characters and noncharacters


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\x1b", "control character U+001B (ESC) is not allowed in claims.yaml: delete it or write it as \\e in a "
                 "double-quoted string"),
        ("\x01", "control character U+0001 (SOH) is not allowed in claims.yaml: delete it or write it as \\x01 in a "
                 "double-quoted string"),
        ("\x00", "control character U+0000 (NUL) is not allowed in claims.yaml: delete it or write it as \\0 in a "
                 "double-quoted string"),
        ("\x7f", "control character U+007F (DEL) is not allowed in claims.yaml: delete it or write it as \\x7f in a "
                 "double-quoted string"),
        ("\x9b", "control character U+009B (CSI) is not allowed in claims.yaml: delete it or write it as \\x9b in a "
                 "double-quoted string"),
        ("\ufffe", "noncharacter U+FFFE is not allowed in claims.yaml: delete it (it is no text: often the sign of "
                   "a file saved in the wrong encoding)"),
        ("\U0010ffff", "noncharacter U+10FFFF is not allowed in claims.yaml: delete it (it is no text: often the "
                       "sign of a file saved in the wrong encoding)"),
        ("\x85", "control character U+0085 (NEL) is not allowed in claims.yaml: some YAML readers take it for a "
                 "line break, others for text; write it as \\N in a double-quoted string, or use a plain line "
                 "break"),
        ("\u2028", "line separator U+2028 is not allowed in claims.yaml: some YAML readers take it for a line "
                   "break, others for text; write it as \\L in a double-quoted string, or use a plain line break"),
    ],
    ids=["ESC", "SOH", "NUL", "DEL", "CSI", "U+FFFE", "U+10FFFF", "NEL", "U+2028"],
)
def test_a_character_that_is_no_text_in_claims_yaml_is_located_with_its_fix(char: str, expected: str) -> None:
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8").replace(
        "signed a defence cooperation agreement in November 2014.",
        f"signed a defence {char}cooperation agreement in November 2014.",
        1,
    )
    with pytest.raises(InvalidClaimsFileError) as caught:
        parse_claims(text)
    assert [d.format() for d in caught.value.diagnostics] == [f"claims.yaml:13:48: error: {expected}"]


def test_check_locates_a_control_character_and_changes_nothing(project: Path) -> None:
    replace(project / "claims.yaml", "signed a defence cooperation agreement in November 2014.",
            "signed a defence \x1bcooperation agreement in November 2014.")
    before = snapshot(project)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:13:48: error: control character U+001B (ESC) is not allowed in claims.yaml: delete it or write "
        "it as \\e in a double-quoted string"
    ]
    assert "internal error" not in result.stdout + result.stderr
    assert snapshot(project) == before


def test_a_pasted_colour_code_is_located_and_the_rest_of_the_file_is_still_checked(project: Path) -> None:
    claims = project / "claims.yaml"
    replace(claims, "    text: Pakistan and Russia signed a defence cooperation agreement in November 2014.",
            "    text: Pakistan and \x1b[31mRussia signed a defence cooperation agreement in November 2014.\x1b[0m")
    replace(claims, "quote: later inked military-technical cooperation accord",
            "quote: later signed military-technical cooperation accord")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:13:24: error: control character U+001B (ESC) is not allowed in claims.yaml: delete it or "
        "write it as \\e in a double-quoted string",
        "claims.yaml:13:92: error: control character U+001B (ESC) is not allowed in claims.yaml: delete it or "
        "write it as \\e in a double-quoted string",
    ]
    assert (
        "claims.yaml:35:16: warning: claims[1].evidence[0].quote: quote drifted from source "
        f"{DAWN} (similarity 0.99); the source reads \"later inked military-technical cooperation accord, which "
        "allows arms trade between the two countries and cooperation in weapon development, in October 2015\"; "
        "copy its words into the quote"
    ) in warnings(result.stdout)


def test_thousands_of_control_characters_give_fifty_lines_and_a_count(project: Path) -> None:
    replace(project / "claims.yaml", "Pakistan and Russia signed a defence", "Pakistan and Russia signed a defence"
            + "\x07" * 3000)
    result = run(project, "check", "--format", "json")
    data = json.loads(result.stdout)
    bad = [d for d in data["diagnostics"] if d["title"] == "invalid character"]
    assert len(bad) == 51
    assert (bad[-1]["line"], bad[-1]["col"], bad[-1]["message"]) == (
        13, 97, "... and 2,950 more errors like this (invalid character) from here on, not shown; fix these and "
        "run again"
    )
    assert data["summary"]["errors"] == 3000
    assert result.exit_code == 2


def test_a_control_character_in_front_matter_fails_that_source_only(project: Path) -> None:
    replace(project / "sources" / f"{DESPARDES}.md", "publisher: DESPARDES/PKONWEB", "publisher: DESPARDES\x01PKONWEB")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        f"sources/{DESPARDES}.md:5:21: error: control character U+0001 (SOH) is not allowed in front matter: "
        "delete it or write it as \\x01 in a double-quoted string",
    ]
    # The other sources were read and their quotes anchored: no 'could not be read' for them, and conflicts found.
    assert "open conflict cf-15920f8d" in result.stdout
    # Its quotes are missing now, so resolutions of the conflicts it took part in are warnings till it is fixed.
    assert result.stderr == "19 claims checked: 1 errors, 2 warnings, 2 open conflicts, 2 resolved\n"


def test_a_control_character_in_a_body_is_a_located_warning(project: Path) -> None:
    source = project / "sources" / f"{WEB_2018}.md"
    replace(source, "April 24, 2018 — Russia’s", "\x1b[1mApril 24, 2018\x1b[0m — Russia’s")
    run(project, "source", "pin", WEB_2018)
    result = run(project, "check", "--fail-on", "warning")
    assert warnings(result.stdout) == [
        f"sources/{WEB_2018}.md:27:{col}: warning: control character U+001B (ESC) in the body of source {WEB_2018}: "
        "if it is debris (a pasted terminal colour code, a stray byte), delete it, then run `factcheck source pin "
        f"{WEB_2018}`"
        for col in (1, 19)
    ]
    assert result.exit_code == 1
    warm = run(project, "check", "--fail-on", "warning")  # the source comes from the cache now: same warning
    assert (warm.exit_code, warm.stdout) == (result.exit_code, result.stdout)


def test_ruamels_internal_type_error_becomes_a_located_error(project: Path) -> None:
    replace(project / "claims.yaml", "  # Agreements and accords\n  # The", "  # Agreements and accords\n?   # The")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:6:1: error: invalid YAML: ruamel.yaml cannot read what is here (TypeError); look for a stray "
        "`>`, `|`, `&`, `*`, `!`, `?`, `%` or `#` in the block that starts here",
    ]


def test_a_colour_code_that_breaks_the_yaml_around_it_is_reported_alone(project: Path) -> None:
    # Read on with the ESC blanked, `[31m...` would open a flow list: that error is the character's doing.
    replace(project / "claims.yaml", "    text: Pakistan and Russia signed a defence",
            "    text: \x1b[31mPakistan and Russia signed a defence")
    result = run(project, "check")
    assert result.exit_code == 2
    assert result.stdout == (
        "claims.yaml:13:11: error: control character U+001B (ESC) is not allowed in claims.yaml: delete it or write "
        "it as \\e in a double-quoted string\n"
    )


def test_ruamels_internal_assertion_becomes_a_located_error(project: Path) -> None:
    (project / "claims.yaml").write_text("claims:\n\n>  # Agreements\n  - id: a\n    text: b\n", encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:3:1: error: invalid YAML: ruamel.yaml cannot read what is here (AssertionError); look for a "
        "stray `>`, `|`, `&`, `*`, `!`, `?`, `%` or `#` on this line or the one before",
    ]


# ---------------------------------------------------------------- every problem in one run


def test_a_schema_error_hides_neither_a_wrong_quote_nor_an_unknown_source(project: Path) -> None:
    claims = project / "claims.yaml"
    replace(claims, "stance: supports", "stance: support")  # claims[0].evidence[0]
    replace(claims, "quote: later inked military-technical cooperation accord",
            "quote: a nuclear submarine was leased to the navy")  # claims[1].evidence[0]
    replace(claims, f"      - source: {DESPARDES}\n        quote: Foreign Minister",
            "      - source: despardes-2018-05-13\n        quote: Foreign Minister")  # claims[3].evidence[0]
    before = snapshot(project)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:17:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
        "qualifies, mentions",
        f"claims.yaml:35:16: error: claims[1].evidence[0].quote: quote not found in source {DAWN}; closest passage "
        "(similarity 0.85): \"accord, which allows arms trade between the two countries and cooperation in weapon "
        "development, in October 2015\"",
        "claims.yaml:52:17: error: claims[3].evidence[0].source: no source 'despardes-2018-05-13' in sources/; did "
        f"you mean '{DESPARDES}'?; add it as sources/despardes-2018-05-13.md or fix the id",
    ]
    assert snapshot(project) == before


def test_the_valid_quotes_of_an_invalid_claim_are_checked_too(project: Path) -> None:
    claims = project / "claims.yaml"
    replace(claims, "    text: Pakistan and Russia signed a defence cooperation agreement in November 2014.\n", "")
    replace(claims, "quote: Both sides had signed a defence cooperation agreement in November 2014",
            "quote: Both sides had signed a trade agreement in May 2019")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:12:5: error: claims[0].text: required field is missing; add `text:`",
        f"claims.yaml:15:16: error: claims[0].evidence[0].quote: quote not found in source {DAWN}; closest passage "
        "(similarity 0.74): \"Both sides had signed a defence cooperation agreement in November 2014\"",
    ]


def test_report_still_refuses_a_ledger_with_schema_errors(project: Path) -> None:
    replace(project / "claims.yaml", "stance: supports", "stance: support")
    result = run(project, "report")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "claims.yaml:17:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
        "qualifies, mentions\n"
    )


# ---------------------------------------------------------------- limits


def test_a_quote_longer_than_5000_characters_is_refused_with_the_bound(project: Path) -> None:
    long_quote = "Both sides had signed a defence cooperation agreement in November 2014 " * 80
    replace(project / "claims.yaml", "quote: Both sides had signed a defence cooperation agreement in November 2014",
            f"quote: {long_quote.strip()}")
    started = time.perf_counter()
    result = run(project, "check")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        "claims.yaml:16:16: error: claims[0].evidence[0].quote: quote is 5,679 characters long; the limit is "
        "5,000: quote a shorter passage, the sentence or two that carry the claim",
    ]


def test_claim_add_refuses_a_quote_longer_than_5000_characters(project: Path) -> None:
    result = run(project, "claim", "add", "long", "A long one.", "--source", DAWN, "--quote", "x" * 5001,
                 "--stance", "supports")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: quote: 5,001 characters long; the limit is 5,000: quote a shorter passage, the sentence or two "
        "that carry the claim\n"
    )


def test_errors_of_one_kind_are_capped_at_fifty_with_a_count(project: Path) -> None:
    items = "".join(
        f"  - id: ghost-{i}\n    text: Claim {i}.\n    evidence:\n      - source: nowhere\n"
        f"        quote: some words\n        stance: supports\n"
        for i in range(120)
    )
    (project / "claims.yaml").write_text(f"claims:\n{items}", encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 51
    assert lines[0] == (
        "claims.yaml:5:17: error: claims[0].evidence[0].source: no source 'nowhere' in sources/; add it as "
        "sources/nowhere.md or fix the id"
    )
    assert lines[-1] == (
        "claims.yaml:305:17: error: ... and 70 more errors like this (unknown source) from here on, not shown; fix "
        "these and run again"
    )
    assert result.stderr == "120 claims checked: 120 errors, 0 warnings, 0 open conflicts, 0 resolved\n"
    report = run(project, "report", "--format", "json")
    assert json.loads(report.stdout)["summary"]["errors"] == 120


@pytest.mark.parametrize("where", ["claims.yaml", "front matter"])
def test_a_10_mb_line_of_garbage_fails_fast(project: Path, where: str) -> None:
    garbage = "x9;" * 3_500_000
    if where == "claims.yaml":
        replace(project / "claims.yaml", "claims:\n", f"claims:\n  # {garbage}\n")
        expected = (
            "claims.yaml:7:1: error: line is 10,500,004 characters long; the limit is 100,000: no line of "
            "claims.yaml needs this many (is this the right file?); break it up or shorten it"
        )
    else:
        replace(project / "sources" / f"{DAWN}.md", "author: null", f"author: {garbage}")
        expected = (
            f"sources/{DAWN}.md:2:1: error: front matter is 10,500,453 characters long; the limit is 1,000,000: it "
            "is a dozen `key: value` lines; is the closing `---` line missing or misplaced?"
        )
    started = time.perf_counter()
    result = run(project, "check")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2
    assert errors(result.stdout)[0] == expected


def test_front_matter_of_more_than_a_megabyte_is_refused_fast(project: Path) -> None:
    (project / "sources" / "huge.md").write_text("---\nid: huge\n" + "note: x\n" * 200_000 + "---\nBody.\n",
                                                 encoding="utf-8")
    started = time.perf_counter()
    result = run(project, "check")
    assert time.perf_counter() - started < 5
    assert errors(result.stdout) == [
        "sources/huge.md:2:1: error: front matter is 1,600,009 characters long; the limit is 1,000,000: it is a "
        "dozen `key: value` lines; is the closing `---` line missing or misplaced?"
    ]


# ---------------------------------------------------------------- symlinks and paths


def test_a_source_that_is_a_symlink_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: secret\nreliability: A\n---\nThe password is hunter2.\n", encoding="utf-8")
    (project / "sources" / "secret.md").symlink_to(outside)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        f"sources/secret.md: error: symlink to {outside} outside the project: copy the file into sources/ instead"
    ]
    assert "hunter2" not in result.stdout + result.stderr
    assert run(project, "sources", "list").stdout.count("secret") == 0
    pinned = run(project, "source", "pin", "secret")  # would copy the file in, pinned, as if reviewed
    assert (pinned.exit_code, pinned.stderr) == (2, (
        f"{project / 'sources' / 'secret.md'}: error: symlink to {outside} outside the project: copy the file into "
        "sources/ instead\n"
    ))
    assert (project / "sources" / "secret.md").is_symlink()
    added = run(project, "claim", "add", "leak", "The password is hunter2.", "--source", "secret", "--quote",
                "The password is hunter2.", "--stance", "supports")
    assert added.exit_code == 2
    assert added.stderr == (
        f"{project / 'sources' / 'secret.md'}: error: symlink to {outside} outside the project: copy the file into "
        "sources/ instead\n"
    )


def test_a_sources_folder_that_leads_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / "sources").rename(elsewhere)
    (project / "sources").symlink_to(elsewhere)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout)[0] == (
        f"sources/{DAWN}.md: error: symlink to {elsewhere / (DAWN + '.md')} outside the project: copy the file into "
        "sources/ instead"
    )


def test_a_symlink_inside_the_project_is_fine(project: Path) -> None:
    (project / "archive").mkdir()
    (project / "sources" / f"{DAWN}.md").rename(project / "archive" / f"{DAWN}.md")
    (project / "sources" / f"{DAWN}.md").symlink_to(Path("..") / "archive" / f"{DAWN}.md")
    result = run(project, "check")
    assert result.exit_code == 1
    assert errors(result.stdout) == []


def test_claims_yaml_as_a_symlink_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project / "claims.yaml").unlink()
    (project / "claims.yaml").symlink_to(outside)
    result = run(project, "check")
    assert result.exit_code == 2
    assert result.stdout == (
        f"claims.yaml: error: symlink to {outside} outside the project: copy the file into the project instead\n"
    )
    assert "root:x" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("time_value", "message"),
    [
        ("2013/2015/2018", "'2013/2015/2018' is not a range: write two date values joined by one '/', like "
                           "2016-09/2016-10"),
        ("2018/2013", "'2018/2013': the range ends before it starts; write the earlier value first (2013/2018)"),
        ("2013/", "'2013/' is not a range: write two date values joined by one '/', like 2016-09/2016-10"),
        ("whenever", "'whenever' is not a date value: use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, YYYY-SU (season), "
                     "YYYY-Q1, a decade like 201, or a range like 2016-09/2016-10"),
    ],
)
def test_a_bad_time_range_is_located_with_the_allowed_forms(project: Path, time_value: str, message: str) -> None:
    replace(project / "claims.yaml", "time: 2013/2018-05-12", f"time: {time_value}")
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [f"claims.yaml:89:11: error: claims[4].time: {message}"]


def test_an_alias_clash_names_the_file_and_line_of_the_alias(project: Path) -> None:
    replace(project / "sources" / f"{WEB_2018}.md", "aliases: [", f"aliases: [{DESPARDES}, ")
    replace(project / "sources" / f"{DESPARDES}.md", "aliases: [003_baca113321349847]",
            "aliases:\n  - 003_baca113321349847\n  - 001_bc96871de7cbd0cd")
    run(project, "source", "pin", DESPARDES)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        f"sources/{DESPARDES}.md:5:5: error: aliases[1]: alias '001_bc96871de7cbd0cd' of source {DESPARDES} "
        f"already names source {DAWN}; give each alias to one source",
        f"sources/{WEB_2018}.md:3:11: error: aliases[0]: alias '{DESPARDES}' of source {WEB_2018} is the id of "
        f"source {DESPARDES}; give each alias to one source",
    ]


# ---------------------------------------------------------------- U+2028, U+2029, U+0085 round-trip through edits


ODD_BREAKS = "Pakistan\u2028and Russia\u2029signed\x85it."


def test_claim_add_round_trips_line_and_paragraph_separators(project: Path) -> None:
    result = run(project, "claim", "add", "odd-breaks", ODD_BREAKS)
    assert result.exit_code == 0, result.stderr
    text = (project / "claims.yaml").read_text(encoding="utf-8")
    assert '    text: "Pakistan\\Land Russia\\Psigned\\Nit."\n' in text
    ledger = load_claims(project / "claims.yaml")
    assert next(c for c in ledger.claims if c.id == "odd-breaks").text == ODD_BREAKS
    again = run(project, "claim", "add", "odd-breaks-2", ODD_BREAKS)  # the file it wrote is one it reads
    assert again.exit_code == 0, again.stderr


def test_claim_add_evidence_round_trips_line_and_paragraph_separators(project: Path) -> None:
    body = "Pakistan\u2028and Russia signed\x85a pact on fish.\u2029Nothing else."
    (project / "sources" / "odd.md").write_text(f"---\nid: odd\nreliability: C\n---\n{body}\n", encoding="utf-8")
    run(project, "source", "pin", "odd")
    quote = "Pakistan\u2028and Russia signed\x85a pact on fish."
    result = run(project, "claim", "add-evidence", "defence-agreement-2014", "--source", "odd", "--quote", quote,
                 "--stance", "mentions", "--note", "a\u2028note")
    assert result.exit_code == 0, result.stderr
    claim = next(c for c in load_claims(project / "claims.yaml").claims if c.id == "defence-agreement-2014")
    assert (claim.evidence[-1].quote, claim.evidence[-1].note) == (quote, "a\u2028note")
    result = run(project, "claim", "add-evidence", "military-technical-accord-2015", "--source", "odd", "--quote",
                 quote, "--stance", "mentions")
    assert result.exit_code == 0, result.stderr


def test_an_edit_names_a_form_feed_in_the_file_and_works_once_it_is_gone(project: Path) -> None:
    claims = project / "claims.yaml"
    replace(claims, "# Agreements and accords", "# Agreements\x0c and accords")
    replace(claims, "    text: Pakistan and Russia signed a defence cooperation agreement in November 2014.",
            '    text: "Pakistan and Russia signed a defence cooperation agreement in November 2014.\\L"')
    before = claims.read_text(encoding="utf-8")
    # A form feed is no text in YAML we read: the edit is refused with its place, and nothing is written.
    result = run(project, "claim", "add", "x", "X.")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{claims}:8:15: error: control character U+000C (FF) is not allowed in claims.yaml: delete it or write it "
        "as \\f in a double-quoted string\n"
    )
    assert claims.read_text(encoding="utf-8") == before
    replace(claims, "# Agreements\x0c and accords", "# Agreements and accords")
    assert run(project, "claim", "add", "x", "X.").exit_code == 0
    assert "November 2014.\\L\"\n" in claims.read_text(encoding="utf-8")


def test_check_accepts_a_bom(project: Path) -> None:
    claims = project / "claims.yaml"
    claims.write_bytes(b"\xef\xbb\xbf" + claims.read_bytes())
    assert run(project, "check").exit_code == 1


def test_a_bug_met_in_one_source_is_reported_there_and_the_others_are_checked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.project

    real = factcheck.project.parse_source

    def parse(text: str, path: str, **rules):
        if path.endswith(f"{DESPARDES}.md"):
            raise ValueError("boom")
        return real(text, path, **rules)

    replace(project / "sources" / f"{DESPARDES}.md", "reliability: D", "reliability: C")  # not cached: parsed
    run(project, "source", "pin", DESPARDES)
    monkeypatch.setattr(factcheck.project, "parse_source", parse)
    result = run(project, "check")
    assert result.exit_code == 2
    assert errors(result.stdout) == [
        f"sources/{DESPARDES}.md: error: cannot read it: internal error: ValueError: boom; this is a bug in factcheck"
    ]
    assert "open conflict cf-15920f8d" in result.stdout  # the other sources were read and checked
