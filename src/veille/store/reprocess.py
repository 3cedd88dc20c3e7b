"""Reprocess a store: every stored document through the current pipeline, from its stored clean text.

The store keeps each document's clean text and metadata, not the page it came from, so the document
goes through the pipeline as clean input (``--no-extract``): extraction is not redone, every later
stage is. Results replace the stored ones in place (:meth:`Store.add` with ``update``), in batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from veille.model import Document, Furniture, RawInput
from veille.runner import process_documents
from veille.settings import Settings
from veille.store.sqlite import Store

BATCH_SIZE = 64


def stored_documents(store: Store) -> Iterator[Document]:
    """Each stored document as a raw document whose clean body is its stored text."""
    last = 0
    while True:
        # Pages by primary key: the store may be larger than memory, and is written to between pages.
        rows = store.conn.execute("SELECT pk, id, text, record FROM documents WHERE pk > ? ORDER BY pk LIMIT 256",
                                  (last,)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield from (_as_raw(store, doc_id, text, record) for _, doc_id, text, record in rows)


def _as_raw(store: Store, doc_id: str, text: str, record: str) -> Document:
    """A stored document ready for the pipeline again, its clean text as the input."""
    meta = json.loads(record)
    return Document(
        id=doc_id, url=meta.get("url"), source=meta.get("source"), credits=meta.get("credits") or [],
        title=meta.get("title"), published=meta.get("published"), language=meta.get("language"),
        furniture=[Furniture(**f) for f in meta.get("furniture") or []],
        raw=RawInput(content=text, kind="text", origin=f"{store.path}#{doc_id}", clean=True),
    )


def reprocess_store(store: Store, settings: Settings, jobs: int | None = None, force_jobs: bool = False,
                    progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Reprocess every document of ``store``; returns (documents, events now stored for them)."""
    done = events = 0
    batch: list[Document] = []
    for doc in process_documents(stored_documents(store), settings, jobs, force_jobs=force_jobs):
        batch.append(doc)
        if len(batch) >= BATCH_SIZE:
            events += _replace(store, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done)
    if batch:
        events += _replace(store, batch)
        done += len(batch)
    if progress:
        progress(done)
    return done, events


def _replace(store: Store, batch: list[Document]) -> int:
    return store.add(batch, update=True, force=True).events
