"""Ingest commits by time as well as by count, and counts what it has seen at once (issue 18, defect 7)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from veille.model import Document, RawInput
from veille.store import Store
from veille.store.ingest import ingest_documents


def stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_slow_documents_are_committed_by_time_before_the_batch_is_full(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    seen_stored: list[int] = []

    def slow_docs() -> Iterator[Document]:
        for n in range(4):
            seen_stored.append(stored(db))  # what another reader (or a Ctrl-C) would find now
            time.sleep(0.15)
            yield Document(id=f"d{n}", text=f"Document number {n} about a protest in Paris.",
                           raw=RawInput(content=f"input {n}"))

    counters: list[int] = []
    with Store(db) as store:
        ingest_documents(store, slow_docs(), batch_size=64, commit_seconds=0.1,
                         progress=lambda s: counters.append(s.seen))
    assert seen_stored == [0, 1, 2, 3]  # each slow document committed before the next is read
    assert counters == [1, 2, 3, 4]  # the counter moves with every document, not every commit
    assert stored(db) == 4


def test_stored_inputs_are_recognised_before_processing(tmp_path: Path) -> None:
    from veille.store.ingest import AlreadyStored, IngestSummary

    db = tmp_path / "t.db"
    with Store(db) as store:
        store.add([Document(id="a", text="Text A.", raw=RawInput(content="<p>Text A.</p>")),
                   Document(text="Text B.", raw=RawInput(content="<p>Text B.</p>"))])
        check = AlreadyStored(store, update=False)
        assert check(Document(id="a", raw=RawInput(content="<p>Text A.</p>")))
        assert check(Document(raw=RawInput(content="<p>Text B.</p>")))  # no id: the same input
        assert not check(Document(raw=RawInput(content="<p>Text C.</p>")))
        assert check(Document(id="a", raw=RawInput(content="<p>Text A, corrected.</p>")))
        assert check.changed == 1
        assert not AlreadyStored(store, update=True)(Document(id="a", raw=RawInput(content="<p>Corrected.</p>")))
    summary = IngestSummary(new=3, skipped=2, seen=5)
    assert summary.documents == 5


def test_progress_total_is_estimated_from_the_inputs(tmp_path: Path) -> None:
    from veille.readers.count import estimate_documents

    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>x</p>", encoding="utf-8")
    assert estimate_documents([str(tmp_path / "a.jsonl"), str(tmp_path / "b.html")]) == 3
    assert estimate_documents([str(tmp_path / "b.html"), "feed.xml"]) is None


def test_ctrl_c_keeps_the_documents_already_processed(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    def interrupted() -> Iterator[Document]:
        for n in range(3):
            yield Document(id=f"d{n}", text=f"Document number {n}.", raw=RawInput(content=f"input {n}"))
        raise KeyboardInterrupt

    with Store(db) as store:
        try:
            ingest_documents(store, interrupted(), batch_size=64, commit_seconds=3600)
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("the interruption must reach the caller")
    assert stored(db) == 3
