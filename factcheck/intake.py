"""Take a page or a file in as a source: fetch or read it, extract its article text and metadata, and write
sources/<id>.md with the original bytes kept beside it as sources/<id>.orig.html (or .orig.txt)."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import re
import socket
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from factcheck import __version__
from factcheck.errors import DuplicateIdError, FactcheckError, InvalidArgumentError, ProjectNotFoundError
from factcheck.models import SLUG_PATTERN
from factcheck.sources import hash_body, parse_source, source_path
from factcheck.yamlfile import write_atomically

# Read at call time, so tests can lower them.
MAX_BYTES = 20_000_000
FETCH_TIMEOUT = 10.0  # seconds for the whole fetch: connecting, headers, body and redirects
CHUNK_BYTES = 64 * 1024
MAX_ID_LENGTH = 60

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
RELIABILITIES = ("A", "B", "C", "D", "E", "F")
# Where the original bytes are kept; never a .md name, which load_sources would read as a source.
ORIGINAL_SUFFIXES: dict[str, str] = {"html": ".orig.html", "text": ".orig.txt", "markdown": ".orig.txt"}
HTML_EXTRA_HINT = "install the html extra: pip install 'factcheck[html]'"

# The settings of every trafilatura call, so `bench_extraction.py` can call trafilatura with the same ones.
EXTRACT_SETTINGS: dict[str, Any] = {"include_comments": False}

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Plain scalars YAML would read as something other than text.
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"})
_MARKDOWN_TITLE = re.compile(r"\A\s*#[ \t]+(\S[^\r\n]*?)[ \t#]*\r?$", re.MULTILINE)

Kind = Literal["html", "text", "markdown"]


class IntakeError(FactcheckError):
    """A page or file cannot be taken in as a source; nothing was written."""


@dataclass(frozen=True)
class RawInput:
    """What was taken in, before extraction: the original bytes, what they are, and where they came from."""

    data: bytes
    kind: Kind
    label: str  # the path or URL, as messages name it
    url: str | None = None  # the http(s) address the bytes were fetched from, after redirects
    charset: str | None = None  # as the server declared it
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extracted:
    """The article text of a page and the metadata found in it; None where nothing was found."""

    body: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None  # the address the page gives for itself (canonical link, og:url)


@dataclass
class IntakeResult:
    """What `add_source` wrote, with the notes to show on stderr (what was not found, where fields came from)."""

    source_id: str
    path: Path
    original: Path
    meta: dict[str, Any]
    body: str
    replaced: bool
    notes: list[str] = field(default_factory=list)


def add_source(
    project: Path,
    target: str,
    *,
    now: dt.datetime,
    source_id: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    reliability: str | None = None,
    replace: bool = False,
) -> IntakeResult:
    """Take a file or URL in as sources/<id>.md and keep its original bytes; refuse, writing nothing, on any problem.

    Args:
        target: a path to an .html/.htm, .txt or .md file, an http(s) URL, or a file:// URL inside the project.
        now: the time of intake, recorded as `retrieved` (UTC).
    """
    sources_dir = project / "sources"
    if not sources_dir.is_dir():
        raise ProjectNotFoundError(
            f"{project} has no sources/ folder: create it, or pass --project with the folder that holds sources/"
        )
    if reliability is not None and reliability not in RELIABILITIES:
        raise InvalidArgumentError(f"--reliability: '{reliability}' is not one of {', '.join(RELIABILITIES)}")
    if url is not None and urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise InvalidArgumentError(f"--url: '{url}' is not an http(s) address; give the address the page was read at")
    if source_id is not None:
        _check_id(sources_dir, source_id, replace, chosen=True)  # before any fetching

    raw = read_input(target, project)
    extracted = extract(raw, now)
    if not extracted.body.strip():
        raise IntakeError(
            f"no article text found in {raw.label}: nothing was written; if the page holds an article, save its "
            "text as a .txt file and add that"
        )

    notes = list(raw.notes)
    meta_url = url or raw.url
    if meta_url is None and extracted.url and urllib.parse.urlsplit(extracted.url).scheme in ("http", "https"):
        meta_url = extracted.url
        notes.append(f"url taken from the page's own link to itself: {meta_url}")
    found_publisher = extracted.publisher
    if publisher is None and found_publisher and _is_host_name(found_publisher, meta_url):
        notes.append(f"publisher taken from the address: {found_publisher}; name the outlet with --publisher")
    meta: dict[str, Any] = {
        "id": None,
        "title": extracted.title,
        "publisher": _clean(publisher) or found_publisher,
        "author": extracted.author,
        "url": meta_url,
        "published": published or extracted.published,
        "retrieved": now.astimezone(dt.UTC).replace(microsecond=0),
        "kind": "news",
        "reliability": reliability or "F",
        "reliability_reason": None,
        "sha256": hash_body(extracted.body),
        "original_sha256": hashlib.sha256(raw.data).hexdigest(),
        "not_article": [],
    }
    for key, what in (("title", "title"), ("publisher", "publisher"), ("author", "author"),
                      ("url", "address"), ("published", "publication date")):
        if meta[key] is None:
            hint = {"url": " (set --url)", "publisher": " (set --publisher)", "published": " (set --published)"}
            notes.append(f"no {what} found; {key}: null{hint.get(key, '')}")
    if reliability is None:
        notes.append("reliability: F (cannot be judged) until a reviewer grades it (set --reliability)")

    if source_id is None:
        fallback = _fallback_name(target, raw)
        source_id = make_source_id(meta["publisher"], meta["published"], meta["title"], fallback, raw.data)
        _check_id(sources_dir, source_id, replace, chosen=False)
    meta["id"] = source_id

    # First, as they are about the project, not this page; one of this id is replaced below.
    notes[:0] = [orphan_note(p, sources_dir) for p in orphan_originals(sources_dir) if original_id(p) != source_id]

    path = source_path(sources_dir, source_id)
    original = sources_dir / f"{source_id}{ORIGINAL_SUFFIXES[raw.kind]}"
    text = render_source(meta, extracted.body)
    # What we write must load, with the body we pinned; a failure here is a bug, raised before writing.
    assert parse_source(text, str(path)).body == extracted.body
    replaced = path.exists()
    stale = [p for p in sources_dir.glob(f"{source_id}.orig.*") if p != original and p.is_file()]
    # The original first and the source last: a source never stands without the bytes its pin refers to, and a
    # kill in between leaves an orphan original, which the next intake names (and replaces, for the same id).
    write_atomically(original, raw.data)
    write_atomically(path, text)
    for old in stale:  # an earlier intake of another kind (.orig.txt replaced by .orig.html)
        old.unlink()
    return IntakeResult(source_id, path, original, meta, extracted.body, replaced, notes)


def original_id(original: Path) -> str:
    """The source id a kept original belongs to: `x` for sources/x.orig.html."""
    return original.name.split(".orig.", 1)[0]


def orphan_originals(sources_dir: Path) -> list[Path]:
    """Kept originals with no source beside them, as a `source add` killed between its two writes leaves."""
    kept = {p for suffix in set(ORIGINAL_SUFFIXES.values()) for p in sources_dir.glob(f"*{suffix}") if p.is_file()}
    ours = [p for p in kept if re.fullmatch(SLUG_PATTERN.strip("^$"), original_id(p))]  # an id `source add` gives
    return sorted(p for p in ours if not source_path(sources_dir, original_id(p)).exists())


def orphan_note(original: Path, sources_dir: Path) -> str:
    """What to do about an orphan original: take it in again under its id, or delete it."""
    source_id = original_id(original)
    return (
        f"{original} is a kept original with no {source_path(sources_dir, source_id).name} beside it (an "
        f"interrupted `source add`?): take it in again with `factcheck source add {original} --id {source_id}`, "
        "or delete it"
    )


def _check_id(sources_dir: Path, source_id: str, replace: bool, *, chosen: bool) -> None:
    if not re.fullmatch(SLUG_PATTERN.strip("^$"), source_id) or len(source_id) > 120:
        raise InvalidArgumentError(
            f"--id: '{source_id}' is not a valid source id: use lowercase letters, digits, '.', '_' and '-', "
            "starting with a letter or digit (at most 120 characters)"
        )
    if source_id.endswith(".orig") or ".orig." in source_id:
        raise InvalidArgumentError(
            f"--id: '{source_id}' would be mistaken for a kept original (<id>.orig.*): choose an id without '.orig'"
        )
    path = source_path(sources_dir, source_id)
    if path.exists() and not replace:
        how = "pass --replace to overwrite it" + ("" if chosen else ", or --id to give the new one another id")
        raise DuplicateIdError(f"source '{source_id}' exists already ({path}): nothing was written; {how}")


# ---------------------------------------------------------------- reading and fetching


def read_input(target: str, project: Path) -> RawInput:
    """Read a local file, a file:// URL inside the project, or fetch an http(s) URL; refuse anything else."""
    scheme_match = _SCHEME.match(target)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    # A one-letter scheme is a Windows drive (C:\...); an existing file wins over a look-alike scheme.
    if not scheme or len(scheme) == 1 or Path(target).is_file():
        return read_file(Path(target))
    if scheme in ("http", "https"):
        return fetch_url(target)
    if scheme == "file":
        return read_file(_file_url_path(target, project), label=target)
    raise IntakeError(
        f"cannot take in '{_clip(target)}': {scheme}: addresses are not read; give an http(s) URL, "
        "a file path, or a file:// URL inside the project"
    )


