"""RSS and Atom feeds (feedparser): one document per entry, its full content or its summary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from veille.model import Document
from veille.readers.base import InputOptions, body_as_page, failed_document, make_document


def _entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) date as ISO 8601, if the feed gives one."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def iter_feed(text: str, origin: str, options: InputOptions) -> Iterator[Document]:
    """Yield one document per feed entry; an entry with nothing to read yields an error record."""
    feed = feedparser.parse(text)
    entries = feed.get("entries") or []
    if not entries:
        reason = str(feed.get("bozo_exception") or "no entries")
        yield failed_document(origin, f"feed has no readable entries ({reason})")
        return
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#entry {number}"
        contents = entry.get("content") or []
        body = max((c.get("value") or "" for c in contents), key=len, default="")
        if len(body.strip()) < len((entry.get("summary") or "").strip()):
            body = entry.get("summary") or ""
        if not body.strip():
            yield failed_document(where, "feed entry has no content or summary", entry.get("id"))
            continue
        # A description is often plain text or one <p>: read as text, or as a page around the fragment.
        content, kind = body_as_page(body)
        yield make_document(
            content,
            kind,
            where,
            options,
            doc_id=entry.get("id") or entry.get("link"),
            url=entry.get("link"),
            published=_entry_date(entry),
            title=entry.get("title"),
        )
