"""Batch inputs, manifest and the readers it added (no pipeline: fast)."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import veille.readers.warc as warc
from veille.batch.inputs import count_records, expand_inputs, read_records
from veille.batch.manifest import Manifest, input_key
from veille.readers import InputOptions, iter_documents

PAGE = "<html><head><title>T</title></head><body><article><p>{}</p></article></body></html>"


def test_folders_and_globs_expand_to_files_in_order_without_hidden_ones_or_the_output(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for name in ("in/b.jsonl", "in/a.jsonl", "in/sub/c.warc.gz", "in/.hidden.jsonl", "x1.parquet", "x2.parquet"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "in" / "out").mkdir()
    (tmp_path / "in" / "out" / "manifest.json").write_text("{}")
    files = expand_inputs([str(tmp_path / "in"), str(tmp_path / "x*.parquet"), str(tmp_path / "none*.jsonl")],
                          exclude=tmp_path / "in" / "out")
    assert [Path(f).relative_to(tmp_path).as_posix() if f.startswith(str(tmp_path)) else f for f in files] == [
        "in/a.jsonl", "in/b.jsonl", "in/sub/c.warc.gz", "x1.parquet", "x2.parquet", "none*.jsonl"]


def test_records_are_numbered_the_same_way_by_count_and_by_ranges(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Text {i}."}) + "\n" for i in range(7))
                    + "not json\n", encoding="utf-8")
    assert count_records(str(path), InputOptions()) == 8
    ids = [d.id for d in read_records(str(path), InputOptions(), 3, 6)]
    assert ids == ["d3", "d4", "d5"]
    [bad] = list(read_records(str(path), InputOptions(), 7))
    assert bad.failed


def test_manifest_saves_atomically_and_forgets_a_changed_input(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "x"}\n')
    manifest = Manifest.load(tmp_path / "out", 2)
    manifest.mark_part(str(source), 0, {"records": 2})
    manifest.set_records(str(source), 3)
    again = Manifest.load(tmp_path / "out", 5)
    assert again.part_records == 2 and again.done(str(source), 0) and not again.complete(str(source))
    again.mark_part(str(source), 1, {"records": 1})
    assert again.complete(str(source))
    assert not list((tmp_path / "out").glob(".*"))
    old_part = tmp_path / "out" / "documents" / again.state(str(source)).key / "part-000001.parquet"
    old_part.parent.mkdir(parents=True)
    old_part.write_bytes(b"")
    source.write_text('{"text": "changed"}\n')
    assert not Manifest.load(tmp_path / "out").done(str(source), 0)
    assert not old_part.exists()
    assert input_key("/a/page.warc.gz") != input_key("/b/page.warc.gz")


def test_parquet_of_documents_is_read_row_by_row_with_jsonl_field_names(tmp_path: Path) -> None:
    pq.write_table(pa.table({"guid": ["g1", "g2"], "content": ["First text.", ""], "date": ["2024-02-02", None]}),
                   tmp_path / "d.parquet")
    first, second = iter_documents(str(tmp_path / "d.parquet"), InputOptions())
    assert first.id == "g1" and first.raw is not None and first.raw.content == "First text."
    assert first.published == "2024-02-02"
    assert second.failed and "row 2" in second.errors[0].message


def test_parquet_with_a_wrong_schema_or_corrupt_is_one_error_naming_the_file(tmp_path: Path) -> None:
    pq.write_table(pa.table({"headline": ["x"], "n": [1]}), tmp_path / "wrong.parquet")
    [wrong] = iter_documents(str(tmp_path / "wrong.parquet"), InputOptions())
    assert wrong.failed and "wrong.parquet" in wrong.errors[0].message and "headline, n" in wrong.errors[0].message
    data = (tmp_path / "wrong.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    [cut] = iter_documents(str(tmp_path / "cut.parquet"), InputOptions())
    assert cut.failed and "cut.parquet" in cut.errors[0].message


def _warc(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(3):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://x.example/{i}", "response", payload=io.BytesIO(PAGE.format(f"Page {i}.").encode()),
                http_headers=headers, warc_headers_dict={"WARC-Date": f"2020-05-0{i + 1}T10:00:00Z"}))


def test_fastwarc_and_warcio_read_the_same_responses(tmp_path: Path) -> None:
    _warc(tmp_path / "a.warc.gz")
    plain = gzip.decompress((tmp_path / "a.warc.gz").read_bytes())

    def fields(responses: Iterator[warc.Response]) -> list[tuple]:
        return [(r.uri, r.date, r.status, r.content_type, r.read(10_000)) for r in responses]  # type: ignore[operator]

    fast = fields(warc._fastwarc_responses(io.BytesIO(plain)))
    assert fast == fields(warc._warcio_responses(io.BytesIO(plain)))
    assert [uri for uri, *_ in fast] == [f"https://x.example/{i}" for i in range(3)]


def test_the_warc_date_is_the_fallback_publication_date(tmp_path: Path) -> None:
    _warc(tmp_path / "a.warc.gz")
    docs = list(iter_documents(str(tmp_path / "a.warc.gz"), InputOptions()))
    assert [d.raw.fallback_published for d in docs if d.raw] == ["2020-05-01", "2020-05-02", "2020-05-03"]
    forced = list(iter_documents(str(tmp_path / "a.warc.gz"), InputOptions(published="2021-01-01")))
    assert {d.raw.fallback_published for d in forced if d.raw} == {"2021-01-01"}
