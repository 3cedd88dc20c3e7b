"""The SQLite store: one file, WAL mode, a versioned schema, one transaction per batch.

Writing a batch is all-or-nothing: a crash, a kill -9 or a full disk loses at most the batch in flight
and never leaves half a document behind; a re-run skips what is stored and adds the rest. Concurrent
writers take turns batch by batch (``BEGIN IMMEDIATE`` with a busy timeout), and the "is it already
stored?" check runs inside the write transaction, so two runs on one file never store a document twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from veille.model import Document, Event
from veille.store.clusters import assign_cluster
from veille.store.identity import event_id, raw_hash
from veille.store.query import DocFilters, EventFilters, docs_sql, events_sql
from veille.store.schema import SchemaError, migrate
from veille.store.stories import StoryAssigner, StoryParams
from veille.store.text import band_keys, canonical_url, content_hash, minhash, signature_similarity

DEFAULT_DB = "veille.db"
# How long a writer waits for another one to finish its batch before giving up.
BUSY_TIMEOUT_S = 60.0
# Estimated Jaccard similarity (5-word shingles) above which a document is a reprint of another.
NEAR_DUPLICATE_JACCARD = 0.8


class StoreError(Exception):
    """A problem with the database file that the user must fix (message says what and how)."""


@dataclass
class BatchResult:
    """What one batch did."""

    new: int = 0
    skipped: int = 0
    duplicates: int = 0
    events: int = 0
    updated: int = 0
    skipped_ids: list[str] = field(default_factory=list)


def _raw_hash_of(doc: Document) -> str | None:
    return raw_hash(doc.raw.content) if doc.raw is not None and doc.raw.content else None


def _explain(exc: sqlite3.Error, path: str) -> str:
    """A message a user can act on, from SQLite's error."""
    text = str(exc)
    low = text.lower()
    if "readonly" in low or "read-only" in low:
        return f"cannot write to {path}: the database file (or its folder) is read-only"
    if "full" in low or "too big" in low or "disk i/o" in low:
        return f"cannot write to {path}: the disk is full or the file reached a size limit ({text})"
    if "locked" in low or "busy" in low:
        return (f"{path} is locked by another process that kept it longer than "
                f"{BUSY_TIMEOUT_S:.0f} s; try again when it is done ({text})")
    if "not a database" in low or "malformed" in low:
        return f"{path} is not a veille database or is damaged ({text})"
    return f"{path}: {text}"


