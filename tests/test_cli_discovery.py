"""`factcheck search` and `factcheck suggest`: finding passages, proposing stances, and filing what is accepted."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.claims import load_claims
from factcheck.cli import app
from factcheck.store import Store
from tests.conftest import snapshot

runner = CliRunner()
DAWN = "dawn-2018-04-25-bajwa-moscow"
WEB_2017 = "web-2017-pakistan-cosying-up-to-russia"


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


# ---------------------------------------------------------------- search


def test_search_ranks_passages_with_every_word_first_and_marks_the_matches(project: Path) -> None:
    result = run("search", "defence agreement", "--project", str(project), "--top", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"1. {WEB_2017} (publisher unknown, undated) [3106–3259]"
    assert "signed a landmark **defence** **agreement** which" in lines[1]
    assert lines[2] == f"2. {DAWN} (Dawn, 2018-04-25) [1326–1557]"


def test_search_as_json_with_filters(project: Path) -> None:
    result = run("search", "defence agreement", "--project", str(project), "--since", "2018-01-01", "--until",
                 "2018-04-30", "--format", "json")
    hits = json.loads(result.stdout)["hits"]
    assert {h["source"] for h in hits} <= {DAWN, "web-2018-04-24-russia-keen-military-ties"}
    assert hits[0] == {
        "source": DAWN, "publisher": "Dawn", "published": "2018-04-25", "start": 1326, "end": 1557,
        "text": hits[0]["text"], "snippet": hits[0]["snippet"], "score": hits[0]["score"],
    }
    assert "**defence**" in hits[0]["snippet"]
    only = json.loads(run("search", "Salyukov", "--project", str(project), "--source", DAWN, "--format",
                          "json").stdout)["hits"]
    assert only and {h["source"] for h in only} == {DAWN}


def test_search_never_reads_comments_or_sidebars(project: Path) -> None:
    # Seed 002's reader comments and Dawn's December 2024 sidebar are in the files but never indexed.
    body = (project / "sources" / f"{WEB_2017}.md").read_text(encoding="utf-8")
    assert "Comments are closed" in body or "Leave a Reply" in body
    hits = json.loads(run("search", "Leave a Reply", "--project", str(project), "--format", "json").stdout)["hits"]
    assert all("Leave a Reply" not in h["text"] for h in hits)


def _search_hits(project: Path, query: str, *extra: str) -> tuple[list[dict], str]:
    result = run("search", query, "--project", str(project), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["hits"], result.stderr


def test_a_very_common_word_is_left_out_of_the_any_word_search_and_said_on_stderr(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Salyukov" is in 8 indexed passages, "Pakistan" in 128: with the cap at 8, passages with Pakistan alone are
    # not searched, and those with Salyukov rank by it alone.
    every, stderr = _search_hits(project, "Salyukov Pakistan", "--top", "12")
    assert stderr == ""
    assert any("Salyukov" not in h["text"] for h in every)
    monkeypatch.setattr("factcheck.project.COMMON_PASSAGES", 8)
    rarer, stderr = _search_hits(project, "Salyukov Pakistan", "--top", "12")
    assert stderr == ("note: search 'Salyukov Pakistan': passages with some of its words were found by its rarer "
                      "words only; 'Pakistan' is too common (more than 8 passages with the rarer ones)\n")
    with_both = [h for h in every if "Salyukov" in h["text"] and "Pakistan" in h["text"]]
    assert rarer[: len(with_both)] == with_both  # every word first, exactly as before
    assert rarer[len(with_both):] and all("Salyukov" in h["text"] for h in rarer)


def test_a_word_in_more_passages_than_the_cap_ranks_the_first_ones_and_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every, _ = _search_hits(project, "Pakistan", "--top", "1000")
    monkeypatch.setattr("factcheck.project.COMMON_PASSAGES", 40)
    capped, stderr = _search_hits(project, "Pakistan", "--top", "1000")
    assert stderr == ("note: search 'Pakistan': more than 40 passages match: the best of the first 40 in the "
                      "cache's order are shown\n")
    assert 0 < len(capped) < len(every)
    # The same passages score and read as they do in a full search: only fewer of them were ranked.
    by_place = {(h["source"], h["start"]): h for h in every}
    assert all(by_place[h["source"], h["start"]] == h for h in capped)
    assert [h["score"] for h in capped] == sorted(h["score"] for h in capped)


def test_search_under_the_cap_is_the_search_without_one(project: Path) -> None:
    store = Store(project / ".factcheck" / "factcheck.db")
    try:
        for terms, raw in ((["Pakistan", "defence agreement"], False), (['"Pakistan" "Russia"'], True)):
            for filters in ({}, {"per_source": 1}, {"since": "2018-01-01"}):
                plain = store.search_passages(terms, raw=raw, limit=50, **filters)
                assert plain and store.search_passages(terms, raw=raw, limit=50, cap=10_000, **filters) == plain
        capped = store.search_passages(["Pakistan"], limit=5, cap=3, per_source=1)
        assert capped and all(row["capped"] for row in capped)
        assert len({row["source_id"] for row in capped}) == len(capped)
    finally:
        store.close()


def test_a_search_known_to_be_under_the_cap_is_not_counted_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(project / ".factcheck" / "factcheck.db")
    counted: list[str] = []
    count = Store._count_matches
    monkeypatch.setattr(Store, "_count_matches", lambda self, match, *a: counted.append(match) or count(self, match, *a))
    try:
        every = '"Pakistan" "Russia"'
        plain = store.search_passages([every], raw=True, limit=50, cap=10_000)
        assert plain and counted == [every]
        # Told that no more passages than the cap can match (its rarest word's count), it gives the same rows uncounted.
        rarest = min(store.count_passages(t, 10_000) for t in ("Pakistan", "Russia"))
        counted.clear()
        assert store.search_passages([every], raw=True, limit=50, cap=10_000, at_most=rarest) == plain
        assert counted == []
        # A bound past the cap is no bound: the matches are counted and only the first ones ranked.
        capped = store.search_passages(["Pakistan"], limit=5, cap=3, at_most=4)
        assert capped and all(row["capped"] for row in capped) and counted == ['"Pakistan"']
    finally:
        store.close()


@pytest.mark.parametrize("query", ['"', "NEAR(", "a* OR", "defence\" OR \"x", "'); DROP TABLE passages; --", "- - -"])
def test_user_text_never_breaks_the_query(project: Path, query: str) -> None:
    result = run("search", "--project", str(project), "--", query)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_search_refuses_bad_input_with_a_message(project: Path) -> None:
    bad_date = run("search", "x", "--project", str(project), "--since", "2018-13-01")
    assert (bad_date.exit_code, "--since: '2018-13-01' is not a date: write YYYY-MM-DD" in bad_date.output) == (2, True)
    bad_source = run("search", "x", "--project", str(project), "--source", "dawn-2018")
    assert bad_source.exit_code == 2 and "no source 'dawn-2018'" in bad_source.output


# ---------------------------------------------------------------- suggest


def add_claim(project: Path, text: str) -> None:
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + text, 1),
                      encoding="utf-8")


REDATED = """  - id: agreement-2016
    # a claim that moves the agreement to 2016; nothing cited yet
    text: Islamabad and Moscow concluded a defense cooperation pact in 2016.
