"""Round-trip YAML for user files: safe loading with positions, pydantic errors as diagnostics, atomic writes."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import tempfile
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError

from factcheck.errors import Diagnostic, Severity, more_like_this

MAX_DEPTH = 64
# No line of claims.yaml or of front matter needs more: a quote is at most 5,000 characters. Longer lines are
# refused before parsing, which takes ruamel.yaml seconds per megabyte.
MAX_LINE_CHARS = 100_000
# Each diagnostic kind is shown this many times per run; one more line counts the rest.
MAX_SHOWN_PER_KIND = 50
Loc = tuple[str | int, ...]

# Characters that are no text in a YAML file we read: C0 controls but tab, LF and CR; DEL; C1 controls (NEL
# included: YAML 1.1 reads it, and U+2028/U+2029, as a line break, YAML 1.2 as text, so the same file would say
# different things to different tools and our line numbers would not be an editor's); and the noncharacters.
BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
ASTRAL_NONCHARACTERS = tuple(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
NONCHARACTERS = BMP_NONCHARACTERS + "".join(ASTRAL_NONCHARACTERS)
BAD_CHARACTER = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{NONCHARACTERS}]")
# The same without the astral noncharacters, which make a regex search ten times slower (0.3 s on 9 MB of
# sources): `in` finds those instead, before the full pattern runs on the rare text that has one.
BAD_BMP_CHARACTER = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{BMP_NONCHARACTERS}]")
_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST "
    "OSC PM APC"
).split()
_YAML_ESCAPES = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x1B: "\\e", 0x85: "\\N",
                 0x2028: "\\L", 0x2029: "\\P"}


class _AliasRefusingComposer(Composer):
    """A composer that refuses YAML aliases, so no input can expand into a billion nodes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        try:
            if self.parser.check_event(AliasEvent):
                event = self.parser.peek_event()
                raise ComposerError(
                    None,
                    None,
                    f"YAML aliases are not allowed (found *{event.anchor}); write the value out in full",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        except (YAMLError, MemoryError, RecursionError):
            raise
        except Exception as exc:  # ruamel.yaml asserts on some inputs it cannot place; still the file's fault
            tokens = self.loader.scanner.tokens  # the token being read when it failed, else where reading stopped
            mark = tokens[0].start_mark if tokens else self.loader.reader.get_mark()
            raise ComposerError(None, None, _reader_failure(exc), mark) from None


def _reader_failure(exc: Exception, where: str = "on this line or the one before") -> str:
    return (
        f"ruamel.yaml cannot read what is here ({type(exc).__name__}); look for a stray `>`, `|`, `&`, `*`, `!`, "
        f"`?`, `%` or `#` {where}"
    )


def _located(node: Any, build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except (YAMLError, MemoryError, RecursionError):
        raise
    except Exception as exc:
        where = "in the block that starts here"
        raise ConstructorError(None, None, _reader_failure(exc, where), node.start_mark) from None


class _LenientDateConstructor(RoundTripConstructor):
    """Leaves a date-like scalar that is no real date (2018-13-01) as text, so validation names its line."""

    # Each of these builds one node (the last three from the generators construct_document runs after
    # construct_object has returned); a node ruamel.yaml cannot build gets its line, not ruamel's internals.
    def construct_object(self, node: Any, deep: bool = False) -> Any:
        return _located(node, super().construct_object, node, deep=deep)

    def construct_mapping(self, node: Any, maptyp: Any, deep: bool = False) -> Any:  # type: ignore[override]
        return _located(node, super().construct_mapping, node, maptyp, deep=deep)

    def construct_rt_sequence(self, node: Any, seqtyp: Any, deep: bool = False) -> Any:
        return _located(node, super().construct_rt_sequence, node, seqtyp, deep=deep)

    def construct_setting(self, node: Any, typ: Any, deep: bool = False) -> Any:
        return _located(node, super().construct_setting, node, typ, deep=deep)

    def flatten_mapping(self, node: Any) -> Any:
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # keys merged in have no place in the file to name
                raise ConstructorError(
                    None, None, "YAML merge keys (`<<:`) are not allowed; write the keys out in full",
                    key_node.start_mark,
                )
        return super().flatten_mapping(node)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_LenientDateConstructor.add_constructor("tag:yaml.org,2002:timestamp", _LenientDateConstructor.construct_yaml_timestamp)


def new_yaml() -> YAML:
    """A round-trip YAML instance that keeps comments, order and quoting, and refuses aliases."""
    yaml = YAML(typ="rt")
    yaml.Composer = _AliasRefusingComposer
    yaml.Constructor = _LenientDateConstructor
    yaml.preserve_quotes = True
    yaml.max_depth = MAX_DEPTH
    yaml.width = 4096
    return yaml


def load_yaml(text: str, path: str, line_offset: int = 0, *, what: str = "YAML") -> Any:
    """Parse YAML text, raising YamlSyntaxError with diagnostics that name the file, line and problem.

    Characters that are no text (controls, noncharacters) and overlong lines are refused before ruamel.yaml
    reads anything, each with its line and column and the fix; `what` names the file kind in those messages.
    """
    refused = text_diagnostics(text, path, line_offset, what=what)
    if refused:
        raise YamlSyntaxError(refused[0], refused)
    try:
        return new_yaml().load(text)
    except MarkedYAMLError as exc:
        raise YamlSyntaxError(syntax_diagnostic(exc, path, line_offset)) from None
    except ReaderError as exc:  # a character the scan above lets through (a lone surrogate in a str)
        line, col = _line_col(text, exc.position)
        message = f"invalid YAML: unacceptable character U+{exc.character:04X}: delete it"
        diagnostic = Diagnostic(path, line + line_offset, col, "error", message, title="invalid YAML")
        raise YamlSyntaxError(diagnostic) from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # the last resort: never a traceback for a user's file
        raise YamlSyntaxError(
            Diagnostic(path, None, None, "error", f"invalid YAML: {_reader_failure(exc)}", title="invalid YAML")
        ) from None


class YamlSyntaxError(Exception):
    """Raised by load_yaml; carries the diagnostics for the caller to wrap in its own error type."""

    def __init__(self, diagnostic: Diagnostic, diagnostics: list[Diagnostic] | None = None) -> None:
        self.diagnostic = diagnostic
        self.diagnostics = diagnostics or [diagnostic]
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index, counting lines at LF only, as editors do."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def text_diagnostics(text: str, path: str, line_offset: int = 0, *, what: str = "YAML") -> list[Diagnostic]:
    """Errors for an overlong line, or else for every character that is no text (the first 50 located)."""
    longest = max(map(len, text.split("\n"))) if len(text) > MAX_LINE_CHARS else 0
    if longest > MAX_LINE_CHARS:
        number = next(i for i, line in enumerate(text.split("\n"), start=1) if len(line) == longest)
        return [
            Diagnostic(
                path,
                number + line_offset,
                1,
                "error",
                f"line is {longest:,} characters long; the limit is {MAX_LINE_CHARS:,}: no line of {what} needs "
                "this many (is this the right file?); break it up or shorten it",
                title="line too long",
            )
        ]
    return bad_character_diagnostics(text, path, line_offset, what=what)


def bad_character_diagnostics(
    text: str,
    path: str,
    line_offset: int = 0,
    *,
    what: str = "YAML",
    pattern: re.Pattern[str] = BAD_CHARACTER,
    bmp_pattern: re.Pattern[str] = BAD_BMP_CHARACTER,
    message: Callable[[str], str] | None = None,
    severity: Severity = "error",
) -> list[Diagnostic]:
    """A diagnostic per character of `pattern` in text, located; past 50, one line counts the rest.

    `bmp_pattern` is `pattern` without the astral noncharacters, for a fast first look.
    """
    if not bmp_pattern.search(text) and not any(char in text for char in ASTRAL_NONCHARACTERS):
        return []
    out: list[Diagnostic] = []
    count = 0
    line, scanned = 1, 0
    for match in pattern.finditer(text):
        count += 1
        if count > MAX_SHOWN_PER_KIND + 1:
            continue
        index = match.start()
        line += text.count("\n", scanned, index)
        scanned = index
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        char = match.group()
        if message is None:
            said = f"{describe_character(char)} is not allowed in {what}: {character_fix(char)}"
        else:
            said = message(char)
        out.append(Diagnostic(path, line + line_offset, col, severity, said, title="invalid character"))
    if count > MAX_SHOWN_PER_KIND:
        out[-1] = more_like_this(out[-1], count - MAX_SHOWN_PER_KIND)
    return out


def describe_character(char: str) -> str:
    """How messages name a character that is no text: 'control character U+001B (ESC)', 'noncharacter U+FFFE'."""
    code = ord(char)
    if code < 0x20:
        return f"control character U+{code:04X} ({_C0_NAMES[code]})"
    if code == 0x7F:
        return "control character U+007F (DEL)"
    if 0x80 <= code <= 0x9F:
        return f"control character U+{code:04X} ({_C1_NAMES[code - 0x80]})"
    if code == 0x2028:
        return "line separator U+2028"
    if code == 0x2029:
        return "paragraph separator U+2029"
    return f"noncharacter U+{code:04X}"


def character_fix(char: str) -> str:
    """What to do about a character that is no text in a YAML file."""
    code = ord(char)
    if code in (0x85, 0x2028, 0x2029):
        return (
            f"some YAML readers take it for a line break, others for text; write it as {_YAML_ESCAPES[code]} in "
            "a double-quoted string, or use a plain line break"
        )
    if code > 0x9F:
        return "delete it (it is no text: often the sign of a file saved in the wrong encoding)"
    escape = _YAML_ESCAPES.get(code) or f"\\x{code:02x}"
    return f"delete it or write it as {escape} in a double-quoted string"


def syntax_diagnostic(exc: MarkedYAMLError, path: str, line_offset: int = 0) -> Diagnostic:
    """Turn a ruamel parse error into a compiler-style diagnostic with a hint."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + line_offset if mark else None
    col = mark.column + 1 if mark else None
    problem = (exc.problem or "").strip()
    hint = ""
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem.lower():
        hint = "; indent with spaces, not tabs"
    elif "while scanning a quoted scalar" in str(exc.context or "") or "end of stream" in problem:
        hint = "; check for an unclosed quote"
    elif "duplicate key" in problem:
        hint = "; each key may appear once in a mapping"
    elif "maximum depth" in problem:
        problem = f"nested deeper than {MAX_DEPTH} levels"
        hint = "; a ledger never needs this much nesting: flatten it"
    context = (exc.context or "").strip()
    message = f"invalid YAML: {problem}" + (f" ({context})" if context and context not in problem else "")
    return Diagnostic(path, line, col, "error", message + hint, title="invalid YAML")


def position(root: Any, loc: Loc, *, key: bool = False, line_offset: int = 0) -> tuple[int | None, int | None]:
    """The 1-based (line, col) of the node at `loc` in a round-trip tree, or of its nearest ancestor."""
    node = root
    line: int | None = None
    col: int | None = None
    if isinstance(root, CommentedMap | CommentedSeq):
        line, col = root.lc.line, root.lc.col
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            line, col = node.lc.key(part) if (key and last) else _value_position(node, part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
    if line is None:
        return None, None
    return line + 1 + line_offset, (col or 0) + 1


def _value_position(node: CommentedMap, part: Any) -> tuple[int, int]:
    value = node[part]
    if isinstance(value, CommentedMap | CommentedSeq) and value:
        # A block value starts on the next line; point at the key, which is where a reader looks.
        return node.lc.key(part)
    return node.lc.value(part)


def format_loc(loc: Loc) -> str:
    """Render a pydantic loc as a field path: ('claims', 3, 'stance') -> 'claims[3].stance'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def validation_diagnostics(
    exc: ValidationError, root: Any, path: str, model: type[BaseModel], prefix: Loc = (), line_offset: int = 0
) -> list[Diagnostic]:
    """Translate pydantic errors into diagnostics with positions and fixes."""
    out = []
    seen: set[tuple[str | int, ...]] = set()
    for err in exc.errors():
        loc = prefix + _field_loc(model, tuple(p for p in err["loc"] if isinstance(p, int) or not _is_internal(p)))
        if loc in seen:  # one error per field, not one per branch of a union (date | datetime)
            continue
        seen.add(loc)
        is_key = err["type"] == "extra_forbidden"
        line, col = position(root, loc, key=is_key, line_offset=line_offset)
        message = f"{format_loc(loc)}: {_explain(err, model, loc[len(prefix) :])}"
        out.append(Diagnostic(path, line, col, "error", message, title="invalid field"))
    return out


def _field_loc(model: type[BaseModel], loc: Loc) -> Loc:
    """A loc without the union-branch names pydantic adds ('retrieved', 'datetime' -> 'retrieved')."""
    out: list[str | int] = []
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part in current.model_fields:
                out.append(part)
                current = _model_inside(current.model_fields[part].annotation)
                continue
            if current.model_config.get("extra") == "forbid":
                out.append(part)  # an unknown key, reported as such
                current = None
            continue
        if current is None and out and isinstance(out[-1], str) and part not in _TYPE_NAMES:
            out.append(part)
    return tuple(out)


_TYPE_NAMES = frozenset({"date", "datetime", "str", "int", "float", "bool", "list", "dict", "none", "literal"})


def _is_internal(part: str) -> bool:
    return "[" in part or part.startswith("function-")


def _explain(err: Any, model: type[BaseModel], loc: Loc) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return f"required field is missing; add `{field}:`"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(field), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key '{field}'; {hint}allowed keys: {', '.join(allowed)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{value!r} is not one of {expected}"
    if kind == "string_pattern_mismatch":
        if field in ("source",):
            return (
                f"{value!r} is not a valid source id: ids are slugs (lowercase letters, digits, '.', '_', '-'), "
                "not paths; see `factcheck sources list`"
            )
        if field == "sha256":
            return f"{value!r} is not a sha256 pin (64 hex digits); run `factcheck source pin ID`"
        return (
            f"{value!r} is not a valid id: use lowercase letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        if field == "quote":
            return (
                f"quote is {len(value):,} characters long; the limit is {limit:,}: quote a shorter passage, the "
                "sentence or two that carry the claim"
            )
        return f"is {len(value):,} characters long; the limit is {limit:,}"
    if kind == "list_type":
        return f"must be a list (lines starting with `- `), not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of `key: value` lines, not {_describe(value)}"
    if kind in ("string_type",):
        return f"must be text, not {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, not {_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number, not {_describe(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{value!r} is not a valid date: write YYYY-MM-DD (a real calendar date)"
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()} (put it in quotes to make it text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{type(value).__name__} {value!r}"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the model found by walking `loc` down from `model`."""
    current: Any = model
    keyed = False  # inside a dict of models (an event kind by its name): the next part is a key, not a field
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        keyed = typing.get_origin(annotation) is dict
        current = _model_inside(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_inside(annotation: Any) -> Any:
    """The BaseModel class inside list[...] / Optional[...] annotations, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType) or origin is not None:
        for arg in typing.get_args(annotation):
            found = _model_inside(arg)
            if found is not None:
                return found
    return None


def dump_yaml(data: Any, yaml: YAML | None = None) -> str:
    """Serialize a round-trip tree back to text."""
    stream = io.StringIO()
    (yaml or new_yaml()).dump(data, stream)
    return stream.getvalue()


_TEMP_MARK = ".factcheck-"  # in every temp file's name, so that cleaning up never touches a file of another tool
# What mkstemp makes of `.NAME.factcheck-` + 8 random characters + `.tmp`.
_TEMP_NAME = re.compile(r"\..+" + re.escape(_TEMP_MARK) + r"[a-z0-9_]{8}\.tmp")
STALE_TEMP_SECONDS = 60.0  # a temp file this old is a killed write's, never a running one's (writes take ms)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write a file through a temp file in the same folder and a rename, so a crash never leaves half a file.

    A new file gets the mode the umask gives (0644 under umask 022); an existing file keeps its mode.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    remove_stale_temp_files(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{_TEMP_MARK}", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # mkstemp made it 0600, which would hide a report or a source from others
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temp files a killed write_atomically left in a folder (ours, older than STALE_TEMP_SECONDS)."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # an unreadable folder: the write that follows says what is wrong
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            stale = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
            if stale and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already (another process cleaned it), or not ours to remove
    return removed


def _umask() -> int:
    # The only portable way to read the umask is to set it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def yaml_for_rewrite(text: str) -> YAML:
    """A round-trip YAML set to the indentation `text` already uses, so a rewrite changes only what it edits."""
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = new_yaml()
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except Exception:  # the caller parsed the text already; an indent that can't be guessed keeps our default
        sequence, offset = 4, 2
    sequence = sequence or 4
    offset = offset if offset is not None else 2
    yaml.indent(mapping=2, sequence=max(sequence, offset + 2), offset=offset)
    return yaml
