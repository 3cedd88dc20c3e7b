"""Exports of stored events: csv, jsonl, geojson, parquet.

- ``jsonl``: one line per stored event (the contract's event record, plus ``cluster``, ``sources``,
  ``document``, ``url``, ``source``, ``published``, ``story``): full provenance.
- ``csv`` and ``parquet``: one flat row per event cluster (one real-world event), like ACLED and GDELT
  exports. The row describes the cluster's most confident report and counts its sources.
- ``geojson``: a FeatureCollection with one Point per event cluster that has coordinates; its
  properties are the flat row.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from veille.model import json_line

FORMATS = ("csv", "jsonl", "geojson", "parquet")

# Flat columns, in order, with their Arrow types (names follow ACLED/GDELT habits where they exist).
COLUMNS: list[tuple[str, str]] = [
    ("cluster", "int64"), ("event_date", "string"), ("date_text", "string"), ("event_type", "string"),
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
]


def _names(actors: list[dict[str, Any]]) -> str:
    return "; ".join(a.get("name") or a.get("text") or "" for a in actors)


def flat_row(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for an event cluster, from its reports (the first is the most confident)."""
    e = reports[0]
    place = e.get("place") or {}
    date = e.get("date") or {}
    acled = e.get("acled") or {}
    actor1 = (e.get("actor") or [{}])[0]
    actor2 = (e.get("target") or [{}])[0]
    published = sorted(r["published"] for r in reports if r.get("published"))
    value = date.get("value")
    day = value if value and value[:4].isdigit() else (published[0][:10] if published else None)
    return {
        "cluster": e["cluster"], "event_date": day, "date_text": date.get("text"),
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
        "n_sources": len(e["sources"]), "sources": "; ".join(e["sources"]), "story": e.get("story"),
        "first_reported": published[0] if published else None, "url": e.get("url"),
        "trigger": (e.get("trigger") or {}).get("text"), "evidence": (e.get("evidence") or {}).get("text"),
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
    """CSV with a header row; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=[c for c, _ in COLUMNS], lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in by_cluster(events):
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
    """A FeatureCollection of Points ([lon, lat], WGS 84); returns the number of features."""
    features = [
        {"type": "Feature", "id": row["cluster"],
         "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
         "properties": row}
        for row in by_cluster(events) if _valid_point(row)
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def write_parquet(events: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """A Parquet file with the flat columns; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in COLUMNS])
    rows = list(by_cluster(events))
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out)
    return len(rows)


def export(events: Iterable[dict[str, Any]], fmt: str, out_path: str | None) -> int:
    """Write ``events`` in ``fmt`` to ``out_path`` (atomically: a failed export leaves no half file)
    or to stdout; returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if out_path is None:
        import sys

        if fmt == "parquet":
            buffer = io.BytesIO()
            n = write_parquet(events, buffer)
            sys.stdout.buffer.write(buffer.getvalue())
            sys.stdout.flush()
            return n
        return _write_text(events, fmt, sys.stdout)
    target = Path(out_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        if fmt == "parquet":
            with os.fdopen(fd, "wb") as fb:
                n = write_parquet(events, fb)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as ft:
                n = _write_text(events, fmt, ft)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the export is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_text(events: Iterable[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    if fmt == "csv":
        return write_csv(events, out)
    if fmt == "geojson":
        return write_geojson(events, out)
    return write_jsonl(events, out)