def _file_url_path(target: str, project: Path) -> Path:
    parts = urllib.parse.urlsplit(target)
    if parts.netloc not in ("", "localhost"):
        raise IntakeError(f"cannot take in {target}: a file:// URL must name a file on this machine (file:///path)")
    file = Path(urllib.request.url2pathname(parts.path)).resolve()
    root = project.resolve()
    if not file.is_relative_to(root):
        raise IntakeError(
            f"cannot take in {target}: it points outside the project folder ({root}); copy the file into the "
            "project, or give its path instead of a file:// URL"
        )
    return file


def read_file(file: Path, label: str | None = None) -> RawInput:
    """Read a local .html/.htm, .txt or .md file, refusing other kinds and files over MAX_BYTES."""
    shown = label or str(file)
    if not file.is_file():
        raise IntakeError(f"no such file: {shown}; check the path (or give an http(s) URL)")
    suffix = file.suffix.lower()
    if suffix in HTML_SUFFIXES:
        kind: Kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    elif suffix in MARKDOWN_SUFFIXES:
        kind = "markdown"
    else:
        raise IntakeError(
            f"cannot tell what {shown} holds from its name: give an .html or .htm page, a .txt or a .md file"
        )
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise IntakeError(f"{shown} is too large ({size:,} bytes, more than {MAX_BYTES:,}): nothing was written")
    return RawInput(file.read_bytes(), kind, shown)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) addresses only (urllib's own handler would also follow ftp:)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        """Refuse a redirect that leaves http(s)."""
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise IntakeError(f"{req.full_url} redirects to {_clip(newurl)}: only http(s) pages are taken in")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Deadline:
    """A total time limit for one fetch, however a server drips its bytes: at the limit, its sockets are shut."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        """The seconds left, for the timeout of each socket operation (never 0, which would mean non-blocking)."""
        return max(0.001, self._end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        """Shut this socket when the time is up (at once if it is up already)."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # shutdown, unlike close, wakes a read blocked in another thread; the plain socket's, so TLS state is untouched.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _DeadlineHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Opens http(s) connections whose sockets a _Deadline watches, each operation timing out at its end."""

    def __init__(self, deadline: _Deadline) -> None:
        urllib.request.HTTPHandler.__init__(self)
        urllib.request.HTTPSHandler.__init__(self)
        self.deadline = deadline

    def do_open(self, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
        """Open with a connection class that registers its socket with the deadline."""
        deadline = self.deadline

        class Connection(http_class):  # type: ignore[misc, valid-type]
            def connect(self) -> None:
                self.timeout = deadline.left()
                super().connect()
                deadline.watch(self.sock)

        return super().do_open(Connection, req, **http_conn_args)


def fetch_url(url: str, timeout: float | None = None) -> RawInput:
    """Fetch an http(s) page within `timeout` seconds in all (FETCH_TIMEOUT by default) and MAX_BYTES.

    Refuses HTTP errors, other content types, and a server too slow to send the whole page in time.
    """
    limit = MAX_BYTES
    timeout = FETCH_TIMEOUT if timeout is None else timeout
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"factcheck/{__version__} (source intake)",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "gzip, identity",
        },
    )
    answered = False  # the status line and headers came; a timeout after this is a body too slow to arrive
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(_HttpOnlyRedirects, _DeadlineHandler(deadline))
        try:
            with opener.open(request, timeout=timeout) as response:
                answered = True
                final_url = response.geturl()
                header = response.headers.get("Content-Type")
                content_type = response.headers.get_content_type() if header else None
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > limit:
                    raise _too_large(url, f"{int(length):,} bytes")
                if content_type is not None and content_type not in HTML_TYPES + TEXT_TYPES:
                    raise IntakeError(
                        f"cannot take in {url}: its content type is {content_type}, not a page; factcheck takes in "
                        f"{', '.join(HTML_TYPES + TEXT_TYPES)}"
                    )
                chunks, size = [], 0
                # read1 returns what one read of the socket gives, so a slow body is never waited on in one call.
                while chunk := response.read1(CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(url, "its body")
                    chunks.append(chunk)
                if deadline.expired:  # the socket was shut: what came may be only part of the page
                    raise _too_slow(url, timeout, answered)
                data = _decode_content(b"".join(chunks), response.headers.get("Content-Encoding"), url, limit)
                charset = response.headers.get_content_charset()
        except urllib.error.HTTPError as exc:
            raise IntakeError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}; check the address") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):  # connecting took all the time there was
                reason = f"no answer within {timeout:g} s"
            elif deadline.expired:
                raise _too_slow(url, timeout, answered) from None
            raise IntakeError(f"could not fetch {url}: {reason}; check the address and the network") from None
        except (OSError, http.client.HTTPException) as exc:
            if deadline.expired or isinstance(exc, TimeoutError):
                raise _too_slow(url, timeout, answered) from None
            raise IntakeError(f"could not fetch {url}: {str(exc) or type(exc).__name__}; try again later") from None
        except ValueError as exc:
            raise IntakeError(f"cannot fetch '{_clip(url)}': {exc}; check the address") from None
    if content_type is None:
        if not _looks_like_html(data):
            raise IntakeError(f"cannot take in {url}: the server gave no content type and it does not look like HTML")
        content_type = "text/html"
    kind: Kind = "html" if content_type in HTML_TYPES else "text"
    notes = (f"followed a redirect to {final_url}",) if final_url != url else ()
    return RawInput(data, kind, url, final_url, charset, notes)


