"""Registers the ``times.v1`` stage: ``doc.times`` from the text, publication date and language."""

from __future__ import annotations

from veille.model import Document
from veille.registry import Stage, registry
from veille.settings import Settings
from veille.times import tag_times


@registry.stage("times.v1")
def make_times(settings: Settings) -> Stage:
    """Factory of the times stage (no settings needed yet)."""

    def run(doc: Document) -> Document:
        doc.times = tag_times(doc.text, doc.published, doc.language)
        return doc

    return run
