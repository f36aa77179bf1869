"""`factcheck diff`: what a change between two git revisions does to the ledger, in text, Markdown and JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.diffrender import diff_markdown_sections, render_diff_markdown, render_diff_text
from factcheck.ledgerdiff import LedgerDiff, QuoteChange, Side
from factcheck.sources import pin_source

ROOT = Path(__file__).resolve().parent.parent
DAWN = "dawn-2018-04-25-bajwa-moscow"
DESPARDES = "despardes-2018-05-12-defense-treaty"
CONFLICT = "cf-15920f8d"  # defence-agreement-2014 vs defense-treaty-2018: open in the first commit

CLAIMS = """\
claims:
  - id: defence-agreement-2014
    text: Pakistan and Russia signed a defence cooperation agreement in November 2014.
    evidence:
      - source: dawn-2018-04-25-bajwa-moscow
        quote: Both sides had signed a defence cooperation agreement in November 2014
        stance: supports

  - id: defense-treaty-2018
    text: Pakistan and Russia signed a new defence treaty in 2018, as Foreign Minister Khurram Dastgir Khan announced.
    evidence:
      - source: despardes-2018-05-12-defense-treaty
        quote: Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and Russia have signed a
          defense treaty.
        stance: supports
      - source: despardes-2018-05-12-defense-treaty
        quote: He however gave no further details of the pact while talking to a private news TV channel.
        stance: qualifies
    conflicts_with:
      - defence-agreement-2014

resolutions: []
"""
NEW_CLAIM = """\
  - id: commission-agreed
    text: Pakistan and Russia agreed to set up a military cooperation commission.
    evidence:
      - source: dawn-2018-04-25-bajwa-moscow
        quote: agreed to set up a military cooperation commission
        stance: supports

"""
RESOLUTION = """\
resolutions:
  - conflict: cf-15920f8d
    outcome: distinct
    by: a reviewer
    date: 2026-12-03
    note: Different instruments.
