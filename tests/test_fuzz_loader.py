"""Fuzzing the loaders: whatever bytes claims.yaml or a source holds, the only exception is the tool's own error,
and every diagnostic it carries names the file and a line.

The fast suite runs a few hundred derandomized (so repeatable) examples of the loaders; `pytest -m slow` runs 2,000
of each and 100 whole `check` runs on fuzzed files, FUZZ_EXAMPLES=20000 and FUZZ_CHECK_EXAMPLES=500 more still.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcheck.claims import Ledger, parse_claims
from factcheck.cli import app
from factcheck.errors import Diagnostic, InvalidClaimsFileError, InvalidSourceError
from factcheck.sources import body_diagnostics, decode_source_bytes, parse_source, split_front_matter
from tests.conftest import ROOT
from tests.yamlparity import assert_same_reading, document

# Fuzzing: it runs in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

BUNDLED = (ROOT / "claims.yaml").read_text(encoding="utf-8")
# Two claims and two resolutions: every construct of the file (comments, folded quotes, notes, conflicts_with,
# a time range) in a text small enough to parse a few hundred times a second.
SEED_CLAIMS = (
    BUNDLED[: BUNDLED.index("  - id: military-cooperation-commission-2018")]
    + "  - id: x\n    text: X\n    time: 2013/2018-05-12\n    kind: state\n    conflicts_with: [defence-agreement-2014]\n"
    + BUNDLED[BUNDLED.index("resolutions:") :][:700].rsplit("\n", 1)[0]
    + "\n"
)
SEED_SOURCE = (ROOT / "sources" / "despardes-2018-05-12-defense-treaty.md").read_text(encoding="utf-8")[:2500]
SOURCE_PATH = "sources/despardes-2018-05-12-defense-treaty.md"

# What a hand, a paste or a broken editor puts into a file: controls, YAML indicators, separators, BOMs, tabs.
SPECIAL = [
    *"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\xa0\u2028\u2029\ufeff\ufffe\uffff\U0010ffff\t\r\n ",
    *">|&*!%#@`?:-,[]{}'\"\\",
    "\x1b[31m", "\r\n", "\n\n", "---\n", "...\n", "- ", ": ", "  ", "\n  - ", "\n    ", "&a ", "*a", "!!python/object ",
    "!!binary ", "%YAML 1.1\n", "? ", "<<: ", "[" * 70, "{a: " * 70, "- " * 70, "null", "~", "2018-13-45", "0x1F",
    "1e999", ".nan", "yes", "=", "\\x", "\\u", "\U0001f600",
]
piece = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=8))


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """The seed with a few characters or runs inserted, deleted or replaced."""
    text = seed
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=20)) :]
        else:
            cut = 0 if op == "insert" else draw(st.integers(min_value=1, max_value=4))
            text = text[:at] + draw(piece) + text[at + cut :]
    return text


def assert_located(diagnostics: list[Diagnostic], path: str) -> None:
    assert diagnostics, "an error without diagnostics"
    for d in diagnostics:
        assert d.path == path and d.message, d
        assert d.line is not None and d.line >= 1, d.format()


def check_claims_text(text: str) -> None:
    try:
        parse_claims(text)
    except InvalidClaimsFileError as exc:
        assert_located(exc.diagnostics, "claims.yaml")
    ledger = parse_claims(text, keep_going=True)  # never raises: what is wrong is in ledger.problems
    if ledger.problems:
        assert_located(ledger.problems, "claims.yaml")
    ids = [c.id for c in ledger.claims]
    assert len(ids) == len(set(ids))
    assert all(other in ids and other != c.id for c in ledger.claims for other in c.conflicts_with)
    for claim in ledger.claims:  # every claim can be placed in the file for its messages
        ledger.position("claims", ledger.file_index(claim.id), "id")


def check_source_text(text: str) -> None:
    try:
        source = parse_source(text, SOURCE_PATH)
    except InvalidSourceError as exc:
        assert_located(exc.diagnostics, SOURCE_PATH)
        return
    for d in body_diagnostics(source):
        assert d.path == SOURCE_PATH and d.line is not None and d.line > source.front_matter_lines


def check_source_bytes(data: bytes) -> None:
    try:
        text = decode_source_bytes(data, SOURCE_PATH)
    except InvalidSourceError as exc:
        assert_located(exc.diagnostics, SOURCE_PATH)
        return
    check_source_text(text)


FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")))


@FAST
@given(mutated(SEED_CLAIMS))
def test_claims_yaml_fuzz(text: str) -> None:
    check_claims_text(text)


@FAST
@given(mutated(SEED_SOURCE))
def test_source_fuzz(text: str) -> None:
    check_source_text(text)


@FAST
@given(st.binary(max_size=8).flatmap(lambda junk: st.integers(0, 300).map(
    lambda at: SEED_SOURCE.encode()[:at] + junk + SEED_SOURCE.encode()[at:])))
def test_source_bytes_fuzz(data: bytes) -> None:
    check_source_bytes(data)


# The libyaml loader (factcheck/fastyaml.py) against ruamel.yaml's round-trip loader: on what it reads, the same
# data and positions; and parse_claims / parse_source give the same result (or the same errors) either way.
SEED_FRONT = split_front_matter(SEED_SOURCE, SOURCE_PATH)[0]


def outcome(parse: object) -> object:
    """What a parse gives: its result, or the error's message."""
    try:
        result = parse()  # type: ignore[operator]
        return (result.claims, result.resolutions) if isinstance(result, Ledger) else result
    except (InvalidClaimsFileError, InvalidSourceError) as exc:
        return str(exc)