def _too_slow(url: str, timeout: float, answered: bool) -> IntakeError:
    what = f"it took longer than {timeout:g} s to send the page" if answered else f"no answer within {timeout:g} s"
    return IntakeError(f"could not fetch {url}: {what}; try again later")


def _too_large(url: str, what: str) -> IntakeError:
    return IntakeError(f"cannot take in {url}: {what} is larger than {MAX_BYTES:,} bytes; nothing was written")


def _decode_content(data: bytes, encoding: str | None, url: str, limit: int) -> bytes:
    """Undo a gzip or deflate Content-Encoding, with the same size limit on what it unpacks to."""
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise IntakeError(f"cannot take in {url}: its content encoding {encoding} is not supported")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        unpacker = zlib.decompressobj(wbits)
        out = unpacker.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IntakeError(f"cannot take in {url}: its {encoding} body is corrupt ({exc})") from None
    if len(out) > limit:
        raise _too_large(url, "its unpacked body")
    return out


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


# ---------------------------------------------------------------- extraction


def extract(raw: RawInput, now: dt.datetime) -> Extracted:
    """The article text and metadata of what was read: trafilatura for HTML, the text itself otherwise."""
    if raw.kind == "html":
        return extract_html(raw.data, url=raw.url, charset=raw.charset, now=now, label=raw.label)
    text = _decode_text(raw)
    if raw.kind == "markdown":
        if _FRONT_MATTER.match(text):
            raise IntakeError(
                f"{raw.label} starts with front matter (a `---` block): factcheck will not guess which of its "
                "fields to keep; remove the block and pass the fields as options, or, if the file is a factcheck "
                "source already, copy it into sources/ and run `factcheck source pin ID`"
            )
        heading = _MARKDOWN_TITLE.match(text)
        return Extracted(text, title=_clean(heading.group(1)) if heading else None)
    return Extracted(text)


