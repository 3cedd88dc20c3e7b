"""What every reader shares: the user's options and how raw and failed documents are made."""

from __future__ import annotations

from dataclasses import dataclass

from veille.model import Document, RawInput
from veille.readers.detect import InputKind

STAGE = "read"


@dataclass(frozen=True)
class InputOptions:
    """What the user said about the inputs on the command line (overrides what the input says)."""

    published: str | None = None
    lang: str | None = None
    url: str | None = None
    no_extract: bool = False
    max_document_bytes: int = 16 * 1024 * 1024


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
    """A raw document; command-line options win over what the input carries."""
    raw = RawInput(
        content=content,
        kind="html" if kind is InputKind.HTML else "text",
        origin=origin,
        clean=options.no_extract,
        place_spans=place_spans,
    )
    return Document(
        id=doc_id,
        url=options.url or url,
        title=title,
        published=options.published or published,
        language=options.lang or lang,
        raw=raw,
    )
