"""Run the pipeline over input files: reading, processing (in worker processes when it pays) and
yielding processed documents in input order. The CLI commands and the Python API share it."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain
from multiprocessing.pool import AsyncResult

from veille.model import Document
from veille.pipeline import Pipeline
from veille.readers import InputOptions, iter_documents
from veille.settings import Settings

log = logging.getLogger(__name__)

_worker_pipeline: Pipeline | None = None
# Documents read ahead per worker process: enough to hide reading time, small enough for memory.
LOOKAHEAD_PER_WORKER = 8


class _Ready:
    """A result already at hand, queued in order with the workers' pending ones."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc

    def ready(self) -> bool:
        return True

    def get(self) -> Document:
        return self._doc


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(settings)


def _process_in_worker(doc: Document) -> Document:
    assert _worker_pipeline is not None, "worker not initialised"
    return _worker_pipeline(doc)


def iter_inputs(paths: Iterable[str], options: InputOptions) -> Iterator[Document]:
    """Raw documents of every input path, in order; unreadable inputs give error records."""
    return chain.from_iterable(iter_documents(path, options) for path in paths)


def worker_count(settings: Settings) -> int:
    """Processes to use: the setting, or one per available core."""
    if settings.jobs > 0:
        return settings.jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_documents(
    docs: Iterable[Document], settings: Settings | None = None, jobs: int | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Document]:
    """Process raw documents through the pipeline, yielding them in input order.

    With more than one job, documents go to worker processes (each loads its models once); a small
    look-ahead keeps memory bounded on huge inputs.
    """
    settings = settings or Settings.from_env()
    n_jobs = jobs if jobs is not None else worker_count(settings)
    if n_jobs <= 1:
        pipe = pipeline or Pipeline(settings)
        yield from pipe.pipe(docs)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # Pool.imap would read the whole input ahead of the workers (unbounded memory on a large dump):
    # a window of pending results bounds the look-ahead while keeping every worker busy.
    window = n_jobs * LOOKAHEAD_PER_WORKER
    pending: deque[AsyncResult[Document]] = deque()
    with ctx.Pool(n_jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        for doc in docs:
            if doc.failed:  # nothing to process: don't ship it to a worker
                pending.append(_Ready(doc))  # type: ignore[arg-type]
            else:
                pending.append(pool.apply_async(_process_in_worker, (doc,)))
            while len(pending) >= window or (pending and pending[0].ready()):
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def process_paths(
    paths: list[str], options: InputOptions | None = None, settings: Settings | None = None,
    jobs: int | None = None,
) -> Iterator[Document]:
    """Read and process every input path; documents come out in input order, failed ones included
    (``doc.failed`` with ``doc.errors`` saying why)."""
    return process_documents(iter_inputs(paths, options or InputOptions()), settings, jobs)
