"""Registers the ``times.v1`` stage: ``doc.times`` from the text, publication date and language.

It also settles the publication date (the document creation time its values resolve against): the
document's own, else the user's ``--published``.
"""

from __future__ import annotations

from veille.model import Document
from veille.readers.base import settle_published
from veille.registry import Stage, registry
from veille.settings import Settings
from veille.times import tag_times


@registry.stage("times.v1")
def make_times(settings: Settings) -> Stage:
    """Factory of the times stage (no settings needed yet)."""

    def run(doc: Document) -> Document:
        # The document's own date (input field, page metadata, dateline) came first; the user's
        # --published is for documents without one, so it is applied only after extraction.
        settle_published(doc)
        doc.times = tag_times(doc.text, doc.published, doc.language)
        return doc

    return run
