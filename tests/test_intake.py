"""`factcheck source add`: files and pages taken in as sources, originals kept, and every refusal writing nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import http.server
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import intake
from factcheck.cli import app
from factcheck.intake import ORIGINAL_SUFFIXES, make_source_id
from factcheck.sources import SOURCE_SUFFIX, hash_body, load_sources, read_source
from tests.conftest import snapshot

# Each test serves pages from a local HTTP server and takes them in through the CLI: it runs in the second step (`pytest -m slow`).
pytestmark = pytest.mark.slow

runner = CliRunner()

NEWS_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pakistan and Russia agree to widen military cooperation | The Daily Ledger</title>
<meta name="author" content="Amina Qureshi">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Pakistan and Russia agree to widen military cooperation">
<meta property="article:published_time" content="2018-04-25T09:10:00+05:00">
<meta property="article:modified_time" content="2018-04-27T18:45:00+05:00">
<link rel="canonical" href="https://ledger.example/news/2018/04/25/pakistan-russia-military-cooperation">
</head>
<body>
<header class="site-header">
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/subscribe">Subscribe for $1 a week</a></li></ul></nav>
</header>
<main>
<article>
  <h1>Pakistan and Russia agree to widen military cooperation</h1>
  <p class="byline">By Amina Qureshi</p>
  <p>ISLAMABAD: Pakistan and Russia on Tuesday agreed to widen their military cooperation during talks between
  the army chief and the commander of Russia's ground forces in Moscow, the military's media wing said.</p>
  <p>Both sides had signed a defence cooperation agreement in November 2014, and a military-technical accord
  followed in 2015. Officials said the two armies would hold a third joint exercise before the end of the year.</p>
  <p>“Our cooperation is not directed against any third country,” a Russian official told reporters after the
  meeting, adding that training exchanges for young officers would double from next year.</p>
  <p>Analysts in Islamabad described the visit as a sign that ties, frozen for most of the Cold War, had moved
  from symbolic gestures to regular, working contacts between the two militaries.</p>
</article>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Cricket board names new selector</a></li>
<li><a href="/b">Rupee slides against the dollar</a></li></ul></aside>
<section id="comments" class="comments">
  <h3>Comments (2)</h3>
  <div class="comment"><p class="comment-author">reader42</p><p>Great news for the region, finally some progress.</p></div>
  <div class="comment"><p class="comment-author">skeptic</p><p>We have heard these promises since 2014 and nothing changed.</p></div>
</section>
</main>
<footer class="site-footer"><p>© 2018 The Daily Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a> · <a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""
NEWS_ID = "the-daily-ledger-2018-04-25-pakistan-and-russia-agree-to"
NEWS_BODY = (
    "Pakistan and Russia agree to widen military cooperation\n\n"
    "ISLAMABAD: Pakistan and Russia on Tuesday agreed to widen their military cooperation during talks between the "
    "army chief and the commander of Russia's ground forces in Moscow, the military's media wing said.\n\n"
    "Both sides had signed a defence cooperation agreement in November 2014, and a military-technical accord "
    "followed in 2015. Officials said the two armies would hold a third joint exercise before the end of the year.\n\n"
    "“Our cooperation is not directed against any third country,” a Russian official told reporters after the "
    "meeting, adding that training exchanges for young officers would double from next year.\n\n"
    "Analysts in Islamabad described the visit as a sign that ties, frozen for most of the Cold War, had moved from "
    "symbolic gestures to regular, working contacts between the two militaries."
)
# The same page with no date in its markup or its address: the date must stay null, and be said so.
UNDATED_HTML = (
    NEWS_HTML.replace('<meta property="article:published_time" content="2018-04-25T09:10:00+05:00">\n', "")
    .replace('<meta property="article:modified_time" content="2018-04-27T18:45:00+05:00">\n', "")
    .replace("/news/2018/04/25/", "/news/")
)
EMPTY_HTML = "<html><head><title>Loading</title></head><body><div id='app'></div><script>start()</script></body></html>"
TEXT = "Foreign Minister Khurram Dastgir Khan said on Friday that the two countries had signed a defence pact.\n"
BIG = b"<html><body><p>" + b"word " * 400 + b"</p></body></html>"  # 2 KB, over the 1 KB limit the tests set

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/news/article.html": (200, {"Content-Type": "text/html; charset=utf-8"}, NEWS_HTML.encode()),
    "/news/undated.html": (200, {"Content-Type": "text/html; charset=utf-8"}, UNDATED_HTML.encode()),
    "/news/empty.html": (200, {"Content-Type": "text/html"}, EMPTY_HTML.encode()),
    "/news/article.gz": (
        200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, gzip.compress(NEWS_HTML.encode())
    ),
    "/statement.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, TEXT.encode()),
    "/photo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
    "/big.html": (200, {"Content-Type": "text/html"}, BIG),
    "/big-unannounced.html": (200, {"Content-Type": "text/html", "Content-Length": ""}, BIG),
    "/moved": (301, {"Location": "/news/article.html"}, b""),
    "/to-ftp": (302, {"Location": "ftp://ledger.example/article.html"}, b""),
}


class _Server(http.server.ThreadingHTTPServer):
    """The local test server: it never prints, and closing it waits for every request it was handling."""

    daemon_threads = False  # server_close() joins the handler threads, so none outlives the module's tests
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()  # set at teardown: slow routes stop waiting and dripping
        self.errors: list[BaseException] = []

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up early (intake does, on purpose, for a body too large or too slow) makes the
        # handler's write fail; socketserver would print that traceback into the stderr a test is comparing.
        self.errors.append(sys.exc_info()[1])  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        if self.path == "/slow":
            self.server.stopping.wait(1.0)
        if self.path == "/drip":  # headers at once, then one byte every 0.5 s: 20 s for the whole page
            self._drip_body(b"<html><body><p>" + b"x" * 8 + b"</p></body></html>", 0.5)
            return
        if self.path == "/drip-headers":  # the status line, then the headers one byte every 0.5 s
            self._drip(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 20 + b"\r\nContent-Length: 0\r\n\r\n", 0.5)
            return
        status, headers, body = ROUTES.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>Not Found</p>"))
        self.send_response(status)
        for name, value in headers.items():
            if value:
                self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip_body(self, body: bytes, every: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        self._drip(body, every)

    def _drip(self, data: bytes, every: float) -> None:
        for byte in data:
            if self.server.stopping.wait(every):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local web server on 127.0.0.1 serving ROUTES; yields its base URL."""
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.stopping.set()
    httpd.shutdown()
    thread.join()
    httpd.server_close()  # joins the request threads


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the machine must not see the local server's requests."""
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