def _decode_text(raw: RawInput) -> str:
    charset = raw.charset or "utf-8"
    if b"\x00" in raw.data:
        raise IntakeError(f"{raw.label} is a binary file (it holds NUL bytes), not text")
    try:
        text = raw.data.decode(charset)
    except LookupError:
        raise IntakeError(f"cannot read {raw.label}: unknown character set '{charset}'") from None
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{raw.label} is not {charset} text (byte 0x{raw.data[exc.start]:02x} at offset {exc.start}): "
            "re-save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def paragraphs(text: str) -> str:
    """trafilatura's text with a blank line between blocks, as sources/ are written: a paragraph is a passage."""
    # trafilatura puts one block per line; `segment`, search and origins read paragraphs between blank lines.
    return re.sub(r"[ \t]*\n\s*", "\n\n", text.strip())


def date_settings(now: dt.datetime) -> dict[str, Any]:
    """htmldate's settings: the original date over an update, from the page's markup only, never after `now`."""
    # extensive_search would also read dates out of the running text, which for an article about past events can
    # be a date it reports; a missing date is left null for a reviewer (and `check` infers one, marked as such).
    return {"original_date": True, "extensive_search": False, "max_date": now.date().isoformat()}


def extract_html(
    data: bytes, *, url: str | None, now: dt.datetime, charset: str | None = None, label: str = "the page"
) -> Extracted:
    """Main text (as trafilatura.extract gives it), title, author, site name and original publication date."""
    try:
        import trafilatura  # slow to import: only when HTML is taken in
    except ImportError:
        raise IntakeError(f"cannot extract the article text of {label}: {HTML_EXTRA_HINT}") from None
    content: bytes | str = data
    if charset:  # the server's declared charset overrides the page's guess, as in a browser
        try:
            content = data.decode(charset, errors="replace")
        except LookupError:
            content = data
    tree = trafilatura.load_html(content)
    if tree is None:
        return Extracted("")
    body = _html_body(trafilatura, tree, url)
    found = trafilatura.extract_metadata(tree, default_url=url, date_config=date_settings(now))
    published = None
    if found.date:
        try:
            published = dt.date.fromisoformat(found.date[:10])
        except ValueError:
            published = None
    return Extracted(
        body,
        title=_clean(found.title),
        author=_clean(found.author),
        publisher=_clean(found.sitename),
        published=published,
        url=_clean(found.url),
    )


