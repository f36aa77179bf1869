"""Load and validate claims.yaml with line numbers, and edit it round-trip (comments, order and quoting kept)."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from factcheck.errors import ClaimNotFoundError, Diagnostic, DuplicateIdError, InvalidClaimsFileError
from factcheck.fastyaml import load_fast
from factcheck.models import Claim, ClaimsFile, Evidence, Resolution
from factcheck.yamlfile import (
    BAD_CHARACTER,
    Loc,
    YamlSyntaxError,
    dump_yaml,
    load_yaml,
    position,
    text_diagnostics,
    validation_diagnostics,
    write_atomically,
    yaml_for_rewrite,
)

CLAIMS_FILE = "claims.yaml"


@dataclass
class Ledger:
    """claims.yaml as loaded: the validated claims and resolutions, and where each part stands in the file."""

    path: str
    claims: list[Claim]
    resolutions: list[Resolution]
    tree: Any = field(repr=False, default=None)
    # Positions recorded from a tree, for a ledger restored from the cache without one.
    positions: dict[str, list[int]] | None = field(repr=False, default=None)
    # With keep_going: what is wrong with the file; the claims above are those that are valid.
    problems: list[Diagnostic] = field(default_factory=list)
    # With keep_going: the valid evidence items of claims that are not valid, as (claim's file index, its id or
    # '#index', item index, item), so their quotes are checked in the same run.
    loose_evidence: list[tuple[int, str, int, Evidence]] = field(default_factory=list)
    _file_indexes: dict[str, int] | None = field(init=False, repr=False, default=None)

    def position(self, *loc: str | int, key: bool = False) -> tuple[int | None, int | None]:
        """The 1-based (line, col) of a part of the file, e.g. position('claims', 2, 'evidence', 0, 'quote')."""
        if self.tree is not None:
            return position(self.tree, loc, key=key)
        assert self.positions is not None
        for depth in range(len(loc), -1, -1):
            found = self.positions.get("/".join(map(str, loc[:depth])))
            if found:
                return (found[2], found[3]) if key and depth == len(loc) and len(found) == 4 else (found[0], found[1])
        return None, None

    def to_cache(self) -> str:
        """The validated ledger and its positions as JSON, so an unchanged file need not be parsed again."""
        data = {
            "claims": [c.model_dump(mode="json") for c in self.claims],
            "resolutions": [r.model_dump(mode="json") for r in self.resolutions],
            "positions": self.positions if self.positions is not None else record_positions(self.tree),
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_cache(cls, path: str, cached: str) -> Ledger:
        """A ledger restored by to_cache."""
        data = json.loads(cached)
        return cls(
            path=path,
            claims=[Claim.model_validate(c) for c in data["claims"]],
            resolutions=[Resolution.model_validate(r) for r in data["resolutions"]],
            positions=data["positions"],
        )

    def file_index(self, claim_id: str) -> int:
        """The index of a claim in the file's list, counting claims that are not valid (absent from `claims`)."""
        if self._file_indexes is None:
            raw = self.tree.get("claims") if isinstance(self.tree, CommentedMap) else None
            if isinstance(raw, list):
                ids = [item.get("id") if isinstance(item, dict) else None for item in raw]
            else:  # restored from the cache: every claim of the file is valid and in `claims`
                ids = [claim.id for claim in self.claims]
            self._file_indexes = {}
            for index, found in enumerate(ids):
                if isinstance(found, str):
                    self._file_indexes.setdefault(found, index)  # the first of duplicates, as errors say
        index = self._file_indexes.get(claim_id)
        return index if index is not None else self.claim_index(claim_id)

    def claim_index(self, claim_id: str) -> int:
        """The index of a claim in the file's list."""
        for index, claim in enumerate(self.claims):
            if claim.id == claim_id:
                return index
        raise ClaimNotFoundError(f"{self.path}: no claim with id '{claim_id}'{_did_you_mean(claim_id, self.ids)}")

    @property
    def ids(self) -> list[str]:
        """Claim ids in file order."""
        return [claim.id for claim in self.claims]

    def diagnostic(
        self, loc: Loc, message: str, severity: str = "error", *, key: bool = False, title: str = "",
        rule: str = "", fingerprint: str | None = None,
    ) -> Diagnostic:
        """A diagnostic pointing at a part of the file."""
        line, col = self.position(*loc, key=key)
        return Diagnostic(self.path, line, col, severity, message, title=title or "factcheck",  # type: ignore[arg-type]
                          rule=rule, fingerprint=fingerprint)


