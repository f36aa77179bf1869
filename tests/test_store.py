"""The SQLite cache: migrations, passages indexed only when a body changes, FTS search, and a cache that can go."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.models import Anchor, Conflict, Source
from factcheck.sources import read_source, segment, segment_rows
from factcheck.store import Store, anchor_key

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

DAWN = "dawn-2018-04-25-bajwa-moscow"
DESPARDES = "despardes-2018-05-12-defense-treaty"
WEB_2017 = "web-2017-pakistan-cosying-up-to-russia"
WEB_2018 = "web-2018-04-24-russia-keen-military-ties"

TABLES = {"sources", "passages", "passages_fts", "anchors", "claims", "evidence", "conflicts", "state", "times"}


def passages_of(source: Source):
    return segment(source.id, source.body, source.not_article)


def rows_of(sources: list[Source]):
    return [row for source in sources for row in segment_rows(source.id, source.body, source.not_article)]


def load(project: Path) -> list[Source]:
    return [read_source(f, f"sources/{f.name}") for f in sorted((project / "sources").glob("*.md"))]


@pytest.fixture
def store(tmp_path: Path):
    opened = Store(tmp_path / "cache" / "factcheck.db")
    yield opened
    opened.close()


def fts_rows(store: Store) -> int:
    """Rows the FTS index itself holds (not the content table it points at)."""
    return next(iter(store.db.execute("select count(*) from passages_fts_docsize").fetchone()))


# ---------------------------------------------------------------- migrations


def test_opening_a_new_store_creates_the_folder_and_every_table(tmp_path: Path) -> None:
    store = Store(tmp_path / "nested" / "cache" / "factcheck.db")
    try:
        assert (tmp_path / "nested" / "cache" / "factcheck.db").is_file()
        assert TABLES <= set(store.db.table_names())
        assert store.db["passages"].detect_fts() == "passages_fts"
        applied = [row["name"] for row in store.db.query("select name from _sqlite_migrations")]
        assert applied == ["m001_initial", "m002_times", "m003_readings", "m004_documents", "m005_shingle_index",
            "m006_fingerprints_only"]
    finally:
        store.close()


def test_opening_twice_applies_nothing_again(tmp_path: Path) -> None:
    path = tmp_path / "factcheck.db"
    first = Store(path)
    first.set_state("k", "v")
    tables = sorted(first.db.table_names())
    first.close()
    second = Store(path)
    try:
        assert sorted(second.db.table_names()) == tables
        assert [row["name"] for row in second.db.query("select name from _sqlite_migrations")] == [
            "m001_initial", "m002_times", "m003_readings", "m004_documents", "m005_shingle_index",
            "m006_fingerprints_only"]
        assert second.get_state("k") == "v"
    finally:
        second.close()


def test_state_is_remembered_by_key(store: Store) -> None:
    assert store.get_state("origins") is None
    store.set_state("origins", "one")
    store.set_state("origins", "two")
    assert store.get_state("origins") == "two"


# ---------------------------------------------------------------- sources and passages


def test_sync_indexes_every_passage_once_and_only_changed_bodies_again(project: Path, store: Store) -> None:
    sources = load(project)
    assert store.sync_sources(sources, {}, rows_of) == 5
    expected = sum(len(passages_of(s)) for s in sources)
    assert store.db["passages"].count == expected == fts_rows(store)
    for source in sources:
        assert store.passages(source.id) == sorted(passages_of(source), key=lambda p: (p.start, p.kind))
    assert store.sync_sources(sources, {}, rows_of) == 0
    assert store.db["passages"].count == expected
    assert [r["source_id"] for r in store.search("rapprochement")] == [DAWN, DAWN]

    file = project / "sources" / f"{DAWN}.md"
    file.write_text(
        file.read_text(encoding="utf-8").replace("The rapprochement between", "The reconciliation between"),
        encoding="utf-8",
    )
    changed = load(project)
    assert store.sync_sources(changed, {}, rows_of) == 1
    assert store.db["passages"].count == expected == fts_rows(store)
    assert [r["source_id"] for r in store.search("reconciliation")] == [DAWN, DAWN]
    # The old words left the index with the old passages.
    assert store.search("rapprochement") == []
    assert store.indexed_hashes()[DAWN] == next(s for s in changed if s.id == DAWN).body_sha256


def test_a_front_matter_change_updates_the_row_without_reindexing(project: Path, store: Store) -> None:
    store.sync_sources(load(project), {}, rows_of)
    file = project / "sources" / f"{DAWN}.md"
    file.write_text(file.read_text(encoding="utf-8").replace("title: null", "title: Bajwa in Moscow"), encoding="utf-8")
    assert store.sync_sources(load(project), {DAWN: "origin-x"}, rows_of) == 0
    row = store.db["sources"].get(DAWN)
    assert (row["title"], row["origin"], row["published"], row["reliability"]) == (
        "Bajwa in Moscow", "origin-x", "2018-04-25", "B"
    )


def test_removed_sources_disappear_with_their_passages(project: Path, store: Store) -> None:
    sources = load(project)
    store.sync_sources(sources, {}, rows_of)
    kept = [s for s in sources if s.id != DESPARDES]
    assert store.sync_sources(kept, {}, rows_of) == 0
    assert DESPARDES not in {row["id"] for row in store.db["sources"].rows}
    assert store.passages(DESPARDES) == []
    assert store.db["passages"].count == sum(len(passages_of(s)) for s in kept) == fts_rows(store)
    # "defense treaty" stood only in the removed aggregator.
    assert store.search("defense treaty") == []


class _Counting:
    """A connection that notes each execute and executemany call (one executemany is one call, whatever its rows)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls: list[str] = []

    def execute(self, sql: str, *args):  # noqa: ANN002, ANN201
        self.calls.append(sql)
        return self.conn.execute(sql, *args)

    def executemany(self, sql: str, *args):  # noqa: ANN002, ANN201
        self.calls.append(sql)
        return self.conn.executemany(sql, *args)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.conn, name)


