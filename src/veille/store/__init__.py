"""The store: a database of documents, stories and events in one SQLite file.

``Store`` writes processed documents batch by batch (idempotent, resumable, safe with concurrent
writers), assigns near-duplicates, stories and event clusters as documents arrive, and answers the
filters of ``veille events`` and ``veille docs``; :mod:`veille.store.export` writes csv, jsonl,
geojson and parquet. The schema and its migrations are in :mod:`veille.store.schema`.
"""

from __future__ import annotations

from veille.store.query import DocFilters, EventFilters
from veille.store.sqlite import DEFAULT_DB, BatchResult, Store, StoreError

__all__ = ["DEFAULT_DB", "BatchResult", "DocFilters", "EventFilters", "Store", "StoreError"]
