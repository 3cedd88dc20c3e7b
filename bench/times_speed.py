#!/usr/bin/env python3
"""Speed of the times stage: documents per second on 500-word news texts, on one core and with one
worker process per core (as veille runs it).

Real news: French Wikinews (WiNER-fr) and English news (ECB+) from ../shared/benchmarks, cut into
500-word texts. Dense: the reference article and an English paragraph packed with dates, repeated,
a worst case. Usage: .venv/bin/python bench/times_speed.py [N]
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import sys
import tarfile
import time
from pathlib import Path

from veille.times import tag_times

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE = SHARED / "examples" / "euronews-syrie-2016-09-08.txt"
EN_DENSE = ("The ministers met on Tuesday, September 6, 2016 and will meet again next week at 3 p.m. "
            "Two years ago the talks failed; a 48-hour truce was agreed yesterday and talks resume every "
            "Monday. The company said its profits rose 12 percent in the third quarter of last year. ")


def cut(texts: list[str], limit: int) -> list[str]:
    """The texts' words regrouped into 500-word documents."""
    words = " ".join(texts).split()
    while len(words) < 500 * (limit + 1):  # a short text is repeated (the dense case)
        words += words
    return [" ".join(words[i:i + 500]) for i in range(0, len(words) - 500, 500)][:limit]


def real_news(limit: int) -> dict[str, list[str]]:
    """500-word texts from WiNER-fr and ECB+."""
    fr = []
    with tarfile.open(SHARED / "benchmarks" / "winer_fr" / "WiNER-fr_v0.2_brat.tar.gz") as tar:
        for member in tar.getmembers():
            if member.name.endswith(".txt") and member.name.count("/") == 2:
                fr.append(tar.extractfile(member).read().decode("utf-8"))  # type: ignore[union-attr]
    with gzip.open(SHARED / "benchmarks" / "ecbplus" / "ecbplus_documents.jsonl.gz", "rt") as f:
        en = [" ".join(" ".join(s) for s in json.loads(line)["sentences"]) for line in f]
    return {"fr": cut(fr, limit), "en": cut(en, limit)}


def measure(label: str, lang: str, docs: list[str]) -> None:
    """Print docs/s on one core and with one worker per core."""
    tag_times(docs[0], "2016-09-08", lang)  # compile the patterns outside the timing
    t0 = time.perf_counter()
    found = sum(len(tag_times(d, "2016-09-08", lang)) for d in docs)
    one = len(docs) / (time.perf_counter() - t0)
    jobs = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.starmap(tag_times, [(docs[0], "2016-09-08", lang)] * jobs)  # warm each worker
        t0 = time.perf_counter()
        pool.starmap(tag_times, [(d, "2016-09-08", lang) for d in docs], chunksize=50)
        many = len(docs) / (time.perf_counter() - t0)
    print(f"{label} {lang}: {one:,.0f} docs/s one core, {many:,.0f} docs/s {jobs} workers "
          f"({found / len(docs):.0f} times per doc, {len(docs)} docs)")


def main() -> None:
    """Real news first, then the dense worst case."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for lang, docs in real_news(n).items():
        measure("real news", lang, docs)
    dense = {"fr": cut([EXAMPLE.read_text(encoding="utf-8")], n), "en": cut([EN_DENSE], n)}
    for lang, docs in dense.items():
        measure("dense", lang, [d + " " * (i % 3) for i, d in enumerate(docs)])


if __name__ == "__main__":
    main()