def _statements(store: Store) -> list[str]:
    """The SQL calls the store makes from now on."""
    counting = _Counting(store.db.conn)
    store.db.conn = counting  # type: ignore[assignment]
    return counting.calls


def test_sync_writes_in_bulk_whatever_the_number_of_sources(project: Path, store: Store) -> None:
    sources = load(project)
    many = [s.model_copy(update={"meta": s.meta.model_copy(update={"id": f"{s.id}-{n}"})})
            for n in range(40) for s in sources]
    seen = _statements(store)
    assert store.sync_sources(many, {}, rows_of) == 200
    # One statement per table (and per 500 ids), not one per source: 200 sources once took over 1,000.
    assert len(seen) < 25, seen
    assert store.db["passages"].count == 40 * sum(len(passages_of(s)) for s in sources) == fts_rows(store)
    assert store.db.execute("select count(*) from documents_fts").fetchone()[0] == 200
    assert {r["source_id"] for r in store.search("rapprochement", limit=100)} == {f"{DAWN}-{n}" for n in range(40)}
    seen.clear()
    store.sync_sources(many[:150], {}, rows_of)  # 50 gone: their rows, passages and documents leave in bulk
    assert len(seen) < 25, seen
    assert store.db["passages"].count == fts_rows(store)
    assert store.db.execute("select count(*) from documents_fts").fetchone()[0] == 150


def _documents_by_their_own_ids(store: Store, match: str) -> list[dict]:
    """search_documents as it read each article's source id from documents_fts itself."""
    return list(store.db.query(
        "select source_id, bm25(documents_fts) as rank from documents_fts where documents_fts match ? "
        "order by rank, source_id limit 1000", [match]))


def test_articles_found_name_their_sources_after_sources_come_go_and_change(project: Path, store: Store) -> None:
    sources = load(project)
    many = [s.model_copy(update={"meta": s.meta.model_copy(update={"id": f"{s.id}-{n}"})})
            for n in range(6) for s in sources]
    store.sync_sources(many, {}, rows_of)
    # Gone from the end and the middle (a row id SQLite may give again), edited, and new ones after them.
    edited = many[3].model_copy(update={"body": many[3].body + "\n\nA new rapprochement paragraph.",
                                        "body_sha256": "edited"})
    later = [s.model_copy(update={"meta": s.meta.model_copy(update={"id": f"{s.id}-new"})}) for s in sources]
    store.sync_sources([*many[:3], edited, *many[4:20], *later], {}, rows_of)
    for terms in (["rapprochement"], ["Pakistan", "defence agreement"], ["Salyukov"]):
        found = store.search_documents(terms, limit=1000)
        assert found and found == _documents_by_their_own_ids(store, " OR ".join(f'"{t}"' for t in terms))