def add(project: Path, *args: str):
    return runner.invoke(app, ["source", "add", *args, "--project", str(project)])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_refused(project: Path, args: list[str], message: str) -> None:
    """Exit 2 with exactly `error: message`, and not a byte changed under the project."""
    before = snapshot(project)
    result = add(project, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    assert snapshot(project) == before


# ---------------------------------------------------------------- taking in


def test_html_file_is_extracted_with_its_metadata_and_kept_byte_for_byte(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    result = add(project, str(page))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{NEWS_ID}\n"
    path = project / "sources" / f"{NEWS_ID}.md"
    source = read_source(path)
    assert result.stderr == (
        "note: url taken from the page's own link to itself: "
        "https://ledger.example/news/2018/04/25/pakistan-russia-military-cooperation\n"
        "note: reliability: F (cannot be judged) until a reviewer grades it (set --reliability)\n"
        f"added {path} ({len(NEWS_BODY):,} characters, sha256 {hash_body(NEWS_BODY)[:12]}); "
        f"original kept as {NEWS_ID}.orig.html\n"
    )
    # The article without its menu, sidebar, reader comments and footer, one paragraph per block.
    assert source.body == NEWS_BODY
    meta = source.meta
    assert (meta.title, meta.publisher, meta.author) == (
        "Pakistan and Russia agree to widen military cooperation", "The Daily Ledger", "Amina Qureshi"
    )
    assert meta.published == dt.date(2018, 4, 25)  # the original date, not the update of 27 April
    assert meta.url == "https://ledger.example/news/2018/04/25/pakistan-russia-military-cooperation"
    assert (meta.kind, meta.reliability, meta.reliability_reason) == ("news", "F", None)
    assert isinstance(meta.retrieved, dt.datetime) and meta.retrieved.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - meta.retrieved) < dt.timedelta(minutes=5)
    assert source.pinned and meta.sha256 == hash_body(source.body)
    original = project / "sources" / f"{NEWS_ID}.orig.html"
    assert original.read_bytes() == page.read_bytes()
    assert meta.original_sha256 == sha(page.read_bytes())
    # The file reads as the other sources do: front matter in the fields' order, then the body.
    assert path.read_text(encoding="utf-8").startswith(
        f"---\nid: {NEWS_ID}\n"
        'title: "Pakistan and Russia agree to widen military cooperation"\n'
        'publisher: "The Daily Ledger"\nauthor: "Amina Qureshi"\n'
        'url: "https://ledger.example/news/2018/04/25/pakistan-russia-military-cooperation"\n'
        "published: 2018-04-25\nretrieved: "
    )


def test_the_project_still_checks_and_verifies_with_the_new_source(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    assert add(project, str(page), "--reliability", "B").exit_code == 0
    sources, problems = load_sources(project / "sources")
    assert problems == []
    assert NEWS_ID in sources and len(sources) == 6  # the kept original is not read as a source
    check = runner.invoke(app, ["check", "--project", str(project), "--format", "json"])
    assert check.exit_code == 1  # the bundled ledger's open conflicts, nothing new
    assert json.loads(check.stdout)["summary"]["errors"] == 0
    verify = runner.invoke(app, ["sources", "verify", "--project", str(project)])
    assert verify.exit_code == 0, verify.output
    add_evidence = runner.invoke(app, [
        "claim", "add-evidence", "defence-agreement-2014", "--project", str(project), "--source", NEWS_ID,
        "--quote", "Both sides had signed a defence cooperation agreement in November 2014", "--stance", "supports",
    ])
    assert add_evidence.exit_code == 0, add_evidence.output


def test_text_file_is_taken_as_it_is_and_what_is_missing_is_said(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "Dastgir statement.txt"
    text.write_bytes("Line one, with a curly quote ’.\r\n\r\nLine two, no newline at the end".encode())
    result = add(project, str(text))
    assert result.exit_code == 0, result.output
    path = project / "sources" / "dastgir-statement.md"
    body = "Line one, with a curly quote ’.\r\n\r\nLine two, no newline at the end"
    assert (result.stdout, result.stderr) == (
        "dastgir-statement\n",
        "note: no title found; title: null\n"
        "note: no publisher found; publisher: null (set --publisher)\n"
        "note: no author found; author: null\n"
        "note: no address found; url: null (set --url)\n"
        "note: no publication date found; published: null (set --published)\n"
        "note: reliability: F (cannot be judged) until a reviewer grades it (set --reliability)\n"
        f"added {path} ({len(body)} characters, sha256 {hash_body(body)[:12]}); "
        "original kept as dastgir-statement.orig.txt\n",
    )
    source = read_source(path)
    assert source.body == body and source.pinned
    assert (project / "sources" / "dastgir-statement.orig.txt").read_bytes() == text.read_bytes()
    assert source.meta.original_sha256 == sha(text.read_bytes()) == source.meta.sha256


def test_options_fill_the_fields_and_name_the_source(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "statement.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = add(project, str(text), "--id", "radio-pakistan-dastgir", "--url", "https://radio.example/dastgir",
                 "--publisher", "Radio Pakistan", "--published", "2018-05-11", "--reliability", "C")
    assert result.exit_code == 0, result.output
    assert result.stdout == "radio-pakistan-dastgir\n"
    assert result.stderr.startswith("note: no title found; title: null\nnote: no author found; author: null\nadded ")
    meta = read_source(project / "sources" / "radio-pakistan-dastgir.md").meta
    assert (meta.url, meta.publisher, meta.published, meta.reliability) == (
        "https://radio.example/dastgir", "Radio Pakistan", dt.date(2018, 5, 11), "C"
    )


def test_markdown_is_taken_as_it_is_and_its_original_is_not_a_md_file(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "visit.md"
    notes.write_text("# Bajwa in Moscow\n\nThe army chief met Col Gen Oleg Salyukov.\n", encoding="utf-8")
    result = add(project, str(notes), "--publisher", "Field notes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "field-notes-bajwa-in-moscow\n"
    source = read_source(project / "sources" / "field-notes-bajwa-in-moscow.md")
    assert source.meta.title == "Bajwa in Moscow"
    assert source.body == notes.read_text(encoding="utf-8")
    assert (project / "sources" / "field-notes-bajwa-in-moscow.orig.txt").read_bytes() == notes.read_bytes()
    assert len(load_sources(project / "sources")[0]) == 6


def test_no_kept_original_is_named_like_a_source() -> None:
    assert not any(suffix.endswith(SOURCE_SUFFIX) for suffix in ORIGINAL_SUFFIXES.values())


def test_page_is_fetched_from_a_url_and_its_bytes_kept(project: Path, server: str) -> None:
    url = f"{server}/news/article.html"
    result = add(project, url)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{NEWS_ID}\n"
    assert "url taken from" not in result.stderr  # the address it was fetched from is the url
    source = read_source(project / "sources" / f"{NEWS_ID}.md")
    assert (source.meta.url, source.meta.published, source.body) == (url, dt.date(2018, 4, 25), NEWS_BODY)
    original = (project / "sources" / f"{NEWS_ID}.orig.html").read_bytes()
    assert original == NEWS_HTML.encode() and source.meta.original_sha256 == sha(original)


def test_a_gzipped_page_is_unpacked_and_a_redirect_followed_and_said(project: Path, server: str) -> None:
    assert add(project, f"{server}/news/article.gz", "--id", "zipped").exit_code == 0
    assert (project / "sources" / "zipped.orig.html").read_bytes() == NEWS_HTML.encode()
    assert read_source(project / "sources" / "zipped.md").body == NEWS_BODY
    result = add(project, f"{server}/moved", "--id", "moved")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"note: followed a redirect to {server}/news/article.html\n")
    assert read_source(project / "sources" / "moved.md").meta.url == f"{server}/news/article.html"


def test_plain_text_page_is_taken_as_it_is(project: Path, server: str) -> None:
    result = add(project, f"{server}/statement.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == "statement\n"
    source = read_source(project / "sources" / "statement.md")
    assert (source.body, source.meta.url) == (TEXT, f"{server}/statement.txt")
    assert (project / "sources" / "statement.orig.txt").read_bytes() == TEXT.encode()


def test_a_page_without_a_date_gets_null_and_says_so(project: Path, server: str) -> None:
    result = add(project, f"{server}/news/undated.html")
    assert result.exit_code == 0, result.output
    assert "note: no publication date found; published: null (set --published)\n" in result.stderr
    source_id = result.stdout.strip()
    assert source_id == "the-daily-ledger-pakistan-and-russia-agree-to-widen-military"
    text = (project / "sources" / f"{source_id}.md").read_text(encoding="utf-8")
    assert "\npublished: null\n" in text
    assert read_source(project / "sources" / f"{source_id}.md").meta.published is None


def test_file_url_inside_the_project_is_read(project: Path) -> None:
    page = project / "inbox" / "page.html"
    page.parent.mkdir()
    page.write_text(NEWS_HTML, encoding="utf-8")
    result = add(project, page.resolve().as_uri())
    assert result.exit_code == 0, result.output
    assert (project / "sources" / f"{NEWS_ID}.orig.html").read_bytes() == page.read_bytes()


def test_replace_overwrites_and_drops_an_original_of_another_kind(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "page.txt"
    text.write_text(NEWS_BODY, encoding="utf-8")
    assert add(project, str(text), "--id", "ledger").exit_code == 0
    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    result = add(project, str(page), "--id", "ledger", "--replace")
    assert result.exit_code == 0, result.output
    assert "\nreplaced " in "\n" + result.stderr.splitlines()[-1]
    assert sorted(p.name for p in (project / "sources").glob("ledger*")) == ["ledger.md", "ledger.orig.html"]
    assert read_source(project / "sources" / "ledger.md").meta.published == dt.date(2018, 4, 25)


def killed_before_the_source_is_written(project: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run `source add` as if killed between its two writes; return the names it wrote, in order."""
    written: list[str] = []
    real_write = intake.write_atomically

    def write_then_die(path: Path, data: str | bytes) -> None:
        if written:
            raise KeyboardInterrupt  # the kill, before the second write
        written.append(path.name)
        real_write(path, data)

    with monkeypatch.context() as patched:
        patched.setattr(intake, "write_atomically", write_then_die)
        assert add(project, target).exit_code != 0
    return written


def test_a_kill_between_the_writes_leaves_an_orphan_original_that_the_next_intake_names(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "Dastgir statement.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert killed_before_the_source_is_written(project, str(text), monkeypatch) == ["dastgir-statement.orig.txt"]
    orphan = project / "sources" / "dastgir-statement.orig.txt"
    assert orphan.exists() and not (project / "sources" / "dastgir-statement.md").exists()
    # Any later intake names the orphan and how to take it in again; it deletes no evidence.
    other = tmp_path / "other.txt"
    other.write_text("Another statement.\n", encoding="utf-8")
    result = add(project, str(other))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"note: {orphan} is a kept original with no dastgir-statement.md beside it (an interrupted `source add`?): "
        f"take it in again with `factcheck source add {orphan} --id dastgir-statement`, or delete it\n"
    )
    assert orphan.exists()
    # The fix the note gives works, and the orphan is no more.
    fixed = add(project, str(orphan), "--id", "dastgir-statement")
    assert fixed.exit_code == 0, fixed.output
    assert "kept original with no" not in fixed.stderr
    assert read_source(project / "sources" / "dastgir-statement.md").body == TEXT
    assert orphan.read_bytes() == TEXT.encode()
    assert "kept original with no" not in add(project, str(other), "--id", "other-2").stderr


def test_an_orphan_original_does_not_block_the_same_source_taken_in_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    assert killed_before_the_source_is_written(project, str(page), monkeypatch) == [f"{NEWS_ID}.orig.html"]
    result = add(project, str(page))  # the same page again, without --replace: there is no source to replace
    assert result.exit_code == 0, result.output
    assert "kept original with no" not in result.stderr and result.stdout == f"{NEWS_ID}\n"
    assert sorted(p.name for p in (project / "sources").glob(f"{NEWS_ID}*")) == [f"{NEWS_ID}.md", f"{NEWS_ID}.orig.html"]
    assert read_source(project / "sources" / f"{NEWS_ID}.md").body == NEWS_BODY


def test_html_needs_the_html_extra_but_text_does_not(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now raises ImportError
    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    assert_refused(project, [str(page)], f"cannot extract the article text of {page}: install the html extra: "
                   "pip install 'factcheck[html]'")
    text = tmp_path / "page.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert add(project, str(text)).exit_code == 0


# ---------------------------------------------------------------- refusals: exit 2, nothing written


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("ftp://ledger.example/article.html", "cannot take in 'ftp://ledger.example/article.html': ftp: addresses "
         "are not read; give an http(s) URL, a file path, or a file:// URL inside the project"),
        ("data:text/html,<p>Pakistan and Russia</p>", "cannot take in 'data:text/html,<p>Pakistan and Russia</p>': "
         "data: addresses are not read; give an http(s) URL, a file path, or a file:// URL inside the project"),
        ("javascript:alert(1)", "cannot take in 'javascript:alert(1)': javascript: addresses are not read; give an "
         "http(s) URL, a file path, or a file:// URL inside the project"),
        ("no/such/page.html", "no such file: no/such/page.html; check the path (or give an http(s) URL)"),
    ],
)
def test_other_schemes_and_missing_files_are_refused(project: Path, target: str, message: str) -> None:
    assert_refused(project, [target], message)


def test_file_url_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text(NEWS_HTML, encoding="utf-8")
    assert_refused(project, [outside.as_uri()], f"cannot take in {outside.as_uri()}: it points outside the project "
                   f"folder ({project.resolve()}); copy the file into the project, or give its path instead of a "
                   "file:// URL")
    assert_refused(project, ["file:///etc/hosts"], f"cannot take in file:///etc/hosts: it points outside the project "
                   f"folder ({project.resolve()}); copy the file into the project, or give its path instead of a "
                   "file:// URL")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "could not fetch {server}/missing: HTTP 404 Not Found; check the address"),
        ("/photo.png", "cannot take in {server}/photo.png: its content type is image/png, not a page; factcheck "
         "takes in text/html, application/xhtml+xml, text/plain"),
        ("/big.html", f"cannot take in {{server}}/big.html: {len(BIG):,} bytes is larger than 1,000 bytes; nothing was written"),
        ("/big-unannounced.html", "cannot take in {server}/big-unannounced.html: its body is larger than 1,000 "
         "bytes; nothing was written"),
        ("/news/empty.html", "no article text found in {server}/news/empty.html: nothing was written; if the page "
         "holds an article, save its text as a .txt file and add that"),
        ("/to-ftp", "{server}/to-ftp redirects to ftp://ledger.example/article.html: only http(s) pages are taken in"),
        ("/slow", "could not fetch {server}/slow: no answer within 0.2 s; try again later"),
    ],
)
def test_pages_that_cannot_be_taken_in_are_refused(
    project: Path, server: str, monkeypatch: pytest.MonkeyPatch, path: str, message: str
) -> None:
    monkeypatch.setattr(intake, "MAX_BYTES", 1000)
    monkeypatch.setattr(intake, "CHUNK_BYTES", 256)
    monkeypatch.setattr(intake, "FETCH_TIMEOUT", 0.2)
    assert_refused(project, [f"{server}{path}"], message.format(server=server))


@pytest.mark.slow  # waits out the deadline
@pytest.mark.parametrize(
    ("path", "what"),
    [("/drip", "it took longer than 0.7 s to send the page"), ("/drip-headers", "no answer within 0.7 s")],
)
def test_a_server_that_drips_is_cut_off_at_the_deadline(
    project: Path, server: str, monkeypatch: pytest.MonkeyPatch, path: str, what: str
) -> None:
    # Each byte comes well within the timeout of a socket read; only a deadline for the whole fetch stops it.
    monkeypatch.setattr(intake, "FETCH_TIMEOUT", 0.7)
    started = time.monotonic()
    assert_refused(project, [f"{server}{path}"], f"could not fetch {server}{path}: {what}; try again later")
    assert time.monotonic() - started < 2.0  # the whole page would take 10 s or more


def test_an_existing_id_is_refused_without_replace(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    assert_refused(project, [str(page), "--id", "dawn-2018-04-25-bajwa-moscow"],
                   "source 'dawn-2018-04-25-bajwa-moscow' exists already "
                   f"({project / 'sources' / 'dawn-2018-04-25-bajwa-moscow.md'}): nothing was written; "
                   "pass --replace to overwrite it")
    assert add(project, str(page)).exit_code == 0
    assert_refused(project, [str(page)], f"source '{NEWS_ID}' exists already "
                   f"({project / 'sources' / (NEWS_ID + '.md')}): nothing was written; pass --replace to overwrite "
                   "it, or --id to give the new one another id")


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("page.pdf", b"%PDF-1.4", [], "cannot tell what {file} holds from its name: give an .html or .htm page, "
         "a .txt or a .md file"),
        ("source.md", b"---\nid: x\n---\nText.\n", [], "{file} starts with front matter (a `---` block): factcheck "
         "will not guess which of its fields to keep; remove the block and pass the fields as options, or, if the "
         "file is a factcheck source already, copy it into sources/ and run `factcheck source pin ID`"),
        ("latin1.txt", "Caf\u00e9 talks".encode("latin-1"), [], "{file} is not utf-8 text (byte 0xe9 at offset 3): "
         "re-save it as UTF-8"),
        ("binary.txt", b"abc\x00def", [], "{file} is a binary file (it holds NUL bytes), not text"),
        ("empty.txt", b"  \n", [], "no article text found in {file}: nothing was written; if the page holds an "
         "article, save its text as a .txt file and add that"),
        ("ok.txt", b"Text.", ["--reliability", "G"], "--reliability: 'G' is not one of A, B, C, D, E, F"),
        ("ok.txt", b"Text.", ["--published", "2018-13-01"], "--published: '2018-13-01' is not a date: write "
         "YYYY-MM-DD"),
        ("ok.txt", b"Text.", ["--url", "ftp://x.example/a"], "--url: 'ftp://x.example/a' is not an http(s) address; "
         "give the address the page was read at"),
        ("ok.txt", b"Text.", ["--id", "Not A Slug"], "--id: 'Not A Slug' is not a valid source id: use lowercase "
         "letters, digits, '.', '_' and '-', starting with a letter or digit (at most 120 characters)"),
        ("ok.txt", b"Text.", ["--id", "dawn.orig"], "--id: 'dawn.orig' would be mistaken for a kept original "
         "(<id>.orig.*): choose an id without '.orig'"),
    ],
)
def test_files_and_options_that_cannot_be_used_are_refused(
    project: Path, tmp_path: Path, name: str, content: bytes, args: list[str], message: str
) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    assert_refused(project, [str(file), *args], message.format(file=file))


def test_a_folder_without_sources_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_refused(empty, [str(text)], f"{empty} has no sources/ folder: create it, or pass --project with the "
                   "folder that holds sources/")


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("publisher", "published", "title", "fallback", "expected"),
    [
        ("Dawn", dt.date(2018, 4, 25), "Army chief’s visit to Moscow", "x", "dawn-2018-04-25-army-chiefs-visit-to-moscow"),
        (None, None, "Pakistan–Russia ties: Über alles?", "x", "pakistan-russia-ties-uber-alles"),
        ("The Express Tribune", None, "Pakistan, Russia sign agreement to train Pakistani army officers in Russian "
         "institutes", "x", "the-express-tribune-pakistan-russia-sign-agreement-to-train"),
        (None, dt.date(2017, 9, 1), None, "Notes 2017 (draft)", "2017-09-01-notes-2017-draft"),
        (None, None, None, "", "source-e3b0c44298fc"),
    ],
)
def test_ids_are_slugs_of_publisher_date_and_title(
    publisher: str | None, published: dt.date | None, title: str | None, fallback: str, expected: str
) -> None:
    made = make_source_id(publisher, published, title, fallback)
    assert made == expected
    assert len(made) <= 60
