#!/usr/bin/env python3
"""Tune and evaluate story assignment on ECB+ (BCubed F1 of `story` against gold subtopics).

Usage (from the repository root):
    .venv/bin/python bench/store_eval.py            # dev grid, then the test figure with the defaults
    .venv/bin/python bench/store_eval.py --no-grid  # dev and test with the defaults only

Tuning uses the dev split only; the test figure comes from ../shared/bench/score_store.py, which runs
the real CLI (`veille ingest` twice, `veille docs`, every export) on the test split.
Documents go through the real pipeline once and are then stored, in input order, into a fresh
SQLite file per setting, so every setting sees the same online arrival order as `veille ingest`.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from veille.model import Document  # noqa: E402
from veille.readers import InputOptions  # noqa: E402
from veille.runner import process_paths  # noqa: E402
from veille.store import Store  # noqa: E402
from veille.store.ingest import ingest_documents  # noqa: E402
from veille.store.stories import StoryParams  # noqa: E402

ECB = ROOT.parent / "shared" / "benchmarks" / "ecbplus" / "ecbplus_documents.jsonl.gz"
SCORER = ROOT.parent / "shared" / "bench" / "score_store.py"


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (same definition as score_store.py)."""
    n = len(pred)
    p = r = 0.0
    for i in range(n):
        sp = {j for j in range(n) if pred[j] == pred[i]}
        sg = {j for j in range(n) if gold[j] == gold[i]}
        inter = len(sp & sg)
        p += inter / len(sp)
        r += inter / len(sg)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def load_split(split: str, folder: Path) -> tuple[list[Document], list[str]]:
    """The split's documents as score_store.py feeds them (JSONL, English, URL sentence dropped), processed."""
    with gzip.open(ECB, "rt") as f:
        rows = [r for r in map(json.loads, f) if r["split"] == split]
    src = folder / f"ecb-{split}.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for r in rows:
            sents = r["sentences"][1:] if "plus" in r["doc_id"] else r["sentences"]
            text = "\n".join(" ".join(s) for s in sents if s)
            f.write(json.dumps({"id": r["doc_id"], "text": text, "lang": "en"}) + "\n")
    docs = list(process_paths([str(src)], InputOptions(), jobs=1))
    return docs, [r["subtopic"] for r in rows]


def score(docs: list[Document], gold: list[str], params: StoryParams, folder: Path,
          ) -> tuple[float, float, float, float]:
    """B3 P, R, F1 of stories with ``params``, and the store's seconds per document."""
    db = Path(tempfile.mkdtemp(dir=folder)) / "store.db"
    with Store(db, story_params=params) as store:
        summary = ingest_documents(store, docs)
        story = {d["id"]: d["story"] for d in store.documents()}
    pred = [story.get(d.id or "", f"missing-{i}") for i, d in enumerate(docs)]
    return (*bcubed(pred, gold), summary.store_seconds / max(1, len(docs)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-grid", action="store_true", help="Score the defaults only.")
    ap.add_argument("--no-test", action="store_true", help="Skip the test figure.")
    a = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="veille-store-eval-"))
    docs, gold = load_split("dev", folder)
    base = StoryParams()
    p, r, f, sec = score(docs, gold, base, folder)
    print(f"dev defaults {base}: B3 P {p:.3f} R {r:.3f} F1 {f:.3f} ({1000 * sec:.1f} ms/doc in the store)")
    if not a.no_grid:
        results = []
        results = []
        grid = itertools.product((0.14, 0.16, 0.18), (None, 0.20, 0.22, 0.24), (0.5, 0.6, 0.7))
        for threshold, merge, word_weight in grid:
            params = replace(base, threshold=threshold, merge_threshold=merge, word_weight=word_weight)
            p, r, f, _ = score(docs, gold, params, folder)
            results.append((f, p, r, threshold, merge or 0.0, word_weight))
            print(f"  threshold {threshold:.2f} merge_threshold {merge} word_weight {word_weight:.1f}: "
                  f"P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
        best = max(results)
        print(f"dev best: F1 {best[0]:.3f} at threshold {best[3]:.2f}, merge_threshold {best[4]:.2f}, "
              f"word_weight {best[5]:.1f}")
    if not a.no_test:
        started = time.perf_counter()
        out = subprocess.run([sys.executable, str(SCORER), "--split", "test"], cwd=ROOT,
                             capture_output=True, text=True)
        print(out.stdout.strip(), f"({time.perf_counter() - started:.0f} s)")
        if out.returncode != 0:
            print(out.stderr[-500:], file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
