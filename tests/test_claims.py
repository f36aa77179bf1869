"""claims.yaml: every diagnostic with its line and column, the validated ledger, and round-trip edits."""

from __future__ import annotations

import datetime as dt
import difflib
import time
from pathlib import Path

import pytest

from factcheck.claims import add_claim, add_evidence, load_claims, parse_claims
from factcheck.errors import ClaimNotFoundError, DuplicateIdError, InvalidClaimsFileError
from factcheck.models import Claim, Evidence

ROOT = Path(__file__).resolve().parent.parent


def diagnostics_of(text: str) -> list[str]:
    """The formatted diagnostics parse_claims raises for a text (and the message is the same lines)."""
    with pytest.raises(InvalidClaimsFileError) as info:
        parse_claims(text)
    lines = [d.format() for d in info.value.diagnostics]
    assert str(info.value) == "\n".join(lines)
    return lines


def resolution(outcome: str = "distinct", extra: str = "", date: str = "2026-01-02") -> str:
    """A valid one-claim file with one resolution; `outcome` is on line 6, `date` on line 8 (or 9 with extra)."""
    return (
        "claims:\n  - id: a\n    text: A claim.\n"
        f"resolutions:\n  - conflict: cf-1\n    outcome: {outcome}\n{extra}    by: A. Reviewer\n"
        f"    date: {date}\n    note: Reviewed.\n"
    )


