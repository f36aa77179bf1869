"""Comparing the libyaml loader (factcheck/fastyaml.py) with ruamel.yaml's round-trip loader, and YAML to feed both.

Shared by tests/test_fastyaml.py (a few hundred derandomized documents) and tests/test_fuzz_loader.py (thousands).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import strategies as st

from factcheck.claims import record_positions
from factcheck.fastyaml import load_fast
from factcheck.yamlfile import YamlSyntaxError, load_yaml, text_diagnostics


def typed(value: Any) -> Any:
    """A loaded value with every scalar tagged by its kind, so 1 == 1.0 == True cannot pass for one another."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if value is None:
        return None
    for kind in (bool, int, float, str, dt.datetime, dt.date):
        if isinstance(value, kind):
            return kind.__name__, kind(value) if kind in (bool, int, float, str) else value
    return "other", type(value).__name__, repr(value)


def assert_same_reading(text: str, loader: Any = None) -> str:
    """Fail if the fast loader reads `text` where ruamel.yaml refuses it, or reads other data or positions.

    Returns what happened: 'refused' (characters load_yaml refuses before parsing), 'gave up' or 'same'.
    """
    if text_diagnostics(text, "x"):
        return "refused"
    fast = load_fast(text, positions=True, loader=loader)
    if fast is None:
        return "gave up"
    try:
        tree = load_yaml(text, "x")
    except YamlSyntaxError as exc:
        raise AssertionError(f"the fast loader read {text!r} as {fast.data!r}; ruamel.yaml refuses it: {exc}") from None
    assert typed(fast.data) == typed(tree), text
    expected = record_positions(tree)
    assert set(fast.positions or {}) == set(expected), text
    placed = {path: where for path, where in (fast.positions or {}).items() if path not in fast.unplaced}
    assert placed == {path: where for path, where in expected.items() if path not in fast.unplaced}, text
    return "same"


# Scalars YAML 1.1 and 1.2 read differently, that our loaders refuse or keep as text, or that are syntax.
TRICKY = [
    "yes", "no", "on", "off", "y", "N", "010", "0o10", "0x1F", "0b11", "1_000", "1e3", "1.5", "-1.5e-3", ".5", "1.",
    "+7", "-0", ".inf", "-.Inf", ".nan", "~", "null", "Null", "NULL", "", "true", "False", "TRUE", "2018-04-25",
    "2018-4-5", "2018-13-01", "2018-04-25 10:00:00", "2018-04-25T10:00:00Z", "1:20", "190:20:30", "<<", "=", "-", "?",
    "#", "a #b", "a#b", "é", "x: y", "- x", "[a]", "{a}", "'q'", '"q"', "\\n", "@x", "`x`", "%x", "&x", "*x", "!x",
    "|", "> x", "a,b", "a: ", "😀", "claims", "id",
]
# Mostly letters and spaces, with YAML's indicators and quotes; now and then any character at all.
ALPHABET = st.one_of(
    st.sampled_from(list("abcxyz  AZ09.:#-'\",[]{}?|>!&*%@`é\n\\") + ["😀"]),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),  # controls: refused before parsing
)
scalar_text = st.one_of(st.sampled_from(TRICKY), *[st.text(ALPHABET, max_size=10)] * 3)


@st.composite
def scalar(draw: st.DrawFn, indent: int) -> str:
    """A scalar written plain, quoted, or as a block."""
    value = draw(scalar_text)
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded"]))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        escaped = json.dumps(value, ensure_ascii=draw(st.booleans()))
        return escaped.replace("/", "\\/") if draw(st.booleans()) else escaped
    pad = " " * (indent + 2)
    header = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"]))
    return header + "".join("\n" + pad + line for line in value.split("\n"))


KEY_WORDS = ["id", "text", "a", "b", "claims", "<<", "1", "true", "~", "a b", "é", "quote", "x y", "-", "?"]
key = st.one_of(st.sampled_from(KEY_WORDS), scalar_text).flatmap(
    lambda text: st.sampled_from([text, text, "'" + text.replace("'", "''") + "'"])
)
keys = st.lists(key, min_size=1, max_size=4, unique=True)


def comment(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "", "  # c", " #c", "#c"]))


@st.composite
def node(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A YAML value: a scalar, a block or flow mapping or sequence (what follows `key:` or `- `)."""
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq", "flow", "empty"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return " " + draw(scalar(indent)) + comment(draw)
    if kind == "empty":
        return comment(draw)
    if kind == "flow":
        items = draw(st.lists(scalar_text, max_size=3))
        if draw(st.booleans()):
            return " [" + ", ".join(items) + "]" + comment(draw)
        return " {" + ", ".join(f"{k}: {v}" if v else k for k, v in zip(items, reversed(items), strict=True)) + "}"
    pad = " " * (indent + 2)
    lines = []
    heads = draw(keys) if kind == "map" else ["-"] * draw(st.integers(min_value=0, max_value=3))
    for head in heads:
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", pad + "# note", "# note", pad + "- ", pad + "? x"])))
        lines.append(pad + head + (":" if kind == "map" else "") + draw(node(indent + 2, depth + 1)))
    return comment(draw) + "".join("\n" + line for line in lines) if lines else " []"


@st.composite
def document(draw: st.DrawFn) -> str:
    """A small YAML document: a mapping of keys to nested values, maybe with a `---`, a BOM or CRLF line ends."""
    lines = [name + ":" + draw(node()) for name in draw(keys)]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n"]))
    prefix = draw(st.sampled_from(["", "", "---\n", "\ufeff", "# head\n", "\n", "%YAML 1.2\n---\n"]))
    text = prefix + text
    return text.replace("\n", "\r\n") if draw(st.integers(0, 9)) == 0 else text
