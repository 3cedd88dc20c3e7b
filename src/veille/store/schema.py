"""The store's schema and its migrations, versioned with ``PRAGMA user_version``.

Migration ``n`` takes a database from version ``n - 1`` to ``n``; each runs in one transaction with
the version bump, so a crash mid-migration leaves the previous version intact. A database whose
version is newer than :data:`SCHEMA_VERSION` was written by a newer veille and is refused rather
than misread. The SQL is plain and portable where it can be (a PostgreSQL backend would keep the
same tables; only FTS5 and the pragmas are SQLite's own).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

Migration = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = [
    # --- version 1 ---
    """
    -- One row per stored document. `record` is the contract JSON without `text` (kept in its own
    -- column for full-text search), so `veille docs` and exports never re-run the pipeline.
    CREATE TABLE documents (
        pk            INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        url           TEXT,
        canonical_url TEXT,
        source        TEXT,
        title         TEXT,
        published     TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        story         TEXT NOT NULL,
        duplicate_of  TEXT,
        record        TEXT NOT NULL,
        ingested_at   TEXT NOT NULL
    );
    CREATE INDEX documents_content_hash ON documents (content_hash);
    CREATE INDEX documents_canonical_url ON documents (canonical_url);
    CREATE INDEX documents_story ON documents (story);
    CREATE INDEX documents_published ON documents (published);

    -- Full-text search over titles and bodies, backed by the documents table (no second copy).
    CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, text, content = 'documents', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
    );

    -- Near-duplicate detection: MinHash signature per document, and its LSH band keys.
    CREATE TABLE minhash (
        doc_pk    INTEGER PRIMARY KEY REFERENCES documents (pk),
        signature BLOB NOT NULL
    );
    CREATE TABLE minhash_bands (
        band_key INTEGER NOT NULL,
        doc_pk   INTEGER NOT NULL REFERENCES documents (pk)
    );
    CREATE INDEX minhash_bands_key ON minhash_bands (band_key);

    -- Story features: raw term counts (JSON) per document, and document frequencies over the store,
    -- so that similarities are always weighted with the current collection's IDF.
    CREATE TABLE story_features (
        doc_pk INTEGER PRIMARY KEY REFERENCES documents (pk),
        words  TEXT NOT NULL,
        names  TEXT NOT NULL
    );
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- Real-world events across documents: one row per cluster.
    CREATE TABLE clusters (
        pk   INTEGER PRIMARY KEY,
        type TEXT NOT NULL
    );

    -- One row per event of a stored document, with the filterable fields as columns.
    CREATE TABLE events (
        pk         INTEGER PRIMARY KEY,
        doc_pk     INTEGER NOT NULL REFERENCES documents (pk),
        position   INTEGER NOT NULL,
        cluster    INTEGER NOT NULL REFERENCES clusters (pk),
        type       TEXT NOT NULL,
        status     TEXT NOT NULL,
        confidence REAL NOT NULL,
        date       TEXT,
        country    TEXT,
        admin1     TEXT,
        place      TEXT,
        geonameid  INTEGER,
        lat        REAL,
        lon        REAL,
        record     TEXT NOT NULL,
        UNIQUE (doc_pk, position)
    );
    CREATE INDEX events_cluster ON events (cluster);
    CREATE INDEX events_type_date ON events (type, date);
    CREATE INDEX events_country ON events (country);
    CREATE INDEX events_geonameid ON events (geonameid);
    CREATE INDEX events_confidence ON events (confidence);

    -- Participants, one row per actor or target, for the actor filter.
    CREATE TABLE event_actors (
        event_pk INTEGER NOT NULL REFERENCES events (pk),
        role     TEXT NOT NULL CHECK (role IN ('actor', 'target')),
        name     TEXT,
        code     TEXT,
        sector   TEXT
    );
    CREATE INDEX event_actors_event ON event_actors (event_pk);
    CREATE INDEX event_actors_name ON event_actors (name COLLATE NOCASE);
    CREATE INDEX event_actors_code ON event_actors (code);
    """,
    # --- version 2: see _version_2 ---
]


def _version_2(conn: sqlite3.Connection) -> None:
    """Stable event ids, event date intervals, mention text of actors, raw-input hashes.

    - ``events.id``: stable across re-runs of the same veille on the same document;
    - ``events.date_earliest`` / ``date_latest``: the ISO days the event's date covers, for filters;
    - ``event_actors.text``: the spelling in the article ("Sergeuï Lavrov"), searched beside the name;
    - ``documents.raw_hash``: hash of the input as read, so a re-run skips it before the pipeline.
    Rows stored by version 1 are filled in from their records.
    """
    from veille.store.identity import event_id
    from veille.times.interval import timex_interval

    for statement in (
        "ALTER TABLE events ADD COLUMN id TEXT",
        "ALTER TABLE events ADD COLUMN date_earliest TEXT",
        "ALTER TABLE events ADD COLUMN date_latest TEXT",
        "ALTER TABLE event_actors ADD COLUMN text TEXT",
        "ALTER TABLE documents ADD COLUMN raw_hash TEXT",
        "CREATE INDEX events_id ON events (id)",
        "CREATE INDEX events_date_interval ON events (date_earliest, date_latest)",
        "CREATE INDEX documents_raw_hash ON documents (raw_hash)",
    ):
        conn.execute(statement)
    rows = conn.execute("SELECT e.pk, d.id, e.record FROM events AS e JOIN documents AS d ON d.pk = e.doc_pk")
    for pk, doc_id, record in rows.fetchall():
        event = json.loads(record)
        date = event.get("date")
        span = timex_interval(date.get("value")) if date else None
        if date:  # the record itself gets its date's days, as version 2 writes them
            date.update(earliest=span.earliest.isoformat() if span else None,
                        latest=span.latest.isoformat() if span else None, precision=span.precision if span else None)
        conn.execute("UPDATE events SET id = ?, date_earliest = ?, date_latest = ?, record = ? WHERE pk = ?",
                     (event_id(doc_id, event), date.get("earliest") if date else None,
                      date.get("latest") if date else None, json.dumps(event, ensure_ascii=False), pk))
        for role in ("actor", "target"):
            for actor in event.get(role) or []:
                conn.execute("UPDATE event_actors SET text = ? WHERE event_pk = ? AND role = ? AND name IS ?",
                             (actor.get("text"), pk, role, actor.get("name") or actor.get("text")))


MIGRATIONS.append(_version_2)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The database cannot be used by this version of veille."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's schema version (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the database to :data:`SCHEMA_VERSION`, or refuse one from a newer veille."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{path} has schema version {version}, but this veille only knows versions up to "
            f"{SCHEMA_VERSION}: it was written by a newer veille. Upgrade veille to use it "
            "(the file was not changed)."
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        # executescript would commit on its own; run statement by statement in one transaction instead.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= target:  # another process migrated while we waited for the lock
                conn.execute("ROLLBACK")
                continue
            migration = MIGRATIONS[target - 1]
            if callable(migration):
                migration(conn)
            else:
                for statement in _statements(migration):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts hold no ';' inside literals)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
