"""veille: turn raw news into a database of events — who did what to whom, where and when, with the
sentence that says so.

Python API: :func:`process` runs the whole pipeline on one text or HTML page and returns the
:class:`~veille.model.Document` that ``veille extract`` prints.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from veille.model import Document
    from veille.pipeline import Pipeline


@cache
def _default_pipeline() -> Pipeline:
    from veille.pipeline import Pipeline

    return Pipeline()


def process(text_or_html: str, published: str | None = None, lang: str | None = None,
            url: str | None = None) -> Document:
    """Process one article given as HTML or as (possibly scraped) plain text."""
    from veille.readers import InputOptions, make_document
    from veille.readers.detect import InputKind, detect_kind

    kind = detect_kind(text_or_html[:65536].encode("utf-8", "replace"))
    kind = InputKind.HTML if kind is InputKind.HTML else InputKind.TEXT
    doc = make_document(text_or_html, kind, "<process>", InputOptions(published=published, lang=lang, url=url))
    return _default_pipeline()(doc)


__all__ = ["__version__", "process"]