"""


def test_a_date_shifted_claim_gets_its_contradicting_passage_proposed_as_contradicts(project: Path) -> None:
    add_claim(project, REDATED)
    result = run("suggest", "agreement-2016", "--project", str(project), "--format", "json")
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["id"] == "agreement-2016"
    by_text = {s["text"][:40]: s for s in claim["suggestions"]}
    dawn = next(s for s in claim["suggestions"] if s["source"] == DAWN and "November 2014" in s["text"])
    assert dawn["stance"] == "contradicts"
    assert any("'November 2014' → 2014-11" in r and r.endswith("vs claim 2016") for r in dawn["reasons"])
    assert "the same event at another time" in dawn["reasons"]
    assert set(dawn) == {"source", "start", "end", "text", "stance", "score", "reasons"}
    assert by_text


def test_passages_a_claim_already_cites_are_not_suggested(project: Path) -> None:
    result = run("suggest", "defence-agreement-2014", "--project", str(project), "--format", "json", "--top", "20")
    (claim,) = json.loads(result.stdout)["claims"]
    from factcheck.project import ProjectPaths, check_project

    cited = [(c.source_id, c.anchor.start, c.anchor.end)
             for c in check_project(ProjectPaths.at(project)).checks_for("defence-agreement-2014") if c.anchor]
    assert len(cited) == 3
    assert not any(src == s["source"] and a < s["end"] and s["start"] < b
                   for s in claim["suggestions"] for src, a, b in cited)


def test_accepting_files_the_exact_passage_and_keeps_comments(project: Path) -> None:
    add_claim(project, REDATED)
    shown = json.loads(run("suggest", "agreement-2016", "--project", str(project), "--format", "json").stdout)
    suggestions = shown["claims"][0]["suggestions"]
    result = run("suggest", "agreement-2016", "--project", str(project), "--accept", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added evidence[0] to claim agreement-2016: ")
    text = (project / "claims.yaml").read_text(encoding="utf-8")
    assert "    # a claim that moves the agreement to 2016; nothing cited yet\n" in text
    ledger = load_claims(project / "claims.yaml")
    (filed,) = next(c for c in ledger.claims if c.id == "agreement-2016").evidence
    assert (filed.source, filed.stance) == (suggestions[0]["source"], suggestions[0]["stance"])
    check = json.loads(run("check", "--project", str(project), "--format", "json").stdout)
    assert not [d for d in check["diagnostics"] if "agreement-2016" in d["message"] and d["severity"] != "note"
                and "open conflict" not in d["message"]]


def test_accepting_several_files_them_in_one_write(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Killed between two writes, `--accept 1,2` used to file only the first; run again, it then filed the old
    # numbers 2 and 3, as the filed one is no longer suggested. One write files all of them or none.
    add_claim(project, REDATED)
    shown = json.loads(run("suggest", "agreement-2016", "--project", str(project), "--format", "json").stdout)
    suggestions = shown["claims"][0]["suggestions"]
    from factcheck import claims

    writes: list[str] = []
    real_write = claims.write_atomically
    monkeypatch.setattr(claims, "write_atomically", lambda file, text: (writes.append(str(file)), real_write(file, text)))
    result = run("suggest", "agreement-2016", "--project", str(project), "--accept", "1,3")
    assert result.exit_code == 0, result.output
    assert writes == [str(project / "claims.yaml")]
    assert result.stdout.splitlines() == [
        f"added evidence[0] to claim agreement-2016: {suggestions[0]['stance']} from {suggestions[0]['source']}",
        f"added evidence[1] to claim agreement-2016: {suggestions[2]['stance']} from {suggestions[2]['source']}",
    ]
    assert result.stderr == ("note: filed suggestions are no longer suggested, so the others are numbered anew: "
                             "list them again before another --accept\n")
    filed = next(c for c in load_claims(project / "claims.yaml").claims if c.id == "agreement-2016").evidence
    assert [(e.source, e.stance) for e in filed] == [(s["source"], s["stance"]) for s in (suggestions[0], suggestions[2])]


def test_accepting_several_writes_nothing_when_the_write_fails(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_claim(project, REDATED)
    before = snapshot(project)
    from factcheck import claims

    def killed(file: Path, text: str) -> None:
        raise KeyboardInterrupt  # as a kill at the moment of writing

    monkeypatch.setattr(claims, "write_atomically", killed)
    result = run("suggest", "agreement-2016", "--project", str(project), "--accept", "1,2")
    assert result.exit_code != 0
    assert snapshot(project) == before


@pytest.mark.slow
def test_accepting_several_and_killed_at_any_moment_files_all_or_none(project: Path) -> None:
    add_claim(project, REDATED)
    original = (project / "claims.yaml").read_bytes()
    command = [sys.executable, "-m", "factcheck", "suggest", "agreement-2016", "--project", str(project),
               "--accept", "1,2"]
    started = time.monotonic()
    subprocess.run(command, capture_output=True, check=True)  # warms the cache, and times a whole run
    whole = time.monotonic() - started
    rng = random.Random(10)
    filed_counts = []
    for _ in range(25):
        (project / "claims.yaml").write_bytes(original)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.1) * whole)  # most kills land near the end, where the writing is
        process.kill()
        process.wait()
        claim = next(c for c in load_claims(project / "claims.yaml").claims if c.id == "agreement-2016")
        filed_counts.append(len(claim.evidence))
    assert set(filed_counts) <= {0, 2}, filed_counts


def test_accept_refuses_what_it_cannot_do_and_writes_nothing(project: Path) -> None:
    add_claim(project, REDATED)
    before = snapshot(project)
    no_claim = run("suggest", "--project", str(project), "--accept", "1")
    assert no_claim.exit_code == 2 and "--accept needs exactly one CLAIM_ID" in no_claim.output
    too_far = run("suggest", "agreement-2016", "--project", str(project), "--accept", "9", "--top", "3")
    assert too_far.exit_code == 2 and "--accept: '9' is not a suggestion number; there are 3 (1-3)" in too_far.output
    unknown = run("suggest", "agreement-2061", "--project", str(project))
    assert unknown.exit_code == 2 and "no claim with id 'agreement-2061'; did you mean 'agreement-2016'?" in unknown.output
    assert snapshot(project) == before


def test_review_accepts_rejects_changes_stance_and_remembers_rejections(project: Path) -> None:
    add_claim(project, REDATED)
    first = json.loads(run("suggest", "agreement-2016", "--project", str(project), "--format", "json",
                           "--top", "3").stdout)["claims"][0]["suggestions"]
    # 1: change the stance to qualifies, then accept; 2: reject; 3: skip
    result = run("suggest", "agreement-2016", "--project", str(project), "--top", "3", "--review",
                 input="c\nqualifies\na\nr\ns\n")
    assert result.exit_code == 0, result.output
    filed = next(c for c in load_claims(project / "claims.yaml").claims if c.id == "agreement-2016").evidence
    assert [(e.source, e.stance) for e in filed] == [(first[0]["source"], "qualifies")]
    rejected = (project / "rejected.yaml").read_text(encoding="utf-8")
    assert "- claim: \"agreement-2016\"" in rejected and first[1]["source"] in rejected
    again = json.loads(run("suggest", "agreement-2016", "--project", str(project), "--format", "json",
                           "--top", "10").stdout)["claims"][0]["suggestions"]
    assert first[1]["text"] not in [s["text"] for s in again]  # rejected: gone
    assert first[0]["text"] not in [s["text"] for s in again]  # accepted: cited now
    assert first[2]["text"] in [s["text"] for s in again]  # skipped: still offered


def test_a_broken_rejected_yaml_is_an_error_with_its_line(project: Path) -> None:
    (project / "rejected.yaml").write_text("- claim: a\n  source: b\n  quote: c\n- just text\n", encoding="utf-8")
    result = run("suggest", "defence-agreement-2014", "--project", str(project))
    assert result.exit_code == 2
    assert "rejected.yaml:4:3: error: [1]: an entry needs `claim:`, `source:` and `quote:` as text" in result.output


# ---------------------------------------------------------------- stance: negation and denial (issue 12)

TREATY_DENIAL = """---
id: tribune-2018-06-02-no-new-treaty
publisher: Tribune
published: 2018-06-02
kind: news
reliability: B
---
No new defence treaty has been signed between Pakistan and Russia in 2018, the Foreign Office said on Friday.

