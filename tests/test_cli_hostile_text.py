"""Text stays text: markup, escape codes, workflow commands and Markdown in the files print as text in every format."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.sources import pin_source
from tests.conftest import ROOT

runner = CliRunner()

TREATY = "despardes-2018-05-12-defense-treaty"
# One sentence of every kind of markup; it stands in the source's body too, so a quote of it anchors.
SENTENCE = (
    "Analysts wrote [x](javascript:alert(1)) and ![](http://example.invalid/beacon.png) with *em* _em_ **b** and "
    "`code` and <img src=x onerror=alert(1)> and | cell | and [/sic] and [link=https://evil.example/]click[/link] "
    "and [bold red]x[/] and :smile: and ##[error]LEGACY and &copy; and ~~gone~~ and $x$ too."
)
# The same, with what only YAML escapes can carry: a newline that starts a workflow command, a CR, ESC, C1, U+2028.
NOTE = (
    r"[/sic] [link=https://evil.example/]click[/link] [bold red]x[/] :smile: \n::error file=README.md,line=1::INJECTED"
    r" \e[31mred\e[0m \r::warning::CR [x](javascript:alert(1)) ![](http://example.invalid/beacon.png) *em* _em_ **b**"
    r" `code` <img src=x onerror=alert(1)> # heading | cell | ##[error]LEGACY \u2028x\x85y\x9b31m"
)
HOSTILE_CLAIM = f"""
  - id: hostile-2018-05
    text: "[0]: http://evil.example/ref In May 2018 <img src=x onerror=alert(1)> [x](javascript:alert(1)) \\e[31m"
    override:
      credibility: 2
      reason: "{NOTE}"
      by: "{NOTE}"
      date: 2026-12-02
    evidence:
      - source: {TREATY}
        quote: "{SENTENCE}"
        stance: supports
        note: "{NOTE}"
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project with hostile text in a claim, a note, an override, a resolution and a source."""
    dest = tmp_path_factory.mktemp("hostile") / "project"
    dest.mkdir()
    shutil.copytree(ROOT / "sources", dest / "sources")
    source = dest / "sources" / f"{TREATY}.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("publisher: DESPARDES/PKONWEB", f'publisher: "{NOTE}"')
    text = re.sub(r"^title: .*$", lambda _: f'title: "# heading {NOTE}"', text, count=1, flags=re.M)
    text = text.replace("The announcement comes as", f"{SENTENCE}\n\nThe announcement comes as")
    source.write_text(text, encoding="utf-8")
    pin_source(source)
    claims = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    claims = claims.replace("\nresolutions:", HOSTILE_CLAIM + "\nresolutions:", 1)
    claims = claims.replace("    by: seed ledger review\n", f'    by: "{NOTE}"\n', 1)
    claims = claims.replace(
        "note: Dawn and the 2017 article, independently, date the signing to November 2014.", f'note: "{NOTE}"'
    )
    (dest / "claims.yaml").write_text(claims, encoding="utf-8")
    return dest


COMMANDS = {
    "report text": ["report", "--format", "text"],
    "report markdown": ["report", "--format", "markdown"],
    "report html": ["report", "--format", "html"],
    "report json": ["report", "--format", "json"],
    "check text": ["check", "--format", "text"],
    "check github": ["check", "--format", "github"],
    "check json": ["check", "--format", "json"],
    "sources list": ["sources", "list"],
    "sources list json": ["sources", "list", "--format", "json"],
    "sources show": ["sources", "show", TREATY],
    "search": ["search", "Analysts wrote"],
    "search json": ["search", "Analysts wrote", "--format", "json"],
}
READABLE = {"sources list": "[/sic] [link=https://evi", "search": "<img src=x onerror=alert(1)>",
            "search json": "<img src=x onerror=alert(1)>"}  # a truncated publisher; passages of article text
EXIT = {"check text": 1, "check github": 1, "check json": 1}  # the bundled ledger's open conflicts


@pytest.fixture(scope="module")
def outputs(hostile: Path) -> dict[str, tuple[int, str, str]]:
    """Each command's exit code, stdout and stderr, run once on the hostile project."""
    found = {}
    for name, args in COMMANDS.items():
        result = runner.invoke(app, [*args, "--project", str(hostile)])
        found[name] = (result.exit_code, result.stdout, result.stderr)
    return found


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_format_lets_user_text_escape_its_place(outputs: dict, name: str) -> None:
    code, stdout, stderr = outputs[name]
    assert code == EXIT.get(name, 0), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    for stream in (stdout, stderr):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", stream), "a raw control character"
        assert "##[" not in stream
        own = name == "check github"  # `check --format github` prints annotations, one a line, nothing else
        for line in stream.splitlines():
            assert not line.lstrip().startswith("::") or (own and re.match(r"::(error|warning|notice) ", line)), line
    assert READABLE.get(name, "INJECTED") in stdout + stderr  # the text is still there to read


