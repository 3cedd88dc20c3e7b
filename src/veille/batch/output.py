"""Batch output: processed records → three Parquet tables per part, written atomically, and read back.

``documents/`` has one row per document read and processed (its contract record in ``record``, the
fields a user filters on beside it), ``events/`` one row per event (with the stable id the store gives
it), ``errors/`` one row per problem, ``failed`` when the record could not be read or extracted (it then
has no row in ``documents/``). Every row carries ``input`` and ``record`` (the record's number in its
input, from 0): together they name each input record once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from veille.batch.manifest import TABLES, Manifest
from veille.model import Document
from veille.readers import failed_document
from veille.store.identity import event_id

_WHERE = [pa.field("input", pa.string()), pa.field("record", pa.int64())]
SCHEMAS = {
    "documents": pa.schema([*_WHERE, pa.field("id", pa.string()), pa.field("url", pa.string()),
                            pa.field("source", pa.string()), pa.field("title", pa.string()),
                            pa.field("published", pa.string()), pa.field("language", pa.string()),
                            pa.field("credits", pa.list_(pa.string())), pa.field("text", pa.string()),
                            pa.field("events", pa.int32()), pa.field("errors", pa.int32()),
                            pa.field("json", pa.string())]),
    "events": pa.schema([*_WHERE, pa.field("document", pa.string()), pa.field("id", pa.string()),
                         pa.field("type", pa.string()), pa.field("status", pa.string()),
                         pa.field("confidence", pa.float64()), pa.field("date", pa.string()),
                         pa.field("place", pa.string()), pa.field("country", pa.string()),
                         pa.field("lat", pa.float64()), pa.field("lon", pa.float64()),
                         pa.field("evidence", pa.string()), pa.field("json", pa.string())]),
    "errors": pa.schema([*_WHERE, pa.field("document", pa.string()), pa.field("origin", pa.string()),
                         pa.field("stage", pa.string()), pa.field("message", pa.string()),
                         pa.field("failed", pa.bool_())]),
}


@dataclass
class PartTables:
    """One part's three tables."""

    documents: pa.Table
    events: pa.Table
    errors: pa.Table

    def counts(self) -> dict[str, int]:
        """Rows per table, and the records the part held (for the manifest and the summary)."""
        failed = sum(self.errors.column("failed").to_pylist())
        return {"records": self.documents.num_rows + failed, "documents": self.documents.num_rows,
                "events": self.events.num_rows, "errors": self.errors.num_rows, "failed": failed}

    def to_bytes(self) -> dict[str, bytes]:
        """Each table as Arrow IPC bytes (how a Ray actor hands a part back to the driver)."""
        out = {}
        for name in TABLES:
            sink = pa.BufferOutputStream()
            table: pa.Table = getattr(self, name)
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            out[name] = sink.getvalue().to_pybytes()
        return out

    @classmethod
    def from_bytes(cls, data: dict[str, bytes]) -> PartTables:
        """The tables :meth:`to_bytes` made."""
        return cls(**{name: pa.ipc.open_stream(data[name]).read_all() for name in TABLES})


def _event_rows(where: dict[str, object], doc: Document) -> list[dict[str, object]]:
    rows = []
    for event in doc.events:
        record = event.model_dump(mode="json")
        place = event.place
        rows.append({**where, "document": doc.id, "id": event_id(doc.id or "", record), "type": event.type,
                     "status": event.status, "confidence": event.confidence,
                     "date": event.date.value if event.date else None,
                     "place": place.name if place else None, "country": place.country if place else None,
                     "lat": place.lat if place else None, "lon": place.lon if place else None,
                     "evidence": event.evidence.text if event.evidence else None,
                     "json": json.dumps(record, ensure_ascii=False)})
    return rows


def part_tables(path: str, first_record: int, docs: list[Document]) -> PartTables:
    """The tables of a part: ``docs`` are records ``first_record``, ``first_record + 1``... of input ``path``,
    processed (or failed)."""
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
    for number, doc in enumerate(docs, start=first_record):
        where: dict[str, object] = {"input": path, "record": number}
        origin = doc.raw.origin if doc.raw is not None else path
        for error in doc.errors:
            rows["errors"].append({**where, "document": doc.id, "origin": origin, "stage": error.stage,
                                   "message": error.message, "failed": False})
        if doc.failed:
            if not doc.errors:
                rows["errors"].append({**where, "document": doc.id, "origin": origin, "stage": "read",
                                       "message": f"{origin}: could not be processed", "failed": True})
            rows["errors"][-1]["failed"] = True  # one row per failed record says so
            continue
        rows["documents"].append({**where, "id": doc.id, "url": doc.url, "source": doc.source, "title": doc.title,
                                  "published": doc.published, "language": doc.language, "credits": doc.credits,
                                  "text": doc.text, "events": len(doc.events), "errors": len(doc.errors),
                                  "json": doc.to_json()})
        rows["events"].extend(_event_rows(where, doc))
    return PartTables(**{name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES})


def part_file(out: Path, table: str, key: str, part: int) -> Path:
    """Where a part's table goes: a folder per input, a file per part."""
    return out / table / key / f"part-{part:06d}.parquet"


def write_part(out: Path, key: str, part: int, tables: PartTables) -> None:
    """Write the part's three files, each under a temporary name, flushed, then renamed: a reader (or a
    resumed run) sees whole files or none."""
    for name in TABLES:
        target = part_file(out, name, key, part)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(getattr(tables, name), temporary, compression="zstd")
        with open(temporary, "rb") as file:
            os.fsync(file.fileno())
        os.replace(temporary, target)


def remove_temporaries(out: Path) -> int:
    """Delete the temporary files a killed run left behind; how many."""
    removed = 0
    for name in TABLES:
        for stale in (out / name).glob("*/.*.tmp"):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed


def is_batch_output(path: str) -> bool:
    """Whether ``path`` is a folder written by ``veille batch`` (it has a manifest)."""
    from veille.batch.manifest import MANIFEST

    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def output_records(out: Path) -> int:
    """Records in the parts a batch output's manifest lists."""
    return sum(counts["records"] for state in Manifest.load(out).inputs.values() for counts in state.parts.values())


def iter_output_documents(out: Path) -> Iterator[Document]:
    """The documents of a batch output, as processed: only the parts its manifest lists (a part file a
    killed run left unlisted is not read), in input and record order; a record that failed comes back as
    a failed document with its errors."""
    manifest = Manifest.load(out)
    for state in manifest.inputs.values():
        for part in sorted(state.parts):
            yield from _part_documents(out, state.key, part)


def _part_documents(out: Path, key: str, part: int) -> Iterator[Document]:
    documents = pq.read_table(part_file(out, "documents", key, part), columns=["record", "json"]).to_pylist()
    errors = pq.read_table(part_file(out, "errors", key, part)).to_pylist()
    failures = {row["record"]: row for row in errors if row["failed"]}
    by_record: dict[int, Document] = {row["record"]: Document.model_validate_json(row["json"]) for row in documents}
    for row in failures.values():
        by_record[row["record"]] = failed_document(row["origin"], row["message"].removeprefix(f"{row['origin']}: "),
                                                   row["document"])
    for number in sorted(by_record):
        yield by_record[number]