"""
OLD_QUOTE = "He however gave no further details of the pact while talking to a private news TV channel."
NEW_QUOTE = "He however gave no further details of the pact"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Git as on a clean machine: no global or system configuration (signing, hooks, templates) leaks in."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def make_repo(repo: Path, project: str = "") -> Path:
    """A repository whose first commit holds a two-source project (in `project`, a subfolder, if given)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    folder = repo / project if project else repo
    (folder / "sources").mkdir(parents=True)
    for sid in (DAWN, DESPARDES):
        shutil.copy(ROOT / "sources" / f"{sid}.md", folder / "sources" / f"{sid}.md")
    (folder / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    (repo / ".gitignore").write_text(".factcheck/\n", encoding="utf-8")
    commit(repo, "a small ledger")
    return folder


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def change_three_things(folder: Path) -> None:
    """Add a claim, edit a quote and resolve the open conflict."""
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace("claims:\n", "claims:\n" + NEW_CLAIM, 1).replace(OLD_QUOTE, NEW_QUOTE)
    claims.write_text(text.replace("resolutions: []\n", RESOLUTION), encoding="utf-8")


def diff(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def short(repo: Path, revision: str) -> str:
    return git(repo, "rev-parse", "--short", revision)


EXPECTED_TEXT = """\
factcheck diff: HEAD~1 ({base}) → the working tree

claims added (1):
  commission-agreed (supported, grade 2; 1 evidence): “Pakistan and Russia agreed to set up a military cooperation commission.”

conflicts closed (1):
  cf-15920f8d (restatement) defence-agreement-2014 vs defense-treaty-2018: resolved: distinct by a reviewer on 2026-12-03: Different instruments.

quotes edited (1):
  defense-treaty-2018 evidence 2 (despardes-2018-05-12-defense-treaty) at sources/despardes-2018-05-12-defense-treaty.md:20: “He however gave no further details of the pact while talking to a private news TV channel.” → “He however gave no further details of the pact”

claims added: 1, conflicts closed: 1, quotes edited: 1
"""  # noqa: E501


@pytest.fixture
def three_changes(tmp_path: Path) -> Path:
    """A repository whose last commit adds a claim, edits a quote and resolves a conflict."""
    repo = tmp_path / "repo"
    make_repo(repo)
    change_three_things(repo)
    commit(repo, "three changes")
    return repo


def test_diff_reports_exactly_the_added_claim_the_edited_quote_and_the_resolved_conflict(three_changes: Path) -> None:
    code, out, err = diff("HEAD~1", "--project", str(three_changes))
    assert (code, err) == (0, "")
    assert out == EXPECTED_TEXT.format(base=short(three_changes, "HEAD~1"))


def test_diff_in_markdown_reports_the_same_three_changes(three_changes: Path) -> None:
    code, out, _ = diff("HEAD~1", "--project", str(three_changes), "--format", "markdown")
    assert code == 0
    assert out == (
        f"### factcheck diff: HEAD\\~1 ({short(three_changes, 'HEAD~1')}) → the working tree\n\n"
        "claims added: 1, conflicts closed: 1, quotes edited: 1.\n\n"
        "#### claims added (1)\n\n"
        "- `commission-agreed` (supported, grade 2; 1 evidence): “Pakistan and Russia agreed to set up a military "
        "cooperation commission.”\n\n"
        "#### conflicts closed (1)\n\n"
        "- `cf-15920f8d` (restatement) `defence-agreement-2014` vs `defense-treaty-2018`: resolved: distinct by a "
        "reviewer on 2026-12-03: Different instruments.\n\n"
        "#### quotes edited (1)\n\n"
        "- `defense-treaty-2018` evidence 2 (`despardes-2018-05-12-defense-treaty`) at "
        "sources/despardes-2018-05-12-defense-treaty.md:20: “He however gave no further details of the pact while "
        "talking to a private news TV channel.” → “He however gave no further details of the pact”\n"
    )


def test_diff_in_json_reports_the_same_three_changes(three_changes: Path) -> None:
    code, out, _ = diff("HEAD~1", "HEAD", "--project", str(three_changes), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"] == {"name": f"HEAD~1 ({short(three_changes, 'HEAD~1')})", "state": "checked", "errors": []}
    assert data["head"]["name"] == f"HEAD ({short(three_changes, 'HEAD')})"
    assert {k: n for k, n in data["summary"].items() if n} == {
        "claims_added": 1, "conflicts_closed": 1, "quotes_edited": 1,
    }
    assert data["empty"] is False
    assert [c["claim_id"] for c in data["claims_added"]] == ["commission-agreed"]
    assert data["conflicts_closed"] == [{
        "conflict_id": CONFLICT, "kind": "restatement", "claims": ["defence-agreement-2014", "defense-treaty-2018"],
        "change": "closed", "how": "resolved: distinct by a reviewer on 2026-12-03: Different instruments.",
        "reason": data["conflicts_closed"][0]["reason"],
        "resolution": {"conflict": CONFLICT, "outcome": "distinct", "preferred": None, "by": "a reviewer",
                       "date": "2026-12-03", "note": "Different instruments."},
    }]
    assert data["quotes_changed"] == [{
        "claim_id": "defense-treaty-2018", "index": 1, "source_id": DESPARDES, "change": "edited",
        "before": OLD_QUOTE, "after": NEW_QUOTE, "where_before": f"sources/{DESPARDES}.md:20",
        "where_after": f"sources/{DESPARDES}.md:20", "problem": None,
    }]
    assert data["resolutions_added"] == []  # shown with the conflict it closes


def test_diff_without_revisions_shows_the_uncommitted_change(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    change_three_things(repo)  # not committed: `diff` alone compares HEAD with the working tree
    code, out, _ = diff("--project", str(repo))
    assert code == 0
    assert out == EXPECTED_TEXT.format(base=short(repo, "HEAD")).replace("HEAD~1", "HEAD")


def test_diff_of_an_unchanged_project_says_nothing_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    assert json.loads(out)["empty"] is True
    assert diff("--project", str(repo))[1].endswith("\n\nno change to the ledger\n")


def test_diff_of_a_project_in_a_subfolder_reads_only_that_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = make_repo(repo, project="ledger")
    change_three_things(folder)
    (repo / "other.txt").write_text("not the project\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not read by a check\n", encoding="utf-8")
    commit(repo, "three changes")
    code, out, _ = diff("HEAD~1", "--project", str(folder))
    assert code == 0
    assert out == EXPECTED_TEXT.format(base=short(repo, "HEAD~1"))
    exported = folder / ".factcheck" / "factcheck.db.revisions" / "base"
    assert sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()) == [
        "claims.yaml", f"sources/{DAWN}.md", f"sources/{DESPARDES}.md"]


def test_diff_from_a_revision_without_the_project_shows_everything_added(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    (repo / "README").write_text("before the ledger\n", encoding="utf-8")
    commit(repo, "no project yet")
    git(repo, "tag", "before")
    folder = make_repo(repo, project="ledger")
    code, out, _ = diff("before", "--project", str(folder), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"]["state"] == "absent"
    assert [c["claim_id"] for c in data["claims_added"]] == ["defence-agreement-2014", "defense-treaty-2018"]
    assert [s["source_id"] for s in data["sources_added"]] == [DAWN, DESPARDES]
    assert [c["conflict_id"] for c in data["conflicts_opened"]] == [CONFLICT]
    text = diff("before", "--project", str(folder))[1]
    assert text.startswith(f"factcheck diff: before ({short(repo, 'before')}) (no project there: an empty ledger) "
                           "→ the working tree\n")


def test_a_quote_that_breaks_is_reported_with_the_verdict_it_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "Both sides had signed a defence cooperation agreement in November 2014",
        "Both sides had signed a defence cooperation agreement in December 2014"), encoding="utf-8")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0  # a report: what the change broke does not fail the command
    data = json.loads(out)
    broke = [q for q in data["quotes_changed"] if q["change"] == "broke"]
    assert [(q["claim_id"], q["where_before"], q["where_after"]) for q in broke] == [
        ("defence-agreement-2014", f"sources/{DAWN}.md:26", None)
    ]
    assert broke[0]["problem"]
    [grade] = data["grades_changed"]
    assert (grade["claim_id"], grade["verdict_before"], grade["verdict_after"]) == (
        "defence-agreement-2014", "supported", "unverified")
    assert "quote broke (evidence 1, dawn-2018-04-25-bajwa-moscow)" in grade["why"]


def test_a_source_edited_above_a_quote_moves_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    source = repo / "sources" / f"{DAWN}.md"
    text = source.read_text(encoding="utf-8")
    end = text.index("---\n", 4) + 4
    source.write_text(text[:end] + "A new first paragraph.\n\n" + text[end:], encoding="utf-8")
    pin_source(source)
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(s["source_id"], s["what"]) for s in data["sources_changed"]] == [(DAWN, ["text changed", "pin updated"])]
    assert [(q["change"], q["where_before"], q["where_after"]) for q in data["quotes_changed"]] == [
        ("moved", f"sources/{DAWN}.md:26", f"sources/{DAWN}.md:28")
    ]


def test_removing_a_claim_closes_its_conflicts_as_gone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text[: text.index("  - id: defense-treaty-2018")] + "resolutions: []\n", encoding="utf-8")
    code, out, _ = diff("--project", str(repo))
    assert code == 0
    assert "claims removed (1):\n  defense-treaty-2018 (" in out
    assert f"  {CONFLICT} (restatement) defence-agreement-2014 vs defense-treaty-2018: gone: claim " \
           "defense-treaty-2018 removed\n" in out


def test_a_revision_that_is_not_there_exits_2(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    code, out, err = diff("HEAD~5", "--project", str(repo))
    assert (code, out) == (2, "")
    assert err == (f"error: 'HEAD~5': not a revision of {repo} (no such commit): name a commit, branch or tag, as "
                   "`git log --oneline` shows them\n")
    code, _, err = diff("--project", str(repo), "--", "--output=x")
    assert code == 2
    assert "'--output=x': not a revision" in err and "starts with '-'" in err


def test_a_folder_outside_any_repository_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / "sources").mkdir(parents=True)
    code, out, err = diff("--project", str(folder))
    assert (code, out) == (2, "")
    assert err == (f"error: {folder}: not in a git repository (or in its .git folder): factcheck diff compares git "
                   "revisions of a project; run it in a repository's work tree, or name the project with "
                   "--project\n")


def test_a_side_whose_claims_file_cannot_be_read_is_reported_not_compared(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    (repo / "claims.yaml").write_text("claims:\n  - id: [oops\n", encoding="utf-8")
    code, out, err = diff("--project", str(repo))
    assert code == 2
    assert out == (
        f"factcheck diff: HEAD ({short(repo, 'HEAD')}) → the working tree (could not be checked)\n\n"
        "the working tree could not be checked (1):\n"
        "  claims.yaml:3:1: error: invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing a "
        "flow sequence)\n\n"
        "not compared: a side could not be checked\n"
    )


def test_an_invalid_claim_in_the_change_is_a_new_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("stance: qualifies", "stance: support"),
                      encoding="utf-8")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    [problem] = json.loads(out)["problems_added"]
    assert problem["path"] == "claims.yaml" and "'support' is not one of" in problem["message"].replace('"', "'")


def test_diff_leaves_the_cache_saying_what_the_working_tree_says(three_changes: Path) -> None:
    import sqlite3

    (three_changes / "claims.yaml").write_text(CLAIMS, encoding="utf-8")  # the working tree as HEAD~1 was
    assert diff("HEAD~1", "HEAD", "--project", str(three_changes))[0] == 0
    db = three_changes / ".factcheck" / "factcheck.db"
    assert not db.exists()  # two revisions: the project's cache is neither made nor written
    git(three_changes, "checkout", "-q", "--", "claims.yaml")
    assert diff("HEAD~1", "--project", str(three_changes))[0] == 0
    with sqlite3.connect(db) as conn:  # the last run's results are the working tree's, not the base's
        assert sorted(row[0] for row in conn.execute("select id from claims")) == [
            "commission-agreed", "defence-agreement-2014", "defense-treaty-2018"]
    check = runner.invoke(app, ["check", "--project", str(three_changes), "--format", "json"])
    summary = json.loads(check.stdout)["summary"]
    assert (summary["claims"], summary["open_conflicts"]) == (3, 0)
    again = diff("HEAD~1", "--project", str(three_changes))
    assert again[1] == EXPECTED_TEXT.format(base=short(three_changes, "HEAD~1"))


# ---------------------------------------------------------------- rendering


def _hostile_diff() -> LedgerDiff:
    quote = "@octocat see #12 <b>bold</b> [link](http://x) ::error::boom"
    return LedgerDiff(
        base=Side("HEAD (abc)"), head=Side("the working tree"),
        quotes_changed=[QuoteChange("c", 0, "s", "broke", quote, quote, "sources/s.md:3", None, "not found")],
    )


def test_markdown_and_text_show_hostile_text_as_it_stands() -> None:
    md = render_diff_markdown(_hostile_diff())
    assert "@&#8203;octocat see #&#8203;12 &lt;b&gt;bold&lt;/b&gt; [link\\](http://x)" in md
    assert "<b>" not in md and "[link](" not in md
    text = render_diff_text(_hostile_diff())
    assert "“@octocat see #12 <b>bold</b> [link](http://x) ::error::boom”" in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


def test_markdown_trims_to_max_chars_keeping_the_most_important_sections(three_changes: Path) -> None:
    from factcheck.project import diff_project

    found = diff_project(three_changes, "HEAD~1")
    sections = diff_markdown_sections(found)
    assert [s.split("\n")[0] for s in sections] == [
        "#### claims added (1)", "#### conflicts closed (1)", "#### quotes edited (1)",
    ]
    whole = render_diff_markdown(found)
    cut = render_diff_markdown(found, max_chars=len(whole) - 1)
    assert len(cut) <= len(whole) - 1
    assert "#### conflicts closed (1)" in cut and "#### quotes edited" not in cut
    assert cut.endswith("… 1 more kinds of change not shown: run `factcheck diff` to see them all.\n")


def test_an_item_inserted_before_others_is_one_addition_and_a_stance_change_is_one_change(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    text = claims.read_text(encoding="utf-8").replace("stance: qualifies", "stance: mentions")
    first = "      - source: despardes-2018-05-12-defense-treaty\n        quote: Foreign Minister"
    inserted = ("      - source: despardes-2018-05-12-defense-treaty\n        quote: I don’t know about the current pact\n"
                "        stance: qualifies\n")
    claims.write_text(text.replace(first, inserted + first, 1), encoding="utf-8")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(e["claim_id"], e["index"], e["stance"], e["found"]) for e in data["evidence_added"]] == [
        ("defense-treaty-2018", 0, "qualifies", True)
    ]
    assert [(s["index"], s["before"], s["after"]) for s in data["stances_changed"]] == [(2, "qualifies", "mentions")]
    assert data["quotes_changed"] == [] and data["evidence_removed"] == []


def test_revisions_kept_between_runs_are_brought_up_to_date(three_changes: Path) -> None:
    """The revisions' files are kept under .factcheck/ and updated file by file: each run still sees its revision."""
    (three_changes / "sources" / f"{DAWN}.md").unlink()  # the working tree loses a source
    removed = diff("HEAD~1", "--project", str(three_changes), "--format", "json")[1]
    assert [s["source_id"] for s in json.loads(removed)["sources_removed"]] == [DAWN]
    kept = three_changes / ".factcheck" / "factcheck.db.revisions" / "base"
    assert (kept / "sources" / f"{DAWN}.md").is_file()
    assert json.loads(diff("HEAD", "HEAD", "--project", str(three_changes), "--format", "json")[1])["empty"] is True
    assert (kept / "claims.yaml").read_text(encoding="utf-8") == git(three_changes, "show", "HEAD:claims.yaml") + "\n"
    (kept.with_name("base.manifest.json")).write_text("not json", encoding="utf-8")  # damaged: exported afresh
    (kept / "claims.yaml").write_text("claims: []\n", encoding="utf-8")
    again = diff("HEAD~1", "HEAD", "--project", str(three_changes))[1]
    assert again == EXPECTED_TEXT.format(base=short(three_changes, "HEAD~1")).replace(
        "the working tree", f"HEAD ({short(three_changes, 'HEAD')})")


def test_diff_backwards_reopens_the_conflict_and_removes_the_claim(three_changes: Path) -> None:
    code, out, _ = diff("HEAD", "HEAD~1", "--project", str(three_changes), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {k: n for k, n in data["summary"].items() if n} == {
        "claims_removed": 1, "conflicts_opened": 1, "quotes_edited": 1,
    }
    assert [(c["conflict_id"], c["how"]) for c in data["conflicts_opened"]] == [
        (CONFLICT, "reopened: its resolution is gone")
    ]


def test_a_repository_without_commits_shows_the_working_tree_as_added(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    shutil.rmtree(repo / ".git")
    git(repo, "init", "-q")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"] == {"name": "HEAD (no commit yet)", "state": "absent", "errors": []}
    assert len(data["claims_added"]) == 2


def test_a_project_folder_that_is_not_there_exits_2(tmp_path: Path) -> None:
    code, out, err = diff("--project", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path / 'nowhere'}: no such folder: name the project's folder with --project\n"


def test_an_empty_diff_of_no_ledgers_is_empty() -> None:
    from factcheck.ledgerdiff import diff_results

    found = diff_results(None, None)
    assert found.empty and found.compared
    assert render_diff_text(found) == "factcheck diff: base → head\n\nno change to the ledger\n"


def test_a_cache_named_with_db_keeps_the_revisions_beside_it(three_changes: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "caches" / "ledger.db"
    elsewhere.parent.mkdir()
    elsewhere.write_text("not a cache\n", encoding="utf-8")  # refused, left as it is; the revisions get their own
    code, out, _ = diff("HEAD~1", "--project", str(three_changes), "--db", str(elsewhere))
    assert code == 0
    assert out == EXPECTED_TEXT.format(base=short(three_changes, "HEAD~1"))
    assert elsewhere.read_text(encoding="utf-8") == "not a cache\n"
    assert (tmp_path / "caches" / "ledger.db.revisions" / "cache.db").is_file()
    assert not (three_changes / ".factcheck").exists()


def test_markdown_lists_at_most_limit_changes_of_a_kind() -> None:
    many = LedgerDiff(base=Side("a"), head=Side("b"), quotes_changed=[
        QuoteChange("c", i, "s", "moved", "q", "q", f"sources/s.md:{i}", f"sources/s.md:{i + 1}") for i in range(7)
    ])
    [section] = diff_markdown_sections(many, limit=5)
    assert section.splitlines()[0] == "#### quotes moved in their source (7)"
    assert section.splitlines()[-2:] == [
        "- `c` evidence 5 (`s`) (sources/s.md:4 → sources/s.md:5): “q”",
        "- … and 2 more: run `factcheck diff` to see them all",
    ]
    assert render_text_lines(many) == 7


def render_text_lines(found: LedgerDiff) -> int:
    return sum(1 for line in render_diff_text(found).splitlines() if line.startswith("  `") or line.startswith("  c "))


def test_a_ledger_whose_only_claim_breaks_the_schema_is_still_compared(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    one = text[: text.index("  - id: defense-treaty-2018")] + "resolutions: []\n"
    claims.write_text(one, encoding="utf-8")
    commit(repo, "one claim")
    claims.write_text(one.replace("stance: supports", "stance: support"), encoding="utf-8")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["state"] == "checked"
    assert data["claims_removed"] == []  # still in the file, but left out of the check: said as such
    assert data["claims_edited"] == [{"claim_id": "defence-agreement-2014", "field": "schema", "before": "valid",
                                      "after": "invalid (left out)"}]
    assert len(data["problems_added"]) == 1


def test_an_override_is_named_as_the_reason_a_verdict_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    claims = repo / "claims.yaml"
    override = ("    override:\n      verdict: refuted\n      reason: The reviewer knows better.\n"
                "      by: a reviewer\n      date: 2026-12-03\n")
    text = claims.read_text(encoding="utf-8")
    at = text.index("  - id: defense-treaty-2018")
    claims.write_text(text[:at] + override + "\n" + text[at:], encoding="utf-8")
    code, out, _ = diff("--project", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    expected = "verdict refuted by a reviewer on 2026-12-03: The reviewer knows better."
    assert data["claims_edited"] == [
        {"claim_id": "defence-agreement-2014", "field": "override", "before": None, "after": expected}]
    [grade] = data["grades_changed"]
    assert (grade["verdict_before"], grade["verdict_after"]) == ("supported", "refuted")
    assert grade["why"][0] == f"override set: {expected}"


def _side(claims: list, conflicts: list, resolutions: list | None = None) -> object:
    from types import SimpleNamespace

    from factcheck.claims import Ledger

    ledger = Ledger(path="claims.yaml", claims=claims, resolutions=resolutions or [])
    return SimpleNamespace(ledger=ledger, sources={}, checks=[], assessments={}, conflicts=conflicts, diagnostics=[])


def test_diff_results_closes_a_conflict_settled_by_time_and_keeps_a_resolution_of_no_conflict() -> None:
    import datetime as dt

    from factcheck.ledgerdiff import diff_results
    from factcheck.models import Claim, Conflict, Resolution

    claims = [Claim(id="a", text="A."), Claim(id="b", text="B.", conflicts_with=["a"])]
    open_one = Conflict(id="cf-1", claims=["a", "b"], kind="declared", status="open", reason="declared")
    settled = open_one.model_copy(update={"status": "resolved", "reason": "'a' holds at 2018-02, 'b' at 2018-05"})
    stray = Resolution(conflict="cf-9", outcome="accepted", by="r", date=dt.date(2026, 12, 3), note="n")
    found = diff_results(_side(claims, [open_one]), _side(claims, [settled], [stray]))  # type: ignore[arg-type]
    assert [(c.conflict_id, c.how) for c in found.conflicts_closed] == [
        ("cf-1", "settled: 'a' holds at 2018-02, 'b' at 2018-05")]
    assert [r.conflict for r in found.resolutions_added] == ["cf-9"]
    assert not found.empty and found.counts()["conflicts_closed"] == 1
