"""Claims' event signatures and quotes' wording cues are cached by their text and the rules that read them: a warm
run reads neither again, and a change to either or to a rules/ file reads them afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factcheck import project
from factcheck.claims import load_claims
from factcheck.events import dump_signature, load_signature, read_event
from factcheck.project import ProjectPaths, check_project
from factcheck.wording import read_wording
from tests.test_conflict_stress import MUST, MUST_NOT
from tests.test_vocabulary import ALIAS, CUE, FOOTBALL_CLAIMS, source_file, write_rules

ROOT = Path(__file__).parent.parent


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