def check_claims_either_way(text: str) -> None:
    fast, slow = parse_claims(text, keep_going=True), parse_claims(text, keep_going=True, round_trip=True)
    assert (fast.claims, fast.resolutions, fast.problems) == (slow.claims, slow.resolutions, slow.problems)
    assert fast.loose_evidence == slow.loose_evidence
    assert outcome(lambda: parse_claims(text)) == outcome(lambda: parse_claims(text, round_trip=True))
    for claim in slow.claims:
        index = slow.file_index(claim.id)
        assert fast.file_index(claim.id) == index
        for k in range(len(claim.evidence) + 1):
            loc = ("claims", index, "evidence", k, "quote")
            assert fast.position(*loc) == slow.position(*loc), loc
    if fast.tree is None:  # read with libyaml: what the cache keeps is what the round-trip parse would have kept
        assert fast.to_cache() == slow.to_cache()


def check_source_either_way(text: str) -> None:
    fast = outcome(lambda: parse_source(text, SOURCE_PATH))
    with mock.patch("factcheck.sources.load_fast", lambda *args, **kwargs: None):
        slow = outcome(lambda: parse_source(text, SOURCE_PATH))
    assert fast == slow


@FAST
@given(mutated(SEED_CLAIMS))
def test_claims_read_fast_or_round_trip_alike(text: str) -> None:
    assert_same_reading(text)
    check_claims_either_way(text)


@FAST
@given(mutated(SEED_SOURCE))
def test_sources_read_fast_or_round_trip_alike(text: str) -> None:
    try:
        assert_same_reading(split_front_matter(text, SOURCE_PATH)[0])
    except InvalidSourceError:
        pass
    check_source_either_way(text)


@FAST
@given(document())
def test_generated_yaml_reads_alike(text: str) -> None:
    assert_same_reading(text)


@pytest.mark.slow
@SLOW
@given(mutated(SEED_CLAIMS))
def test_claims_read_fast_or_round_trip_alike_long(text: str) -> None:
    assert_same_reading(text)
    check_claims_either_way(text)


@pytest.mark.slow
@SLOW
@given(mutated(SEED_FRONT))
def test_front_matter_reads_alike_long(text: str) -> None:
    assert_same_reading(text)


@pytest.mark.slow
@settings(SLOW, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")) * 5)
@given(document())
def test_generated_yaml_reads_alike_long(text: str) -> None:
    assert_same_reading(text)


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    root.mkdir()
    shutil.copy(ROOT / "claims.yaml", root / "claims.yaml")
    shutil.copytree(ROOT / "sources", root / "sources")
    assert CliRunner().invoke(app, ["check", "--project", str(root)]).exit_code == 1
    return root


def check_project_files(warm_project: Path, claims: str, source: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(warm_project, project)
        (project / "claims.yaml").write_text(claims, encoding="utf-8", newline="")
        (project / "sources" / "despardes-2018-05-12-defense-treaty.md").write_text(source, encoding="utf-8",
                                                                                     newline="")
        result = CliRunner().invoke(app, ["check", "--project", str(project), "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    for d in json.loads(result.stdout)["diagnostics"]:
        assert d["path"] and d["line"], d
        assert "internal error" not in d["message"], d


@pytest.mark.slow
@given(claims=mutated(BUNDLED), source=mutated(SEED_SOURCE))
@settings(FAST, max_examples=int(os.environ.get("FUZZ_CHECK_EXAMPLES", "100")))
def test_check_on_fuzzed_files_long(warm_project: Path, claims: str, source: str) -> None:
    check_project_files(warm_project, claims, source)


@pytest.mark.parametrize(
    "text",
    [
        "claims:\n\n>  # Agreements\n  - id: a\n    text: b\n",
        "claims:\n  - id: a\n    text: b\x1b[0m\n",
        "claims: [" + "[" * 100,
        "\ufeffclaims:\n  - id: a\n    text: b\u2028c\n",
        "claims:\n  - id: a\n    text: b\n  - id: a\n    text: c\n    conflicts_with: [a, zz]\n",
        "claims:\n  - id: a\n    text: b\n    conflicts_with: [b]\n  - id: b\n    txt: c\n",
        "%YAML 1.1\n---\nclaims: []\n",
        "claims: !!python/object:os.system []\n",
        "claims:\n  - id: a\n    text: |\n\x0c\n",
        "claims:\n\n  # a\n?   # b\n  # c\n\n  - id: a\n    text: b\n",  # a TypeError inside ruamel.yaml
        "c: x\nclaims:\n<<:  # b\n  - id: a\n    text: b\n",  # merged keys had no position
    ],
)
def test_inputs_the_fuzzer_found_stay_located(text: str) -> None:
    check_claims_text(text)


@pytest.mark.slow
@SLOW
@given(mutated(SEED_CLAIMS))
def test_claims_yaml_fuzz_long(text: str) -> None:
    check_claims_text(text)


@pytest.mark.slow
@SLOW
@given(mutated(SEED_SOURCE))
def test_source_fuzz_long(text: str) -> None:
    check_source_text(text)


def test_the_seeds_are_valid() -> None:
    """Mutations start from files that load, so each error the fuzzer sees is one it made."""
    assert [c.id for c in parse_claims(SEED_CLAIMS).claims] == ["defence-agreement-2014",
                                                                "military-technical-accord-2015", "x"]
    assert parse_source(SEED_SOURCE, SOURCE_PATH).id == Path(SOURCE_PATH).stem
