"""Ingest: process input files and store the documents, batch by batch.

Each batch is one transaction, so an interrupted run (Ctrl-C, kill -9, a full disk) loses at most the
batch in flight; running the same command again skips what is stored and adds the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from veille.model import Document
from veille.store.sqlite import Store

BATCH_SIZE = 64
# A batch is also committed when it is this old: an interruption loses at most these seconds of work,
# even when documents are slow to process.
COMMIT_SECONDS = 10.0


@dataclass
class IngestSummary:
    """What a run did, for the summary line on stderr."""

    new: int = 0
    skipped: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: int = 0
    empty: int = 0
    events: int = 0
    seen: int = 0
    """Documents read so far, stored or not yet (the progress counter)."""
    seconds: float = 0.0
    store_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        """Documents done (stored, updated, skipped or failed)."""
        return self.new + self.updated + self.skipped + self.failed

    def line(self) -> str:
        """One human line: counts, time, throughput and the store's share of it."""
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        share = 100 * self.store_seconds / self.seconds if self.seconds > 0 else 0.0
        updated = f", {self.updated} updated" if self.updated else ""
        empty = f" ({self.empty} without article text)" if self.empty else ""
        return (f"{self.new} new ({self.duplicates} reprints){empty}{updated}, {self.skipped} already stored, "
                f"{self.failed} failed; {self.events} events; {self.seconds:.1f} s "
                f"({rate:.1f} documents/s, store {share:.0f}% of the time)")


def ingest_documents(
    store: Store, docs: Iterable[Document], batch_size: int = BATCH_SIZE,
    progress: Callable[[IngestSummary], None] | None = None, summary: IngestSummary | None = None,
    *, update: bool = False, commit_seconds: float = COMMIT_SECONDS,
) -> IngestSummary:
    """Store processed ``docs``; failed ones are counted and reported, never stored.

    A batch is committed every ``batch_size`` documents or ``commit_seconds``, whichever comes first.
    Documents the runner passed over (``raw.skipped``: already stored) are counted as such. With
    ``update``, a stored document whose text changed (same id) is replaced.
    Raises :class:`~veille.store.StoreError` when a batch cannot be written; pass ``summary`` to
    keep the counts of what was done before (it is also given to ``progress`` after each document).
    """
    summary = summary if summary is not None else IngestSummary()
    started = time.perf_counter()
    batch: list[Document] = []
    batch_started = time.perf_counter()  # since the last commit: what an interruption would lose

    def flush() -> None:
        nonlocal batch_started
        t0 = time.perf_counter()
        result = store.add(batch, update=update)
        summary.store_seconds += time.perf_counter() - t0
        summary.new += result.new
        summary.updated += result.updated
        summary.skipped += result.skipped
        summary.duplicates += result.duplicates
        summary.events += result.events
        batch.clear()
        batch_started = time.perf_counter()

    try:
        for doc in docs:
            summary.seen += 1
            if doc.failed:
                summary.failed += 1
                summary.failures.extend(e.message for e in doc.errors)
            elif doc.raw is not None and doc.raw.skipped:
                summary.skipped += 1
            else:
                summary.empty += not doc.text.strip()
                batch.append(doc)
                if len(batch) >= batch_size or time.perf_counter() - batch_started >= commit_seconds:
                    flush()
            if progress:
                summary.seconds = time.perf_counter() - started
                progress(summary)
        if batch:
            flush()
    except KeyboardInterrupt:
        # Ctrl-C: the documents already processed are stored (one short transaction) before leaving.
        if batch:
            flush()
        raise
    finally:
        summary.seconds = time.perf_counter() - started
    return summary


class AlreadyStored:
    """Whether a document read from the inputs can be passed over without processing it: its id or
    its raw content is stored. A stored id with new content is a corrected document: replaced with
    ``update``, else kept as stored and counted in ``changed`` so the user is told."""

    def __init__(self, store: Store, update: bool) -> None:
        self.store = store
        self.update = update
        self.changed = 0

    def __call__(self, doc: Document) -> bool:
        state = self.store.stored(doc.id, doc.raw.content if doc.raw is not None else None)
        if state == "changed" and not self.update:
            self.changed += 1
        return state == "same" or (state == "changed" and not self.update)
