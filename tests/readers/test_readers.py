"""Readers on real files: every input kind, and every kind of bad input giving an error record."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from veille.readers import InputOptions, iter_documents
from veille.readers.decode import DecodeError, decode_bytes
from veille.readers.detect import InputKind, detect_kind

HTML = "<!DOCTYPE html><html><head><title>T</title></head><body><article><p>{}</p></article></body></html>"
BODY = "Le gouvernement a annoncé mardi de nouvelles mesures contre la hausse des prix de l'énergie en France."


def docs(path: Path | str, **options: object) -> list:
    return list(iter_documents(str(path), InputOptions(**options)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", InputKind.HTML),
        (b"<!-- saved --><html lang='fr'><head></head>", InputKind.HTML),
        (b'<?xml version="1.0"?><rss version="2.0"><channel>', InputKind.FEED),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', InputKind.FEED),
        (b'{"id": 1, "text": "x"}\n', InputKind.JSONL),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", InputKind.WARC),
        (b"Syrie : rencontre entre Kerry et Lavrov\n\nLe texte. 3 < 4.", InputKind.TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", InputKind.BINARY),
        (b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05", InputKind.BINARY),
        ("\ufeffLe texte en UTF-16.".encode("utf-16"), InputKind.TEXT),
    ],
)
def test_detect(head: bytes, kind: InputKind) -> None:
    assert detect_kind(head) is kind


def test_decode_encodings() -> None:
    text = "Les négociations à Genève ont échoué, cœur de l'été, 20 €."
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("cp1252")) == text
    html = f'<html><head><meta charset="windows-1252"></head><body>{text}</body></html>'
    assert text in decode_bytes(html.encode("cp1252"), html=True)
    wrong = f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>'
    assert text in decode_bytes(wrong.encode("cp1252"), html=True)


def test_undecodable_bytes() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(128, 256)) * 50 + b"\x81\x8d\x8f\x90\x9d" * 40)


def test_html_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(HTML.format(BODY), encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    [html] = docs(tmp_path / "a.html", published="2020-01-02", url="https://x.example/a")
    [text] = docs(tmp_path / "b.txt")
    assert html.raw.kind == "html" and html.raw.fallback_published == "2020-01-02" and html.url == "https://x.example/a"
    assert text.raw.kind == "text" and text.raw.content == BODY


def test_jsonl_with_bad_lines_keeps_order_and_reasons(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "one", "text": BODY, "url": "https://x.example/1", "published": "2021-05-01", "lang": "fr"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "html", "text": HTML.format(BODY)}),
        json.dumps({"id": "byo", "text": BODY, "places": [{"start": 0, "end": 2}]}),
        json.dumps({"id": "badspans", "text": BODY, "places": [{"start": 5}, {"start": 0, "end": 4}]}),
        json.dumps({"id": "notalist", "text": BODY, "places": "Paris"}),
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = docs(tmp_path / "d.jsonl")
    assert [d.failed for d in out] == [False, True, True, True, False, False, False, True]
    assert out[0].id == "one" and out[0].published == "2021-05-01" and out[0].language == "fr"
    assert "d.jsonl:2" in out[1].errors[0].message and "malformed JSON" in out[1].errors[0].message
    assert "must be an object" in out[2].errors[0].message
    assert out[3].id == "empty" and "no `text` or `html`" in out[3].errors[0].message
    assert out[4].raw.kind == "html"
    assert out[5].raw.place_spans == [(0, 2)]
    # A bad hint is one bad span, not a bad document: skipped, reported, the rest kept.
    assert out[6].id == "badspans" and out[6].raw.place_spans == [(0, 4)]
    assert "place hint" in out[6].errors[0].message
    assert out[7].id == "notalist" and "must be a list" in out[7].errors[0].message


def test_gzip_and_truncated_gzip(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": str(i), "text": f"{BODY} {i}"}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode("utf-8"))
    (tmp_path / "ok.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    assert len(docs(tmp_path / "ok.jsonl.gz")) == 200
    cut = docs(tmp_path / "cut.jsonl.gz")
    assert cut[-1].failed and "truncated" in cut[-1].errors[0].message
    good = [d for d in cut if not d.failed]
    assert len(good) > 10 and [d.id for d in good] == [str(i) for i in range(len(good))]
    assert len(cut) - len(good) <= 2  # the line cut in the middle, then the truncation
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML.format(BODY).encode())[:30])
    [page] = docs(tmp_path / "page.html.gz")
    assert page.failed and "gzip" in page.errors[0].message


def test_feeds_with_a_broken_entry(tmp_path: Path) -> None:
    rss = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F</title>
<item><title>Un</title><link>https://x.example/1</link><pubDate>Tue, 06 Sep 2016 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>Deux (vide)</title><link>https://x.example/2</link></item>
<item><title>Trois</title><link>https://x.example/3</link><description>{BODY}</description></item>
</channel></rss>"""
    (tmp_path / "f.xml").write_text(rss, encoding="utf-8")
    out = docs(tmp_path / "f.xml")
    assert [d.failed for d in out] == [False, True, False]
    assert out[0].published == "2016-09-06T10:00:00Z" and out[0].url == "https://x.example/1"
    assert "entry 2" in out[1].errors[0].message
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>E</title><id>urn:1</id><updated>2020-03-01T00:00:00Z</updated>
<content type="html">{BODY}</content></entry>
</feed>"""
    (tmp_path / "a.atom").write_text(atom, encoding="utf-8")
    [entry] = docs(tmp_path / "a.atom")
    assert entry.id == "urn:1" and entry.published == "2020-03-01T00:00:00Z"
    (tmp_path / "broken.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><ti', encoding="utf-8")
    [broken] = docs(tmp_path / "broken.xml")
    assert broken.failed and "no readable entries" in broken.errors[0].message


def _warc(path: Path, gz: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for i, (ctype, body) in enumerate([("text/html", HTML.format(BODY)), ("image/png", "PNG"),
                                           ("text/html; charset=utf-8", HTML.format(BODY + " Deux."))]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(f"https://x.example/{i}", "response",
                                                          payload=io.BytesIO(body.encode()), http_headers=headers))


def test_warc(tmp_path: Path) -> None:
    _warc(tmp_path / "c.warc", gz=False)
    _warc(tmp_path / "c.warc.gz", gz=True)
    for name in ("c.warc", "c.warc.gz"):
        out = docs(tmp_path / name)
        assert [d.url for d in out] == ["https://x.example/0", "https://x.example/2"]
        assert all(d.raw.kind == "html" and not d.failed for d in out)
    data = (tmp_path / "c.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 200])
    cut = docs(tmp_path / "cut.warc.gz")
    assert cut[-1].failed and "truncated" in cut[-1].errors[0].message
    assert [d.url for d in cut if not d.failed][:1] == ["https://x.example/0"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty input"), (b"   \n\t\n", "empty input"), (b"\x00\x01\x02binary\x00" * 100, "binary data")],
)
def test_bad_single_inputs(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad").write_bytes(content)
    [doc] = docs(tmp_path / "bad")
    assert doc.failed and reason in doc.errors[0].message and str(tmp_path / "bad") in doc.errors[0].message


def test_missing_directory_and_oversized(tmp_path: Path) -> None:
    [missing] = docs(tmp_path / "nope.html")
    assert missing.failed and "no such file" in missing.errors[0].message
    [folder] = docs(tmp_path)
    assert folder.failed and "directory" in folder.errors[0].message
    (tmp_path / "big.html").write_text(HTML.format("x " * 5000), encoding="utf-8")
    [big] = docs(tmp_path / "big.html", max_document_bytes=4096)
    assert big.failed and "limit" in big.errors[0].message
