"""Escaping text from the files for printing: control characters, CI workflow commands, JSON."""

from __future__ import annotations

import json

import pytest

from factcheck.errors import Diagnostic, format_diagnostic, location
from factcheck.escaping import dump_json, guard_lines, one_line, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain words, “curly” – dashes", "plain words, “curly” – dashes"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
        ("c1 \x85 \x9b31m", "c1 \\x85 \\x9b31m"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("##[error]legacy", "#\\x23[error]legacy"),
        ("no\u00a0break stays", "no\u00a0break stays"),
    ],
)
def test_printable_shows_control_characters_as_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown  # escaping twice changes nothing


def test_printable_can_leave_some_controls_to_the_caller() -> None:
    assert printable("a\nb\x1bc", keep="\n") == "a\nb\\x1bc"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("first\nsecond", "first second"),
        ("folded  \n   lines\r\n", "folded lines "),
        ("a\u2028b\x85c", "a b c"),
        ("keep  two spaces", "keep  two spaces"),
        ("esc \x1b stays visible", "esc \\x1b stays visible"),
    ],
)
def test_one_line_joins_lines_and_escapes_the_rest(text: str, line: str) -> None:
    assert one_line(text) == line


def test_guard_lines_keeps_any_line_from_reading_as_a_workflow_command() -> None:
    out = guard_lines("ok\n::error::x\n   ::warning file=a::y\n\u00a0::notice::z\nmid ::error:: is fine\n##[group]g")
    assert out.split("\n") == [
        "ok", "\\x3a:error::x", "   \\x3a:warning file=a::y", "\u00a0\\x3a:notice::z", "mid ::error:: is fine",
        "#\\x23[group]g",
    ]
    assert all(not line.lstrip().startswith("::") and "##[" not in line for line in out.split("\n"))


def test_dump_json_keeps_the_data_and_escapes_what_a_terminal_or_ci_log_would_obey() -> None:
    data = {"note": "a\nb \x1b[31m \x9b31m \x7f \u2028 ##[error]x ::error::y “ok”"}
    text = dump_json(data)
    assert json.loads(text) == data
    assert not any(c in text for c in "\x1b\x9b\x7f\u2028") and "##[" not in text
    assert "“ok”" in text  # UTF-8 text, not \u escapes for ordinary characters
    assert all(not line.lstrip().startswith("::") for line in text.splitlines())


@pytest.mark.parametrize(
    ("path", "line", "col", "where"),
    [("claims.yaml", 3, 5, "claims.yaml:3:5"), ("sources/a.md", 15, None, "sources/a.md:15"),
     ("sources/a.md", None, None, "sources/a.md"), ("sources/a.md", None, 4, "sources/a.md"), ("", 3, 5, "")],
)
def test_a_location_never_prints_none(path: str, line: int | None, col: int | None, where: str) -> None:
    assert location(path, line, col) == where


def test_a_diagnostic_prints_on_one_line_whatever_its_message_holds() -> None:
    d = Diagnostic("claims.yaml", 12, None, "note", "resolved by x\n::error file=README.md,line=1::INJECTED \x1b[31m")
    assert d.format() == "claims.yaml:12: note: resolved by x\\n::error file=README.md,line=1::INJECTED \\x1b[31m"
    assert format_diagnostic("", None, None, "error", "a\rb") == "error: a\\rb"
