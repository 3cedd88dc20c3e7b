"""Readers: every input kind users have → raw documents, through one interface.

``iter_documents(path, options)`` detects the kind of ``path`` (HTML, plain text, JSONL, RSS/Atom,
WARC, each possibly gzipped) and yields one :class:`~veille.model.Document` per news document, with
``doc.raw`` holding the content to extract. Anything that cannot be read yields a document with
``raw.failed`` and an error naming the input and the reason, and reading goes on with the next one.
"""

from __future__ import annotations

import io
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from veille.model import Document
from veille.readers.base import InputOptions, failed_document, make_document
from veille.readers.decode import DecodeError, decode_bytes
from veille.readers.detect import InputKind, detect_kind

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 64 * 1024


def _open_stream(path: str) -> tuple[IO[bytes], str]:
    """The byte stream of ``path`` (``-`` is stdin), transparently gunzipped."""
    if path == "-":
        raw: IO[bytes] = io.BytesIO(sys.stdin.buffer.read())
        origin = "<stdin>"
    else:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller through the returned stream
        origin = path
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else raw.read(2)
    if not hasattr(raw, "peek"):
        raw.seek(0)
    if head == GZIP_MAGIC:
        return _Gunzip(raw), origin  # type: ignore[return-value]  # raw reads: partial data survives a cut
    return raw, origin


class _Gunzip(io.RawIOBase):
    """Streaming gunzip that hands out everything a truncated archive holds before failing.

    gzip.GzipFile raises on the read that reaches a cut and drops what that read decompressed, so a
    small truncated file yields nothing; here data comes first, then EOFError. Multi-member files
    (one member per WARC record) are read through.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=31)
        self._buffer = b""
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._buffer and not self._finished:
            chunk = self._raw.read(65536)
            if not chunk:
                self._finished = True
                if not self._inflater.eof:
                    raise EOFError("compressed data ends before the end of the gzip stream")
                break
            data = self._inflater.decompress(chunk)
            while self._inflater.eof and self._inflater.unused_data:
                rest = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
                data += self._inflater.decompress(rest)
            self._buffer += data
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def iter_documents(path: str, options: InputOptions | None = None) -> Iterator[Document]:
    """Yield the documents of one input file (or ``-`` for stdin), in input order."""
    options = options or InputOptions()
    if path != "-" and not Path(path).exists():
        yield failed_document(path, "no such file")
        return
    if path != "-" and Path(path).is_dir():
        yield failed_document(path, "is a directory (give the files inside it)")
        return
    try:
        stream, origin = _open_stream(path)
    except OSError as exc:
        yield failed_document(path, f"cannot open: {exc.strerror or exc}")
        return
    with stream:
        head, cut = _read_upto(stream, SNIFF_BYTES)
        if cut is not None and not head:
            yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
            return
        if cut is not None:
            # A short truncated archive: read what it holds, then say where it ends.
            stream = io.BytesIO(b"")
        if not head.strip():
            yield failed_document(origin, "empty input")
            return
        kind = detect_kind(head)
        if kind is InputKind.BINARY:
            yield failed_document(origin, "binary data, not HTML, text, JSONL, a feed or a WARC archive")
            return
        if kind is InputKind.WARC:
            from veille.readers.warc import iter_warc

            yield from iter_warc(io.BufferedReader(_Rewound(head, stream)), origin, options)
            if cut is not None:
                yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
            return
        if kind is InputKind.PARQUET:
            yield from _parquet(path, head, stream, cut, options)
            return
        if kind is InputKind.JSONL:
            from veille.readers.jsonl import iter_jsonl

            yield from iter_jsonl(io.BufferedReader(_Rewound(head, stream)), origin, options)
            if cut is not None:
                yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
            return
        if cut is not None:
            yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
            return
        # One document per file (HTML, text, feed): read it whole, within the size limit.
        rest, cut = _read_upto(stream, max(0, options.max_document_bytes + 1 - len(head)))
        if cut is not None:
            yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
            return
        data = head + rest
        if len(data) > options.max_document_bytes:
            limit_mb = options.max_document_bytes / 2**20
            yield failed_document(origin, f"input larger than the {limit_mb:.0f} MB limit for one document")
            return
        try:
            text = decode_bytes(data, html=kind in (InputKind.HTML, InputKind.FEED))
        except DecodeError as exc:
            yield failed_document(origin, str(exc))
            return
        if kind is InputKind.FEED:
            from veille.readers.feeds import iter_feed

            yield from iter_feed(text, origin, options)
            return
        yield make_document(text, kind, origin, options)


def _parquet(path: str, head: bytes, stream: IO[bytes], cut: str | None,
             options: InputOptions) -> Iterator[Document]:
    """A Parquet file's documents: read in place (Parquet needs random access to its footer), or from
    memory when it came gzipped or on stdin."""
    from veille.readers.parquet import iter_parquet

    origin = "<stdin>" if path == "-" else path
    if cut is not None:
        yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
        return
    if path != "-" and _starts_with(path, b"PAR1"):  # not gzipped: read in place
        yield from iter_parquet(path, origin, options)
        return
    rest, cut = _read_upto(stream, 1 << 62)
    if cut is not None:
        yield failed_document(origin, f"truncated or corrupt gzip ({cut})")
        return
    yield from iter_parquet(io.BytesIO(head + rest), origin, options)


def _starts_with(path: str, magic: bytes) -> bool:
    with open(path, "rb") as file:
        return file.read(len(magic)) == magic


def _read_upto(stream: IO[bytes], size: int) -> tuple[bytes, str | None]:
    """Up to ``size`` bytes, in small reads so that a truncated gzip gives what it holds before the
    cut; with the error that stopped reading, if any."""
    parts: list[bytes] = []
    total = 0
    while total < size:
        try:
            chunk = stream.read(min(16384, size - total))
        except (EOFError, OSError, zlib.error) as exc:
            return b"".join(parts), str(exc)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts), None


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing: serves them again, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        n = len(chunk)
        buffer[:n] = chunk
        return n


__all__ = ["InputKind", "InputOptions", "failed_document", "iter_documents", "make_document"]
