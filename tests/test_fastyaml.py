"""The libyaml loader reads a file exactly as ruamel.yaml's round-trip loader does, or gives it back to ruamel.yaml.

claims.yaml and front matter are read with libyaml on the normal path (factcheck/fastyaml.py): these tests compare
the two loaders on chosen and generated documents, with libyaml and with PyYAML's pure-Python parser (the fallback
where libyaml is missing), and prove that parse_claims and parse_source give the same ledger and sources either way.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from factcheck import fastyaml
from factcheck.claims import parse_claims, record_positions
from factcheck.fastyaml import load_fast
from factcheck.sources import parse_source
from tests.conftest import ROOT
from tests.yamlparity import assert_same_reading, document

LOADERS = [pytest.param(None, id="libyaml"), pytest.param(yaml.SafeLoader, id="pure-python")]


def test_libyaml_is_there() -> None:
    """The fast path is fast only with libyaml: PyYAML's wheels carry it."""
    assert yaml.__with_libyaml__
    assert fastyaml.libyaml_loader() is yaml.CSafeLoader


def test_scalar_patterns_are_ruamels() -> None:
    """The YAML 1.2 patterns copied from ruamel.yaml are the installed ruamel.yaml's, in its order."""
    from ruamel.yaml.resolver import VersionedResolver

    resolvers = VersionedResolver(version=(1, 2)).versioned_resolver
    by_tag = {tag.rsplit(":", 1)[1]: regexp for first in "0.-" for tag, regexp in resolvers[first]}
    assert [tag.rsplit(":", 1)[1] for tag, _ in resolvers["0"]] == ["float", "int", "timestamp"]
    compiled = fastyaml.patterns()
    for name, ours in [("float", compiled.float), ("int", compiled.int), ("timestamp", compiled.timestamp)]:
        assert (ours.pattern, ours.flags) == (by_tag[name].pattern, by_tag[name].flags), name
    words = ["~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "on", "nULL"]
    for word in words:
        tags = [tag for tag, regexp in resolvers.get(word[0], []) if regexp.match(word)]
        ours = "null" if word in fastyaml._NULLS else "bool" if word in fastyaml._BOOLS else None
        assert (tags[0].rsplit(":", 1)[1] if tags else None) == ours, word


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: yes", "yes"),  # YAML 1.1 reads a boolean; ruamel.yaml (1.2), text
        ("a: off", "off"),
        ("a: 010", 10),  # 1.1: octal 8
        ("a: 1:20", "1:20"),  # 1.1: sexagesimal 80
        ("a: 2018-04-25", dt.date(2018, 4, 25)),
        ("a: 2018-4-25", "2018-4-25"),
        ("a: 2018-13-01", "2018-13-01"),  # no such date: text, for validation to name
        ("a: -1.5e-3", -0.0015),
        ("a: ~", None),
        ("a: TRUE", True),
        ("a: 'x'' y'", "x' y"),
        ('a: "\\u00e9\\/"', "é/"),
        ("a: |-\n  x\n  y\n", "x\ny"),
        ("a: [b, c]", ["b", "c"]),
    ],
)
def test_scalars_read_as_ruamel_reads_them(loader: object, text: str, value: object) -> None:
    """YAML 1.2 as ruamel.yaml reads it, not PyYAML's YAML 1.1."""
    doc = load_fast(text, loader=loader)
    assert doc is not None and doc.data == {"a": value} and type(doc.data["a"]) is type(value)
    assert assert_same_reading(text, loader) == "same"


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",  # libyaml takes the tab for a space; ruamel.yaml refuses it
        "a: &x b\n",
        "a: &x b\nc: *x\n",
        "a: !!str 5\n",
        "a: ! b\n",
        "<<: {b: 1}\n",
        "a: 1\na: 2\n",
        "1: a\n",
        "a: 0x1F\n",
        "a: 1_000\n",
        "a: .nan\n",
        "a: 2018-04-25T10:00:00Z\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: 1\n---\nb: 2\n",
        "",
        "# nothing\n",
        "a: " + "[" * 40 + "]" * 40,
        "a: b: c\n",
        # What the fuzzers found libyaml (or PyYAML's pure parser) reads and ruamel.yaml does not, or not alike:
        "id: |#c\n",  # ruamel.yaml: expected chomping or indentation indicators
        "id: # c\n  abc\n\n",  # ruamel.yaml fails inside (NotImplementedError)
        "id: |\n  \n    # c\n",  # ruamel.yaml: more indented follow up line than first in a block scalar
        "i\ufeffd: 1\n",  # libyaml drops the BOM
        "id: [a:]\n",  # PyYAML's pure parser: [{'a': None}]; ruamel.yaml: ['a:']
        "'':\n  '': []\n",  # keys whose paths would be another's
        "a/b: 1\n",
    ],
)
def test_gives_the_file_back_to_ruamel(loader: object, text: str) -> None:
    """Whatever libyaml might read otherwise, or ruamel.yaml refuses with its own message, is ruamel.yaml's."""
    assert load_fast(text, loader=loader) is None


