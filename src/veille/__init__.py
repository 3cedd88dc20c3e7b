"""veille: turn raw news into a database of events — who did what to whom, where and when, with the
sentence that says so.

Python API:

- :func:`process` runs the whole pipeline on one text or HTML page (``str`` or ``bytes``) and returns
  the :class:`~veille.model.Document` that ``veille extract`` prints;
- :func:`process_many` does it for many, in input order, in worker processes when it pays;
- :class:`Store` opens a database written by ``veille ingest``: ``Store(path).events(country="SYR")``
  gives event records, or a pandas DataFrame with ``as_frame=True`` (``pip install veille[pandas]``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from veille.model import Document
    from veille.windows import WindowedPipeline

PublishedDate = str | dt.date | None


@cache
def _default_pipeline() -> WindowedPipeline:
    from veille.windows import WindowedPipeline

    return WindowedPipeline()


def _raw_document(text_or_html: str | bytes, published: PublishedDate, lang: str | None, url: str | None,
                  origin: str, doc_id: str | None = None) -> Document:
    """A document ready for the pipeline; ``bytes`` are decoded as files are (BOM, UTF-8, charset)."""
    from veille.readers import InputOptions, make_document
    from veille.readers.decode import decode_bytes
    from veille.readers.detect import InputKind, detect_kind

    if isinstance(text_or_html, bytes | bytearray):
        head = bytes(text_or_html[:65536])
        text = decode_bytes(bytes(text_or_html), html=detect_kind(head) is InputKind.HTML)
    elif isinstance(text_or_html, str):
        text = text_or_html
    else:
        raise TypeError(f"veille.process takes str or bytes, not {type(text_or_html).__name__}")
    kind = detect_kind(text[:65536].encode("utf-8", "replace"))
    kind = InputKind.HTML if kind is InputKind.HTML else InputKind.TEXT
    day = published.isoformat() if isinstance(published, dt.date) else published
    # The date given here is this document's own: it wins over the page's metadata.
    return make_document(text, kind, origin, InputOptions(lang=lang, url=url), doc_id=doc_id, published=day)


def process(text_or_html: str | bytes, published: PublishedDate = None, lang: str | None = None,
            url: str | None = None) -> Document:
    """Process one article given as HTML or as (possibly scraped) plain text, ``str`` or ``bytes``.

    ``published`` (ISO string, ``datetime.date`` or ``datetime.datetime``) is the article's
    publication date; relative dates ("ce vendredi") resolve against it.
    """
    return _default_pipeline()(_raw_document(text_or_html, published, lang, url, "<process>"))


def process_many(items: Iterable[str | bytes | dict[str, Any]], *, published: PublishedDate = None,
                 lang: str | None = None, jobs: int | None = None) -> Iterator[Document]:
    """Process many articles; documents come out in input order, lazily.

    Each item is the text or HTML (``str`` or ``bytes``), or a dict as a JSONL line has it (``text``
    or ``html``, optional ``id``, ``url``, ``published``, ``lang``). ``published`` and ``lang`` apply
    to the items that give none. ``jobs``: worker processes (default one per core, at most the cores).
    """
    from veille.readers import failed_document
    from veille.readers.decode import DecodeError
    from veille.runner import process_documents

    def raw_document(number: int, item: str | bytes | dict[str, Any]) -> Document:
        if not isinstance(item, dict):
            return _raw_document(item, published, lang, None, f"<item {number}>")
        content = item.get("html") or item.get("text") or ""
        return _raw_document(content, item.get("published") or published, item.get("lang") or lang,
                             item.get("url"), f"<item {number}>", doc_id=item.get("id"))

    def raw_documents() -> Iterator[Document]:
        for number, item in enumerate(items, start=1):
            try:
                yield raw_document(number, item)
            except (DecodeError, TypeError) as exc:  # one bad item costs that item, not the batch
                yield failed_document(f"<item {number}>", str(exc))

    yield from process_documents(raw_documents(), jobs=jobs)


def __getattr__(name: str) -> Any:
    # The store (numpy, SQLite) loads only when asked for: `import veille` stays light.
    if name == "Store":
        from veille.store.api import Store

        return Store
    raise AttributeError(f"module 'veille' has no attribute {name!r}")


__all__ = ["Store", "__version__", "process", "process_many"]
