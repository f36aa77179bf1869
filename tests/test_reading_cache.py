"""Claims' event signatures and quotes' wording cues are cached by their text and the rules that read them: a warm
run reads neither again, and a change to either or to a rules/ file reads them afresh."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import project
from factcheck.claims import load_claims
from factcheck.cli import app
from factcheck.events import dump_signature, load_signature, read_event
from factcheck.project import ProjectPaths, check_project
from factcheck.wording import read_wording
from tests.conftest import copy_bundled
from tests.test_conflict_stress import MUST, MUST_NOT
from tests.test_vocabulary import ALIAS, CUE, FOOTBALL_CLAIMS, source_file, write_rules

ROOT = Path(__file__).parent.parent
runner = CliRunner()


def test_a_signature_written_for_the_cache_reads_back_equal() -> None:
    texts = [text for _, a, b in MUST + MUST_NOT for text in (a, b)]
    texts += [c.text for c in load_claims(ROOT / "claims.yaml").claims]
    texts += [
        "Police detained a woman named Saja al-Dulaimi in 2014.",  # who a description is
        "The man in the video was identified as Mohammed Emwazi.",  # an identity
        "The crater in Managua was about 12 metres wide, officials said.",  # a measure, reported
    ]
    signatures = [read_event(text) for text in texts]
    assert any(s.introduces for s in signatures) and any(s.identities for s in signatures)
    assert [load_signature(dump_signature(s)) for s in signatures] == signatures
    with pytest.raises(ValueError, match="not an event signature"):
        load_signature('{"kind": "death"}')


@pytest.fixture
def football(tmp_path: Path) -> ProjectPaths:
    (tmp_path / "sources").mkdir()  # claims alone: conflicts between claims are read from their text
    (tmp_path / "claims.yaml").write_text(
        "claims:\n" + "".join(f"  - id: {cid}\n    text: {text}\n" for cid, text in FOOTBALL_CLAIMS.items()),
        encoding="utf-8",
    )
    return ProjectPaths.at(tmp_path)


def checked(
    paths: ProjectPaths, monkeypatch: pytest.MonkeyPatch, notes: list[str] | None = None
) -> tuple[list[str], set[frozenset[str]]]:
    """The claim texts one check read afresh, and the conflicts it found (as sets of claim ids)."""
    read: list[str] = []

    def reading(text: str, vocabulary=None):  # noqa: ANN001, ANN202 - read_event's own signature
        read.append(text)
        return read_event(text, vocabulary)

    monkeypatch.setattr(project, "read_event", reading)
    result = check_project(paths, notice=notes.append if notes is not None else None)
    return read, {frozenset(c.claims) for c in result.conflicts}


def test_a_warm_check_reads_no_claim_and_a_rules_change_reads_them_again(
    football: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    alias = frozenset({"spurs-globex", "spurs-hooli"})
    read, found = checked(football, monkeypatch)
    assert (sorted(read), found) == (sorted(FOOTBALL_CLAIMS.values()), set())
    assert checked(football, monkeypatch) == ([], set())
    # "Spurs" is the club only by the project's rules: the signatures cached without them are not used with them
    write_rules(football.root, events=ALIAS)
    read, found = checked(football, monkeypatch)
    assert (sorted(read), found) == (sorted(FOOTBALL_CLAIMS.values()), {alias})
    assert checked(football, monkeypatch) == ([], {alias})
    (football.rules / "events.yaml").unlink()  # back to the package's words: their signatures are still cached
    assert checked(football, monkeypatch) == ([], set())
    # an edited claim is read again, alone
    text = (football.claims).read_text(encoding="utf-8").replace("March 2015", "April 2015", 1)
    football.claims.write_text(text, encoding="utf-8")
    read, _ = checked(football, monkeypatch)
    assert read == [FOOTBALL_CLAIMS["spurs-globex"].replace("March", "April")]


def test_a_damaged_cached_signature_rebuilds_the_cache_with_a_note(
    football: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_rules(football.root, events=ALIAS)
    checked(football, monkeypatch)
    with sqlite3.connect(football.db) as db:
        db.execute("update signatures set signature = '{\"kind\": null}'")
    notes: list[str] = []
    read, found = checked(football, monkeypatch, notes)
    assert (len(read), found) == (len(FOOTBALL_CLAIMS), {frozenset({"spurs-globex", "spurs-hooli"})})
    assert notes == [
        "note: could not use the cache .factcheck/factcheck.db (a cached value does not decode: ValueError); moved it "
        "to .factcheck/factcheck.db.bad and rebuilt it from the files"
    ]


def test_a_warm_check_reads_no_wording_and_a_wording_rule_reads_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sources").mkdir()
    sentence = "Acme Corp acquired Widget Works in April 2015, insiders whispered at the trade fair."
    source_file(tmp_path, "acme-news", "Trade Weekly", "2015-06-01", sentence + "\n")
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: deal\n    text: Acme Corp acquired Widget Works in April 2015.\n    evidence:\n"
        "      - source: acme-news\n        quote: Acme Corp acquired Widget Works\n        stance: supports\n",
        encoding="utf-8",
    )
    paths = ProjectPaths.at(tmp_path)
    read: list[str] = []

    def reading(sentence: str, following: str = "", **kwargs):  # noqa: ANN003, ANN202 - read_wording's own
        read.append(sentence)
        return read_wording(sentence, following, **kwargs)

    monkeypatch.setattr(project, "read_wording", reading)

    def grade() -> tuple[int, list[str]]:
        read.clear()
        credibility = check_project(paths).assessments["deal"].credibility
        return credibility, list(read)

    assert grade() == (2, [sentence])
    assert grade() == (2, [])
    write_rules(tmp_path, wording=CUE)  # "insiders whispered" is a hedge by the project's rules: read again, graded 4
    assert grade() == (4, [sentence])
    assert grade() == (4, [])
    (tmp_path / "rules" / "wording.yaml").unlink()
    assert grade() == (2, [])


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[tuple]:
    """The calls project.py makes to one of its imports from now on, each one's arguments."""
    calls: list[tuple] = []
    real = getattr(project, name)

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the counted function's own signature
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(project, name, counted)
    return calls


