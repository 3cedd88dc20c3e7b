"""Stages and the pipeline that runs them.

As in spaCy, stages are registered by a versioned name (``extract.v1``) with a factory that receives
the settings and returns the stage: a callable taking a :class:`Document` and returning it enriched.
The pipeline is a list of such names (``Settings.stages``), so later stages (nlp, actors, places,
times, events) plug in without touching the runner. A stage that raises on one document records
``{stage, message}`` in ``doc.errors`` and the pipeline goes on with the next stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from veille.model import Document
from veille.settings import Settings

log = logging.getLogger(__name__)

Stage = Callable[[Document], Document]
StageFactory = Callable[[Settings], Stage]


# Stages without whose result a document is worthless: an exception there fails the document.
FATAL_STAGES = frozenset({"extract.v1"})


class Registry:
    """Versioned stage factories by name."""

    def __init__(self) -> None:
        self._factories: dict[str, StageFactory] = {}

    def stage(self, name: str) -> Callable[[StageFactory], StageFactory]:
        """Decorator registering ``factory`` under ``name`` (e.g. ``"times.v1"``)."""

        def register(factory: StageFactory) -> StageFactory:
            if name in self._factories and self._factories[name] is not factory:
                raise ValueError(f"stage {name!r} is already registered")
            self._factories[name] = factory
            return factory

        return register

    def get(self, name: str) -> StageFactory:
        """The factory registered under ``name``."""
        _load_builtin_stages()
        try:
            return self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories))
            raise KeyError(f"unknown stage {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        """Every registered stage name."""
        _load_builtin_stages()
        return sorted(self._factories)


registry = Registry()


def _load_builtin_stages() -> None:
    # Imported here, not at module import, so that `veille --help` does not pay for every stage.
    import veille.actors.entities
    import veille.actors.stage
    import veille.events.stage
    import veille.extract
    import veille.geo.stage
    import veille.language
    import veille.nlp
    import veille.times.stage  # noqa: F401


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
