"""The Ray engine: the parts left to do on Ray Data, on this machine or on a cluster.

Each part to do is one row (input, part, first and last record); ``map_batches`` sends it to an actor of
:class:`PartProcessor`, which builds the pipeline once (spaCy loads once per actor), reads the part's
records from the input, processes them and hands back the part's three tables. Ray Data streams: parts
are processed as actors free up and come back to this process as they finish, with back-pressure, so
neither the inputs nor the outputs are ever held whole. Actors read the inputs by their absolute paths:
on a cluster, every node must see them at the same path (a shared file system); the outputs are written
by this process only.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

from veille.batch.inputs import read_records
from veille.batch.output import PartTables, part_tables
from veille.readers import InputOptions
from veille.settings import Settings

log = logging.getLogger(__name__)

# Object store of a Ray started here (not of a cluster joined by address): the rows that travel are small
# (a part's tables), so the default (30% of memory) would only take memory from the actors.
LOCAL_OBJECT_STORE_BYTES = 200 * 1024 * 1024
CONNECT_SECONDS = 5.0


class RayUnavailable(RuntimeError):
    """Ray cannot be used: not installed, or the cluster's address cannot be reached."""


class PartProcessor:
    """A Ray Data actor: the pipeline, built once, over whole parts."""

    def __init__(self, settings: Settings, options: InputOptions) -> None:
        from veille.windows import WindowedPipeline

        self.pipeline = WindowedPipeline(settings)
        self.options = options

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """Process each part of the batch; one output row per part, with its tables as Arrow bytes."""
        out: dict[str, list[Any]] = {"input": [], "part": [], "documents": [], "events": [], "errors": []}
        for path, part, start, stop in zip(batch["input"], batch["part"], batch["start"], batch["stop"], strict=True):
            docs = [doc if doc.failed else self.pipeline(doc)
                    for doc in read_records(str(path), self.options, int(start), int(stop))]
            tables = part_tables(str(path), int(start), docs).to_bytes()
            out["input"].append(str(path))
            out["part"].append(int(part))
            for name, data in tables.items():
                out[name].append(data)
        return out


def check_address(address: str) -> None:
    """Raise :class:`RayUnavailable` unless something listens at ``host:port`` (``ray://host:port`` too):
    an unreachable cluster is reported at once, before anything starts, instead of Ray's own retries."""
    if address in ("auto", "local"):
        return
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise RayUnavailable(f"Ray address {address!r} is not host:port (or ray://host:port)")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS):
            pass
    except OSError as exc:
        raise RayUnavailable(f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); nothing was "
                             "started. Is `ray start --head` running there, and is the port open?") from exc


def start_ray(address: str | None, workers: int) -> None:
    """Join the cluster at ``address`` (as given, or ``RAY_ADDRESS``), or start a private Ray here with
    ``workers`` CPUs (never another user's Ray that happens to run on this machine)."""
    import os

    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable("--engine ray needs Ray: pip install 'veille[ray]'") from exc
    # Ray Data logs every execution at INFO on its own logger: veille's -vv shows it, not less.
    if not logging.getLogger("veille").isEnabledFor(logging.DEBUG):
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.WARNING)
    address = address or os.environ.get("RAY_ADDRESS") or None
    if address:
        check_address(address)
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    else:
        ray.init(address="local", num_cpus=workers, include_dashboard=False, logging_level=logging.WARNING,
                 log_to_driver=False, object_store_memory=LOCAL_OBJECT_STORE_BYTES)


def cluster_cpus() -> int:
    """CPUs the joined cluster has (one actor per CPU)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_ray(parts: list[dict[str, Any]], settings: Settings, options: InputOptions, actors: int,
            part_done: Callable[[str, int, PartTables], None]) -> None:
    """Process ``parts`` (rows of input, part, start, stop) on ``actors`` actors of one CPU each; each part
    is handed to ``part_done`` as soon as it comes back."""
    import ray.data

    if not parts:
        return
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # veille shows its own
    if not logging.getLogger("veille").isEnabledFor(logging.DEBUG):
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # set again: Ray Data configures it on use
    dataset = ray.data.from_items(parts, override_num_blocks=len(parts))
    processed = dataset.map_batches(PartProcessor, fn_constructor_args=(settings, options), batch_size=1,
                                    compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1)
    for row in processed.iter_rows():
        tables = PartTables.from_bytes({name: row[name] for name in ("documents", "events", "errors")})
        part_done(row["input"], int(row["part"]), tables)


def stop_ray() -> None:
    """Leave the cluster (or stop the private Ray)."""
    import ray

    if ray.is_initialized():
        ray.shutdown()


def records_of_part(path: str, part: int, size: int, records: int) -> dict[str, Any]:
    """The row that stands for one part of an input."""
    return {"input": path, "part": part, "start": part * size, "stop": min(records, (part + 1) * size)}
