"""`veille ingest`, `veille docs` and `veille events` as real subprocesses on real SQLite files:
kill -9 and resume, read-only file, full disk, future schema, concurrent writers, every export."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from veille.model import Actor, Document, Event, EventDate, Place, Span
from veille.store import Store

VEILLE = [sys.executable, "-m", "veille.cli"] if not (Path(sys.executable).parent / "veille").exists() \
    else [str(Path(sys.executable).parent / "veille")]
SYLLABLES = ["ba", "ko", "ri", "ten", "mal", "su", "dor", "ve", "ka", "lin",
             "mo", "pra", "zu", "tel", "an", "gor", "si", "ne", "fa", "bu"]


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Made-up words: documents drawn from a large vocabulary tell distinct stories, as real ones do."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def write_inputs(path: Path, n: int, prefix: str = "doc", seed: int = 1) -> list[str]:
    """A JSONL file of ``n`` distinct small English documents; returns their ids."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            doc_id = f"{prefix}-{i}"
            sentences = [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(6)]
            text = f"Report {doc_id} number {i}. " + " ".join(sentences)
            f.write(json.dumps({"id": doc_id, "text": text, "lang": "en"}) + "\n")
            ids.append(doc_id)
    return ids


def veille(*args: str, preexec: Callable[[], None] | None = None, timeout: float = 120,
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VEILLE, *args], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec, env={**os.environ, "VEILLE_JOBS": "1"})


