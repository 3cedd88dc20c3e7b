"""Long documents in windows: memory per document stays bounded whatever its length.

The analysis stages keep the whole parse of a document until the last of them has run (spaCy docs of
every chunk: about 3 KB per word), so a 0.6 MB text once took 2 GB. Here a document goes through the
whole-document stages (extraction, language) once, and when its text is longer than
``Settings.window_chars`` the analysis stages run on one window of it at a time (windows end at
paragraph, else sentence boundaries); each window's parse is dropped before the next, and the
entities, places, times and events found are put back at their offsets in the whole text.

What crosses a window's edge is not seen (a surname met in an earlier window, one sense per
discourse for places): windows are large (a long report, not a sentence), so only book-length inputs
are cut, and each window is said on stderr with ``-v`` as the progress within that document.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

from veille.model import Document, RawInput
from veille.nlp import chunks
from veille.pipeline import Pipeline, StageTimer
from veille.readers.base import settle_published
from veille.settings import Settings

log = logging.getLogger(__name__)

# Stages that need the whole document (they decide what its text is): run before any windowing.
WHOLE_DOCUMENT_STAGES = ("extract.v1", "language.v1")

Record = TypeVar("Record", bound=BaseModel)


def _shift(value: Any, offset: int) -> Any:
    """``value`` (a dumped record) with every ``{start, end}`` span moved by ``offset`` characters."""
    if isinstance(value, dict):
        moved = {key: _shift(item, offset) for key, item in value.items()}
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            moved["start"] = value["start"] + offset
            moved["end"] = value["end"] + offset
        return moved
    if isinstance(value, list):
        return [_shift(item, offset) for item in value]
    return value


def shifted(record: Record, offset: int) -> Record:
    """A copy of ``record`` (entity, place, time, event) with its spans moved by ``offset``."""
    return type(record).model_validate(_shift(record.model_dump(), offset))


class WindowedPipeline:
    """A :class:`~veille.pipeline.Pipeline` that runs the analysis stages window by window on long texts."""

    def __init__(self, settings: Settings | None = None, stages: Iterable[str] | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.stage_names = list(stages if stages is not None else self.settings.stages)
        split = 0
        while split < len(self.stage_names) and self.stage_names[split] in WHOLE_DOCUMENT_STAGES:
            split += 1
        self.whole = Pipeline(self.settings, self.stage_names[:split])
        self.analysis = Pipeline(self.settings, self.stage_names[split:])
        self.window_chars = self.settings.window_chars

    @property
    def timer(self) -> StageTimer:
        """Seconds per stage of both parts (documents counted once)."""
        timer = StageTimer(dict(self.whole.timer.seconds), self.whole.timer.documents)
        for name, seconds in self.analysis.timer.seconds.items():
            timer.add(name, seconds)
        return timer

    def __call__(self, doc: Document) -> Document:
        """Run every stage on ``doc``; a text longer than the window goes through analysis in windows."""
        doc = settle_published(self.whole(doc))
        if doc.failed or len(doc.text) <= self.window_chars:
            return self.analysis(doc)
        return self._in_windows(doc)

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Process ``docs`` lazily, in input order."""
        for doc in docs:
            yield self(doc)

    def _in_windows(self, doc: Document) -> Document:
        pieces = chunks(doc.text, self.window_chars)
        origin = doc.raw.origin if doc.raw is not None else doc.id
        for number, (offset, piece) in enumerate(pieces, start=1):
            log.info("%s: window %d of %d (characters %d to %d of %d)", origin, number, len(pieces), offset,
                     offset + len(piece), len(doc.text))
            part = self.analysis(self._window(doc, offset, piece))
            doc.entities += [shifted(e, offset) for e in part.entities]
            doc.places += [shifted(p, offset) for p in part.places]
            doc.times += [shifted(t, offset) for t in part.times]
            doc.events += [shifted(e, offset) for e in part.events]
            doc.errors += [e for e in part.errors if e not in doc.errors]
        return doc

    @staticmethod
    def _window(doc: Document, offset: int, piece: str) -> Document:
        """A document of one window: the whole document's metadata, the window's text and place hints."""
        raw = doc.raw or RawInput()
        hints = None
        if raw.place_spans is not None:
            end = offset + len(piece)
            hints = [(s - offset, e - offset) for s, e in raw.place_spans if offset <= s < e <= end]
        return Document(
            id=doc.id, url=doc.url, source=doc.source, credits=doc.credits, title=doc.title,
            published=doc.published, language=doc.language, text=piece, furniture=doc.furniture,
            raw=RawInput(origin=raw.origin, clean=True, fallback_published=raw.fallback_published,
                         place_spans=hints),
        )