ERRORS = [
    (
        "missing field",
        "claims:\n  - id: a\n",
        ["claims.yaml:2:5: error: claims[0].text: required field is missing; add `text:`"],
    ),
    (
        "missing claims key",
        "resolutions: []\n",
        ["claims.yaml:1:1: error: claims: required field is missing; add `claims:`"],
    ),
    (
        "unknown key in a claim",
        "claims:\n  - id: a\n    text: A claim.\n    txet: typo\n",
        ["claims.yaml:4:5: error: claims[0].txet: unknown key 'txet'; did you mean 'text'? allowed keys: id, text, "
         "evidence, conflicts_with, time, kind, override, note"],
    ),
    (
        "unknown key in evidence",
        "claims:\n  - id: a\n    text: A claim.\n    evidence:\n      - source: s\n        quote: q\n"
        "        stance: supports\n        notes: typo\n",
        ["claims.yaml:8:9: error: claims[0].evidence[0].notes: unknown key 'notes'; did you mean 'note'? "
         "allowed keys: source, quote, stance, note"],
    ),
    (
        "unknown key with nothing close",
        "claims:\n  - id: a\n    text: A claim.\n    zzz: 1\n",
        ["claims.yaml:4:5: error: claims[0].zzz: unknown key 'zzz'; allowed keys: id, text, evidence, "
         "conflicts_with, time, kind, override, note"],
    ),
    (
        "bad stance",
        "claims:\n  - id: a\n    text: A claim.\n    evidence:\n      - source: s\n        quote: q\n"
        "        stance: support\n",
        ["claims.yaml:7:17: error: claims[0].evidence[0].stance: 'support' is not one of supports, contradicts, "
         "qualifies, mentions"],
    ),
    (
        "bad id pattern",
        "claims:\n  - id: Bad Id\n    text: A claim.\n",
        ["claims.yaml:2:9: error: claims[0].id: 'Bad Id' is not a valid id: use lowercase letters, digits, '.', "
         "'_' and '-', starting with a letter or digit"],
    ),
    (
        "source id that is a path",
        "claims:\n  - id: a\n    text: A claim.\n    evidence:\n      - source: ../../etc/passwd\n"
        "        quote: q\n        stance: supports\n",
        ["claims.yaml:5:17: error: claims[0].evidence[0].source: '../../etc/passwd' is not a valid source id: ids "
         "are slugs (lowercase letters, digits, '.', '_', '-'), not paths; see `factcheck sources list`"],
    ),
    (
        "empty text",
        "claims:\n  - id: a\n    text: '  '\n",
        ["claims.yaml:3:11: error: claims[0].text: must not be empty"],
    ),
    (
        "a number where text is expected",
        "claims:\n  - id: a\n    text: 12\n",
        ["claims.yaml:3:11: error: claims[0].text: must be text, not int 12"],
    ),
    (
        "an empty list item where a claim is expected",
        "claims:\n  -\n",
        ["claims.yaml:2:4: error: claims[0]: must be a mapping of `key: value` lines, not nothing (null)"],
    ),
    (
        "a list where a claim mapping is expected",
        "claims:\n  - - a\n    - b\n",
        ["claims.yaml:2:5: error: claims[0]: must be a mapping of `key: value` lines, not a list"],
    ),
    (
        "a list where an evidence mapping is expected",
        "claims:\n  - id: a\n    text: A claim.\n    evidence:\n      - [s, q, supports]\n",
        ["claims.yaml:5:9: error: claims[0].evidence[0]: must be a mapping of `key: value` lines, not a list"],
    ),
    (
        "a mapping where the claims list is expected",
        "claims:\n  id: a\n  text: b\n",
        ["claims.yaml:1:1: error: claims: must be a list (lines starting with `- `), not a mapping"],
    ),
    (
        "a mapping where the evidence list is expected",
        "claims:\n  - id: a\n    text: A claim.\n    evidence:\n      source: s\n",
        ["claims.yaml:4:5: error: claims[0].evidence: must be a list (lines starting with `- `), not a mapping"],
    ),
    (
        "conflicts_with a single id instead of a list",
        "claims:\n  - id: a\n    text: A.\n    conflicts_with: b\n  - id: b\n    text: B.\n",
        ["claims.yaml:4:21: error: claims[0].conflicts_with: must be a list (lines starting with `- `), not the text "
         "'b'"],
    ),
    (
        "conflicts_with an unknown id",
        "claims:\n  - id: alpha\n    text: A.\n    conflicts_with: [alpah2]\n  - id: alpha2\n    text: B.\n",
        ["claims.yaml:4:22: error: claims[0].conflicts_with[0]: no claim with id 'alpah2'; did you mean 'alpha2'?"],
    ),
    (
        "conflicts_with an id nothing resembles",
        "claims:\n  - id: alpha\n    text: A.\n    conflicts_with:\n      - zzz\n",
        ["claims.yaml:5:9: error: claims[0].conflicts_with[0]: no claim with id 'zzz'"],
    ),
    (
        "conflicts_with itself",
        "claims:\n  - id: a\n    text: A.\n    conflicts_with:\n      - a\n",
        ["claims.yaml:5:9: error: claims[0].conflicts_with[0]: a claim cannot conflict with itself"],
    ),
    (
        "duplicate ids",
        "claims:\n  - id: a\n    text: A.\n  - id: b\n    text: B.\n  - id: a\n    text: C.\n",
        ["claims.yaml:6:9: error: claims[2].id: duplicate claim id 'a' (first used on line 2); give each claim "
         "its own id"],
    ),
    (
        "duplicate ids when the second claim is otherwise invalid",
        "claims:\n  - id: a\n    text: A.\n  - id: a\n    txt: B.\n",
        [
            "claims.yaml:4:5: error: claims[1].text: required field is missing; add `text:`",
            "claims.yaml:4:9: error: claims[1].id: duplicate claim id 'a' (first used on line 2); give each claim "
            "its own id",
            "claims.yaml:5:5: error: claims[1].txt: unknown key 'txt'; did you mean 'text'? allowed keys: id, text, "
            "evidence, conflicts_with, time, kind, override, note",
        ],
    ),
    (
        "duplicate ids when the first claim is otherwise invalid",
        "claims:\n  - id: a\n    text: A.\n    stance: supports\n  - id: a\n    text: B.\n",
        [
            "claims.yaml:4:5: error: claims[0].stance: unknown key 'stance'; allowed keys: id, text, evidence, "
            "conflicts_with, time, kind, override, note",
            "claims.yaml:5:9: error: claims[1].id: duplicate claim id 'a' (first used on line 2); give each claim "
            "its own id",
        ],
    ),
    (
        "outcome preferred without preferred:",
        resolution("preferred"),
        ["claims.yaml:5:5: error: resolutions[0]: outcome 'preferred' needs `preferred:` naming the side that wins"],
    ),
    (
        "preferred: with another outcome",
        resolution("distinct", extra="    preferred: a\n"),
        ["claims.yaml:5:5: error: resolutions[0]: `preferred:` only goes with outcome 'preferred', not 'distinct'"],
    ),
    (
        "unknown outcome",
        resolution("won"),
        ["claims.yaml:6:14: error: resolutions[0].outcome: 'won' is not one of preferred, distinct, accepted"],
    ),
    (
        "a date that is not on the calendar",
        resolution(date="2018-02-30"),
        ["claims.yaml:8:11: error: resolutions[0].date: '2018-02-30' is not a valid date: write YYYY-MM-DD "
         "(a real calendar date)"],
    ),
    (
        "a date that is no date at all",
        resolution(date="tomorrow"),
        ["claims.yaml:8:11: error: resolutions[0].date: 'tomorrow' is not a valid date: write YYYY-MM-DD "
         "(a real calendar date)"],
    ),
    (
        "duplicate YAML key",
        "claims:\n  - id: a\n    text: A.\n    text: B.\n",
        ['claims.yaml:4:5: error: invalid YAML: found duplicate key "text" with value "B." (original value: "A.") '
         "(while constructing a mapping); each key may appear once in a mapping"],
    ),
    (
        "tab in indentation",
        "claims:\n\t- id: a\n",
        ["claims.yaml:2:1: error: invalid YAML: found character '\\t' that cannot start any token (while scanning "
         "for the next token); indent with spaces, not tabs"],
    ),
    (
        "tab after a key",
        "claims:\n  - id: a\n    text:\tA.\n",
        ["claims.yaml:3:10: error: invalid YAML: found character '\\t' that cannot start any token (while "
         "scanning for the next token); indent with spaces, not tabs"],
    ),
    (
        "unclosed quote",
        'claims:\n  - id: a\n    text: "A claim\n',
        ["claims.yaml:4:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar); "
         "check for an unclosed quote"],
    ),
    (
        "alias",
        "shared: &x A claim.\nclaims:\n  - id: a\n    text: *x\n",
        ["claims.yaml:4:11: error: invalid YAML: YAML aliases are not allowed (found *x); write the value out in "
         "full"],
    ),
    (
        "empty file",
        "",
        ["claims.yaml:1:1: error: the file is empty: start it with `claims:` and a list of claims (see README, "
         "'claims.yaml')"],
    ),
    (
        "only comments and blank lines",
        "\n# nothing yet\n\n",
        ["claims.yaml:1:1: error: the file is empty: start it with `claims:` and a list of claims (see README, "
         "'claims.yaml')"],
    ),
    (
        "top level a list",
        "# A list of claims, without `claims:`\n- id: a\n  text: A.\n",
        ["claims.yaml:2:1: error: the top level must be a mapping with `claims:` and `resolutions:`"],
    ),
    (
        "top level a scalar",
        "claims\n",
        ["claims.yaml:1:1: error: the top level must be a mapping with `claims:` and `resolutions:`"],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), ERRORS, ids=[c[0] for c in ERRORS])
