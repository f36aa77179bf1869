"""Make text from the files safe to print: control characters shown as escapes, no CI workflow commands, safe JSON.

Escaping happens where output is rendered, never where a message is built: a diagnostic or a report keeps the
exact text, and each output format escapes it its own way.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: each can end a line, move the cursor or
# start a terminal escape sequence.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What str.splitlines() breaks a line at, with the spaces around it.
_LINE_BREAK = re.compile(r"[^\S\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
# GitHub's runner reads `##[command]` anywhere in a line of a step's output (the old syntax), and `::command::`
# at the start of a line once leading whitespace is trimmed; a user string must form neither.
LEGACY_COMMAND = "##["
LEGACY_COMMAND_ESCAPED = "#\\x23["
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """Text with each control character as a visible escape (`\\n`, `\\x1b`, `\\u2028`) and `##[` broken up.

    Args:
        keep: control characters to leave as they are (the caller escapes them its own way).
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return text.replace(LEGACY_COMMAND, LEGACY_COMMAND_ESCAPED)


def one_line(text: str) -> str:
    """Printable text in which each line break, with the spaces around it, is one space: prose for a report."""
    return printable(_LINE_BREAK.sub(" ", text))


def guard_lines(output: str) -> str:
    """Rendered output in which no line reads as a GitHub Actions workflow command, however it was wrapped.

    A line whose first non-blank characters are `::` gets its first colon written `\\x3a`; `##[` anywhere is broken
    up. The tool's own lines never start with `::` except in `check --format github`, which is not guarded.
    """
    lines = output.replace(LEGACY_COMMAND, LEGACY_COMMAND_ESCAPED).split("\n")
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            at = len(line) - len(stripped)
            lines[number] = line[:at] + "\\x3a" + line[at + 1 :]
    return "\n".join(lines)


def dump_json(data: Any, indent: int | None = 2) -> str:
    """JSON (indent 2, UTF-8 text) with DEL, C1 controls, U+2028/9 and `##[` written as \\u escapes: the same data.

    `indent=None` writes it on one line (JSON lines).
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    # Outside strings JSON holds only punctuation, numbers and literals, so every match is inside a string.
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(LEGACY_COMMAND, "#\\u0023[")
