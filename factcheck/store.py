"""The only module that speaks SQL: the SQLite cache and index of what the files say (sqlite-utils).

Deleting the database loses nothing: every row is rebuilt from claims.yaml and sources/.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_migrate import Migrations

from factcheck.models import Anchor, Assessment, Conflict, EvidenceCheck, Passage, Region, Source, SourceMeta

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


class Store:
    """The factcheck cache at one path; opening it applies pending migrations."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        migrations.apply(self.db)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

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
        self.db["source_files"].upsert(
            {
                "path": source.path,
                "file_sha256": file_sha256,
                "meta": source.meta.model_dump_json(),
                "body_sha256": source.body_sha256,
                "front_matter_lines": source.front_matter_lines,
                "not_article": json.dumps([r.model_dump() for r in source.not_article]),
            },
            pk="path",
        )

    # ------------------------------------------------------------ sources and passages

    def indexed_hashes(self) -> dict[str, str | None]:
        """The body hash each source was last segmented and indexed at."""
        return {row["id"]: row["indexed_sha256"] for row in self.db.query("select id, indexed_sha256 from sources")}

    def sync_sources(self, sources: Sequence[Source], origins: dict[str, str], segment: Any) -> int:
        """Upsert source rows; re-segment and re-index only sources whose body hash changed. Returns that count."""
        indexed = self.indexed_hashes()
        stored = {row["id"]: row for row in self.db.query("select * from sources")}
        reindexed = 0
        with self.db.conn:
            for source in sources:
                needs_index = indexed.get(source.id) != source.body_sha256
                row = _source_row(source, origins.get(source.id, source.id))
                if any(stored.get(source.id, {}).get(k) != v for k, v in row.items()):
                    self.db["sources"].upsert(row, pk="id")
                if needs_index:
                    self._drop_passages(source.id)
                    # Plain executemany: sqlite-utils' per-value checks cost more than SQLite itself on big sources.
                    self.db.conn.executemany(
                        "insert into passages (source_id, kind, start, [end], text) values (?, ?, ?, ?, ?)",
                        ((p.source_id, p.kind, p.start, p.end, p.text) for p in segment(source)),
                    )
                    self.db.execute(
                        "insert into passages_fts (rowid, text) select id, text from passages where source_id = ?",
                        [source.id],
                    )
                    self.db.execute(
                        "update sources set indexed_sha256 = ? where id = ?", [source.body_sha256, source.id]
                    )
                    reindexed += 1
            gone = set(indexed) - {s.id for s in sources}
            for source_id in gone:
                self._drop_passages(source_id)
                self.db.execute("delete from sources where id = ?", [source_id])
        return reindexed

    def _drop_passages(self, source_id: str) -> None:
        """Remove a source's passages and their entries in the external-content FTS index."""
        self.db.execute(
            "insert into passages_fts (passages_fts, rowid, text) "
            "select 'delete', id, text from passages where source_id = ?",
            [source_id],
        )
        self.db.execute("delete from passages where source_id = ?", [source_id])

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
    ) -> list[dict[str, Any]]:
        """Passages matching any of the terms (words or phrases), best BM25 first, with a highlighted snippet.

        Each term is quoted as an FTS5 string, so no user text can be read as query syntax (`raw` takes one
        expression the caller built from such strings). Matches are marked
        in the snippet with \\x01 ... \\x02. `since`/`until` (YYYY-MM-DD) keep sources printed in that range.
        """
        phrases = [" ".join(t.split()) for t in terms if any(ch.isalnum() for ch in t)]
        if not phrases:
            return []
        # raw: one expression built by the caller from quoted strings only (every word: `"a" "b"`)
        match = phrases[0] if raw else " OR ".join(
            '"' + phrase.replace('"', '""') + '"' for phrase in dict.fromkeys(phrases)
        )
        sql = (
            "select p.id, p.source_id, p.kind, p.start, p.[end], p.text, s.publisher, s.published, s.title, "
            "bm25(passages_fts) as rank, "
            + ("snippet(passages_fts, 0, char(1), char(2), '…', 24) as snippet " if snippets else "'' as snippet ")
            + "from passages_fts join passages p on p.id = passages_fts.rowid join sources s on s.id = p.source_id "
            "where passages_fts match ? and p.kind = ?"
        )
        params: list[Any] = [match, kind]
        if source_id:
            sql += " and p.source_id = ?"
            params.append(source_id)
        if since:
            sql += " and s.published >= ?"
            params.append(since)
        if until:
            sql += " and s.published <= ?"
            params.append(until)
        sql += " order by rank limit ?"
        params.append(limit)
        return list(self.db.query(sql, params))

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

    def anchors_in_body(self, body_sha256: str, quotes: Iterable[str]) -> dict[str, Anchor]:
        """Anchors found earlier in one version of a body (by its hash), by quote, whatever the regions were."""
        wanted = list(dict.fromkeys(quotes))
        out: dict[str, Anchor] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"select quote, anchor from anchors where body_sha256 = ? and quote in ({marks})", [body_sha256, *chunk]
            ):
                anchor = _anchor(row["anchor"])
                if anchor is not None:
                    out[row["quote"]] = anchor
        return out

    def remember_anchors(self, rows: Iterable[tuple[str, str, str, Anchor | None, Anchor | None]]) -> None:
        """Cache anchoring results: (key, body sha256, quote, anchor, closest)."""
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

    def cached_times(self, keys: Iterable[str]) -> dict[str, str]:
        """Resolved times (JSON) found earlier for these keys."""
        wanted = list(keys)
        out: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(f"select key, times from times where key in ({marks})", chunk):
                out[row["key"]] = row["times"]
        return out

    def remember_times(self, rows: dict[str, str]) -> None:
        """Cache resolved times (JSON) by key."""
        self.db["times"].upsert_all(({"key": k, "times": v} for k, v in rows.items()), pk="key")

    def cached_fingerprints(self, keys: dict[str, str]) -> dict[str, frozenset[int]]:
        """Fingerprints of sources whose article text is unchanged (same key)."""
        out = {}
        for row in self.db.query("select source_id, key, hashes from fingerprints"):
            if keys.get(row["source_id"]) == row["key"]:
                out[row["source_id"]] = frozenset(array("I", row["hashes"]))
        return out

    def remember_fingerprints(self, fingerprints: dict[str, tuple[str, frozenset[int]]]) -> None:
        """Cache fingerprints: source id -> (key, shingle hashes)."""
        self.db["fingerprints"].upsert_all(
            (
                {"source_id": sid, "key": key, "hashes": array("I", sorted(hashes)).tobytes()}
                for sid, (key, hashes) in fingerprints.items()
            ),
            pk="source_id",
        )

    # ------------------------------------------------------------ derived state

    def get_state(self, key: str) -> str | None:
        """A value remembered under a key (e.g. the origins of the last set of sources)."""
        rows = list(self.db.query("select value from state where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set_state(self, key: str, value: str) -> None:
        """Remember a value under a key."""
        self.db["state"].upsert({"key": key, "value": value}, pk="key")

    # ------------------------------------------------------------ results

    def save_results(
        self,
        checks: Sequence[EvidenceCheck],
        assessments: Sequence[Assessment],
        conflicts: Sequence[Conflict],
        claim_texts: dict[str, str],
    ) -> None:
        """Replace the claims, evidence and conflicts tables with this run's results."""
        strength = {(a.claim_id, w.index): w.strength for a in assessments for w in a.evidence}
        with self.db.conn:
            for table in ("claims", "evidence", "conflicts"):
                self.db.execute(f"delete from {table}")
            self.db["claims"].insert_all(
                {
                    "id": a.claim_id,
                    "text": claim_texts.get(a.claim_id, ""),
                    "verdict": a.verdict,
                    "credibility": a.credibility,
                    "independent_sources": a.independent_sources,
                    "reasons": json.dumps(a.reasons),
                }
                for a in assessments
            )
            self.db["evidence"].insert_all(
                {
                    "claim_id": c.claim_id,
                    "idx": c.index,
                    "source_id": c.source_id,
                    "stance": c.stance,
                    "quote": c.quote,
                    "start": c.anchor.start if c.anchor else None,
                    "end": c.anchor.end if c.anchor else None,
                    "match": c.match,
                    "similarity": c.anchor.similarity if c.anchor else None,
                    "strength": strength.get((c.claim_id, c.index)),
                }
                for c in checks
            )
            self.db["conflicts"].insert_all(
                {
                    "id": c.id,
                    "claims": json.dumps(c.claims),
                    "kind": c.kind,
                    "status": c.status,
                    "reason": c.reason,
                    "resolution": c.resolution.model_dump_json() if c.resolution else None,
                }
                for c in conflicts
            )


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