def test_each_error_names_line_column_path_and_fix(case: str, text: str, expected: list[str]) -> None:
    assert diagnostics_of(text) == expected


def test_diagnostics_carry_the_path_they_were_given() -> None:
    with pytest.raises(InvalidClaimsFileError) as info:
        parse_claims("claims:\n  - id: a\n", "ledger/claims.yaml")
    assert str(info.value) == "ledger/claims.yaml:2:5: error: claims[0].text: required field is missing; add `text:`"


def test_several_problems_are_all_reported_sorted_by_line() -> None:
    text = (
        "claims:\n"
        "  - id: a\n"                    # 2
        "    text: A.\n"                 # 3
        "    conflicts_with: [zzz]\n"    # 4: unknown id (a reference check, found after validation)
        "  - id: b\n"                    # 5
        "    text: B.\n"                 # 6
        "    evidence:\n"                # 7
        "      - source: s\n"            # 8
        "        quote: q\n"             # 9
        "        stance: support\n"      # 10: bad stance (a validation error)
        "  - id: a\n"                    # 11: duplicate (a reference check)
        "    text: C.\n"                 # 12
        "  - id: C\n"                    # 13: bad id (a validation error)
        "    text: D.\n"
    )
    assert diagnostics_of(text) == [
        "claims.yaml:4:22: error: claims[0].conflicts_with[0]: no claim with id 'zzz'",
        "claims.yaml:10:17: error: claims[1].evidence[0].stance: 'support' is not one of supports, contradicts, "
        "qualifies, mentions",
        "claims.yaml:11:9: error: claims[2].id: duplicate claim id 'a' (first used on line 2); give each claim its "
        "own id",
        "claims.yaml:13:9: error: claims[3].id: 'C' is not a valid id: use lowercase letters, digits, '.', '_' and "
        "'-', starting with a letter or digit",
    ]


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        ("flow lists", "claims: " + "[" * 100 + "]" * 100 + "\n", "claims.yaml:1:72: error: "),
        ("block lists", "claims:\n" + "- " * 40_000 + "x\n", "claims.yaml:2:127: error: "),
        ("flow mappings", "claims: " + "{a: " * 15_000 + "x" + "}" * 15_000 + "\n", "claims.yaml:1:258: error: "),
    ],
)
def test_deep_nesting_is_refused_quickly(case: str, text: str, expected: str) -> None:
    started = time.perf_counter()
    [line] = diagnostics_of(text)
    assert time.perf_counter() - started < 5
    assert line == expected + "invalid YAML: nested deeper than 64 levels; a ledger never needs this much nesting: flatten it"


