"""The events stage with every candidate kept (judge threshold 0): what the rules find, for tests of
the rules themselves. The judge's own decisions are tested in test_judge.py."""

from __future__ import annotations

from functools import cache

from veille.model import Document
from veille.pipeline import Pipeline
from veille.readers import InputOptions, make_document
from veille.readers.detect import InputKind
from veille.settings import Settings


@cache
def _pipeline() -> Pipeline:
    return Pipeline(Settings.from_env(min_confidence=0.0))


def process_all(text: str, lang: str, published: str | None = None) -> Document:
    """``text`` through the whole pipeline, no candidate event left out by the judge."""
    doc = make_document(text, InputKind.TEXT, "<test>", InputOptions(published=published, lang=lang))
    return _pipeline()(doc)