def record_positions(tree: Any) -> dict[str, list[int]]:
    """Every node's 1-based [line, col] (and [key line, key col] for mapping values), by its slash-joined path."""
    out: dict[str, list[int]] = {"": [1, 1]}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, CommentedMap):
            for k in node:
                child = f"{prefix}/{k}" if prefix else str(k)
                line, col = position(node, (k,))
                key_line, key_col = position(node, (k,), key=True)
                out[child] = [line or 1, col or 1, key_line or 1, key_col or 1]
                walk(node[k], child)
        elif isinstance(node, CommentedSeq):
            for i, item in enumerate(node):
                child = f"{prefix}/{i}" if prefix else str(i)
                line, col = position(node, (i,))
                out[child] = [line or 1, col or 1]
                walk(item, child)

    walk(tree, "")
    return out


def parse_claims(text: str, path: str = CLAIMS_FILE, *, keep_going: bool = False, round_trip: bool = False) -> Ledger:
    """Parse and validate the text of claims.yaml, raising InvalidClaimsFileError with every problem found.

    With keep_going, return the claims and resolutions that are valid instead, with the problems in
    `ledger.problems`, so the rest of the file can still be checked in the same run. A valid file is read with
    libyaml (fastyaml.py) into a ledger with positions and no tree, as the cache restores one; with round_trip, or
    when anything is wrong with the file, ruamel.yaml reads it into a tree, which edits and error messages need.
    """
    if not round_trip:
        ledger = _parse_valid_fast(text, path)
        if ledger is not None:
            return ledger
    problems = text_diagnostics(text, path, what=CLAIMS_FILE)
    if problems and problems[0].title == "line too long":
        return _refused(path, problems, keep_going)
    if problems:  # read on with the characters blanked, so the rest of the file is checked too
        text = BAD_CHARACTER.sub(" ", text)
    try:
        tree = load_yaml(text, path, what=CLAIMS_FILE)
    except YamlSyntaxError as exc:  # after blanked characters, maybe their doing: fix those first
        return _refused(path, problems or exc.diagnostics, keep_going)
    if tree is None:
        message = "the file is empty: start it with `claims:` and a list of claims (see README, 'claims.yaml')"
        return _refused(path, [*problems, Diagnostic(path, 1, 1, "error", message)], keep_going)
    if not isinstance(tree, CommentedMap):
        line, col = position(tree, ())
        message = "the top level must be a mapping with `claims:` and `resolutions:`"
        return _refused(path, [*problems, Diagnostic(path, line or 1, col or 1, "error", message)], keep_going)
    try:
        ClaimsFile.model_validate(_plain(tree))
    except ValidationError as exc:
        problems.extend(validation_diagnostics(exc, tree, path, ClaimsFile))
    claims = _valid_items(tree.get("claims"), Claim)
    resolutions = _valid_items(tree.get("resolutions"), Resolution)
    ledger = Ledger(path=path, claims=[c for _, c in claims], resolutions=[r for _, r in resolutions], tree=tree)
    problems.extend(_check_references(ledger, tree.get("claims")))
    problems.sort(key=lambda d: (d.line or 0, d.col or 0))
    if problems and not keep_going:
        raise InvalidClaimsFileError(diagnostics=problems)
    if problems:
        ledger.claims = _checkable(ledger, claims)
        ledger.problems = problems
        ledger.loose_evidence = _loose_evidence(tree.get("claims"), {index for index, _ in claims})
    return ledger


def _parse_valid_fast(text: str, path: str) -> Ledger | None:
    """A valid claims.yaml read with libyaml, or None: anything wrong (or anything libyaml may read otherwise than
    ruamel.yaml) goes to the round-trip parse, so every message is the one it gives."""
    if text_diagnostics(text, path, what=CLAIMS_FILE):
        return None
    doc = load_fast(text, positions=True)
    if doc is None or doc.unplaced or not isinstance(doc.data, dict):
        return None
    try:
        parsed = ClaimsFile.model_validate(doc.data)
    except ValidationError:
        return None
    ledger = Ledger(path=path, claims=parsed.claims, resolutions=parsed.resolutions, positions=doc.positions)
    if _check_references(ledger, doc.data.get("claims")):
        return None
    return ledger