def fold_text(value: str | None) -> str | None:
    """Lower case without diacritics, so that "Sergueï" finds "Sergueï", "serguei" and "SERGUEI"."""
    if value is None:
        return None
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that also works on read-only media (a USB key, a mounted archive).

    ``mode=ro`` still needs the WAL's shared-memory file beside the database, which SQLite cannot
    create in a read-only folder ("unable to open database file"); ``immutable=1`` needs nothing
    beside it, so it is the fallback when the folder cannot be written (nobody can be writing then).
    """
    uri = path.resolve().as_uri()
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    return conn


class Store:
    """A veille database in one SQLite file."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, readonly: bool = False,
                 story_params: StoryParams | None = None) -> None:
        """Open (and create or migrate, unless ``readonly``) the database at ``path``.

        Raises :class:`StoreError` with a clear message for a missing, read-only, locked, foreign or
        future-version file; the file is left unchanged in every such case.
        """
        self.path = str(path)
        self.readonly = readonly
        p = Path(self.path)
        if readonly and not p.exists():
            raise StoreError(f"{self.path}: no such database (create it with `veille ingest --db {self.path}`)")
        if not readonly:
            folder = p.parent if str(p.parent) else Path(".")
            if p.exists() and not os.access(p, os.W_OK):
                raise StoreError(f"cannot write to {self.path}: the database file is read-only "
                                 "(nothing was changed)")
            if not folder.exists():
                raise StoreError(f"cannot create {self.path}: folder {folder} does not exist")
            if not os.access(folder, os.W_OK):
                raise StoreError(f"cannot write to {self.path}: folder {folder} is read-only "
                                 "(SQLite needs it for its journal; nothing was changed)")
        try:
            if readonly:
                self.conn = _connect_readonly(p)
            else:
                self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                # WAL: readers never block the writer; NORMAL sync is durable across process crashes
                # (only a power loss can lose the last commits, never corrupt the file).
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self.conn, self.path)
            else:
                self._check_readable()
        except SchemaError as exc:
            raise StoreError(str(exc)) from None
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None
        self.conn.create_function("fold", 1, fold_text, deterministic=True)
        self.stories = StoryAssigner(self.conn, story_params)

    def _check_readable(self) -> None:
        from veille.store.schema import SCHEMA_VERSION, schema_version

        version = schema_version(self.conn)
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"{self.path} has schema version {version}, but this veille only knows versions up to "
                f"{SCHEMA_VERSION}: it was written by a newer veille. Upgrade veille to read it."
            )
        if version < SCHEMA_VERSION:
            raise SchemaError(f"{self.path} is empty or from an older veille (schema v{version}): "
                              f"run `veille ingest --db {self.path}` once to upgrade it")

    def close(self) -> None:
        """Close the connection (a clean close also folds the WAL back into the file)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---

    def add(self, docs: Iterable[Document], *, update: bool = False, force: bool = False) -> BatchResult:
        """Store a batch of processed documents in one transaction; already stored ones are skipped,
        or, with ``update``, replaced when their text changed (same id, corrected text), or always
        with ``force`` too (``veille reprocess``: same text, newer analysis).

        Raises :class:`StoreError` if the batch cannot be written (disk full, locked, read-only):
        the batch is then rolled back and everything stored before it is intact.
        """
        result = BatchResult()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None
        try:
            self.stories.begin_batch()
            for doc in docs:
                self._add_one(doc, result, update, force)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may have rolled back already (it does so itself on a full disk).
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(_explain(exc, self.path)) from None
            raise
        return result

    def _add_one(self, doc: Document, result: BatchResult, update: bool = False, force: bool = False) -> None:
        text = doc.text or ""
        digest = content_hash(f"{doc.title or ''}\n{text}")
        # Without an input id the id is the content hash (as `veille extract` computes it), so the same
        # text comes back with the same id and is skipped here. The same text under another input id is
        # another outlet's copy: it is stored and marked as a reprint of the first, never lost.
        doc_id = doc.id or digest[:24]
        stored = self.conn.execute("SELECT pk, content_hash, story FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if stored and update and (force or stored[1] != digest):
            self._replace(stored[0], stored[1], stored[2], doc_id, doc, result)
            return
        if stored:
            result.skipped += 1
            result.skipped_ids.append(doc_id)
            return
        url = canonical_url(doc.url)
        signature = minhash(text)
        duplicate_of = self._duplicate_of(digest, url, signature)
        record = doc.to_dict()
        record["id"] = doc_id
        del record["text"], record["events"]
        cur = self.conn.execute(
            """
            INSERT INTO documents (id, url, canonical_url, source, title, published, language, text,
                                   content_hash, story, duplicate_of, record, ingested_at, raw_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (doc_id, doc.url, url, doc.source, doc.title, doc.published, doc.language, text, digest,
             doc_id, duplicate_of, json.dumps(record, ensure_ascii=False),
             datetime.now(UTC).isoformat(timespec="seconds"), _raw_hash_of(doc)),
        )
        pk = cur.lastrowid
        assert pk is not None
        self.conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                          (pk, doc.title or "", text))
        if signature is not None:
            self.conn.execute("INSERT INTO minhash (doc_pk, signature) VALUES (?, ?)", (pk, signature.tobytes()))
            self.conn.executemany("INSERT INTO minhash_bands (band_key, doc_pk) VALUES (?, ?)",
                                  [(k, pk) for k in band_keys(signature)])
        if duplicate_of is not None:
            # A reprint tells the story of its original; it is not a voice of its own in story clustering.
            story = self.conn.execute("SELECT story FROM documents WHERE id = ?", (duplicate_of,)).fetchone()[0]
            self.conn.execute("UPDATE documents SET story = ? WHERE pk = ?", (story, pk))
            result.duplicates += 1
        else:
            story = self.stories.assign(pk, doc_id, doc.title, text, doc.published)
        self._insert_events(pk, doc_id, story, doc, result)
        result.new += 1

    def _insert_events(self, pk: int, doc_id: str, story: str, doc: Document, result: BatchResult) -> None:
        taken: set[int] = set()
        ids: set[str] = set()
        for position, event in enumerate(doc.events):
            cluster = assign_cluster(self.conn, pk, story, event, taken)
            taken.add(cluster)
            record = event.model_dump(mode="json")
            eid = event_id(doc_id, record)
            while eid in ids:  # two events of one type on one trigger: the later one gets a suffix
                eid += "+"
            ids.add(eid)
            self._insert_event(pk, position, cluster, event, eid)
            result.events += 1

    def _replace(self, pk: int, old_hash: str, story: str, doc_id: str, doc: Document, result: BatchResult) -> None:
        """A corrected document (same id, new text): its text, record and events are replaced in place.

        It keeps its row, its story and what reprints it; its events are clustered again.
        """
        text = doc.text or ""
        old = self.conn.execute("SELECT title, text FROM documents WHERE pk = ?", (pk,)).fetchone()
        self.conn.execute("INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                          (pk, old[0] or "", old[1]))
        record = doc.to_dict()
        record["id"] = doc_id
        del record["text"], record["events"]
        self.conn.execute(
            """UPDATE documents SET url = ?, canonical_url = ?, source = ?, title = ?, published = ?,
                                    language = ?, text = ?, content_hash = ?, record = ?, raw_hash = ?
               WHERE pk = ?""",
            (doc.url, canonical_url(doc.url), doc.source, doc.title, doc.published, doc.language, text,
             content_hash(f"{doc.title or ''}\n{text}"), json.dumps(record, ensure_ascii=False),
             _raw_hash_of(doc), pk))
        self.conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                          (pk, doc.title or "", text))
        self.conn.execute("DELETE FROM event_actors WHERE event_pk IN (SELECT pk FROM events WHERE doc_pk = ?)", (pk,))
        self.conn.execute("DELETE FROM events WHERE doc_pk = ?", (pk,))
        self._insert_events(pk, doc_id, story, doc, result)
        result.updated += 1

    def stored(self, doc_id: str | None, content: str | None) -> str | None:
        """Whether an input is stored, before it is processed: ``"same"`` when its id or its raw
        content is (the same input read again), ``"changed"`` when its id is, with other content."""
        digest = raw_hash(content) if content is not None else None
        if doc_id is not None:
            row = self.conn.execute("SELECT raw_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row:
                return "same" if row[0] is None or row[0] == digest else "changed"
        if digest is not None and self.conn.execute(
                "SELECT 1 FROM documents WHERE raw_hash = ? LIMIT 1", (digest,)).fetchone():
            return "same"
        return None

    def _duplicate_of(self, digest: str, url: str | None, signature: np.ndarray | None) -> str | None:
        """The first stored copy this document reprints: same text, same canonical URL, or
        near-identical text (MinHash)."""
        row = self.conn.execute(
            "SELECT coalesce(duplicate_of, id) FROM documents WHERE content_hash = ? ORDER BY pk LIMIT 1",
            (digest,),
        ).fetchone()
        if row:
            return str(row[0])
        if url is not None:
            row = self.conn.execute(
                "SELECT coalesce(duplicate_of, id) FROM documents WHERE canonical_url = ? ORDER BY pk LIMIT 1",
                (url,),
            ).fetchone()
            if row:
                return str(row[0])
        if signature is None:
            return None
        keys = band_keys(signature)
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"""
            SELECT d.pk, coalesce(d.duplicate_of, d.id), m.signature
            FROM minhash AS m JOIN documents AS d ON d.pk = m.doc_pk
            WHERE m.doc_pk IN (SELECT DISTINCT doc_pk FROM minhash_bands WHERE band_key IN ({marks}))
            ORDER BY d.pk
            """,
            keys,
        ).fetchall()
        best: tuple[float, str] | None = None
        for _, original, blob in rows:
            sim = signature_similarity(signature, np.frombuffer(blob, dtype=np.uint32))
            if sim >= NEAR_DUPLICATE_JACCARD and (best is None or sim > best[0]):
                best = (sim, str(original))
        return best[1] if best else None

    def _insert_event(self, doc_pk: int, position: int, cluster: int, event: Event, eid: str) -> None:
        place = event.place
        date = event.date
        day = date.value if date and date.value and date.value[:4].isdigit() else None
        cur = self.conn.execute(
            """
            INSERT INTO events (doc_pk, position, cluster, type, status, confidence, date,
                                country, admin1, place, geonameid, lat, lon, record, id, date_earliest, date_latest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (doc_pk, position, cluster, event.type, event.status, event.confidence, day,
             place.country if place else None, place.admin1 if place else None,
             (place.name or place.text) if place else None, place.geonameid if place else None,
             place.lat if place else None, place.lon if place else None,
             json.dumps(event.model_dump(mode="json"), ensure_ascii=False), eid,
             date.earliest if date else None, date.latest if date else None),
        )
        event_pk = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO event_actors (event_pk, role, name, code, sector, text) VALUES (?, ?, ?, ?, ?, ?)",
            [(event_pk, role, a.name or a.text, a.code, a.sector, a.text)
             for role, actors in (("actor", event.actor), ("target", event.target)) for a in actors],
        )

    # --- reading ---

    def documents(self, filters: DocFilters | None = None, *, full: bool = False) -> Iterator[dict[str, Any]]:
        """Stored documents matching ``filters``, in ingest order.

        Each is ``id, url, title, published, language, source, story, duplicate_of``; with ``full``,
        the whole contract record (text, entities, places, times, events with their ``cluster``) too.
        """
        sql, args = docs_sql(filters or DocFilters())
        try:
            for pk, doc_id, url, title, published, language, source, story, duplicate_of, text, record in (
                    self.conn.execute(sql, args)):
                out: dict[str, Any] = {
                    "id": doc_id, "url": url, "title": title, "published": published, "language": language,
                    "source": source, "story": story, "duplicate_of": duplicate_of,
                }
                if full:
                    out = {**json.loads(record), **out, "text": text, "events": self._document_events(pk)}
                yield out
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None

    def _document_events(self, doc_pk: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT cluster, record FROM events WHERE doc_pk = ? ORDER BY position",
                                 (doc_pk,))
        return [{**json.loads(record), "cluster": cluster} for cluster, record in rows]

    def events(self, filters: EventFilters | None = None) -> Iterator[dict[str, Any]]:
        """Stored events matching ``filters``: each event record with its stable ``id``, ``cluster``,
        ``sources`` (ids of the documents reporting its cluster, reprints excluded) and ``source_urls``
        (their addresses, null where a document has none), ``document``, ``url``, ``published``."""
        sql, args = events_sql(filters or EventFilters())
        sources: dict[int, list[tuple[str, str | None]]] = {}
        try:
            for cluster, doc_id, url, source, published, story, record, eid in (
                    self.conn.execute(sql, args).fetchall()):
                if cluster not in sources:
                    sources[cluster] = self._sources(cluster)
                out = json.loads(record)
                out.update(id=eid, cluster=cluster, sources=[s for s, _ in sources[cluster]],
                           source_urls=[u for _, u in sources[cluster]], document=doc_id, url=url,
                           source=source, published=published, story=story)
                yield out
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None

    def _sources(self, cluster: int) -> list[tuple[str, str | None]]:
        # A reprint is not a second source: it stands for the copy it reprints (so a cluster that only
        # a reprint reported still names one source, the original).
        rows = self.conn.execute(
            """
            SELECT coalesce(d.duplicate_of, d.id) AS original, min(d.pk) AS first
            FROM events AS e JOIN documents AS d ON d.pk = e.doc_pk
            WHERE e.cluster = ?
            GROUP BY original ORDER BY first
            """,
            (cluster,),
        ).fetchall()
        return [(original, self._url_of(original)) for original, _ in rows]

    def _url_of(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT url FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        """Numbers of documents, stories, events and clusters stored."""
        q = self.conn.execute
        return {
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "stories": q("SELECT count(DISTINCT story) FROM documents").fetchone()[0],
            "events": q("SELECT count(*) FROM events").fetchone()[0],
            "clusters": q("SELECT count(DISTINCT cluster) FROM events").fetchone()[0],
        }
