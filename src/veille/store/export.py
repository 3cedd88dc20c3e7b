"""Exports of stored events and documents: csv, jsonl, geojson, parquet.

- ``jsonl``: one line per stored event (the contract's event record, plus ``id``, ``cluster``,
  ``sources``, ``source_urls``, ``document``, ``url``, ``source``, ``published``, ``story``): full provenance.
- ``csv`` and ``parquet``: one flat row per event cluster (one real-world event), like ACLED and GDELT
  exports. The row describes the cluster's most confident report and counts its sources.
- ``geojson``: a FeatureCollection with one Point per event cluster that has coordinates; its
  properties are the flat row. Events without coordinates are counted and said on stderr.

Every flat column, its type, its values and an example are in ``docs/codebook.md`` (and
``veille events --schema``): :data:`COLUMNS` is the single list both are checked against.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from veille.model import json_line

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "geojson", "parquet")
DOC_FORMATS = ("csv", "jsonl", "parquet")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".geojson": "geojson", ".parquet": "parquet"}

# Flat columns, in order, with their Arrow types (names follow ACLED/GDELT habits where they exist).
# "date32" columns are ISO days in CSV and GeoJSON. New columns go at the end: scripts may read by position.
COLUMNS: list[tuple[str, str]] = [
    ("cluster", "int64"), ("event_date", "date32"), ("date_text", "string"), ("event_type", "string"),
    ("mode", "string"), ("status", "string"), ("cameo", "string"), ("acled_event_type", "string"),
    ("acled_sub_event_type", "string"),
    ("actor1", "string"), ("actor1_code", "string"), ("actor1_sector", "string"),
    ("actor2", "string"), ("actor2_code", "string"), ("actor2_sector", "string"),
    ("actors", "string"), ("targets", "string"),
    ("country", "string"), ("admin1", "string"), ("location", "string"), ("geonameid", "int64"),
    ("latitude", "float64"), ("longitude", "float64"), ("geo_feature", "string"),
    ("fatalities", "int64"), ("injuries", "int64"), ("size", "int64"), ("context", "string"),
    ("confidence", "float64"), ("n_sources", "int64"), ("sources", "string"), ("story", "string"),
    ("first_reported", "string"), ("url", "string"), ("trigger", "string"), ("evidence", "string"),
    ("id", "string"), ("date_value", "string"), ("date_earliest", "date32"), ("date_latest", "date32"),
    ("date_precision", "string"), ("geo_precision", "string"), ("source_ids", "string"),
]
DOC_COLUMNS: list[tuple[str, str]] = [
    ("id", "string"), ("url", "string"), ("title", "string"), ("published", "string"), ("language", "string"),
    ("source", "string"), ("story", "string"), ("duplicate_of", "string"),
]

# GeoNames feature codes of whole countries and of their divisions: an event "in Syria" sits at the
# country's centre point, which a map must not read as a town.
_COUNTRY_FEATURES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
_DIVISION_LEVELS = {"ADM1": "admin1", "ADM1H": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADM4": "admin4"}


def pandas_dtypes(columns: list[tuple[str, str]] = COLUMNS) -> dict[str, str]:
    """The pandas dtype of each column once read back (``docs/codebook.md`` says how)."""
    kinds = {"int64": "Int64", "float64": "float64", "string": "str", "date32": "datetime64[ms]"}
    return {name: kinds[kind] for name, kind in columns}


def geo_precision(feature: str | None) -> str | None:
    """How fine the event's point is: ``country`` (a country's centre), ``admin1``.. or ``place``."""
    if not feature:
        return None
    if feature in _COUNTRY_FEATURES:
        return "country"
    return _DIVISION_LEVELS.get(feature, "place")


def _names(actors: list[dict[str, Any]]) -> str:
    return "; ".join(a.get("name") or a.get("text") or "" for a in actors)


def _event_day(date: dict[str, Any], published: list[str]) -> str | None:
    """The first day the event's date covers, else the day it was first reported: always an ISO day."""
    if date.get("earliest"):
        return str(date["earliest"])
    return published[0][:10] if published else None


def _first_url(reports: list[dict[str, Any]]) -> str | None:
    """The address of the most confident report that has one."""
    return next((r["url"] for r in reports if r.get("url")), None)


