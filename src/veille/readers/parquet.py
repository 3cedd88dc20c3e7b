"""Parquet files of documents: one document per row, with the columns JSON Lines documents have
(``text`` or ``html``, optional ``id``, ``url``, ``published``, ``lang``, ``title``, and their aliases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from veille.model import Document
from veille.readers.base import InputOptions, failed_document
from veille.readers.jsonl import FIELD_ALIASES, document_from_record

PARQUET_MAGIC = b"PAR1"
# Rows read at a time: a file of millions of documents is streamed, never loaded whole.
ROWS_PER_READ = 256


def _content_columns(names: list[str]) -> list[str]:
    """The columns of a schema that can hold a document's body (``text``, ``html`` or an alias)."""
    content = set(FIELD_ALIASES["text"]) | set(FIELD_ALIASES["html"])
    return [name for name in names if name in content]


def _plain(value: Any) -> Any:
    """A Parquet value as the JSON Lines reader takes it: dates and timestamps as ISO 8601 text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def iter_parquet(source: str | IO[bytes], origin: str, options: InputOptions) -> Iterator[Document]:
    """Yield one document per row of a Parquet file; a file without a text column (a wrong schema)
    or a corrupt one yields one error record naming the file and what is wrong."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        yield failed_document(origin, f"unreadable Parquet file ({exc})")
        return
    names = parquet.schema_arrow.names
    if not _content_columns(names):
        wanted = ", ".join(FIELD_ALIASES["text"] + FIELD_ALIASES["html"])
        yield failed_document(origin, f"Parquet file without a document column: it has {', '.join(names) or 'none'}; "
                                      f"veille needs one of {wanted}")
        return
    number = 0
    unknown: set[str] = set()
    try:
        for batch in parquet.iter_batches(batch_size=ROWS_PER_READ):
            for row in batch.to_pylist():
                number += 1
                record = {key: _plain(value) for key, value in row.items() if value is not None}
                yield document_from_record(record, f"{origin}:row {number}", options, unknown)
    except (pa.ArrowException, OSError) as exc:
        yield failed_document(f"{origin}:row {number + 1}", f"Parquet file ends abruptly or is corrupt ({exc})")