A spokesman told reporters in Islamabad that the two countries had not signed any new defence treaty in 2018 and
that talks on military cooperation were continuing.
"""


def test_an_article_denying_the_treaty_is_proposed_as_contradicting_it_with_the_deciding_words(
    project: Path,
) -> None:
    (project / "sources" / "tribune-2018-06-02-no-new-treaty.md").write_text(TREATY_DENIAL, encoding="utf-8")
    result = run("suggest", "defense-treaty-2018", "--project", str(project), "--format", "json", "--top", "10")
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)["claims"]
    denials = [s for s in claim["suggestions"] if s["source"] == "tribune-2018-06-02-no-new-treaty"]
    assert denials, claim["suggestions"]
    assert all(s["stance"] == "contradicts" for s in denials), denials
    said = " ".join(r for s in denials for r in s["reasons"])
    assert 'negates: "No new defence treaty has been signed' in said
    assert 'negates: "not signed any new defence treaty' in said
    text = run("suggest", "defense-treaty-2018", "--project", str(project), "--top", "10")
    assert text.exit_code == 0, text.output
    assert "contradicts" in text.stdout and 'negates: "No new defence treaty has been signed' in text.stdout


# ---------------------------------------------------------------- stance read in the article (issue 12)

HOAX_ARTICLE = """---
id: hoaxsite
publisher: Daily Check
published: 2015-03-02
kind: news
reliability: C
---
Morgan Freeman died at his home in Mississippi on Sunday, according to a story shared a million times on Facebook.