def test_deep_nesting_message_gives_a_fix_a_user_can_apply() -> None:
    [line] = diagnostics_of("claims: " + "[" * 100 + "]" * 100 + "\n")
    assert "YAML().max_depth" not in line


def test_a_date_where_text_is_expected_is_explained_without_python_reprs() -> None:
    [line] = diagnostics_of("claims:\n  - id: 2018-04-25\n    text: A.\n")
    assert line.startswith("claims.yaml:2:9: error: claims[0].id: ")
    assert "datetime.date(" not in line


# ---------------------------------------------------------------- a valid file

VALID = """\
# The ledger.
claims:
  - id: a
    text: First claim,
      folded over two lines.
    evidence:
      - source: s1
        quote: "Quoted, with: a colon"
        stance: supports
      - source: s2
        quote: plain words
        stance: qualifies
        note: A note.
    conflicts_with: [b]

  - id: b
    text: Second claim.
resolutions:
  - conflict: cf-12345678
    outcome: preferred
    preferred: a
    by: A. Reviewer
    date: 2026-01-02
    note: Reviewed.
"""


def test_a_valid_file_gives_the_ledger() -> None:
    ledger = parse_claims(VALID)
    assert ledger.ids == ["a", "b"]
    assert ledger.claims[0] == Claim(
        id="a",
        text="First claim, folded over two lines.",
        evidence=[
            Evidence(source="s1", quote="Quoted, with: a colon", stance="supports"),
            Evidence(source="s2", quote="plain words", stance="qualifies", note="A note."),
        ],
        conflicts_with=["b"],
    )
    assert ledger.claims[1] == Claim(id="b", text="Second claim.")
    [res] = ledger.resolutions
    assert (res.conflict, res.outcome, res.preferred, res.by, res.date, res.note) == (
        "cf-12345678", "preferred", "a", "A. Reviewer", dt.date(2026, 1, 2), "Reviewed."
    )
    assert ledger.claim_index("b") == 1


@pytest.mark.parametrize(
    ("loc", "key", "expected", "there"),
    [
        (("claims", 0, "id"), False, (3, 9), "a"),
        (("claims", 0, "id"), True, (3, 5), "id: a"),
        (("claims", 0, "text"), False, (4, 11), "First claim,"),
        (("claims", 0, "evidence"), False, (6, 5), "evidence:"),
        (("claims", 0, "evidence", 0), False, (7, 9), "source: s1"),
        (("claims", 0, "evidence", 0, "quote"), False, (8, 16), '"Quoted, with: a colon"'),
        (("claims", 0, "evidence", 1, "note"), False, (13, 15), "A note."),
        (("claims", 0, "evidence", 1, "note"), True, (13, 9), "note: A note."),
        (("claims", 0, "conflicts_with", 0), False, (14, 22), "b]"),
        (("claims", 1), False, (16, 5), "id: b"),
        (("claims", 1, "text"), False, (17, 11), "Second claim."),
        (("resolutions", 0, "date"), False, (23, 11), "2026-01-02"),
        # A part that is not there points at its nearest ancestor.
        (("claims", 1, "evidence", 0), False, (16, 5), "id: b"),
    ],
)
def test_ledger_position_points_at_the_line_and_column(
    loc: tuple, key: bool, expected: tuple[int, int], there: str
) -> None:
    ledger = parse_claims(VALID)
    assert ledger.position(*loc, key=key) == expected
    line, col = expected
    assert VALID.splitlines()[line - 1][col - 1 :] == there


