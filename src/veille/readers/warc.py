"""WARC archives (warcio): one document per successful HTML response record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from veille.model import Document
from veille.readers.base import InputOptions, failed_document, make_document
from veille.readers.decode import DecodeError, decode_bytes
from veille.readers.detect import InputKind


def iter_warc(stream: IO[bytes], origin: str, options: InputOptions) -> Iterator[Document]:
    """Yield the HTML pages of a WARC file; a broken record or a truncated archive yields an error."""
    number = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            number += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{uri or number}"
            status = record.http_headers.get_statuscode()
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or ("html" not in ctype and "xml" not in ctype):
                continue
            data = record.content_stream().read(options.max_document_bytes + 1)
            if len(data) > options.max_document_bytes:
                yield failed_document(where, "response larger than the one-document size limit")
                continue
            try:
                html = decode_bytes(data, html=True)
            except DecodeError as exc:
                yield failed_document(where, str(exc))
                continue
            yield make_document(html, InputKind.HTML, where, options, url=uri)
    except (EOFError, OSError, zlib.error, ValueError) as exc:
        yield failed_document(f"{origin}#{number + 1}", f"WARC archive ends abruptly or is corrupt ({exc})")
