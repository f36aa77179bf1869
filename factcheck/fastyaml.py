"""Fast YAML loading with libyaml (PyYAML's C parser) for files read on every check: plain data and positions.

The round-trip parse of ruamel.yaml (yamlfile.py) reads a 2,000-source ledger's front matter in seconds; libyaml
reads it in a fraction of that. The two must never disagree about what a file says, so this loader reads only
what it can read exactly as ruamel.yaml's round-trip loader does (YAML 1.2 scalars: `yes` is text, `010` is 10)
and gives up, returning None, on anything else: a syntax error, a directive, anchors, aliases and tags, merge keys,
keys that are not text or appear twice, timestamps with a time, numbers written in other bases or with `_`, deep
nesting, a second document. The caller then parses the file with ruamel.yaml, which decides, and whose errors are
the ones users see.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Valid ledgers nest six levels deep; ruamel.yaml refuses past 64 (yamlfile.MAX_DEPTH) with its own message.
MAX_FAST_DEPTH = 32

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel.yaml.resolver.VersionedResolver, version (1, 2)), in its
# order; tests/test_fastyaml.py proves they are the same patterns as the installed ruamel.yaml's.
FLOAT_PATTERN = """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$"""
INT_PATTERN = """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$"""
TIMESTAMP_PATTERN = """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"""
_NULLS = frozenset({"~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_START = frozenset("+-.0123456789")


class Patterns(NamedTuple):
    """The patterns the loader uses, compiled on first use: at import they would cost every run 5 ms, warm ones too."""

    float: re.Pattern[str]
    int: re.Pattern[str]
    timestamp: re.Pattern[str]
    # What this loader builds itself; other forms of these, and the other implicit tags (merge `<<`, value `=`),
    # send the file to ruamel.yaml.
    decimal: re.Pattern[str]
    plain_float: re.Pattern[str]
    date: re.Pattern[str]
    # What libyaml reads and ruamel.yaml refuses: a tab where a space goes (`key:<tab>value`), a comment right after
    # a block scalar's indicator (`|#`); and what PyYAML's pure-Python parser reads otherwise: `[a:]` is a mapping
    # to it, text to ruamel.yaml.
    lenient: re.Pattern[str]
    # Line breaks as YAML counts them (NEL, U+2028 and U+2029 are refused before parsing: yamlfile.BAD_CHARACTER).
    line_break: re.Pattern[str]


@functools.cache
def patterns() -> Patterns:
    """The loader's compiled patterns."""
    return Patterns(
        re.compile(FLOAT_PATTERN, re.X),
        re.compile(INT_PATTERN, re.X),
        re.compile(TIMESTAMP_PATTERN, re.X),
        re.compile(r"[-+]?[0-9]+"),
        re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?"),
        re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"),
        re.compile(r"\t|[|>][-+1-9]{0,2}#|:[,\[\]{}]"),
        re.compile("\r\n|\r|\n"),
    )


class _GiveUp(Exception):
    """Something this loader does not read exactly as ruamel.yaml does: the caller parses the file with it."""


@dataclass
class FastDocument:
    """A YAML document read by libyaml: its plain data and, when asked for, where each part stands.

    `positions` has the shape of claims.record_positions: every node's 1-based [line, col] (and [key line,
    key col] for mapping values) by its slash-joined path. `unplaced` names the paths (empty values after a
    comment) whose position only ruamel.yaml can tell: a caller that needs one of them parses the file with it.
    """

    data: Any
    positions: dict[str, list[int]] | None = None
    unplaced: set[str] = field(default_factory=set)
    _line_starts: list[int] | None = field(default=None, repr=False)