def test_positions_survive_the_cache() -> None:
    ledger = parse_claims(VALID)
    restored = type(ledger).from_cache("claims.yaml", ledger.to_cache())
    assert restored.claims == ledger.claims
    assert restored.resolutions == ledger.resolutions
    for loc in [("claims", 0, "evidence", 0, "quote"), ("claims", 1, "text"), ("resolutions", 0, "date")]:
        assert restored.position(*loc) == ledger.position(*loc)
        assert restored.position(*loc, key=True) == ledger.position(*loc, key=True)


def test_unknown_claim_suggests_the_closest_id() -> None:
    with pytest.raises(ClaimNotFoundError) as info:
        parse_claims(VALID).claim_index("aa")
    assert str(info.value) == "claims.yaml: no claim with id 'aa'; did you mean 'a'?"


def test_the_bundled_ledger_is_valid() -> None:
    ledger = load_claims(ROOT / "claims.yaml", "claims.yaml")
    assert len(ledger.claims) == 19
    assert ledger.position("claims", 0, "evidence", 0, "quote") == (16, 16)
    assert ledger.position("claims", 11, "kind") == (213, 11)
    assert [r.conflict for r in ledger.resolutions] == ["cf-7f1d1c2c", "cf-d2c62729", "cf-c1e23004"]


def test_load_claims_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidClaimsFileError) as info:
        load_claims(tmp_path / "claims.yaml", "claims.yaml")
    assert str(info.value) == (
        "claims.yaml: no such file: run factcheck in a project folder (one that holds claims.yaml and sources/), "
        "or name one with --project"
    )


