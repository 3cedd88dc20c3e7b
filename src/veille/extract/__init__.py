"""The ``extract.v1`` stage: raw input → clean body text and document metadata.

HTML goes through trafilatura/htmldate (:mod:`veille.extract.html`); scraped plain text through the
furniture classifier (:mod:`veille.extract.scraped`); ``--no-extract`` input is taken as the body.
Metadata priority for the publication date: the input's own field > page metadata > a dateline or
byline date in the text > null (never a guessed year).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlparse

from veille.extract.html import NoArticleError, extract_html
from veille.extract.metadata import (
    credits_from,
    published_from,
    source_from,
)
from veille.extract.scraped import clean_scraped_text
from veille.model import Document, RawInput
from veille.registry import Stage, registry
from veille.settings import Settings

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def content_id(text: str) -> str:
    """A stable id from normalised content: the same article text gives the same id anywhere."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


def _outlet_from_host(host: str | None) -> str | None:
    if not host:
        return None
    host = host.lower().removeprefix("www.").removeprefix("m.")
    return host or None


def _extract_html(doc: Document, raw: RawInput, settings: Settings) -> bool:
    """Fill ``doc`` from an HTML page; False when the page holds no article (the error is noted)."""
    try:
        page = extract_html(
            raw.content,
            url=doc.url,
            extensive_date_search=settings.date_extensive_search,
            max_chars=settings.max_html_chars,
        )
    except NoArticleError as exc:
        doc.id = doc.id or content_id(raw.content)
        doc.add_error("extract", f"{raw.origin}: {exc}")
        return False
    doc.text = page.text
    doc.furniture = page.furniture
    doc.title = doc.title or page.title
    doc.source = page.sitename or _outlet_from_host(page.hostname)
    doc.url = doc.url or page.url
    if not doc.published and page.date and _ISO_DATE.match(page.date):
        doc.published = page.date
        if page.date_note:
            doc.add_error("extract", f"{raw.origin}: {page.date_note}")
    doc.credits = credits_from(page.furniture, page.paragraphs, [page.author or "", *page.credit_lines])
    if not doc.published and page.paragraphs:
        doc.published = published_from([], page.paragraphs[0])
    return True


def _extract_text(doc: Document, raw: RawInput) -> None:
    """Fill ``doc`` from scraped plain text."""
    page_text = clean_scraped_text(raw.content, title=doc.title)
    doc.text = page_text.text
    doc.furniture = page_text.furniture
    doc.title = doc.title or page_text.title
    first = page_text.paragraphs[0] if page_text.paragraphs else ""
    doc.credits = credits_from(page_text.furniture, page_text.paragraphs, page_text.credit_lines)
    doc.source = source_from(page_text.furniture)
    if not doc.published:
        doc.published = published_from(page_text.furniture, first)


def _extract(doc: Document, settings: Settings) -> Document:
    raw = doc.raw
    if raw is None:
        return doc
    if raw.clean:
        doc.text = raw.content
    elif raw.kind == "html":
        if not _extract_html(doc, raw, settings):
            return doc
    else:
        _extract_text(doc, raw)
    if doc.source is None and doc.url:
        doc.source = _outlet_from_host(urlparse(doc.url).hostname)
    if doc.id is None:
        doc.id = content_id(doc.text or raw.content)
    if not doc.text.strip():
        doc.add_error("extract", f"{raw.origin}: no article text found")
    return doc


@registry.stage("extract.v1")
def make_extract(settings: Settings) -> Stage:
    """Factory of the extraction stage."""

    def extract(doc: Document) -> Document:
        return _extract(doc, settings)

    return extract
