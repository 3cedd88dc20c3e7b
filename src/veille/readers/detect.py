"""Input kind detection from the first bytes of an input (after gunzip)."""

from __future__ import annotations

import enum
import re


class InputKind(enum.Enum):
    """What an input holds."""

    HTML = "html"
    TEXT = "text"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"
    PARQUET = "parquet"
    BINARY = "binary"


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(
    rb"<(!doctype\s+html|html|head|body|meta|title|div|article|p|section|span|main|header|table)[\s>/]",
    re.IGNORECASE,
)
# Control bytes that never occur in text in any 8-bit or UTF-8 encoding (tab, LF, FF, CR excluded).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def detect_kind(head: bytes) -> InputKind:
    """Guess the kind of an input from its first bytes (at least a few KB for a reliable answer)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 text: decode the sample to look at it; NUL bytes are expected there.
        decoded = head.decode("utf-16", errors="ignore").lstrip("\ufeff").lstrip()
        return _kind_of_text(decoded.encode("utf-8"))
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"WARC/"):
        return InputKind.WARC
    if head.startswith(b"PAR1"):
        return InputKind.PARQUET
    sample = head[:8192]
    controls = len(_CONTROL.findall(sample))
    if b"\x00" in sample or controls > max(2, len(sample) // 200):
        return InputKind.BINARY
    return _kind_of_text(stripped)


def _kind_of_text(stripped: bytes) -> InputKind:
    if stripped.startswith(b"{"):
        return InputKind.JSONL
    start = stripped[:4096]
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        if _FEED.search(start):
            return InputKind.FEED
        if _HTML.search(start):
            return InputKind.HTML
    # Markup a little further down (pages saved with leading comments or scripts).
    if len(_HTML.findall(stripped[:16384])) >= 3 and stripped[:200].lstrip().startswith(b"<"):
        return InputKind.HTML
    return InputKind.TEXT