def libyaml_loader() -> Any:
    """PyYAML's loader class backed by libyaml, the pure-Python one where libyaml is missing, or None."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return None
    return yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def load_fast(text: str, *, positions: bool = False, loader: Any = None) -> FastDocument | None:
    """Read one YAML document with libyaml as ruamel.yaml's round-trip loader would; None when it must decide.

    Args:
        positions: also record where each part stands (what claims.yaml's messages point at).
        loader: a PyYAML loader class (for tests); libyaml's by default.
    """
    loader = loader or libyaml_loader()
    if loader is None or patterns().lenient.search(text) or text.find("\ufeff", 1) >= 0:  # libyaml drops a BOM anywhere
        return None
    try:
        parser = loader(text)
    except Exception:  # a str libyaml cannot take (a lone surrogate): ruamel.yaml names it
        return None
    try:
        return _read(parser, text, positions)
    except (_GiveUp, RecursionError, MemoryError):
        return None
    except Exception:  # a syntax error (yaml.YAMLError) or a character libyaml refuses
        return None
    finally:
        parser.dispose()


def _read(parser: Any, text: str, want_positions: bool) -> FastDocument:
    import yaml

    get = parser.get_event
    if not isinstance(get(), yaml.StreamStartEvent):
        raise _GiveUp
    start = get()
    if not isinstance(start, yaml.DocumentStartEvent) or start.version is not None or start.tags:
        raise _GiveUp  # an empty stream (the caller's own message) or a %YAML / %TAG directive
    doc = FastDocument(None, {"": [1, 1]} if want_positions else None)
    doc.data = _read_node(get, get(), text, doc, yaml)
    if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(get(), yaml.StreamEndEvent):
        raise _GiveUp  # a second document: ruamel.yaml refuses it
    return doc


def _read_node(get: Any, event: Any, text: str, doc: FastDocument, yaml: Any) -> Any:
    """Build the node that starts with `event`, without recursion (libyaml reads any depth; we stop early)."""
    scalar_event, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    positions = doc.positions
    # A frame: [container, path, is_mapping, pending key (or None), key's mark, flow style].
    stack: list[list[Any]] = []
    pending_empty: tuple[str, Any] | None = None  # an empty value whose position is where the next event starts
    while True:
        kind = type(event)
        if kind is not seq_end and kind is not map_end and event.anchor is not None:
            raise _GiveUp  # an anchor or an alias: ruamel.yaml refuses aliases and keeps anchors on its objects
        if pending_empty is not None:
            path, mark = pending_empty
            _place_empty(positions, doc, path, mark, event.start_mark, text)
            pending_empty = None
        done = False
        value: Any = None
        if kind is scalar_event:
            if event.tag is not None:
                raise _GiveUp
            value = _scalar(event)
            done = True
        elif kind is map_start or kind is seq_start:
            if event.tag is not None or len(stack) >= MAX_FAST_DEPTH:
                raise _GiveUp
            path = _enter(stack, event, positions)
            stack.append([{} if kind is map_start else [], path, kind is map_start, None, None, event.flow_style])
            event = get()
            continue
        elif kind is map_end or kind is seq_end:
            frame = stack.pop()
            value = frame[0]
            if positions is not None and stack and value:
                parent = stack[-1]
                if parent[2]:  # a block value that is not empty: messages point at its key
                    entry = positions[frame[1]]
                    entry[0], entry[1] = entry[2], entry[3]
            done = True
        else:
            raise _GiveUp  # an alias event (anchor checked above) or anything unexpected
        if done:
            if not stack:
                return value
            frame = stack[-1]
            container = frame[0]
            if frame[2]:
                if frame[3] is None:  # this value is a key
                    if type(value) is not str or kind is not scalar_event or value in container:
                        raise _GiveUp  # a key that is not text, or a duplicate (an error in ruamel.yaml)
                    if not value or "/" in value:
                        raise _GiveUp  # no field's name: its path would be another's (claims.record_positions)
                    if value == "<<" and event.implicit[0]:
                        raise _GiveUp  # a merge key
                    frame[3] = value
                    frame[4] = event.start_mark
                else:
                    key = frame[3]
                    if kind is scalar_event and event.start_mark.line > frame[4].line and not frame[5]:
                        if "#" in text[_offset(doc, text, frame[4]) : _offset(doc, text, event.start_mark)]:
                            raise _GiveUp  # `key: # comment` and the text below: ruamel.yaml fails on some
                    container[key] = value
                    frame[3] = None
                    if positions is not None and kind is scalar_event:
                        path = f"{frame[1]}/{key}" if frame[1] else key
                        key_mark = frame[4]
                        mark = event.start_mark
                        positions[path] = [mark.line + 1, mark.column + 1, key_mark.line + 1, key_mark.column + 1]
                        if value is None and event.value == "" and event.implicit[0]:
                            if frame[5]:  # in a flow mapping ruamel.yaml places it after the colon
                                doc.unplaced.add(path)
                            else:
                                pending_empty = (path, mark)
            else:
                if positions is not None and kind is scalar_event:
                    path = f"{frame[1]}/{len(container)}" if frame[1] else str(len(container))
                    mark = event.start_mark
                    positions[path] = [mark.line + 1, mark.column + 1]
                container.append(value)
        event = get()


def _enter(stack: list[list[Any]], event: Any, positions: dict[str, list[int]] | None) -> str:
    """The path of a collection that starts here, its position recorded (its key's, once it proves not empty)."""
    if not stack:
        return ""
    frame = stack[-1]
    if frame[2]:
        key = frame[3]
        if key is None:
            raise _GiveUp  # a collection as a key
        path = f"{frame[1]}/{key}" if frame[1] else key
        if positions is not None:
            mark, key_mark = event.start_mark, frame[4]
            positions[path] = [mark.line + 1, mark.column + 1, key_mark.line + 1, key_mark.column + 1]
        return path
    path = f"{frame[1]}/{len(frame[0])}" if frame[1] else str(len(frame[0]))
    if positions is not None:
        positions[path] = [event.start_mark.line + 1, event.start_mark.column + 1]
    return path


def _place_empty(
    positions: dict[str, list[int]] | None, doc: FastDocument, path: str, mark: Any, next_mark: Any, text: str
) -> None:
    """ruamel.yaml places an empty block mapping value where the next token starts, unless a comment follows the colon.

    With a comment on the colon's line it places it at the colon (or not, at the end of the file), and before a `?`
    after that token: only ruamel.yaml can tell, so such a path is left unplaced.
    """
    if positions is None:
        return
    starts = _line_starts(doc, text)
    if next_mark.line >= len(starts):  # the end of a text with no last line break, which ruamel.yaml places there
        doc.unplaced.add(path)
        return
    line_end = starts[mark.line + 1] if mark.line + 1 < len(starts) else len(text)
    after_colon = text[starts[mark.line] + mark.column : line_end]
    before_next = text[starts[next_mark.line] : starts[next_mark.line] + next_mark.column]
    if "#" in after_colon or before_next.strip(" "):  # a comment, or the next token is `?` (ruamel: its end)
        doc.unplaced.add(path)
        return
    positions[path][0:2] = [next_mark.line + 1, next_mark.column + 1]


def _line_starts(doc: FastDocument, text: str) -> list[int]:
    """Where each line of the text starts (found once per document, and only for a document that needs it)."""
    if doc._line_starts is None:
        doc._line_starts = [0, *(m.end() for m in patterns().line_break.finditer(text))]
    return doc._line_starts


def _offset(doc: FastDocument, text: str, mark: Any) -> int:
    """The index in the text of a libyaml mark (whose own index counts bytes in some versions)."""
    starts = _line_starts(doc, text)
    return (starts[mark.line] if mark.line < len(starts) else len(text)) + mark.column


def _scalar(event: Any) -> Any:
    """A scalar's value as ruamel.yaml's round-trip loader gives it (in plain types), or _GiveUp."""
    value = event.value
    if not event.implicit[0]:  # quoted or a block scalar: text
        if event.style in ("|", ">") and (not value or value[0] == "\n"):
            raise _GiveUp  # blank lines first: ruamel.yaml refuses some ("more indented follow up line than first")
        return value
    if not value:
        return None
    first = value[0]
    if first in "~nN" and value in _NULLS:
        return None
    if first in "tTfF" and value in _BOOLS:
        return _BOOLS[value]
    if first in _NUMBER_START:
        rx = patterns()
        if rx.float.match(value):
            if rx.plain_float.fullmatch(value):
                return float(value)
            raise _GiveUp  # inf, nan, `_`
        if rx.int.match(value):
            if rx.decimal.fullmatch(value):
                return int(value)
            raise _GiveUp  # 0x, 0o, 0b, `_`
        if rx.timestamp.match(value):
            date = rx.date.fullmatch(value)
            if date is None:
                raise _GiveUp  # a time of day: ruamel.yaml keeps its time zone its own way
            try:
                return dt.date(int(date[1]), int(date[2]), int(date[3]))
            except ValueError:
                return value  # 2018-13-01 stays text, so validation names its line (yamlfile)
    if value == "<<" or value == "=":
        raise _GiveUp
    return value