@pytest.mark.parametrize("name", ["report text", "check text", "sources show"])
def test_escape_codes_are_shown_not_obeyed(outputs: dict, name: str) -> None:
    # click would strip a raw ESC sequence from captured output; the visible escape proves it was never sent
    assert "\\x1b[31m" in outputs[name][1]


def test_check_prints_each_diagnostic_on_its_own_line(outputs: dict) -> None:
    stdout = outputs["check text"][1]
    resolved = [line for line in stdout.splitlines() if "cf-7f1d1c2c" in line]
    assert len(resolved) == 1
    assert "resolved as preferred by [/sic]" in resolved[0]
    assert ":smile: \\n::error file=README.md,line=1::INJECTED \\x1b[31mred\\x1b[0m \\r::warning::CR" in resolved[0]


def test_github_annotations_escape_line_breaks_as_the_runner_expects(outputs: dict) -> None:
    stdout = outputs["check github"][1]
    (line,) = [line for line in stdout.splitlines() if "cf-7f1d1c2c" in line]
    assert line.startswith("::notice file=claims.yaml,line=")
    assert ":smile: %0A::error file=README.md,line=1::INJECTED \\x1b[31mred\\x1b[0m %0D::warning::CR" in line
    assert "#\\x23[error]LEGACY" in line


def test_text_report_reads_no_rich_markup_emoji_or_links(outputs: dict) -> None:
    stdout = outputs["report text"][1]
    for literal in ("[/sic]", "[link=https://evil.example/]click[/link]", "[bold red]x[/]", ":smile:"):
        assert literal in stdout
    assert "😄" not in stdout


def test_text_report_on_a_terminal_has_colour_but_no_hyperlink(hostile: Path) -> None:
    from factcheck.project import ProjectPaths, check_project
    from factcheck.renderers import render_text
    from factcheck.report import build_report

    built = build_report(check_project(ProjectPaths.at(hostile, None)))
    out = render_text(built, color=True, width=100)
    assert "\x1b[" in out  # the tool's own styles
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink
    assert "[link=https://evil.example/]click[/link]" in out
    assert "\x1b[31mred" not in out and "\\x1b[31mred" in out


def test_a_wrapped_line_of_the_text_report_never_starts_a_workflow_command(hostile: Path, tmp_path: Path) -> None:
    project = tmp_path / "wrapped"
    shutil.copytree(hostile, project)
    claims = project / "claims.yaml"
    words = " ".join(["::error::WRAPPED"] * 40)  # whichever word a wrap puts first, it is a command
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "note: As for the 2014 agreement;", f"note: {words} As for the 2014 agreement;"), encoding="utf-8")
    stdout = runner.invoke(app, ["report", "--project", str(project)]).stdout
    assert stdout.count("WRAPPED") == 40
    assert "\\x3a:error::WRAPPED" in stdout  # the guard did its work: Rich wrapped before such a word
    assert not [line for line in stdout.splitlines() if line.lstrip().startswith("::")]


def _tokens(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_tokens(token.children or []))
    return out


SLUG_OR_PLACE = re.compile(r"[a-z0-9][a-z0-9._-]*|(claims\.yaml|sources/[a-z0-9._-]+\.md)(:\d+){0,2}")