def test_load_claims_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_bytes("claims:\n  - id: a\n    text: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidClaimsFileError) as info:
        load_claims(file, "claims.yaml")
    assert str(info.value) == "claims.yaml:3:14: error: not UTF-8 text (byte 0xe9 at offset 31): re-save the file as UTF-8"


# ---------------------------------------------------------------- round-trip edits

LEDGER = """\
# Ledger of claims.   Odd   spacing stays.

claims:

  # First group: the agreements
  - id: alpha
    text: A long plain scalar that the reviewer folded over
      two lines on purpose, and which must stay folded.
    evidence:
      - source: src-one
        quote: 'single ''quoted'' words'
        stance: supports   # an inline comment
        note: "double \\"quoted\\" note"

  - id: beta
    text: "Beta claim."
    evidence: []

  # Second group
  - id: gamma
    text: >-
      Gamma claim, folded
      with a block scalar.

  # A comment before resolutions.
resolutions: []
# trailing comment at the end
"""

NEW_EVIDENCE = Evidence(source="src-two", quote="Another: quote", stance="contradicts", note="Why.")


def inserted_lines(old: str, new: str) -> list[str]:
    """The lines an edit added; fails if it changed or removed any existing line."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    added = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, old_lines[i1:i2], new_lines[j1:j2])
        if op == "insert":
            added.extend(new_lines[j1:j2])
    return added


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    file = tmp_path / "claims.yaml"
    file.write_text(LEDGER, encoding="utf-8")
    return file


def test_add_claim_keeps_every_byte_and_matches_the_blank_line_style(ledger_file: Path) -> None:
    add_claim(
        ledger_file,
        Claim(
            id="delta",
            text="Delta: a claim with a colon",
            evidence=[Evidence(source="src-two", quote="q", stance="mentions")],
            conflicts_with=["alpha"],
        ),
    )
    new = ledger_file.read_text(encoding="utf-8")
    block = (
        "\n"
        "  - id: delta\n"
        "    text: 'Delta: a claim with a colon'\n"
        "    evidence:\n"
        "      - source: src-two\n"
        "        quote: q\n"
        "        stance: mentions\n"
        "    conflicts_with:\n"
        "      - alpha\n"
    )
    assert "".join(inserted_lines(LEDGER, new)) in (block, block[1:] + "\n")
    # The new claim goes after gamma's folded text, before the comment that belongs to `resolutions:`.
    assert new == LEDGER.replace("with a block scalar.\n", "with a block scalar.\n" + block)
    ledger = load_claims(ledger_file)
    assert ledger.ids == ["alpha", "beta", "gamma", "delta"]
    assert ledger.claims[3].conflicts_with == ["alpha"]
    assert ledger.claims[0].text == (
        "A long plain scalar that the reviewer folded over two lines on purpose, and which must stay folded."
    )


def test_add_evidence_to_a_block_list_keeps_every_byte(ledger_file: Path) -> None:
    assert add_evidence(ledger_file, "alpha", NEW_EVIDENCE) == 1
    new = ledger_file.read_text(encoding="utf-8")
    assert inserted_lines(LEDGER, new) == [
        "      - source: src-two\n",
        "        quote: 'Another: quote'\n",
        "        stance: contradicts\n",
        "        note: Why.\n",
    ]
    assert '        note: "double \\"quoted\\" note"\n      - source: src-two\n' in new
    assert load_claims(ledger_file).claims[0].evidence[1] == NEW_EVIDENCE


def test_add_evidence_to_an_empty_flow_list_rewrites_only_that_line(ledger_file: Path) -> None:
    assert add_evidence(ledger_file, "beta", NEW_EVIDENCE) == 0
    new = ledger_file.read_text(encoding="utf-8")
    before = LEDGER.replace('    text: "Beta claim."\n    evidence: []\n', '    text: "Beta claim."\n    evidence:\n')
    assert inserted_lines(before, new) == [
        "      - source: src-two\n",
        "        quote: 'Another: quote'\n",
        "        stance: contradicts\n",
        "        note: Why.\n",
    ]
    assert load_claims(ledger_file).claims[1].evidence == [NEW_EVIDENCE]


def test_add_evidence_to_a_claim_without_the_key_adds_it(ledger_file: Path) -> None:
    assert add_evidence(ledger_file, "gamma", NEW_EVIDENCE) == 0
    new = ledger_file.read_text(encoding="utf-8")
    assert inserted_lines(LEDGER, new) == [
        "    evidence:\n",
        "      - source: src-two\n",
        "        quote: 'Another: quote'\n",
        "        stance: contradicts\n",
        "        note: Why.\n",
    ]
    assert "      with a block scalar.\n    evidence:\n" in new
    ledger = load_claims(ledger_file)
    assert ledger.claims[2].text == "Gamma claim, folded with a block scalar."
    assert ledger.claims[2].evidence == [NEW_EVIDENCE]


def test_add_evidence_before_the_next_key_of_the_claim(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    old = (
        "claims:\n  - id: a\n    text: A.\n    evidence:\n      - source: s\n        quote: |\n          literal\n\n"
        "          block\n        stance: supports\n    # why they conflict\n    conflicts_with: [b]\n"
        "  - id: b\n    text: B.\n"
    )
    file.write_text(old, encoding="utf-8")
    assert add_evidence(file, "a", Evidence(source="s", quote="new", stance="mentions")) == 1
    new = file.read_text(encoding="utf-8")
    assert inserted_lines(old, new) == ["      - source: s\n", "        quote: new\n", "        stance: mentions\n"]
    assert "        stance: supports\n      - source: s\n" in new
    assert [e.quote for e in load_claims(file).claims[0].evidence] == ["literal\n\nblock", "new"]


def test_add_claim_to_an_empty_flow_list(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text("# A new ledger.\nclaims: []\nresolutions: []\n", encoding="utf-8")
    add_claim(file, Claim(id="x", text="X claim."))
    assert file.read_text(encoding="utf-8") == (
        "# A new ledger.\nclaims:\n  - id: x\n    text: X claim.\nresolutions: []\n"
    )
    assert add_evidence(file, "x", Evidence(source="s", quote="q", stance="supports")) == 0
    assert file.read_text(encoding="utf-8") == (
        "# A new ledger.\nclaims:\n  - id: x\n    text: X claim.\n    evidence:\n      - source: s\n"
        "        quote: q\n        stance: supports\nresolutions: []\n"
    )


def test_add_claim_follows_the_files_dash_column(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    old = "claims:\n- id: a\n  text: A.\n- id: b\n  text: B.\n"
    file.write_text(old, encoding="utf-8")
    add_claim(file, Claim(id="c", text="C."))
    assert file.read_text(encoding="utf-8") == old + "- id: c\n  text: C.\n"


def test_add_claim_to_a_file_without_a_final_newline(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text("claims:\n  - id: a\n    text: A.", encoding="utf-8")
    add_claim(file, Claim(id="b", text="B."))
    assert file.read_text(encoding="utf-8") == "claims:\n  - id: a\n    text: A.\n  - id: b\n    text: B.\n"


def test_duplicate_evidence_is_refused_and_nothing_is_written(ledger_file: Path) -> None:
    with pytest.raises(DuplicateIdError) as info:
        add_evidence(ledger_file, "alpha", Evidence(source="src-one", quote="single 'quoted' words", stance="mentions"))
    assert str(info.value) == (
        f"{ledger_file}: claim 'alpha' already cites that quote from 'src-one' (as supports); edit that item instead"
    )
    assert ledger_file.read_text(encoding="utf-8") == LEDGER


def test_duplicate_claim_id_is_refused_and_nothing_is_written(ledger_file: Path) -> None:
    with pytest.raises(DuplicateIdError) as info:
        add_claim(ledger_file, Claim(id="beta", text="Again."))
    assert str(info.value) == f"{ledger_file}:15: a claim with id 'beta' exists already; choose another id"
    assert ledger_file.read_text(encoding="utf-8") == LEDGER


def test_evidence_for_an_unknown_claim_is_refused(ledger_file: Path) -> None:
    with pytest.raises(ClaimNotFoundError) as info:
        add_evidence(ledger_file, "betta", NEW_EVIDENCE)
    assert str(info.value) == f"{ledger_file}: no claim with id 'betta'; did you mean 'beta'?"
    assert ledger_file.read_text(encoding="utf-8") == LEDGER


def test_edits_to_an_invalid_file_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    old = "claims:\n  - id: a\n    txt: A.\n"
    file.write_text(old, encoding="utf-8")
    with pytest.raises(InvalidClaimsFileError):
        add_claim(file, Claim(id="b", text="B."))
    assert file.read_text(encoding="utf-8") == old


def test_edits_to_the_bundled_ledger_keep_every_byte(project: Path) -> None:
    file = project / "claims.yaml"
    old = file.read_text(encoding="utf-8")
    evidence = Evidence(source="dawn-2018-04-25-bajwa-moscow", quote="It was Gen Bajwa’s first visit to Russia.",
                        stance="mentions")
    # defense-treaty-2018 has `conflicts_with:` and `note:` after its evidence; the last claim has a blank line
    # and a commented `resolutions:` block after it.
    assert add_evidence(file, "defense-treaty-2018", evidence) == 5
    assert add_evidence(file, "military-contacts-from-2007", evidence) == 3
    add_claim(file, Claim(id="new-claim", text="A new claim."))
    new = file.read_text(encoding="utf-8")
    item = [
        "      - source: dawn-2018-04-25-bajwa-moscow\n",
        "        quote: It was Gen Bajwa’s first visit to Russia.\n",
        "        stance: mentions\n",
    ]
    assert inserted_lines(old, new) == item + item + ["\n", "  - id: new-claim\n", "    text: A new claim.\n"]
    assert "note: The same signing, dated November 2014.\n\n  - id: new-claim\n    text: A new claim.\n\nresolutions:" in new
    ledger = load_claims(file)
    assert ledger.ids[-1] == "new-claim"
    assert ledger.claims[3].evidence[5] == evidence
    assert ledger.claims[3].conflicts_with == ["defence-agreement-2014", "military-technical-accord-2015"]


# ---------------------------------------------------------------- known bugs


def test_add_claim_creates_a_missing_file(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    add_claim(file, Claim(id="x", text="X claim."))
    assert load_claims(file).ids == ["x"]


def test_add_claim_to_a_flow_list_keeps_the_existing_claims(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text("claims: [{id: a, text: A.}]\n", encoding="utf-8")
    add_claim(file, Claim(id="b", text="B."))
    assert load_claims(file).ids == ["a", "b"]


def test_add_evidence_to_a_flow_list_keeps_the_existing_evidence(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text(
        "claims:\n  - id: a\n    text: A.\n    evidence: [{source: s, quote: old, stance: supports}]\n",
        encoding="utf-8",
    )
    add_evidence(file, "a", Evidence(source="s", quote="new", stance="supports"))
    assert [e.quote for e in load_claims(file).claims[0].evidence] == ["old", "new"]


def test_add_claim_keeps_the_comment_on_an_empty_flow_list_line(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text("claims: []  # none yet\n", encoding="utf-8")
    add_claim(file, Claim(id="x", text="X claim."))
    assert "# none yet" in file.read_text(encoding="utf-8")


def test_add_claim_keeps_crlf_line_endings(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    old = b"claims:\r\n  - id: a\r\n    text: A.\r\n"
    file.write_bytes(old)
    add_claim(file, Claim(id="b", text="B."))
    assert file.read_bytes().startswith(old)


# ---------------------------------------------------------------- keep_going: every problem, and what is valid


KEEP_GOING = """claims:
  - id: a
    text: A.
    conflicts_with: [b, c, a]
  - id: b
    txt: B.
  - id: c
    text: C.
    evidence:
      - source: s
        quote: q
        stance: support
      - source: s
        quote: fine
        stance: supports
  - id: a
    text: A again.
"""


def test_keep_going_returns_the_valid_claims_and_every_problem() -> None:
    with pytest.raises(InvalidClaimsFileError):
        parse_claims(KEEP_GOING)
    ledger = parse_claims(KEEP_GOING, keep_going=True)
    assert [d.format() for d in ledger.problems] == [
        "claims.yaml:4:28: error: claims[0].conflicts_with[2]: a claim cannot conflict with itself",
        "claims.yaml:5:5: error: claims[1].text: required field is missing; add `text:`",
        "claims.yaml:6:5: error: claims[1].txt: unknown key 'txt'; did you mean 'text'? allowed keys: id, text, "
        "evidence, conflicts_with, time, kind, override, note",
        "claims.yaml:12:17: error: claims[2].evidence[0].stance: 'support' is not one of supports, contradicts, "
        "qualifies, mentions",
        "claims.yaml:16:9: error: claims[3].id: duplicate claim id 'a' (first used on line 2); give each claim its "
        "own id",
    ]
    # The first 'a' only, and no conflicts_with naming claims that are not valid (they have their own errors).
    assert [(c.id, c.text, c.conflicts_with) for c in ledger.claims] == [("a", "A.", [])]
    assert [(ci, cid, ei, e.quote) for ci, cid, ei, e in ledger.loose_evidence] == [(2, "c", 1, "fine")]
    assert ledger.file_index("a") == 0


def test_keep_going_on_unreadable_yaml_gives_an_empty_ledger_with_the_error() -> None:
    ledger = parse_claims("claims: [\n", keep_going=True)
    assert (ledger.claims, ledger.resolutions) == ([], [])
    assert [d.line for d in ledger.problems] == [2]


def test_control_characters_are_blanked_so_the_rest_is_still_validated() -> None:
    ledger = parse_claims("claims:\n  - id: a\n    text: A\x07.\n  - id: b\n", keep_going=True)
    assert [d.format() for d in ledger.problems] == [
        "claims.yaml:3:12: error: control character U+0007 (BEL) is not allowed in claims.yaml: delete it or write "
        "it as \\a in a double-quoted string",
        "claims.yaml:4:5: error: claims[1].text: required field is missing; add `text:`",
    ]


def test_cap_per_kind_keeps_the_first_in_file_order_and_counts_the_rest() -> None:
    from factcheck.errors import Diagnostic, cap_per_kind

    many = [Diagnostic("claims.yaml", line, 3, "error", f"e{line}", title="unknown source") for line in range(9, 0, -1)]
    other = Diagnostic("claims.yaml", 5, 1, "warning", "w", title="quote drift")
    capped = cap_per_kind([*many, other], 3)
    assert [d.format() for d in capped] == [
        "claims.yaml:4:3: error: ... and 6 more errors like this (unknown source) from here on, not shown; fix "
        "these and run again",
        "claims.yaml:3:3: error: e3",
        "claims.yaml:2:3: error: e2",
        "claims.yaml:1:3: error: e1",
        "claims.yaml:5:1: warning: w",
    ]
    assert sum(d.count for d in capped) == 10


def test_merge_keys_are_refused_where_they_stand() -> None:
    # Keys merged in by `<<:` stand nowhere in the file, so no message could name their line.
    assert diagnostics_of("claims: []\nresolutions:\n  <<: {a: 1}\n") == [
        "claims.yaml:3:3: error: invalid YAML: YAML merge keys (`<<:`) are not allowed; write the keys out in full"
    ]
