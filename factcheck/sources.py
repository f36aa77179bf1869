"""Read sources/: front matter and body, the body's sha256 pin, text that is not the article, and passages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from factcheck.errors import Diagnostic, InvalidSourceError, SourceNotFoundError
from factcheck.fastyaml import load_fast
from factcheck.models import SLUG_PATTERN, Passage, Region, Source, SourceMeta
from factcheck.vocabulary import NonArticleTable, package_table
from factcheck.yamlfile import (
    BMP_NONCHARACTERS,
    NONCHARACTERS,
    YamlSyntaxError,
    bad_character_diagnostics,
    describe_character,
    load_yaml,
    position,
    text_diagnostics,
    validation_diagnostics,
    write_atomically,
)

SOURCE_SUFFIX = ".md"
_FRONT_MATTER_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
# Front matter is a dozen short lines; a megabyte of it is not front matter, and parsing it would take seconds.
MAX_FRONT_MATTER_CHARS = 1_000_000
# Characters that are no text in a body: C0 controls but tab, LF, FF (a page break in text taken from PDFs) and
# CR; DEL; C1 controls; noncharacters. NUL makes a file binary and is refused by decode_source_bytes.
BODY_BAD_CHARACTER = re.compile(f"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f{NONCHARACTERS}]")
_BODY_BAD_BMP_CHARACTER = re.compile(f"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f{BMP_NONCHARACTERS}]")


@dataclass(frozen=True)
class NonArticleRule:
    """A rule that finds text which is not the article; `reason` is what reports say."""

    reason: str
    pattern: re.Pattern[str]
    # Where the stretch starts: at the match, or on the line after it (a sign-off line is still the article).
    starts_after_match: bool = False


def compile_non_article(table: NonArticleTable) -> tuple[NonArticleRule, ...]:
    """The rules of a non-article table, compiled (once per table)."""
    return table.compiled(
        "non_article",
        lambda: tuple(NonArticleRule(r.reason, re.compile(r.pattern), r.starts_after_match) for r in table.rules),
    )


# The package's rules (factcheck/data/non_article.yaml) run on every body; a stretch runs from its start to the end
# of the body, because in the pages we take in, comments, footers and sidebars come after the article. Marks in
# front matter cover the rest.
NON_ARTICLE_RULES: tuple[NonArticleRule, ...] = compile_non_article(package_table("non_article"))


def hash_body(body: str) -> str:
    """The sha256 pin of a body: hex digest of its UTF-8 bytes."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def source_path(sources_dir: Path, source_id: str) -> Path:
    """The file of a source id; refuses ids that are not slugs, so no id can leave sources/."""
    if not re.fullmatch(SLUG_PATTERN.strip("^$"), source_id):
        raise SourceNotFoundError(
            f"'{source_id}' is not a valid source id: ids are slugs (lowercase letters, digits, '.', '_', '-')"
        )
    return sources_dir / f"{source_id}{SOURCE_SUFFIX}"


