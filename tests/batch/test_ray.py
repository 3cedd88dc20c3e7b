"""veille batch --engine ray: the records of the local engine and of `veille extract`, on a private Ray and
on a two-node cluster reached by its address alone; an unreachable address starts nothing.

Kept small for a shared 2-core machine: one CPU per node, ten pages, no dashboard, a 200 MB object store,
and every Ray process started here stopped in teardown (by its own process id)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from tests.batch.conftest import PAGES, VEILLE, record_numbers, records_of_batch

from veille.batch.run import BatchError, run_batch

pytest.importorskip("ray")

RAY = Path(sys.executable).parent / "ray"
OBJECT_STORE = str(200 * 1024 * 1024)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ray_engine_gives_the_records_of_extract(small_warc: Path, tmp_path: Path,
                                                 extracted: dict[str, list[dict[str, Any]]]) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(small_warc)], out, engine="ray", workers=1, part_records=4)
    assert (summary.records, summary.parts, summary.failed) == (PAGES, 3, 0)
    assert records_of_batch(out) == extracted
    assert record_numbers(out) == [(str(small_warc), n) for n in range(PAGES)]
    again = run_batch([str(small_warc)], out, engine="ray", workers=1, part_records=4)
    assert (again.parts, again.skipped_parts) == (0, 3)


def test_unreachable_ray_address_starts_nothing(small_warc: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    address = f"127.0.0.1:{free_port()}"
    started = time.monotonic()
    run = subprocess.run([str(VEILLE), "batch", str(small_warc), "--out", str(out), "--engine", "ray",
                          "--address", address], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"cannot reach the Ray cluster at {address}" in run.stderr and "nothing was started" in run.stderr
    assert not out.exists()
    assert time.monotonic() - started < 60
    with pytest.raises(BatchError, match="not host:port"):
        run_batch([str(small_warc)], out, engine="ray", address="no-port-here")


class Cluster:
    """A Ray cluster of two nodes on this machine, one CPU each, started with the ray command."""

    def __init__(self, temp_dir: str) -> None:
        self.temp_dir = temp_dir
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[subprocess.Popen[bytes]] = []
        # A loopback test cluster without token authentication (so the test needs no token file in the home
        # folder); veille's own process gets no Ray setting at all: only the address.
        self.env = {**os.environ, "RAY_AUTH_MODE": "disabled"}

    def _start(self, *arguments: str) -> None:
        # --block: the command stays in the foreground and stops the node's processes when terminated.
        command = [str(RAY), "start", "--block", "--num-cpus=1", f"--object-store-memory={OBJECT_STORE}",
                   f"--dashboard-agent-listen-port={free_port()}", f"--runtime-env-agent-port={free_port()}",
                   f"--metrics-export-port={free_port()}", "--node-ip-address=127.0.0.1", "--disable-usage-stats",
                   *arguments]
        log = open(Path(self.temp_dir) / f"node{len(self.nodes)}.log", "wb")  # noqa: SIM115 - kept for the run
        self.nodes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env))

    def start(self) -> None:
        self._start("--head", f"--port={self.port}",
                    "--include-dashboard=false", f"--temp-dir={self.temp_dir}")
        self._wait_for_cpus(1)
        self._start(f"--address={self.address}")
        self._wait_for_cpus(2)

    def _wait_for_cpus(self, cpus: int) -> None:
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline:
            status = subprocess.run([str(RAY), "status", f"--address={self.address}"], capture_output=True,
                                    text=True, env=self.env)
            if f"/{cpus}.0 CPU" in status.stdout:
                return
            if any(node.poll() is not None for node in self.nodes):
                break
            time.sleep(2)
        said = (status.stdout + status.stderr)[-500:] if status else ""
        raise RuntimeError(f"the Ray cluster did not reach {cpus} CPUs; logs in {self.temp_dir}; ray status: {said}")

    def stop(self) -> None:
        """Terminate each node's foreground command, then any process it left, by process id."""
        for node in reversed(self.nodes):
            try:
                children = psutil.Process(node.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            node.terminate()
            try:
                node.wait(timeout=60)
            except subprocess.TimeoutExpired:
                node.kill()
                node.wait()
            for child in children:
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    # A short folder: Ray's socket paths must stay under the system's 107-character limit.
    temp_dir = tempfile.mkdtemp(prefix="veille-ray-", dir="/tmp")
    running = Cluster(temp_dir)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_two_node_cluster_needs_only_its_address(small_warc: Path, tmp_path: Path, cluster: Cluster,
                                                 extracted: dict[str, list[dict[str, Any]]]) -> None:
    out = tmp_path / "out"
    env = {key: value for key, value in os.environ.items() if not key.startswith("RAY_")}
    run = subprocess.run([str(VEILLE), "batch", str(small_warc), "--out", str(out), "--engine", "ray",
                          "--address", cluster.address, "--part-records", "3", "-v"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    assert records_of_batch(out) == extracted
    assert record_numbers(out) == [(str(small_warc), n) for n in range(PAGES)]
    assert f"veille batch: 1 inputs, {PAGES} records" in run.stderr
    assert "on 2 Ray actors" in run.stderr  # one per node: the cluster's two CPUs, found from the address