def test_passages_of_one_kind(project: Path, store: Store) -> None:
    store.sync_sources(load(project), {}, rows_of)
    paragraphs = store.passages(DAWN, "paragraph")
    assert [p.text[:40] for p in paragraphs[:2]] == [
        "ISLAMABAD: Pakistan and Russia on Tuesda",
        "The resolve to expand existing bilateral",
    ]
    # The sign-off is the article's last paragraph; the sidebar after it is not indexed.
    assert paragraphs[-1].text == "Published in Dawn, April 25th, 2018"
    assert {p.kind for p in paragraphs} == {"paragraph"}


# ---------------------------------------------------------------- search


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory):
    """The bundled sources, indexed once for the read-only search tests."""
    store = Store(tmp_path_factory.mktemp("index") / "factcheck.db")
    store.sync_sources(load(ROOT), {}, rows_of)
    yield store
    store.close()


def test_search_finds_a_word_by_its_stem(indexed: Store) -> None:
    texts = [row["text"] for row in indexed.search("signing", limit=50)]
    # No passage says "signing"; the porter stemmer finds "signed" and "sign".
    assert not any("signing" in t.lower() for t in texts)
    assert "Both sides had signed a defence cooperation agreement in November 2014 and later inked " \
           "military-technical cooperation accord, which allows arms trade between the two countries and " \
           "cooperation in weapon development, in October 2015." in texts
    assert any("Pakistan, Russia Sign ‘Defense Treaty’" in t for t in texts)


def test_search_rows_carry_source_kind_and_offsets(indexed: Store) -> None:
    rows = indexed.search("Salyukov Kremlin Palace")
    assert {(r["source_id"], r["kind"]) for r in rows} >= {(WEB_2018, "sentence"), (WEB_2018, "paragraph")}
    sentence = next(r for r in rows if r["kind"] == "sentence")
    body = read_source(ROOT / "sources" / f"{WEB_2018}.md").body
    assert body[sentence["start"] : sentence["end"]] == sentence["text"]


def test_search_respects_the_limit(indexed: Store) -> None:
    assert len(indexed.search("Pakistan", limit=3)) == 3


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "AND OR NOT", "col:x", "*", "NEAR(a b)", "^x", "a -b", "'", "-", "()", 'a"b', "text:Russia"],
)
def test_fts_syntax_in_user_text_does_not_raise(indexed: Store, query: str) -> None:
    assert isinstance(indexed.search(query), list)


def test_fts_operators_are_searched_as_words(indexed: Store) -> None:
    # Quoted, "text:Russia" is the two words "text" and "Russia", not a column filter.
    assert indexed.search("text:Russia") == []
    assert indexed.search("Russia OR nonexistentword") == []


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_an_empty_query_finds_nothing_instead_of_raising(indexed: Store, query: str) -> None:
    assert indexed.search(query) == []


@pytest.mark.parametrize(
    ("word", "where"),
    [
        ("surveillance", "Dawn's December 2024 sidebar"),
        ("Stalemate", "the second story marked in the 2018-04-24 article"),
        ("email", "the 'Leave a Reply' footer"),
        ("coffee", "the reader comments in the 2017 article"),
        ("Dispatch", "the 004 disclaimer"),
    ],
)
def test_non_article_text_is_not_indexed(indexed: Store, word: str, where: str) -> None:
    assert indexed.search(word) == [], where


def test_article_text_is_indexed(indexed: Store) -> None:
    assert {r["source_id"] for r in indexed.search("Salyukov", limit=50)} == {DAWN, WEB_2018}


# ---------------------------------------------------------------- anchors


def anchor(start: int, method: str = "exact", similarity: float = 1.0) -> Anchor:
    return Anchor(start=start, end=start + 5, method=method, similarity=similarity, exact="words", prefix="p",
                  suffix="s")


def test_anchors_are_remembered_by_key(store: Store) -> None:
    assert store.cached_anchors(["k1"]) == {}
    store.remember_anchors(
        [
            ("k1", "sha", "quote one", anchor(3), None),
            ("k2", "sha", "quote two", None, anchor(7, "fuzzy", 0.8)),
            ("k3", "sha", "quote three", None, None),
        ]
    )
    assert store.cached_anchors(["k1", "k2", "k3", "unknown"]) == {
        "k1": (anchor(3), None),
        "k2": (None, anchor(7, "fuzzy", 0.8)),
        "k3": (None, None),
    }
    store.remember_anchors([("k1", "sha", "quote one", anchor(9), None)])
    assert store.cached_anchors(["k1"]) == {"k1": (anchor(9), None)}