def _html_body(trafilatura: Any, tree: Any, url: str | None) -> str:
    # extract() works on a copy of the tree; the same call as the benchmark's, so we keep all trafilatura finds.
    return paragraphs(trafilatura.extract(tree, url=url, **EXTRACT_SETTINGS) or "")


def kept_original_body(original: Path, pinned_sha256: str, urls: tuple[str | None, ...] = (None,)) -> str | None:
    """The body `source add` made of a kept original, if making it again here gives the pinned one; else None.

    Text is taken as it is, so its body comes back exactly; HTML is extracted again (with each of `urls`, as the
    intake may have passed the page's address), which gives the same body with the same trafilatura.
    """
    try:
        data = original.read_bytes()
    except OSError:
        return None
    if original.name.endswith(ORIGINAL_SUFFIXES["text"]):
        try:
            bodies = [_decode_text(RawInput(data, "text", str(original)))]
        except IntakeError:
            return None
    elif not original.name.endswith(ORIGINAL_SUFFIXES["html"]):
        return None
    else:
        try:
            import trafilatura
        except ImportError:
            return None
        tree = trafilatura.load_html(data)
        bodies = (_html_body(trafilatura, tree, url) for url in dict.fromkeys(urls)) if tree is not None else []
    return next((body for body in bodies if hash_body(body) == pinned_sha256), None)


