"""JSON Lines: one document per line (``text`` or ``html``, optional ``id``, ``url``, ``published``,
``lang``, ``title``, ``places``)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from veille.model import Document
from veille.readers.base import InputOptions, failed_document, make_document
from veille.readers.detect import InputKind, detect_kind


def _spans(value: Any) -> tuple[list[tuple[int, int]] | None, list[str]]:
    """Bring-your-own place mentions ``[{start, end}, ...]``, and a note for each span left out.

    A bad span is one bad hint, not a bad document: it is skipped and reported on the document.
    """
    if value is None:
        return None, []
    if not isinstance(value, list):
        raise ValueError("`places` must be a list of {start, end}")
    spans, problems = [], []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("start"), int) or not isinstance(item.get("end"), int):
            problems.append(f"place hint {item!r:.60} skipped: not {{start: int, end: int}}")
        elif not 0 <= item["start"] < item["end"]:
            problems.append(f"place hint skipped: bad span {item['start']}..{item['end']}")
        else:
            spans.append((item["start"], item["end"]))
    return spans, problems


def _str_or_none(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _is_html(content: str) -> bool:
    return detect_kind(content[:4096].encode("utf-8", "replace")) is InputKind.HTML


def iter_jsonl(stream: IO[bytes], origin: str, options: InputOptions) -> Iterator[Document]:
    """Yield one document per line of a JSON Lines stream; a bad line yields an error record."""
    lines = stream
    number = 0
    while True:
        try:
            line = lines.readline()
        except (EOFError, OSError, zlib.error) as exc:
            yield failed_document(f"{origin}:{number + 1}", f"input ends abruptly (truncated gzip?): {exc}")
            return
        if not line:
            return
        number += 1
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        if len(line) > options.max_document_bytes:
            yield failed_document(where, "line larger than the one-document size limit")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield failed_document(where, f"malformed JSON line ({exc})")
            continue
        if not isinstance(record, dict):
            yield failed_document(where, "a JSONL line must be an object with `text` or `html`")
            continue
        doc_id = _str_or_none(record, "id")
        html, text = record.get("html"), record.get("text")
        content = html if isinstance(html, str) and html.strip() else text
        if not isinstance(content, str) or not content.strip():
            yield failed_document(where, "no `text` or `html` to process", doc_id)
            continue
        kind = InputKind.HTML if content is html else InputKind.TEXT
        if kind is InputKind.TEXT and _is_html(content):
            kind = InputKind.HTML  # HTML put in the `text` field is still HTML
        try:
            spans, problems = _spans(record.get("places"))
        except ValueError as exc:
            yield failed_document(where, str(exc), doc_id)
            continue
        doc = make_document(
            content,
            kind,
            where,
            options,
            doc_id=doc_id,
            url=_str_or_none(record, "url"),
            published=_str_or_none(record, "published"),
            lang=_str_or_none(record, "lang") or _str_or_none(record, "language"),
            title=_str_or_none(record, "title"),
            place_spans=spans,
        )
        for problem in problems:
            doc.add_error("read", problem)
        yield doc