def test_empty_values_are_placed_where_ruamel_places_them() -> None:
    """An empty value stands where the next token starts; after a comment on its line only ruamel.yaml knows."""
    doc = load_fast("a:\nb:\n  c:\n\n  d: 1\n", positions=True)
    assert doc is not None and doc.unplaced == set()
    assert doc.positions == {"": [1, 1], "a": [2, 1, 1, 1], "b": [2, 1, 2, 1], "b/c": [5, 3, 3, 3],
                             "b/d": [5, 6, 5, 3]}
    assert assert_same_reading("a:\nb:\n  c:\n\n  d: 1\n") == "same"
    doc = load_fast("a:  # none yet\nb: 1\n", positions=True)
    assert doc is not None and doc.unplaced == {"a"}


FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@FAST
@given(document())
def test_generated_documents_read_the_same(text: str) -> None:
    assert_same_reading(text)


@settings(FAST, max_examples=60)
@given(document())
def test_generated_documents_read_the_same_without_libyaml(text: str) -> None:
    assert_same_reading(text, yaml.SafeLoader)


def test_bundled_ledger_is_read_fast_with_the_round_trip_positions() -> None:
    """A valid claims.yaml gets the ledger and positions the round-trip parse gives, without its tree."""
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    fast = parse_claims(text)
    slow = parse_claims(text, round_trip=True)
    assert fast.tree is None and slow.tree is not None
    assert fast.claims == slow.claims and fast.resolutions == slow.resolutions
    assert fast.positions == record_positions(slow.tree)
    assert fast.to_cache() == slow.to_cache()
    for index, claim in enumerate(slow.claims):
        for loc in [("claims", index, "id"), ("claims", index, "evidence", 0, "quote"), ("claims", index, "nothing")]:
            assert fast.position(*loc) == slow.position(*loc)
            assert fast.position(*loc, key=True) == slow.position(*loc, key=True)
        assert fast.file_index(claim.id) == slow.file_index(claim.id) == index


@pytest.mark.parametrize(
    "change",
    [
        ("    kind: state\n", "    kind: state\n    note:  # to write\n"),  # an empty value after a comment
        ("    kind: state\n", "    kind: state\n    note: &n anchored\n"),  # an anchor, which ruamel.yaml keeps
        ("    kind: state\n", "    kind: state\n    note:\tafter a tab\n"),  # a tab: an error in ruamel.yaml
    ],
    ids=["comment-after-empty-value", "anchor", "tab"],
)
def test_what_libyaml_may_read_otherwise_goes_to_ruamel(change: tuple[str, str]) -> None:
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    changed = text.replace(change[0], change[1], 1)
    if "\t" in change[1]:
        with pytest.raises(Exception, match="tab"):
            parse_claims(changed)
        return
    ledger = parse_claims(changed)
    assert ledger.tree is not None  # read by ruamel.yaml
    assert ledger.claims == parse_claims(changed, round_trip=True).claims


def _sources() -> list[Path]:
    return sorted((ROOT / "sources").glob("*.md"))


@pytest.mark.parametrize("file", _sources(), ids=lambda f: f.stem)
def test_sources_are_read_the_same_either_way(file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Front matter read with libyaml gives the Source the round-trip parse gives, field for field and type."""
    text = file.read_text(encoding="utf-8")
    shown = f"sources/{file.name}"
    fast = parse_source(text, shown)
    monkeypatch.setattr("factcheck.sources.load_fast", lambda *args, **kwargs: None)
    slow = parse_source(text, shown)
    assert fast == slow
    assert {k: type(v) for k, v in fast.meta} == {k: type(v) for k, v in slow.meta}


def test_front_matter_libyaml_would_misread_keeps_its_error() -> None:
    """`published:\t2018-04-25` reads as a date to libyaml; ruamel.yaml's error about the tab stays."""
    text = (ROOT / "sources" / _sources()[0].name).read_text(encoding="utf-8")
    changed = re.sub(r"^published: ", "published:\t", text, count=1, flags=re.MULTILINE)
    assert changed != text
    with pytest.raises(Exception, match="tab"):
        parse_source(changed, f"sources/{_sources()[0].name}")
