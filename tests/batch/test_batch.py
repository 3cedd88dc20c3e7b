"""veille batch, local engine: the records of `veille extract`, resume, kill -9, ingest DIR, bad input."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.batch.conftest import PAGES, VEILLE, record_numbers, records_of_batch

from veille.batch.output import TABLES
from veille.batch.run import run_batch
from veille.store.identity import event_id


@pytest.fixture(scope="module")
def local_out(small_warc: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small WARC through the local engine, in parts of 4 records."""
    out = tmp_path_factory.mktemp("batch") / "out"
    summary = run_batch([str(small_warc)], out, workers=1, part_records=4)
    assert (summary.records, summary.parts, summary.failed) == (PAGES, 3, 0)
    return out


def test_local_engine_gives_the_records_of_extract(local_out: Path, small_warc: Path,
                                                   extracted: dict[str, list[dict[str, Any]]]) -> None:
    assert records_of_batch(local_out) == extracted
    assert sum(len(events) for events in extracted.values()) > 0  # the comparison covers events
    assert record_numbers(local_out) == [(str(small_warc), n) for n in range(PAGES)]


def test_outputs_are_partitioned_parquet_datasets_with_stable_event_ids(local_out: Path) -> None:
    for table in TABLES:
        files = sorted((local_out / table).glob("*/part-*.parquet"))
        assert [f.name for f in files] == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    events = pq.read_table(local_out / "events").to_pylist()
    docs = {row["id"] for row in pq.read_table(local_out / "documents").to_pylist()}
    assert events and all(row["document"] in docs for row in events)
    assert all(row["id"] == event_id(row["document"], json.loads(row["json"])) for row in events)
    manifest = json.loads((local_out / "manifest.json").read_text())
    [state] = manifest["inputs"].values()
    assert state["records"] == PAGES and sorted(state["parts"]) == ["0", "1", "2"]


def test_rerun_skips_what_is_done(local_out: Path, small_warc: Path) -> None:
    before = {f: f.stat().st_mtime_ns for f in local_out.rglob("*.parquet")}
    started = time.perf_counter()
    summary = run_batch([str(small_warc)], local_out, workers=1, part_records=4)
    assert (summary.parts, summary.records, summary.skipped_parts) == (0, 0, 3)
    assert {f: f.stat().st_mtime_ns for f in local_out.rglob("*.parquet")} == before
    assert time.perf_counter() - started < 5  # no pipeline, no reading: the manifest says it is complete


def test_kill_9_mid_batch_then_rerun_gives_every_record_once(small_warc: Path, tmp_path: Path,
                                                             extracted: dict[str, list[dict[str, Any]]]) -> None:
    out = tmp_path / "out"
    command = [str(VEILLE), "batch", str(small_warc), "--out", str(out), "--workers", "1", "--part-records", "2",
               "--quiet"]
    run = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    parts = 0
    while time.monotonic() < deadline and run.poll() is None:
        try:
            manifest = json.loads((out / "manifest.json").read_text())
            parts = sum(len(s["parts"]) for s in manifest["inputs"].values())
        except (OSError, ValueError):
            parts = 0
        if parts >= 2:
            break
        time.sleep(0.2)
    assert run.poll() is None, "the batch ended before it could be killed"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert 2 <= parts < PAGES // 2
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert record_numbers(out) == [(str(small_warc), n) for n in range(PAGES)]
    assert records_of_batch(out) == extracted
    assert not list(out.rglob(".*.tmp"))


def test_ingest_dir_loads_the_batch_output_without_running_the_pipeline(local_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "veille.db"
    # A pipeline that cannot be built: ingest DIR must not need one.
    env = {**os.environ, "VEILLE_STAGES": "no-such-stage.v1"}
    first = subprocess.run([str(VEILLE), "ingest", str(local_out), "--db", str(db)], capture_output=True, text=True,
                           env=env)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([str(VEILLE), "ingest", str(local_out), "--db", str(db)], capture_output=True, text=True,
                           env=env)
    assert again.returncode == 0 and f"0 new (0 reprints), {PAGES} already stored" in again.stderr
    with sqlite3.connect(db) as conn:
        stored_docs = {row[0] for row in conn.execute("SELECT id FROM documents")}
        stored_events = {row[0] for row in conn.execute("SELECT id FROM events")}
    assert stored_docs == {row["id"] for row in pq.read_table(local_out / "documents").to_pylist()}
    assert stored_events == {row["id"] for row in pq.read_table(local_out / "events").to_pylist()}


def _binary_payload_warc(path: Path) -> None:
    """A WARC whose one response claims HTML but carries binary bytes (an image served as a page)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as file:
        writer = WARCWriter(file, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = bytes(range(256)) * 64
        writer.write_record(writer.create_warc_record("https://x.example/image", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))


def test_bad_inputs_are_named_and_the_rest_goes_on(small_warc: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    data = small_warc.read_bytes()
    (inputs / "a-truncated.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    _binary_payload_warc(inputs / "b-binary.warc.gz")
    pq.write_table(pa.table({"headline": ["A title"], "body_html_missing": [1]}), inputs / "c-wrong.parquet")
    text = "Protesters marched in Paris on Monday against the pension reform, the police said."
    pq.write_table(pa.table({"id": ["p1"], "text": [text], "published": ["2023-01-16"]}), inputs / "d-good.parquet")
    with gzip.open(inputs / "e-good.jsonl.gz", "wt", encoding="utf-8") as file:
        file.write(json.dumps({"id": "j1", "text": text, "published": "2023-01-16"}) + "\n")
    out = tmp_path / "out"
    run = subprocess.run([str(VEILLE), "batch", str(inputs), "--out", str(out), "--workers", "1"],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    errors = [row for row in pq.read_table(out / "errors").to_pylist() if row["failed"]]
    failed_inputs = {Path(row["input"]).name: row["message"] for row in errors}
    assert "truncated" in failed_inputs["a-truncated.warc.gz"] and "a-truncated.warc.gz" in run.stderr
    assert "b-binary.warc.gz" in failed_inputs and "x.example/image" in failed_inputs["b-binary.warc.gz"]
    assert "without a document column" in failed_inputs["c-wrong.parquet"]
    assert "headline" in failed_inputs["c-wrong.parquet"] and "c-wrong.parquet" in run.stderr
    docs = pq.read_table(out / "documents").to_pylist()
    assert {"p1", "j1"} <= {row["id"] for row in docs}
    assert any(Path(row["input"]).name == "a-truncated.warc.gz" for row in docs)  # what it held before the cut
    assert "veille batch: 5 inputs" in run.stderr