def test_markdown_holds_no_markup_from_user_text(outputs: dict) -> None:
    markdown = outputs["report markdown"][1]
    tokens = _tokens(MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown))
    kinds = {t.type for t in tokens}
    assert "image" not in kinds and "s_open" not in kinds
    assert all(t.attrs["href"].startswith("#") for t in tokens if t.type == "link_open")  # the claims table's own
    assert {t.content for t in tokens if t.type == "html_inline"} <= {"<br>"}
    assert {t.content.strip() for t in tokens if t.type == "html_block"} <= {
        "<details><summary>Why</summary>", "</details>"}
    assert all(SLUG_OR_PLACE.fullmatch(t.content) for t in tokens if t.type == "code_inline")
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if "heading" in h]
    # emphasis only where the report puts it: stance and verdict words, and whole notes
    for i, t in enumerate(tokens):
        if t.type in ("strong_open", "em_open"):
            inner = tokens[i + 1]
            assert inner.type == "text" and tokens[i + 2].type in ("strong_close", "em_close"), inner
    assert "evil.example/ref" not in " ".join(t.attrs.get("href", "") for t in tokens if t.attrs)
    text = " ".join(t.content for t in tokens if t.type == "text")
    for words in ("INJECTED", "beacon.png", "javascript:alert(1)", "<img src=x onerror=alert(1)>", "*em* _em_ **b**",
                  "`code`", "| cell |", "&copy;", "[0]: http://evil.example/ref", "~~gone~~", "$x$", "# heading"):
        assert words in text, words
    assert "evidence[0]" in markdown  # ordinary brackets stay readable in the raw Markdown


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_user_text_in_text_attributes_and_the_timeline(outputs: dict) -> None:
    page = outputs["report html"][1]
    parsed = _Tags()
    parsed.feed(page)
    assert "img" not in parsed.tags and "script" not in parsed.tags
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert not [v for _, v in parsed.attrs if v and re.search("javascript|evil|example.invalid", v)]
    assert "<title>hostile-2018-05: [0]: http://evil.example/ref In May 2018 &lt;img src=x onerror=alert(1)&gt;" in page
    text = "".join(parsed.text)
    assert "<img src=x onerror=alert(1)>" in text and "INJECTED" in text and "##[error]LEGACY" in text


def test_json_is_the_data_as_written(outputs: dict, hostile: Path) -> None:
    data = json.loads(outputs["report json"][1])
    note = json.loads(f'"{NOTE}"'.replace("\\e", "\\u001b").replace("\\x85", "\\u0085").replace("\\x9b", "\\u009b"))
    (claim,) = [c for c in data["claims"] if c["id"] == "hostile-2018-05"]
    assert claim["evidence"][0]["note"] == note
    assert claim["evidence"][0]["quote"] == SENTENCE
    checked = json.loads(outputs["check json"][1])
    assert any("\n::error file=README.md,line=1::INJECTED" in d["message"] for d in checked["diagnostics"])


def test_a_file_name_with_backticks_keeps_its_code_span_and_no_location_prints_none(project: Path) -> None:
    (project / "sources" / "x`<img src=x onerror=alert(1)>`.md").write_text("---\nid: bad\n---\nbody\n", "utf-8")
    dawn = project / "sources" / "dawn-2018-04-25-bajwa-moscow.md"
    dawn.write_text(dawn.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")  # pin: a line, no col
    result = runner.invoke(app, ["report", "--project", str(project), "--format", "markdown"])
    assert result.exit_code == 0
    assert "None" not in result.stdout and "None" not in result.stderr
    assert "- ``sources/x`<img src=x onerror=alert(1)>`.md:2:5`` error: id 'bad' differs" in result.stdout
    assert "- `sources/dawn-2018-04-25-bajwa-moscow.md:15` error: body of source" in result.stdout
    assert "sources/dawn-2018-04-25-bajwa-moscow.md:15: error: body of source" in result.stderr
    for fmt in ("text", "html"):
        assert "None" not in runner.invoke(app, ["report", "--project", str(project), "--format", fmt]).stdout


def test_an_internal_error_prints_its_message_on_one_line(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from factcheck import cli

    def crash() -> None:
        raise RuntimeError("a note with\n::error file=README.md,line=1::INJECTED \x1b[31m")

    monkeypatch.setattr(cli, "app", crash)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "error: internal error: RuntimeError: a note with\\n::error file=README.md,line=1::INJECTED \\x1b[31m; "
        "this is a bug in factcheck (set FACTCHECK_DEBUG=1 for the traceback)\n"
    )


def test_an_error_message_with_user_text_stays_on_its_line(project: Path) -> None:
    result = runner.invoke(app, ["sources", "show", "x\n::error::INJECTED", "--project", str(project)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no source 'x\\n::error::INJECTED'")
    assert len(result.stderr.splitlines()) == 1