# ---------------------------------------------------------------- ids and files


def make_source_id(
    publisher: str | None, published: dt.date | None, title: str | None, fallback: str, data: bytes = b""
) -> str:
    """A slug from publisher, date and title (lowercase a-z, 0-9, '-'; at most MAX_ID_LENGTH characters)."""
    parts = [_slug(publisher or "", 24), published.isoformat() if published else "", _slug(title or "", MAX_ID_LENGTH)]
    slug = "-".join(p for p in parts if p)
    if not _slug(title or "") and not _slug(publisher or ""):
        slug = "-".join(p for p in (slug, _slug(fallback, MAX_ID_LENGTH)) if p)
    slug = _cut(slug, MAX_ID_LENGTH)
    return slug or f"source-{hashlib.sha256(data).hexdigest()[:12]}"


def _slug(text: str, limit: int | None = None) -> str:
    words = re.sub(r"[\W_]+", "-", text.replace("'", "").replace("’", ""))  # a dash or colon parts words
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return _cut(slug, limit) if limit else slug


def _cut(slug: str, limit: int) -> str:
    """Cut a slug to `limit` characters at a hyphen where there is one."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut[1:] else slug[:limit]).strip("-")


def _fallback_name(target: str, raw: RawInput) -> str:
    if raw.url:
        parts = urllib.parse.urlsplit(raw.url)
        last = [p for p in parts.path.split("/") if p]
        return Path(last[-1]).stem if last else parts.hostname or ""
    return Path(urllib.parse.urlsplit(target).path if target.startswith("file:") else target).stem


def render_source(meta: dict[str, Any], body: str) -> str:
    """The text of a source file: YAML front matter (one `key: value` line per field), then the body as it is."""
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if (
        isinstance(value, str)
        and re.fullmatch(r"[a-zA-Z][a-z0-9._-]*", value)
        and value.lower() not in _YAML_WORDS
        and not re.fullmatch(r"[0-9a-f]{64}", value)  # pins are quoted, as `source pin` writes them
    ):
        return value
    # A JSON string is a valid YAML double-quoted scalar, and _clean left no line breaks in it.
    return json.dumps(str(value), ensure_ascii=False)


def _clean(text: str | None) -> str | None:
    """One line of text: no control characters, white space collapsed; None when nothing is left."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co") or ch.isspace())
    return " ".join(text.split()) or None


def _is_host_name(publisher: str, url: str | None) -> bool:
    host = urllib.parse.urlsplit(url).hostname if url else None
    return bool(host) and " " not in publisher and publisher.lower() in (host or "").lower()


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