def test_many_anchors_are_read_back_in_chunks(store: Store) -> None:
    keys = [f"key-{i}" for i in range(1_234)]
    store.remember_anchors((key, "sha", key, anchor(i), None) for i, key in enumerate(keys))
    cached = store.cached_anchors(keys)
    assert len(cached) == 1_234
    assert cached["key-1233"] == (anchor(1233), None)


def test_anchor_key_changes_with_body_quote_and_regions() -> None:
    base = anchor_key("sha", "quote", "[]")
    assert base == anchor_key("sha", "quote", "[]")
    assert len({base, anchor_key("sha2", "quote", "[]"), anchor_key("sha", "quote2", "[]"),
                anchor_key("sha", "quote", '[{"start": 1}]')}) == 4


# ---------------------------------------------------------------- the cache can go


def report_json(project: Path) -> str:
    result = runner.invoke(app, ["report", "--format", "json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
def test_deleting_the_database_gives_the_same_report(project: Path) -> None:
    cold = report_json(project)
    db = project / ".factcheck" / "factcheck.db"
    assert sorted(p.name for p in db.parent.iterdir()) == ["factcheck.db"]
    warm = report_json(project)
    db.unlink()
    rebuilt = report_json(project)
    assert db.is_file()
    assert cold == warm == rebuilt
    data = json.loads(rebuilt)
    assert len(data["claims"]) == 19


# ---------------------------------------------------------------- several processes at once


def open_at_once(path: Path, count: int) -> list[BaseException]:
    """Open `count` stores on one path at the same moment, each in its own thread; what they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def open_one() -> None:
        barrier.wait()
        try:
            Store(path).close()
        except BaseException as exc:  # collected for the caller to assert on
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_stores_opened_at_once_on_a_new_file_migrate_it_once(tmp_path: Path) -> None:
    """Threads stand in for processes: each has its own connection, so SQLite's locks are the same."""
    for attempt in range(5):
        path = tmp_path / f"try{attempt}" / "factcheck.db"
        assert open_at_once(path, 6) == []
        conn = sqlite3.connect(path)
        assert conn.execute("select name from _sqlite_migrations").fetchall() == [
            ("m001_initial",), ("m002_times",), ("m003_readings",), ("m004_documents",),
            ("m005_shingle_index",), ("m006_fingerprints_only",)]
        conn.close()


def test_a_writer_waits_for_another_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "factcheck.db"
    first = Store(path)
    finished: list[float] = []

    def write_second() -> None:
        second = Store(path)  # a connection belongs to its thread
        try:
            second.set_state("k", "second")
            finished.append(time.monotonic())
        finally:
            second.close()

    try:
        with first.writing():
            first.set_state("k", "first")
            writer = threading.Thread(target=write_second)
            writer.start()
            time.sleep(0.3)
            assert finished == []  # still waiting for the lock
            released = time.monotonic()
        writer.join(5)
        assert finished and finished[0] >= released
        assert first.get_state("k") == "second"
    finally:
        first.close()


def test_a_reader_is_never_blocked_by_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "factcheck.db"
    writer, reader = Store(path), Store(path, timeout=0.1)
    try:
        writer.set_state("k", "old")
        with writer.writing():
            writer.set_state("k", "new")
            assert reader.get_state("k") == "old"  # the last committed value, at once
        assert reader.get_state("k") == "new"
    finally:
        writer.close()
        reader.close()


def results_of(store: Store) -> list[list[tuple]]:
    return [
        store.db.execute(f"select * from {table} order by 1, 2").fetchall()
        for table in ("claims", "evidence", "conflicts")
    ]


def test_a_failed_save_leaves_the_last_results_whole(project: Path) -> None:
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 1
    store = Store(project / ".factcheck" / "factcheck.db")
    try:
        before = results_of(store)
        assert all(before)
        # The conflicts go in last: make them fail, after the claims and evidence were replaced.
        store.db.execute("create trigger refuse before insert on conflicts begin select raise(abort, 'refused'); end")
        store.set_state("results", "")  # not the same results as last time, so they are written
        with pytest.raises(sqlite3.IntegrityError, match="refused"):
            store.save_results([], [], [Conflict(id="cf-x", claims=["a", "b"], kind="restatement", status="open", reason="r")], {})
        assert results_of(store) == before
    finally:
        store.close()
