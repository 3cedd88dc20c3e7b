#!/usr/bin/env python3
"""Speed of the times stage: documents per second on 500-word French and English news texts.

Usage: .venv/bin/python bench/times_speed.py [N]
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

from veille.times import tag_times

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "euronews-syrie-2016-09-08.txt"
EN = ("The ministers met on Tuesday, September 6, 2016 and will meet again next week at 3 p.m. "
      "Two years ago the talks failed; a 48-hour truce was agreed yesterday and talks resume every "
      "Monday. The company said its profits rose 12 percent in the third quarter of last year. ")


def five_hundred_words(text: str) -> str:
    """The first 500 words of ``text`` repeated as needed."""
    words = text.split()
    while len(words) < 500:
        words += words
    return " ".join(words[:500])


def main() -> None:
    """Time ``tag_times`` over N documents per language and print docs/s."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    docs = {"fr": five_hundred_words(EXAMPLE.read_text(encoding="utf-8")), "en": five_hundred_words(EN)}
    for lang, text in docs.items():
        tag_times(text, "2016-09-08", lang)  # compile the patterns outside the timing
        t0 = time.perf_counter()
        found = 0
        for i in range(n):
            found += len(tag_times(text + " " * (i % 3), "2016-09-08", lang))
        dt = time.perf_counter() - t0
        print(f"{lang}: {n / dt:,.0f} docs/s on 500-word texts ({found / n:.0f} times per doc), one core")
        # veille runs one worker process per core: the stage's throughput on this machine.
        jobs = os.cpu_count() or 1
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.starmap(tag_times, [(text, "2016-09-08", lang)] * jobs)  # warm each worker
            t0 = time.perf_counter()
            pool.starmap(tag_times, [(text + " " * (i % 3), "2016-09-08", lang) for i in range(n)], chunksize=50)
            dt = time.perf_counter() - t0
        print(f"{lang}: {n / dt:,.0f} docs/s with {jobs} worker processes")


if __name__ == "__main__":
    main()
