"""`veille batch` on a WARC of benchmark pages: same records as `veille extract`, throughput of each engine,
Ray with 1 against 2 actors, and where the time goes (reading and each pipeline stage).

`python bench/batch_run.py --limit 200` writes the WARC with bench/make_warc.py (all 1,402 pages without
--limit), then runs `veille extract`, `veille batch --engine local`, `--engine ray --workers 1` and
`--workers 2` on it, each in its own process, and prints one line per measure. Speed numbers on a shared
machine are noisy: run it when the machine is quiet, and compare numbers of the same run only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VEILLE = BIN / "veille"


def records_of_extract(warc: Path) -> tuple[dict[str, list], float]:
    started = time.perf_counter()
    out = subprocess.run([str(VEILLE), "extract", str(warc)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {d["id"]: d["events"] for d in docs if d.get("text") is not None and d["id"]}, seconds


def records_of_batch(warc: Path, out: Path, *arguments: str) -> tuple[dict[str, list], float, str]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    run = subprocess.run([str(VEILLE), "batch", str(warc), "--out", str(out), *arguments], capture_output=True,
                         text=True)
    seconds = time.perf_counter() - started
    line = next((ln for ln in run.stderr.splitlines() if ln.startswith("veille batch:")), run.stderr[-300:])
    docs = pq.read_table(out / "documents", columns=["id", "json"]).to_pylist()
    return {row["id"]: json.loads(row["json"])["events"] for row in docs}, seconds, line


def profile(warc: Path) -> str:
    """Share of each stage, reading included, in one process (stage timers are complete there)."""
    code = (
        "import json,sys,time\n"
        "from veille.readers import InputOptions, iter_documents\n"
        "from veille.windows import WindowedPipeline\n"
        "p=WindowedPipeline()\n"
        "t=time.perf_counter(); docs=list(iter_documents(sys.argv[1], InputOptions())); read=time.perf_counter()-t\n"
        "for d in docs: p(d)\n"
        "print(json.dumps({'read': read, **p.timer.seconds}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code, str(warc)], capture_output=True, text=True, cwd=ROOT)
    seconds = json.loads(res.stdout.strip().splitlines()[-1])
    total = sum(seconds.values()) or 1.0
    return ", ".join(f"{name} {value / total:.0%}" for name, value in seconds.items() if value)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="pages in the WARC (default: all)")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "batch")
    ap.add_argument("--skip-profile", action="store_true")
    ap.add_argument("--part-records", type=int, default=20,
                    help="records per part: enough parts for every actor to have work")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    warc = a.work / "pages.warc.gz"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_warc.py"), "--out", str(warc),
                    *(["--limit", str(a.limit)] if a.limit else [])], check=True)
    reference, seconds = records_of_extract(warc)
    print(f"veille extract: {len(reference)} documents, {sum(map(len, reference.values()))} events, "
          f"{seconds:.1f} s ({len(reference) / seconds:.2f} documents/s)")
    rates = {}
    for label, arguments in (("local", ["--engine", "local"]), ("ray 1 actor", ["--engine", "ray", "--workers", "1"]),
                             ("ray 2 actors", ["--engine", "ray", "--workers", "2"])):
        records, seconds, line = records_of_batch(warc, a.work / label.replace(" ", "-"), *arguments,
                                                  "--part-records", str(a.part_records))
        rates[label] = len(records) / seconds
        same = "same records as extract" if records == reference else (
            f"DIFFERENT from extract: {len(set(records) ^ set(reference))} ids differ, "
            f"{sum(records.get(k) != v for k, v in reference.items())} documents' events differ")
        print(f"batch {label}: {same}; {seconds:.1f} s wall ({rates[label]:.2f} documents/s, start-up included); "
              f"{line}")
    print(f"ray throughput, 2 actors / 1 actor: {rates['ray 2 actors'] / rates['ray 1 actor']:.2f}")
    if not a.skip_profile:
        print(f"profile (one process, share of time): {profile(warc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