def stored_ids(db: Path) -> list[str]:
    out = veille("docs", "--db", str(db), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    return [json.loads(line)["id"] for line in out.stdout.splitlines()]


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_kill_9_mid_run_then_rerun_stores_every_document_once(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    ids = write_inputs(src, 400)
    db = tmp_path / "store.db"
    proc = subprocess.Popen([*VEILLE, "ingest", str(src), "--db", str(db), "--batch-size", "8", "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                conn = sqlite3.connect(db, timeout=1)
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                stored = 0
            if stored >= 40:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed: give it more documents"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < len(ids)
    assert integrity(db) == "ok"
    rerun = veille("ingest", str(src), "--db", str(db))
    assert rerun.returncode == 0, rerun.stderr
    assert "already stored" in rerun.stderr
    got = stored_ids(db)
    assert sorted(got) == sorted(ids)  # every document exactly once
    assert integrity(db) == "ok"


def make_read_only(path: Path) -> Callable[[], None]:
    """Make ``path`` read-only for this user, root included; returns the undo."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    # root writes any file whatever its mode: only the immutable attribute stops it.
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a filesystem without chattr +i: cannot make a file read-only")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_database_is_refused_clearly_and_nothing_is_lost(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_inputs(src, 5)
    more = tmp_path / "more.jsonl"
    write_inputs(more, 5, prefix="more", seed=2)
    db = tmp_path / "store.db"
    assert veille("ingest", str(src), "--db", str(db)).returncode == 0
    undo = make_read_only(db)
    try:
        before = db.read_bytes()
        out = veille("ingest", str(more), "--db", str(db))
        assert out.returncode == 2
        assert "read-only" in out.stderr
        assert db.read_bytes() == before
        assert len(stored_ids(db)) == 5  # and it can still be read
    finally:
        undo()


def test_full_disk_gives_a_clear_message_and_keeps_the_database_intact(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    ids = write_inputs(src, 10)
    big = tmp_path / "big.jsonl"
    write_inputs(big, 150, prefix="big", seed=3)
    db = tmp_path / "store.db"
    assert veille("ingest", str(src), "--db", str(db)).returncode == 0
    limit = db.stat().st_size + 128 * 1024

    def small_disk() -> None:
        # Writes beyond `limit` bytes fail with EFBIG as on a full disk (SIGXFSZ would kill us instead).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = veille("ingest", str(big), "--db", str(db), "--batch-size", "100", preexec=small_disk)
    assert out.returncode == 1, out.stderr
    assert "disk is full" in out.stderr, out.stderr
    assert integrity(db) == "ok"
    got = stored_ids(db)
    assert set(ids) <= set(got) and len(got) == len(set(got))
    # Once there is room again, the same command completes the rest.
    assert veille("ingest", str(big), "--db", str(db)).returncode == 0
    assert len(stored_ids(db)) == 160


def test_database_from_a_future_veille_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_inputs(src, 3)
    db = tmp_path / "store.db"
    assert veille("ingest", str(src), "--db", str(db)).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 42")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (("ingest", str(src)), ("docs",), ("events",)):
        out = veille(*args, "--db", str(db))
        assert out.returncode == 2
        assert "newer veille" in out.stderr and "version 42" in out.stderr
    assert db.read_bytes() == before


def test_two_concurrent_ingests_on_one_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    ids_a = write_inputs(a, 120, prefix="a", seed=4)
    ids_b = write_inputs(b, 120, prefix="b", seed=5)
    shared = tmp_path / "shared.jsonl"  # both runs also ingest the same documents
    ids_s = write_inputs(shared, 60, prefix="s", seed=6)
    db = tmp_path / "store.db"
    procs = [subprocess.Popen([*VEILLE, "ingest", str(src), str(shared), "--db", str(db), "--batch-size", "10"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for src in (a, b)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    for code, err in results:
        # Both complete, or one says clearly that the file was busy; nothing is lost either way.
        assert code == 0 or "locked" in err, err
    if any(code != 0 for code, _ in results):
        assert veille("ingest", str(a), str(b), str(shared), "--db", str(db)).returncode == 0
    got = stored_ids(db)
    assert len(got) == len(set(got))
    assert sorted(got) == sorted(ids_a + ids_b + ids_s)
    assert integrity(db) == "ok"


def test_events_and_docs_commands_write_every_format(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    text = ("Government forces shelled eastern Aleppo on Thursday, killing twelve civilians, the Syrian "
            "Observatory for Human Rights said, as talks on a ceasefire went on in Geneva.")
    place = Place(text="Aleppo", start=37, end=43, name="Aleppo", geonameid=170063, country="SYR",
                  lat=36.2, lon=37.16, feature="PPLA")
    event = Event(type="ASSAULT", actor=[Actor(text="Government forces", name="Syrian Army", code="SYR")],
                  place=place, date=EventDate(text="Thursday", value="2016-09-08"), fatalities=12,
                  trigger=Span(text="shelled", start=18, end=25), evidence=Span(text=text, start=0, end=len(text)),
                  confidence=0.9)
    with Store(db) as store:
        store.add([Document(id="e1", text=text, language="en", published="2016-09-08", events=[event])])
    for fmt in ("csv", "jsonl", "geojson", "parquet"):
        out_path = tmp_path / f"events.{fmt}"
        out = veille("events", "--db", str(db), "--format", fmt, "--out", str(out_path), "--country", "SYR")
        assert out.returncode == 0, out.stderr
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
            assert rows[0]["event_type"] == "ASSAULT" and rows[0]["fatalities"] == "12"
        elif fmt == "jsonl":
            lines = [json.loads(x) for x in out_path.read_text(encoding="utf-8").splitlines()]
            assert lines[0]["sources"] == ["e1"]
        elif fmt == "geojson":
            gj = json.loads(out_path.read_text(encoding="utf-8"))
            assert gj["type"] == "FeatureCollection"
            assert gj["features"][0]["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
        else:
            assert pq.read_table(out_path).num_rows == 1
    stdout_csv = veille("events", "--db", str(db), "--format", "csv", "--type", "PROTEST")
    assert stdout_csv.returncode == 0 and stdout_csv.stdout.count("\n") == 1  # header only
    docs = veille("docs", "--db", str(db), "--format", "csv")
    assert docs.returncode == 0
    assert next(csv.DictReader(io.StringIO(docs.stdout)))["story"] == "e1"
    bad = veille("events", "--db", str(db), "--format", "xml")
    assert bad.returncode == 2
    missing = veille("docs", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "no such database" in missing.stderr
