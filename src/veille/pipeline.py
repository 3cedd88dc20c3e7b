"""The pipeline that runs the stages.

Stages are registered by a versioned name in :mod:`veille.registry` (``Registry``, ``Stage``,
``StageFactory`` and ``registry`` are re-exported here for existing callers); the built-in ones are
registered by :mod:`veille.registrations`. The pipeline is a list of such names
(``Settings.stages``), so later stages (nlp, actors, places, times, events) plug in without touching
the runner. A stage that raises on one document records ``{stage, message}`` in ``doc.errors`` and
the pipeline goes on with the next stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from veille.model import Document
from veille.registrations import register_builtin_stages
from veille.registry import Registry, Stage, StageFactory, registry
from veille.settings import Settings

log = logging.getLogger(__name__)

# Lookups of the registry know the built-in stages: their modules are imported at the first lookup.
registry.populate_with(register_builtin_stages)

# Stages without whose result a document is worthless: an exception there fails the document.
FATAL_STAGES = frozenset({"extract.v1"})


@dataclass
class StageTimer:
    """Seconds spent in each stage, for `make bench`'s share-of-time table."""

    seconds: dict[str, float] = field(default_factory=dict)
    documents: int = 0

    def add(self, name: str, elapsed: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed


class Pipeline:
    """Runs the configured stages over documents, in order, isolating each stage's failures."""

    def __init__(self, settings: Settings | None = None, stages: Iterable[str] | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.stage_names = list(stages if stages is not None else self.settings.stages)
        self.stages: list[tuple[str, Stage]] = [
            (name, registry.get(name)(self.settings)) for name in self.stage_names
        ]
        self.timer = StageTimer()

    def __call__(self, doc: Document) -> Document:
        """Run every stage on ``doc``; a failing stage leaves an error and the document as it was."""
        if doc.raw is not None and doc.raw.failed:
            return doc
        for name, stage in self.stages:
            started = time.perf_counter()
            try:
                doc = stage(doc)
            except Exception as exc:  # a stage bug must not lose the batch: record it and go on
                log.debug("stage %s failed", name, exc_info=True)
                doc.add_error(name.split(".")[0], f"{type(exc).__name__}: {exc}")
                if name in FATAL_STAGES and doc.raw is not None:
                    doc.raw.failed = True
            self.timer.add(name, time.perf_counter() - started)
        self.timer.documents += 1
        # The parse is for the stages only: it is large, and costly to send between processes.
        doc.analysis = None
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Process ``docs`` lazily, in input order."""
        for doc in docs:
            yield self(doc)


__all__ = ["FATAL_STAGES", "Pipeline", "Registry", "Stage", "StageFactory", "StageTimer", "registry"]
