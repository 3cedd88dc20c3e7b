"""``veille.Store``: a database written by ``veille ingest``, read from Python.

    import veille
    store = veille.Store("veille.db")
    store.events(type="ASSAULT", country="Syria", since=datetime.date(2016, 9, 1))   # list of records
    store.events(country="SY", as_frame=True)       # pandas DataFrame, one row per event, codebook dtypes
    store.documents(language="fr")
    store.stats()

The filters are those of ``veille events`` and ``veille docs``; records are what ``--format jsonl``
prints, frames what ``--format parquet`` writes. pandas is an optional extra: ``pip install veille[pandas]``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from veille.store.export import COLUMNS, DOC_COLUMNS, by_cluster, pandas_dtypes
from veille.store.query import DocFilters, EventFilters, country_code
from veille.store.sqlite import DEFAULT_DB
from veille.store.sqlite import Store as SqliteStore
from veille.store.stats import store_stats

Day = str | dt.date | None


def _day(value: Day) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _frame(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> Any:
    """A pandas DataFrame of ``rows`` with the codebook's dtypes."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("as_frame=True needs pandas: pip install 'veille[pandas]'") from None
    frame = pd.DataFrame.from_records(rows, columns=[name for name, _ in columns])
    for name, dtype in pandas_dtypes(columns).items():
        if dtype.startswith("datetime64"):
            frame[name] = pd.to_datetime(frame[name]).astype(dtype)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


class Store:
    """A veille database, opened read-only: queries never change the file (it may be on read-only media)."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB) -> None:
        self.path = str(path)

    def events(self, *, type: str | list[str] | None = None, status: str | list[str] | None = None,
               actor: str | None = None, country: str | None = None, place: str | None = None,
               since: Day = None, until: Day = None, min_confidence: float | None = None,
               text: str | None = None, fts: bool = False, story: str | None = None, limit: int | None = None,
               as_frame: bool = False) -> Any:
        """Stored events matching the filters (those of ``veille events``).

        Records (one per report, as ``--format jsonl``), or with ``as_frame`` a DataFrame with one row
        per real-world event (as ``--format parquet``, columns and dtypes of ``docs/codebook.md``).
        ``country`` takes a name, an alpha-2 or an alpha-3 code; ``since``/``until`` ISO days or dates.
        """
        filters = EventFilters(
            types=[t.upper() for t in _as_list(type)], statuses=[s.lower() for s in _as_list(status)],
            actor=actor, country=country_code(country) if country else None, place=place,
            since=_day(since), until=_day(until), min_confidence=min_confidence, text=text, fts=fts,
            story=story, limit=limit)
        with SqliteStore(self.path, readonly=True) as store:
            records = list(store.events(filters))
        if as_frame:
            return _frame(list(by_cluster(records)), COLUMNS)
        return records

    def documents(self, *, text: str | None = None, fts: bool = False, language: str | None = None,
                  source: str | None = None, story: str | None = None, since: Day = None, until: Day = None,
                  include_duplicates: bool = True, limit: int | None = None, full: bool = False,
                  as_frame: bool = False) -> Any:
        """Stored documents (those of ``veille docs``): records, or a DataFrame with ``as_frame``."""
        filters = DocFilters(text=text, fts=fts, language=language, source=source, story=story,
                             since=_day(since), until=_day(until), include_duplicates=include_duplicates,
                             limit=limit)
        with SqliteStore(self.path, readonly=True) as store:
            records = list(store.documents(filters, full=full and not as_frame))
        if as_frame:
            return _frame(records, DOC_COLUMNS)
        return records

    def stats(self, top: int = 10) -> dict[str, Any]:
        """Counts by type, country and month, top actors and sources (as ``veille stats --format json``)."""
        with SqliteStore(self.path, readonly=True) as store:
            return store_stats(store.conn, top=top)

    def __repr__(self) -> str:
        return f"veille.Store({self.path!r})"
