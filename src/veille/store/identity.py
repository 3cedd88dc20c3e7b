"""Stable identities of stored things that have none in the input: events.

An event's id is a hash of its document's id, its type and the offsets of its trigger: re-running the
same veille on the same document gives the same ids, so a user's notes and joins on ``id`` survive a
re-ingest or a ``veille reprocess`` that finds the same events.
"""

from __future__ import annotations

import hashlib
from typing import Any


def event_id(document_id: str, event: dict[str, Any]) -> str:
    """``ev-`` and 16 hex digits, from the document id, the event type and its trigger's offsets."""
    trigger = event.get("trigger") or {}
    key = f"{document_id}\x1f{event.get('type')}\x1f{trigger.get('start')}\x1f{trigger.get('end')}"
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def raw_hash(content: str) -> str:
    """Hash of an input as read, before the pipeline: a re-run recognises it without processing it."""
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:24]
