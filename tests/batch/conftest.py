"""Shared material of the batch tests: a small WARC written by bench/make_warc.py, and what
`veille extract` makes of it (the reference every engine must reproduce)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
VEILLE = Path(sys.executable).parent / "veille"
PAGES = 10


def make_warc(path: Path, limit: int = PAGES) -> Path:
    """A WARC of ``limit`` benchmark pages, written by the bench script."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_warc.py"), "--out", str(path), "--shared", str(SHARED),
                    "--limit", str(limit)], check=True, capture_output=True)
    return path


def records_of_extract(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Document id → its events, as `veille extract` prints them (one process: no worker start-up)."""
    out = subprocess.run([str(VEILLE), "extract", str(path), "-j", "1"], capture_output=True, text=True, check=True)
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {doc["id"]: doc["events"] for doc in docs}


def records_of_batch(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Document id → its events, from a batch output's Parquet datasets."""
    docs = pq.read_table(out / "documents").to_pylist()
    return {row["id"]: json.loads(row["json"])["events"] for row in docs}


def record_numbers(out: Path) -> list[tuple[str, int]]:
    """(input, record) of every document and failed record of a batch output, sorted (duplicates kept)."""
    docs = pq.read_table(out / "documents", columns=["input", "record"]).to_pylist()
    errors = [row for row in pq.read_table(out / "errors").to_pylist() if row["failed"]]
    return sorted((row["input"], row["record"]) for row in docs + errors)


@pytest.fixture(scope="module")
def small_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten benchmark pages in one WARC.gz."""
    if not (SHARED / "benchmarks" / "scrapinghub-aeb").is_dir():
        pytest.skip("../shared/benchmarks is not there")
    return make_warc(tmp_path_factory.mktemp("warc") / "pages.warc.gz")


@pytest.fixture(scope="module")
def extracted(small_warc: Path) -> dict[str, list[dict[str, Any]]]:
    """`veille extract` on the small WARC."""
    return records_of_extract(small_warc)