def flat_row(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for an event cluster, from its reports (the first is the most confident)."""
    e = reports[0]
    place = e.get("place") or {}
    date = e.get("date") or {}
    acled = e.get("acled") or {}
    actor1 = (e.get("actor") or [{}])[0]
    actor2 = (e.get("target") or [{}])[0]
    published = sorted(r["published"] for r in reports if r.get("published"))
    urls = e.get("source_urls") or [None] * len(e["sources"])
    return {
        "cluster": e["cluster"], "event_date": _event_day(date, published), "date_text": date.get("text"),
        "event_type": e["type"], "mode": e.get("mode"), "status": e.get("status"),
        "cameo": e.get("cameo"), "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "actor1": actor1.get("name") or actor1.get("text"), "actor1_code": actor1.get("code"),
        "actor1_sector": actor1.get("sector"),
        "actor2": actor2.get("name") or actor2.get("text"), "actor2_code": actor2.get("code"),
        "actor2_sector": actor2.get("sector"),
        "actors": _names(e.get("actor") or []), "targets": _names(e.get("target") or []),
        "country": place.get("country"), "admin1": place.get("admin1"),
        "location": place.get("name") or place.get("text"), "geonameid": place.get("geonameid"),
        "latitude": place.get("lat"), "longitude": place.get("lon"), "geo_feature": place.get("feature"),
        "fatalities": e.get("fatalities"), "injuries": e.get("injuries"), "size": e.get("size"),
        "context": "; ".join(e.get("context") or []),
        "confidence": max(r["confidence"] for r in reports),
        "n_sources": len(e["sources"]),
        "sources": "; ".join(url or doc_id for doc_id, url in zip(e["sources"], urls, strict=False)),
        "story": e.get("story"),
        "first_reported": published[0] if published else None, "url": _first_url(reports),
        "trigger": (e.get("trigger") or {}).get("text"), "evidence": (e.get("evidence") or {}).get("text"),
        "id": e.get("id"), "date_value": date.get("value"), "date_earliest": date.get("earliest"),
        "date_latest": date.get("latest"), "date_precision": date.get("precision"),
        "geo_precision": geo_precision(place.get("feature")), "source_ids": "; ".join(e["sources"]),
    }


def by_cluster(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Flat rows, one per cluster (events must come grouped by cluster, most confident first)."""
    for _, reports in groupby(events, key=lambda e: e["cluster"]):
        yield flat_row(list(reports))


def _valid_point(row: dict[str, Any]) -> bool:
    lat, lon = row.get("latitude"), row.get("longitude")
    return (isinstance(lat, int | float) and isinstance(lon, int | float) and math.isfinite(lat)
            and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180)


def write_csv(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV with a header row, one row per event cluster; returns the number of rows."""
    return write_csv_rows(by_cluster(events), COLUMNS, out)


def write_csv_rows(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]], out: IO[str]) -> int:
    """CSV with a header row. Text is quoted ("04" stays a code in a spreadsheet that honours quotes);
    pandas still needs the dtypes of ``docs/codebook.md``, which :func:`pandas_dtypes` gives."""
    writer = csv.DictWriter(out, fieldnames=[c for c, _ in columns], lineterminator="\n",
                            extrasaction="ignore", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per stored event; returns the number of lines."""
    n = 0
    for e in events:
        out.write(json_line(e) + "\n")
        n += 1
    return n


def write_geojson(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A FeatureCollection of Points ([lon, lat], WGS 84); returns the number of features.

    Events without coordinates cannot be drawn: how many were left out is logged (stderr)."""
    rows = list(by_cluster(events))
    features = [
        {"type": "Feature", "id": row["cluster"],
         "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
         "properties": row}
        for row in rows if _valid_point(row)
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    if len(features) < len(rows):
        log.warning("%d of %d events have no coordinates and are not in the GeoJSON (csv, jsonl and "
                    "parquet have them all)", len(rows) - len(features), len(rows))
    return len(features)


def write_parquet(events: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """A Parquet file with the flat columns, one row per event cluster; returns the number of rows."""
    return write_parquet_rows(list(by_cluster(events)), COLUMNS, out)


def write_parquet_rows(rows: list[dict[str, Any]], columns: list[tuple[str, str]], out: IO[bytes]) -> int:
    """A Parquet file of ``rows`` with the typed ``columns``.

    Days are stored as millisecond timestamps (pandas reads them as ``datetime64[ms]``; a Parquet
    date would come back as Python objects), and the file carries pandas metadata naming the
    nullable ``Int64`` dtype, so integer columns with gaps do not turn into floats.
    """
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    days = [name for name, kind in columns if kind == "date32"]
    for row in rows:
        for name in days:
            if row.get(name):
                row[name] = dt.datetime.fromisoformat(str(row[name])[:10])
    arrow = {"date32": pa.timestamp("ms")}
    schema = pa.schema([(name, arrow.get(kind) or pa.type_for_alias(kind)) for name, kind in columns])
    pandas_meta = {"index_columns": [], "column_indexes": [], "columns": [
        {"name": name, "field_name": name, "pandas_type": "int64", "numpy_type": "Int64", "metadata": None}
        for name, kind in columns if kind == "int64"]}
    schema = schema.with_metadata({b"pandas": json.dumps(pandas_meta).encode()})
    table = pa.Table.from_pylist([{name: row.get(name) for name, _ in columns} for row in rows], schema=schema)
    pq.write_table(table, out)
    return len(rows)


def format_for(fmt: str | None, out_path: str | None, formats: tuple[str, ...] = FORMATS) -> str:
    """The export format: ``fmt`` if given, else the ``--out`` file's extension, else jsonl.

    Raises ValueError when ``fmt`` and the extension disagree (``--format csv --out x.parquet``).
    """
    suffix = Path(out_path).suffix.lower() if out_path else ""
    implied = EXTENSIONS.get(suffix)
    if fmt is not None and fmt not in formats:
        raise ValueError(f"{fmt!r}: choose from {', '.join(formats)}")
    if fmt is not None and implied is not None and implied != fmt:
        raise ValueError(f"--format {fmt} does not match the extension of {out_path} ({implied}); "
                         "change one of them")
    chosen = fmt or implied or "jsonl"
    if chosen not in formats:
        raise ValueError(f"{chosen!r} is not available here (choose from {', '.join(formats)})")
    return chosen


def export(events: Iterable[dict[str, Any]], fmt: str, out_path: str | None) -> int:
    """Write ``events`` in ``fmt`` to ``out_path`` (atomically: a failed export leaves no half file)
    or to stdout; returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    writers: dict[str, Callable[[Any], int]] = {
        "csv": lambda out: write_csv(events, out), "jsonl": lambda out: write_jsonl(events, out),
        "geojson": lambda out: write_geojson(events, out), "parquet": lambda out: write_parquet(events, out),
    }
    return write_to(writers[fmt], fmt == "parquet", out_path)


def export_documents(documents: Iterable[dict[str, Any]], fmt: str, out_path: str | None) -> int:
    """Write stored documents (``veille docs``) as csv, jsonl or parquet; returns the number written."""
    if fmt not in DOC_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(DOC_FORMATS)})")
    writers: dict[str, Callable[[Any], int]] = {
        "csv": lambda out: write_csv_rows(documents, DOC_COLUMNS, out),
        "jsonl": lambda out: write_jsonl(documents, out),
        "parquet": lambda out: write_parquet_rows(list(documents), DOC_COLUMNS, out),
    }
    return write_to(writers[fmt], fmt == "parquet", out_path)


def write_to(write: Callable[[Any], int], binary: bool, out_path: str | None) -> int:
    """Run ``write`` on stdout or on a temporary file renamed to ``out_path`` once complete."""
    if out_path is None:
        import sys

        if binary:
            if sys.stdout.isatty():
                raise ValueError("Parquet is binary: give --out FILE.parquet, or redirect stdout to a file")
            buffer = io.BytesIO()
            n = write(buffer)
            sys.stdout.buffer.write(buffer.getvalue())
            sys.stdout.flush()
            return n
        return write(sys.stdout)
    target = Path(out_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        if binary:
            with os.fdopen(fd, "wb") as fb:
                n = write(fb)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as ft:
                n = write(ft)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the export is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
