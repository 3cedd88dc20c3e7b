"""Reliability of the events' confidence on the PLOVER gold sentences: for each confidence bin, how
many sentences' most confident event has the gold PLOVER type. A calibrated score has accuracy close
to the bin's mean confidence. Usage: python bench/events_reliability.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from veille_extract import extract_records

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    sys.path.insert(0, str(a.shared / "bench"))
    import score_gsr  # the official loader: same sentences and gold types as the scorer

    docs, lang = score_gsr.load("plover")
    results = extract_records([{"id": d["id"], "text": d["text"], "lang": lang} for d in docs])
    bins: dict[int, list[tuple[float, bool]]] = {}
    for d in docs:
        events = results.get(d["id"], {}).get("events") or []
        if not events:
            continue
        best = max(events, key=lambda e: e["confidence"])
        b = min(9, int(best["confidence"] * 10))
        bins.setdefault(b, []).append((best["confidence"], best["type"] == d["type"]))
    rows, gap, total = [], 0.0, 0
    for b in sorted(bins):
        items = bins[b]
        conf = sum(c for c, _ in items) / len(items)
        acc = sum(ok for _, ok in items) / len(items)
        gap += abs(conf - acc) * len(items)
        total += len(items)
        rows.append(f"{b / 10:.1f}-{(b + 1) / 10:.1f}: n={len(items)} conf {conf:.2f} right {acc:.2f}")
    print("; ".join(rows) + f" | expected calibration error {gap / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