def _loose_evidence(seq: Any, valid: set[int]) -> list[tuple[int, str, int, Evidence]]:
    """The evidence items that validate on their own inside claims that do not."""
    out = []
    for index, item in enumerate(seq if isinstance(seq, list) else []):
        if index in valid or not isinstance(item, dict):
            continue
        claim_id = item.get("id") if isinstance(item.get("id"), str) else f"#{index}"
        for ev_index, evidence in _valid_items(item.get("evidence"), Evidence):
            out.append((index, claim_id, ev_index, evidence))
    return out


def _refused(path: str, problems: list[Diagnostic], keep_going: bool) -> Ledger:
    """No claims at all: raise, or with keep_going an empty ledger that carries the problems."""
    if not keep_going:
        raise InvalidClaimsFileError(diagnostics=problems)
    return Ledger(path=path, claims=[], resolutions=[], positions={}, problems=problems)


def _checkable(ledger: Ledger, claims: list[tuple[int, Claim]]) -> list[Claim]:
    """Of the valid claims, those that can be checked on their own: the first of each id, and no `conflicts_with`
    naming itself or a claim that is not valid (each has its own error)."""
    first = [claim for index, claim in claims if ledger.file_index(claim.id) == index]
    ids = {claim.id for claim in first}
    out = []
    for claim in first:
        keep = [c for c in claim.conflicts_with if c in ids and c != claim.id]
        out.append(claim.model_copy(update={"conflicts_with": keep}) if keep != claim.conflicts_with else claim)
    return out


