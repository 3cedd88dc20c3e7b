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


@dataclass
class IngestSummary:
    """What a run did, for the summary line on stderr."""

    new: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        """Documents seen (stored, skipped or failed)."""
        return self.new + self.skipped + self.failed

    def line(self) -> str:
        """One human line: counts, time, throughput and the store's share of it."""
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        share = 100 * self.store_seconds / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.new} new ({self.duplicates} reprints), {self.skipped} already stored, "
                f"{self.failed} failed; {self.events} events; {self.seconds:.1f} s "
                f"({rate:.1f} documents/s, store {share:.0f}% of the time)")


def ingest_documents(
    store: Store, docs: Iterable[Document], batch_size: int = BATCH_SIZE,
    progress: Callable[[IngestSummary], None] | None = None, summary: IngestSummary | None = None,
) -> IngestSummary:
    """Store processed ``docs``; failed ones are counted and reported, never stored.

    Raises :class:`~veille.store.StoreError` when a batch cannot be written; pass ``summary`` to
    keep the counts of what was done before (it is also given to ``progress`` after each document).
    """
    summary = summary if summary is not None else IngestSummary()
    started = time.perf_counter()
    batch: list[Document] = []

    def flush() -> None:
        t0 = time.perf_counter()
        result = store.add(batch)
        summary.store_seconds += time.perf_counter() - t0
        summary.new += result.new
        summary.skipped += result.skipped
        summary.duplicates += result.duplicates
        summary.events += result.events
        batch.clear()

    try:
        for doc in docs:
            if doc.failed:
                summary.failed += 1
                summary.failures.extend(e.message for e in doc.errors)
            else:
                batch.append(doc)
                if len(batch) >= batch_size:
                    flush()
            if progress:
                summary.seconds = time.perf_counter() - started
                progress(summary)
        if batch:
            flush()
    finally:
        summary.seconds = time.perf_counter() - started
    return summary
