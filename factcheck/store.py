"""The only module that speaks SQL: the SQLite cache and index of what the files say (sqlite-utils).

Deleting the database loses nothing: every row is rebuilt from claims.yaml and sources/. So a cache that cannot be
used (damaged, foreign, written by a newer factcheck, locked too long, unwritable) is rebuilt or done without:
`run_with_cache` runs an operation on it and, on such a failure, runs it again on a fresh cache or in memory.
Several processes may share one cache: it is in WAL mode (readers never wait), and every write is one
`BEGIN IMMEDIATE` transaction, which waits for the lock instead of failing or deadlocking.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from sqlite_migrate import Migrations

from factcheck.errors import FactcheckError
from factcheck.models import Anchor, Assessment, Conflict, EvidenceCheck, Passage, Region, Source, SourceMeta

T = TypeVar("T")

# How long a write waits for another process's write to finish before the run goes on without the cache. Generous:
# a cold run on a large project holds the lock for seconds while it indexes, and waiting is cheaper than redoing.
BUSY_TIMEOUT_S = 30.0

migrations = Migrations("factcheck")


@migrations(name="m001_initial")
def m001_initial(db: sqlite_utils.Database) -> None:
    """Sources, passages with FTS5, claims, evidence, conflicts, and the caches that make warm runs fast."""
    db["source_files"].create(
        {
            "path": str,
            "file_sha256": str,
            "meta": str,
            "body_sha256": str,
            "front_matter_lines": int,
            "not_article": str,
        },
        pk="path",
    )
    db["sources"].create(
        {
            "id": str,
            "path": str,
            "title": str,
            "publisher": str,
            "author": str,
            "url": str,
            "published": str,
            "kind": str,
            "reliability": str,
            "sha256": str,
            "body_sha256": str,
            "indexed_sha256": str,
            "origin": str,
        },
        pk="id",
    )
    db["passages"].create(
        {"id": int, "source_id": str, "kind": str, "start": int, "end": int, "text": str},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["passages"].create_index(["source_id"])
    # The index is kept in step by sync_sources in bulk: per-row triggers make a 50 MB source take minutes.
    db["passages"].enable_fts(["text"], tokenize="porter", create_triggers=False)
    db["anchors"].create(
        {"key": str, "body_sha256": str, "quote": str, "anchor": str, "closest": str},
        pk="key",
    )
    db["claims"].create(
        {
            "id": str,
            "text": str,
            "verdict": str,
            "credibility": int,
            "independent_sources": int,
            "reasons": str,
        },
        pk="id",
    )
    db["evidence"].create(
        {
            "claim_id": str,
            "idx": int,
            "source_id": str,
            "stance": str,
            "quote": str,
            "start": int,
            "end": int,
            "match": str,
            "similarity": float,
            "strength": str,
        },
        pk=("claim_id", "idx"),
    )
    db["conflicts"].create(
        {"id": str, "claims": str, "kind": str, "status": str, "reason": str, "resolution": str},
        pk="id",
    )
    db["state"].create({"key": str, "value": str}, pk="key")
    db["fingerprints"].create({"source_id": str, "key": str, "hashes": bytes}, pk="source_id")


@migrations(name="m002_times")
def m002_times(db: sqlite_utils.Database) -> None:
    """Resolved times of quotes and claims, keyed by what they were read from and the rules that read them."""
    db["times"].create({"key": str, "times": str}, pk="key")


@migrations(name="m003_readings")
def m003_readings(db: sqlite_utils.Database) -> None:
    """Claims' event signatures and quotes' wording cues (JSON), keyed by the text and the rules that read it."""
    db["signatures"].create({"key": str, "signature": str}, pk="key")
    db["wordings"].create({"key": str, "findings": str}, pk="key")


@migrations(name="m004_documents")
def m004_documents(db: sqlite_utils.Database) -> None:
    """Each source's article text as one FTS5 document (rowid = the source row's), to rank whole articles by BM25."""
    db.execute("create virtual table documents_fts using fts5(source_id unindexed, text, tokenize='porter')")
    db.execute(
        "insert into documents_fts (rowid, source_id, text) select s.rowid, s.id, "
        "(select coalesce(group_concat(p.text, ' '), '') from passages p where p.source_id = s.id "
        "and p.kind = 'sentence') from sources s"
    )


@migrations(name="m005_shingle_index")
def m005_shingle_index(db: sqlite_utils.Database) -> None:
    """Fingerprints numbered, with their size, and the inverted index of their shingles (hash -> those numbers), so
    that an edited source is compared with the sources that share its shingles only."""
    db["fingerprints"].drop()
    db.execute(
        "create table fingerprints (id integer primary key, source_id text not null unique, key text not null, "
        "size integer not null, hashes blob not null)"
    )
    # One row per shingle; `sources` packs the fingerprint ids holding it (array 'I'), in id order.
    db.execute("create table shingles (hash integer primary key, sources blob not null)")


@migrations(name="m006_fingerprints_only")
def m006_fingerprints_only(db: sqlite_utils.Database) -> None:
    """No shingle index: a cold run wrote a row for every distinct shingle (160,000 at 2,000 sources) to spare an
    edit one pass over the fingerprints (one row a source), which finds the holders of its shingles as well."""
    db["shingles"].drop()


# Every table the migrations make; a cache missing one was damaged (or made by something else).
TABLES = frozenset({
    "source_files", "sources", "passages", "passages_fts", "anchors", "claims", "evidence", "conflicts", "state",
    "fingerprints", "times", "signatures", "wordings", "documents_fts",
})  # fmt: skip


class CacheError(Exception):
    """The cache cannot be used as it is; `rebuild` says whether a fresh one at the same path could be."""

    def __init__(self, reason: str, *, rebuild: bool, ours: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.rebuild = rebuild
        self.ours = ours  # False: it may be someone else's file, never to be moved
        self.identity: tuple[int, int] | None = None  # the file that failed (device, inode)


class Store:
    """The factcheck cache at one path (or in memory); opening it applies pending migrations."""

    def __init__(self, path: Path | None, *, timeout: float | None = None) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None
        self.ours = path is None  # known to be a factcheck cache (made here, or holding factcheck's migrations)
        self.fresh = True  # nothing was cached in it when it was opened
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CacheError(_os_reason(exc, path.parent), rebuild=False) from exc
        self.timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path, self.timeout)
            self.identity = _identity(path)
            self.db = sqlite_utils.Database(conn)
            self._migrate()
        except Exception as exc:
            if conn is not None:
                conn.close()
            trouble = self.trouble(exc)
            if trouble is None:
                raise
            raise trouble from exc
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    @classmethod
    def in_memory(cls) -> Store:
        """A cache that lives as long as the process: for when the one on disk cannot be used."""
        return cls(None)

    def _migrate(self) -> None:
        """Refuse a database that is not a factcheck cache; apply pending migrations, one process at a time."""
        tables = set(self.db.table_names())
        applied = self._applied(tables)
        if tables and not applied:
            others = sorted(t for t in tables if not t.startswith("sqlite_"))
            raise CacheError(
                f"it is not a factcheck cache: it holds {', '.join(others[:3])}{', …' if len(others) > 3 else ''}",
                rebuild=True,
                ours=False,
            )
        self.ours = True
        unknown = applied - {m.name for m in migrations._migrations}
        if unknown:
            raise CacheError(f"a newer factcheck wrote it ({', '.join(sorted(unknown))})", rebuild=True)
        self.fresh = not tables
        # Only now that it is known to be ours: switching to WAL rewrites the file's header.
        self._use_wal()
        self.db.execute("PRAGMA synchronous=NORMAL")
        if migrations.pending(self.db):
            # Two processes opening a new cache at once would both create the tables: the lock makes the second
            # wait, and it then finds nothing pending.
            with self.writing():
                migrations.apply(self.db)
        if self.fresh or len(applied) < len(migrations._migrations):
            tables = set(self.db.table_names())  # made by this process or, meanwhile, by another
        missing = TABLES - tables
        if missing:
            raise CacheError(f"table {', '.join(sorted(missing))} is missing", rebuild=True)

    def _use_wal(self) -> None:
        """Switch to WAL; a new file that another process is switching too answers "locked" at once, so wait here."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _applied(self, tables: set[str]) -> set[str]:
        if "_sqlite_migrations" not in tables:
            return set()
        return {
            row[0]
            for row in self.db.execute(
                "select name from _sqlite_migrations where migration_set = ?", [migrations.name]
            ).fetchall()
        }

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction that takes the write lock first, so it waits for another writer and commits whole.

        A deferred transaction that reads before it writes cannot wait for the lock (SQLite answers "database is
        locked" at once rather than risk a deadlock); sqlite-utils' own transactions nest inside as savepoints.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def trouble(self, exc: Exception) -> CacheError | None:
        """What a failure says about this cache, or None when it is not the cache's (a bug, or the user's input)."""
        if isinstance(exc, CacheError):
            trouble = exc
        elif isinstance(exc, sqlite3.Error):
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                trouble = CacheError(f"another process kept it locked for {self.timeout:g} s", rebuild=False)
            elif code in _UNWRITABLE:
                trouble = CacheError(str(exc), rebuild=False)
            elif isinstance(exc, sqlite3.DatabaseError):  # corrupt, not a database, a table or column missing ...
                trouble = CacheError(str(exc), rebuild=True, ours=self.ours)
            else:
                return None  # misuse of the sqlite3 module: a bug
        elif isinstance(exc, _GARBLED) and not isinstance(exc, FactcheckError) and not self.fresh:
            # Rows that no longer decode: a fresh cache cannot hold them, so on one this is a bug, not damage.
            trouble = CacheError(f"a cached value does not decode: {type(exc).__name__}", rebuild=True, ours=self.ours)
        else:
            return None
        trouble.identity = trouble.identity or self.identity
        return trouble

    # ------------------------------------------------------------ parsed source files

    def source_from_row(self, row: dict[str, Any], body: str) -> Source:
        """A Source rebuilt from a cached parse and the body read from the file."""
        return Source(
            meta=SourceMeta.model_validate_json(row["meta"]),
            path=row["path"],
            body=body,
            body_sha256=row["body_sha256"],
            front_matter_lines=row["front_matter_lines"],
            not_article=[Region(**r) for r in json.loads(row["not_article"])],
        )

    def cached_sources(self) -> dict[str, dict[str, Any]]:
        """Every cached parse, keyed by path (one query, for warm runs)."""
        return {row["path"]: row for row in self.db.query("select * from source_files")}

    def remember_source(self, source: Source, file_sha256: str) -> None:
        """Cache the parse of a source file."""
        self.remember_sources([(source, file_sha256)])

    def remember_sources(self, parsed: Sequence[tuple[Source, str]]) -> None:
        """Cache the parses of source files, (source, sha256 of the file), in one transaction."""
        if not parsed:
            return
        with self.writing():
            # Plain executemany: sqlite-utils' per-value checks cost more than SQLite itself on 20,000 rows.
            self.db.conn.executemany(
                "insert into source_files (path, file_sha256, meta, body_sha256, front_matter_lines, not_article) "
                "values (?, ?, ?, ?, ?, ?) on conflict (path) do update set file_sha256 = excluded.file_sha256, "
                "meta = excluded.meta, body_sha256 = excluded.body_sha256, "
                "front_matter_lines = excluded.front_matter_lines, not_article = excluded.not_article",
                (
                    (
                        source.path,
                        file_sha256,
                        source.meta.model_dump_json(),
                        source.body_sha256,
                        source.front_matter_lines,
                        json.dumps([r.model_dump() for r in source.not_article]),
                    )
                    for source, file_sha256 in parsed
                ),
            )

    # ------------------------------------------------------------ sources and passages

    def indexed_hashes(self) -> dict[str, str | None]:
        """The body hash each source was last segmented and indexed at."""
        return {row["id"]: row["indexed_sha256"] for row in self.db.query("select id, indexed_sha256 from sources")}

    def sync_sources(
        self,
        sources: Sequence[Source],
        origins: dict[str, str],
        passages: Callable[[Sequence[Source]], Iterable[tuple[str, str, int, int, str]]],
    ) -> int:
        """Upsert source rows; re-segment and re-index only sources whose body hash changed. Returns that count.

        Every table is written in bulk, in one transaction: one statement per table, not one per source.

        Args:
            passages: the (source id, kind, start, end, text) rows of the given sources' passages, in their order.
        """
        if not self._sources_differ(sources, origins):
            return 0  # a warm run writes nothing, so it never waits for another process's write
        conn = self.db.conn
        with self.writing():
            # Read again under the lock: a process that indexed these sources meanwhile left nothing to redo.
            indexed = self.indexed_hashes()
            stored = {row["id"]: row for row in self.db.query("select * from sources")}
            rows = [_source_row(source, origins.get(source.id, source.id)) for source in sources]
            changed = [row for row in rows if any(stored.get(row["id"], {}).get(k) != v for k, v in row.items())]
            if changed:
                columns = list(changed[0])
                conn.executemany(
                    f"insert into sources ({', '.join(columns)}) values ({', '.join('?' * len(columns))}) "
                    f"on conflict (id) do update set {', '.join(f'{c} = excluded.{c}' for c in columns[1:])}",
                    [tuple(row[c] for c in columns) for row in changed],
                )
            stale = [source for source in sources if indexed.get(source.id) != source.body_sha256]
            gone = sorted(set(indexed) - {s.id for s in sources})
            self._drop_passages([s.id for s in stale if s.id in indexed] + gone)
            for chunk in _chunks(gone):
                conn.execute(f"delete from sources where id in ({_marks(chunk)})", chunk)
            if stale:
                cold = conn.execute("select not exists (select 1 from passages)").fetchone()[0]
                last = conn.execute("select coalesce(max(id), 0) from passages").fetchone()[0]
                # Plain executemany: sqlite-utils' per-value checks cost more than SQLite itself on big sources.
                conn.executemany(
                    "insert into passages (source_id, kind, start, [end], text) values (?, ?, ?, ?, ?)",
                    passages(stale),
                )
                if cold:  # every passage is new: FTS5 builds its index in one pass
                    conn.execute("insert into passages_fts (passages_fts) values ('rebuild')")
                else:
                    conn.execute("insert into passages_fts (rowid, text) select id, text from passages where id > ?",
                                 [last])
                for chunk in _chunks([s.id for s in stale]):
                    conn.execute(
                        "insert into documents_fts (rowid, source_id, text) select s.rowid, s.id, (select "
                        "coalesce(group_concat(p.text, ' '), '') from passages p where p.source_id = s.id and "
                        f"p.kind = 'sentence') from sources s where s.id in ({_marks(chunk)})",
                        chunk,
                    )
                conn.executemany(
                    "update sources set indexed_sha256 = ? where id = ?", [(s.body_sha256, s.id) for s in stale]
                )
        return len(stale)

    def _sources_differ(self, sources: Sequence[Source], origins: dict[str, str]) -> bool:
        stored = {row["id"]: row for row in self.db.query("select * from sources")}
        if set(stored) != {s.id for s in sources}:
            return True
        for source in sources:
            row = stored[source.id]
            if row["indexed_sha256"] != source.body_sha256:
                return True
            if any(row.get(k) != v for k, v in _source_row(source, origins.get(source.id, source.id)).items()):
                return True
        return False

    def _drop_passages(self, source_ids: Sequence[str]) -> None:
        """Remove sources' passages, their entries in the external-content FTS index, and their article documents."""
        for chunk in _chunks(source_ids):
            marks = _marks(chunk)
            self.db.execute(
                f"delete from documents_fts where rowid in (select rowid from sources where id in ({marks}))", chunk
            )
            self.db.execute(
                "insert into passages_fts (passages_fts, rowid, text) "
                f"select 'delete', id, text from passages where source_id in ({marks})",
                chunk,
            )
            self.db.execute(f"delete from passages where source_id in ({marks})", chunk)

    def passages(self, source_id: str, kind: str | None = None) -> list[Passage]:
        """The passages of one source, in body order."""
        sql = "select source_id, kind, start, end, text from passages where source_id = ?"
        params: list[Any] = [source_id]
        if kind:
            sql += " and kind = ?"
            params.append(kind)
        return [Passage(**row) for row in self.db.query(sql + " order by start, kind", params)]

    def search(self, query: str, limit: int = 10) -> list[dict[str, Any]]:
        """BM25 search over article passages; user text is quoted, so FTS5 operators cannot break it."""
        if not any(ch.isalnum() for ch in query):
            return []  # nothing a tokenizer would keep: FTS5 would call the empty phrase a syntax error
        return list(self.db["passages"].search(query, limit=limit, quote=True))

    def search_passages(
        self,
        terms: Sequence[str],
        *,
        kind: str = "sentence",
        source_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 10,
        raw: bool = False,
        snippets: bool = True,
        source_ids: Sequence[str] | None = None,
        per_source: int | None = None,
        cap: int | None = None,
        at_most: int | None = None,
    ) -> list[dict[str, Any]]:
        """Passages matching any of the terms (words or phrases), best BM25 first, with a highlighted snippet.

        Each term is quoted as an FTS5 string, so no user text can be read as query syntax (`raw` takes one
        expression the caller built from such strings). Matches are marked
        in the snippet with \\x01 ... \\x02. `since`/`until` (YYYY-MM-DD) keep sources printed in that range.
        `source_ids` keeps those sources only; `per_source` keeps each source's best passages only. With `cap`,
        when more than `cap` indexed passages (of any kind) match, BM25 ranks only the first `cap` of them in the
        index's order, and every row says so in `capped` (FTS5 scores every match before it sorts: 1.2 µs each).
        `at_most`: as many passages as can match, when the caller knows it (count_passages): within `cap`, the
        matches are not counted again.
        """
        match = _match_any(terms, raw)
        if not match:
            return []
        # Only the named sources' passages go on to be scored and joined: a test of the rowid against their ids, which
        # FTS5 is not asked to use (it would seek every term's list once per id), costs less than reading each row.
        within, within_params = "", []
        wanted = [source_id] if source_id else list(source_ids) if source_ids is not None else None
        if wanted is not None:
            within = f" and +passages_fts.rowid in (select id from passages where source_id in ({_marks(wanted)}))"
            within_params = wanted
        capped = (cap is not None and (at_most is None or at_most > cap)
                  and self._count_matches(match, cap, within, within_params) > cap)
        if capped:
            # The first `cap` matches alone are scored; snippets are made for the rows shown only.
            found = ("from (select rowid, bm25(passages_fts) as rank from passages_fts where passages_fts match ?"
                     f"{within} limit ?) f join passages p on p.id = f.rowid ")
            sql = ("select p.id, p.source_id, p.kind, p.start, p.[end], p.text, s.publisher, s.published, s.title, "
                   "f.rank, '' as snippet " + found + "join sources s on s.id = p.source_id where p.kind = ?")
            params: list[Any] = [match, *within_params, cap, kind]
        else:
            sql = (
                "select p.id, p.source_id, p.kind, p.start, p.[end], p.text, s.publisher, s.published, s.title, "
                "bm25(passages_fts) as rank, "
                + ("snippet(passages_fts, 0, char(1), char(2), '…', 24) as snippet " if snippets else "'' as snippet ")
                + "from passages_fts join passages p on p.id = passages_fts.rowid join sources s on s.id = p.source_id "
                f"where passages_fts match ?{within} and p.kind = ?"
            )
            params = [match, *within_params, kind]
        if source_id:
            sql += " and p.source_id = ?"
            params.append(source_id)
        if since:
            sql += " and s.published >= ?"
            params.append(since)
        if until:
            sql += " and s.published <= ?"
            params.append(until)
        if source_ids is not None:
            sql += f" and p.source_id in ({', '.join('?' * len(source_ids))})"
            params.extend(source_ids)
        if per_source:
            # Ties on rank go to the earlier passage, so the choice does not depend on SQLite's scan order.
            sql = (
                f"select * from (select *, row_number() over (partition by source_id order by rank, start) as nth "
                f"from ({sql})) where nth <= ?"
            )
            params.append(per_source)
        sql += " order by rank, source_id, start limit ?"
        params.append(limit)
        rows = list(self.db.query(sql, params))
        if capped:
            if snippets and rows:
                shown = self._snippets(match, [row["id"] for row in rows])
                rows = [{**row, "snippet": shown[row["id"]]} for row in rows]
            rows = [{**row, "capped": True} for row in rows]
        return rows

    def count_passages(self, term: str, cap: int) -> int:
        """How many indexed passages (of any kind) hold a word or phrase, counted up to cap + 1."""
        match = _match_any([term], False)
        return self._count_matches(match, cap) if match else 0

    def _count_matches(self, match: str, cap: int, within: str = "", within_params: Sequence[str] = ()) -> int:
        """Matches of an FTS5 expression (among some sources' passages: `within`), up to cap + 1: reads no more of
        the index than it must to find that many (0.05 µs a match)."""
        return self.db.execute(
            f"select count(*) from (select rowid from passages_fts where passages_fts match ?{within} limit ?)",
            [match, *within_params, cap + 1],
        ).fetchone()[0]

    def _snippets(self, match: str, ids: Sequence[int]) -> dict[int, str]:
        """The snippets of these passages for a match, as search_passages makes them, in one pass over the rowids
        between the first and the last (a lookup per rowid would seek from the start of every term's list)."""
        marks = ",".join("?" * len(ids))
        return dict(self.db.execute(
            "select rowid, snippet(passages_fts, 0, char(1), char(2), '…', 24) from passages_fts "
            f"where passages_fts match ? and rowid between ? and ? and +rowid in ({marks})",
            [match, min(ids), max(ids), *ids],
        ).fetchall())

    def search_documents(self, terms: Sequence[str], *, limit: int = 10) -> list[dict[str, Any]]:
        """Sources whose whole article text matches any of the terms, best BM25 first: `source_id` and `rank`."""
        match = _match_any(terms, False)
        if not match:
            return []
        # The source's id from its row in `sources` (documents_fts' rowid is that row's, written and deleted with it):
        # reading it from documents_fts would read each matching article's whole text, four times the cost.
        return list(self.db.query(
            "select s.id as source_id, f.rank from (select rowid, bm25(documents_fts) as rank from documents_fts "
            "where documents_fts match ?) f join sources s on s.rowid = f.rowid order by f.rank, s.id limit ?",
            [match, limit],
        ))

    # ------------------------------------------------------------ anchors

    def cached_anchors(self, keys: Iterable[str]) -> dict[str, tuple[Anchor | None, Anchor | None]]:
        """Anchoring results found earlier for these keys."""
        wanted = list(keys)
        out: dict[str, tuple[Anchor | None, Anchor | None]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(f"select key, anchor, closest from anchors where key in ({marks})", chunk):
                out[row["key"]] = (_anchor(row["anchor"]), _anchor(row["closest"]))
        return out

    def remember_anchors(self, rows: Iterable[tuple[str, str, str, Anchor | None, Anchor | None]]) -> None:
        """Cache anchoring results: (key, body sha256, quote, anchor, closest)."""
        with self.writing():
            self.db["anchors"].upsert_all(
                (
                    {
                        "key": key,
                        "body_sha256": body_sha,
                        "quote": quote,
                        "anchor": anchor.model_dump_json() if anchor else None,
                        "closest": closest.model_dump_json() if closest else None,
                    }
                    for key, body_sha, quote, anchor, closest in rows
                ),
                pk="key",
            )

    # ------------------------------------------------------------ origins

    def _cached(self, table: str, column: str, keys: Iterable[str]) -> dict[str, str]:
        """A keyed cache table's values found earlier for these keys, read 500 keys a query."""
        wanted = list(keys)
        out: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(f"select key, {column} from {table} where key in ({marks})", chunk):
                out[row["key"]] = row[column]
        return out

    def _remember(self, table: str, column: str, rows: dict[str, str]) -> None:
        with self.writing():
            self.db[table].upsert_all(({"key": k, column: v} for k, v in rows.items()), pk="key")

    def cached_times(self, keys: Iterable[str]) -> dict[str, str]:
        """Resolved times (JSON) found earlier for these keys."""
        return self._cached("times", "times", keys)

    def remember_times(self, rows: dict[str, str]) -> None:
        """Cache resolved times (JSON) by key."""
        self._remember("times", "times", rows)

    def cached_signatures(self, keys: Iterable[str]) -> dict[str, str]:
        """Event signatures (JSON) found earlier for these keys."""
        return self._cached("signatures", "signature", keys)

    def remember_signatures(self, rows: dict[str, str]) -> None:
        """Cache event signatures (JSON) by key."""
        self._remember("signatures", "signature", rows)

    def cached_wordings(self, keys: Iterable[str]) -> dict[str, str]:
        """Wording cues (JSON) found earlier for these keys."""
        return self._cached("wordings", "findings", keys)

    def remember_wordings(self, rows: dict[str, str]) -> None:
        """Cache wording cues (JSON) by key."""
        self._remember("wordings", "findings", rows)

    def fingerprint_keys(self) -> dict[str, tuple[str, int]]:
        """Each indexed source's fingerprint key and size (its count of shingles)."""
        return {row[0]: (row[1], row[2]) for row in self.db.execute("select source_id, key, size from fingerprints")}

    def cached_fingerprints(self, source_ids: Iterable[str] | None = None) -> dict[str, array]:
        """Stored fingerprints (shingle hashes) of these sources, or of all."""
        if source_ids is None:
            rows = self.db.execute("select source_id, hashes from fingerprints order by source_id").fetchall()
        else:
            rows = []
            wanted = list(source_ids)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows += self.db.execute(
                    f"select source_id, hashes from fingerprints where source_id in ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
        return {sid: array("I", blob) for sid, blob in rows}

    def shingle_holders(self, hashes: Collection[int], most: int) -> dict[int, list[str]]:
        """The sources (in id order) whose stored fingerprints hold each of these shingle hashes, found in one pass
        over every fingerprint (a row a source); a hash no source holds is left out. A hash held by more than `most`
        sources gets the first `most` + 1 only, and is looked for no further (a stock phrase is in thousands)."""
        wanted = set(hashes)
        out: dict[int, list[str]] = defaultdict(list)
        if wanted:
            for sid, blob in self.db.execute("select source_id, hashes from fingerprints order by source_id"):
                for h in wanted.intersection(array("I", blob)):
                    holders = out[h]
                    holders.append(sid)
                    if len(holders) > most:
                        wanted.discard(h)
        return dict(out)

    def stage_fingerprints(self, rows: Iterable[tuple[str, str, Collection[int]]], *, first: bool = False) -> None:
        """Keep fingerprints (source id, key, shingle hashes) in a table of this connection alone (SQLite's temporary
        store, on disk) until `index_staged` moves them into the cache: made outside the write lock, they hold up no
        other process, and none of them stays in memory. `first`: forget what was staged before."""
        conn = self.db.conn
        conn.execute(
            "create temp table if not exists staged_fingerprints "
            "(source_id text primary key, key text not null, size integer not null, hashes blob not null)"
        )
        outside = not conn.in_transaction
        try:
            if first:
                conn.execute("delete from temp.staged_fingerprints")
            conn.executemany(
                "insert or replace into temp.staged_fingerprints (source_id, key, size, hashes) values (?, ?, ?, ?)",
                ((sid, key, len(hashes), _packed(hashes)) for sid, key, hashes in rows),
            )
        except BaseException:
            if outside and conn.in_transaction:
                conn.rollback()
            raise
        if outside and conn.in_transaction:
            conn.commit()  # only the temporary table was written: no lock on the cache was taken

    def staged_fingerprints(self, source_ids: Iterable[str]) -> dict[str, array]:
        """The staged fingerprints of these sources."""
        wanted = list(source_ids)
        out: dict[str, array] = {}
        for chunk in _chunks(wanted):
            query = f"select source_id, hashes from temp.staged_fingerprints where source_id in ({_marks(chunk)})"
            out.update((sid, array("I", blob)) for sid, blob in self.db.execute(query, chunk))
        return out

    def index_staged(self, gone: Collection[str] = ()) -> None:
        """Move the staged fingerprints into the cache, in the open write transaction; `gone` sources leave it."""
        conn = self.db.conn
        conn.executemany("delete from fingerprints where source_id = ?", [(sid,) for sid in gone])
        conn.execute(
            "insert or replace into fingerprints (source_id, key, size, hashes) "
            "select source_id, key, size, hashes from temp.staged_fingerprints"
        )
        conn.execute("delete from temp.staged_fingerprints")

    def stored_fingerprints(self) -> StoredFingerprints:
        """Every stored fingerprint in source id order, read from the cache as it is iterated (none held)."""
        ids = [row[0] for row in self.db.execute("select source_id from fingerprints order by source_id")]
        return StoredFingerprints(self.db.conn, ids)

    # ------------------------------------------------------------ derived state

    def get_state(self, key: str) -> str | None:
        """A value remembered under a key (e.g. the origins of the last set of sources)."""
        rows = list(self.db.query("select value from state where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set_state(self, key: str, value: str) -> None:
        """Remember a value under a key."""
        with self.writing():
            self.db.execute("insert or replace into state (key, value) values (?, ?)", [key, value])

    # ------------------------------------------------------------ results

    def save_results(
        self,
        checks: Sequence[EvidenceCheck],
        assessments: Sequence[Assessment],
        conflicts: Sequence[Conflict],
        claim_texts: dict[str, str],
    ) -> None:
        """Replace the claims, evidence and conflicts tables with this run's results, in one transaction."""
        strength = {(a.claim_id, w.index): w.strength for a in assessments for w in a.evidence}
        claims = [
            (a.claim_id, claim_texts.get(a.claim_id, ""), a.verdict, a.credibility, a.independent_sources,
             json.dumps(a.reasons))
            for a in assessments
        ]
        evidence = [
            (c.claim_id, c.index, c.source_id, c.stance, c.quote, c.anchor.start if c.anchor else None,
             c.anchor.end if c.anchor else None, c.match, c.anchor.similarity if c.anchor else None,
             strength.get((c.claim_id, c.index)))
            for c in checks
        ]
        conflict_rows = [
            (c.id, json.dumps(c.claims), c.kind, c.status, c.reason,
             c.resolution.model_dump_json() if c.resolution else None)
            for c in conflicts
        ]
        digest = hashlib.sha256(json.dumps([claims, evidence, conflict_rows]).encode()).hexdigest()
        if self.get_state("results") == digest:
            return  # the same results as last time: no write, so no wait for another process's lock
        with self.writing():
            for table in ("claims", "evidence", "conflicts"):
                self.db.execute(f"delete from {table}")
            # `or replace`: a claim id given twice in claims.yaml (an error reported elsewhere) must not fail the run.
            self.db.conn.executemany(
                "insert or replace into claims (id, text, verdict, credibility, independent_sources, reasons) "
                "values (?, ?, ?, ?, ?, ?)",
                claims,
            )
            self.db.conn.executemany(
                "insert or replace into evidence (claim_id, idx, source_id, stance, quote, start, [end], match, "
                "similarity, strength) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                evidence,
            )
            self.db.conn.executemany(
                "insert or replace into conflicts (id, claims, kind, status, reason, resolution) "
                "values (?, ?, ?, ?, ?, ?)",
                conflict_rows,
            )
            self.set_state("results", digest)


# SQLite's primary result codes that say the cache cannot be written where it is (rebuilding it there would not help).
_UNWRITABLE = frozenset({
    sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_FULL, sqlite3.SQLITE_AUTH,
})  # fmt: skip
# What decoding a garbled cached row raises: bad JSON or UTF-8 and pydantic's errors are ValueErrors; a JSON value of
# the wrong shape gives the others.
_GARBLED = (ValueError, KeyError, TypeError, IndexError, AttributeError)


def copy_cache(path: Path, to: Path) -> bool:
    """Copy the cache at `path` (with what its write-ahead log holds) to a new file; False when it cannot be read."""
    if not path.is_file():
        return False
    source = target = None
    try:
        source = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        target = sqlite3.connect(str(to))
        source.backup(target)
    except sqlite3.Error:
        return False  # damaged or not a cache: the copy starts empty, and the project's own run says why
    finally:
        for conn in (source, target):
            if conn is not None:
                conn.close()
    try:
        Store(to).close()  # a copy of a file that is not a factcheck cache must not stay to be refused each run
    except CacheError:
        for leftover in (to, Path(f"{to}-wal"), Path(f"{to}-shm")):
            leftover.unlink(missing_ok=True)
        return False
    return True


def run_with_cache(
    path: Path, work: Callable[[Store], T], notice: Callable[[str], None], *, shown: str, default: bool
) -> T:
    """Run `work` on the cache at `path`; on a damaged cache rebuild it and run again, or run on one in memory.

    Whatever happened to the cache is said in one line through `notice`. `default` marks the project's own
    .factcheck/factcheck.db, which may always be moved aside; a file named with --db is moved aside only once it was
    seen to be a factcheck cache, so a user's file given by mistake is left as it is.
    """
    try:
        return _run_on(lambda: Store(path), work)
    except CacheError as exc:
        trouble = exc
    if trouble.rebuild and (default or trouble.ours):
        aside = path.with_name(path.name + ".bad")
        try:
            _set_aside(path, aside, trouble.identity)
            result = _run_on(lambda: Store(path), work)
        except (CacheError, OSError) as again:
            reason = again.reason if isinstance(again, CacheError) else _os_reason(again)
            notice(f"warning: could not use the cache {shown} ({trouble.reason}), nor rebuild it ({reason}); "
                   "ran without a cache")
        else:
            notice(f"note: could not use the cache {shown} ({trouble.reason}); moved it to {shown}.bad and rebuilt "
                   "it from the files")
            return result
    elif trouble.rebuild:
        notice(f"warning: could not use the cache {shown} ({trouble.reason}); left it as it is, since it may not be "
               "a factcheck cache, and ran without a cache")
    else:
        notice(f"warning: could not use the cache {shown} ({trouble.reason}); ran without a cache")
    return _run_on(Store.in_memory, work)


def _run_on(open_store: Callable[[], Store], work: Callable[[Store], T]) -> T:
    """Open a store, run work on it and close it; a failure that is the cache's own is raised as CacheError."""
    store = open_store()
    try:
        return work(store)
    except Exception as exc:
        trouble = store.trouble(exc) if store.path is not None else None
        if trouble is None:
            raise
        raise trouble from exc
    finally:
        with contextlib.suppress(sqlite3.Error):
            store.close()


def _set_aside(path: Path, aside: Path, identity: tuple[int, int] | None) -> None:
    """Move a damaged cache (with its write-ahead log) aside, unless another process already replaced it."""
    if identity is not None and _identity(path) != identity:
        return  # moved already, and perhaps rebuilt: use what is there now
    if path.exists():
        os.replace(path, aside)
    # A log left beside a new database would be replayed into it; the shared-memory index is rebuilt from the log.
    wal = Path(f"{path}-wal")
    if wal.exists():
        os.replace(wal, Path(f"{aside}-wal"))
    Path(f"{path}-shm").unlink(missing_ok=True)


class StoredFingerprints(Sequence[array]):
    """The stored fingerprints in source id order (`ids`), each read when it is reached, forwards or backwards."""

    _QUERY = "select hashes from fingerprints order by source_id"

    def __init__(self, conn: sqlite3.Connection, ids: list[str]) -> None:
        self.conn, self.ids = conn, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> array:  # type: ignore[override]
        row = self.conn.execute("select hashes from fingerprints where source_id = ?", [self.ids[index]]).fetchone()
        return array("I", row[0])

    def __iter__(self) -> Iterator[array]:
        return (array("I", blob) for (blob,) in self.conn.execute(self._QUERY))

    def __reversed__(self) -> Iterator[array]:
        return (array("I", blob) for (blob,) in self.conn.execute(self._QUERY + " desc"))


def _packed(hashes: Collection[int]) -> bytes:
    if isinstance(hashes, array) and hashes.typecode == "I":
        return hashes.tobytes()
    return array("I", set(hashes)).tobytes()


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    """Items in lists short enough to bind as the parameters of one statement."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _marks(chunk: Sequence[object]) -> str:
    return ",".join("?" * len(chunk))


def _match_any(terms: Sequence[str], raw: bool) -> str:
    """An FTS5 expression for any of the terms, each quoted as a string; `raw` passes the caller's one expression."""
    phrases = [" ".join(t.split()) for t in terms if any(ch.isalnum() for ch in t)]
    if not phrases:
        return ""
    if raw:
        return phrases[0]  # one expression built by the caller from quoted strings only (every word: `"a" "b"`)
    return " OR ".join('"' + phrase.replace('"', '""') + '"' for phrase in dict.fromkeys(phrases))


def _connect(path: Path | None, timeout: float) -> sqlite3.Connection:
    return sqlite3.connect(":memory:" if path is None else str(path), timeout=timeout)


def _identity(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _os_reason(exc: OSError, folder: Path | None = None) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and folder is not None:
        return f"its folder {folder.name} is a file: move that file away to get the cache back"
    return exc.strerror or str(exc)


def anchor_key(body_sha256: str, quote: str, article_regions: str) -> str:
    """The cache key of one anchoring: the body, the quote, and which stretches are not the article."""
    return hashlib.sha256(f"{body_sha256}\0{article_regions}\0{quote}".encode()).hexdigest()


def _anchor(text: str | None) -> Anchor | None:
    return Anchor.model_validate_json(text) if text else None


def _source_row(source: Source, origin: str) -> dict[str, Any]:
    meta: SourceMeta = source.meta
    return {
        "id": meta.id,
        "path": source.path,
        "title": meta.title,
        "publisher": meta.publisher,
        "author": meta.author,
        "url": meta.url,
        "published": meta.published.isoformat() if meta.published else None,
        "kind": meta.kind,
        "reliability": meta.reliability,
        "sha256": meta.sha256,
        "body_sha256": source.body_sha256,
        "origin": origin,
    }