def load_claims(file: Path, display_path: str | None = None, *, keep_going: bool = False) -> Ledger:
    """Read and validate claims.yaml (with keep_going, as parse_claims does)."""
    shown = display_path or str(file)
    if not file.exists():
        raise InvalidClaimsFileError(
            f"{shown}: no such file: run factcheck in a project folder (one that holds claims.yaml and sources/), "
            "or name one with --project"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidClaimsFileError(f"{shown}: cannot read it: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): re-save the file as UTF-8"
        return _refused(shown, [Diagnostic(shown, line, col, "error", message)], keep_going)
    return parse_claims(text, shown, keep_going=keep_going)


def _plain(node: Any) -> Any:
    """A round-trip tree as plain dicts and lists, for pydantic."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _valid_items(seq: Any, model: Any) -> list[tuple[int, Any]]:
    """The items of a list that validate on their own, with their index, so one bad item hides no other."""
    if not isinstance(seq, list):
        return []
    out = []
    for index, item in enumerate(seq):
        try:
            out.append((index, model.model_validate(_plain(item))))
        except ValidationError:
            continue
    return out


def _check_references(ledger: Ledger, raw_claims: Any) -> list[Diagnostic]:
    """Duplicate ids (read from the raw file, so invalid claims count too) and unknown `conflicts_with` ids."""
    problems = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(raw_claims if isinstance(raw_claims, list) else []):
        claim_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(claim_id, str):
            continue
        if claim_id in first_seen:
            line, _ = ledger.position("claims", first_seen[claim_id], "id")
            problems.append(
                ledger.diagnostic(
                    ("claims", index, "id"),
                    f"claims[{index}].id: duplicate claim id '{claim_id}' (first used on line {line}); "
                    "give each claim its own id",
                    title="duplicate id",
                )
            )
        else:
            first_seen[claim_id] = index
    for claim in ledger.claims:
        index = first_seen[claim.id]
        for k, other in enumerate(claim.conflicts_with):
            loc = ("claims", index, "conflicts_with", k)
            where = f"claims[{index}].conflicts_with[{k}]"
            if other == claim.id:
                problems.append(ledger.diagnostic(loc, f"{where}: a claim cannot conflict with itself"))
            elif other not in first_seen:
                problems.append(
                    ledger.diagnostic(
                        loc,
                        f"{where}: no claim with id '{other}'{_did_you_mean(other, list(first_seen))}",
                        title="unknown claim",
                    )
                )
    return problems


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


# ---------------------------------------------------------------- round-trip edits
#
# Edits splice new YAML text in at the right line instead of re-dumping the whole tree: a re-dump would re-flow
# folded lines and change quoting the reviewer chose. The result is parsed again before it is written.


def _read_keeping_newlines(file: Path) -> str:
    """The file's text with its own line endings (CRLF stays CRLF, so an edit changes only what it adds)."""
    return file.read_bytes().decode("utf-8")


def add_claim(file: Path, claim: Claim) -> None:
    """Append a claim to claims.yaml, keeping every existing byte; written atomically."""
    text = _read_keeping_newlines(file) if file.exists() else "claims: []\nresolutions: []\n"
    ledger = parse_claims(text, str(file), round_trip=True)
    if claim.id in ledger.ids:
        line, _ = ledger.position("claims", ledger.claim_index(claim.id), "id")
        raise DuplicateIdError(f"{file}:{line}: a claim with id '{claim.id}' exists already; choose another id")
    tree = ledger.tree
    lines = _lines(text)
    claims_seq = tree.get("claims")
    if isinstance(claims_seq, CommentedSeq) and claims_seq and claims_seq.fa.flow_style():
        claims_seq.append(_claim_node(claim))  # a flow list `[...]` with items: let ruamel write it
        _rewrite_whole(file, text, tree)
        return
    if isinstance(claims_seq, CommentedSeq) and claims_seq:
        dash_col = _dash_column(lines, claims_seq.lc.item(0)[0])
        end = _last_content_line(
            lines, claims_seq.lc.item(len(claims_seq) - 1)[0], _next_key_line(tree, "claims", len(lines))
        )
        separated = len(claims_seq) > 1 and _blank_before(lines, claims_seq.lc.item(1)[0])
        new_lines = (["\n"] if separated else []) + _render_item(_claim_node(claim), dash_col)
        _splice_and_write(file, lines, end + 1, new_lines)
        return
    # No block list yet (`claims:` empty or `claims: []`): write the key line anew.
    key_line = tree.lc.key("claims")[0] if "claims" in tree else None
    item = _render_item(_claim_node(claim), 2)
    if key_line is None:
        _splice_and_write(file, lines, len(lines), ["claims:\n", *item])
    else:
        lines[key_line] = _emptied_key_line(lines[key_line], "claims", 0)
        _splice_and_write(file, lines, key_line + 1, item)


def add_evidence(file: Path, claim_id: str, evidence: Evidence) -> int:
    """Append an evidence item to a claim in claims.yaml; returns its index in the claim's evidence list."""
    return add_evidence_items(file, claim_id, [evidence])[0]


def add_evidence_items(file: Path, claim_id: str, items: list[Evidence]) -> list[int]:
    """Append evidence items to a claim in one write of claims.yaml: all of them or, on any error, none.

    Returns their indexes in the claim's evidence list.
    """
    text = _read_keeping_newlines(file)
    indexes = []
    for evidence in items:
        text, index = _with_evidence(text, file, claim_id, evidence)
        indexes.append(index)
    write_atomically(file, text)
    return indexes


def _with_evidence(text: str, file: Path, claim_id: str, evidence: Evidence) -> tuple[str, int]:
    """The text of claims.yaml with an evidence item appended to a claim, and the item's index."""
    ledger = parse_claims(text, str(file), round_trip=True)
    index = ledger.claim_index(claim_id)
    for existing in ledger.claims[index].evidence:
        if existing.source == evidence.source and existing.quote == evidence.quote:
            raise DuplicateIdError(
                f"{file}: claim '{claim_id}' already cites that quote from '{evidence.source}' "
                f"(as {existing.stance}); edit that item instead"
            )
    lines = _lines(text)
    claims_seq = ledger.tree["claims"]
    node = claims_seq[index]
    claim_end = (
        claims_seq.lc.item(index + 1)[0]
        if index + 1 < len(claims_seq)
        else _next_key_line(ledger.tree, "claims", len(lines))
    )
    seq = node.get("evidence")
    if isinstance(seq, CommentedSeq) and seq and seq.fa.flow_style():
        seq.append(_evidence_node(evidence))  # a flow list `[...]` with items: let ruamel write it
        return _rewritten(file, text, ledger.tree), len(seq) - 1
    if isinstance(seq, CommentedSeq) and seq:
        dash_col = _dash_column(lines, seq.lc.item(0)[0])
        stop = _next_key_line(node, "evidence", claim_end)
        end = _last_content_line(lines, seq.lc.item(len(seq) - 1)[0], stop)
        return _spliced(file, lines, end + 1, _render_item(_evidence_node(evidence), dash_col)), len(seq)
    key_col = node.lc.col
    item = _render_item(_evidence_node(evidence), key_col + 2)
    if "evidence" in node:  # `evidence: []` or an empty `evidence:`
        key_line = node.lc.key("evidence")[0]
        lines[key_line] = _emptied_key_line(lines[key_line], "evidence", key_col)
        return _spliced(file, lines, key_line + 1, item), 0
    end = _last_content_line(lines, node.lc.line, claim_end)
    return _spliced(file, lines, end + 1, [" " * key_col + "evidence:\n", *item]), 0


def _lines(text: str) -> list[str]:
    """The lines of a text with their endings, split at LF only: str.splitlines also splits at U+2028, U+0085,
    form feeds and more, which YAML (and our line numbers) do not count, so a splice would land mid-line."""
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()
    if last != "\n":
        lines.append(last[:-1])
    return lines


def _newline(lines: list[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _emptied_key_line(line: str, key: str, col: int) -> str:
    """`key: []  # comment` becomes `key:  # comment`, so a block list can follow; the comment stays."""
    comment = line[line.index("#") :].rstrip("\r\n") if "#" in line else ""
    ending = "\r\n" if line.endswith("\r\n") else "\n"
    return " " * col + f"{key}:" + (f"  {comment}" if comment else "") + ending


def _splice_and_write(file: Path, lines: list[str], at: int, new_lines: list[str]) -> None:
    write_atomically(file, _spliced(file, lines, at, new_lines))


def _spliced(file: Path, lines: list[str], at: int, new_lines: list[str]) -> str:
    newline = _newline(lines)
    if lines and at == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += newline
    new_lines = [line.removesuffix("\n") + newline if line.endswith("\n") else line for line in new_lines]
    new_text = "".join(lines[:at] + new_lines + lines[at:])
    parse_claims(new_text, str(file))  # never write a file we could not read back
    return new_text


def _rewrite_whole(file: Path, original: str, tree: Any) -> None:
    """Write the whole tree back; only for flow-style lists, which cannot be spliced line by line."""
    write_atomically(file, _rewritten(file, original, tree))


def _rewritten(file: Path, original: str, tree: Any) -> str:
    new_text = dump_yaml(tree, yaml_for_rewrite(original))
    if "\r\n" in original:
        new_text = new_text.replace("\n", "\r\n")
    parse_claims(new_text, str(file))
    return new_text


def _render_item(node: CommentedMap, dash_col: int) -> list[str]:
    """A mapping as one block-sequence item whose dash stands at `dash_col`."""
    yaml = yaml_for_rewrite("")
    yaml.indent(mapping=2, sequence=4, offset=2)
    seq = CommentedSeq([node])
    text = dump_yaml(seq, yaml)
    # The dump puts the dash at column 2 (the offset); shift every line to the file's column.
    shift = dash_col - 2
    out = []
    for line in _lines(text):
        out.append(" " * shift + line if shift >= 0 else line[-shift:])
    return out


def _dash_column(lines: list[str], item_line: int) -> int:
    line = lines[item_line]
    return len(line) - len(line.lstrip(" "))


def _next_key_line(mapping: Any, key: str, default: int) -> int:
    """The line of the key that follows `key` in a mapping, or `default`."""
    keys = list(mapping)
    position_of = keys.index(key)
    for later in keys[position_of + 1 :]:
        return mapping.lc.key(later)[0]
    return default


def _last_content_line(lines: list[str], start: int, stop: int) -> int:
    """The last line in [start, stop) that is neither blank nor a comment (those belong to what follows)."""
    last = start
    for number in range(start, min(stop, len(lines))):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            last = number
    return last


def _blank_before(lines: list[str], line: int) -> bool:
    return line > 0 and not lines[line - 1].strip()


def _text(value: str) -> str:
    """A string as it is written: double-quoted, with escapes, when it holds a character that is no plain text
    (a control character, U+2028 ...), which a plain or single-quoted scalar would write raw or fold away."""
    return DoubleQuotedScalarString(value) if BAD_CHARACTER.search(value) else value


def _claim_node(claim: Claim) -> CommentedMap:
    node = CommentedMap()
    node["id"] = claim.id
    node["text"] = _text(claim.text)
    if claim.time:
        node["time"] = claim.time
    if claim.kind != "event":
        node["kind"] = claim.kind
    if claim.note:
        node["note"] = _text(claim.note)
    if claim.evidence:
        node["evidence"] = CommentedSeq(_evidence_node(e) for e in claim.evidence)
    if claim.conflicts_with:
        node["conflicts_with"] = CommentedSeq(claim.conflicts_with)
    return node


def _evidence_node(evidence: Evidence) -> CommentedMap:
    node = CommentedMap()
    node["source"] = evidence.source
    node["quote"] = _text(evidence.quote)
    node["stance"] = evidence.stance
    if evidence.note:
        node["note"] = _text(evidence.note)
    return node
