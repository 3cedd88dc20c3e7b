"""What every reader shares: the user's options and how raw and failed documents are made."""

from __future__ import annotations

import re
from dataclasses import dataclass

from veille.model import Document, RawInput
from veille.readers.detect import InputKind

STAGE = "read"


@dataclass(frozen=True)
class InputOptions:
    """What the user said about the inputs on the command line.

    ``published`` is for the documents that carry no date of their own (neither in the input's field
    nor in the page's metadata or text); with ``force_published`` it replaces every document's date.
    ``lang`` and ``url`` override what the input says.
    """

    published: str | None = None
    force_published: bool = False
    lang: str | None = None
    url: str | None = None
    no_extract: bool = False
    max_document_bytes: int = 16 * 1024 * 1024


_DOCUMENT_TAG = re.compile(r"<\s*(?:html|body|!doctype)\b", re.I)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")


def body_as_page(content: str) -> tuple[str, InputKind]:
    """A body given inside a container (a feed entry's description, a JSONL ``html`` field) as a page.

    Plain text is text (the furniture cleaner reads it); an HTML fragment such as ``<p>...</p>`` is
    wrapped in a page's ``<html><body><article>``, without which trafilatura finds no tree to read.
    """
    if not _ANY_TAG.search(content):
        return content, InputKind.TEXT
    if _DOCUMENT_TAG.search(content[:4096]):
        return content, InputKind.HTML
    return f"<html><body><article>{content}</article></body></html>", InputKind.HTML


def failed_document(origin: str, message: str, doc_id: str | None = None) -> Document:
    """A placeholder record for an input that could not be read: it keeps the output's order."""
    doc = Document(id=doc_id, raw=RawInput(origin=origin, failed=True))
    doc.add_error(STAGE, f"{origin}: {message}")
    return doc


def make_document(
    content: str,
    kind: InputKind,
    origin: str,
    options: InputOptions,
    *,
    doc_id: str | None = None,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    title: str | None = None,
    place_spans: list[tuple[int, int]] | None = None,
) -> Document:
    """A raw document; ``--lang`` and ``--url`` win over what the input carries, the input's own date
    wins over ``--published`` (unless forced), and a date that cannot be read is reported and dropped."""
    raw = RawInput(
        content=content,
        kind="html" if kind is InputKind.HTML else "text",
        origin=origin,
        clean=options.no_extract,
        place_spans=place_spans,
        fallback_published=options.published,
    )
    own_date, problem = _readable_date(published, origin)
    doc = Document(
        id=doc_id,
        url=options.url or url,
        title=title,
        published=options.published if options.force_published and options.published else own_date,
        language=options.lang or lang,
        raw=raw,
    )
    if problem:
        doc.add_error(STAGE, problem)
    return doc


def settle_published(doc: Document) -> Document:
    """The user's ``--published`` on a document that found no date of its own (input, page, dateline).

    Called once extraction has looked for the document's own date: by the windowed pipeline right after
    extraction, and by the times stage (which needs it) when a bare pipeline runs.
    """
    if not doc.published and doc.raw is not None and doc.raw.fallback_published:
        doc.published = doc.raw.fallback_published
    return doc


def _readable_date(published: str | None, origin: str) -> tuple[str | None, str | None]:
    """The input's publication date in ISO 8601, or None and why it was dropped."""
    from veille.times.interval import PublishedError, normalise_published

    if not published or not published.strip():
        return None, None
    try:
        return normalise_published(published), None
    except PublishedError as exc:
        return None, f"{origin}: publication date dropped: {exc}"