def decode_source_bytes(data: bytes, path: str) -> str:
    """Decode a source file, refusing binary files and text that is not UTF-8 with a line and column."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1  # in bytes: the text before it may not decode
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(
                    path,
                    line,
                    col,
                    "error",
                    f"binary file (NUL byte at offset {nul}): a source must be UTF-8 text with front matter",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(
                    path,
                    line,
                    col,
                    "error",
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): re-save the file as UTF-8",
                )
            ]
        ) from None


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a source file into (front matter, body, lines before the body)."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    "no front matter: start the file with a `---` line, then `id:`, `title:`, `publisher:`, "
                    "`published:`, `kind:`, `reliability:`, `sha256:` lines, then a closing `---` line",
                )
            ]
        )
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(path, 1, 1, "error", "front matter is not closed: add a `---` line after its last field")
            ]
        )
    front = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    return front, body, text.count("\n", 0, closing.end())


def parse_source(text: str, path: str, *, non_article: NonArticleTable | None = None) -> Source:
    """Parse the text of a source file into a Source, raising InvalidSourceError with every problem found.

    Args:
        non_article: the rules for text that is not the article (a project's, merged); the package's by default.
    """
    front, body, header_lines = split_front_matter(text, path)
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(
                    path,
                    2,
                    1,
                    "error",
                    f"front matter is {len(front):,} characters long; the limit is {MAX_FRONT_MATTER_CHARS:,}: it is "
                    "a dozen `key: value` lines; is the closing `---` line missing or misplaced?",
                    title="front matter too long",
                )
            ]
        )
    fast = _parse_valid_fast(front, body, header_lines, path, non_article)
    if fast is not None:
        return fast
    try:
        data = load_yaml(front, path, line_offset=1, what="front matter")
    except YamlSyntaxError as exc:
        raise InvalidSourceError(diagnostics=exc.diagnostics) from None
    if not isinstance(data, dict):
        raise InvalidSourceError(
            diagnostics=[Diagnostic(path, 2, 1, "error", "front matter must be `key: value` lines")]
        )
    try:
        meta = SourceMeta.model_validate(dict(data))
    except ValidationError as exc:
        raise InvalidSourceError(
            diagnostics=validation_diagnostics(exc, data, path, SourceMeta, line_offset=1)
        ) from None
    problems: list[Diagnostic] = []
    stem = Path(path).name.removesuffix(SOURCE_SUFFIX)
    if meta.id != stem:
        line, col = position(data, ("id",), line_offset=1) if isinstance(data, CommentedMap) else (2, None)
        problems.append(
            Diagnostic(
                path,
                line,
                col,
                "error",
                f"id '{meta.id}' differs from the file name: rename the file to {meta.id}.md",
            )
        )
    regions, mark_problems = find_non_article(body, meta, rules=non_article)
    for index, message in mark_problems:
        field = "end" if message.startswith("end text") else "start"
        line, col = position(data, ("not_article", index, field), line_offset=1)
        problems.append(Diagnostic(path, line, col, "error", f"not_article[{index}]: {message}"))
    if problems:
        raise InvalidSourceError(diagnostics=problems)
    return _source(meta, path, body, header_lines, regions)


def _source(meta: SourceMeta, path: str, body: str, header_lines: int, regions: list) -> Source:
    """A Source from its parsed parts, however its front matter was read."""
    return Source(meta=meta, path=path, body=body, body_sha256=hash_body(body), front_matter_lines=header_lines,
                  not_article=regions)


def _parse_valid_fast(
    front: str, body: str, header_lines: int, path: str, non_article: NonArticleTable | None
) -> Source | None:
    """A source whose front matter is valid, read with libyaml; None when anything is wrong with it (or libyaml
    may read it otherwise than ruamel.yaml), so the round-trip parse names the problem with its line."""
    if text_diagnostics(front, path, 1, what="front matter"):
        return None
    doc = load_fast(front)
    if doc is None or not isinstance(doc.data, dict):
        return None
    try:
        meta = SourceMeta.model_validate(doc.data)
    except ValidationError:
        return None
    if meta.id != Path(path).name.removesuffix(SOURCE_SUFFIX):
        return None
    regions, mark_problems = find_non_article(body, meta, rules=non_article)
    if mark_problems:
        return None
    return _source(meta, path, body, header_lines, regions)


def body_diagnostics(source: Source) -> list[Diagnostic]:
    """A warning for each control character or noncharacter in a body (the first 50, then a count).

    A warning, not an error: the body is the article as retrieved and pinned, such a character changes no anchor
    and no verdict, and reports escape it; but it is often debris (a terminal colour code) worth deleting.
    """
    def message(char: str) -> str:
        return (
            f"{describe_character(char)} in the body of source {source.id}: if it is debris (a pasted terminal "
            f"colour code, a stray byte), delete it, then run `factcheck source pin {source.id}`"
        )

    return bad_character_diagnostics(
        source.body,
        source.path,
        source.front_matter_lines,
        pattern=BODY_BAD_CHARACTER,
        bmp_pattern=_BODY_BAD_BMP_CHARACTER,
        message=message,
        severity="warning",
    )


def outside_link(file: Path, root: Path, folder_inside: bool = True) -> Path | None:
    """Where a file really is when that is outside `root` (resolved), through a symlink or its folder's, else None.

    `folder_inside` says whether the file's folder resolves inside `root`; a file that is no symlink costs one lstat.
    """
    if not file.is_symlink():
        return None if folder_inside else file.resolve()
    try:
        target = file.resolve()
    except RuntimeError:  # a symlink loop: reading the file says so
        return None
    return None if target.is_relative_to(root) else target


def refuse_outside(file: Path, root: Path, shown: str, folder_inside: bool | None = None) -> None:
    """Raise InvalidSourceError when a source file resolves outside the project rooted at `root` (resolved).

    Read, it would be evidence from a file nobody reviewing the project sees, or a secret echoed into CI logs.
    """
    if folder_inside is None:
        folder_inside = file.parent.resolve().is_relative_to(root)
    target = outside_link(file, root, folder_inside)
    if target is not None:
        raise InvalidSourceError(
            diagnostics=[
                Diagnostic(shown, None, None, "error",
                           f"symlink to {target} outside the project: copy the file into sources/ instead",
                           title="outside the project")
            ]
        )


def reread_body(file: str, shown: str, body_sha256: str) -> str:
    """The body of a source file read again, which must be the one read before (`body_sha256`).

    Args:
        file: the file's absolute path (a str: 100,000 Path objects held for a run cost 60 MB).
    """
    try:
        text = decode_source_bytes(Path(file).read_bytes(), shown)
        _, body, _ = split_front_matter(text, shown)
    except (OSError, InvalidSourceError):
        body = None
    if body is None or hash_body(body) != body_sha256:
        raise InvalidSourceError(
            diagnostics=[Diagnostic(shown, None, None, "error",
                                    "the file changed while factcheck was checking it: run the command again")]
        )
    return body


def read_source(file: Path, display_path: str | None = None) -> Source:
    """Read and parse one source file."""
    shown = display_path or str(file)
    return parse_source(decode_source_bytes(file.read_bytes(), shown), shown)


def find_non_article(
    body: str, meta: SourceMeta, *, rules: NonArticleTable | None = None
) -> tuple[list[Region], list[tuple[int, str]]]:
    """Stretches of the body that are not the article (from the rules and the front matter's marks).

    Args:
        rules: the non-article table (a project's, merged); the package's by default.
    """
    regions = []
    for rule in NON_ARTICLE_RULES if rules is None else compile_non_article(rules):
        match = rule.pattern.search(body)
        if match:
            start = match.end() if rule.starts_after_match else match.start()
            regions.append(Region(start=start, end=len(body), reason=rule.reason))
    problems = []
    for index, mark in enumerate(meta.not_article):
        start = body.find(mark.start)
        if start < 0:
            problems.append((index, f"start text {mark.start!r} is not in the body; copy it from the body"))
            continue
        end = len(body)
        if mark.end:
            found = body.find(mark.end, start)
            if found < 0:
                problems.append((index, f"end text {mark.end!r} is not in the body after the start text"))
                continue
            end = found + len(mark.end)
        regions.append(Region(start=start, end=end, reason=mark.reason))
    return merge_regions(regions), problems


def merge_regions(regions: list[Region]) -> list[Region]:
    """Sort regions and merge overlapping ones, keeping the reason of the one that starts first."""
    merged: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        if merged and region.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Region(start=last.start, end=max(last.end, region.end), reason=last.reason)
        else:
            merged.append(region)
    return merged


def region_at(regions: list[Region], start: int, end: int) -> Region | None:
    """The region that overlaps [start, end), if any."""
    for region in regions:
        if start < region.end and region.start < end:
            return region
    return None


def article_spans(body: str, regions: list[Region]) -> Iterator[tuple[int, int]]:
    """The [start, end) stretches of the body that are article text."""
    cursor = 0
    for region in regions:
        if region.start > cursor:
            yield cursor, region.start
        cursor = max(cursor, region.end)
    if cursor < len(body):
        yield cursor, len(body)


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
# A sentence ends at . ! ? (maybe followed by closing quotes or brackets) before white space and a capital,
# a digit or an opening quote; titles and initials do not end one.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Gen|Lt|Col|Maj|Capt|Cdr|Adm|Brig|Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|St|No|Vol|Fig|Jr|Sr|Inc|Ltd|Co|"
    r"Corp|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Retd|retd)|\b[A-Z])\.$"
)


# A passage as the store writes it: (source id, kind, start, end, text).
PassageRow = tuple[str, str, int, int, str]


def segment(source_id: str, body: str, regions: list[Region]) -> list[Passage]:
    """Split the article text of a body into paragraphs and sentences with their offsets."""
    return [Passage(*row) for row in segment_rows(source_id, body, regions)]


def segment_rows(source_id: str, body: str, regions: list[Region]) -> list[PassageRow]:
    """The passages of `segment` as plain tuples, for the store: building a Passage costs more than finding it."""
    rows: list[PassageRow] = []
    append = rows.append
    for span_start, span_end in article_spans(body, regions):
        for para in _PARAGRAPH.finditer(body, span_start, span_end):
            p_start, p_end = _strip_span(body, para.start(), para.end())
            if p_start >= p_end:
                continue
            append((source_id, "paragraph", p_start, p_end, body[p_start:p_end]))
            for s_start, s_end in split_sentences(body, p_start, p_end):
                append((source_id, "sentence", s_start, s_end, body[s_start:s_end]))
    return rows


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end]."""
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, max(cursor, match.start() - 12), match.start() + 1):
            continue
        s_start, s_end = _strip_span(text, cursor, match.end())
        if s_start < s_end:
            spans.append((s_start, s_end))
        cursor = match.end()
    s_start, s_end = _strip_span(text, cursor, end)
    if s_start < s_end:
        spans.append((s_start, s_end))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_context(body: str, start: int, end: int) -> tuple[str, str]:
    """The sentence(s) holding body[start:end] within its paragraph, and the sentence after them."""
    s_start, s_end, following = sentence_bounds(body, start, end)
    return body[s_start:s_end], following


def sentence_bounds(body: str, start: int, end: int) -> tuple[int, int, str]:
    """Where the sentence(s) holding body[start:end] begin and end, and the sentence after them."""
    # A paragraph ends at a blank line, as in `segment`: hard-wrapped text keeps its sentences whole.
    p_start = _paragraph_start(body, start)
    after = _BLANK_LINE.search(body, end)
    p_end = after.start() if after else len(body)
    spans = split_sentences(body, p_start, p_end)
    s_start, s_end = start, end
    following = ""
    for a, b in spans:
        if b <= start:
            continue
        if a < end:
            s_start, s_end = min(s_start, a), max(s_end, b)
        elif not following:
            following = body[a:b]
    return s_start, s_end, following


_BLANK = frozenset("\n \t\r")  # what a blank line (_BLANK_LINE) is made of


def _paragraph_start(body: str, start: int, window: int = 2048) -> int:
    """The end of the last blank line before `start`, as a scan of body[:start] from its beginning finds it, or 0.

    A blank line is a run of white space, so none spans a character that is not: a scan from just after such a
    character finds the same blank lines as one from the beginning. Scanning back a window at a time reads a few
    hundred characters of a long source instead of all that come before the quote.
    """
    end = start
    while end > 0:
        cut = max(0, end - window)
        while cut > 0 and body[cut - 1] in _BLANK:
            cut -= 1
        found = list(_BLANK_LINE.finditer(body, cut, end))
        if found:
            return found[-1].end()
        end = cut
    return 0


def load_sources(sources_dir: Path, display_root: Path | None = None) -> tuple[dict[str, Source], list[Diagnostic]]:
    """Load every source file under sources/, collecting every problem instead of stopping at the first."""
    sources: dict[str, Source] = {}
    problems: list[Diagnostic] = []
    for file in sorted(sources_dir.glob(f"*{SOURCE_SUFFIX}")):
        shown = display_path(file, display_root)
        try:
            source = read_source(file, shown)
        except InvalidSourceError as exc:
            problems.extend(exc.diagnostics)
            continue
        except OSError as exc:
            problems.append(Diagnostic(shown, None, None, "error", f"cannot read it: {exc.strerror}"))
            continue
        sources[source.id] = source
    return sources, problems


def display_path(file: Path, root: Path | None) -> str:
    """A path as a user sees it: relative to the project when it lies inside it."""
    if root is not None:
        # Lexically inside the root (the usual case: root / "sources" / name): no resolve(), which costs a
        # system call per path part and was a third of a warm run over 2000 sources.
        if ".." not in file.parts and file.is_relative_to(root) and file.is_absolute() == root.is_absolute():
            return str(file.relative_to(root))
        try:
            return str(file.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(file)


_SHA_LINE = re.compile(r"^sha256:[^\r\n]*", re.MULTILINE)


def pin_source(file: Path) -> tuple[str | None, str]:
    """Set a source's sha256 pin to its current body; only the `sha256:` line changes (or is added)."""
    text = decode_source_bytes(file.read_bytes(), str(file))
    front, body, _ = split_front_matter(text, str(file))
    new = hash_body(body)
    match = _SHA_LINE.search(front)
    old_value = match.group(0).split(":", 1)[1].strip().strip("'\"") if match else ""
    old = None if old_value in ("", "null", "~") else old_value
    opening = _FRONT_MATTER_OPEN.match(text)
    assert opening is not None  # split_front_matter checked it
    new_front = _SHA_LINE.sub(f'sha256: "{new}"', front, count=1) if match else front + f'sha256: "{new}"\n'
    if old != new:
        write_atomically(file, text[: opening.end()] + new_front + text[opening.end() + len(front) :])
    return old, new
