"""Penta-class event coding on ConfliBERT's CAMEO sentences (``../shared/benchmarks/conflibert-cameo``).

Each test sentence is one document (``--no-extract``, English); the sentence's prediction is the CAMEO
root of its most confident event, grouped the way event-data users aggregate CAMEO ("quad classes"
plus the neutral statements ConfliBERT keeps as class 0): 0 neutral (roots 01-02, or no event),
1 verbal cooperation (03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material
conflict (14-20). No published score exists for this set (see its SOURCE.md); reported, no target.

    python bench/events_quad.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from veille_extract import extract_records

ROOT = Path(__file__).resolve().parent.parent


def penta_class(cameo_root: str | None) -> int:
    """The penta class of a CAMEO root code ("18" → 4)."""
    if not cameo_root or not cameo_root[:2].isdigit():
        return 0
    root = int(cameo_root[:2])
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    rows = []
    for line in (a.shared / "benchmarks" / "conflibert-cameo" / "cameo_class_test.tsv").read_text("utf-8").splitlines():
        text, _, label = line.rstrip("\r").rpartition("\t")
        if text and label.strip().isdigit():
            rows.append((text, int(label)))
    results = extract_records([{"id": f"s{i}", "text": text, "lang": "en"} for i, (text, _) in enumerate(rows)])
    predicted = []
    for i in range(len(rows)):
        events = results.get(f"s{i}", {}).get("events") or []
        best = max(events, key=lambda e: e["confidence"]) if events else None
        predicted.append(penta_class(best["cameo"]) if best else 0)
    gold = [label for _, label in rows]
    f1s = []
    for k in range(5):
        tp = sum(p == k and g == k for p, g in zip(predicted, gold, strict=True))
        fp = sum(p == k and g != k for p, g in zip(predicted, gold, strict=True))
        fn = sum(p != k and g == k for p, g in zip(predicted, gold, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    accuracy = sum(p == g for p, g in zip(predicted, gold, strict=True)) / max(len(gold), 1)
    per_class = " ".join(f"{k}:{f:.2f}" for k, f in enumerate(f1s))
    print(f"{len(gold)} sentences: accuracy {accuracy:.3f} macro-F1 {sum(f1s) / 5:.3f} (per class {per_class})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
