"""A batch from start to end: expand the inputs, load the manifest, run an engine over the parts left,
write each part as it comes and count what was done."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from veille.batch.inputs import count_records, expand_inputs
from veille.batch.manifest import PART_RECORDS, Manifest, ManifestError
from veille.batch.output import PartTables, remove_temporaries, write_part
from veille.readers import InputOptions
from veille.settings import Settings

log = logging.getLogger(__name__)

Engine = Literal["local", "ray"]


class BatchError(RuntimeError):
    """A batch that cannot start: an unusable output folder, Ray unavailable or its cluster unreachable."""


@dataclass
class BatchSummary:
    """What a batch did (this run), for the progress bar and the summary line."""

    inputs: int = 0
    records: int = 0
    documents: int = 0
    events: int = 0
    errors: int = 0
    failed: int = 0
    parts: int = 0
    skipped_parts: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, counts: dict[str, int]) -> None:
        """Count one part written."""
        self.parts += 1
        for name in ("records", "documents", "events", "errors", "failed"):
            setattr(self, name, getattr(self, name) + counts[name])

    def line(self) -> str:
        """One human line: counts, time and throughput."""
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        skipped = f", {self.skipped_parts} parts already done" if self.skipped_parts else ""
        return (f"{self.inputs} inputs, {self.records} records: {self.documents} documents, {self.events} events, "
                f"{self.errors} errors ({self.failed} records failed){skipped}; {self.seconds:.1f} s, "
                f"{rate:.1f} documents/s")


def run_batch(
    inputs: list[str], out: Path, *, engine: Engine = "local", address: str | None = None,
    workers: int | None = None, options: InputOptions | None = None, settings: Settings | None = None,
    part_records: int = PART_RECORDS, progress: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Run the pipeline over ``inputs`` into ``out``, resuming from its manifest; raises :class:`BatchError`
    when the batch cannot start (then nothing was written)."""
    options = options or InputOptions()
    settings = settings or Settings.from_env()
    try:
        manifest = Manifest.load(out, part_records)
    except ManifestError as exc:
        raise BatchError(str(exc)) from exc
    paths = expand_inputs(inputs, exclude=out)
    summary = BatchSummary(inputs=len(paths))
    started = time.perf_counter()
    removed = remove_temporaries(out)
    if removed:
        log.info("%d partial files of an interrupted run removed", removed)

    def part_done(path: str, part: int, tables: PartTables) -> None:
        write_part(out, manifest.state(path).key, part, tables)
        counts = tables.counts()
        manifest.mark_part(path, part, counts)  # after the files: a listed part is always whole
        summary.add(counts)
        summary.failures.extend(tables.errors.filter(tables.errors.column("failed")).column("message").to_pylist())
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(summary)

    summary.skipped_parts = sum(len(manifest.state(p).parts) for p in paths)
    if engine == "ray":
        _run_on_ray(paths, manifest, options, settings, workers, address, part_done)
    else:
        from veille.batch.local import run_local

        run_local(paths, manifest, options, settings, workers, part_done, manifest.set_records)
    manifest.save()
    summary.seconds = time.perf_counter() - started
    return summary


def _run_on_ray(paths: list[str], manifest: Manifest, options: InputOptions, settings: Settings,
                workers: int | None, address: str | None, part_done: Callable[[str, int, PartTables], None]) -> None:
    """Plan the parts left (counting each input's records once), then process them on Ray."""
    from veille.batch import ray_engine
    from veille.runner import available_cores

    try:
        ray_engine.start_ray(address, workers or available_cores())
    except ray_engine.RayUnavailable as exc:
        raise BatchError(str(exc)) from exc
    try:
        parts = []
        for path in paths:
            state = manifest.state(path)
            if state.records is None:
                manifest.set_records(path, count_records(path, options))
            records = manifest.state(path).records or 0
            parts += [ray_engine.records_of_part(path, part, manifest.part_records, records)
                      for part in range(manifest.part_count(records)) if part not in state.parts]
        cpus = ray_engine.cluster_cpus()
        if workers and workers > cpus:
            log.warning("%d Ray actors asked for on a cluster of %d CPUs: using %d", workers, cpus, cpus)
        actors = min(workers or cpus, cpus)
        log.info("%d parts to process on %d Ray actors", len(parts), actors)
        ray_engine.run_ray(parts, settings, options, actors, part_done)
    finally:
        ray_engine.stop_ray()
