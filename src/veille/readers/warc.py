"""WARC archives: one document per successful HTML response record.

FastWARC (a Rust parser) reads them when it is installed, warcio otherwise: both give the same records.
The record's target URI is the document's ``url`` and its ``WARC-Date`` day its fallback publication
date (used when neither the page nor ``--published`` gives one).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from veille.model import Document
from veille.readers.base import InputOptions, failed_document, make_document
from veille.readers.decode import DecodeError, decode_bytes
from veille.readers.detect import InputKind


@dataclass
class Response:
    """What veille needs of one HTTP response record, whichever parser read it."""

    uri: str | None
    date: str | None
    status: str
    content_type: str
    read: object  # callable(limit) -> bytes


class _ForwardSeekable(io.RawIOBase):
    """A read-only stream that tells its position and seeks forward by reading: FastWARC seeks past the
    rest of each record, and veille's streams (gunzipped on the fly, stdin) cannot seek. Written by hand:
    io has no forward-only seekable wrapper."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # read1: one read of the stream below, so what a truncated gzip holds before its cut is handed out
        # before the error (a full read() would drop it with the exception).
        read = getattr(self._stream, "read1", self._stream.read)
        chunk = read(len(buffer))
        n = len(chunk)
        buffer[:n] = chunk
        self._position += n
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = offset if whence == io.SEEK_SET else self._position + offset if whence == io.SEEK_CUR else -1
        if target < self._position:
            raise io.UnsupportedOperation("this stream only seeks forward")
        while self._position < target:
            if not self.read(min(1 << 20, target - self._position)):
                break
        return self._position


def _fastwarc_responses(stream: IO[bytes]) -> Iterator[Response]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    seekable = _ForwardSeekable(stream)  # not buffered again: each read is one read1 below (see readinto)
    # stream_detect off: the stream given is already gunzipped (a truncated gzip then still yields what it
    # holds before the cut); auto_decode undoes HTTP Content-Encoding, as warcio's content_stream does.
    for record in ArchiveIterator(seekable, record_types=WarcRecordType.response, parse_http=True,
                                  stream_detect=False, auto_decode="all", fsspec_args=False):
        if not record.is_http or record.http_headers is None:
            continue
        headers = record.headers
        yield Response(uri=headers.get("WARC-Target-URI"), date=headers.get("WARC-Date"),
                       status=str(record.http_headers.status_code or ""),
                       content_type=(record.http_headers.get("Content-Type") or "").lower(),
                       read=record.reader.read)


def _warcio_responses(stream: IO[bytes]) -> Iterator[Response]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        yield Response(uri=record.rec_headers.get_header("WARC-Target-URI"),
                       date=record.rec_headers.get_header("WARC-Date"),
                       status=record.http_headers.get_statuscode() or "",
                       content_type=(record.http_headers.get_header("Content-Type") or "").lower(),
                       read=record.content_stream().read)


def _responses(stream: IO[bytes]) -> Iterator[Response]:
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:  # no wheel for this platform: the pure-Python parser
        return _warcio_responses(stream)
    return _fastwarc_responses(stream)


def iter_warc(stream: IO[bytes], origin: str, options: InputOptions) -> Iterator[Document]:
    """Yield the HTML pages of a WARC file; a broken record or a truncated archive yields an error."""
    number = 0
    try:
        for response in _responses(stream):
            number += 1
            where = f"{origin}#{response.uri or number}"
            if response.status != "200" or ("html" not in response.content_type
                                             and "xml" not in response.content_type):
                continue
            data = response.read(options.max_document_bytes + 1)  # type: ignore[operator]
            if len(data) > options.max_document_bytes:
                yield failed_document(where, "response larger than the one-document size limit")
                continue
            try:
                html = decode_bytes(data, html=True)
            except DecodeError as exc:
                yield failed_document(where, str(exc))
                continue
            doc = make_document(html, InputKind.HTML, where, options, url=response.uri)
            if doc.raw is not None and not doc.raw.fallback_published and response.date:
                doc.raw.fallback_published = response.date[:10]
            yield doc
    except (EOFError, OSError, zlib.error, ValueError) as exc:
        yield failed_document(f"{origin}#{number + 1}", f"WARC archive ends abruptly or is corrupt ({exc})")