The story is a hoax. The fake report of Morgan Freeman's death came from a satire site, and his publicist said the
actor is alive and well.

Fans were duped by the prank for the third time this year.
"""
WIRE_ARTICLE = """---
id: wire
publisher: Wire
published: 2015-03-02
kind: news
reliability: B
---
Actor Morgan Freeman died at his home in Mississippi on Sunday, his family said in a statement.

He was 77. Freeman won an Academy Award for Million Dollar Baby.
"""


def test_a_passage_relaying_a_claim_its_article_calls_a_hoax_is_not_proposed_as_support(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: freeman-died\n    text: Morgan Freeman died at his home in Mississippi.\n", encoding="utf-8")
    (tmp_path / "sources" / "hoaxsite.md").write_text(HOAX_ARTICLE, encoding="utf-8")
    (tmp_path / "sources" / "wire.md").write_text(WIRE_ARTICLE, encoding="utf-8")
    result = run("suggest", "--project", str(tmp_path), "--format", "json", "--top", "6")
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)["claims"]
    relayed = next(s for s in claim["suggestions"] if s["text"].startswith("Morgan Freeman died"))
    assert relayed["source"] == "hoaxsite" and relayed["stance"] == "contradicts", relayed
    assert any(r.startswith("its article reads as disagree (p ") and "near the claim" in r for r in relayed["reasons"])
    wire = next(s for s in claim["suggestions"] if s["source"] == "wire")
    assert wire["stance"] == "supports" and not any("its article reads" in r for r in wire["reasons"])
    text = run("suggest", "--project", str(tmp_path), "--top", "6")
    assert "its article reads as disagree" in text.stdout


def test_suggest_judging_half_the_claims_in_another_process_gives_the_same_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many claims are judged half here and half in a forked process; one process, or a fork that gives no answer,
    finds the very same suggestions."""
    from factcheck import project as project_module

    args = ["suggest", "--project", str(project), "--format", "json", "--top", "3"]
    started: list[object] = []
    ahead = project_module.workers.ahead
    monkeypatch.setattr(project_module.workers, "ahead", lambda *a: started.append(ahead(*a)) or started[-1])
    monkeypatch.setenv("FACTCHECK_WORKERS", "2")
    forked = run(*args)
    assert forked.exit_code == 0, forked.output
    assert len(started) == 1 and started[0] is not None  # 19 claims: the second half was judged in another process
    monkeypatch.setenv("FACTCHECK_WORKERS", "1")
    alone = run(*args)
    assert started[1:] == [None]
    assert (alone.exit_code, alone.stdout, alone.stderr) == (forked.exit_code, forked.stdout, forked.stderr)

    class Silent:
        def result(self) -> None:
            return None  # as when the forked process died: this one judges the second half itself

    monkeypatch.setattr(project_module.workers, "ahead", lambda *a: Silent())
    unanswered = run(*args)
    assert (unanswered.exit_code, unanswered.stdout) == (forked.exit_code, forked.stdout)
    assert len(json.loads(forked.stdout)["claims"]) == 19