def _conflicts(paths: ProjectPaths) -> list[tuple[str, str]]:
    return [(c.id, c.reason) for c in check_project(paths).conflicts]


def test_claims_pairwise_conflicts_are_kept_until_a_claim_or_a_rule_changes(
    football: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    rivals = _counting(monkeypatch, "find_rivals")
    write_rules(football.root, events=ALIAS)
    alias = _conflicts(football)
    assert len(rivals) == 1 and alias
    (football.root / "sources" / "note.md").write_text("---\nid: note\n---\nA note.\n", encoding="utf-8")
    assert _conflicts(football) == alias and len(rivals) == 1  # a new source: the same claims, nothing read again
    (football.rules / "events.yaml").unlink()  # other rules: found again, and no conflict without the alias
    assert (_conflicts(football), len(rivals)) == ([], 2)
    write_rules(football.root, events=ALIAS)
    assert _conflicts(football) == alias and len(rivals) == 3
    text = football.claims.read_text(encoding="utf-8").replace("March 2015", "April 2015", 1)
    football.claims.write_text(text, encoding="utf-8")  # an edited claim: found again, at two times now
    assert (_conflicts(football), len(rivals)) == ([], 4)
    with sqlite3.connect(football.db) as db:
        digest, payload = db.execute("select value from state where key = 'rivals'").fetchone()[0].split("\n")
    assert len(digest) == 64 and {c["id"] for c in json.loads(payload)} <= {c_id for c_id, _ in alias}


def test_a_quote_s_times_are_found_again_after_an_edit_elsewhere_in_its_source(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_copy = project
    paths = ProjectPaths.at(project_copy)
    check_project(paths)
    times = _counting(monkeypatch, "quote_times")
    # A paragraph before every quote moves them all, and their sentences.
    source = project_copy / "sources" / "dawn-2018-04-25-bajwa-moscow.md"
    front, _, body = source.read_text(encoding="utf-8").partition("\n---\n")
    source.write_text(f"{front}\n---\nAn editor's note added before the article text.\n\n{body}", encoding="utf-8")
    warm = check_project(paths)
    assert times == []  # no sentence with a quote changed
    cold = check_project(ProjectPaths.at(project_copy, project_copy / "cold.db"))
    assert len(times) > 0
    moved = [(c.claim_id, c.index, c.times) for c in warm.checks if c.source_id == "dawn-2018-04-25-bajwa-moscow"]
    assert moved and any(t for _, _, t in moved)
    assert [(c.claim_id, c.index, c.anchor, c.times) for c in warm.checks] == [
        (c.claim_id, c.index, c.anchor, c.times) for c in cold.checks]


@pytest.mark.slow
def test_claims_read_in_another_process_are_what_one_process_reads_and_caches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Claims that conflict in pairs, and one text given twice under two ids: read ahead on a cold cache, they give
    # the same report and the same cache rows as read in one process.
    pairs = [(a, b) for _, a, b in MUST + MUST_NOT]
    texts = [text for pair in pairs for text in pair] + [pairs[0][0]]
    (tmp_path / "sources").mkdir()
    (tmp_path / "claims.yaml").write_text(
        "claims:\n" + "".join(f"  - id: c{cid}\n    text: {json.dumps(text)}\n" for cid, text in enumerate(texts)),
        encoding="utf-8",
    )
    ledger = load_claims(tmp_path / "claims.yaml")
    assert len(ledger.claims) == len(texts)
    vocabulary = project.package_vocabulary()
    store = project.Store.in_memory()
    times = project.claim_times(ledger.claims, store, vocabulary=vocabulary)
    signatures = project.claim_signatures(ledger.claims, store, vocabulary=vocabulary)
    read = project.read_claims(ledger.claims, vocabulary)
    assert read.by_id(ledger.claims) == (times, signatures)
    assert read.rivals == project.claim_rivals(ledger.claims, times, signatures, store, vocabulary=vocabulary)
    assert read.rivals  # the pairs conflict: the rivals compared are not all empty

    def cold_check(workers: str) -> tuple[list[str], dict[str, list[tuple]]]:
        monkeypatch.setenv("FACTCHECK_WORKERS", workers)
        outputs = []
        for _ in range(2):  # cold, then warm from what the cold run cached
            result = check_project(ProjectPaths.at(tmp_path))
            outputs.append(json.dumps([c.model_dump(mode="json") for c in result.conflicts]))
        with sqlite3.connect(tmp_path / ".factcheck" / "factcheck.db") as conn:
            rows = {table: conn.execute(f"select * from {table} order by 1").fetchall()
                    for table in ("times", "signatures", "state")}
        (tmp_path / ".factcheck" / "factcheck.db").unlink()
        return outputs, rows

    monkeypatch.setattr(project, "AHEAD_CLAIMS", 1)
    started: list[object] = []
    ahead = project.workers.ahead
    monkeypatch.setattr(project.workers, "ahead", lambda *a: started.append(ahead(*a)) or started[-1])
    across = cold_check("2")
    assert len(started) == 1 and started[0] is not None  # read ahead on the cold run only
    assert across == cold_check("1")
    assert started[1:] == [None]  # one worker: read here, as before


@pytest.mark.slow
def test_quotes_anchored_in_another_process_give_the_report_and_cache_of_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project_dir = copy_bundled(tmp_path / "p")
    monkeypatch.setattr(project, "AHEAD_CLAIMS", 1)
    located: list[int] = []
    anchor_ledger = project.anchor_ledger

    def anchoring(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - anchor_ledger's own
        located.append(len(kwargs.get("located") or {}))
        return anchor_ledger(*args, **kwargs)

    monkeypatch.setattr(project, "anchor_ledger", anchoring)
    wordings_read: list[str] = []  # in this process only: the other one counts in its own copy
    read_wording = project.read_wording
    monkeypatch.setattr(project, "read_wording",
                        lambda text, *a, **k: wordings_read.append(text) or read_wording(text, *a, **k))

    def cold_check(workers: str) -> tuple[str, dict[str, list[tuple]]]:
        monkeypatch.setenv("FACTCHECK_WORKERS", workers)
        result = runner.invoke(app, ["check", "--project", str(project_dir), "--format", "json"])
        with sqlite3.connect(project_dir / ".factcheck" / "factcheck.db") as conn:
            rows = {table: conn.execute(f"select * from {table} order by 1").fetchall()
                    for table in ("anchors", "times", "signatures", "wordings", "evidence", "conflicts")}
        (project_dir / ".factcheck" / "factcheck.db").unlink()
        return result.stdout, rows

    across = cold_check("2")
    assert located[-1] > 0  # the quotes came anchored from the other process
    assert wordings_read == []  # and their wordings read there
    assert across == cold_check("1")
    assert located[-1] == 0
    assert wordings_read


def _bundled_anchored(tmp_path: Path) -> tuple[project.CheckResult, dict[str, str], dict]:
    """The bundled ledger checked, its source names, and every quote anchored as the other process anchors them."""
    paths = ProjectPaths.at(copy_bundled(tmp_path / "p"))
    result = check_project(paths)
    names, _ = project.source_names(result.sources, paths.root)
    return result, names, project.locate_quotes(result.ledger.claims, result.sources, names)


def test_wordings_read_in_another_process_are_the_ones_quote_wordings_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What the other process reads for each anchored quote is found under quote_wordings' own key: given it, this
    # process reads no wording again and gets the very cues it would have read.
    result, names, anchors = _bundled_anchored(tmp_path)
    ahead = project.ClaimReadings([], [], [], anchors, project.read_quote_wordings(
        result.ledger.claims, result.sources, names, anchors, result.vocabulary))
    expected = project.quote_wordings(result.checks, project.Store.in_memory(), result.vocabulary)
    assert any(expected.values())  # some quotes carry cues: the comparison is not of empty lists

    def unread(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a wording read again in this process")

    monkeypatch.setattr(project, "read_wording", unread)
    assert project.quote_wordings(result.checks, project.Store.in_memory(), result.vocabulary, ahead) == expected


def test_quote_times_read_in_another_process_give_the_checks_of_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The times read there, against each source's own date, are found under the key this process looks up: the
    # checks come out the same, and only quotes of sources whose date is inferred here are read again.
    result, names, anchors = _bundled_anchored(tmp_path)
    read_times = project.read_quote_times(result.ledger.claims, result.sources, names, anchors, result.vocabulary)
    calls: list[str] = []
    quote_times = project.quote_times
    monkeypatch.setattr(project, "quote_times", lambda sentence, *a, **k: calls.append(sentence) or quote_times(
        sentence, *a, **k))

    def anchored(given: dict[str, str] | None) -> tuple[list[dict], int]:
        calls.clear()
        checks, _ = project.anchor_ledger(
            result.ledger, result.sources, names, project.Store.in_memory(), lambda _m: None, ProjectPaths.at(tmp_path / "p").sources,
            result.inferred_dates, vocabulary=result.vocabulary, read_times=given,
        )
        return [c.model_dump(mode="json") for c in checks], len(calls)

    alone, read_here = anchored(None)
    assert any(c["times"] for c in alone)  # some quotes carry times: the comparison is not of empty lists
    across, read_again = anchored(read_times)
    assert across == alone
    inferred = {sid for sid, s in result.sources.items() if s.meta.published is None and sid in result.inferred_dates}
    assert read_again == sum(c["source_id"] in inferred and c["anchor"] is not None for c in alone) < read_here
