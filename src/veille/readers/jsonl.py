"""JSON Lines: one document per line (``text`` or ``html``, optional ``id``, ``url``, ``published``,
``lang``, ``title``, ``places``), also under the names other tools give these fields."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from typing import IO, Any

from veille.model import Document
from veille.readers.base import InputOptions, body_as_page, failed_document, make_document
from veille.readers.detect import InputKind, detect_kind

log = logging.getLogger(__name__)

# The names other tools and dumps give veille's fields (news-please: maintext, date_publish; newspaper
# and most scrapers: content, body, link, date, headline; feeds: pubdate, guid; schema.org:
# datePublished). A key in neither list is reported once per file, never silently lost.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "_id", "doc_id", "uuid"),
    "text": ("text", "content", "body", "maintext", "article", "full_text", "fulltext"),
    "html": ("html", "raw_html", "content_html"),
    "url": ("url", "link", "href", "uri", "source_url", "canonical_url"),
    "published": ("published", "date", "pubdate", "pub_date", "published_at", "publish_date", "date_publish",
                  "datePublished", "published_date", "publication_date", "created_at", "timestamp"),
    "lang": ("lang", "language", "locale"),
    "title": ("title", "headline"),
    "places": ("places",),
}
_KNOWN_KEYS = frozenset(key for names in FIELD_ALIASES.values() for key in names)


def canonical_fields(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with veille's field names: the first alias present (in the order above) wins."""
    out: dict[str, Any] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if value is not None and value != "":
                out[name] = value
                break
    return out


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
    unknown_keys: set[str] = set()
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
        yield document_from_record(record, where, options, unknown_keys)


def document_from_record(record: dict[str, Any], where: str, options: InputOptions,
                         unknown_keys: set[str] | None = None) -> Document:
    """One document from a record of named fields (a JSONL line, a Parquet row): a failed document
    when it has no text; keys veille does not read are warned once (``unknown_keys`` remembers them)."""
    unknown_keys = unknown_keys if unknown_keys is not None else set()
    for key in sorted(set(record) - _KNOWN_KEYS - unknown_keys):
        unknown_keys.add(key)
        log.warning("%s: key %r is not read by veille (it reads %s and their usual aliases)",
                    where, key, ", ".join(FIELD_ALIASES))
    record = canonical_fields(record)
    doc_id = _str_or_none(record, "id")
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
    if not isinstance(content, str) or not content.strip():
        return failed_document(where, "no `text` or `html` to process", doc_id)
    kind = InputKind.HTML if content is html else InputKind.TEXT
    if kind is InputKind.TEXT and not options.no_extract and _is_html(content):
        kind = InputKind.HTML  # HTML put in the `text` field is still HTML
    if kind is InputKind.HTML and not options.no_extract:
        content, kind = body_as_page(content)  # a fragment (<p>...</p>) is read as a page
    try:
        spans, problems = _spans(record.get("places"))
    except ValueError as exc:
        return failed_document(where, str(exc), doc_id)
    doc = make_document(
        content,
        kind,
        where,
        options,
        doc_id=doc_id,
        url=_str_or_none(record, "url"),
        published=_str_or_none(record, "published"),
        lang=_str_or_none(record, "lang"),
        title=_str_or_none(record, "title"),
        place_spans=spans,
    )
    for problem in problems:
        doc.add_error("read", problem)
    return doc
