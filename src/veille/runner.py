"""Run the pipeline over input files: reading, processing (in worker processes when it pays) and
yielding processed documents in input order. The CLI commands and the Python API share it."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from veille.model import Document
from veille.pipeline import Pipeline
from veille.readers import InputOptions, iter_documents
from veille.settings import Settings
from veille.windows import WindowedPipeline

log = logging.getLogger(__name__)

_worker_pipeline: WindowedPipeline | None = None
# Documents read ahead per worker process: enough to hide reading time, small enough for memory.
LOOKAHEAD_PER_WORKER = 8


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = WindowedPipeline(settings)


def _process_in_worker(doc: Document) -> Document:
    assert _worker_pipeline is not None, "worker not initialised"
    return _worker_pipeline(doc)


def iter_inputs(paths: Iterable[str], options: InputOptions) -> Iterator[Document]:
    """Raw documents of every input path, in order; unreadable inputs give error records."""
    return chain.from_iterable(iter_documents(path, options) for path in paths)


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(settings: Settings, jobs: int | None = None, force: bool = False) -> int:
    """Processes to use: ``jobs`` or the setting, at most one per core unless ``force``.

    A worker holds its own spaCy models (~450 MB): more workers than cores add memory, not speed.
    """
    cores = available_cores()
    wanted = jobs if jobs else settings.jobs if settings.jobs > 0 else cores
    if wanted > cores and not force:
        log.warning("%d worker processes asked for on %d cores: using %d (each needs ~450 MB and more "
                    "would not be faster; --force-jobs to insist)", wanted, cores, cores)
        return cores
    return wanted


def process_documents(
    docs: Iterable[Document], settings: Settings | None = None, jobs: int | None = None,
    pipeline: Pipeline | WindowedPipeline | None = None, force_jobs: bool = False,
) -> Iterator[Document]:
    """Process raw documents through the pipeline, yielding them in input order.

    With more than one job, documents go to worker processes (each loads its models once); a small
    look-ahead keeps memory bounded on huge inputs.
    """
    settings = settings or Settings.from_env()
    n_jobs = worker_count(settings, jobs, force_jobs)
    started = time.perf_counter()
    if n_jobs <= 1:
        pipe = pipeline or WindowedPipeline(settings)
        log.info("stages built in %.1f s (%s), one process", time.perf_counter() - started,
                 ", ".join(pipe.stage_names))
        yield from pipe.pipe(docs)
        _log_timings(pipe)
        return
    # Build the pipeline here first: an unknown stage or a broken import fails now, with its message,
    # instead of killing every worker at start-up.
    Pipeline(settings)
    log.info("%d worker processes; each loads its models on its first document", n_jobs)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # A window of pending documents bounds the read-ahead (memory stays flat on a huge dump) while
    # keeping every worker busy.
    window = n_jobs * LOOKAHEAD_PER_WORKER
    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_init_worker, initargs=(settings,))

    executor = new_pool()
    pending: deque[tuple[Document, Future[Document] | None]] = deque()

    def take() -> Document:
        nonlocal executor
        doc, future = pending.popleft()
        if future is None:
            return doc
        try:
            return future.result()
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in native code). The oldest document in flight is
            # blamed; the others are sent again to a fresh pool.
            doc.add_error("pipeline", f"{doc.raw.origin if doc.raw else doc.id}: the worker process died while "
                                      "processing this document (out of memory or a crash in a native library)")
            if doc.raw is not None:
                doc.raw.failed = True
            executor.shutdown(wait=True, cancel_futures=True)  # its workers are gone: returns at once
            executor = new_pool()
            for i, (other, other_future) in enumerate(pending):
                if other_future is not None:
                    pending[i] = (other, executor.submit(_process_in_worker, other))
            return doc

    try:
        for doc in docs:
            # A document that could not be read has nothing to process: it keeps its place in order.
            pending.append((doc, None if doc.failed else executor.submit(_process_in_worker, doc)))
            while pending and (len(pending) >= window or _done(pending[0][1])):
                yield take()
        while pending:
            yield take()
    finally:
        # wait=True: with wait=False, CPython 3.11's exit hook writes to the pool's closed wake-up
        # pipe and prints a traceback. Pending work is cancelled, so this returns promptly.
        executor.shutdown(wait=True, cancel_futures=True)


def _log_timings(pipe: Pipeline | WindowedPipeline) -> None:
    """Seconds per stage, for ``-v`` (measured in this process; workers keep their own)."""
    timer = pipe.timer
    if timer.documents:
        shares = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timer.seconds.items())
        log.info("%d documents; time per stage: %s", timer.documents, shares)


def _done(future: Future[Document] | None) -> bool:
    return future is None or future.done()


def process_paths(
    paths: list[str], options: InputOptions | None = None, settings: Settings | None = None,
    jobs: int | None = None, force_jobs: bool = False,
    skip: Callable[[Document], bool] | None = None,
) -> Iterator[Document]:
    """Read and process every input path; documents come out in input order, failed ones included
    (``doc.failed`` with ``doc.errors`` saying why). A document for which ``skip`` is true (already
    stored) is yielded as read, without running the pipeline on it."""
    docs = iter_inputs(paths, options or InputOptions())
    if skip is None:
        return process_documents(docs, settings, jobs, force_jobs=force_jobs)
    return _skipping(docs, skip, settings, jobs, force_jobs)


def _skipping(docs: Iterable[Document], skip: Callable[[Document], bool], settings: Settings | None,
              jobs: int | None, force_jobs: bool) -> Iterator[Document]:
    """Documents in input order: those ``skip`` names pass through unprocessed (marked ``skipped``)."""
    order: deque[Document | None] = deque()

    def skipped(doc: Document) -> bool:
        if doc.failed or doc.raw is None or not skip(doc):
            return False
        doc.raw.skipped = True
        doc.raw.content = ""  # a re-run over a huge dump keeps no text of what it skips
        return True

    def to_process(rest: Iterator[Document]) -> Iterator[Document]:
        for doc in rest:
            if skipped(doc):
                order.append(doc)
            else:
                order.append(None)
                yield doc

    rest = iter(docs)
    for doc in rest:
        if skipped(doc):
            yield doc  # nothing in flight yet: out at once (a re-run of a stored dump shows its progress)
            continue
        # The pipeline (and its worker processes) starts only once something is left to process.
        order.append(None)
        for processed in process_documents(chain([doc], to_process(rest)), settings, jobs, force_jobs=force_jobs):
            while order and order[0] is not None:
                yield order.popleft()  # type: ignore[misc]
            if order:
                order.popleft()
            yield processed
    while order:
        item = order.popleft()
        if item is not None:
            yield item
