"""`factcheck claim add`, `claim add-evidence`, `source pin` and `schema`: round-trip edits that lose nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app
from tests.conftest import snapshot

runner = CliRunner()
DAWN = "dawn-2018-04-25-bajwa-moscow"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_claim_add_appends_and_keeps_comments_order_and_quoting(project: Path) -> None:
    claims = project / "claims.yaml"
    original = claims.read_text(encoding="utf-8")
    result = invoke(
        "claim",
        "add",
        "salyukov-kremlin-2018",
        "Gen Bajwa met Col Gen Oleg Salyukov at the Kremlin Palace.",
        "--project",
        str(project),
        "--source",
        "web-2018-04-24-russia-keen-military-ties",
        "--quote",
        "The Pakistan army chief met with Commander Russian Federation Ground Forces, Colonel General "
        "Oleg Salyukov at Kremlin Palace.",
        "--stance",
        "supports",
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "added claim salyukov-kremlin-2018 with evidence from web-2018-04-24-russia-keen-military-ties\n"
    )
    updated = claims.read_text(encoding="utf-8")
    # Everything that was there stays byte for byte; the new claim is added to the claims list.
    resolutions_at = original.index("\nresolutions:")
    assert updated.startswith(original[:resolutions_at])
    assert updated.endswith(original[resolutions_at:])
    assert (
        "  - id: salyukov-kremlin-2018\n    text: Gen Bajwa met Col Gen Oleg Salyukov at the Kremlin Palace.\n"
        in updated
    )
    assert (
        invoke("check", "--project", str(project)).exit_code == 1
    )  # still valid; the treaty conflict stays open


def test_claim_add_evidence_writes_the_sources_own_words_after_normalising(project: Path) -> None:
    result = invoke(
        "claim",
        "add-evidence",
        "military-contacts-from-2007",
        "--project",
        str(project),
        "--source",
        DAWN,
        "--quote",
        "gen bajwa's first visit to russia",
        "--stance",
        "mentions",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "added evidence[3] to claim military-contacts-from-2007\n"
    assert result.stderr.startswith("note: quote differs from the source")
    assert "quote: Gen Bajwa’s first visit to Russia\n" in (project / "claims.yaml").read_text(
        encoding="utf-8"
    )
    check = invoke("check", "--project", str(project), "--format", "json")
    assert json.loads(check.stdout)["summary"]["errors"] == 0


def test_claim_add_refuses_bad_input_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    cases = [
        (
            ["claim", "add", "defence-agreement-2014", "x"],
            "error: claims.yaml:12: a claim with id 'defence-agreement-2014' exists already; choose another id\n",
        ),
        (
            [
                "claim",
                "add",
                "new-claim",
                "x",
                "--source",
                DAWN,
                "--quote",
                "Pakistan bought S-400 missiles",
                "--stance",
                "supports",
            ],
            "error: quote not found in the article text of source dawn-2018-04-25-bajwa-moscow; the closest passage ",
        ),
        (
            ["claim", "add", "new-claim", "x", "--source", "nope", "--quote", "q", "--stance", "supports"],
            "error: no source 'nope': expected ",
        ),
        (
            [
                "claim",
                "add-evidence",
                "no-such-claim",
                "--source",
                DAWN,
                "--quote",
                "It was Gen Bajwa’s first visit to Russia.",
                "--stance",
                "supports",
            ],
            "error: ",
        ),
    ]
    for args, expected_start in cases:
        result = runner.invoke(app, [*args, "--project", str(project)])
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith(expected_start.replace("claims.yaml:", f"{project}/claims.yaml:")), (
            result.stderr
        )
        assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_claim_add_rejects_an_unknown_stance_with_the_choices(project: Path) -> None:
    result = runner.invoke(
        app,
        [
            "claim",
            "add",
            "new-claim",
            "x",
            "--source",
            DAWN,
            "--quote",
            "q",
            "--stance",
            "support",
            "--project",
            str(project),
        ],
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: --stance: 'support' is not one of supports, contradicts, qualifies, mentions\n"
    )


def test_edited_source_fails_until_pinned_and_its_quotes_are_re_anchored(project: Path) -> None:
    source = project / "sources" / f"{DAWN}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Both sides had signed a defence", "Both sides had inked a defence"), encoding="utf-8"
    )
    result = invoke("check", "--project", str(project))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "claims.yaml:16:16: warning: claims[0].evidence[0].quote: quote drifted from source "
        f"{DAWN} (similarity 0.9"
    )
    assert any(
        line.startswith(
            f"sources/{DAWN}.md:15: error: body of source {DAWN} no longer matches its sha256 pin"
        )
        and line.endswith(f"review the change, then run `factcheck source pin {DAWN}`")
        for line in lines
    ), lines
    pinned = invoke("source", "pin", DAWN, "--project", str(project))
    assert pinned.exit_code == 0
    assert pinned.stdout.startswith(f"pinned {DAWN}: 9c155d66aca1 -> ")
    after = source.read_text(encoding="utf-8")
    assert after.replace(after.split("sha256: ")[1].split("\n")[0], "X") == text.replace(
        "Both sides had signed a defence", "Both sides had inked a defence"
    ).replace(text.split("sha256: ")[1].split("\n")[0], "X")
    assert invoke("check", "--project", str(project)).exit_code == 1
    assert invoke("source", "pin", DAWN, "--project", str(project)).stdout.startswith(
        f"{DAWN} already pinned at "
    )


def test_pin_of_unknown_or_path_like_source_is_refused(project: Path) -> None:
    result = invoke("source", "pin", "../../etc/passwd", "--project", str(project))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: '../../etc/passwd' is not a valid source id: ids are slugs (lowercase letters, digits, '.', '_', '-')\n"
    )


def test_schema_is_json_schema_for_claims_and_sources() -> None:
    claims = json.loads(invoke("schema").stdout)
    assert claims["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert claims["required"] == ["claims"]
    evidence = claims["$defs"]["Evidence"]
    assert evidence["additionalProperties"] is False
    assert evidence["properties"]["stance"]["enum"] == ["supports", "contradicts", "qualifies", "mentions"]
    source = json.loads(invoke("schema", "source").stdout)
    assert source["properties"]["reliability"]["enum"] == ["A", "B", "C", "D", "E", "F"]


def test_version_and_help_document_exit_codes() -> None:
    assert invoke("--version").stdout.startswith("factcheck ")
    assert "Exit codes: 0 clean; 1 findings" in invoke("--help").stdout


def test_claim_add_takes_a_time_and_a_kind_and_says_what_time_it_read(project: Path) -> None:
    claims = project / "claims.yaml"
    read = invoke("claim", "add", "dastgir-fm", "Khurram Dastgir Khan was foreign minister in May 2018.",
                  "--project", str(project), "--kind", "state")
    assert read.exit_code == 0, read.output
    assert read.stdout == "added claim dastgir-fm; time 2018-05 (read from the text)\n"
    given = invoke("claim", "add", "mou-signed", "A defence MoU was signed after its 2013 submission.",
                   "--project", str(project), "--time", "2013/2018-05-12")
    assert given.stdout == "added claim mou-signed; time 2013/2018-05-12 (given)\n"
    text = claims.read_text(encoding="utf-8")
    assert "  - id: dastgir-fm\n    text: Khurram Dastgir Khan was foreign minister in May 2018.\n    kind: state\n" in text
    assert "  - id: mou-signed\n    text: A defence MoU was signed after its 2013 submission.\n    time: 2013/2018-05-12\n" in text
    assert invoke("check", "--project", str(project)).exit_code == 1  # still valid; the treaty conflicts stay open


def test_claim_add_refuses_an_impossible_time_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = invoke("claim", "add", "x", "An accord was signed.", "--project", str(project), "--time", "2019-13")
    assert result.exit_code == 2
    assert "time: '2019-13' is not a real date: month must be in 1..12" in result.output
    assert snapshot(project) == before
